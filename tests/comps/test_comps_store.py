"""The import: one transaction, idempotent by file hash, in the app's database beside the cases;
the query's filters (docs/sources/mlit-comps.md §1)."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from zansai.comps import store as comps_store
from zansai.comps.app_db import open_comps
from zansai.comps.query import Criteria, select
from zansai.comps.record import Kind, Period, PriceClass, Structure
from zansai.errors import InputError
from zansai.web.store import APPLICATION_ID, CaseStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "comps"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cases.sqlite3"
    with open_comps(path) as s:
        s.import_file(FIXTURES / "tokyo-cp932.csv")
    return path


def dump(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return [
            *conn.execute("SELECT * FROM comps ORDER BY rowid"),
            *conn.execute("SELECT * FROM comps_imports"),
        ]


def test_the_tables_sit_beside_the_cases(db: Path) -> None:
    assert comps_store.APPLICATION_ID == APPLICATION_ID
    with CaseStore(db) as cases:  # the cases' store still opens the file, and can write
        cases.create("a", {"title": "a"})
        assert len(cases.list()) == 1
    with open_comps(db) as s:
        assert s.count() == 10
        assert [(i.file_name, i.rows) for i in s.imports()] == [("tokyo-cp932.csv", 10)]


def test_a_bad_row_leaves_the_database_unchanged(db: Path) -> None:
    before = dump(db)
    with open_comps(db) as s, pytest.raises(InputError) as caught:
        s.import_file(FIXTURES / "bad-row.csv")
    assert "6行目の「面積（㎡）」の値「65平米」は読めません" in caught.value.message_ja
    assert "row 6, column 「面積（㎡）」" in caught.value.message_en
    assert dump(db) == before


def test_a_bad_row_late_in_a_big_file_writes_nothing(tmp_path: Path) -> None:
    lines = (FIXTURES / "tokyo-utf8-bom.csv").read_text(encoding="utf-8-sig").splitlines()
    body = [lines[1]] * 20_000 + [lines[1].replace("2024年第4四半期", "2024年第4期")]
    path = tmp_path / "big.csv"
    path.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    with open_comps(db) as s:
        with pytest.raises(InputError, match="20002行目の「取引時期」"):
            s.import_file(path)
        assert s.count() == 0
        assert s.imports() == []


def test_a_wrong_header_is_refused_and_nothing_written(db: Path) -> None:
    before = dump(db)
    with open_comps(db) as s, pytest.raises(InputError, match="列「取引時点」"):
        s.import_file(FIXTURES / "wrong-header.csv")
    assert dump(db) == before


def test_importing_the_same_file_again_changes_nothing(db: Path) -> None:
    before = dump(db)
    with open_comps(db) as s:
        again = s.import_file(FIXTURES / "tokyo-cp932.csv")
    assert again.already
    assert again.rows == 10
    assert dump(db) == before


def test_a_header_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes((FIXTURES / "tokyo-cp932.csv").read_bytes().split(b"\r\n")[0] + b"\r\n")
    with (
        open_comps(tmp_path / "db.sqlite3") as s,
        pytest.raises(InputError, match="取引のデータがありません"),
    ):
        s.import_file(path)


def test_a_file_that_is_not_zansais_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(Exception, match="zansai のデータベースではありません"):
        open_comps(other)


def pick(db: Path, **kw: object) -> list[tuple[str | None, int]]:
    with open_comps(db) as s:
        found = select(s, Criteria(**kw))  # type: ignore[arg-type]
    assert found.total == len(found.comparables)
    return [(c.district, c.trade_price) for c in found.comparables]


def test_the_query_filters(db: Path) -> None:
    assert len(pick(db, city="13102")) == 7
    # newest first; within a quarter, the later row of the file first
    assert pick(db, city="13102", kind=Kind.CONDO) == [
        ("月島", 46_000_000),
        ("月島", 52_000_000),
        ("晴海", 78_000_000),
    ]
    assert pick(db, city="13102", kind=Kind.CONDO, district="晴海") == [("晴海", 78_000_000)]
    assert pick(db, city="13102", kind=Kind.CONDO, area=(Decimal(50), Decimal(70))) == [("月島", 52_000_000)]
    assert pick(db, city="13102", kind=Kind.CONDO, area=(Decimal("45.5"), Decimal("45.5"))) == [
        ("月島", 46_000_000)
    ]
    # 2000㎡以上 is at least 2000: it meets a lower bound, never an upper one
    assert pick(db, city="13102", kind=Kind.LAND, area=(Decimal(1500), None)) == [("銀座", 3_000_000_000)]
    assert pick(db, city="13102", kind=Kind.LAND, area=(None, Decimal(5000))) == []
    assert pick(db, city="13102", floor_area=(Decimal(80), Decimal(130))) == [
        ("月島", 68_000_000),
        ("佃", 95_000_000),
    ]
    # ages on 2025-01-01: 2005 → 20, 1989 → 36, 1990 → 35, 2019 → 6; 戦前 has no known age
    on = date(2025, 1, 1)
    assert pick(db, city="13102", age=(0, 20), on=on) == [("月島", 52_000_000), ("月島", 68_000_000)]
    assert pick(db, city="13102", age=(30, None), on=on) == [
        ("月島", 46_000_000),
        ("晴海", 78_000_000),
        ("京橋", 2_500_000_000),
    ]
    assert pick(db, city="13102", structure=Structure.SRC) == [("晴海", 78_000_000), ("京橋", 2_500_000_000)]
    assert pick(db, city="13102", since=Period(2024, 3), until=Period(2024, 4)) == [
        ("月島", 46_000_000),
        ("月島", 52_000_000),
        ("晴海", 78_000_000),
    ]
    assert pick(db, city="13102", price_class=PriceClass.CONTRACT) == [
        ("晴海", 78_000_000),
        ("月島", 68_000_000),
    ]
    assert pick(db, city="13199") == []


def test_the_limit_keeps_the_newest_and_counts_all(db: Path) -> None:
    with open_comps(db) as s:
        found = select(s, Criteria(city="13102", limit=2))
    assert found.total == 7
    assert [str(c.period) for c in found.comparables] == ["2024Q4", "2024Q4"]


def test_a_queried_comparable_equals_the_parsed_row(db: Path) -> None:
    import csv
    import io

    from zansai.comps.csvfile import CsvFile
    from zansai.comps.fields import parse_row

    records = list(csv.reader(io.StringIO(CsvFile.read(FIXTURES / "tokyo-cp932.csv").text, newline="")))
    rows = [parse_row(dict(zip(records[0], r, strict=True))) for r in records[1:]]
    with open_comps(db) as s:
        found = select(s, Criteria(city="13308"))
    expected = [r for r in rows if r.municipality_code == "13308"]
    assert len(expected) == 2
    assert sorted(found.comparables, key=lambda c: c.trade_price) == sorted(
        expected, key=lambda c: c.trade_price
    )


def _header() -> str:
    return (FIXTURES / "tokyo-utf8-bom.csv").read_text(encoding="utf-8-sig").splitlines()[0]


def _first_row() -> list[str]:
    return (FIXTURES / "tokyo-utf8-bom.csv").read_text(encoding="utf-8-sig").splitlines()[1].split(",")


def test_a_quoted_cell_with_a_comma_is_read_by_the_csv_module(tmp_path: Path) -> None:
    cells = _first_row()
    cells[29] = '"調停・競売等,私道を含む取引"'  # a comma inside quotes: not the fast split
    path = tmp_path / "q.csv"
    path.write_text(_header() + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    with open_comps(tmp_path / "db.sqlite3") as s:
        assert s.import_file(path).rows == 1
        (found,) = select(s, Criteria(city="13102")).comparables
    assert found.remarks == "調停・競売等,私道を含む取引"
    assert found.trade_price == 52_000_000


def test_a_short_row_in_a_quoted_file_is_refused_naming_it(tmp_path: Path) -> None:
    good = ",".join(f'"{c}"' for c in _first_row())
    short = ",".join(f'"{c}"' for c in _first_row()[:-1])
    path = tmp_path / "short.csv"
    path.write_text("\r\n".join([_header(), good, good, short, good]) + "\r\n", encoding="utf-8")
    with open_comps(tmp_path / "db.sqlite3") as s:
        with pytest.raises(InputError, match="4行目の列の数が29です"):
            s.import_file(path)
        assert s.count() == 0


def test_a_locked_database_is_one_line_not_a_traceback(db: Path) -> None:
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        store = comps_store.CompStore.__new__(comps_store.CompStore)
        store.path, store._clock = db, comps_store.datetime
        store._conn = sqlite3.connect(db, timeout=0.05, isolation_level=None)
        with pytest.raises(comps_store.CompStoreError, match="に書き込めません"):
            store.import_file(FIXTURES / "tokyo-utf8-bom.csv")
    finally:
        blocker.rollback()
        blocker.close()


@pytest.mark.parametrize("via_csv_module", [False, True])
def test_rows_written_32_a_statement_keep_the_files_order(tmp_path: Path, via_csv_module: bool) -> None:
    # 549 rows: a chunk of 512 (16 statements of 32 rows) and one of 37 (one of 32, five single)
    lines = (FIXTURES / "tokyo-utf8-bom.csv").read_text(encoding="utf-8-sig").splitlines()
    assert comps_store.CHUNK == 512
    assert comps_store.ROWS_PER_INSERT == 32
    prices = [1_000_000 + n for n in range(549)]
    body = [lines[1].replace(",52000000,", f",{p},") for p in prices]
    if via_csv_module:  # a quoted comma in the last row: the csv module reads the file
        body[-1] += '"関係者間取引,私道を含む"'  # the last cell (備考), blank in the fixture
    path = tmp_path / "ordered.csv"
    path.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    with open_comps(tmp_path / "db.sqlite3") as s:
        assert s.import_file(path).rows == 549
        assert s.count() == 549
        found = select(s, Criteria(city="13102", limit=1000)).comparables
    # one period: newest first is the file's last row first
    assert [c.trade_price for c in found] == prices[::-1]
    assert found[0].remarks == ("関係者間取引,私道を含む" if via_csv_module else None)
