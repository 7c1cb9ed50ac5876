"""The web channel over real HTTP (aiohttp's test client, a real Assistant and SQLite file):
the page and widget files, /api/v1/chat's answers, erasure, validation, CORS, the rate
limit, trusted proxies and security headers."""

from __future__ import annotations

import gzip
import ipaddress
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from conftest import FAQ_DIR, TODAY

from bot.encoder import SentenceEncoder
from bot.service import Assistant
from bot.settings import Settings
from bot.store import QuestionLog
from bot.web import WebConfig, make_app
from bot.webchat import ChatConfig
from bot.webguard import client_address

Client = TestClient  # type: ignore[type-arg]
HOST_SITE = "https://www.partenaire.example"
CONV = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "faqbot.db"


@pytest.fixture(scope="module")
def assistant(encoder: SentenceEncoder, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """One assistant for the module (building its engine takes seconds)."""
    db = tmp_path_factory.mktemp("web") / "unused.db"
    settings = Settings(db_path=db, faq_dir=FAQ_DIR, today=TODAY, pseudonym_key="k" * 32)
    return Assistant(settings, encoder)


@pytest.fixture
def make_client(
    aiohttp_client: Callable[..., Any], assistant: Assistant, db: Path
) -> Callable[..., Any]:
    async def make(**chat: Any) -> Client:
        assistant.log.close()
        assistant.log = QuestionLog(db)  # a fresh SQLite file per test
        config = ChatConfig(**{"origins": (HOST_SITE,), **chat})
        return await aiohttp_client(make_app(assistant, WebConfig(), chat=config))  # type: ignore[no-any-return]

    return make


async def say(client: Client, **body: Any) -> Any:
    response = await client.post("/api/v1/chat", json={"conversation": CONV, "lang": "fr", **body})
    assert response.status == 200, await response.text()
    return await response.json()


def count(db: Path, sql: str = "SELECT count(*) FROM questions") -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


# -- files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "lang", "title"),
    [("", "fr", "bac à sable données personnelles"), ("?lang=en", "en", "personal-data sandbox")],
)
async def test_page(make_client: Callable[..., Any], query: str, lang: str, title: str) -> None:
    client = await make_client()
    response = await client.get("/" + query)
    assert response.status == 200
    text = await response.text()
    assert f'<html lang="{lang}">' in text and title in text
    assert '<script src="/widget.js" data-mode="page"' in text
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in response.headers
    assert "http" not in text.replace("https://www.cnil.fr", "")  # nothing from elsewhere


async def test_page_lang_is_escaped_and_limited(make_client: Callable[..., Any]) -> None:
    client = await make_client()
    text = await (await client.get('/?lang="><script>')).text()
    assert '<html lang="fr">' in text and "<script>" not in text.split("</head>")[1]


@pytest.mark.parametrize(("path", "kind"), [("/widget.js", "javascript"), ("/widget.css", "css")])
async def test_widget_files(make_client: Callable[..., Any], path: str, kind: str) -> None:
    client = await make_client()
    response = await client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert kind in response.headers["Content-Type"]
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Set-Cookie" not in response.headers


def test_widget_weight() -> None:
    """JS + CSS at most 20 KB gzipped, nothing fetched from a third party."""
    static = Path(__file__).resolve().parent.parent / "bot" / "static"
    files = [static / "widget.js", static / "widget.css"]
    assert sum(len(gzip.compress(f.read_bytes(), 9)) for f in files) <= 20 * 1024
    for f in files:
        text = f.read_text()
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text
        assert "@import" not in text and "url(" not in text


# -- the conversation -------------------------------------------------------------------------------


async def test_question_follow_up_click_feedback(make_client: Callable[..., Any], db: Path) -> None:
    client = await make_client()
    answer = await say(client, text="quelle est la date limite ?")
    assert answer["answered"] and answer["entry_id"] == "deadline"
    assert answer["conversation"] == CONV and answer["kind"] == "answer"
    follow = await say(client, text="et c'était quand déjà ?")
    assert follow["context_used"] is True
    entry = next(b for b in answer["buttons"] if b["kind"] == "entry")
    clicked = await say(client, action=entry["action"])
    assert clicked["entry_id"] == entry["action"].split(":")[2]
    up = next(b for b in clicked["buttons"] if b["kind"] == "feedback")
    thanks = await say(client, action=up["action"])
    assert thanks["kind"] == "feedback"
    assert count(db, "SELECT count(*) FROM questions WHERE feedback = 1 AND channel = 'web'") == 1
    # the conversation id is never stored as such
    with sqlite3.connect(db) as conn:
        dump = "\n".join(conn.iterdump())
    assert CONV not in dump


async def test_commands(make_client: Callable[..., Any]) -> None:
    client = await make_client()
    start = await say(client, command="start")
    assert start["kind"] == "info" and start["buttons"]
    assert "/topics" not in start["answer_html"] and "« Thèmes »" in start["answer_html"]
    privacy = await say(client, command="privacy", lang="en")
    assert "Telegram" not in privacy["answer"] and "cookies" in privacy["answer"]
    topics = await say(client, command="topics")
    assert all(b["kind"] == "topic" for b in topics["buttons"])
    chosen = await say(client, action="l:en")
    assert chosen["lang"] == "en"
    assert (await say(client, command="help"))["lang"] == "en"


