"""The conversation's pure logic: what one message means in its context, and the reply.

No I/O: the engine, the context and the clock are passed in. :mod:`bot.conversation`
wraps this with the question log and the context store; every channel (Telegram, web,
Matrix, terminal, HTTP API) only translates a :class:`Response` into its own messages.

A message goes through three steps:

1. **Parts** (:func:`parts`): a message is split into sentences and into questions joined
   by "et" / "and"; a long message is read sentence by sentence, so its question is found
   wherever it stands.
2. **Reading** (:func:`read`): each part is matched on its own and, when a recent answer
   gives a context, also together with it; an elliptical part ("c'était quand déjà ?",
   "and the RATP one?") takes its subject from the context, a clear standalone question
   always wins. Small talk next to a real question is dropped; at most three distinct
   questions are answered, in the order they were asked.
3. **Reply** (:func:`compose`): one message answering each question, sources once each.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot import render
from bot.engine import Engine, Reply, Suggestion
from bot.kb import Lang
from bot.matcher import Match
from bot.text import STOPWORDS, fold, stem, words

MAX_PARTS = 3  # distinct questions answered in one reply
MAX_SEGMENTS = 8  # sentences of a long message considered
CONTEXT_TTL = dt.timedelta(minutes=15)

ButtonKind = Literal["entry", "topic", "topics", "feedback", "lang"]


@dataclass(frozen=True)
class Button:
    """A choice offered with a reply; ``action`` is what a click sends back.

    Actions: ``e:<lang>:<entry>`` (an entry), ``c:<category>`` (a topic), ``t`` (the
    topics), ``f:<row>:<1|-1>`` (👍 / 👎 on a logged question), ``l:<fr|en>`` (language).
    Telegram sends them as callback data (at most 64 bytes), the web as JSON, Matrix and
    the terminal as numbers and reactions.
    """

    label: str
    action: str
    kind: ButtonKind


@dataclass(frozen=True)
class Context:
    """What a conversation remembers between messages (stored under its pseudonym)."""

    entry_id: str
    question: str  # the last question, as logged (redacted)
    lang: Lang
    at: dt.datetime

    def fresh(self, now: dt.datetime) -> bool:
        """True while the context may still carry a follow-up (15 minutes)."""
        return now - self.at <= CONTEXT_TTL


@dataclass(frozen=True)
class Part:
    """One question found in a message, and how it was answered."""

    text: str  # the words of the message this part answers
    reply: Reply
    with_context: bool = False  # answered with the previous answer's subject


@dataclass(frozen=True)
class Response:
    """Everything a channel needs to show one reply."""

    lang: Lang
    html: str
    buttons: tuple[Button, ...] = ()
    parts: tuple[Part, ...] = ()
    row_ids: tuple[int | None, ...] = ()
    kind: Literal["answer", "info", "feedback"] = "answer"

    @property
    def text(self) -> str:
        """The reply as plain text, links as ``title (url)``."""
        return render.html_to_text(self.html)

    @property
    def answered(self) -> bool:
        """True when at least one part is answered from the FAQ (or small talk)."""
        return any(p.reply.answered for p in self.parts)

    @property
    def context_used(self) -> bool:
        """True when a part was read with the previous answer's subject."""
        return any(p.with_context for p in self.parts)

    def buttons_of(self, *kinds: ButtonKind) -> list[Button]:
        """The buttons of these kinds, in order."""
        return [b for b in self.buttons if b.kind in kinds]

    def to_json(self) -> dict[str, Any]:
        """The JSON of ``faqbot ask --json``, ``POST /api/v1/ask`` and ``/api/v1/chat``.

        The top-level fields describe the first question (as before several questions
        were understood); ``answers`` lists every question answered, in order.
        """
        first = self.parts[0].reply.to_json() if self.parts else _info_json(self.lang)
        first.update(
            answer=self.text,
            answer_html=self.html,
            answers=[
                {**p.reply.to_json(), "question": p.text, "context_used": p.with_context}
                for p in self.parts
            ],
            context_used=self.context_used,
            buttons=[{"label": b.label, "action": b.action, "kind": b.kind} for b in self.buttons],
        )
        if self.parts:
            first["answered"] = self.answered
        return first


