"""The Matrix channel against a real Synapse: encrypted rooms, the bot as `faqbot run` runs it.

The person is a second matrix-nio client with its own key store; everything goes through
the homeserver over HTTP, end-to-end encrypted. Each test registers fresh users.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from click.testing import CliRunner
from conftest import FAQ_DIR, TODAY
from homeserver import Account, Synapse
from nio import (
    Api,
    AsyncClient,
    AsyncClientConfig,
    RoomCreateResponse,
    RoomMessageNotice,
    RoomSendResponse,
)

from bot.cli import cli
from bot.conversation import Conversation
from bot.encoder import SentenceEncoder
from bot.matrix import MatrixChannel
from bot.service import Assistant
from bot.settings import MatrixSettings, Settings
from handlers.matrix import handlers

ENCRYPTION = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}
KEY = "test-pseudonym-key-at-least-32-bytes"
WAIT = 60.0  # seconds for a reply; the server answers in well under one


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    server = Synapse(tmp_path_factory.mktemp("synapse"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def admin(synapse: Synapse) -> Account:
    return synapse.register("admin", admin=True)


class Person:
    """Someone chatting with the bot from their own Matrix client (matrix-nio, own store)."""

    def __init__(self, server: Synapse, account: Account, store: Path) -> None:
        store.mkdir(parents=True, exist_ok=True)
        config = AsyncClientConfig(
            encryption_enabled=True, store_sync_tokens=True, max_timeout_retry_wait_time=1
        )
        self.client = AsyncClient(
            server.url, account.user_id, account.device_id, str(store), config
        )
        self.client.restore_login(account.user_id, account.device_id, account.access_token)
        self.user_id = account.user_id
        self.notices: asyncio.Queue[tuple[str, RoomMessageNotice]] = asyncio.Queue()
        self.client.add_event_callback(self._notice, RoomMessageNotice)
        self.task: asyncio.Task[None] | None = None

    async def _notice(self, room: Any, event: RoomMessageNotice) -> None:
        if event.sender != self.user_id:
            await self.notices.put((room.room_id, event))

    async def start(self) -> None:
        self.task = asyncio.create_task(self.client.sync_forever(timeout=1000, full_state=True))
        await asyncio.wait_for(self.client.synced.wait(), WAIT)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        await self.client.close()

    async def room(self, *invite: str, direct: bool = True, joining: Any = ()) -> str:
        """An encrypted room with these users, once they have all joined (the bot joins by
        itself; ``joining`` are other people's clients, told to join)."""
        response = await self.client.room_create(
            is_direct=direct, invite=list(invite), initial_state=[ENCRYPTION]
        )
        assert isinstance(response, RoomCreateResponse), response
        for other in joining:
            await other.until(lambda o=other: response.room_id in o.client.invited_rooms)
            await other.client.join(response.room_id)
        await self.until(lambda: all(u in self.members(response.room_id) for u in invite))
        return str(response.room_id)

    def members(self, room_id: str) -> set[str]:
        """The room's joined members."""
        room = self.client.rooms.get(room_id)
        if room is None:
            return set()
        return {u for u, member in room.users.items() if not member.invited}

    async def until(self, condition: Any, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            await asyncio.sleep(0.1)

    async def send(self, room_id: str, content: dict[str, Any]) -> str:
        """Send an encrypted message, once every member's devices are known (else the
        message key would not be shared with them)."""
        others = [u for u in self.members(room_id) if u != self.user_id]

        def known() -> bool:
            return all(list(self.client.device_store.active_user_devices(u)) for u in others)

        deadline = time.monotonic() + WAIT
        while not known():
            assert time.monotonic() < deadline, "devices never known"
            if self.client.should_query_keys:
                await self.client.keys_query()
            await asyncio.sleep(0.1)
        response = await self.client.room_send(
            room_id, "m.room.message", content, ignore_unverified_devices=True
        )
        assert isinstance(response, RoomSendResponse), response
        return str(response.event_id)

    async def say(self, room_id: str, text: str, **extra: Any) -> str:
        return await self.send(room_id, {"msgtype": "m.text", "body": text, **extra})

    async def react(self, room_id: str, event_id: str, key: str) -> None:
        """A reaction encrypted like Element's (nio's room_send sends reactions in clear)."""
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        kind, encrypted = self.client.encrypt(room_id, "m.reaction", content)
        method, path, data = Api.room_send(
            self.client.access_token, room_id, kind, encrypted, uuid4()
        )
        response = await self.client._send(RoomSendResponse, method, path, data, (room_id,))
        assert isinstance(response, RoomSendResponse), response

    async def reply(self, room_id: str, timeout: float = WAIT) -> RoomMessageNotice:
        """The next notice in the room."""
        while True:
            found_room, event = await asyncio.wait_for(self.notices.get(), timeout)
            if found_room == room_id:
                return event

    async def ask(self, room_id: str, text: str, **extra: Any) -> RoomMessageNotice:
        await self.say(room_id, text, **extra)
        return await self.reply(room_id)

    async def silence(self, room_id: str, seconds: float = 3.0) -> None:
        with pytest.raises(TimeoutError):
            event = await self.reply(room_id, seconds)
            raise AssertionError(f"unexpected reply: {event.body}")


class Bot:
    """The bot as `faqbot run` starts its Matrix channel; stopped and started again at will."""

    def __init__(self, settings: Settings, encoder: SentenceEncoder) -> None:
        self.settings = settings
        self.encoder = encoder
        self.task: asyncio.Task[None] | None = None
        self.channel: MatrixChannel | None = None
        self.assistant: Assistant

    async def start(self) -> None:
        assert self.settings.matrix is not None
        self.assistant = Assistant(self.settings, self.encoder)
        talk = Conversation(self.assistant)
        self.channel = MatrixChannel(
            self.settings.matrix,
            self.assistant,
            handlers(talk),
            backoff=0.2,
            max_retry_wait=1.0,
            sync_timeout_ms=5000,
        )
        self.task = asyncio.create_task(self.channel.run())
        await asyncio.wait_for(self.channel.synced.wait(), WAIT)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        self.assistant.log.close()

    def rows(self) -> list[dict[str, Any]]:
        with contextlib.closing(sqlite3.connect(self.settings.db_path)) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM questions ORDER BY id")]


@pytest.fixture
async def world(synapse: Synapse, encoder: SentenceEncoder, tmp_path: Path) -> Any:
    """A fresh bot account and a fresh person, both running."""
    bot_account = synapse.register("faqbot")
    matrix = MatrixSettings(
        homeserver=synapse.url,
        user_id=bot_account.user_id,
        access_token=bot_account.access_token,
        device_id=bot_account.device_id,
        store=tmp_path / "matrix-store",
        allowed_servers=frozenset({"localhost"}),
    )
    settings = Settings(
        db_path=tmp_path / "faqbot.db",
        faq_dir=FAQ_DIR,
        today=TODAY,
        pseudonym_key=KEY,
        matrix=matrix,
    )
    bot = Bot(settings, encoder)
    await bot.start()
    person = Person(synapse, synapse.register("alice"), tmp_path / "alice")
    await person.start()
    yield bot, person
    await person.stop()
    await bot.stop()


async def test_encrypted_dm_in_french_and_english_with_a_follow_up(
    world: tuple[Bot, Person], synapse: Synapse, admin: Account, tmp_path: Path
) -> None:
    bot, person = world
    assert bot.settings.matrix is not None
    room = await person.room(bot.settings.matrix.user_id)

    answer = await person.ask(room, "Quelle était la date limite de candidature ?")
    assert "30 septembre 2023" in answer.body
    content = answer.source["content"]
    assert content["format"] == "org.matrix.custom.html"
    assert "<a href=" in content["formatted_body"]  # sources, as links
    assert "<" not in answer.body and "http" in answer.body  # plain text, sources as URLs
    assert "👍" in answer.body

    english = await person.ask(room, "Who could apply?")
    assert "React 👍 or 👎" in english.body
    assert "Réagissez" not in english.body

    await person.ask(room, "c quoi la 4e edition du bac a sable")
    await person.ask(room, "et elle se termine quand ?")
    rows = bot.rows()
    assert [r["lang"] for r in rows] == ["fr", "en", "fr", "fr"]
    assert rows[3]["entry_id"] == rows[2]["entry_id"] == "edition-seniors"
    assert rows[3]["context"] == 1  # the follow-up was read with the previous answer
    assert {r["channel"] for r in rows} == {"matrix"}
    assert person.user_id not in {r["user"] for r in rows}  # pseudonymised

    # The server holds only encrypted messages: no m.room.message, 4 questions + 4 answers.
    types = synapse.room_event_types(room, admin)
    assert "m.room.message" not in types
    assert types.count("m.room.encrypted") == 8

    # faqbot forget --matrix-id erases them
    env = {"FAQBOT_DB": str(bot.settings.db_path), "FAQBOT_PSEUDONYM_KEY": KEY}
    args = ["forget", "--matrix-id", person.user_id, "--yes"]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert f"4 question(s) of Matrix id {person.user_id} erased" in result.output
    assert bot.rows() == []


async def test_numbered_choice_reaction_and_forget(world: tuple[Bot, Person]) -> None:
    bot, person = world
    assert bot.settings.matrix is not None
    room = await person.room(bot.settings.matrix.user_id)

    listed = await person.ask(room, "c'est quoi le bac a sable ?")
    assert "\n1. " in listed.body and "<ol><li>" in listed.source["content"]["formatted_body"]
    first = listed.body.split("\n1. ", 1)[1].splitlines()[0]

    picked = await person.ask(room, "1")
    assert bot.rows()[-1]["via"] == "button"
    assert bot.rows()[-1]["question"] == first  # the numbered choice's title is logged

    # Edits and notices are not answered: the next reply is the next question's.
    await person.say(
        room,
        "* date limite ?",
        **{
            "m.new_content": {"msgtype": "m.text", "body": "date limite ?"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": picked.event_id},
        },
    )
    await person.send(room, {"msgtype": "m.notice", "body": "date limite ?"})
    nothing = await person.ask(room, "7")
    assert "No choice" in nothing.body or "Aucun choix" in nothing.body

    # A message the bot has no key for: it asks for it again, in both languages.
    junk = {
        "algorithm": "m.megolm.v1.aes-sha2",
        "ciphertext": "AwgAEnB",
        "sender_key": "c2VuZGVyIGtleQ",
        "session_id": "bm8gc3VjaCBzZXNzaW9u",
        "device_id": "NOSUCHDEVICE",
    }
    method, path, data = Api.room_send(
        person.client.access_token, room, "m.room.encrypted", junk, uuid4()
    )
    await person.client._send(RoomSendResponse, method, path, data, (room,))
    unreadable = await person.reply(room)
    assert "déchiffrer" in unreadable.body and "decrypt" in unreadable.body

    await person.react(room, picked.event_id, "👍")
    await person.react(room, listed.event_id, "👎")  # rates the first question
    answered = await person.ask(room, "!aide")  # the reactions came before: now stored
    assert "!sujets" in answered.body and "/topics" not in answered.body
    feedback = [r["feedback"] for r in bot.rows()]
    assert feedback[-1] == 1

    topics = await person.ask(room, "!sujets")
    assert "\n1. " in topics.body
    topic = await person.ask(room, "2")
    assert "\n1. " in topic.body  # a topic's questions, numbered in turn

    erased = await person.ask(room, "!oubli")
    assert "2" in erased.body  # the two questions
    assert bot.rows() == []
    gone = await person.ask(room, "1")  # the numbered choices were erased too
    assert "Aucun choix" in gone.body or "No choice" in gone.body


async def test_group_room_answers_only_when_mentioned(
    world: tuple[Bot, Person], synapse: Synapse, tmp_path: Path
) -> None:
    bot, person = world
    assert bot.settings.matrix is not None
    me = bot.settings.matrix.user_id
    other = Person(synapse, synapse.register("bob"), tmp_path / "bob")
    await other.start()
    try:
        room = await person.room(me, other.user_id, direct=False, joining=[other])
        await person.say(room, "Quelle était la date limite de candidature ?")
        await person.silence(room)
        assert bot.rows() == []

        answer = await person.ask(
            room,
            f"{me}: quelle était la date limite de candidature ? jean.dupont@example.fr",
            **{"m.mentions": {"user_ids": [me]}},
        )
        assert "30 septembre 2023" in answer.body
        await person.until(lambda: bot.rows()[-1]["question"] is not None)  # after the reply
        question = bot.rows()[-1]["question"]
        assert question.startswith("quelle était la date limite")  # the mention removed
        assert "jean.dupont" not in question and "[email]" in question  # redacted
        await other.reply(room)  # the other member reads it too
    finally:
        await other.stop()


async def test_restart_answers_nothing_twice_then_decrypts_with_its_stored_keys(
    world: tuple[Bot, Person],
) -> None:
    bot, person = world
    assert bot.settings.matrix is not None
    room = await person.room(bot.settings.matrix.user_id)
    await person.ask(room, "Quelle était la date limite de candidature ?")
    await person.ask(room, "Who could apply?")

    await bot.stop()
    await bot.start()
    await person.silence(room)
    assert len(bot.rows()) == 2

    answer = await person.ask(room, "c quoi la 4e edition du bac a sable")
    assert answer.body
    assert len(bot.rows()) == 3


async def test_a_crash_between_reply_and_record_shows_no_second_reply(
    world: tuple[Bot, Person],
) -> None:
    bot, person = world
    assert bot.settings.matrix is not None
    room = await person.room(bot.settings.matrix.user_id)
    await person.ask(room, "Who could apply?")
    assert bot.channel is not None
    before = bot.channel.state.get("next_batch")
    await person.ask(room, "Quelle était la date limite de candidature ?")

    # As if the bot had died after replying, before recording the event and the sync token.
    await bot.stop()
    with contextlib.closing(sqlite3.connect(bot.settings.db_path)) as conn, conn:
        conn.execute("UPDATE matrix_state SET value = ? WHERE key = 'next_batch'", [before])
        conn.execute("DELETE FROM matrix_events")
    await bot.start()
    await person.silence(room)  # handled again, sent again: the server kept the first one
    answer = await person.ask(room, "c quoi la 4e edition du bac a sable")
    assert answer.body


async def test_homeserver_restart_mid_conversation_loses_nothing(
    world: tuple[Bot, Person], synapse: Synapse
) -> None:
    bot, person = world
    assert bot.settings.matrix is not None
    room = await person.room(bot.settings.matrix.user_id)
    await person.ask(room, "Quelle était la date limite de candidature ?")

    # Sent, then the server goes down before or while the bot answers.
    await person.say(room, "Who could apply?")
    synapse.stop()
    await asyncio.sleep(2)
    synapse.start()
    english = await person.reply(room)
    assert "React" in english.body

    follow = await person.ask(room, "c quoi la 4e edition du bac a sable")
    assert follow.body
    await person.silence(room, 2)
    assert len(bot.rows()) == 3


async def test_invites_from_other_servers_are_declined(
    synapse: Synapse, encoder: SentenceEncoder, tmp_path: Path
) -> None:
    account = synapse.register("faqbot")
    matrix = MatrixSettings(
        synapse.url,
        account.user_id,
        account.access_token,
        account.device_id,
        tmp_path / "store",
        frozenset({"agent.tchap.gouv.fr"}),
    )
    bot = Bot(
        Settings(db_path=tmp_path / "db", faq_dir=FAQ_DIR, today=TODAY, matrix=matrix), encoder
    )
    await bot.start()
    person = Person(synapse, synapse.register("eve"), tmp_path / "eve")
    await person.start()
    try:
        response = await person.client.room_create(is_direct=True, invite=[account.user_id])
        room = response.room_id

        def left() -> bool:
            found = person.client.rooms.get(room)
            return found is not None and account.user_id not in found.invited_users

        await person.until(left)
        assert account.user_id not in person.members(room)
    finally:
        await person.stop()
        await bot.stop()


def test_login_prints_the_token_and_device(synapse: Synapse) -> None:
    account = synapse.register("faqbot")
    args = ["matrix", "login", "--homeserver", synapse.url, "--user-id", account.user_id]
    result = CliRunner().invoke(cli, args, input=account.password + "\n", env={})
    assert result.exit_code == 0, result.output
    assert account.password not in result.output  # typed, not echoed
    assert "FAQBOT_MATRIX_ACCESS_TOKEN=" in result.output
    assert "FAQBOT_MATRIX_DEVICE_ID=" in result.output

    wrong = CliRunner().invoke(cli, args, input="not-the-password\n", env={})
    assert wrong.exit_code == 1 and "login refused" in wrong.output
    assert "Traceback" not in wrong.output


def test_login_to_an_unreachable_server_says_so() -> None:
    from homeserver import free_port

    url = f"http://127.0.0.1:{free_port()}"
    args = ["matrix", "login", "--homeserver", url, "--user-id", "@faqbot:localhost"]
    result = CliRunner().invoke(cli, args, input="secret\n", env={})
    assert result.exit_code == 1 and f"cannot reach {url}" in result.output
    assert "Traceback" not in result.output


def test_login_without_homeserver_is_a_usage_error() -> None:
    unset = {"FAQBOT_MATRIX_HOMESERVER": None}
    result = CliRunner().invoke(cli, ["matrix", "login", "--user-id", "@a:b"], env=unset)
    assert result.exit_code == 2 and "--homeserver" in result.output


async def test_faqbot_run_serves_matrix_beside_telegram(
    synapse: Synapse, encoder: SentenceEncoder, tmp_path: Path
) -> None:
    from fakebotapi import FakeBotAPI
    from telegram_harness import running, settings_for

    account = synapse.register("faqbot")
    matrix = MatrixSettings(
        synapse.url,
        account.user_id,
        account.access_token,
        account.device_id,
        tmp_path / "store",
        frozenset({"localhost"}),
    )
    person = Person(synapse, synapse.register("carol"), tmp_path / "carol")
    await person.start()
    try:
        async with FakeBotAPI() as fake:
            settings = settings_for(fake, tmp_path, webhook=False, matrix=matrix)
            async with running(fake, settings, encoder):
                room = await person.room(account.user_id)
                answer = await person.ask(room, "Quelle était la date limite de candidature ?")
                assert "30 septembre 2023" in answer.body
            # stopped with the rest: the room gets no answer any more
            await person.say(room, "Who could apply?")
            await person.silence(room, 2)
    finally:
        await person.stop()


async def test_rate_limited_replies_wait_for_retry_after(
    world: tuple[Bot, Person], synapse: Synapse, admin: Account, caplog: pytest.LogCaptureFixture
) -> None:
    bot, person = world
    assert bot.settings.matrix is not None
    me = bot.settings.matrix.user_id
    room = await person.room(me)
    # The bot may send one message a second, no burst: Synapse answers M_LIMIT_EXCEEDED.
    synapse.request(
        "POST",
        f"/_synapse/admin/v1/users/{me}/override_ratelimit",
        {"messages_per_second": 1, "burst_count": 1},
        token=admin.access_token,
    )
    questions = ["date limite ?", "who could apply?", "c quoi la 4e edition du bac a sable"]
    for question in questions:
        await person.say(room, question)
    replies = [await person.reply(room) for _ in questions]
    assert "30 septembre 2023" in replies[0].body and "React" in replies[1].body
    assert "ratelimited" in caplog.text  # matrix-nio waited for retry_after_ms
    assert len(bot.rows()) == 3


async def test_messages_from_before_the_bot_joined_are_not_answered(
    world: tuple[Bot, Person],
) -> None:
    bot, person = world
    assert bot.settings.matrix is not None
    me = bot.settings.matrix.user_id
    await bot.stop()  # invited while away: it joins when it comes back
    response = await person.client.room_create(
        is_direct=True, invite=[me], initial_state=[ENCRYPTION]
    )
    assert isinstance(response, RoomCreateResponse), response
    room = response.room_id
    await person.until(
        lambda: room in person.client.rooms and me in person.client.rooms[room].users
    )
    await person.say(room, "Quelle était la date limite de candidature ?")  # history for the bot
    await bot.start()
    await person.until(lambda: me in person.members(room))
    await person.silence(room)
    answer = await person.ask(room, "Who could apply?")
    assert "React" in answer.body
    assert [r["lang"] for r in bot.rows()] == ["en"]
