"""Issue 17's inputs on a phone: an adviser opens the detailed form at 390 px, types the sale
contract date beside the settlement date, unfolds the rescheduling group and types this year's
income (360万), and both are saved as the case file has them. The page never scrolls sideways and
axe finds nothing serious. Screenshots (ja, en) go to tests/artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

TIMEOUT_MS = 20_000
PHONE = {"width": 390, "height": 844}
CASE_URL = re.compile(r"/cases/[0-9a-f]{32}$")


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def _serious_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found
            if v["impact"] in ("critical", "serious")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_contract_date_and_rescheduling_income_on_a_phone(phone: Page, live_server: str, artifacts: Path,
                                                          lang: str) -> None:
    page = phone
    page.goto(live_server + f"cases/new?lang={lang}")
    contract = page.locator('[name="sale_contract_date"]')
    income = page.locator('[name="rescheduling.annual_income"]')
    expect(contract).to_be_hidden()  # the homeowner's short form does not show them
    page.locator("#advanced-toggle").check()
    expect(contract).to_be_visible()
    expect(income).to_be_hidden()  # folded until opened
    page.locator("#group-rescheduling > summary").click()
    expect(income).to_be_visible()
    expect(income).to_have_attribute("inputmode", "numeric")
    expect(page.locator("#f-rescheduling-annual-income-unit")).to_have_text("円" if lang == "ja" else "yen")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _serious_violations(page) == []

    page.select_option('[name="property.kind"]', "house")
    page.fill('[name="valuation.appraisals[0].amount"]', "2000万")
    for name, value in {"loans[0].principal": "3800万", "loans[0].rate": "1.2", "loans[0].years": "35",
                        "loans[0].start": "2012-05", "sale_date": "2027-03-31"}.items():
        page.fill(f'[name="{name}"]', value)
    contract.fill("2027-02-15")
    income.fill("360万")
    page.screenshot(path=str(artifacts / f"form-issue17-phone-{lang}.png"), full_page=True)
    page.click("#save")
    page.wait_for_url(CASE_URL)
    case = page.evaluate("fetch(location.pathname.replace('/cases/', '/api/v1/cases/')).then(r => r.json())")
    assert case["data"]["sale_contract_date"] == "2027-02-15"
    assert case["data"]["rescheduling"] == {"annual_income": "360万"}
