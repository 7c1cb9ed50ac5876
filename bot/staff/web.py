"""The staff console's pages under ``/staff``, on the bot's aiohttp server.

Off (404) until ``faqbot staff add`` has created an account. Every page but the login form
needs a session; every POST needs the session's CSRF token (403 without); every action
(login, logout, mark, replay, try, export) goes to the audit log. Pages are Jinja2
templates with autoescaping: user text is never inserted as HTML.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hmac
import io
import json
import logging
import secrets
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import sqlite_utils
from aiohttp import web
from markupsafe import Markup

from bot import analytics, render
from bot.analytics import Filters
from bot.engine import Engine
from bot.kb import KBError, Lang
from bot.matcher import FEATURES
from bot.review import STATUSES, suggestion_yaml
from bot.service import Assistant, load_kb
from bot.staff import charts, health
from bot.staff.accounts import Session, StaffStore
from bot.staff.i18n import translate
from bot.staff.replay import KINDS, ReplayResult, logged_questions, run_replay
from bot.store import QUESTIONS, utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

COOKIE = "faqbot_staff"
LOGIN_COOKIE = "faqbot_staff_login"  # double-submit token of the login form
LANG_COOKIE = "faqbot_staff_lang"
PREFIX = "/staff"
DEFAULT_DAYS = 30
MAX_EXAMPLES = 10
HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"  # pygal's SVG has inline styles


@dataclass
class Console:
    """What the staff pages share: the assistant, the accounts, the templates."""

    assistant: Assistant
    store: StaffStore
    templates: jinja2.Environment
    misrouted: dict[str, list[health.Misrouted]] = field(default_factory=dict)
    misrouted_tasks: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    # The dashboard's figures, reused by its six chart images for a few seconds.
    figures: dict[tuple[dt.date, dt.date, str], tuple[float, dict[str, Any]]] = field(
        default_factory=dict
    )


CONSOLE = web.AppKey("staff_console", Console)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
StaffHandler = Callable[[web.Request, Session], Awaitable[web.StreamResponse]]


def setup_staff(app: web.Application, assistant: Assistant) -> None:
    """Add the staff console's routes and headers to ``app``."""
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.globals["timedelta"] = lambda days: dt.timedelta(days=days)
    app[CONSOLE] = Console(assistant, StaffStore(assistant.log.db), templates)
    app.middlewares.append(_staff_headers)
    r = app.router
    r.add_get(PREFIX, _page(dashboard))
    r.add_get(PREFIX + "/", _page(dashboard))
    r.add_get(PREFIX + "/login", _open(login_form))
    r.add_post(PREFIX + "/login", _open(login))
    r.add_post(PREFIX + "/logout", _page(logout))
    r.add_get(PREFIX + "/charts/{name}.svg", _page(chart))
    r.add_get(PREFIX + "/review", _page(review))
    r.add_post(PREFIX + "/review/{group}", _page(mark))
    r.add_get(PREFIX + "/try", _page(try_question))
    r.add_get(PREFIX + "/health", _page(faq_health))
    r.add_get(PREFIX + "/replay", _page(replay_form))
    r.add_post(PREFIX + "/replay", _page(replay))
    r.add_get(PREFIX + "/exports", _page(exports))
    r.add_get(PREFIX + "/exports/download", _page(download))
    r.add_get(PREFIX + "/audit", _page(audit))
    r.add_static(PREFIX + "/static", HERE / "static", append_version=False)


