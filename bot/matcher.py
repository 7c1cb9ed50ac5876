"""The matcher: from a question to one decision, answer / suggest / decline.

Hybrid scoring, pure code (the sentence encoder is passed in as a function):

- the question is normalised (bot.text), its misspelt words corrected against the
  knowledge base's own vocabulary, and its language guessed from that vocabulary;
- **semantic**: cosine between the question's sentence embedding and every phrasing's
  (multilingual encoder), best phrasing per entry;
- **lexical**: TF-IDF over stems, per entry, plus rapidfuzz on the best entries'
  phrasings, which rewards near-exact and keyword questions;
- **out of scope**: the knowledge base's ``out_of_scope`` examples are embedded too; a
  question closer to them than to any entry is declined.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.kb import KnowledgeBase, Lang
from bot.text import STOPWORDS, STOPWORDS_EN, STOPWORDS_FR, fold, stem, words

Vector = npt.NDArray[np.float32]
Embedder = Callable[[Sequence[str]], Vector]
Decision = Literal["answer", "suggest", "decline"]

# Politeness that says nothing about the question; dropped when there is anything else.
COURTESY = frozenset(
    """
    bonjour bonsoir salut coucou hello hi hey merci thanks thank svp stp please madame
    monsieur cordialement regards dear svp
    """.split()
)
MAX_QUESTION_CHARS = 1000  # a question is matched on its first 1000 characters


@dataclass(frozen=True)
class MatcherConfig:
    """Weights and thresholds, tuned with ``faqbot eval`` (see README, Evaluation)."""

    semantic_weight: float = 0.65
    tfidf_weight: float = 0.2
    fuzzy_weight: float = 0.15
    answer_threshold: float = 0.62
    suggest_threshold: float = 0.48
    answer_margin: float = 0.03
    out_of_scope_margin: float = 0.0
    candidates: int = 8
    max_suggestions: int = 3


@dataclass(frozen=True)
class Candidate:
    """An entry with its score for one question, and the phrasing that matched best."""

    entry_id: str
    score: float
    semantic: float
    lexical: float
    phrasing: str


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one question."""

    decision: Decision
    lang: Lang
    candidates: tuple[Candidate, ...]
    out_of_scope: float = 0.0

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True)
class _Phrasing:
    text: str
    entry: int  # index in entry_ids, or -1 for an out-of-scope example
    lang: Lang
    stems: str


