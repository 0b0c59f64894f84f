"""The adviser on a 390-px phone (issue 18 §3–§4): sets a case's status from the list, opens the
comparison of the case with its what-if copy, and reads it in a box that scrolls sideways with the
item column held in place. The case is seed 1 (examples/seed1-short-sale.toml,
記事1, docs/sources/seed1-short-sale.md); the copy settles three months later.
"""

from __future__ import annotations

import json
import tomllib
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"


def _call(base: str, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def test_status_change_and_compare_on_a_phone(browser: Browser, live_server: str, artifacts: Path) -> None:
    base = live_server.rstrip("/")
    with SEED1.open("rb") as f:
        case = json.loads(json.dumps(tomllib.load(f), default=str))
    title = f"電話で比べる {uuid.uuid4().hex[:6]}"
    original = _call(base, "POST", "/api/v1/cases", {"title": title, "case": case})["id"]
    copy = _call(base, "POST", f"/api/v1/cases/{original}/duplicate")
    _call(base, "PUT", f"/api/v1/cases/{copy['id']}",
          {"title": copy["title"], "case": {**case, "sale_date": "2027-06-30"}})

    context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{base}/cases?lang=ja&q={title}")
        row = page.locator(f'tr[data-case-id="{original}"]')
        expect(row).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # with JavaScript the select saves on change (its button is hidden)
        expect(row.locator("button.status-set")).to_be_hidden()
        with page.expect_navigation():
            row.locator("select[name=status]").select_option("applied")
        expect(page.locator(f'tr[data-case-id="{original}"] select[name=status]')).to_have_value("applied")
        listed = _call(base, "GET", f"/api/v1/cases?q={urllib.request.quote(title)}&status=applied")
        assert [c["id"] for c in listed] == [original]
        page.screenshot(path=str(artifacts / "case-list-phone.png"), full_page=True)

        page.locator(f'tr[data-case-id="{original}"] a.compare-link').click()
        page.wait_for_url(f"**/cases/{original}/compare")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        differs = page.locator("table.inputs-table tr.differs")
        expect(differs).to_have_count(1)
        expect(differs.locator("th")).to_have_text("売りたい時期（決済日）")
        box = page.locator(".compare-box").first
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # two case columns do not fit: it scrolls
        head = page.locator('table.results-table tr[data-row="remaining_debt"] th').first
        left = head.bounding_box()
        box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
        after = head.bounding_box()
        assert left is not None
        assert after is not None
        assert abs(after["x"] - left["x"]) < 1  # the item column stays where it was
        debts = page.locator('table.results-table tr[data-row="remaining_debt"] td')
        expect(debts).to_have_count(2)
        expect(debts.first).to_have_text("7,395,521円")  # seed 1's short sale (golden JSON)
        page.screenshot(path=str(artifacts / "case-compare-phone.png"), full_page=True)
    finally:
        context.close()
