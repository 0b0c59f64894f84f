"""POST /api/v1/whatif: the same JSON as ``zansai whatif --json``; mistakes name their parameter.

Figures: examples/seed1-short-sale.toml (記事1, docs/sources/seed1-short-sale.md), worked by hand
in tests/test_whatif.py."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.web.test_api import SEED1, cli_json, example

from zansai.web.app import guarded
from zansai.web.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    app = guarded(Settings(db_path=tmp_path_factory.mktemp("whatif") / "cases.sqlite3"))
    return TestClient(app, base_url="http://127.0.0.1")


def test_whatif_matches_the_cli(client: TestClient) -> None:
    r = client.post("/api/v1/whatif", params={"prices": "1750万:2000万:50万", "months": "2"},
                    json=example(SEED1))
    assert r.status_code == 200, r.text
    body = r.json()
    cli = cli_json("whatif", f"examples/{SEED1}", "--prices", "1750万:2000万:50万", "--months", "2", "--json")
    assert body == cli
    assert body["schema"] == "zansai.whatif/1"
    assert len(body["cells"]) == 6
    assert len(body["dates"]) == 2
    b = body["break_evens"]
    assert (b["clears_liens"]["price"], b["consent_price"]["price"]) == (26_871_790, 17_588_996)
    assert b["consent_price"]["assumption"] is True
    assert b["last_short_sale_day"]["date"] == "2027-09-19"
    assert body["cells"][5][0]["normal_sale"]["remaining_debt"] == 6_645_021


def test_whatif_discount_rate_and_errors(client: TestClient) -> None:
    r = client.post("/api/v1/whatif", params={"months": "1", "discount_rate": "0"}, json=example(SEED1))
    assert r.status_code == 200
    b = r.json()["break_evens"]["consent_price"]
    # Undiscounted, the short sale must pay the lender the auction's whole 17,253,400円.
    assert b["assumption"] is False
    assert b["price"] > 17_588_996
    for params, field in (({"prices": "2000万:1000万"}, "prices"), ({"months": "0"}, "months"),
                          ({"discount_rate": "abc"}, "discount_rate")):
        r = client.post("/api/v1/whatif", params=params, json=example(SEED1))
        assert r.status_code == 422, r.text
        assert r.json()["error"]["field"] == field


def test_whatif_in_openapi(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    op = spec["paths"]["/api/v1/whatif"]["post"]
    assert {p["name"] for p in op["parameters"]} >= {"prices", "months", "discount_rate"}
