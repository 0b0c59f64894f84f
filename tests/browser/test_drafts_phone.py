"""The drafts (下書き) and the checklist on a 390-px phone and printed on A4: nothing wider than the
screen, the draft mark visible before the title, every table in one piece on paper."""

from __future__ import annotations

import json
import tomllib
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"
KINDS = ("short-sale-request", "budget", "instalment-proposal", "asset-list")


@pytest.fixture(scope="module")
def case_id(live_server: str) -> str:
    case = json.loads(json.dumps(tomllib.loads(SEED1.read_text(encoding="utf-8")), default=str))
    body = json.dumps({"title": "drafts", "case": case}, ensure_ascii=False).encode()
    request = urllib.request.Request(live_server + "api/v1/cases", data=body, method="POST",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return str(json.loads(answer.read())["id"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_drafts_fit_a_phone_and_say_they_are_drafts(browser: Browser, live_server: str, case_id: str,
                                                         lang: str, artifacts: Path) -> None:
    context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        for kind in KINDS:
            page.goto(f"{live_server}cases/{case_id}/drafts/{kind}.html?lang={lang}", wait_until="load")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, kind
            mark = page.locator("header.mark")
            assert mark.is_visible()
            assert "法的な代理・助言ではありません" in mark.inner_text()
            assert mark.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]  # type: ignore[index]
            page.screenshot(path=str(artifacts / f"draft-{kind}-{lang}-390.png"), full_page=True)
        page.goto(f"{live_server}cases/{case_id}/checklist.html?lang={lang}", wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("tbody tr").count() >= 20
    finally:
        context.close()


def test_printed_on_a4_no_table_is_split(browser: Browser, live_server: str, case_id: str,
                                         artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 794, "height": 1123})
    try:
        page = context.new_page()
        page.goto(f"{live_server}cases/{case_id}/drafts/short-sale-request.html", wait_until="load")
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('table')).breakInside") == "avoid"
        page.screenshot(path=str(artifacts / "draft-short-sale-request-a4.png"), full_page=True)
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()
