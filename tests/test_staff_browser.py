"""The staff console in a real browser: Playwright driving Debian's Chromium against the
real aiohttp server, elements found by role and label, axe-core on every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import SCREENSHOTS, assert_accessible, browser, page, serve_app
from playwright.sync_api import expect
from staffdata import PASSWORD, SECRET_QUESTION, draft_faq, seed, staff_settings

from bot.analytics import review_groups
from bot.encoder import SentenceEncoder
from bot.service import Assistant
from bot.staff.accounts import StaffStore
from bot.web import WebConfig, make_app

__all__ = ["browser", "page"]  # fixtures used by the tests below
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def console(
    tmp_path_factory: pytest.TempPathFactory, encoder: SentenceEncoder
) -> Iterator[tuple[str, Assistant]]:
    """A running server with a seeded log and one account; yields (base URL, assistant)."""
    tmp = tmp_path_factory.mktemp("staff")
    assistant = Assistant(staff_settings(tmp), encoder)
    seed(assistant.log)
    StaffStore(assistant.log.db).add("alice", PASSWORD)
    with serve_app(lambda: make_app(assistant, WebConfig())) as url:
        yield url, assistant


def log_in(page: Any, url: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/staff/login")
    page.get_by_label("Identifiant").fill("alice")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_login_and_wrong_password(page: Any, console: tuple[str, Assistant]) -> None:
    url, _ = console
    page.goto(f"{url}/staff")
    assert page.url.startswith(f"{url}/staff/login")
    assert_accessible(page, "login")
    log_in(page, url, "not the password at all")
    alert = page.get_by_role("alert")
    assert "incorrect" in alert.inner_text()
    assert page.get_by_role("heading", name="Connexion").is_visible()
    assert_accessible(page, "login with an error")
    log_in(page, url)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tableau de bord")
    page.get_by_role("button", name="Se déconnecter").click()
    assert "déconnecté" in page.get_by_role("status").inner_text()


def test_dashboard_shows_a_chart_and_its_table(page: Any, console: tuple[str, Assistant]) -> None:
    url, _ = console
    log_in(page, url)
    chart = page.get_by_role("img", name=re.compile("Graphique : Questions par jour"))
    chart.scroll_into_view_if_needed()
    # Loaded, or once it loads (a lazy image may still be on its way): its pixels arrived.
    assert chart.evaluate(
        "img => img.complete ? img.naturalWidth > 0 : new Promise(done => {"
        " img.addEventListener('load', () => done(img.naturalWidth > 0), {once: true});"
        " img.addEventListener('error', () => done(false), {once: true}); })"
    )
    table = page.get_by_role("table", name="Tableau : Questions par jour")
    # day, questions, counted in the answer rate, answered of those
    row = table.get_by_role("row", name=re.compile("2026-11-29"))
    assert row.inner_text().split() == ["2026-11-29", "2", "2", "2"]
    outcomes = page.get_by_role("table", name="Tableau : Issues")
    assert "sans réponse" in outcomes.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "staff-dashboard.png"), full_page=False)
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Dashboard")
    assert page.get_by_role("table", name="Table: Questions per day").is_visible()


def test_mark_a_review_group(page: Any, console: tuple[str, Assistant]) -> None:
    url, assistant = console
    log_in(page, url)
    page.get_by_role("navigation").get_by_role("link", name="À revoir").click()
    group = review_groups(assistant.log.db, assistant.log.marks(), status="new")[0]
    section = page.get_by_role("region", name=re.compile(group.id))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "staff-review.png"), full_page=False)
    section.get_by_text("Suggestion YAML à coller").click()
    yaml_text = section.locator("pre").inner_text()
    assert "# group" in yaml_text
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    section.get_by_role("button", name="Copier le YAML").click()
    expect(section.get_by_role("status")).to_have_text("YAML copié.")
    assert page.evaluate("navigator.clipboard.readText()") == yaml_text
    section.get_by_label("Statut", exact=True).select_option("dismissed")
    section.get_by_role("button", name="Enregistrer").click()
    assert f"Groupe {group.id} : écarté" in page.get_by_role("status").first.inner_text()
    marked = {g.id: g.status for g in review_groups(assistant.log.db, assistant.log.marks())}
    assert marked[group.id] == "dismissed"
    assert page.get_by_role("region", name=re.compile(group.id)).count() == 0


def test_replay_of_a_draft_folder(
    page: Any, console: tuple[str, Assistant], tmp_path: Path
) -> None:
    url, _ = console
    draft = draft_faq(tmp_path)
    log_in(page, url)
    page.get_by_role("navigation").get_by_role("link", name="Rejouer").click()
    page.get_by_label("Dossier de la FAQ").fill(str(draft))
    page.get_by_label("Du (inclus)").fill("2026-11-01")
    page.get_by_role("button", name="Rejouer", exact=True).click()
    newly = page.get_by_role("table", name=re.compile("Nouvellement répondues"))
    assert SECRET_QUESTION in newly.inner_text()
    counts = page.get_by_role("table", name=re.compile("Rejouer"))
    shown = counts.get_by_role("row", name=re.compile("Nouvellement")).inner_text().split()[-1]
    assert int(shown) == len(newly.get_by_role("row").all()) - 1  # all shown, header aside
    assert_accessible(page, "replay result")


PAGES = [
    "/staff",
    "/staff/review?status=all",
    "/staff/try?q=quelle+est+la+date+limite",
    "/staff/try?q=combien+coute+le+bac+a+sable",
    "/staff/try?previous=what+is+Albert&q=who+built+it%3F",
    "/staff/health",
    "/staff/replay",
    "/staff/exports",
    "/staff/audit",
]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_axe_on_every_page(page: Any, console: tuple[str, Assistant], lang: str) -> None:
    url, _ = console
    log_in(page, url)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for path in PAGES:
            sep = "&" if "?" in path else "?"
            page.goto(f"{url}{path}{sep}lang={lang}")
            assert page.locator("html").get_attribute("lang") == lang
            assert_accessible(page, f"{path} ({lang}, {width} px)")
    page.goto(f"{url}/staff/review?status=all")
    page.locator("details summary").first.click()  # the open YAML suggestion too
    assert_accessible(page, "review with a suggestion open")


def test_keyboard_focus_is_visible(page: Any, console: tuple[str, Assistant]) -> None:
    url, _ = console
    page.goto(f"{url}/staff/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("e => e === document.activeElement")
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
