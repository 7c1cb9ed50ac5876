"""The matcher: from a question to one decision, answer / suggest / decline.

Hybrid scoring, pure code (the sentence encoder is passed in as a function):

- the question is normalised (bot.text), its misspelt words corrected against the
  knowledge base's own vocabulary (rapidfuzz), and its language guessed from that vocabulary;
- **semantic**, from the multilingual sentence encoder: the best cosine between the
  question and each entry's phrasings, and a ridge classifier fitted on all the phrasings
  (the out-of-scope examples form one more class) when the knowledge base is loaded;
- **lexical**: TF-IDF over stems, per entry, which rewards keywords and near-exact wording,
  and TF-IDF over pairs of consecutive stems (stopwords kept), which reads a little word
  order: "qui a été sélectionné" (the winners) is not "qui a sélectionné" (the selection);
- the entry with the best combined score is the candidate; a small linear model over
  the candidate's signals (how sure, how far ahead, how close to out-of-scope examples,
  how many of the question's words the FAQ has never seen) decides whether to answer,
  to suggest, or to decline. Its weights are fitted by ``benchmarks/tune_matcher.py``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.kb import LANGS, KnowledgeBase, Lang
from bot.render import html_to_text, placeholders
from bot.text import (
    STOPWORDS,
    STOPWORDS_EN,
    STOPWORDS_FR,
    applicant,
    details,
    fold,
    stem,
    words,
)

Vector = npt.NDArray[np.float32]


class Embedder(Protocol):
    """A sentence encoder: one unit-length row per text; ``keep`` marks texts worth caching."""

    def __call__(self, texts: Sequence[str], *, keep: bool = False) -> Vector: ...


Decision = Literal["answer", "suggest", "decline"]

# The weight of a word neither the entries nor the examples to decline use ("rappeler",
# "drafting", "tondu"), in the share of a question's words an entry lacks: less than a word
# only the examples to decline use ("AEPD", "licence"), which is most rare (README).
UNSEEN_WORD_WEIGHT = 2.5
# Words that say nothing of what is asked, so an entry's phrasings need not use them: a
# greeting, thanks, and a number of three digits or more other than a year ("une commune de
# 1 500 habitants"; small numbers are the call's own: "les 4 lauréats", "8 projets").
_FILLER = frozenset(
    stem(w)
    for w in "bjr bonjour bonsoir slt salut coucou hello hi hey cheers merci thanks thank thx "
    "confirmer".split()
)
MAX_REMEMBERED = 4096  # verdicts kept for repeated questions
MAX_CORRECTIONS = 20_000  # spelling corrections remembered per knowledge base
TYPO_RATIO = 20  # a word this many times rarer than one an edit away is its typo
MAX_QUESTION_CHARS = 1000  # a question is matched on its first 1000 characters
MAX_ENCODED_WORDS = 26  # the encoder sees the question's last 26 words (bounded latency)
FEATURES = (
    "combined",
    "ridge",
    "ridge_out_of_scope",
    "nearest",
    "tfidf",
    "margin",
    "nearest_out_of_scope",
    "unknown_words",
    "length",
    "entry_missing",
    "entry_detail",
)


# Texting shorthand for a word, read as that word when the FAQ does not use the shorthand
SHORTHAND = {
    "hw": "how",
    "hv": "have",
    "wat": "what",
    "wht": "what",
    "whn": "when",
    "wen": "when",
    "whr": "where",
    "abt": "about",
    "koi": "quoi",
    "ki": "qui",
    "cb": "combien",
    "cmb": "combien",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "qd": "quand",
    "kan": "quand",
    "ds": "dans",
    "pr": "pour",
    "tjs": "toujours",
    "mtn": "maintenant",
    "dc": "donc",
    "vrmt": "vraiment",
    "bcp": "beaucoup",
    "till": "until",
    "til": "until",
    "u": "you",
    "ur": "your",
    "thru": "through",
    "b4": "before",
    "cmt": "comment",
    "koment": "comment",
    "pkoi": "pourquoi",
    "kel": "quel",
    "kelle": "quelle",
    "ke": "que",
    "kand": "quand",
    "tt": "tout",
    "ajd": "aujourd'hui",
    "auj": "aujourd'hui",
    "jpeux": "peux",
    "jveux": "veux",
    "jsais": "sais",
    # a request, not a word of the question ("kindly confirm the closing date"); left
    # alone, "confirm" was corrected to "confie"
    "confirm": "confirmer",
}


# Kinds of organisation the FAQ does not name, read as the kind it does (not corrected to
# a word spelled alike: "county" is no "count", "interco" no "interet")
BODIES = {
    **dict.fromkeys("epci interco sivu sivom".split(), "intercommunalite"),
    **dict.fromkeys(
        "cias cpam urssaf msa cnaf cnam dreal ddt ddets sgar crous rectorats".split(),
        "administration",
    ),
    **dict.fromkeys("county counties borough boroughs township townships".split(), "council"),
    **dict.fromkeys("mutuelle ssii tpe sarl scop scic integrateur".split(), "entreprise"),
    **dict.fromkeys("integrator integrators supplier suppliers".split(), "company"),
}


@dataclass(frozen=True)
class MatcherConfig:
    """Weights and thresholds; ``benchmarks/tune_matcher.py`` fits them on an evaluation file."""

    nearest_weight: float = 1.0
    ridge_weight: float = 0.5
    tfidf_weight: float = 2.0
    bigram_weight: float = 3.0
    ridge_lambda: float = 0.3
    # Decision model: answer when w·features + bias >= answer_at; suggest when >= suggest_at.
    # The first ten weights and the bias were fitted on 30 Nov; entry_detail's comes from a
    # refit of 1 Dec, the others of which were not kept (they cost conversations: README).
    decision_weights: tuple[float, ...] = field(
        default=(0.704, 0.283, -1.371, 4.58, -2.756, 1.372, -7.587, -2.164, 2.387, -3.052, -2.292)
    )
    decision_bias: float = 1.44
    answer_at: float = 0.3  # from 0.6 on 1 Dec: new blind conversations (README)
    # ... and for a question whether a kind of applicant may apply, read as the entry about
    # that kind (bot.text.applicant)
    applicant_at: float = -1.0
    # ... and how far behind another kind's entry that entry's score may be, to answer instead
    applicant_margin: float = 0.6
    suggest_at: float = -2.5
    max_suggestions: int = 3


@dataclass(frozen=True)
class Candidate:
    """An entry with its combined score for one question, and the phrasing closest to it."""

    entry_id: str
    score: float
    phrasing: str


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one question."""

    decision: Decision
    lang: Lang
    candidates: tuple[Candidate, ...]
    confidence: float = 0.0
    # The combined score of every entry (in knowledge-base order), for the follow-up reader.
    scores: Vector | None = field(default=None, compare=False, repr=False)
    # The decision model's signals (FEATURES), for the follow-up reader.
    signals: Vector | None = field(default=None, compare=False, repr=False)

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True)
class Signals:
    """Raw scores of every entry for one question, and the decision features of the best."""

    analysed: list[str]
    lang: Lang
    content: list[str]
    sims: Vector  # cosine with every phrasing (out-of-scope examples included)
    combined: Vector  # combined score per entry
    features: Vector  # decision features of the best entry (see FEATURES)
    asked: frozenset[str] = frozenset()  # the kinds of detail it asks (bot.text.details)


