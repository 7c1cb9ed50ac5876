"""The web chat under load: CONVERSATIONS concurrent conversations of TURNS questions each
against ``POST /api/v1/chat`` of a `faqbot run` process (web channel alone), then the same
questions through ``POST /api/v1/ask``, alternating, in the same run.

A first pass, not timed, sends every question once: the engine remembers the verdicts of
recent questions, and both endpoints then meet it in the same state. Each conversation waits for its answer before the next question, as a person does; each has
its own client address (X-Forwarded-For, believed from 127.0.0.1 through
FAQBOT_TRUSTED_PROXIES), as people behind a proxy would.

    .venv/bin/python benchmarks/web.py [--conversations 200] [--turns 5] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from botprocess import eval_questions
from webprocess import WebProcess

TOKEN = "benchmark-token"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def conversation(
    session: aiohttp.ClientSession,
    url: str,
    index: int,
    questions: list[str],
    endpoint: str,
    latencies: list[float],
    outcomes: list[bool],
) -> None:
    conv = f"bench-{endpoint}-{index:06d}-{time.monotonic_ns()}"[:64]
    headers = {"X-Forwarded-For": f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"}
    if endpoint == "ask":
        headers["Authorization"] = f"Bearer {TOKEN}"
    for question in questions:
        body: dict[str, Any] = (
            {"conversation": conv, "lang": "fr", "text": question}
            if endpoint == "chat"
            else {"conversation": conv, "question": question}
        )
        started = time.perf_counter()
        async with session.post(f"{url}/api/v1/{endpoint}", json=body, headers=headers) as r:
            data = await r.json()
            ok = r.status == 200 and bool(data.get("answer"))
        latencies.append((time.perf_counter() - started) * 1000)
        outcomes.append(ok)


async def load(url: str, endpoint: str, conversations: int, turns: int) -> dict[str, Any]:
    questions = eval_questions()
    latencies: list[float] = []
    outcomes: list[bool] = []
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=300)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                conversation(
                    session,
                    url,
                    i,
                    [questions[(i * turns + k) % len(questions)] for k in range(turns)],
                    endpoint,
                    latencies,
                    outcomes,
                )
                for i in range(conversations)
            )
        )
        elapsed = time.perf_counter() - started
    return {
        "endpoint": endpoint,
        "replies": sum(outcomes),
        "requests": len(outcomes),
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 99),
        "per_s": len(outcomes) / elapsed,
    }


async def serial(url: str, endpoint: str, count: int) -> dict[str, Any]:
    """``count`` questions one at a time, each in a new conversation: the cost of one
    request with nothing else waiting."""
    questions = eval_questions()
    latencies: list[float] = []
    async with aiohttp.ClientSession() as session:
        for i in range(count):
            await conversation(
                session, url, 100_000 + i, [questions[i % len(questions)]], endpoint, latencies, []
            )
    return {
        "endpoint": endpoint,
        "mean": statistics.mean(latencies),
        "p50": statistics.median(latencies),
    }


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--serial", type=int, default=300, help="questions one at a time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        process = WebProcess(
            Path(tmp) / "faqbot.db",
            FAQBOT_TRUSTED_PROXIES="127.0.0.1",
            FAQBOT_API_TOKEN=TOKEN,
        )
        with process:
            assert process.process is not None
            # Warm-up, not timed: every question once, so that both endpoints meet the
            # engine's memory of verdicts in the same state (the same questions go to both).
            await load(process.url, "ask", args.conversations, args.turns)
            results = []
            for round_ in range(args.rounds):
                order = ("chat", "ask") if round_ % 2 == 0 else ("ask", "chat")
                for endpoint in order:
                    results.append(
                        await load(process.url, endpoint, args.conversations, args.turns)
                    )
            alone = [
                await serial(process.url, endpoint, args.serial)
                for _ in range(args.rounds)
                for endpoint in ("chat", "ask")
            ]
            rss = peak_rss_mb(process.process.pid)
    print(
        f"{args.conversations} conversations x {args.turns} turns, {args.rounds} rounds; "
        f"server peak RSS {rss:.0f} MB"
    )
    print("| endpoint | replies | p50 ms | p99 ms | requests/s |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| /api/v1/{r['endpoint']} | {r['replies']}/{r['requests']} | {r['p50']:.0f} "
            f"| {r['p99']:.0f} | {r['per_s']:.0f} |"
        )
    chat = [r for r in results if r["endpoint"] == "chat"]
    ask = [r for r in results if r["endpoint"] == "ask"]
    for name in ("p50", "p99"):
        ratios = [c[name] / a[name] for c, a in zip(chat, ask, strict=True)]
        print(f"chat / ask {name}: " + ", ".join(f"{x:.2f}" for x in ratios))
    print(f"one at a time ({args.serial} questions, new conversation each):")
    for r in alone:
        print(f"  /api/v1/{r['endpoint']}: mean {r['mean']:.2f} ms, p50 {r['p50']:.2f} ms")


if __name__ == "__main__":
    asyncio.run(main())
