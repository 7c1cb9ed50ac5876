"""Hostile input: the webhook fed garbage, text meant to break the reply, and property-based
tests of the YAML loader and the matcher (any input: a result or a clear error)."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest
from conftest import TODAY
from fakebotapi import FakeBotAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram_harness import rows, running, settings_for

from bot import render
from bot.encoder import SentenceEncoder
from bot.engine import Engine
from bot.kb import KBError, parse
from bot.yamlines import YAMLProblem, load

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token", "Content-Type": "application/json"}
GARBAGE = [
    (b"", 400),
    (b"null", 400),
    (b'"update"', 400),
    (b"{", 400),
    (b"\xff\xfe\x00", 400),
    (b'{"update_id": 1.5}', 400),
    (b'{"update_id": "7"}', 400),
    (b'{"update_id": 8, "message": []}', 400),
    (b'{"update_id": 9, "message": {"message_id": "x", "date": "y", "chat": 3}}', 400),
    (b'{"update_id": 10, "callback_query": {"id": 1}}', 400),
    (b"[" * 200_000 + b"]" * 200_000, 400),  # deeply nested
    (json.dumps({"update_id": 11, "a": {"b": {"c": [[[[[]]]]]}}}).encode(), 200),  # unknown kind
    (json.dumps({"update_id": 12, "poll": {"id": "p"}}).encode(), 400),  # a poll missing fields
    (json.dumps({"update_id": 13, "future_kind": {"x": [1, {"y": None}]}}).encode(), 200),
    (b" " * (10 * 1024 * 1024), 413),  # 10 MB
]
TEXTS = [
    "\u202eetimil etad\u202c ?",  # right-to-left override
    "date\u200b \u200blimite\u200d ?",  # zero-width
    "🤖🙂💥 deadline ??? 🎉",
    "date\x00limite",
    "x" * 5000,
    "<b>unclosed <i>tags</b> & <script>alert(1)</script> qui peut candidater",
    "*bold* _it_ `code` [link](http://x) ```pre``` qui a été sélectionné",
    "&lt;&amp;&gt; &#0; &#x110000; who can apply",
]


@pytest.mark.asyncio(loop_scope="function")
async def test_webhook_garbage(tmp_path: Path, encoder: SentenceEncoder) -> None:
    async with FakeBotAPI() as fake:
        settings_ = settings_for(fake, tmp_path, webhook=True)
        async with running(fake, settings_, encoder), aiohttp.ClientSession() as http:
            for body, status in GARBAGE:
                async with http.post(str(settings_.webhook_url), data=body, headers=HEADERS) as r:
                    assert r.status == status, body[:60]
            # still serving
            status, _ = await fake.deliver_webhook(fake.make_message_update("date limite ?"))
            assert status == 200
        assert len(fake.sent_messages()) == 1 and len(rows(settings_)) == 1


@pytest.mark.asyncio(loop_scope="function")
async def test_hostile_text_gets_well_formed_replies(
    tmp_path: Path, encoder: SentenceEncoder
) -> None:
    async with FakeBotAPI() as fake:
        settings_ = settings_for(fake, tmp_path, webhook=True)
        async with running(fake, settings_, encoder):
            for i, text in enumerate(TEXTS):
                status, _ = await fake.deliver_webhook(
                    fake.make_message_update(text, user_id=900 + i)
                )
                assert status == 200
    sent = fake.calls("sendMessage")
    assert len(sent) == len(TEXTS)
    for params in sent:
        assert params["parse_mode"] == "HTML" and not render.check_html(params["text"])
        assert "<script>" not in params["text"] and len(params["text"]) <= 4096
    stored = [r["question"] for r in rows(settings_)]
    assert len(stored) == len(TEXTS) and all(len(q) <= 4096 for q in stored)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_yaml_loader_gives_a_value_or_a_located_problem(text: str) -> None:
    try:
        load(text)
    except YAMLProblem as e:
        assert e.line >= 1 and e.message


ENTRY_KEYS = st.sampled_from(
    ["id", "category", "questions", "answer", "sources", "related", "reviewed", "oops"]
)
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | ENTRY_KEYS, inner, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["entries", "facts", "sources", "categories", "out_of_scope", "x"]),
        YAML_VALUES,
        max_size=4,
    )
)
def test_knowledge_base_parser_never_raises_anything_else(document: dict[str, object]) -> None:
    import yaml

    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        parse([("faq/x.yaml", text)])
    except KBError as e:
        assert e.problems and all(str(p).startswith("faq/x.yaml:") for p in e.problems)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_matcher_answers_or_declines_anything(engine: Engine, text: str) -> None:
    reply = engine.ask(text, TODAY)
    assert reply.outcome in ("answered", "suggested", "unanswered", "smalltalk")
    assert reply.lang in ("fr", "en") and not render.check_html(reply.html)
