"""kill -9 in the middle of a load: after a restart the database is intact, every update
acknowledged to Telegram has its log row, everyone is answered (the replies in flight at
the kill are sent after the restart), and duplicates are at most the replies in flight."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
from botprocess import FAQBOT, bot_env, free_port
from fakebotapi import FakeBotAPI

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]
UPDATES = 400
KILL_AFTER = 150
IN_FLIGHT_MAX = 20  # updates posted at once


async def start(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        FAQBOT, "run", env=env, stderr=asyncio.subprocess.DEVNULL
    )


async def test_kill_9_loses_nothing_and_leaves_no_one_unanswered(tmp_path: Path) -> None:
    db = tmp_path / "faqbot.db"
    async with FakeBotAPI() as fake:
        port = free_port()
        env = bot_env(
            fake,
            db,
            port,
            webhook=True,
            FAQBOT_WEBHOOK_SECRET="crash-test",
            FAQBOT_MAX_SENDS_PER_SECOND="0",
        )
        updates = [
            fake.make_message_update(q, user_id=10_000 + i)
            for i, q in enumerate(
                ["date limite ?", "who can apply?", "c koi le bac a sable"] * (UPDATES // 3 + 1)
            )
        ][:UPDATES]
        process = await start(env)
        await fake.wait_for("setWebhook", timeout=60)
        acked: list[int] = []
        killed = asyncio.Event()
        gate = asyncio.Semaphore(IN_FLIGHT_MAX)

        async def post(update: dict[str, object]) -> None:
            async with gate:
                if killed.is_set():
                    return
                try:
                    status, _ = await fake.deliver_webhook(update)
                except (TimeoutError, aiohttp.ClientError):
                    return  # the bot died: not acknowledged, Telegram will redeliver
                if status == 200:
                    acked.append(int(str(update["update_id"])))
                    if len(acked) == KILL_AFTER:
                        os.kill(process.pid, signal.SIGKILL)
                        killed.set()

        await asyncio.gather(*(post(u) for u in updates))
        await process.wait()
        answered_before = {m["chat"]["id"] for m in fake.sent_messages()}
        assert process.returncode == -signal.SIGKILL and len(acked) >= KILL_AFTER

        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            logged = {r[0] for r in conn.execute("SELECT update_id FROM questions")}
        assert set(acked) <= logged  # every acknowledged update has its row

        process = await start(env)
        await fake.wait_for("setWebhook", count=2, timeout=60)
        try:
            for update in updates:  # Telegram redelivers; we even send the acked ones again
                status, _ = await fake.deliver_webhook(update)
                assert status == 200
        finally:
            process.terminate()
            await process.wait()

    with sqlite3.connect(db) as conn:
        per_update = Counter(r[0] for r in conn.execute("SELECT update_id FROM questions"))
    assert len(per_update) == UPDATES and set(per_update.values()) == {1}
    answers = Counter(m["chat"]["id"] for m in fake.sent_messages())
    users = {10_000 + i for i in range(UPDATES)}
    unanswered = users - set(answers)
    duplicates = sum(n - 1 for n in answers.values())
    print(
        f"\ncrash: acknowledged before the kill {len(acked)}, answered before the kill "
        f"{len(answered_before)}, unanswered after the restart {len(unanswered)}, "
        f"answered twice {duplicates}"
    )
    assert not unanswered  # everyone answered, the replies in flight at the kill too
    assert duplicates <= IN_FLIGHT_MAX  # at most the replies in flight were sent twice
