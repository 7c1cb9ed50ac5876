"""Erasure and retention reach everything: every table, the review decisions, the rows
waiting in memory, the bytes of the files; files are private; pseudonym keys are strong."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.review import key_of
from bot.settings import Settings, SettingsError
from bot.store import ERASABLE, Pseudonymizer, QuestionLog

SECRET = "Zanzibarquette Obrowolski"  # a name that appears nowhere else
KEY = "k" * 32


def ask(log: QuestionLog, user: str, question: str, **extra: object) -> int | None:
    return log.log(
        channel="telegram", user=user, lang="fr", question=question, outcome="unanswered", **extra
    )  # type: ignore[arg-type]


def lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    return other


def file_bytes(db: Path) -> bytes:
    """The database and its write-ahead log, as they are on disk."""
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())


def test_forget_erases_the_review_decisions_only_their_questions_had(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "log.db")
    # A name the redaction does not recognise stays in the stored text, hence in review keys.
    ask(log, "alice", f"{SECRET} comment candidater ?")
    ask(log, "bob", "combien coute le bac a sable")
    ask(log, "alice", "combien coute le bac a sable")
    log.redaction.settle()
    log.mark([key_of(f"{SECRET} comment candidater ?")], "dismissed")
    log.mark([key_of("combien coute le bac a sable")], "new")
    assert log.forget("alice") == 2
    keys = list(log.marks())
    assert keys == [key_of("combien coute le bac a sable")]  # bob still asks it
    assert not any("zanzibar" in k for k in keys)


def test_purge_erases_review_decisions_left_without_questions(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "log.db")
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    ask(log, "alice", f"{SECRET} habite rue des Lilas", at=old)
    ask(log, "bob", "qui peut candidater ?")
    log.mark([key_of(f"{SECRET} habite rue des Lilas")], "dismissed")
    assert log.purge(dt.datetime(2021, 1, 1, tzinfo=dt.UTC)) == 1
    assert log.marks() == {} and log.count() == 1


def test_every_erasable_table_is_reached(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "log.db")
    for table in ERASABLE:
        columns = log.db.table(table.table).columns_dict
        assert table.user in columns and table.ts in columns, table
    ask(log, "alice", "q")
    log.set_lang("alice", "en")
    with log.db.conn:
        log.db.execute(
            "INSERT INTO deliveries (update_id, seq, user, payload, status, ts) "
            "VALUES (1, 0, 'alice', '{}', 'pending', '2026-01-01T00:00:00Z')"
        )
    log.forget("alice")
    for table in ERASABLE:
        assert log.db.execute(f"SELECT count(*) FROM [{table.table}]").fetchone()[0] == 0


def test_rows_waiting_in_memory_are_not_written_after_forget(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    log = QuestionLog(path, timeout=0.05)
    other = lock(path)
    ask(log, "alice", f"{SECRET} question")
    ask(log, "bob", "who can apply?")
    assert len(log.pending) == 2
    other.execute("ROLLBACK")
    other.close()
    log.forget("alice")
    ask(log, "bob", "deadline?")
    assert [r["user"] for r in log.rows()] == ["bob", "bob"]
    assert SECRET.encode() not in file_bytes(path)


def test_rows_waiting_in_memory_are_not_written_after_purge(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    log = QuestionLog(path, timeout=0.05)
    other = lock(path)
    ask(log, "alice", "old question", at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    other.execute("ROLLBACK")
    other.close()
    log.purge(dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
    ask(log, "bob", "new question")
    assert [r["question"] for r in log.rows()] == ["new question"]


@pytest.mark.parametrize("how", ["forget", "purge"])
def test_erased_text_is_in_neither_the_database_nor_its_wal(tmp_path: Path, how: str) -> None:
    path = tmp_path / "log.db"
    log = QuestionLog(path)
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    for i in range(20):
        ask(log, "alice", f"{SECRET} {i} rue des Lilas", at=old)
        ask(log, "bob", f"question {i} about the sandbox")
    log.mark([key_of(f"{SECRET} 0 rue des Lilas")], "dismissed")
    assert SECRET.encode() in file_bytes(path)
    if how == "forget":
        log.forget("alice")
    else:
        log.purge(dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
    assert SECRET.encode() not in file_bytes(path)
    assert b"zanzibarquet" not in file_bytes(path).lower()  # the review key's stems
    assert log.count() == 20


def test_database_and_wal_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "log.db"
    log = QuestionLog(path)
    ask(log, "alice", "q")
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert stat.S_IMODE(os.stat(name).st_mode) == 0o600, name


def test_exports_are_private(tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    ask(QuestionLog(db), "alice", "q")
    out = tmp_path / "export.csv"
    env = {"FAQBOT_DB": str(db), "FAQBOT_PSEUDONYM_KEY": KEY}
    result = CliRunner().invoke(cli, ["export", "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


@pytest.mark.parametrize("value", ["", "   ", "short-key", "x" * 31, " " + "é" * 15 + " "])
def test_weak_pseudonym_key_in_the_environment_is_refused(value: str) -> None:
    with pytest.raises(SettingsError, match=r"^FAQBOT_PSEUDONYM_KEY: .*32 bytes"):
        Settings.from_env({"FAQBOT_PSEUDONYM_KEY": value})


def test_strong_pseudonym_key_is_accepted() -> None:
    assert Settings.from_env({"FAQBOT_PSEUDONYM_KEY": " " + "é" * 16}).pseudonym_key == "é" * 16


@pytest.mark.parametrize("content", ["", "\n", "   \n", "abc123\n"])
def test_weak_key_file_is_refused_with_its_path(tmp_path: Path, content: str) -> None:
    key_file = tmp_path / "pseudonym.key"
    key_file.write_text(content)
    with pytest.raises(SettingsError, match=f"^{key_file}: the pseudonym key is"):
        Pseudonymizer.from_setting(None, key_file)


def test_cli_names_the_weak_key_file_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    QuestionLog(db).close()  # reading commands refuse a database that does not exist
    (tmp_path / "pseudonym.key").write_text("\n")
    result = CliRunner().invoke(
        cli, ["forget", "--telegram-id", "5", "--yes"], env={"FAQBOT_DB": str(db)}
    )
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{tmp_path / 'pseudonym.key'}: the pseudonym key is empty" in result.output


@pytest.mark.parametrize("how", ["forget", "purge"])
def test_erasure_reaches_what_the_process_remembers_of_questions(
    tmp_path: Path, encoder: object, how: str
) -> None:
    from conftest import FAQ_DIR, TODAY

    from bot.dialogue import read
    from bot.service import Assistant
    from bot.text import _words

    settings = Settings(
        db_path=tmp_path / "db", faq_dir=FAQ_DIR, today=TODAY, pseudonym_key=KEY, retention_days=1
    )
    assistant = Assistant(settings, encoder)  # type: ignore[arg-type]
    question = f"{SECRET} peut-il candidater ?"
    read(assistant.engine, question, TODAY)
    assistant.engine.ask(question, TODAY)
    key_of(question)
    secret = "zanzibarquette"  # as the matcher keys it: folded words
    assert any(secret in k[0] for k in assistant.engine.matcher._recent)
    assert _words.cache_info().currsize > 0
    if how == "forget":
        assistant.forget(channel="telegram", user=42)
    else:
        assistant.purge()
    assert not any(secret in k[0] for k in assistant.engine.matcher._recent)
    assert _words.cache_info().currsize == 0 and key_of.cache_info().currsize == 0
    assert not assistant.engine.matcher._corrections
