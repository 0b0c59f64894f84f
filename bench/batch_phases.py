"""Where `zansai batch`'s time goes, stage by stage, and the floor that follows (issue 19 §3).

The stages of ``batch.runner`` run here one after another on the same tape, each timed for wall and
for CPU (the process's CPU, so the kernel's Numba threads count): reading the Parquet tape, the tape
checks, the loan matrix, the kernel, the results table (and totals) and the Parquet write. In the
real run they overlap (the next chunk is read and checked in a thread, the kernel runs on every
core, the results are written in a thread), so no run can beat

    floor = start-up + max(Σ stage CPU ÷ cores, the Parquet write's CPU)

* start-up: Python and the batch modules' imports, before the tape can be opened (measured as a
  process of its own);
* Σ stage CPU ÷ cores: every stage's CPU shared perfectly over the cores;
* the Parquet write: pyarrow encodes and compresses a file on one thread (its writer has no
  ``use_threads``), so that stage alone is a floor of its own whatever the other core does.

Each stage's CPU is what the current code spends (the floor of this implementation, not of the
problem). ``portfolio.py`` calls :func:`measure` for the summary's ``zansai batch`` row; run alone::

    .venv/bin/python bench/batch_phases.py TAPE.parquet [--chunk-rows N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from record import emit

AT = date(2026, 12, 1)
STAGES = ("read", "checks", "matrix", "kernel", "table", "write")
IMPORTS = "import zansai.cli.batch, zansai.batch.runner, zansai.batch.tape"


@dataclass
class Phases:
    """Wall and process-CPU seconds per stage (summed over the chunks), and the start-up."""

    loans: int = 0
    cores: int = field(default_factory=lambda: os.cpu_count() or 1)
    wall: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    startup: float = 0.0

    def time(self, stage: str, fn: Callable[[], Any]) -> Any:
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        self.wall[stage] += time.perf_counter() - w
        self.cpu[stage] += time.process_time() - c
        return out

    @property
    def shared(self) -> float:
        return sum(self.cpu.values()) / self.cores

    @property
    def floor(self) -> float:
        return self.startup + max(self.shared, self.cpu["write"])

    def note(self) -> str:
        stages = ", ".join(f"{s} {self.cpu[s]:.2f}" for s in STAGES)
        return (f"start-up {self.startup:.2f} s + max(Σ CPU {sum(self.cpu.values()):.2f} s ÷ {self.cores} "
                f"cores, the one-thread Parquet write {self.cpu['write']:.2f} s); CPU-s by stage: {stages}")


def _pipeline(tape: Path, chunk_rows: int, out: Path, phases: Phases, limit: int | None = None) -> None:
    """The batch pipeline's stages one after another on ``tape`` (``limit``: stop after that many
    chunks), written to ``out`` with the batch's writer."""
    from zansai.batch.output import Totals, errors_of, exit_names, results_table
    from zansai.batch.params import day
    from zansai.batch.tablefile import TableWriter, steady_memory_pool
    from zansai.batch.tape import read as tape_read
    from zansai.batch.tape.assemble import Checker
    from zansai.batch.value import Setup, loans_matrix, value
    from zansai.outfile import Outputs
    from zansai.rules import RuleBook

    steady_memory_pool()
    known, _ = tape_read.tape_columns(tape)
    checker = Checker(at=AT, sale_date=AT, book=RuleBook.default())
    setup = Setup.create(AT)
    parquet = tape_read._parquet_batches(tape, known, chunk_rows)  # as read_tape streams it
    batches: Iterator[Any] = tape_read.rebatch(parquet, chunk_rows)
    first, chunks, result = 1, 0, None
    matrix_again = Phases()  # value() builds the loan matrix again: taken off the kernel's figure
    with Outputs() as outputs:
        writer = TableWriter(outputs.add("--out", out), "parquet")
        while limit is None or chunks < limit:
            table = phases.time("read", lambda: next(batches, None))
            if table is None:
                break
            chunk = phases.time("checks", lambda t=table, f=first: checker.check(t, f))
            first += chunk.rows_read
            phases.loans += chunk.rows_read
            phases.time("matrix", lambda c=chunk: loans_matrix(c, setup))
            matrix_again.time("matrix", lambda c=chunk: loans_matrix(c, setup))
            v = phases.time("kernel", lambda c=chunk: value(c, setup))
            result = phases.time("table", lambda v=v: (results_table(v, day(AT), "full", exit_names()),
                                                       errors_of(v), Totals().add_chunk(v)))
            phases.time("write", lambda r=result: writer.write(r[0]))
            chunks += 1
        phases.time("write", lambda: writer.close(result[0].slice(0, 0) if result else None))
        outputs.commit()
    phases.wall["kernel"] -= matrix_again.wall["matrix"]
    phases.cpu["kernel"] -= matrix_again.cpu["matrix"]


def startup_seconds(repeats: int = 3) -> float:
    """Python plus the batch modules' imports, as a fresh process (best of ``repeats``)."""
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", IMPORTS], check=True)
        best = min(best, time.perf_counter() - t)
    return best


def measure(tape: Path, chunk_rows: int = 200_000) -> Phases:
    """The stages of one run on ``tape`` (after one untimed chunk: rule tables, Numba's cache)."""
    with tempfile.TemporaryDirectory(prefix="zansai-phases-") as tmp:
        _pipeline(tape, min(chunk_rows, 1_000), Path(tmp) / "warm.parquet", Phases(), limit=1)
        phases = Phases()
        _pipeline(tape, chunk_rows, Path(tmp) / "out.parquet", phases)
    phases.startup = startup_seconds()
    return phases


def record(phases: Phases) -> None:
    """The summary's record: the composite floor of the ``zansai batch`` row, stages as fields."""
    emit("batch_floor_s", phases.floor, "s", f"{phases.loans:,} loans; {phases.note()}", loans=phases.loans,
         cores=phases.cores, startup_s=phases.startup,
         **{f"{s}_cpu_s": round(phases.cpu[s], 3) for s in STAGES},
         **{f"{s}_wall_s": round(phases.wall[s], 3) for s in STAGES})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tape", type=Path)
    ap.add_argument("--chunk-rows", type=int, default=200_000)
    args = ap.parse_args()
    phases = measure(args.tape, args.chunk_rows)
    print(f"{phases.loans:,} loans, chunks of {args.chunk_rows:,}")
    print(f"{'stage':8} {'wall s':>8} {'CPU s':>8}")
    for s in STAGES:
        print(f"{s:8} {phases.wall[s]:8.3f} {phases.cpu[s]:8.3f}")
    print(f"{'sum':8} {sum(phases.wall.values()):8.3f} {sum(phases.cpu.values()):8.3f}")
    print(f"start-up (python + imports) {phases.startup:.3f} s")
    print(f"floor {phases.floor:.3f} s = {phases.note()}")
    record(phases)


if __name__ == "__main__":
    main()
