"""Parquet or CSV table files, written all or nothing (the batch results, errors, synthetic tapes)."""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from zansai.outfile import OutputFile

COMPRESSIONS = ("zstd", "lz4", "snappy", "none")
"""Parquet codecs offered (``--compression``); zstd, the default, gives the smallest files."""


def steady_memory_pool() -> str:
    """Let Arrow allocate from jemalloc for a batch run (unless ``ARROW_DEFAULT_MEMORY_POOL`` names
    a pool); returns the pool's name.

    Arrow's default, mimalloc, hands every chunk's freed buffers back to the system and asks for
    fresh huge pages for the next: on a 1M-loan tape the kernel then spends about a quarter of the
    run's CPU zeroing pages (``clear_page``). jemalloc keeps and reuses them. Only where this
    pyarrow was built with it; the bytes read and written are the same with any pool."""
    import os

    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        with contextlib.suppress(NotImplementedError, pa.ArrowException):
            pa.set_memory_pool(pa.jemalloc_memory_pool())
    return str(pa.default_memory_pool().backend_name)


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


class TableWriter:
    """Parquet or CSV (``fmt``, else by suffix), written into a reserved output's hidden partial
    file; a CSV's text cells are made spreadsheet-safe (``spreadsheet_safe``).

    ``close`` finishes and syncs the file; its ``Outputs`` renames it over the target."""

    def __init__(self, file: OutputFile, fmt: str | None = None, *, compression: str = "zstd",
                 background: bool = False) -> None:
        self.file = file
        self.target = file.target
        self.partial = file.partial
        self.parquet = is_parquet(file.target) if fmt is None else fmt == "parquet"
        self.compression = compression
        self._writer: Any = None
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="zansai-write") if background else None
        self._pending: Future[None] | None = None

    def write(self, table: pa.Table) -> None:
        """Append ``table``; with ``background``, in a thread while the next chunk is valued
        (at most one table waits, so memory stays bounded)."""
        if self._pool is None:
            self._write(table)
            return
        self._wait()
        self._pending = self._pool.submit(self._write, table)

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def _write(self, table: pa.Table) -> None:
        if self._writer is None:
            if self.parquet:
                self._writer = pq.ParquetWriter(self.partial, table.schema, compression=self.compression,
                                                **parquet_settings(table))
            else:
                self._writer = pacsv.CSVWriter(self.partial, table.schema)
        self._writer.write_table(table if self.parquet else spreadsheet_safe(table))

    def close(self, empty: pa.Table) -> None:
        """Finish and sync the partial file; ``empty`` gives the columns when nothing was written."""
        self._wait()
        self._shutdown()
        if self._writer is None:
            self._write(empty)
        self._writer.close()
        self.file.sync()

    def abort(self) -> None:
        """Close the partial file without finishing it (its ``Outputs`` removes it)."""
        with contextlib.suppress(Exception):
            self._wait()
        self._shutdown()
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


def parquet_settings(table: pa.Table) -> dict[str, Any]:
    """The Parquet writer's encodings for a table like ``table`` (its first chunk): plain v1 data
    pages and the default codec's level, so every Parquet reader opens the file.

    Dictionary pages only for text with few distinct values (regions, exits): on the many yen
    columns they cost more than half the write time and made the file larger, and on the loan ids
    (one per row) the dictionary is built, overflows and is thrown away. Statistics (min/max per
    row group) only for ``row`` and those text columns, what a reader filters on: on 1M loans
    computing them for every yen column cost about 7 % of the write's CPU and let no reader skip
    anything."""
    import pyarrow.compute as pc

    few = [f.name for f in table.schema if pa.types.is_string(f.type)
           and 4 * pc.count_distinct(table[f.name]).as_py() <= max(table.num_rows, 4)]
    stats = [name for name in ("row", *few) if name in table.column_names]
    return {"use_dictionary": few, "write_statistics": stats}


def spreadsheet_safe(table: pa.Table) -> pa.Table:
    """Every text column with its formula-like cells quoted (``zansai.csvsafe``); numbers untouched."""
    import pyarrow.compute as pc

    from zansai.csvsafe import FORMULA, PLAIN_NUMBER, QUOTE

    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.and_(pc.match_substring_regex(column, FORMULA),
                            pc.invert(pc.match_substring_regex(column, f"^(?:{PLAIN_NUMBER})$")))
            column = pc.if_else(risky, pc.binary_join_element_wise(QUOTE, column, ""), column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)
