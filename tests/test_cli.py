"""The faqbot command, in-process with click's CliRunner, on the real FAQ and a real SQLite log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import cli

COMMANDS = ["ask", "chat", "check", "eval"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"FAQBOT_DB": str(tmp_path / "log.db"), "FAQBOT_TODAY": "2026-11-28"}


def rows(env: dict[str, str]) -> list[dict[str, object]]:
    with sqlite3.connect(env["FAQBOT_DB"]) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM questions ORDER BY id")]


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_ask_prints_the_answer_and_logs_it(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["ask", "date limite candidature ?"], env=env)
    assert result.exit_code == 0, result.output
    assert "clos depuis le 30 septembre 2023" in result.output
    [row] = rows(env)
    assert (
        row["channel"] == "cli" and row["outcome"] == "answered" and row["entry_id"] == "deadline"
    )


def test_ask_json(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["ask", "--json", "who can apply?"], env=env)
    data = json.loads(result.output)
    assert data["answered"] is True and data["lang"] == "en"
    assert data["entry_id"] == "who-can-apply" and data["suggestions"] == []
    assert isinstance(data["score"], float) and data["answer"]


def test_ask_json_reads_stdin_lines(env: dict[str, str]) -> None:
    stdin = "deadline?\n\ncomment obtenir un passeport\nbonjour\n"
    result = CliRunner().invoke(cli, ["ask", "--json"], input=stdin, env=env)
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [d["answered"] for d in lines] == [True, False, True]
    assert lines[1]["entry_id"] is None
    assert [r["outcome"] for r in rows(env)] == ["answered", "unanswered", "smalltalk"]


def test_logged_question_is_redacted(env: dict[str, str]) -> None:
    CliRunner().invoke(cli, ["ask", "je suis a@b.fr, 0612345678, qui peut candidater"], env=env)
    assert rows(env)[0]["question"] == "je suis [email], [phone], qui peut candidater"


def test_ask_without_question_is_a_usage_error(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["ask"], env=env)
    assert result.exit_code == 2 and "give a QUESTION" in result.output


def test_wrong_setting_is_reported_by_name(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["ask", "x"], env={**env, "FAQBOT_TODAY": "tomorrow"})
    assert result.exit_code == 2 and "FAQBOT_TODAY" in result.output  # a user error
    assert "Traceback" not in result.output


def test_broken_faq_is_reported_not_crashed(env: dict[str, str], tmp_path: Path) -> None:
    faq = tmp_path / "faq"
    faq.mkdir()
    (faq / "a.yaml").write_text("entries: [\n")
    result = CliRunner().invoke(cli, ["ask", "x"], env={**env, "FAQBOT_FAQ_DIR": str(faq)})
    assert result.exit_code == 1 and "a.yaml:" in result.output and "faqbot check" in result.output


def test_chat_answers_and_follows_a_numbered_choice(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["chat"], input="c'est quoi le bac a sable ?\n1\n", env=env)
    assert result.exit_code == 0, result.output
    assert "[1]" in result.output
    picked = result.output.split("[1] ", 1)[1].splitlines()[0]
    assert f"→ {picked}" in result.output  # the choice is repeated before its answer
    logged = rows(env)
    assert [r["via"] for r in logged] == ["text", "button"]  # a choice is logged like a click


def test_chat_understands_commands_and_quit(env: dict[str, str]) -> None:
    typed = "/topics\n/privacy\n/lang\n2\nquit\nqui peut candidater ?\n"
    result = CliRunner().invoke(cli, ["chat"], input=typed, env=env)
    assert result.exit_code == 0, result.output
    assert "Choisissez un thème" in result.output  # /topics
    assert "jours" in result.output  # /privacy: the retention period
    assert "Telegram" not in result.output  # the notice names this channel's identifiers
    assert "All right, I'll answer in English." in result.output  # /lang then 2
    assert rows(env) == []  # quit left before the question; commands are not questions


def test_chat_shows_suggestions_once(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["chat"], input="candidature\n", env=env)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), result.output


def ask_json(env: dict[str, str], lines: list[dict[str, str]]) -> list[dict[str, Any]]:
    """``faqbot ask --json`` on these JSON lines: its output lines, parsed."""
    stdin = "\n".join(json.dumps(line) for line in lines) + "\n"
    result = CliRunner().invoke(cli, ["ask", "--json"], input=stdin, env=env)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_ask_json_lines_share_a_conversation(env: dict[str, str]) -> None:
    lines = [
        {"question": "c quoi la 4e edition du bac a sable", "conversation": "a"},
        {"question": "c'était quoi sa date limite ?", "conversation": "a"},
        {"question": "c'était quoi sa date limite ?", "conversation": "b"},
    ]
    out = ask_json(env, lines)
    assert [o["conversation"] for o in out] == ["a", "a", "b"]
    assert out[0]["entry_id"] == "edition-seniors"
    assert out[1]["entry_id"] == "edition-seniors" and out[1]["context_used"] is True
    assert out[2]["entry_id"] != "edition-seniors" and out[2]["context_used"] is False


def test_ask_json_reports_a_bad_line_and_goes_on(env: dict[str, str]) -> None:
    stdin = '{"question": 3}\n{"question": "date limite", "lang": "en"}\n'
    result = CliRunner().invoke(cli, ["ask", "--json"], input=stdin, env=env)
    out = [json.loads(line) for line in result.output.splitlines()]
    assert "line 1" in out[0]["error"] and out[1]["entry_id"] == "deadline"


def test_eval_prints_figures(env: dict[str, str], tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {question: date limite, expect: deadline, lang: fr}\n"
        "- {question: comment avoir un passeport, expect: null, near: false}\n"
    )
    result = CliRunner().invoke(cli, ["eval", str(cases), "--json"], env=env)
    data = json.loads(result.output)
    assert data["in_scope_top1_pct"] == 100.0 and data["out_of_scope_rejection_pct"] == 100.0


def test_eval_rejects_malformed_file(env: dict[str, str], tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {expect: deadline}\n")
    result = CliRunner().invoke(cli, ["eval", str(cases)], env=env)
    assert result.exit_code == 1 and "cases.yaml:1: each item needs a question" in result.output


def test_ask_json_keeps_a_decline_for_what_follows_it(env: dict[str, str]) -> None:
    # Another authority's sandbox is declined; "theirs" is still about it, through the
    # context stored in SQLite, while a new question naming our call is answered.
    lines = [
        {"question": "does the UK ICO have a sandbox too?", "conversation": "a"},
        {"question": "how do I apply to theirs?", "conversation": "a"},
        {"question": "how do I apply to theirs?", "conversation": "b"},
        {"question": "ok, and how do I apply to your sandbox?", "conversation": "a"},
    ]
    out = ask_json(env, lines)
    assert [o["outcome"] for o in out[:2]] == ["unanswered", "unanswered"]
    assert out[2]["outcome"] == "answered" and out[2]["entry_id"] == "how-to-apply"
    assert out[3]["outcome"] == "answered" and out[3]["entry_id"] == "how-to-apply"
