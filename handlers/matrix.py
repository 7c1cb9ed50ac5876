"""Matrix (Tchap) handlers: events in, the conversation's replies out, through bot.conversation.

Matrix has no inline buttons: a reply's choices (suggestions, related questions, topics,
languages) come as a numbered list and a reply with the number picks one; 👍 / 👎 are
reactions on the answer. Commands start with ``!`` (``/`` is taken by Matrix clients).
In rooms with more than two members the bot answers only when mentioned.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from nio import MegolmEvent, ReactionEvent, RoomMessageText

from bot.conversation import Chat, Conversation
from bot.dialogue import Response
from bot.kb import Lang
from bot.matrix import Choice, Handlers, MatrixChannel
from bot.service import Assistant
from bot.settings import MatrixSettings

log = logging.getLogger(__name__)

CHANNEL = "matrix"
COMMANDS: dict[str, dict[Lang, str]] = {
    "start": {"fr": "!aide", "en": "!help"},
    "help": {"fr": "!aide", "en": "!help"},
    "topics": {"fr": "!sujets", "en": "!topics"},
    "privacy": {"fr": "!confidentialite", "en": "!privacy"},
    "forget": {"fr": "!oubli", "en": "!forget"},
    "lang": {"fr": "!langue", "en": "!lang"},
}
HINTS: dict[str, dict[Lang, str]] = {
    "pick": {
        "fr": "Répondez par un numéro pour choisir.",
        "en": "Reply with a number to choose.",
    },
    "rate": {
        "fr": "Réagissez 👍 ou 👎 à ce message pour noter la réponse.",
        "en": "React 👍 or 👎 to this message to rate the answer.",
    },
    "undecryptable": {
        "fr": "Je n'ai pas pu déchiffrer ce message : renvoyez-le, s'il vous plaît.",
        "en": "I could not decrypt that message: please send it again.",
    },
    "no_choice": {
        "fr": "Aucun choix n'a ce numéro. Posez votre question, ou !sujets pour les thèmes.",
        "en": "No choice has that number. Ask your question, or !topics for the topics.",
    },
}
THUMBS = {"👍": 1, "👎": -1}
FORMAT = "org.matrix.custom.html"
_REPLY_FALLBACK = re.compile(r"\A(?:> .*\n)+\n?")


def chat_of(room: Any, sender: str) -> Chat:
    """The person and the conversation (the room) of an event."""
    return Chat(CHANNEL, sender, room.room_id, None, COMMANDS)


def is_group(room: Any) -> bool:
    """More than two members: answer only when mentioned."""
    return int(room.member_count) > 2


def addressed_text(channel: MatrixChannel, room: Any, event: Any) -> str | None:
    """The text meant for the bot (mention removed), or None in a group without a mention.

    A mention is the bot's id in ``m.mentions`` (what current clients send), a matrix.to
    link to it (older clients' pills) or its id or display name in the text.
    """
    body = _REPLY_FALLBACK.sub("", event.body or "").strip()
    if not is_group(room):
        return body
    me = channel.user_id
    content = event.source.get("content", {})
    mentions = content.get("m.mentions", {}).get("user_ids", [])
    names = [me, room.user_name(me) or "", me[1:].split(":")[0]]
    mentioned = me in mentions or me in (content.get("formatted_body") or "")
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        found = re.search(rf"(?<!\w)@?{re.escape(name)}(?!\w)\s*:?", body, re.IGNORECASE)
        if found:
            mentioned = True
            body = (body[: found.start()] + body[found.end() :]).strip()
            break
    return body if mentioned else None


def content_of(response: Response, choices: list[Choice]) -> dict[str, Any]:
    """A reply as a Matrix notice: HTML in ``formatted_body``, plain text in ``body``, the
    choices numbered under it, and how to rate an answer."""
    lang = response.lang
    html_lines = [response.html.strip().replace("\n", "<br>")]
    text_lines = [response.text.strip()]
    if choices:
        items = "".join(f"<li>{html.escape(c.label)}</li>" for c in choices)
        html_lines.append(f"<ol>{items}</ol><i>{HINTS['pick'][lang]}</i>")
        text_lines += ["", *(f"{n}. {c.label}" for n, c in enumerate(choices, 1))]
        text_lines += [HINTS["pick"][lang]]
    if response.buttons_of("feedback"):
        html_lines.append(f"<br><i>{HINTS['rate'][lang]}</i>")
        text_lines.append(HINTS["rate"][lang])
    return {
        "msgtype": "m.notice",  # bots speak in notices, which bots do not answer
        "body": "\n".join(text_lines),
        "format": FORMAT,
        "formatted_body": "".join(html_lines),
    }


def choices_of(response: Response) -> list[Choice]:
    """The choices a number picks: every button but 👍 / 👎 (reactions)."""
    return [Choice(b.label, b.action) for b in response.buttons if b.kind != "feedback"]


def feedback_row(response: Response) -> int | None:
    """The question row that 👍 / 👎 on this reply rate."""
    for b in response.buttons_of("feedback"):
        return int(b.action.split(":")[1])
    return None


async def reply(
    channel: MatrixChannel,
    talk: Conversation,
    room: Any,
    chat: Chat,
    response: Response,
    answering: str,
) -> None:
    """Send a reply; remember its numbered choices and what a reaction on it rates."""
    choices = choices_of(response)
    key = talk.assistant.pseudonym(f"{CHANNEL}/c", room.room_id)
    user = talk.assistant.user(CHANNEL, chat.user)
    event_id = await channel.send(room.room_id, content_of(response, choices), answering)
    talk.assistant.log.redaction.after_reply()  # the reply is out: now redact the question
    if choices or response.kind == "answer":
        channel.state.set_choices(key, user, choices)
    row = feedback_row(response)
    if event_id is None:
        for row_id in response.row_ids:
            if row_id is not None:
                talk.assistant.log.mark_undelivered(row_id)
    elif row is not None:
        channel.state.answered(event_id, user, row)


async def message(channel: MatrixChannel, talk: Conversation, room: Any, event: Any) -> None:
    """Answer a text message: a command, a number picking a choice, or questions."""
    content = event.source.get("content", {})
    if content.get("m.relates_to", {}).get("rel_type") == "m.replace" or "m.new_content" in content:
        return  # edits are not reread
    text = addressed_text(channel, room, event)
    if not text:
        return
    chat = chat_of(room, event.sender)
    if text.startswith("!"):
        name = text.split()[0]
        response = talk.command(chat, name)
        if response is None:
            response = talk.info(chat, "unknown_command", talk.lang_of(chat))
        await reply(channel, talk, room, chat, response, event.event_id)
        return
    if text.isdigit() and len(text) <= 3:
        choices = channel.state.choices(talk.assistant.pseudonym(f"{CHANNEL}/c", room.room_id))
        number = int(text)
        if 0 < number <= len(choices):
            response = talk.action(chat, choices[number - 1].action)
        else:
            lang = talk.lang_of(chat)
            response = Response(lang, HINTS["no_choice"][lang], kind="info")
        await reply(channel, talk, room, chat, response, event.event_id)
        return
    response = await talk.message(chat, text)
    await reply(channel, talk, room, chat, response, event.event_id)


async def reaction(channel: MatrixChannel, talk: Conversation, room: Any, event: Any) -> None:
    """Store 👍 / 👎 on the question an answer replied to (only its asker's count)."""
    value = THUMBS.get(
        event.key.rstrip("\ufe0f").rstrip("\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")
    )
    row = channel.state.answer_row(event.reacts_to)
    if value is None or row is None:
        return
    response = talk.feedback(chat_of(room, event.sender), row, value)
    log.info("matrix feedback row=%s value=%s stored=%s", row, value, response.kind == "feedback")


async def undecryptable(channel: MatrixChannel, room: Any, event: Any) -> None:
    """A message the bot cannot read: ask for it again, in both languages (unknown)."""
    log.warning("matrix event %s could not be decrypted", event.event_id)
    if is_group(room):
        return  # it may not have been meant for the bot
    fr, en = HINTS["undecryptable"]["fr"], HINTS["undecryptable"]["en"]
    content = {
        "msgtype": "m.notice",
        "body": f"{fr}\n{en}",
        "format": FORMAT,
        "formatted_body": f"{fr}<br>{en}",
    }
    await channel.send(room.room_id, content, event.event_id)


async def invite(channel: MatrixChannel, room_id: str, inviter: str) -> None:
    """Join invites from the allowed servers; decline the others."""
    server = inviter.split(":", 1)[-1].lower()
    if server in channel.settings.allowed_servers:
        await channel.join(room_id)
    else:
        log.info("matrix invite from server %s declined", server)
        await channel.refuse(room_id)


def handlers(talk: Conversation) -> Handlers:
    """Every Matrix handler, registered here, in order."""

    async def event(channel: MatrixChannel, room: Any, event: Any) -> None:
        # Notices are bots' messages (ours included): never answered
        if isinstance(event, RoomMessageText):
            await message(channel, talk, room, event)
        # 👍 / 👎: clients encrypt reactions in encrypted rooms; nio decrypts them alike
        elif isinstance(event, ReactionEvent):
            await reaction(channel, talk, room, event)
        # Keys that never reached the bot's device: say so in a direct chat
        elif isinstance(event, MegolmEvent):
            await undecryptable(channel, room, event)

    return Handlers(event=event, invite=invite)


async def serve(settings: MatrixSettings, assistant: Assistant, **options: Any) -> None:
    """Run the Matrix channel until cancelled (``faqbot run`` starts it when configured)."""
    logging.getLogger("nio").setLevel(logging.WARNING)  # its info lines name users and rooms
    try:
        channel = MatrixChannel(settings, assistant, handlers(Conversation(assistant)), **options)
        await channel.run()
    except Exception:  # the other channels keep serving; say why this one stopped
        log.exception("matrix channel stopped")
        raise
