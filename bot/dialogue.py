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
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

import numpy as np

from bot import render
from bot.engine import Engine, Reply, Suggestion
from bot.kb import Entry, KnowledgeBase, Lang
from bot.matcher import FEATURES, Candidate, Match, Vector
from bot.text import details, fold, stem, tokens, words

MAX_PARTS = 3  # distinct questions answered in one reply
MAX_SEGMENTS = 8  # sentences of a long message considered
CONTEXT_TTL = dt.timedelta(minutes=15)
DECLINED = ""  # Context.entry_id after a declined question
# A question suggested alone is answered when another question of the message is answered
# ("un chercheur peut-il postuler ? sinon c'est quoi le tel de la cnil"): the message is
# about the call, so its second question's closest entry is very likely the right one.
ALSO_ANSWER_AT = -2.0
# A part after a question, with no question mark, is a question when its answer is this sure.
TRAILING_ANSWER_AT = 3.0
# A question answered alone with this confidence, with no pronoun and no "et…" opening,
# is read alone whatever came before: a clear standalone question wins over the context.
STANDALONE_AT = 3.0
CONTEXT_WEIGHT = 0.7  # weight of what a follow-up follows, against its own words
FRAME_WEIGHT = 1.0  # weight of the sentences that frame a question, as in the whole message

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
    """What a conversation remembers between messages (stored under its pseudonym): its
    last answer, or ``DECLINED`` when its last question was declined with no answer before
    it ("does the ICO have a sandbox too?"), so that "how do I apply to theirs?" is not
    answered with our own call's entry."""

    entry_id: str  # an entry, or DECLINED
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

# Sentence ends; a question mark ends a question even without a space after it; not the
# period of "Art. 22", "cf.", "e.g.", "Mme".
_SENTENCE = re.compile(
    r"(?<=[?？!！])\s*|(?<=[;…])\s+|(?<=[^\d]\.)(?<!\b[Aa]rt\.)(?<!\b[Cc]f\.)(?<!\be\.g\.)"
    r"(?<!\bi\.e\.)(?<!\bvs\.)(?<!\b[Ee]x\.)(?<!\bMme\.)(?<!\bM\.)(?<!\bDr\.)(?<!\bMr\.)"
    r"(?<!\bMrs\.)(?<!\bMs\.)(?<!\bSt\.)\s+|(?<=\d\.)\s+(?![a-zà-ÿ])|\n+|\s+(?=[-•*]\s)"
    r"|(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF])\s+|(?<=\s[:;][)(DpP])\s+"
    r"|\s+(?=\d\)\s)|(?:,|;|\s+(?:and|et))\s+(?=\([2-9]\)\s)|(?<!\bthe)(?<!\bof)(?<!\ble)(?<!\bla)(?<!\bdu)(?<!\bde)(?<!\bau)(?<!\bsa)(?<!\bson)"
    r"\s+(?=\d\.\s)"  # a numbered list in one line: "1) … 2) …" (not "the 4. edition")
)
# SMS question words: quand, quoi, qui, combien, comment, pourquoi.
_SMS_ASKS = r"qd|kan|koi|ki|cb|cmb|cmt|pk|pq|pkoi|wat"
# Words that open a question, in French and English.
_STARTERS = (
    r"est[- ]ce|est ce|qui|quoi|quand|quel|quelle|quels|quelles|comment|combien|ou|où|"
    r"pourquoi|peut|peuvent|puis[- ]je|pouvez|pourriez|y a|ya|y'a|c'?est|c'?etait|c'?était|c|"
    r"qu'est[- ]ce|qu'?est ce|"
    r"sa|son|ses|leur|leurs|celui|celle|ceux|celles|la date|le bilan|le rapport|"
    r"who|what|what's|whats|when|where|which|how|why|is|are|can|could|do|does|did|will|"
    r"was|were|would|has|have|its|their|any|should|en quoi|in what way|on|ca|ça|cela|ce que|ce qu'|"
    r"jusqu'?(?:à|a)|"
    rf"depuis quand|until when|since when|{_SMS_ASKS}|"
    # "et que comprend l'accompagnement ?", "et faut envoyer quoi"
    r"que\s+(?:comprend|contient|faut|fallait|doit|doivent|devait|signifie|veut dire|se passe|"
    r"propose|pr[ée]voit|couvre|recouvre|devient|deviennent)|faut|fallait"
)
# ... and after "et" / "and" only: "…, et si les bilans sont publiés", "…, et s'il permet de
# déroger" (whether; not "et si oui"), "et à qui je téléphone", "and for whom"
_AND_STARTERS = (
    rf"{_STARTERS}|si(?!\s+(?:oui|non|besoin|possible|n[ée]cessaire)\b)|s'il(?!\s+vous)|s'ils|"
    r"whether|(?:[àa]|au|de|du|en|pour|par|dans|sur|avec|chez|in|for|to|at|from|with|on)\s+"
    r"(?:quel|quelle|quels|quelles|qui|quoi|combien|lequel|laquelle|which|what|whom|who)\b"
    # ... with a verb of its own: not "et pour quelles raisons ?", which asks about the first
    r"(?=(?:\W+\w+){0,5}?\W+(?:je|j|tu|il|elle|on|nous|vous|ils|elles|les|i|we|you|they|is|are|"
    r"was|were|est|sont|ont|a|doit|peut|faut)\b)"
)
# A second question joined by "et" / "and": "… date limite et est-ce que … ?"
# The conjunction stays with the second question: "et" also marks a follow-up.
_ORDINALS = (
    r"(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|lastly|last|premi[èe]rement|"
    r"deuxi[èe]mement|troisi[èe]mement|d'abord|ensuite|enfin|primo|secundo|tertio)"
)
_JOINED = re.compile(
    r"\s*(?:,\s*)?(?=(?:\b(?:et|and|aussi|also|puis|pis|then|ainsi que|plus|sinon|otherwise)"
    rf"|[+&])\s+(?:{_ORDINALS},?\s+)?(?:{_AND_STARTERS})\b)",
    re.IGNORECASE,
)
# "je voudrais connaître d'une part X, d'autre part Y", "…, and secondly Y": two questions
_ON_THE_OTHER = re.compile(
    r"\s*[,;]\s*(?:(?:et|and)\s+)?(?=(?:d'autre part|on the other hand|secondly|"
    r"deuxi[èe]mement|troisi[èe]mement|thirdly|par ailleurs|in addition)\b)"
    r"|\s+(?:et|and)\s+(?=(?:d'autre part|on the other hand|secondly|deuxi[èe]mement)\b)",
    re.IGNORECASE,
)
# A question after a comma, a colon or an emoticon: "public ou privé, qui peut candidater ?"
_CLAUSE = re.compile(
    rf"(?:,|\s?:(?=\s)|\s[:;]-?[)(DpP]|\s[\U0001F300-\U0001FAFF\u2600-\u27BF]+)\s*(?=(?:{_STARTERS})\b)"
    # not before a condition: "… shielded from a fine, should something go amiss?"
    r"(?!should\s+(?:something|anything|things|problems?|issues?|it|this|that|there)\s)",
    re.IGNORECASE,
)
_STARTS_QUESTION = re.compile(
    r"\s*(?:(?:et|and|ok|so|alors|sinon|otherwise|or|ou|aussi|also|puis|then|\+|&|\d[).])\s+)?"
    rf"(?:{_STARTERS})\b",
    re.IGNORECASE,
)
# Small talk that opens a message: "merci !", "super merci bcp,", "ok top.", "haha ok".
_COURTESY = re.compile(
    r"^(?:(?:(?:(?:very|really|super|so|extremely|tr[èe]s|vraiment|trop) )?(?:helpful|useful|"
    r"utile|clair)(?: (?:bot|robot|assistant))?|hi there|hello there|hey there|"
    r"merci+|mrc|mci|super|top|ok+|okay|oki|dac|dacc|d'acc|d'accord|daccord|dacord|parfait|g[ée]nial|"
    r"cool|tr[èe]s bien|bien re[çc]u|beaucoup|bcp|infiniment|ha(?:ha)+|hihi|lol|bonjour|"
    r"bonsoir|bjr|slt|salut|coucou|all[oô]|hello|hi|hey|thanks|thank you|thank u|thx|ty|great|"
    r"perfect|nice|alright|all right|good (?:morning|evening|afternoon)|excellent|ah|oh|"
    r"(?:(?:excuse[sz]?[- ]moi|veuillez m'excuser|pardon(?:nez[- ]moi)?|d[ée]sol[ée]e?) de (?:vous |te )?"
    r"(?:d[ée]ranger|importuner)|sorry to (?:bother|disturb) you)|"
    r"sorry|d[ée]sol[ée]e?|pardon|excuse[sz]?[- ]moi|excuse me|re|btw|par contre|du coup|"
    r"by the way|noted|got it|"
    r"that'?s (?:(?:really|very|so|super) )?(?:helpful|great|clear|useful)|c'est (?:clair|not[ée]|top|super|parfait|gentil)|"
    r"interesting|int[ée]ressante?|i see|je vois|compris|understood|makes sense|hm+|"
    r"dommage|(?:bon )?tant pis|damn|wow|mince|zut|ah bon|entendu|grazie|va bene|"
    r"fort bien|ugh+|argh+|bof|meh|a[iï]e|ouch|yikes|dang|bummer|too bad|what a (?:shame|pity)|"
    r"(?:that's a )?(?:shame|pity)|"
    r"s'il (?:vous|te) pla[iî]t|"
    # only when a sentence ends there: "fine print", "je comprends pas …" are not thanks
    r"(?:(?:ok )?fine|right|je comprends|je vous remercie|s[ée]rieux|seriously)(?=\s*[,.!;]|\s*$)|"
    r"a lot|so much|very much|one more(?: question)?|another (?:one|question)|"
    r"(?:one )?last (?:thing|question)|une derni[èe]re (?:chose|question)|derni[èe]re question|"
    r"(?:[çc]a|ca) va(?: ou bien| bien)?(?=\s*(?:[?,!.]|$))|l'ami|les amis|mon ami|my friend|mate|"
    r"buddy|"
    r"quick (?:ones?|questions?)|(?:i have )?(?:two|2|three|3|a few) (?:quick )?questions?|"
    r"(?:une )?autre question|(?:petite |encore une )?question|(?:j'ai )?(?:deux|2|trois|3) "
    r"(?:petites )?questions|(?:two|2|three|3) things|(?:deux|2|trois|3) choses|"
    # pleasantries: "j'espère que vous allez bien", "hope you're well", "t'es sympa", "dis moi"
    r"j'esp[èe]re que (?:vous allez|tu vas|tout va) bien|(?:i )?hope (?:you're|you are|all is) "
    r"(?:well|doing well|good)|comment (?:[çc]a|allez[- ]vous) va|how are you(?: doing)?|"
    r"t'es (?:sympa|top|cool|g[ée]nial)|you're (?:great|awesome|the best)|salam(?: alikoum| alaykoum)?|"
    r"dis[- ](?:moi|voir)|dites[- ]moi|dis(?=\s*,)|tell me|bonne (?:journ[ée]e|soir[ée]e)(?: [àa] (?:vous|toi))?|"
    r"(?:juste )?une (?:petite )?question(?: rapide| avant de partir)?|avant de partir|le bot)\b"  # whole words: not "résultats"
    r"(?:[\s,.!;:)(]|[\U0001F300-\U0001FAFF\u2600-\u27BF])*)+",
    re.IGNORECASE,
)
_THANKS_FOR = re.compile(r"(?:for|pour|de|d'|du|des|about)\b", re.IGNORECASE)
_MIN_PART_WORDS = 2


def parts(message: str) -> list[str]:
    """The questions of ``message``: its sentences, small talk apart, and questions joined
    by "et" / "and" or after a comma.

    >>> parts("merci ! et c'était quand la date limite ?")
    ['merci !', "et c'était quand la date limite ?"]
    >>> parts("quelle est la date limite et est-ce que les collectivités peuvent postuler ?")
    ['quelle est la date limite', 'et est-ce que les collectivités peuvent postuler ?']
    >>> parts("super merci bcp, et les résultats ?")
    ['super merci bcp,', 'et les résultats ?']
    """
    found: list[str] = []
    for sentence in _SENTENCE.split(message):
        sentence = sentence.strip()
        if not sentence:
            continue
        opening = _COURTESY.match(sentence)
        if opening and _THANKS_FOR.match(sentence, opening.end()):
            opening = None  # "thanks for the help earlier.", "merci pour ta réponse"
        if opening and opening.end() < len(sentence):
            rest = sentence[opening.end() :]
            if len(tokens(rest)) >= _MIN_PART_WORDS or (
                _is_question(rest) and len(words(rest)) >= _MIN_PART_WORDS
            ):
                found.append(sentence[: opening.end()].strip())
                sentence = rest
        items = _listed(sentence)  # "trois dates : lancement, clôture, annonce"
        for item in items:
            pieces = [
                piece
                for o in _ON_THE_OTHER.split(item)
                for p in _JOINED.split(o)
                for q in _clauses(p)
                for piece in _cut_questions(q)
            ]
            # "… 👍 et sinon ça coûte combien": "et" goes with the question after it
            for k in range(len(pieces) - 2, -1, -1):
                if _BARE_CONJUNCTIONS.fullmatch(pieces[k]):
                    pieces[k : k + 2] = [f"{pieces[k]} {pieces[k + 1]}"]
            # A piece of one word ("et toi") stays with the piece before it (not an item of
            # a list); so does "et son dispositif renforcé." when it asks nothing ("la
            # différence entre A et son B.").
            for k, piece in enumerate(pieces):
                if found and not words(piece):  # "merci bcp !!": the second "!"
                    found[-1] = f"{found[-1]}{piece}"
                elif (
                    found
                    and (k > 0 or len(items) == 1)
                    and len(words(piece)) < _MIN_PART_WORDS
                    and not _is_question(piece)
                    and not courtesy(piece)  # "… déjà ? merci": its own part
                    and not courtesy(found[-1])  # "ok merci. cloture": a question of one word
                ) or (
                    (k > 0 and _POSSESSIVE_AND.match(piece) and not _is_question(piece))
                    or (found and _ABOUT_WHAT.fullmatch(piece))  # "d'autres éditions ? sur koi"
                    # "… who sat on the committee? names pls": the names of what it asked
                    or (found and _names_only(piece))
                ):
                    found[-1] = f"{found[-1]} {piece}"
                else:
                    found.append(piece)
    return found


def _names_only(piece: str) -> bool:
    """True when ``piece`` only asks for names: "names pls", "vous avez les noms ?"."""
    said = tokens(piece)
    return (
        len(said) <= 3
        and bool({"nom", "noms", "name", "names"} & set(said))
        and "names" in details(fold(piece))
    )


