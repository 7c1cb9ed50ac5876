"""The conversation layer: one place that decides what to say, for every channel.

Telegram, the web chat, Matrix, the terminal chat and the HTTP API all call
:class:`Conversation` and translate its :class:`~bot.dialogue.Response` (HTML, buttons)
into their own messages, as Rasa's output channels do. No channel decides what to answer.

Identities: a :class:`Chat` names the channel, the person (``user``) and the conversation
(a private chat, a web page's session, a group member in a group). Both are pseudonymised
before anything is stored; the conversation's context (its last answer) lives in SQLite
under that pseudonym, for 15 minutes, and is erased with the person's questions.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot import dialogue
from bot.dialogue import DECLINED, Context, Part, Reading, Response
from bot.engine import Engine, Suggestion
from bot.kb import Lang
from bot.messages import TELEGRAM as TEXTS
from bot.messages import telegram as text_of
from bot.service import Assistant
from bot.store import utcnow

log = logging.getLogger(__name__)

EXAMPLES = ("deadline", "who-can-apply", "not-regulatory-sandbox", "winners")
# Command names people type, in both languages and without accents.
ALIASES: Mapping[str, str] = {
    "start": "start",
    "aide": "help",
    "help": "help",
    "topics": "topics",
    "sujets": "topics",
    "themes": "topics",
    "privacy": "privacy",
    "confidentialite": "privacy",
    "forget": "forget",
    "oubli": "forget",
    "oublier": "forget",
    "lang": "lang",
    "langue": "lang",
    "language": "lang",
}
_COMMAND = re.compile(r"(?<![\w/])/(start|help|topics|privacy|forget|lang)\b")


@dataclass(frozen=True)
class Chat:
    """Who is talking, where: ``user`` is the person, ``conversation`` the thread (default:
    the person). ``lang`` is the platform's language for the person (Telegram's
    language_code, the web page's language), used when a question's language is unclear.
    ``commands`` spells the channel's commands in help texts (``/topics``, ``!sujets``)."""

    channel: str
    user: str | int | None
    conversation: str | int | None = None
    lang: Lang | None = None
    commands: Mapping[str, Mapping[Lang, str]] = field(default_factory=dict)

    def spell(self, html: str, lang: Lang) -> str:
        """``html`` with its ``/commands`` written the channel's way."""
        if not self.commands:
            return html
        return _COMMAND.sub(lambda m: self.commands.get(m.group(1), {}).get(lang, m.group(0)), html)


