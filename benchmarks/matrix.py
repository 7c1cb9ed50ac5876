"""Matrix channel round trips against a local Synapse: encrypted question in, answer out.

Starts Synapse (tests/homeserver.py), the bot's Matrix channel in-process and a person's
matrix-nio client; the person asks N questions one after the other in an encrypted direct
chat and times each, from sending to the decrypted answer. Prints the median and p95,
the time to start Synapse and the bot's first sync.

    .venv/bin/python benchmarks/matrix.py --questions 50
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import FAQ_DIR, TODAY  # noqa: E402
from homeserver import Synapse  # noqa: E402
from test_matrix import Bot, Person  # noqa: E402

from bot.encoder import SentenceEncoder  # noqa: E402
from bot.settings import MatrixSettings, Settings  # noqa: E402

QUESTIONS = [
    "Quelle était la date limite de candidature ?",
    "Who could apply?",
    "c quoi la 4e edition du bac a sable",
    "et elle se termine quand ?",
    "Les collectivités peuvent-elles candidater ?",
]


async def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp())
    started = time.perf_counter()
    synapse = Synapse(folder / "synapse")
    synapse.start()
    print(f"synapse started in {time.perf_counter() - started:.1f} s")
    try:
        encoder = SentenceEncoder()
        account = synapse.register("faqbot")
        matrix = MatrixSettings(
            synapse.url,
            account.user_id,
            account.access_token,
            account.device_id,
            folder / "store",
            frozenset({"localhost"}),
        )
        settings = Settings(
            db_path=folder / "faqbot.db", faq_dir=FAQ_DIR, today=TODAY, matrix=matrix
        )
        bot = Bot(settings, encoder)
        started = time.perf_counter()
        await bot.start()
        print(f"bot ready (assistant built, first sync) in {time.perf_counter() - started:.1f} s")
        person = Person(synapse, synapse.register("bench"), folder / "person")
        await person.start()
        room = await person.room(account.user_id)
        timings = []
        for n in range(count):
            began = time.perf_counter()
            await person.ask(room, QUESTIONS[n % len(QUESTIONS)])
            timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"{count} encrypted round trips: median {statistics.median(timings):.0f} ms, "
            f"p95 {p95:.0f} ms, max {timings[-1]:.0f} ms"
        )
        await person.stop()
        await bot.stop()
    finally:
        synapse.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50)
    asyncio.run(main(parser.parse_args().questions))
