"""`faqbot new-entry`: a skeleton that, pasted into the FAQ as it is, passes `faqbot check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FAQ_DIR

from bot.cli import cli
from bot.service import load_kb


@pytest.fixture
def faq_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, folder)
    monkeypatch.setenv("FAQBOT_FAQ_DIR", str(folder))
    monkeypatch.setenv("FAQBOT_TODAY", "2026-11-30")
    return folder


@pytest.mark.parametrize(
    ("args", "file"),
    [
        (["launch-day", "--category", "calendar", "--source", "call-2023"], "calendar.yaml"),
        (["form-length", "--category", "application", "--source", "call-2023"], "application.yaml"),
        (["good-night", "--category", "smalltalk"], "smalltalk.yaml"),
    ],
)
def test_pasted_skeleton_passes_check(faq_copy: Path, args: list[str], file: str) -> None:
    result = CliRunner().invoke(cli, ["new-entry", *args])
    assert result.exit_code == 0, result.output
    assert f"paste under entries: {faq_copy / file}" in result.output.splitlines()[0]
    with (faq_copy / file).open("a") as f:
        f.write("\n" + result.output)
    check = CliRunner().invoke(cli, ["check", str(faq_copy)])
    assert check.exit_code == 0, check.output
    entry = load_kb(faq_copy).by_id[args[0]]
    assert entry.category == args[2] and str(entry.reviewed) == "2026-11-30"
    assert entry.answer["fr"] and entry.answer["en"]
    assert entry.sources == tuple(args[4:5])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad Id", "--category", "calendar", "--source", "call-2023"], "lowercase letters"),
        (["deadline", "--category", "calendar", "--source", "call-2023"], "already an entry"),
        (["x-new", "--category", "cooking", "--source", "call-2023"], "expected one of about"),
        (["x-new", "--category", "calendar", "--source", "nope"], "--source nope: expected one of"),
        (["x-new", "--category", "calendar"], "cite at least one source"),
    ],
)
def test_bad_arguments_exit_2(faq_copy: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["new-entry", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output  # one clear line
