"""The web channel: the chat page (``GET /``), the embeddable widget (``GET /widget.js``)
and their endpoint, ``POST /api/v1/chat``.

The channel only translates: a message, a click or a command goes to
:class:`~bot.conversation.Conversation` under ``Chat("web", id, id, page_lang)``, where
``id`` is the random conversation id the page keeps in sessionStorage (pseudonymised by
the server like every other id), and the :class:`~bot.dialogue.Response` comes back as
JSON. The browser rebuilds the answer's HTML (b, i, links) with DOM calls.

No token, no cookies: CORS for the origins of ``FAQBOT_WEB_ORIGINS`` (the page's own
origin always works), a rate limit per client address (``X-Forwarded-For`` believed only
from ``FAQBOT_TRUSTED_PROXIES``), security headers and a strict Content-Security-Policy.
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlparse

from aiohttp import web

from bot.conversation import Chat
from bot.dialogue import Response
from bot.kb import Lang
from bot.settings import Network
from bot.web import ASSISTANT, CONVERSATION, RateLimiter, _json_body
from bot.webguard import client_address

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
MAX_TEXT = 4096
COMMANDS = ("start", "help", "topics", "privacy", "forget", "lang")
_CONVERSATION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")

# The page's own texts (the chat's are in widget.js, which also runs on other sites).
PAGE: Mapping[Lang, Mapping[str, str]] = {
    "fr": {
        "title": "Questions sur le bac à sable données personnelles de la CNIL",
        "noscript": (
            "Cette page a besoin de JavaScript pour discuter. Les informations sur l'appel "
            "à projets sont sur"
        ),
    },
    "en": {
        "title": "Questions about the CNIL's personal-data sandbox",
        "noscript": (
            "This page needs JavaScript to chat. Information about the call for projects is on"
        ),
    },
}

# How the web page spells the commands the conversation's texts mention: its buttons.
WEB_COMMANDS: Mapping[str, Mapping[Lang, str]] = {
    "start": {"fr": "« Recommencer »", "en": "“Start again”"},
    "topics": {"fr": "« Thèmes »", "en": "“Topics”"},
    "help": {"fr": "« Aide »", "en": "“Help”"},
    "privacy": {"fr": "« Vos données »", "en": "“Your data”"},
    "forget": {"fr": "« Effacer mes questions »", "en": "“Erase my questions”"},
    "lang": {"fr": "le bouton « English »", "en": "the “Français” button"},
}

# The page: scripts, styles and requests from this server only, nothing inline.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"


@dataclass(frozen=True)
class ChatConfig:
    """The web channel's settings."""

    origins: tuple[str, ...] = ()  # other sites allowed to embed the widget (CORS)
    trusted_proxies: tuple[Network, ...] = ()  # peers whose X-Forwarded-For is believed
    # Per client address; generous, as a whole office may share one address.
    rate: float = 3.0  # chat requests per second, sustained
    burst: int = 60  # chat requests at once


CHAT_CONFIG = web.AppKey("chat_config", ChatConfig)
CHAT_LIMITER = web.AppKey("chat_limiter", RateLimiter)
STATIC_FILES = web.AppKey("static_files", dict[str, bytes])


def add_web_chat(app: web.Application, config: ChatConfig) -> None:
    """Serve the chat page, the widget and ``/api/v1/chat`` from ``app``."""
    app[CHAT_CONFIG] = config
    app[CHAT_LIMITER] = RateLimiter(config.rate, config.burst)
    app[STATIC_FILES] = {
        name: (STATIC / name).read_bytes() for name in ("widget.js", "widget.css", "page.css")
    }
    app.router.add_get("/", page)
    app.router.add_get("/favicon.ico", no_icon)
    for name in app[STATIC_FILES]:
        app.router.add_get(f"/{name}", static_file)
    app.router.add_post("/api/v1/chat", chat)
    app.router.add_route("OPTIONS", "/api/v1/chat", preflight)
    app.on_response_prepare.append(security_headers)


# -- the page and the widget ----------------------------------------------------------------

_PAGE = Template((STATIC / "index.html").read_text(encoding="utf-8"))


