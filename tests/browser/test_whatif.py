"""The what-if page in a browser on a 390-px phone (issue 18 §2): the grid scrolls inside its own box,
not the page; typing a price range recomputes it in place; the results page loads it into its section;
axe finds no critical or serious violation.
Figures: examples/seed1-short-sale.toml (記事1, docs/sources/seed1-short-sale.md), worked by hand in
tests/test_whatif.py."""

from __future__ import annotations

import json
import tomllib
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def case_id(live_server: str) -> str:
    case = json.loads(json.dumps(tomllib.loads(SEED1.read_text("utf-8")), default=str))
    body = json.dumps({"title": "seed1", "case": case}, ensure_ascii=False).encode()
    request = urllib.request.Request(live_server + "api/v1/cases", data=body, method="POST",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return str(json.loads(answer.read())["id"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_grid_on_a_phone(browser: Browser, live_server: str, case_id: str, lang: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{live_server}cases/{case_id}/whatif?lang={lang}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator(".wi-scroll")
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # six months do not fit: the box scrolls
        expect(page.locator(".wi-table tbody tr")).to_have_count(10)
        expect(page.locator("td.wi-here")).to_contain_text("6,645,021")
        violations = Axe().run(page).response["violations"]
        bad = [v["id"] for v in violations if v.get("impact") in ("critical", "serious")]
        assert not bad
        page.fill("input[name=stop]", "1900万")
        page.fill("input[name=start]", "1700万")
        expect(page.locator(".wi-table tbody tr")).to_have_count(5)
        expect(page.locator(".wi-table tbody tr").first.locator("th")).to_contain_text("17,000,000")
        assert "start=1700" in page.url  # the address keeps the grid shown
    finally:
        context.close()


def test_results_page_loads_the_grid(browser: Browser, live_server: str, case_id: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url) if "/whatif/grid" in r.url else None)
        page.goto(f"{live_server}cases/{case_id}", wait_until="load")
        # asked for only when its section comes near the screen (a phone need not compute it)
        page.wait_for_timeout(300)
        assert asked == []
        assert page.locator("#whatif-section .wi-table").count() == 0
        page.locator("#whatif-section h2").scroll_into_view_if_needed()
        expect(page.locator("#whatif-section .wi-table tbody tr")).to_have_count(10)
        expect(page.locator("#whatif-section .wi-break-evens li").nth(1)).to_contain_text("17,588,996")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
