"""The staff console over real HTTP (aiohttp test client): accounts, sessions, CSRF,
throttling, audit, and what each page shows; the ``faqbot staff`` and ``replay`` commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from click.testing import CliRunner
from conftest import MINIMAL_FAQ
from staffdata import (
    PASSWORD,
    ROWS,
    SECRET_QUESTION,
    TEST_KEY,
    draft_faq,
    seed,
    staff_settings,
)

from bot import analytics
from bot.cli import cli
from bot.encoder import SentenceEncoder
from bot.engine import Engine
from bot.service import Assistant, load_kb
from bot.staff import health
from bot.staff.accounts import IDLE_TTL, MAX_FAILURES, SESSION_TTL, StaffStore, check_password
from bot.staff.web import CONSOLE, COOKIE
from bot.store import QuestionLog
from bot.web import WebConfig, make_app

PAGES = ["/staff", "/staff/review", "/staff/try?q=date", "/staff/health", "/staff/replay",
         "/staff/exports", "/staff/audit", "/staff/exports/download?format=json"]  # fmt: skip


@pytest.fixture
def assistant(tmp_path: Path, encoder: SentenceEncoder) -> Assistant:
    made = Assistant(staff_settings(tmp_path), encoder)
    seed(made.log)
    return made


@pytest.fixture
def store(assistant: Assistant) -> StaffStore:
    made = StaffStore(assistant.log.db)
    made.add("alice", PASSWORD)
    return made


async def client_for(aiohttp_client: Any, assistant: Assistant) -> TestClient:  # type: ignore[type-arg]
    return await aiohttp_client(make_app(assistant, WebConfig()))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


async def log_in(client: TestClient, username: str = "alice", password: str = PASSWORD) -> Any:  # type: ignore[type-arg]
    form = await client.get("/staff/login")
    token = csrf_of(await form.text())
    return await client.post(
        "/staff/login",
        data={"csrf": token, "username": username, "password": password, "next": "/staff"},
        allow_redirects=False,
    )


# -- accounts and sessions ---------------------------------------------------------------------


async def test_staff_area_is_off_without_an_account(
    aiohttp_client: Any, assistant: Assistant
) -> None:
    client = await client_for(aiohttp_client, assistant)
    for path in ["/staff", "/staff/login", "/staff/review"]:
        assert (await client.get(path, allow_redirects=False)).status == 404
    assert (await client.get("/healthz")).status == 200


async def test_anonymous_sees_no_question_text(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    for path in [*PAGES, "/staff/charts/per_day.svg"]:
        response = await client.get(path, allow_redirects=False)
        assert response.status in (303, 403), path
        body = await response.text()
        for row in ROWS:
            assert row[3] not in body, path
        if response.status == 303:
            assert response.headers["Location"].startswith("/staff/login")
    login_page = await (await client.get("/staff/login")).text()
    assert not any(row[3] in login_page for row in ROWS)


async def test_login_sets_a_strict_cookie_and_logout_ends_the_session(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    response = await log_in(client)
    assert response.status == 303 and response.headers["Location"] == "/staff"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["secure"]
    dashboard = await client.get("/staff")
    assert dashboard.status == 200
    html = await dashboard.text()
    assert "le bac a sable" in html or "le bac à sable" in html  # top unanswered groups
    out = await client.post("/staff/logout", data={"csrf": csrf_of(html)}, allow_redirects=False)
    assert out.status == 303
    again = await client.get("/staff", allow_redirects=False)
    assert again.status == 303 and again.headers["Location"].startswith("/staff/login")
    actions = [a["action"] for a in store.audit_log()]
    assert actions[:2] == ["logout", "login"]


async def test_cookie_is_secure_under_https(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    form = await client.get("/staff/login")
    token = csrf_of(await form.text())
    response = await client.post(
        "/staff/login",
        data={"csrf": token, "username": "alice", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
        allow_redirects=False,
    )
    assert response.cookies[COOKIE]["secure"]


async def test_wrong_password_is_refused_then_throttled(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    for _ in range(MAX_FAILURES):
        response = await log_in(client, password="not the password")
        assert response.status == 401
        assert "incorrect" in await response.text()
        assert COOKIE not in response.cookies
    unknown = await log_in(client, username="mallory", password="whatever it is")
    assert unknown.status in (401, 429)
    blocked = await log_in(client)  # the right password, but too many failures
    assert blocked.status == 429
    assert COOKIE not in blocked.cookies
    assert store.audit_log()[0]["action"] == "login-throttled"


async def test_post_without_csrf_is_refused(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    no_token = await client.post(
        "/staff/login", data={"username": "alice", "password": PASSWORD}, allow_redirects=False
    )
    assert no_token.status == 403
    await log_in(client)
    group = analytics.review_groups(assistant.log.db, assistant.log.marks())[0]
    for data in ({"status": "dismissed"}, {"status": "dismissed", "csrf": "forged"}):
        response = await client.post(f"/staff/review/{group.id}", data=data, allow_redirects=False)
        assert response.status == 403
    assert assistant.log.marks() == {}
    for path in ("/staff/logout", "/staff/replay"):
        assert (await client.post(path, data={}, allow_redirects=False)).status == 403
    assert (await client.get("/staff", allow_redirects=False)).status == 200  # still logged in


async def test_session_expires(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    console = client.app[CONSOLE]
    assert (await client.get("/staff", allow_redirects=False)).status == 200
    real_now = console.store.now
    console.store.now = lambda: real_now() + IDLE_TTL + dt.timedelta(seconds=1)
    response = await client.get("/staff", allow_redirects=False)
    assert response.status == 303 and "expired=1" in response.headers["Location"]
    expired_page = await client.get(response.headers["Location"])
    assert "expiré" in await expired_page.text()
    # Active all along, a session still ends SESSION_TTL after login.
    console.store.now = real_now
    await log_in(client)
    step = IDLE_TTL / 2
    moments = [real_now() + step * i for i in range(1, int(SESSION_TTL / step) + 2)]
    statuses = []
    for moment in moments:
        console.store.now = lambda moment=moment: moment
        statuses.append((await client.get("/staff", allow_redirects=False)).status)
    assert statuses[0] == 200 and statuses[-1] == 303


async def test_a_non_staff_session_cannot_reach_exports(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    client.session.cookie_jar.update_cookies({COOKIE: "made-up-token"})
    for path in ("/staff/exports", "/staff/exports/download?format=csv"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303
        assert SECRET_QUESTION not in await response.text()
    # A removed account's session dies with it.
    store.add("bob", PASSWORD)
    await log_in(client, "bob")
    assert (await client.get("/staff/exports", allow_redirects=False)).status == 200
    store.remove("bob")
    response = await client.get("/staff/exports/download?format=csv", allow_redirects=False)
    assert response.status == 303


async def test_login_redirect_stays_in_the_console(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    for target in (
        "https://evil.example/",
        "//evil.example",
        "/staff//evil.example",
        "/staff/review",
    ):
        token = csrf_of(await (await client.get("/staff/login")).text())
        response = await client.post(
            "/staff/login",
            data={"csrf": token, "username": "alice", "password": PASSWORD, "next": target},
            allow_redirects=False,
        )
        location = response.headers["Location"]
        assert location.startswith("/staff") and not location.startswith("//"), location


def test_passwords_are_scrypt_hashes(store: StaffStore) -> None:
    [stored] = [r[0] for r in store.db.execute("SELECT password FROM staff_accounts")]
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert check_password(PASSWORD, stored) and not check_password(PASSWORD + "x", stored)


# -- pages -------------------------------------------------------------------------------------


async def test_every_page_renders_in_both_languages(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    for lang, word in (("fr", "Tableau de bord"), ("en", "Dashboard")):
        for path in PAGES[:-1]:
            sep = "&" if "?" in path else "?"
            response = await client.get(f"{path}{sep}lang={lang}")
            assert response.status == 200, path
            html = await response.text()
            assert f'<html lang="{lang}">' in html and word in html, path
            assert "Content-Security-Policy" in response.headers


async def test_dashboard_figures_follow_the_period(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    html = await (await client.get("/staff?since=2026-11-29&until=2026-11-30&lang=en")).text()
    assert "<dt>Questions</dt><dd>2<small>2 counted in the answer rate</small>" in html
    assert "<dd>100 %<small>2 answered of 2 counted" in html
    wide = await (await client.get("/staff?since=2026-10-01&until=2026-11-30&lang=en")).text()
    # counted: typed, not on the cli channel, not small talk (bot.counting)
    counted = [r for r in ROWS if r[1] != "cli" and r[8] != "button" and r[4] != "smalltalk"]
    answered = [r for r in counted if r[4] == "answered"]
    assert f"<dt>Questions</dt><dd>{len(ROWS)}<small>{len(counted)} counted" in wide
    assert f"{len(answered)} answered of {len(counted)} counted" in wide
    empty = await (await client.get("/staff?since=2025-01-01&until=2025-01-02&lang=en")).text()
    assert "no counted question in this period" in empty
    svg = await client.get("/staff/charts/per_day.svg?since=2026-11-01&until=2026-11-30")
    assert svg.status == 200 and svg.content_type == "image/svg+xml"
    body = await svg.text()
    assert "<svg" in body and "cdn" not in body.lower() and "http://kozea" not in body
    bad = await (await client.get("/staff?since=yesterday")).text()
    assert "Invalid date" in bad  # the language chosen earlier is remembered


async def test_mark_a_group_as_the_cli_does(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    page = await (await client.get("/staff/review")).text()
    group = analytics.review_groups(assistant.log.db, assistant.log.marks())[0]
    assert group.id in page and "# group" in page  # the YAML suggestion
    response = await client.post(
        f"/staff/review/{group.id}",
        data={"csrf": csrf_of(page), "status": "added", "entry": "contact"},
    )
    assert response.status == 200
    marked = next(
        g
        for g in analytics.review_groups(assistant.log.db, assistant.log.marks())
        if g.id == group.id
    )
    assert (marked.status, marked.status_entry) == ("added", "contact")
    result = CliRunner().invoke(cli, ["review", "--all"], env=_env(assistant))
    assert "added (contact)" in result.output
    unknown = await client.post(
        f"/staff/review/{group.id}",
        data={"csrf": csrf_of(page), "status": "added", "entry": "no-such-entry"},
    )
    assert "Entrée inconnue" in await unknown.text()
    assert store.audit_log()[0]["action"] == "review-mark"


async def test_try_explains_the_decision(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    before = assistant.log.count()
    html = await (await client.get("/staff/try?q=quelle+est+la+date+limite&lang=en")).text()
    assert "<dt>Decision</dt><dd><strong>answer</strong></dd>" in html
    assert "deadline" in html and "Deciding signal" in html and "HTTP API (JSON)" in html
    assert "No context: the question is read on its own" in html
    assert assistant.log.count() == before  # tries are not logged
    script = await (await client.get("/staff/try?q=<script>alert(1)</script>")).text()
    assert "<script>alert(1)" not in script and "&lt;script&gt;alert(1)" in script


async def test_try_shows_the_conversation_context(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    html = await (
        await client.get("/staff/try?previous=what+is+Albert&q=who+built+it%3F&lang=en")
    ).text()
    assert "the last answer was entry project-albert" in html
    assert "It was used to read the question." in html
    assert "Read with the context, as: \u201cwhat is Albert who built it?\u201d" in html
    assert '"context_used": true' in html.replace("&#34;", '"')


async def test_exports_stream_what_the_cli_writes(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore, tmp_path: Path
) -> None:
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    query = "since=2026-11-01&until=2026-11-30&outcome=unanswered"
    for fmt, extra, args in (
        ("csv", "", []),
        ("json", "", []),
        ("ndjson", "", []),
        ("csv", "&excel=1", ["--excel"]),
        ("csv", "&aggregate=1", ["--aggregate"]),
    ):
        response = await client.get(f"/staff/exports/download?format={fmt}&{query}{extra}")
        assert response.status == 200
        assert "attachment" in response.headers["Content-Disposition"]
        out = tmp_path / f"cli.{fmt}"
        CliRunner().invoke(
            cli,
            ["export", "--format", fmt, "--since", "2026-11-01", "--until", "2026-11-30",
             "--outcome", "unanswered", "-o", str(out), *args],
            env=_env(assistant),
        )  # fmt: skip
        assert await response.read() == out.read_bytes(), (fmt, extra)
    rows = json.loads(
        await (await client.get(f"/staff/exports/download?format=json&{query}")).text()
    )
    assert {r["question"] for r in rows} >= {SECRET_QUESTION}
    assert "user" not in rows[0]
    assert store.audit_log()[0]["action"] == "export"
    page = await (await client.get("/staff/exports")).text()
    assert "Datasette" in page and "datasette " + str(assistant.settings.db_path) in page
    assert "Ouvrir la base dans Datasette" not in page  # no FAQBOT_DATASETTE_URL


async def test_exports_link_to_datasette_when_configured(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    assistant.settings = replace(assistant.settings, datasette_url="http://127.0.0.1:8001/staff")
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    page = await (await client.get("/staff/exports")).text()
    assert '<a href="http://127.0.0.1:8001/staff">Ouvrir la base dans Datasette</a>' in page


async def test_health_lists_unused_and_disliked_entries(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore
) -> None:
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    html = await (await client.get("/staff/health?lang=en")).text()
    assert "No problem: version" in html
    assert "eligibility</th><td>1</td>" in html  # one 👎
    assert "results-date" in html  # never used
    assert "Check the phrasings" in html  # only when asked: it takes seconds


RESULTS_YAML = """
    entries:
      - id: results
        category: calendar
        questions:
          fr: [resultats, quand les resultats, date des resultats, annonce des laureats, laureats connus quand, publication des resultats]
          en: [results, when are the results, results date, winners announced when]
        answer: {fr: "Les résultats.", en: "The results."}
        sources: [call]
        related: []
        reviewed: 2026-11-28
    """


async def test_health_checks_phrasings_in_the_background(
    aiohttp_client: Any, tmp_path: Path, encoder: SentenceEncoder, make_faq: Any
) -> None:
    folder = make_faq({"results.yaml": RESULTS_YAML})
    small = Assistant(replace(staff_settings(tmp_path), faq_dir=folder), encoder)
    StaffStore(small.log.db).add("alice", PASSWORD)
    client = await client_for(aiohttp_client, small)
    await log_in(client)
    html = await (await client.get("/staff/health?phrasings=1&lang=en")).text()
    for _ in range(300):
        if "Being checked" not in html:
            break
        await asyncio.sleep(0.1)
        html = await (await client.get("/staff/health?lang=en")).text()
    section = html[html.index('id="h-misrouted"') :]
    assert "<caption>Phrasings that now route to another entry</caption>" in section
    assert '<td colspan="5">None.</td>' in section  # each phrasing finds its own entry
    assert client.app[CONSOLE].misrouted[small.engine.version] == []


def test_misrouted_lists_phrasings_that_go_elsewhere(
    encoder: SentenceEncoder, make_faq: Any
) -> None:
    # The matcher learnt "annonce des laureats" as entry results; the edited FAQ lists it
    # under deadline too: the health page must show it routes to results.
    engine = Engine(load_kb(make_faq({"results.yaml": RESULTS_YAML})), encoder)
    edited = make_faq(
        {
            "results.yaml": RESULTS_YAML.replace("annonce des laureats", "resultats publies"),
            "calendar.yaml": MINIMAL_FAQ["calendar.yaml"].replace(
                "fr: [date limite,", "fr: [annonce des laureats, date limite,"
            ),
        }
    )
    engine.kb = load_kb(edited)
    found = health.misrouted(engine)
    assert ("deadline", "annonce des laureats", "results") in [
        (m.entry, m.phrasing, m.routed_to) for m in found
    ]


async def test_replay_of_a_draft(
    aiohttp_client: Any, assistant: Assistant, store: StaffStore, tmp_path: Path
) -> None:
    client = await client_for(aiohttp_client, assistant)
    await log_in(client)
    page = await (await client.get("/staff/replay?lang=en")).text()
    response = await client.post(
        "/staff/replay?lang=en",
        data={
            "csrf": csrf_of(page),
            "faq": str(draft_faq(tmp_path)),
            "since": "2026-11-01",
            "until": "2026-11-30",
        },
    )
    html = await response.text()
    newly = html[html.index('id="h-newly_answered"') :]
    assert SECRET_QUESTION in newly[: newly.index("</table>")]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.yaml").write_text("entries: [\n", encoding="utf-8")
    response = await client.post(
        "/staff/replay?lang=en", data={"csrf": csrf_of(page), "faq": str(broken),
                                       "since": "2026-11-01", "until": "2026-11-30"}
    )  # fmt: skip
    assert "is invalid" in await response.text()


# -- commands ----------------------------------------------------------------------------------


def _env(assistant: Assistant) -> dict[str, str]:
    s = assistant.settings
    return {
        "FAQBOT_DB": str(s.db_path),
        "FAQBOT_FAQ_DIR": str(s.faq_dir),
        "FAQBOT_TODAY": str(s.today),
        "FAQBOT_PSEUDONYM_KEY": TEST_KEY,
    }


def test_staff_commands(tmp_path: Path) -> None:
    env = {"FAQBOT_DB": str(tmp_path / "data" / "x.db")}
    runner = CliRunner()
    missing = runner.invoke(cli, ["staff", "list"], env=env)
    assert missing.exit_code == 2 and "no question log" in missing.output
    # The first account may come before the bot ever ran: it creates the database.
    added = runner.invoke(cli, ["staff", "add", "carol"], input=PASSWORD + "\n", env=env)
    assert added.exit_code == 0, added.output
    assert runner.invoke(cli, ["staff", "list"], env=env).output.startswith("carol\t")
    again = runner.invoke(cli, ["staff", "add", "carol"], input=PASSWORD + "\n", env=env)
    assert again.exit_code == 2 and "already exists" in again.output
    short = runner.invoke(cli, ["staff", "add", "dan"], input="short\n", env=env)
    assert short.exit_code == 2 and "12 characters" in short.output
    assert "Traceback" not in short.output
    assert runner.invoke(cli, ["staff", "remove", "carol"], env=env).exit_code == 0
    assert "staff console is off" in runner.invoke(cli, ["staff", "list"], env=env).output
    gone = runner.invoke(cli, ["staff", "remove", "carol"], env=env)
    assert gone.exit_code == 2 and "no account" in gone.output


def test_replay_command(assistant: Assistant, tmp_path: Path) -> None:
    env = _env(assistant)
    draft = draft_faq(tmp_path)
    result = CliRunner().invoke(
        cli, ["replay", "--since", "2026-11-01", "--faq", str(draft), "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    live = CliRunner().invoke(cli, ["replay", "--since", "2026-11-01", "--json"], env=env)
    before = json.loads(live.output)
    # The draft answers SECRET_QUESTION on top of what the live FAQ answers.
    assert data["newly_answered"]["count"] == before["newly_answered"]["count"] + 1
    assert SECRET_QUESTION in [c["question"] for c in data["newly_answered"]["examples"]]
    assert SECRET_QUESTION not in [c["question"] for c in before["newly_answered"]["examples"]]
    assert data["questions"] == len([r for r in ROWS if r[0] < 45 and r[8] == "text"])
    assert data["with_context"] == 1
    live = CliRunner().invoke(cli, ["replay", "--since", "2026-11-01"], env=env)
    assert live.exit_code == 0 and "Replayed 8 question(s)" in live.output
    assert "not replayed (follow-ups read with their context): 1" in live.output
    missing = CliRunner().invoke(cli, ["replay", "--faq", str(tmp_path / "nope")], env=env)
    assert missing.exit_code == 2 and "invalid" in missing.output


async def test_run_without_a_token_serves_the_console(
    tmp_path: Path, encoder: SentenceEncoder
) -> None:
    import socket

    import aiohttp

    from bot.runner import serve

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = replace(staff_settings(tmp_path), port=port)
    StaffStore(QuestionLog(settings.db_path).db).add("alice", PASSWORD)
    stop = asyncio.Event()
    server = asyncio.create_task(serve(settings, stop=stop, embed=encoder, host="127.0.0.1"))
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/staff/login") as response:
                        assert response.status == 200
                        assert 'name="username"' in await response.text()
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("the web server did not start")
    finally:
        stop.set()
        await server


def test_every_decision_feature_has_a_label_in_both_languages() -> None:
    # The try page explains the decision feature by feature: a feature added to the
    # matcher without its label would break the page.
    from bot.matcher import FEATURES
    from bot.staff.i18n import STRINGS

    for name in FEATURES:
        french, english = STRINGS[f"f_{name}"]
        assert french and english and french != english
