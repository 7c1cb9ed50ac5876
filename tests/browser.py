"""Shared browser-test fixtures: Playwright driving Debian's Chromium, a real aiohttp server
in a thread, and axe-core.

Import what you use in a test module (``from browser import browser, page, ...``).
Playwright cannot download its own browsers here: it launches /usr/bin/chromium, which
``make test`` installs with apt-get when it is missing. axe-core is the npm package pinned
in package.json (``make`` installs it into node_modules/), injected with ``page.evaluate``
(see axe_violations). Used by the web chat's and the staff console's tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # the rules of WCAG 2.1 A and AA
WCAG = WCAG_TAGS
ARGS = CHROMIUM_ARGS
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # pinned in package.json


def axe_script() -> Path:
    """axe-core's script, as `make` installs it (npm ci)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci)")
    return AXE


@functools.cache
def _axe_source() -> str:
    return axe_script().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module.

    Not per session: Playwright's sync API keeps an event loop running in the main thread
    while it is started, and the next modules' ``asyncio.run`` would refuse to run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context (no cookies shared between tests), 1280 px wide."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(20_000)
    yielded = context.new_page()
    yield yielded
    context.close()


def axe_violations(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG 2.1 A and AA rules on the page as it is now (open
    shadow roots included), as axe reports them."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # Not add_script_tag: a strict Content-Security-Policy (script-src 'self') refuses
        # inline scripts, while evaluate() goes through the DevTools protocol, which CSP
        # does not govern. The page keeps its real CSP during the test.
        page.evaluate(_axe_source() + "\n;0")
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags or WCAG_TAGS
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and node, for assertion messages."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {n['target']}"
        for v in violations
        for n in v["nodes"]
    )


def assert_accessible(page: Any, where: str = "") -> None:
    """No axe-core violation, and no horizontal scrolling at the current width."""
    violations = axe_violations(page)
    assert violations == [], f"axe violations on {where or page.url}:\n{describe(violations)}"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where or page.url} scrolls horizontally by {overflow} px"


@contextlib.contextmanager
def serve_app(make: Callable[[], web.Application]) -> Iterator[str]:
    """Run ``make()``'s aiohttp app on 127.0.0.1 (a free port) in a thread; yield its URL.

    The app is built inside the server's event loop, so its resources belong to it.
    """
    loop = asyncio.new_event_loop()
    started: dict[str, Any] = {}
    ready = threading.Event()
    stop = asyncio.Event()

    async def main() -> None:
        try:
            runner = web.AppRunner(make(), access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            started["url"] = f"http://127.0.0.1:{port}"
        except BaseException as e:
            started["error"] = e
            raise
        finally:
            ready.set()
        await stop.wait()
        await runner.cleanup()

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    ready.wait(60)
    if "error" in started:
        raise started["error"]
    try:
        yield started["url"]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
        loop.close()
