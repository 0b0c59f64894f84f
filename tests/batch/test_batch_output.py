"""The results file's options: the lean schema, the Parquet codec, the progress bar, and the
results table built over the kernel's own columns (issue 19 §3).

The full schema stays the default and the documented one (docs/batch.md); the lean one is a
subset of it with the very same values; every codec stores the same table.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zansai.batch import layout as F
from zansai.batch.output import LEAN, column, results_table
from zansai.batch.runner import Job, setup_for
from zansai.batch.synthetic import write_synthetic
from zansai.batch.tape import read_tape
from zansai.batch.value import value
from zansai.cli import main

AT = date(2026, 12, 1)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "batch.md"


def _cli(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.fixture(scope="module")
def tape(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tape") / "tape.parquet"
    write_synthetic(path, 1_500, seed=11, at=AT, bad_share=0.03)
    return path


def _batch(tape: Path, out: Path, *extra: str) -> dict[str, object]:
    code = _cli(["batch", str(tape), "-o", str(out), "--at", AT.isoformat(), "--json", *extra])
    assert code in (0, 3)
    return {"code": code}


def test_lean_schema_is_the_full_one_cut_down(tape: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    full, lean = tmp_path / "full.parquet", tmp_path / "lean.parquet"
    _batch(tape, full)
    s_full = json.loads(capsys.readouterr().out)
    _batch(tape, lean, "--columns", "lean")
    s_lean = json.loads(capsys.readouterr().out)
    a, b = pq.read_table(full), pq.read_table(lean)
    assert b.column_names == [c for c in a.column_names if c in LEAN]
    assert b.column_names[:6] == ["row", "loan_id", "region", "balance", "owed", "late_charges"]
    assert "auction_court_pv" in b.column_names
    assert "auction_court_price" not in b.column_names
    assert b.num_columns == 22
    assert a.num_columns == 58
    assert b.equals(a.select(b.column_names))
    s_full.pop("seconds"), s_lean.pop("seconds")
    s_full.pop("loans_per_second"), s_lean.pop("loans_per_second")
    s_full.pop("out"), s_lean.pop("out")
    s_full.pop("errors"), s_lean.pop("errors")
    assert s_full == s_lean  # the summary does not depend on the schema written


def test_full_schema_is_the_documented_default(tape: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    _batch(tape, out)
    names = pq.read_schema(out).names
    docs = DOCS.read_text(encoding="utf-8")
    for name in ("balance", "owed", "late_charges", "acceleration", "best_exit", "best_loss"):
        assert f"`{name}`" in docs
        assert name in names
    assert "`--columns lean`" in docs
    assert "`--compression`" in docs
    for suffix in ("price", "costs", "claim", "late_charges", "recovery", "loss", "completion", "days",
                   "feasible", "pv", "remaining_debt"):
        assert f"auction_court_{suffix}" in names


@pytest.mark.parametrize("codec", ["lz4", "snappy", "none"])
def test_every_codec_stores_the_same_table(tape: Path, tmp_path: Path, codec: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    ref, out = tmp_path / "zstd.parquet", tmp_path / f"{codec}.parquet"
    _batch(tape, ref)
    _batch(tape, out, "--compression", codec)
    capsys.readouterr()
    assert pq.ParquetFile(out).metadata.row_group(0).column(3).compression == codec.upper().replace(
        "NONE", "UNCOMPRESSED")
    assert pq.ParquetFile(ref).metadata.row_group(0).column(3).compression == "ZSTD"
    assert pq.read_table(out).equals(pq.read_table(ref))


def test_an_unknown_codec_or_schema_is_refused(tape: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.parquet"
    assert _cli(["batch", str(tape), "-o", str(out), "--at", AT.isoformat(), "--compression", "gzip9"]) == 2
    assert _cli(["batch", str(tape), "-o", str(out), "--at", AT.isoformat(), "--columns", "some"]) == 2
    assert not out.exists()


def test_progress_only_when_asked_or_on_a_terminal(tape: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _batch(tape, tmp_path / "quiet.parquet")
    assert "rows/s" not in capsys.readouterr().err  # stderr is not a terminal: quiet by default
    _batch(tape, tmp_path / "bar.parquet", "--progress")
    err = capsys.readouterr().err
    assert "rows/s" in err
    assert "1500/1500" in err
    _batch(tape, tmp_path / "none.parquet", "--no-progress")
    assert "rows/s" not in capsys.readouterr().err


def test_results_wrap_the_kernels_columns_without_a_copy(tape: Path) -> None:
    chunk = next(iter(read_tape(tape, at=AT)))
    v = value(chunk, setup_for(Job(at=AT)))
    idx, out = v.valued_columns()
    table = results_table(v, 0)
    balance = table.column("balance").chunk(0)
    assert balance.buffers()[1].address == out[F.O_BALANCE].ctypes.data  # the kernel's memory, not a copy
    assert table.column("balance").to_pylist() == out[F.O_BALANCE].tolist()
    assert isinstance(chunk.loan_id, pa.Array)
    assert table.column("loan_id").type == pa.string()
    assert table.column("loan_id").to_pylist() == chunk.loan_id.take(pa.array(idx)).to_pylist()
    x = np.arange(5, dtype=np.int64)
    assert column(x).buffers()[1].address == x.ctypes.data
