"""Export memory on a million rows: `faqbot export` must stream (goal: under 100 MB).

    .venv/bin/python benchmarks/export.py [--rows 1000000]

Builds a question log of N synthetic rows, then runs `faqbot export` in each format as a
separate process and reports its peak resident memory (ru_maxrss) and time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.store import QUESTIONS, QuestionLog, iso

QUESTIONS_TEXT = [
    "c'est quand la date limite ?",
    '=HYPERLINK("http://example.org")',
    "who can apply to the sandbox?",
    "qui a été sélectionné pour le bac à sable IA ?",
    "how do I renew my passport",
]


def build(path: Path, count: int) -> None:
    log = QuestionLog(path)
    rng = random.Random(1)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    batch = []
    for i in range(count):
        batch.append(
            (
                iso(start + dt.timedelta(seconds=i * 20)),
                "telegram",
                f"{rng.getrandbits(128):032x}",
                rng.choice(["fr", "en"]),
                rng.choice(QUESTIONS_TEXT) + f" #{i}",
                rng.choice(["deadline", "winners", "contact"]),
                round(rng.random() * 2, 4),
                rng.choice(["answered", "suggested", "unanswered", "smalltalk"]),
            )
        )
        if len(batch) == 50_000:
            _insert(log, batch)
            batch = []
    _insert(log, batch)
    log.close()


def _insert(log: QuestionLog, batch: list[tuple[object, ...]]) -> None:
    with log.db.conn:
        log.db.conn.executemany(
            f"INSERT INTO {QUESTIONS} (ts, channel, user, lang, question, entry_id, score, outcome)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            batch,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    faqbot = str(Path(sys.executable).parent / "faqbot")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "log.db"
        start = time.perf_counter()
        build(db, args.rows)
        print(f"built {args.rows:,} rows in {time.perf_counter() - start:.1f} s\n")
        print("| export | rows | output MB | seconds | peak RSS MB |")
        print("|---|---:|---:|---:|---:|")
        for label, extra in [
            ("csv", ["--format", "csv"]),
            ("csv --excel --with-user", ["--format", "csv", "--excel", "--with-user"]),
            ("json", ["--format", "json"]),
            ("ndjson", ["--format", "ndjson"]),
            ("--aggregate csv", ["--aggregate"]),
        ]:
            out = Path(tmp) / "out"
            env = {**os.environ, "FAQBOT_DB": str(db)}
            start = time.perf_counter()
            child = subprocess.Popen(
                [faqbot, "export", *extra, "-o", str(out)], env=env, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
            child.returncode = os.waitstatus_to_exitcode(status)
            assert child.returncode == 0, child.returncode
            elapsed = time.perf_counter() - start
            size = out.stat().st_size / 1e6
            peak = usage.ru_maxrss / 1024
            print(f"| {label} | {args.rows:,} | {size:.0f} | {elapsed:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
