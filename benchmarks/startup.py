"""Cold start: how long until the first answer, with and without the embedding cache.

    .venv/bin/python benchmarks/startup.py [--runs 3]

- `faqbot ask "qui peut candidater ?"`, a new process each time: cold (empty cache
  folder: every phrasing embedded) and warm (the cache filled by a previous run);
- `faqbot run` (polling, against the fake Bot API, one question already waiting): from
  the process start to the reply's sendMessage, cold and warm;
- a live reload after a one-entry edit (one phrasing added), in-process, as the running
  bot does it: parse and validate the FAQ, embed the new phrasing, rebuild the matcher;
- where a warm `faqbot ask` spends its time, in-process: without and with the engine
  cache (the build of an unchanged FAQ read back).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from botprocess import FAQBOT, bot_env, free_port  # noqa: E402
from fakebotapi import FakeBotAPI  # noqa: E402

QUESTION = "qui peut candidater ?"


def figures(times: list[float]) -> str:
    """Median and range, in seconds."""
    return f"{statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})"


def children_cpu() -> float:
    """CPU seconds (user + system) of the child processes waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ask_once(env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `faqbot ask`."""
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run([FAQBOT, "ask", QUESTION], env=env, check=True, capture_output=True)
    return time.perf_counter() - start, children_cpu() - cpu


def bench_ask(tmp: Path, runs: int) -> None:
    env = {**os.environ, "FAQBOT_DB": str(tmp / "ask.db"), "FAQBOT_FAQ_DIR": str(ROOT / "faq")}
    cold, warm = [], []
    for i in range(runs):
        env["FAQBOT_CACHE_DIR"] = str(tmp / f"ask-cache-{i}")
        cold.append(ask_once(env))  # an empty cache folder
        warm.append(ask_once(env))  # the same folder, filled by the cold run
    for name, results in (("cold", cold), ("warm", warm)):
        wall, cpu = [w for w, _ in results], [c for _, c in results]
        print(f"faqbot ask, {name} cache: {figures(wall)}; CPU {figures(cpu)}")


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def first_reply(tmp: Path, cache: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds from `faqbot run` starting to its first reply."""
    async with FakeBotAPI() as fake:
        db = Path(tempfile.mkdtemp(dir=tmp)) / "run.db"  # a new log: update ids start again
        env = bot_env(fake, db, free_port(), webhook=False)
        env["FAQBOT_CACHE_DIR"] = str(cache)
        fake.queue_update(fake.make_message_update(QUESTION, user_id=1))
        start = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            FAQBOT, "run", env=env, stderr=asyncio.subprocess.DEVNULL
        )
        try:
            await fake.wait_for("sendMessage", timeout=120)
            return time.perf_counter() - start, process_cpu(process.pid)
        finally:
            process.terminate()
            await process.wait()


def bench_run(tmp: Path, runs: int) -> None:
    cold, warm = [], []
    for i in range(runs):
        cache = tmp / f"run-cache-{i}"
        cold.append(asyncio.run(first_reply(tmp, cache)))
        warm.append(asyncio.run(first_reply(tmp, cache)))
    for name, results in (("cold", cold), ("warm", warm)):
        wall, cpu = [w for w, _ in results], [c for _, c in results]
        print(
            f"faqbot run, start to first reply, {name} cache: {figures(wall)}; CPU {figures(cpu)}"
        )


def timed(what: str, action: Callable[[], object], times: dict[str, tuple[float, float]]) -> object:
    cpu, start = time.process_time(), time.perf_counter()
    result = action()
    times[what] = (time.perf_counter() - start, time.process_time() - cpu)
    return result


def imports() -> tuple[float, float]:
    """Wall-clock and CPU seconds of a new interpreter importing what `faqbot ask` imports."""
    code = "import numpy, yaml, rapidfuzz, sqlite_utils, threadpoolctl, bot.cli, bot.service"
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start, children_cpu() - cpu


def bench_in_process(tmp: Path, runs: int) -> None:
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    from bot.encoder import SentenceEncoder
    from bot.engine import Engine
    from bot.service import Assistant, build_engine, load_kb
    from bot.settings import Settings

    faq = tmp / "faq"
    shutil.copytree(ROOT / "faq", faq)
    cache = tmp / "inproc-cache" / "embeddings.sqlite"
    Engine(load_kb(faq), SentenceEncoder(cache_path=cache))  # fill the cache

    times: dict[str, tuple[float, float]] = {}
    encoder = SentenceEncoder(cache_path=cache)
    kb: object = timed("parse and validate the FAQ", lambda: load_kb(faq), times)
    timed("build the matcher (embeddings from the disk cache)", lambda: Engine(kb, encoder), times)  # type: ignore[arg-type]
    timed("load the encoder model (first question)", encoder.warm_up, times)
    build_engine(faq, None, encoder)  # keep the build in the engine cache
    timed(
        "or instead of the two first: read the FAQ files and their kept build (engine cache)",
        lambda: build_engine(faq, None, SentenceEncoder(cache_path=cache)),
        times,
    )
    print("warm `faqbot ask`, in-process:")
    for what, (wall, cpu) in times.items():
        print(f"  {what}: {wall:.2f} s (CPU {cpu:.2f} s)")
    wall, cpu = imports()
    print(f"  interpreter start and imports: {wall:.2f} s (CPU {cpu:.2f} s)")

    settings = Settings(db_path=tmp / "reload.db", faq_dir=faq, cache_dir=cache.parent)
    assistant = Assistant(settings, encoder)
    target = faq / "calendar.yaml"
    original = target.read_text(encoding="utf-8")
    reloads: list[float] = []
    reload_cpu: list[float] = []
    for i in range(runs):
        edited = original.replace(
            "        - Quelle est la date limite ?\n",
            f"        - Quelle est la date limite ?\n        - date limite numéro {i} ?\n",
            1,
        )
        target.write_text(edited, encoding="utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        result = assistant.reload()
        reloads.append(time.perf_counter() - start)
        reload_cpu.append(time.process_time() - cpu)
        assert result.changed and not result.problems, result
    print(
        f"live reload after a one-entry edit (one new phrasing): {figures(reloads)}; "
        f"CPU {figures(reload_cpu)}"
    )
    print("  (the running bot looks at faq/ every second: add up to 1 s before it starts)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        bench_ask(tmp, args.runs)
        bench_run(tmp, args.runs)
        bench_in_process(tmp, args.runs)


if __name__ == "__main__":
    main()
