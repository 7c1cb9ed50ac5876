"""Run the real bot (``bot.runner.serve``) in-process against the fake Bot API."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from botprocess import free_port
from conftest import FAQ_DIR, TODAY
from fakebotapi import FakeBotAPI

from bot.encoder import SentenceEncoder
from bot.runner import serve
from bot.settings import Settings

TEST_KEY = "test-pseudonym-key-at-least-32-bytes"


def settings_for(fake: FakeBotAPI, tmp_path: Path, *, webhook: bool, **extra: Any) -> Settings:
    port = free_port()
    values: dict[str, Any] = {
        "telegram_bot_token": fake.token,
        "telegram_api_base_url": fake.base_url,
        "port": port,
        "db_path": tmp_path / "faqbot.db",
        "faq_dir": FAQ_DIR,
        "today": TODAY,
        "pseudonym_key": TEST_KEY,
        "webhook_url": f"http://127.0.0.1:{port}/telegram/hook" if webhook else None,
        "webhook_secret": "s3cret-token" if webhook else None,
    }
    return Settings(**{**values, **extra})


@asynccontextmanager
async def running(
    fake: FakeBotAPI,
    settings: Settings,
    encoder: SentenceEncoder,
    reload_every: float = 1.0,
    **serve_options: Any,
) -> AsyncIterator[None]:
    """The bot serving until the block ends; ready once it polls or has set its webhook."""
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(
            settings,
            stop=stop,
            embed=encoder,
            backoff=0.05,
            reload_every=reload_every,
            host="127.0.0.1",
            **serve_options,
        )
    )
    ready = "setWebhook" if settings.webhook_url else "getUpdates"
    for _ in range(200):
        if task.done():
            task.result()  # raises what stopped it
        if fake.calls(ready):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError(f"the bot never called {ready}")
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


def rows(settings: Settings, where: str = "1", *params: Any) -> list[dict[str, Any]]:
    with sqlite3.connect(settings.db_path) as conn:
        conn.row_factory = sqlite3.Row
        query = f"SELECT * FROM questions WHERE {where} ORDER BY id"
        return [dict(r) for r in conn.execute(query, params)]


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(text, callback_data) of every inline button of a sent message."""
    markup = message.get("reply_markup") or {}
    return [
        (b["text"], b.get("callback_data", ""))
        for row in markup.get("inline_keyboard", [])
        for b in row
    ]