def _info_json(lang: Lang) -> dict[str, Any]:
    return {
        "answered": False,
        "entry_id": None,
        "score": 0.0,
        "lang": lang,
        "outcome": "info",
        "suggestions": [],
        "related": [],
    }


# -- 1. parts -------------------------------------------------------------------------------

# Sentence ends; a question mark ends a question even without a space after it.
_SENTENCE = re.compile(r"(?<=[?？!！])\s*|(?<=[.;:…])\s+|\n+")
# A second question joined by "et" / "and": "… date limite et est-ce que … ?"
_JOINED = re.compile(
    r"\s*(?:,\s*)?\b(?:et|and|aussi|also|puis|then|ainsi que|plus)\s+(?=(?:"
    r"est[- ]ce|est ce|qui|quoi|quand|quel|quelle|quels|quelles|comment|combien|ou|où|"
    r"pourquoi|peut|peuvent|puis[- ]je|y a|c'?est|c'?etait|sa|son|ses|leur|la date|le bilan|"
    r"who|what|when|where|which|how|why|is|are|can|could|do|does|did|will|was|were|its|their"
    r")\b)",
    re.IGNORECASE,
)
_MIN_PART_WORDS = 2


def parts(message: str) -> list[str]:
    """The questions of ``message``: its sentences, and questions joined by "et" / "and".

    >>> parts("merci ! et c'était quand la date limite ?")
    ['merci !', "et c'était quand la date limite ?"]
    >>> parts("quelle est la date limite et est-ce que les collectivités peuvent postuler ?")
    ['quelle est la date limite', 'est-ce que les collectivités peuvent postuler ?']
    """
    found: list[str] = []
    for sentence in _SENTENCE.split(message):
        sentence = sentence.strip()
        if not sentence:
            continue
        pieces = [p.strip() for p in _JOINED.split(sentence) if p and p.strip()]
        # A joined piece of one word ("et toi") stays with the sentence before it.
        for piece in pieces:
            if found and len(words(piece)) < _MIN_PART_WORDS and not _is_question(piece):
                found[-1] = f"{found[-1]} {piece}"
            else:
                found.append(piece)
    return found


def _is_question(text: str) -> bool:
    return "?" in text or "？" in text


# -- 2. reading -----------------------------------------------------------------------------

# Words that point back to what was just said: "sa date limite", "its report", "et pour…".
_ANAPHORA_FR = frozenset(
    """
    sa son ses leur leurs celui celle ceux celles ce cet cette ca cela y en lui eux il elle
    ils elles dessus deja alors ensuite apres et
    """.split()
)
_ANAPHORA_EN = frozenset(
    """
    it its it's their theirs they them that this those these one ones there then after
    afterwards else and also too
    """.split()
)
_FOLLOW_OPENERS = (
    "et ",
    "et pour",
    "et la",
    "et le",
    "et les",
    "et l'",
    "et du",
    "et des",
    "et c",
    "et sinon",
    "et apres",
    "et ensuite",
    "pour la",
    "pour le",
    "pour les",
    "and ",
    "and the",
    "and for",
    "and what",
    "what about",
    "how about",
    "same for",
    "and after",
    "then what",
)


def elliptical(text: str) -> bool:
    """True when ``text`` leans on what was said before (a pronoun, "et pour…", very short)."""
    ws = words(text)
    if not ws:
        return False
    if refers_back(text) or any(fold(text).strip().startswith(o) for o in _FOLLOW_OPENERS):
        return True
    return len([w for w in ws if w not in STOPWORDS]) <= 2


def refers_back(text: str) -> bool:
    """True when a short message has a pronoun pointing back: "sa date", "where is it"."""
    ws = words(text)
    content = [w for w in ws if w not in STOPWORDS]
    return len(content) <= 5 and any(w in _POINTERS for w in ws)


_POINTERS = frozenset(
    """
    sa son ses leur leurs celui celle ceux celles cela ca lui eux dessus
    it its it's their theirs them that this those these one
    """.split()
)


MatchMany = Callable[[Sequence[str], Lang | None, Lang], list[Match]]


@dataclass(frozen=True)
class Reading:
    """The questions understood in one message."""

    lang: Lang
    parts: tuple[Part, ...]
    whole: Reply  # the message matched as one question (kept when no part is better)


