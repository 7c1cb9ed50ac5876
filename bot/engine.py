"""The answering engine: knowledge base + matcher + rendering, one :class:`Reply` per question.

Pure: the date and the encoder are passed in; logging to SQLite is the caller's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal

from bot import render
from bot.kb import Entry, KnowledgeBase, Lang
from bot.matcher import Embedder, Match, Matcher, MatcherConfig
from bot.messages import message
from bot.text import tokens

NEAR_MARGIN = 1.0  # declined within this margin of "suggest": the closest entry is offered
SUGGEST_RATIO = 0.8  # runners-up offered when within 80 % of the best candidate's score
Outcome = Literal["answered", "suggested", "unanswered", "smalltalk"]


@dataclass(frozen=True)
class Suggestion:
    """A close entry offered as a "did you mean" button."""

    entry_id: str
    question: str
    score: float


@dataclass(frozen=True)
class Reply:
    """What to say to one question, and what to log about it."""

    outcome: Outcome
    lang: Lang
    html: str
    entry_id: str | None = None
    score: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    related: tuple[Suggestion, ...] = ()
    confidence: float | None = None  # the decision model's margin; None for a button click

    @property
    def answered(self) -> bool:
        """True when the reply answers the question (an FAQ entry or small talk)."""
        return self.outcome in ("answered", "smalltalk")

    @property
    def text(self) -> str:
        """The reply as plain text (terminals, platforms without HTML)."""
        return render.html_to_text(self.html)

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``faqbot ask --json`` and ``POST /api/v1/ask``."""
        return {
            "answered": self.answered,
            "entry_id": self.entry_id if self.answered else None,
            "score": self.score,
            "lang": self.lang,
            "answer": self.text,
            "answer_html": self.html,
            "outcome": self.outcome,
            "suggestions": [
                {"entry_id": s.entry_id, "question": s.question, "score": s.score}
                for s in self.suggestions
            ],
            "related": [{"entry_id": s.entry_id, "question": s.question} for s in self.related],
        }


class Engine:
    """Answers questions from one knowledge base. Build a new one when the FAQ changes."""

    def __init__(
        self,
        kb: KnowledgeBase,
        embed: Embedder,
        config: MatcherConfig | None = None,
        *,
        matcher: Matcher | None = None,
    ) -> None:
        self.kb = kb
        self.matcher = matcher or Matcher(kb, embed, config)

    @property
    def version(self) -> str:
        """The knowledge base's version (a hash of its files)."""
        return self.kb.version

    def title(self, entry: Entry, lang: Lang) -> str:
        """The question shown on a button for ``entry``: its first phrasing in ``lang``."""
        first = entry.questions[lang][0]
        return first[:1].upper() + first[1:]

    def entry_reply(self, entry_id: str, lang: Lang, today: dt.date, score: float = 1.0) -> Reply:
        """The reply for a known entry (a button click, or the matcher's choice)."""
        entry = self.kb.by_id[entry_id]
        html = render.answer_html(entry, lang, self.kb.facts, self.kb.sources, today)
        related = tuple(
            Suggestion(r, self.title(self.kb.by_id[r], lang), 0.0)
            for r in entry.related
            if r in self.kb.by_id
        )
        outcome: Outcome = "smalltalk" if entry.smalltalk else "answered"
        return Reply(outcome, lang, html, entry.id, round(score, 4), (), related)

    def ask(
        self, question: str, today: dt.date, lang: Lang | None = None, default_lang: Lang = "fr"
    ) -> Reply:
        """Answer, suggest or decline ``question``.

        ``lang`` forces the reply language; else the question's, ``default_lang`` if unsure.
        """
        match = self.matcher.match(question, lang, default_lang)
        return self.reply(match, today, question)

    def reply(self, match: Match, today: dt.date, question: str = "") -> Reply:
        """Turn the matcher's verdict into a reply."""
        lang, best = match.lang, match.best
        if best is None:
            key = "empty" if not tokens(question) else "decline"
            return Reply("unanswered", lang, message(key, lang))
        if match.decision == "answer":
            reply = self.entry_reply(best.entry_id, lang, today, best.score)
            return replace(reply, confidence=match.confidence)
        if match.decision == "suggest":
            # Close runners-up only: a far third choice is noise on a button.
            close = [c for c in match.candidates if c.score >= best.score * SUGGEST_RATIO]
            suggestions = tuple(
                Suggestion(c.entry_id, self.title(self.kb.by_id[c.entry_id], lang), c.score)
                for c in close
            )
            # The choices themselves are the channel's to show: buttons, or a numbered list.
            html = message("suggest", lang)
            return Reply(
                "suggested",
                lang,
                html,
                best.entry_id,
                best.score,
                suggestions,
                (),
                match.confidence,
            )
        # Declined, but not far from an entry: say so, and offer the closest entry as a
        # choice ("I don't have that; here is what I know"), never as the answer.
        near = match.confidence >= self.matcher.config.suggest_at - NEAR_MARGIN
        closest = (
            (Suggestion(best.entry_id, self.title(self.kb.by_id[best.entry_id], lang), best.score),)
            if near
            and best.entry_id in self.kb.by_id
            and not self.kb.by_id[best.entry_id].smalltalk
            else ()
        )
        return Reply(
            "unanswered",
            lang,
            message("decline_near" if closest else "decline", lang),
            best.entry_id,
            best.score,
            closest,
            confidence=match.confidence,
        )
