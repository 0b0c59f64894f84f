"""The exports of a saved case over HTTP (``/api/v1/cases/<id>/export/<what>.<fmt>``) and the links
to them on the results page: the same files as ``zansai export``, figures equal to the plan JSON.

Seed 1 (examples/seed1-short-sale.toml, docs/sources/seed1-short-sale.md §3): the short sale at
1,900万円 repays さくら銀行 18,295,000円 and leaves 7,395,521円; seed 2
(docs/sources/seed2-divorce.md §9): the home at 1,500万円 and the loan of 2,000万円.
"""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.web.app import guarded
from zansai.web.settings import Settings

openpyxl = pytest.importorskip("openpyxl")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> dict[str, Any]:
    with (EXAMPLES / name).open("rb") as f:
        data: dict[str, Any] = json.loads(json.dumps(tomllib.load(f), default=str))
    return data


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    app = guarded(Settings(db_path=tmp_path_factory.mktemp("exports") / "cases.sqlite3"))
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def seed1(client: TestClient) -> str:
    saved = client.post("/api/v1/cases", json={"title": "seed1", "case": example("seed1-short-sale.toml")})
    assert saved.status_code == 201, saved.text
    return str(saved.json()["id"])


def test_the_workbook_equals_the_saved_cases_plan(client: TestClient, seed1: str) -> None:
    plan = client.get(f"/api/v1/cases/{seed1}/plan").json()
    dist = next(e for e in plan["exits"] if e["key"] == "short_sale")["distribution"]
    got = client.get(f"/api/v1/cases/{seed1}/export/distribution.xlsx")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert got.headers["content-disposition"] == f'attachment; filename="haibunhyo-{seed1}.xlsx"'
    ws = openpyxl.load_workbook(io.BytesIO(got.content))["配分表"]
    rows = {r[1]: r for r in ws.iter_rows(values_only=True) if r[1]}
    lender = next(ln for ln in dist["lines"] if ln["party"] == "lender")
    row = rows[lender["label_ja"]]
    assert row[:6] == (1, lender["label_ja"], lender["claim"], 0, lender["paid"], lender["shortfall"])
    assert (lender["paid"], lender["shortfall"]) == (18_295_000, 7_395_521)
    assert rows["合計"][4] == dist["price"]


def test_csv_and_the_printable_page(client: TestClient, seed1: str) -> None:
    got = client.get(f"/api/v1/cases/{seed1}/export/schedule.csv")
    assert got.status_code == 200
    assert got.content.startswith(b"\xef\xbb\xbf")
    assert got.headers["content-type"] == "text/csv; charset=utf-8"
    page = client.get(f"/api/v1/cases/{seed1}/export/distribution.html?lang=en&exit=auction_court")
    assert page.status_code == 200
    assert page.headers["content-disposition"].startswith("inline")
    assert "Distribution of the sale price" in page.text
    assert "17,253,400" in page.text  # the court auction's table, not the short sale's


@pytest.mark.parametrize(("path", "status", "field"), [
    ("distribution.pdf", 422, "fmt"),
    ("ledger.csv", 422, "what"),
    ("distribution.csv?exit=keep_paying", 422, "--exit"),
    ("property-list.xlsx", 422, "--what"),
])
def test_a_bad_request_is_a_bilingual_error(client: TestClient, seed1: str, path: str, status: int,
                                            field: str) -> None:
    got = client.get(f"/api/v1/cases/{seed1}/export/{path}")
    assert got.status_code == status
    error = got.json()["error"]
    assert field in (error["field"] or "")
    assert error["message_ja"]
    assert error["message_en"]


def test_an_unknown_case_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/cases/nope/export/distribution.csv").status_code == 404


def test_the_results_page_links_the_exports_and_the_report_does_not(client: TestClient, seed1: str) -> None:
    page = client.get(f"/cases/{seed1}").text
    for what in ("distribution", "schedule"):
        assert f'href="/api/v1/cases/{seed1}/export/{what}.xlsx?lang=ja' in page
    assert "印刷用ページ" in page
    assert "property-list" not in page  # no [divorce]: no 財産一覧表
    assert "/export/" not in client.get(f"/cases/{seed1}/report").text


def test_the_divorce_case_links_its_property_list(client: TestClient) -> None:
    saved = client.post("/api/v1/cases", json={"title": "seed2",
                                               "case": example("seed2-divorce-separate-property.toml")})
    case_id = saved.json()["id"]
    page = client.get(f"/cases/{case_id}?lang=en").text
    assert f"/api/v1/cases/{case_id}/export/property-list.xlsx" in page
    got = client.get(f"/api/v1/cases/{case_id}/export/property-list.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(got.content))["婚姻関係財産一覧表"]
    amounts = [r[3] for r in ws.iter_rows(values_only=True) if isinstance(r[3], int)]
    assert 7_500_000 in amounts  # each spouse's 持分 1/2 of the home
    assert 20_000_000 in amounts
    assert amounts[-1] == -5_000_000  # the net estate