def read(
    engine: Engine,
    message: str,
    today: dt.date,
    *,
    lang: Lang | None = None,
    default_lang: Lang = "fr",
    context: Context | None = None,
) -> Reading:
    """Understand ``message``: its questions, each matched alone or with ``context``."""
    segments = parts(message)[:MAX_SEGMENTS] or [message]
    texts = [message, *segments] if len(segments) > 1 else [message]
    with_context: list[str] = []
    if context is not None:
        # The previous question's words, then the new one: the encoder sees the new words
        # last, and the lexical score sees both subjects.
        with_context = [f"{context.question} {s}" for s in segments]
    matches = engine.matcher.match_many([*texts, *with_context], lang, default_lang)
    whole_match = matches[0]
    reply_lang = lang or whole_match.lang
    alone = matches[1 : len(texts)] if len(segments) > 1 else [whole_match]
    joined = matches[len(texts) :]
    whole = engine.reply(replace(whole_match, lang=reply_lang), today, message)

    found: list[Part] = []
    for i, segment in enumerate(segments):
        own = alone[i]
        chosen, used = own, False
        if context is not None and joined:
            chosen, used = _with_context(engine, own, joined[i], segment, context)
        reply = engine.reply(replace(chosen, lang=reply_lang), today, segment)
        found.append(Part(segment, reply, used))
    kept = _keep(found, whole)
    return Reading(reply_lang, tuple(kept), whole)


def _with_context(
    engine: Engine, own: Match, joined: Match, segment: str, context: Context
) -> tuple[Match, bool]:
    """The reading of ``segment`` on its own, or with the previous answer's subject.

    A clear standalone question always wins. A message that points back ("sa date
    limite", "where can I read it?") is read with the previous question. A message that
    opens like a follow-up ("et pour la RATP ?", "what about the deadline?") keeps the
    previous subject only when it brings no new subject of its own: its words all belong
    to the previous answer's entry.
    """
    if joined.decision == "decline" or joined.best is None:
        return own, False
    if own.best is not None and own.best.entry_id == joined.best.entry_id:
        return own, False
    if not elliptical(segment):
        return own, False
    if refers_back(segment) or own.decision != "answer":
        return joined, True
    new = [s for s in stems_of(segment) if s not in _entry_stems(engine, context.entry_id)]
    return (own, False) if new else (joined, True)


def stems_of(text: str) -> list[str]:
    """The stems of the content words of ``text``."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


_STEMS: weakref.WeakKeyDictionary[Engine, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()


def _entry_stems(engine: Engine, entry_id: str) -> frozenset[str]:
    """The stems of an entry's phrasings (both languages), computed once per engine."""
    table = _STEMS.get(engine)
    if table is None:
        table = {
            e.id: frozenset(s for qs in e.questions.values() for q in qs for s in stems_of(q))
            for e in engine.kb.entries
        }
        _STEMS[engine] = table
    return table.get(entry_id, frozenset())


def _keep(found: list[Part], whole: Reply) -> list[Part]:
    """The parts worth answering: real questions before small talk, no repeats, at most 3."""
    if len(found) == 1:
        return found
    answered = [p for p in found if p.reply.outcome == "answered"]
    if not answered:
        # No part is answered on its own: the message as a whole, or the best suggestion.
        if whole.outcome in ("answered", "suggested") or not any(
            p.reply.outcome in ("suggested", "smalltalk") for p in found
        ):
            return [Part(" ".join(p.text for p in found), whole)]
        suggested = [p for p in found if p.reply.outcome == "suggested"]
        return suggested[:1] or [p for p in found if p.reply.outcome == "smalltalk"][:1]
    kept: list[Part] = []
    seen: set[str] = set()
    for part in answered:
        if part.reply.entry_id in seen:
            continue
        seen.add(part.reply.entry_id or "")
        kept.append(part)
    # One part answered but the message as a whole says something else with more
    # confidence: trust the whole message.
    if (
        whole.outcome == "answered"
        and whole.entry_id not in seen
        and len(kept) == 1
        and (whole.confidence or 0) > (kept[0].reply.confidence or 0) + 1.5
    ):
        return [Part(" ".join(p.text for p in found), whole)]
    return kept[:MAX_PARTS]


# -- 3. reply -------------------------------------------------------------------------------


