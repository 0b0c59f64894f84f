"""The location picker on a 390-px phone, in Japanese and English: the quick check's 「わからない」
with the prefecture picked and the municipality typed by name resolves it, carries its code into
the full form (shown as 「札幌市中央区（01101）」), and a name that is not known is refused beside the
field; nothing wider than the screen and nothing serious for axe-core in the location foldout.

The names are those of tests/fixtures/comps/places-cp932.csv (constructed rows in MLIT's download
format, docs/sources/mlit-comps.md §1; 札幌市中央区 is 01101 in 総務省's 全国地方公共団体コード).
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.shared_fixtures import serving

from zansai.comps.app_db import open_comps

PLACES = Path(__file__).parents[1] / "fixtures" / "comps" / "places-cp932.csv"
LOAN = {"#q-loan_amount": "2800", "#q-years": "35", "#q-first_month": "2015-04", "#q-rate": "0.9"}


@pytest.fixture(scope="module")
def places_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``zansai serve`` on a database holding the fixture's comparables; yields its URL."""
    where = tmp_path_factory.mktemp("places-server")
    db = where / "cases.sqlite3"
    with open_comps(db) as store:
        store.import_file(PLACES)
    with serving(db, where) as url:
        yield url


def _serious(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, context={"include": [["#q-location"]]}).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found
            if v["impact"] in ("critical", "serious")]


def _fill(page: Page, municipality: str) -> None:
    for where, text in LOAN.items():
        page.locator(where).fill(text)
    page.locator("#q-value_unknown").check()
    page.locator("#q-location summary").click()
    page.locator("#q-home_kind-condo").check()
    page.locator("#q-prefecture").select_option("01")
    page.locator("#q-municipality").fill(municipality)
    page.locator("#q-floor_area").fill("60")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_picker_resolves_a_name_on_a_phone(phone: Page, places_server: str, artifacts: Path,
                                               lang: str) -> None:
    page = phone
    page.goto(places_server + f"?lang={lang}")
    _fill(page, "札幌市中央区")
    expect(page.locator("#q-municipality-names option[value='札幌市中央区（01101）']")).to_have_count(1)
    page.locator("#quick-submit").click()
    expect(page.locator("#quick-more")).to_be_visible()
    expect(page.locator("[data-field=municipality]")).not_to_have_class("q-field invalid")
    expect(page.locator("#q-municipality")).to_have_value("札幌市中央区")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _serious(page) == []
    page.screenshot(path=str(artifacts / f"location-picker-{lang}.png"), full_page=True)
    page.locator("#quick-more").click()
    expect(page.locator("[name='property.municipality_code']")).to_have_value("札幌市中央区（01101）")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_unknown_name_is_refused_beside_the_field(phone: Page, places_server: str, artifacts: Path,
                                                    lang: str) -> None:
    page = phone
    page.goto(places_server + f"?lang={lang}")
    _fill(page, "富良野")
    page.locator("#quick-submit").click()
    said = "北海道に「富良野」という市区町村が見つかりません" if lang == "ja" else \
        "no municipality named 「富良野」 is known in Hokkaido"
    expect(page.locator("#q-municipality-error")).to_contain_text(said)
    expect(page.locator("#q-municipality")).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert _serious(page) == []
    page.locator("#q-location").screenshot(path=str(artifacts / f"location-picker-refused-{lang}.png"))
