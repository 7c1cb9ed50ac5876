"""The question log: one SQLite row per question, through sqlite-utils, in WAL mode.

Schema (table ``questions``):

==============  =======  ==============================================================
column          type     meaning
==============  =======  ==============================================================
id              integer  primary key
ts              text     when the question was asked, UTC, ISO 8601 (``2026-11-28T15:04:05Z``)
channel         text     ``telegram``, ``api``, ``cli``...
user            text     pseudonymous user id: keyed HMAC-SHA256 of the platform id (never the id)
lang            text     reply language, ``fr`` or ``en``
question        text     the question, after redaction of personal data (null for a moment:
                         the text is redacted and written once the reply is on its way)
entry_id        text     the matched entry (the closest one when unanswered), or null
score           real     the matcher's score for that entry
confidence      real     the decision model's margin (answered above -0.2; low values: unsure)
outcome         text     ``answered``, ``suggested``, ``unanswered`` or ``smalltalk``
kb_version      text     version of the knowledge base that answered
feedback        integer  1 (👍), -1 (👎) or null
via             text     ``text`` (typed) or ``button`` (a suggestion or topic clicked)
update_id       integer  the Telegram update that carried it (null elsewhere)
delivery        text     null, or ``failed`` when the reply could not be delivered
counted         integer  1 when the question counts in the answer rate (bot.counting), else 0
context         integer  1 when the question was read with the conversation's context
==============  =======  ==============================================================

Table ``prefs`` (user, lang, ts): a user's /lang choice. Table ``updates`` (update_id, ts):
Telegram updates already handled, so that a redelivered update is not answered twice.
Table ``review`` (key, status, entry_id, ts): staff decisions on groups of questions.
Table ``deliveries``: the replies of Telegram updates being handled (see bot.delivery).
Table ``contexts`` (conversation, user, entry_id, question, lang, ts): each conversation's
last answer or suggestion, for follow-up questions (an empty entry_id: a question declined with nothing
answered before it); read for 15 minutes, erased with the user's questions.
Tables ``matrix_answers`` and ``matrix_choices``: the Matrix channel's rateable answers and
numbered choices (see bot.matrix), erased with the user's questions.
Views ``unanswered`` and ``daily_stats`` for Datasette and sqlite-utils users.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.counting import counted
from bot.redact import redact
from bot.redaction_queue import RedactionQueue
from bot.review import key_of, reason
from bot.settings import SettingsError

log = logging.getLogger(__name__)

QUESTIONS = "questions"
COLUMNS: dict[str, type] = {
    "id": int,
    "ts": str,
    "channel": str,
    "user": str,
    "lang": str,
    "question": str,
    "entry_id": str,
    "score": float,
    "confidence": float,
    "outcome": str,
    "kb_version": str,
    "feedback": int,
    "via": str,
    "update_id": int,
    "delivery": str,
    "counted": int,
    "context": int,
}
MAX_PENDING = 10_000  # rows kept in memory while the database cannot be written
PREFS = "prefs"
UPDATES = "updates"
REVIEW = "review"
CONTEXTS = "contexts"
DELIVERIES = "deliveries"
# The Matrix channel's (bot/matrix.py): answers a person can rate, a room's numbered choices
MATRIX_ANSWERS = "matrix_answers"
MATRIX_CHOICES = "matrix_choices"
MIN_KEY_BYTES = 32  # a pseudonym key shorter than this can be guessed


@dataclass(frozen=True)
class Erasable:
    """A table holding data about a person: ``user`` names its pseudonym column, ``ts``
    its time column (UTC, ISO 8601)."""

    table: str
    user: str = "user"
    ts: str = "ts"


# Every table holding a user's data or text derived from their questions. /forget and
# the retention purge reach each of them; a new such table is one more line here.
# (Review decisions are keyed by question words: they are pruned with the questions.)
ERASABLE = [
    Erasable(QUESTIONS),
    Erasable(PREFS),
    Erasable(CONTEXTS),
    Erasable(DELIVERIES),
    Erasable(MATRIX_ANSWERS),
    Erasable(MATRIX_CHOICES),
]
VIEWS = {
    "unanswered": f"""
        SELECT id, ts, channel, lang, question, entry_id AS closest_entry, score, confidence,
               counted
        FROM {QUESTIONS} WHERE outcome = 'unanswered'
    """,
    "daily_stats": f"""
        SELECT substr(ts, 1, 10) AS day,
               count(*) AS questions,
               sum(outcome = 'answered') AS answered,
               sum(outcome = 'suggested') AS suggested,
               sum(outcome = 'unanswered') AS unanswered,
               sum(outcome = 'smalltalk') AS smalltalk,
               sum(feedback = 1) AS thumbs_up,
               sum(feedback = -1) AS thumbs_down,
               sum(counted) AS counted,
               sum(counted AND outcome = 'answered') AS counted_answered
        FROM {QUESTIONS} GROUP BY day ORDER BY day
    """,
}
MAX_STORED_CHARS = 4096  # longer questions are cut before storage


def utcnow() -> dt.datetime:
    """Now, in UTC."""
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """``2026-11-28T15:04:05Z``: sortable, and what the log stores."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Pseudonymizer:
    """Keyed HMAC of platform user ids: stable per user, not reversible without the key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, channel: str, platform_id: str | int) -> str:
        """The pseudonym of ``platform_id`` on ``channel``, 32 hex characters."""
        message = f"{channel}:{platform_id}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]

    @classmethod
    def from_setting(cls, key: str | None, key_file: Path) -> Pseudonymizer:
        """Use ``key`` (``FAQBOT_PSEUDONYM_KEY``) or the key file, created on first run.

        A key under 32 bytes (empty, blank, short) raises SettingsError naming its source:
        anyone could compute an HMAC with a guessable key.
        """
        if key is not None:
            return cls(check_key(key, "FAQBOT_PSEUDONYM_KEY"))
        if key_file.exists():
            return cls(check_key(key_file.read_text(errors="replace"), str(key_file)))
        key_file.parent.mkdir(parents=True, exist_ok=True)
        generated = secrets.token_hex(32)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(generated + "\n")
        return cls(generated.encode())


def check_key(key: str, source: str) -> bytes:
    """``key`` (surrounding blanks dropped) as bytes; SettingsError naming ``source`` if it
    is under 32 bytes."""
    value = key.strip().encode()
    if len(value) < MIN_KEY_BYTES:
        what = "empty" if not value else f"{len(value)} bytes"
        raise SettingsError(
            f"{source}: the pseudonym key is {what}; it needs at least {MIN_KEY_BYTES} bytes "
            "(e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        )
    return value


def create_private(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only (0600), if it does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def private_opener(path: str, flags: int) -> int:
    """``open(..., opener=private_opener)``: a file created readable by its owner only."""
    return os.open(path, flags, 0o600)


class QuestionLog:
    """The question log in one SQLite file.

    :meth:`log` never fails: when the database is locked by another process or its disk is
    full, rows wait in a bounded buffer and are written as soon as it works again; what
    overflows the buffer is counted and reported in the process log.
    """

    def __init__(self, path: Path | str, timeout: float = 5.0) -> None:
        if str(path) != ":memory:":
            create_private(Path(path))  # SQLite gives its -wal and -shm files the same mode
        self.pending: deque[dict[str, Any]] = deque()
        self.dropped = 0
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=timeout)
        self.db = sqlite_utils.Database(conn)
        if str(path) != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages (erasure).
        self.db.execute("PRAGMA secure_delete=ON")
        # Question texts are redacted off the reply path (see bot.redaction_queue).
        self.redaction = RedactionQueue(self.db, MAX_STORED_CHARS)
        self._migrate()

    def _migrate(self) -> None:
        table = self.db.table(QUESTIONS)
        if not table.exists():
            table.create(COLUMNS, pk="id", not_null={"ts", "channel", "outcome"})
        else:
            missing = [name for name in COLUMNS if name not in table.columns_dict]
            for name in missing:
                table.add_column(name, COLUMNS[name])
            if "counted" in missing:
                self._fill_counted()
        table.create_index(["ts"], if_not_exists=True)
        table.create_index(["outcome"], if_not_exists=True)
        table.create_index(["user"], if_not_exists=True)
        table.create_index(["update_id"], if_not_exists=True)
        self.db.table(PREFS).create(
            {"user": str, "lang": str, "ts": str}, pk="user", if_not_exists=True
        )
        self.db.table(UPDATES).create(
            {"update_id": int, "ts": str}, pk="update_id", if_not_exists=True
        )
        self.db.table(UPDATES).create_index(["ts"], if_not_exists=True)
        self.db.table(REVIEW).create(
            {"key": str, "status": str, "entry_id": str, "ts": str}, pk="key", if_not_exists=True
        )
        self.db.table(DELIVERIES).create(
            {
                "update_id": int,
                "seq": int,
                "user": str,
                "endpoint": str,
                "payload": str,
                "status": str,
                "result": str,
                "ts": str,
            },
            pk=("update_id", "seq"),
            if_not_exists=True,
        )
        self.db.table(MATRIX_ANSWERS).create(
            {"event_id": str, "user": str, "row_id": int, "ts": str},
            pk="event_id",
            if_not_exists=True,
        )
        self.db.table(MATRIX_CHOICES).create(
            {"conversation": str, "user": str, "actions": str, "ts": str},
            pk="conversation",
            if_not_exists=True,
        )
        for name in (MATRIX_ANSWERS, MATRIX_CHOICES):
            self.db.table(name).create_index(["user"], if_not_exists=True)
        self.db.table(CONTEXTS).create(
            {
                "conversation": str,
                "user": str,
                "entry_id": str,
                "question": str,
                "lang": str,
                "ts": str,
            },
            pk="conversation",
            if_not_exists=True,
        )
        self.db.table(CONTEXTS).create_index(["user"], if_not_exists=True)
        for name, sql in VIEWS.items():
            self.db.create_view(name, sql, replace=True)

    def _fill_counted(self) -> None:
        """Rows logged before the ``counted`` column existed get it, by the same rule."""

        def rule(channel: str, via: str | None, outcome: str, question: str | None) -> int:
            return int(counted(channel=channel, via=via, outcome=outcome, question=question or ""))

        self.db.conn.create_function("faqbot_counted", 4, rule, deterministic=True)
        with self.db.conn:
            self.db.execute(
                f"UPDATE {QUESTIONS} SET counted = faqbot_counted(channel, via, outcome, question)"
                " WHERE counted IS NULL"
            )

    def log(
        self,
        *,
        channel: str,
        user: str | None,
        lang: str,
        question: str,
        outcome: str,
        entry_id: str | None = None,
        score: float | None = None,
        confidence: float | None = None,
        kb_version: str | None = None,
        via: str = "text",
        update_id: int | None = None,
        at: dt.datetime | None = None,
        context: bool = False,
    ) -> int | None:
        """Store one question and return its row id, or None if the database cannot be written
        now (the row then waits in memory, redacted). The text is redacted here, whatever the
        caller did, and written a moment later, off the reply path (bot.redaction_queue).

        An update handled again after a crash gets the rows of its first run back (one per
        question of the message: same entry and outcome), not new ones.
        """
        question = question.encode("utf-8", "replace").decode("utf-8")  # lone surrogates
        row: dict[str, Any] = {
            "ts": iso(at or utcnow()),
            "channel": channel,
            "user": user,
            "lang": lang,
            "question": None,
            "entry_id": entry_id,
            "score": score,
            "confidence": confidence,
            "outcome": outcome,
            "kb_version": kb_version,
            "via": via,
            "update_id": update_id,
            "counted": int(counted(channel=channel, via=via, outcome=outcome, question=question)),
            "context": int(context),
        }
        try:
            self.flush()
            if update_id is not None:  # handled again after a crash: its row is there
                found = self.db.execute(
                    f"SELECT id FROM {QUESTIONS} WHERE update_id = ? AND via = ?"
                    " AND coalesce(entry_id, '') = ? AND outcome = ?",
                    [update_id, via, entry_id or "", outcome],
                ).fetchone()
                if found:
                    return int(found[0])
            with self.db.conn:
                table = self.db.table(QUESTIONS)
                table.insert(row)
                row_id = table.last_rowid
        except sqlite3.Error as e:
            row["question"] = redact(question[:MAX_STORED_CHARS])
            self._keep(row, e)
            return None
        self.redaction.add(QUESTIONS, "id", row_id, question)
        return row_id

    def _keep(self, row: dict[str, Any], error: sqlite3.Error) -> None:
        if len(self.pending) >= MAX_PENDING:
            self.pending.popleft()
            self.dropped += 1
            if self.dropped == 1 or self.dropped % 1000 == 0:
                log.error("question log buffer full: %d row(s) dropped so far", self.dropped)
        elif not self.pending:
            log.error("question log cannot be written (%s): keeping rows in memory", error)
        self.pending.append(row)

    def flush(self) -> int:
        """Write the rows kept while the database was unavailable; return how many."""
        if not self.pending:
            return 0
        rows = list(self.pending)
        with self.db.conn:
            self.db.table(QUESTIONS).insert_all(rows)
        self.pending.clear()
        log.warning("question log available again: %d buffered row(s) written", len(rows))
        return len(rows)

    def mark_undelivered(self, row_id: int) -> None:
        """Record that the reply to a question could not be delivered."""
        with self.db.conn:
            self.db.execute(f"UPDATE {QUESTIONS} SET delivery = 'failed' WHERE id = ?", [row_id])

    def seen_update(self, update_id: int) -> bool:
        """True if a Telegram update was handled to the end (its replies sent or given up)."""
        row = self.db.execute(
            f"SELECT EXISTS (SELECT 1 FROM {UPDATES} WHERE update_id = ?)", [update_id]
        ).fetchone()
        return bool(row[0])

    def set_feedback(self, row_id: int, value: int, user: str | None = None) -> bool:
        """Record 👍 (1) or 👎 (-1) on a row; only its own user may rate it when given."""
        where = "id = ?" + (" AND user = ?" if user is not None else "")
        params: list[Any] = [value, row_id] + ([user] if user is not None else [])
        with self.db.conn:
            cursor = self.db.execute(f"UPDATE {QUESTIONS} SET feedback = ? WHERE {where}", params)
        return cursor.rowcount > 0

    def forget(self, user: str) -> int:
        """Erase everything about ``user`` (every table of ERASABLE, the review decisions
        only their questions had, their rows waiting in memory); return the questions erased."""
        self.redaction.settle()  # texts waiting to be written: their review keys are needed
        self.pending = deque(r for r in self.pending if r["user"] != user)
        keys = self._review_keys(f"SELECT question FROM {QUESTIONS} WHERE user = ?", [user])
        with self.db.conn:
            erased = {
                t.table: self.db.execute(f"DELETE FROM [{t.table}] WHERE [{t.user}] = ?", [user])
                for t in ERASABLE
            }
            self._prune_review(keys)
        self._scrub()
        return erased[QUESTIONS].rowcount

    def set_lang(self, user: str, lang: str) -> None:
        """Remember ``user``'s language choice."""
        with self.db.conn:
            self.db.table(PREFS).upsert(
                {"user": user, "lang": lang, "ts": iso(utcnow())}, pk="user"
            )

    def get_lang(self, user: str) -> str | None:
        """``user``'s language choice, if any."""
        row = self.db.execute(f"SELECT lang FROM {PREFS} WHERE user = ?", [user]).fetchone()
        return str(row[0]) if row else None

    def set_context(
        self,
        conversation: str,
        *,
        user: str | None,
        entry_id: str,
        question: str,
        lang: str,
        at: dt.datetime | None = None,
    ) -> None:
        """Remember a conversation's last answer (the question redacted like the log's, and
        off the reply path too)."""
        row = {
            "conversation": conversation,
            "user": user,
            "entry_id": entry_id,
            "question": None,
            "lang": lang,
            "ts": iso(at or utcnow()),
        }
        with self.db.conn:
            self.db.table(CONTEXTS).upsert(row, pk="conversation")
        self.redaction.add(CONTEXTS, "conversation", conversation, question)

    def get_context(self, conversation: str) -> dict[str, Any] | None:
        """A conversation's last answer, if one is stored. When a follow-up comes before the
        last reply's redaction ran, only that conversation's text is redacted here (the rest
        of the queue stays off the reply path); the queue writes it later, the same."""
        cursor = self.db.execute(
            f"SELECT entry_id, question, lang, ts FROM {CONTEXTS} WHERE conversation = ?",
            [conversation],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        question = row[1]
        waiting = self.redaction.waiting_text(CONTEXTS, conversation)
        if waiting is not None:
            question = redact(waiting[:MAX_STORED_CHARS])
        return {"entry_id": row[0], "question": question, "lang": row[2], "ts": row[3]}

    def clear_context(self, conversation: str) -> None:
        """Forget a conversation's last answer (the user changed language, or asked to)."""
        with self.db.conn:
            self.db.execute(f"DELETE FROM {CONTEXTS} WHERE conversation = ?", [conversation])

    def claim_update(self, update_id: int) -> bool:
        """Record a Telegram update as handled, and forget its delivery state; False if it
        already was."""
        with self.db.conn:
            cursor = self.db.execute(
                f"INSERT OR IGNORE INTO {UPDATES} (update_id, ts) VALUES (?, ?)",
                [update_id, iso(utcnow())],
            )
            self.db.execute(f"DELETE FROM {DELIVERIES} WHERE update_id = ?", [update_id])
        return cursor.rowcount == 1

    def marks(self) -> dict[str, tuple[str, str | None, str]]:
        """Staff decisions on review groups: key -> (status, entry_id, time)."""
        cursor = self.db.execute(f"SELECT key, status, entry_id, ts FROM {REVIEW}")
        return {k: (st, e, ts) for k, st, e, ts in cursor}

    def mark(self, keys: list[str], status: str, entry_id: str | None = None) -> None:
        """Record a decision on every key of a review group."""
        now = iso(utcnow())
        with self.db.conn:
            self.db.table(REVIEW).upsert_all(
                [{"key": k, "status": status, "entry_id": entry_id, "ts": now} for k in keys],
                pk="key",
            )

    def purge(self, before: dt.datetime) -> int:
        """Delete what is older than ``before`` (retention) in every table of ERASABLE, the
        handled update ids, review decisions left without questions, rows waiting in memory;
        return the questions deleted."""
        cutoff = iso(before)
        self.redaction.settle()  # texts waiting to be written: their review keys are needed
        self.pending = deque(r for r in self.pending if r["ts"] >= cutoff)
        keys = self._review_keys(f"SELECT question FROM {QUESTIONS} WHERE ts < ?", [cutoff])
        with self.db.conn:
            erased = {
                t.table: self.db.execute(f"DELETE FROM [{t.table}] WHERE [{t.ts}] < ?", [cutoff])
                for t in ERASABLE
            }
            self.db.execute(f"DELETE FROM {UPDATES} WHERE ts < ?", [cutoff])
            self._prune_review(keys)
        self._scrub()
        return erased[QUESTIONS].rowcount

    def _review_keys(self, sql: str, params: list[Any]) -> set[str]:
        """The review keys (question words) of the questions ``sql`` selects that staff
        have a decision on."""
        marked = {r[0] for r in self.db.execute(f"SELECT key FROM {REVIEW}")}
        if not marked:
            return set()
        return {k for (q,) in self.db.execute(sql, params) if (k := key_of(q or "")) in marked}

    def _prune_review(self, keys: set[str]) -> None:
        """Delete the decisions on ``keys`` that no remaining question needing review has."""
        if not keys:
            return
        kept = set()
        for row in self.db.execute(
            f"SELECT question, outcome, feedback, confidence FROM {QUESTIONS}"
        ):
            question, outcome, feedback, confidence = row
            if (key := key_of(question or "")) in keys and reason(
                {"outcome": outcome, "feedback": feedback, "confidence": confidence}
            ):
                kept.add(key)
        self.db.conn.executemany(f"DELETE FROM {REVIEW} WHERE key = ?", [[k] for k in keys - kept])

    def _scrub(self) -> None:
        """Move the erasure into the database file and empty the write-ahead log, so erased
        text stays in neither (secure_delete has zeroed it in the pages)."""
        try:
            busy = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as e:
            log.warning("write-ahead log not checkpointed after an erasure: %s", e)
            return
        if busy and busy[0]:
            log.warning("write-ahead log not emptied after an erasure: a reader holds it")

    def count(self, **where: Any) -> int:
        """Rows matching ``column=value`` filters (all rows without)."""
        clause = " AND ".join(f"[{k}] = ?" for k in where) or "1"
        row = self.db.execute(
            f"SELECT count(*) FROM {QUESTIONS} WHERE {clause}", list(where.values())
        )
        return int(row.fetchone()[0])

    def rows(self) -> list[dict[str, Any]]:
        """Every row, oldest first (tests and small exports)."""
        return list(self.db.table(QUESTIONS).rows_where(order_by="id"))

    def close(self) -> None:
        """Write the texts still waiting for redaction, then close the connection."""
        try:
            self.redaction.settle()
        except sqlite3.Error as e:
            log.error(
                "%d question text(s) not written at close: %s", len(self.redaction.waiting), e
            )
        self.db.conn.close()
