"""``faqbot run``: the web server (chat, API, health) and, with a token, the Telegram bot by
long polling or by webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
import sqlite3
from collections.abc import Callable
from urllib.parse import urlparse

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.delivery import OUTBOX
from bot.kb import Problem
from bot.matcher import Embedder
from bot.service import Assistant, Reloaded, fingerprint
from bot.settings import Settings, SettingsError
from bot.telegram_app import ALLOWED_UPDATES, build_application, handle_update, publish_commands
from bot.web import WebConfig, make_app
from bot.webchat import ChatConfig
from bot.webguard import GuardedSite, Limits, make_runner
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
    limits: Limits | None = None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Run until ``stop`` is set (or SIGTERM / SIGINT).

    Every mode serves the web chat (``GET /``, ``/widget.js``, ``POST /api/v1/chat``),
    ``GET /healthz`` and ``POST /api/v1/ask`` on ``PORT``; ``ready`` gets the chat's local
    address once it listens. Without TELEGRAM_BOT_TOKEN: the web channel alone. With it,
    Telegram too, in the same process: long polling, or with FAQBOT_WEBHOOK_URL, Telegram
    posts updates to that URL's path, with a secret token checked on every call.
    """
    encoder = None
    if embed is None:
        from bot.encoder import SentenceEncoder

        encoder = SentenceEncoder(cache_path=settings.embedding_cache)
        embed = encoder
    stop = stop or _stop_on_signals()
    assistant = Assistant(settings, embed)
    warm_up = None
    if encoder is not None:
        # The FAQ's embeddings came from the disk cache; the model, needed for the first
        # question, loads in a thread while the bot connects to Telegram.
        warm_up = asyncio.create_task(asyncio.to_thread(encoder.warm_up))
    application = None
    if settings.telegram_bot_token:
        application = build_application(settings, assistant, backoff=backoff)
    webhook_url = settings.webhook_url if application is not None else None
    # Without a configured secret, a random one per start: setWebhook tells Telegram.
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    config = WebConfig(
        webhook_path=urlparse(webhook_url).path or "/" if webhook_url else None,
        webhook_secret=secret,
        api_token=settings.api_token,
        trusted_proxies=settings.trusted_proxies,
        limits=limits or Limits(),
    )
    chat = ChatConfig(origins=settings.web_origins, trusted_proxies=settings.trusted_proxies)
    runner = make_runner(make_app(assistant, config, application, chat), config.limits)
    if application is not None:
        try:
            await application.initialize()  # getMe: checks the token
        except InvalidToken:
            # PTB's message quotes the token: say it was rejected, never print it.
            with contextlib.suppress(Exception):
                await application.bot.shutdown()
            assistant.log.close()
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN: rejected by Telegram (check it with @BotFather)"
            ) from None
    async with contextlib.AsyncExitStack() as telegram:
        if application is not None:
            await telegram.enter_async_context(application)
            await publish_commands(application)
            await application.start()
        await runner.setup()
        await GuardedSite(runner, host, settings.port, config.limits).start()
        if application is None:
            log.info("web chat only (no TELEGRAM_BOT_TOKEN) on port %s", settings.port)
        elif webhook_url:
            await application.bot.set_webhook(
                webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
            )
            log.info("webhook mode on port %s, path %s", settings.port, config.webhook_path)
        else:
            await application.bot.delete_webhook()
            log.info("polling mode; web chat, health and API on port %s", settings.port)
        log.info("knowledge base version %s", assistant.engine.version)
        if ready is not None:
            ready(f"http://127.0.0.1:{settings.port}/")
        background = [
            asyncio.create_task(watch_faq(assistant, application, reload_every)),
            asyncio.create_task(apply_retention(assistant)),
            asyncio.create_task(flush_pending(assistant)),
        ]
        if application is not None:
            # Replies a crash left undelivered go first (a redelivery of their update
            # waits for them, then sends none of them twice).
            outbox = application.bot_data[OUTBOX]
            background.insert(0, asyncio.create_task(outbox.resend_interrupted(application.bot)))
            if not webhook_url:
                background.append(asyncio.create_task(poll(application, assistant, backoff)))
        if settings.matrix is not None:  # the Matrix (Tchap) channel; cancelled with the others
            from handlers.matrix import serve as serve_matrix

            background.append(asyncio.create_task(serve_matrix(settings.matrix, assistant)))
            log.info("matrix channel for %s", settings.matrix.user_id)
        await stop.wait()
        log.info("stopping")
        if warm_up is not None:
            await asyncio.gather(warm_up, return_exceptions=True)
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        await runner.cleanup()
        if application is not None:
            await application.stop()
    assistant.log.close()


