"""Free text and button clicks: the conversation, through bot.conversation."""

from __future__ import annotations

import contextlib
import logging
import sqlite3

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError

from bot.dialogue import Response
from handlers.common import (
    Context,
    addressed_text,
    assistant,
    chat_of,
    conversation,
    is_private,
    respond,
)

log = logging.getLogger(__name__)


async def question(update: Update, context: Context) -> None:
    """Answer, suggest or decline what the user typed (several questions, follow-ups)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    text = message.text or ""
    if not is_private(update):
        addressed = addressed_text(message, context.bot.username, context.bot.id)
        if addressed is None:
            return  # in groups, only messages meant for the bot
        text = addressed
    response = await conversation(context).message(
        chat_of(update), text, update_id=update.update_id
    )
    await reply_with(update, context, response)


async def reply_with(update: Update, context: Context, response: Response) -> None:
    """Send a reply; one that cannot be delivered (Bot API down after the retries, user
    blocked the bot) is marked on its rows."""
    try:
        await respond(update, response)
    except TelegramError:
        for row_id in response.row_ids:
            if row_id is not None:
                with contextlib.suppress(sqlite3.Error):
                    assistant(context).log.mark_undelivered(row_id)
        raise  # the error handler logs it


async def button(update: Update, context: Context) -> None:
    """Handle a click on an inline button: an entry, a topic, feedback, a language."""
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    response = conversation(context).action(
        chat_of(update), query.data or "", update_id=update.update_id
    )
    if response.kind == "feedback" or (query.data or "").startswith("f:"):
        await feedback_done(update, response)
        return
    # CallbackQueries need to be answered, even if no notification to the user is needed.
    if (query.data or "").startswith("l:"):
        await query.answer(response.text)
    else:
        await query.answer()
    await reply_with(update, context, response)


async def feedback_done(update: Update, response: Response) -> None:
    """Acknowledge 👍 / 👎 in a toast and drop the two buttons from the answer."""
    query = update.callback_query
    assert query is not None
    await query.answer(response.text)
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if response.kind == "feedback" and message is not None and markup is not None:
        kept = [r for r in markup.inline_keyboard if not any(b.text in ("👍", "👎") for b in r)]
        try:
            await query.edit_message_reply_markup(InlineKeyboardMarkup(kept) if kept else None)
        except BadRequest as e:  # "message is not modified" after a double click
            log.info("feedback keyboard not edited: %s", e)
