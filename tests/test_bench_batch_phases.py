"""bench/batch_phases.py: the composite floor of the `zansai batch` row, from each stage's CPU."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def phases() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("batch_phases")
    finally:
        sys.path.remove(str(BENCH))


def test_the_floor_is_start_up_plus_the_cpu_shared_over_the_cores(phases: ModuleType) -> None:
    p = phases.Phases(cores=2, startup=0.6)
    p.cpu.update(read=0.4, checks=0.5, matrix=0.2, kernel=2.6, table=0.1, write=1.8)
    assert p.floor == pytest.approx(0.6 + 5.6 / 2)


def test_the_one_thread_write_is_a_floor_of_its_own(phases: ModuleType) -> None:
    """With little else to do, the Parquet write (one thread in pyarrow) bounds the run."""
    p = phases.Phases(cores=2, startup=0.5)
    p.cpu.update(read=0.1, checks=0.1, matrix=0.1, kernel=0.3, table=0.1, write=1.8)
    assert p.floor == pytest.approx(0.5 + 1.8)


def test_the_record_carries_every_stage(phases: ModuleType, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    records = tmp_path / "records.jsonl"
    monkeypatch.setenv("ZANSAI_BENCH_RECORDS", str(records))
    p = phases.Phases(loans=1_000, cores=2, startup=0.5)
    p.cpu.update(read=0.1, checks=0.2, matrix=0.1, kernel=1.0, table=0.1, write=0.4)
    phases.record(p)
    rec = json.loads(records.read_text(encoding="utf-8"))
    assert rec["key"] == "batch_floor_s"
    assert rec["value"] == pytest.approx(0.5 + 1.9 / 2)
    assert rec["kernel_cpu_s"] == 1.0
    assert rec["write_cpu_s"] == 0.4


@pytest.mark.batch
def test_the_stages_run_on_a_small_tape(phases: ModuleType, tmp_path: Path) -> None:
    """Every stage is timed on every chunk (a tape of 2,500 rows in chunks of 1,000: three)."""
    from zansai.batch.synthetic import write_synthetic

    tape = tmp_path / "tape.parquet"
    write_synthetic(tape, 2_500, seed=0, at=date(2026, 12, 1))
    p = phases.Phases()
    phases._pipeline(tape, 1_000, tmp_path / "out.parquet", p)
    assert p.loans == 2_500
    assert all(p.cpu[s] > 0 for s in ("read", "checks", "write"))
    assert p.wall["kernel"] > 0
