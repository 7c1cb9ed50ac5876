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

from bot.conversation import Chat, Conversation
from bot.dialogue import Button, Response
from bot.kb import Lang
from bot.render import split_html

if TYPE_CHECKING:
    from bot.service import Assistant

ASSISTANT = "assistant"
CONVERSATION = "conversation"
CHANNEL = "telegram"
Context = ContextTypes.DEFAULT_TYPE


def assistant(context: Context) -> Assistant:
    """The assistant, created at start and kept in ``bot_data``."""
    found: Assistant = context.bot_data[ASSISTANT]
    return found


def conversation(context: Context) -> Conversation:
    """The conversation layer, created at start and kept in ``bot_data``."""
    found: Conversation = context.bot_data[CONVERSATION]
    return found


def chat_of(update: Update) -> Chat:
    """The person and the conversation: a private chat, or one member of a group."""
    user, chat = update.effective_user, update.effective_chat
    user_id = user.id if user else None
    if chat is None or chat.type == ChatType.PRIVATE:
        thread: int | str | None = user_id
    else:
        thread = f"{chat.id}:{user_id}"
    return Chat(CHANNEL, user_id, thread, language_code(user))


def language_code(user: User | None) -> Lang:
    """The language Telegram says the user's app is in, French if neither French nor English."""
    code = (user.language_code or "") if user else ""
    return "en" if code.lower().startswith("en") else "fr"


def user_lang(update: Update, context: Context) -> Lang:
    """The /lang choice, else Telegram's language_code, else French."""
    return conversation(context).lang_of(chat_of(update))


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


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """A reply's choices as an inline keyboard: one question per row, topics two per row,
    👍 / 👎 and the languages side by side."""
    rows: list[list[InlineKeyboardButton]] = []
    pending: list[InlineKeyboardButton] = []
    pending_kind = ""
    for b in buttons:
        if b.kind == "entry":
            rows.append([button(b.label, b.action)])
            continue
        if pending and (b.kind != pending_kind or (b.kind == "topic" and len(pending) == 2)):
            rows.append(pending)
            pending = []
        pending.append(button(b.label, b.action))
        pending_kind = b.kind
    if pending:
        rows.append(pending)
    return InlineKeyboardMarkup(rows) if rows else None


async def respond(update: Update, response: Response) -> Message | None:
    """Send a conversation :class:`Response` with its buttons."""
    return await send(update, response.html, keyboard(response.buttons))


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
