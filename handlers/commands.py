"""Command handlers: /start, /help, /topics, /privacy, /forget, /lang."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.engine import Suggestion
from bot.messages import telegram
from handlers.common import (
    CHANNEL,
    EXAMPLES,
    Context,
    assistant,
    button,
    entry_buttons,
    send,
    topics_keyboard,
    user_lang,
)


async def start(update: Update, context: Context) -> None:
    """Welcome the user, say what the bot answers, show example questions."""
    lang = user_lang(update, context)
    engine = assistant(context).engine
    examples = [
        Suggestion(e, engine.title(engine.kb.by_id[e], lang), 0.0)
        for e in EXAMPLES
        if e in engine.kb.by_id
    ]
    days = assistant(context).settings.retention_days
    await send(
        update,
        telegram("start", lang, days=days),
        InlineKeyboardMarkup(entry_buttons(examples, lang)),
    )


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask and list the commands."""
    await send(update, telegram("help", user_lang(update, context)))


async def topics(update: Update, context: Context) -> None:
    """Show the FAQ's categories as buttons."""
    lang = user_lang(update, context)
    await send(update, telegram("topics", lang), topics_keyboard(context, lang))


async def privacy(update: Update, context: Context) -> None:
    """Say what is stored, why, for how long, and how to erase it."""
    lang = user_lang(update, context)
    days = assistant(context).settings.retention_days
    await send(update, telegram("privacy", lang, days=days))


async def forget(update: Update, context: Context) -> None:
    """Erase the user's logged questions and say how many were erased."""
    user = update.effective_user
    if user is None:
        return
    lang = user_lang(update, context)  # read before the choice is erased too
    count = assistant(context).forget(channel=CHANNEL, user=user.id)
    await send(update, telegram("forgotten", lang, count=count))


async def lang_command(update: Update, context: Context) -> None:
    """Offer French or English."""
    keyboard = InlineKeyboardMarkup([[button("🇫🇷 Français", "l:fr"), button("🇬🇧 English", "l:en")]])
    await send(update, telegram("choose_lang", user_lang(update, context)), keyboard)


async def unknown_command(update: Update, context: Context) -> None:
    """Answer a command the bot does not have."""
    await send(update, telegram("unknown_command", user_lang(update, context)))
