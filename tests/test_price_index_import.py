"""``zansai comps index import``: MLIT's 不動産価格指数（住宅） workbook (or one sheet as CSV) into
the app's database, and the valuation trying the imported values first.

The fixtures (tests/fixtures/price_index/, built by its make_fixtures.py) follow the workbook's
layout described in docs/sources/mlit-price-index.md §5; their 指数 values are the revised 東京都
seasonally adjusted series of docs/sources/mlit-price-index.md §2.3.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from tests.comps_case import comps_db, located_condo_text
from tests.comps_case import run_cli as _run

from zansai.case import build_case, read_case_file
from zansai.comps.for_case import with_comparables
from zansai.comps.index_import import imported_values, sheet_series
from zansai.engine.price_index import IndexFlag, Series, load_index_table, time_adjustment
from zansai.engine.valuation_comps import case_comparables
from zansai.rules import RuleBook

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "price_index"
XLSX = FIXTURES / "tokyo-sa-2023-10-2025-12.xlsx"
CSV = FIXTURES / "tokyo-sa-2024.csv"
BOOK = RuleBook.default()
NATIONAL_CONDO = Series("national", "condo")


def _values(db: Path) -> dict[tuple[str, str, str, str], str]:
    with sqlite3.connect(db) as conn:
        return {tuple(r[:4]): r[4] for r in conn.execute(  # type: ignore[misc]
            "SELECT region, type, month, basis, value FROM price_index_values")}


def test_the_sheets_name_their_area_and_series() -> None:
    """§5: the seasonally adjusted sheet says 季節調整; (誤) marks a superseded sheet."""
    assert sheet_series("東京都Tokyo季節調整") == ("tokyo", "sa")
    assert sheet_series("東京都Tokyo") == ("tokyo", "original")
    assert sheet_series("南関東圏Minami-Kanto季節調整") == ("minami_kanto", "sa")
    assert sheet_series("関東地方Kanto") == ("kanto", "original")
    assert sheet_series("東京都Tokyo季節調整(誤)") is None
    assert sheet_series("九州・沖縄地方Kyushu-Okinawa季節調整(正)") == ("kyushu_okinawa", "sa")
    assert sheet_series("目次") is None
    assert sheet_series("東京都区部") is None  # not one of MLIT's areas


def test_the_workbook_is_imported_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """27 months × 4 types = 108 values; the (誤) sheet's 1.0 is not read; a second import of the
    same file changes nothing."""
    db = tmp_path / "app.db"
    code, out, err = _run(["comps", "index", "import", str(XLSX), "--db", str(db), "--json"], capsys)
    assert code == 0, err
    got = json.loads(out)
    assert (got["rows"], got["already_imported"], got["first_month"], got["last_month"]) == (
        108, False, "2023-10", "2025-12")
    assert got["series"] == ["tokyo/all/sa", "tokyo/condo/sa", "tokyo/house/sa", "tokyo/land/sa"]
    values = _values(db)
    assert len(values) == 108
    assert values[("tokyo", "condo", "2024-01", "sa")] == "198.79"
    assert values[("tokyo", "house", "2025-05", "sa")] == "136"  # as the cell holds it
    code, out, err = _run(["comps", "index", "import", str(XLSX), "--db", str(db)], capsys)
    assert code == 0, err
    assert "取込み済み" in out
    assert "already imported" in out
    assert len(_values(db)) == 108
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM price_index_imports").fetchone() == (1,)
    q1 = imported_values(db, ("2024-01", "2024-03"))
    assert len(q1) == 12
    assert {v.month for v in q1} == {"2024-01", "2024-02", "2024-03"}


def test_a_sheet_saved_as_shift_jis_csv_needs_its_area_and_series(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "app.db"
    code, out, err = _run(["comps", "index", "import", str(CSV), "--db", str(db)], capsys)
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert "--region" in err
    assert " / " in err
    assert not db.exists() or "price_index_values" not in db.read_bytes().decode("latin-1")
    code, out, err = _run(["comps", "index", "import", str(CSV), "--region", "tokyo",
                           "--basis", "sa", "--db", str(db)], capsys)
    assert code == 0, err
    assert "48" in out
    assert _values(db)[("tokyo", "all", "2024-12", "sa")] == "168.68"


@pytest.mark.parametrize(("change", "words"), [
    (("210.02", "abc"), ("13", "K", "abc")),
    (("2024年3月", "2024年13月"), ("7", "A", "2024年13月")),
    (("マンション（区分所有）", "共同住宅"), ("K", "マンション")),
    (("2024年5月", "2024年4月"), ("2024-04",)),
])
def test_a_bad_file_is_one_bilingual_line_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str],
        words: tuple[str, ...]) -> None:
    """A bad cell names its row and column; nothing of the file is stored (one transaction)."""
    db = tmp_path / "app.db"
    assert _run(["comps", "index", "import", str(XLSX), "--db", str(db)], capsys)[0] == 0
    before = _values(db)
    text = CSV.read_bytes().decode("cp932")
    assert change[0] in text
    bad = tmp_path / "bad.csv"
    bad.write_bytes(text.replace(change[0], change[1], 1).encode("cp932"))
    code, out, err = _run(["comps", "index", "import", str(bad), "--region", "tokyo",
                           "--basis", "original", "--db", str(db)], capsys)
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert [w for w in words if w not in err] == []
    assert _values(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM price_index_imports").fetchone() == (1,)


def test_a_file_that_is_not_the_index_is_refused(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    comps_csv = ROOT / "tests" / "fixtures" / "comps" / "tokyo-cp932.csv"
    code, _, err = _run(["comps", "index", "import", str(comps_csv), "--region", "tokyo",
                         "--basis", "sa", "--db", str(tmp_path / "a.db")], capsys)
    assert (code, err.count("\n")) == (2, 1)
    assert "住宅総合" in err


def _synthetic(tmp_path: Path, months: dict[str, str]) -> Path:
    """A CSV in the sheet's layout with made-up round values (behaviour only, not MLIT figures)."""
    lines = [",住宅総合,,,住宅地,,,戸建住宅,,,マンション（区分所有）", "年月" + ",指数,前月比,サンプル数" * 4]
    for month, condo in months.items():
        y, m = month.split("-")
        lines.append(f"{y}年{int(m)}月" + ",-,," * 3 + f",{condo},,")
    path = tmp_path / "national-condo.csv"
    path.write_bytes("\r\n".join(lines).encode("cp932"))
    return path