@web.middleware
async def _staff_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every staff response; nothing of the console is cached."""
    if not request.path.startswith(PREFIX):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as e:
        _add_headers(request, e)
        raise
    _add_headers(request, response)
    return response


def _add_headers(request: web.Request, response: web.StreamResponse) -> None:
    if response.prepared:  # a streamed export set its headers before its first byte
        return
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h["X-Content-Type-Options"] = "nosniff"
    h["Referrer-Policy"] = "no-referrer"
    h["X-Frame-Options"] = "DENY"
    if not request.path.startswith(PREFIX + "/static"):
        h["Cache-Control"] = "no-store"


# -- request helpers ---------------------------------------------------------------------------


def _console(request: web.Request) -> Console:
    console = request.app[CONSOLE]
    if not console.store.any_account():
        raise web.HTTPNotFound(text="not found")  # the staff area is off without accounts
    return console


def lang_of(request: web.Request) -> Lang:
    """The console's language: ``?lang=``, else the cookie, else the browser's, else French."""
    wanted = request.query.get("lang") or request.cookies.get(LANG_COOKIE)
    if wanted in ("fr", "en"):
        return wanted  # type: ignore[return-value]
    accept = request.headers.get("Accept-Language", "")
    return "en" if accept.lower().startswith("en") else "fr"


def _client(request: web.Request) -> str:
    return request.remote or "?"


def _secure(request: web.Request) -> bool:
    return request.secure or request.headers.get("X-Forwarded-Proto", "") == "https"


def _cookie(response: web.StreamResponse, request: web.Request, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        path=PREFIX,
        httponly=True,
        samesite="Strict",
        secure=_secure(request),
    )


def _open(handler: Handler) -> Handler:
    """A page that needs no session (the login form), only an existing account."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        _console(request)
        return await handler(request)

    return wrapped


def _page(handler: StaffHandler) -> Handler:
    """A page for logged-in staff: GET without a session goes to the login form, anything
    else is refused; a POST needs the session's CSRF token."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        console = _console(request)
        session = console.store.session(request.cookies.get(COOKIE))
        if session is None:
            if request.method == "GET" and not request.path.endswith(".svg"):
                expired = "&expired=1" if request.cookies.get(COOKIE) else ""
                raise web.HTTPSeeOther(
                    f"{PREFIX}/login?next={_safe_next(request.path_qs)}{expired}"
                )
            raise web.HTTPForbidden(text="log in first")
        if request.method == "POST":
            form = await request.post()
            given = str(form.get("csrf", ""))
            if not hmac.compare_digest(given.encode(), session.csrf.encode()):
                console.store.audit(session.username, "csrf-refused", request.path)
                raise web.HTTPForbidden(
                    text=translate("csrf_failed", lang_of(request)),
                )
        return await handler(request, session)

    return wrapped


def _safe_next(target: str) -> str:
    """Only a path of the console: never an open redirect."""
    from urllib.parse import quote

    if not target.startswith(PREFIX) or target.startswith("//") or "\\" in target:
        target = PREFIX
    return quote(target, safe="")


def _render(
    request: web.Request,
    template: str,
    session: Session | None,
    http_status: int = 200,
    **context: Any,
) -> web.Response:
    console = request.app[CONSOLE]
    lang = lang_of(request)

    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    def switch_url() -> str:
        query = dict(request.query)
        query["lang"] = "fr" if lang == "en" else "en"
        return str(request.rel_url.with_query(query))

    html = console.templates.get_template(template).render(
        t=t,
        lang=lang,
        session=session,
        path=request.path,
        prefix=PREFIX,
        switch_url=switch_url(),
        **context,
    )
    response = web.Response(text=html, content_type="text/html", status=http_status)
    if request.query.get("lang") in ("fr", "en"):
        _cookie(response, request, LANG_COOKIE, request.query["lang"])
    return response


@dataclass(frozen=True)
class Period:
    """An inclusive range of UTC days, from the page's ``since`` and ``until``."""

    since: dt.date
    until: dt.date
    error: bool = False

    @property
    def filters(self) -> Filters:
        """The analytics filters (``until`` exclusive there)."""
        return Filters(self.since, self.until + dt.timedelta(days=1))

    def query(self) -> str:
        """``since=...&until=...`` for links."""
        return f"since={self.since.isoformat()}&until={self.until.isoformat()}"


def period_of(request: web.Request, today: dt.date, days: int = DEFAULT_DAYS) -> Period:
    """The period asked for; the last ``days`` days when absent or wrong."""
    default = Period(today - dt.timedelta(days=days - 1), today)
    since, until = request.query.get("since", ""), request.query.get("until", "")
    if not since and not until:
        return default
    try:
        start = dt.date.fromisoformat(since) if since else default.since
        end = dt.date.fromisoformat(until) if until else default.until
    except ValueError:
        return Period(default.since, default.until, error=True)
    if start > end:
        return Period(default.since, default.until, error=True)
    return Period(start, end)


