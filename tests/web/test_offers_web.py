"""Offers (申出価格) on the case form and the results page: each offer row typed into the form is
saved as the case file's [[offers]] and comes back unchanged, the group folds while empty, a
mistake is shown on its field, and the exits table says whose offer a price is. The household
is seed 1's (examples/seed1-short-sale.toml, 記事1: docs/sources/seed1-short-sale.md §3):
central value 2,000万, settlement 2027-03-31.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.test_api import assert_error, example, exit_of
from tests.web.test_form_issue17 import as_sent, posted
from tests.web.test_forms import LOADED, SEED1

from zansai.case import parse_case_data
from zansai.web import forms
from zansai.web.app import guarded
from zansai.web.settings import Settings

OFFERS = {
    "offers[0].exit": "short_sale",
    "offers[0].price": "17500000",
    "offers[0].date": "2026-11-20",
    "offers[0].buyer": "山田不動産",
    "offers[0].note": "引渡し3月末",
    "offers[1].exit": "dealer_purchase",
    "offers[1].price": "14500000",
    "offers[1].date": "2026-11-25",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return guarded(Settings(db_path=tmp_path_factory.mktemp("offers") / "cases.sqlite3"))


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


def typed(extra: dict[str, str] | None = None) -> list[tuple[str, str]]:
    return as_sent({**forms.form_values(LOADED[SEED1]), **OFFERS, **(extra or {})})


def test_the_offer_rows_are_an_advanced_folded_group() -> None:
    section = next(s for s in forms.SECTIONS if s.key == "offers")
    assert section.advanced
    assert section.collapsible
    assert set(OFFERS) <= {f.name for f in section.fields}


@pytest.mark.parametrize("name", sorted(OFFERS))
def test_each_offer_field_round_trips(name: str) -> None:
    saved = forms.form_to_data(typed(), base={})
    case = parse_case_data(saved)
    assert forms.form_values(saved)[name] == OFFERS[name]
    again = forms.form_to_data(forms.form_values(saved).items(), base=saved)
    assert parse_case_data(again) == case
    assert forms.form_values(case.model_dump(mode="json"))[name] == OFFERS[name]


def test_the_saved_offers_are_the_case_files() -> None:
    saved = forms.form_to_data(typed(), base={})
    assert [(o.exit, o.price, str(o.date), o.buyer) for o in parse_case_data(saved).offers] == [
        ("short_sale", 17_500_000, "2026-11-20", "山田不動産"),
        ("dealer_purchase", 14_500_000, "2026-11-25", "")]
    # blanking the first row drops it; the second moves up
    cleared = forms.form_to_data(typed({k: "" for k in OFFERS if k.startswith("offers[0]")}), base=saved)
    assert [o["exit"] for o in cleared["offers"]] == ["dealer_purchase"]
    assert "offers" not in forms.form_to_data(as_sent(forms.form_values(LOADED[SEED1])), base={})


def test_new_form_folds_the_group_and_a_mistake_opens_it(client: TestClient) -> None:
    assert '<details class="group" id="group-offers">' in client.get("/cases/new").text
    response = client.post("/cases", params={"lang": "en"},
                           data=posted(typed({"offers[1].date": "2027-04-02"}), client))
    assert response.status_code == 422
    assert '<details class="group" id="group-offers" open>' in response.text
    assert "the offer date must be on or before the sale date 2027-03-31" in html.unescape(response.text)


def test_the_results_page_says_whose_offer_the_price_is(client: TestClient) -> None:
    response = client.post("/cases", data=posted(typed(), client))
    assert response.status_code == 303, response.text[:300]
    page = client.get(response.headers["location"]).text
    row = page[page.index('id="exit-short_sale"'):]
    row = row[:row.index("</tr>")]
    offer = '<small class="offer">申出価格（山田不動産、2026-11-20）</small>'
    assert f'data-yen="17500000">17,500,000円{offer}' in row
    dealer = page[page.index('id="exit-dealer_purchase"'):]
    assert "申出価格（買主名なし、2026-11-25）" in dealer[:dealer.index("</tr>")]
    en = client.get(response.headers["location"], params={"lang": "en"}).text
    assert "offered price (山田不動産, 2026-11-20)" in en


def test_the_api_plan_takes_offers_in_the_case_body(client: TestClient) -> None:
    """The same figures as the ratio override 0.875 (2,000万 × 0.875 = 1,750万): 8,846,021円 left."""
    body = {**example(SEED1), "offers": [{"exit": "short_sale", "price": "1750万", "date": "2026-11-20",
                                          "buyer": "山田不動産"}]}
    plan = client.post("/api/v1/plan", json=body).json()
    short = exit_of(plan, "short_sale")
    assert (short["price"], short["remaining_debt"], short["price_basis"]) == (17_500_000, 8_846_021, "offer")
    assert plan["offers"][0]["used"] is True
    body["offers"][0]["exit"] = "auction_seed"
    error = assert_error(client.post("/api/v1/plan", json=body), 422, "offers[0].exit")
    assert "bidding" in error["message_en"]
