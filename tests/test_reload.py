"""Live reload of the FAQ, admin commands and their privacy: real files, real bot."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from conftest import FAQ_DIR, TODAY
from fakebotapi import FakeBotAPI
from telegram_harness import running, settings_for

from bot.encoder import SentenceEncoder
from bot.service import Assistant
from bot.settings import Settings

ADMIN = 4242
NEW_PHRASING = "        - Combien coûte un café à la cantine de la CNIL ?\n"


def faq_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, folder)
    return folder


def add_phrasing(folder: Path) -> None:
    """Add a French phrasing to the contact entry (a file edit, as staff would do)."""
    path = folder / "contact.yaml"
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "fr:") + 1
    path.write_text("".join([*lines[:at], NEW_PHRASING, *lines[at:]]))


def test_reload_picks_up_an_edit(tmp_path: Path, encoder: SentenceEncoder) -> None:
    folder = faq_copy(tmp_path)
    assistant = Assistant(Settings(faq_dir=folder, db_path=tmp_path / "db", today=TODAY), encoder)
    before = assistant.engine.version
    assert assistant.reload().changed is False
    add_phrasing(folder)
    result = assistant.reload()
    assert result.changed and result.version != before
    assert assistant.engine.version == result.version


def test_broken_file_keeps_the_last_good_version(tmp_path: Path, encoder: SentenceEncoder) -> None:
    folder = faq_copy(tmp_path)
    assistant = Assistant(Settings(faq_dir=folder, db_path=tmp_path / "db", today=TODAY), encoder)
    before = assistant.engine.version
    (folder / "calendar.yaml").write_text("entries:\n  - id: deadline\n    questions: [\n")
    result = assistant.reload()
    assert not result.changed and result.version == before
    assert any("calendar.yaml:" in str(p) for p in result.problems)
    reply = assistant.ask("date limite ?", channel="cli", user=None).reply
    assert reply.entry_id == "deadline" and "clos depuis" in reply.html


@pytest.mark.asyncio(loop_scope="function")
async def test_running_bot_reloads_and_tells_admins(
    tmp_path: Path, encoder: SentenceEncoder
) -> None:
    folder = faq_copy(tmp_path)
    async with FakeBotAPI() as fake:
        settings = settings_for(
            fake, tmp_path, webhook=True, faq_dir=folder, admin_ids=frozenset({ADMIN})
        )
        async with running(fake, settings, encoder, reload_every=0.1):
            url = f"http://127.0.0.1:{settings.port}/healthz"
            first = await health(url)
            (folder / "calendar.yaml").write_text("entries: [\n")  # broken
            [alert] = await fake.wait_for("sendMessage", timeout=5)
            assert alert["chat_id"] == ADMIN and "calendar.yaml:" in alert["text"]
            assert await health(url) == first  # still the last good version
            status, _ = await fake.deliver_webhook(fake.make_message_update("who can apply?"))
            assert status == 200 and "organisations" in fake.sent_messages()[-1]["text"]
            shutil.copy(FAQ_DIR / "calendar.yaml", folder / "calendar.yaml")
            add_phrasing(folder)
            for _ in range(400):  # the new version goes live (not a timing test: up to 20 s)
                if await health(url) != first:
                    break
                await asyncio.sleep(0.05)
            assert await health(url) != first


async def health(url: str) -> str:
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return str((await response.json())["kb_version"])


@pytest.mark.asyncio(loop_scope="function")
async def test_admin_commands_only_for_admins(tmp_path: Path, encoder: SentenceEncoder) -> None:
    async with FakeBotAPI() as fake:
        settings = settings_for(fake, tmp_path, webhook=True, admin_ids=frozenset({ADMIN}))
        async with running(fake, settings, encoder):
            await fake.deliver_webhook(fake.make_message_update("comment avoir un passeport"))
            for command in ("/stats", "/unanswered", "/reload"):
                await fake.deliver_webhook(fake.make_message_update(command, user_id=ADMIN))
                await fake.deliver_webhook(fake.make_message_update(command, user_id=777))
    by_chat: dict[int, list[str]] = {}
    for message in fake.sent_messages():
        by_chat.setdefault(message["chat"]["id"], []).append(message["text"])
    assert len(by_chat[777]) == 3 and all("don't know that command" in t for t in by_chat[777])
    stats, unanswered, reloaded = by_chat[ADMIN]
    assert "Questions: 1" in stats and "passeport" in unanswered and "unchanged" in reloaded
