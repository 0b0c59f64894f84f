"""Parquet or CSV table files, written all or nothing (the batch results, errors, synthetic tapes)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from zansai.outfile import partial_path


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


class TableWriter:
    """Parquet or CSV (``fmt``, else by suffix), written to a hidden partial file and renamed at
    ``commit``; a CSV's text cells are made spreadsheet-safe (``spreadsheet_safe``)."""

    def __init__(self, target: Path, fmt: str | None = None) -> None:
        self.target = target
        self.partial = partial_path(target)
        self.parquet = is_parquet(target) if fmt is None else fmt == "parquet"
        self._writer: Any = None

    def write(self, table: pa.Table) -> None:
        if self._writer is None:
            if self.parquet:
                # dictionary pages only for text: on the many yen columns they cost more than
                # half the write time and made the file larger
                text = [f.name for f in table.schema if pa.types.is_string(f.type)]
                self._writer = pq.ParquetWriter(self.partial, table.schema, compression="zstd",
                                                use_dictionary=text)
            else:
                self._writer = pacsv.CSVWriter(self.partial, table.schema)
        self._writer.write_table(table if self.parquet else spreadsheet_safe(table))

    def commit(self, empty: pa.Table) -> None:
        """Close and rename over the target; ``empty`` gives the columns when nothing was written."""
        if self._writer is None:
            self.write(empty)
        self._writer.close()
        with open(self.partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(self.partial, self.target)

    def abort(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()
        self.partial.unlink(missing_ok=True)


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
