"""Staff console speed on a large question log: dashboard, chart, review queue, export, replay.

    .venv/bin/python benchmarks/staff.py [--rows 100000] [--repeat 5]

Builds a log of N rows over the last 30 days (the evaluation sets' questions, so they
repeat as real ones do), serves the real app in-process on 127.0.0.1, logs in, and times
each page over real HTTP (median of --repeat), the streamed CSV export of every row (and
the growth of the process's peak RSS while it runs), and a replay of the period on the
live FAQ.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp.test_utils import TestServer

from bot.counting import counted
from bot.encoder import SentenceEncoder
from bot.evaluate import parse_cases
from bot.service import Assistant
from bot.settings import Settings
from bot.staff.accounts import StaffStore
from bot.store import QUESTIONS, QuestionLog, iso
from bot.web import WebConfig, make_app

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 30)
PASSWORD = "benchmark password"


def build(path: Path, count: int) -> int:
    """N rows over the 30 days before TODAY; returns the number of distinct questions."""
    texts = []
    for name in ("questions.yaml", "heldout.yaml"):
        file = ROOT / "tests" / "eval" / name
        texts += [c.question for c in parse_cases(file.read_text(encoding="utf-8"), str(file))]
    rng = random.Random(1)
    log = QuestionLog(path)
    end = dt.datetime.combine(TODAY, dt.time(23), tzinfo=dt.UTC)
    # Rows arrive in time order, as in a real log.
    moments = sorted(end - dt.timedelta(seconds=rng.randrange(30 * 86400)) for _ in range(count))
    rows = []
    for i, moment in enumerate(moments):
        rows.append(
            (
                iso(moment),
                rng.choice(["telegram", "telegram", "api", "cli"]),
                f"{rng.getrandbits(64):016x}",
                rng.choice(["fr", "en"]),
                rng.choice(texts),
                rng.choice(["deadline", "winners", "contact", "eligibility"]),
                round(rng.random() * 2, 4),
                round(rng.random() * 4 - 2, 4),
                rng.choice(["answered", "answered", "suggested", "unanswered", "smalltalk"]),
                rng.choice([None, None, None, 1, -1]),
                "text",
            )
        )
        channel, question, outcome = rows[-1][1], rows[-1][4], rows[-1][8]
        rows[-1] += (
            int(
                counted(
                    channel=str(channel), via="text", outcome=str(outcome), question=str(question)
                )
            ),
        )
        if len(rows) == 50_000 or i == count - 1:
            with log.db.conn:
                log.db.conn.executemany(
                    f"INSERT INTO {QUESTIONS} (ts, channel, user, lang, question, entry_id,"
                    " score, confidence, outcome, feedback, via, counted)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
            rows = []
    log.close()
    return len(set(texts))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "log.db"
        started = time.perf_counter()
        distinct = build(db, rows)
        print(f"built {rows:,} rows ({distinct} distinct questions) in "
              f"{time.perf_counter() - started:.1f} s\n")  # fmt: skip
        settings = Settings(
            db_path=db,
            faq_dir=ROOT / "faq",
            today=TODAY,
            pseudonym_key="benchmark-pseudonym-key-0123456789abcdef",
        )
        assistant = Assistant(settings, SentenceEncoder())
        StaffStore(assistant.log.db).add("bench", PASSWORD)
        server = TestServer(make_app(assistant, WebConfig()), host="127.0.0.1")
        await server.start_server()
        base = f"http://127.0.0.1:{server.port}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            form = await (await http.get(f"{base}/staff/login")).text()
            token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
            await http.post(
                f"{base}/staff/login",
                data={"csrf": token, "username": "bench", "password": PASSWORD},
            )
            print("| request | median ms | what |")
            print("|---|---:|---|")
            period = "since=2026-11-01&until=2026-11-30"
            for label, path in [
                ("dashboard, 30 days", f"/staff?{period}"),
                ("chart: questions per day (SVG)", f"/staff/charts/per_day.svg?{period}"),
                ("review queue", "/staff/review"),
                ("FAQ health (without the phrasing check)", f"/staff/health?{period}"),
            ]:
                times = []
                for _ in range(repeat):
                    t = time.perf_counter()
                    response = await http.get(base + path)
                    await response.read()
                    assert response.status == 200, (path, response.status)
                    times.append((time.perf_counter() - t) * 1000)
                print(f"| {label} | {statistics.median(times):.0f} | `GET {path}` |")
            before = peak_rss_mb()
            t = time.perf_counter()
            size = 0
            response = await http.get(f"{base}/staff/exports/download?format=csv&{period}")
            async for chunk in response.content.iter_chunked(1 << 16):
                size += len(chunk)
            seconds = time.perf_counter() - t
            print(f"\nexport: {size / 1e6:.1f} MB of CSV in {seconds:.1f} s; peak RSS "
                  f"{before:.0f} -> {peak_rss_mb():.0f} MB")  # fmt: skip
            page = await (await http.get(f"{base}/staff/replay")).text()
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            t = time.perf_counter()
            response = await http.post(
                f"{base}/staff/replay",
                data={"csrf": token, "faq": str(ROOT / "faq"), "since": "2026-11-01",
                      "until": "2026-11-30"},
            )  # fmt: skip
            html = await response.text()
            found = re.search(r"(\d+) question\(s\) rejouée\(s\) \((\d+) distinctes\)", html)
            print(f"replay on the live FAQ: {found.group(0) if found else '?'} in "
                  f"{time.perf_counter() - t:.1f} s")  # fmt: skip
        await server.close()
        assistant.log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import numpy  # noqa: F401 - threadpoolctl only limits libraries already loaded
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # as `faqbot run` does
    asyncio.run(run(args.rows, args.repeat))


if __name__ == "__main__":
    main()
