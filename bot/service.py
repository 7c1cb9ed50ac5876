"""The assistant: the engine with its I/O around it (FAQ files, clock, question log).

Shared by the CLI, the terminal chat, the Telegram bot and the HTTP API.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from bot import review
from bot.embedcache import EmbeddingCache
from bot.engine import Engine, Reply
from bot.enginecache import EngineCache, build_key
from bot.kb import KBError, KnowledgeBase, Lang, Problem, parse, version_of
from bot.matcher import Embedder, Matcher, MatcherConfig
from bot.settings import Settings
from bot.store import Pseudonymizer, QuestionLog
from bot.text import forget_memoised

log = logging.getLogger(__name__)
LOCK_WAIT = 0.25  # seconds the bot waits for a database another process holds


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


def fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of the FAQ's files: cheap to poll every second."""
    found = []
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        try:
            stat = path.stat()
        except OSError:  # removed while we looked
            continue
        found.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def load_kb(directory: Path, today: dt.date | None = None) -> KnowledgeBase:
    """Read and validate the FAQ folder; raise KBError listing every problem."""
    return parse(read_faq(directory), today=today)


def build_engine(
    directory: Path, today: dt.date | None, embed: Embedder, current: Engine | None = None
) -> Engine:
    """The engine for the FAQ folder; raise KBError listing every problem.

    ``current`` if the files are those it was built from; else a build kept in the engine
    cache (beside the embedding cache) if nothing it depends on changed; else the FAQ is
    parsed, validated and a new matcher built, and kept there for the next start.
    """
    files = read_faq(directory)
    if current is not None and current.version == version_of(files):
        return current
    disk = getattr(embed, "disk", None)  # the encoder's embedding cache, if it has one
    if not isinstance(disk, EmbeddingCache):
        return Engine(parse(files, today=today), embed)
    cache = EngineCache(disk.path.parent)
    key = build_key(files, today, disk.model, repr(MatcherConfig()))
    kept = cache.get(key)
    if kept is not None:
        kb, state = kept
        return Engine(kb, embed, matcher=Matcher.restore(kb, embed, state))
    engine = Engine(parse(files, today=today), embed)
    cache.put(key, engine.kb, engine.matcher.state())
    return engine


@dataclass(frozen=True)
class Reloaded:
    """The outcome of a FAQ reload: the version live now, and the problems if it failed."""

    changed: bool
    version: str
    problems: tuple[Problem, ...] = ()


@dataclass
class Asked:
    """A reply and the id of its row in the question log (None if it could not be written)."""

    reply: Reply
    row_id: int | None


class Assistant:
    """Answers questions with the live engine and logs them, pseudonymised and redacted.

    Platform user ids go in, pseudonyms are what is stored.
    """

    def __init__(
        self, settings: Settings, embed: Embedder, question_log: QuestionLog | None = None
    ) -> None:
        self.settings = settings
        self._embed = embed
        self.engine = build_engine(settings.faq_dir, settings.today, embed)
        # A short busy timeout: when another process holds the database, rows wait in
        # memory rather than the user waiting for an answer.
        self.log = question_log or QuestionLog(settings.db_path, timeout=LOCK_WAIT)
        self.pseudonym = Pseudonymizer.from_setting(
            settings.pseudonym_key, settings.pseudonym_key_file
        )

    @property
    def embed(self) -> Embedder:
        """The sentence encoder (to build another engine, e.g. a replay on a draft FAQ)."""
        return self._embed

    def today(self) -> dt.date:
        """The date answers are computed for."""
        return self.settings.current_date()

    def reload(self) -> Reloaded:
        """Load the FAQ folder again; if it is invalid, keep serving the last good version.

        Only new phrasings are embedded (the encoder remembers the others), so a reload
        takes well under a second. The new engine is swapped in whole: a question being
        answered finishes on the engine it started with.
        """
        try:
            engine = build_engine(self.settings.faq_dir, self.today(), self._embed, self.engine)
        except KBError as e:
            log.error("FAQ invalid, still serving version %s:\n%s", self.engine.version, e)
            return Reloaded(False, self.engine.version, e.problems)
        if engine is self.engine:
            return Reloaded(False, engine.version)
        self.engine = engine
        log.info("FAQ reloaded: version %s, %d entries", engine.version, len(engine.kb.entries))
        return Reloaded(True, engine.version)

    def purge(self) -> int:
        """Apply the retention period; return how many questions were deleted."""
        deleted = self.log.purge(self.settings.retention_cutoff())
        self.forget_in_memory()
        log.info(
            "retention: %d question(s) older than %d days deleted",
            deleted,
            self.settings.retention_days,
        )
        return deleted

    def user(self, channel: str, user: str | int | None) -> str | None:
        """The pseudonym stored for a platform user."""
        return None if user is None else self.pseudonym(channel, user)

    def ask(
        self,
        question: str,
        *,
        channel: str,
        user: str | int | None,
        lang: Lang | None = None,
        default_lang: Lang = "fr",
        update_id: int | None = None,
    ) -> Asked:
        """Answer ``question`` and log it."""
        engine = self.engine  # one engine for the whole question, even if the FAQ reloads
        reply = engine.ask(question, self.today(), lang, default_lang)
        row = self.log_reply(
            reply, question, channel=channel, user=user, version=engine.version, update_id=update_id
        )
        return Asked(reply, row)

    def log_reply(
        self,
        reply: Reply,
        question: str,
        *,
        channel: str,
        user: str | int | None,
        version: str,
        via: str = "text",
        update_id: int | None = None,
        context: bool = False,
    ) -> int | None:
        """Log one answered question under the user's pseudonym; its row id (None if it waits
        in memory)."""
        row_id = self.log.log(
            channel=channel,
            user=self.user(channel, user),
            lang=reply.lang,
            question=question,
            outcome=reply.outcome,
            entry_id=reply.entry_id,
            score=reply.score,
            confidence=reply.confidence,
            kb_version=version,
            via=via,
            update_id=update_id,
            context=context,
        )
        log.info(
            "question row=%s outcome=%s entry=%s score=%.3f via=%s context=%s",
            row_id,
            reply.outcome,
            reply.entry_id,
            reply.score,
            via,
            int(context),
        )
        return row_id

    def feedback(self, row_id: int, value: int, *, channel: str, user: str | int) -> bool:
        """Store 👍 (1) / 👎 (-1) on the user's own question row."""
        return self.log.set_feedback(row_id, value, user=self.user(channel, user))

    def forget(self, *, channel: str, user: str | int) -> int:
        """Erase a user's questions and preferences; return how many questions."""
        pseudonym = self.user(channel, user)
        assert pseudonym is not None
        erased = self.log.forget(pseudonym)
        self.forget_in_memory()
        return erased

    def forget_in_memory(self) -> None:
        """Drop every text of recent questions this process remembers to go faster (the
        matcher's verdicts and corrections, memoised words and grouping keys). They are tied
        to no one, so all of them go with any erasure."""
        self.engine.matcher.forget_questions()
        forget_memoised()
        review.key_of.cache_clear()

    def language_of(self, *, channel: str, user: str | int) -> Lang | None:
        """The user's /lang choice, if any."""
        pseudonym = self.user(channel, user)
        lang = self.log.get_lang(pseudonym) if pseudonym else None
        return lang if lang in ("fr", "en") else None  # type: ignore[return-value]

    def set_language(self, lang: Lang, *, channel: str, user: str | int) -> None:
        """Remember the user's /lang choice."""
        pseudonym = self.user(channel, user)
        assert pseudonym is not None
        self.log.set_lang(pseudonym, lang)
