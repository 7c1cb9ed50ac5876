"""The assistant: the engine with its I/O around it (FAQ files, clock, question log).

Shared by the CLI, the terminal chat, the Telegram bot and the HTTP API.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.engine import Engine, Reply
from bot.kb import KBError, KnowledgeBase, Lang, Problem, parse
from bot.matcher import Embedder
from bot.settings import Settings
from bot.store import Pseudonymizer, QuestionLog

log = logging.getLogger(__name__)


def read_faq(directory: Path) -> list[tuple[str, str]]:
    """The ``(path, text)`` of every YAML file of the FAQ folder; unreadable files raise KBError."""
    if not directory.is_dir():
        raise KBError([Problem(str(directory), 0, "FAQ folder not found")])
    files, problems = [], []
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        try:
            files.append((str(path), path.read_text(encoding="utf-8")))
        except UnicodeDecodeError as e:
            problems.append(Problem(str(path), 1, f"not UTF-8 text ({e.reason} at byte {e.start})"))
        except OSError as e:
            problems.append(Problem(str(path), 0, f"cannot read: {e.strerror}"))
    if problems:
        raise KBError(problems)
    if not files:
        raise KBError([Problem(str(directory), 0, "no .yaml file in the FAQ folder")])
    return files


def load_kb(directory: Path, today: dt.date | None = None) -> KnowledgeBase:
    """Read and validate the FAQ folder; raise KBError listing every problem."""
    return parse(read_faq(directory), today=today)


@dataclass
class Asked:
    """A reply and the id of its row in the question log."""

    reply: Reply
    row_id: int


class Assistant:
    """Answers questions with the live engine and logs them, pseudonymised and redacted."""

    def __init__(self, settings: Settings, embed: Embedder, log_: QuestionLog | None = None):
        self.settings = settings
        self.embed = embed
        self.engine = Engine(load_kb(settings.faq_dir, settings.today), embed)
        self.log = log_ or QuestionLog(settings.db_path)
        key_file = settings.db_path.parent / "pseudonym.key"
        self.pseudonym = Pseudonymizer.from_setting(settings.pseudonym_key, key_file)

    def today(self) -> dt.date:
        """The date answers are computed for."""
        return self.settings.current_date()

    def ask(
        self, question: str, *, channel: str, user: str | int | None, lang: Lang | None = None
    ) -> Asked:
        """Answer ``question`` and log it; ``user`` is the platform's id, pseudonymised here."""
        engine = self.engine
        reply = engine.ask(question, self.today(), lang)
        row_id = self.log.log(
            channel=channel,
            user=None if user is None else self.pseudonym(channel, user),
            lang=reply.lang,
            question=question,
            outcome=reply.outcome,
            entry_id=reply.entry_id,
            score=reply.score,
            kb_version=engine.version,
        )
        log.info(
            "question row=%s outcome=%s entry=%s score=%.3f",
            row_id,
            reply.outcome,
            reply.entry_id,
            reply.score,
        )
        return Asked(reply, row_id)
