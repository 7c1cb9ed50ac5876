"""Replay: the logged (redacted) questions of a period run through another FAQ version,
compared with what was answered at the time. How staff see a draft's effect before it
goes live.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bot.analytics import Filters
from bot.engine import Engine, Reply
from bot.kb import Lang
from bot.store import QUESTIONS

ANSWERED = ("answered", "smalltalk")
KINDS = ("newly_answered", "no_longer_answered", "other_entry")


@dataclass(frozen=True)
class Change:
    """One distinct question whose fate changed, with how often it was asked."""

    question: str
    lang: str
    count: int
    before_outcome: str
    before_entry: str | None
    after_outcome: str
    after_entry: str | None

    def to_json(self) -> dict[str, Any]:
        """A JSON object of the change."""
        return dict(self.__dict__)


@dataclass
class ReplayResult:
    """Questions replayed, and the changes by kind (each list most asked first)."""

    questions: int = 0
    distinct: int = 0
    unchanged: int = 0
    with_context: int = 0  # follow-ups read with their conversation's context: not replayed
    changes: dict[str, list[Change]] = field(default_factory=lambda: {k: [] for k in KINDS})

    def count(self, kind: str) -> int:
        """How many logged questions (not distinct ones) changed this way."""
        return sum(c.count for c in self.changes[kind])

    def to_json(self, examples: int = 5) -> dict[str, Any]:
        """Counts and the first ``examples`` changes of each kind."""
        return {
            "questions": self.questions,
            "distinct": self.distinct,
            "unchanged": self.unchanged,
            "with_context": self.with_context,
            **{
                kind: {
                    "count": self.count(kind),
                    "examples": [c.to_json() for c in self.changes[kind][:examples]],
                }
                for kind in KINDS
            },
        }


def logged_questions(db: sqlite_utils.Database, filters: Filters) -> Iterator[dict[str, Any]]:
    """The typed questions of the period (button clicks are not questions), oldest first."""
    where, params = filters.where()
    cursor = db.execute(
        f"SELECT lang, question, outcome, entry_id, context FROM {QUESTIONS} "
        f"WHERE {where} AND via IS NOT 'button' AND question IS NOT NULL ORDER BY id",
        params,
    )
    for lang, question, outcome, entry_id, context in cursor:
        yield {
            "lang": lang,
            "question": question,
            "outcome": outcome,
            "entry_id": entry_id,
            "context": bool(context),
        }


def run_replay(rows: Iterable[Mapping[str, Any]], engine: Engine, today: dt.date) -> ReplayResult:
    """Answer every distinct (question, language, past verdict) once with ``engine``.

    A follow-up that was read with its conversation's context ("and in English?") means
    something else alone: it is counted apart, not replayed."""
    seen: dict[tuple[str, str, str, str | None], int] = {}
    result = ReplayResult()
    for row in rows:
        if row.get("context"):
            result.with_context += 1
            continue
        key = (str(row["question"]), str(row["lang"] or "fr"), str(row["outcome"]), row["entry_id"])
        seen[key] = seen.get(key, 0) + 1
        result.questions += 1
    result.distinct = len(seen)
    replies: dict[tuple[str, str], Reply] = {}  # one answer per wording and language
    for (question, lang, outcome, entry), count in seen.items():
        forced: Lang = "en" if lang == "en" else "fr"
        reply = replies.get((question, forced))
        if reply is None:
            reply = replies[question, forced] = engine.ask(question, today, forced)
        kind = _kind(outcome, entry, reply.outcome, reply.entry_id)
        if kind is None:
            result.unchanged += count
            continue
        result.changes[kind].append(
            Change(question, lang, count, outcome, entry, reply.outcome, reply.entry_id)
        )
    for changes in result.changes.values():
        changes.sort(key=lambda c: (-c.count, c.question))
    return result


def _kind(before: str, before_entry: str | None, after: str, after_entry: str | None) -> str | None:
    was, now = before in ANSWERED, after in ANSWERED
    if now and not was:
        return "newly_answered"
    if was and not now:
        return "no_longer_answered"
    if was and now and before_entry != after_entry:
        return "other_entry"
    return None


LABELS = {
    "newly_answered": "Newly answered",
    "no_longer_answered": "No longer answered",
    "other_entry": "Answered by another entry",
}


def format_result(result: ReplayResult, examples: int, folder: str) -> str:
    """The comparison as text for a terminal."""
    lines = [
        f"Replayed {result.questions} question(s) ({result.distinct} distinct) on {folder}:",
        f"  unchanged: {result.unchanged}",
    ]
    if result.with_context:
        lines.append(f"  not replayed (follow-ups read with their context): {result.with_context}")
    for kind in KINDS:
        lines.append(f"  {LABELS[kind].lower()}: {result.count(kind)}")
    for kind in KINDS:
        if result.changes[kind]:
            lines.append(f"\n{LABELS[kind]}:")
            for c in result.changes[kind][:examples]:
                before = f"{c.before_outcome} {c.before_entry or '-'}"
                after = f"{c.after_outcome} {c.after_entry or '-'}"
                lines.append(f"  {c.count:>4}× [{c.lang}] {c.question}  ({before} -> {after})")
    return "\n".join(lines)
