"""Scoring redaction on a labelled set: recall per kind and what was removed for nothing.

Pure. A set is a list of ``{text, kind, pii}`` items, ``pii`` being the exact substrings of
``text`` that must be removed (empty for a message with no personal data). A piece of
personal data counts as redacted when every letter and digit of every occurrence of it is
inside what :func:`bot.redact.find` removes: a phone number with its last two digits left
counts as a leak.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.redact import Span, find

NAME_KINDS = ("name", "address", "adresse", "nom", "person", "postal")


@dataclass(frozen=True)
class Item:
    """One labelled message."""

    text: str
    kind: str
    pii: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        """Read one ``{text, kind, pii}`` entry; ValueError if a ``pii`` is not in ``text``."""
        text, kind, pii = str(data["text"]), str(data.get("kind", "")), data.get("pii") or []
        missing = [p for p in pii if str(p) not in text]
        if missing:
            raise ValueError(f"pii not found in its text: {missing!r} in {text!r}")
        return cls(text, kind, tuple(str(p) for p in pii))

    @property
    def group(self) -> str:
        """``structured``, ``names`` (names and postal addresses) or ``none``."""
        if not self.pii:
            return "none"
        kind = self.kind.lower()
        return "names" if any(k in kind for k in NAME_KINDS) else "structured"


@dataclass
class Result:
    """How one item fared."""

    item: Item
    spans: list[Span]
    leaked: list[str] = field(default_factory=list)  # pii left (even partly) in the text
    extra: list[str] = field(default_factory=list)  # removed text that was not pii

    @property
    def intact(self) -> bool:
        """Nothing removed outside the item's personal data."""
        return not self.extra


def _occurrences(text: str, part: str) -> Iterable[tuple[int, int]]:
    start = text.find(part)
    while start >= 0:
        yield start, start + len(part)
        start = text.find(part, start + 1)


def score(item: Item, finder: Callable[[str], list[Span]] = find) -> Result:
    """Compare what ``finder`` removes from ``item.text`` with ``item.pii``."""
    spans = finder(item.text)
    removed = [False] * len(item.text)
    for span in spans:
        for i in range(span.start, min(span.end, len(item.text))):
            removed[i] = True
    result = Result(item, spans)
    expected = [False] * len(item.text)
    for part in item.pii:
        for a, b in _occurrences(item.text, part):
            for i in range(a, b):
                expected[i] = True
            if not all(removed[i] for i in range(a, b) if item.text[i].isalnum()):
                result.leaked.append(part)
                break
    for span in spans:
        chars = range(span.start, min(span.end, len(item.text)))
        if not any(expected[i] for i in chars if item.text[i].isalnum()):
            result.extra.append(item.text[span.start : span.end])
    return result


@dataclass
class Report:
    """Figures over a whole set."""

    results: list[Result]

    def recall(self, group: str | None = None, kind: str | None = None) -> tuple[int, int]:
        """(redacted, total) pieces of personal data, over a group or a kind."""
        done = total = 0
        for r in self.results:
            if (group and r.item.group != group) or (kind and r.item.kind != kind):
                continue
            total += len(r.item.pii)
            done += len(r.item.pii) - len(r.leaked)
        return done, total

    def kept_intact(self) -> tuple[int, int]:
        """(intact, total) messages with no personal data."""
        clean = [r for r in self.results if r.item.group == "none"]
        return sum(r.intact for r in clean), len(clean)

    def kinds(self) -> list[str]:
        """The kinds of the set, in order of first appearance."""
        return list(dict.fromkeys(r.item.kind for r in self.results))

    def false_positives(self) -> list[tuple[str, str]]:
        """(text removed for nothing, its message) over every message."""
        return [(e, r.item.text) for r in self.results for e in r.extra]


def evaluate(items: Iterable[Item], finder: Callable[[str], list[Span]] = find) -> Report:
    """Score every item."""
    return Report([score(item, finder) for item in items])


def pct(pair: tuple[int, int]) -> str:
    """``"97.1 % (34/35)"``."""
    done, total = pair
    return f"{100 * done / total:.1f} % ({done}/{total})" if total else "n/a"