@dataclass(frozen=True)
class _Phrasing:
    text: str
    entry: int  # index in entry_ids, or -1 for an out-of-scope example
    lang: Lang


# A date, and the kinds of detail that ask for names: of people, of the winners, of
# applicants, of members.
_DATE_AND_NAMES = frozenset({"when", "names", "person", "winners", "applicants", "members"})
# What a question may ask of one thing (a project, an edition) beyond its date and names:
# what came of it, whether it is in use, its cost, maker, figures, data, code…
_THING_KINDS = _DATE_AND_NAMES | frozenset(
    "outcome deployed access money maker performance datasets processing figures sanctioned "
    "received dpia code model_name count".split()
)
# What a matcher holds besides what it built: its inputs, and what questions teach it.
_NOT_BUILT = frozenset({"kb", "_embed", "_corrections", "_recent", "_lock"})


class Matcher:
    """Matches questions against one knowledge base; build once per knowledge-base load."""

    def __init__(
        self, kb: KnowledgeBase, embed: Embedder, config: MatcherConfig | None = None
    ) -> None:
        self.kb = kb
        self._small_talk = frozenset(i for i, e in enumerate(kb.entries) if e.smalltalk)
        # The entry about each kind of applicant (bot.text.applicant): the one most of whose
        # phrasings ask whether that kind may apply ("une association peut candidater ?")
        self._for_applicant = _for_applicant(kb)
        self.config = config or MatcherConfig()
        self._embed = embed
        self.entry_ids = [e.id for e in kb.entries]
        self._index = {entry_id: i for i, entry_id in enumerate(self.entry_ids)}
        phrasings = [
            _Phrasing(q, index, lang)
            for index, entry in enumerate(kb.entries)
            for lang, questions in entry.questions.items()
            for q in questions
        ]
        phrasings += [
            _Phrasing(q, -1, lang) for lang, questions in kb.out_of_scope.items() for q in questions
        ]
        self._phrasings = phrasings
        self._entry_of = np.array([p.entry for p in phrasings], dtype=np.int64)
        # Phrasings come entry by entry, out-of-scope examples last: slot n is "out of scope".
        groups = np.where(self._entry_of < 0, len(kb.entries), self._entry_of)
        self._group_start = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        self._group_id = groups[self._group_start]
        self._group_stop = np.r_[self._group_start[1:], len(groups)]
        self._vocab, self._lang_weight, self._known = _vocabulary(kb)
        # The FAQ's own typos ("winers", "dealine", "aplication"): read as the word they miss
        self._typos = _typos(self._vocab)
        # Spelling candidates by (length, first letter): a word within 2 edits of another
        # has a length within 2 of it, and typos rarely hit the first letter.
        self._spellings: dict[tuple[int, str], list[str]] = defaultdict(list)
        for known in self._vocab:
            if known not in self._typos:
                self._spellings[len(known), known[0]].append(known)
        self._corrections: dict[str, str] = {}
        self._recent: OrderedDict[tuple[str, Lang | None, Lang], Match] = OrderedDict()
        self._lock = threading.Lock()
        dim = 512
        if phrasings:
            texts = [" ".join(self.analyse(p.text)) for p in phrasings]
            self._vectors = _unit(embed(texts, keep=True))
            dim = self._vectors.shape[1]
        else:
            self._vectors = np.zeros((0, dim), np.float32)
        self._ridge = _ridge(
            self._vectors, self._entry_of, len(kb.entries), self.config.ridge_lambda
        )
        # The words of the examples to decline (their stems): in a question, a word of theirs
        # no entry uses weighs most (Matcher._missing)
        self._declined_stems = frozenset(
            stem(w)
            for questions in kb.out_of_scope.values()
            for q in questions
            for w in words(q)
            if w not in STOPWORDS
        )
        singles, pairs = _documents(kb)
        self._tfidf, self._idf = _tfidf_index(singles)
        self._bigrams, self._bigram_idf = _tfidf_index(pairs)
        # The words of each entry's answers: a follow-up may take them up ("et finalement ?"
        # after "the call aimed at 3 projects; in the end, the CNIL chose 4 winners").
        filled = _plain_answers(kb)
        self._answer_stems = [_answer_stems(answers) for answers in filled]
        # The small counts each answer gives ("4 projects got lighter support"): how far an
        # ordinal may point into what it lists ("and the fourth?").
        self._counts = [_small_counts(answers) for answers in filled]
        # The kinds of detail each entry's phrasings ask (a budget, names…: bot.text.details)
        # An answer that gives a date holds "when" too ("by when must they run theirs?").
        asked = [
            frozenset().union(*(details(fold(q)) for qs in e.questions.values() for q in qs))
            for e in kb.entries
        ]
        self._details = [
            kinds | ({"when"} if any(_YEAR.search(a) for a in answers.values()) else frozenset())
            for kinds, answers in zip(asked, filled, strict=True)
        ]
        # For each entry about one thing, the kinds of detail its phrasings never ask among
        # a date, names and the thing's own details: a date in its answer (the report's) is
        # not the thing's ("when did the RATP start testing?"), an edition's entry gives its
        # count of projects, not their names ("which projects were in the health sandbox?"),
        # a project's, what it is, not what came of it ("did it cut consumption?")
        self._thing_lacks = {
            i: lacks
            for i, (e, kinds) in enumerate(zip(kb.entries, asked, strict=True))
            if e.entity and (lacks := _THING_KINDS - kinds)
        }

    @property
    def counts(self) -> Sequence[frozenset[int]]:
        """The small numbers (2 to 10, not dates) each entry's answers give, by index."""
        return self._counts

    @property
    def details(self) -> Sequence[frozenset[str]]:
        """The kinds of detail each entry's phrasings ask (bot.text.details), by index."""
        return self._details

    def lacks(self, question: str, entry_id: str | None) -> frozenset[str]:
        """The kinds of detail ``question`` asks (bot.text.details) that the entry does not
        give: none of its phrasings asks them, or, for an entry about one thing, its answer's
        dates and names are not the thing's. Empty for an unknown entry."""
        return self.lacking(details(fold(question[:MAX_QUESTION_CHARS])), entry_id)

    def lacking(self, asked: frozenset[str], entry_id: str | None) -> frozenset[str]:
        """:meth:`lacks`, for kinds of detail already read from a question."""
        if entry_id not in self._index:
            return frozenset()
        entry = self._index[entry_id]
        return self._unasked(asked, entry) | (asked & self._thing_lacks.get(entry, frozenset()))

    def _unasked(self, asked: frozenset[str], entry: int) -> frozenset[str]:
        """The kinds in ``asked`` that none of the entry's phrasings asks (the decision
        feature ``entry_detail``; "launch" only tells two dates apart in a follow-up:
        bot.dialogue)."""
        return asked - {"launch"} - self._details[entry]

    def state(self) -> dict[str, object]:
        """What the build computed from the knowledge base and the embeddings, to be kept
        (a plain dict of arrays, dicts and sets) and given back to :meth:`restore`."""
        return {k: v for k, v in vars(self).items() if k not in _NOT_BUILT}

    @classmethod
    def restore(cls, kb: KnowledgeBase, embed: Embedder, state: dict[str, object]) -> Matcher:
        """The matcher that built ``state`` from ``kb``, without building it again."""
        matcher = cls.__new__(cls)
        vars(matcher).update(state)
        matcher.kb = kb
        matcher._embed = embed
        matcher._corrections = {}
        matcher._recent = OrderedDict()
        matcher._lock = threading.Lock()
        return matcher

    def forget_questions(self) -> None:
        """Drop what is remembered of recent questions: verdicts and spelling corrections
        (an erasure; only the FAQ's own texts stay)."""
        with self._lock:
            self._recent.clear()
        self._corrections.clear()

    # -- question analysis -------------------------------------------------------------------

    def correct(self, word: str) -> str:
        """``word`` or, if the knowledge base does not know it, its nearest known spelling."""
        if word in self._typos:
            return self._typos[word]
        if word in self._vocab or word in STOPWORDS:
            return word
        if word in SHORTHAND:  # "hw do i apply", "c koi", "cb ça coûte": texting shorthand
            return SHORTHAND[word]
        if word in BODIES:  # "notre EPCI pouvait candidater ?"
            return BODIES[word]
        if len(word) < 5 or not word.isalpha():
            return word
        if word not in self._corrections:
            limit = 1 if len(word) <= 5 else 2
            choices = [
                w
                for n in range(len(word) - limit, len(word) + limit + 1)
                for w in self._spellings[n, word[0]]
            ]
            found = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=limit)
            if len(self._corrections) >= MAX_CORRECTIONS:
                self._corrections.clear()  # bounded: unknown words are endless
            self._corrections[word] = found[0] if found else word
        return self._corrections[word]

    def analyse(self, question: str) -> list[str]:
        """The question's words: folded, spelling corrected."""
        return [self.correct(w) for w in words(question[:MAX_QUESTION_CHARS])]

    def language(
        self, question: str, analysed: Sequence[str] | None = None, default: Lang = "fr"
    ) -> Lang:
        """The question's language, from its words and the knowledge base's; ``default`` if unsure."""
        ws = list(analysed) if analysed is not None else self.analyse(question)
        score = 0.0
        for w in ws:
            if w in STOPWORDS_FR and w not in STOPWORDS_EN:
                score += 1.0
            elif w in STOPWORDS_EN and w not in STOPWORDS_FR:
                score -= 1.0
            else:
                score += self._lang_weight.get(w, 0.0)
        if fold(question) != question.casefold():  # accents: French
            score += 1.0
        return "en" if score < 0 else "fr" if score > 0 else default

    # -- matching ----------------------------------------------------------------------------

    def encoded_text(self, question: str) -> str:
        """What the sentence encoder sees of ``question``: its last analysed words."""
        return " ".join(self.analyse(question)[-MAX_ENCODED_WORDS:])

    def signals(
        self,
        question: str,
        lang: Lang | None = None,
        default_lang: Lang = "fr",
        query: Vector | None = None,
    ) -> Signals:
        """Score every entry for ``question`` (what :meth:`match` decides on).

        ``query``: the question's embedding when the caller already has it (batches).
        """
        cfg = self.config
        analysed = self.analyse(question)
        detected = lang or self.language(question, analysed, default_lang)
        asked = details(fold(question[:MAX_QUESTION_CHARS]))
        # Keywords carry the lexical score; a question of stopwords only ("what can you
        # do") is still matched, on all its words.
        content = [w for w in analysed if _content(w)] or analysed
        n = len(self.entry_ids)
        if not content or not n:
            nothing = np.zeros(0, dtype=np.float32)
            return Signals(analysed, detected, content, nothing, nothing, nothing, asked)
        # The encoder sees the last words: bounded latency (long messages are split into
        # sentences by the conversation layer before they get here).
        if query is None:
            query = _unit(self._embed([" ".join(analysed[-MAX_ENCODED_WORDS:])]))[0]
        sims = self._vectors @ query
        nearest = np.full(n + 1, -1.0, dtype=np.float32)  # last slot: out of scope
        nearest[self._group_id] = np.maximum.reduceat(sims, self._group_start)
        ridge = query @ self._ridge
        stems = [stem(w) for w in content]
        tfidf = _tfidf_scores(self._tfidf, self._idf, stems, n)
        combined = (
            cfg.nearest_weight * nearest[:n]
            + cfg.ridge_weight * ridge[:n]
            + cfg.tfidf_weight * tfidf
            + cfg.bigram_weight
            * _tfidf_scores(self._bigrams, self._bigram_idf, _bigrams(analysed), n)
        )
        order = np.argsort(-combined)
        best = order[0]
        second = combined[order[1]] if n > 1 else 0.0
        unknown = sum(w not in self._known for w in content) / len(content)
        features = np.array(
            [
                combined[best],
                ridge[best],
                ridge[n],
                nearest[best],
                tfidf[best],
                combined[best] - second,
                nearest[n],
                unknown,
                min(len(content), 15) / 15,
                self._missing(stems, int(best)),
                bool(self._unasked(asked, int(best))),
            ],
            dtype=np.float32,
        )
        return Signals(analysed, detected, content, sims, combined, features, asked)

    def embed(self, questions: Sequence[str]) -> Vector:
        """Unit embeddings of ``questions`` (as the encoder sees them), in one batch."""
        return _unit(self._embed([self.encoded_text(q) for q in questions]))

    def match_vector(
        self,
        question: str,
        query: Vector,
        lang: Lang | None = None,
        default_lang: Lang = "fr",
        *,
        asker: str | None = None,
    ) -> Match:
        """:meth:`match` with the question's embedding given (e.g. the mean of its parts');
        the lexical scores still come from the question's words. Not remembered.

        ``asker``: the words that say who asks to apply (bot.text.applicant), when not all
        of ``question``'s are the asker's (a follow-up read with the question before it)."""
        if not tokens_of(question):
            return self._match(question, lang, default_lang, asker=asker)
        norm = float(np.linalg.norm(query))
        return self._match(question, lang, default_lang, query / (norm or 1.0), asker=asker)

    def match_many(
        self, questions: Sequence[str], lang: Lang | None = None, default_lang: Lang = "fr"
    ) -> list[Match]:
        """:meth:`match` for several texts, embedded in one call of the encoder."""
        keys = [(" ".join(words(q[:MAX_QUESTION_CHARS])), lang, default_lang) for q in questions]
        found: dict[int, Match] = {}
        with self._lock:
            for i, key in enumerate(keys):
                if key in self._recent:
                    self._recent.move_to_end(key)
                    found[i] = self._recent[key]
        todo = [i for i in range(len(questions)) if i not in found and tokens_of(questions[i])]
        if todo:
            vectors = _unit(self._embed([self.encoded_text(questions[i]) for i in todo]))
            for i, vector in zip(todo, vectors, strict=True):
                found[i] = self._match(questions[i], lang, default_lang, vector)
        for i in range(len(questions)):
            if i not in found:
                found[i] = self._match(questions[i], lang, default_lang)
        with self._lock:
            for i, key in enumerate(keys):
                self._recent[key] = found[i]
            while len(self._recent) > MAX_REMEMBERED:
                self._recent.popitem(last=False)
        return [found[i] for i in range(len(questions))]

    def match(self, question: str, lang: Lang | None = None, default_lang: Lang = "fr") -> Match:
        """Score every entry for ``question`` and decide.

        ``lang`` forces the reply language; else it is detected, ``default_lang`` if unsure.
        FAQ questions repeat: the last verdicts are remembered, keyed on the question's words.
        """
        key = (" ".join(words(question[:MAX_QUESTION_CHARS])), lang, default_lang)
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        found = self._match(question, lang, default_lang)
        with self._lock:
            self._recent[key] = found
            if len(self._recent) > MAX_REMEMBERED:
                self._recent.popitem(last=False)
        return found

    def _match(
        self,
        question: str,
        lang: Lang | None,
        default_lang: Lang,
        query: Vector | None = None,
        *,
        asker: str | None = None,
    ) -> Match:
        sig = self.signals(question, lang, default_lang, query)
        if not len(sig.combined):
            return Match("decline", sig.lang, ())
        cfg = self.config
        confidence = float(np.dot(cfg.decision_weights, sig.features) + cfg.decision_bias)
        decision: Decision = (
            "answer"
            if confidence >= cfg.answer_at
            else "suggest"
            if confidence >= cfg.suggest_at
            else "decline"
        )
        best = int(np.argmax(sig.combined))
        combined = sig.combined
        who = applicant(fold((question if asker is None else asker)[:MAX_QUESTION_CHARS]))
        if who is not None and decision != "decline" and who in self._for_applicant:
            # "An association working with municipalities, can it apply?": the entry about
            # associations' eligibility, not public bodies', whatever other words it shares
            # with one; and when only offered, answered (its question is that one)
            theirs = self._for_applicant[who]
            if (
                best in self._for_applicant.values()
                and best != theirs
                and combined[theirs] >= combined[best] - cfg.applicant_margin
            ):
                combined = combined.copy()
                combined[theirs] = combined[best] + 1e-3
                best = theirs
            if (
                best == theirs
                and decision == "suggest"
                and confidence >= cfg.applicant_at
                and not sig.asked  # no detail: "un organisme public québécois ?" (foreign)
            ):
                decision = "answer"
        if (
            decision == "answer"
            and best in self._thing_lacks
            and sig.asked & self._thing_lacks[best]
        ):
            # "When did the RATP start testing its sensors?", "which projects were in the
            # health sandbox?": its entry gives no such date, no names; offered, not answered
            decision = "suggest"
        if (
            best in self._small_talk
            and sig.features[FEATURES.index("tfidf")] <= 0.0
            and any(w not in STOPWORDS for w in sig.analysed)  # not "what can you do"
        ):
            # Small talk shares a word with its phrasings ("merci", "bye"): "truc", "IA"
            # or "et alors" close to "ciao" for the sentence encoder is not a goodbye.
            decision = "decline"
        candidates = []
        for index in np.argsort(-combined)[: max(cfg.max_suggestions, 1)]:
            group = np.searchsorted(self._group_id, index)
            start, stop = self._group_start[group], self._group_stop[group]
            closest = start + int(np.argmax(sig.sims[start:stop]))
            candidates.append(
                Candidate(
                    self.entry_ids[index],
                    round(float(combined[index]), 4),
                    self._phrasings[closest].text,
                )
            )
        return Match(
            decision, sig.lang, tuple(candidates), round(confidence, 4), combined, sig.features
        )

    def missing_of(self, question: str, answers: bool = False) -> Callable[[int], float]:
        """For an entry, the share of ``question``'s words (weighted by rarity) that none of
        its phrasings uses (the decision feature ``entry_missing``, for any entry); with
        ``answers``, nor its answers (the follow-up reader's). The question is analysed once."""
        content = [w for w in self.analyse(question) if _content(w)]
        return partial(self._missing, [stem(w) for w in content], answers=answers)

    def _missing(self, query_stems: Sequence[str], entry: int, answers: bool = False) -> float:
        """The share of the question's stems (weighted by rarity) that none of ``entry``'s
        phrasings (with ``answers``, nor its answers) uses: "how much did the RATP's sensors
        cost?" asks about the RATP project, but for a cost its phrasings never mention."""
        if not query_stems:
            return 0.0
        rare = math.log((len(self.entry_ids) + 1) / 0.5)
        total = missing = 0.0
        for s in query_stems:
            has = self._tfidf.has(s, entry) or (answers and s in self._answer_stems[entry])
            if not has and (
                s in _FILLER or (s.isdigit() and len(s) > 2 and not _YEAR.fullmatch(s))
            ):
                continue  # lacking a greeting or a large number is lacking nothing
            weight = self._idf.get(s, rare if s in self._declined_stems else UNSEEN_WORD_WEIGHT)
            total += weight
            if not has:
                missing += weight
        return missing / total if total else 0.0


