"""Read a loan tape (ローンテープ: CSV or Parquet) in chunks and check every row.

Memory is bounded by ``chunk_rows`` whatever the tape's length: the file is streamed
(``pyarrow.csv.open_csv`` with every column as text, or ``ParquetFile.iter_batches``), regrouped
into chunks of exactly ``chunk_rows`` data rows (the last one fewer), and each chunk is validated
column-wise with Polars and NumPy (a Python loop only over the rows that fail). A failing row becomes one
``RowError`` (its first failing column, in the order of ``COLUMNS``); every other row goes into
the chunk's arrays. No row is dropped silently. The columns are documented in docs/batch-tape.md.

File-level problems (missing or unreadable file, unknown suffix, a file that is not CSV or
Parquet, missing required columns) raise ``InputError`` when ``read_tape`` is called; a CSV that
turns out to be broken further down (a row with the wrong number of fields, text that is not
UTF-8) raises it while streaming. A tape with a header but no data rows yields no chunk at all.

The modules: ``read`` (the file, streaming, chunking), ``columns`` (each column's form and
bounds), ``frame`` and ``parse`` (the vectorised parsers of yen, percents, dates and choices),
``rows`` (a chunk parsed, with its due dates), ``checks`` (one function per rule, in order),
``messages`` (every bilingual message), ``assemble`` (a checked chunk → ``TapeChunk``).
"""

from zansai.batch.tape.columns import (
    BOOLEANS,
    COLUMNS,
    EARLIEST,
    LATEST,
    LENDER_TYPES,
    MAX_LATE_RATE_PERCENT,
    MAX_LIEN_RANK,
    MAX_LOAN_ID,
    MAX_OVERRIDE_RATIO,
    MAX_RATE_PERCENT,
    MAX_TAPE_YEN,
    MAX_TERM_MONTHS,
    METHOD_CODES,
    OVERRIDES,
    PERCENT_DIGITS,
    PROPERTY_TYPES,
    RATIO_DIGITS,
    REQUIRED,
)
from zansai.batch.tape.read import read_tape, rebatch, tape_columns

__all__ = [
    "BOOLEANS",
    "COLUMNS",
    "EARLIEST",
    "LATEST",
    "LENDER_TYPES",
    "MAX_LATE_RATE_PERCENT",
    "MAX_LIEN_RANK",
    "MAX_LOAN_ID",
    "MAX_OVERRIDE_RATIO",
    "MAX_RATE_PERCENT",
    "MAX_TAPE_YEN",
    "MAX_TERM_MONTHS",
    "METHOD_CODES",
    "OVERRIDES",
    "PERCENT_DIGITS",
    "PROPERTY_TYPES",
    "RATIO_DIGITS",
    "REQUIRED",
    "read_tape",
    "rebatch",
    "tape_columns",
]
