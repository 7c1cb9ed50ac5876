"""``faqbot run``: the Telegram bot, by long polling or by webhook, and the web server."""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
import sqlite3
from urllib.parse import urlparse

from aiohttp import web
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application

from bot.matcher import Embedder
from bot.service import Assistant, Reloaded, fingerprint
from bot.settings import Settings
from bot.telegram_app import ALLOWED_UPDATES, build_application, publish_commands
from bot.web import WebConfig, make_app
from handlers.admin import reload_report

log = logging.getLogger(__name__)


async def serve(
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    embed: Embedder | None = None,
    backoff: float = 0.5,
    reload_every: float = 1.0,
    host: str = "0.0.0.0",  # a platform routes its public port to this process
) -> None:
    """Run until ``stop`` is set (or SIGTERM / SIGINT).

    Without FAQBOT_WEBHOOK_URL: long polling. With it: Telegram posts updates to our aiohttp
    server, at that URL's path, with a secret token checked on every call. Both modes also
    serve ``GET /healthz`` and ``POST /api/v1/ask`` on ``PORT``.
    """
    if embed is None:
        from bot.encoder import SentenceEncoder

        embed = SentenceEncoder()
    stop = stop or _stop_on_signals()
    assistant = Assistant(settings, embed)
    webhook_url = settings.webhook_url
    application = build_application(settings, assistant, webhook=bool(webhook_url), backoff=backoff)
    # Without a configured secret, a random one per start: setWebhook tells Telegram.
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    config = WebConfig(
        webhook_path=urlparse(webhook_url).path or "/" if webhook_url else None,
        webhook_secret=secret,
        api_token=settings.api_token,
    )
    runner = web.AppRunner(make_app(assistant, config, application), access_log=None)
    async with application:
        await publish_commands(application)
        await application.start()
        await runner.setup()
        await web.TCPSite(runner, host, settings.port).start()
        if webhook_url:
            await application.bot.set_webhook(
                webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
            )
            log.info("webhook mode on port %s, path %s", settings.port, config.webhook_path)
        else:
            assert application.updater is not None
            await application.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, poll_interval=0.0, timeout=10
            )
            log.info("polling mode; health and API on port %s", settings.port)
        log.info("knowledge base version %s", assistant.engine.version)
        background = [
            asyncio.create_task(watch_faq(assistant, application, reload_every)),
            asyncio.create_task(apply_retention(assistant)),
        ]
        await stop.wait()
        log.info("stopping")
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        await runner.cleanup()
        await application.stop()
    assistant.log.close()


async def watch_faq(
    assistant: Assistant,
    application: Application,  # type: ignore[type-arg]
    every: float = 1.0,
) -> None:
    """Poll the FAQ folder; reload on change. An invalid FAQ keeps the last good version
    live, and its problems go to the log and, once per broken version, to the admins."""
    seen = fingerprint(assistant.settings.faq_dir)
    while True:
        await asyncio.sleep(every)
        now = fingerprint(assistant.settings.faq_dir)
        if now == seen:
            continue
        seen = now
        result = await asyncio.to_thread(assistant.reload)
        if result.problems:
            await notify_admins(assistant, application, result)


async def notify_admins(
    assistant: Assistant,
    application: Application,  # type: ignore[type-arg]
    result: Reloaded,
) -> None:
    """Send a failed reload's problems to every admin, in their language."""
    for admin_id in sorted(assistant.settings.admin_ids):
        lang = assistant.language_of(channel="telegram", user=admin_id) or "fr"
        try:
            await application.bot.send_message(
                admin_id, reload_report(result, lang), parse_mode=ParseMode.HTML
            )
        except TelegramError as e:  # an admin who never started the bot, or the API down
            log.warning("could not tell admin about the invalid FAQ: %s", e)


async def apply_retention(assistant: Assistant, every: float = 24 * 3600) -> None:
    """Delete questions past FAQBOT_RETENTION_DAYS, at start and then daily."""
    while True:
        try:
            await asyncio.to_thread(assistant.purge)
        except sqlite3.Error as e:  # a locked or full database: try again next time
            log.error("retention not applied: %s", e)
        await asyncio.sleep(every)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
