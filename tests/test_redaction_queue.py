"""Redaction off the reply path: rows are written with their text empty, the text redacted
a moment later; never unredacted on disk, never lost, and after the reply is handed to the
Bot API client."""

from __future__ import annotations

import asyncio
import asyncio.selector_events
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fakebotapi import FakeBotAPI
from telegram_harness import rows, running, settings_for

from bot.encoder import SentenceEncoder
from bot.redaction_queue import RedactionQueue
from bot.store import QuestionLog

PII = "je suis Jean Dupont, 06 12 34 56 78, jean.dupont@mairie.fr"
REDACTED = "je suis [name], [phone], [email]"


def on_disk(tmp_path: Path) -> bytes:
    """Every byte of the database and its WAL."""
    return b"".join(p.read_bytes() for p in tmp_path.glob("q.db*") if p.is_file())


def test_without_a_loop_the_text_is_redacted_at_once(tmp_path: Path) -> None:
    qlog = QuestionLog(tmp_path / "q.db")
    row_id = qlog.log(channel="cli", user=None, lang="fr", question=PII, outcome="answered")
    assert qlog.rows()[0]["question"] == REDACTED and row_id == 1
    assert b"Dupont" not in on_disk(tmp_path)


async def test_on_the_loop_the_text_is_written_after_the_reply(tmp_path: Path) -> None:
    qlog = QuestionLog(tmp_path / "q.db")
    row_id = qlog.log(channel="telegram", user="u", lang="fr", question=PII, outcome="answered")
    assert row_id is not None
    await asyncio.sleep(0)
    assert qlog.rows()[0]["question"] is None  # the reply goes out first
    assert b"Dupont" not in on_disk(tmp_path) and b"06 12" not in on_disk(tmp_path)
    qlog.redaction.after_reply()
    assert qlog.rows()[0]["question"] == REDACTED
    assert b"Dupont" not in on_disk(tmp_path)
    qlog.close()


async def test_without_a_reply_a_timer_writes_the_text(tmp_path: Path) -> None:
    qlog = QuestionLog(tmp_path / "q.db")
    qlog.log(channel="api", user="u", lang="fr", question=PII, outcome="answered")
    for _ in range(100):
        if qlog.rows()[0]["question"]:
            break
        await asyncio.sleep(0.05)
    assert qlog.rows()[0]["question"] == REDACTED


async def test_a_conversation_keeps_its_last_context_text(tmp_path: Path) -> None:
    qlog = QuestionLog(tmp_path / "q.db")
    qlog.set_context("c1", user="u", entry_id="deadline", question="date limite ?", lang="fr")
    qlog.set_context("c1", user="u", entry_id="cost", question="mon 06 12 34 56 78 ?", lang="fr")
    qlog.redaction.after_reply()
    context = qlog.get_context("c1")
    assert context is not None
    assert (context["entry_id"], context["question"]) == ("cost", "mon [phone] ?")


async def test_texts_wait_while_the_database_is_locked_and_close_writes_them(
    tmp_path: Path,
) -> None:
    qlog = QuestionLog(tmp_path / "q.db", timeout=0.05)
    row_id = qlog.log(channel="telegram", user="u", lang="fr", question=PII, outcome="answered")
    other = sqlite3.connect(tmp_path / "q.db")
    other.execute("BEGIN EXCLUSIVE")
    qlog.redaction.after_reply()  # locked: the text waits, in memory only
    assert len(qlog.redaction.waiting) == 1
    other.rollback()
    other.close()
    qlog.close()  # writes what waits
    check = QuestionLog(tmp_path / "q.db")
    assert [r["question"] for r in check.rows() if r["id"] == row_id] == [REDACTED]


async def test_rows_buffered_in_memory_are_redacted_before_they_wait(tmp_path: Path) -> None:
    qlog = QuestionLog(tmp_path / "q.db", timeout=0.05)
    other = sqlite3.connect(tmp_path / "q.db")
    other.execute("BEGIN EXCLUSIVE")
    assert qlog.log(channel="api", user="u", lang="fr", question=PII, outcome="answered") is None
    assert [r["question"] for r in qlog.pending] == [REDACTED]
    other.rollback()
    other.close()


def test_queue_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.redaction_queue.MAX_WAITING", 2)
    qlog = QuestionLog(tmp_path / "q.db", timeout=0.05)
    other = sqlite3.connect(tmp_path / "q.db")
    queue: RedactionQueue = qlog.redaction
    other.execute("BEGIN EXCLUSIVE")
    for key in range(3):
        queue.add("questions", "id", key, PII)
    assert len(queue.waiting) == 2 and queue.dropped == 1
    other.rollback()
    other.close()


@pytest.mark.asyncio(loop_scope="function")
async def test_the_reply_is_written_to_the_bot_api_before_the_redaction_runs(
    tmp_path: Path, encoder: SentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    transport = asyncio.selector_events._SelectorSocketTransport  # type: ignore[attr-defined]
    write = transport.write
    settle = RedactionQueue.settle

    def spying_write(self: Any, data: Any) -> None:
        if b"/sendMessage" in bytes(data):
            events.append("reply written")
        write(self, data)

    def spying_settle(self: RedactionQueue) -> int:
        if self.waiting:
            events.append("redaction")
        return settle(self)

    monkeypatch.setattr(transport, "write", spying_write)
    monkeypatch.setattr(RedactionQueue, "settle", spying_settle)
    async with FakeBotAPI() as fake:
        settings = settings_for(fake, tmp_path, webhook=False)
        async with running(fake, settings, encoder):
            fake.queue_update(fake.make_message_update(f"{PII}, c'est quand la date limite ?"))
            await fake.wait_for("sendMessage", count=1, timeout=10)
            for _ in range(100):
                if rows(settings) and rows(settings)[0]["question"]:
                    break
                await asyncio.sleep(0.02)
    assert events[:2] == ["reply written", "redaction"], events
    assert rows(settings)[0]["question"].startswith(REDACTED)


async def test_a_follow_up_before_the_redaction_reads_the_context_text(tmp_path: Path) -> None:
    """The HTTP API settles on a timer: a follow-up arriving first redacts what waits."""
    qlog = QuestionLog(tmp_path / "q.db")
    qlog.set_context("c1", user="u", entry_id="deadline", question="date limite ?", lang="fr")
    context = qlog.get_context("c1")
    assert context is not None and context["question"] == "date limite ?"


async def test_a_follow_up_redacts_only_its_own_context_on_the_reply_path(tmp_path: Path) -> None:
    qlog = QuestionLog(tmp_path / "q.db")
    qlog.set_context("c1", user="u", entry_id="cost", question="mon 06 12 34 56 78 ?", lang="fr")
    qlog.set_context("c2", user="v", entry_id="deadline", question="date limite ?", lang="fr")
    context = qlog.get_context("c1")
    assert context is not None and context["question"] == "mon [phone] ?"
    assert len(qlog.redaction.waiting) == 2  # nothing written on the reply path
    qlog.redaction.after_reply()
    stored = qlog.db.execute("SELECT question FROM contexts WHERE conversation = 'c1'")
    assert stored.fetchone()[0] == "mon [phone] ?"  # the queue writes the same text later
