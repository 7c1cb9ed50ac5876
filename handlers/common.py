"""What the handlers share: the assistant, the user's language, keyboards, sending replies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
    User,
)
from telegram.constants import ChatType, MessageLimit, ParseMode
from telegram.ext import ContextTypes

from bot.kb import Lang
from bot.render import split_html

if TYPE_CHECKING:
    from bot.engine import Reply, Suggestion
    from bot.service import Assistant

ASSISTANT = "assistant"
CHANNEL = "telegram"
EXAMPLES = ("deadline", "who-can-apply", "not-regulatory-sandbox", "winners")
Context = ContextTypes.DEFAULT_TYPE


def assistant(context: Context) -> Assistant:
    """The assistant, created at start and kept in ``bot_data``."""
    found: Assistant = context.bot_data[ASSISTANT]
    return found


def language_code(user: User | None) -> Lang:
    """The language Telegram says the user's app is in, French if neither French nor English."""
    code = (user.language_code or "") if user else ""
    return "en" if code.lower().startswith("en") else "fr"


def user_lang(update: Update, context: Context) -> Lang:
    """The /lang choice, else Telegram's language_code, else French."""
    user = update.effective_user
    if user is None:
        return "fr"
    chosen = assistant(context).language_of(channel=CHANNEL, user=user.id)
    return chosen or language_code(user)


def is_private(update: Update) -> bool:
    """True in a one-to-one chat with the bot."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The text meant for the bot in a group (mention removed), or None if not addressed to it.

    In groups the bot answers only messages that mention it or reply to one of its messages.
    """
    text = message.text or ""
    mention = f"@{bot_username}".lower()
    if mention in text.lower():
        start = text.lower().index(mention)
        return (text[:start] + text[start + len(mention) :]).strip()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    return None


def button(text: str, data: str) -> InlineKeyboardButton:
    """An inline button; callback data must fit Telegram's 64 bytes."""
    assert len(data.encode()) <= 64, data
    return InlineKeyboardButton(text[:60], callback_data=data)


def entry_buttons(items: Sequence[Suggestion], lang: Lang) -> list[list[InlineKeyboardButton]]:
    """One row per entry: a click shows that entry's answer, in the language of the buttons."""
    return [[button(s.question, f"e:{lang}:{s.entry_id}")] for s in items]


def answer_keyboard(reply: Reply, row_id: int | None) -> InlineKeyboardMarkup | None:
    """Related questions, then 👍 / 👎 on the question's log row."""
    rows = entry_buttons(reply.related, reply.lang)
    if row_id is not None and reply.outcome == "answered":
        rows.append([button("👍", f"f:{row_id}:1"), button("👎", f"f:{row_id}:-1")])
    return InlineKeyboardMarkup(rows) if rows else None


def topics_keyboard(context: Context, lang: Lang, limit: int | None = None) -> InlineKeyboardMarkup:
    """The FAQ's categories as buttons, two per row."""
    kb = assistant(context).engine.kb
    names = [c for c in kb.categories if c != "smalltalk" and kb.in_category(c)][:limit]
    buttons = [button(kb.categories[c][lang], f"c:{c}") for c in names]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def send(
    update: Update, html: str, keyboard: InlineKeyboardMarkup | None = None, **kwargs: Any
) -> Message | None:
    """Send ``html`` to the update's chat, split under 4096 characters, keyboard on the last part.

    In groups the reply quotes the message it answers, so the thread stays readable.
    """
    message = update.effective_message
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split_html(html, MessageLimit.MAX_TEXT_LENGTH)
    sent = None
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        options: dict[str, Any] = {
            "parse_mode": ParseMode.HTML,
            "link_preview_options": LinkPreviewOptions(is_disabled=True),
            "reply_markup": keyboard if last else None,
            **kwargs,
        }
        if message is not None and not is_private(update) and i == 0:
            sent = await message.reply_text(part, do_quote=True, **options)
        else:
            sent = await chat.send_message(part, **options)
    return sent
