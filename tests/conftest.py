"""Shared fixtures: the real encoder (loaded once), the real FAQ, temporary FAQ folders."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.encoder import SentenceEncoder
from bot.engine import Engine
from bot.kb import KnowledgeBase
from bot.service import load_kb

ROOT = Path(__file__).resolve().parent.parent
FAQ_DIR = ROOT / "faq"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One embedding cache for the whole run: CLI commands and bot processes share it."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("FAQBOT_CACHE_DIR")
    os.environ["FAQBOT_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["FAQBOT_CACHE_DIR"]
    else:
        os.environ["FAQBOT_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def encoder(cache_dir: Path) -> SentenceEncoder:
    return SentenceEncoder(cache_path=cache_dir / "embeddings.sqlite")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb(FAQ_DIR, TODAY)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase, encoder: SentenceEncoder) -> Engine:
    return Engine(kb, encoder)


MINIMAL_FAQ = {
    "facts.yaml": """
        facts:
          deadline: 2023-09-30
          projects_sought: 3
        sources:
          call:
            url: https://example.org/call
            title: {fr: "L'appel", en: "The call"}
        categories:
          calendar: {fr: Calendrier, en: Calendar}
          smalltalk: {fr: Discussion, en: Small talk}
        """,
    "calendar.yaml": """
        entries:
          - id: deadline
            category: calendar
            questions:
              fr: [date limite, c'est quand la fin, jusqu'a quand, on peut encore candidater, delai candidature, fin de l'appel]
              en: [deadline, when does it close, can I still apply, closing date]
            answer:
              fr: "L'appel est <b>{deadline_status}</b>. {projects_sought} projets."
              en: "The call is <b>{deadline_status}</b>. {projects_sought} projects."
            sources: [call]
            related: []
            reviewed: 2026-11-28
        """,
}


@pytest.fixture
def make_faq(tmp_path: Path) -> Callable[..., Path]:
    """Write a FAQ folder: the minimal valid one, with files replaced or added by name."""

    def make(files: dict[str, str | None] | None = None) -> Path:
        folder = tmp_path / "faq"
        folder.mkdir(exist_ok=True)
        for name, text in {**MINIMAL_FAQ, **(files or {})}.items():
            if text is None:
                (folder / name).unlink(missing_ok=True)
            else:
                (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return make


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A question log's path (the staff and analyst command tests fill it: logrows.fill)."""
    return tmp_path / "log.db"


@pytest.fixture
def env(db: Path) -> dict[str, str]:
    """The environment of a staff or analyst command run on ``db``."""
    return {"FAQBOT_DB": str(db), "FAQBOT_TODAY": "2026-11-28", "FAQBOT_PSEUDONYM_KEY": "k" * 32}
