"""Stream a tape through the kernel, in this process or on a Dask cluster, and write the results.

Chunks are read, valued and written one after another, so memory stays bounded by the chunk size
whatever the tape's length. Results are written in tape order to a hidden file next to the target
and renamed over it at the end: an interrupted run (Ctrl-C, SIGTERM) leaves no half-written output.
The errors file (every failed row, with its row number and reason) is written the same way.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from zansai.batch.chunk import RowError, TapeChunk
from zansai.batch.output import Totals, errors_of, errors_table, exit_names, results_table
from zansai.batch.params import day
from zansai.batch.tablefile import TableWriter
from zansai.batch.value import Setup, value
from zansai.errors import InputError
from zansai.outfile import OutputFile, Outputs


@dataclass(frozen=True, slots=True)
class Job:
    """The settings of one run (shipped to every worker)."""

    at: date
    sale_date: date | None = None
    discount: int = 0
    scenarios: int = 0
    seed: int = 0
    volatility: int = 0
    delay_months: int = 0
    columns: str = "full"
    """The results' schema: ``full`` (every documented column) or ``lean`` (``output.LEAN``)."""
    legacy_exit_names: bool = False
    """Name the exits as before the engine's keys were shared (``--legacy-exit-names``)."""


_SETUPS: dict[Job, Setup] = {}


def setup_for(job: Job) -> Setup:
    """The run's rule tables, built once per process and kept across its chunks."""
    key = replace(job, columns="full")  # the schema does not change the rule tables
    setup = _SETUPS.get(key)
    if setup is None:
        setup = Setup.create(job.at, discount=job.discount, scenarios=job.scenarios, seed=job.seed,
                             volatility=job.volatility, delay_months=job.delay_months)
        _SETUPS[key] = setup
    return setup


Result = tuple[pa.Table, list[RowError], Totals]


def process(chunk: TapeChunk, job: Job) -> Result:
    """Value one chunk: its results table, its failed rows and its totals."""
    v = value(chunk, setup_for(job))
    totals = Totals()
    totals.add_chunk(v)
    return (results_table(v, day(job.at), job.columns, exit_names(job.legacy_exit_names)), errors_of(v),
            totals)


def process_on_worker(chunk: TapeChunk, job: Job) -> Result:
    """``process`` on a Dask worker: one kernel thread per worker thread."""
    import numba

    numba.set_num_threads(1)
    return process(chunk, job)


def _prefetch(chunks: Iterator[TapeChunk],
              meanwhile: Callable[[], object] = lambda: None) -> Iterator[TapeChunk]:
    """Read the next chunk in a thread while the current one is valued; ``meanwhile`` runs here
    while the first chunk is read."""
    with ThreadPoolExecutor(1, thread_name_prefix="zansai-tape") as pool:
        pending: Future[TapeChunk | None] = pool.submit(next, chunks, None)
        meanwhile()
        while True:
            chunk = pending.result()
            if chunk is None:
                return
            pending = pool.submit(next, chunks, None)
            yield chunk


def run(chunks: Iterator[TapeChunk], out: Path | OutputFile, errors_out: Path | OutputFile, job: Job, *,
        workers: int | None = None, dask: str | None = None,
        on_chunk: Callable[[int], None] | None = None,
        formats: tuple[str | None, str | None] = (None, None),
        compression: str = "zstd") -> tuple[Totals, float]:
    """Value every chunk and write the results and the errors (``formats``: csv or parquet, else
    by suffix; ``compression``: the results' Parquet codec); returns the totals and seconds.

    The results are written in a thread while the next chunk is valued (at most one chunk waits).

    Files already reserved (``OutputFile``) are left for their ``Outputs`` to rename; paths are
    reserved here and renamed together at the end."""
    with Outputs() as outputs:
        results = TableWriter(out if isinstance(out, OutputFile) else outputs.add("--out", out), formats[0],
                              compression=compression, background=True)
        errors = TableWriter(errors_out if isinstance(errors_out, OutputFile)
                             else outputs.add("--errors", errors_out), formats[1])
        totals, seconds = _run(chunks, results, errors, job, workers, dask, on_chunk)
        outputs.commit()
    return totals, seconds


def _run(chunks: Iterator[TapeChunk], results: TableWriter, errors: TableWriter, job: Job,
         workers: int | None, dask: str | None,
         on_chunk: Callable[[int], None] | None) -> tuple[Totals, float]:
    started = time.perf_counter()
    totals = Totals()
    empty_results: pa.Table | None = None
    warmed: list[pa.Table] = []

    def warm() -> None:
        """The results' schema with no rows, made while the first chunk is read: it loads the
        compiled kernel from Numba's cache (about 0.3 s of CPU) meanwhile, off the critical path."""
        warmed.append(_empty_results(job))

    def take(result: Result) -> None:
        nonlocal empty_results
        table, errs, t = result
        if table.num_rows:
            results.write(table)
        elif empty_results is None:
            empty_results = table
        if errs:
            errors.write(errors_table(errs))
        totals.merge(t)
        if on_chunk is not None:
            on_chunk(t.rows)

    try:
        if dask is None:
            if workers:
                import numba

                numba.set_num_threads(max(1, min(workers, numba.config.NUMBA_NUM_THREADS)))  # type: ignore[attr-defined]
            for chunk in _prefetch(chunks, warm):
                take(process(chunk, job))
        else:
            _run_dask(chunks, job, dask, workers, take)
        results.close(empty_results if empty_results is not None
                      else warmed[0] if warmed else _empty_results(job))
        errors.close(errors_table([]))
    except BaseException:
        results.abort()
        errors.abort()
        raise
    return totals, time.perf_counter() - started


def _empty_results(job: Job) -> pa.Table:
    """The results schema with no rows (a tape without a single valued loan)."""
    return process(TapeChunk.empty(), job)[0]


def _run_dask(chunks: Iterator[TapeChunk], job: Job, address: str, workers: int | None,
              take: Callable[[Result], None]) -> None:
    """Send the chunks to a Dask cluster (``local``: a LocalCluster here) and write in tape order."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise InputError("--dask には dask[distributed] が必要です", "--dask needs dask[distributed]",
                         field="--dask") from exc
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1,  # type: ignore[no-untyped-call]
                               processes=True, dashboard_address=None)
        client = Client(cluster)  # type: ignore[no-untyped-call]
    else:
        try:
            client = Client(address, timeout="10s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise InputError.invalid("--dask", address,
                                     "Dask スケジューラのアドレス（tcp://host:8786）か local",
                                     f"the scheduler cannot be reached ({exc})") from None
    try:
        n_workers = max(len(client.scheduler_info().get("workers", {})), 1)
        window: deque[Any] = deque()
        for chunk in chunks:
            data = client.scatter(chunk)  # type: ignore[no-untyped-call]
            window.append(client.submit(process_on_worker, data, job, pure=False))
            while len(window) > 2 * n_workers:
                take(window.popleft().result())
        while window:
            take(window.popleft().result())
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
