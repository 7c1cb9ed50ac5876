"""End-to-end tests of the fake Bot API server with a real ``telegram.Bot`` / ``Application``.

Every test drives real python-telegram-bot objects over real HTTP against ``FakeBotAPI``.
Async tests and fixtures carry explicit pytest-asyncio markers, so the module works with and
without ``asyncio_mode = "auto"``.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import socket
from collections.abc import AsyncIterator
from typing import Any, Literal

import aiohttp
import pytest
import pytest_asyncio
from fakebotapi import DEFAULT_TOKEN, FakeBotAPI
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonCommands,
    Update,
)
from telegram.constants import ChatAction
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

pytestmark = pytest.mark.asyncio(loop_scope="function")

TOKEN = DEFAULT_TOKEN
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Yes", callback_data="yes"),
            InlineKeyboardButton("No", callback_data="no"),
        ],
        [InlineKeyboardButton("Docs", url="https://example.org/docs")],
    ]
)
KEYBOARD_JSON = {
    "inline_keyboard": [
        [{"text": "Yes", "callback_data": "yes"}, {"text": "No", "callback_data": "no"}],
        [{"text": "Docs", "url": "https://example.org/docs"}],
    ]
}


@pytest_asyncio.fixture(loop_scope="function")
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN, bot_username="faq_test_bot") as api:
        yield api


@pytest_asyncio.fixture(loop_scope="function")
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url) as real_bot:
        yield real_bot


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- basics


async def test_get_me(fake: FakeBotAPI, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == "faq_test_bot"
    assert me.is_bot
    assert me.can_join_groups is True
    assert me.id == int(TOKEN.split(":")[0])
    assert bot.username == "faq_test_bot"  # filled by Bot.initialize(), which calls getMe
    assert len(fake.calls("getMe")) == 2
    assert fake.base_url == f"http://127.0.0.1:{fake.port}/bot"


async def test_send_message_records_decoded_inline_keyboard(fake: FakeBotAPI, bot: Bot) -> None:
    first = await bot.send_message(chat_id=42, text="Pick one", reply_markup=KEYBOARD)
    second = await bot.send_message(chat_id=42, text="42", disable_notification=True)

    assert second.message_id > first.message_id
    assert first.chat.id == 42 and first.chat.type == "private"
    assert first.from_user is not None and first.from_user.username == "faq_test_bot"
    assert first.text == "Pick one"
    assert first.reply_markup == KEYBOARD  # echoed back and parsed by PTB

    params = fake.calls("sendMessage")
    assert params[0] == {"chat_id": 42, "text": "Pick one", "reply_markup": KEYBOARD_JSON}
    # Strings stay strings even if they look like JSON; other values are decoded.
    assert params[1] == {"chat_id": 42, "text": "42", "disable_notification": True}

    sent = fake.sent_messages(chat_id=42)
    assert [m["text"] for m in sent] == ["Pick one", "42"]
    assert sent[0]["reply_markup"] == KEYBOARD_JSON
    assert fake.sent_messages(chat_id=43) == []


async def test_wrong_token_is_unauthorized(fake: FakeBotAPI) -> None:
    wrong = Bot("999999:WRONG-token", base_url=fake.base_url)
    try:
        with pytest.raises(InvalidToken, match="Unauthorized"):
            await wrong.get_me()
        with pytest.raises(InvalidToken, match="rejected by the server"):
            await wrong.initialize()
    finally:
        await wrong.shutdown()
    assert fake.requests == []  # requests with a wrong token are not recorded


async def test_raw_http_errors_and_json_bodies(fake: FakeBotAPI) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{fake.base_url}WRONG/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with session.post(f"{fake.base_url}{TOKEN}/noSuchMethod") as resp:
            assert resp.status == 404
            assert (await resp.json())["description"] == "Not Found"
        # Telegram also accepts JSON bodies and case-insensitive method names.
        async with session.post(
            f"{fake.base_url}{TOKEN}/SENDMESSAGE", json={"chat_id": "7", "text": "json"}
        ) as resp:
            body = await resp.json()
            assert resp.status == 200 and body["ok"] is True
            assert body["result"]["chat"]["id"] == 7
    assert fake.calls("sendMessage") == [{"chat_id": "7", "text": "json"}]


async def test_unknown_method_via_do_api_request(fake: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathicMessage", api_kwargs={"chat_id": 1})
    assert fake.calls("sendTelepathicMessage") == [{"chat_id": 1}]


# --------------------------------------------------------------------------- faults


async def test_429_raises_retry_after(
    fake: FakeBotAPI, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opt in to timedelta values to avoid PTB's deprecation warning about int retry_after.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fake.fail_next("sendMessage", "429", retry_after=7)
    with pytest.raises(RetryAfter) as exc_info:
        await bot.send_message(chat_id=1, text="flood")
    assert exc_info.value.retry_after == dtm.timedelta(seconds=7)
    assert fake.sent_messages() == []
    # The fault is consumed: the next call succeeds.
    await bot.send_message(chat_id=1, text="flood")
    assert [m["text"] for m in fake.sent_messages()] == ["flood"]
    assert fake.fault_log == [("sendMessage", "429")]
    assert len(fake.calls("sendMessage")) == 2  # faulted calls are recorded too


@pytest.mark.parametrize(
    ("kind", "description", "expected"),
    [
        ("500", None, "Internal Server Error"),
        ("502", None, "Bad Gateway (502). Parsing the server response"),  # nginx HTML body
        ("502", "Bad Gateway", "Bad Gateway"),  # JSON body
    ],
)
async def test_server_errors_raise_network_error(
    fake: FakeBotAPI, bot: Bot, kind: Literal["500", "502"], description: str | None, expected: str
) -> None:
    fake.fail_next("sendMessage", kind, description=description)
    with pytest.raises(NetworkError) as exc_info:
        await bot.send_message(chat_id=1, text="x")
    assert type(exc_info.value) is NetworkError
    assert expected in exc_info.value.message


async def test_slow_beyond_read_timeout_raises_timed_out(fake: FakeBotAPI) -> None:
    fake.fail_next("sendMessage", "slow", delay=1.0)
    request = HTTPXRequest(read_timeout=0.3)
    async with Bot(TOKEN, base_url=fake.base_url, request=request) as slow_bot:
        with pytest.raises(TimedOut):
            await slow_bot.send_message(chat_id=5, text="late")
    # Like the real API, the request was still processed after the client gave up.
    for _ in range(50):
        if fake.sent_messages(chat_id=5):
            break
        await asyncio.sleep(0.05)
    assert [m["text"] for m in fake.sent_messages(chat_id=5)] == ["late"]


async def test_slow_within_read_timeout_succeeds(fake: FakeBotAPI, bot: Bot) -> None:
    fake.fail_next("getMe", "slow", delay=0.2)
    me = await bot.get_me()
    assert me.username == "faq_test_bot"


async def test_drop_raises_network_error(fake: FakeBotAPI, bot: Bot) -> None:
    fake.fail_next("sendMessage", "drop")
    with pytest.raises(NetworkError) as exc_info:
        await bot.send_message(chat_id=1, text="lost")
    assert not isinstance(exc_info.value, TimedOut)
    assert "RemoteProtocolError" in exc_info.value.message
    assert fake.sent_messages() == []
    await bot.send_message(chat_id=1, text="after drop")  # the client recovers
    assert [m["text"] for m in fake.sent_messages()] == ["after drop"]


async def test_400_403_and_fault_order(fake: FakeBotAPI, bot: Bot) -> None:
    fake.fail_next("sendMessage", "400", description="Bad Request: chat not found")
    fake.fail_next("sendMessage", "403", times=2)
    fake.fail_next("*", "500")
    assert fake.pending_faults() == {"sendMessage": 3, "*": 1}

    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(chat_id=1, text="a")
    for _ in range(2):
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(chat_id=1, text="b")
    with pytest.raises(NetworkError):  # the wildcard fault hits whatever comes next
        await bot.get_me()
    await bot.send_message(chat_id=1, text="ok")
    assert fake.pending_faults() == {}
    assert [kind for _, kind in fake.fault_log] == ["400", "403", "403", "500"]


async def test_realistic_validation_errors(fake: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(chat_id=1, text="x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(chat_id="@nobody_knows_this_chat", text="hi")
    fake.register_chat(
        {"id": -1009876543210, "type": "channel", "title": "News", "username": "news"}
    )
    msg = await bot.send_message(chat_id="@news", text="hello channel")
    assert msg.chat.id == -1009876543210 and msg.chat.type == "channel"


# --------------------------------------------------------------------------- editing & misc


async def test_edit_message_text_and_markup(fake: FakeBotAPI, bot: Bot) -> None:
    msg = await bot.send_message(chat_id=9, text="Question?", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text("Answered", chat_id=9, message_id=msg.message_id)
    assert isinstance(edited, type(msg))
    assert edited.text == "Answered"
    assert edited.reply_markup is None  # editing without reply_markup removes the keyboard
    assert edited.edit_date is not None

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Answered", chat_id=9, message_id=msg.message_id)

    with_kb = await bot.edit_message_reply_markup(
        chat_id=9, message_id=msg.message_id, reply_markup=KEYBOARD
    )
    assert not isinstance(with_kb, bool) and with_kb.reply_markup == KEYBOARD
    current = fake.message(9, msg.message_id)
    assert current is not None and current["reply_markup"] == KEYBOARD_JSON
    # sent_messages keeps the state at send time
    assert fake.sent_messages(chat_id=9)[0]["text"] == "Question?"

    user_update = fake.make_message_update("mine", user_id=9)
    with pytest.raises(BadRequest, match=r"(?i)can't be edited"):
        await bot.edit_message_text("x", chat_id=9, message_id=user_update["message"]["message_id"])


async def test_commands_chat_action_menu_button(fake: FakeBotAPI, bot: Bot) -> None:
    scope = BotCommandScopeAllPrivateChats()
    commands = [BotCommand("start", "Start"), BotCommand("help", "Aide")]
    assert await bot.set_my_commands(commands, scope=scope, language_code="fr")
    assert fake.calls("setMyCommands")[0] == {
        "commands": [
            {"command": "start", "description": "Start"},
            {"command": "help", "description": "Aide"},
        ],
        "scope": {"type": "all_private_chats"},
        "language_code": "fr",
    }
    assert await bot.get_my_commands(scope=scope, language_code="fr") == tuple(commands)
    assert await bot.get_my_commands() == ()
    assert fake.my_commands({"type": "all_private_chats"}, "fr")[1]["command"] == "help"
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Bad Command", "x")])
    assert await bot.delete_my_commands(scope=scope, language_code="fr")
    assert await bot.get_my_commands(scope=scope, language_code="fr") == ()

    assert await bot.send_chat_action(chat_id=3, action=ChatAction.TYPING)
    assert fake.calls("sendChatAction") == [{"chat_id": 3, "action": "typing"}]
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(chat_id=3, action="dancing")

    assert await bot.set_chat_menu_button(chat_id=3, menu_button=MenuButtonCommands())
    assert fake.menu_button(3) == {"type": "commands"}
    assert await bot.get_chat_menu_button(chat_id=3) == MenuButtonCommands()


async def test_webhook_settings(fake: FakeBotAPI, bot: Bot) -> None:
    assert await bot.set_webhook(
        "https://example.org/hook", secret_token="s3cret_token", allowed_updates=["message"]
    )
    assert fake.webhook["url"] == "https://example.org/hook"
    assert fake.webhook["secret_token"] == "s3cret_token"
    assert fake.webhook["allowed_updates"] == ["message"]
    fake.queue_update(fake.make_message_update("pending"))
    info = await bot.get_webhook_info()
    assert info.url == "https://example.org/hook"
    assert info.pending_update_count == 1
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert fake.webhook == {"url": ""}
    assert fake.pending_updates == []


async def test_wait_for_reports_recorded_calls_on_timeout(fake: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(chat_id=1, text="only one")
    assert len(await fake.wait_for("sendMessage", timeout=0.1)) == 1
    with pytest.raises(AssertionError) as exc_info:
        await fake.wait_for("sendMessage", count=2, timeout=0.2)
    message = str(exc_info.value)
    assert "2 call(s) of 'sendMessage'" in message
    assert "only one" in message and "getMe" in message
    with pytest.raises(AssertionError, match="matching the predicate"):
        await fake.wait_for("sendMessage", timeout=0.1, predicate=lambda p: p["chat_id"] == 2)


# --------------------------------------------------------------------------- getUpdates


async def test_get_updates_long_polling_returns_queued_update(fake: FakeBotAPI, bot: Bot) -> None:
    loop = asyncio.get_running_loop()

    async def queue_later() -> int:
        await asyncio.sleep(0.3)
        return fake.queue_update(fake.make_message_update("ping", user_id=55))

    task = asyncio.create_task(queue_later())
    started = loop.time()
    updates = await bot.get_updates(timeout=5)
    elapsed = loop.time() - started
    update_id = await task

    assert 0.25 <= elapsed < 3, elapsed
    assert len(updates) == 1
    assert updates[0].update_id == update_id
    assert updates[0].message is not None and updates[0].message.text == "ping"
    assert updates[0].message.chat.id == 55
    assert fake.calls("getUpdates")[0] == {"timeout": 5}


async def test_get_updates_offset_confirms_and_timeout_expires(fake: FakeBotAPI, bot: Bot) -> None:
    ids = fake.queue_updates(fake.make_message_update(f"m{i}") for i in range(3))
    assert [u.update_id for u in await bot.get_updates()] == ids  # nothing confirmed yet
    assert [u.update_id for u in await bot.get_updates()] == ids

    remaining = await bot.get_updates(offset=ids[0] + 1)
    assert [u.update_id for u in remaining] == ids[1:]
    assert [u["update_id"] for u in fake.pending_updates] == ids[1:]

    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(offset=ids[-1] + 1, timeout=1) == ()
    assert loop.time() - started >= 0.9
    assert fake.pending_updates == []


async def test_get_updates_limit_and_batches(fake: FakeBotAPI, bot: Bot) -> None:
    ids = fake.queue_updates(fake.make_message_update(f"bulk {i}") for i in range(150))
    first = await bot.get_updates()
    assert len(first) == 100  # default limit
    assert [u.update_id for u in await bot.get_updates(limit=3)] == ids[:3]
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.update_id for u in rest] == ids[100:]


async def test_update_builders_parse_in_ptb(fake: FakeBotAPI, bot: Bot) -> None:
    fake.queue_updates(
        [
            fake.make_message_update("/start@faq_test_bot payload", language_code="fr"),
            fake.make_message_update(
                "hi all", user_id=8, chat_type="supergroup", chat_title="Sandbox"
            ),
            fake.make_sticker_update(emoji="🔥"),
            fake.make_photo_update(caption="look"),
            fake.make_edited_message_update("edited text"),
            fake.make_callback_update("yes", message_text="Continue?"),
        ]
    )
    updates = await bot.get_updates()
    assert len(updates) == 6
    command, group, sticker, photo, edited, callback = updates

    assert command.message is not None and command.effective_user is not None
    assert command.effective_user.language_code == "fr"
    assert command.message.entities[0].type == "bot_command"
    assert command.message.parse_entity(command.message.entities[0]) == "/start@faq_test_bot"

    assert group.effective_chat is not None and group.effective_chat.type == "supergroup"
    assert group.effective_chat.title == "Sandbox"
    assert group.message is not None and group.message.entities == ()

    assert sticker.message is not None and sticker.message.sticker is not None
    assert sticker.message.sticker.emoji == "🔥"
    assert photo.message is not None and photo.message.caption == "look"
    assert photo.message.photo[-1].width == 1280

    assert edited.edited_message is not None and edited.edited_message.text == "edited text"
    # defaults to the latest user message built for that chat: the photo
    assert edited.edited_message.message_id == photo.message.message_id
    assert edited.edited_message.edit_date is not None
    assert callback.callback_query is not None
    assert callback.callback_query.data == "yes"
    cq_message = callback.callback_query.message
    assert cq_message is not None and cq_message.chat.id == 1001


# --------------------------------------------------------------------------- Application


async def _shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()


async def test_application_polling_echoes_message(fake: FakeBotAPI) -> None:
    app = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).build()

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    update_id = fake.queue_update(fake.make_message_update("hello bot", user_id=77))

    await app.initialize()
    try:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        sent = await fake.wait_for("sendMessage", predicate=lambda p: p["chat_id"] == 77)
        assert sent[0]["text"] == "hello bot"
        # a second message arrives while the updater is long-polling
        fake.queue_update(fake.make_message_update("second", user_id=77))
        await fake.wait_for("sendMessage", count=2)
    finally:
        await _shutdown(app)

    assert [m["text"] for m in fake.sent_messages(chat_id=77)] == ["hello bot", "second"]
    assert fake.calls("deleteWebhook")  # Updater bootstrap
    # The final getUpdates on stop confirmed everything that was fetched.
    assert fake.pending_updates == []
    assert any(p.get("offset", 0) > update_id for p in fake.calls("getUpdates"))


async def test_application_command_and_callback_flow(fake: FakeBotAPI) -> None:
    app = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).build()

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Continue?", reply_markup=KEYBOARD)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer(text=f"chose {query.data}")
        await query.edit_message_text(f"You chose {query.data}")

    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(on_button))
    fake.queue_update(fake.make_message_update("/start", user_id=88))

    await app.initialize()
    try:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await fake.wait_for("sendMessage")
        prompt = fake.sent_messages(chat_id=88)[0]
        assert prompt["reply_markup"] == KEYBOARD_JSON

        fake.queue_update(fake.make_callback_update("no", user_id=88))
        edits = await fake.wait_for("editMessageText")
        assert edits[0] == {
            "chat_id": 88,
            "message_id": prompt["message_id"],
            "text": "You chose no",
        }
        answers = await fake.wait_for("answerCallbackQuery")
        assert answers[0]["text"] == "chose no"
    finally:
        await _shutdown(app)

    final = fake.message(88, prompt["message_id"])
    assert final is not None and final["text"] == "You chose no"
    assert "reply_markup" not in final