def _content(word: str) -> bool:
    """True when ``word`` carries meaning: not a stopword, nor the shorthand of one ("c koi
    la date limite": "koi" is "quoi", though a phrasing of another entry spells it so)."""
    return word not in STOPWORDS and SHORTHAND.get(word) not in STOPWORDS


# The phrasings an entry needs that ask whether one kind of applicant may apply, and their
# least share of its phrasings naming any kind, to be the entry about that kind
_APPLICANT_PHRASINGS = 20
_APPLICANT_SHARE = 0.8


def _for_applicant(kb: KnowledgeBase) -> dict[str, int]:
    """Kind of applicant -> the index of the entry about it (bot.text.applicant)."""
    found: dict[str, int] = {}
    for index, entry in enumerate(kb.entries):
        kinds = Counter(
            kind
            for questions in entry.questions.values()
            for q in questions
            if (kind := applicant(fold(q))) is not None
        )
        if not kinds:
            continue
        kind, count = kinds.most_common(1)[0]
        if count >= _APPLICANT_PHRASINGS and count >= _APPLICANT_SHARE * sum(kinds.values()):
            found.setdefault(kind, index)
    return found


def _tfidf_scores(
    index: TfIdf, idf: dict[str, float], terms: Sequence[str], n: int
) -> npt.NDArray[np.float32]:
    """The cosine between ``terms`` and each entry's TF-IDF vector."""
    scores = np.zeros(n, dtype=np.float32)
    counts = Counter(t for t in terms if t in idf)
    norm = math.sqrt(sum((c * idf[t]) ** 2 for t, c in counts.items())) or 1.0
    for t, c in counts.items():
        a, b = index.spans[t]
        scores[index.entries[a:b]] += c * idf[t] / norm * index.values[a:b]  # once per entry
    return scores


