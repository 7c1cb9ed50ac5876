"""Evaluation of the matcher on a file of labelled questions (``faqbot eval``).

The file is a YAML list of ``{question, expect, lang?, near?}``: ``expect`` is the id of
the entry that should answer (or a list of acceptable ids), or null when the bot must
decline; ``near: true`` marks near-domain out-of-scope questions.
In scope, a question counts as right only when its first answer is an expected entry
(a suggestion is not an answer). Out of scope, it counts as right when it is not answered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.dialogue import Reading, read
from bot.engine import Engine, Reply
from bot.yamlines import LineDict, LineList, YAMLProblem, load


@dataclass(frozen=True)
class Case:
    """One labelled question."""

    question: str
    expect: tuple[str, ...]  # empty: out of scope
    lang: str | None = None
    near: bool = False
    line: int = 0


@dataclass
class Result:
    """Figures of one evaluation run."""

    in_scope: int = 0
    in_scope_right: int = 0
    in_scope_suggested: int = 0  # right entry among suggestions, not answered
    out_scope: int = 0
    out_scope_rejected: int = 0
    near: int = 0
    near_rejected: int = 0
    lang_checked: int = 0
    lang_right: int = 0
    failures: list[tuple[Case, Reply]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """In-scope top-1 accuracy: answered with an expected entry."""
        return self.in_scope_right / self.in_scope if self.in_scope else 0.0

    @property
    def rejection(self) -> float:
        """Out-of-scope rejection: not answered."""
        return self.out_scope_rejected / self.out_scope if self.out_scope else 0.0

    def summary(self) -> dict[str, Any]:
        """The figures as a JSON-able mapping."""

        def pct(a: int, b: int) -> float:
            return round(100 * a / b, 1) if b else 0.0

        return {
            "in_scope": self.in_scope,
            "in_scope_top1_pct": pct(self.in_scope_right, self.in_scope),
            "in_scope_suggested_pct": pct(self.in_scope_suggested, self.in_scope),
            "out_of_scope": self.out_scope,
            "out_of_scope_rejection_pct": pct(self.out_scope_rejected, self.out_scope),
            "near_domain": self.near,
            "near_domain_rejection_pct": pct(self.near_rejected, self.near),
            "language_pct": pct(self.lang_right, self.lang_checked),
            "failures": len(self.failures),
        }


def load_items(text: str, path: str, what: str) -> LineList:
    """The YAML list of an evaluation file; ValueError with ``path:line`` if it is not one."""
    try:
        items = load(text)
    except YAMLProblem as e:
        raise ValueError(f"{path}:{e.line}: {e.message}") from None
    if not isinstance(items, LineList):
        raise ValueError(f"{path}:1: expected a list of {what}")
    return items


def parse_cases(text: str, path: str = "<eval>") -> list[Case]:
    """Read an evaluation file; raise ValueError with ``path:line`` on a malformed item."""
    items = load_items(text, path, "{question, expect} items")
    cases = []
    for i, item in enumerate(items):
        line = items.line_of(i)
        if not isinstance(item, LineDict) or not isinstance(item.get("question"), str):
            raise ValueError(f"{path}:{line}: each item needs a question")
        expect = item.get("expect")
        ids = (expect,) if isinstance(expect, str) else tuple(expect or ())
        cases.append(Case(item["question"], ids, item.get("lang"), bool(item.get("near")), line))
    return cases


def _first_answer(reading: Reading) -> Reply:
    """The reply a message gets, read as the bot reads it (small talk aside): its first
    answered part, else its first part."""
    answered = [p.reply for p in reading.parts if p.reply.answered]
    return answered[0] if answered else reading.parts[0].reply


def evaluate(engine: Engine, cases: Sequence[Case], today: dt.date) -> Result:
    """Ask every case as a first message, read as the bot reads it (``dialogue.read``:
    small talk apart, several questions), and count what went right."""
    result = Result()
    for case in cases:
        reply = _first_answer(read(engine, case.question, today))
        if case.lang in ("fr", "en"):
            result.lang_checked += 1
            result.lang_right += reply.lang == case.lang
        if case.expect:
            result.in_scope += 1
            ok = reply.answered and reply.entry_id in case.expect
            result.in_scope_right += ok
            if not ok and any(s.entry_id in case.expect for s in reply.suggestions):
                result.in_scope_suggested += 1
        else:
            result.out_scope += 1
            result.near += case.near
            ok = not reply.answered
            result.out_scope_rejected += ok
            result.near_rejected += ok and case.near
        if not ok:
            result.failures.append((case, reply))
    return result