_BARE_CONJUNCTIONS = re.compile(
    r"(?:(?:et|and|aussi|also|puis|pis|then|ainsi que|plus|sinon|otherwise|mais|but)[\s,]*)+",
    re.IGNORECASE,
)
_ABOUT_WHAT = re.compile(
    r"(?:(?:et|and)\s+)?(?:sur|about|on|de|a\s+propos\s+de|à\s+propos\s+de)\s+(?:quoi|koi|what)\W*",
    re.IGNORECASE,
)
_POSSESSIVE_AND = re.compile(
    r"(?:et|and|ainsi que|plus|[+&])\s+(?:sa|son|ses|leur|leurs|its|their)\b", re.IGNORECASE
)


def _cut_questions(clause: str) -> list[str]:
    """``clause`` cut into the questions it asks, by each rule in turn (stripped, none empty)."""
    pieces = [clause]
    for cut in (
        _as_well_as,
        _asks_on_both_sides,
        _asked_again,
        _each_asks,
        _another_one,
        _plus,
        _each,
        _two_numbered,
    ):
        pieces = [piece for before in pieces for piece in cut(before)]
    return [p.strip() for p in pieces if p.strip()]


def courtesy(text: str) -> bool:
    """True when ``text`` is only small talk that opens a message ("ok merci !", "hello")."""
    return _COURTESY.fullmatch(text) is not None


# "coucou merci pour l'aide d'hier, c'était quand les résultats": thanks for something,
# then a question.
_THANKS = re.compile(
    r"\W*(?:(?:coucou|bonjour|bonsoir|salut|hello|hi|hey)\W+)?(?:re\W+)?"
    r"(?:merci|thanks|thank\s+you|many\s+thanks)\b",
    re.IGNORECASE,
)


def _clauses(text: str) -> list[str]:
    """``text`` cut before a question that follows a comma, when what comes before is a
    question too: "c'est quoi le bac à sable, et en quoi…" is two questions, "public
    hospital here, could we have applied?" is one (the first clause is its context), but who
    writes is the frame of a question of its own ("je suis journaliste : quels projets
    ont été retenus ?"), read with it (:func:`_context_only`)."""
    found: list[str] = []
    joined = False  # found[-1] holds several clauses
    for clause in _CLAUSE.split(text):
        asked = (
            _STARTS_QUESTION.match(found[-1]) or _QUESTION_WORD.search(found[-1]) if found else True
        )
        introduced = (
            found
            and not joined
            and _INTRODUCES.match(fold(found[-1]))
            and _is_question(clause)
            and _topic_words(clause) > 0  # not "…, c'est bien ça ?"
        )
        if (
            found
            and not asked
            and not introduced
            and not courtesy(found[-1])
            and not _THANKS.match(found[-1])
        ):
            found[-1] = f"{found[-1]}, {clause.strip()}"
            joined = True
        else:
            found.append(clause)
            joined = False
    if len(found) == 1 and _INTRODUCES.match(fold(text)) and _is_question(text):
        # "on est une petite commune on bosse sur un assistant, il est encore temps de
        # s'inscrire ?": who writes, then the question after the last comma
        head, comma, tail = text.rpartition(",")
        if comma and _topic_words(tail) > 0 and not _QUESTION_WORD.search(fold(head)):
            return [head, tail.strip()]
    return found


# "c'était quand la date limite et les résultats sont tombés quand ?": a question word on
# each side of "et" / "and", each side with words of its own: two questions.
_AND = re.compile(
    r"(?:\s*,)?\s+(?=(?:et|and|pis)\s)"
    # "n" for "and", typed fast: "the phases of the support n who handles it"
    r"|\s+n\s+(?=(?:who|what|when|where|which|how|why|is|are|can|could|do|does|did)\b)",
    re.IGNORECASE,
)
_QUESTION_WORDS = (
    r"qui|quoi|quand|quel|quelle|quels|quelles|lequel|laquelle|comment|combien|pourquoi|"
    rf"est[- ]ce|who|whom|what|when|where|which|how|why|{_SMS_ASKS}"
)
_QUESTION_WORD = re.compile(rf"\b(?:{_QUESTION_WORDS})\b", re.IGNORECASE)
# ... or an inverted subject ("y en aura-t-il un autre", "une startup peut-elle"), or an
# auxiliary first ("is it free", "would selection shield us").
_ASKS_TOO = re.compile(
    r"-(?:t-)?(?:il|ils|elle|elles|on|nous|vous)\b|\b(?:a|aura|va|sera)\s+t\s+(?:il|elle|on)\b|^\W*(?:(?:et|and|pis)\s+)?(?:is|are|can|could|"
    r"do|does|did|will|would|was|were|should|shall|must|may|might|has|have)\b",
    re.IGNORECASE,
)
_COMPARES = re.compile(r"\b(?:entre|between|diff[ée]rences?|compar\w*|versus|vs)\b", re.I)
# "qui a choisi les projets, et selon quelle procédure ?": one question, said in two goes;
# "…, et à quel stade de développement doit se trouver le projet ?" has a clause of its own.
_OWN_CLAUSE_WORDS = 4
_AND_PREPOSITION = re.compile(
    r"(?:et|and)\s+(?:selon|avec|pour|dans|par|en|sur|sous|à|a|de|d'|with|for|in|by|on|at|"
    r"from|under|according)\b",
    re.IGNORECASE,
)


# "c'était quoi la 1re édition, et la 2e ?", "what was the 2021 edition about, and the
# 2022 one": another one of the same kind, named by its number alone
_NUMBERED = (
    r"(?:\d+(?:e|er|[èe]re|re|[èe]me|nd|rd|th|st)?|premi[èe]re?|first|deuxi[èe]me|second|"
    r"troisi[èe]me|third|quatri[èe]me|fourth|cinqui[èe]me|fifth)"
)
_SEPARATOR = re.compile(r"\s*,\s*|\s+(?=(?:et|and)\s)", re.IGNORECASE)
_ANOTHER_ONE = re.compile(
    rf"(?:(?:et|and)\s+)?(?:the\s+|l[ea]s?\s+|l')?{_NUMBERED}"
    r"(?:\s+(?:one|edition|[ée]dition))?\s*(?:[,?!.]|$)",
    re.IGNORECASE,
)


MAX_SEPARATORS = 24  # separators tried for one cut: a hostile run of "et" stays linear


def _cut(text: str, separators: re.Pattern[str], cuts: Callable[[str, str], bool]) -> list[str]:
    """``text`` cut at each separator where ``cuts(before, after)`` holds."""
    pieces: list[str] = []
    rest: str | None = text
    while rest is not None:
        remaining, rest = rest, None
        for found in itertools.islice(separators.finditer(remaining), MAX_SEPARATORS):
            left, right = remaining[: found.start()], remaining[found.end() :]
            if cuts(left, right):
                pieces.append(left)
                rest = right  # and look for the next cut in what follows
                break
        else:
            pieces.append(remaining)  # no cut left (within the separators tried)
    return pieces


# The words for one edition or call ("la 2e édition", "the 2021 call").
_CALL_NOUNS = r"[ée]ditions?|editions?|sessions?|appels?|calls?"
# "les thèmes de la première et de la deuxième édition", "the 2021 and 2022 editions":
# one question about two of them is two questions, one about each.
_TWO_NUMBERED = re.compile(
    rf"\b(?P<a>{_NUMBERED}|20\d\d)\s+(?:et|and|&)\s+(?:de\s+la\s+|de\s+l'|la\s+|le\s+|l'|the\s+)?"
    rf"(?P<b>{_NUMBERED}|20\d\d)\s+(?P<noun>{_CALL_NOUNS}|"
    r"bacs?\s+[àa]\s+sable|sandboxe?s?)\b",
    re.IGNORECASE,
)


# "la RATP et Nantes, ils ont fait quoi chacun ?": the question asked of each of the two.
_EACH = re.compile(r"\b(?:chacun|chacune|each|respectivement|respectively)\b", re.IGNORECASE)
_PAIR_THEN_TAIL = re.compile(
    r"^(?P<a>[^,]{2,40}?)\s+(?:et|and|&|\+)\s+(?P<b>[^,]{2,40}?)(?P<tail>\s*,.+)$", re.IGNORECASE
)


def _each(text: str) -> list[str]:
    """ "la RATP et Nantes, ils ont fait quoi chacun ?": one question for each of the two."""
    m = _PAIR_THEN_TAIL.match(text) if _EACH.search(text) else None
    if not m or _COMPARES.search(text):
        return [text]
    return [f"{m.group('a')}{m.group('tail')}", f"{m.group('b')}{m.group('tail')}"]


_PLUS = re.compile(r"\s+\+\s+")


def _plus(text: str) -> list[str]:
    """ "difference avec sandbox AI act + lien avec accompagnement renforce": two subjects
    joined by a "+", each with words of its own, are two questions."""
    return _cut(
        text,
        _PLUS,
        lambda left, right: (
            len(tokens(left)) >= _MIN_PART_WORDS and len(tokens(right)) >= _MIN_PART_WORDS
        ),
    )


