"""Evaluation of whole conversations (``faqbot eval`` on a file of ``kind:`` items).

Kinds: ``dialogue`` (turns read in order, each with the context the previous answers left,
as a chat would), ``multi`` (several questions in one message: ``expect_all``), ``long``
(a long message whose question may stand anywhere), ``smalltalk`` (small talk and a
question) and ``near`` (near-domain messages the bot must decline).

A turn is right when one of the reply's answered parts is an expected entry (null: no part
is answered from the FAQ; a suggestion is not an answer); a ``multi`` message when every
expected item is answered. Pure: the engine and the date are passed in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.dialogue import Context, Part, Reading, read, remembered
from bot.engine import Engine
from bot.evaluate import load_items
from bot.kb import Lang
from bot.yamlines import LineDict, LineList

KINDS = ("dialogue", "multi", "long", "smalltalk", "near")
Expect = tuple[tuple[str, ...], ...]  # all of these items; each item: any of these ids


@dataclass(frozen=True)
class Turn:
    """One message to send, and what must be answered."""

    question: str
    expect: Expect  # empty: decline
    line: int


@dataclass(frozen=True)
class ConvCase:
    """One item of the file: a dialogue, or a single message of another kind."""

    kind: str
    lang: Lang | None
    turns: tuple[Turn, ...]
    line: int


@dataclass
class ConvResult:
    """Right / total per kind, and for the follow-up turns of dialogues."""

    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[ConvCase, Turn, Reading]] = field(default_factory=list)

    def add(self, key: str, ok: bool) -> None:
        """Count one turn under ``key``."""
        self.total[key] += 1
        self.right[key] += ok

    def pct(self, key: str) -> float:
        """Percentage right under ``key`` (0 when there is none)."""
        return round(100 * self.right[key] / self.total[key], 1) if self.total[key] else 0.0

    def summary(self) -> dict[str, Any]:
        """The figures as a JSON-able mapping."""
        keys = ["dialogue_turns", "follow_up_turns", "multi", "long", "smalltalk", "near"]
        out: dict[str, Any] = {}
        for key in keys:
            out[key] = self.total[key]
            out[f"{key}_pct"] = self.pct(key)
        out["failures"] = len(self.failures)
        return out


def _expect(value: Any, path: str, line: int, *, every: bool) -> Expect:
    if value is None:
        return ()
    if isinstance(value, str):
        return ((value,),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and not every:
        return (tuple(value),)
    if isinstance(value, list) and every:
        items: list[tuple[str, ...]] = []
        for v in value:
            if isinstance(v, str):
                items.append((v,))
            elif isinstance(v, list) and v and all(isinstance(x, str) for x in v):
                items.append(tuple(v))
            else:
                raise ValueError(f"{path}:{line}: expect_all items are ids or lists of ids")
        return tuple(items)
    raise ValueError(f"{path}:{line}: expect: an id, a list of ids, or null")


def parse_conversations(text: str, path: str = "<eval>") -> list[ConvCase]:
    """Read a conversation evaluation file; ValueError with ``path:line`` when malformed."""
    items = load_items(text, path, "items with a kind")
    cases = []
    for i, item in enumerate(items):
        line = items.line_of(i)
        if not isinstance(item, LineDict) or item.get("kind") not in KINDS:
            raise ValueError(f"{path}:{line}: kind: one of {', '.join(KINDS)}")
        lang = item.get("lang")
        if lang not in (None, "fr", "en"):
            raise ValueError(f"{path}:{line}: lang: fr or en")
        if item["kind"] == "dialogue":
            raw = item.get("turns")
            if not isinstance(raw, LineList) or not raw:
                raise ValueError(f"{path}:{line}: a dialogue needs turns")
            turns = []
            for j, t in enumerate(raw):
                tline = raw.line_of(j)
                if not isinstance(t, LineDict) or not isinstance(t.get("q"), str):
                    raise ValueError(f"{path}:{tline}: each turn needs q")
                turns.append(
                    Turn(t["q"], _expect(t.get("expect"), path, tline, every=False), tline)
                )
        else:
            if not isinstance(item.get("q"), str):
                raise ValueError(f"{path}:{line}: q: the message")
            every = "expect_all" in item
            value = item.get("expect_all") if every else item.get("expect")
            turns = [Turn(item["q"], _expect(value, path, line, every=every), line)]
        cases.append(ConvCase(item["kind"], lang, tuple(turns), line))
    return cases


def right(turn: Turn, reading: Reading) -> bool:
    """True when every expected item is answered (or, for a decline, nothing is)."""
    answered = {
        p.reply.entry_id
        for p in reading.parts
        if p.reply.answered and p.reply.entry_id is not None  # small talk included
    }
    if not turn.expect:
        return not any(p.reply.outcome == "answered" for p in reading.parts)
    return all(answered & set(ids) for ids in turn.expect)


def evaluate_conversations(
    engine: Engine,
    cases: Sequence[ConvCase],
    today: dt.date,
    now: dt.datetime | None = None,
    *,
    alone: bool = False,
) -> ConvResult:
    """Send every message, dialogues turn by turn with their context, and count.

    ``alone``: every message to the engine on its own, as one question with no context
    (the bot before the conversation layer), to measure what the layer brings.
    """
    now = now or dt.datetime.now(dt.UTC)
    result = ConvResult()
    for case in cases:
        context: Context | None = None
        for index, turn in enumerate(case.turns):
            if alone:
                reply = engine.ask(turn.question, today)
                reading = Reading(reply.lang, (Part(turn.question, reply),))
            else:
                reading = read(engine, turn.question, today, context=context)
            ok = right(turn, reading)
            if case.kind == "dialogue":
                result.add("dialogue_turns", ok)
                if index > 0:
                    result.add("follow_up_turns", ok)
            else:
                result.add(case.kind, ok)
            if not ok:
                result.failures.append((case, turn, reading))
            context = remembered(reading, context, now) or context
    return result


def is_conversation_file(text: str) -> bool:
    """True when an evaluation file holds ``kind:`` items (this module's format)."""
    return any(line.lstrip("- ").startswith("kind:") for line in text.splitlines()[:60])
