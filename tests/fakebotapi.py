"""A fake Telegram Bot API server for end-to-end tests of python-telegram-bot applications.

The fake is a real aiohttp HTTP server listening on ``127.0.0.1`` (random free port), so a real
:class:`telegram.Bot` / :class:`telegram.ext.Application` talks to it over real HTTP::

    async with FakeBotAPI() as fake:
        bot = Bot(fake.token, base_url=fake.base_url)
        async with bot:
            await bot.send_message(chat_id=42, text="hi")
        assert fake.sent_messages(chat_id=42)[0]["text"] == "hi"

How PTB talks to the server (python-telegram-bot 22.x, ``HTTPXRequest``):

* every method is a ``POST`` to ``base_url + token + "/" + method``;
* parameters are sent as ``application/x-www-form-urlencoded`` (``multipart/form-data`` when
  files are uploaded), never as a JSON body. String values are sent raw, every other value
  (ints, bools, floats, lists, dicts) is ``json.dumps``-ed, e.g. ``chat_id=42``,
  ``disable_notification=true``, ``reply_markup={"inline_keyboard": ...}``;
* ``None`` values are dropped before sending, so absent parameters are simply missing.

The fake decodes form values with :func:`json.loads` unless the parameter is a known
string-typed one (see :data:`STRING_PARAMS`), so recorded params look like the Python objects
the bot passed (``{"chat_id": 42, "reply_markup": {"inline_keyboard": [...]}}``). JSON request
bodies and GET query strings are accepted as well (as Telegram does).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import inspect
import itertools
import json
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final, Literal, get_args

import aiohttp
from aiohttp import web

__all__ = [
    "DEFAULT_CHAT_ID",
    "DEFAULT_GROUP_CHAT_ID",
    "DEFAULT_TOKEN",
    "DEFAULT_USER_ID",
    "STRING_PARAMS",
    "BotAPIError",
    "FakeBotAPI",
    "FaultKind",
    "JSONDict",
    "MethodHandler",
]

JSONDict = dict[str, Any]
"""A decoded JSON object (request parameters, Telegram objects, updates)."""

MethodHandler = Callable[[JSONDict], Any]
"""A custom method implementation: gets the decoded params, returns the ``result`` value
(or an awaitable of it). Raise :class:`BotAPIError` to answer with an error."""

FaultKind = Literal["429", "500", "502", "slow", "drop", "400", "403"]
"""Kinds of faults accepted by :meth:`FakeBotAPI.fail_next`."""

DEFAULT_TOKEN: Final = "123456789:AAFakeTokenForEndToEndTests-0123456"
DEFAULT_USER_ID: Final = 1001
DEFAULT_CHAT_ID: Final = DEFAULT_USER_ID
DEFAULT_GROUP_CHAT_ID: Final = -1001234567890

STRING_PARAMS: Final[frozenset[str]] = frozenset(
    {
        "action",
        "address",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "currency",
        "custom_title",
        "description",
        "emoji",
        "error_message",
        "first_name",
        "game_short_name",
        "inline_message_id",
        "inline_query_id",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "next_offset",
        "parse_mode",
        "payload",
        "phone_number",
        "pre_checkout_query_id",
        "provider_token",
        "query",
        "question",
        "result_id",
        "secret_token",
        "short_description",
        "shipping_query_id",
        "start_parameter",
        "sticker_set_name",
        "switch_pm_parameter",
        "switch_pm_text",
        "text",
        "title",
        "url",
        "user_ids",
        "vcard",
        "web_app_query_id",
    }
)
"""Parameters whose form values are recorded verbatim (never JSON-decoded), so that e.g. a
message text ``"42"`` or ``"true"`` stays a string."""

_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Without an explicit allowed_updates setting Telegram delivers all update types but these.
_NOT_DELIVERED_BY_DEFAULT: Final = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
_BOT_COMMAND_RE: Final = re.compile(r"^/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]+)?")
_COMMAND_NAME_RE: Final = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_TOKEN_RE: Final = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_PATH_RE: Final = re.compile(r"^/bot(?P<token>[^/]*)/(?P<method>[^/]+)/?$")
_MAX_TEXT_LENGTH: Final = 4096
_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_ChatKey = int | str
_MessageKey = tuple[_ChatKey, int]


class BotAPIError(Exception):
    """Raised by method implementations to answer with ``{"ok": false, ...}``."""

    def __init__(
        self, error_code: int, description: str, parameters: JSONDict | None = None
    ) -> None:
        super().__init__(f"{error_code}: {description}")
        self.error_code = error_code
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class _Fault:
    kind: FaultKind
    retry_after: int
    delay: float
    description: str | None


@dataclass(frozen=True)
class _Described:
    """A successful result plus the ``description`` Telegram adds to some ok responses."""

    result: Any
    description: str


@dataclass
class _Poll:
    """A pending long-polling getUpdates request."""

    wake: asyncio.Event = field(default_factory=asyncio.Event)
    conflict: bool = False


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_form_value(key: str, raw: str) -> Any:
    if key in STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _normalize_chat_id(value: Any) -> _ChatKey:
    if isinstance(value, bool):
        raise BotAPIError(400, "Bad Request: chat not found")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.lstrip("-").isdigit():
            return int(stripped)
        if stripped:
            return stripped
    raise BotAPIError(400, "Bad Request: chat_id is empty")


def _as_int(value: Any, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(float(value))
        except ValueError:
            pass
    raise BotAPIError(400, f"Bad Request: invalid integer value {value!r}")


def _as_float(value: Any, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise BotAPIError(400, f"Bad Request: invalid number value {value!r}")


def _inline_markup(value: Any) -> JSONDict | None:
    """Telegram only echoes inline keyboards back in the returned Message."""
    if isinstance(value, dict) and "inline_keyboard" in value:
        return value
    return None


def _update_type(update: JSONDict) -> str | None:
    return next((key for key in update if key != "update_id"), None)


def _json_response(payload: JSONDict, status: int = 200) -> web.Response:
    return web.json_response(payload, status=status)


def _error_payload(
    error_code: int, description: str, parameters: JSONDict | None = None
) -> JSONDict:
    payload: JSONDict = {"ok": False, "error_code": error_code, "description": description}
    if parameters:
        payload["parameters"] = parameters
    return payload


def _short(params: JSONDict, limit: int = 300) -> str:
    text = json.dumps(params, ensure_ascii=False, default=repr)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class FakeBotAPI:
    """An in-process fake of the Telegram Bot API (see the module docstring).

    Args:
        token: The only bot token accepted; any other token gets ``401 Unauthorized``.
        bot_username: ``username`` of the bot returned by ``getMe`` and used as ``from``.
        bot_first_name: ``first_name`` of the bot.
        host: Interface to listen on.
        port: Port to listen on, ``0`` (default) picks a random free port.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "fake_test_bot",
        bot_first_name: str = "Fake Test Bot",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        bot_id_part = token.split(":", 1)[0]
        self.bot_id = int(bot_id_part) if bot_id_part.isdigit() else 123456789
        #: The ``getMe`` result; modify it to change the bot's identity/capabilities.
        self.me: JSONDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._host = host
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()

        self._methods: dict[str, MethodHandler] = {}
        self._method_names: dict[str, str] = {}
        for name, handler in self._builtin_methods().items():
            self.register_method(name, handler)

        self._update_ids = itertools.count(10_000)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._calls_changed = asyncio.Event()
        self._active_poll: _Poll | None = None
        self._reset_state()

    def _reset_state(self) -> None:
        self._requests: list[tuple[str, JSONDict]] = []
        self._fault_log: list[tuple[str, FaultKind]] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._updates: list[JSONDict] = []
        self._allowed_updates: list[str] = []
        self._webhook: JSONDict = {"url": ""}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._menu_buttons: dict[_ChatKey | None, JSONDict] = {}
        self._chats: dict[_ChatKey, JSONDict] = {}
        self._messages: dict[_MessageKey, JSONDict] = {}
        self._sent: list[JSONDict] = []
        self._answered_callbacks: list[JSONDict] = []

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Start listening. Idempotent."""
        if self._runner is not None:
            return
        self._closing = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._requested_port))
            site = web.SockSite(runner, sock)
            await site.start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._port = int(sock.getsockname()[1])
        self._runner = runner

    async def stop(self) -> None:
        """Stop the server; pending long polls return ``[]`` and slow faults are cut short."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._closing.set()
        if self._active_poll is not None:
            self._active_poll.wake.set()
        await runner.cleanup()

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` of the server."""
        return f"http://{self._host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for ``Bot(base_url=...)`` / ``ApplicationBuilder().base_url(...)``."""
        return f"{self.url}/bot"

    def reset(self) -> None:
        """Forget all recorded calls, faults, queued updates, messages and settings."""
        self._reset_state()

    # ------------------------------------------------------------------ recording

    @property
    def requests(self) -> list[tuple[str, JSONDict]]:
        """Every request with a valid token, in arrival order, as ``(method, params)``.

        Includes faulted requests and unknown methods (404). ``method`` is the canonical name
        (e.g. ``"sendMessage"``) for known methods, else as requested."""
        return list(self._requests)

    @property
    def fault_log(self) -> list[tuple[str, FaultKind]]:
        """``(method, kind)`` of every injected fault that was applied, in order."""
        return list(self._fault_log)

    def calls(self, method: str) -> list[JSONDict]:
        """Params of all recorded calls of ``method`` (including faulted ones)."""
        name = self._canonical(method)
        return [params for called, params in self._requests if called == name]

    def clear_calls(self) -> None:
        self._requests.clear()
        self._fault_log.clear()

    def sent_messages(self, chat_id: int | str | None = None) -> list[JSONDict]:
        """Messages successfully sent by the bot (``sendMessage``), as the Message JSON the
        fake returned at send time (later edits are not reflected, see :meth:`message`).

        Note that, like Telegram, only inline keyboards appear as ``reply_markup`` here; use
        :meth:`calls` to see every parameter as sent."""
        if chat_id is None:
            return list(self._sent)
        key = self._resolve_chat_key(chat_id)
        return [msg for msg in self._sent if msg["chat"]["id"] == key]

    def message(self, chat_id: int | str, message_id: int) -> JSONDict | None:
        """Current state of a known message (bot-sent or built by an update builder)."""
        stored = self._messages.get((self._resolve_chat_key(chat_id), message_id))
        return copy.deepcopy(stored) if stored is not None else None

    @property
    def answered_callback_queries(self) -> list[JSONDict]:
        return list(self._answered_callbacks)

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,
        predicate: Callable[[JSONDict], bool] | None = None,
    ) -> list[JSONDict]:
        """Wait until at least ``count`` calls of ``method`` whose params satisfy ``predicate``
        have been recorded; returns the matching params.

        Raises:
            AssertionError: on timeout, listing everything that was recorded.
        """
        name = self._canonical(method)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout

        def matching() -> list[JSONDict]:
            return [p for p in self.calls(name) if predicate is None or predicate(p)]

        while True:
            found = matching()
            if len(found) >= count:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            event = self._calls_changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
        recorded = "\n".join(f"  {m}: {_short(p)}" for m, p in self._requests) or "  (none)"
        condition = " matching the predicate" if predicate is not None else ""
        raise AssertionError(
            f"Timed out after {timeout}s waiting for {count} call(s) of {name!r}{condition}; "
            f"found {len(found)}. Recorded calls:\n{recorded}"
        )

    def _record(self, method: str, params: JSONDict) -> None:
        self._requests.append((method, params))
        event, self._calls_changed = self._calls_changed, asyncio.Event()
        event.set()

    # ------------------------------------------------------------------ faults

    def fail_next(
        self,
        method: str,
        kind: FaultKind,
        times: int = 1,
        *,
        retry_after: int = 1,
        delay: float = 6.0,
        description: str | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (``"*"``: any method) fail.

        Faults are queued per method and consumed one per call, in the order they were added
        (method-specific faults before ``"*"`` ones). Kinds:

        * ``"429"``: ``Too Many Requests`` with ``parameters.retry_after`` = ``retry_after``
          (PTB only raises ``RetryAfter`` for a truthy value, i.e. ``retry_after >= 1``);
        * ``"500"``: ``Internal Server Error`` (JSON error body);
        * ``"502"``: ``Bad Gateway`` with an HTML body, like Telegram's nginx front (PTB then
          logs a JSON parse error before raising ``NetworkError``); with ``description``, a
          JSON error body instead;
        * ``"slow"``: sleep ``delay`` seconds, then process the call normally (so the side
          effect happens even if the client has timed out, as with the real API);
        * ``"drop"``: close the connection without any response; the call has no effect;
        * ``"400"``: ``Bad Request`` with ``description`` (default "Bad Request: chat not
          found");
        * ``"403"``: ``description`` defaulting to "Forbidden: bot was blocked by the user".
        """
        if kind not in get_args(FaultKind):
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {get_args(FaultKind)}")
        if times < 1:
            raise ValueError("times must be >= 1")
        fault = _Fault(kind=kind, retry_after=retry_after, delay=delay, description=description)
        name = method if method == "*" else self._canonical(method)
        self._faults.setdefault(name, []).extend([fault] * times)

    def pending_faults(self) -> dict[str, int]:
        """Number of not yet consumed faults per method."""
        return {method: len(faults) for method, faults in self._faults.items() if faults}

    def clear_faults(self) -> None:
        self._faults.clear()

    def _pop_fault(self, method: str) -> _Fault | None:
        for key in (method, "*"):
            faults = self._faults.get(key)
            if faults:
                return faults.pop(0)
        return None

    async def _sleep(self, delay: float) -> None:
        """Sleep, but wake up early when the server stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), delay)

    # ------------------------------------------------------------------ custom methods

    def register_method(self, name: str, handler: MethodHandler) -> None:
        """Add (or override) a Bot API method. ``handler(params)`` returns the ``result``
        (sync or async) or raises :class:`BotAPIError`. Method names are case-insensitive,
        as with Telegram."""
        self._methods[name] = handler
        self._method_names[name.lower()] = name

    def _canonical(self, method: str) -> str:
        return self._method_names.get(method.lower(), method)

    # ------------------------------------------------------------------ HTTP handling

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        match = _PATH_RE.match(request.path)
        if match is None:
            return _json_response(_error_payload(404, "Not Found"), status=404)
        if match["token"] != self.token:
            return _json_response(_error_payload(401, "Unauthorized"), status=401)
        try:
            params = await self._parse_params(request)
        except BotAPIError as exc:
            return _json_response(
                _error_payload(exc.error_code, exc.description, exc.parameters),
                status=exc.error_code,
            )
        method = self._canonical(match["method"])
        self._record(method, params)
        handler = self._methods.get(method)
        if handler is None:
            return _json_response(_error_payload(404, "Not Found"), status=404)

        fault = self._pop_fault(method)
        if fault is not None:
            self._fault_log.append((method, fault.kind))
            faulted = await self._apply_fault(request, fault)
            if faulted is not None:
                return faulted

        try:
            result = handler(params)
            if inspect.isawaitable(result):
                result = await result
        except BotAPIError as exc:
            return _json_response(
                _error_payload(exc.error_code, exc.description, exc.parameters),
                status=exc.error_code,
            )
        if isinstance(result, _Described):
            return _json_response(
                {"ok": True, "result": result.result, "description": result.description}
            )
        return _json_response({"ok": True, "result": result})

    async def _apply_fault(self, request: web.Request, fault: _Fault) -> web.StreamResponse | None:
        kind = fault.kind
        if kind == "slow":
            await self._sleep(fault.delay)
            return None
        if kind == "drop":
            transport = request.transport
            if transport is not None:
                transport.close()
            # aiohttp silently discards writes to the closed transport.
            return web.Response(status=500)
        if kind == "429":
            seconds = fault.retry_after
            description = fault.description or f"Too Many Requests: retry after {seconds}"
            return _json_response(
                _error_payload(429, description, {"retry_after": seconds}), status=429
            )
        if kind == "502" and fault.description is None:
            html = (
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                "</body>\r\n</html>\r\n"
            )
            return web.Response(status=502, text=html, content_type="text/html")
        defaults: dict[str, tuple[int, str]] = {
            "500": (500, "Internal Server Error"),
            "400": (400, "Bad Request: chat not found"),
            "403": (403, "Forbidden: bot was blocked by the user"),
            "502": (502, "Bad Gateway"),
        }
        code, default_description = defaults[kind]
        return _json_response(
            _error_payload(code, fault.description or default_description), status=code
        )

    async def _parse_params(self, request: web.Request) -> JSONDict:
        params: JSONDict = {}
        for key, value in request.query.items():
            params[key] = _decode_form_value(key, value)
        if request.method not in ("POST", "PUT", "PATCH") or not request.can_read_body:
            return params
        content_type = request.content_type
        if content_type == "application/json":
            try:
                body = await request.json()
            except ValueError as exc:
                raise BotAPIError(400, "Bad Request: can't parse JSON object") from exc
            if not isinstance(body, dict):
                raise BotAPIError(400, "Bad Request: JSON object expected")
            params.update(body)
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, item in form.items():
                if isinstance(item, web.FileField):
                    content = item.file.read()
                    params[key] = {
                        "filename": item.filename,
                        "content_type": item.content_type,
                        "size": len(content),
                        "content": content,
                    }
                elif isinstance(item, str):
                    params[key] = _decode_form_value(key, item)
                else:  # bytes
                    params[key] = _decode_form_value(key, bytes(item).decode("utf-8", "replace"))
        return params

    # ------------------------------------------------------------------ updates

    def queue_update(self, update: JSONDict) -> int:
        """Queue an update for ``getUpdates`` (assigns ``update_id`` if missing); wakes up a
        pending long poll. Returns the update_id."""
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        self._updates.append(update)
        self._updates.sort(key=lambda item: int(item["update_id"]))
        if self._active_poll is not None:
            self._active_poll.wake.set()
        return int(update["update_id"])

    def queue_updates(self, updates: Iterable[JSONDict]) -> list[int]:
        return [self.queue_update(update) for update in updates]

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Queued updates not yet confirmed by a ``getUpdates`` offset."""
        return list(self._updates)

    def _is_allowed(self, update: JSONDict) -> bool:
        update_type = _update_type(update)
        if self._allowed_updates:
            return update_type in self._allowed_updates
        return update_type not in _NOT_DELIVERED_BY_DEFAULT

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if int(u["update_id"]) >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    async def post_webhook(
        self, url: str, update: JSONDict, secret_token: str | None = None
    ) -> tuple[int, str]:
        """POST ``update`` to a webhook like Telegram does (JSON body, header
        ``X-Telegram-Bot-Api-Secret-Token`` if ``secret_token`` is given).
        Returns ``(HTTP status, response body)``."""
        headers = {"Content-Type": "application/json"}
        if secret_token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
        timeout = aiohttp.ClientTimeout(total=10)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(url, data=json.dumps(update), headers=headers) as response,
        ):
            return response.status, await response.text()

    async def deliver_webhook(self, update: JSONDict) -> tuple[int, str]:
        """POST ``update`` to the webhook registered with ``setWebhook`` (URL and secret)."""
        url = self._webhook.get("url")
        if not url:
            raise RuntimeError("no webhook is set (setWebhook was not called)")
        secret = self._webhook.get("secret_token")
        return await self.post_webhook(str(url), update, secret_token=secret)

    # ------------------------------------------------------------------ update builders

    def _make_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> JSONDict:
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name is not None:
            user["last_name"] = last_name
        if username is not None:
            user["username"] = username
        if language_code is not None:
            user["language_code"] = language_code
        return user

    def _make_chat(
        self,
        user: JSONDict,
        chat_id: int | None,
        chat_type: Literal["private", "group", "supergroup"],
        chat_title: str,
    ) -> JSONDict:
        chat: JSONDict
        if chat_type == "private":
            chat = {"id": chat_id if chat_id is not None else user["id"], "type": "private"}
            chat["first_name"] = user["first_name"]
            for key in ("last_name", "username"):
                if key in user:
                    chat[key] = user[key]
        else:
            default_id = DEFAULT_GROUP_CHAT_ID if chat_type == "supergroup" else -4001234567
            chat = {
                "id": chat_id if chat_id is not None else default_id,
                "type": chat_type,
                "title": chat_title,
            }
        existing = self._chats.get(chat["id"])
        if existing is None or existing.get("type") != chat["type"]:
            self._chats[chat["id"]] = chat
        return chat

    def _user_message(
        self,
        *,
        user_id: int,
        chat_id: int | None,
        chat_type: Literal["private", "group", "supergroup"],
        language_code: str | None,
        first_name: str,
        last_name: str | None,
        username: str | None,
        chat_title: str,
        message_id: int | None,
        date: int | None,
    ) -> JSONDict:
        user = self._make_user(user_id, first_name, last_name, username, language_code)
        chat = self._make_chat(user, chat_id, chat_type, chat_title)
        return {
            "message_id": message_id if message_id is not None else next(self._message_ids),
            "from": user,
            "chat": chat,
            "date": date if date is not None else int(time.time()),
        }

    def _store_user_message(self, message: JSONDict) -> None:
        self._messages[(message["chat"]["id"], message["message_id"])] = copy.deepcopy(message)

    def make_message_update(
        self,
        text: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        language_code: str | None = "en",
        chat_type: Literal["private", "group", "supergroup"] = "private",
        first_name: str = "Test",
        last_name: str | None = "User",
        username: str | None = "test_user",
        chat_title: str = "Test Group",
        message_id: int | None = None,
        date: int | None = None,
        entities: list[JSONDict] | None = None,
        reply_to_message_id: int | None = None,
    ) -> JSONDict:
        """A ``message`` update from a user. ``chat_id`` defaults to ``user_id`` for private
        chats. A leading ``/command`` (or ``/command@bot``) gets a ``bot_command`` entity unless
        ``entities`` is given."""
        message = self._user_message(
            user_id=user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            language_code=language_code,
            first_name=first_name,
            last_name=last_name,
            username=username,
            chat_title=chat_title,
            message_id=message_id,
            date=date,
        )
        message["text"] = text
        if entities is None:
            match = _BOT_COMMAND_RE.match(text)
            if match:
                entities = [
                    {"type": "bot_command", "offset": 0, "length": _utf16_len(match.group())}
                ]
        if entities:
            message["entities"] = entities
        if reply_to_message_id is not None:
            replied = self._messages.get((message["chat"]["id"], reply_to_message_id))
            message["reply_to_message"] = (
                copy.deepcopy(replied)
                if replied is not None
                else {
                    "message_id": reply_to_message_id,
                    "chat": message["chat"],
                    "date": message["date"],
                }
            )
        self._store_user_message(message)
        return {"update_id": next(self._update_ids), "message": message}

    def make_edited_message_update(
        self,
        text: str,
        *,
        message_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        language_code: str | None = "en",
        chat_type: Literal["private", "group", "supergroup"] = "private",
        first_name: str = "Test",
        last_name: str | None = "User",
        username: str | None = "test_user",
        chat_title: str = "Test Group",
        edit_date: int | None = None,
    ) -> JSONDict:
        """An ``edited_message`` update. ``message_id`` defaults to the latest message built
        for that chat by :meth:`make_message_update` (else a fresh id)."""
        message = self._user_message(
            user_id=user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            language_code=language_code,
            first_name=first_name,
            last_name=last_name,
            username=username,
            chat_title=chat_title,
            message_id=message_id,
            date=None,
        )
        original: JSONDict | None = None
        if message_id is None:
            candidates = [
                msg
                for (chat_key, _), msg in self._messages.items()
                if chat_key == message["chat"]["id"] and not msg["from"]["is_bot"]
            ]
            if candidates:
                original = max(candidates, key=lambda msg: int(msg["message_id"]))
        else:
            original = self._messages.get((message["chat"]["id"], message_id))
        if original is not None:
            message["message_id"] = original["message_id"]
            message["date"] = original["date"]
        now = int(time.time())
        message["edit_date"] = edit_date if edit_date is not None else max(now, message["date"])
        message["text"] = text
        match = _BOT_COMMAND_RE.match(text)
        if match:
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(match.group())}
            ]
        self._store_user_message(message)
        return {"update_id": next(self._update_ids), "edited_message": message}

    def make_callback_update(
        self,
        data: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        message_id: int | None = None,
        message_text: str = "Choose:",
        inline_message_id: str | None = None,
        language_code: str | None = "en",
        chat_type: Literal["private", "group", "supergroup"] = "private",
        first_name: str = "Test",
        last_name: str | None = "User",
        username: str | None = "test_user",
        chat_title: str = "Test Group",
    ) -> JSONDict:
        """A ``callback_query`` update (a button press). The attached ``message`` is the bot
        message ``message_id`` if the bot sent it (current state incl. keyboard); if
        ``message_id`` is None, the latest bot message in that chat; else a synthesized bot
        message with ``message_text``. With ``inline_message_id``, no message is attached."""
        user = self._make_user(user_id, first_name, last_name, username, language_code)
        query: JSONDict = {
            "id": str(next(self._callback_ids) + 4_000_000_000_000_000_000),
            "from": user,
            "chat_instance": str(-(abs(chat_id or user_id) + 7_000_000_000_000_000)),
            "data": data,
        }
        if inline_message_id is not None:
            query["inline_message_id"] = inline_message_id
            return {"update_id": next(self._update_ids), "callback_query": query}

        chat = self._make_chat(user, chat_id, chat_type, chat_title)
        message: JSONDict | None = None
        if message_id is not None:
            message = self._messages.get((chat["id"], message_id))
        else:
            bot_messages = [
                msg
                for (chat_key, _), msg in self._messages.items()
                if chat_key == chat["id"] and msg["from"]["is_bot"]
            ]
            if bot_messages:
                message = max(bot_messages, key=lambda msg: int(msg["message_id"]))
        if message is None:
            message = {
                "message_id": message_id if message_id is not None else next(self._message_ids),
                "from": self._bot_user(),
                "chat": chat,
                "date": int(time.time()),
                "text": message_text,
            }
        query["message"] = copy.deepcopy(message)
        return {"update_id": next(self._update_ids), "callback_query": query}

    def make_sticker_update(
        self,
        *,
        emoji: str = "\N{THUMBS UP SIGN}",
        set_name: str | None = "FakeStickers",
        file_id: str | None = None,
        is_animated: bool = False,
        is_video: bool = False,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        language_code: str | None = "en",
        chat_type: Literal["private", "group", "supergroup"] = "private",
        first_name: str = "Test",
        last_name: str | None = "User",
        username: str | None = "test_user",
        chat_title: str = "Test Group",
    ) -> JSONDict:
        """A ``message`` update carrying a sticker."""
        message = self._user_message(
            user_id=user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            language_code=language_code,
            first_name=first_name,
            last_name=last_name,
            username=username,
            chat_title=chat_title,
            message_id=None,
            date=None,
        )
        number = next(self._file_ids)
        sticker: JSONDict = {
            "file_id": file_id or f"CAACAgIAAxkBAAFakeSticker{number:06d}",
            "file_unique_id": f"AgADFakeSticker{number:06d}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": is_animated,
            "is_video": is_video,
            "emoji": emoji,
            "file_size": 24_000,
        }
        if set_name is not None:
            sticker["set_name"] = set_name
        message["sticker"] = sticker
        self._store_user_message(message)
        return {"update_id": next(self._update_ids), "message": message}

    def make_photo_update(
        self,
        *,
        caption: str | None = None,
        file_id: str | None = None,
        width: int = 1280,
        height: int = 960,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        language_code: str | None = "en",
        chat_type: Literal["private", "group", "supergroup"] = "private",
        first_name: str = "Test",
        last_name: str | None = "User",
        username: str | None = "test_user",
        chat_title: str = "Test Group",
    ) -> JSONDict:
        """A ``message`` update carrying a photo (three PhotoSizes, largest last)."""
        message = self._user_message(
            user_id=user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            language_code=language_code,
            first_name=first_name,
            last_name=last_name,
            username=username,
            chat_title=chat_title,
            message_id=None,
            date=None,
        )
        number = next(self._file_ids)
        base = file_id or f"AgACAgIAAxkBAAFakePhoto{number:06d}"
        sizes: list[JSONDict] = []
        for index, scale in enumerate((0.0703125, 0.25, 1.0)):
            sizes.append(
                {
                    "file_id": base if scale == 1.0 else f"{base}_{index}",
                    "file_unique_id": f"AQADFakePhoto{number:06d}{index}",
                    "width": max(1, int(width * scale)),
                    "height": max(1, int(height * scale)),
                    "file_size": max(1, int(width * height * scale * scale * 0.1)),
                }
            )
        message["photo"] = sizes
        if caption is not None:
            message["caption"] = caption
            match = _BOT_COMMAND_RE.match(caption)
            if match:
                message["caption_entities"] = [
                    {"type": "bot_command", "offset": 0, "length": _utf16_len(match.group())}
                ]
        self._store_user_message(message)
        return {"update_id": next(self._update_ids), "message": message}

    # ------------------------------------------------------------------ chats & messages

    def register_chat(self, chat: JSONDict) -> None:
        """Make a chat known (e.g. a channel ``{"id": -100..., "type": "channel", "title":
        ..., "username": ...}``) so messages sent to it (also via ``@username``) use it."""
        self._chats[chat["id"]] = chat

    def _resolve_chat_key(self, chat_id: Any) -> _ChatKey:
        key = _normalize_chat_id(chat_id)
        if isinstance(key, str):
            username = key.lstrip("@").lower()
            for chat in self._chats.values():
                if str(chat.get("username", "")).lower() == username:
                    return int(chat["id"])
        return key

    def _chat_for(self, chat_id: Any) -> JSONDict:
        key = self._resolve_chat_key(chat_id)
        chat = self._chats.get(key)
        if chat is not None:
            return chat
        if isinstance(key, str):
            raise BotAPIError(400, "Bad Request: chat not found")
        if key > 0:
            chat = {"id": key, "type": "private", "first_name": f"User{key}"}
        elif key <= -1_000_000_000_000:
            chat = {"id": key, "type": "supergroup", "title": f"Chat {key}"}
        else:
            chat = {"id": key, "type": "group", "title": f"Chat {key}"}
        self._chats[key] = chat
        return chat

    def _bot_user(self) -> JSONDict:
        return {
            "id": self.me["id"],
            "is_bot": True,
            "first_name": self.me["first_name"],
            "username": self.me["username"],
        }

    def _edit_target(self, params: JSONDict) -> tuple[_MessageKey | None, JSONDict | None]:
        """Returns ``(key, stored message)``; ``(None, None)`` for inline messages."""
        if params.get("inline_message_id"):
            return None, None
        if "chat_id" not in params:
            raise BotAPIError(400, "Bad Request: chat_id is empty")
        if "message_id" not in params:
            raise BotAPIError(400, "Bad Request: message identifier is not specified")
        chat = self._chat_for(params["chat_id"])
        key: _MessageKey = (chat["id"], _as_int(params["message_id"], 0))
        stored = self._messages.get(key)
        if stored is not None and not stored["from"]["is_bot"]:
            raise BotAPIError(400, "Bad Request: message can't be edited")
        if stored is None:
            # Unknown message: assume the bot sent it before the test started.
            stored = {
                "message_id": key[1],
                "from": self._bot_user(),
                "chat": chat,
                "date": int(time.time()),
                "text": "",
            }
            self._messages[key] = stored
        return key, stored

    # ------------------------------------------------------------------ API methods

    def _builtin_methods(self) -> dict[str, MethodHandler]:
        return {
            "getMe": self._get_me,
            "logOut": self._true,
            "close": self._true,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendChatAction": self._send_chat_action,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
        }

    def _true(self, params: JSONDict) -> bool:
        return True

    def _get_me(self, params: JSONDict) -> JSONDict:
        return copy.deepcopy(self.me)

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self._webhook.get("url"):
            raise BotAPIError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _as_int(params.get("offset"), 0)
        limit = _as_int(params.get("limit"), 100)
        limit = 100 if limit <= 0 else min(limit, 100)
        timeout = max(0.0, _as_float(params.get("timeout"), 0.0))
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(item) for item in allowed]

        self._confirm(offset)
        previous = self._active_poll
        if previous is not None:
            previous.conflict = True
            previous.wake.set()
        poll = _Poll()
        self._active_poll = poll
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                if poll.conflict:
                    raise BotAPIError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                # Updates of types that are not allowed are dropped, as Telegram does.
                self._updates = [u for u in self._updates if self._is_allowed(u)]
                remaining = deadline - loop.time()
                if self._updates or remaining <= 0 or self._closing.is_set():
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poll.wake.wait(), remaining)
                poll.wake.clear()
        finally:
            if self._active_poll is poll:
                self._active_poll = None
        return copy.deepcopy(self._updates[:limit])

    def _set_webhook(self, params: JSONDict) -> _Described:
        url = params.get("url")
        if url is None:
            raise BotAPIError(400, "Bad Request: bad webhook: URL must be provided for webhook")
        url = str(url)
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN_RE.match(str(secret)):
            raise BotAPIError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(item) for item in allowed]
        if not url:
            return self._delete_webhook({})
        already = self._webhook.get("url") == url
        self._webhook = {
            "url": url,
            "secret_token": None if secret is None else str(secret),
            "allowed_updates": allowed if isinstance(allowed, list) else None,
            "max_connections": _as_int(params.get("max_connections"), 40),
            "ip_address": params.get("ip_address"),
            "has_custom_certificate": "certificate" in params,
        }
        return _Described(True, "Webhook is already set" if already else "Webhook was set")

    @property
    def webhook(self) -> JSONDict:
        """The webhook configuration recorded by ``setWebhook`` (``{"url": ""}`` if none):
        ``url``, ``secret_token``, ``allowed_updates``, ``max_connections``, ``ip_address``,
        ``has_custom_certificate``."""
        return dict(self._webhook)

    def _delete_webhook(self, params: JSONDict) -> _Described:
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        was_set = bool(self._webhook.get("url"))
        self._webhook = {"url": ""}
        return _Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": bool(self._webhook.get("has_custom_certificate")),
            "pending_update_count": len(self._updates),
        }
        if info["url"]:
            info["max_connections"] = self._webhook["max_connections"]
            if self._webhook.get("ip_address"):
                info["ip_address"] = self._webhook["ip_address"]
            if self._webhook.get("allowed_updates") is not None:
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    def _send_message(self, params: JSONDict) -> JSONDict:
        if "chat_id" not in params:
            raise BotAPIError(400, "Bad Request: chat_id is empty")
        chat = self._chat_for(params["chat_id"])
        text = params.get("text")
        if text is None or str(text).strip() == "":
            raise BotAPIError(400, "Bad Request: message text is empty")
        text = str(text)
        if len(text) > _MAX_TEXT_LENGTH:
            raise BotAPIError(400, "Bad Request: message is too long")
        message: JSONDict = {
            "message_id": next(self._message_ids),
            "from": self._bot_user(),
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if isinstance(params.get("entities"), list):
            message["entities"] = params["entities"]
        thread_id = params.get("message_thread_id")
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        reply_to: Any = params.get("reply_to_message_id")
        reply_parameters = params.get("reply_parameters")
        if isinstance(reply_parameters, dict):
            reply_to = reply_parameters.get("message_id")
        if reply_to is not None:
            replied = self._messages.get((chat["id"], _as_int(reply_to, 0)))
            if replied is not None:
                replied = {k: v for k, v in replied.items() if k != "reply_to_message"}
                message["reply_to_message"] = copy.deepcopy(replied)
        markup = _inline_markup(params.get("reply_markup"))
        if markup is not None:
            message["reply_markup"] = markup
        self._messages[(chat["id"], message["message_id"])] = message
        self._sent.append(copy.deepcopy(message))
        return copy.deepcopy(message)

    def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        text = params.get("text")
        if text is None or str(text).strip() == "":
            raise BotAPIError(400, "Bad Request: message text is empty")
        text = str(text)
        if len(text) > _MAX_TEXT_LENGTH:
            raise BotAPIError(400, "Bad Request: message is too long")
        key, stored = self._edit_target(params)
        if key is None or stored is None:
            return True
        markup = _inline_markup(params.get("reply_markup"))
        if stored.get("text") == text and stored.get("reply_markup") == markup:
            raise BotAPIError(400, _NOT_MODIFIED)
        stored["text"] = text
        stored["edit_date"] = int(time.time())
        if isinstance(params.get("entities"), list):
            stored["entities"] = params["entities"]
        else:
            stored.pop("entities", None)
        # Like Telegram: editing the text without reply_markup removes the inline keyboard.
        if markup is None:
            stored.pop("reply_markup", None)
        else:
            stored["reply_markup"] = markup
        return copy.deepcopy(stored)

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        key, stored = self._edit_target(params)
        if key is None or stored is None:
            return True
        markup = _inline_markup(params.get("reply_markup"))
        if stored.get("reply_markup") == markup:
            raise BotAPIError(400, _NOT_MODIFIED)
        stored["edit_date"] = int(time.time())
        if markup is None:
            stored.pop("reply_markup", None)
        else:
            stored["reply_markup"] = markup
        return copy.deepcopy(stored)

    def _answer_callback_query(self, params: JSONDict) -> bool:
        if not params.get("callback_query_id"):
            raise BotAPIError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._answered_callbacks.append(params)
        return True

    @staticmethod
    def _scope_key(scope: Any) -> str:
        if not isinstance(scope, dict):
            scope = {"type": "default"}
        return json.dumps(scope, sort_keys=True)

    def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise BotAPIError(400, 'Bad Request: parameter "commands" is required')
        if len(commands) > 100:
            raise BotAPIError(400, "Bad Request: too many commands specified")
        for command in commands:
            if (
                not isinstance(command, dict)
                or not _COMMAND_NAME_RE.match(str(command.get("command", "")))
                or not 1 <= len(str(command.get("description", ""))) <= 256
            ):
                raise BotAPIError(400, "Bad Request: BOT_COMMAND_INVALID")
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        if commands:
            self._commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        return copy.deepcopy(self._commands.get(key, []))

    def _delete_my_commands(self, params: JSONDict) -> bool:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands.pop(key, None)
        return True

    def my_commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """Commands currently set for ``scope`` (default scope if None) and language."""
        return copy.deepcopy(self._commands.get((self._scope_key(scope), language_code), []))

    def _send_chat_action(self, params: JSONDict) -> bool:
        if "chat_id" not in params:
            raise BotAPIError(400, "Bad Request: chat_id is empty")
        self._chat_for(params["chat_id"])
        if params.get("action") not in _CHAT_ACTIONS:
            raise BotAPIError(400, "Bad Request: wrong parameter action in request")
        return True

    def _set_chat_menu_button(self, params: JSONDict) -> bool:
        button = params.get("menu_button")
        if button is not None and not isinstance(button, dict):
            raise BotAPIError(400, "Bad Request: can't parse menu button")
        chat_key = (
            None if params.get("chat_id") is None else self._resolve_chat_key(params["chat_id"])
        )
        self._menu_buttons[chat_key] = button if button is not None else {"type": "default"}
        return True

    def _get_chat_menu_button(self, params: JSONDict) -> JSONDict:
        chat_key = (
            None if params.get("chat_id") is None else self._resolve_chat_key(params["chat_id"])
        )
        return copy.deepcopy(
            self._menu_buttons.get(chat_key) or self._menu_buttons.get(None) or {"type": "default"}
        )

    def menu_button(self, chat_id: int | str | None = None) -> JSONDict | None:
        """The menu button set by ``setChatMenuButton`` for ``chat_id`` (None: the default)."""
        key = None if chat_id is None else self._resolve_chat_key(chat_id)
        button = self._menu_buttons.get(key)
        return copy.deepcopy(button) if button is not None else None
