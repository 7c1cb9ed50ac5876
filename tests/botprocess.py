"""`faqbot run` as its own process against the fake Bot API: shared by the end-to-end
tests and the benchmarks (which put tests/ on their path)."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import yaml
from fakebotapi import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
FAQBOT = str(Path(sys.executable).parent / "faqbot")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_env(
    fake: FakeBotAPI, db: Path, port: int, *, webhook: bool, **extra: str
) -> dict[str, str]:
    """The environment of `faqbot run`: only the fixed variables, pointed at ``fake``."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "FAQBOT_DB": str(db),
        "FAQBOT_FAQ_DIR": str(ROOT / "faq"),
        "PORT": str(port),
        **extra,
    }
    if webhook:
        env.setdefault("FAQBOT_WEBHOOK_URL", f"http://127.0.0.1:{port}/hook")
    return env


def eval_questions() -> list[str]:
    """Both evaluation sets' questions: varied traffic for loads."""
    return [
        str(item["question"])
        for name in ("questions.yaml", "heldout.yaml")
        for item in yaml.safe_load((ROOT / "tests" / "eval" / name).read_text())
    ]
