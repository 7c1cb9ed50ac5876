"""The faqbot-check pre-commit hook refuses a commit that breaks the FAQ, with file:line.

The hook of .pre-commit-hooks.yaml runs in a throwaway FAQ repository as a local hook with the
faqbot already installed (language: system), so the test needs no network; everything else
(entry, files, pass_filenames) is the manifest's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FAQ_DIR, ROOT

BIN = Path(sys.executable).parent


@pytest.fixture
def faq_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository holding a copy of the FAQ and the hook, and the environment to use it."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    local = {**hook, "language": "system"}
    repo = tmp_path / "faq-repo"
    shutil.copytree(FAQ_DIR, repo / "faq")
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "Staff",
        "GIT_AUTHOR_EMAIL": "staff@example.org",
        "GIT_COMMITTER_NAME": "Staff",
        "GIT_COMMITTER_EMAIL": "staff@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "FAQBOT_DB": str(tmp_path / "unused.db"),
    }
    env.pop("FAQBOT_FAQ_DIR", None)
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "."]):
        subprocess.run(command, cwd=repo, env=env, check=True)
    subprocess.run(["git", "commit", "-qm", "FAQ"], cwd=repo, env=env, check=True)
    return repo, env


def _run(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def _break_an_entry(repo: Path) -> int:
    """Misspell the first entry's `reviewed` key; the line number it is on."""
    path = repo / "faq" / "about.yaml"
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("    reviewed:"))
    lines[at] = lines[at].replace("reviewed:", "reviewd:")
    path.write_text("".join(lines))
    return at + 1


def test_the_manifest_declares_faqbot_check() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "faqbot-check"
    assert hook["entry"] == "faqbot check" and hook["pass_filenames"] is False
    assert hook["language"] == "python"  # pre-commit installs faqbot from this repository


def test_run_all_files_fails_with_file_and_line(faq_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = faq_repo
    pre_commit = [str(BIN / "python"), "-m", "pre_commit", "run", "--all-files"]
    clean = _run(repo, env, *pre_commit)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
    line = _break_an_entry(repo)
    broken = _run(repo, env, *pre_commit)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f"faq/about.yaml:{line}: entry what-is-sandbox: unknown key 'reviewd'" in broken.stdout


def test_a_commit_with_a_broken_faq_is_refused(faq_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = faq_repo
    installed = _run(repo, env, str(BIN / "python"), "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stderr
    line = _break_an_entry(repo)
    _run(repo, env, "git", "add", "faq/about.yaml")
    refused = _run(repo, env, "git", "commit", "-m", "typo")
    assert refused.returncode != 0
    assert f"faq/about.yaml:{line}:" in refused.stdout + refused.stderr
    log = _run(repo, env, "git", "log", "--oneline")
    assert log.stdout.count("\n") == 1  # still only the first commit
