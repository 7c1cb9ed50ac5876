"""Redaction off the reply path: a row is written at once with its text left empty (NULL),
and its text, redacted, once the reply has been sent.

On the event loop, the Telegram bot calls :meth:`RedactionQueue.after_reply` once an
update is processed (its reply sent); other callers (the HTTP API) are settled by a timer
half a second later, by which time their response is written. The loop's next turn is not
enough: PTB's send suspends before the request is written (tests/test_redaction_queue.py
shows it). Without a running loop (CLI, terminal chat) the text is redacted at once.

The text is never written unredacted: until it is redacted it exists only in this
process's memory. A crash in between leaves the row without its text: nothing personal
reaches the disk, the question's words are lost, the row (outcome, entry, time) is not.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections import deque

import sqlite_utils

from bot.redact import redact

log = logging.getLogger(__name__)

BUDGET_MS = 50.0  # a batch taking longer than this is reported in the process log
FALLBACK_S = 0.5  # texts no one settled after a reply are redacted this much later
RETRY_S = 1.0  # when the database cannot be written, try again this much later
MAX_WAITING = 10_000  # texts kept in memory while the database cannot be written


class RedactionQueue:
    """Texts waiting to be redacted into their row: (table, key column, key, raw text)."""

    def __init__(self, db: sqlite_utils.Database, max_chars: int) -> None:
        self.db = db
        self.max_chars = max_chars
        self.waiting: deque[tuple[str, str, object, str]] = deque()
        self.dropped = 0
        self._scheduled = False

    def add(self, table: str, key_column: str, key: object, text: str) -> None:
        """Redact ``text`` into the ``question`` column of ``table``'s row ``key_column = key``
        after the reply (at once without a running loop)."""
        if len(self.waiting) >= MAX_WAITING:
            self.waiting.popleft()
            self.dropped += 1
            log.error("redaction queue full: %d question text(s) dropped", self.dropped)
        self.waiting.append((table, key_column, key, text))
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._settle_logged()
            return
        if not self._scheduled:
            self._scheduled = True
            loop.call_later(FALLBACK_S, self._settle_later)

    def waiting_text(self, table: str, key: object) -> str | None:
        """The latest text still waiting for ``table``'s row ``key`` (unredacted), if any."""
        for waiting_table, _, waiting_key, text in reversed(self.waiting):
            if waiting_table == table and waiting_key == key:
                return text
        return None

    def after_reply(self) -> None:
        """The reply has been sent: redact and write what waits (errors logged; retried)."""
        if self.waiting and not self._settle_logged() and not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_later(RETRY_S, self._settle_later)

    def _settle_later(self) -> None:
        self._scheduled = False
        if not self._settle_logged() and self.waiting:
            self._scheduled = True
            asyncio.get_running_loop().call_later(RETRY_S, self._settle_later)

    def _settle_logged(self) -> bool:
        try:
            self.settle()
        except sqlite3.Error as e:
            log.error("question texts not written yet (%s): %d waiting", e, len(self.waiting))
            return False
        return True

    def settle(self) -> int:
        """Redact and write every waiting text, in one transaction; return how many.

        The last text of a key wins (a conversation's context is replaced, not appended).
        Raises sqlite3.Error if the database cannot be written; the texts then keep waiting.
        """
        if not self.waiting:
            return 0
        items = list(self.waiting)
        start = time.perf_counter()
        latest = {(t, c, k): text for t, c, k, text in items}
        updates = [(t, c, k, redact(text[: self.max_chars])) for (t, c, k), text in latest.items()]
        with self.db.conn:
            for table, column, key, redacted in updates:
                self.db.execute(
                    f"UPDATE [{table}] SET question = ? WHERE [{column}] = ? AND question IS NULL",
                    [redacted, key],
                )
        for _ in items:
            self.waiting.popleft()
        ms = (time.perf_counter() - start) * 1000
        if ms > BUDGET_MS:
            log.warning("redaction of %d question(s) took %.1f ms", len(updates), ms)
        return len(items)
