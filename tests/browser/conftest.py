"""Browser tests: Debian's Chromium driven by Playwright against a live server. No browser download."""

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from clinlead.authoring.testing import load_content as load_content_read_once
from tests.content_fixtures import STARTER

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# The ways in that issue 9's journeys are walked: each size with JavaScript on and with it off.
WAYS_IN = [
    pytest.param(PHONE, True, id="phone-js"),
    pytest.param(PHONE, False, id="phone-no-js"),
    pytest.param(DESKTOP, True, id="desktop-js"),
    pytest.param(DESKTOP, False, id="desktop-no-js"),
]

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make are still
# ordinary blocking calls, which Django would otherwise refuse inside a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# CI shares two cores with PostgreSQL and the live server: wait longer than Playwright's 5 s
# before calling an expectation failed (a real failure still fails, just later).
expect.set_options(timeout=20_000)


# The browser itself (one Playwright and one Chromium for the whole run) is tests/conftest.py's, shared with the
# identity providers' own browser tests (tests/idp): Playwright's sync API allows one instance per process.


# Every page of every context reports each Content-Security-Policy violation to the test, which fails at
# teardown listing them. The listener catches what scripts and the document do; the console catches
# what the browser itself refuses (and pages without JavaScript, where no listener runs).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__clinleadCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"} on ${document.location.href}`
    + (event.sample ? ` (${event.sample})` : "")
  );
}, true);
"""


class CspViolations:
    """The violations one browser context has reported so far."""

    def __init__(self, context: BrowserContext) -> None:
        self.found: list[str] = []
        context.expose_binding("__clinleadCspViolation", lambda _source, text: self.found.append(f"event: {text}"))
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        # Chromium names the policy "Content Security Policy"; it also logs any feature of the
        # Permissions-Policy header it does not know, which is a mistake in our header too.
        if any(name in message.text for name in ("Content Security Policy", "Permissions-Policy")):
            self.found.append(f"console: {message.text} ({message.location.get('url', '')})")


def fail_on_csp_violations(watched: list[CspViolations]) -> None:
    """Fail the test, listing them, if any watched context has reported a violation."""
    found = [violation for context in watched for violation in context.found]
    if found:
        pytest.fail(f"{len(found)} Content-Security-Policy violation(s):\n" + "\n".join(found), pytrace=False)


@pytest.fixture(autouse=True)
def csp_violations(browser: Browser, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[CspViolations]]:
    """Watch every context this test opens, however it opens it, and fail at teardown on any violation."""
    watched: list[CspViolations] = []
    open_context, open_page = browser.new_context, browser.new_page

    def new_context(*args: Any, **kwargs: Any) -> BrowserContext:
        context = open_context(*args, **kwargs)
        watched.append(CspViolations(context))
        return context

    def new_page_in_own_context(*args: Any, **kwargs: Any) -> Page:
        page = open_page(*args, **kwargs)  # still on about:blank: the listener is there from the first goto
        watched.append(CspViolations(page.context))
        return page

    monkeypatch.setattr(browser, "new_context", new_context)
    monkeypatch.setattr(browser, "new_page", new_page_in_own_context)
    yield watched
    fail_on_csp_violations(watched)


def _block_outside_world(page: Page, base_url: str) -> None:
    # The NHS.UK stylesheet asks for web fonts from the internet; this machine has none, and a
    # test must not wait on it. Everything else is served by the live server.
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())


@pytest.fixture
def site(browser: Browser, live_server, transactional_db) -> Iterator[str]:
    load_content_read_once(STARTER)
    yield str(live_server.url)
    # Before the database is emptied: a page left open keeps the live server writing (a beacon as it closes), and on
    # PostgreSQL a request holding one table's lock while the emptying TRUNCATE takes them all is a deadlock. Every
    # page the test opened is closed, and the requests its closing sends are given a moment to finish.
    if browser.contexts:
        for context in list(browser.contexts):
            context.close()
        time.sleep(0.5)


def new_page(browser: Browser, base_url: str, javascript: bool = True, viewport: dict | None = None) -> Page:
    context = browser.new_context(java_script_enabled=javascript, viewport=viewport or PHONE)
    page = context.new_page()
    _block_outside_world(page, base_url)
    return page


@pytest.fixture
def phone(browser: Browser, site: str) -> Iterator[Page]:
    page = new_page(browser, site)
    yield page
    page.context.close()


@pytest.fixture
def phone_without_javascript(browser: Browser, site: str) -> Iterator[Page]:
    page = new_page(browser, site, javascript=False)
    yield page
    page.context.close()


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now."""
    # Evaluated, not added as a <script>: the Content-Security-Policy refuses inline scripts.
    page.evaluate(AXE.read_text() + "\n;void 0")
    result = page.evaluate(
        """async () => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]},
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )
    return list(result)
