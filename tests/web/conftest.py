"""The web, CLI-web, PDF and chart tests: they need the [web] extra, and never Playwright.

The system tools (Chromium, poppler, a Japanese font), tests/artifacts and the live server come from
tests/shared_fixtures.py; the browser fixtures live in tests/browser/, so this folder collects and runs
on a machine without Playwright (tests/web/test_without_playwright.py checks that it does).
"""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web tests need the [web] extra: pip install 'zansai[web]'")

from tests.shared_fixtures import artifacts, chromium, poppler

__all__ = ["artifacts", "chromium", "poppler"]  # fixtures, found by pytest in this module's namespace
