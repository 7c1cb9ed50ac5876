"""Embeddings kept on disk, so that a start does not re-embed the FAQ's 2,000+ phrasings.

One small SQLite file, one row per (encoder version, text): a 512-float32 blob. It is a
cache and nothing else: deleting it is safe (the next start rebuilds it), a broken or
unwritable file only costs time (the encoder computes what is missing), and a FAQ edit
adds only the rows of the new phrasings. Rows of other encoder versions are dropped when
the file is opened.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from bot.matcher import Vector

log = logging.getLogger(__name__)

DIM = 512
_CHUNK = 500  # texts per SELECT (SQLite's default limit on bound parameters is 999+)


class EmbeddingCache:
    """Text -> embedding, for one encoder version, in a SQLite file at ``path``."""

    def __init__(self, path: Path, model: str) -> None:
        self.path = path
        self.model = model
        self._conn: sqlite3.Connection | None = None
        try:
            self._conn = self._open()
        except (sqlite3.Error, OSError) as e:
            # A file that is not a database (truncated, overwritten): it is only a cache.
            log.warning("embedding cache %s unusable (%s): recreating it", path, e)
            try:
                path.unlink(missing_ok=True)
                self._conn = self._open()
            except (sqlite3.Error, OSError) as e2:
                log.warning("embedding cache disabled (%s)", e2)
                self._conn = None

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=0.5, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS embeddings"
                " (model TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL)"
            )
            conn.execute(
                "CREATE UNIQUE INDEX IF NOT EXISTS embeddings_key ON embeddings (model, text)"
            )
            conn.execute(
                "CREATE TABLE IF NOT EXISTS blobs (model TEXT NOT NULL, name TEXT NOT NULL,"
                " data BLOB NOT NULL, PRIMARY KEY (model, name))"
            )
            with conn:
                conn.execute("DELETE FROM embeddings WHERE model != ?", [self.model])
                conn.execute("DELETE FROM blobs WHERE model != ?", [self.model])
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    @property
    def enabled(self) -> bool:
        """False when the file could not be opened (everything is then computed)."""
        return self._conn is not None

    def get(self, texts: Iterable[str]) -> dict[str, Vector]:
        """The stored embeddings among ``texts`` (missing texts are left out)."""
        if self._conn is None:
            return {}
        wanted = list(dict.fromkeys(texts))
        found: dict[str, Vector] = {}
        try:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                cursor = self._conn.execute(
                    "SELECT text, vector FROM embeddings WHERE model = ? AND text IN"
                    f" ({', '.join('?' * len(chunk))})",
                    [self.model, *chunk],
                )
                for text, blob in cursor:
                    if isinstance(blob, bytes) and len(blob) == DIM * 4:
                        found[text] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error as e:
            log.warning("embedding cache %s unreadable (%s): computing instead", self.path, e)
            return {}
        return found

    def put(self, vectors: Mapping[str, Vector]) -> None:
        """Store embeddings; a failure (disk full, read-only, locked) is logged and ignored."""
        if self._conn is None or not vectors:
            return
        rows = [
            (self.model, text, np.asarray(v, dtype=np.float32).tobytes())
            for text, v in vectors.items()
        ]
        try:
            with self._conn:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO embeddings (model, text, vector) VALUES (?, ?, ?)",
                    rows,
                )
        except sqlite3.Error as e:
            log.warning("embedding cache %s not written (%s)", self.path, e)

    def get_blobs(self, prefix: str) -> dict[str, bytes]:
        """Named binary parts stored for this encoder version (e.g. its tokenizer's tables)."""
        if self._conn is None:
            return {}
        try:
            cursor = self._conn.execute(
                "SELECT name, data FROM blobs WHERE model = ? AND substr(name, 1, ?) = ?",
                [self.model, len(prefix), prefix],
            )
            return {str(name): bytes(data) for name, data in cursor}
        except sqlite3.Error as e:
            log.warning("embedding cache %s unreadable (%s)", self.path, e)
            return {}

    def put_blobs(self, blobs: Mapping[str, bytes]) -> None:
        """Store named binary parts; a failure is logged and ignored."""
        if self._conn is None:
            return
        try:
            with self._conn:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO blobs (model, name, data) VALUES (?, ?, ?)",
                    [(self.model, name, data) for name, data in blobs.items()],
                )
        except sqlite3.Error as e:
            log.warning("embedding cache %s not written (%s)", self.path, e)

    def __len__(self) -> int:
        if self._conn is None:
            return 0
        try:
            row = self._conn.execute(
                "SELECT count(*) FROM embeddings WHERE model = ?", [self.model]
            ).fetchone()
        except sqlite3.Error:
            return 0
        return int(row[0])

    def close(self) -> None:
        """Close the file."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
