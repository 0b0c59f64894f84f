"""Fuzzing the tape reader and ``zansai batch``: no row lost, no traceback (issue 16 §5).

Small CSV tapes of valid loans (the base row of tests/batch/test_tape.py, one per row) get one to
four cells replaced by hostile values: huge, negative, float, exponent and full-width numbers,
booleans, dates out of range or invalid, text with lone surrogates, control characters, formula
prefixes and huge sizes. What must hold (docs/batch.md, "Bad rows"):

- ``read_tape``: every data row comes back either as a loan of a chunk or as an error row, once;
- ``zansai batch``: exit status 0 (all valued) or 3 (some rows failed), rows in = results + error
  rows, and the files say the same; exit 2 only for a mistake in the whole command or file, and then
  nothing is written. Never a traceback.

``ZANSAI_FUZZ_SCALE=10`` multiplies the examples (profiles in tests/conftest.py).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from zansai.batch.tape import COLUMNS, read_tape
from zansai.cli import main
from zansai.errors import InputError

AT = date(2026, 12, 1)
SCALE = int(os.environ.get("ZANSAI_FUZZ_SCALE", "1"))
_OFF = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
READ = settings(max_examples=settings.default.max_examples * SCALE, deadline=None,
                suppress_health_check=_OFF)
FUZZ = settings(max_examples=max(5, settings.default.max_examples // 3) * SCALE, deadline=None,
                suppress_health_check=_OFF)  # a run of the command; the first one compiles the kernel
BASE = {"loan_id": "L1", "principal": "30000000", "rate": "1.25", "term_months": "420",
        "start_month": "2012-05", "payment_day": "27", "collateral_value": "20000000"}
NAMES = [c if isinstance(c, str) else c.name for c in COLUMNS]

class Huge(str):
    """A long cell that hypothesis reports by its length, not its 200,000 characters."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{self[:1]!r} * {len(self)}"


CELLS = st.one_of(
    st.integers().map(str),
    st.sampled_from(["9" * 5000, "-1", "0", "1e300", "1e-300", "NaN", "inf", "3.5", "-0.0",
                     "３０００万", "１２３", "true", "False", "", " ", "0x1F", "1_000", "1,000"]),
    st.floats().map(str),
    st.sampled_from(["9999-12-31", "0000-01-01", "2025-02-30", "2025-13", "1899-12", "2201-01",
                     "２０２５-０１", "2025/01/01", "-2025-01-01", "2025-01-01T00:00"]),
    st.dates().map(date.isoformat),
    st.text(alphabet=st.characters(categories=["Cc", "Cs", "Zl", "Zp", "Cf"]), min_size=1,
            max_size=4),
    st.sampled_from(["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t1", "\r1", '"', "\"\"\"", ",", "\n"]),
    st.integers(1_000, 200_000).map(lambda n: Huge("x" * n)),
    st.text(max_size=20),
)


@st.composite
def tapes(draw: st.DrawFn) -> list[dict[str, str]]:
    """Two to six valid loans, one to four of whose cells are replaced (any column of the tape)."""
    rows = [dict(BASE, loan_id=f"L{i}") for i in range(draw(st.integers(2, 6)))]
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.sampled_from(rows))
        row[draw(st.sampled_from(NAMES))] = draw(CELLS)
    return rows


def write_tape(path: Path, rows: list[dict[str, str]]) -> Path:
    """The rows as CSV; a cell UTF-8 cannot hold (a lone surrogate) is written as its bytes."""
    names = list(dict.fromkeys(itertools.chain.from_iterable(rows)))
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(text.getvalue().encode("utf-8", errors="surrogatepass"))
    return path


_names = itertools.count()


@READ
@given(rows=tapes())
def test_read_tape_loses_no_row(rows: list[dict[str, str]], tmp_path: Path) -> None:
    """Each data row is a loan of a chunk or an error row, exactly once (or the file is refused)."""
    tape = write_tape(tmp_path / f"tape{next(_names)}.csv", rows)
    try:
        chunks = list(read_tape(tape, at=AT, chunk_rows=3))
    except InputError:
        event("refused")  # the file as a whole (a column name, its encoding): a user's mistake
        return
    valued = [int(r) for chunk in chunks for r in chunk.row]
    failed = [e.row for chunk in chunks for e in chunk.errors]
    event(f"{len(failed)} failed")
    assert sorted(valued + failed) == list(range(1, len(rows) + 1))


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _data_rows(path: Path) -> pa.Table:
    """The CSV file's rows (pyarrow: a refused 200,000-character cell is echoed in the errors file,
    past the csv module's field limit)."""
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={"row": pa.int64()}, strings_can_be_null=False))


@pytest.mark.slow
@FUZZ
@given(rows=tapes())
def test_batch_rows_in_equal_results_plus_errors(rows: list[dict[str, str]], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    run_dir = tmp_path / f"run{next(_names)}"
    run_dir.mkdir()
    tape = write_tape(run_dir / "tape.csv", rows)
    out, errors = run_dir / "out.csv", run_dir / "out.errors.csv"
    code, stdout, stderr = _cli(["batch", str(tape), "-o", str(out), "--at", AT.isoformat(),
                                 "--json", "--no-progress"], capsys)
    assert "Traceback" not in stdout + stderr
    assert code in (0, 2, 3), stderr[-2000:]
    event(f"exit {code}")
    if code == 2:  # the file as a whole refused: one line, nothing written
        assert stdout == ""
        assert len(stderr.splitlines()) == 1, stderr
        assert sorted(p.name for p in run_dir.iterdir()) == ["tape.csv"]
        return
    summary = json.loads(stdout)
    assert summary["rows"] == len(rows)
    assert summary["valued"] + summary["failed"] == len(rows)
    assert code == (3 if summary["failed"] else 0)
    assert _data_rows(out).num_rows == summary["valued"]
    failed_rows = set(_data_rows(errors).column("row").to_pylist()) if errors.exists() else set()
    assert len(failed_rows) == summary["failed"]
