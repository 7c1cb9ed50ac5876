"""The review queue: questions the bot could not answer well, grouped so near-duplicates
form one line. Pure: rows in, groups out.

A question's *key* is the sorted set of its content stems, so word order, case, accents
and plural do not matter; keys whose rapidfuzz token-set ratio reaches ``SIMILAR`` join
the same group, most frequent first. A group's id is a short hash of its most frequent
key; staff decisions are stored per key, so they survive new questions joining a group.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from bot.text import stems

SIMILAR = 80  # token-set ratio from which two keys are one group
STATUSES = ("new", "added", "dismissed")
LOW_CONFIDENCE = 0.5  # answered, but with a decision margin under this: worth a look


# Characters that act on a terminal or break a line of YAML: C0/C1 controls (ESC starts
# the sequences that retitle a window or plant a hyperlink), line and paragraph
# separators, and the bidirectional overrides that reorder what staff read.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """User text safe to print for staff: each control character becomes ``�``."""
    return _UNSAFE.sub("\ufffd", text)


@functools.lru_cache(maxsize=65_536)  # questions repeat: stem each wording once
def key_of(question: str) -> str:
    """The grouping key: sorted unique content stems (``''`` for a question of none)."""
    return " ".join(sorted(set(stems(question))))


def group_id(key: str) -> str:
    """A short stable id for a group, from its main key."""
    return hashlib.sha1(key.encode()).hexdigest()[:8]


@dataclass
class Group:
    """Near-duplicate questions, with what staff need to act on them."""

    id: str
    keys: list[str]
    count: int = 0
    first: str = ""
    last: str = ""
    langs: Counter[str] = field(default_factory=Counter)
    examples: Counter[tuple[str, str]] = field(default_factory=Counter)  # (text, lang)
    entries: Counter[str] = field(default_factory=Counter)
    best_score: float = 0.0
    reasons: Counter[str] = field(default_factory=Counter)
    status: str = "new"
    status_entry: str | None = None

    @property
    def example(self) -> str:
        """The most frequent wording."""
        return self.examples.most_common(1)[0][0][0] if self.examples else ""

    @property
    def closest(self) -> str | None:
        """The entry the matcher found closest most often."""
        return self.entries.most_common(1)[0][0] if self.entries else None


def reason(row: Mapping[str, Any]) -> str | None:
    """Why a logged question needs review, or None."""
    if row.get("feedback") == -1:
        return "thumbs-down"
    if row.get("outcome") in ("unanswered", "suggested"):
        return str(row["outcome"])
    confidence = row.get("confidence")
    if row.get("outcome") == "answered" and confidence is not None and confidence < LOW_CONFIDENCE:
        return "low-confidence"
    return None


def build_groups(
    rows: Iterable[Mapping[str, Any]], marks: Mapping[str, tuple[str, str | None, str]]
) -> list[Group]:
    """Group the rows that need review; ``marks`` maps a key to (status, entry, time)."""
    by_key: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        if row.get("via") == "button" or reason(row) is None:
            continue
        by_key.setdefault(key_of(str(row.get("question") or "")), []).append(row)
    groups: list[Group] = []
    for key in sorted(by_key, key=lambda k: (-len(by_key[k]), k)):
        home = next(
            (g for g in groups if key and fuzz.token_set_ratio(key, g.keys[0]) >= SIMILAR),
            None,
        )
        if home is None:
            home = Group(group_id(key), [])
            groups.append(home)
        home.keys.append(key)
        for row in by_key[key]:
            _add(home, row)
    for g in groups:
        marked = [marks[k] for k in g.keys if k in marks]
        if marked:
            status, entry, _ = max(marked, key=lambda m: m[2])
            g.status, g.status_entry = status, entry
    groups.sort(key=lambda g: (-g.count, g.last))
    return groups


def _add(group: Group, row: Mapping[str, Any]) -> None:
    ts = str(row.get("ts") or "")
    group.count += 1
    group.first = min(group.first, ts) if group.first else ts
    group.last = max(group.last, ts)
    lang = str(row.get("lang") or "fr")
    group.langs[lang] += 1
    group.examples[(str(row.get("question") or ""), lang)] += 1
    if row.get("entry_id"):
        group.entries[str(row["entry_id"])] += 1
        group.best_score = max(group.best_score, float(row.get("score") or 0.0))
    group.reasons[reason(row) or "?"] += 1


def suggestion_yaml(group: Group, today: dt.date, entry_file: str | None = None) -> str:
    """Ready-to-paste YAML: new phrasings for the closest entry, or a new entry's skeleton."""
    phrasings: dict[str, list[str]] = {"fr": [], "en": []}
    for (text, lang), _ in group.examples.most_common(8):
        phrasings["en" if lang == "en" else "fr"].append(text)
    header = f"# group {group.id}: {group.count} question(s), {', '.join(sorted(group.langs))}"
    if (
        group.reasons.get("thumbs-down")
        or group.reasons.get("low-confidence")
        or (group.closest and group.reasons.get("suggested"))
    ):
        where = f" in {entry_file}" if entry_file else ""
        lines = [header, f"# add to entry {group.closest}{where}, under questions:"]
        for lang, items in phrasings.items():
            if items:
                lines.append(f"{lang}:")
                lines += [f"  - {_quote(t)}" for t in items]
        return "\n".join(lines)
    lines = [
        header,
        "# a new entry: write its answer from the fact sheet only, and cite its sources",
        f"- id: new-{group.id}",
        "  category: TODO",
        "  questions:",
    ]
    for lang in ("fr", "en"):
        items = phrasings[lang] or ["TODO"]
        lines.append(f"    {lang}:")
        lines += [f"      - {_quote(t)}" for t in items]
    lines += [
        "  answer:",
        "    fr: TODO",
        "    en: TODO",
        "  sources: []",
        "  related: []",
        f"  reviewed: {today.isoformat()}",
    ]
    return "\n".join(lines)


def _quote(text: str) -> str:
    clean = " ".join(_UNSAFE.sub(" ", text).split())  # a phrasing has no control characters
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_groups(groups: Sequence[Group]) -> str:
    """One line per group, for a terminal."""
    lines = []
    for g in groups:
        langs = "/".join(sorted(g.langs))
        closest = f"{g.closest} {g.best_score:.2f}" if g.closest else "-"
        status = g.status + (f" ({g.status_entry})" if g.status_entry else "")
        lines.append(
            f"{g.id}  {g.count:>4}×  {g.first[:10]}..{g.last[:10]}  {langs:<5}  "
            f"closest: {closest:<28}  {status:<10}  {printable(g.example)}"
        )
    return "\n".join(lines)
