"""A downloaded CSV and an API fetch of the same municipality and quarters: each transaction is
counted once. Each import records the cells it covers (municipality, quarter, price class, kind);
a query reads a cell from the newest import covering it. The API answer is the recorded XIT001
fixture (docs/sources/mlit-reinfolib-api.md §3); the CSV holds the same records in the
download's columns and encoding (docs/sources/mlit-comps.md §1)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx2
import pytest

from zansai.comps import query
from zansai.comps import store as comps_store
from zansai.comps.api_fields import as_csv_rows
from zansai.comps.api_import import fetch_into
from zansai.comps.app_db import open_comps
from zansai.comps.client import ReinfolibClient
from zansai.comps.fields import HEADER
from zansai.comps.query import Criteria, select, superseded
from zansai.comps.record import Kind, PriceClass

MLIT = Path(__file__).resolve().parents[1] / "fixtures" / "mlit"
Q1 = json.loads((MLIT / "xit001-13113-2024q1.json").read_bytes())
PRICES = sorted(int(r["TradePrice"]) for r in Q1["data"])  # 4 records: 3 取引価格, 1 成約価格


def download(path: Path, period: str = "2024年第1四半期") -> Path:
    """The fixture's records as MLIT's download writes them (cp932, every cell quoted, CRLF)."""
    rows = [[r[c] for c in HEADER] for r in as_csv_rows(Q1["data"])]
    for cells in rows:
        cells[HEADER.index("取引時期")] = period
    lines = [",".join(f'"{c}"' for c in cells) for cells in [list(HEADER), *rows]]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return path


def fetch(db: Path, quarter: str = "2024Q1") -> None:
    def service(request: httpx2.Request) -> httpx2.Response:
        p = request.url.params
        if f"{p['year']}Q{p['quarter']}" != "2024Q1":
            return httpx2.Response(404)
        return httpx2.Response(200, json=Q1)

    client = ReinfolibClient("k" * 32, transport=httpx2.MockTransport(service))
    with open_comps(db) as store:
        fetch_into(store, client, "13113", quarter, quarter, sleep=lambda s: None)


def prices(db: Path, **criteria: object) -> tuple[list[int], int]:
    with open_comps(db) as store:
        found = select(store, Criteria(city="13113", **criteria))  # type: ignore[arg-type]
    return sorted(c.trade_price for c in found.comparables), found.total


def test_a_download_then_a_fetch_of_the_same_quarter_counts_each_sale_once(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    with open_comps(db) as store:
        store.import_file(download(tmp_path / "13_Tokyo.csv"))
        assert store.count() == 4
    fetch(db)
    with open_comps(db) as store:
        assert store.count() == 8  # both imports are kept …
        assert len(superseded(store.connection, "13113")) == 4  # … the download's 4 cells are older
    assert prices(db) == (PRICES, 4)
    assert prices(db, kind=Kind.CONDO) == ([p for p in PRICES if p in _condo_prices()], 2)
    assert prices(db, price_class=PriceClass.CONTRACT)[1] == 1


def test_a_fetch_then_a_download_of_the_same_quarter_counts_each_sale_once(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    fetch(db)
    with open_comps(db) as store:
        store.import_file(download(tmp_path / "13_Tokyo.csv"))
        assert store.count() == 8
    assert prices(db) == (PRICES, 4)


def test_different_quarters_both_count(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    with open_comps(db) as store:
        store.import_file(download(tmp_path / "13_Tokyo.csv", period="2023年第4四半期"))
    fetch(db)
    with open_comps(db) as store:
        assert superseded(store.connection, "13113") == []
    assert prices(db) == (sorted(PRICES * 2), 8)


def test_a_version_1_database_learns_what_its_imports_cover(tmp_path: Path) -> None:
    """A database written before the cells were recorded: opening it fills them in, once."""
    db = tmp_path / "db.sqlite3"
    with open_comps(db) as store:
        store.import_file(download(tmp_path / "13_Tokyo.csv"))
    fetch(db)
    with sqlite3.connect(db) as conn:  # as version 1 left it: no comps_cover
        conn.execute("DROP TABLE comps_cover")
        conn.execute("UPDATE comps_meta SET value = '1' WHERE key = 'schema_version'")
    assert comps_store.SCHEMA_VERSION == 2
    assert prices(db) == (PRICES, 4)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM comps_meta").fetchone() == ("2",)
        assert conn.execute("SELECT count(*) FROM comps_cover").fetchone() == (8,)


def test_a_refetch_that_empties_a_quarter_gives_it_back_to_the_download(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    with open_comps(db) as store:
        store.import_file(download(tmp_path / "13_Tokyo.csv"))
    fetch(db)
    fetch(db, "2023Q4")  # another quarter: nothing changes for 2024Q1
    assert prices(db) == (PRICES, 4)
    with open_comps(db) as store:  # MLIT withdrew the quarter: the API imports are removed
        store.replace_imports(
            [comps_store.Replacement(f"XIT001 13113 2024Q1 {c}", "-", []) for c in ("transaction",
                                                                                      "contract")],
            source="api",
        )
        assert store.count() == 4
        assert superseded(store.connection, "13113") == []
    assert prices(db) == (PRICES, 4)


def _condo_prices() -> set[int]:
    return {int(r["TradePrice"]) for r in Q1["data"] if r["Type"] == "中古マンション等"}


def test_many_superseded_cells_are_looked_up_row_by_row_with_the_same_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.sqlite3"
    with open_comps(db) as store:
        store.import_file(download(tmp_path / "13_Tokyo.csv"))
    fetch(db)
    monkeypatch.setattr(query, "_MAX_LISTED", 3)  # 4 superseded cells: more than listed
    assert prices(db) == (PRICES, 4)
    assert prices(db, kind=Kind.CONDO)[1] == 2
