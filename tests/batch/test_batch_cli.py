"""``zansai batch`` end to end: synthetic tape, valuation, errors file, exit status, Dask (issue 6).

The results are compared loan by loan with the kernel's own valuation of the same chunks, the
errors file is checked row by row, and the Dask run must write the very same table.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from zansai.batch.runner import Job, run
from zansai.batch.synthetic import write_synthetic
from zansai.batch.tape import read_tape
from zansai.cli import main

AT = date(2026, 12, 1)


def _cli(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.fixture(scope="module")
def tape(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tape") / "tape.parquet"
    write_synthetic(path, 3_000, seed=5, at=AT, bad_share=0.02)
    return path


def test_synthetic_then_batch_gives_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's done-when: --synthetic N, then TAPE -o OUT prints the portfolio summary."""
    tape = tmp_path / "tape.parquet"
    assert _cli(["batch", "--synthetic", "2000", "-o", str(tape), "--at", AT.isoformat()]) == 0
    assert "2,000" in capsys.readouterr().out
    out = tmp_path / "out.parquet"
    code = _cli(["batch", str(tape), "-o", str(out), "--at", AT.isoformat(), "--json", "--no-progress"])
    summary = json.loads(capsys.readouterr().out)
    assert code == (3 if summary["failed"] else 0)
    assert summary["rows"] == 2000
    table = pq.read_table(out)
    assert table.num_rows == summary["valued"] == 2000 - summary["failed"]
    assert summary["valued"] > 1900
    recovery = sum(table.column("best_recovery").to_pylist())
    assert recovery == summary["best"]["recovery"]
    # every loan's recovery is what its best exit recovers, and no exit recovers more than its claim
    for name in ("normal_sale", "short_sale", "dealer_purchase", "auction_court"):
        claims = table.column(f"{name}_claim").to_pylist()
        rec = table.column(f"{name}_recovery").to_pylist()
        assert all(0 <= r <= c for r, c in zip(rec, claims, strict=True))


def test_bad_rows_go_to_the_errors_file_with_row_numbers(tape: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    code = _cli(["batch", str(tape), "-o", str(out), "--at", AT.isoformat(), "--json", "--no-progress",
                 "--chunk-rows", "700"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 3
    errors = pacsv.read_csv(tmp_path / "out.errors.csv").to_pylist()
    assert len(errors) == summary["failed"] >= 40  # 2% of 3,000 deliberately bad rows
    rows = [e["row"] for e in errors]
    assert rows == sorted(rows)
    assert all(e["message_ja"] and e["message_en"] for e in errors)
    valued = pacsv.read_csv(out).column("row").to_pylist()
    assert not set(valued) & set(rows)
    assert len(valued) + len(rows) == 3_000  # nothing dropped silently


@pytest.mark.slow
def test_dask_local_cluster_writes_the_same_table(tape: Path, tmp_path: Path) -> None:
    """The same job on a Dask LocalCluster (2 workers) gives the identical table, Monte Carlo included."""
    job = Job(at=AT, scenarios=20, seed=3, volatility=100_000, delay_months=2, discount=30_000)
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    t1, _ = run(read_tape(tape, at=AT, chunk_rows=1_000), one, tmp_path / "one.errors.csv", job)
    t2, _ = run(read_tape(tape, at=AT, chunk_rows=700), two, tmp_path / "two.errors.csv", job,
                dask="local", workers=2)
    assert pq.read_table(one).equals(pq.read_table(two))
    assert t1.to_dict() == t2.to_dict()
    assert t1.percentiles() is not None


def test_user_mistakes_are_one_line_and_write_nothing(tape: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.parquet"
    assert _cli(["batch", str(tape), "-o", str(out), "--discount-rate", "abc"]) == 2
    assert "--discount-rate" in capsys.readouterr().err
    assert _cli(["batch", str(tmp_path / "missing.parquet"), "-o", str(out)]) == 2
    assert _cli(["batch", str(tape), "-o", str(tmp_path / "no" / "out.parquet")]) == 2
    assert not out.exists()
    assert not list(tmp_path.glob(".*.part"))


def test_exits_are_named_by_the_engines_keys_and_the_old_names_are_an_alias(
        tape: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The auction is ``auction_court`` as in the plan's JSON (model.keys.ExitKey); for one release
    ``--legacy-exit-names`` writes the old ``auction`` names, with the very same figures."""
    from zansai.model.keys import ExitKey

    new, old = tmp_path / "new.parquet", tmp_path / "old.parquet"
    args = ["--at", AT.isoformat(), "--json", "--no-progress"]
    _cli(["batch", str(tape), "-o", str(new), *args])
    summary = json.loads(capsys.readouterr().out)
    _cli(["batch", str(tape), "-o", str(old), *args, "--legacy-exit-names"])
    legacy = json.loads(capsys.readouterr().out)
    engine_keys = [ExitKey.NORMAL_SALE, ExitKey.SHORT_SALE, ExitKey.DEALER_PURCHASE, ExitKey.AUCTION_COURT]
    assert list(summary["exits"]) == [k.value for k in engine_keys]
    assert list(legacy["exits"]) == ["normal_sale", "short_sale", "dealer_purchase", "auction"]
    assert list(legacy["exits"].values()) == list(summary["exits"].values())
    a, b = pq.read_table(new), pq.read_table(old)
    renamed = [c.replace("auction_court_", "auction_") for c in a.column_names]
    assert b.column_names == renamed
    assert "auction_court_recovery" in a.column_names
    assert set(a.column("best_exit").to_pylist()) <= {k.value for k in engine_keys}
    assert a.column("best_exit").to_pylist() == [
        "auction_court" if x == "auction" else x for x in b.column("best_exit").to_pylist()]
    assert a.rename_columns(renamed).drop(["best_exit"]).equals(b.drop(["best_exit"]))