async def test_forget_erases_this_conversation_only(
    make_client: Callable[..., Any], db: Path
) -> None:
    client = await make_client()
    await say(client, text="quelle est la date limite ?")
    await say(client, text="qui peut candidater ?")
    await say(client, text="who can apply?", conversation="another-conversation-0001")
    assert count(db) == 3
    done = await say(client, command="forget")
    assert "2 question(s)" in done["answer"]
    assert count(db) == 1
    # and the context is gone: a follow-up is not read with the erased answer
    assert (await say(client, text="et c'était quand déjà ?"))["context_used"] is False


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"conversation": "short", "text": "x"}, "conversation"),
        ({"conversation": "a" * 65, "text": "x"}, "conversation"),
        ({"conversation": "../../etc/passwd0000", "text": "x"}, "conversation"),
        ({"conversation": CONV, "lang": "de", "text": "x"}, "lang"),
        ({"conversation": CONV}, "exactly one"),
        ({"conversation": CONV, "text": "x", "action": "t"}, "exactly one"),
        ({"conversation": CONV, "text": "   "}, "text"),
        ({"conversation": CONV, "text": 42}, "text"),
        ({"conversation": CONV, "text": "x" * 4097}, "at most"),
        ({"conversation": CONV, "action": ""}, "action"),
        ({"conversation": CONV, "action": "x" * 65}, "action"),
        ({"conversation": CONV, "command": "reload"}, "command"),
        ([1, 2], "expected"),
    ],
)
async def test_bad_requests(
    make_client: Callable[..., Any], db: Path, body: Any, error: str
) -> None:
    client = await make_client()
    response = await client.post("/api/v1/chat", json=body)
    assert response.status == 400
    assert error in (await response.json())["error"]
    assert count(db) == 0


async def test_not_json_and_too_big(make_client: Callable[..., Any]) -> None:
    client = await make_client()
    response = await client.post("/api/v1/chat", data=b"{nope", headers={"Origin": HOST_SITE})
    assert response.status == 400
    assert response.headers["Access-Control-Allow-Origin"] == HOST_SITE
    lone = b'{"conversation": "%s", "text": "\\ud800 date limite"}' % CONV.encode()
    response = await client.post("/api/v1/chat", data=lone)
    assert response.status == 400 and "Unicode" in (await response.json())["error"]
    response = await client.post("/api/v1/chat", data=b"x" * (2 * 1024 * 1024))
    assert response.status == 413
    assert (await client.get("/healthz")).status == 200  # still serving


async def test_forged_actions_are_harmless(make_client: Callable[..., Any], db: Path) -> None:
    client = await make_client()
    await say(client, text="quelle est la date limite ?", conversation="someone-else-000001")
    # a vote on another conversation's row is refused; an unknown action shows the topics
    forged = await say(client, action="f:1:1")
    assert forged["kind"] == "info"
    assert count(db, "SELECT count(*) FROM questions WHERE feedback IS NOT NULL") == 0
    assert all(b["kind"] == "topic" for b in (await say(client, action="zz:1"))["buttons"])
    assert (await say(client, action="e:fr:no-such-entry"))["kind"] == "info"


# -- CORS ------------------------------------------------------------------------------------------


async def test_cors_allowed_origin(make_client: Callable[..., Any]) -> None:
    client = await make_client()
    pre = await client.options(
        "/api/v1/chat",
        headers={"Origin": HOST_SITE, "Access-Control-Request-Method": "POST"},
    )
    assert pre.status == 204
    assert pre.headers["Access-Control-Allow-Origin"] == HOST_SITE
    assert "Content-Type" in pre.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in pre.headers
    response = await client.post(
        "/api/v1/chat",
        json={"conversation": CONV, "text": "date limite"},
        headers={"Origin": HOST_SITE},
    )
    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == HOST_SITE
    assert response.headers["Vary"] == "Origin"


async def test_cors_refused_origin_is_not_processed(
    make_client: Callable[..., Any], db: Path
) -> None:
    client = await make_client()
    evil = "https://evil.example"
    pre = await client.options("/api/v1/chat", headers={"Origin": evil})
    assert pre.status == 403 and "Access-Control-Allow-Origin" not in pre.headers
    response = await client.post(
        "/api/v1/chat", json={"conversation": CONV, "text": "date limite"}, headers={"Origin": evil}
    )
    assert response.status == 403 and "Access-Control-Allow-Origin" not in response.headers
    assert count(db) == 0


async def test_own_origin_always_works(make_client: Callable[..., Any]) -> None:
    client = await make_client(origins=())
    own = f"http://{client.host}:{client.port}"
    response = await client.post(
        "/api/v1/chat", json={"conversation": CONV, "text": "date limite"}, headers={"Origin": own}
    )
    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == own


# -- rate limit and proxies ----------------------------------------------------------------------------


