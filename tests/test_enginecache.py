"""The engine cache: a start with an unchanged FAQ reads its build back instead of redoing it."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from conftest import FAQ_DIR, TODAY

from bot import enginecache, service
from bot.encoder import SentenceEncoder
from bot.engine import Engine
from bot.kb import KnowledgeBase
from bot.service import build_engine

QUESTIONS = [
    "qui peut candidater ?",
    "c'etait quand la date limite",
    "who won?",
    "quelle base légale pour notre projet ?",
]


def builds(folder: Path) -> list[Path]:
    return sorted(folder.glob("engine-*.pickle"))


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, parsing the FAQ fails the test: the engine must come from the cache."""

    def parse(*args: object, **kwargs: object) -> KnowledgeBase:
        raise AssertionError("the FAQ was parsed again")

    monkeypatch.setattr(service, "parse", parse)


@pytest.fixture
def enc(tmp_path: Path, engine: Engine) -> SentenceEncoder:
    """The real enc with a cache folder of its own (the session's embeddings copied in)."""
    shared = engine.matcher._embed.disk  # type: ignore[attr-defined]
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "embeddings.sqlite").write_bytes(shared.path.read_bytes())
    return SentenceEncoder(cache_path=folder / "embeddings.sqlite")


def test_a_second_start_reads_the_build_back_and_answers_the_same(
    enc: SentenceEncoder, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = enc.disk.path.parent  # type: ignore[union-attr]
    built = build_engine(FAQ_DIR, TODAY, enc)
    assert len(builds(folder)) == 1
    no_parsing(monkeypatch)
    built.ask("qui peut candidatr ?", TODAY)  # a correction and a verdict to remember
    restored = build_engine(FAQ_DIR, TODAY, enc)  # a new process would do this
    assert restored is not built and restored.kb == built.kb
    # What questions teach a matcher (spelling corrections, recent verdicts) is not kept.
    assert restored.matcher._corrections == {} and not restored.matcher._recent
    assert np.array_equal(restored.matcher._vectors, built.matcher._vectors)
    fresh = Engine(kb, enc)  # the session's FAQ, parsed before the patch
    for question in QUESTIONS:
        a, b = restored.ask(question, TODAY), fresh.ask(question, TODAY)
        assert (a.outcome, a.entry_id, a.score, a.text) == (b.outcome, b.entry_id, b.score, b.text)


def test_anything_the_build_depends_on_makes_a_new_one(
    enc: SentenceEncoder, make_faq: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = enc.disk.path.parent  # type: ignore[union-attr]
    faq = make_faq()
    first = build_engine(faq, TODAY, enc)
    build_engine(faq, TODAY + dt.timedelta(days=1), enc)  # another day
    assert len(builds(folder)) == 2
    edited = make_faq(
        {"calendar.yaml": (faq / "calendar.yaml").read_text().replace("deadline,", "the deadline,")}
    )
    second = build_engine(edited, TODAY, enc)
    assert second.version != first.version and len(builds(folder)) == 3
    monkeypatch.setattr(enginecache, "code_version", lambda: "other code")
    build_engine(edited, TODAY, enc)
    assert len(builds(folder)) == 4
    build_engine(edited, TODAY + dt.timedelta(days=2), enc)
    assert len(builds(folder)) == enginecache.KEEP  # the least recently used one went


def test_an_invalid_faq_is_still_reported(
    enc: SentenceEncoder, make_faq: Callable[..., Path]
) -> None:
    faq = make_faq()
    build_engine(faq, TODAY, enc)
    broken = make_faq({"calendar.yaml": "entries: [oops"})
    with pytest.raises(service.KBError):
        build_engine(broken, TODAY, enc)


def test_an_unreadable_build_is_removed_and_redone(
    enc: SentenceEncoder, make_faq: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    folder = enc.disk.path.parent  # type: ignore[union-attr]
    faq = make_faq()
    build_engine(faq, TODAY, enc)
    [kept] = builds(folder)
    kept.write_bytes(kept.read_bytes()[:1000])  # truncated, as by a crash or a full disk
    with caplog.at_level(logging.WARNING):
        engine = build_engine(faq, TODAY, enc)
    assert "unreadable" in caplog.text
    assert engine.ask("deadline", TODAY).entry_id == "deadline"
    [again] = builds(folder)
    assert again.stat().st_size > 1000  # written anew


def test_a_folder_it_cannot_write_only_costs_time(
    enc: SentenceEncoder,
    make_faq: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(enginecache.os, "replace", full_disk)
    folder = enc.disk.path.parent  # type: ignore[union-attr]
    with caplog.at_level(logging.WARNING):
        engine = build_engine(make_faq(), TODAY, enc)
    assert "not kept" in caplog.text and "No space left" in caplog.text
    assert engine.ask("deadline", TODAY).entry_id == "deadline"
    assert builds(folder) == [] and not [p for p in os.listdir(folder) if p.endswith(".part")]


def test_a_reload_of_the_same_files_keeps_the_engine_it_has(
    enc: SentenceEncoder, make_faq: Callable[..., Path]
) -> None:
    faq = make_faq()
    engine = build_engine(faq, TODAY, enc)
    assert build_engine(faq, TODAY, enc, current=engine) is engine
