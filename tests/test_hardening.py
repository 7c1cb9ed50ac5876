"""The security review's reproductions, each against the real part: the token, YAML
aliases, the FAQ watcher, slow and too many connections, X-Forwarded-For, staff commands
in groups, edited commands, odd input, Telegram's HTML rules, CSV formulas."""

from __future__ import annotations

import asyncio
import json
import logging
import resource
import shutil
import subprocess
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from botprocess import FAQBOT, bot_env, free_port
from conftest import FAQ_DIR
from fakebotapi import DEFAULT_GROUP_CHAT_ID, FakeBotAPI
from telegram_harness import rows, running, settings_for

from bot import analytics, render
from bot.encoder import SentenceEncoder
from bot.service import Assistant
from bot.settings import Settings
from bot.webguard import Limits
from bot.yamlines import YAMLProblem, load

ADMIN = 4242


@pytest.fixture
async def fake() -> Any:
    async with FakeBotAPI() as api:
        yield api


# -- the bot token ---------------------------------------------------------------------------


async def test_rejected_token_is_reported_without_printing_it(tmp_path: Path) -> None:
    token = "987654321:AAHrejectedTokenThatMustNeverBePrinted"
    async with FakeBotAPI() as api:  # knows another token: answers 401 to this one
        env = bot_env(api, tmp_path / "faqbot.db", free_port(), webhook=False)
        env["TELEGRAM_BOT_TOKEN"] = token
        process = await asyncio.create_subprocess_exec(
            FAQBOT, "run", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        out, err = await asyncio.wait_for(process.communicate(), 60)
    text = (out + err).decode()
    assert process.returncode not in (0, None)
    assert "TELEGRAM_BOT_TOKEN: rejected by Telegram" in text
    assert "AAHrejected" not in text and "987654321" not in text and "Traceback" not in text


# -- YAML aliases and the FAQ watcher --------------------------------------------------------

BOMB = (
    "x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"x{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "entries:\n  - id: *i\n"
)  # 369 bytes; str() of the id is 3 GB


def test_yaml_aliases_are_refused_with_their_line() -> None:
    with pytest.raises(YAMLProblem) as e:
        load("a: &x [1, 2]\nb: *x\n")
    assert e.value.line == 2 and "alias" in e.value.message


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def test_alias_bomb_gets_a_located_problem_not_out_of_memory(tmp_path: Path) -> None:
    folder = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, folder)
    (folder / "zbomb.yaml").write_text(BOMB)
    assert len(BOMB) < 700
    result = subprocess.run(
        [FAQBOT, "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,  # the bomb is measured, not allowed to eat the machine
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"{folder / 'zbomb.yaml'}:2: YAML alias *a is not allowed" in output
    assert "MemoryError" not in output and "Traceback" not in output


async def test_faq_watcher_survives_a_failure_logs_it_and_tells_admins(
    fake: FakeBotAPI,
    tmp_path: Path,
    encoder: SentenceEncoder,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    folder = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, folder)
    real_reload = Assistant.reload
    failures = []

    def reload_failing_once(self: Assistant) -> Any:
        if not failures:
            failures.append(1)
            raise MemoryError  # what the alias bomb did to the reload task
        return real_reload(self)

    monkeypatch.setattr(Assistant, "reload", reload_failing_once)
    settings = settings_for(
        fake, tmp_path, webhook=True, faq_dir=folder, admin_ids=frozenset({ADMIN})
    )
    async with running(fake, settings, encoder, reload_every=0.1):
        url = f"http://127.0.0.1:{settings.port}/healthz"
        first = await health(url)
        with caplog.at_level(logging.ERROR):
            touch_contact(folder)
            [alert] = await fake.wait_for("sendMessage", timeout=10)
        assert alert["chat_id"] == ADMIN and "MemoryError" in alert["text"]
        assert "FAQ reload failed" in caplog.text
        touch_contact(folder, "        - Combien coûte un café à la CNIL ?\n")  # still watching
        for _ in range(100):
            if await health(url) != first:
                break
            await asyncio.sleep(0.05)
        assert await health(url) != first


def touch_contact(folder: Path, phrasing: str = "") -> None:
    path = folder / "contact.yaml"
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "fr:") + 1
    path.write_text("".join([*lines[:at], phrasing, *lines[at:]]) + "\n")


async def health(url: str) -> str:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return str((await response.json())["kb_version"])


# -- slow, idle and too many connections -----------------------------------------------------


async def read_all(reader: asyncio.StreamReader) -> bytes:
    return await asyncio.wait_for(reader.read(), 15)  # b"" once the server has closed


async def test_slow_headers_and_idle_connections_are_closed(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    limits = Limits(header_timeout=0.5, body_timeout=0.5)
    async with running(fake, settings, encoder, limits=limits):
        idle_reader, _ = await asyncio.open_connection("127.0.0.1", settings.port)
        slow_reader, slow = await asyncio.open_connection("127.0.0.1", settings.port)
        slow.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and the rest never comes
        assert await read_all(idle_reader) == b""
        assert await read_all(slow_reader) == b""


async def test_slow_body_gets_408(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False, api_token="api-secret")
    async with running(fake, settings, encoder, limits=Limits(body_timeout=0.5)):
        reader, writer = await asyncio.open_connection("127.0.0.1", settings.port)
        writer.write(
            b"POST /api/v1/ask HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer api-secret\r\n"
            b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"quest'
        )
        status = await asyncio.wait_for(reader.readline(), 15)
        writer.close()
    assert status.startswith(b"HTTP/1.1 408")


async def test_connections_are_capped(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    async with running(fake, settings, encoder, limits=Limits(max_connections=3)):
        held = [await asyncio.open_connection("127.0.0.1", settings.port) for _ in range(3)]
        await asyncio.sleep(0.2)
        reader, _ = await asyncio.open_connection("127.0.0.1", settings.port)
        assert await read_all(reader) == b""  # over the cap: closed at once
        first_reader, first = held[0]
        first.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert (await read_all(first_reader)).startswith(b"HTTP/1.1 200")  # the others serve
        for _, writer in held:
            writer.close()
        await asyncio.sleep(0.2)
        url = f"http://127.0.0.1:{settings.port}/healthz"
        async with aiohttp.ClientSession() as http, http.get(url) as response:  # room again
            assert response.status == 200


# -- X-Forwarded-For -------------------------------------------------------------------------


async def statuses(port: int, forwarded: list[str]) -> list[int]:
    url = f"http://127.0.0.1:{port}/api/v1/ask"
    found = []
    async with aiohttp.ClientSession() as http:
        for value in forwarded:
            headers = {"Authorization": "Bearer api-secret", "X-Forwarded-For": value}
            async with http.post(url, json={"question": "bonjour"}, headers=headers) as r:
                found.append(r.status)
    return found


async def test_forwarded_for_from_an_untrusted_peer_is_ignored(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=False, api_token="api-secret")
    async with running(fake, settings, encoder):
        found = await statuses(settings.port, [f"10.0.0.{i}" for i in range(25)])
    assert 429 in found  # a new forged address per request does not escape the limit


async def test_forwarded_for_from_a_trusted_proxy_is_used(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    trusted = Settings.from_env({"FAQBOT_TRUSTED_PROXIES": "127.0.0.1, ::1"}).trusted_proxies
    settings = settings_for(
        fake, tmp_path, webhook=False, api_token="api-secret", trusted_proxies=trusted
    )
    async with running(fake, settings, encoder):
        distinct = await statuses(settings.port, [f"10.0.0.{i}" for i in range(25)])
        # the client writes the first address, the proxy appends the real one
        forged = await statuses(settings.port, [f"10.9.9.{i}, 10.1.1.1" for i in range(25)])
    assert 429 not in distinct
    assert 429 in forged


def test_trusted_proxies_setting_is_checked() -> None:
    with pytest.raises(ValueError, match=r"^FAQBOT_TRUSTED_PROXIES: "):
        Settings.from_env({"FAQBOT_TRUSTED_PROXIES": "10.0.0.1, proxy.example"})


# -- staff commands and edited messages ------------------------------------------------------


async def test_staff_commands_do_not_answer_in_groups(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True, admin_ids=frozenset({ADMIN}))
    group = {"chat_type": "group", "chat_id": DEFAULT_GROUP_CHAT_ID}
    async with running(fake, settings, encoder):
        await fake.deliver_webhook(
            fake.make_message_update("comment avoir un passeport", user_id=5)
        )
        for command in ("/unanswered", "/stats", "/reload"):
            await fake.deliver_webhook(fake.make_message_update(command, user_id=ADMIN, **group))
        await fake.deliver_webhook(fake.make_message_update("/unanswered", user_id=ADMIN))
    in_group = [m["text"] for m in fake.sent_messages(DEFAULT_GROUP_CHAT_ID)]
    in_private = [m["text"] for m in fake.sent_messages(ADMIN)]
    assert not any("passeport" in t or "Questions" in t or "version" in t for t in in_group)
    assert "passeport" in in_private[-1]  # in a private chat the admin still has it


async def test_an_edited_command_runs_nothing(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    async with running(fake, settings, encoder):
        await fake.deliver_webhook(fake.make_message_update("date limite ?"))
        await fake.deliver_webhook(fake.make_message_update("hello"))
        await fake.deliver_webhook(fake.make_edited_message_update("/forget"))
    assert len(rows(settings)) == 2  # nothing erased
    assert "edited" in fake.sent_messages()[-1]["text"]


# -- odd input -------------------------------------------------------------------------------


async def raw_post(port: int, path: str, headers: bytes, body: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n"
        + headers
        + b"\r\n"
        + body
    )
    response = await asyncio.wait_for(reader.read(), 15)
    writer.close()
    return int(response.split(b" ", 2)[1])


async def test_odd_input_gets_4xx_and_the_bot_keeps_serving(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True, api_token="api-secret")
    port, hook, api = settings.port, "/telegram/hook", "/api/v1/ask"
    secret = b"X-Telegram-Bot-Api-Secret-Token: s3cret-token\r\n"
    auth = b"Authorization: Bearer api-secret\r\n"

    def update(**message: Any) -> bytes:
        base = fake.make_message_update("date limite ?")
        base["message"].update(message)
        return json.dumps(base).encode()

    huge_id = fake.make_message_update("date limite ?")
    huge_id["update_id"] = 10**30
    cases = [
        (hook, b"X-Telegram-Bot-Api-Secret-Token: s3cr\xe9t\xff-token\r\n", update(), 403),
        (api, b"Authorization: Bearer api-s\xffcret\r\n", b'{"question": "x"}', 401),
        (api, auth, b'{"question": "qui peut candidater \\ud800 ?"}', 400),
        (hook, secret, update(text="date limite \\ud83d ?").replace(b"\\\\ud83d", b"\\ud83d"), 400),
        (hook, secret, json.dumps(huge_id).encode(), 400),
        (hook, secret, update(date=10**20), 400),
        (hook, secret, update(date=10**15), 400),
        (api, auth, b'{"question": "x", "user": 100000000000000000000000000000}', 400),
    ]
    async with running(fake, settings, encoder):
        with caplog.at_level(logging.ERROR):
            found = [await raw_post(port, path, h, body) for path, h, body, _ in cases]
        status, _ = await fake.deliver_webhook(fake.make_message_update("who can apply?"))
    assert found == [expected for *_, expected in cases]
    assert "Traceback" not in caplog.text and "Error handling request" not in caplog.text
    assert status == 200 and len(fake.sent_messages()) == 1


# -- Telegram's HTML rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<span>hidden</span>",
        '<span class="other">hidden</span>',
        '<a href="https://a.fr">one <a href="https://b.fr">two</a></a>',
        '<a href="https://a.fr"><code>x</code></a>',
        "<pre><b>bold in pre</b></pre>",
        "<code><i>x</i></code>",
        '<code class="language-python">x</code>',
        "<blockquote>a <blockquote>b</blockquote></blockquote>",
        "<tg-emoji>👍</tg-emoji>",
    ],
)
def test_html_telegram_refuses_is_flagged(html: str) -> None:
    assert render.check_html(html)


@pytest.mark.parametrize(
    "html",
    [
        '<span class="tg-spoiler">x</span>',
        '<b>bold <a href="https://a.fr">link <i>it</i></a></b>',
        '<pre><code class="language-python">x = 1</code></pre>',
        "<blockquote expandable>a <b>b</b></blockquote>",
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "a &lt; b &amp;&amp; c &quot;d&quot; &#233;",
    ],
)
def test_html_telegram_accepts_passes(html: str) -> None:
    assert render.check_html(html) == []


async def test_a_reply_telegram_refuses_is_sent_as_plain_text(
    fake: FakeBotAPI, tmp_path: Path, encoder: SentenceEncoder
) -> None:
    settings = settings_for(fake, tmp_path, webhook=True)
    async with running(fake, settings, encoder):
        fake.fail_next(
            "sendMessage",
            "400",
            description='Bad Request: can\'t parse entities: Unsupported start tag "x"',
        )
        status, _ = await fake.deliver_webhook(fake.make_message_update("date limite ?"))
    refused, plain = fake.calls("sendMessage")
    assert status == 200 and refused["parse_mode"] == "HTML"
    assert "parse_mode" not in plain and "<" not in plain["text"]
    assert "septembre 2023" in plain["text"] and "https://" in plain["text"]  # sources kept
    assert len(fake.sent_messages()) == 1


# -- CSV formulas ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        " =1+1",
        "\u00a0=1+1",  # no-break space
        "\u200b=1+1",  # zero-width space
        "\ufeff=1+1",  # byte-order mark
        "\u3000\t=1+1",
        "＝1+1",  # full-width
        "＋33 1 53 73 22 22",
        "＠SUM(A1)",
        "－2",
        "\t=1",
        "\r=1",
    ],
)
def test_csv_formula_guard(cell: str) -> None:
    assert analytics.neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["qui peut candidater ?", "3 projets", "a=b", "", " ok"])
def test_csv_guard_leaves_ordinary_text(cell: str) -> None:
    assert analytics.neutralise(cell) == cell
