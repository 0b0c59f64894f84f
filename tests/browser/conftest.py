"""The browser tests: Playwright driving Debian's Chromium against a live ``zansai serve``.

We never run ``playwright install``: Playwright drives the system Chromium. Every test in this folder is
marked ``browser``, and without Playwright or the [web] extra its modules are reported as skipped
(both in tests/conftest.py); so Playwright is imported only inside the fixtures here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from tests.shared_fixtures import artifacts, live_server, poppler, require_tool

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["artifacts", "browser", "live_server", "page", "phone", "poppler"]  # the fixtures

# The offline-friendly flags of zansai.report.chromium: no calls to Google hosts without internet.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session, driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    executable = require_tool("chromium", "chromium")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh page on a 390×844 touch phone in a Japanese locale, closed after the test (a test
    module may define its own ``phone``)."""
    from tests.browser.reading import PHONE

    context = browser.new_context(locale="ja-JP", viewport=PHONE, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in a Japanese-locale context at 1280×900, closed after the test."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()

