"""The python-telegram-bot Application: built here, handlers registered in handlers/."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand, Update
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.conversation import Conversation
from bot.delivery import CURRENT, OUTBOX, Delivery, Outbox, OutboxLimiter, Record
from bot.messages import COMMANDS
from bot.service import Assistant
from bot.settings import Settings
from handlers import register
from handlers.common import ASSISTANT, CHANNEL, CONVERSATION

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class RetryingRateLimiter(AIORateLimiter):
    """Telegram's flood limits (AIORateLimiter, which also waits out ``RetryAfter``), plus
    retries with exponential backoff when the Bot API times out or answers 5xx.

    ``getUpdates`` is not retried here: the updater already loops on it.
    """

    def __init__(self, attempts: int = 4, backoff: float = 0.5, **kwargs: Any) -> None:
        super().__init__(max_retries=3, **kwargs)
        self.attempts = attempts
        self.backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except NetworkError as e:  # TimedOut and 5xx; BadRequest is the caller's fault
                if (
                    isinstance(e, BadRequest)
                    or endpoint == "getUpdates"
                    or attempt == self.attempts
                ):
                    raise
                log.warning(
                    "Bot API %s failed (%s), retry %d/%d in %.1f s",
                    endpoint,
                    type(e).__name__,
                    attempt,
                    self.attempts - 1,
                    delay,
                )
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")


async def publish_commands(application: Application) -> None:  # type: ignore[type-arg]
    """Publish the command menu in French (also the default) and English.

    A failure is logged, not fatal: the bot answers without a menu.
    """
    bot = application.bot
    try:
        for lang in ("fr", "en"):
            commands = [BotCommand(name, text) for name, text in COMMANDS[lang]]
            await bot.set_my_commands(commands, language_code=lang)
        await bot.set_my_commands([BotCommand(n, t) for n, t in COMMANDS["fr"]])
    except TelegramError as e:
        log.warning("command menu not published: %s", e)


async def handle_update(
    application: Application,  # type: ignore[type-arg]
    assistant: Assistant,
    update: Update,
) -> None:
    """Process one update, once: the single path of both modes (webhook and polling).

    The caller acknowledges the update to Telegram only after this returns, so nothing
    acknowledged is lost. An update handled to the end is skipped, so a redelivery is not
    answered twice; one a crash interrupted is handled again, and only the messages it had
    not delivered are sent (see :mod:`bot.delivery`). When the database is unavailable, the
    update is answered anyway.
    """
    outbox: Outbox = application.bot_data[OUTBOX]
    async with outbox.lock(update.update_id):
        recorded: dict[int, Record] = {}
        try:
            if assistant.log.seen_update(update.update_id):
                log.info("update %s already handled: skipped", update.update_id)
                return
            recorded = outbox.recorded(update.update_id)
        except sqlite3.Error as e:
            log.warning("cannot check update %s for redelivery: %s", update.update_id, e)
        if recorded:
            log.info("update %s was interrupted: handled again", update.update_id)
        user = update.effective_user
        delivery = Delivery(
            update.update_id, assistant.user(CHANNEL, user.id) if user else None, recorded
        )
        token = CURRENT.set(delivery)
        try:
            await application.process_update(update)
        finally:
            CURRENT.reset(token)
        try:
            await outbox.send_left(application.bot, delivery)
        except TelegramError as e:
            log.warning("update %s: interrupted reply not resent: %s", update.update_id, e)
        assistant.log.redaction.after_reply()  # the reply is sent: now redact the question
        try:
            assistant.log.claim_update(update.update_id)
        except sqlite3.Error as e:
            log.warning("cannot record update %s as handled: %s", update.update_id, e)


def build_application(
    settings: Settings, assistant: Assistant, *, backoff: float = 0.5
) -> Application:  # type: ignore[type-arg]
    """The bot: token and Bot API URL from the settings, rate limits, retries, handlers."""
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN: not set")
    # Bot API URLs carry the token: keep httpx's request lines out of the logs.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    base = settings.telegram_api_base_url
    outbox = Outbox(assistant.log)
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(base)
        .base_file_url(base.replace("/bot", "/file/bot", 1) if base.endswith("/bot") else base)
        .rate_limiter(
            OutboxLimiter(
                # Telegram's broadcast limit is about 30 messages a second; 0: no overall
                # cap (a bot with higher limits). Per-group limits and RetryAfter always apply.
                RetryingRateLimiter(
                    backoff=backoff, overall_max_rate=settings.max_sends_per_second
                ),
                outbox,
            )
        )
    )
    # No PTB Updater: updates reach handle_update from our webhook server or our own
    # polling loop (bot.runner.poll), which acknowledges a batch only once it is processed.
    application = builder.updater(None).build()
    application.bot_data[ASSISTANT] = assistant
    application.bot_data[OUTBOX] = outbox
    application.bot_data[CONVERSATION] = Conversation(assistant)
    register(application, settings.admin_ids)
    return application
