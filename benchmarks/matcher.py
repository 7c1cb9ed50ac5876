"""Matcher latency and memory: ours against a naive rapidfuzz baseline, in the same run.

    .venv/bin/python benchmarks/matcher.py [--phrasings 10000] [--questions 400]

Two knowledge bases: the real FAQ, and a synthetic one of N phrasings made from the real
FAQ's vocabulary. Each is queried with the evaluation questions. "matching" is the
matcher's verdict (normalise, correct, embed, score, decide); "engine" adds rendering the
answer; the baseline is
``rapidfuzz.process.extractOne(q, phrasings, scorer=WRatio, processor=default_process)``.
Every timed question is distinct, so none is served from the engine's memory of verdicts.
Peak memory is the Python heap (tracemalloc, numpy included) used to build and query,\nmeasured in a separate pass (tracemalloc slows allocations down). The encoder's embedding\ncache is shared, so the synthetic build embeds only its own phrasings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process, utils
from threadpoolctl import threadpool_limits

from bot.dialogue import Context, read
from bot.encoder import SentenceEncoder
from bot.engine import Engine
from bot.evaluate import parse_cases
from bot.kb import KnowledgeBase
from bot.service import load_kb

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 28)


def synthetic(kb: KnowledgeBase, phrasings: int, seed: int = 7) -> KnowledgeBase:
    """A knowledge base of ``phrasings`` phrasings (10 per entry) from the real vocabulary."""
    rng = random.Random(seed)
    pool = {lang: [q for e in kb.entries for q in e.questions[lang]] for lang in ("fr", "en")}
    entries = []
    for i in range(phrasings // 10):
        template = kb.entries[i % len(kb.entries)]
        questions = {}
        for lang, count in (("fr", 6), ("en", 4)):
            qs = []
            for j in range(count):
                a, b = rng.sample(pool[lang], 2)
                qs.append(f"{' '.join(a.split()[:4])} {' '.join(b.split()[-4:])} {i}-{j}")
            questions[lang] = tuple(qs)
        entries.append(replace(template, id=f"synthetic-{i}", questions=questions, related=()))
    return replace(kb, entries=tuple(entries))


def timed(fn: Callable[[str], object], questions: list[str]) -> tuple[float, float]:
    for i in range(20):  # warm-up, on questions not timed (the engine remembers verdicts)
        fn(f"question de chauffe numero {i}")
    times = []
    for q in questions:
        start = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def run(name: str, kb: KnowledgeBase, encoder: SentenceEncoder, questions: list[str]) -> None:
    start = time.perf_counter()
    engine = Engine(kb, encoder)
    build = time.perf_counter() - start
    m50, m99 = timed(lambda q: engine.matcher._match(q, None, "fr"), questions)  # no memory
    p50, p99 = timed(lambda q: engine.ask(q, TODAY), questions)
    raw = [q for e in kb.entries for qs in e.questions.values() for q in qs]
    b50, b99 = timed(
        lambda q: process.extractOne(q, raw, scorer=fuzz.WRatio, processor=utils.default_process),
        questions,
    )
    # Memory in a separate pass: tracemalloc slows every allocation down.
    del engine
    tracemalloc.start()
    engine = Engine(kb, encoder)
    for q in questions[:50]:
        engine.ask(q, TODAY)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(
        f"| {name} | {len(raw):,} | {m50:.2f} | {m99:.2f} | {p50:.2f} | {p99:.2f} "
        f"| {b50:.2f} | {b99:.2f} "
        f"| {peak:.0f} | {build:.1f} |"
    )


FOLLOW_UPS = (
    "c'était quand déjà ?",
    "et sa date limite ?",
    "where can I read it?",
    "and who can apply?",
    "et pour la RATP ?",
)


def conversation(kb: KnowledgeBase, encoder: SentenceEncoder, questions: list[str]) -> None:
    """The conversation layer's cost: a single question, a follow-up read with its context,
    and two questions in one message, each p99 against the single question's."""
    engine = Engine(kb, encoder)
    now = dt.datetime.now(dt.UTC)

    def fresh(fn: Callable[[str], object]) -> Callable[[str], object]:
        def call(q: str) -> object:
            engine.matcher._recent.clear()  # no verdict served from memory
            return fn(q)

        return call

    pairs = {q: questions[(i + 1) % len(questions)] for i, q in enumerate(questions)}
    follow = {q: FOLLOW_UPS[i % len(FOLLOW_UPS)] for i, q in enumerate(questions)}
    single = timed(fresh(lambda q: read(engine, q, TODAY)), questions)
    rows = [
        ("single question", single),
        (
            "follow-up (with context)",
            timed(
                fresh(
                    lambda q: read(
                        engine,
                        follow.get(q, "et après ?"),
                        TODAY,
                        context=Context("deadline", q, "fr", now),
                    )
                ),
                questions,
            ),
        ),
        (
            "two questions",
            timed(fresh(lambda q: read(engine, f"{q} et {pairs.get(q, q)}", TODAY)), questions),
        ),
    ]
    print("\n| message | p50 ms | p99 ms | p99 / single p99 |")
    print("|---|---:|---:|---:|")
    for name, (p50, p99) in rows:
        print(f"| {name} | {p50:.2f} | {p99:.2f} | {p99 / single[1]:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phrasings", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=400)
    args = parser.parse_args()
    kb = load_kb(ROOT / "faq", TODAY)
    questions = list(
        dict.fromkeys(
            c.question
            for f in ("questions.yaml", "heldout.yaml")
            for c in parse_cases((ROOT / "tests" / "eval" / f).read_text())
        )
    )[: args.questions]
    threadpool_limits(1)  # as `faqbot` does
    encoder = SentenceEncoder()
    print(f"{len(questions)} questions; times in ms per question; memory in MiB\n")
    print(
        "| knowledge base | phrasings | matching p50 | matching p99 | engine p50 | engine p99 "
        "| naive p50 | naive p99 | ours peak heap | build s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    run("real FAQ", kb, encoder, questions)
    run("synthetic", synthetic(kb, args.phrasings), encoder, questions)
    conversation(kb, encoder, questions)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess peak RSS (model, both knowledge bases): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
