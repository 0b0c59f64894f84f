"""The web app values a located case from the comparables imported into its own database
(the same figures as tests/test_valuation_comps.py: the download fixture's 中央区 condominiums,
docs/sources/mlit-comps.md §1; the matching rule, docs/sources/mlit-price-index.md §4)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.comps_case import FIXTURES
from tests.comps_case import located_condo_text as _case_text

from zansai.comps.app_db import open_comps
from zansai.web.app import guarded
from zansai.web.service import PlanCache
from zansai.web.settings import Settings


def _data(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(tomllib.loads(text), default=str))
    return data


def test_the_app_reads_comparables_from_its_own_database(tmp_path: Path) -> None:
    client = TestClient(guarded(Settings(db_path=tmp_path / "app.sqlite3")), base_url="http://127.0.0.1")
    with open_comps(tmp_path / "app.sqlite3") as store:
        store.import_file(FIXTURES / "tokyo-cp932.csv")
    alone = client.post("/api/v1/plan", json=_data(_case_text(with_value=False))).json()["valuation"]
    assert (alone["basis"], alone["central"]) == ("comparables", 63_319_378)


def test_the_api_values_from_the_apps_comparables(tmp_path: Path) -> None:
    db = tmp_path / "cases.sqlite3"
    plans = PlanCache(comps_db=db)  # what create_app makes of Settings(db_path=db)
    client = TestClient(guarded(Settings(db_path=db), plans=plans), base_url="http://127.0.0.1")
    before = client.post("/api/v1/plan", json=_data(_case_text())).json()
    assert "comparables" not in before["valuation"]  # nothing imported: the plan of today
    missing = client.post("/api/v1/plan", json=_data(_case_text(with_value=False)))
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "valuation"
    with open_comps(db) as store:
        store.import_file(FIXTURES / "tokyo-cp932.csv")
    plans.forget()  # results are kept for the day: an import drops them
    after = client.post("/api/v1/plan", json=_data(_case_text())).json()["valuation"]
    assert (after["comparables"]["low"], after["comparables"]["high"]) == (57_108_354, 63_820_090)
    assert after["central"] == 20_000_000  # the market value entered stays the valuation
    alone = client.post("/api/v1/plan", json=_data(_case_text(with_value=False))).json()["valuation"]
    assert (alone["basis"], alone["central"]) == ("comparables", 63_319_378)
