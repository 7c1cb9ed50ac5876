"""The delivery state a crash leaves behind, and what the restarted bot does with it: the
real bot, its real database as a kill -9 leaves it, the fake Bot API.
(tests/test_crash.py does the kill itself, under load.)"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fakebotapi import DEFAULT_USER_ID, FakeBotAPI
from telegram_harness import TEST_KEY, rows, running, settings_for

from bot.encoder import SentenceEncoder
from bot.settings import Settings
from bot.store import Pseudonymizer, QuestionLog

pytestmark = pytest.mark.asyncio(loop_scope="function")
USER = Pseudonymizer(TEST_KEY.encode())("telegram", DEFAULT_USER_ID)


@pytest.fixture
async def fake() -> Any:
    async with FakeBotAPI() as api:
        yield api


def crashed(settings: Settings, update: dict[str, Any], *messages: tuple[str, str]) -> None:
    """The database as a kill -9 while handling ``update`` leaves it: its question logged,
    its replies recorded as (status, text), the update not claimed."""
    log = QuestionLog(settings.db_path)
    log.log(
        channel="telegram",
        user=USER,
        lang="fr",
        question=update["message"]["text"],
        outcome="answered",
        entry_id="deadline",
        update_id=update["update_id"],
    )
    with log.db.conn:
        for seq, (status, text) in enumerate(messages):
            payload = {"chat_id": DEFAULT_USER_ID, "text": text, "parse_mode": "HTML"}
            log.db.execute(
                "INSERT INTO deliveries (update_id, seq, user, endpoint, payload, status, result,"
                " ts) VALUES (?, ?, ?, 'sendMessage', ?, ?, ?, '2026-11-28T10:00:00Z')",
                [update["update_id"], seq, USER, json.dumps(payload), status,
                 json.dumps({"message_id": 1, "date": 0, "chat": {"id": DEFAULT_USER_ID,
                             "type": "private"}, "text": text}) if status == "sent" else None],
            )  # fmt: skip
    log.close()


def state(settings: Settings, update_id: int) -> tuple[int, int]:
    """(claimed?, delivery rows left) for ``update_id``."""
    with sqlite3.connect(settings.db_path) as conn:
        claimed = conn.execute("SELECT count(*) FROM updates WHERE update_id = ?", [update_id])
        left = conn.execute("SELECT count(*) FROM deliveries WHERE update_id = ?", [update_id])
        return claimed.fetchone()[0], left.fetchone()[0]


async def test_a_reply_left_pending_is_sent_at_restart_and_not_again_on_redelivery(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    update = fake.make_message_update("date limite ?")
    crashed(settings, update, ("pending", "<b>L'appel est clos.</b>"))
    async with running(fake, settings, encoder):
        [sent] = await fake.wait_for("sendMessage", timeout=10)  # at start, before redelivery
        status, _ = await fake.deliver_webhook(update)
        assert status == 200
    assert sent["text"] == "<b>L'appel est clos.</b>" and sent["parse_mode"] == "HTML"
    assert len(fake.sent_messages()) == 1 and len(rows(settings)) == 1
    assert state(settings, update["update_id"]) == (1, 0)


async def test_an_interrupted_update_whose_reply_was_not_sent_is_answered(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    update = fake.make_message_update("date limite ?")
    crashed(settings, update)  # killed after logging the question, before sending
    async with running(fake, settings, encoder):
        status, _ = await fake.deliver_webhook(update)
        again, _ = await fake.deliver_webhook(update)
    [sent] = fake.sent_messages()
    assert status == again == 200 and "30 septembre 2023" in sent["text"]
    [row] = rows(settings)  # one row per update, even handled twice
    assert row["update_id"] == update["update_id"]
    assert state(settings, update["update_id"]) == (1, 0)


async def test_a_reply_delivered_before_the_crash_is_not_sent_again(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    update = fake.make_message_update("date limite ?")
    crashed(settings, update, ("sent", "L'appel est clos."))
    async with running(fake, settings, encoder):
        status, _ = await fake.deliver_webhook(update)
    assert status == 200 and fake.sent_messages() == []
    assert state(settings, update["update_id"]) == (1, 0)


async def test_delivery_state_is_deleted_once_the_update_is_handled(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    async with running(fake, settings, encoder):
        await fake.deliver_webhook(fake.make_message_update("date limite ?"))
        await fake.deliver_webhook(fake.make_message_update("/start", user_id=77))
    assert len(fake.sent_messages()) == 2
    with sqlite3.connect(settings.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM updates").fetchone()[0] == 2
