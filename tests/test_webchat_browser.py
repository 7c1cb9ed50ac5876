"""The web chat in a real browser (Chromium through Playwright) against `faqbot run` without
a Telegram token: the page and the widget, in French and English, with the mouse and the
keyboard only, the server stopped mid-conversation, the widget on other origins (allowed
and refused by CORS), and axe-core on every state. Elements are found by role and name, as
a screen-reader user finds them."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from botprocess import free_port
from browser import ROOT, axe_violations, browser, describe  # noqa: F401
from playwright.sync_api import Browser, BrowserContext, Page, expect
from webprocess import WebProcess

SCREENSHOTS = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 320, "height": 640}
ZOOM_200 = {"width": 640, "height": 400}  # the desktop window at 200 % zoom
SIZES = {"desktop": DESKTOP, "mobile": MOBILE, "zoom200": ZOOM_200}

# What each language's user types and reads.
TEXTS: dict[str, dict[str, Any]] = {
    "fr": {
        "path": "/",
        "input": "Votre question",
        "send": "Envoyer",
        "question": "quelle est la date limite ?",
        "answer": "30 septembre 2023",
        "follow_up": "et c'était quand déjà ?",
        "second": "qui peut candidater ?",
        "second_answer": "organismes publics",
        "lang": "fr",
        "log": "Conversation",
        "up": "Oui, utile",
        "thanks": "Merci pour votre avis",
        "switch": "English",
        "erase": "Effacer mes questions",
        "erased": "C'est fait",
        "topics": "Thèmes",
        "privacy": "Vos données",
        "launcher": "Une question sur le bac à sable CNIL ?",
        "searching": "Recherche…",
        "unreachable": "Impossible de joindre le service",
        "retry": "Réessayer",
    },
    "en": {
        "path": "/?lang=en",
        "input": "Your question",
        "send": "Send",
        "question": "what is the deadline?",
        "answer": "30 September 2023",
        "follow_up": "when did it close?",  # a pronoun: read with the deadline
        "second": "who can apply?",
        "second_answer": "public bodies",
        "lang": "en",
        "log": "Conversation",
        "up": "Yes, helpful",
        "thanks": "Thanks for your feedback",
        "switch": "Français",
        "erase": "Erase my questions",
        "erased": "Done",
        "topics": "Topics",
        "privacy": "Your data",
        "launcher": "A question about the CNIL sandbox?",
        "searching": "Searching…",
        "unreachable": "Cannot reach the service",
        "retry": "Try again",
    },
}


class HostSite:
    """Another origin (127.0.0.1 on its own port) serving a page that embeds the widget."""

    def __init__(self, folder: Path, widget_url: str) -> None:
        self.port, self.folder = free_port(), folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(
            f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Un site partenaire</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  /* the host's styles must not reach the widget, nor the widget's the host */
  body {{ font-family: Georgia, serif; }}
  button {{ background: rgb(255, 0, 0); font-size: 40px; }}
  faqbot-chat {{ --faqbot-accent: rgb(0, 0, 145); }}
</style></head>
<body><main><h1>Un site partenaire</h1><p>Le contenu du site.</p>
<button type="button">Bouton du site</button></main>
<script src="{widget_url}" data-lang="fr" async></script>
</body></html>""",
            encoding="utf-8",
        )
        handler = partial(_QuietHandler, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


SERVER_PORT = free_port()  # known before the host pages that load the widget are written


@pytest.fixture(scope="module")
def hosts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, HostSite]]:
    """Two other sites embedding the widget: one listed in FAQBOT_WEB_ORIGINS, one not."""
    folder = tmp_path_factory.mktemp("hosts")
    widget = f"http://127.0.0.1:{SERVER_PORT}/widget.js"
    sites = {name: HostSite(folder / name, widget) for name in ("allowed", "refused")}
    yield sites
    for site in sites.values():
        site.close()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, hosts: dict[str, HostSite]
) -> Iterator[WebProcess]:
    """`faqbot run` without a token; the "allowed" site in FAQBOT_WEB_ORIGINS."""
    db = tmp_path_factory.mktemp("web") / "faqbot.db"
    with WebProcess(db, SERVER_PORT, FAQBOT_WEB_ORIGINS=hosts["allowed"].origin) as process:
        yield process


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:  # noqa: F811
    ctx = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A tab that fails the test on a JavaScript error or a CSP violation."""
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield tab
    assert not problems


def rows(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql, params))


def ask(page: Page, t: dict[str, Any], text: str) -> None:
    """Type ``text`` in the question box and send it with Enter."""
    box = page.get_by_role("textbox", name=t["input"])
    box.fill(text)
    box.press("Enter")


def bot_messages(page: Page) -> Any:
    return page.get_by_role("log", name="Conversation").locator(".msg.bot")


# -- the conversation, with the mouse ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_conversation(page: Page, server: WebProcess, lang: str) -> None:
    t, other = TEXTS[lang], TEXTS["en" if lang == "fr" else "fr"]
    page.goto(server.url + t["path"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    log = page.get_by_role("log", name=t["log"])
    expect(log.get_by_role("button").first).to_be_visible()  # the welcome's examples

    # a question: the answer, its sources as links, focus back in the box
    ask(page, t, t["question"])
    expect(page.get_by_role("status")).to_have_text("")
    answer = bot_messages(page).last
    expect(answer).to_contain_text(t["answer"])
    expect(answer.get_by_role("link").first).to_have_attribute("href", re.compile("^https://"))
    expect(page.get_by_role("textbox", name=t["input"])).to_be_focused()

    # a follow-up read with the previous answer's subject
    with page.expect_response("**/api/v1/chat") as reply:
        ask(page, t, t["follow_up"])
    assert reply.value.json()["context_used"] is True
    expect(bot_messages(page)).to_have_count(3)

    # a suggested (related) question, clicked
    related = bot_messages(page).last.get_by_role("group").first.get_by_role("button").first
    label = related.inner_text()
    related.click()
    expect(log.locator(".msg.user").last).to_have_text(re.compile(re.escape(label)))
    expect(bot_messages(page)).to_have_count(4)
    expect(page.get_by_role("textbox", name=t["input"])).to_be_focused()

    # 👍 on that answer: thanked, the vote buttons gone, stored on its row
    voted = bot_messages(page).nth(3)
    voted.get_by_role("button", name=t["up"]).click()
    expect(bot_messages(page).last).to_contain_text(t["thanks"])
    expect(voted.get_by_role("button", name=t["up"])).to_have_count(0)
    assert rows(server.db, "SELECT count(*) FROM questions WHERE feedback = 1")[0][0] >= 1

    # switch language: the whole interface and the next answers
    page.get_by_role("button", name=t["switch"]).click()
    expect(page.locator("html")).to_have_attribute("lang", "en" if lang == "fr" else "fr")
    expect(page.get_by_role("textbox", name=other["input"])).to_be_visible()
    ask(page, other, other["second"])
    expect(bot_messages(page).last).to_contain_text(other["second_answer"])
    expect(bot_messages(page).last).to_have_attribute("lang", other["lang"])

    # erase: this conversation's rows go, and its transcript
    conversation = page.evaluate("sessionStorage.getItem('faqbot.conversation')")
    asked = rows(server.db, "SELECT count(*) FROM questions WHERE channel = 'web'")[0][0]
    assert asked >= 4
    page.get_by_role("button", name=other["erase"]).click()
    expect(bot_messages(page).last).to_contain_text(other["erased"])
    expect(page.get_by_role("log").locator(".msg")).to_have_count(1)
    left = rows(server.db, "SELECT count(*) FROM questions WHERE channel = 'web'")[0][0]
    assert asked - left >= 4  # another test's conversation may have rows too
    assert page.evaluate("sessionStorage.getItem('faqbot.conversation')") == conversation
    assert not page.context.cookies()


def test_transcript_survives_a_reload(page: Page, server: WebProcess) -> None:
    t = TEXTS["fr"]
    page.goto(server.url + "/")
    ask(page, t, t["question"])
    expect(bot_messages(page).last).to_contain_text(t["answer"])
    page.reload()
    expect(bot_messages(page)).to_have_count(2)
    expect(bot_messages(page).last).to_contain_text(t["answer"])


def test_privacy_and_topics(page: Page, server: WebProcess) -> None:
    t = TEXTS["fr"]
    page.goto(server.url + "/")
    page.get_by_role("button", name=t["privacy"]).click()
    expect(bot_messages(page).last).to_contain_text("pseudonyme")
    expect(bot_messages(page).last).not_to_contain_text("Telegram")
    page.get_by_role("button", name=t["topics"]).click()
    topic = bot_messages(page).last.get_by_role("button").first
    topic.click()
    expect(bot_messages(page).last.get_by_role("button").first).to_be_visible()


def test_answer_html_is_rebuilt_not_injected(page: Page, server: WebProcess) -> None:
    """A user's text with markup shows as text; nothing runs."""
    t = TEXTS["fr"]
    page.goto(server.url + "/")
    hostile = '<img src=x onerror="window.pwned=1"><b>gras</b> date limite ?'
    ask(page, t, hostile)
    expect(page.get_by_role("log").locator(".msg.user").last).to_have_text(
        re.compile(re.escape(hostile))
    )
    expect(bot_messages(page)).to_have_count(2)
    assert page.evaluate("window.pwned") is None
    assert page.get_by_role("log").locator("img, script").count() == 0


