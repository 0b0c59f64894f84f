"""The tape file: its kind, header and required columns, and its rows streamed in chunks.

Memory is bounded by ``chunk_rows`` whatever the tape's length: the file is streamed
(``pyarrow.csv.open_csv`` with every column as text, or ``ParquetFile.iter_batches``) and
regrouped into chunks of exactly ``chunk_rows`` data rows (the last one fewer), each checked by
``assemble.Checker``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from zansai.batch.chunk import TapeChunk
from zansai.batch.tape import messages
from zansai.batch.tape.assemble import Checker
from zansai.batch.tape.columns import CELLS, COLUMNS, REQUIRED
from zansai.rules import RuleBook

CSV_BLOCK = 1 << 23
"""Bytes per CSV block read (``pyarrow.csv.ReadOptions.block_size``)."""


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise messages.bad_suffix(path)


def _header(path: Path) -> list[str]:
    """The tape's column names (CSV: the first row; Parquet: the schema)."""
    kind = _kind(path)
    if not path.is_file():
        raise messages.no_such_file(path)
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return [str(n) for n in pq.ParquetFile(path).schema_arrow.names]
        with open(path, encoding="utf-8-sig", newline="") as fh:
            line = fh.readline(1 << 20)
        if "\x00" in line:
            raise ValueError("NUL byte")
        return [] if not line.strip() else [n.strip() for n in next(csv.reader([line]))]
    except UnicodeDecodeError:
        raise messages.not_utf8(path) from None
    except (OSError, ValueError, csv.Error, pa.ArrowException) as exc:
        raise messages.unreadable_header(path, "Parquet" if kind == "parquet" else "CSV", exc) from None


def tape_columns(path: str | Path) -> tuple[list[str], list[str]]:
    """The tape's known columns (in file order) and its unknown ones (ignored when reading)."""
    names = _header(Path(path))
    dupes = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if dupes:
        raise messages.duplicate_columns(dupes)
    return [n for n in names if n in COLUMNS], [n for n in names if n not in COLUMNS]


def _check_required(known: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in known]
    if "start_month" not in known and "first_payment" not in known:
        missing.append("start_month (or first_payment)")
    if missing:
        raise messages.missing_columns(missing)


def read_tape(path: str | Path, *, at: date, sale_date: date | None = None, chunk_rows: int = 200_000,
              book: RuleBook | None = None) -> Iterator[TapeChunk]:
    """The tape's rows in validated chunks of ``chunk_rows`` data rows (the last one fewer).

    The file is opened and its columns checked now (``InputError`` before any chunk); the chunks
    are read lazily, so memory stays bounded by ``chunk_rows``.
    """
    p = Path(path)
    _kind(p)
    if chunk_rows < 1:
        raise messages.bad_chunk_rows(chunk_rows)
    if sale_date is not None and sale_date < at:
        raise messages.sale_date_option_before_at(sale_date, at)
    known, _ = tape_columns(p)
    _check_required(known)
    checker = Checker(at=at, sale_date=sale_date or at, book=book or RuleBook.default())
    return _stream(p, known, chunk_rows, checker)


def _stream(path: Path, known: list[str], chunk_rows: int, checker: Checker) -> Iterator[TapeChunk]:
    first_row = 1
    batches = _csv_batches(path, known) if _kind(path) == "csv" else _parquet_batches(path, known, chunk_rows)
    for table in rebatch(batches, chunk_rows):
        chunk = checker.check(table, first_row)
        first_row += chunk.rows_read
        yield chunk


def _csv_batches(path: Path, known: list[str]) -> Iterator[Any]:
    """The known columns as text, in blocks (``pyarrow.csv.open_csv``: memory bounded by the block).

    Columns are taken by position (so blanks around a name, a byte-order mark or unknown columns
    sharing a name do not matter). Blank lines are skipped; a row whose number of fields differs
    from the header's stops the read.
    """
    import pyarrow.csv as pacsv

    names = _header(path)
    positional = [f"c{i}" for i in range(len(names))]
    include = [positional[names.index(c)] for c in known]
    read = pacsv.ReadOptions(column_names=positional, skip_rows=1, block_size=CSV_BLOCK, encoding="utf8")
    convert = pacsv.ConvertOptions(include_columns=include, column_types=dict.fromkeys(include, pa.string()),
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    try:
        for batch in pacsv.open_csv(path, read_options=read, convert_options=convert):
            yield batch.rename_columns(known)
    except pa.ArrowInvalid as exc:
        if "Empty CSV file" in str(exc):
            return
        raise messages.broken_csv(path, exc) from None
    except OSError as exc:
        raise messages.unreadable(path, exc) from None


def _parquet_batches(path: Path, known: list[str], chunk_rows: int) -> Iterator[Any]:
    import pyarrow.parquet as pq

    try:
        schema = pq.ParquetFile(path).schema_arrow
        # text of a parsed cell is read dictionary-encoded, so only its distinct values are parsed
        coded = [n for n in known if n in CELLS and CELLS[n].kind not in ("text", "code", "court")
                 and schema.field(n).type in (pa.string(), pa.large_string())]
        # pre_buffer would keep every row group read so far: memory would grow with the file
        yield from pq.ParquetFile(path, pre_buffer=False, read_dictionary=coded).iter_batches(
            batch_size=chunk_rows, columns=known)
    except (pa.ArrowException, OSError) as exc:
        raise messages.broken_parquet(path, exc) from None


def rebatch(batches: Iterable[Any], size: int) -> Iterator[Any]:
    """Regroup record batches into tables of exactly ``size`` rows (the last one fewer)."""
    pending: list[Any] = []
    count = 0
    for batch in batches:
        while batch.num_rows:
            take = min(size - count, batch.num_rows)
            pending.append(batch.slice(0, take))
            batch = batch.slice(take)
            count += take
            if count == size:
                yield pa.Table.from_batches(pending)
                pending, count = [], 0
    if count:
        yield pa.Table.from_batches(pending)