async def poll(
    application: Application,  # type: ignore[type-arg]
    assistant: Assistant,
    backoff: float = 0.5,
    timeout: int = 10,
) -> None:
    """Long polling, one batch (up to 100 updates) at a time.

    A batch is processed before the next getUpdates call acknowledges it (its offset), so
    a crash never loses an acknowledged update. Chats are served concurrently, each chat's
    updates in order.
    """
    bot, offset, delay = application.bot, 0, backoff
    try:
        while True:
            try:
                updates = await bot.get_updates(
                    offset=offset, limit=100, timeout=timeout, allowed_updates=ALLOWED_UPDATES
                )
            except TelegramError as e:  # network, 5xx, 409 conflict: wait and try again
                log.warning("getUpdates failed (%s), retrying in %.1f s", e, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            delay = backoff
            if updates:
                await asyncio.gather(
                    *(chat(application, assistant, batch) for batch in by_chat(updates))
                )
                offset = updates[-1].update_id + 1
    finally:
        if offset:  # acknowledge the last batch, so a restart does not fetch it again
            with contextlib.suppress(TelegramError, asyncio.CancelledError):
                await asyncio.shield(bot.get_updates(offset=offset, limit=1, timeout=0))


def by_chat(updates: list[Update]) -> list[list[Update]]:
    """Updates grouped by chat, each group in arrival order."""
    groups: dict[int | None, list[Update]] = {}
    for update in updates:
        key = update.effective_chat.id if update.effective_chat else None
        groups.setdefault(key, []).append(update)
    return list(groups.values())


async def chat(
    application: Application,  # type: ignore[type-arg]
    assistant: Assistant,
    updates: list[Update],
) -> None:
    """One chat's updates, in order."""
    for update in updates:
        await handle_update(application, assistant, update)


async def watch_faq(
    assistant: Assistant,
    application: Application | None,  # type: ignore[type-arg]
    every: float = 1.0,
) -> None:
    """Poll the FAQ folder; reload on change. An invalid FAQ keeps the last good version
    live, and its problems go to the log and, once per broken version, to the admins (on
    Telegram, when it runs).

    The watcher never dies: a failure of its own (out of memory, a bug) is logged, sent
    to the admins, and it goes on watching.
    """
    seen = fingerprint(assistant.settings.faq_dir)
    while True:
        await asyncio.sleep(every)
        try:
            now = fingerprint(assistant.settings.faq_dir)
            if now == seen:
                continue
            seen = now
            result = await asyncio.to_thread(assistant.reload)
        except Exception as e:
            log.exception("FAQ reload failed, still serving version %s", assistant.engine.version)
            problem = Problem(
                str(assistant.settings.faq_dir), 0, f"reload failed: {type(e).__name__}"
            )
            result = Reloaded(False, assistant.engine.version, (problem,))
        if result.problems and application is not None:
            try:
                await notify_admins(assistant, application, result)
            except Exception:
                log.exception("admins not told about the FAQ's problems")


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


async def flush_pending(assistant: Assistant, every: float = 1.0) -> None:
    """Write the question rows kept in memory while the database was unavailable."""
    while True:
        await asyncio.sleep(every)
        if assistant.log.pending:
            with contextlib.suppress(sqlite3.Error):  # still unavailable: next time
                assistant.log.flush()  # on the loop's thread, like every write


async def apply_retention(assistant: Assistant, every: float = 24 * 3600) -> None:
    """Delete questions past FAQBOT_RETENTION_DAYS, at start and then daily."""
    while True:
        try:
            assistant.purge()  # on the loop's thread, like every write
        except sqlite3.Error as e:  # a locked or full database: try again next time
            log.error("retention not applied: %s", e)
        await asyncio.sleep(every)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
