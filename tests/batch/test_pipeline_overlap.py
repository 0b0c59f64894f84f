"""The overlapped pipeline (issue 19 §3): the next chunk is read and checked while the kernel values
the current one (the kernel releases the GIL) and results are written in the background. Its files
hold exactly what valuing the chunks one after another gives, and a tape that breaks mid-stream
still stops the run with the one-line bilingual error, exit status 2 and no output file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from zansai.batch.output import errors_table
from zansai.batch.runner import Job, process, run
from zansai.batch.synthetic import write_synthetic
from zansai.batch.tablefile import steady_memory_pool
from zansai.batch.tape import read_tape
from zansai.cli import main

AT = date(2026, 12, 1)


@pytest.fixture(scope="module")
def tape(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("overlap") / "tape.parquet"
    write_synthetic(path, 2_500, seed=3, at=AT, bad_share=0.03)
    return path


def test_the_overlapped_run_writes_what_the_sequential_one_computes(tape: Path, tmp_path: Path) -> None:
    job = Job(at=AT)
    sequential = [process(chunk, job) for chunk in read_tape(tape, at=AT, chunk_rows=600)]
    out, errors = tmp_path / "r.parquet", tmp_path / "e.parquet"
    totals, _ = run(read_tape(tape, at=AT, chunk_rows=600), out, errors, job)
    want = pa.concat_tables([table for table, _, _ in sequential])
    got = pq.read_table(out)
    assert got.schema == want.schema
    assert got.equals(want)
    assert pq.read_table(errors).equals(errors_table([e for _, errs, _ in sequential for e in errs]))
    assert totals.rows == 2_500
    assert totals.invalid == sum(len(errs) for _, errs, _ in sequential) > 0


def test_the_results_are_the_same_with_any_arrow_memory_pool(tape: Path, tmp_path: Path) -> None:
    job = Job(at=AT)
    before = pa.default_memory_pool()
    try:
        pa.set_memory_pool(pa.system_memory_pool())
        run(read_tape(tape, at=AT, chunk_rows=700), tmp_path / "a.parquet", tmp_path / "a.csv", job)
        steady_memory_pool()
        run(read_tape(tape, at=AT, chunk_rows=700), tmp_path / "b.parquet", tmp_path / "b.csv", job)
    finally:
        pa.set_memory_pool(before)
    assert pq.read_table(tmp_path / "a.parquet").equals(pq.read_table(tmp_path / "b.parquet"))
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_a_tape_broken_in_a_later_chunk_stops_with_one_bilingual_line(
        tape: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "broken.csv"
    pacsv.write_csv(pq.read_table(tape), csv)
    with csv.open("a", encoding="utf-8") as fh:
        fh.write("L-extra,1\n")  # two fields where the header has many: the last chunk cannot be read
    out = tmp_path / "out" / "r.parquet"
    out.parent.mkdir()
    with pytest.raises(SystemExit) as exc:
        main(["batch", str(csv), "-o", str(out), "--at", AT.isoformat(), "--chunk-rows", "500",
              "--no-progress"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "CSV として読めません" in err[0]
    assert "cannot read the loan tape" in err[0]
    assert list(out.parent.iterdir()) == []


def test_the_kernel_is_loaded_while_the_first_chunk_is_read() -> None:
    """The runner's warm-up (``meanwhile``) runs while the reading thread holds the first chunk: the
    reader here waits for it, so a warm-up run only after the first chunk would never be seen."""
    import threading

    from zansai.batch.runner import _prefetch

    warmed = threading.Event()
    seen: list[bool] = []

    def chunks():  # type: ignore[no-untyped-def]
        seen.append(warmed.wait(timeout=10))
        yield "first"
        yield "second"

    assert list(_prefetch(chunks(), warmed.set)) == ["first", "second"]
    assert seen == [True]


def test_a_tape_whose_rows_all_fail_writes_the_full_schema_and_no_rows(tmp_path: Path) -> None:
    """The empty results table made while the first chunk is read has the columns a valued tape
    gets, so a tape whose every row fails still writes the documented schema (and no rows)."""
    bad, good = tmp_path / "bad.parquet", tmp_path / "good.parquet"
    write_synthetic(bad, 300, seed=2, at=AT, bad_share=1.0)
    write_synthetic(good, 300, seed=2, at=AT)
    totals, _ = run(read_tape(bad, at=AT, chunk_rows=100), tmp_path / "r.parquet", tmp_path / "e.csv",
                    Job(at=AT))
    run(read_tape(good, at=AT, chunk_rows=100), tmp_path / "g.parquet", tmp_path / "g.csv", Job(at=AT))
    got = pq.read_table(tmp_path / "r.parquet")
    assert totals.invalid == 300
    assert got.num_rows == 0
    assert got.schema == pq.read_table(tmp_path / "g.parquet").schema
    assert len(got.schema) == 58  # docs/batch.md: the full schema's 58 columns
