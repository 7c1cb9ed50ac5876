"""End-to-end throughput: webhook POST -> handler -> sendMessage on the fake Bot API -> log row.

    .venv/bin/python benchmarks/throughput.py [--updates 1000] [--concurrency 20]

Runs, in the same harness and the same run, ``faqbot run`` (webhook mode) and a bare
python-telegram-bot echo bot (benchmarks/echo_bot.py), each as its own process, against the
fake Bot API of tests/fakebotapi.py in this process. Reports updates per second from the
first POST until every reply has reached the fake (and, for faqbot, every row is logged).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from botprocess import FAQBOT, bot_env, eval_questions, free_port  # noqa: E402
from fakebotapi import FakeBotAPI  # noqa: E402

QUESTIONS = eval_questions()  # varied: no answer is served from a cache


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(
    name: str,
    command: list[str],
    updates: int,
    concurrency: int,
    db: Path | None,
    max_sends: int = 0,
) -> float:
    async with FakeBotAPI() as fake:
        port = free_port()
        env = bot_env(
            fake,
            db or Path("/dev/null"),
            port,
            webhook=True,
            FAQBOT_WEBHOOK_SECRET="bench",
            FAQBOT_MAX_SENDS_PER_SECOND=str(max_sends),
        )
        process = await asyncio.create_subprocess_exec(
            *command, env=env, stderr=asyncio.subprocess.DEVNULL
        )
        try:
            await fake.wait_for("setWebhook", timeout=60)
            fake.clear_calls()
            gate = asyncio.Semaphore(concurrency)

            async def post(i: int) -> None:
                update = fake.make_message_update(
                    QUESTIONS[i % len(QUESTIONS)], user_id=10_000 + i % 500
                )
                async with gate:
                    status, _ = await fake.deliver_webhook(update)
                    assert status == 200, status

            start = time.perf_counter()
            await asyncio.gather(*(post(i) for i in range(updates)))
            await fake.wait_for("sendMessage", count=updates, timeout=120)
            elapsed = time.perf_counter() - start
            cpu = _cpu_seconds(process.pid)
        finally:
            process.terminate()
            await process.wait()
    logged = ""
    if db is not None:
        with sqlite3.connect(db) as conn:
            count = conn.execute("SELECT count(*) FROM questions").fetchone()[0]
        assert count == updates, (count, updates)
        logged = f", {count} rows logged"
    rate = updates / elapsed
    print(
        f"| {name} | {updates} | {concurrency} | {elapsed:.2f} | {rate:.0f} "
        f"| {cpu / updates * 1000:.1f} |{logged}"
    )
    return rate


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    print("| bot | updates | in flight | seconds | updates/s | bot CPU ms/update (incl. start) |")
    print("|---|---:|---:|---:|---:|---:|")
    faqbot = [FAQBOT, "run"]
    profiled = faqbot
    if os.environ.get("FAQBOT_PROFILE"):  # cProfile the uncapped run, for development
        profiled = [sys.executable, "-m", "cProfile", "-o", os.environ["FAQBOT_PROFILE"], *faqbot]
    with tempfile.TemporaryDirectory() as tmp:
        echo = await measure(
            "bare PTB echo bot",
            [sys.executable, str(ROOT / "benchmarks" / "echo_bot.py")],
            args.updates,
            args.concurrency,
            None,
        )
        ours = await measure(
            "faqbot (engine + log), no overall send cap",
            profiled,
            args.updates,
            args.concurrency,
            Path(tmp) / "uncapped.db",
        )
        await measure(
            "faqbot, default cap of 30 sends/s",
            faqbot,
            min(args.updates, 300),
            args.concurrency,
            Path(tmp) / "capped.db",
            max_sends=30,
        )
    print(f"\nfaqbot (no cap) / echo = {ours / echo:.0%}")


if __name__ == "__main__":
    asyncio.run(main())