async def _reading(console: Console, work: Callable[[sqlite_utils.Database], T]) -> T:
    """Run ``work`` on its own read-only connection in a worker thread: figures over a
    large log take seconds, and the event loop keeps serving the bot meanwhile."""
    path = console.assistant.settings.db_path

    def run() -> T:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return work(sqlite_utils.Database(conn))
        finally:
            conn.close()

    return await asyncio.to_thread(run)


# -- login and logout --------------------------------------------------------------------------


async def login_form(request: web.Request) -> web.StreamResponse:
    """The login form, with a fresh double-submit token."""
    return _login_page(request, None, 200)


def _login_page(request: web.Request, error: str | None, status: int) -> web.Response:
    token = secrets.token_urlsafe(32)
    notice = None
    if request.query.get("expired"):
        notice = "login_expired"
    elif request.query.get("out"):
        notice = "logged_out"
    response = _render(
        request,
        "login.html",
        None,
        http_status=status,
        login_token=token,
        error=error,
        notice=notice,
        next=request.query.get("next", PREFIX),
    )
    _cookie(response, request, LOGIN_COOKIE, token)
    return response


async def login(request: web.Request) -> web.StreamResponse:
    """Check the password (throttled after repeated failures), then open a session."""
    store = request.app[CONSOLE].store
    form = await request.post()
    given = str(form.get("csrf", ""))
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise web.HTTPForbidden(text=translate("csrf_failed", lang_of(request)))
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))
    client = _client(request)
    if store.throttled(username, client):
        store.audit(username, "login-throttled", client)
        return _login_page(request, "login_throttled", 429)
    from bot.staff.accounts import check_password

    ok = await asyncio.to_thread(check_password, password, store.password_hash(username))
    opened = store.finish_login(username, ok, client)
    if opened is None:
        return _login_page(request, "login_failed", 401)
    token, _ = opened
    target = str(form.get("next", PREFIX))
    from urllib.parse import unquote

    response = web.HTTPSeeOther(unquote(_safe_next(target)))
    _cookie(response, request, COOKIE, token)
    response.del_cookie(LOGIN_COOKIE, path=PREFIX)
    raise response


async def logout(request: web.Request, session: Session) -> web.StreamResponse:
    """End the session."""
    request.app[CONSOLE].store.logout(session)
    response = web.HTTPSeeOther(f"{PREFIX}/login?out=1")
    response.del_cookie(COOKIE, path=PREFIX)
    raise response


# -- dashboard ---------------------------------------------------------------------------------


def channel_counts(db: sqlite_utils.Database, filters: Filters) -> list[tuple[str, int]]:
    """Questions per channel in the period, most first."""
    where, params = filters.where()
    cursor = db.execute(
        f"SELECT channel, count(*) n FROM {QUESTIONS} WHERE {where} "
        "GROUP BY channel ORDER BY n DESC, channel",
        params,
    )
    return [(str(c), int(n)) for c, n in cursor]


FIGURES_TTL = 30.0  # seconds a dashboard's figures are reused by its chart images


async def _figures(console: Console, period: Period, lang: Lang) -> dict[str, Any]:
    """The dashboard's figures; one computation serves the page and its chart images."""
    key = (period.since, period.until, lang)
    now = time.monotonic()
    cached = console.figures.get(key)
    if cached and now - cached[0] < FIGURES_TTL:
        return cached[1]
    figures = await _reading(console, lambda db: _compute_figures(db, period, lang))
    for old in [k for k, (at, _) in console.figures.items() if now - at >= FIGURES_TTL]:
        del console.figures[old]
    console.figures[key] = (now, figures)
    return figures


def _compute_figures(db: sqlite_utils.Database, period: Period, lang: Lang) -> dict[str, Any]:
    filters = period.filters
    s = analytics.stats(db, filters)
    days = []  # (day, questions, counted in the answer rate, answered of those)
    by_day = {d: (n, c, a) for d, n, c, a in s.by_day}
    day = period.since
    while day <= period.until:
        days.append((day.isoformat(), *by_day.get(day.isoformat(), (0, 0, 0))))
        day += dt.timedelta(days=1)
    outcomes = [(translate(f"o_{o}", lang), s.by_outcome.get(o, 0)) for o in analytics.OUTCOMES]
    return {
        "stats": s,
        "days": days,
        "outcomes": outcomes,
        "languages": sorted(s.by_lang.items(), key=lambda kv: (-kv[1], kv[0])),
        "channels": channel_counts(db, filters),
        "feedback": [
            (translate("thumbs_up", lang), s.thumbs_up),
            (translate("thumbs_down", lang), s.thumbs_down),
        ],
        "top_entries": s.top_entries,
    }