def tokens_of(question: str) -> bool:
    """True when ``question`` has at least one word to match."""
    return bool(words(question[:MAX_QUESTION_CHARS]))


def _unit(vectors: Vector) -> Vector:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


def _ridge(vectors: Vector, entry_of: npt.NDArray[np.int64], n: int, lam: float) -> Vector:
    """One-vs-rest ridge classifier over the phrasings' embeddings; column n: out of scope."""
    dim = vectors.shape[1]
    if not len(vectors):
        return np.zeros((dim, n + 1), dtype=np.float32)
    targets = -np.ones((len(vectors), n + 1), dtype=np.float64)
    targets[np.arange(len(vectors)), np.where(entry_of < 0, n, entry_of)] = 1.0
    x = vectors.astype(np.float64)
    weights = np.linalg.solve(x.T @ x + lam * np.eye(dim), x.T @ targets)
    return weights.astype(np.float32)


def _typos(vocab: Mapping[str, int]) -> dict[str, str]:
    """Words the FAQ uses at most twice, a letter left out, added or swapped inside a word
    (same first and last letters, six letters or more) used twenty times as often: its
    phrasings' typos ("winers", "dealine", "aplication"), read as the word they miss
    ("sandbx", used five times, stays a word of its own)."""
    by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
    for w, n in vocab.items():
        if n >= TYPO_RATIO and w.isalpha():
            by_ends[w[0], w[-1]].append(w)
    typos = {}
    for w, n in vocab.items():
        if len(w) < 6 or n > 2 or not w.isalpha():
            continue
        found = process.extractOne(
            w,
            [v for v in by_ends[w[0], w[-1]] if vocab[v] >= TYPO_RATIO * n],
            scorer=OSA.distance,
            score_cutoff=1,
        )
        # a letter left out, added or swapped, not replaced ("protect" is no "project")
        if found and (len(found[0]) != len(w) or sorted(found[0]) == sorted(w)):
            typos[w] = found[0]
    return typos


