"""Read side of the question log, for analysts and staff: exports and figures.

Exports stream row by row (constant memory); filters are bound parameters, never SQL text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

import sqlite_utils

from bot.review import LOW_CONFIDENCE, Group, build_groups, printable
from bot.store import QUESTIONS

OUTCOMES = ("answered", "suggested", "unanswered", "smalltalk")
EXPORT_COLUMNS = (
    "id",
    "ts",
    "channel",
    "lang",
    "question",
    "entry_id",
    "score",
    "confidence",
    "outcome",
    "feedback",
    "via",
    "kb_version",
    "counted",
)
AGGREGATE_COLUMNS = ("day", "entry_id", "outcome", "questions", "counted")
MIN_GROUP = 5  # aggregate exports suppress groups smaller than this (re-identification)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Filters:
    """Which rows: ``since`` inclusive, ``until`` exclusive (UTC dates), outcomes."""

    since: dt.date | None = None
    until: dt.date | None = None
    outcomes: tuple[str, ...] = ()

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE clause with its parameters."""
        clauses, params = ["1"], []
        if self.since:
            clauses.append("ts >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append("ts < ?")
            params.append(self.until.isoformat())
        if self.outcomes:
            clauses.append(f"outcome IN ({', '.join('?' * len(self.outcomes))})")
            params += list(self.outcomes)
        return " AND ".join(clauses), params


def neutralise(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (``'`` before ``=+-@``...).

    Spreadsheets skip leading blanks and read full-width signs as ASCII ones, so the check
    is made after NFKC (＝ is =) and after dropping leading spaces, no-break spaces and
    invisible characters (zero-width space, BOM...).
    """
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START) or _formula_start(value).startswith(_FORMULA_START):
        return "'" + value
    return value


def _formula_start(value: str) -> str:
    """``value`` as a spreadsheet would first read it: NFKC, leading blanks and invisible
    characters (categories Z* and C*: spaces, controls, format characters) removed."""
    text = unicodedata.normalize("NFKC", value[:64])
    i = 0
    while i < len(text) and unicodedata.category(text[i])[0] in "ZC":
        i += 1
    return text[i:]


def rows(
    db: sqlite_utils.Database, filters: Filters, with_user: bool = False
) -> Iterator[dict[str, Any]]:
    """The matching rows, oldest first, one at a time."""
    columns = list(EXPORT_COLUMNS) + (["user"] if with_user else [])
    where, params = filters.where()
    sql = (
        f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM {QUESTIONS} WHERE {where} ORDER BY id"
    )
    cursor = db.execute(sql, params)
    for row in cursor:
        yield dict(zip(columns, row, strict=True))


def aggregate(db: sqlite_utils.Database, filters: Filters) -> Iterator[dict[str, Any]]:
    """Counts per day, entry and outcome; groups under MIN_GROUP questions are left out."""
    where, params = filters.where()
    sql = f"""
        SELECT substr(ts, 1, 10) AS day, entry_id, outcome, count(*) AS questions,
               sum(counted) AS counted
        FROM {QUESTIONS} WHERE {where}
        GROUP BY day, entry_id, outcome HAVING count(*) >= ? ORDER BY day, questions DESC
    """
    cursor = db.execute(sql, [*params, MIN_GROUP])
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def columns(*, with_user: bool = False, aggregated: bool = False) -> list[str]:
    """The columns of an export, in order."""
    if aggregated:
        return list(AGGREGATE_COLUMNS)
    return list(EXPORT_COLUMNS) + (["user"] if with_user else [])


def excel_cell(value: Any) -> Any:
    """A value as French Excel reads it: decimals with a comma (``0,8123``), not a dot."""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def write(
    records: Iterator[dict[str, Any]],
    out: IO[str],
    fmt: str,
    *,
    excel: bool = False,
    fieldnames: Sequence[str] | None = None,
) -> int:
    """Write ``records`` as csv, json or ndjson; return how many were written.

    With ``fieldnames``, a CSV export with no rows still has its header line.
    """
    count = 0
    if fmt == "csv":
        if excel:
            out.write("\ufeff")  # French Excel needs the BOM to read UTF-8, and ';'
        writer: Any = None

        def start(names: Sequence[str]) -> Any:
            w = csv.DictWriter(out, fieldnames=list(names), delimiter=";" if excel else ",")
            w.writeheader()
            return w

        if fieldnames is not None:
            writer = start(fieldnames)
        for record in records:
            if writer is None:
                writer = start(list(record))
            cells = {k: neutralise(v) for k, v in record.items()}
            writer.writerow({k: excel_cell(v) for k, v in cells.items()} if excel else cells)
            count += 1
    elif fmt == "ndjson":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "json":
        out.write("[")
        for record in records:
            out.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
            count += 1
        out.write("\n]\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return count


@dataclass
class Stats:
    """Figures of the question log over a period (what counts: :mod:`bot.counting`)."""

    questions: int = 0
    counted: int = 0  # questions that count in the answer rate
    counted_answered: int = 0  # of which answered
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_lang: dict[str, int] = field(default_factory=dict)
    # day, questions, counted, counted and answered
    by_day: list[tuple[str, int, int, int]] = field(default_factory=list)
    top_entries: list[tuple[str, int]] = field(default_factory=list)
    thumbs_up: int = 0
    thumbs_down: int = 0

    @property
    def answer_rate(self) -> float | None:
        """Answered among counted questions; None when no question counts."""
        return self.counted_answered / self.counted if self.counted else None

    @property
    def feedback_ratio(self) -> float | None:
        """Share of 👍 among the answers that got feedback."""
        total = self.thumbs_up + self.thumbs_down
        return self.thumbs_up / total if total else None


def stats(db: sqlite_utils.Database, filters: Filters, top: int = 10) -> Stats:
    """Compute :class:`Stats` for the rows matching ``filters``."""
    where, params = filters.where()

    def query(sql: str) -> list[tuple[Any, ...]]:
        return list(db.execute(sql.format(table=QUESTIONS, where=where), params))

    result = Stats()
    result.by_outcome = dict(
        query("SELECT outcome, count(*) FROM {table} WHERE {where} GROUP BY outcome")
    )
    result.questions = sum(result.by_outcome.values())
    [(counted, counted_answered)] = query(
        "SELECT sum(counted), sum(counted AND outcome = 'answered') FROM {table} WHERE {where}"
    )
    result.counted, result.counted_answered = int(counted or 0), int(counted_answered or 0)
    result.by_lang = dict(query("SELECT lang, count(*) FROM {table} WHERE {where} GROUP BY lang"))
    result.by_day = [
        (str(d), int(n), int(c or 0), int(a or 0))
        for d, n, c, a in query(
            "SELECT substr(ts, 1, 10) d, count(*), sum(counted),"
            " sum(counted AND outcome = 'answered') "
            "FROM {table} WHERE {where} GROUP BY d ORDER BY d"
        )
    ]
    result.top_entries = [
        (str(e), int(n))
        for e, n in query(
            "SELECT entry_id, count(*) n FROM {table} WHERE {where} AND outcome = 'answered' "
            f"GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT {int(top)}"
        )
    ]
    [(up, down)] = query("SELECT sum(feedback = 1), sum(feedback = -1) FROM {table} WHERE {where}")
    result.thumbs_up, result.thumbs_down = int(up or 0), int(down or 0)
    return result


def format_stats(s: Stats, groups: Sequence[Group] = ()) -> str:
    """The figures as text for a terminal or a Telegram message (no HTML)."""
    if not s.questions:
        return "Questions: 0\nAnswer rate: no questions in this period"
    rate = s.answer_rate
    lines = [
        f"Questions: {s.questions} ({s.counted} counted in the answer rate)",
        (
            f"Answer rate: {rate:.0%} ({s.counted_answered} answered of {s.counted} counted: "
            "typed, not small talk, not staff tests, not empty)"
            if rate is not None
            else "Answer rate: no counted questions in this period (only tests, clicks, "
            "small talk or empty messages)"
        ),
        "Outcomes: " + ", ".join(f"{o} {s.by_outcome.get(o, 0)}" for o in OUTCOMES),
        "Languages: " + (", ".join(f"{k} {v}" for k, v in sorted(s.by_lang.items())) or "-"),
    ]
    ratio = s.feedback_ratio
    lines.append(
        f"Feedback: {s.thumbs_up} 👍 / {s.thumbs_down} 👎"
        + (f" ({ratio:.0%} positive)" if ratio is not None else "")
    )
    if s.top_entries:
        lines.append("Top entries: " + ", ".join(f"{e} ({n})" for e, n in s.top_entries))
    if groups:
        lines.append("Top unanswered:")
        lines += [f"  {g.count:>4} × {printable(g.example)}" for g in groups]
    if s.by_day:
        lines.append("Per day (questions / counted / answered of counted):")
        lines += [f"  {d}  {n:>5} / {c} / {a}" for d, n, c, a in s.by_day[-14:]]
    return "\n".join(lines)


def top_unanswered(
    db: sqlite_utils.Database,
    marks: Mapping[str, tuple[str, str | None, str]],
    filters: Filters | None = None,
    limit: int = 10,
) -> list[Group]:
    """The most frequent declined questions that count (the ``unanswered`` view, counted
    rows), near-duplicates grouped; groups staff already handled are left out."""
    where, params = (filters or Filters()).where()
    sql = f"""
        SELECT ts, lang, question, entry_id, score, confidence, outcome, feedback, via
        FROM {QUESTIONS} WHERE {where} AND outcome = 'unanswered' AND counted = 1
    """
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    groups = build_groups((dict(zip(names, r, strict=True)) for r in cursor), marks)
    return [g for g in groups if g.status == "new"][:limit]


def review_groups(
    db: sqlite_utils.Database,
    marks: Mapping[str, tuple[str, str | None, str]],
    filters: Filters | None = None,
    status: str | None = None,
) -> list[Group]:
    """The review queue: unanswered, suggested, low-confidence and 👎 questions, grouped;
    only the groups of ``status`` when given."""
    where, params = (filters or Filters()).where()
    sql = f"""
        SELECT ts, lang, question, entry_id, score, confidence, outcome, feedback, via
        FROM {QUESTIONS} WHERE {where} AND via IS NOT 'button' AND (
            outcome IN ('unanswered', 'suggested') OR feedback = -1
            OR (outcome = 'answered' AND confidence < ?))
    """
    cursor = db.execute(sql, [*params, LOW_CONFIDENCE])
    names = [d[0] for d in cursor.description]
    groups = build_groups((dict(zip(names, r, strict=True)) for r in cursor), marks)
    return [g for g in groups if status is None or g.status == status]
