"""FAQ health: check problems, entries unused or disliked in a period, and phrasings the
matcher now sends to another entry than their own."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bot.analytics import Filters, stats
from bot.engine import Engine
from bot.kb import LANGS
from bot.store import QUESTIONS


@dataclass(frozen=True)
class Misrouted:
    """A phrasing of ``entry`` that the matcher now sends to ``routed_to``."""

    entry: str
    lang: str
    phrasing: str
    routed_to: str | None
    decision: str
    score: float


def unused_entries(db: sqlite_utils.Database, engine: Engine, filters: Filters) -> list[str]:
    """Ids of the FAQ's entries (small talk aside) that answered nothing in the period."""
    kb = engine.kb
    used = {e for e, n in stats(db, filters, top=len(kb.entries) + 1).top_entries if n}
    return [e.id for e in kb.entries if not e.smalltalk and e.id not in used]


def most_thumbs_down(
    db: sqlite_utils.Database, filters: Filters, top: int = 10
) -> list[tuple[str, int, int]]:
    """(entry, 👎, answers) for the entries with the most 👎 in the period."""
    where, params = filters.where()
    cursor = db.execute(
        f"SELECT entry_id, sum(feedback = -1) d, count(*) FROM {QUESTIONS} "
        f"WHERE {where} AND outcome = 'answered' AND entry_id IS NOT NULL "
        "GROUP BY entry_id HAVING d > 0 ORDER BY d DESC, entry_id LIMIT ?",
        [*params, top],
    )
    return [(str(e), int(d), int(n)) for e, d, n in cursor]


def misrouted(engine: Engine, batch: int = 256) -> list[Misrouted]:
    """Phrasings whose best match is now another entry (answered, suggested or declined).

    Phrasings are matched in batches (one encoder call each), language by language."""
    found = []
    for lang in LANGS:
        items = [
            (entry.id, phrasing)
            for entry in engine.kb.entries
            for phrasing in entry.questions.get(lang, ())
        ]
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            matches = engine.matcher.match_many([p for _, p in chunk], lang)
            for (entry_id, phrasing), match in zip(chunk, matches, strict=True):
                best = match.best
                if best is not None and best.entry_id == entry_id:
                    continue
                found.append(
                    Misrouted(
                        entry_id,
                        lang,
                        phrasing,
                        best.entry_id if best else None,
                        match.decision,
                        best.score if best else 0.0,
                    )
                )
    return found
