"""The Playwright harness itself: Debian Chromium, ja-JP, prints Japanese (moved from web/test_pdf.py)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from playwright.sync_api import Page


def test_browser_harness_renders_japanese(page: Page, artifacts: Path) -> None:
    """Smoke test of the browser fixtures: Debian Chromium, ja-JP locale, 1280×900, screenshot."""
    html = ('<!doctype html><meta charset="utf-8"><body style="font-family:sans-serif">'
            "<h1>残債の見通し</h1><p>任意売却なら 1,850万円 で売れる見込みです。</p>")
    page.goto("data:text/html;charset=utf-8," + urllib.parse.quote(html))
    assert page.inner_text("h1") == "残債の見通し"
    assert page.evaluate("navigator.language") == "ja-JP"
    assert page.viewport_size == {"width": 1280, "height": 900}
    shot = page.screenshot(path=str(artifacts / "harness-smoke.png"))
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(shot[16:20], "big"), int.from_bytes(shot[20:24], "big")) == (1280, 900)
