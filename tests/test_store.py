"""The question log: a real SQLite file, pseudonymous users, redacted text, erasure."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from bot.store import Pseudonymizer, QuestionLog


def test_log_row_is_redacted_and_pseudonymous(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "log.db"
    log = QuestionLog(db)
    pseudo = Pseudonymizer(b"k")
    row = log.log(
        channel="telegram",
        user=pseudo("telegram", 123456789),
        lang="fr",
        question="je suis jean@x.fr, 06 12 34 56 78, qui peut candidater ?",
        outcome="answered",
        entry_id="who-can-apply",
        score=0.9,
        kb_version="abc",
    )
    log.close()
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        stored = dict(conn.execute("SELECT * FROM questions WHERE id = ?", [row]).fetchone())
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(questions)")}
    assert stored["question"] == "je suis [email], [phone], qui peut candidater ?"
    assert stored["user"] != "123456789" and len(stored["user"]) == 32
    assert "123456789" not in db.read_bytes().decode("latin-1")
    assert stored["ts"].endswith("Z") and stored["outcome"] == "answered"
    assert {"idx_questions_ts", "idx_questions_outcome"} <= indexes


def test_pseudonyms_are_stable_keyed_and_per_channel() -> None:
    a, b = Pseudonymizer(b"one"), Pseudonymizer(b"two")
    assert a("telegram", 1) == a("telegram", 1)
    assert a("telegram", 1) != a("telegram", 2)
    assert a("telegram", 1) != b("telegram", 1)
    assert a("telegram", 1) != a("api", 1)


def test_key_file_is_generated_once_and_private(tmp_path: Path) -> None:
    key_file = tmp_path / "data" / "pseudonym.key"
    first = Pseudonymizer.from_setting(None, key_file)("telegram", 42)
    again = Pseudonymizer.from_setting(None, key_file)("telegram", 42)
    assert first == again
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert Pseudonymizer.from_setting("explicit-" * 5, key_file)("telegram", 42) != first


def test_feedback_and_forget(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "log.db")
    rows = [
        log.log(channel="telegram", user=u, lang="en", question="q", outcome="answered")
        for u in ("alice", "alice", "bob")
    ]
    assert log.set_feedback(rows[0], -1, user="alice")
    assert not log.set_feedback(rows[0], 1, user="bob")  # not bob's question
    assert log.count(feedback=-1) == 1
    assert log.forget("alice") == 2
    assert log.forget("alice") == 0
    assert [r["user"] for r in log.rows()] == ["bob"]


def test_reopening_keeps_rows_and_adds_new_columns(tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TABLE questions (id INTEGER PRIMARY KEY, ts TEXT, channel TEXT, outcome TEXT)"
        )
        conn.execute("INSERT INTO questions (ts, channel, outcome) VALUES ('t', 'cli', 'answered')")
    log = QuestionLog(db)
    assert log.count() == 1
    assert "feedback" in log.db.table("questions").columns_dict