CHARTS = ("per_day", "outcomes", "languages", "channels", "feedback", "top_entries")


async def dashboard(request: web.Request, session: Session) -> web.StreamResponse:
    """Figures of a period: each chart with its table."""
    console = request.app[CONSOLE]
    lang = lang_of(request)
    period = period_of(request, console.assistant.today())
    figures = await _figures(console, period, lang)
    marks = console.assistant.log.marks()
    # As `faqbot stats`: the most frequent declined questions that count, not yet handled.
    groups = await _reading(console, lambda db: analytics.top_unanswered(db, marks, period.filters))
    ratio = figures["stats"].feedback_ratio
    return _render(
        request,
        "dashboard.html",
        session,
        period=period,
        today=console.assistant.today(),
        figures=figures,
        groups=groups,
        charts=CHARTS,
        ratio=f"{ratio:.0%}" if ratio is not None else None,
    )


async def chart(request: web.Request, session: Session) -> web.StreamResponse:
    """One dashboard chart as SVG."""
    console = request.app[CONSOLE]
    name = request.match_info["name"]
    if name not in CHARTS:
        raise web.HTTPNotFound()
    lang = lang_of(request)
    period = period_of(request, console.assistant.today())
    figures = await _figures(console, period, lang)
    title = translate(name, lang)
    if name == "per_day":
        days = figures["days"]
        svg = charts.per_day(
            title,
            [d for d, *_ in days],
            {
                translate("questions", lang): [n for _, n, _, _ in days],
                translate("counted", lang): [c for _, _, c, _ in days],
                translate("answered", lang): [a for _, _, _, a in days],
            },
        )
    else:
        svg = charts.bars(title, figures[name])
    return web.Response(
        body=svg,
        content_type="image/svg+xml",
        headers={"Content-Security-Policy": SVG_CSP},
    )


# -- review queue ------------------------------------------------------------------------------


def _entry_files(console: Console) -> dict[str, str]:
    return {e.id: Path(e.path).name for e in console.assistant.engine.kb.entries}


async def review(request: web.Request, session: Session) -> web.StreamResponse:
    """The review queue: groups, examples, closest entry, status form, YAML suggestion."""
    console = request.app[CONSOLE]
    status = request.query.get("status", "new")
    if status not in (*STATUSES, "all"):
        status = "new"
    marks = console.assistant.log.marks()
    wanted = None if status == "all" else status
    groups = await _reading(
        console, lambda db: analytics.review_groups(db, marks, None, status=wanted)[:100]
    )
    files = _entry_files(console)
    today = console.assistant.today()
    items = [
        {
            "group": g,
            "examples": g.examples.most_common(5),
            "yaml": suggestion_yaml(g, today, files.get(g.closest or "")),
        }
        for g in groups
    ]
    return _render(
        request,
        "review.html",
        session,
        items=items,
        status=status,
        statuses=STATUSES,
        entries=sorted(e.id for e in console.assistant.engine.kb.entries),
        done=request.query.get("done"),
        done_status=request.query.get("as"),
        error=request.query.get("error"),
    )


