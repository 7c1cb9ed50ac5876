"""Fit the follow-up reader (bot.dialogue.FOLLOW_WEIGHTS) on conversation files; check it
on others, and cross-check by fitting on each file alone.

    .venv/bin/python benchmarks/tune_followups.py tests/eval/conversations.yaml \\
        --check tests/eval/conversations-heldout.yaml

Every dialogue turn sent after an answer is read as the bot reads it, after the previous
turn's expected answer; the reader's candidates and their features are recorded
(bot.dialogue.follow_features), labelled by the turn's expected entries (or "decline"
when none is expected). The model is a conditional logit: the probability of a candidate
is the softmax of w·features over the turn's candidates, fitted to put the mass on the
expected ones (L2-regularised, on standardised features). It prints the
weights to paste into bot/dialogue.py, then the figures of ``faqbot eval`` with the old and
the new weights on every file (held-out files: look, never fit on them).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot import dialogue
from bot.conveval import ConvCase, evaluate_conversations, parse_conversations
from bot.encoder import SentenceEncoder
from bot.engine import Engine
from bot.matcher import Match
from bot.service import load_kb

TODAY = dt.date(2026, 11, 30)


@dataclass
class Row:
    features: np.ndarray  # one row per candidate
    right: np.ndarray  # 1.0 for an expected candidate


def record(engine: Engine, cases: Sequence[ConvCase]) -> list[Row]:
    """The reader's candidates on every follow-up turn of ``cases``, with their labels.

    The context of a turn is the previous turn's expected entry and question (as if the
    bot had answered it right), so what is recorded does not depend on the weights.
    """
    rows: list[Row] = []
    calls: list[Row] = []
    expected: set[str] = set()
    real = dialogue.follow

    def spy(
        own: Match,
        joined: Match,
        segment: str,
        after: dialogue.Followed,
        weights: Sequence[float] | None = None,
        *,
        acknowledged: bool = False,
        correcting: bool = False,
    ) -> Match:
        if own.scores is not None and joined.scores is not None and joined.decision != "decline":
            found, x = dialogue.follow_features(
                own, joined, segment, after, acknowledged=acknowledged
            )
            y = np.array(
                [
                    not expected if e == dialogue.DECLINE else after.entry_ids[e] in expected
                    for e in found
                ],
                dtype=np.float64,
            )
            if not dialogue.courtesy(segment):  # "ok." before the question is not fitted
                calls.append(Row(np.array(x), y))
        return real(
            own, joined, segment, after, weights, acknowledged=acknowledged, correcting=correcting
        )

    now = dt.datetime.now(dt.UTC)
    dialogue.follow = spy  # type: ignore[assignment]
    try:
        for case in cases:
            if case.kind != "dialogue":
                continue
            for before, turn in zip(case.turns, case.turns[1:], strict=False):
                if not before.expect:
                    continue  # no context after a decline
                said = [p for p in dialogue.parts(before.question) if p.strip()]
                context = dialogue.Context(before.expect[0][0], said[-1], case.lang or "fr", now)
                expected.clear()
                expected.update(i for ids in turn.expect for i in ids)
                calls.clear()
                dialogue.read(engine, turn.question, TODAY, context=context)
                if len(calls) == 1:  # one question in the message
                    rows += calls
    finally:
        dialogue.follow = real  # type: ignore[assignment]
    return rows


def fit(rows: list[Row], l2: float = 0.01, steps: int = 3000, rate: float = 0.3) -> np.ndarray:
    """Conditional logit by gradient descent; weights on the raw features.

    The turns are padded to the same number of candidates (masked out of the softmax), so
    that every step is a few array operations over all turns at once.
    """
    rows = [r for r in rows if r.right.any()]
    width = max(len(r.right) for r in rows)
    n, k = len(rows), rows[0].features.shape[1]
    x = np.zeros((n, width, k))
    right = np.zeros((n, width))
    real = np.zeros((n, width), dtype=bool)
    for i, r in enumerate(rows):
        x[i, : len(r.right)] = r.features
        right[i, : len(r.right)] = r.right
        real[i, : len(r.right)] = True
    scale = x[real].std(axis=0) + 1e-9
    x /= scale
    w = np.zeros(k)
    for _ in range(steps):
        s = np.where(real, x @ w, -np.inf)
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        q = p * right
        q /= q.sum(axis=1, keepdims=True)
        gradient = np.einsum("nc,nck->k", p - q, x)
        w -= rate * (gradient / n + l2 * w)
    return w / scale


def figures(engine: Engine, cases: Sequence[ConvCase]) -> str:
    summary = evaluate_conversations(engine, cases, TODAY).summary()
    keys = ("dialogue_turns", "follow_up_turns", "multi", "smalltalk", "near")
    return "  ".join(f"{k} {summary[k + '_pct']:5.1f}" for k in keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("files", type=Path, nargs="+", help="conversation files to fit on")
    parser.add_argument("--check", type=Path, action="append", default=[])
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--drop", action="append", default=[], help="a feature left out")
    args = parser.parse_args()
    engine = Engine(load_kb(Path("faq"), TODAY), SentenceEncoder())
    fitting = {f: parse_conversations(f.read_text(encoding="utf-8"), str(f)) for f in args.files}
    checks = {f: parse_conversations(f.read_text(encoding="utf-8"), str(f)) for f in args.check}
    recorded = {f: record(engine, cases) for f, cases in fitting.items()}
    for name in args.drop:  # ablation: the feature's column set to 0
        for rows in recorded.values():
            for r in rows:
                r.features[:, dialogue.FOLLOW_FEATURES.index(name)] = 0.0
    weights = fit([r for rows in recorded.values() for r in rows], args.l2)
    print("FOLLOW_WEIGHTS = (")
    for name, value in zip(dialogue.FOLLOW_FEATURES, weights, strict=True):
        print(f"    {value:.3f},  # {name}")
    print(")")
    old = dialogue.FOLLOW_WEIGHTS
    for f, cases in {**fitting, **checks}.items():
        print(f"{f}\n  old: {figures(engine, cases)}")
        dialogue.FOLLOW_WEIGHTS = tuple(weights)
        print(f"  new: {figures(engine, cases)}")
        if len(fitting) > 1 and f in fitting:  # cross-check: fitted on the other files only
            others = [r for g, rows in recorded.items() if g != f for r in rows]
            dialogue.FOLLOW_WEIGHTS = tuple(fit(others, args.l2))
            print(f"  fitted without it: {figures(engine, cases)}")
        dialogue.FOLLOW_WEIGHTS = old


if __name__ == "__main__":
    main()