async def test_rate_limit_per_client(make_client: Callable[..., Any]) -> None:
    client = await make_client(rate=0.001, burst=2)
    for _ in range(2):
        await say(client, command="topics")
    response = await client.post(
        "/api/v1/chat",
        json={"conversation": CONV, "command": "topics"},
        headers={"Origin": HOST_SITE, "X-Forwarded-For": "203.0.113.9"},  # not believed
    )
    assert response.status == 429
    assert int(response.headers["Retry-After"]) >= 1
    assert response.headers["Access-Control-Allow-Origin"] == HOST_SITE  # the page can read it


async def test_forwarded_for_believed_from_trusted_proxies(make_client: Callable[..., Any]) -> None:
    client = await make_client(
        rate=0.001, burst=1, trusted_proxies=(ipaddress.ip_network("127.0.0.0/8"),)
    )
    for address in ("203.0.113.1", "203.0.113.2"):
        response = await client.post(
            "/api/v1/chat",
            json={"conversation": CONV, "command": "topics"},
            headers={"X-Forwarded-For": address},
        )
        assert response.status == 200  # two clients behind the proxy, one request each
    response = await client.post(
        "/api/v1/chat",
        json={"conversation": CONV, "command": "topics"},
        headers={"X-Forwarded-For": "203.0.113.1"},
    )
    assert response.status == 429


TRUSTED = (ipaddress.ip_network("10.0.0.0/8"),)


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("198.51.100.7", None, "198.51.100.7"),
        ("198.51.100.7", "203.0.113.1", "198.51.100.7"),  # not a proxy of ours: ignored
        ("10.0.0.2", "203.0.113.1", "203.0.113.1"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.1", "203.0.113.1"),  # the client's own entry is forged
        ("10.0.0.2", "203.0.113.1, 10.0.0.3", "203.0.113.1"),  # two proxies of ours
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "10.0.0.5", "10.0.0.5"),
        ("10.0.0.2", "not-an-ip", "not-an-ip"),
        (None, "203.0.113.1", ""),
    ],
)
def test_client_address(peer: str | None, forwarded: str | None, client: str) -> None:
    assert client_address(peer, forwarded, TRUSTED) == client


# -- settings -------------------------------------------------------------------------------------------


def test_settings() -> None:
    settings = Settings.from_env(
        {
            "FAQBOT_WEB_ORIGINS": "https://www.Example.fr/, http://localhost:3000",
            "FAQBOT_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1",
        }
    )
    assert settings.web_origins == ("https://www.example.fr", "http://localhost:3000")
    assert ipaddress.ip_address("10.1.2.3") in settings.trusted_proxies[0]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FAQBOT_WEB_ORIGINS", "www.example.fr"),
        ("FAQBOT_WEB_ORIGINS", "https://www.example.fr/chat"),
        ("FAQBOT_WEB_ORIGINS", "ftp://example.fr"),
        ("FAQBOT_TRUSTED_PROXIES", "10.0.0.0/33"),
        ("FAQBOT_TRUSTED_PROXIES", "proxy.local"),
    ],
)
def test_bad_settings(name: str, value: str) -> None:
    from bot.settings import SettingsError

    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


# -- one process: Telegram and the web ---------------------------------------------------------------


async def test_faqbot_run_serves_telegram_and_the_web_together(tmp_path: Path) -> None:
    import asyncio

    import aiohttp
    from botprocess import FAQBOT, bot_env, free_port
    from fakebotapi import FakeBotAPI

    port = free_port()
    async with FakeBotAPI() as fake:
        env = bot_env(fake, tmp_path / "faqbot.db", port, webhook=False, FAQBOT_TODAY="2026-11-28")
        process = await asyncio.create_subprocess_exec(
            FAQBOT, "run", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        try:
            await fake.wait_for("getUpdates", timeout=60)
            async with aiohttp.ClientSession() as http:
                url = f"http://127.0.0.1:{port}"
                async with http.get(url + "/") as r:
                    assert r.status == 200 and "widget.js" in await r.text()
                body = {"conversation": CONV, "text": "quelle est la date limite ?"}
                async with http.post(url + "/api/v1/chat", json=body) as r:
                    assert (await r.json())["entry_id"] == "deadline"
            fake.queue_update(fake.make_message_update("c'est quoi le bac a sable ?"))
            [sent] = await fake.wait_for("sendMessage", timeout=10)
            assert "bac à sable" in sent["text"]
        finally:
            process.terminate()
            stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
        assert process.returncode == 0, stderr.decode()
        assert f"Chat: http://127.0.0.1:{port}/" in stdout.decode()


def test_faqbot_run_on_a_taken_port_says_so(tmp_path: Path) -> None:
    import os
    import socket
    import subprocess

    from botprocess import FAQBOT

    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
        env.update(PORT=str(port), FAQBOT_DB=str(tmp_path / "faqbot.db"))
        done = subprocess.run(
            [FAQBOT, "run"], env=env, capture_output=True, text=True, timeout=120, check=False
        )
    assert done.returncode == 2  # a user error, like every wrong setting
    assert done.stderr.strip().splitlines()[-1] == f"Error: PORT {port} is already in use"
    assert "Traceback" not in done.stderr
