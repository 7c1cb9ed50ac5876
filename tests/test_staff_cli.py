"""Staff and analyst commands tell the truth: the right database, clear errors, honest
figures. In-process with click's CliRunner, on real SQLite files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from logrows import fill

from bot import analytics
from bot import cli as cli_module
from bot.cli import cli
from bot.store import Pseudonymizer, QuestionLog


def invoke(env: dict[str, str], *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env, input=input)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# -- the database must exist -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["export"],
        ["export", "-o", "out.csv"],
        ["review"],
        ["review", "--mark", "1a2b3c4d", "dismissed"],
        ["purge"],
        ["forget", "--user", "abc", "--yes"],
        ["forget", "--telegram-id", "42", "--yes"],
    ],
)
def test_reading_commands_refuse_a_missing_database(tmp_path: Path, args: list[str]) -> None:
    typo = tmp_path / "typo" / "faqbot.db"
    env = {"FAQBOT_DB": str(typo)}  # no FAQBOT_PSEUDONYM_KEY: nothing may generate one
    code, output = invoke(env, *args)
    assert code == 2 and f"no question log at {typo}" in output and "FAQBOT_DB" in output
    assert len(output.strip().splitlines()) == 1
    assert not typo.parent.exists()  # no empty database, no pseudonym.key


# -- user errors: one line, exit 2 -----------------------------------------------------------


def test_export_to_a_missing_folder_is_one_clear_line(db: Path, env: dict[str, str]) -> None:
    fill(db, [{}])
    code, output = invoke(env, "export", "-o", "/missing/dir/x.csv")
    assert code == 2
    assert output.strip() == "Error: cannot write /missing/dir/x.csv: No such file or directory"


@pytest.mark.parametrize("command", ["stats", "export"])
def test_since_after_until_is_refused(db: Path, env: dict[str, str], command: str) -> None:
    fill(db, [{}])
    code, output = invoke(env, command, "--since", "2026-11-30", "--until", "2026-11-01")
    assert code == 2 and "--since 2026-11-30 is after --until 2026-11-01" in output


def test_empty_csv_export_still_has_its_header(db: Path, env: dict[str, str]) -> None:
    fill(db, [{}])
    code, output = invoke(env, "export", "--since", "2030-01-01")
    assert code == 0 and output.splitlines()[0].startswith("id,ts,channel,lang,question")


# -- figures that are what they say ----------------------------------------------------------


def test_top_unanswered_lists_only_unanswered_questions(db: Path, env: dict[str, str]) -> None:
    fill(
        db,
        [
            {"question": "réponse peu sûre", "confidence": 0.1},  # answered, low confidence
            {"question": "mauvaise réponse"},  # answered, then 👎
            {"question": "combien coute le bac a sable", "outcome": "unanswered"},
        ],
    ).set_feedback(2, -1)
    code, output = invoke(env, "stats")
    top = output.split("Top unanswered:")[1].split("Per day")[0]
    assert code == 0 and "combien coute" in top
    assert "peu sûre" not in top and "mauvaise" not in top


def test_no_questions_is_not_a_zero_rate(db: Path, env: dict[str, str]) -> None:
    QuestionLog(db).close()
    code, output = invoke(env, "stats")
    assert code == 0 and "no questions in this period" in output and "0%" not in output
    fill(db, [{}])
    code, output = invoke(env, "stats", "--since", "2030-01-01")
    assert "no questions in this period" in output


def test_tests_clicks_small_talk_and_emoji_do_not_count(db: Path, env: dict[str, str]) -> None:
    log = fill(
        db,
        [
            {"question": "date limite ?"},  # counted, answered
            {"question": "passeport ?", "outcome": "unanswered"},  # counted, declined
            {"question": "qui peut candidater ?", "channel": "cli"},  # faqbot ask: a test
            {"question": "🙂🙂", "outcome": "unanswered", "entry_id": None},  # emoji only
            {"question": "   ", "outcome": "unanswered", "entry_id": None},  # empty
            {"question": "Date limite", "via": "button"},  # a click, not a question
            {"question": "bonjour", "outcome": "smalltalk"},
        ],
    )
    figures = analytics.stats(log.db, analytics.Filters())
    assert (figures.questions, figures.counted, figures.counted_answered) == (7, 2, 1)
    assert figures.answer_rate == 0.5
    _code, output = invoke(env, "stats")
    assert "Questions: 7 (2 counted in the answer rate)" in output
    assert "Answer rate: 50% (1 answered of 2 counted" in output
    # The view and the exports say the same.
    [day] = log.db.query("select * from daily_stats")
    assert (day["questions"], day["counted"], day["counted_answered"]) == (7, 2, 1)
    exported = [
        json.loads(line) for line in invoke(env, "export", "--format", "ndjson")[1].splitlines()
    ]
    assert [r["counted"] for r in exported] == [1, 1, 0, 0, 0, 0, 0]
    assert [r["question"] for r in log.db.query("select * from unanswered where counted")] == [
        "passeport ?"
    ]


def test_old_rows_get_the_counted_column(db: Path) -> None:
    import sqlite3

    with sqlite3.connect(db) as conn:  # a log written before the column existed
        conn.execute(
            "CREATE TABLE questions (id INTEGER PRIMARY KEY, ts TEXT NOT NULL, channel TEXT NOT"
            " NULL, user TEXT, lang TEXT, question TEXT, outcome TEXT NOT NULL, via TEXT)"
        )
        conn.execute(
            "INSERT INTO questions (ts, channel, question, outcome, via) VALUES"
            " ('2026-11-01T10:00:00Z', 'telegram', 'date ?', 'answered', 'text'),"
            " ('2026-11-01T10:00:00Z', 'cli', 'date ?', 'answered', 'text')"
        )
    log = QuestionLog(db)
    assert [r["counted"] for r in log.rows()] == [1, 0]


def test_excel_export_writes_decimal_commas(db: Path, env: dict[str, str], tmp_path: Path) -> None:
    fill(db, [{"score": 0.8123, "confidence": -0.25}])
    target = tmp_path / "x.csv"
    assert invoke(env, "export", "--excel", "-o", str(target))[0] == 0
    [row] = csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";")
    assert row["score"] == "0,8123" and row["confidence"] == "-0,25"
    plain = next(csv.DictReader(io.StringIO(invoke(env, "export")[1])))
    assert plain["score"] == "0.8123"  # ordinary CSV keeps the dot


# -- review --mark ---------------------------------------------------------------------------


@pytest.fixture
def group(db: Path, env: dict[str, str]) -> str:
    fill(db, [{"question": "combien coute le bac a sable", "outcome": "unanswered"}])
    return invoke(env, "review")[1].split()[0]


def test_mark_refuses_an_unknown_entry(env: dict[str, str], group: str) -> None:
    code, output = invoke(env, "review", "--mark", group, "added", "--entry", "deadlin")
    assert code == 2 and "--entry deadlin: no such entry: did you mean deadline?" in output
    assert "new" in invoke(env, "review")[1]  # nothing marked
    code, output = invoke(env, "review", "--mark", group, "added", "--entry", "deadline")
    assert code == 0 and "added (deadline)" in output


def test_mark_refuses_entry_with_dismissed(env: dict[str, str], group: str) -> None:
    code, output = invoke(env, "review", "--mark", group, "dismissed", "--entry", "deadline")
    assert code == 2 and "--entry goes with --mark GROUP added, not with dismissed" in output
    assert "dismissed" not in invoke(env, "review", "--all")[1]


# -- forget ----------------------------------------------------------------------------------


def test_forget_with_both_ids_says_not_both(db: Path, env: dict[str, str]) -> None:
    fill(db, [{}])
    code, output = invoke(env, "forget", "--user", "x", "--telegram-id", "1", "--yes")
    assert code == 2 and "give --user or --telegram-id, not both" in output


def test_forget_needs_yes_when_not_on_a_terminal(db: Path, env: dict[str, str]) -> None:
    fill(db, [{"user": "someone"}] * 3)
    code, output = invoke(env, "forget", "--user", "someone")
    assert code == 2 and "3 question(s) of user someone would be erased: add --yes" in output
    assert QuestionLog(db).count(user="someone") == 3


@pytest.mark.parametrize(("answer", "left"), [("n\n", 3), ("y\n", 0)])
def test_forget_asks_on_a_terminal(
    db: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, answer: str, left: int
) -> None:
    pseudonym = Pseudonymizer(b"k" * 32)("telegram", 7)
    fill(db, [{"user": pseudonym}] * 3)
    monkeypatch.setattr(cli_module, "_interactive", lambda: True)
    code, output = invoke(env, "forget", "--telegram-id", "7", input=answer)
    assert (
        "Erase 3 question(s), the language choice and the conversation context of Telegram id 7? [y/N]"
        in output
    )
    assert QuestionLog(db).count(user=pseudonym) == left
    assert code == (1 if left else 0)


def test_forget_by_telegram_id_needs_the_pseudonym_key(db: Path) -> None:
    fill(db, [{}])
    code, output = invoke({"FAQBOT_DB": str(db)}, "forget", "--telegram-id", "7", "--yes")
    assert code == 2 and "no pseudonym key" in output
    assert not (db.parent / "pseudonym.key").exists()


# -- user text on staff terminals ------------------------------------------------------------

HOSTILE = [
    "\x1b]0;pwned\x07titre",  # OSC: retitles the terminal window
    "\x1b]8;;https://evil.example\x1b\\lien\x1b]8;;\x1b\\ piégé",  # OSC 8 hyperlink
    "efface\rtout\x1b[2J\x1b[31m",  # carriage return, clear screen, colour
    "ligne\u2028cassée \u202eesrever",  # line separator, RTL override
]


def test_review_and_stats_neutralise_control_characters(db: Path, env: dict[str, str]) -> None:
    fill(db, [{"question": q, "outcome": "unanswered"} for q in HOSTILE])
    for args in (["review"], ["stats"], ["review", "--suggest"]):
        code, output = invoke(env, *args)
        assert code == 0
        assert not any(c in output for c in "\x1b\x07\r\u2028\u202e"), args
    listing = invoke(env, "review")[1]
    assert "\ufffd]0;pwned\ufffdtitre" in listing
    suggested = invoke(env, "review", "--suggest")[1]
    documents = [yaml.safe_load(chunk) for chunk in suggested.strip().split("\n\n")]
    phrasings = [q for doc in documents for q in doc[0]["questions"]["fr"]]
    assert "] 0;pwned titre" not in phrasings and any("titre" in q for q in phrasings)