# "trois dates : lancement de l'appel, clôture, annonce des lauréats", "Two things please:
# is it open, and who can apply?": after the colon, a list of questions.
_LIST_INTRO = re.compile(
    r"\b(?:deux|trois|quatre|2|3|4|two|three|four|quelques|plusieurs|a few|several)\s+(?:\w+\s+)?"
    r"(?:choses|questions|points|dates|infos|informations|[ée]l[ée]ments|pr[ée]cisions|things|"
    r"asks|checks|items|details|d[ée]tails)\b[^:?]{0,30}:\s*",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*(?:(?:et|and)\s+)?", re.IGNORECASE)
_SLASH = re.compile(r"\s+/\s+")
_SHORT_ITEM = 4  # words of an item of "how to apply / deadline / cost"
_SHORT_LIST = 3  # items of a list said with commas alone
# "le coût de la participation ainsi que la durée de l'accompagnement", after a request
_AS_WELL_AS = re.compile(r"\s*,?\s+(?:ainsi que|as well as|de m[êe]me que)\s+", re.IGNORECASE)
_REQUEST = re.compile(
    r"\b(?:indiquer|pr[ée]ciser|dire|conna[iî]tre|savoir|communiquer|rappeler|confirmer|"
    r"expliquer|[ée]clair[ée]r?|tell|know|confirm|give|send|clarify|explain)\b",
    re.IGNORECASE,
)


def _listed(text: str) -> list[str]:
    """The items of a list of questions: after "trois choses :" and the like, cut at each
    comma; three short items or more without a verb, at each comma ("thème 3e édition,
    date de lancement, contact"); "how to apply / deadline / cost", at each slash."""
    intro = _LIST_INTRO.search(text)
    if intro is not None:
        items = [i for i in _LIST_SEPARATOR.split(text[intro.end() :]) if tokens(i)]
        if len(items) > 1:
            return items
    items = _LIST_SEPARATOR.split(text)
    if len(items) >= _SHORT_LIST and all(
        tokens(i)
        and len(words(i)) <= _SHORT_ITEM
        and not _HAS_VERB.search(i)
        and not _ASKS.search(fold(i))  # not "the AESIA sandbox, how it works?"
        for i in items
    ):
        return items  # "thème 3e édition, date de lancement, contact"
    items = _SLASH.split(text)
    if len(items) > 1 and all(tokens(i) and len(words(i)) <= _SHORT_ITEM for i in items):
        return items
    return [text]


def _as_well_as(text: str) -> list[str]:
    """ "Pourriez-vous m'indiquer le coût ainsi que la durée de l'accompagnement ?": what is
    asked for, and what is asked for as well."""
    return _cut(
        text,
        _AS_WELL_AS,
        lambda left, right: (
            bool(_REQUEST.search(left) or _QUESTION_WORD.search(fold(left)))
            and len(tokens(left)) >= _MIN_PART_WORDS
            and len(tokens(right)) >= _MIN_PART_WORDS
        ),
    )


# "le thème de la 1re édition et de la 2e": the noun after the first number only
_NOUN_THEN_NUMBERED = re.compile(
    rf"\b(?P<a>{_NUMBERED}|20\d\d)\s+(?P<noun>{_CALL_NOUNS})\s+"
    rf"(?:et|and|&)\s+(?:de\s+la\s+|de\s+l'|la\s+|le\s+|l'|the\s+)?(?P<b>{_NUMBERED}|20\d\d)\b"
    rf"(?!\s+(?:{_CALL_NOUNS})\b)",
    re.IGNORECASE,
)


def _two_numbered(text: str) -> list[str]:
    """ "les thèmes de la 1re et de la 2e édition": one question for each edition."""
    m = _TWO_NUMBERED.search(text) or _NOUN_THEN_NUMBERED.search(text)
    if not m or _COMPARES.search(text):
        return [text]  # "entre la 3e et la 4e édition, quelle différence ?": one question
    noun = m.group("noun")
    one = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    return [f"{text[: m.start()]}{m.group(n)} {one}{text[m.end() :]}".strip() for n in ("a", "b")]


def _another_one(text: str) -> list[str]:
    """``text`` cut before each ", and the 2nd one" that names another one by its number."""
    return _cut(
        text,
        _SEPARATOR,
        lambda left, right: bool(
            _ANOTHER_ONE.match(right) and tokens(left) and not _COMPARES.search(left)
        ),
    )


# ... unless it has a verb of its own: "and in which stage must the project be?"
_HAS_VERB = re.compile(
    r"\b(?:is|are|was|were|must|should|can|could|do|does|did|will|would|has|have|est|sont|"
    r"etait|était|etaient|étaient|doit|doivent|devait|peut|peuvent|pouvait|faut|fallait|"
    r"sera|seront|ont|"
    # an aside or a verb of its own: "une édition portait, je crois, sur la santé"
    r"crois|pense|semble|think|believe|portait|portaient|concernait|concernaient)\b",
    re.IGNORECASE,
)


def _asks_on_both_sides(text: str) -> list[str]:
    """``text`` cut at an "et" / "and" that has a question of its own on each side."""
    return _cut(text, _AND, _both_ask)


def _both_ask(left: str, right: str) -> bool:
    compared = _COMPARES.search(left)
    # "la différence entre A et B" is one question; "…entre A et B, et une ARS … ?" has
    # one more after the comparison is complete
    comparing = compared and not re.search(r"\b(?:et|and)\b", left[compared.end() :], re.I)
    return bool(
        _asks(left)
        and _asks(right)
        and not comparing
        and not (
            _AND_PREPOSITION.match(right)
            and len(tokens(right)) < _OWN_CLAUSE_WORDS
            and not _HAS_VERB.search(right)
        )
        and tokens(left)
        and len(tokens(right)) >= _MIN_PART_WORDS
    )


# "when did the call open when did it close": a question word and its verb start a new
# question, with no comma nor "and" before them, after a question that has its own
_ASKS_AGAIN = re.compile(
    r"\s+(?=(?:when|where|who|what|how|why)\s+(?:did|does|do|is|was|were|are|will|can|could)\s)",
    re.IGNORECASE,
)


def _asked_again(text: str) -> list[str]:
    """``text`` cut before each English question word and verb that follows a question."""
    return _cut(
        text,
        _ASKS_AGAIN,
        lambda left, right: bool(_QUESTION_WORD.search(left)) and len(tokens(left)) >= 2,
    )


def _each_asks(text: str) -> list[str]:
    """ "AAP lancé quand, clos quand, résultats quand ?": clauses after commas, each with a
    question word of its own and no link word before it, are as many questions."""
    pieces = [p for p in re.split(r"\s*,\s*", text) if p.strip()]
    if len(pieces) < 2 or not all(
        _QUESTION_WORD.search(p)
        and len(words(p)) >= _MIN_PART_WORDS
        and not re.match(r"(?:et|and|ou|or|mais|but|pis)\b", p, re.I)
        for p in pieces
    ):
        return [text]
    return pieces


def _asks(text: str) -> bool:
    return bool(_QUESTION_WORD.search(text) or _ASKS_TOO.search(text))


def _is_question(text: str) -> bool:
    return "?" in text or "？" in text


def _questioning(text: str) -> bool:
    """A question mark, or a question word or an auxiliary first (:data:`_ASKS`)."""
    return _is_question(text) or _asks(fold(text))


# A question without a question mark: an interrogative word, or an auxiliary first.
# It also counts "ou" (folded "où"), which _QUESTION_WORD leaves out: "ou" also means "or",
# and must not cut one question in two.
_ASKS = re.compile(
    rf"\b(?:{_QUESTION_WORDS}|lesquels|ou|où|whose|whats)\b|"
    r"^\W*(?:(?:et|and|ok|so|alors|sinon|otherwise|aussi|also|\d[).])\s+)?(?:peut|peuvent|"
    r"puis|pouvez|pourriez|y a|ya|is|are|can|could|do|does|did|will|was|were|should|may|"
    r"has|have|any)\b|-(?:t-)?(?:il|ils|elle|elles|on|je|nous|vous)\b",
    re.IGNORECASE,
)


def _context_only(segments: Sequence[str], i: int) -> bool:
    """True when part ``i`` only gives context to a question of the message: no question
    mark, no question word, while another part has one ("on n'est pas prêts cette année,
    on pourra candidater à une prochaine session ?"); who writes ("je suis agent à la
    mairie") also before a question with no question mark, or an "et" that goes on."""
    segment = segments[i]
    after = segments[i + 1] if i + 1 < len(segments) else ""
    # "X et Y, c quoi ?"; "date limite + ca coute cb ?": items of a list
    shared = (_opens_follow_up(after) and not _stated(after)) or after.startswith(("+", "&"))
    introduces = bool(_INTRODUCES.match(fold(segment)))
    return (
        (introduces or not shared)
        and not (i > 0 and _opens_follow_up(segment) and not _stated(segment))
        and not _is_question(segment)
        and (_stated(segment) or not _ASKS.search(fold(segment)))
        and any(
            _is_question(s) or (introduces and _asks(fold(s)))
            for k, s in enumerate(segments)
            if k != i
        )
    )


# Who writes, said before a question with no question mark ("alors voila je suis agent
# d'accueil a la mairie et … est ce que c'est encore possible de candidater"): context
_INTRODUCES = re.compile(
    r"\W*(?:(?:alors|voila|bon|bonjour|hello|hi|so|well|ok|et|and)\W+)*(?:je suis|nous sommes|"
    r"on est|je travaille|nous travaillons|on travaille|i am|i'm|im|we are|we're|i work|we work|"
    r"my name is|je m'appelle)\b"
)


def _asks_after_a_question(segments: Sequence[str], i: int, own: Match) -> bool:
    """True when part ``i``, though it has no question mark, asks a question of its own
    after one: "Is the call still open? If not is a new one planned", "…? also contact".
    Its own answer is sure and it does not end with a full stop ("Je pensais à nos
    lecteurs." gives context)."""
    return (
        own.decision == "answer"
        and own.confidence >= TRAILING_ANSWER_AT
        and not _stated(segments[i])
        and any(_is_question(s) for s in segments[:i])
    )


def _stated(text: str) -> bool:
    """True when ``text`` ends with a full stop: a statement, whatever words it holds ("et on
    a un projet qui aiderait les secrétaires de mairie.": "qui" is a relative here)."""
    return text.rstrip().endswith((".", "…")) and not _is_question(text)


# A correction: "non pardon, je voulais dire la date de clôture", "sorry, I meant the France
# Travail one", "non la 3". What it corrects (the question before it in the message, or the
# last answer) is not what the writer wants; the words after it are.
_NO = r"(?:non|no|nope|nan|naan|wait|attends?|attendez|oups|oops|whoops|euh+|hmm+|enfin)"
_SORRY = r"(?:sorry|pardon|d[ée]sol[ée]e?|dsl|my bad|excuse[sz]?[- ]moi|excuse me)"
_FILLER = rf"(?:{_NO}|{_SORRY}|ah|oh|actually|en fait)"
_MEANT = (  # said alone, these correct: "je voulais dire celui sur la santé"
    r"je (?:voulais|veux|voulait) dire|i (?:meant|wanted to (?:say|ask))|"
    r"je me suis (?:mal exprim[ée]e?|tromp[ée]e?)|(?:je confonds|j'ai confondu)(?: avec (?:autre "
    r"chose|l'autre|une autre \w+|un autre \w+))?|i(?:'m| am) (?:confusing|mixing)(?: (?:it|things|"
    r"them))?(?: up)?(?: with (?:something else|another \w+))?|"
    r"c'est pas ce que je (?:voulais|demandais)|ce n'est pas (?:ma question|ce que je (?:voulais|"
    r"demandais))|that's not what i (?:asked|meant)|mauvaise r[ée]ponse|wrong answer"
)
_ALSO_MEANT = (  # these only after "non", "pardon"...: "je voulais savoir" also opens questions
    r"je (?:voulais|voulait) savoir|je (?:parlais|pensais)|je demandais|"
    r"i mean|i was (?:asking|talking|thinking)|(?:c'est )?pas (?:[çc]a|celui-l[àa]|celle-l[àa])|"
    r"not (?:that|this)(?: one)?|(?:[çc]a|that) je (?:le )?sais d[ée]j[àa]|i already know (?:that|this)"
)
_CORRECTION = re.compile(
    rf"^\W*(?:(?:{_FILLER}\b[\s,.!;:…-]*)*(?:{_MEANT})|(?:{_FILLER}\b[\s,.!;:…-]*)*"
    rf"(?:{_NO}|{_SORRY})\b[\s,.!;:…-]*(?:{_ALSO_MEANT})|(?:non|no|nope)\b[\s,.!;:…-]*{_SORRY}"
    r"|(?:non|no|nope|nan)\b[\s,]*(?=(?:la|le|les|l'|celui|celle|ceux|the|that)\b))\b"
    r"[\s,.!;:…-]*(?:(?:plut[ôo]t|rather|instead|d'abord|first|en fait|actually)\b[\s,.!;:…-]*)*",
    re.IGNORECASE,
)


def _corrected(segments: Sequence[str]) -> tuple[list[str], dict[int, int]]:
    """``segments`` with each correction's words left out, and what each correction takes
    back: part -> the question of the message it follows, or -1 for the last answer (a
    correction before any question of the message).

    A question taken back is dropped when the correction asks one of its own, and stays
    (never answered) to frame a fragment that leans on it ("combien de projets la cnil
    voulait accompagner ? non pardon, je veux dire dans l'appel initial").

    >>> _corrected(["Albert, c'est quoi ?", "non pardon, je voulais dire le projet de Nantes"])
    (["Albert, c'est quoi ?", 'le projet de Nantes'], {1: 0})
    >>> _corrected(["c'est quoi l'AI Act ?", "non pardon, c'est quoi ce bac à sable ?"])
    (["c'est quoi ce bac à sable ?"], {})
    >>> _corrected(["non la 3"])
    (['la 3'], {0: -1})
    """
    found: list[str] = []
    takes_back: dict[int, int] = {}
    taken: int | None = None  # a correction with nothing after it takes back this part
    for segment in segments:
        correction = None if courtesy(segment) else _CORRECTION.match(segment)
        asked = [k for k, s in enumerate(found) if not courtesy(s)] if correction else []
        if correction and asked and not _RETRACTS.match(segment):
            correction = None  # "on peut candidater ? je veux dire à la 3e": a precision
        if correction is None and taken is None:
            found.append(segment)
            continue
        rest = segment[correction.end() :].strip() if correction is not None else segment
        if correction is not None:
            taken = asked[-1] if asked else -1
            if len(asked) > 1 and len(tokens(found[taken])) < _MIN_PART_WORDS:
                # "combien de projets, 4 ? non pardon…": the guess and its question
                found[asked[-2]] = f"{found[asked[-2]]} {found.pop(taken)}"
                taken = asked[-2]
        if not rest:
            continue  # what it means comes in the next part
        assert taken is not None
        if taken >= 0 and not _leans(rest):
            del found[taken]  # a question of its own instead
            taken = None
        else:
            takes_back[len(found)] = taken
        found.append(rest)
        taken = None
    if not found:
        return list(segments), {}
    return found, takes_back


# Inside a message, a correction opens with "non", "pardon"...: "je veux dire" alone adds
# a precision to the question before it.
_RETRACTS = re.compile(rf"\W*(?:{_NO}|{_SORRY})\b", re.IGNORECASE)


# A correction that names what it meant instead: "le projet de Nantes", "the 2022 one".
_NAMES_ONE = re.compile(
    r"\W*(?:le|la|les|l'|celui|celle|ceux|celles|the|that|this|those|un|une|a|an)\b", re.I
)


def _leans(rest: str) -> bool:
    """True when what a correction means is a fragment of a question: "dans l'appel
    initial", "c'est qui" (not "c'est quoi ce bac à sable ?")."""
    content = len(tokens(rest))
    return content <= 1 or (content <= 3 and not _asks(fold(rest)))


# -- editions by their place -----------------------------------------------------------------

# "the one after it", "celle d'avant", "et après la santé, il y a eu quoi ?", "le dernier en
# date": an edition named by its place among the others. The editions and their order come
# from the FAQ: an entry is about edition N when its phrasings name that ordinal often
# ("1re édition", "the 4th edition").
_ORDINAL_STEM = re.compile(r"(\d+)e")  # an ordinal as bot.text.stem says it: "4e"
_EDITION_SHARE = 0.25  # of an entry's phrasings that name its edition's ordinal
_LATEST = r"derni[eè]re? en date|plus r[ée]cente?|latest|most recent"
_AFTER = r"apr[eè]s|after|suivante?|came next|qui a suivi|that followed"
_BEFORE = r"avant|before|pr[ée]c[ée]dente?s?|ant[ée]rieure?s?|previous|earlier|prior"
_PLACE = re.compile(
    r"(?P<head>\b(?:(?:the|l'|la|le|les)\s+)?(?:[ée]ditions?|editions?|sessions?|sandbox(?:es)?|"
    r"bacs?\s+[àa]\s+sable|appels?|calls?|ones?|celle|celui|ceux|celles)?\s*"
    r"(?:just\s+|juste\s+)?(?:d'|that\s+came\s+|qui\s+(?:a|est)\s+(?:venue?\s+)?)?)?"
    rf"\b(?:(?P<latest>{_LATEST})|(?P<after>{_AFTER})|(?P<before>{_BEFORE}))\b"
    r"(?P<reference>\s+(?:(?:the|la|le|l'|celle|celui|that|this|it|elle|lui|[çc]a|cela|sur|on|about|"
    r"de|du|des|d')\s*)*[^,?.!;:]{0,40}?)?(?=\s*(?:[,?.!;:]|$|(?:il|ya|y\s+a|c'|what|quoi|was|is|"
    r"were|are|portait|portaient|about|c)\b))",
    re.IGNORECASE,
)
# Not a place: "avant quand ?", "après la sélection", "after being selected", "avant le 30"
_NOT_PLACE = re.compile(
    r"\s*(?:quand|when|\d|le\s+\d|the\s+\d|l'?\s*[ée]ch[ée]ance|la\s+date|the\s+date|deadline|"
    r"la\s+s[ée]lection|selection|being|having|avoir|[êe]tre|d'[êe]tre|submitting|applying|"
    r"candidat\w*|le\s+d[ée]p[ôo]t|cette\s+date|that\s+date|la\s+cl[ôo]ture|(?:i|je|j'|we|nous|"
    r"you|vous|que|qu'|my|mon|ma|mes|our|notre|nos)\b)",
    re.IGNORECASE,
)
_POINTING = re.compile(
    r"^\s*(?:(?:the|la|le|l'|that|this|it|elle|lui|[çc]a|cela|celle-ci|celui-ci|celle-l[àa]|"
    r"celui-l[àa]|ones?|[ée]ditions?|editions?|sandbox(?:es)?|bacs?\s+[àa]\s+sable|of|about|"
    r"sur|du|de|des|y)\s*)*$",
    re.IGNORECASE,
)
# The nouns of an edition; an edition named as such ("celle d'après l'IA", "the edition
# after the AI one"); words that say an edition is asked about, when its place is taken
# from the conversation.
_EDITION_NOUNS = rf"{_CALL_NOUNS}|sandbox(?:es)?|bacs?"
_AN_EDITION_WORDS = rf"{_EDITION_NOUNS}|ones?|celle|celui|ceux|celles"
_AN_EDITION = re.compile(rf"\b(?:{_AN_EDITION_WORDS})\b", re.IGNORECASE)
_ABOUT_EDITIONS = re.compile(
    rf"\b(?:{_AN_EDITION_WORDS}|th[èe]mes?|themes?|il y a eu|y a eu|ya eu|ya|came|anything|"
    r"rien|quoi d'autre|autres?|others?)\b",
    re.IGNORECASE,
)
# Not about an edition itself: its reports ("les bilans des éditions précédentes"), a call
# to come ("another call after the AI one?": the entry on what comes next says it).
_ELSEWHERE = re.compile(
    r"\b(?:bilans?|rapports?|reports?|enseignements|lessons|publi\w*|compte[- ]rendus?|"
    r"another|other|autres?\s+appels?|nouveau|nouvelle|new|prochaine?s?|next|coming|upcoming|"
    r"[àa] venir|combien de temps|how long|how soon|(?:ceux|celles|those) (?:des|of))\b",
    re.IGNORECASE,
)
# An edition named as such, when its place is counted from an answer about something else
# ("the one after it" after the deadline: "it" may be anything; "the edition after it")
_EDITION_NOUN = re.compile(rf"\b(?:{_EDITION_NOUNS})\b", re.IGNORECASE)
# The words after the place describe the edition meant, not the one counted from ("one of
# the earlier sandboxes, on education tech", "celui d'avant, sur l'edtech").
_DESCRIBES = re.compile(r"\b(?:on|sur|about|consacr[ée]e?s?|dedicated|portant)\b", re.IGNORECASE)
_MANY = re.compile(
    r"\b(?:[ée]ditions|editions|sandboxes|bacs|autres|others|ones|th[èe]mes|themes|ceux|celles)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Editions:
    """The editions of the FAQ in order: entry -> number, the current one's number (the
    one most of the FAQ is about) and the entry of each number."""

    of: Mapping[str, int]
    current: int
    entry: Mapping[int, str]

    @classmethod
    def of_kb(cls, kb: KnowledgeBase) -> Editions:
        """The editions named by the entries' phrasings ("1re édition": 1)."""
        found: dict[str, int] = {}
        named: Counter[int] = Counter()
        for entry in kb.entries:
            counts: Counter[int] = Counter()
            total = 0
            for question in (q for lang in ("fr", "en") for q in entry.questions.get(lang, ())):
                total += 1
                counts.update(
                    {int(m[1]) for w in words(question) if (m := _ORDINAL_STEM.fullmatch(stem(w)))}
                )
            if counts:
                n, times = counts.most_common(1)[0]
                if times >= _EDITION_SHARE * total:
                    found[entry.id] = n
                else:
                    named.update(counts)
        by_number = {n: e for e, n in found.items()}
        current = next((n for n, _ in named.most_common() if n in by_number), 0)
        return cls(found, current, by_number)


_T = TypeVar("_T")


def _per_faq(build: Callable[[KnowledgeBase], _T]) -> Callable[[KnowledgeBase], _T]:
    """``build`` computed once per version of the FAQ (one FAQ at a time is kept)."""
    cache: dict[str, _T] = {}

    def of(kb: KnowledgeBase) -> _T:
        if kb.version not in cache:
            cache.clear()
            cache[kb.version] = build(kb)
        return cache[kb.version]

    return of


editions = _per_faq(Editions.of_kb)  # the editions of a FAQ, once per version


def placed(engine: Engine, segment: str, last: str | None, lang: Lang) -> str | None:
    """``segment`` with an edition named by its place said by its number ("what was the
    theme of the one after it?" after the 3rd edition: "… of the 4th edition?"), or None.

    The place is counted from the edition it names ("après la santé"), else from the one
    the conversation was about (``last``: an edition's entry, or any entry of the current
    edition), and only when the message speaks of editions.
    """
    eds = editions(engine.kb)
    if not eds.of or _ELSEWHERE.search(segment):
        return None
    for found in _PLACE.finditer(segment):
        reference = (found.group("reference") or "").strip()
        if (found.group("after") or found.group("before")) and (
            _NOT_PLACE.match(reference)
            or _DESCRIBES.search(reference)
            or _DESCRIBES.search(segment[: found.start()])  # "un bac à sable sur la santé avant"
        ):
            continue
        if found.group("latest"):
            start = max(eds.entry)
        elif reference and not _POINTING.match(reference):
            named = engine.matcher.match(reference, lang)
            if named.best is not None and named.best.entry_id in eds.of:
                start = eds.of[named.best.entry_id]
            elif (
                (scores := named.scores) is not None
                and _AN_EDITION.search(segment)
                and not _named_things(engine.kb, segment[: found.start()])  # "la santé … avant"
            ):
                # "celle d'après l'IA": the edition its words are closest to
                ids = engine.matcher.entry_ids
                start = max(eds.of.items(), key=lambda e: float(scores[ids.index(e[0])]))[1]
            else:
                continue
        elif (
            last is not None
            and (
                last in eds.of
                or (_ABOUT_EDITIONS.search(segment) and _EDITION_NOUN.search(segment))
            )
            and not _named_things(engine.kb, segment[: found.start()])  # "la santé … antérieure"
        ):
            # "et celle d'avant ?" after an edition, "the one after it" after its deadline
            start = eds.of.get(last, eds.current)
        elif (
            last is None
            and found.group("before")
            and _ABOUT_EDITIONS.search(segment)
            and _EDITION_NOUN.search(segment)
            and not _named_things(engine.kb, segment)  # "a health edition before this one?"
        ):
            # "y a eu d'autres éditions avant ?" out of the blue: before this call's
            start = eds.current
        else:
            continue
        if found.group("latest"):
            numbers = [start]
        elif found.group("after"):
            numbers = [start + 1]
        elif _MANY.search(segment):
            numbers = [n for n in sorted(eds.entry) if n < start]
        else:
            numbers = [start - 1]
        if not numbers or min(numbers) < 1 or start == 0:
            continue
        said = (" et " if lang == "fr" else " and ").join(_ordinal(n, lang, eds) for n in numbers)
        # "le dernier en date, il portait sur quoi" keeps what follows the place
        end = found.end("latest") if found.group("latest") else found.end()
        return f"{segment[: found.start()].rstrip()} {said} {segment[end:].lstrip()}".strip()
    return None


def _ordinal(n: int, lang: Lang, eds: Editions) -> str:
    """ "la 4e édition", "the 4th edition"; an edition after the last known: the next one."""
    if n not in eds.entry:
        return "la prochaine édition" if lang == "fr" else "the next edition"
    if lang == "fr":
        return f"la {n}{'re' if n == 1 else 'e'} édition"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n, "th")
    return f"the {n}{suffix} edition"


_AND_ONCE = re.compile(r"\s+(?:et|and|&)\s+", re.IGNORECASE)
_SAME = re.compile(r"\b(?:pareil|meme chose|similaires?|same|similar|alike|differen\w*)\b")
_OWN_WORD = 0.5  # share of a word's uses in the FAQ's phrasings by the one thing it names
_NAME_USES = 10  # phrasings that use a name, at least: not a word said once ("rappeler")


@_per_faq
def _used_by(kb: KnowledgeBase) -> dict[str, Counter[str]]:
    """Each stem of the FAQ's phrasings, and how many phrasings of each entry use it."""
    users: dict[str, Counter[str]] = {}
    for entry in kb.entries:
        for question in (q for lang in ("fr", "en") for q in entry.questions.get(lang, ())):
            for w in {stem(w) for w in tokens(question)}:
                users.setdefault(w, Counter())[entry.id] += 1
    return users


_ORDINAL_USES = 3  # ordinals in an entry's phrasings: they are its own words
# Words by which an ordinal counts editions or calls, not the items of an answer
_SERIES = frozenset(
    stem(w)
    for w in """edition editions appel appels call calls sandbox bac session round vague
    cohorte annee year theme""".split()
)
_LIST_COMMA = re.compile(r",\s*")


@_per_faq
def _ordinals_used(kb: KnowledgeBase) -> Counter[str]:
    """How many ordinals each entry's phrasings use ("la 4e édition"), one per phrasing
    and ordinal."""
    found: Counter[str] = Counter()
    for word, users in _used_by(kb).items():
        if _ORDINAL_STEM.fullmatch(word):
            found.update(users)
    return found


def _list_item(segment: str) -> int:
    """The rank a short message asks for by an ordinal alone ("et le quatrième ?", "who
    was the 4th one?": 4), or 0 when it names an edition or a call, or says more."""
    content = [stem(w) for w in tokens(segment)]
    ranks = [int(m[1]) for w in content if (m := _ORDINAL_STEM.fullmatch(w))]
    if len(ranks) != 1 or len(content) > 6 or _SERIES & set(content):
        return 0
    return ranks[0]


def _two_things(engine: Engine, segment: str, lang: Lang | None) -> list[str]:
    """``segment`` cut in two when it names two things joined by "et" / "and", each of
    which alone is answered with its own entry about one thing ("tell me about the seniors
    edition and the France Travail project", "le projet Albert et celui de Nantes ?");
    else ``[segment]``."""
    joins = list(itertools.islice(_AND_ONCE.finditer(segment), 2))
    if len(joins) != 1 or _COMPARES.search(segment) or _SAME.search(fold(segment)):
        return [segment]  # "entre A et B, quelle différence ?", "A et B, c'est pareil ?"
    left, right = segment[: joins[0].start()], segment[joins[0].end() :]
    # "le thème de la 1re édition, de la 2e et de la 4e": three things, listed
    listed = [piece for piece in _LIST_COMMA.split(left) if piece.strip()]
    halves = [*(listed if 1 < len(listed) <= 2 else [left]), right]
    named = [_named_things(engine.kb, half) for half in halves]
    if not all(named):  # no name of a thing on one side: no need to match the halves
        return [segment]
    found = []
    for half, things in zip(halves, named, strict=True):
        match = engine.matcher.match(half, lang)
        best = match.best.entry_id if match.best is not None else None
        # answered with an entry about one thing that a word of its own names ("Nantes",
        # "seniors"; not "l'année et la thématique du premier bac à sable")
        if match.decision != "answer" or best not in things:
            return [segment]
        found.append(best)
    if len(set(found)) < len(found):
        return [segment]
    return [*halves[:-1], f"{joins[0].group().strip()} {right}"]


@_per_faq
def _thing_names(kb: KnowledgeBase) -> dict[str, str]:
    """The stems that name an entry about one thing (entity: true): a word its phrasings
    use at least ``_NAME_USES`` times, and at least half the times the FAQ's phrasings
    use it; each with the entry it names."""
    names = {}
    for w, users in _used_by(kb).items():
        entry, times = users.most_common(1)[0]
        if times >= max(_NAME_USES, _OWN_WORD * users.total()) and kb.by_id[entry].entity:
            names[w] = entry
    return names


_TALKS_OF = 0.1  # share of an entry's phrasings that name a thing, to be its own topic


@_per_faq
def _talks_of(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """For each entry, the things that at least ``_TALKS_OF`` of its phrasings name by a
    word of theirs (:func:`_thing_names`, ordinals aside: "1e" phase is no 1st edition)."""
    used = _used_by(kb)
    found = {}
    for e in kb.entries:
        asked = sum(len(e.questions.get(lang, ())) for lang in ("fr", "en"))
        found[e.id] = frozenset(
            thing
            for w, thing in _thing_names(kb).items()
            if thing != e.id
            and not _ORDINAL_STEM.fullmatch(w)
            and used[w][e.id] >= _TALKS_OF * asked > 0
        )
    return found


def _named_things(kb: KnowledgeBase, text: str) -> frozenset[str]:
    """The entries about one thing (entity: true) that a word of ``text`` names
    (:func:`_thing_names`)."""
    names = _thing_names(kb)
    return frozenset(names[w] for w in {stem(w) for w in tokens(text)} if w in names)


# -- 2. reading -----------------------------------------------------------------------------

# Openings of a follow-up: "et pour la RATP ?", "and the RATP one?", "what about…".
_FOLLOW_OPENERS = (
    "et ",
    "and ",
    "pour la",
    "pour le",
    "pour les",
    "what about",
    "how about",
    "same for",
    "then what",
)


def elliptical(text: str) -> bool:
    """True when ``text`` leans on what was said before (a pronoun, "et pour…", very short)."""
    if not words(text):
        return False
    if _pointer(text) or _opens_follow_up(text):
        return True
    return len(tokens(text)) <= 2


def _opens_follow_up(text: str) -> bool:
    """True when ``text`` opens like a follow-up: "et pour la RATP ?", "what about…"."""
    return fold(text).strip().startswith(_FOLLOW_OPENERS)


# "source ?", "vous avez le lien ?", "any official link?": the sources of the last answer.
_SOURCE_WORDS = frozenset(
    "source sources lien liens link links reference references ref refs url urls "
    "preuve preuves proof citation citations".split()
)
_SOURCE_FILLERS = frozenset(
    "ok merci thanks avez auriez aurais have got give donner donnez envoyer send "
    "officiel officielle officiels officielles official exact exacte precise precises "
    "svp stp please pls plz quel quelle quels quelles what any dispo available "
    "info information infos".split()
)
_WHERE_FROM = re.compile(
    r"^\W*(?:(?:ok|et|and|so|mais|but)\W+)?(?:d'ou (?:ca vient|vient (?:cette|l)\W*info\w*|"
    r"tenez[- ]vous (?:ca|cette info\w*))|c'est (?:ecrit|dit) ou|ou (?:c'est|est[- ]ce) "
    r"(?:ecrit|dit)|where(?: is| does| did)? (?:that|this|it) (?:come from|from)|"
    r"where does it say (?:that|so)|what(?:'s| is) (?:your|the) source)\W*$"
)


def asks_source(text: str) -> bool:
    """True when ``text`` only asks where the last answer comes from ("source ?",
    "vous avez le lien ?", "d'où ça vient ?")."""
    content = tokens(text)
    if content and all(w in _SOURCE_WORDS or w in _SOURCE_FILLERS for w in content):
        return any(w in _SOURCE_WORDS for w in content)
    return _WHERE_FROM.match(fold(text)) is not None  # fold() unifies apostrophes


# "pourquoi ?", "why not?", "pour quelle raison ?": the reason of what was just answered
_WHY = re.compile(
    r"^\W*(?:(?:ok|okay|d'accord|dac|et|and|so|mais|but|hmm+|ah|oh|alors|du coup|really|"
    r"vraiment)\W+)*(?:why|pourquoi|pk|pq|pkoi|how come|pour quelle raison|for what reason|"
    r"on what basis|sur quelle base)(?:\W+(?:pas|not|ca|cela|donc|alors|that|so|exactly|"
    r"exactement|then|(?:ce|cet|cette|ces|this|that|these|those)\W+\w+))*\W*$"
)


def asks_why(text: str) -> bool:
    """True when ``text`` only asks why: "pourquoi ?", "mais why not?", "Pour quelle raison ?"
    (the reason of the last answer, which gives it: not the FAQ's own "why" entries)."""
    return _WHY.match(fold(text)) is not None


def _reason_for(kb: KnowledgeBase, entry: Entry) -> str:
    """The entry among ``entry``'s related ones that gives a reason (a fifth of its
    phrasings at least ask "pourquoi" / "why": 25 to 55 % in the FAQ's "why" entries, 6 %
    at most in the others), or ``entry`` itself."""
    giving = _giving_reasons(kb)
    return next((related for related in entry.related if related in giving), entry.id)


@_per_faq
def _giving_reasons(kb: KnowledgeBase) -> frozenset[str]:
    """The entries a fifth of whose phrasings at least ask "pourquoi" / "why"."""
    giving = set()
    for entry in kb.entries:
        asked = [q for qs in entry.questions.values() for q in qs]
        why = sum(bool(_WHY_WORD.search(fold(q))) for q in asked)
        if asked and why >= len(asked) / 5:
            giving.add(entry.id)
    return frozenset(giving)


def _reason_instead(kb: KnowledgeBase, match: Match, segment: str) -> str | None:
    """The entry giving the reason for ``match``'s answer when ``segment`` asks a reason and
    that entry is among the choices: "what led the CNIL to pick AI for this 3rd edition?"
    asks why the theme was chosen, not what the edition is. None otherwise."""
    entry = kb.by_id.get(_best_id(match) or "")
    if (
        entry is None
        or match.decision != "answer"
        or not _ASKS_REASON.search(fold(segment))
        or entry.id in _giving_reasons(kb)
    ):
        return None
    reason = _reason_for(kb, entry)
    return reason if reason != entry.id and _among_closest(kb, match, reason) else None


# How close to a question asking a reason the entry giving it must be: among the entries
# with the highest scores, a little wider than the three choices a reply offers, whose
# third place a change elsewhere in the FAQ may take ("the rationale for making AI the
# theme of the third edition": why-ai-public-services third, then fourth by 0.005).
_REASON_RANK = 5


def _among_closest(kb: KnowledgeBase, match: Match, entry_id: str) -> bool:
    """Whether ``entry_id`` is one of ``match``'s choices or of its _REASON_RANK best."""
    if any(c.entry_id == entry_id for c in match.candidates):
        return True
    if match.scores is None:
        return False
    at = next(i for i, e in enumerate(kb.entries) if e.id == entry_id)
    return int((match.scores > match.scores[at]).sum()) < _REASON_RANK


# A question asking a reason, wherever the word stands: "what led the CNIL to choose…",
# "pour quelle raison…", "the rationale behind…"
_ASKS_REASON = re.compile(
    r"\b(?:pourquoi|why|pk|pkoi|raisons?|reasons?|rationale|motiv\w*|justifi\w*|what led|"
    r"qu'est-ce qui a (?:conduit|pousse|amene|motive)|ce qui a (?:conduit|pousse|amene|motive)|"
    r"how come)\b"
)


_WHY_WORD = re.compile(r"\b(?:pourquoi|why|pk|pq|pkoi)\b")


# A message that says it changes the subject: "Autre sujet :", "separate question:",
# "rien à voir, mais…", "ok totally unrelated but…"
_NEW_TOPIC = re.compile(
    r"\b(?:autre sujet|autre question|(?:une )?question differente|sans rapport|rien a voir|"
    r"changement de sujet|changer de sujet|(?:an)?other question|separate question|"
    r"different (?:question|topic|subject)|(?:totally |completely )?unrelated|"
    r"changing (?:the )?subject|on another note|new question|nouvelle question)\b"
)


# A subject named first, then taken up by a pronoun: "et le bac à sable, il est ouvert à
# qui ?", "and the final report, when did it come out?".
_DISLOCATED = re.compile(
    r"^\W*(?:(?:et|and|mais|but|bon|ok|so|alors)\W+)?(?:le|la|les|l'|the|ce|cet|cette|ces)\s*"
    r"[^,?!.]{2,40},\s*(?:il|elle|ils|elles|c'|ca|it|they|on|is|was|are|were|does|did)\b"
)


# Taking part in something, what is not said: "comment postuler ?", "how do I sign up?"
_JOIN = re.compile(
    r"\b(?:postul\w*|candidat\w*|inscri\w*|particip\w*|apply|applying|applications?|sign\s+up|"
    r"register|take\s+part|join|rejoindre|integrer|open|ouvr\w*|ouvert\w*)\b"
)


def _joining_it(text: str) -> bool:
    """True when ``text`` asks how or when to take part and names little else, nothing of
    ours: "Comment postuler ?", "and when do applications open?", "can a French body take
    part?" (after a question about another scheme: taking part in that one)."""
    folded = fold(text)
    if not _JOIN.search(folded) or _OURS & set(words(text)):
        return False
    return _topic_words(_JOIN.sub(" ", folded)) <= 3


def _about_them(text: str) -> bool:
    """True when a short message points back with a pronoun and names nothing of ours:
    "il s'adresse à qui ?", "how long does theirs last?" (not "et votre bac à sable ?")."""
    said = set(words(text))
    # not "is there a form?"; "comment on y candidate ?" (not "y a-t-il")
    there = _OVER_THERE.search(fold(text)) is not None or _Y.search(fold(text)) is not None
    theirs = _THEIRS & said
    if _NAMED_INVERSION.search(fold(text)):
        theirs -= _SUBJECTS  # "les candidatures étaient-elles recevables ?": they are named
    return (_pointer(text) > 0 or there or bool(theirs)) and not _OURS & said


_OURS = frozenset("cnil bac sandbox votre vos your yours".split())
# Kinds of detail a part asks of its own subject only: "… ? et combien de temps ?", "… and
# when?" may ask of anything
_ANY_PART_ASKS = frozenset({"count", "when", "launch"})
_SHORT_PART = 8  # content words of a part that only adds a detail ("and which vendor?")
# A question asked in case the last one's answer is no: it stands on its own
_OTHERWISE = re.compile(r"\W*(?:(?:et|and)\s+)?(?:sinon|otherwise|else|if\s+not|or\s+else)\b")
# Other authorities, in France and abroad, whose schemes people ask about (not a bare
# "APD", also an "avant-projet détaillé", nor "DPC", a health-training scheme).
_AUTHORITIES = (
    r"(?:ico|information commissioner|aepd|garante|arcep|amf|acpr|datatilsynet|edps|cepd|"
    r"edpb|apd belge|gba|autorite de protection des donnees|cnpd|arcom|bafin|fca|ofcom|dgccrf|"
    r"aesia|agid|bsi|bfdi|ftc|nist|dge|banque de france|ai office|bureau de l'ia|imy|aky|uodo|autoriteit persoonsgegevens|"
    # funders and their programmes: "Bpifrance finance-t-elle les projets d'IA ?"
    r"bpifrance|bpi france|france 2030|horizon europe|banque des territoires|feder|"
    # a body whose project we know, asked about a programme of its own
    r"dinum (?:a|propose\w*(?:-t-elle)?|offre|has|offers|runs?)\s+(?:[\w'-]+\s+){0,3}?(?:programme|program|dispositif|accompagnement|scheme)|"
    # other state bodies whose studies on AI people ask about
    r"conseil d'etat|cour des comptes|defenseur des droits|council of state|court of audit|"
    r"hdpa|haute autorite de sante|la has|the has|anr|agence nationale de la recherche|health data hub|"
    r"(?:greek|spanish|italian|german|dutch|belgian|irish|polish|portuguese|greece's|spain's) data protection authority|"
    # another country's sandbox: "Italy's AI regulatory sandbox", "le bac à sable espagnol"
    r"(?:spain|germany|italy|netherlands|norway|denmark|britain|ireland|belgium|luxembourg|poland|"
    r"portugal|austria|sweden|finland|switzerland|estonia|greece)'s\s+(?:[\w-]+\s+){0,3}?sandbox(?:es)?|"
    r"bac a sable\s+(?:\w+\s+){0,2}?(?:espagnol|italien|allemand|britannique|norvegien|neerlandais|danois|"
    r"irlandais|belge|suisse|autrichien|polonais|portugais|suedois|finlandais)|"
    r"(?:commission europeenne|european commission|l'europe|l'ue|the eu) (?:finance|fund)\w*)"
)
_OTHER_AUTHORITY = re.compile(rf"\b{_AUTHORITIES}\b")
# Ours named, not as a term of comparison ("a sandbox like the CNIL's", "comme celui de la
# CNIL" are about the other)
_OURS_NAMED = re.compile(r"\b(?:cnil|votre|vos|chez vous|your|yours)\b")
_COMPARED = re.compile(
    r"\b(?:like|comme|as|than)\s+(?:(?:the|la|le|l'|celui|celle|ceux|that|those|one|ones|de|of|at|a|chez)\s*){0,4}"
    r"(?:cnil|votre|vos|your|yours)\b\S*"
)


# Another authority named only as a term of comparison of ours: "is this a regulatory
# sandbox like the FCA one?", "c'est comme le bac à sable de l'ACPR ?" ask about ours (not
# "do regulators like the ICO have sandboxes?", where it is an example)
_LIKE_THEIRS = re.compile(
    r"\b(?:sandbox|bac\s+a\s+sable|scheme|dispositif|programme|program|this|it|c'est|c|ce|ca)\s+"
    r"(?:[\w']+\s+){0,2}?(?:like|comme|than|similar\s+to|semblable\s+a|a\s+la\s+maniere\s+(?:de|du|des))\s+"
    r"(?:(?:the|la|le|les|l'|l|celui|celle|ceux|celles|that|those|one|ones|de|du|des|of|at|a|au|aux|chez|"
    r"bac|sable|sandbox|regulatory|reglementaire)\s*){0,6}"
    rf"{_AUTHORITIES}\b(?:'s)?(?:\s+(?:one|ones|sandbox|scheme|programme))?"
)


def _another_authority(text: str) -> bool:
    """True when ``text`` names another authority and nothing of ours ("le bac à sable de
    l'ARCEP", "does the ICO run one?"; not "votre bac à sable, c'est comme à l'APD ?", nor
    "is this a regulatory sandbox like the FCA one?")."""
    folded = fold(text)
    return bool(_OTHER_AUTHORITY.search(_LIKE_THEIRS.sub(" ", folded))) and not _OURS_NAMED.search(
        _COMPARED.sub(" ", folded)
    )


_THEIRS = frozenset("it them they ils elles leur leurs".split())
# A subject named, then its pronoun after the verb: "les candidatures étaient-elles …"
_NAMED_INVERSION = re.compile(
    r"\b(?:le|la|les|l'|un|une|des|du|ce|cet|cette|ces)\s*\w+(?:\s+\w+){0,4}?\s+\w+-(?:t-)?(?:il|elle)s?\b"
)
_OVER_THERE = re.compile(r"\bthere\W*$|\bover there\b|\bla[- ]bas\b|\bchez eux\b")
_Y = re.compile(r"(?:\b|(?<=[jnm]'))y\s+(?!a\b|en\b|'a\b)(?=\w)")


def remembered(reading: Reading, before: Context | None, now: dt.datetime) -> Context | None:
    """What the conversation remembers after ``reading`` (``before`` is what it remembered
    when the message came): its last answer; a decline, without its words (they are never
    read again), when nothing was answered before; None when it keeps what it had."""
    for part in reversed(reading.parts):
        if part.reply.outcome == "answered" and part.reply.entry_id:
            return Context(part.reply.entry_id, part.text, reading.lang, now)
    for part in reversed(reading.parts):
        if part.reply.outcome == "suggested" and part.reply.entry_id:
            # "Did you mean the EdTech edition?", then "et leur bilan ?": about what was offered
            return Context(part.reply.entry_id, part.text, reading.lang, now)
    declined = all(p.reply.outcome == "unanswered" for p in reading.parts)
    if declined and (before is None or before.entry_id == DECLINED):
        return Context(DECLINED, "", reading.lang, now)
    return None


def refers_back(text: str) -> bool:
    """True when a short message has a possessive or object pronoun pointing back:
    "sa date limite", "where can I read it?", "on peut le lire où ?"."""
    return _pointer(text) == 2


def _pointer(text: str) -> int:
    """2: a possessive or object pronoun ("sa", "its", "le lire"); 1: a subject pronoun
    ("ils s'appellent comment ?", "when was it"), which may or may not point back; 0: none."""
    ws = words(text)
    content = tokens(text)
    if len(content) > 5:
        return 0
    if _TELL_MORE.search(fold(text)):
        return 2  # "pourriez-vous m'en dire davantage ?": more of what was just said
    found = 0
    named = False  # a subject named before the pronoun (an inversion)
    for i, w in enumerate(ws):
        after = ws[i + 1] if i + 1 < len(ws) else ""
        if w in _POINTERS:
            return 2
        # "le", "la", "les" as pronouns: "on le lit", "peut-on les trouver", "où la lire"
        if w in ("le", "la", "les") and i > 0 and ws[i - 1] in _BEFORE_PRONOUN:
            return 2
        # "où les trouver ?", "comment les lire ?": before an infinitive
        if (
            w == "les"
            and i > 0
            and ws[i - 1] in ("ou", "comment")
            and after.endswith(("er", "ir", "re"))
        ):
            return 2
        if w in _SUBJECTS and after not in _IMPERSONAL and not named:
            found = 1
        named = named or w in _DETERMINERS
    return found


def _is_small_talk(kb: KnowledgeBase, entry_id: str | None) -> bool:
    """True when ``entry_id`` is small talk: about the bot, or a greeting."""
    entry = kb.by_id.get(entry_id or "")
    return entry is not None and entry.smalltalk


def _is_thing(kb: KnowledgeBase, entry_id: str | None) -> bool:
    """True when ``entry_id`` is about one named thing (``entity: true``: an edition, a
    project...), whose own date or count a pronoun can ask ("et sa date limite ?")."""
    entry = kb.by_id.get(entry_id or "")
    return entry is not None and entry.entity


def _same_subject(text: str) -> bool:
    """True when a pronoun points back at the subject before, not at another of its kind:
    "which theme did it have?", "et sa date ?" (not "and the 2022 one?", "et celui de la
    RATP ?")."""
    return _pointer(text) > 0 and not _ANOTHER & set(words(text))


_ANOTHER = frozenset("celui celle ceux celles one ones".split())
# "m'en dire plus", "tell me more": about what was just said (not "… plus sur Nantes")
_TELL_MORE = re.compile(
    r"(?:(?<!pour\s)\ben\s+(?:dire|savoir|raconter|parler)\s+(?:un\s+peu\s+)?(?:plus|davantage)|"
    r"(?:\bm'|\bnous\s+)en\s+(?:dire|raconter|parler)|\btell\s+(?:me|us)\s+more|\bmore\s+(?:details|info\w*))"
    r"\W*(?:svp|stp|please|pls)?\W*$"
)
_POINTERS = frozenset(
    """
    sa son ses leur leurs celui celle ceux celles cela ca lui eux dessus
    its their theirs them him her that this those these one
    """.split()
)
# A determiner before a subject pronoun names its subject: "le bac à sable est-il ouvert ?",
# "un chercheur peut-il postuler ?", "my project, is it eligible?" (not pointing back).
_DETERMINERS = frozenset(
    """
    le la les l un une des du mon ma mes notre nos votre vos ce cet cette ces
    the a an my our your this these
    """.split()
)
_SUBJECTS = frozenset("il ils elle elles it they he she".split())
_IMPERSONAL = frozenset({"y", "faut", "reste", "agit", "s", "semble", "parait"})
_BEFORE_PRONOUN = frozenset(
    """
    on je j tu vous nous peut peux pouvez puis faut dois doit veux voudrais
    """.split()
)


@dataclass(frozen=True)
class Reading:
    """The questions understood in one message."""

    lang: Lang
    parts: tuple[Part, ...]


def read(
    engine: Engine,
    message: str,
    today: dt.date,
    *,
    lang: Lang | None = None,
    default_lang: Lang = "fr",
    context: Context | None = None,
) -> Reading:
    """Understand ``message``: its questions, each matched alone or with what came before.

    Every text is embedded in one batch: the message, each part alone, and each
    elliptical part together with what it follows (the part before it in the message, or
    the conversation's last question).
    """
    if context is not None and _NEW_TOPIC.search(fold(message)):
        context = None  # "autre sujet : où candidate-t-on ?": not a follow-up
    after_decline = context is not None and context.entry_id == DECLINED
    if after_decline:
        context = None  # nothing to follow: only the decline is remembered
    # "non pardon, je voulais dire …": part -> the part it takes back (-1: the last answer)
    segments, takes_back = _corrected(parts(message)[:MAX_SEGMENTS] or [message])
    # "tell me about the seniors edition and the France Travail project": one each (not in
    # a message with a correction, whose parts are numbered by takes_back)
    if not takes_back:
        segments = [half for segment in segments for half in _two_things(engine, segment, lang)]
    # "et celle d'après ?": the edition by its number, read as a question of its own
    resolved: set[int] = set()
    for i, segment in enumerate(segments):
        if not _PLACE.search(segment):
            continue  # no "after", "avant", "latest"…: nothing to place
        said = placed(
            engine,
            segment,
            context.entry_id if context is not None else None,
            lang or engine.matcher.language(segment, default=default_lang),
        )
        if said is not None:
            segments[i] = said
            resolved.add(i)
    if resolved and not takes_back:
        # "y a eu d'autres éditions avant ?": "… la 1re édition et la 2e édition ?", one each
        pieces = [
            _two_things(engine, s, lang) if i in resolved else [s] for i, s in enumerate(segments)
        ]
        starts = list(itertools.accumulate(map(len, pieces), initial=0))
        resolved = {starts[i] + k for i in resolved for k in range(len(pieces[i]))}
        segments = [piece for each in pieces for piece in each]
    before_of: dict[int, int] = {}  # part -> the part of the message it follows
    several = len(segments) > 1
    # The kinds of detail each part asks (bot.text.details), read once: a part asking only
    # a detail, or asking one of the answered parts
    asked_of = [details(fold(s)) for s in segments] if several else []
    # Parts that only give context to a question of the message (never answered alone).
    context_only = [
        several and i not in takes_back and (_context_only(segments, i) or i in takes_back.values())
        for i in range(len(segments))
    ]
    # The part each part follows (small talk aside), or -1 for the first.
    follows = [
        segments.index(p) if (p := _previous_question(segments, i)) is not None else -1
        for i in range(len(segments))
    ]
    matcher = engine.matcher
    if not several and context is None:
        # remembered: FAQ questions repeat
        alone = segments[0] if resolved or takes_back else message  # corrected, or placed
        matches = [matcher.match(alone, lang, default_lang)]
        joined_index: dict[int, tuple[int, bool]] = {}
    else:
        # One batch for the encoder: each part, and the conversation's last question. A
        # text made of several of them (the whole message, a part with what it follows)
        # is embedded as the mean of theirs; its lexical score reads all its words.
        vectors = matcher.embed([*segments, *([context.question] if context else [])])
        texts: list[tuple[str, Vector]] = []
        if several:  # the whole message, small talk aside
            real = [i for i, s in enumerate(segments) if not courtesy(s)]
            texts.append((message, vectors[real or list(range(len(segments)))].sum(axis=0)))
        texts += [(s, vectors[i]) for i, s in enumerate(segments)]
        joined_index = {}  # part -> (index in texts, with the conversation's context?)
        for i, segment in enumerate(segments):
            j = follows[i]
            if j >= 0 and (elliptical(segment) or context_only[j]):
                # "et sa date limite ?" after a question; "on est une startup, on peut
                # postuler ?": a question with the sentence that frames it
                before_of[i] = j
                joined_index[i] = (len(texts), False)
                frame = _frame(segments, context_only, j)
                weight = FRAME_WEIGHT if context_only[j] else CONTEXT_WEIGHT
                texts.append(
                    (
                        " ".join([*(segments[k] for k in frame), segment]),
                        weight * vectors[frame].mean(axis=0) + vectors[i],
                    )
                )
            elif j < 0 and context is not None and i not in resolved:
                # The previous question's words, then the new ones.
                joined_index[i] = (len(texts), True)
                texts.append(
                    (f"{context.question} {segment}", CONTEXT_WEIGHT * vectors[-1] + vectors[i])
                )
        # who asks to apply: in a part read with the conversation's last question, the
        # part's own words ("et si on passe par une startup ?" after a public body's)
        askers = {at: segments[i] for i, (at, conversation) in joined_index.items() if conversation}
        matches = [
            matcher.match_vector(t, v, lang, default_lang, asker=askers.get(k))
            for k, (t, v) in enumerate(texts)
        ]
    # "Does the ICO run a sandbox too?": another authority's scheme is not ours to answer.
    elsewhere = [_another_authority(s) for s in segments]
    for i in (i for i, e in enumerate(elsewhere) if e):
        at = 1 + i if several else 0
        matches[at] = replace(matches[at], decision="decline")
    reply_lang = lang or matches[0].lang
    whole = engine.reply(replace(matches[0], lang=reply_lang), today, message)

    found: list[Part] = []
    chosen_of: list[Match] = []
    follows_decline = False
    last = engine.kb.by_id.get(context.entry_id) if context is not None else None
    for i, segment in enumerate(segments):
        own = matches[1 + i] if several else matches[0]
        chosen, used = own, False
        if i in joined_index:
            at, conversation = joined_index[i]
            joined = matches[at]
            if (
                conversation
                and last is not None
                and not last.smalltalk
                and (asks_source(segment) or asks_why(segment))
            ):
                # "source ?": the last answer's; "pourquoi ?": the reason the FAQ gives
                # for it when it has one ("8 lauréats." "pourquoi ?"), else the answer again
                about = _reason_for(engine.kb, last) if asks_why(segment) else last.id
                chosen = answering(joined, about, engine.matcher.entry_ids)
            elif (
                conversation
                and own.decision == "answer"
                and _DISLOCATED.match(fold(segment))
                and not _THAT_ONE.search(fold(segment))  # "les lauréats de celle-là, …"
            ):
                pass  # "Et le bac à sable, il est ouvert à qui ?": its pronoun is what it names
            elif conversation and context is not None:
                acknowledged = i > 0 and all(courtesy(s) for s in segments[:i])
                chosen = follow(
                    own,
                    joined,
                    segment,
                    Followed.of(
                        engine.kb,
                        context.entry_id,
                        engine.matcher.missing_of(segment, answers=True),
                        engine.matcher.details,
                        engine.matcher.counts,
                    ),
                    acknowledged=acknowledged,
                    correcting=i in takes_back,
                )
            elif i in takes_back:
                # "…? non pardon, dans l'appel initial": the question, with what it adds;
                # "…? non pardon, le projet de Nantes": what it names instead
                names = _NAMES_ONE.match(segment) and own.decision == "answer"
                if joined.decision != "decline" and not names:
                    chosen = joined
            elif (
                _chatter(engine, matches[1 + before_of[i]])
                and _more_of_it(segments[before_of[i]], segment)
                and joined.decision != "decline"
                and _best_id(joined) == _best_id(matches[1 + before_of[i]])
                and (
                    own.decision != "answer"
                    or _topic_words(segment) <= 1
                    or joined.confidence >= own.confidence + _SURER_OF_IT
                )
            ):
                # "vos messages sont conservés ? par qui ?", "are my messages stored, and are
                # they used to train a model?": more of the question to the bot, whatever
                # its few words would answer alone
                chosen = joined
            elif _chatter(engine, matches[1 + before_of[i]]) and not (
                # "ce que j'écris ici, c'est enregistré ? transmis à quelqu'un ?": more of a
                # question to the bot
                _more_of_it(segments[before_of[i]], segment)
                and joined.decision == "answer"
                and _best_id(joined) == _best_id(matches[1 + before_of[i]])
            ):
                pass  # "merci pour l'info. et la date ?", "love the bot. a fee?": the question
            elif (
                context_only[before_of[i]]
                and elsewhere[before_of[i]]
                and not _OURS_NAMED.search(fold(segment))
            ):
                # "Norway's Datatilsynet runs a sandbox. How many projects has it taken in?":
                # a question framed by another authority's scheme is about theirs
                chosen, follows_decline = replace(own, decision="decline"), True
            elif context_only[before_of[i]] and joined.best is not None:
                # "On parle de 8 projets mais l'appel en visait 3, pourquoi ?": the question
                # is about the sentence that frames it.
                framing = matches[1 + before_of[i]]
                thing = _best_id(framing)
                if (
                    framing.decision == "answer"
                    and _is_thing(engine.kb, thing)
                    and _THAT_ONE.search(fold(segment))
                    and joined.decision != "decline"
                    and _best_id(joined) != thing
                    and not matcher.lacks(segment, thing)
                ):
                    # "A later edition focused on the ageing population. What was the
                    # timeline of that call?": the thing the frame names
                    chosen = answering(joined, thing or "", matcher.entry_ids)
                elif joined.decision == "answer" or (
                    elliptical(segment)
                    and (own.decision != "answer" or len(tokens(segment)) <= _MIN_PART_WORDS)
                ):
                    chosen = joined  # a clear question of its own keeps its own answer
            else:
                chosen = _choose(own, joined, segment)
                previous = found[before_of[i]].reply.entry_id
                if (
                    chosen is joined
                    # not after a declined question: "Has the CNIL published guidance
                    # sheets? Which ones?" (theirs, declined too)
                    and joined.decision != "decline"
                    and _best_id(joined) == previous
                    and _best_id(own) not in (None, previous)
                    and own.decision != "decline"
                    and not (
                        _same_subject(segment)
                        and (_is_thing(engine.kb, previous) or own.decision != "answer")
                    )
                    # nor after a question to the bot: "c'est enregistré ? transmis à
                    # quelqu'un ?" asks more of it
                    and not (own.decision != "answer" and _is_small_talk(engine.kb, previous))
                ):
                    # A second question of one message asks something else: "c'était quoi
                    # la 1re édition, et la 2e ?", "and the France Travail one?", "et où lire
                    # leur rapport ?"; not when its pronoun points at one named thing ("et
                    # sa date limite ?" after the 4th edition) or it is only suggested alone
                    chosen = own
            used = conversation and chosen is not own
            if (
                not conversation
                and refers_back(segment)
                and not context_only[before_of[i]]
                and not _chatter(engine, matches[1 + before_of[i]])
            ):
                # "comment faire un passeport ? et ça coûte combien ?": "ça" is the
                # passport; the follow-up of a declined question is declined.
                first = matches[1 + before_of[i]]
                if first.decision != "answer":
                    chosen, follows_decline = first, True
            j = before_of.get(i, -1)
            if (
                not conversation
                and j >= 0
                and not context_only[j]
                and found[j].reply.outcome == "answered"
                and (best := _best_id(chosen)) is not None
            ):
                # "c'est quoi la 4e édition ? et qui a gagné ?": about the 4th edition too
                previous = found[j].reply.entry_id or ""
                after = Followed.of(engine.kb, previous, details=matcher.details)
                if after.this_call and _about_that_edition(segment, after, best, leans=True):
                    chosen = answering(chosen, previous, matcher.entry_ids)
                    if not after.stands_in(best):  # its winners: declined, that edition offered
                        chosen, follows_decline = replace(chosen, decision="decline"), True
        j = follows[i]
        if (
            j >= 0
            and not follows_decline
            and not context_only[j]
            and _questioning(segments[j])
            and (
                matches[1 + j].decision == "decline"
                or found[j].reply.outcome == "unanswered"
                # only offered: "Does the CNIL publish guidance sheets on AI? Where is it?"
                # (not when both read as the same entry: "how did they pick? an outside
                # panel?", nor "…, et sinon y en aura-t-il un autre ?")
                or (
                    found[j].reply.outcome == "suggested"
                    and _best_id(chosen) != _best_id(matches[1 + j])
                    and not _OTHERWISE.match(fold(segment))
                )
            )
            and (
                _about_them(segment)
                or (elsewhere[j] and len(tokens(segment)) <= 4 and not _OURS & set(words(segment)))
                or not _topic_words(segment)  # "… on doit les informer ? comment ?"
                or _joining_it(segment)  # "La CNIL recrute-t-elle ? Comment postuler ?"
                # only a detail of it: "did the trial cut waiting times? any numbers?"
                or (len(tokens(segment)) <= 3 and bool(asked_of[i]))
            )
        ):
            # "does the ICO run a sandbox? how do I apply there?": the second question is
            # about what the first one asked, which we decline
            chosen, follows_decline = replace(own, decision="decline"), True
        if after_decline and all(map(courtesy, segments[:i])) and _about_them(segment):
            # "does the ICO have a sandbox too?" (declined), then "how do I apply to
            # theirs?": still about what we declined, not about our own call
            chosen, follows_decline = replace(own, decision="decline"), True
        if (
            several
            and chosen.decision == "suggest"
            and chosen.confidence >= ALSO_ANSWER_AT
            and (_is_question(segment) or _STARTS_QUESTION.match(segment))
            # not a detail its entry lacks: "Which authority will run the AI Act sandbox,
            # and how to apply?" is no question about the AI Act sandbox's text
            and not matcher.lacks(segment, _best_id(chosen))
            and any(
                m.decision == "answer" and not _small_talk(engine, m)
                for k, m in enumerate(matches[1 : 1 + len(segments)])
                if k != i
            )
        ):
            chosen = replace(chosen, decision="answer")  # "… ? et qui peut s'inscrire"
        if (
            context_only[i]
            and chosen.decision != "decline"
            and not _asks_after_a_question(segments, i, own)
        ):
            chosen = replace(chosen, decision="decline")  # context, not a question
        taken = takes_back.get(i)
        if taken is None or (taken >= 0 and not _NAMES_ONE.match(segment)):
            wrong = None
        else:  # the answer corrected, or the one a question taken back would have had
            wrong = _best_id(matches[1 + taken]) if taken >= 0 else context and context.entry_id
        if (
            wrong is not None
            and _best_id(chosen) == wrong
            and not (own.decision == "answer" and _best_id(own) == wrong)
        ):
            # "non la 3" read as the answer it corrects: the next entries, as choices (not
            # "no, the sandbox's own address": its own words ask that answer again)
            chosen = _without(chosen, frozenset({wrong}), matcher.entry_ids)
        if (reason := _reason_instead(engine.kb, chosen, segment)) is not None:
            chosen = answering(chosen, reason, matcher.entry_ids)
        reply = engine.reply(replace(chosen, lang=reply_lang), today, segment)
        found.append(Part(segment, reply, used))
        chosen_of.append(chosen)
    if several:
        # "How much did the DILA project cost, and which company built it?": a detail asked
        # in a part left unanswered is asked of what the answered part is about too; when
        # its entry does not give it, that entry is offered, not answered
        left = [
            asked_of[k] - _ANY_PART_ASKS
            if found[k].reply.outcome != "answered"
            and not context_only[k]
            and _questioning(s)
            and len(tokens(s)) <= _SHORT_PART  # not "…, and we wonder about retention."
            else frozenset()
            for k, s in enumerate(segments)
        ]
        for k, part in enumerate(found):
            asked = frozenset().union(*(kinds for j, kinds in enumerate(left) if j != k))
            if (
                part.reply.outcome == "answered"
                and not part.with_context
                and matcher.lacking(asked, part.reply.entry_id)
            ):
                offered = replace(chosen_of[k], decision="suggest", lang=reply_lang)
                found[k] = Part(part.text, engine.reply(offered, today, part.text))
    # "Good morning, hope you're well. Could a hospital apply?": the whole message's
    # closest entry may be the greeting; it is never offered instead of the question's own.
    closest = engine.kb.by_id.get(whole.entry_id or "")
    found = [p for k, p in enumerate(found) if k not in takes_back.values()]  # taken back
    greeting = (
        several and whole.outcome == "suggested" and closest is not None and closest.smalltalk
    )
    # When a part follows a declined question, the message is not read as a whole: the
    # mix of both could match an entry neither is about; nor when it takes words back.
    kept = _keep(
        found,
        whole,
        message,
        trust_whole=not follows_decline and not greeting and not any(elsewhere) and not takes_back,
        # nor over a part read with the conversation's context, which the whole lacks
        whole_over_one=not any(context_only) and not any(p.with_context for p in found),
    )
    return Reading(reply_lang, tuple(kept))


# The follow-up reader: weights of a conditional logit over the candidate entries, fitted
# on the dev conversations by ``benchmarks/tune_followups.py``.
FOLLOW_FEATURES = (
    "own_gap",  # the entry's score for the message alone, minus the best one
    "joined_gap",  # the same for the message read with the last question
    "is_last",  # the entry just answered
    "last_possessive",  # ... and the message has a possessive or object pronoun
    "last_subject",  # ... and a subject pronoun
    "last_opener",  # ... and opens with "et", "and", "what about"...
    "last_short",  # ... and has at most two words of content
    "related",  # among the last answer's related entries
    "own_best",  # the best entry for the message alone
    "joined_best",  # the best entry for the message with the last question
    "own_gap_short",  # own_gap, for a message of at most two words of content
    "own_best_confidence",  # own_best times the confidence of that reading
    "joined_best_confidence",  # joined_best times the confidence of that reading
    "own_best_standalone",  # own_best, for a message that does not lean on the last one
    "last_thing",  # is_last, the last answer is about a thing (entity: true) and the
    #                message alone is about no other thing ("il y avait combien de projets ?")
    "last_thing_pronoun",  # is_last, about a thing, and the message has a pronoun
    "own_best_general",  # own_best, about no thing, when the last answer is about one
    "own_best_acknowledged",  # own_best, after "ok." / "d'accord, merci." and no opening
    "last_acknowledged",  # is_last, after "ok." / "d'accord, merci."
    "missing",  # the share of the message's words the entry's phrasings never use
    "lacks_detail",  # the message asks a kind of detail the entry's phrasings never ask
    # The last candidate is "decline" ("I don't have that"), with features of its own:
    "decline",  # 1
    "decline_own_confidence",  # the confidence of the message alone (clipped to ±3)
    "decline_joined_confidence",  # ... and with the last question
    "decline_unknown",  # the share of the message's words the FAQ never uses
    "decline_out_of_scope",  # its similarity to the nearest out-of-scope example
    "decline_leans",  # the message leans on the last answer (pronoun, "et…", short)
    "decline_thing",  # the last answer is about a thing (entity: true)
    "decline_missing",  # the least share of the message's words a candidate never uses
    "decline_detail",  # the message asks a detail no answer gives (a brand, a budget, names…)
)
FOLLOW_WEIGHTS = (
    0.816,  # own_gap
    1.174,  # joined_gap
    0.363,  # is_last
    -0.169,  # last_possessive
    0.221,  # last_subject
    -0.833,  # last_opener
    1.082,  # last_short
    1.905,  # related
    0.093,  # own_best
    -0.157,  # joined_best
    0.381,  # own_gap_short
    0.224,  # own_best_confidence
    0.162,  # joined_best_confidence
    0.149,  # own_best_standalone
    0.659,  # last_thing
    0.807,  # last_thing_pronoun
    -1.677,  # own_best_general
    0.702,  # own_best_acknowledged
    -0.914,  # last_acknowledged
    -2.038,  # missing
    -2.191,  # lacks_detail
    -0.824,  # decline
    -0.518,  # decline_own_confidence
    -0.215,  # decline_joined_confidence
    -0.998,  # decline_unknown
    0.593,  # decline_out_of_scope
    -0.317,  # decline_leans
    0.610,  # decline_thing
    -1.083,  # decline_missing
    0.305,  # decline_detail
)


def _nothing_missing(entry: int) -> float:
    return 0.0


@dataclass(frozen=True)
class Followed:
    """What a message sent after an answer is read against: that answer's entry."""

    last: str  # its id
    related: frozenset[str]  # the entries it offers next
    things: frozenset[str]  # the entries of the FAQ about one thing (entity: true)
    entry_ids: tuple[str, ...]  # every entry, in the matcher's order
    # The share of the follow-up's words (weighted by rarity) that an entry's phrasings
    # never use, by entry index (Matcher.missing_of).
    missing: Callable[[int], float] = field(default=_nothing_missing, compare=False)
    chat: frozenset[str] = frozenset()  # the small-talk entries (about the bot itself)
    # The kinds of detail each entry's phrasings ask (bot.text.details), by entry index.
    details: Sequence[frozenset[str]] = ()
    # "et le quatrième ?" points into what the last answer lists (4 projects), not at the
    # 4th edition: how many items it gives, when its own phrasings never use ordinals.
    listed: int = 0
    # When ``last`` is an edition other than the current one: the entries about the current
    # edition's call (its winners, its deadline...), which a follow-up about ``last`` does
    # not ask ("et qui a gagné ?" after the 4th edition), and the words that name an edition
    # of their own ("2023", "3e", "santé").
    this_call: frozenset[str] = frozenset()
    naming: Mapping[str, str] = field(default_factory=dict)  # word -> the edition it names
    # The things ``last``'s own phrasings often name: "et l'edtech ?" after the sectors that
    # were no priority (EdTech, cameras) asks about EdTech there, not about its edition.
    talks_of: frozenset[str] = frozenset()

    def names_another_edition(self, segment: str) -> bool:
        """True when ``segment`` names an edition other than ``last`` ("et les lauréats
        de la 3e édition ?" after the 4th edition)."""
        named = {self.naming[w] for w in {stem(w) for w in tokens(segment)} if w in self.naming}
        return bool(named - {self.last})

    def asks_of_another_edition(self, segment: str) -> bool:
        """True when ``segment`` names another edition than ``last`` and says what it asks
        of it ("et les lauréats de la 3e édition ?"; not "and the 2023 one?", which asks
        what was just asked)."""
        return self.names_another_edition(segment) and any(
            stem(w) not in self.naming and not _AN_EDITION.fullmatch(w) for w in _topic(segment)
        )

    def beyond(self, asked: frozenset[str], candidates: Sequence[int]) -> frozenset[str]:
        """The kinds of detail ``asked`` that no phrasing of the candidate entries asks
        ("how much did it cost?" after the RATP project; not "budget ?" near cost)."""
        held = frozenset().union(*(self.details[c] for c in candidates if c < len(self.details)))
        return asked - held

    def stands_in(self, entry: str) -> bool:
        """True when the entry ``last`` may answer what ``entry`` would: its phrasings ask
        each kind of detail that ``entry``'s ask (the 4th edition's entry gives its dates
        and counts, not its winners' names)."""
        ids = self.entry_ids
        if len(self.details) != len(ids) or self.last not in ids or entry not in ids:
            return False
        return self.details[ids.index(entry)] <= self.details[ids.index(self.last)]

    @classmethod
    def of(
        cls,
        kb: KnowledgeBase,
        last: str,
        missing: Callable[[int], float] | None = None,
        details: Sequence[frozenset[str]] = (),
        counts: Sequence[frozenset[int]] = (),
    ) -> Followed:
        """The entry ``last`` of ``kb``, to read a follow-up against."""
        entry = kb.by_id.get(last)
        ids = tuple(e.id for e in kb.entries)
        listed = 0
        if last in ids and len(counts) == len(ids) and _ordinals_used(kb)[last] < _ORDINAL_USES:
            listed = max(counts[ids.index(last)], default=0)
        eds = editions(kb)
        other = last in eds.of and eds.of[last] != eds.current
        this_call, naming = _current_call(kb)
        this_call = this_call if other else frozenset()
        naming = naming if last in eds.of else {}
        return cls(
            last,
            frozenset(entry.related if entry is not None else ()),
            frozenset(e.id for e in kb.entries if e.entity),
            ids,
            missing or _nothing_missing,
            frozenset(e.id for e in kb.entries if e.smalltalk),
            details,
            listed,
            this_call,
            naming,
            _talks_of(kb)[last] if entry is not None and not entry.entity else frozenset(),
        )


_EDITION_OWN_USES = 10  # phrasings of an edition that use a word (almost) no other uses
_OTHERS_SHARE = 0.15  # ... the other editions' uses of it, at most, against its own


@_per_faq
def _current_call(kb: KnowledgeBase) -> tuple[frozenset[str], dict[str, str]]:
    """The entries about the current edition's call: not an edition's own, and naming the
    current one's ordinal in a few phrasings ("les lauréats de la 3e édition"); and the
    words by which a message names an edition of its own ("2023", "3e", "santé")."""
    eds = editions(kb)
    used = _used_by(kb)
    ordinal = stem(f"{eds.current}e")
    this_call = frozenset(
        e for e, n in used.get(ordinal, Counter()).items() if n >= _ORDINAL_USES and e not in eds.of
    )
    naming = {
        w: e
        for w, users in used.items()
        for e in eds.of
        if users[e] >= _EDITION_OWN_USES
        and sum(users[o] for o in eds.of if o != e) <= _OTHERS_SHARE * users[e]
    }
    return this_call, naming


# "cette année-là", "that edition", "à l'époque": what was said before, as a time or an edition
_THAT_ONE = re.compile(
    r"\b(?:cette\s+(?:annee|edition|session|fois)(?:-la)?|celle-la|celui-la|a\s+l'epoque|"
    r"that\s+(?:year|edition|one|round|call|time)|back\s+then|in\s+it|of\s+it|for\s+it)\b"
)


def _about_that_edition(segment: str, after: Followed, best: str, leans: bool = False) -> bool:
    """True when ``segment``, sent after an edition other than the current one, leans on it
    ("et qui a gagné ?", "les lauréats de celle-là ?"), while ``best`` is about the current
    edition's call: that edition's winners are not the current call's."""
    if best not in after.this_call:
        return False
    if after.names_another_edition(segment):
        return False  # "and the 2023 one?": an edition of its own
    return bool(
        leans or _pointer(segment) or _opens_follow_up(segment) or _THAT_ONE.search(fold(segment))
    )


def follow_features(
    own: Match, joined: Match, segment: str, after: Followed, *, acknowledged: bool = False
) -> tuple[list[int], list[list[float]]]:
    """The candidates for a message read in a conversation (the best entry of each
    reading, the entry just answered, and ``DECLINE``: none), and the features of each
    (FOLLOW_FEATURES). ``acknowledged``: the message opens with small talk ("ok.")."""
    assert own.scores is not None and joined.scores is not None
    o, j = own.scores, joined.scores
    ids = after.entry_ids
    top_o, top_j = int(np.argmax(o)), int(np.argmax(j))
    found = {top_o, top_j}
    if after.last in ids:
        found.add(ids.index(after.last))
    pointer = _pointer(segment)
    opener = _opens_follow_up(segment)
    short = len(tokens(segment)) <= 2
    leans = elliptical(segment)
    thing = after.last in after.things
    asked = details(fold(segment)) - {"count"}
    rows = []
    candidates = sorted(found)
    for e in candidates:
        is_last = ids[e] == after.last
        own_gap = float(o[e] - o[top_o])
        rows.append(
            [
                own_gap,
                float(j[e] - j[top_j]),
                is_last,
                is_last and pointer == 2,
                is_last and pointer == 1,
                is_last and opener,
                is_last and short,
                ids[e] in after.related,
                e == top_o,
                e == top_j,
                own_gap * short,
                (e == top_o) * _clip(own.confidence),
                (e == top_j) * _clip(joined.confidence),
                e == top_o and not leans,
                is_last and thing and leans and ids[top_o] not in after.things,
                is_last and thing and pointer > 0,
                e == top_o and thing and ids[e] not in after.things,
                e == top_o and acknowledged and not opener,
                is_last and acknowledged,
                after.missing(e),
                bool(after.beyond(asked, [e])),
                *_NOT_DECLINE,
            ]
        )
    signals = own.signals if own.signals is not None else np.zeros(len(FEATURES))
    rows.append(
        [
            *[0.0] * (len(FOLLOW_FEATURES) - len(_NOT_DECLINE)),
            1.0,
            _clip(own.confidence),
            _clip(joined.confidence),
            float(signals[FEATURES.index("unknown_words")]),
            float(signals[FEATURES.index("nearest_out_of_scope")]),
            leans,
            thing,
            min(after.missing(e) for e in candidates),
            bool(after.beyond(asked, candidates)),
        ]
    )
    return [*candidates, DECLINE], [[float(x) for x in row] for row in rows]


DECLINE = -1  # the candidate "none of the entries": the follow-up is declined
# Words that speak to the bot: "can you", "tu fais quoi", "ce bot".
_TO_THE_BOT = re.compile(r"\b(?:you|your|tu|toi|te|t'|vous|votre|bot|robot|chatbot|assistant)\b")
SURE = math.log(2)  # the follow-up reader's odds of an entry over "none of them", to answer it
# The decline features of an entry: all zero.
_NOT_DECLINE = (0.0,) * sum(name.startswith("decline") for name in FOLLOW_FEATURES)


def _standalone(own: Match, segment: str, about_thing: bool = False) -> bool:
    """A clear standalone question: answered alone with confidence, with no pronoun and no
    opening that leans on what came before ("who can apply?" after the deadline), and not
    two words after an answer about one thing ("combien de candidatures ?" after the 4th
    edition is about it: the reader decides)."""
    return (
        own.decision == "answer"
        and own.confidence >= STANDALONE_AT
        and not _pointer(segment)
        and not _opens_follow_up(segment)
        and not (about_thing and _topic_words(segment) <= 2)
    )


_HOW_MANY = frozenset({"many", "much"})  # "how many": a question word too
# ... and the words that make "quand" / "when" ask for a start or an end: "depuis quand ?"
_SINCE_UNTIL = frozenset({"depuis", "since", "until", "till", "jusque"})


def _topic(text: str) -> list[str]:
    """The words of ``text`` that say what it is about: neither stopwords nor question
    words ("il y avait combien de projets ?": "avait", "projets")."""
    return [
        w
        for w in tokens(text)
        if w not in _HOW_MANY and w not in _SINCE_UNTIL and not _QUESTION_WORD.fullmatch(w)
    ]


def _topic_words(text: str) -> int:
    """How many words of ``text`` say what it is about (:func:`_topic`)."""
    return len(_topic(text))


def _clip(confidence: float) -> float:
    return max(-3.0, min(3.0, confidence))


def follow(
    own: Match,
    joined: Match,
    segment: str,
    after: Followed,
    weights: Sequence[float] | None = None,
    *,
    acknowledged: bool = False,
    correcting: bool = False,
) -> Match:
    """The reading of a message sent after an answer: alone (a new question), with the last
    question (a follow-up: "et sa date limite ?", "and the RATP one?"), or about the entry
    just answered ("who built it?").

    The three candidates (the best entry of each reading, and the entry just answered) are
    scored by a small linear model (``FOLLOW_FEATURES``): how each reading ranks them,
    whether one is the last answer, one of its related entries or about the same thing,
    and the message's pronouns, opening and length. The best one wins, with the decision
    (answer / suggest / decline) of the reading that puts it first, or answered when the
    model finds it at least twice as likely as "none of them" (``SURE``).
    """
    if own.scores is None or joined.scores is None or joined.decision == "decline":
        return own
    if (
        own.best is not None
        and own.best.entry_id in after.talks_of
        and elliptical(segment)
        and not _EDITION_NOUN.search(segment)
        and after.last in after.entry_ids
        and not after.beyond(details(fold(segment)), [after.entry_ids.index(after.last)])
    ):
        # "et l'edtech ?" after the sectors that were no priority: EdTech there (not "et
        # l'édition EdTech, c'était quand ?", which asks about that edition)
        return answering(joined, after.last, after.entry_ids)
    item = _list_item(segment)
    if item and item <= after.listed:
        # "and the fourth?" after the four projects given lighter support (three named):
        # an item of that list, which no entry gives one by one; that answer is offered
        return replace(answering(joined, after.last, after.entry_ids), decision="decline")
    thing = after.last in after.things
    # "what topics does it cover?" after the report: "it" is the report, not the bot
    chat = (
        own.best is not None
        and own.best.entry_id in after.chat
        and _pointer(segment) > 0
        and not _TO_THE_BOT.search(fold(segment))
    )
    if chat:  # read without the small-talk entries
        own = _without(own, after.chat, after.entry_ids)
    elif (
        _standalone(own, segment, thing)
        or (own.decision == "decline" and not elliptical(segment))
        or (own.decision == "answer" and after.asks_of_another_edition(segment))
    ):
        # a question of its own, answered or declined; or about another edition than the
        # last answer's ("et les lauréats de la 3e édition ?" after the 4th)
        return own
    candidates, rows = follow_features(own, joined, segment, after, acknowledged=acknowledged)
    scores = np.array(rows) @ np.array(FOLLOW_WEIGHTS if weights is None else weights)
    chosen = candidates[int(np.argmax(scores))]
    if chosen == DECLINE:  # "I don't have that", the closest entries as choices
        return replace(joined, decision="decline")
    best = after.entry_ids[chosen]
    if not correcting and _about_that_edition(segment, after, best):
        # "et qui a gagné ?" after the 4th edition: that edition's entry, when the reader
        # finds it likelier than none; else declined, with that entry offered
        at = candidates.index(after.entry_ids.index(after.last))
        last = answering(joined, after.last, after.entry_ids)
        likely = scores[at] > scores[-1] and after.stands_in(best)
        return last if likely else replace(last, decision="decline")
    first = [m for m in (own, joined) if m.best is not None and m.best.entry_id == best]
    if first:  # the best entry of one reading, or of both: the more confident one
        found = max(first, key=lambda m: m.confidence)
        if found.decision == "suggest" and scores[int(np.argmax(scores))] - scores[-1] >= SURE:
            # The reader weighed "none of them" too, and finds this entry at least twice as
            # likely: answered, though its reading alone only suggests it.
            return replace(found, decision="answer")
        return found
    # The entry just answered, which neither reading puts first: "who built it?" after
    # Albert is about Albert.
    return answering(joined, best, after.entry_ids)


def _without(match: Match, ids: frozenset[str], entry_ids: Sequence[str]) -> Match:
    """``match`` with the entries ``ids`` left out: its best is the next one, suggested."""
    assert match.scores is not None
    scores = match.scores.copy()
    scores[[k for k, e in enumerate(entry_ids) if e in ids]] = scores.min()
    others = tuple(c for c in match.candidates if c.entry_id not in ids)
    return replace(match, decision="suggest", scores=scores, candidates=others)


def answering(joined: Match, best: str, entry_ids: Sequence[str]) -> Match:
    """``joined`` made to answer with entry ``best``, its other candidates kept as choices."""
    found = next((c for c in joined.candidates if c.entry_id == best), None)
    scores = joined.scores
    score = (
        float(scores[list(entry_ids).index(best)]) if scores is not None and len(scores) else 0.0
    )
    found = found or Candidate(best, round(score, 4), "")
    others = tuple(c for c in joined.candidates if c.entry_id != best)
    return replace(joined, decision="answer", candidates=(found, *others[:2]))


def _best_id(match: Match) -> str | None:
    return match.best.entry_id if match.best is not None else None


def _closest_is_small_talk(engine: Engine, match: Match) -> bool:
    return _is_small_talk(engine.kb, _best_id(match))


def _small_talk(engine: Engine, match: Match) -> bool:
    """True when ``match`` answers with small talk ("et merci pour ce service :)")."""
    return match.decision == "answer" and _closest_is_small_talk(engine, match)


def _chatter(engine: Engine, match: Match) -> bool:
    """True when ``match`` is closest to small talk, answered or suggested ("bot, cool
    stuff.", "love that the CNIL has a bot now haha."): no question to lean on."""
    return match.decision != "decline" and _closest_is_small_talk(engine, match)


# How much surer the reading of a part with the question to the bot before it must be than
# its own, for a part with words of its own ("… et est-ce que la CNIL pourrait le lire ?")
_SURER_OF_IT = 3.0


def _more_of_it(question: str, segment: str) -> bool:
    """True when ``segment`` asks more of ``question``, the part before it: a question,
    then an elliptical one ("… conservés ? par qui ?")."""
    return _questioning(question) and elliptical(segment)


def _previous_question(segments: Sequence[str], i: int) -> str | None:
    """The part of the message before part ``i``, small talk aside; None for the first."""
    for before in reversed(segments[:i]):
        if not courtesy(before):
            return before
    return None


def _frame(segments: Sequence[str], context_only: Sequence[bool], j: int) -> list[int]:
    """The parts a question follows: part ``j``, and when it only gives context, the
    sentences of context right before it ("on est une startup, on build un LLM pour les
    collectivités, on est éligible ?"), small talk aside."""
    frame = [j]
    while (
        context_only[j]
        and frame[0] > 0
        and context_only[frame[0] - 1]
        and not courtesy(segments[frame[0] - 1])
    ):
        frame.insert(0, frame[0] - 1)
    return frame


def _choose(own: Match, joined: Match, segment: str) -> Match:
    """The reading of an elliptical part of a message on its own, or with the part before it.

    A clear standalone question always wins. A part that points back ("et ça coûte
    combien ?") is read with what came before; so is a part that means little alone.
    The follow-up of a question the bot declines is declined too ("l'ARCEP a un bac à
    sable ? ça marche comment ?").
    """
    if joined.best is None:
        return own
    if own.best is not None and own.best.entry_id == joined.best.entry_id:
        return own
    if not elliptical(segment):
        return own
    if joined.decision == "decline":
        return joined
    if refers_back(segment) or own.decision != "answer":
        return joined
    return own  # a part with its own answer, and no possessive pointing back


# A remark: a sentence said of oneself or of what was said ("ça nous aide bcp", "je me
# réjouis de lire le rapport"), unless it wants something ("je cherche la date limite")
_REMARK = re.compile(
    r"^\W*(?:je|j'|j|ça|ca|cela|c'est|c est|nous|on|i|i'm|i'll|it|it's|that|that's|this|we|"
    r"we're|we'll)\b",
    re.IGNORECASE,
)
_WANTS = re.compile(
    r"\b(?:peu[tx]|peuvent|pourr\w*|faut|doi[st]|dois|cherch\w*|veux|voudrai\w*|aimerai\w*|"
    r"souhaite\w*|besoin|can|could|must|should|need|want|wish|looking|like|wonder\w*)\b",
    re.IGNORECASE,
)


def _remark(text: str) -> bool:
    return bool(_REMARK.match(text)) and not _WANTS.search(text)


def _asks_anything(text: str) -> bool:
    """A question, a question word, or a request ("dites-moi …")."""
    return _questioning(text) or bool(_REQUEST.search(text))


# The least score of a question about the bot ("vous gardez mes messages ?") that wins
# over the message's other, unanswered parts
_SURE_SMALL_TALK = 1.0


def _keep(
    found: list[Part],
    whole: Reply,
    message: str,
    *,
    trust_whole: bool = True,
    whole_over_one: bool = True,
) -> list[Part]:
    """The parts worth answering: real questions before small talk, no repeats, at most 3.

    ``trust_whole``: when no part is answered, the message read as a whole may be;
    ``whole_over_one``: ... and when one part is, the whole message may say something else
    (not when the other parts only give context to the question)."""
    if len(found) == 1:
        return found
    if not any(_asks_anything(p.text) for p in found) and any(
        p.reply.outcome == "smalltalk" and (p.reply.score or 0.0) >= _SURE_SMALL_TALK for p in found
    ):
        # "merci beaucoup, c'est très clair. Je me réjouis de lire le rapport.": thanks and a
        # remark, no question; the remark's words are not asked
        found = [
            p
            for p in found
            if not (p.reply.outcome in ("answered", "suggested") and _remark(p.text))
        ]
    real = [p for p in found if not courtesy(p.text)]
    # "Good morning, hope you're well. Could a hospital apply?": read as a whole, it
    # answers the question's words, not the greeting's
    as_one = Part(real[0].text if len(real) == 1 else message, whole)
    answered: list[Part] = []
    for part in found:
        if courtesy(part.text):  # "du coup", "a lot!": never a question
            continue
        if part.reply.outcome == "answered" and all(
            p.reply.entry_id != part.reply.entry_id for p in answered
        ):
            answered.append(part)
    if not answered:
        asked = [
            p
            for p in real
            if p.reply.outcome == "smalltalk"
            and _is_question(p.text)
            and (p.reply.score or 0.0) >= _SURE_SMALL_TALK  # not "even briefly?" as a goodbye
        ]
        if asked and not any(p.reply.outcome == "unanswered" for p in real):
            # "est-ce que vous gardez mes messages ? qui les lit ?": the question about the
            # bot, not the whole message's closest entry (a question declined is said)
            return asked[:1]
        if trust_whole and whole.outcome in ("answered", "suggested"):
            return [as_one]
        if (
            trust_whole
            and whole.outcome == "smalltalk"
            and all(p.reply.outcome in ("suggested", "smalltalk") for p in real)
            and {p.reply.entry_id for p in real} == {whole.entry_id}
        ):
            # "are you storing this chat? do my messages go into training some model?": each
            # answers or only offers the question to the bot, which the whole message answers
            return [as_one]
        # "salut ! t'es qui ?": the question, not the greeting; "bonjour, <a question the
        # FAQ does not answer>" and "…, faut-il le consentement ? merci d'avance": the
        # decline, not "bonjour !" or "avec plaisir". A declined part counts when it asks a
        # question of its own (not "vous gardez mes messages ? vous en faites quoi ?");
        # beside a declined remark, a question to the bot is still answered ("how very
        # meta. Do you keep what I type?").
        unanswered = [
            p.text
            for p in real
            if p.reply.outcome == "unanswered"
            and len(tokens(p.text)) > _MIN_PART_WORDS
            and not refers_back(p.text)
        ]
        asked_declined = any(map(_is_question, unanswered))
        said_declined = any(_asks(fold(t)) for t in unanswered)
        same = [p for p in real if p.reply.outcome == "suggested"]
        if not same and not asked_declined:
            same = [
                p
                for p in real
                if p.reply.outcome == "smalltalk"
                and (not said_declined or (_is_question(p.text) and _topic_words(p.text) > 1))
            ]
        if same:
            return same[:1]
        if found[-1].reply.outcome == "smalltalk" and courtesy(found[-1].text):
            return found[-1:]  # "bon tant pis. bonne journée": the goodbye
        if real:  # declined: the whole message's decline, unless it reads as small talk
            if trust_whole and whole.outcome == "unanswered":
                return [as_one]
            return [next((p for p in real if p.reply.outcome == "unanswered"), real[0])]
        same = [p for p in found if p.reply.outcome == "smalltalk"]
        return same[:1] or ([as_one] if trust_whole else found[:1])
    # One part answered, but the message as a whole says something else with more
    # confidence: trust the whole message.
    if (
        trust_whole
        and whole_over_one
        and whole.outcome == "answered"
        and all(whole.entry_id != p.reply.entry_id for p in answered)
        and all((whole.confidence or 0) > (p.reply.confidence or 0) for p in answered)
    ):
        # ... or when each part is answered with less confidence than the whole ("pourquoi
        # la CNIL s'occupe de l'IA ? c'est pas un sujet technique ? quel rapport avec les
        # données perso ?": one question in three sentences)
        return [as_one]
    return answered[:MAX_PARTS]


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
        if part.reply.outcome in ("suggested", "unanswered"):  # did you mean / closest topic
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
