"""Load: 5,000 updates through the webhook (100 in flight) and through polling (batches of
100 per getUpdates), against the fake Bot API. Every update must be answered and logged.

    .venv/bin/python benchmarks/load.py [--updates 5000]

The bot is `faqbot run` in its own process (overall send cap off: FAQBOT_MAX_SENDS_PER_SECOND=0,
to measure the bot, not Telegram's broadcast limit); its peak memory is read from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
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


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(mode: str, updates: int, in_flight: int, tmp: Path) -> None:
    db = tmp / f"{mode}.db"
    async with FakeBotAPI() as fake:
        port = free_port()
        env = bot_env(fake, db, port, webhook=mode == "webhook", FAQBOT_MAX_SENDS_PER_SECOND="0")
        process = await asyncio.create_subprocess_exec(
            FAQBOT, "run", env=env, stderr=asyncio.subprocess.DEVNULL
        )
        try:
            await fake.wait_for("setWebhook" if mode == "webhook" else "getUpdates", timeout=60)
            batch = [
                fake.make_message_update(QUESTIONS[i % len(QUESTIONS)], user_id=20_000 + i % 2_000)
                for i in range(updates)
            ]
            start = time.perf_counter()
            if mode == "webhook":
                gate = asyncio.Semaphore(in_flight)

                async def post(update: dict[str, object]) -> None:
                    async with gate:
                        status, _ = await fake.deliver_webhook(update)
                        assert status == 200, status

                await asyncio.gather(*(post(u) for u in batch))
            else:
                fake.queue_updates(batch)
            await fake.wait_for("sendMessage", count=updates, timeout=600)
            elapsed = time.perf_counter() - start
            peak = peak_rss_mb(process.pid)
        finally:
            process.terminate()
            await process.wait()
        polls = len(fake.calls("getUpdates"))
    with sqlite3.connect(db) as conn:
        logged = conn.execute("SELECT count(DISTINCT update_id) FROM questions").fetchone()[0]
    answered = len(fake.sent_messages())
    note = f"{in_flight} in flight" if mode == "webhook" else f"{polls} getUpdates calls"
    print(
        f"| {mode} | {updates:,} | {note} | {elapsed:.1f} | {updates / elapsed:.0f} "
        f"| {answered:,} | {logged:,} | {peak:.0f} |"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=5_000)
    parser.add_argument("--in-flight", type=int, default=100)
    args = parser.parse_args()
    print("| mode | updates | how | seconds | updates/s | answered | logged | bot peak RSS MB |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("webhook", "polling"):
            await run(mode, args.updates, args.in_flight, Path(tmp))


if __name__ == "__main__":
    asyncio.run(main())
