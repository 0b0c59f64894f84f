"""GET /api/v1/comps and the /comps page (issue 20 §1): the comparables of the app's database as
``zansai comps query --json`` prints them, a bad parameter named in both languages, an empty
database answered with how to add data, MLIT's credit line always beside the data.

Figures: the ten rows of tests/fixtures/comps/tokyo-utf8-bom.csv (built by its make.py in the
download's exact columns, docs/sources/mlit-comps.md §1); the credit line is MLIT's required
wording (docs/sources/mlit-comps.md §5).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.test_api import cli_json

from zansai.comps.app_db import open_comps
from zansai.web.app import guarded
from zansai.web.comps_chart import percentile, summary
from zansai.web.settings import Settings

FIXTURE = Path(__file__).parents[1] / "fixtures" / "comps" / "tokyo-utf8-bom.csv"
SOURCE_LINE = "出典：国土交通省 不動産情報ライブラリ（https://www.reinfolib.mlit.go.jp/）"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, Path]:
    db = tmp_path_factory.mktemp("comps-web") / "cases.sqlite3"
    with open_comps(db) as store:
        assert store.import_file(FIXTURE).rows == 10
    return TestClient(guarded(Settings(db_path=db)), base_url="http://127.0.0.1"), db


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("comps-web-empty") / "cases.sqlite3"
    return TestClient(guarded(Settings(db_path=db)), base_url="http://127.0.0.1")


def comps(client: TestClient, **params: str) -> dict[str, Any]:
    r = client.get("/api/v1/comps", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_the_api_answers_what_the_cli_prints(seeded: tuple[TestClient, Path]) -> None:
    client, db = seeded
    body = comps(client, city="13102", area="50-80", on="2025-01-01")
    cli = cli_json("comps", "query", "--city", "13102", "--area", "50-80", "--on", "2025-01-01", "--json",
                   "--db", str(db))
    assert {k: v for k, v in body.items() if k != "how_to_add"} == cli
    assert body["how_to_add"] is None
    # 月島 65㎡ (2024Q4), 晴海 80㎡ (2024Q3), 月島 60㎡ (2024Q2): newest first.
    assert (body["total"], body["shown"]) == (3, 3)
    assert [(c["district"], c["area_m2"], c["period"]) for c in body["comparables"]] == [
        ("月島", "65", "2024Q4"), ("晴海", "80", "2024Q3"), ("月島", "60", "2024Q2")]
    assert [c["price_per_m2"] for c in body["comparables"]] == [800_000, 975_000, 1_133_333]
    assert body["credit"][0]["ja"].startswith(SOURCE_LINE)


@pytest.mark.parametrize(("params", "expected"), [
    ({"kind": "condo", "area": "50-80"}, ["晴海", "月島"]),
    ({"district": "月島"}, ["月島", "月島", "月島"]),
    ({"age": "0-20", "on": "2025-01-01"}, ["月島", "月島"]),  # built 2005 and 2019 (令和元年)
    ({"from": "2024Q3", "to": "2024Q4"}, ["月島", "月島", "晴海"]),
    ({"structure": "src"}, ["京橋", "晴海"]),
    ({"floor_area": "80-120"}, ["月島", "佃"]),
    ({"limit": "2"}, ["月島", "月島"]),
])
def test_filters(seeded: tuple[TestClient, Path], params: dict[str, str], expected: list[str]) -> None:
    body = comps(seeded[0], city="13102", **params)
    assert sorted(c["district"] for c in body["comparables"]) == sorted(expected)
    assert body["total"] == (7 if "limit" in params else len(expected))


@pytest.mark.parametrize(("params", "field"), [
    ({"city": "1310"}, "city"),
    ({"city": "13102", "area": "80-50"}, "area"),
    ({"city": "13102", "area": "50平米"}, "area"),
    ({"city": "13102", "area": "99999999999-"}, "area"),
    ({"city": "13102", "age": "0-2.5"}, "age"),
    ({"city": "13102", "kind": "castle"}, "kind"),
    ({"city": "13102", "structure": "glass"}, "structure"),
    ({"city": "13102", "from": "2024-13"}, "from"),
    ({"city": "13102", "from": "2024Q4", "to": "2024Q1"}, "from"),
    ({"city": "13102", "limit": "0"}, "limit"),
    ({"city": "13102", "limit": "5001"}, "limit"),
    ({"city": "13102", "on": "someday"}, "on"),
])
def test_a_bad_parameter_is_named_in_both_languages(seeded: tuple[TestClient, Path], params: dict[str, str],
                                                    field: str) -> None:
    r = seeded[0].get("/api/v1/comps", params=params)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["field"] == field
    assert error["message_ja"].startswith(field)
    assert error["message_en"].startswith(field)
    assert re.search(r"[ぁ-んァ-ン一-龥]", error["message_ja"])


def test_city_is_required(seeded: tuple[TestClient, Path]) -> None:
    r = seeded[0].get("/api/v1/comps")
    assert r.status_code == 422
    assert r.json()["error"]["field"] == "city"


def test_an_empty_database_answers_how_to_add_data(empty: TestClient) -> None:
    body = comps(empty, city="13102")
    assert (body["total"], body["comparables"]) == (0, [])
    assert "zansai comps import" in body["how_to_add"]["ja"]
    assert "zansai comps import FILE" in body["how_to_add"]["en"]
    assert body["credit"][0]["ja"].startswith(SOURCE_LINE)


def test_a_municipality_without_data_says_how_to_add_it(seeded: tuple[TestClient, Path]) -> None:
    assert comps(seeded[0], city="27100")["how_to_add"] is not None
    # Data of the city that matches nothing is not "no data": the filters are what to change.
    assert comps(seeded[0], city="13102", area="1-2")["how_to_add"] is None


def test_documented_in_openapi(seeded: tuple[TestClient, Path]) -> None:
    doc = seeded[0].get("/api/v1/openapi.json").json()
    op = doc["paths"]["/api/v1/comps"]["get"]
    assert {p["name"] for p in op["parameters"]} == {
        "city", "district", "kind", "area", "floor_area", "age", "on", "structure", "from", "to", "limit"}
    assert "credit" in op["description"]
    assert {"200", "422"} <= set(op["responses"])


# --- the page (server-rendered; tests/browser/test_comps_page.py looks at it on a phone) ----------

def test_page_shows_table_scatter_summary_and_credit(seeded: tuple[TestClient, Path]) -> None:
    html = seeded[0].get("/comps", params={"city": "13102", "lang": "en"}).text
    assert html.count("<tr>") == 1 + 7  # the header and the seven sales of 中央区
    assert '<svg id="comps-scatter"' in html
    assert html.count('class="zc-dot"') == 6
    # Price per m² of the six: 800,000 950,000 975,000 1,010,989 1,133,333 4,166,666.
    assert "median ¥992,994, 25th–75th percentile ¥956,250–¥1,102,747" in html
    assert html.count("Source: MLIT Real Estate Information Library") == 2  # under the chart and the table
    ja = seeded[0].get("/comps", params={"city": "13102", "lang": "ja"}).text
    assert "中央値 992,994円" in ja
    assert ja.count(SOURCE_LINE) == 2


def test_page_without_data_and_with_a_mistake(empty: TestClient) -> None:
    html = empty.get("/comps", params={"city": "13102", "lang": "ja"}).text
    assert "zansai comps import ファイル名" in html
    assert "<svg" not in html.split("<main")[1]
    r = empty.get("/comps", params={"city": "13102", "area": "80-50", "lang": "en"})
    assert r.status_code == 422
    assert "area: 80-50 is not allowed" in r.text
    assert empty.get("/comps").status_code == 200  # the empty form


def test_percentiles_interpolate_and_round_down() -> None:
    from fractions import Fraction

    assert percentile([1, 2, 3, 4], Fraction(1, 2)) == 2  # 2.5 rounded down
    assert percentile([10], Fraction(3, 4)) == 10
    rows = [{"price_per_m2": v, "period": "2024Q1"} for v in (100, 300, 200, None)]
    found = summary(rows)
    assert found is not None
    assert (found.count, found.median, found.p25, found.p75) == (3, 200, 150, 250)
