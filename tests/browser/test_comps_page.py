"""The comparable sales page on a 390-px phone (issue 20 §1), in Japanese and English: the form,
the scatter of price per m² with its summary in words, the table as cards, MLIT's credit line under
both, nothing wider than the screen and nothing serious for axe-core; without data, how to add it.

Figures: the ten rows of tests/fixtures/comps/tokyo-utf8-bom.csv (docs/sources/mlit-comps.md §1);
the credit line: docs/sources/mlit-comps.md §5. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.browser.reading import PHONE
from tests.shared_fixtures import serving

from zansai.comps.app_db import open_comps

FIXTURE = Path(__file__).parents[1] / "fixtures" / "comps" / "tokyo-utf8-bom.csv"
SOURCE_LINE = "出典：国土交通省 不動産情報ライブラリ"


@pytest.fixture(scope="module")
def comps_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``zansai serve`` on a database holding the fixture's comparables; yields its URL."""
    where = tmp_path_factory.mktemp("comps-server")
    db = where / "cases.sqlite3"
    with open_comps(db) as store:
        store.import_file(FIXTURE)
    with serving(db, where) as url:
        yield url


def _serious_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found
            if v["impact"] in ("critical", "serious")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_comps_page_on_a_phone(phone: Page, comps_server: str, artifacts: Path, lang: str) -> None:
    page = phone
    page.goto(comps_server + f"?lang={lang}")
    page.locator("#comps-link").click()  # linked from the home page
    page.locator("#cw-city").fill("13102")
    page.locator("#cw-area").fill("50-80")
    page.locator("#cw-form button[type=submit]").click()
    expect(page.locator("#cw-count")).to_contain_text("3")
    rows = page.locator("#cw-table tbody tr")
    expect(rows).to_have_count(3)  # 月島 65㎡ 2024Q4, 晴海 80㎡ 2024Q3, 月島 60㎡ 2024Q2
    expect(rows.first).to_contain_text("2024Q4")
    expect(rows.first).to_contain_text("800,000")
    chart = page.locator("#cw-chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.zc-dot")).to_have_count(3)
    assert chart.get_attribute("role") == "img"
    assert chart.locator("desc").text_content()  # the chart described for a screen reader
    # Prices per m² 800,000, 975,000, 1,133,333: the median is the middle one.
    expect(page.locator("#cw-summary")).to_contain_text("975,000")
    credits = page.locator(".cw-credit")
    expect(credits).to_have_count(2)  # under the chart and under the table
    for i in range(2):
        expect(credits.nth(i)).to_be_visible()
        expect(credits.nth(i)).to_contain_text(SOURCE_LINE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _serious_violations(page) == []
    page.screenshot(path=str(artifacts / f"comps-page-{lang}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_without_data_the_page_says_how_to_add_it(phone: Page, comps_server: str, lang: str) -> None:
    page = phone
    page.goto(comps_server + f"comps?city=27100&lang={lang}")
    expect(page.locator("#cw-how-to-add")).to_contain_text("zansai comps import")
    expect(page.locator("#cw-chart")).to_have_count(0)
    page.goto(comps_server + f"comps?city=13102&from=2024Q4&to=2023Q1&lang={lang}")
    expect(page.locator("#cw-error")).to_contain_text("from")
    assert page.locator("#cw-from").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _serious_violations(page) == []
