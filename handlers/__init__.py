"""Telegram handlers, all registered here, in order."""

from __future__ import annotations

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import admin, commands, other, questions


def register(application: Application, admin_ids: frozenset[int] = frozenset()) -> None:  # type: ignore[type-arg]
    """Register every handler of the bot."""
    # Redeliveries are dropped before the handlers: bot.telegram_app.handle_update

    # Edited messages are not reread, and never run a command (an edited /forget would
    # erase): first, before the command handlers, which also see edits.
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, other.edited))

    # Commands
    application.add_handler(CommandHandler("start", commands.start))
    application.add_handler(CommandHandler("help", commands.help_command))
    application.add_handler(CommandHandler("topics", commands.topics))
    application.add_handler(CommandHandler("privacy", commands.privacy))
    application.add_handler(CommandHandler("forget", commands.forget))
    application.add_handler(CommandHandler("lang", commands.lang_command))

    # Staff commands: only FAQBOT_ADMIN_IDS, only in a private chat (their replies show
    # question fragments); others reach the unknown-command reply below
    staff = filters.User(user_id=admin_ids) & filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("stats", admin.stats, filters=staff))
    application.add_handler(CommandHandler("unanswered", admin.unanswered, filters=staff))
    application.add_handler(CommandHandler("reload", admin.reload, filters=staff))

    # Buttons
    application.add_handler(CallbackQueryHandler(questions.button))

    # New text is a question
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, questions.question))

    # Anything else: unknown commands, then stickers, photos, voice, documents, locations...
    application.add_handler(MessageHandler(filters.COMMAND, commands.unknown_command))
    application.add_handler(MessageHandler(filters.ALL, other.not_text))

    application.add_error_handler(other.error_handler)
