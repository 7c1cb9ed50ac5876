"""End to end: the real Application, over real HTTP, against the fake Bot API, both modes."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import aiohttp
import pytest
from botprocess import FAQBOT, bot_env, free_port
from fakebotapi import DEFAULT_GROUP_CHAT_ID, DEFAULT_USER_ID, FakeBotAPI
from telegram_harness import TEST_KEY, buttons, rows, running, settings_for

from bot.encoder import SentenceEncoder
from bot.store import Pseudonymizer

pytestmark = pytest.mark.asyncio(loop_scope="function")


@pytest.fixture
async def fake() -> FakeBotAPI:
    async with FakeBotAPI() as api:
        yield api


def texts(fake: FakeBotAPI) -> list[str]:
    return [m["text"] for m in fake.sent_messages()]


async def reply_to(fake: FakeBotAPI, update: dict, count: int = 1) -> dict:
    """Queue ``update`` for getUpdates and wait for the bot's ``count``-th sendMessage call.

    Returns that call's parameters merged with the message the fake sent back (message_id).
    """
    before = len(fake.calls("sendMessage"))
    fake.queue_update(update)
    sent = await fake.wait_for("sendMessage", count=before + count, timeout=10)
    return {**sent[-1], **fake.sent_messages()[-1]}


# -- polling ---------------------------------------------------------------------------------


async def test_question_gets_answer_buttons_and_log_row(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        sent = await reply_to(fake, fake.make_message_update("c'est quand la date limite ?"))
    assert "clos depuis le 30 septembre 2023" in sent["text"]
    assert sent["parse_mode"] == "HTML"
    labels = [text for text, _ in buttons(sent)]
    assert "👍" in labels and "👎" in labels and len(labels) >= 3
    [row] = rows(settings)
    assert (row["outcome"], row["entry_id"], row["channel"]) == ("answered", "deadline", "telegram")
    assert row["user"] == Pseudonymizer(TEST_KEY.encode())("telegram", DEFAULT_USER_ID)
    assert str(DEFAULT_USER_ID) not in json.dumps(row)


async def test_commands_are_published_in_both_languages(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    async with running(fake, settings_for(fake, tmp_path, webhook=False), encoder):
        sent = await reply_to(fake, fake.make_message_update("/start", language_code="fr"))
    languages = {c.get("language_code") for c in fake.calls("setMyCommands")}
    assert {"fr", "en"} <= languages
    assert "Bonjour" in sent["text"] and "/privacy" in sent["text"]
    assert len(buttons(sent)) == 4


async def test_related_button_and_feedback(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        sent = await reply_to(fake, fake.make_message_update("who can apply?"))
        data = dict((t, d) for t, d in buttons(sent))
        related = next(d for t, d in buttons(sent) if d.startswith("e:"))
        clicked = await reply_to(
            fake, fake.make_callback_update(related, message_id=sent["message_id"])
        )
        assert clicked["text"] and fake.calls("answerCallbackQuery")
        fake.queue_update(fake.make_callback_update(data["👎"], message_id=sent["message_id"]))
        await fake.wait_for("answerCallbackQuery", count=2, timeout=10)
        await fake.wait_for("editMessageReplyMarkup", timeout=10)
    first, second = rows(settings)
    assert first["feedback"] == -1 and first["entry_id"] == "who-can-apply"
    assert second["via"] == "button" and second["entry_id"] == related.split(":")[2]
    assert "Thanks" in fake.calls("answerCallbackQuery")[-1]["text"]


async def test_suggestion_and_decline_have_buttons(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        declined = await reply_to(fake, fake.make_message_update("how do I renew my passport"))
    assert "cnil.fr" in declined["text"]
    assert all(d.startswith("c:") for _, d in buttons(declined)) and buttons(declined)
    assert rows(settings)[0]["outcome"] == "unanswered"


@pytest.mark.parametrize(
    "make",
    [
        lambda f: f.make_sticker_update(),
        lambda f: f.make_photo_update(),
        lambda f: f.make_message_update("🙂"),
        lambda f: f.make_message_update("/doesnotexist"),
        lambda f: f.make_message_update("x" * 4096),
    ],
)
async def test_anything_else_gets_a_polite_reply(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder, make: object
) -> None:
    async with running(fake, settings_for(fake, tmp_path, webhook=False), encoder):
        sent = await reply_to(fake, make(fake))  # type: ignore[operator]
    assert sent["text"]


async def test_edited_message_is_not_reread(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    async with running(fake, settings_for(fake, tmp_path, webhook=False), encoder):
        sent = await reply_to(fake, fake.make_edited_message_update("date limite ?"))
    assert "edited" in sent["text"]


async def test_language_choice_is_remembered(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        await reply_to(fake, fake.make_callback_update("l:en", language_code="fr"))
        sent = await reply_to(fake, fake.make_message_update("date limite", language_code="fr"))
    assert "closed since 30 September 2023" in sent["text"]


async def test_forget_erases_the_users_rows(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        await reply_to(fake, fake.make_message_update("date limite ?"))
        await reply_to(fake, fake.make_message_update("who can apply", user_id=2002))
        await reply_to(fake, fake.make_message_update("qui a gagné ?"))
        sent = await reply_to(fake, fake.make_message_update("/forget"))
    assert "2 question(s)" in sent["text"]
    assert len(rows(settings)) == 1


async def test_groups_only_answer_mentions_and_replies(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    group = {"chat_type": "group", "chat_id": DEFAULT_GROUP_CHAT_ID}
    async with running(fake, settings, encoder):
        fake.queue_update(fake.make_message_update("date limite ?", **group))
        username = fake.me["username"]
        sent = await reply_to(fake, fake.make_message_update(f"@{username} date limite ?", **group))
    assert len(fake.sent_messages()) == 1
    assert "30 September 2023" in sent["text"] or "30 septembre 2023" in sent["text"]
    assert len(rows(settings)) == 1


@pytest.mark.parametrize(
    ("kind", "extra"),
    [("429", {"retry_after": 1}), ("500", {}), ("502", {}), ("drop", {})],
)
async def test_bot_api_faults_are_survived(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder, kind: str, extra: dict
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        fake.fail_next("sendMessage", kind, times=2, **extra)  # type: ignore[arg-type]
        first = await reply_to(fake, fake.make_message_update("date limite ?"), count=3)
        second = await reply_to(fake, fake.make_message_update("who can apply?"))
    assert "septembre 2023" in first["text"] and second["chat"]["id"] == DEFAULT_USER_ID
    assert [r["entry_id"] for r in rows(settings)] == ["deadline", "who-can-apply"]


async def test_bot_api_gone_for_good_is_given_up_and_next_user_served(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        fake.fail_next("sendMessage", "500", times=4)
        fake.queue_update(fake.make_message_update("date limite ?"))
        await fake.wait_for("sendMessage", count=4, timeout=10)
        sent = await reply_to(fake, fake.make_message_update("who can apply?", user_id=3003))
    assert sent["chat"]["id"] == 3003
    first, second = rows(settings)  # the first question is logged even if its reply failed
    assert first["delivery"] == "failed" and second["delivery"] is None


@pytest.mark.parametrize("kind", ["500", "502", "drop", "429"])
async def test_get_updates_faults_are_survived(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder, kind: str
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        fake.fail_next("getUpdates", kind, times=2)  # type: ignore[arg-type]
        sent = await reply_to(fake, fake.make_message_update("date limite ?"))
    assert "septembre 2023" in sent["text"] and len(rows(settings)) == 1


async def test_blocked_user_is_handled_quietly(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    async with running(fake, settings_for(fake, tmp_path, webhook=False), encoder):
        fake.fail_next("sendMessage", "403")
        fake.queue_update(fake.make_message_update("date limite ?"))
        await fake.wait_for("sendMessage", timeout=10)
        sent = await reply_to(fake, fake.make_message_update("who can apply?", user_id=3003))
    assert sent["chat"]["id"] == 3003


# -- webhook ---------------------------------------------------------------------------------


async def test_webhook_mode(fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    async with running(fake, settings, encoder):
        [hook] = fake.calls("setWebhook")
        assert hook["url"] == settings.webhook_url and hook["secret_token"] == "s3cret-token"
        assert set(hook["allowed_updates"]) == {"message", "edited_message", "callback_query"}
        update = fake.make_message_update("date limite ?")
        status, _ = await fake.deliver_webhook(update)
        assert status == 200
        # Processed before the acknowledgement: the reply and the row already exist.
        assert len(fake.sent_messages()) == 1 and len(rows(settings)) == 1
        status, _ = await fake.deliver_webhook(update)  # a redelivery
        assert status == 200 and len(fake.sent_messages()) == 1
        assert not fake.calls("getUpdates")


async def test_forged_and_malformed_webhook_calls(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    url = str(settings.webhook_url)
    async with running(fake, settings, encoder), aiohttp.ClientSession() as http:
        update = fake.make_message_update("date limite ?")
        assert (await fake.post_webhook(url, update, secret_token="wrong"))[0] == 403
        assert (await fake.post_webhook(url, update))[0] == 403
        headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
        for body, status in [
            (b"{not json", 400),
            (b"[1, 2]", 400),
            (b'{"update_id": "x"}', 400),
            (b'{"update_id": 5, "message": {"text": 3}}', 400),
            (b'{"update_id": 6, "unknown_kind": {}}', 200),
            (b"x" * (1024 * 1024 + 1), 413),
        ]:
            async with http.post(url, data=body, headers=headers) as response:
                assert response.status == status, body[:40]
        async with http.get(f"http://127.0.0.1:{settings.port}/healthz") as response:
            health = await response.json()
    assert response.status == 200 and len(health["kb_version"]) == 12
    assert fake.sent_messages() == [] and rows(settings) == []


async def test_http_api(fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder) -> None:
    settings = settings_for(fake, tmp_path, webhook=False, api_token="api-secret")
    base = f"http://127.0.0.1:{settings.port}/api/v1/ask"
    auth = {"Authorization": "Bearer api-secret"}
    async with running(fake, settings, encoder), aiohttp.ClientSession() as http:
        async with http.post(
            base, json={"question": "who can apply?", "user": "u1"}, headers=auth
        ) as r:
            assert r.status == 200
            data = await r.json()
        async with http.post(base, json={"question": "x"}) as r:
            assert r.status == 401
        async with http.post(base, json={"question": ""}, headers=auth) as r:
            assert r.status == 400
        async with http.post(base, json={"question": "x", "lang": "de"}, headers=auth) as r:
            assert r.status == 400
        statuses = []
        for _ in range(25):
            async with http.post(base, json={"question": "bonjour"}, headers=auth) as r:
                statuses.append(r.status)
    assert data["answered"] and data["entry_id"] == "who-can-apply" and data["lang"] == "en"
    assert set(data) >= {"answered", "entry_id", "score", "lang", "answer", "suggestions"}
    assert 429 in statuses
    assert rows(settings, "channel = 'api'")[0]["user"] == Pseudonymizer(TEST_KEY.encode())(
        "api", "u1"
    )


async def test_follow_up_and_two_questions(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        first = await reply_to(
            fake, fake.make_message_update("c quoi la 4e edition du bac a sable")
        )
        follow = await reply_to(fake, fake.make_message_update("c'était quoi sa date limite ?"))
        # Another person in their own chat has no context: the 3rd edition's deadline.
        other = await reply_to(
            fake, fake.make_message_update("c'était quoi sa date limite ?", user_id=4004)
        )
        both = await reply_to(
            fake,
            fake.make_message_update(
                "quelle est la date limite et est-ce que les collectivités peuvent postuler ?"
            ),
        )
        forgotten = await reply_to(fake, fake.make_message_update("/forget"))
    assert "4e édition" in first["text"] and "4e édition" in follow["text"]
    assert "clos depuis le 30 septembre 2023" in other["text"]
    assert "clos depuis le 30 septembre 2023" in both["text"] and "collectivités" in both["text"]
    assert "4 question" in forgotten["text"]
    logged = rows(settings, "user != ?", Pseudonymizer(TEST_KEY.encode())("telegram", 4004))
    assert logged == []  # forget erased the questions and the context
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("SELECT count(*) FROM contexts").fetchone()[0] == 1  # user 4004's


async def test_http_api_keeps_a_conversation(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False, api_token="api-secret")
    base = f"http://127.0.0.1:{settings.port}/api/v1/ask"
    auth = {"Authorization": "Bearer api-secret"}
    questions = ["what is the 4th edition about?", "what was its deadline?"]
    async with running(fake, settings, encoder), aiohttp.ClientSession() as http:
        out = []
        for question in questions:
            body = {"question": question, "conversation": "c-1"}
            async with http.post(base, json=body, headers=auth) as r:
                out.append(await r.json())
        async with http.post(
            base, json={"question": "deadline and who can apply?"}, headers=auth
        ) as r:
            two = await r.json()
        async with http.post(base, json={"question": "x", "conversation": [1]}, headers=auth) as r:
            assert r.status == 400
    assert [o["entry_id"] for o in out] == ["edition-seniors", "edition-seniors"]
    assert out[1]["context_used"] and out[1]["conversation"] == "c-1"
    assert [a["entry_id"] for a in two["answers"]] == ["deadline", "who-can-apply"]
    assert all(a["question"] for a in two["answers"])


async def test_http_api_is_off_without_token(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder), aiohttp.ClientSession() as http:
        url = f"http://127.0.0.1:{settings.port}/api/v1/ask"
        async with http.post(url, json={"question": "x"}) as r:
            assert r.status == 404


async def test_slow_bot_api_times_out_and_is_retried(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False)
    async with running(fake, settings, encoder):
        fake.fail_next("sendMessage", "slow", delay=6.0)  # over PTB's 5 s read timeout
        fake.queue_update(fake.make_message_update("date limite ?"))
        await fake.wait_for("sendMessage", count=2, timeout=15)
        sent = await reply_to(fake, fake.make_message_update("who can apply?", user_id=3003))
    assert sent["chat"]["id"] == 3003


# -- the real command, configured only by the environment --------------------------------------


@pytest.mark.parametrize("webhook", [False, True])
async def test_faqbot_run_in_both_modes(fake: FakeBotAPI, tmp_path: Path, webhook: bool) -> None:
    port = free_port()
    secret = {"FAQBOT_WEBHOOK_SECRET": "abc-123"} if webhook else {}
    env = bot_env(
        fake, tmp_path / "faqbot.db", port, webhook=webhook, FAQBOT_TODAY="2026-11-28", **secret
    )
    process = await asyncio.create_subprocess_exec(
        FAQBOT, "run", env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await fake.wait_for("setWebhook" if webhook else "getUpdates", timeout=30)
        update = fake.make_message_update("c'est quoi le bac a sable ?")
        if webhook:
            assert (await fake.deliver_webhook(update))[0] == 200
        else:
            fake.queue_update(update)
        [sent] = await fake.wait_for("sendMessage", timeout=10)
        assert "bac à sable" in sent["text"]
    finally:
        process.terminate()
        _, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, stderr.decode()
    assert fake.token not in stderr.decode()  # the token never reaches the logs
