"""Fixtures shared by every test folder under tests/: one Playwright driving Debian's Chromium for the whole run.

Playwright's sync API allows one instance per process, so the browser tests (tests/browser) and the identity
providers' own browser tests (tests/idp) share this one. No browser is ever downloaded.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

CHROMIUM = os.environ.get("CLINLEAD_CHROMIUM", "/usr/bin/chromium")


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
