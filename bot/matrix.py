"""The Matrix (Tchap) client: matrix-nio with end-to-end encryption, and what it remembers.

What to answer lives in :mod:`handlers.matrix`; this module keeps the connection: it
restores the bot's login and encryption keys (matrix-nio's store, a folder), syncs in a
loop, hands each new event of the sync to the handlers, and only then records the sync
token, so that a crash re-reads the batch rather than losing it. Every event handled is
recorded by its id (table ``matrix_events``), so a re-read batch is never answered twice.

Tables, in the question log's SQLite file:

- ``matrix_state`` (key, value): the sync token (``next_batch``) and the first start.
- ``matrix_events`` (event_id, ts): events already handled.
- ``matrix_rooms`` (room_id, joined_ms): when the bot joined each room (pseudonymised
  id), by the server's clock; earlier messages are history and never answered.
- ``matrix_answers`` (event_id, user, row_id, ts): the bot's answers and the question row a
  👍 / 👎 reaction on them rates; ``user`` is the asker's pseudonym.
- ``matrix_choices`` (conversation, user, actions, ts): the last numbered choices of each
  conversation (a room, pseudonymised), so that a reply with a number picks one, also
  after a restart.

Reconnection: matrix-nio retries a request that fails to connect or times out with a
growing delay (``backoff_factor``, at most ``max_retry_wait`` seconds) and waits out
``M_LIMIT_EXCEEDED`` for its ``retry_after_ms``; anything else that fails a sync is
retried here with the same kind of backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import sqlite_utils
from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteMemberEvent,
    JoinError,
    LoginResponse,
    RoomMemberEvent,
    RoomSendResponse,
    SyncError,
    SyncResponse,
)

from bot.service import Assistant
from bot.settings import MatrixSettings
from bot.store import MATRIX_ANSWERS, MATRIX_CHOICES, iso, utcnow

log = logging.getLogger(__name__)

STATE, EVENTS, ROOMS = "matrix_state", "matrix_events", "matrix_rooms"
ANSWERS, CHOICES = MATRIX_ANSWERS, MATRIX_CHOICES
KEEP_EVENTS = dt.timedelta(days=30)  # handled event ids older than this are forgotten
SYNC_TIMEOUT_MS = 30_000
# Up to 100 new events per room and sync (the server's default is 10): after an outage,
# the questions sent meanwhile come in the timeline rather than behind a gap.
SYNC_FILTER = {"room": {"timeline": {"limit": 100}}}


def now_ms() -> int:
    """Now, in milliseconds since the epoch (Matrix's origin_server_ts)."""
    return int(time.time() * 1000)


@dataclass(frozen=True)
class Choice:
    """One numbered choice: what a reply with its number does."""

    label: str
    action: str


class MatrixState:
    """What the Matrix channel remembers between restarts, in the question log's database."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        db.table(STATE).create({"key": str, "value": str}, pk="key", if_not_exists=True)
        db.table(EVENTS).create({"event_id": str, "ts": str}, pk="event_id", if_not_exists=True)
        db.table(ROOMS).create({"room_id": str, "joined_ms": int}, pk="room_id", if_not_exists=True)
        # matrix_answers and matrix_choices hold a person's data: the question log creates
        # them, and its forget and retention purge reach them (bot.store.ERASABLE).

    def get(self, key: str) -> str | None:
        """A stored value (``next_batch``, ``first_start_ms``)."""
        row = self.db.execute(f"SELECT value FROM {STATE} WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set(self, key: str, value: str) -> None:
        """Store a value."""
        with self.db.conn:
            self.db.table(STATE).upsert({"key": key, "value": value}, pk="key")

    def handled(self, event_id: str) -> bool:
        """True if this event was already handled."""
        row = self.db.execute(f"SELECT 1 FROM {EVENTS} WHERE event_id = ?", [event_id]).fetchone()
        return row is not None

    def mark_handled(self, event_id: str) -> None:
        """Record an event as handled."""
        with self.db.conn:
            self.db.execute(
                f"INSERT OR IGNORE INTO {EVENTS} (event_id, ts) VALUES (?, ?)",
                [event_id, iso(utcnow())],
            )

    def joined(self, room_id: str, joined_ms: int, *, replace: bool = False) -> None:
        """Record when the bot joined a room (kept if known, unless ``replace``)."""
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        with self.db.conn:
            self.db.execute(
                f"{verb} INTO {ROOMS} (room_id, joined_ms) VALUES (?, ?)", [room_id, joined_ms]
            )

    def joined_ms(self, room_id: str) -> int | None:
        """When the bot joined the room, if known."""
        row = self.db.execute(
            f"SELECT joined_ms FROM {ROOMS} WHERE room_id = ?", [room_id]
        ).fetchone()
        return None if row is None else int(row[0])

    def answered(self, event_id: str, user: str | None, row_id: int) -> None:
        """Remember which question row a reaction on the answer ``event_id`` rates."""
        with self.db.conn:
            self.db.table(ANSWERS).upsert(
                {"event_id": event_id, "user": user, "row_id": row_id, "ts": iso(utcnow())},
                pk="event_id",
            )

    def answer_row(self, event_id: str) -> int | None:
        """The question row of an answer, if it can be rated."""
        row = self.db.execute(
            f"SELECT row_id FROM {ANSWERS} WHERE event_id = ?", [event_id]
        ).fetchone()
        return None if row is None else int(row[0])

    def set_choices(self, conversation: str, user: str | None, choices: list[Choice]) -> None:
        """Remember a conversation's numbered choices (none: forget them)."""
        with self.db.conn:
            if not choices:
                self.db.execute(f"DELETE FROM {CHOICES} WHERE conversation = ?", [conversation])
                return
            actions = json.dumps([[c.label, c.action] for c in choices], ensure_ascii=False)
            self.db.table(CHOICES).upsert(
                {
                    "conversation": conversation,
                    "user": user,
                    "actions": actions,
                    "ts": iso(utcnow()),
                },
                pk="conversation",
            )

    def choices(self, conversation: str) -> list[Choice]:
        """A conversation's last numbered choices."""
        row = self.db.execute(
            f"SELECT actions FROM {CHOICES} WHERE conversation = ?", [conversation]
        ).fetchone()
        return (
            [] if row is None else [Choice(label, action) for label, action in json.loads(row[0])]
        )

    def prune(self, before: dt.datetime) -> None:
        """Forget handled event ids, rateable answers and numbered choices older than
        ``before``."""
        with self.db.conn:
            for table in (EVENTS, ANSWERS, CHOICES):
                self.db.execute(f"DELETE FROM {table} WHERE ts < ?", [iso(before)])


# The handlers: called for each new event of a joined room, and for each invite.
EventHandler = Callable[["MatrixChannel", Any, Any], Awaitable[None]]


@dataclass(frozen=True)
class Handlers:
    """What :class:`MatrixChannel` calls: ``event(channel, room, event)`` for each new
    timeline event of a joined room (not the bot's own, not from before it joined, not
    already handled), ``invite(channel, room_id, inviter)`` for each invite."""

    event: EventHandler
    invite: Callable[[MatrixChannel, str, str], Awaitable[None]]


def make_client(settings: MatrixSettings, max_retry_wait: float = 30.0) -> AsyncClient:
    """A matrix-nio client with encryption, its keys in ``settings.store``."""
    settings.store.mkdir(parents=True, exist_ok=True)
    config = AsyncClientConfig(
        encryption_enabled=True,
        store_sync_tokens=False,  # ours is stored once a batch is handled (matrix_state)
        max_timeout_retry_wait_time=max_retry_wait,
        request_timeout=60,
    )
    client = AsyncClient(
        settings.homeserver,
        settings.user_id,
        device_id=settings.device_id,
        store_path=str(settings.store),
        config=config,
    )
    client.restore_login(settings.user_id, settings.device_id, settings.access_token)
    return client


class MatrixChannel:
    """The bot on Matrix: sync, hand events to the handlers, send replies."""

    def __init__(
        self,
        settings: MatrixSettings,
        assistant: Assistant,
        handlers: Handlers,
        *,
        backoff: float = 1.0,
        max_retry_wait: float = 30.0,
        sync_timeout_ms: int = SYNC_TIMEOUT_MS,
    ) -> None:
        self.settings = settings
        self.assistant = assistant
        self.handlers = handlers
        self.state = MatrixState(assistant.log.db)
        self.client = make_client(settings, max_retry_wait)
        self.backoff = backoff
        self.max_retry_wait = max_retry_wait
        self.sync_timeout_ms = sync_timeout_ms
        self.synced = asyncio.Event()  # set after each handled sync (tests wait on it)
        self.pruned = 0.0

    @property
    def user_id(self) -> str:
        """The bot's Matrix id."""
        return self.settings.user_id

    def prune(self) -> None:
        """Apply the retention: 30 days, or FAQBOT_RETENTION_DAYS if shorter."""
        cutoff = max(utcnow() - KEEP_EVENTS, self.assistant.settings.retention_cutoff())
        try:
            self.state.prune(cutoff)
        except sqlite3.Error as e:  # a locked database: next time
            log.warning("matrix state not pruned: %s", e)
        self.pruned = time.monotonic()

    async def run(self) -> None:
        """Sync and answer until cancelled."""
        self.prune()
        if self.state.get("first_start_ms") is None:
            self.state.set("first_start_ms", str(now_ms()))
        token = self.state.get("next_batch")
        first, delay = True, self.backoff
        try:
            while True:
                try:
                    await self._keys()
                    response = await self.client.sync(
                        timeout=0 if first else self.sync_timeout_ms,
                        sync_filter=SYNC_FILTER,
                        since=token,
                        full_state=True if first else None,  # nio keeps no room state
                    )
                except asyncio.CancelledError:
                    raise
                except Exception as e:  # a proxy's HTML error page, a reset connection...
                    log.warning(
                        "matrix sync failed (%s), retrying in %.1f s", type(e).__name__, delay
                    )
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self.max_retry_wait)
                    continue
                if isinstance(response, SyncError):
                    log.warning(
                        "matrix sync error %s (%s), retrying in %.1f s",
                        response.status_code,
                        response.message,
                        delay,
                    )
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self.max_retry_wait)
                    continue
                delay = self.backoff
                await self._handle(response)
                token = response.next_batch
                self.state.set("next_batch", token)
                first = False
                self.synced.set()
                self.synced.clear()
                if time.monotonic() - self.pruned > 24 * 3600:
                    self.prune()
        finally:
            with contextlib.suppress(Exception):
                await asyncio.shield(self.client.close())

    async def _keys(self) -> None:
        """What matrix-nio's sync_forever does between syncs: keys and to-device messages."""
        client = self.client
        await client.send_to_device_messages()
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())

    async def _handle(self, response: SyncResponse) -> None:
        """Invites, then each joined room's new events, in order."""
        for room_id, info in response.rooms.invite.items():
            inviter = next(
                (
                    e.sender
                    for e in info.invite_state
                    if isinstance(e, InviteMemberEvent)
                    and e.state_key == self.user_id
                    and e.membership == "invite"
                ),
                None,
            )
            if inviter is not None:
                await self.handlers.invite(self, room_id, inviter)
        first_start = int(self.state.get("first_start_ms") or 0)
        for room_id, info in response.rooms.join.items():
            room = self.client.rooms.get(room_id)
            if room is None:
                continue
            for event in info.timeline.events:
                await self._event(room, event, first_start)

    async def _event(self, room: Any, event: Any, first_start: int) -> None:
        event_id = getattr(event, "event_id", None)
        if not event_id:
            return
        if (
            isinstance(event, RoomMemberEvent)
            and event.state_key == self.user_id
            and event.membership == "join"
            and (event.prev_membership or "leave") != "join"
        ):
            self.state.joined(self._room_key(room.room_id), event.server_timestamp, replace=True)
            return
        if event.sender == self.user_id or self.state.handled(event_id):
            return
        joined = self.state.joined_ms(self._room_key(room.room_id)) or first_start
        if event.server_timestamp < joined:
            return  # history from before the bot was there
        try:
            await self.handlers.event(self, room, event)
        except Exception:  # one bad event must not stop the channel
            log.exception("matrix event %s not handled", event_id)
        self.state.mark_handled(event_id)

    def _room_key(self, room_id: str) -> str:
        return self.assistant.pseudonym("matrix/r", room_id)

    async def join(self, room_id: str) -> bool:
        """Join a room; record when, so that its history is not answered."""
        self.state.joined(self._room_key(room_id), now_ms(), replace=True)
        response = await self.client.join(room_id)
        if isinstance(response, JoinError):
            log.warning("could not join %s: %s", room_id, response.message)
            return False
        return True

    async def refuse(self, room_id: str) -> None:
        """Decline an invite."""
        await self.client.room_leave(room_id)

    async def send(
        self, room_id: str, content: dict[str, Any], answering: str | None = None
    ) -> str | None:
        """Send a message (encrypted in encrypted rooms); its event id, or None.

        A reply to the event ``answering`` gets a transaction id made from that event's id:
        the homeserver keeps one event per transaction id, so a reply sent again after a
        crash (the event handled, the crash before it was recorded) is not shown twice.
        """
        txn = None
        if answering is not None:
            txn = "faqbot-" + hashlib.sha256(answering.encode()).hexdigest()[:32]
        try:
            response = await self.client.room_send(
                room_id, "m.room.message", content, tx_id=txn, ignore_unverified_devices=True
            )
        except asyncio.CancelledError:
            raise
        except Exception as e:  # nio's LocalProtocolError, SendRetryError (keys never shared)...
            log.warning("matrix send to %s failed: %s", room_id, type(e).__name__)
            return None
        if isinstance(response, RoomSendResponse):
            return str(response.event_id)
        log.warning("matrix send to %s failed: %s", room_id, getattr(response, "message", ""))
        return None


async def login(homeserver: str, user_id: str, password: str, device_name: str) -> LoginResponse:
    """Log in with a password; the response carries the access token and device id.

    Raises ValueError with the reason when the server refuses or cannot be reached.
    """
    # A few tries only: a wrong URL must not hang the command (nio retries forever by default).
    config = AsyncClientConfig(max_timeouts=2, request_timeout=20, max_timeout_retry_wait_time=2)
    client = AsyncClient(homeserver, user_id, config=config)
    try:
        response = await client.login(password, device_name=device_name)
    except (aiohttp.ClientError, TimeoutError) as e:
        raise ValueError(f"cannot reach {homeserver} ({type(e).__name__})") from None
    finally:
        await client.close()
    if not isinstance(response, LoginResponse):
        raise ValueError(f"login refused: {getattr(response, 'message', None) or response}")
    return response