class Matcher:
    """Matches questions against one knowledge base; build once per knowledge-base load."""

    def __init__(
        self, kb: KnowledgeBase, embed: Embedder, config: MatcherConfig | None = None
    ) -> None:
        self.kb = kb
        self.config = config or MatcherConfig()
        self._embed = embed
        self.entry_ids = [e.id for e in kb.entries]
        phrasings: list[_Phrasing] = []
        for index, entry in enumerate(kb.entries):
            for lang, questions in entry.questions.items():
                phrasings += [_Phrasing(q, index, lang, _stem_text(q)) for q in questions]
        for lang, questions in kb.out_of_scope.items():
            phrasings += [_Phrasing(q, -1, lang, _stem_text(q)) for q in questions]
        self._phrasings = phrasings
        self._entry_of = np.array([p.entry for p in phrasings], dtype=np.int64)
        self._vocab, self._lang_weight = _vocabulary(kb)
        self._vocab_list = list(self._vocab)
        vectors = embed([self._prepare(p.text) for p in phrasings]) if phrasings else None
        self._vectors = _unit(vectors) if vectors is not None else np.zeros((0, 1), np.float32)
        self._tfidf, self._idf = _tfidf_index(kb)
        self._by_entry: dict[int, list[int]] = defaultdict(list)
        for i, p in enumerate(phrasings):
            self._by_entry[p.entry].append(i)

    # -- question analysis -------------------------------------------------------------------

    def correct(self, word: str) -> str:
        """``word`` or, if the knowledge base does not know it, its nearest known spelling."""
        if word in self._vocab or word in STOPWORDS or len(word) < 4 or not word.isalpha():
            return word
        limit = 1 if len(word) <= 5 else 2
        found = process.extractOne(word, self._vocab_list, scorer=OSA.distance, score_cutoff=limit)
        return found[0] if found else word

    def analyse(self, question: str) -> list[str]:
        """The question's words: folded, courtesy dropped, spelling corrected."""
        ws = words(question[:MAX_QUESTION_CHARS])
        content = [w for w in ws if w not in COURTESY]
        if any(w not in STOPWORDS for w in content):
            ws = content
        return [self.correct(w) for w in ws]

    def language(self, question: str, analysed: Sequence[str] | None = None) -> Lang:
        """The question's language: from its words and the knowledge base's; French if unsure."""
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
        return "en" if score < 0 else "fr"

    def _prepare(self, text: str) -> str:
        """The text the encoder sees: folded words, misspellings corrected."""
        return " ".join(self.analyse(text))

    # -- matching ----------------------------------------------------------------------------

    def match(self, question: str, lang: Lang | None = None) -> Match:
        """Score every entry for ``question`` and decide; ``lang`` overrides detection."""
        analysed = self.analyse(question)
        detected = lang or self.language(question, analysed)
        # Keywords carry the lexical score; a question of stopwords only ("what can you
        # do") is still matched, on all its words.
        content = [w for w in analysed if w not in STOPWORDS] or analysed
        if not content or not self.entry_ids:
            return Match("decline", detected, ())
        cfg = self.config
        query = self._embed([" ".join(analysed)])
        sims = self._vectors @ _unit(query)[0]
        semantic = np.full(len(self.entry_ids), -1.0, dtype=np.float32)
        in_scope = self._entry_of >= 0
        np.maximum.at(semantic, self._entry_of[in_scope], sims[in_scope])
        out_of_scope = float(sims[~in_scope].max()) if (~in_scope).any() else -1.0
        tfidf = self._tfidf_scores([stem(w) for w in content])
        rough = cfg.semantic_weight * semantic + cfg.tfidf_weight * tfidf
        top = np.argsort(-rough)[: cfg.candidates]
        query_stems = " ".join(stem(w) for w in content)
        candidates = []
        for index in top:
            ids = self._by_entry[int(index)]
            choices = [self._phrasings[i].stems for i in ids]
            found = process.extractOne(query_stems, choices, scorer=fuzz.token_set_ratio)
            fuzzy = found[1] / 100 if found else 0.0
            best_phrasing = ids[int(np.argmax(sims[ids]))]
            score = float(rough[index] + cfg.fuzzy_weight * fuzzy)
            candidates.append(
                Candidate(
                    entry_id=self.entry_ids[index],
                    score=round(score, 4),
                    semantic=round(float(semantic[index]), 4),
                    lexical=round(float(tfidf[index]), 4),
                    phrasing=self._phrasings[best_phrasing].text,
                )
            )
        candidates.sort(key=lambda c: -c.score)
        return Match(
            self._decide(candidates, out_of_scope), detected, tuple(candidates), out_of_scope
        )

    def _decide(self, candidates: Sequence[Candidate], out_of_scope: float) -> Decision:
        cfg = self.config
        best = candidates[0]
        if out_of_scope > best.semantic + cfg.out_of_scope_margin:
            return "decline"
        second = candidates[1].score if len(candidates) > 1 else 0.0
        if best.score >= cfg.answer_threshold and best.score - second >= cfg.answer_margin:
            return "answer"
        if best.score >= cfg.suggest_threshold:
            return "suggest"
        return "decline"

    def _tfidf_scores(self, query_stems: Sequence[str]) -> npt.NDArray[np.float32]:
        scores = np.zeros(len(self.entry_ids), dtype=np.float32)
        counts = Counter(s for s in query_stems if s in self._idf)
        norm = math.sqrt(sum((c * self._idf[s]) ** 2 for s, c in counts.items())) or 1.0
        for s, c in counts.items():
            weight = c * self._idf[s] / norm
            for index, value in self._tfidf.get(s, ()):
                scores[index] += weight * value
        return scores


def _stem_text(text: str) -> str:
    return " ".join(stem(w) for w in words(text) if w not in STOPWORDS)


def _unit(vectors: Vector) -> Vector:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


def _vocabulary(kb: KnowledgeBase) -> tuple[dict[str, int], dict[str, float]]:
    """Known words with their counts, and each word's pull toward French (+) or English (-)."""
    counts: dict[Lang, Counter[str]] = {"fr": Counter(), "en": Counter()}
    for entry in kb.entries:
        for lang in ("fr", "en"):
            for q in entry.questions.get(lang, ()):
                counts[lang].update(words(q))
            counts[lang].update(words(entry.answer.get(lang, "")))
    for lang, questions in kb.out_of_scope.items():
        for q in questions:
            counts[lang].update(words(q))
    total = counts["fr"] + counts["en"]
    weight = {}
    for w in total:
        fr, en = counts["fr"][w], counts["en"][w]
        weight[w] = math.log((fr + 0.5) / (en + 0.5)) / 3
    return dict(total), weight


def _tfidf_index(
    kb: KnowledgeBase,
) -> tuple[dict[str, list[tuple[int, float]]], dict[str, float]]:
    """Per entry, the L2-normalised TF-IDF of the stems of all its phrasings."""
    docs = [
        Counter(
            stem(w)
            for qs in e.questions.values()
            for q in qs
            for w in words(q)
            if w not in STOPWORDS
        )
        for e in kb.entries
    ]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    n = len(docs)
    idf = {s: math.log((n + 1) / (d + 0.5)) for s, d in df.items()}
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, doc in enumerate(docs):
        weights = {s: (1 + math.log(c)) * idf[s] for s, c in doc.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        for s, v in weights.items():
            index[s].append((i, v / norm))
    return dict(index), idf