async def mark(request: web.Request, session: Session) -> web.StreamResponse:
    """Set a group's status, with its entry when added (as ``faqbot review --mark``)."""
    console = request.app[CONSOLE]
    form = await request.post()
    group_id = request.match_info["group"]
    status = str(form.get("status", ""))
    entry = str(form.get("entry", "")).strip() or None
    back = str(form.get("back", "new"))
    back = back if back in (*STATUSES, "all") else "new"
    if status not in STATUSES:
        raise web.HTTPBadRequest(text=f"status: one of {', '.join(STATUSES)}")
    if entry is not None and entry not in console.assistant.engine.kb.by_id:
        raise web.HTTPSeeOther(f"{PREFIX}/review?status={back}&error=entry")
    log_ = console.assistant.log
    groups = analytics.review_groups(log_.db, log_.marks())
    found = next((g for g in groups if g.id == group_id), None)
    if found is None:
        raise web.HTTPSeeOther(f"{PREFIX}/review?status={back}&error=group")
    log_.mark(found.keys, status, entry if status == "added" else None)
    console.store.audit(
        session.username, "review-mark", f"{group_id} {status} {entry or ''}".strip()
    )
    raise web.HTTPSeeOther(f"{PREFIX}/review?status={back}&done={group_id}&as={status}")


# -- try a question ----------------------------------------------------------------------------


def explain(engine: Engine, question: str, lang: Lang | None, today: dt.date) -> dict[str, Any]:
    """The decision on ``question`` with its reasons: candidates, signals, the reply."""
    matcher = engine.matcher
    signals = matcher.signals(question, lang)
    match = matcher.match(question, lang)
    reply = engine.reply(match, today, question)
    cfg = matcher.config
    contributions: list[dict[str, Any]] = []
    if len(signals.features):
        for name, value, weight in zip(
            FEATURES, signals.features, cfg.decision_weights, strict=True
        ):
            contributions.append(
                {
                    "name": name,
                    "value": float(value),
                    "weight": weight,
                    "contribution": float(value) * weight,
                }
            )
    # The deciding signal: the largest push towards the decision taken.
    toward_answer = match.decision == "answer"
    pushing = [
        c for c in contributions if (c["contribution"] > 0) == toward_answer and c["contribution"]
    ]
    decided_by = max(pushing, key=lambda c: abs(c["contribution"]))["name"] if pushing else None
    top = []
    if len(signals.combined):
        order = signals.combined.argsort()[::-1][:5]
        by_id = {c.entry_id: c.phrasing for c in match.candidates}
        for index in order:
            entry_id = matcher.entry_ids[int(index)]
            top.append(
                {
                    "entry": entry_id,
                    "score": float(signals.combined[int(index)]),
                    "phrasing": by_id.get(entry_id, ""),
                }
            )
    return {
        "match": match,
        "signals": signals,
        "reply": reply,
        "contributions": sorted(contributions, key=lambda c: -abs(c["contribution"])),
        "bias": cfg.decision_bias,
        "answer_at": cfg.answer_at,
        "suggest_at": cfg.suggest_at,
        "decided_by": decided_by,
        "top": top,
    }


def try_reading(
    engine: Engine, question: str, lang: Lang | None, previous: str, today: dt.date
) -> dict[str, Any]:
    """What the conversation layer makes of ``question``, after ``previous`` when given:
    the context used, each part found with the decision explained, the reply per channel.
    Pure: nothing is logged, no context is stored."""
    from bot import dialogue
    from bot.dialogue import Context, Response

    context = None
    if previous:
        before = dialogue.read(engine, previous, today, lang=lang)
        answered = [p for p in before.parts if p.reply.outcome == "answered"]
        if answered and answered[-1].reply.entry_id:
            last = answered[-1]
            assert last.reply.entry_id is not None
            context = Context(last.reply.entry_id, previous, before.lang, utcnow())
    reading = dialogue.read(engine, question, today, lang=lang, context=context)
    parts = []
    for part in reading.parts:
        matched = f"{context.question} {part.text}" if part.with_context and context else part.text
        parts.append(
            {
                "part": part,
                "matched": matched,
                "explained": explain(engine, matched, reading.lang, today),
            }
        )
    html = dialogue.compose(reading, today, engine)
    response = Response(
        reading.lang, html, dialogue.buttons_for(reading, engine, None), reading.parts
    )
    return {
        "context": context,
        "reading": reading,
        "parts": parts,
        "response": response,
        "telegram_html": Markup(html) if not render.check_html(html) else None,
        "json": json.dumps(response.to_json(), ensure_ascii=False, indent=2),
    }


