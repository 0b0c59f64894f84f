"""The adviser's day (issue 18, "Done when"): the results page prices a buyer's offer in one field, the
what-if grid is then drawn around the offer, and a case's compare page answers quickly among fifty saved
cases.

Figures: seed 1 (examples/seed1-short-sale.toml, 記事1: docs/sources/seed1-short-sale.md §3). At an
offer of 1,750万 the short sale leaves 8,846,021円 (the same as the ratio 0.875 of the 2,000万 central
value; tests/web/test_offers_web.py); at the usual ratio (1,900万) it leaves 7,395,521円.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.test_case_list import CASES, FIFTY, SEED1, csrf_of, example, seeded

from zansai.web.app import guarded
from zansai.web.settings import Settings
from zansai.web.store import CaseStore


@pytest.fixture
def client(tmp_path: Any) -> tuple[TestClient, CaseStore, str]:
    db = tmp_path / "cases.sqlite3"
    store = CaseStore(db)
    app = guarded(Settings(db_path=db), store=store)
    case_id = store.create("seed1", example(SEED1)).id
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False), store, case_id


def _short_sale(client: TestClient, case_id: str) -> dict[str, Any]:
    plan = client.get(f"/api/v1/cases/{case_id}/plan").json()
    short: dict[str, Any] = next(e for e in plan["exits"] if e["key"] == "short_sale")
    return short


def test_the_results_page_has_the_one_field_offer(client: tuple[TestClient, CaseStore, str]) -> None:
    web, _, case_id = client
    page = web.get(f"/cases/{case_id}").text
    form = page[page.index('id="offer-quick"'):]
    form = form[:form.index("</form>")]
    assert '<option value="short_sale" selected>' in form  # the usual offer needs no choosing
    assert 'name="price"' in form
    assert "申出価格で計算" in form
    assert "Compute at this offer" in web.get(f"/cases/{case_id}", params={"lang": "en"}).text


def test_an_offer_saved_from_the_results_page(client: tuple[TestClient, CaseStore, str]) -> None:
    web, store, case_id = client
    assert _short_sale(web, case_id)["remaining_debt"] == 7_395_521
    token = csrf_of(web)
    answer = web.post(f"/cases/{case_id}/offer", data={"csrf_token": token, "exit": "short_sale",
                                                       "price": "1750万"})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/cases/{case_id}#whatif-section"
    short = _short_sale(web, case_id)
    assert (short["price"], short["remaining_debt"], short["price_basis"]) == (17_500_000, 8_846_021, "offer")
    assert store.get(case_id).data["offers"] == [{"exit": "short_sale", "price": "1750万"}]
    assert 'placeholder="いまの申出: 17,500,000円"' in web.get(f"/cases/{case_id}").text
    # a second offer replaces the first; the grid is drawn around it (rows 50万 apart, sixth from
    # the top), its marked cell the offer's
    web.post(f"/cases/{case_id}/offer",
             data={"csrf_token": token, "exit": "short_sale", "price": "18,000,000"})
    assert len(store.get(case_id).data["offers"]) == 1
    grid = web.post("/api/v1/whatif", json=store.get(case_id).data).json()
    assert grid["prices"][5] == grid["case_price"] == 18_000_000
    assert grid["nearest"]["row"] == 5
    # blank removes it: the usual ratio again
    web.post(f"/cases/{case_id}/offer", data={"csrf_token": token, "exit": "short_sale", "price": ""})
    assert _short_sale(web, case_id)["remaining_debt"] == 7_395_521


def test_a_bad_offer_is_refused_and_nothing_saved(client: tuple[TestClient, CaseStore, str]) -> None:
    web, store, case_id = client
    before = store.get(case_id).data
    token = csrf_of(web)
    answer = web.post(f"/cases/{case_id}/offer", params={"lang": "en"},
                      data={"csrf_token": token, "exit": "short_sale", "price": "-5"})
    assert answer.status_code == 422
    assert "price" in answer.text
    assert web.post(f"/cases/{case_id}/offer", data={"csrf_token": token, "exit": "auction",
                                                     "price": "1750万"}).status_code == 422
    no_token = {"exit": "short_sale", "price": "1750万"}
    assert web.post(f"/cases/{case_id}/offer", data=no_token).status_code == 403
    assert store.get(case_id).data == before


def test_compare_among_fifty_cases(tmp_path: Any) -> None:
    """Fifty saved cases, one of them with three copies: its compare page puts just the family side by
    side (the other cases are only offered to choose from). Its speed is in bench/web.py."""
    db = tmp_path / "cases.sqlite3"
    store = CaseStore(db)
    web = TestClient(guarded(Settings(db_path=db), store=store), base_url="http://127.0.0.1")
    ids = [store.create(f"案件{i:02d}", seeded(CASES[i % len(CASES)], i)).id for i in range(FIFTY - 3)]
    original = next(i for i in ids if store.get(i).data["title"].endswith("seed1-short-sale"))
    copies = [store.duplicate(original).id for _ in range(3)]
    page = web.get(f"/cases/{original}/compare")
    assert page.status_code == 200
    heads = re.findall(r'<th scope="col"[^>]*><a href="/cases/([0-9a-f]{32})">', page.text)
    assert heads == [original, *copies]  # the results table (the copies' inputs do not differ)
    assert len(re.findall(r'name="with" value=', page.text)) == FIFTY - 1