def test_imported_values_are_tried_first_and_never_mixed_with_the_shipped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Shipped: national マンション 2024 Q1 198.2 → 2025-09 222.2, factor 1111/991
    (docs/sources/mlit-price-index.md §2). Imported 200, 200, 200 and 220: factor 11/10, its
    source the file. An import lacking 2024-03 cannot make the quarter: the shipped vintage is
    used whole, never 2 imported months and 1 shipped one."""
    db = tmp_path / "app.db"
    full = _synthetic(tmp_path, {"2024-01": "200", "2024-02": "200", "2024-03": "200",
                                 "2025-09": "220"})
    assert _run(["comps", "index", "import", str(full), "--region", "national", "--basis", "sa",
                 "--db", str(db)], capsys)[0] == 0
    on = date(2025, 9, 30)
    shipped = time_adjustment((2024, 1), on, NATIONAL_CONDO, load_index_table(BOOK, on))
    assert shipped.factor == Fraction(1111, 991)
    table = load_index_table(BOOK, on, imported_values(db))
    adj = time_adjustment((2024, 1), on, NATIONAL_CONDO, table)
    assert (adj.factor, adj.flags, adj.imported) == (Fraction(11, 10), (), True)
    assert len(adj.sources) == 1
    assert adj.sources[0].startswith("national-condo.csv (sha256 ")
    assert adj.sources[0].endswith("季節調整値)")
    step = adj.step(1_000_000, (2024, 1), on, "1,100,000円")
    assert step.inputs["index_vintage"] == "imported"
    assert "national-condo.csv" in step.inputs["index_sources"]

    db2 = tmp_path / "app2.db"
    part = _synthetic(tmp_path, {"2024-01": "200", "2024-02": "200", "2025-09": "220"})
    assert _run(["comps", "index", "import", str(part), "--region", "national", "--basis", "sa",
                 "--db", str(db2)], capsys)[0] == 0
    mixed = time_adjustment((2024, 1), on, NATIONAL_CONDO,
                            load_index_table(BOOK, on, imported_values(db2)))
    assert (mixed.factor, mixed.imported) == (Fraction(1111, 991), False)
    assert IndexFlag.MISSING not in mixed.flags


def test_the_newest_file_is_tried_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "app.db"
    months = {"2024-01": "200", "2024-02": "200", "2024-03": "200", "2025-09": "220"}
    old = _synthetic(tmp_path, months)
    assert _run(["comps", "index", "import", str(old), "--region", "national", "--basis", "sa",
                 "--db", str(db)], capsys)[0] == 0
    new_dir = tmp_path / "new"
    new_dir.mkdir()
    new = _synthetic(new_dir, {**months, "2025-09": "240"})
    assert _run(["comps", "index", "import", str(new), "--region", "national", "--basis", "sa",
                 "--db", str(db)], capsys)[0] == 0
    on = date(2025, 9, 30)
    adj = time_adjustment((2024, 1), on, NATIONAL_CONDO,
                          load_index_table(BOOK, on, imported_values(db)))
    assert adj.factor == Fraction(6, 5)


def test_the_plan_uses_the_imported_index_and_names_it(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The located condo (中央区, 2025-03-01) and its three 2024 sales (tests/comps_case.py), with
    the fixture workbook imported into the same database: 東京都 マンション 2025-03 = 225.15,
    2024 Q4 = (209.54 + 213.33 + 214.13) ÷ 3 = 637/3, so the 2024 Q4 factor is
    225.15 × 3 ÷ 637 = 13509/12740; 2024 Q3 = (204.62 + 209.4 + 210.02) ÷ 3 = 624.04/3, factor
    675.45 ÷ 624.04 = 67545/62404 (§2.3)."""
    db = comps_db(tmp_path / "app.db")
    assert _run(["comps", "index", "import", str(XLSX), "--db", str(db)], capsys)[0] == 0
    path = tmp_path / "case.toml"
    path.write_text(located_condo_text(), encoding="utf-8")
    case, book = build_case(read_case_file(path))
    found = case_comparables(with_comparables(case, book, db), book)
    assert found is not None
    factors = {u.sale.period: u.adjustment.factor for u in found.basis.used}
    assert factors == {(2024, 4): Fraction(13509, 12740), (2024, 3): Fraction(67545, 62404)}
    assert all(u.adjustment.series == Series("tokyo", "condo") for u in found.basis.used)
    sources = found.to_dict()["price_index"]["sources"]
    assert [s for s in sources if s.startswith("tokyo-sa-2023-10-2025-12.xlsx (sha256 ")] == sources