async def try_question(request: web.Request, session: Session) -> web.StreamResponse:
    """Try a question without logging it, and see why the bot decides as it does."""
    console = request.app[CONSOLE]
    question = request.query.get("q", "").strip()[:1000]
    previous = request.query.get("previous", "").strip()[:1000]
    wanted = request.query.get("qlang", "")
    qlang: Lang | None = wanted if wanted in ("fr", "en") else None  # type: ignore[assignment]
    result = None
    if question:
        engine = console.assistant.engine
        result = await asyncio.to_thread(
            try_reading, engine, question, qlang, previous, console.assistant.today()
        )
        console.store.audit(session.username, "try", f"{len(question)} characters")
    return _render(
        request,
        "try.html",
        session,
        question=question,
        previous=previous,
        qlang=wanted,
        result=result,
    )


# -- FAQ health --------------------------------------------------------------------------------


async def faq_health(request: web.Request, session: Session) -> web.StreamResponse:
    """Check problems, unused and disliked entries, and misrouted phrasings."""
    console = request.app[CONSOLE]
    assistant = console.assistant
    period = period_of(request, assistant.today())
    problems: list[str] = []
    try:
        await asyncio.to_thread(load_kb, assistant.settings.faq_dir, assistant.today())
    except KBError as e:
        problems = [str(p) for p in e.problems]
    engine = assistant.engine
    version = engine.version
    # Every phrasing through the matcher takes seconds (~15 s for the real FAQ on 2 cores):
    # only when asked, in the background, once per FAQ version.
    asked = request.query.get("phrasings") == "1"
    if asked and version not in console.misrouted and version not in console.misrouted_tasks:
        console.misrouted_tasks[version] = asyncio.create_task(_compute_misrouted(console, engine))
    return _render(
        request,
        "health.html",
        session,
        period=period,
        today=assistant.today(),
        problems=problems,
        version=version,
        entries=len(engine.kb.entries),
        unused=await _reading(
            console, lambda db: health.unused_entries(db, engine, period.filters)
        ),
        most_down=await _reading(console, lambda db: health.most_thumbs_down(db, period.filters)),
        misrouted=console.misrouted.get(version),
        computing=version in console.misrouted_tasks,
        phrasings=sum(len(q) for e in engine.kb.entries for q in e.questions.values()),
    )


async def _compute_misrouted(console: Console, engine: Engine) -> None:
    try:
        console.misrouted[engine.version] = await asyncio.to_thread(health.misrouted, engine)
    finally:
        console.misrouted_tasks.pop(engine.version, None)


# -- replay ------------------------------------------------------------------------------------


async def replay_form(request: web.Request, session: Session) -> web.StreamResponse:
    """The replay form."""
    console = request.app[CONSOLE]
    period = period_of(request, console.assistant.today())
    return _render(
        request,
        "replay.html",
        session,
        period=period,
        folder=str(console.assistant.settings.faq_dir),
        result=None,
        problems=None,
        kinds=KINDS,
    )


async def replay(request: web.Request, session: Session) -> web.StreamResponse:
    """Replay the period's questions on a FAQ folder and show what changes."""
    console = request.app[CONSOLE]
    assistant = console.assistant
    form = await request.post()
    folder = str(form.get("faq", "")).strip() or str(assistant.settings.faq_dir)
    today = assistant.today()
    try:
        since = dt.date.fromisoformat(str(form.get("since", "")))
        until = dt.date.fromisoformat(str(form.get("until", "")))
        period = Period(since, until)
    except ValueError:
        period = Period(today - dt.timedelta(days=DEFAULT_DAYS - 1), today, error=True)
    console.store.audit(session.username, "replay", f"{folder} {period.query()}")
    result: ReplayResult | None = None
    problems: list[str] | None = None
    try:
        kb = await asyncio.to_thread(load_kb, Path(folder), today)
    except KBError as e:
        problems = [str(p) for p in e.problems]
    else:
        rows = list(logged_questions(assistant.log.db, period.filters))
        engine = (
            assistant.engine
            if kb.version == assistant.engine.version
            else await asyncio.to_thread(Engine, kb, assistant.embed)
        )
        result = await asyncio.to_thread(run_replay, rows, engine, today)
    return _render(
        request,
        "replay.html",
        session,
        period=period,
        folder=folder,
        result=result,
        problems=problems,
        kinds=KINDS,
        examples=MAX_EXAMPLES,
    )


