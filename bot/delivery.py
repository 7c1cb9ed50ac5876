"""Replies that survive a crash: the delivery state kept with each Telegram update.

Every message sent while an update is handled passes through :class:`OutboxLimiter` (the
bot's rate limiter, wrapped). It is recorded in the ``deliveries`` table before it is sent
(``pending``: what to send to which chat) and marked ``sent`` once Telegram has it. The
update is claimed (``updates`` table) when its handlers are done, and its delivery rows
are deleted then. So after a ``kill -9``:

- at restart, the messages still ``pending`` are sent before anything else;
- an update that was not claimed is handled again when Telegram redelivers it: its
  handlers run again (the question log keeps one row per update), and each message they
  send is matched with the first run's record by its position: one already ``sent`` is
  not sent again, one still ``pending`` is sent as it was first written.

Only a message that reached Telegram in the instant before the kill, before it could be
marked, is sent twice: duplicates are at most the messages in flight at the kill.
Nothing here decides what to answer: handlers do; this is about what they sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime as dt
import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, TelegramObject
from telegram.constants import MessageLimit
from telegram.error import BadRequest
from telegram.ext import BaseRateLimiter

from bot.render import html_to_text
from bot.store import DELIVERIES, QuestionLog, iso, utcnow

log = logging.getLogger(__name__)

OUTBOX = "outbox"  # key of the Outbox in the application's bot_data
RECORDED = frozenset({"sendMessage"})  # what a user waits for; other calls are not replayed
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


@dataclass
class Record:
    """One message of an update, as recorded: ``pending`` or ``sent``."""

    status: str
    payload: dict[str, Any]
    result: JSONResult | None


@dataclass
class Delivery:
    """The update being handled: who it is from, what an earlier run recorded, and how
    many messages this run has sent (the position of its next one)."""

    update_id: int
    user: str | None
    recorded: dict[int, Record] = field(default_factory=dict)
    position: int = 0


# The update the current task is handling (set by bot.telegram_app.handle_update).
CURRENT: contextvars.ContextVar[Delivery | None] = contextvars.ContextVar("delivery", default=None)


class Outbox:
    """The ``deliveries`` table, and one run at a time per update."""

    def __init__(self, question_log: QuestionLog) -> None:
        self.db = question_log.db
        self._locks: dict[int, tuple[asyncio.Lock, list[int]]] = {}
        self.resent = 0  # messages sent again because a crash interrupted their update
        self.skipped = 0  # messages not sent again: delivered before the crash

    @contextlib.asynccontextmanager
    async def lock(self, update_id: int) -> AsyncIterator[None]:
        """Hold ``update_id``: a redelivery arriving meanwhile waits for this run."""
        lock, users = self._locks.setdefault(update_id, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                yield
        finally:
            users[0] -= 1
            if not users[0]:
                del self._locks[update_id]

    def recorded(self, update_id: int) -> dict[int, Record]:
        """What an earlier run of ``update_id`` recorded, by position."""
        cursor = self.db.execute(
            f"SELECT seq, status, payload, result FROM {DELIVERIES} WHERE update_id = ?",
            [update_id],
        )
        return {
            seq: Record(status, json.loads(payload), json.loads(result) if result else None)
            for seq, status, payload, result in cursor
        }

    def interrupted(self) -> list[int]:
        """Updates with messages recorded but never marked sent."""
        cursor = self.db.execute(
            f"SELECT DISTINCT update_id FROM {DELIVERIES} WHERE status = 'pending' "
            "ORDER BY update_id"
        )
        return [int(r[0]) for r in cursor]

    def add(self, delivery: Delivery, seq: int, endpoint: str, payload: dict[str, Any]) -> None:
        """Record a message about to be sent."""
        with self.db.conn:
            self.db.execute(
                f"INSERT OR REPLACE INTO {DELIVERIES} (update_id, seq, user, endpoint, payload,"
                " status, ts) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
                [delivery.update_id, seq, delivery.user, endpoint, json.dumps(payload),
                 iso(utcnow())],
            )  # fmt: skip

    def mark_sent(self, update_id: int, seq: int, result: JSONResult) -> None:
        """Record that Telegram has a message (its id, not its text or the user's name)."""
        with self.db.conn:
            self.db.execute(
                f"UPDATE {DELIVERIES} SET status = 'sent', result = ? "
                "WHERE update_id = ? AND seq = ?",
                [json.dumps(_minimal(result)), update_id, seq],
            )

    async def send_recorded(self, bot: Bot, update_id: int, seq: int, record: Record) -> None:
        """Send a recorded message as it was first written, then mark it sent."""
        payload = dict(record.payload)
        token = CURRENT.set(None)  # not a new message of the current update
        try:
            message = await bot.send_message(
                payload.pop("chat_id"), payload.pop("text"), api_kwargs=payload
            )
        finally:
            CURRENT.reset(token)
        self.resent += 1
        log.info("update %s: message %d resent after an interruption", update_id, seq)
        with contextlib.suppress(sqlite3.Error):
            self.mark_sent(update_id, seq, message.to_dict())

    async def send_left(self, bot: Bot, delivery: Delivery) -> None:
        """Send the pending messages of an earlier run that this run did not reach."""
        for seq in sorted(s for s in delivery.recorded if s >= delivery.position):
            record = delivery.recorded[seq]
            if record.status == "pending":
                await self.send_recorded(bot, delivery.update_id, seq, record)

    async def resend_interrupted(self, bot: Bot) -> int:
        """At start: send the messages a crash left pending; return how many were sent."""
        before = self.resent
        try:
            updates = self.interrupted()
        except sqlite3.Error as e:
            log.warning("interrupted replies not looked up: %s", e)
            return 0
        for update_id in updates:
            async with self.lock(update_id):
                try:
                    recorded = self.recorded(update_id)
                except sqlite3.Error as e:
                    log.warning("replies of update %s not looked up: %s", update_id, e)
                    continue
                for seq, record in sorted(recorded.items()):
                    if record.status != "pending":
                        continue
                    try:
                        await self.send_recorded(bot, update_id, seq, record)
                    except Exception as e:  # Telegram down: the redelivery will try again
                        log.warning("update %s: reply not resent: %s", update_id, e)
        if self.resent > before:
            log.warning("%d reply(ies) interrupted by a crash resent", self.resent - before)
        return self.resent - before


class OutboxLimiter(BaseRateLimiter[int]):
    """The bot's rate limiter (``inner``), plus: every message of an update is recorded in
    the outbox around its sending; an HTML reply Telegram refuses is sent again as plain
    text; an expired callback query does not stop the reply that follows it."""

    def __init__(self, inner: BaseRateLimiter[int], outbox: Outbox) -> None:
        self.inner = inner
        self.outbox = outbox

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        if endpoint == "answerCallbackQuery":
            try:
                return await self.inner.process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest as e:  # "query is too old": a redelivery after a restart
                log.info("callback query not answered: %s", e)
                return True
        delivery = CURRENT.get()
        if delivery is None or endpoint not in RECORDED:
            return await self._send(callback, kwargs, endpoint, data, rate_limit_args)
        seq = delivery.position
        delivery.position += 1
        record = delivery.recorded.get(seq)
        if record is not None and record.status == "sent" and record.result is not None:
            self.outbox.skipped += 1
            log.info(
                "update %s: message %d delivered before, not sent again", delivery.update_id, seq
            )
            return record.result
        try:
            if record is not None:  # pending: send it as the first run wrote it
                data = record.payload
                self.outbox.resent += 1
                log.info(
                    "update %s: message %d resent after an interruption", delivery.update_id, seq
                )
            else:
                data = {k: _jsonable(v) for k, v in data.items()}
                self.outbox.add(delivery, seq, endpoint, data)
        except sqlite3.Error as e:  # the reply goes out anyway; only its record is missing
            log.warning("reply of update %s not recorded: %s", delivery.update_id, e)
        result = await self._send(callback, kwargs, endpoint, data, rate_limit_args)
        try:
            self.outbox.mark_sent(delivery.update_id, seq, result)
        except sqlite3.Error as e:
            log.warning("reply of update %s not marked sent: %s", delivery.update_id, e)
        return result

    async def _send(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        try:
            return await self.inner.process_request(
                callback, (endpoint, data), kwargs, endpoint, data, rate_limit_args
            )
        except BadRequest as e:
            refused_html = (
                endpoint in ("sendMessage", "editMessageText")
                and str(data.get("parse_mode", "")).upper() == "HTML"
                and "can't parse entities" in e.message.lower()
            )
            if not refused_html:
                raise
            # Telegram refused the markup (our check missed a rule): nobody is left
            # without an answer, the same text goes as plain text.
            log.error("Telegram refused a reply's HTML (%s): sent as plain text", e.message)
            plain = {k: v for k, v in data.items() if k not in ("parse_mode", "entities")}
            plain["text"] = html_to_text(str(data["text"]))[: MessageLimit.MAX_TEXT_LENGTH]
            return await self.inner.process_request(
                callback, (endpoint, plain), kwargs, endpoint, plain, rate_limit_args
            )


def _minimal(result: JSONResult) -> JSONResult:
    """What a handler may need of a sent message: its id, date and chat id and type."""
    if not isinstance(result, dict):
        return result
    chat = result.get("chat") or {}
    return {
        "message_id": result.get("message_id"),
        "date": result.get("date"),
        "chat": {"id": chat.get("id"), "type": chat.get("type")},
    }


def _jsonable(value: Any) -> Any:
    """A request parameter as JSON values (what the Bot API receives)."""
    if isinstance(value, TelegramObject):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    return value