def _vocabulary(kb: KnowledgeBase) -> tuple[dict[str, int], dict[str, float], frozenset[str]]:
    """Known words with counts, each word's pull toward French (+) or English (-), and the
    words of the entries themselves (out-of-scope examples excluded)."""
    counts: dict[Lang, Counter[str]] = {"fr": Counter(), "en": Counter()}
    for entry in kb.entries:
        for lang in ("fr", "en"):
            for q in entry.questions.get(lang, ()):
                counts[lang].update(words(q))
            counts[lang].update(words(entry.answer.get(lang, "")))
    known = frozenset(counts["fr"]) | frozenset(counts["en"])
    for lang, questions in kb.out_of_scope.items():
        for q in questions:
            counts[lang].update(words(q))
    total = counts["fr"] + counts["en"]
    weight = {w: math.log((counts["fr"][w] + 0.5) / (counts["en"][w] + 0.5)) / 3 for w in total}
    return dict(total), weight, known


@dataclass(frozen=True)
class TfIdf:
    """Postings of every term: ``entries[a:b]`` and ``values[a:b]`` for ``spans[term] = (a, b)``."""

    spans: dict[str, tuple[int, int]]
    entries: npt.NDArray[np.int64]
    values: npt.NDArray[np.float32]

    def has(self, term: str, entry: int) -> bool:
        """True when ``entry``'s documents use ``term``."""
        a, b = self.spans.get(term, (0, 0))
        return bool(np.any(self.entries[a:b] == entry))