def compose(reading: Reading, today: dt.date, engine: Engine) -> str:
    """One message answering every part, each answer's sources once."""
    if len(reading.parts) == 1:
        return reading.parts[0].reply.html
    blocks: list[str] = []
    cited: list[str] = []
    for part in reading.parts:
        entry_id = part.reply.entry_id
        if entry_id is None or entry_id not in engine.kb.by_id:
            blocks.append(part.reply.html)
            continue
        entry = engine.kb.by_id[entry_id]
        body = render.answer_html(entry, reading.lang, engine.kb.facts, {}, today)
        title = render.escape(engine.title(entry, reading.lang))
        blocks.append(f"<b>{title}</b>\n{body.strip()}")
        cited += [s for s in entry.sources if s not in cited]
    html = "\n\n".join(blocks)
    sources = [engine.kb.sources[k] for k in cited if k in engine.kb.sources]
    if sources:
        html += "\n\n" + render.sources_line(sources, reading.lang)
    return html


def buttons_for(
    reading: Reading, engine: Engine, row_id: int | None, topics: int = 4
) -> tuple[Button, ...]:
    """The choices offered with a reply: suggestions, related questions, 👍 / 👎, topics."""
    lang = reading.lang
    outcomes = {p.reply.outcome for p in reading.parts}
    found: list[Button] = []
    shown = {p.reply.entry_id for p in reading.parts}
    for part in reading.parts:
        if part.reply.outcome == "suggested":
            found += [entry_button(s, lang) for s in part.reply.suggestions]
    if outcomes & {"answered", "smalltalk"}:
        for part in reading.parts:
            found += [entry_button(s, lang) for s in part.reply.related if s.entry_id not in shown]
    if row_id is not None and "answered" in outcomes:
        found += [
            Button("👍", f"f:{row_id}:1", "feedback"),
            Button("👎", f"f:{row_id}:-1", "feedback"),
        ]
    if outcomes == {"unanswered"}:
        found += topic_buttons(engine, lang)[:topics]
    unique: dict[str, Button] = {}
    for b in found:
        unique.setdefault(b.action, b)
    return tuple(unique.values())


def entry_button(s: Suggestion, lang: Lang) -> Button:
    """A button that shows an entry's answer in ``lang``."""
    return Button(s.question, f"e:{lang}:{s.entry_id}", "entry")


def topic_buttons(engine: Engine, lang: Lang) -> list[Button]:
    """The FAQ's categories (small talk aside) as buttons."""
    kb = engine.kb
    return [
        Button(kb.categories[c][lang], f"c:{c}", "topic")
        for c in kb.categories
        if c != "smalltalk" and kb.in_category(c)
    ]


def category_buttons(engine: Engine, category: str, lang: Lang) -> list[Button]:
    """A category's questions as buttons."""
    return [
        Button(engine.title(e, lang), f"e:{lang}:{e.id}", "entry")
        for e in engine.kb.in_category(category)
    ]


def lang_buttons() -> list[Button]:
    """French / English."""
    return [Button("🇫🇷 Français", "l:fr", "lang"), Button("🇬🇧 English", "l:en", "lang")]


def parse_action(action: str) -> tuple[str, tuple[str, ...]]:
    """``"e:fr:deadline"`` -> ``("e", ("fr", "deadline"))``; unknown shapes give ``("", ())``."""
    kind, _, rest = action.partition(":")
    if kind == "e":
        lang, _, entry_id = rest.partition(":")
        if lang in ("fr", "en") and entry_id:
            return kind, (lang, entry_id)
    elif kind == "c" and rest:
        return kind, (rest,)
    elif kind == "t" and not rest:
        return kind, ()
    elif kind == "f":
        row, _, vote = rest.partition(":")
        if row.isdigit() and vote in ("1", "-1"):
            return kind, (row, vote)
    elif kind == "l" and rest in ("fr", "en"):
        return kind, (rest,)
    return "", ()


@dataclass(frozen=True)
class Commands:
    """How a channel spells its commands, for the help and welcome texts."""

    names: Mapping[str, Mapping[Lang, str]] = field(
        default_factory=lambda: {
            k: {"fr": f"/{k}", "en": f"/{k}"}
            for k in ("start", "help", "topics", "privacy", "forget", "lang")
        }
    )

    def of(self, lang: Lang) -> dict[str, str]:
        """``{"topics": "/topics", ...}`` for the texts' placeholders."""
        return {f"cmd_{k}": v[lang] for k, v in self.names.items()}