async def page(request: web.Request) -> web.Response:
    """The standalone chat page, in French unless ``?lang=en``."""
    lang: Lang = "en" if request.query.get("lang") == "en" else "fr"
    text = _PAGE.substitute({k: html.escape(v) for k, v in {"lang": lang, **PAGE[lang]}.items()})
    response = web.Response(text=text, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "no-cache"
    return response


async def no_icon(request: web.Request) -> web.Response:
    """No icon (browsers ask for one): 204 rather than a 404 in the console."""
    return web.Response(status=204)


async def static_file(request: web.Request) -> web.Response:
    """The widget's script and styles, and the page's styles (kept in memory)."""
    name = request.path.lstrip("/")
    kind = "text/javascript" if name.endswith(".js") else "text/css"
    response = web.Response(body=request.app[STATIC_FILES][name], content_type=kind)
    response.charset = "utf-8"
    response.headers["Cache-Control"] = "public, max-age=300"
    # Other sites load the widget: let them (no cookies are ever set or read).
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.enable_compression()
    return response


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Headers on every response: no sniffing, no referrer, no framing, a strict CSP."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    if request.path == "/":
        headers.setdefault("Content-Security-Policy", PAGE_CSP)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    elif not request.path.endswith((".js", ".css")):
        headers.setdefault("Content-Security-Policy", API_CSP)


# -- the endpoint ---------------------------------------------------------------------------


def allowed_origin(request: web.Request) -> str | None:
    """The request's Origin if it may call the chat (CORS), else None.

    The page's own origin (same host) always may; other sites only when listed in
    FAQBOT_WEB_ORIGINS. A request without Origin (not from a browser) gets no CORS header.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    if origin.lower().rstrip("/") in request.app[CHAT_CONFIG].origins:
        return origin
    if urlparse(origin).netloc.lower() == request.host.lower():
        return origin
    return None


def _cors(origin: str | None) -> dict[str, str]:
    return (
        {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin else {"Vary": "Origin"}
    )


def _error(
    kind: type[web.HTTPException], message: str, headers: Mapping[str, str]
) -> web.HTTPException:
    return kind(
        text=json.dumps({"error": message}), content_type="application/json", headers=headers
    )


async def preflight(request: web.Request) -> web.Response:
    """CORS preflight: only for the allowed origins."""
    origin = allowed_origin(request)
    if origin is None:
        raise _error(web.HTTPForbidden, "origin not allowed (FAQBOT_WEB_ORIGINS)", _cors(None))
    return web.Response(
        status=204,
        headers={
            **_cors(origin),
            "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
        },
    )


async def chat(request: web.Request) -> web.Response:
    """``POST /api/v1/chat {"conversation", "lang", "text" | "action" | "command"}``: the
    conversation's reply as the JSON of :meth:`~bot.dialogue.Response.to_json`."""
    cors = _cors(allowed_origin(request))
    if "Origin" in request.headers and "Access-Control-Allow-Origin" not in cors:
        raise _error(web.HTTPForbidden, "origin not allowed (FAQBOT_WEB_ORIGINS)", cors)
    config = request.app[CHAT_CONFIG]
    client = client_address(
        request.remote, request.headers.get("X-Forwarded-For"), config.trusted_proxies
    )
    wait = request.app[CHAT_LIMITER].allow(client)
    if wait:
        raise _error(
            web.HTTPTooManyRequests, "rate limit", {**cors, "Retry-After": str(int(wait) + 1)}
        )
    started = time.perf_counter()
    data = await _body(request, cors)
    chat_, what, value = _parse(data, cors)
    response = await _respond(request, chat_, what, value)
    body = {**response.to_json(), "conversation": chat_.conversation, "kind": response.kind}
    log.info(
        "web %s rows=%s %.1f ms",
        what,
        ",".join(str(r) for r in response.row_ids if r is not None) or "-",
        (time.perf_counter() - started) * 1000,
    )
    return web.json_response(body, headers=cors, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def _body(request: web.Request, cors: Mapping[str, str]) -> Any:
    """The JSON body, read and checked as for the HTTP API (time limit, 413, odd values),
    its errors carrying the CORS headers so the page can read them."""
    try:
        return await _json_body(request)
    except web.HTTPException as e:
        e.headers.update(cors)
        raise


def _parse(data: Any, cors: Mapping[str, str]) -> tuple[Chat, str, str]:
    """The chat and what it asks: ``("text" | "action" | "command", value)``."""
    if not isinstance(data, dict):
        raise _error(
            web.HTTPBadRequest,
            'expected {"conversation", "lang", "text" | "action" | "command"}',
            cors,
        )
    conversation, lang = data.get("conversation"), data.get("lang", "fr")
    if not isinstance(conversation, str) or not _CONVERSATION_ID.fullmatch(conversation):
        raise _error(
            web.HTTPBadRequest, "conversation: 16 to 64 characters among A-Z a-z 0-9 _ -", cors
        )
    if lang not in ("fr", "en"):
        raise _error(web.HTTPBadRequest, 'lang: "fr" or "en"', cors)
    given = [k for k in ("text", "action", "command") if k in data]
    if len(given) != 1:
        raise _error(web.HTTPBadRequest, 'exactly one of "text", "action", "command"', cors)
    what = given[0]
    value = data[what]
    if what == "text" and not (isinstance(value, str) and value.strip()):
        raise _error(web.HTTPBadRequest, "text: a non-empty string is required", cors)
    if what == "text" and len(value) > MAX_TEXT:
        raise _error(web.HTTPBadRequest, f"text: at most {MAX_TEXT} characters", cors)
    if what == "action" and not (isinstance(value, str) and 0 < len(value) <= 64):
        raise _error(web.HTTPBadRequest, "action: a button's action (at most 64 characters)", cors)
    if what == "command" and value not in COMMANDS:
        raise _error(web.HTTPBadRequest, f"command: one of {', '.join(COMMANDS)}", cors)
    chat_ = Chat("web", conversation, conversation, lang, commands=WEB_COMMANDS)
    return chat_, what, value


async def _respond(request: web.Request, chat_: Chat, what: str, value: str) -> Response:
    conversation = request.app[CONVERSATION]
    if what == "text":
        return await conversation.message(chat_, value)
    if what == "action":
        return conversation.action(chat_, value)
    if value == "privacy":  # the web's own notice: what this channel stores differs
        days = request.app[ASSISTANT].settings.retention_days
        return conversation.info(chat_, "privacy_web", conversation.lang_of(chat_), days=days)
    found = conversation.command(chat_, value)
    assert found is not None  # COMMANDS are all known to the conversation
    return found