# -- exports -----------------------------------------------------------------------------------


async def exports(request: web.Request, session: Session) -> web.StreamResponse:
    """The export form and the Datasette note."""
    console = request.app[CONSOLE]
    period = period_of(request, console.assistant.today())
    return _render(
        request,
        "exports.html",
        session,
        period=period,
        outcomes=analytics.OUTCOMES,
        db_path=str(console.assistant.settings.db_path),
        datasette_url=console.assistant.settings.datasette_url,
    )


FORMATS = {"csv": "text/csv", "json": "application/json", "ndjson": "application/x-ndjson"}


async def download(request: web.Request, session: Session) -> web.StreamResponse:
    """Stream an export as ``faqbot export`` writes it (constant memory), audited."""
    console = request.app[CONSOLE]
    q = request.query
    fmt = q.get("format", "csv")
    if fmt not in FORMATS:
        raise web.HTTPBadRequest(text="format: csv, json or ndjson")
    outcomes = tuple(o for o in q.getall("outcome", []) if o in analytics.OUTCOMES)
    period = period_of(request, console.assistant.today())
    filters = Filters(period.since, period.until + dt.timedelta(days=1), outcomes)
    aggregate, excel, with_user = (q.get(k) == "1" for k in ("aggregate", "excel", "with_user"))
    console.store.audit(
        session.username,
        "export",
        f"{fmt} {period.query()} outcomes={','.join(outcomes) or 'all'}"
        f"{' aggregate' if aggregate else ''}{' with-user' if with_user else ''}",
    )
    kind = "aggregate" if aggregate else "questions"
    name = f"faqbot-{kind}-{period.since}_{period.until}.{fmt}"
    response = web.StreamResponse(
        headers={
            "Content-Type": f"{FORMATS[fmt]}; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}"',
        }
    )
    _add_headers(request, response)
    await response.prepare(request)
    path = console.assistant.settings.db_path

    def records(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
        if aggregate:
            return analytics.aggregate(db, filters)
        return analytics.rows(db, filters, with_user=with_user)

    names = analytics.columns(with_user=with_user, aggregated=aggregate)
    await _stream(response, path, records, fmt, excel, names)
    await response.write_eof()
    return response


class _Pipe(io.TextIOBase):
    """A text file whose writes go, in chunks, to a queue the event loop drains."""

    CHUNK = 64 * 1024

    def __init__(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[bytes | None]):
        self.loop, self.queue = loop, queue
        self.parts: list[str] = []
        self.size = 0
        self.cancelled = False

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.cancelled:
            raise ConnectionResetError("the client went away")
        if self.parts:
            chunk = "".join(self.parts).encode()
            self.parts, self.size = [], 0
            asyncio.run_coroutine_threadsafe(self.queue.put(chunk), self.loop).result()


async def _stream(
    response: web.StreamResponse,
    path: Path,
    records: Callable[[sqlite_utils.Database], Iterator[dict[str, Any]]],
    fmt: str,
    excel: bool,
    fieldnames: Sequence[str],
) -> None:
    """Run analytics.write in a thread, on its own read connection, and send its output as
    it comes; the queue is bounded, so a slow client slows the export, not the memory."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=4)
    pipe = _Pipe(loop, queue)

    def work() -> None:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            out: Any = pipe  # a text file for analytics.write
            analytics.write(
                records(sqlite_utils.Database(conn)), out, fmt, excel=excel, fieldnames=fieldnames
            )
            pipe.flush()
        finally:
            conn.close()
            asyncio.run_coroutine_threadsafe(queue.put(None), loop).result()

    worker = loop.run_in_executor(None, work)
    try:
        while (chunk := await queue.get()) is not None:
            await response.write(chunk)
    except BaseException:
        pipe.cancelled = True  # the writer stops at its next chunk; drain so it never blocks
        while await queue.get() is not None:
            pass
        raise
    finally:
        with contextlib.suppress(ConnectionResetError):
            await worker


# -- audit log ---------------------------------------------------------------------------------


async def audit(request: web.Request, session: Session) -> web.StreamResponse:
    """The latest staff actions."""
    store = request.app[CONSOLE].store
    return _render(request, "audit.html", session, rows=store.audit_log())
