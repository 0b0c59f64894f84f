"""``zansai comps import`` and ``zansai comps query`` (docs/comps.md; credit lines:
docs/sources/mlit-comps.md §4, §5)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from zansai.cli import app, main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "comps"
SOURCE_LINE = "出典：国土交通省 不動産情報ライブラリ（https://www.reinfolib.mlit.go.jp/）"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cases.sqlite3")
    code, out, _ = run(["comps", "import", str(FIXTURES / "tokyo-cp932.csv"), "--db", path], capsys)
    assert code == 0
    assert "10件の取引事例を取り込みました（tokyo-cp932.csv" in out
    assert "imported 10 comparable sales" in out
    return path


def test_a_bad_row_is_exit_2_with_one_bilingual_line_and_nothing_written(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["comps", "import", str(FIXTURES / "bad-row.csv"), "--db", db], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("エラー: 6行目の「面積（㎡）」の値「65平米」は読めません")
    assert "error: row 6, column 「面積（㎡）」: 「65平米」 cannot be read" in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM comps").fetchone()[0] == 10
        assert conn.execute("SELECT count(*) FROM comps_imports").fetchone()[0] == 1


def test_a_wrong_header_is_exit_2_naming_the_column(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["comps", "import", str(FIXTURES / "wrong-header.csv"), "--db", db], capsys)
    assert code == 2
    assert "列「取引時点」" in err
    assert "column 「取引時点」" in err


def test_a_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["comps", "import", str(tmp_path / "none.csv"), "--db", str(tmp_path / "d")], capsys)
    assert code == 2
    assert "none.csv を読めません" in err


def test_reimport_says_so(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["comps", "import", str(FIXTURES / "tokyo-cp932.csv"), "--db", db, "--json"], capsys)
    assert code == 0
    assert json.loads(out)["already_imported"] is True
    assert json.loads(out)["rows"] == 10


def test_query_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "comps",
            "query",
            "--city",
            "13102",
            "--kind",
            "condo",
            "--area",
            "50-80",
            "--age",
            "0-40",
            "--on",
            "2025-01-01",
            "--from",
            "2024Q1",
            "--to",
            "2024Q4",
            "--json",
            "--db",
            db,
        ],
        capsys,
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["criteria"]["area_m2"] == ["50", "80"]
    assert doc["criteria"]["from"] == "2024Q1"
    assert doc["total"] == doc["shown"] == 2
    first, second = doc["comparables"]
    assert (first["district"], first["trade_price"], first["area_m2"], first["price_per_m2"]) == (
        "月島",
        52_000_000,
        "65",
        800_000,
    )
    assert (second["trade_price"], second["building_year"], second["building_year_raw"]) == (
        78_000_000,
        1990,
        "平成2年",
    )
    assert second["station_minutes"] == {"raw": "30分～60分", "min": 30, "max": 60}
    assert second["price_class"] == "contract"
    assert second["period"] == "2024Q3"
    assert doc["credit"][0]["ja"].startswith(SOURCE_LINE)


def test_query_table_shows_the_credit_line(db: str) -> None:
    result = CliRunner().invoke(
        app, ["comps", "query", "--city", "13102", "--kind", "land", "--db", db], terminal_width=120
    )
    assert result.exit_code == 0, result.output
    assert "3,000,000,000" in result.output
    assert "2000+" in result.output
    assert SOURCE_LINE in result.output.replace("\n", "")


def test_an_80_column_terminal_keeps_the_district_column(db: str) -> None:
    """The only wrapping columns (district, walking time) keep a width on a standard terminal, so
    the district is not squeezed to nothing by the figures."""
    result = CliRunner().invoke(app, ["comps", "query", "--city", "13102", "--db", db],
                                env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    for word in ("地区", "月島", "晴海"):
        assert word in result.output
    assert max(len(line) for line in result.output.splitlines() if line.startswith("│")) <= 80


def test_query_with_nothing_imported_says_how_to_add_data(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["comps", "query", "--city", "13102", "--db", str(tmp_path / "d")], terminal_width=200
    )
    assert result.exit_code == 0
    assert "zansai comps import" in result.output
    assert SOURCE_LINE in result.output


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--city", "1310"], "--city の値 1310"),
        (["--city", "13102", "--kind", "house"], "--kind の値 house"),
        (["--city", "13102", "--area", "80-50"], "--area の値 80-50"),
        (["--city", "13102", "--area", "abc"], "--area の値 abc"),
        (["--city", "13102", "--age", "0-2.5"], "--age の値 0-2.5"),
        (["--city", "13102", "--from", "2024-4"], "--from の値 2024-4"),
        (["--city", "13102", "--from", "2024Q4", "--to", "2024Q1"], "--from"),
        (["--city", "13102", "--structure", "brick"], "--structure の値 brick"),
        (["--city", "13102", "--limit", "0"], "--limit の値 0"),
    ],
)
def test_bad_query_options_are_exit_2(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], named: str
) -> None:
    code, out, err = run(["comps", "query", *args, "--db", db], capsys)
    assert code == 2
    assert out == ""
    assert named in err
    assert err.count("\n") == 1