class Conversation:
    """Messages, button clicks and commands in; :class:`Response` out (logged, pseudonymised)."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    # -- identities ----------------------------------------------------------------------------

    def _user(self, chat: Chat) -> str | None:
        return self.assistant.user(chat.channel, chat.user)

    def _conversation(self, chat: Chat) -> str | None:
        key = chat.conversation if chat.conversation is not None else chat.user
        return None if key is None else self.assistant.pseudonym(f"{chat.channel}/c", key)

    def lang_of(self, chat: Chat) -> Lang:
        """The person's /lang choice, else the platform's language, else French."""
        return self.chosen_lang(chat) or chat.lang or "fr"

    def chosen_lang(self, chat: Chat) -> Lang | None:
        """The person's /lang choice, if any."""
        if chat.user is None:
            return None
        try:
            return self.assistant.language_of(channel=chat.channel, user=chat.user)
        except sqlite3.Error as e:
            log.warning("language choice unavailable: %s", e)
            return None

    def context(self, chat: Chat, now: dt.datetime | None = None) -> Context | None:
        """The conversation's last answer, while it is fresh."""
        key = self._conversation(chat)
        if key is None:
            return None
        try:
            row = self.assistant.log.get_context(key)
        except sqlite3.Error as e:
            log.warning("context unavailable: %s", e)
            return None
        if row is None:
            return None
        entry_id = row["entry_id"]
        if entry_id != DECLINED and entry_id not in self.assistant.engine.kb.by_id:
            return None  # an entry removed since
        at = dt.datetime.fromisoformat(row["ts"].replace("Z", "+00:00"))
        found = Context(entry_id, row["question"] or "", row["lang"], at)
        return found if found.fresh(now or utcnow()) else None

    # -- messages ------------------------------------------------------------------------------

    def _reader(
        self, chat: Chat, lang: Lang | None
    ) -> tuple[Engine, Callable[[str], Reading], Context | None]:
        """The live engine, the reading of a text with the person's language and context
        (to run here or in a worker thread), and that context."""
        engine = self.assistant.engine  # one engine for the whole message, even on a reload
        chosen = lang or self.chosen_lang(chat)
        context = self.context(chat)
        reading = functools.partial(
            dialogue.read,
            engine,
            today=self.assistant.today(),
            lang=chosen,
            default_lang=chat.lang or "fr",
            context=context,
        )
        return engine, reading, context

    def message_sync(
        self, chat: Chat, text: str, *, update_id: int | None = None, lang: Lang | None = None
    ) -> Response:
        """Answer a typed message (the terminal and the CLI)."""
        engine, reading, context = self._reader(chat, lang)
        return self._answer(chat, engine, reading(text), text, update_id, context)

    async def message(
        self, chat: Chat, text: str, *, update_id: int | None = None, lang: Lang | None = None
    ) -> Response:
        """Answer a typed message; the matching runs in a worker thread (numpy releases the
        GIL), so the event loop keeps serving; the log is written from the loop."""
        engine, reading, context = self._reader(chat, lang)
        found = await asyncio.to_thread(reading, text)
        return self._answer(chat, engine, found, text, update_id, context)

    def _answer(
        self,
        chat: Chat,
        engine: Engine,
        reading: Reading,
        text: str,
        update_id: int | None,
        context: Context | None,
    ) -> Response:
        today = self.assistant.today()
        row_ids: list[int | None] = []
        single = len(reading.parts) == 1
        for part in reading.parts:
            row_ids.append(
                self.assistant.log_reply(
                    part.reply,
                    text if single else part.text,
                    channel=chat.channel,
                    user=chat.user,
                    version=engine.version,
                    via="text",
                    update_id=update_id,
                    context=part.with_context,
                )
            )
        self._remember(chat, dialogue.remembered(reading, context, utcnow()))
        first_row = next(
            (
                r
                for p, r in zip(reading.parts, row_ids, strict=True)
                if p.reply.outcome == "answered"
            ),
            None,
        )
        html = chat.spell(dialogue.compose(reading, today, engine), reading.lang)
        return Response(
            reading.lang,
            html,
            dialogue.buttons_for(reading, engine, first_row),
            reading.parts,
            tuple(row_ids),
        )

    def _remember(self, chat: Chat, context: Context | None) -> None:
        """Store what the conversation remembers now (None: it keeps what it had)."""
        key = self._conversation(chat)
        if context is None or key is None:
            return
        try:
            self.assistant.log.set_context(
                key,
                user=self._user(chat),
                entry_id=context.entry_id,
                question=context.question,
                lang=context.lang,
                at=context.at,
            )
        except sqlite3.Error as e:  # no follow-ups for now; the answer still goes out
            log.warning("context not stored: %s", e)

    # -- clicks --------------------------------------------------------------------------------

    def pick(
        self, chat: Chat, entry_id: str, lang: Lang, *, update_id: int | None = None
    ) -> Response:
        """The answer of an entry chosen on a button or by its number (logged)."""
        engine = self.assistant.engine
        entry = engine.kb.by_id.get(entry_id)
        if entry is None:
            return self.info(chat, "entry_gone", lang)
        reply = engine.entry_reply(entry_id, lang, self.assistant.today())
        title = engine.title(entry, lang)
        row = self.assistant.log_reply(
            reply,
            title,
            channel=chat.channel,
            user=chat.user,
            version=engine.version,
            via="button",
            update_id=update_id,
        )
        part = Part(title, reply)
        reading = Reading(lang, (part,))
        self._remember(chat, dialogue.remembered(reading, None, utcnow()))
        return Response(
            lang,
            chat.spell(reply.html, lang),
            dialogue.buttons_for(reading, engine, row),
            (part,),
            (row,),
        )

    def action(self, chat: Chat, action: str, *, update_id: int | None = None) -> Response:
        """What a button click (``Button.action``) does; stale or forged data: the topics."""
        kind, args = dialogue.parse_action(action)
        if kind == "e":
            shown_in: Lang = "en" if args[0] == "en" else "fr"
            return self.pick(chat, args[1], shown_in, update_id=update_id)
        if kind == "c":
            return self.topic(chat, args[0])
        if kind == "f":
            return self.feedback(chat, int(args[0]), int(args[1]))
        if kind == "l":
            return self.set_lang(chat, "en" if args[0] == "en" else "fr")
        return self.topics(chat)

    def feedback(self, chat: Chat, row_id: int, value: int) -> Response:
        """Store 👍 (1) / 👎 (-1) on the person's own question row."""
        lang = self.lang_of(chat)
        stored = False
        if chat.user is not None:
            try:
                stored = self.assistant.feedback(
                    row_id, value, channel=chat.channel, user=chat.user
                )
            except sqlite3.Error as e:
                log.warning("feedback not stored: %s", e)
        key = "thanks_feedback" if stored else "feedback_gone"
        return Response(lang, text_of(key, lang), kind="feedback" if stored else "info")

    # -- commands ------------------------------------------------------------------------------

    def command(self, chat: Chat, name: str) -> Response | None:
        """A command by its name in either language (``aide``, ``topics``...); None if unknown."""
        found = ALIASES.get(name.lower().lstrip("/!"))
        if found == "start":
            return self.start(chat)
        if found == "help":
            return self.info(chat, "help", self.lang_of(chat))
        if found == "topics":
            return self.topics(chat)
        if found == "privacy":
            return self.privacy(chat)
        if found == "forget":
            return self.forget(chat)
        if found == "lang":
            return self.choose_lang(chat)
        return None

    def info(self, chat: Chat, key: str, lang: Lang, **values: object) -> Response:
        """A fixed message of the conversation (help, errors...)."""
        return Response(lang, chat.spell(text_of(key, lang, **values), lang), kind="info")

    def start(self, chat: Chat) -> Response:
        """Welcome: what the bot answers, example questions, privacy in one line."""
        lang = self.lang_of(chat)
        engine = self.assistant.engine
        examples = [
            dialogue.entry_button(Suggestion(e, engine.title(engine.kb.by_id[e], lang), 0.0), lang)
            for e in EXAMPLES
            if e in engine.kb.by_id
        ]
        days = self.assistant.settings.retention_days
        html = chat.spell(text_of("start", lang, days=days), lang)
        return Response(lang, html, tuple(examples), kind="info")

    def topics(self, chat: Chat) -> Response:
        """The FAQ's categories as buttons."""
        lang = self.lang_of(chat)
        buttons = dialogue.topic_buttons(self.assistant.engine, lang)
        return Response(lang, text_of("topics", lang), tuple(buttons), kind="info")

    def topic(self, chat: Chat, category: str) -> Response:
        """A category's questions as buttons (the topics again if it is gone)."""
        lang = self.lang_of(chat)
        engine = self.assistant.engine
        buttons = dialogue.category_buttons(engine, category, lang)
        if not buttons:
            return self.topics(chat)
        title = engine.kb.categories.get(category, {}).get(lang, category)
        html = text_of("topic_entries", lang, topic=title)
        return Response(lang, html, tuple(buttons), kind="info")

    def privacy(self, chat: Chat) -> Response:
        """What is stored, why, for how long, and how to erase it."""
        lang = self.lang_of(chat)
        days = self.assistant.settings.retention_days
        key = f"privacy_who_{chat.channel}"
        who = text_of(key if key in TEXTS else "privacy_who_other", lang)
        return self.info(chat, "privacy", lang, days=days, who=who)

    def forget(self, chat: Chat) -> Response:
        """Erase the person's questions, context and choices; say how many questions."""
        lang = self.lang_of(chat)  # read before the choice is erased too
        count = 0
        if chat.user is not None:
            count = self.assistant.forget(channel=chat.channel, user=chat.user)
        key = self._conversation(chat)
        if key is not None:
            self.assistant.log.clear_context(key)
        return self.info(chat, "forgotten", lang, count=count)

    def choose_lang(self, chat: Chat) -> Response:
        """Offer French or English."""
        lang = self.lang_of(chat)
        return Response(
            lang, text_of("choose_lang", lang), tuple(dialogue.lang_buttons()), kind="info"
        )

    def set_lang(self, chat: Chat, lang: Lang) -> Response:
        """Remember the person's language choice."""
        if chat.user is not None:
            self.assistant.set_language(lang, channel=chat.channel, user=chat.user)
        return Response(lang, text_of("lang_set", lang), kind="info")
