"""``zansai batch`` without silent wrong answers (issue 16 §3, §4): contradictory options, an output
format that is said or known, dates held to the tape's 1900–2200 bounds, and CSV files that a
spreadsheet cannot run as formulas (OWASP, CSV injection: a quote before =, +, -, @, tab, CR)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zansai.batch.synthetic import write_synthetic
from zansai.cli import main

AT = date(2026, 12, 1)
PAYLOAD = "=cmd|' /C calc'!A0"


def _cli(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.fixture(scope="module")
def tape(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 30-row CSV tape; row 1's loan_id is the payload, row 2 has a formula as its principal."""
    folder = tmp_path_factory.mktemp("silent")
    plain = folder / "plain.csv"
    write_synthetic(plain, 30, seed=7, at=AT)
    with plain.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["loan_id"] = PAYLOAD
    rows[1]["loan_id"] = "@SUM(A1)"
    rows[1]["principal"] = "=1+1"
    rows[2]["loan_id"] = "-42"  # a number as text: not a formula, left alone
    path = folder / "tape.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_formula_cells_are_quoted_in_the_results_and_errors(tape: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert _cli(["batch", str(tape), "-o", str(out), "--at", AT.isoformat(), "--no-progress"]) == 3
    with out.open(encoding="utf-8", newline="") as f:
        results = list(csv.DictReader(f))
    ids = [r["loan_id"] for r in results]
    assert ids[0] == "'" + PAYLOAD
    assert "-42" in ids
    assert not any(i.startswith(("=", "+", "@")) for i in ids)
    with (tmp_path / "out.errors.csv").open(encoding="utf-8", newline="") as f:
        errors = list(csv.DictReader(f))
    assert [(e["row"], e["loan_id"], e["column"], e["value"]) for e in errors] == [
        ("2", "'@SUM(A1)", "principal", "'=1+1")]
    # numbers are never altered: the same run to Parquet has the very same figures
    parquet = tmp_path / "out.parquet"
    assert _cli(["batch", str(tape), "-o", str(parquet), "--at", AT.isoformat(), "--no-progress"]) == 3
    table = pq.read_table(parquet)
    for name in ("row", "best_recovery", "auction_court_claim"):
        assert [int(r[name]) for r in results] == table.column(name).to_pylist()
    assert table.column("loan_id")[0].as_py() == PAYLOAD  # Parquet is typed data: kept as it was


def test_the_escaping_is_the_same_in_python_and_in_pyarrow() -> None:
    from zansai.batch.tablefile import spreadsheet_safe
    from zansai.csvsafe import escape_cell

    cells = [PAYLOAD, "+1", "-5", "-1,200", "+3.5%", "-x", "@a", "\tb", "\rc", "ok", "a=b", "-", "-5\n=1", ""]
    table = pa.table({"text": cells, "yen": list(range(-7, 7))})
    safe = spreadsheet_safe(table)
    assert safe.column("text").to_pylist() == [escape_cell(c) for c in cells]
    assert safe.column("text").to_pylist()[:2] == ["'" + PAYLOAD, "+1"]
    assert safe.column("yen").equals(table.column("yen"))


@pytest.mark.parametrize(("args", "field"), [
    (["--synthetic", "10"], "--synthetic"),         # TAPE and --synthetic: which one?
    (["-o", "OUT.txt"], "--out"),                   # no known suffix, no --format
    (["-o", "OUT.csv", "--format", "parquet"], "--out"),  # a suffix that says otherwise
    (["--at", "9999-12-31"], "--at"),               # beyond the tape's dates (2200-12-31)
    (["--at", "1899-12-31"], "--at"),
    (["--sale-date", "2201-01-01"], "--sale-date"),
    (["--errors", "ERR.txt"], "--errors"),
])
def test_contradictions_and_unbounded_dates_are_refused(
        tape: Path, tmp_path: Path, args: list[str], field: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = [a.replace("OUT", str(tmp_path / "out")).replace("ERR", str(tmp_path / "err")) for a in args]
    if "-o" not in args:
        args += ["-o", str(tmp_path / "out.csv")]
    assert _cli(["batch", str(tape), *args, "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert field in err
    assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())  # nothing written


def test_format_makes_an_unknown_suffix_explicit(tape: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.txt"
    assert _cli(["batch", str(tape), "-o", str(out), "--format", "parquet", "--at", AT.isoformat(),
                 "--no-progress"]) == 3
    assert pq.read_table(out).num_rows == 29
    assert _cli(["batch", str(tape), "-o", str(tmp_path / "r.txt"), "--format", "csv", "--at", "2200-12-31",
                 "--no-progress"]) in (0, 3)
    with (tmp_path / "r.txt").open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f))[:2] == ["row", "loan_id"]
