"""The Matrix settings, the handlers' pure parts and the channel's SQLite state (no homeserver)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from nio import MatrixRoom, RoomMemberEvent, RoomMessageText

from bot.dialogue import Button, Response
from bot.matrix import Choice, MatrixState
from bot.settings import Settings, SettingsError
from bot.store import QuestionLog
from handlers.matrix import addressed_text, choices_of, content_of

MATRIX = {
    "FAQBOT_MATRIX_HOMESERVER": "https://matrix.agent.tchap.gouv.fr/",
    "FAQBOT_MATRIX_USER_ID": "@faqbot:agent.tchap.gouv.fr",
    "FAQBOT_MATRIX_ACCESS_TOKEN": "syt_token",
    "FAQBOT_MATRIX_DEVICE_ID": "ABCDEFGHIJ",
}


def test_matrix_is_off_by_default() -> None:
    assert Settings.from_env({}).matrix is None


def test_matrix_settings_and_their_defaults() -> None:
    m = Settings.from_env({**MATRIX, "FAQBOT_DB": "/var/lib/faqbot/faqbot.db"}).matrix
    assert m is not None
    assert m.homeserver == "https://matrix.agent.tchap.gouv.fr"
    assert m.store == Path("/var/lib/faqbot/matrix-store")  # beside the database
    assert m.allowed_servers == frozenset({"agent.tchap.gouv.fr"})  # the bot's own server


def test_allowed_servers_and_store() -> None:
    env = {
        **MATRIX,
        "FAQBOT_MATRIX_ALLOWED_SERVERS": "agent.tchap.gouv.fr, Agent.Education.Tchap.gouv.fr",
        "FAQBOT_MATRIX_STORE": "/keys",
    }
    m = Settings.from_env(env).matrix
    assert m is not None and m.store == Path("/keys")
    assert m.allowed_servers == {"agent.tchap.gouv.fr", "agent.education.tchap.gouv.fr"}


@pytest.mark.parametrize("missing", sorted(MATRIX))
def test_a_half_setup_names_the_missing_variable(missing: str) -> None:
    env = {k: v for k, v in MATRIX.items() if k != missing}
    with pytest.raises(SettingsError, match=f"^{missing}: required"):
        Settings.from_env(env)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FAQBOT_MATRIX_HOMESERVER", "matrix.agent.tchap.gouv.fr"),
        ("FAQBOT_MATRIX_USER_ID", "faqbot"),
        ("FAQBOT_MATRIX_USER_ID", "@faqbot"),
    ],
)
def test_wrong_matrix_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name}:"):
        Settings.from_env({**MATRIX, name: value})


def test_content_is_html_with_a_plain_body_and_numbered_choices() -> None:
    response = Response(
        "en",
        'The call closed.\n<a href="https://example.org/call">The call</a>',
        (
            Button("Who could apply?", "e:en:who-can-apply", "entry"),
            Button("<b>x</b>", "e:en:x", "entry"),
            Button("👍", "f:7:1", "feedback"),
            Button("👎", "f:7:-1", "feedback"),
        ),
    )
    content = content_of(response, choices_of(response))
    assert content["msgtype"] == "m.notice"
    assert content["body"].startswith("The call closed.\nThe call (https://example.org/call)")
    assert "\n1. Who could apply?\n2. <b>x</b>\n" in content["body"]
    assert (
        "<ol><li>Who could apply?</li><li>&lt;b&gt;x&lt;/b&gt;</li></ol>"
        in (content["formatted_body"])
    )
    assert "<br>" in content["formatted_body"]  # Matrix HTML ignores newlines
    assert "React 👍 or 👎" in content["body"]


class _Channel:
    user_id = "@faqbot:localhost"


def _room(members: int) -> MatrixRoom:
    room = MatrixRoom("!r:localhost", "@faqbot:localhost")
    for n in range(members):
        user = "@faqbot:localhost" if n == 0 else f"@u{n}:localhost"
        event = RoomMemberEvent.from_dict(
            {
                "type": "m.room.member",
                "event_id": f"$m{n}",
                "sender": user,
                "state_key": user,
                "origin_server_ts": 1,
                "content": {"membership": "join", "displayname": "FAQ bot" if n == 0 else None},
            }
        )
        room.handle_membership(event)
    return room


def _text(body: str, **content: object) -> RoomMessageText:
    return RoomMessageText.from_dict(
        {
            "type": "m.room.message",
            "event_id": "$e",
            "sender": "@u1:localhost",
            "origin_server_ts": 1,
            "content": {"msgtype": "m.text", "body": body, **content},
        }
    )


@pytest.mark.parametrize(
    ("members", "body", "content", "expected"),
    [
        (2, "date limite ?", {}, "date limite ?"),
        (2, "> <@u1:localhost> avant\n\ndate limite ?", {}, "date limite ?"),  # reply fallback
        (3, "date limite ?", {}, None),
        (3, "@faqbot:localhost: date limite ?", {}, "date limite ?"),
        (3, "FAQ bot: date limite ?", {}, "date limite ?"),
        (3, "faqbot date limite ?", {}, "date limite ?"),
        (3, "date limite ?", {"m.mentions": {"user_ids": ["@faqbot:localhost"]}}, "date limite ?"),
        (3, "faqbotx date limite ?", {}, None),
    ],
)
def test_groups_need_a_mention(
    members: int, body: str, content: dict[str, object], expected: str | None
) -> None:
    room = _room(members)
    assert addressed_text(_Channel(), room, _text(body, **content)) == expected  # type: ignore[arg-type]


def test_state_survives_a_restart_is_erased_with_a_person_and_ages_out(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "db")
    state = MatrixState(log.db)
    state.set("next_batch", "s1")
    state.mark_handled("$q1")
    state.answered("$a1", "alice", 7)
    state.answered("$a2", "bob", 8)
    state.set_choices("room", "alice", [Choice("Who?", "e:en:who-can-apply")])

    log.close()
    log = QuestionLog(tmp_path / "db")  # a new process
    again = MatrixState(log.db)
    assert again.get("next_batch") == "s1" and again.handled("$q1") and not again.handled("$q2")
    assert again.answer_row("$a1") == 7
    assert again.choices("room") == [Choice("Who?", "e:en:who-can-apply")]

    log.forget("alice")  # faqbot forget, !oubli: bot.store.ERASABLE has the Matrix tables
    assert again.answer_row("$a1") is None and again.choices("room") == []
    assert again.answer_row("$a2") == 8  # someone else's

    again.prune(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1))
    assert not again.handled("$q1") and again.answer_row("$a2") is None
    assert again.get("next_batch") == "s1"  # the sync token is kept


async def test_a_channel_that_cannot_start_says_why(
    tmp_path: Path, encoder: object, caplog: pytest.LogCaptureFixture
) -> None:
    from conftest import FAQ_DIR, TODAY

    from bot.service import Assistant
    from bot.settings import MatrixSettings
    from handlers.matrix import serve

    (tmp_path / "not-a-folder").write_text("")
    matrix = MatrixSettings(
        "http://127.0.0.1:9",
        "@faqbot:localhost",
        "token",
        "DEVICE",
        tmp_path / "not-a-folder",
        frozenset({"localhost"}),
    )
    settings = Settings(db_path=tmp_path / "db", faq_dir=FAQ_DIR, today=TODAY, matrix=matrix)
    assistant = Assistant(settings, encoder)  # type: ignore[arg-type]
    with pytest.raises(OSError):
        await serve(matrix, assistant)
    assert "matrix channel stopped" in caplog.text


async def test_a_reply_that_cannot_be_sent_is_marked_on_its_row(
    tmp_path: Path, encoder: object
) -> None:
    import sqlite3

    from conftest import FAQ_DIR, TODAY

    from bot.conversation import Conversation
    from bot.matrix import MatrixChannel
    from bot.service import Assistant
    from bot.settings import MatrixSettings
    from handlers.matrix import chat_of, handlers, reply

    matrix = MatrixSettings(
        "http://127.0.0.1:9",
        "@faqbot:localhost",
        "token",
        "DEVICE",
        tmp_path / "store",
        frozenset({"localhost"}),
    )
    settings = Settings(db_path=tmp_path / "db", faq_dir=FAQ_DIR, today=TODAY, matrix=matrix)
    assistant = Assistant(settings, encoder)  # type: ignore[arg-type]
    talk = Conversation(assistant)
    channel = MatrixChannel(matrix, assistant, handlers(talk))
    room = _room(2)  # a room this client never synced: nio refuses to encrypt for it
    chat = chat_of(room, "@u1:localhost")
    response = await talk.message(chat, "date limite ?")
    await reply(channel, talk, room, chat, response, "$q")
    await channel.client.close()
    assistant.log.close()
    with sqlite3.connect(settings.db_path) as conn:
        assert conn.execute("SELECT delivery FROM questions").fetchall() == [("failed",)]
