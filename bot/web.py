"""The web server: Telegram's webhook, a health check, and the HTTP API for other platforms."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.conversation import Chat, Conversation
from bot.service import Assistant
from bot.settings import Network
from bot.staff.web import setup_staff
from bot.telegram_app import handle_update
from bot.webguard import Limits, client_address

if TYPE_CHECKING:
    from bot.webchat import ChatConfig

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # Telegram's updates are far smaller; anything over 1 MB is refused
MAX_QUESTION = 4096
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

ASSISTANT = web.AppKey("assistant", Assistant)
CONVERSATION = web.AppKey("conversation", Conversation)
TELEGRAM = web.AppKey("telegram", Application)


@dataclass
class WebConfig:
    """What the web server needs beyond the assistant."""

    webhook_path: str | None = None
    webhook_secret: str | None = None
    api_token: str | None = None
    rate: float = 1.0  # API requests per second per client, sustained
    burst: int = 20  # API requests a client may make at once
    trusted_proxies: tuple[Network, ...] = ()  # peers whose X-Forwarded-For is believed
    limits: Limits = field(default_factory=Limits)


class RateLimiter:
    """A token bucket per client, for the HTTP API; remembers at most ``clients`` clients."""

    def __init__(self, rate: float, burst: int, clients: int = 10_000) -> None:
        self.rate, self.burst, self.clients = rate, burst, clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, client: str, now: float | None = None) -> float:
        """0 if ``client`` may go on, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(client, (float(self.burst), now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[client] = (tokens - 1 if tokens >= 1 else tokens, now)
        while len(self._buckets) > self.clients:
            self._buckets.popitem(last=False)
        return wait


CONFIG = web.AppKey("config", WebConfig)
LIMITER = web.AppKey("limiter", RateLimiter)


def make_app(
    assistant: Assistant,
    config: WebConfig,
    telegram: Application | None = None,  # type: ignore[type-arg]
    chat: ChatConfig | None = None,
) -> web.Application:
    """The aiohttp application: /healthz, /api/v1/ask, the web chat (/, /widget.js,
    /api/v1/chat), the staff console (/staff), and the webhook if configured."""
    from bot.webchat import ChatConfig, add_web_chat

    app = web.Application(client_max_size=MAX_BODY)
    app[ASSISTANT] = assistant
    app[CONVERSATION] = Conversation(assistant)
    app[CONFIG] = config
    app[LIMITER] = RateLimiter(config.rate, config.burst)
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/api/v1/ask", api_ask)
    add_web_chat(app, chat if chat is not None else ChatConfig())
    setup_staff(app, assistant)  # /staff: off until `faqbot staff add` creates an account
    if telegram is not None and config.webhook_path:
        app[TELEGRAM] = telegram
        app.router.add_post(config.webhook_path, webhook)
    return app


async def healthz(request: web.Request) -> web.Response:
    """200 with the live knowledge base's version."""
    engine = request.app[ASSISTANT].engine
    return web.json_response(
        {"status": "ok", "kb_version": engine.version, "entries": len(engine.kb.entries)}
    )


async def _json_body(request: web.Request) -> Any:
    try:
        async with asyncio.timeout(request.app[CONFIG].limits.body_timeout):
            body = await request.read()  # over client_max_size: aiohttp answers 413
    except TimeoutError:
        raise _error(web.HTTPRequestTimeout, "body not received in time") from None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise _error(web.HTTPBadRequest, "body is not valid JSON") from None
    problem = _odd_value(data)
    if problem:
        raise _error(web.HTTPBadRequest, problem)
    return data


MAX_INT = 2**63 - 1  # Telegram's ids and dates fit in 64 bits; SQLite's integers too


def _odd_value(data: Any) -> str | None:
    """What JSON may carry that Python takes but nothing downstream can store or send:
    integers over 64 bits, strings with lone surrogates (``"\\ud800"``)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, int) and not -MAX_INT - 1 <= value <= MAX_INT:
            return "an integer is out of range"
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "a string is not valid Unicode (lone surrogate)"
    return None


def _header_bytes(value: str) -> bytes:
    """A header as its raw bytes: aiohttp keeps bytes that are not UTF-8 as surrogates."""
    return value.encode("utf-8", "surrogateescape")


def _error(kind: type[web.HTTPException], message: str, **headers: str) -> web.HTTPException:
    return kind(
        text=json.dumps({"error": message}), content_type="application/json", headers=headers
    )


async def webhook(request: web.Request) -> web.Response:
    """Telegram's webhook: check the secret, process the update, then acknowledge.

    The update is processed before the 200 goes back, so an acknowledged update has been
    handled; a redelivered one is skipped (see :func:`bot.telegram_app.handle_update`).
    """
    secret = request.app[CONFIG].webhook_secret or ""
    given = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(_header_bytes(given), secret.encode()):
        log.warning("webhook call with a wrong secret token refused")
        raise _error(web.HTTPForbidden, "wrong secret token")
    data = await _json_body(request)
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise _error(web.HTTPBadRequest, "not a Telegram update")
    application = request.app[TELEGRAM]
    try:
        update = Update.de_json(data, application.bot)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError) as e:
        log.warning("malformed update %s refused: %s", data.get("update_id"), type(e).__name__)
        raise _error(web.HTTPBadRequest, "malformed update") from None
    await handle_update(application, request.app[ASSISTANT], update)
    return web.Response(text="ok")


async def api_ask(request: web.Request) -> web.Response:
    """``POST /api/v1/ask {"question", "lang"?, "user"?}``: the JSON of ``faqbot ask --json``."""
    config = request.app[CONFIG]
    if not config.api_token:
        raise _error(web.HTTPNotFound, "the HTTP API is disabled (FAQBOT_API_TOKEN is not set)")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(_header_bytes(given), f"Bearer {config.api_token}".encode()):
        raise _error(
            web.HTTPUnauthorized, "missing or wrong bearer token", **{"WWW-Authenticate": "Bearer"}
        )
    client = client_address(
        request.remote, request.headers.get("X-Forwarded-For"), config.trusted_proxies
    )
    wait = request.app[LIMITER].allow(client)
    if wait:
        raise _error(web.HTTPTooManyRequests, "rate limit", **{"Retry-After": str(int(wait) + 1)})
    data = await _json_body(request)
    if not isinstance(data, dict):
        raise _error(
            web.HTTPBadRequest, 'expected {"question": "...", "lang"?, "user"?, "conversation"?}'
        )
    question, lang, user = data.get("question"), data.get("lang"), data.get("user")
    thread = data.get("conversation")
    if not isinstance(question, str) or not question.strip():
        raise _error(web.HTTPBadRequest, "question: a non-empty string is required")
    if len(question) > MAX_QUESTION:
        raise _error(web.HTTPBadRequest, f"question: at most {MAX_QUESTION} characters")
    if lang not in (None, "fr", "en"):
        raise _error(web.HTTPBadRequest, 'lang: "fr" or "en"')
    if user is not None and not isinstance(user, str | int):
        raise _error(web.HTTPBadRequest, "user: a string or a number")
    if thread is not None and not (isinstance(thread, str | int) and len(str(thread)) <= 200):
        raise _error(web.HTTPBadRequest, "conversation: a string of at most 200 characters")
    # Without a user, the conversation stands for the person (erasure, feedback).
    chat = Chat("api", user if user is not None else thread, thread)
    response = await request.app[CONVERSATION].message(chat, question, lang=lang)
    body = response.to_json()
    if thread is not None:
        body["conversation"] = thread
    return web.json_response(body, dumps=lambda o: json.dumps(o, ensure_ascii=False))
