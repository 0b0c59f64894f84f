"""The valuation's comparables basis wired into the plan: the shell finds the sales, the engine
values them beside what the user entered (docs/sources/mlit-price-index.md §4 for the matching
rule; the sales are the download fixture's rows, docs/sources/mlit-comps.md §1, §5 for the credit
line).

The fixture's 中央区 (13102) condominiums: 月島 45.5 m² 46,000,000円 and 65 m² 52,000,000円
(2024Q4), 晴海 80 m² 78,000,000円 (2024Q3). Per m²: 1,010,989.01…, 800,000, 975,000. They are
time-adjusted to 2025-03 with the revised 東京都 マンション series (docs/sources/mlit-price-index.md
§2.3): 2025-03 = 225.15; 2024 Q4 = (209.54 + 213.33 + 214.13) ÷ 3 = 212.33…, factor 675.45/637 =
13509/12740; 2024 Q3 = (204.62 + 209.4 + 210.02) ÷ 3 = 208.01…, factor 675.45/624.04 =
67545/62404. Adjusted per m²: 800,000 × 13509/12740 = 848,288.85…; 975,000 × 67545/62404 =
1,055,322.97…; 1,010,989.01… × 13509/12740 = 1,072,013.38…. Type-7 quartiles × 60 m², 1円未満切捨て:
P25 = 848,288.85… + ½ × 207,034.12… = 951,805.91… → 57,108,354円; P50 = 1,055,322.97… × 60 =
63,319,378円; P75 = 1,055,322.97… + ½ × 16,690.41… = 1,063,668.18… → 63,820,090円.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tests.comps_case import comps_db, located_condo_text
from tests.comps_case import run_cli as _run

from zansai.case import build_case, read_case_file
from zansai.comps.app_db import open_comps
from zansai.comps.for_case import criteria_for, find_comparables, with_comparables
from zansai.comps.record import Kind, Period
from zansai.engine.comparables import comparables_basis
from zansai.engine.plan import plan
from zansai.engine.price_index import load_index_table
from zansai.engine.valuation_comps import subject_of
from zansai.web.store import CaseStore

ROOT = Path(__file__).resolve().parents[1]


_case_text = located_condo_text


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return comps_db(tmp_path / "cases.sqlite3")


def _write(tmp_path: Path, text: str, name: str = "case.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_query_is_the_city_the_kind_the_area_ratio_and_the_recent_quarters(tmp_path: Path) -> None:
    case, book = build_case(read_case_file(_write(tmp_path, _case_text())))
    c = criteria_for(case, book)
    assert c is not None
    assert (c.city, c.kind, c.district) == ("13102", Kind.CONDO, None)
    assert c.area == (40, 90)  # 60 m² ÷ 1.5 and × 1.5 (comparables.matching area_ratio_max)
    assert (c.since, c.until) == (Period(2023, 1), Period(2025, 1))  # 24 months before 2025-03


def test_the_basis_beside_the_market_value_is_the_engines_range(db: Path, tmp_path: Path) -> None:
    case, book = build_case(read_case_file(_write(tmp_path, _case_text())))
    found = find_comparables(case, book, db)
    assert found is not None
    assert (found.matched, len(found.sales)) == (3, 3)
    assert sorted(s.trade_price for s in found.sales) == [46_000_000, 52_000_000, 78_000_000]
    subject = subject_of(case)
    assert subject is not None
    expected = comparables_basis(subject, found.sales, case.at, load_index_table(book, case.at), book)
    v = plan(with_comparables(case, book, db), book).valuation
    assert v.comparables is not None
    b = v.comparables.basis
    assert (b.low, b.central, b.high) == (expected.low, expected.central, expected.high)
    assert (b.low, b.central, b.high) == (57_108_354, 63_319_378, 63_820_090)
    assert (str(b.confidence), len(b.used)) == ("low", 3)  # 3 = min_comps, none close (age)
    # beside, never instead of, the value entered
    assert (v.basis, v.low, v.central, v.high) == ("market_value", 19_500_000, 20_000_000, 21_500_000)


def test_plan_json_documents_the_comparables(db: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _case_text())
    code, out, err = _run(["plan", str(path), "--json", "--comps-db", str(db)], capsys)
    assert code == 0, err
    comps = json.loads(out)["valuation"]["comparables"]
    assert {"low", "central", "high", "area_m2", "confidence", "count", "matched", "excluded",
            "comparables", "steps", "notes", "rules_used", "price_index", "credit"} == set(comps)
    assert (comps["low"], comps["central"], comps["high"], comps["count"]) == (
        57_108_354, 63_319_378, 63_820_090, 3)
    assert [c["id"] for c in comps["credit"]] == ["comps.credit.download"]
    first = comps["comparables"][0]
    assert (first["trade_price"], first["adjusted_per_m2"], first["misses"]) == (
        46_000_000, 1_072_013, ["age"])
    for key in ("matched", "credit"):
        assert f"`{key}`" in (ROOT / "docs" / "plan-json.md").read_text(encoding="utf-8")


def test_no_value_given_takes_the_comparables_median(db: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _case_text(with_value=False))
    code, out, err = _run(["plan", str(path), "--json", "--comps-db", str(db)], capsys)
    assert code == 0, err
    v = json.loads(out)["valuation"]
    assert (v["basis"], v["low"], v["central"], v["high"]) == (
        "comparables", 57_108_354, 63_319_378, 63_820_090)
    assert "valuation_comps.notes.central" in [n.get("id") for n in v["notes"]]
    assert v["prices"]["normal_sale"]["price"] == 63_319_378


def test_no_value_and_no_data_is_one_bilingual_line(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _case_text(with_value=False))
    code, out, err = _run(["plan", str(path), "--json", "--comps-db", str(tmp_path / "none.db")], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    words = ("valuation", "査定額", "appraisal", "zansai comps import")
    assert [w for w in words if w not in err] == []


def test_too_few_in_the_city_says_how_to_add_data(db: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    text = _case_text().replace('municipality_code = "13102"', 'municipality_code = "13101"')
    text = text.replace('district = "月島"', 'district = "神田神保町"')
    code, out, err = _run(["plan", str(_write(tmp_path, text)), "--json", "--comps-db", str(db)], capsys)
    assert code == 0, err
    comps = json.loads(out)["valuation"]["comparables"]
    assert (comps["low"], comps["confidence"], comps["count"], comps["matched"]) == (None, "none", 0, 0)
    assert "comparables.notes.how_to_add" in [n["id"] for n in comps["notes"]]


@pytest.mark.parametrize("located", [True, False])
def test_no_database_or_no_location_is_the_plan_of_today(db: Path, tmp_path: Path, located: bool,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _case_text(located=located))
    monkeypatch.setenv("ZANSAI_NO_COMPS", "1")
    _, today, _ = _run(["plan", str(path), "--json"], capsys)
    assert "comparables" not in json.loads(today)["valuation"]
    empty = tmp_path / "empty.sqlite3"
    open_comps(empty).close()  # a database with nothing imported
    cases_only = tmp_path / "cases-only.sqlite3"
    CaseStore(cases_only).close()  # the app's database before any import: read, never written
    for other in ([str(tmp_path / "missing.db")], [str(empty)], [str(cases_only)],
                  [str(db)] if not located else []):
        if other:
            assert _run(["plan", str(path), "--json", "--comps-db", *other], capsys)[1] == today
    with sqlite3.connect(cases_only) as conn:
        assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'comps'").fetchone() is None


def test_the_default_database_is_the_apps_unless_turned_off(db: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _case_text())
    monkeypatch.setenv("ZANSAI_DB", str(db))
    monkeypatch.delenv("ZANSAI_NO_COMPS", raising=False)
    assert "comparables" in json.loads(_run(["plan", str(path), "--json"], capsys)[1])["valuation"]
    monkeypatch.setenv("ZANSAI_NO_COMPS", "1")
    assert "comparables" not in json.loads(_run(["plan", str(path), "--json"], capsys)[1])["valuation"]


def test_terminal_report_shows_the_range_and_the_credit_line(db: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["plan", str(_write(tmp_path, _case_text())), "--comps-db", str(db)], capsys)
    assert code == 0, err
    assert "取引事例: 57,108,354円〜63,820,090円（中央値 63,319,378円、3 件、信頼度 低）" in out
    assert "出典：国土交通省 不動産情報ライブラリ" in out


def test_a_database_of_another_program_is_one_bilingual_line(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    code, out, err = _run(["plan", str(_write(tmp_path, _case_text())), "--comps-db", str(other)], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "zansai のデータベースではありません" in err
