"""Tests that keep the docs honest: every command and every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import cli
from bot.messages import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
SETTINGS_SOURCE = (ROOT / "bot" / "settings.py").read_text()


@pytest.mark.parametrize("command", sorted(cli.commands))  # type: ignore[attr-defined]
def test_commands_are_documented(command: str) -> None:
    assert f"faqbot {command}" in README
    assert cli.commands[command].help  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "variable", sorted(set(re.findall(r'"((?:FAQBOT|TELEGRAM)_[A-Z_]+|PORT)"', SETTINGS_SOURCE)))
)
def test_settings_are_documented(variable: str) -> None:
    assert f"| `{variable}` |" in README


@pytest.mark.parametrize("command", [name for name, _ in COMMANDS["en"]])
def test_telegram_commands_are_documented(command: str) -> None:
    assert f"/{command}" in README
    assert [n for n, _ in COMMANDS["fr"]] == [n for n, _ in COMMANDS["en"]]


def test_procfile_runs_both_modes() -> None:
    lines = (ROOT / "Procfile").read_text().splitlines()
    assert "web: faqbot run" in lines and "worker: faqbot run" in lines
