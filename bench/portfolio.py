"""Portfolio mode: loans per second, next to the peers, in one table (issue 6 §6).

A synthetic tape of N loans (default 1,000,000) is written once. Then, on the same loans:

* zansai kernel, deterministic: the exact balance, the amount owed with late charges and the four
  exits (price, costs, 配分表, recovery, PV) per loan, in memory, one process (Numba threads);
* the same with Monte Carlo (100 scenarios per loan);
* ``zansai batch TAPE -o OUT`` as a process: read, value, write Parquet; its peak resident memory;
* the same with ``--columns lean`` and with ``--compression lz4``;
* the same job on a Dask LocalCluster with 2 workers, started apart (results compared with the
  one-process run; the note says from which tape length several machines would pay);
* numpy-financial and pyxirr: float balance only (``fv`` after the payments due), vectorized;
* floors: the exact floored balance alone (``balance_floor.py``), as a scalar loop and in lockstep
  over 64 loans;
* Parquet alone (pyarrow): read the tape and write the results table, the I/O floor of the batch;
* the batch's stages one after another (``batch_phases.py``: read, checks, loan matrix, kernel,
  results table, write), wall and CPU each, and the composite floor they give the batch row;
* mortgagemath: an exact schedule per loan (Decimal), on a sample, per loan;
* zansai's own single-case engine in a plain per-loan loop, on a sample.

Run from the repository root (peers come from the ``bench`` extra)::

    .venv/bin/python bench/portfolio.py [--loans N] [--scenarios S] [--sample K] \
        [--batch-tape TAPE] [--pipeline]

``--batch-tape``: ``zansai batch`` and the Parquet floor run on that tape (``summary.py`` passes its
1M-loan tape, so that the batch row is always 1M loans, even with ``--quick``). ``--pipeline``: only the
pipeline rows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import balance_floor
import batch_phases
import numpy as np
from record import emit
from rich import box
from rich.console import Console
from rich.table import Table

from zansai.batch.chunk import TapeChunk
from zansai.batch.reference import reference
from zansai.batch.runner import Job, run
from zansai.batch.synthetic import write_synthetic
from zansai.batch.tape import read_tape
from zansai.batch.value import Setup, value

AT = date(2026, 12, 1)
DETERMINISTIC_AIM = 5_000_000
MC_AIM_SECONDS = 60.0


@dataclass(frozen=True)
class Row:
    what: str
    loans: int
    seconds: float
    exact: str
    note: str = ""
    rss_mb: float | None = None

    @property
    def rate(self) -> float:
        return self.loans / self.seconds if self.seconds > 0 else float("inf")


def pkg(name: str) -> str:
    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        return f"{name} (not installed)"


def timed(fn: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def load(path: Path) -> list[TapeChunk]:
    return list(read_tape(path, at=AT, chunk_rows=250_000))


def tape_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


def due_counts(chunks: list[TapeChunk]) -> tuple[np.ndarray, ...]:
    """Per loan: principal, monthly rate (float), term and payments due by AT (for the float peers)."""
    principal = np.concatenate([c.principal for c in chunks]).astype(np.float64)
    rate = np.concatenate([c.rate for c in chunks]) / 1e8 / 12
    term = np.concatenate([c.term_months for c in chunks]).astype(np.int64)
    first = np.concatenate([c.first_payment for c in chunks]).astype("datetime64[D]")
    at = np.datetime64(AT.isoformat(), "D")
    months = (at.astype("datetime64[M]") - first.astype("datetime64[M]")).astype(np.int64)
    at_day = (at - at.astype("datetime64[M]")).astype(np.int64)
    day_ok = at_day >= (first - first.astype("datetime64[M]")).astype(np.int64)
    k = np.clip(months + day_ok, 0, term)
    return principal, rate, term, k


def bench_numpy_financial(chunks: list[TapeChunk]) -> Row:
    import numpy_financial as npf

    p, r, n, k = due_counts(chunks)

    def job() -> object:
        pmt = npf.pmt(r, n, -p)
        return npf.fv(r, k, pmt, -p)

    return Row(pkg("numpy-financial"), len(p), timed(job), "no: float64, balance only",
               "pmt then fv after the payments due; no rounding, no bonus, no arrears or exits")


def bench_pyxirr(chunks: list[TapeChunk]) -> Row:
    import pyxirr

    p, r, n, k = due_counts(chunks)

    def job() -> object:
        pmt = pyxirr.pmt(r, n, -p)
        return pyxirr.fv(r, k, pmt, -p)

    return Row(pkg("pyxirr"), len(p), timed(job), "no: float64, balance only",
               "vectorized pmt and fv (Rust); no rounding, no bonus, no arrears or exits")


def bench_mortgagemath(chunks: list[TapeChunk], sample: int) -> Row:
    import mortgagemath as mm

    c = chunks[0]
    n = min(sample, len(c))
    _, _, _, k = due_counts([c])

    def job() -> object:
        out = []
        for i in range(n):
            params = mm.LoanParams(principal=Decimal(int(c.principal[i])),
                                   annual_rate=Decimal(int(c.rate[i])) / Decimal(10**6),
                                   term_months=int(c.term_months[i]), currency_unit=Decimal(1),
                                   payment_rounding=mm.PaymentRounding.ROUND_DOWN,
                                   interest_rounding=mm.PaymentRounding.ROUND_DOWN)
            out.append(mm.amortization_schedule(params)[int(k[i])].balance)
        return out

    return Row(pkg("mortgagemath"), n, timed(job, 1), "yes for level loans (Decimal, yen)",
               f"a full schedule per loan, on {n:,} loans; balance only, no bonus or 元金均等")


def bench_engine_loop(chunks: list[TapeChunk], sample: int) -> Row:
    c = chunks[0]
    n = min(sample, len(c))
    setup = Setup.create(AT)

    def job() -> object:
        return [reference(c, i, setup) for i in range(n)]

    return Row("zansai engine, per-loan loop", n, timed(job, 1), "yes (the reference)",
               f"plan.build_context + the four exits per loan, on {n:,} loans")


def bench_floors(chunks: list[TapeChunk]) -> list[Row]:
    """The exact floored balance alone (``balance_floor.py``): a scalar loop and a 64-lane lockstep."""
    p, _, n, k = due_counts(chunks)
    principal = p.astype(np.int64)
    rate = np.concatenate([c.rate for c in chunks]).astype(np.int64)
    term = n.astype(np.int64)
    rows = []
    for name, fn, how in (("scalar loop", balance_floor.scalar, "one loan after another"),
                          ("lockstep × 64", balance_floor.lockstep, "64 loans a month at a time, "
                           "float estimate settled by the integer remainder")):
        got = fn(principal, rate, term, k)  # compiles (cached) and warms up
        exact = balance_floor.check(principal, rate, term, k, got)
        rows.append(Row(f"exact floored balance alone, {name}", len(principal),
                        timed(lambda fn=fn: fn(principal, rate, term, k)),
                        "yes: int64, floored monthly" if exact else "NO: differs from Python ints",
                        f"{how}; level payment and balance only (a floor, not a valuation); Numba threads"))
    return rows


def bench_kernel(chunks: list[TapeChunk], scenarios: int = 0) -> Row:
    setup = Setup.create(AT, scenarios=scenarios, seed=1, volatility=100_000, delay_months=3)
    for c in chunks:  # fill the rule tables once (a run keeps them across chunks)
        value(c, setup)
    total = sum(len(c) for c in chunks)
    seconds = timed(lambda: [value(c, setup) for c in chunks], 1 if scenarios else 3)
    if scenarios:
        return Row(f"zansai kernel + Monte Carlo × {scenarios}", total, seconds, "yes (each scenario)",
                   f"P10/P50/P90 per loan and for the portfolio; aim ≤ {MC_AIM_SECONDS:.0f} s for 1M × 100")
    return Row("zansai kernel, deterministic", total, seconds, "yes: to the yen (agreement test)",
               f"balance, owed, 4 exits with costs, 配分表, PV; in memory; aim ≥ {DETERMINISTIC_AIM:,}/s")


def _reaped(cmd: list[str]) -> tuple[float, float, float, str]:
    """Run ``cmd``: its wall seconds, CPU seconds (user + system), peak RSS in MB (``os.wait4``: that
    child's own figures, not the maximum over every child so far) and its stdout."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"zansai batch exited with {proc.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def bench_cli(tape: Path, out: Path, n: int, *extra: str) -> Row:
    """``zansai batch`` as a process: wall time, and its own peak RSS and CPU time (``os.wait4``)."""
    cmd = [sys.executable, "-m", "zansai", "batch", str(tape), "-o", str(out), "--at", AT.isoformat(),
           "--no-progress", "--json", *extra]
    warm = out.with_name("warm-up.parquet")  # untimed: fills Numba's cache for the CLI's code path
    if not warm.exists():
        write_synthetic(warm, 1_000, seed=1, at=AT)
        subprocess.run([*cmd[:4], str(warm), "-o", str(out.with_name("warm-up.out.parquet")), *cmd[7:]],
                       capture_output=True, check=False)
    seconds, cpu, rss, stdout = _reaped(cmd)
    summary = json.loads(stdout)
    size = out.stat().st_size / 1e6
    what = "zansai batch TAPE -o OUT.parquet (process)" + (f" {' '.join(extra)}" if extra else "")
    return Row(what, n, seconds, "yes",
               f"read + value + write, {summary['failed']:,} rows failed; CPU {cpu:.2f} s; "
               f"OUT {size:,.0f} MB; peak RSS of the process; after one untimed run on 1,000 loans "
               "(the compiled kernel cached)", rss_mb=rss)


def io_floor(tape: Path, out: Path) -> Row:
    """Parquet alone: read the tape and write the batch's results table, no valuation (pyarrow, with
    the batch writer's settings: zstd, dictionary pages only for text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    results = pq.read_table(out)
    n = pq.ParquetFile(tape).metadata.num_rows

    def job() -> None:
        pq.read_table(tape)
        text = [f.name for f in results.schema if pa.types.is_string(f.type)]
        pq.write_table(results, out.with_name("io-floor.parquet"), compression="zstd", use_dictionary=text)

    return Row("Parquet alone: read the tape, write the results (pyarrow)", n, timed(job, 1), "—",
               f"the I/O floor of `zansai batch`: {results.num_columns} columns written (zstd, as the "
               "batch writes them), no valuation")


def bench_phases(tape: Path) -> Row:
    """The batch's stages alone, one after another, and its composite floor (``batch_phases.py``)."""
    phases = batch_phases.measure(tape)
    batch_phases.record(phases)
    return Row("zansai batch floor: start-up + stages' CPU ÷ cores (write: one thread)", phases.loans,
               phases.floor, "—", phases.note())


def bench_dask(tape: Path, out_dir: Path, n: int) -> tuple[Row, Row]:
    """One process against a Dask LocalCluster of 2 workers whose start is timed apart, so that the
    note can say from which tape length several machines would pay (docs/batch.md)."""
    import pyarrow.parquet as pq
    from dask.distributed import LocalCluster

    job = Job(at=AT)
    one = out_dir / "one.parquet"
    t = time.perf_counter()
    run(read_tape(tape, at=AT, chunk_rows=200_000), one, out_dir / "one.errors.csv", job)
    local = time.perf_counter() - t
    two = out_dir / "dask.parquet"
    t = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                           dashboard_address=None)
    start = time.perf_counter() - t
    try:
        t = time.perf_counter()
        run(read_tape(tape, at=AT, chunk_rows=200_000), two, out_dir / "dask.errors.csv", job,
            dask=cluster.scheduler_address)
        distributed = time.perf_counter() - t
    finally:
        cluster.close()  # type: ignore[no-untyped-call]
    same = pq.read_table(one).equals(pq.read_table(two))
    return (Row("run(): one process", n, local, "yes", "read + value + write Parquet, Numba threads"),
            Row("run(): Dask LocalCluster, 2 workers, cluster already started", n, distributed,
                "yes: identical table" if same else "NO: tables differ",
                _dask_note(n, local, distributed, start)))


