"""``zansai cases`` and the web app read one database and answer alike (issue 18 §8 parity).

Cases imported from the terminal are listed by the API and the page exactly as ``zansai cases
list`` lists them (JSON and the CSV export byte for byte), and the comparison of a case with its
copy is the API's. Seed 1 leaves 7,395,521円 owed after the short sale
(docs/sources/seed1-short-sale.md §3, §7).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.cli import main
from zansai.web.app import guarded
from zansai.web.service import PlanCache
from zansai.web.settings import Settings
from zansai.web.store import CaseStore

SEED1 = "examples/seed1-short-sale.toml"
SEED2 = "examples/seed2-divorce-separate-property.toml"


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code: object = 0
    try:
        main(args)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert (code or 0, err) == (0, "")
    return out


@pytest.fixture
def both(tmp_path: Path) -> tuple[TestClient, list[str]]:
    db = tmp_path / "cases.sqlite3"
    store = CaseStore(db)
    app = guarded(Settings(db_path=db), store=store, plans=PlanCache())
    return TestClient(app, base_url="http://127.0.0.1"), ["cases", "--db", str(db)]


def test_list_json_and_csv_are_the_apis_and_the_pages(both: tuple[TestClient, list[str]],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    client, db = both
    ids = [line.split("\t")[0] for line in cli([*db, "import", SEED1, SEED2, SEED1], capsys).splitlines()]
    cli([*db, "status", ids[1], "applied"], capsys)
    for params in ({}, {"sort": "debt"}, {"q": "さくら"}, {"status": "applied"}):
        options = [w for k, v in params.items() for w in (f"--{k}" if k != "q" else "-q", v)]
        mine: list[dict[str, Any]] = json.loads(cli([*db, "list", *options, "--json"], capsys))
        assert mine == client.get("/api/v1/cases", params=params).json()
        page = client.get("/cases/export.csv", params=params).content
        assert cli([*db, "list", *options, "--csv"], capsys).encode("utf-8") == page
    rows = json.loads(cli([*db, "list", "-q", "さくら", "--json"], capsys))
    assert [r["remaining_debt"] for r in rows] == [7_395_521, 7_395_521]


def test_compare_json_is_the_apis(both: tuple[TestClient, list[str]],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    client, db = both
    (case_id,) = [line.split("\t")[0] for line in cli([*db, "import", SEED1], capsys).splitlines()]
    copy_id = cli([*db, "duplicate", case_id], capsys).split("\t")[0]
    mine = json.loads(cli([*db, "compare", copy_id, "--all", "--json"], capsys))
    assert mine == client.get(f"/api/v1/cases/{copy_id}/compare", params={"all": "true"}).json()
    assert [c["remaining_debt"] for c in mine["cases"]] == [7_395_521, 7_395_521]
    assert not any(r["differs"] for r in mine["inputs"])
