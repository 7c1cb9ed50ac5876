"""A question log filled with known rows, for the staff and analyst command tests (their
``db`` and ``env`` fixtures are in conftest.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.store import QuestionLog

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def fill(db: Path, rows: list[dict[str, object]]) -> QuestionLog:
    """Log ``rows`` (each overrides the defaults below), an hour apart before NOW."""
    log = QuestionLog(db)
    for i, row in enumerate(rows):
        values: dict[str, object] = {
            "channel": "telegram",
            "user": f"user{i % 3}",
            "lang": "fr",
            "question": f"question {i}",
            "outcome": "answered",
            "entry_id": "deadline",
            "score": 1.2,
            "at": NOW - dt.timedelta(hours=i),
            **row,
        }
        log.log(**values)  # type: ignore[arg-type]
    return log