# -- the keyboard only -------------------------------------------------------------------------


def focused_name(page: Page) -> str:
    """The accessible text of the focused element, inside the shadow root too."""
    return str(
        page.evaluate(
            """() => { let el = document.activeElement;
                 while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
                 return el ? (el.getAttribute('aria-label') || el.id || el.textContent || '').trim() : ''; }"""
        )
    )


def focus_ring(page: Page) -> str | None:
    """The outline of the focused element when it is one of the chat's, else None."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => { let el = document.activeElement, inside = false;
             while (el && el.shadowRoot && el.shadowRoot.activeElement) {
               el = el.shadowRoot.activeElement; inside = true; }
             if (!inside) return null;
             const s = getComputedStyle(el); return s.outlineStyle + ' ' + s.outlineWidth; }"""
    )


def tab_to(page: Page, name: str, limit: int = 40) -> None:
    """Press Tab until ``name`` has the focus; every stop in the chat shows a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        assert ring in (None, "solid 3px"), f"focus not visible on {focused_name(page)!r}"
        if focused_name(page).endswith(name):
            return
    raise AssertionError(f"{name!r} cannot be reached with Tab")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_keyboard_only_widget(
    page: Page, server: WebProcess, hosts: dict[str, HostSite], lang: str
) -> None:
    t = TEXTS[lang]
    page.goto(hosts["allowed"].origin + "/")
    if lang == "en":  # the host page asks for English
        page.evaluate("sessionStorage.setItem('faqbot.lang', 'en')")
        page.reload()
    tab_to(page, t["launcher"])
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name=t["input"])
    expect(box).to_be_focused()
    expect(bot_messages(page).first.get_by_role("button").first).to_be_visible()
    page.keyboard.type(t["question"])
    page.keyboard.press("Enter")
    expect(bot_messages(page).last).to_contain_text(t["answer"])
    expect(box).to_be_focused()
    # Tab on to the thumbs-up, press it with the space bar: thanked, focus back in the box
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        assert focus_ring(page) in (None, "solid 3px")
        if focused_name(page).endswith(t["up"]):
            break
    else:
        raise AssertionError("the 👍 button cannot be reached with the keyboard")
    page.keyboard.press("Space")
    expect(bot_messages(page).last).to_contain_text(t["thanks"])
    expect(box).to_be_focused()
    # Escape closes the panel and gives the focus back to the launcher
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    launcher = page.get_by_role("button", name=t["launcher"])
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    # and the focus can leave the widget: no keyboard trap
    page.keyboard.press("Enter")
    expect(box).to_be_focused()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") != "FAQBOT-CHAT":
            break
    else:
        raise AssertionError("Tab never leaves the widget")


def test_keyboard_only_page(page: Page, server: WebProcess) -> None:
    t = TEXTS["fr"]
    page.goto(server.url + "/")
    tab_to(page, "faqbot-question")
    page.keyboard.type(t["question"])
    page.keyboard.press("Enter")
    expect(bot_messages(page).last).to_contain_text(t["answer"])
    for _ in range(40):  # back to a related question, open it with Enter
        page.keyboard.press("Shift+Tab")
        if page.evaluate(
            "() => !!document.getElementById('faqbot-page').shadowRoot.activeElement?.closest('.choices')"
        ):
            break
    page.keyboard.press("Enter")
    expect(bot_messages(page)).to_have_count(3)
    expect(page.get_by_role("textbox", name=t["input"])).to_be_focused()


def test_did_you_mean_and_i_dont_know(page: Page, server: WebProcess) -> None:
    page.goto(server.url + "/")
    expect(bot_messages(page).first).to_be_visible()  # the greeting is in
    # Vague questions the matcher is unsure about (the FAQ changes: the first that gets a
    # "did you mean" is used; what is tested is how the page shows it)
    for vague in ("les critères de sélection", "mairie", "réglementaire", "la CNIL", "quand"):
        with page.expect_response("**/api/v1/chat") as reply:
            ask(page, TEXTS["fr"], vague)
        if reply.value.json()["outcome"] == "suggested":
            break
    else:
        raise AssertionError("no vague question got a suggestion")
    suggestion = bot_messages(page).last.get_by_role("button").first
    suggestion.click()
    expect(bot_messages(page).last).to_contain_text("projets")
    expect(bot_messages(page).last.get_by_role("button", name="Oui, utile")).to_be_visible()
    # an honest "I don't know", with the topics to browse
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("textbox", name=TEXTS["en"]["input"])).to_be_visible()
    with page.expect_response("**/api/v1/chat") as reply:
        ask(page, TEXTS["en"], "what will the weather be like in Lyon tomorrow?")
    assert reply.value.json()["outcome"] == "unanswered"
    expect(bot_messages(page).last.get_by_role("link", name="cnil.fr")).to_be_visible()
    bot_messages(page).last.get_by_role("button").first.click()
    expect(bot_messages(page).last.get_by_role("button").first).to_be_visible()


def test_question_typed_while_an_answer_is_on_its_way(page: Page, server: WebProcess) -> None:
    """Nothing typed is lost: Enter while « Recherche… » sends the question right after."""
    t = TEXTS["fr"]
    page.goto(server.url + "/")
    expect(bot_messages(page).first).to_be_visible()
    held: list[Any] = []
    page.route("**/api/v1/chat", lambda route: route.continue_() if held else held.append(route))
    ask(page, t, t["question"])
    expect(page.get_by_role("status")).to_have_text(t["searching"])
    ask(page, t, "qui peut candidater ?")
    expect(page.get_by_role("textbox", name=t["input"])).to_have_value("qui peut candidater ?")
    held[0].continue_()
    expect(bot_messages(page)).to_have_count(3)
    expect(bot_messages(page).nth(1)).to_contain_text(t["answer"])
    expect(bot_messages(page).nth(2)).to_contain_text("organismes")
    expect(page.get_by_role("textbox", name=t["input"])).to_have_value("")


# -- failures ----------------------------------------------------------------------------------


def test_time_out_then_retry(page: Page, server: WebProcess, hosts: dict[str, HostSite]) -> None:
    """A server that does not answer within the time-out (1 s here): a clear message, and
    the retry sends the same question again."""
    t = TEXTS["fr"]
    host = hosts["allowed"].origin
    (hosts["allowed"].folder / "slow.html").write_text(
        '<!doctype html><html lang="fr"><title>x</title><main><h1>x</h1></main>'
        f'<script src="{server.url}/widget.js" data-timeout="1000"></script></html>'
    )
    page.goto(f"{host}/slow.html")
    page.get_by_role("button", name=t["launcher"]).click()
    expect(bot_messages(page).first).to_be_visible()
    page.route("**/api/v1/chat", lambda route: None)  # never answered
    ask(page, t, t["question"])
    expect(page.get_by_role("alert")).to_contain_text("trop de temps")
    page.unroute("**/api/v1/chat")
    page.get_by_role("button", name=t["retry"]).click()
    expect(bot_messages(page).last).to_contain_text(t["answer"])
    expect(page.get_by_role("log").locator(".msg.user")).to_have_count(1)  # sent once, kept once


def test_server_stopped_mid_conversation(page: Page, tmp_path: Path) -> None:
    t = TEXTS["fr"]
    process = WebProcess(tmp_path / "faqbot.db").start()
    try:
        page.goto(process.url + "/")
        ask(page, t, t["question"])
        expect(bot_messages(page).last).to_contain_text(t["answer"])
        process.stop()
        ask(page, t, "qui peut candidater ?")
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text(t["unreachable"])
        expect(page.get_by_role("log").locator(".msg.user").last).to_have_text(
            re.compile("qui peut candidater")
        )
        process.start()
        alert.get_by_role("button", name=t["retry"]).click()
        expect(bot_messages(page)).to_have_count(3)
        expect(bot_messages(page).last).to_contain_text("organismes")
        expect(page.get_by_role("alert")).to_have_count(0)  # the message is gone
    finally:
        process.stop()


def test_server_down_at_load_says_so(page: Page, server: WebProcess) -> None:
    t = TEXTS["fr"]
    page.route("**/api/v1/chat", lambda route: route.abort("connectionrefused"))
    page.goto(server.url + "/")
    expect(page.get_by_role("alert")).to_contain_text(t["unreachable"])
    page.unroute("**/api/v1/chat")
    page.get_by_role("button", name=t["retry"]).click()
    expect(bot_messages(page).first.get_by_role("button").first).to_be_visible()


# -- the widget on other sites -------------------------------------------------------------------


def test_widget_on_an_allowed_origin(
    page: Page, server: WebProcess, hosts: dict[str, HostSite]
) -> None:
    t = TEXTS["fr"]
    page.goto(hosts["allowed"].origin + "/")
    page.get_by_role("button", name=t["launcher"]).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    ask(page, t, t["question"])
    expect(bot_messages(page).last).to_contain_text(t["answer"])
    # the host's styles stay out, its theme variables come in, and its own button is untouched
    send = page.get_by_role("button", name=t["send"])
    assert send.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 145)"
    assert send.evaluate("e => getComputedStyle(e).fontSize") != "40px"
    own = page.get_by_role("button", name="Bouton du site")
    assert own.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 0, 0)"
    assert not page.context.cookies()


def test_widget_on_a_refused_origin(
    page: Page, server: WebProcess, hosts: dict[str, HostSite]
) -> None:
    t = TEXTS["fr"]
    before = rows(server.db, "SELECT count(*) FROM questions")[0][0]
    page.goto(hosts["refused"].origin + "/")
    page.get_by_role("button", name=t["launcher"]).click()
    expect(page.get_by_role("alert")).to_contain_text(t["unreachable"])  # the greeting
    ask(page, t, t["question"])
    expect(page.get_by_role("alert")).to_contain_text(t["unreachable"])
    expect(bot_messages(page)).to_have_count(0)
    assert rows(server.db, "SELECT count(*) FROM questions")[0][0] == before


# -- accessibility: axe-core, both languages, desktop and 320 px ----------------------------------


@pytest.mark.parametrize("where", ["page", "widget"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_axe_finds_no_violation(
    browser: Browser,  # noqa: F811
    server: WebProcess,
    hosts: dict[str, HostSite],
    where: str,
    size: str,
    lang: str,
) -> None:
    t = TEXTS[lang]
    ctx = browser.new_context(viewport=SIZES[size])  # type: ignore[arg-type]
    try:
        page = ctx.new_page()
        if where == "page":
            page.goto(server.url + t["path"])
        else:
            page.goto(hosts["allowed"].origin + "/")
            if lang == "en":
                page.evaluate("sessionStorage.setItem('faqbot.lang', 'en')")
                page.reload()
            page.get_by_role("button", name=t["launcher"]).click()
        expect(bot_messages(page).first).to_be_visible()
        ask(page, t, t["question"])
        expect(bot_messages(page).last).to_contain_text(t["answer"])
        violations = axe_violations(page)
        assert not violations, describe(violations)
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], "horizontal scrolling"
        if size != "zoom200":
            page.screenshot(path=str(SCREENSHOTS / f"{where}-{size}-{lang}.png"))
    finally:
        ctx.close()


def test_axe_dark_mode_and_error_state(browser: Browser, server: WebProcess) -> None:  # noqa: F811
    t = TEXTS["fr"]
    ctx = browser.new_context(viewport=DESKTOP, color_scheme="dark", reduced_motion="reduce")  # type: ignore[arg-type]
    try:
        page = ctx.new_page()
        page.goto(server.url + "/")
        ask(page, t, t["question"])
        expect(bot_messages(page).last).to_contain_text(t["answer"])
        page.route("**/api/v1/chat", lambda route: route.abort("connectionrefused"))
        ask(page, t, "qui peut candidater ?")
        expect(page.get_by_role("alert")).to_contain_text(t["unreachable"])
        violations = axe_violations(page)
        assert not violations, describe(violations)
    finally:
        ctx.close()


def test_axe_finds_what_it_should(page: Page) -> None:
    """The axe helper is awake: an unlabelled field and grey-on-grey text are reported."""
    page.set_content(
        '<html lang="fr"><body><main><h1>x</h1>'
        '<input type="text"><p style="color:#999;background:#aaa">faible contraste</p>'
        "</main></body></html>"
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"label", "color-contrast"} <= found
