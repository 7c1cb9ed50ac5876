"""Telegram handlers, all registered here, in order."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import admin, commands, other, questions
from handlers.common import Context, assistant


async def skip_redelivered(update: Update, context: Context) -> None:
    """Stop an update Telegram already delivered once (after a restart or a timeout)."""
    if not assistant(context).log.claim_update(update.update_id):
        raise ApplicationHandlerStop


def register(application: Application, admin_ids: frozenset[int] = frozenset()) -> None:  # type: ignore[type-arg]
    """Register every handler of the bot."""
    # Group -1 runs first, for every update: drop redeliveries.
    application.add_handler(TypeHandler(Update, skip_redelivered), group=-1)

    # Commands
    application.add_handler(CommandHandler("start", commands.start))
    application.add_handler(CommandHandler("help", commands.help_command))
    application.add_handler(CommandHandler("topics", commands.topics))
    application.add_handler(CommandHandler("privacy", commands.privacy))
    application.add_handler(CommandHandler("forget", commands.forget))
    application.add_handler(CommandHandler("lang", commands.lang_command))

    # Staff commands: only FAQBOT_ADMIN_IDS; others reach the unknown-command reply below
    staff = filters.User(user_id=admin_ids)
    application.add_handler(CommandHandler("stats", admin.stats, filters=staff))
    application.add_handler(CommandHandler("unanswered", admin.unanswered, filters=staff))
    application.add_handler(CommandHandler("reload", admin.reload, filters=staff))

    # Buttons
    application.add_handler(CallbackQueryHandler(questions.button))

    # Edited messages are not reread; new text is a question
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, other.edited))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, questions.question))

    # Anything else: unknown commands, then stickers, photos, voice, documents, locations...
    application.add_handler(MessageHandler(filters.COMMAND, commands.unknown_command))
    application.add_handler(MessageHandler(filters.ALL, other.not_text))

    application.add_error_handler(other.error_handler)
