"""Browser tests: Debian's Chromium driven by Playwright against a live server. No browser download."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from clinlead.catalogue import api as catalogue
from tests.content_fixtures import STARTER

CHROMIUM = os.environ.get("CLINLEAD_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make are still
# ordinary blocking calls, which Django would otherwise refuse inside a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# CI shares two cores with PostgreSQL and the live server: wait longer than Playwright's 5 s
# before calling an expectation failed (a real failure still fails, just later).
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: `make install` installs Debian's chromium package")
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    )
    yield browser
    browser.close()


def _block_outside_world(page: Page, base_url: str) -> None:
    # The NHS.UK stylesheet asks for web fonts from the internet; this machine has none, and a
    # test must not wait on it. Everything else is served by the live server.
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())


@pytest.fixture
def site(live_server, transactional_db) -> str:
    catalogue.load_content(STARTER)
    return str(live_server.url)


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
    page.add_script_tag(path=str(AXE))
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
