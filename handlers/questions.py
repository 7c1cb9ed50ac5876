"""Free text and button clicks: the conversation with the answering engine."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from typing import cast

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError

from bot.engine import Reply, Suggestion
from bot.kb import Lang
from bot.messages import telegram
from handlers.common import (
    CHANNEL,
    Context,
    addressed_text,
    answer_keyboard,
    assistant,
    entry_buttons,
    is_private,
    language_code,
    send,
    topics_keyboard,
    user_lang,
)

log = logging.getLogger(__name__)


async def question(update: Update, context: Context) -> None:
    """Answer, suggest or decline a question typed by the user."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    text = message.text or ""
    if not is_private(update):
        addressed = addressed_text(message, context.bot.username, context.bot.id)
        if addressed is None:
            return  # in groups, only messages meant for the bot
        text = addressed
    helper = assistant(context)
    chosen = helper.language_of(channel=CHANNEL, user=user.id)
    asked = await helper.ask_async(
        text,
        channel=CHANNEL,
        user=user.id,
        lang=chosen,
        default_lang=language_code(user),
        update_id=update.update_id,
    )
    await reply_with(update, context, asked.reply, asked.row_id)


async def reply_with(update: Update, context: Context, reply: Reply, row_id: int | None) -> None:
    """Send a reply with the buttons its outcome calls for; a reply that cannot be
    delivered (Bot API down after the retries, user blocked the bot) is marked on its row."""
    keyboard: InlineKeyboardMarkup | None
    if reply.outcome == "suggested":
        keyboard = InlineKeyboardMarkup(entry_buttons(reply.suggestions, reply.lang))
    elif reply.outcome == "unanswered":
        keyboard = topics_keyboard(context, reply.lang, limit=4)
    else:
        keyboard = answer_keyboard(reply, row_id)
    try:
        await send(update, reply.html, keyboard)
    except TelegramError:
        if row_id is not None:
            with contextlib.suppress(sqlite3.Error):
                assistant(context).log.mark_undelivered(row_id)
        raise  # the error handler logs it


async def button(update: Update, context: Context) -> None:
    """Handle a click on an inline button: an entry, a topic, feedback, a language."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    kind, _, value = (query.data or "").partition(":")
    lang = user_lang(update, context)
    helper = assistant(context)
    if kind == "e":
        shown_in, _, entry_id = value.partition(":")
        if shown_in in ("fr", "en"):
            lang = cast(Lang, shown_in)
        asked = helper.click(
            entry_id, channel=CHANNEL, user=user.id, lang=lang, update_id=update.update_id
        )
        # CallbackQueries need to be answered, even if no notification to the user is needed.
        await query.answer()
        if asked is None:
            await send(update, telegram("entry_gone", lang))
        else:
            await reply_with(update, context, asked.reply, asked.row_id)
    elif kind == "c":
        await query.answer()
        await show_category(update, context, value, lang)
    elif kind == "t":
        await query.answer()
        await send(update, telegram("topics", lang), topics_keyboard(context, lang))
    elif kind == "f":
        await feedback(update, context, value, lang)
    elif kind == "l" and value in ("fr", "en"):
        chosen = cast(Lang, value)
        helper.set_language(chosen, channel=CHANNEL, user=user.id)
        await query.answer(telegram("lang_set", chosen))
        await send(update, telegram("lang_set", chosen))
    else:
        await query.answer()  # stale or forged data: nothing to do


async def show_category(update: Update, context: Context, category: str, lang: Lang) -> None:
    """List a category's questions as buttons."""
    engine = assistant(context).engine
    entries = engine.kb.in_category(category)
    if not entries:
        await send(update, telegram("topics", lang), topics_keyboard(context, lang))
        return
    items = [Suggestion(e.id, engine.title(e, lang), 0.0) for e in entries]
    title = engine.kb.categories.get(category, {}).get(lang, category)
    await send(
        update,
        telegram("topic_entries", lang, topic=title),
        InlineKeyboardMarkup(entry_buttons(items, lang)),
    )


async def feedback(update: Update, context: Context, value: str, lang: Lang) -> None:
    """Store 👍 / 👎 against the question's log row, acknowledge, and drop the two buttons."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    row, _, vote = value.partition(":")
    if not row.isdigit() or vote not in ("1", "-1"):
        await query.answer()
        return
    stored = assistant(context).feedback(int(row), int(vote), channel=CHANNEL, user=user.id)
    await query.answer(telegram("thanks_feedback" if stored else "feedback_gone", lang))
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if stored and message is not None and markup is not None:
        kept = [r for r in markup.inline_keyboard if not any(b.text in ("👍", "👎") for b in r)]
        try:
            await query.edit_message_reply_markup(InlineKeyboardMarkup(kept) if kept else None)
        except BadRequest as e:  # "message is not modified" after a double click
            log.info("feedback keyboard not edited: %s", e)