def _documents(kb: KnowledgeBase) -> tuple[list[Counter[str]], list[Counter[str]]]:
    """Per entry, the stems of its phrasings (stopwords aside) and their pairs of
    consecutive stems (stopwords kept); each phrasing is split and stemmed once."""
    singles: list[Counter[str]] = []
    pairs: list[Counter[str]] = []
    for entry in kb.entries:
        one: Counter[str] = Counter()
        two: Counter[str] = Counter()
        for q in (q for qs in entry.questions.values() for q in qs):
            ws = words(q)
            stems = [stem(w) for w in ws]
            one.update(s for w, s in zip(ws, stems, strict=True) if w not in STOPWORDS)
            two.update(_pairs(stems))
        singles.append(one)
        pairs.append(two)
    return singles, pairs


def _bigrams(ws: Sequence[str]) -> list[str]:
    """Pairs of consecutive stems, stopwords kept: "ete selectionn", "who pick"."""
    return _pairs([stem(w) for w in ws])


def _pairs(stems: Sequence[str]) -> list[str]:
    return [f"{a} {b}" for a, b in pairwise(stems)]


def _tfidf_index(docs: Sequence[Counter[str]]) -> tuple[TfIdf, dict[str, float]]:
    """Per entry (one document of term counts each), the L2-normalised TF-IDF of its terms,
    as one array of (entry, weight) postings sorted by term: building a pair of arrays per
    term would cost more than the rest of the index (there are some 14,000 stem pairs)."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    n = len(docs)
    idf = {s: math.log((n + 1) / (d + 0.5)) for s, d in df.items()}
    term_of: dict[str, int] = {}
    rows: list[int] = []
    entries: list[int] = []
    values: list[float] = []
    for i, doc in enumerate(docs):
        weights = {s: (1 + math.log(c)) * idf[s] for s, c in doc.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        for s, v in weights.items():
            rows.append(term_of.setdefault(s, len(term_of)))
            entries.append(i)
            values.append(v / norm)
    order = np.argsort(np.array(rows, np.int64), kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(np.array(rows, np.int64), minlength=len(term_of)))]
    spans = {s: (int(starts[t]), int(starts[t + 1])) for s, t in term_of.items()}
    return (
        TfIdf(
            spans,
            np.array(entries, np.int64)[order],
            np.array(values, np.float32)[order],
        ),
        idf,
    )


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


_ANY_DAY = dt.date(2000, 1, 1)  # what an answer says, whatever the tense of its facts


def _plain_answers(kb: KnowledgeBase) -> list[dict[str, str]]:
    """Each entry's answers by language, their facts filled in (in any tense), as plain
    text (markup and link addresses aside)."""
    values = {lang: placeholders(kb.facts, lang, _ANY_DAY) for lang in LANGS}
    return [
        {
            lang: html_to_text(text.format_map(values[lang]), links=False)
            for lang, text in e.answer.items()
        }
        for e in kb.entries
    ]


# 2 to 10 alone: not part of a date, a larger number or an ordinal ("4 winners", not "3e")
_SMALL_COUNT = re.compile(
    r"(?<![\d/.,:])\b(10|[2-9])\b(?![\d/.,:]|\s*(?:e|er|eme|ème|th|st|nd|rd)\b)"
)


def _small_counts(answers: Mapping[str, str]) -> frozenset[int]:
    """The small counts plain answers give."""
    return frozenset(int(n) for text in answers.values() for n in _SMALL_COUNT.findall(text))


def _answer_stems(answers: Mapping[str, str]) -> frozenset[str]:
    """The stems of plain answers, stopwords aside."""
    return frozenset(
        stem(w) for text in answers.values() for w in words(text) if w not in STOPWORDS
    )