def test_plan_json_names_the_imported_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`zansai plan --comps-db`: the valuation's comparables list the imported file as the source
    of their index values, and the explanation's time_adjustment step of each sale says so."""
    db = comps_db(tmp_path / "app.db")
    assert _run(["comps", "index", "import", str(XLSX), "--db", str(db)], capsys)[0] == 0
    path = tmp_path / "case.toml"
    path.write_text(located_condo_text(), encoding="utf-8")
    code, out, err = _run(["plan", str(path), "--json", "--explain", "--comps-db", str(db)], capsys)
    assert code == 0, err
    comps = json.loads(out)["valuation"]["comparables"]
    assert [s[:30] for s in comps["price_index"]["sources"]] == ["tokyo-sa-2023-10-2025-12.xlsx "]
    assert out.count('"index_vintage":"imported"') == 3  # the explanation's three steps


def test_the_imports_are_listed_newest_first(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "app.db"
    code, out, _ = _run(["comps", "index", "list", "--db", str(db)], capsys)
    assert code == 0
    assert "zansai comps index import" in out
    assert not db.exists()  # listing creates nothing
    assert _run(["comps", "index", "import", str(XLSX), "--db", str(db)], capsys)[0] == 0
    assert _run(["comps", "index", "import", str(CSV), "--region", "tokyo", "--basis", "sa",
                 "--db", str(db)], capsys)[0] == 0
    code, out, _ = _run(["comps", "index", "list", "--db", str(db), "--json"], capsys)
    files = json.loads(out)["imports"]
    assert [(f["file"], f["rows"], f["first_month"], f["last_month"]) for f in files] == [
        ("tokyo-sa-2024.csv", 48, "2024-01", "2024-12"),
        ("tokyo-sa-2023-10-2025-12.xlsx", 108, "2023-10", "2025-12")]
    assert files[1]["series"] == ["tokyo/all/sa", "tokyo/condo/sa", "tokyo/house/sa", "tokyo/land/sa"]
