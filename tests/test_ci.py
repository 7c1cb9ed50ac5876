"""The CI files of docs/ci/: valid YAML, the README's commands, and those commands pass here.

Also the gates of `faqbot eval` they rely on: exit 1 under --min-accuracy / --min-rejection.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT
from test_conveval import GATES as CONVERSATION_GATES

from bot.cli import cli
from bot.kb import KnowledgeBase

README = (ROOT / "README.md").read_text()
BIN = Path(sys.executable).parent


def readme_commands() -> list[str]:
    """The commands of the README's CI block (the sh block after "Before going live: CI")."""
    section = README[README.index("**Before going live: CI.**") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block
    return [line for line in block.group(1).splitlines() if line.strip()]


def github_commands(workflow: Any) -> list[str]:
    (job,) = workflow["jobs"].values()
    return [step["run"] for step in job["steps"] if "run" in step]


def gitlab_commands(pipeline: Any) -> list[str]:
    (job,) = (v for k, v in pipeline.items() if isinstance(v, dict) and "script" in v)
    return list(job["script"])


@pytest.mark.parametrize(
    ("name", "commands"),
    [("github-actions.yml", github_commands), ("gitlab-ci.yml", gitlab_commands)],
)
def test_ci_files_run_the_readme_commands(name: str, commands: Any) -> None:
    parsed = yaml.safe_load((ROOT / "docs" / "ci" / name).read_text())
    assert commands(parsed) == readme_commands()


def test_ci_gates_are_the_test_suites() -> None:
    gates: dict[str, dict[str, float]] = {}
    for command in readme_commands():
        words = command.split()
        if words[:2] == ["faqbot", "eval"]:
            found = re.findall(r"--(?:gate (\w+)=|(min-\w+) )([\d.]+)", command)
            gates[Path(words[2]).name] = {a or b: float(v) for a, b, v in found}
    assert gates == {
        "questions.yaml": {"min-accuracy": 96.0, "min-rejection": 91.0},  # tests/test_eval.py
        "heldout.yaml": {},
        "conversations.yaml": CONVERSATION_GATES,
        "conversations-heldout.yaml": {},
    }


def test_the_readme_commands_pass(tmp_path: Path) -> None:
    commands = readme_commands()
    assert [c for c in commands if not c.startswith("faqbot ")] == ["pip install ."]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env |= {"FAQBOT_DB": str(tmp_path / "q.db"), "FAQBOT_FAQ_DIR": "faq"}
    for command in commands:
        if command.startswith("faqbot "):  # `pip install .` is what made .venv/bin/faqbot
            done = subprocess.run(
                command.split(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
            )
            assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])


def test_eval_fails_under_the_gates(tmp_path: Path, kb: KnowledgeBase) -> None:
    entry = next(e for e in kb.entries if not e.smalltalk)
    phrasing = entry.questions["fr"][0]  # answered for sure: it is the FAQ's own phrasing
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        yaml.safe_dump(
            [
                {"question": phrasing, "expect": entry.id},
                {"question": phrasing, "expect": None},  # mislabelled on purpose
            ],
            allow_unicode=True,
        )
    )
    runner = CliRunner()
    result = runner.invoke(
        cli, ["eval", str(cases), "--quiet", "--min-accuracy", "100", "--min-rejection", "50"]
    )
    assert result.exit_code == 1
    assert "out_of_scope_rejection 0.0 % is under the gate of 50 %" in result.output
    assert "in_scope_top1" not in result.output.split("failures:")[1]  # 100 % meets its gate
    assert "Traceback" not in result.output
    for bad in (["--min-accuracy", "101"], ["--gate", "bogus=3"], ["--gate", "near=x"]):
        wrong = runner.invoke(cli, ["eval", str(cases), *bad])
        assert wrong.exit_code == 2, wrong.output
