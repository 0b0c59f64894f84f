"""The adviser's export, in a real browser: open a saved case, click "Excel" beside the 配分表,
and the downloaded workbook equals the case's plan JSON to the yen; "印刷用ページ" opens the A4 page.

Seed 1 (examples/seed1-short-sale.toml, docs/sources/seed1-short-sale.md §3): the short sale at
1,900万円 repays さくら銀行 18,295,000円 and leaves 7,395,521円 owing.
"""

from __future__ import annotations

import json
import tomllib
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

openpyxl = pytest.importorskip("openpyxl")

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"


def _call(url: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def test_the_excel_link_downloads_the_distribution_equal_to_the_json(
        page: Page, live_server: str, tmp_path: Path) -> None:
    case = json.loads(json.dumps(tomllib.loads(SEED1.read_text("utf-8")), default=str))
    case_id = _call(live_server + "api/v1/cases", {"title": "seed1", "case": case})["id"]
    plan = _call(live_server + f"api/v1/cases/{case_id}/plan")
    dist = next(e for e in plan["exits"] if e["key"] == plan["distribution"]["exit"])["distribution"]
    page.goto(live_server + f"cases/{case_id}")
    from playwright.sync_api import expect

    page.locator("#distribution").scroll_into_view_if_needed()  # laid out when scrolled near
    links = page.locator('#distribution p.exports a')
    expect(links).to_have_text(["Excel", "CSV", "印刷用ページ"], use_inner_text=True)
    with page.expect_download() as info:
        links.first.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == f"haibunhyo-{case_id}.xlsx"
    ws = openpyxl.load_workbook(saved)["配分表"]
    by_creditor = {r[1]: r for r in ws.iter_rows(values_only=True) if r[1]}
    for line in dist["lines"]:
        if line["party"] == "lender":
            assert by_creditor[line["label_ja"]][2:6] == (line["claim"], line["deduction"], line["paid"],
                                                           line["shortfall"])
            assert (line["paid"], line["shortfall"]) == (18_295_000, 7_395_521)
    assert by_creditor["合計"][4] == dist["price"]
    with page.context.expect_page() as opened:
        links.nth(2).click()
    printable = opened.value
    printable.wait_for_load_state()
    assert printable.locator("h1").inner_text() == "配分表"
    assert "18,295,000" in printable.locator("#creditors").inner_text()
