"""Results arrays reused between chunks (issue 19 §3): the results file holds exactly what fresh
arrays give, even when the background writer is slow; a ring too short would not (the check can fail)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zansai.batch import runner
from zansai.batch.runner import Job, process, run
from zansai.batch.synthetic import write_synthetic
from zansai.batch.tablefile import TableWriter
from zansai.batch.tape import read_tape
from zansai.batch.value import Buffers

pytestmark = pytest.mark.batch

AT = date(2026, 12, 1)


@pytest.fixture(scope="module")
def tape(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reuse") / "tape.parquet"
    write_synthetic(path, 2_000, seed=5, at=AT, bad_share=0.03)
    return path


@pytest.fixture
def slow_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer starts each table late, while the next chunks are being valued."""
    original = TableWriter._write

    def late(self: TableWriter, table: pa.Table) -> None:
        time.sleep(0.05)
        original(self, table)

    monkeypatch.setattr(TableWriter, "_write", late)


def _fresh(tape: Path, job: Job) -> pa.Table:
    return pa.concat_tables([process(chunk, job)[0] for chunk in read_tape(tape, at=AT, chunk_rows=400)])


@pytest.mark.usefixtures("slow_writer")
def test_reused_arrays_write_what_fresh_ones_give(tape: Path, tmp_path: Path) -> None:
    job = Job(at=AT)
    run(read_tape(tape, at=AT, chunk_rows=400), tmp_path / "r.parquet", tmp_path / "e.csv", job)
    got = pq.read_table(tmp_path / "r.parquet")
    assert got.num_rows > 1_500
    assert got.equals(_fresh(tape, job))


@pytest.mark.usefixtures("slow_writer")
def test_a_ring_of_one_would_overwrite_a_table_still_waiting(tape: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "Buffers", lambda slots: Buffers(1))
    job = Job(at=AT)
    run(read_tape(tape, at=AT, chunk_rows=400), tmp_path / "r.parquet", tmp_path / "e.csv", job)
    assert not pq.read_table(tmp_path / "r.parquet").equals(_fresh(tape, job))


def test_a_slot_is_cleared_and_reshaped_on_reuse() -> None:
    buffers = Buffers(2)
    buffers.next()
    first: Any = buffers.array("out", (3, 4), order="F")
    first[:] = 7
    buffers.next()
    second = buffers.array("out", (3, 4), order="F")
    assert not np.shares_memory(first, second)
    buffers.next()
    again = buffers.array("out", (2, 4), order="F")
    assert np.shares_memory(first, again)
    assert again.shape == (2, 4)
    assert again.flags.f_contiguous
    assert not again.any()
