"""Command handlers: /start, /help, /topics, /privacy, /forget, /lang."""

from __future__ import annotations

from telegram import Update

from bot.messages import telegram
from handlers.common import Context, chat_of, conversation, respond, send, user_lang


async def start(update: Update, context: Context) -> None:
    """Welcome the user, say what the bot answers, show example questions."""
    await respond(update, conversation(context).start(chat_of(update)))


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask and list the commands."""
    chat = chat_of(update)
    talk = conversation(context)
    await respond(update, talk.info(chat, "help", talk.lang_of(chat)))


async def topics(update: Update, context: Context) -> None:
    """Show the FAQ's categories as buttons."""
    await respond(update, conversation(context).topics(chat_of(update)))


async def privacy(update: Update, context: Context) -> None:
    """Say what is stored, why, for how long, and how to erase it."""
    await respond(update, conversation(context).privacy(chat_of(update)))


async def forget(update: Update, context: Context) -> None:
    """Erase the user's logged questions and context, and say how many were erased."""
    if update.effective_user is None:
        return
    await respond(update, conversation(context).forget(chat_of(update)))


async def lang_command(update: Update, context: Context) -> None:
    """Offer French or English."""
    await respond(update, conversation(context).choose_lang(chat_of(update)))


async def unknown_command(update: Update, context: Context) -> None:
    """Answer a command the bot does not have."""
    await send(update, telegram("unknown_command", user_lang(update, context)))
