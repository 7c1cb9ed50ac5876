"""Fit the matcher's decision model on an evaluation file, and check it on another.

    .venv/bin/python benchmarks/tune_matcher.py tests/eval/questions.yaml --check tests/eval/heldout.yaml

The decision model is a logistic regression over the best candidate's signals
(bot.matcher.FEATURES), labelled 1 when the best candidate is a right answer. It prints
the MatcherConfig values to paste into bot/matcher.py, then the figures at several
thresholds on the fitting file and on the --check file (held out: look, never fit on it).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np

from bot.encoder import SentenceEncoder
from bot.evaluate import Case, parse_cases
from bot.matcher import FEATURES, Matcher
from bot.service import load_kb
from bot.text import words


def table(matcher: Matcher, cases: list[Case]) -> tuple[np.ndarray, list[tuple[Case, str]]]:
    rows, meta = [], []
    for case in cases:
        sig = matcher.signals(case.question)
        rows.append(sig.features)
        meta.append((case, matcher.entry_ids[int(np.argmax(sig.combined))]))
    return np.array(rows, dtype=np.float64), meta


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 5000
) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised features; returns weights on the raw features."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.5 * (z.T @ (p - y) / len(y) + l2 * w)
        b -= 0.5 * float((p - y).mean())
    return w / sd, b - float((w * mu / sd).sum())


def figures(scores: np.ndarray, meta: list[tuple[Case, str]], at: float) -> str:
    ins = [(s, c, e) for s, (c, e) in zip(scores, meta, strict=True) if c.expect]
    outs = [s for s, (c, _) in zip(scores, meta, strict=True) if not c.expect]
    acc = sum(s >= at and e in c.expect for s, c, e in ins) / len(ins)
    rej = sum(s < at for s in outs) / len(outs)
    return f"in-scope {acc:.3f} out-of-scope rejection {rej:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--check", type=Path)
    args = parser.parse_args()
    matcher = Matcher(load_kb(Path("faq"), dt.date(2026, 11, 28)), SentenceEncoder())
    # A question that is also one of the FAQ's phrasings or near-domain examples is its own
    # nearest neighbour: it teaches the model to trust that signal more than new
    # questions deserve. Such questions are not fitted on.
    kb = matcher.kb
    texts = [q for e in kb.entries for qs in e.questions.values() for q in qs]
    texts += [q for qs in kb.out_of_scope.values() for q in qs]
    known = {" ".join(words(q)) for q in texts}
    cases = [
        c for c in parse_cases(args.file.read_text()) if " ".join(words(c.question)) not in known
    ]
    x, meta = table(matcher, cases)
    y = np.array([bool(c.expect) and e in c.expect for c, e in meta], dtype=np.float64)
    w, b = fit(x, y)
    print("decision_weights =", tuple(round(float(v), 3) for v in w))
    print("decision_bias =", round(b, 3))
    print("features:", ", ".join(FEATURES))
    held = table(matcher, parse_cases(args.check.read_text())) if args.check else None
    for at in np.arange(-1.0, 1.6, 0.2):
        line = f"answer_at={at:+.1f}  fit: {figures(x @ w + b, meta, at)}"
        if held:
            line += f"  | check: {figures(held[0] @ w + b, held[1], at)}"
        print(line)


if __name__ == "__main__":
    main()
