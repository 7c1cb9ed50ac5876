"""Built engines kept on disk, so that a start with an unchanged FAQ skips building one.

Parsing and validating the FAQ, then building the matcher (vocabulary, TF-IDF indexes,
embeddings read from the embedding cache) takes about half a second at every start;
reading back what they built takes 0.02 s. One pickle per build, named by a hash of
everything the build depends on: the FAQ's files, the day (date-dependent checks), the
bot's own code, the encoder, Python and NumPy. Change any of them and the name changes.

Like the embedding cache, it is only a cache: deleting it is safe, an unreadable file is
removed and rebuilt, a full disk only costs time. The newest few builds are kept (a
reverted edit is instant again), older ones removed. A pickle runs what it reads: the
files are written by the bot in its own cache folder, which nobody else may write to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from bot.kb import KnowledgeBase

log = logging.getLogger(__name__)

KEEP = 4  # builds kept (about 15 MB each)
_PREFIX = "engine-"


@functools.cache
def code_version() -> str:
    """A hash of the bot package's Python files: a new build for new code."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_key(
    files: Iterable[tuple[str, str]], today: dt.date | None, encoder: str, config: str
) -> str:
    """The name of a build: a hash of everything it depends on."""
    digest = hashlib.sha256()
    for part in (sys.version, np.__version__, code_version(), encoder, config, repr(today)):
        digest.update(part.encode() + b"\0")
    for path, text in sorted(files):
        digest.update(path.encode() + b"\0" + text.encode() + b"\0")
    return digest.hexdigest()[:32]


class EngineCache:
    """Builds (a knowledge base and its matcher's state) in a folder, by key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{_PREFIX}{key}.pickle"

    def get(self, key: str) -> tuple[KnowledgeBase, dict[str, object]] | None:
        """The build named ``key``, or None (never built, or unreadable: then removed)."""
        path = self._path(key)
        try:
            with path.open("rb") as f:
                kb, state = pickle.load(f)
            if not isinstance(kb, KnowledgeBase) or not isinstance(state, dict):
                raise TypeError("not a build")
        except FileNotFoundError:
            return None
        except Exception as e:  # a truncated or foreign file (any unpickling error): a cache
            log.warning("engine cache %s unreadable (%s): removed", path.name, e)
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest
        return kb, state

    def put(self, key: str, kb: KnowledgeBase, state: dict[str, object]) -> None:
        """Keep a build; on failure (full disk, read-only folder), log and go on."""
        path = self._path(key)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with part.open("wb") as f:
                pickle.dump((kb, state), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(part, path)
        except (OSError, pickle.PicklingError) as e:
            log.warning("engine cache: build not kept (%s)", e)
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
            return
        self._prune()

    def _prune(self) -> None:
        """Remove all but the ``KEEP`` most recently used builds."""
        with contextlib.suppress(OSError):
            builds = sorted(
                self.folder.glob(f"{_PREFIX}*.pickle"),
                key=lambda p: p.stat().st_mtime_ns,
                reverse=True,
            )
            for old in builds[KEEP:]:
                old.unlink(missing_ok=True)
