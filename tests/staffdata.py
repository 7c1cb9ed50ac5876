"""A question log with known content for the staff console's tests, and a draft FAQ."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from bot.settings import Settings
from bot.store import QuestionLog

ROOT = Path(__file__).resolve().parent.parent
FAQ_DIR = ROOT / "faq"
STAFF_TODAY = dt.date(2026, 11, 30)
PASSWORD = "correct horse battery staple"
TEST_KEY = "staff-console-tests-pseudonym-key-0123456789"  # 32 bytes at least
SECRET_QUESTION = "xyzzy plugh frobnicate"  # unanswered in the log; a draft FAQ answers it
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)

# (days ago, channel, lang, question, outcome, entry, confidence, feedback, via); via
# "context": a typed follow-up read with its conversation's context
ROWS = [
    (1, "telegram", "fr", "Quelle est la date limite ?", "answered", "deadline", 2.0, 1, "text"),
    (1, "telegram", "fr", "Quelle est la date limite ?", "answered", "deadline", 2.0, None, "text"),
    (2, "api", "en", "who can apply", "answered", "eligibility", 1.5, -1, "text"),
    (
        3,
        "telegram",
        "fr",
        "combien coute le bac a sable",
        "unanswered",
        "contact",
        -3.0,
        None,
        "text",
    ),
    (
        4,
        "telegram",
        "fr",
        "combien ça coûte le bac à sable",
        "unanswered",
        "contact",
        -3.0,
        None,
        "text",
    ),
    (5, "cli", "en", SECRET_QUESTION, "unanswered", None, -4.0, None, "text"),
    (5, "telegram", "fr", "bonjour", "smalltalk", "hello", 1.0, None, "text"),
    (
        6,
        "telegram",
        "en",
        "can I get money from the sandbox",
        "suggested",
        "support-content",
        -1.0,
        None,
        "text",
    ),
    (7, "telegram", "fr", "Qui peut candidater ?", "answered", "eligibility", 1.2, None, "button"),
    (45, "telegram", "fr", "vieille question hors période", "unanswered", None, -4.0, None, "text"),
    (2, "telegram", "en", "who built it?", "answered", "project-albert", 1.0, None, "context"),
]


def staff_settings(tmp_path: Path) -> Settings:
    """Settings of a test server: the real FAQ, a fresh database, a fixed day."""
    return Settings(
        faq_dir=FAQ_DIR,
        db_path=tmp_path / "staff.db",
        today=STAFF_TODAY,
        pseudonym_key=TEST_KEY,
    )


def seed(log: QuestionLog) -> None:
    """Write ROWS into the question log."""
    for days, channel, lang, question, outcome, entry, confidence, feedback, via in ROWS:
        row = log.log(
            channel=channel,
            user="someone",
            lang=lang,
            question=question,
            outcome=outcome,
            entry_id=entry,
            score=0.9,
            confidence=confidence,
            kb_version="v1",
            via="text" if via == "context" else via,
            at=NOW - dt.timedelta(days=days),
            context=via == "context",
        )
        if feedback and row:
            log.set_feedback(row, feedback)


def draft_faq(tmp_path: Path) -> Path:
    """A copy of the real FAQ where the entry ``deadline`` also has SECRET_QUESTION."""
    draft = tmp_path / "faq-draft"
    shutil.copytree(FAQ_DIR, draft)
    calendar = draft / "calendar.yaml"
    text = calendar.read_text(encoding="utf-8")
    anchor = "      fr:\n        - Quelle est la date limite ?\n"
    assert anchor in text
    calendar.write_text(
        text.replace(anchor, anchor + f"        - {SECRET_QUESTION}\n", 1), encoding="utf-8"
    )
    return draft
