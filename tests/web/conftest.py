"""The web, CLI-web, PDF and chart tests: they need the [web] extra, and never Playwright.

The system tools (Chromium, poppler, a Japanese font) and tests/artifacts come from
tests/shared_fixtures.py; the browser fixtures live in tests/browser/, so this folder collects and runs
on a machine without Playwright (tests/web/test_without_playwright.py checks that it does). Without the
[web] extra its modules are reported as skipped (tests/conftest.py).
"""

from tests.shared_fixtures import artifacts, chromium, poppler

__all__ = ["artifacts", "chromium", "poppler"]  # fixtures, found by pytest in this module's namespace
