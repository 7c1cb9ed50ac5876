"""Storage faults: a database locked by another process, or a full disk. The bot keeps
answering, keeps rows in a bounded buffer, writes them when the database is back."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from conftest import FAQ_DIR, TODAY
from fakebotapi import FakeBotAPI
from telegram_harness import rows, running, settings_for

from bot import store
from bot.encoder import SentenceEncoder
from bot.service import Assistant
from bot.settings import Settings
from bot.store import QuestionLog


def lock(path: Path) -> sqlite3.Connection:
    """Another connection (as another process would) holding the write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_locked_database_buffers_then_writes(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    log = QuestionLog(path, timeout=0.05)
    other = lock(path)
    assert log.log(channel="cli", user=None, lang="fr", question="a", outcome="answered") is None
    assert log.log(channel="cli", user=None, lang="fr", question="b", outcome="answered") is None
    assert len(log.pending) == 2
    other.execute("ROLLBACK")
    other.close()
    row = log.log(channel="cli", user=None, lang="fr", question="c", outcome="answered")
    assert row is not None and not log.pending
    assert [r["question"] for r in log.rows()] == ["a", "b", "c"]


def test_full_disk_buffers_then_writes(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "log.db")
    pages = log.db.execute("PRAGMA page_count").fetchone()[0]
    log.db.execute(
        f"PRAGMA max_page_count = {pages}"
    )  # SQLite now answers "database or disk is full"
    for i in range(50):
        log.log(
            channel="cli", user=None, lang="fr", question=f"q{i} " + "x" * 500, outcome="answered"
        )
    assert log.pending
    log.db.execute("PRAGMA max_page_count = 1000000")
    assert log.flush() > 0 and not log.pending
    assert log.count() == 50


def test_buffer_is_bounded_and_says_what_it_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(store, "MAX_PENDING", 3)
    path = tmp_path / "log.db"
    log = QuestionLog(path, timeout=0.01)
    other = lock(path)
    with caplog.at_level(logging.ERROR):
        for i in range(5):
            log.log(channel="cli", user=None, lang="fr", question=f"q{i}", outcome="answered")
    assert [r["question"] for r in log.pending] == ["q2", "q3", "q4"] and log.dropped == 2
    assert "1 row(s) dropped" in caplog.text
    other.execute("ROLLBACK")
    other.close()


def test_assistant_answers_while_the_database_is_locked(
    tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = Settings(faq_dir=FAQ_DIR, db_path=tmp_path / "log.db", today=TODAY)
    assistant = Assistant(settings, encoder)
    other = lock(settings.db_path)
    asked = assistant.ask("date limite ?", channel="cli", user=None)
    assert asked.reply.entry_id == "deadline" and asked.row_id is None
    other.execute("ROLLBACK")
    other.close()
    assistant.ask("who can apply?", channel="cli", user=None)
    assert assistant.log.count() == 2


@pytest.mark.asyncio(loop_scope="function")
async def test_running_bot_survives_a_locked_database(
    tmp_path: Path, encoder: SentenceEncoder
) -> None:
    async with FakeBotAPI() as fake:
        settings = settings_for(fake, tmp_path, webhook=True)
        async with running(fake, settings, encoder):
            other = lock(settings.db_path)
            for i, text in enumerate(["date limite ?", "who can apply?", "/start"]):
                status, _ = await fake.deliver_webhook(
                    fake.make_message_update(text, user_id=500 + i)
                )
                assert status == 200
            assert len(fake.sent_messages()) == 3  # everyone answered
            other.execute("ROLLBACK")
            other.close()
            for _ in range(40):  # the bot writes its buffer within a second or two
                if len(rows(settings)) == 2:
                    break
                await _sleep()
        assert [r["entry_id"] for r in rows(settings)] == ["deadline", "who-can-apply"]


async def _sleep() -> None:
    import asyncio

    await asyncio.sleep(0.1)
