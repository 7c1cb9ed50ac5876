"""Everything else a user may send: stickers, photos, voice, edits... and errors."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError

from bot.messages import telegram
from handlers.common import Context, addressed_text, is_private, send, user_lang

log = logging.getLogger(__name__)


async def not_text(update: Update, context: Context) -> None:
    """Answer a sticker, photo, voice note, document, location... with a polite hint."""
    message = update.effective_message
    if message is None:
        return
    if (
        not is_private(update)
        and addressed_text(message, context.bot.username, context.bot.id) is None
    ):
        return
    await send(update, telegram("not_text", user_lang(update, context)))


async def edited(update: Update, context: Context) -> None:
    """Explain that edited messages are not reread (in private chats only)."""
    if is_private(update):
        await send(update, telegram("edited", user_lang(update, context)))


async def error_handler(update: object, context: Context) -> None:
    """Log the error and keep serving; tell the user when that can still work."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("user blocked the bot or left the chat: %s", error)
        return
    if isinstance(error, RetryAfter | NetworkError):
        log.warning("Bot API unavailable, reply given up: %s: %s", type(error).__name__, error)
        return
    log.error("error while handling an update", exc_info=error)
    if (
        isinstance(update, Update)
        and update.effective_chat
        and not isinstance(error, TelegramError)
    ):
        try:
            await send(update, telegram("error", user_lang(update, context)))
        except Exception as e:  # the error message itself may fail: never loop
            log.warning("could not tell the user about the error: %s", e)