def _dask_note(n: int, local: float, distributed: float, start: float) -> str:
    """Where Dask starts to pay, from the measured costs: the cluster's start ``F`` and the shipping
    per loan ``o`` (the Dask run on the same cores, less the one-process run). With W machines like
    this one the run takes about F + n / (W·r) + n·o against n / r in one process (r = loans/s here):
    it pays from n = F / (1/r − 1/(W·r) − o), if that is positive."""
    r = n / local
    o = max(distributed - local, 0.0) / n
    parts = [f"cluster start {start:.1f} s (not included); shipping {o * 1e6:.2f} µs/loan"]
    for w in (2, 4, 8):
        gain = 1 / r - 1 / (w * r) - o
        parts.append(f"{w} machines: " + (f"pays from {start / gain:,.0f} loans" if gain > 0 else "never"))
    return "; ".join(parts) + "; on this one machine: never"


def emit_records(rows: list[Row]) -> None:
    """The summary's figures, by the row's label."""
    keys = {"zansai kernel, deterministic": "kernel_lps", "numpy-financial": "npf_lps",
            "pyxirr": "pyxirr_lps",
            "exact floored balance alone, scalar loop": "floor_scalar_lps",
            "exact floored balance alone, lockstep × 64": "floor_lockstep_lps",
            "zansai kernel + Monte Carlo": "kernel_mc_lps"}
    for r in rows:
        key = next((k for label, k in keys.items() if r.what.startswith(label)), None)
        if key is not None:
            emit(key, r.rate, "loans/s", f"{r.loans:,} loans in {r.seconds:.3f} s; {r.exact}",
                 loans=r.loans, seconds=r.seconds)
        elif r.what.startswith("zansai batch"):
            emit("batch_s", r.seconds, "s", f"{r.loans:,} loans, {r.rate:,.0f} loans/s; {r.note}",
                 loans=r.loans, rate=r.rate, rss_mb=r.rss_mb)
        elif r.what.startswith("Parquet alone"):
            emit("batch_io_floor_s", r.seconds, "s", f"{r.loans:,} loans; {r.note}", loans=r.loans)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loans", type=int, default=1_000_000)
    ap.add_argument("--scenarios", type=int, default=100)
    ap.add_argument("--sample", type=int, default=1_000, help="loans for the per-loan peers")
    ap.add_argument("--quick", action="store_true", help="100,000 loans, 20 scenarios, 200 per-loan")
    ap.add_argument("--batch-tape", type=Path, default=None,
                    help="time `zansai batch` and its Parquet floor on this tape (written with "
                    "write_synthetic(seed=0) at 2026-12-01; bench/summary.py writes a 1M-loan one per run); "
                    "used for every row when it has --loans rows")
    ap.add_argument("--pipeline", action="store_true",
                    help="only the pipeline rows: read, kernel, zansai batch (schemas, codecs), Dask")
    args = ap.parse_args()
    if args.quick:
        args.loans, args.scenarios, args.sample = 100_000, 20, 200
    con = Console(width=180)
    with tempfile.TemporaryDirectory(prefix="zansai-bench-") as tmp:
        tape = Path(tmp) / "tape.parquet"
        given = args.batch_tape
        rows: list[Row] = []
        if given is not None and tape_rows(given) == args.loans:
            tape = given
        else:
            t = time.perf_counter()
            write_synthetic(tape, args.loans, seed=0, at=AT)
            gen = time.perf_counter() - t
            rows.append(Row("write_synthetic (Parquet)", args.loans, gen, "—", "demo tape"))
        t = time.perf_counter()
        chunks = load(tape)
        read = time.perf_counter() - t
        n = sum(len(c) for c in chunks)
        rows.append(Row("read_tape + checks", args.loans, read, "—", f"{args.loans - n:,} rows rejected"))
        rows.append(bench_kernel(chunks))
        if not args.pipeline:
            rows.append(bench_numpy_financial(chunks))
            rows.append(bench_pyxirr(chunks))
            rows.extend(bench_floors(chunks))
            rows.append(bench_mortgagemath(chunks, args.sample))
            rows.append(bench_engine_loop(chunks, max(args.sample // 4, 50)))
        if args.scenarios and not args.pipeline:
            rows.append(bench_kernel(chunks, args.scenarios))
        del chunks
        batch_tape = given or tape
        batch_n = tape_rows(batch_tape)
        out = Path(tmp) / "out.parquet"
        rows.append(bench_cli(batch_tape, out, batch_n))
        rows.append(io_floor(batch_tape, out))
        rows.append(bench_phases(batch_tape))
        rows.append(bench_cli(batch_tape, Path(tmp) / "lean.parquet", batch_n, "--columns", "lean"))
        rows.append(bench_cli(batch_tape, Path(tmp) / "lz4.parquet", batch_n, "--compression", "lz4"))
        rows.extend(bench_dask(tape, Path(tmp), args.loans))
    emit_records(rows)
    table = Table(title=f"zansai portfolio: {args.loans:,} synthetic loans", box=box.SIMPLE_HEAVY)
    for col in ("what", "loans", "seconds", "loans/s", "exact to the yen", "peak RSS", "note"):
        right = col in ("loans", "seconds", "loans/s", "peak RSS")
        table.add_column(col, justify="right" if right else "left")
    for r in rows:
        table.add_row(r.what, f"{r.loans:,}", f"{r.seconds:.3f}", f"{r.rate:,.0f}", r.exact,
                      f"{r.rss_mb:,.0f} MB" if r.rss_mb else "", r.note)
    con.print(table)
    con.print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{pkg('numpy')}, {pkg('numba')}, {pkg('polars')}, {pkg('pyarrow')}, {pkg('dask')}")


if __name__ == "__main__":
    main()
