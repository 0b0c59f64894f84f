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
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from zansai.batch.chunk import (
    I64,
    LENDER_BANK,
    LENDER_JHF,
    METHOD_ANNUITY,
    METHOD_EQUAL_PRINCIPAL,
    MISSING,
    NO_DATE,
    PROPERTY_CONDO,
    PROPERTY_HOUSE,
    RATE_SCALE,
    B,
    RowError,
    TapeChunk,
)
from zansai.errors import InputError, RuleCoverageError
from zansai.loanspec import METHODS
from zansai.rules import RuleBook

MAX_TAPE_YEN = 10**10
"""Largest amount a tape may hold (100億円): an input bound, not a rule. It keeps the kernel's
products (an amount × a rate over ``RATE_SCALE``) inside 64-bit integers."""
MAX_LOAN_ID = 64
MAX_TERM_MONTHS = 600
MAX_RATE_PERCENT = 20
MAX_LATE_RATE_PERCENT = 30
MAX_LIEN_RANK = 20
MAX_OVERRIDE_RATIO = Fraction(3, 2)
PERCENT_DIGITS = 6
RATIO_DIGITS = 8
EARLIEST, LATEST = date(1900, 1, 1), date(2200, 12, 31)
"""Input bounds for every date (and month) on a tape."""

COLUMNS = (
    "loan_id", "principal", "rate", "term_months", "start_month", "payment_day", "first_payment",
    "method", "bonus_share", "current_balance", "balance_date", "first_missed", "collateral_value",
    "appraisal_low", "appraisal_high", "property_type", "lien_rank", "senior_claim", "lender_type",
    "guarantee_company", "region", "late_rate", "moving_cost", "unpaid_management_fees",
    "monthly_management_fee", "sale_date", "market.short_sale_price_ratio",
    "market.dealer_purchase_ratio", "auction.realized_to_market_ratio",
)
"""Every column a tape may have, in the order rows are checked (a row's first failure is reported)."""
REQUIRED = ("loan_id", "principal", "rate", "term_months", "collateral_value")
"""Required columns; besides them ``start_month`` or ``first_payment``."""
OVERRIDES = {
    "market.short_sale_price_ratio": "short_sale_price_ratio",
    "market.dealer_purchase_ratio": "dealer_purchase_ratio",
    "auction.realized_to_market_ratio": "auction_realized_ratio",
}
"""Per-loan rule overrides: the rule key (the column) → the ``TapeChunk`` field."""
PROPERTY_TYPES = {"house": PROPERTY_HOUSE, "戸建て": PROPERTY_HOUSE, "戸建": PROPERTY_HOUSE,
                  "一戸建て": PROPERTY_HOUSE, "condo": PROPERTY_CONDO, "マンション": PROPERTY_CONDO,
                  "mansion": PROPERTY_CONDO}
LENDER_TYPES = {"bank": LENDER_BANK, "銀行": LENDER_BANK, "jhf": LENDER_JHF, "flat35": LENDER_JHF,
                "フラット35": LENDER_JHF, "住宅金融支援機構": LENDER_JHF}
METHOD_CODES = {k: METHOD_ANNUITY if v == "annuity" else METHOD_EQUAL_PRINCIPAL for k, v in METHODS.items()}
BOOLEANS = {"true": 1, "false": 0, "1": 1, "0": 0, "yes": 1, "no": 0, "あり": 1, "なし": 0}

_EPOCH = date(1970, 1, 1)
_EPOCH_MONTH = 1970 * 12
_CSV_BLOCK = 1 << 23

Message = tuple[str, str] | Callable[[int], tuple[str, str]]


def _day(d: date) -> int:
    return (d - _EPOCH).days


def _iso(days: int) -> str:
    return (_EPOCH + timedelta(days=int(days))).isoformat()


def _tape_error(ja: str, en: str) -> InputError:
    return InputError(ja, en, field="TAPE")


# ---------------------------------------------------------------------------------------------
# The file: header, required columns, streaming batches
# ---------------------------------------------------------------------------------------------

def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise _tape_error(f"ローンテープ {path} の拡張子は .csv, .parquet, .pq のどれかにしてください",
                      f"the loan tape {path} must end in .csv, .parquet or .pq")


def _header(path: Path) -> list[str]:
    """The tape's column names (CSV: the first row; Parquet: the schema)."""
    kind = _kind(path)
    if not path.is_file():
        raise _tape_error(f"ローンテープ {path} が見つかりません", f"the loan tape {path} does not exist")
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
        raise _tape_error(f"ローンテープ {path} は UTF-8 の CSV ではありません"
                          "（Shift_JIS なら UTF-8 で保存し直してください）",
                          f"the loan tape {path} is not a UTF-8 CSV file (save it as UTF-8)") from None
    except (OSError, ValueError, csv.Error, pa.ArrowException) as exc:
        what = "Parquet" if kind == "parquet" else "CSV"
        raise _tape_error(f"ローンテープ {path} を {what} として読めません（{exc}）",
                          f"cannot read the loan tape {path} as {what} ({exc})") from None


def tape_columns(path: str | Path) -> tuple[list[str], list[str]]:
    """The tape's known columns (in file order) and its unknown ones (ignored when reading)."""
    names = _header(Path(path))
    dupes = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if dupes:
        raise _tape_error(f"ローンテープの列 {', '.join(dupes)} が重複しています",
                          f"the loan tape has the column(s) {', '.join(dupes)} more than once")
    return [n for n in names if n in COLUMNS], [n for n in names if n not in COLUMNS]


def _check_required(known: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in known]
    if "start_month" not in known and "first_payment" not in known:
        missing.append("start_month (or first_payment)")
    if missing:
        listed = ", ".join(missing)
        raise _tape_error(f"ローンテープに必須の列がありません: {listed}",
                          f"the loan tape lacks required column(s): {listed}")


def read_tape(path: str | Path, *, at: date, sale_date: date | None = None, chunk_rows: int = 200_000,
              book: RuleBook | None = None) -> Iterator[TapeChunk]:
    """The tape's rows in validated chunks of ``chunk_rows`` data rows (the last one fewer).

    The file is opened and its columns checked now (``InputError`` before any chunk); the chunks
    are read lazily, so memory stays bounded by ``chunk_rows``.
    """
    p = Path(path)
    _kind(p)
    if chunk_rows < 1:
        raise InputError.invalid("chunk_rows", chunk_rows, "1以上の整数にしてください",
                                 "it must be at least 1")
    if sale_date is not None and sale_date < at:
        raise InputError.invalid("sale_date", sale_date.isoformat(),
                                 f"計算基準日 {at} 以降の日付にしてください",
                                 f"it must be on or after the calculation date {at}")
    known, _ = tape_columns(p)
    _check_required(known)
    checker = _Checker(at=at, sale_date=sale_date or at, book=book or RuleBook.default())
    return _stream(p, known, chunk_rows, checker)


def _stream(path: Path, known: list[str], chunk_rows: int, checker: _Checker) -> Iterator[TapeChunk]:
    first_row = 1
    batches = _csv_batches(path, known) if _kind(path) == "csv" else _parquet_batches(path, known, chunk_rows)
    for table in rebatch(batches, chunk_rows):
        df = pl.from_arrow(table)
        assert isinstance(df, pl.DataFrame)
        chunk = checker.check(df, first_row)
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
    read = pacsv.ReadOptions(column_names=positional, skip_rows=1, block_size=_CSV_BLOCK, encoding="utf8")
    convert = pacsv.ConvertOptions(include_columns=include, column_types=dict.fromkeys(include, pa.string()),
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    try:
        for batch in pacsv.open_csv(path, read_options=read, convert_options=convert):
            yield batch.rename_columns(known)
    except pa.ArrowInvalid as exc:
        if "Empty CSV file" in str(exc):
            return
        raise _tape_error(f"ローンテープ {path} を CSV として読めません"
                          f"（列数が見出しと合わない行、UTF-8 でない文字など）: {exc}",
                          f"cannot read the loan tape {path} as CSV (a row whose number of fields "
                          f"differs from the header's, text that is not UTF-8 …): {exc}") from None
    except OSError as exc:
        raise _tape_error(f"ローンテープ {path} を読めません: {exc}",
                          f"cannot read the loan tape {path}: {exc}") from None


def _parquet_batches(path: Path, known: list[str], chunk_rows: int) -> Iterator[Any]:
    import pyarrow.parquet as pq

    try:
        # pre_buffer would keep every row group read so far: memory would grow with the file
        yield from pq.ParquetFile(path, pre_buffer=False).iter_batches(batch_size=chunk_rows, columns=known)
    except (pa.ArrowException, OSError) as exc:
        raise _tape_error(f"ローンテープ {path} を Parquet として読めません: {exc}",
                          f"cannot read the loan tape {path} as Parquet: {exc}") from None


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


# ---------------------------------------------------------------------------------------------
# Column parsers: a column (any type; absent or all null is "not given") → values, which rows
# gave one, which are bad. Text columns are first read by plain casts, all in one Polars pass
# (``_Frame``); only the rows those cannot read (blank padding, "30,000,000", "1.25%", a typo …)
# go through the exact, slower parser.
# ---------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Parsed:
    value: I64
    """The parsed value (meaningless where not ``good``)."""
    given: B
    """A value was given (not null, not blank)."""
    bad: B
    """Given, but not of the column's form or outside its bounds."""
    good: B
    """Given and valid."""

    @classmethod
    def of(cls, value: I64, given: B, ok: B) -> _Parsed:
        return cls(value, given, given & ~ok, given & ok)

    @classmethod
    def absent(cls, n: int) -> _Parsed:
        no = np.zeros(n, np.bool_)
        return cls(np.zeros(n, np.int64), no, no, no)

    def get(self, default: int) -> I64:
        """The value where valid, else ``default``."""
        if self.good.all():
            return self.value
        return np.where(self.good, self.value, default)


_KINDS = {
    "loan_id": "text", "principal": "yen", "rate": "decimal", "term_months": "int", "start_month": "month",
    "payment_day": "int", "first_payment": "date", "method": "choice", "bonus_share": "decimal",
    "current_balance": "yen", "balance_date": "date", "first_missed": "date", "collateral_value": "yen",
    "appraisal_low": "yen", "appraisal_high": "yen", "property_type": "choice", "lien_rank": "int",
    "senior_claim": "yen", "lender_type": "choice", "guarantee_company": "choice", "region": "text",
    "late_rate": "decimal", "moving_cost": "yen", "unpaid_management_fees": "yen",
    "monthly_management_fee": "yen", "sale_date": "date", "market.short_sale_price_ratio": "decimal",
    "market.dealer_purchase_ratio": "decimal", "auction.realized_to_market_ratio": "decimal",
}
_CHOICES = {"method": METHOD_CODES, "property_type": PROPERTY_TYPES, "lender_type": LENDER_TYPES,
            "guarantee_company": BOOLEANS}
_SHORT = 15
"""Text of at most 15 characters has at most 15 significant digits, which a float keeps exactly."""


def _textual(dtype: Any) -> bool:
    return dtype == pl.String or dtype == pl.Categorical or isinstance(dtype, pl.Enum | pl.Decimal)


def _as_text(name: str, dtype: Any) -> pl.Expr:
    c = pl.col(name)
    if dtype == pl.String:
        return c
    if isinstance(dtype, pl.Decimal) and _KINDS[name] in ("yen", "int"):
        return c.cast(pl.String).str.replace(r"\.0*$", "")  # a whole Decimal such as 30000000.00
    return c.cast(pl.String)


def _fast_exprs(name: str, dtype: Any) -> list[pl.Expr]:
    """The plain cast of a text column (null where it cannot read) and its length in bytes."""
    kind, c = _KINDS[name], _as_text(name, dtype)
    if kind == "text":
        return [c.str.strip_chars().fill_null("").alias(f"{name}|t")]
    if kind in ("yen", "int"):
        v = c.cast(pl.Int64, strict=False)
    elif kind == "decimal":
        v = c.cast(pl.Float64, strict=False)
    elif kind in ("date", "month"):
        v = c.str.to_date("%Y-%m-%d" if kind == "date" else "%Y-%m", strict=False).cast(pl.Int32)
    else:
        v = c.cast(pl.Enum(list(_CHOICES[name])), strict=False).to_physical().cast(pl.Int64)
    return [c.str.len_bytes().fill_null(0).alias(f"{name}|n"), v.alias(f"{name}|v")]


class _Frame:
    """One chunk's columns, with the plain casts of its text columns done in one parallel pass."""

    def __init__(self, df: pl.DataFrame) -> None:
        self.n = df.height
        self.df = df
        exprs = [e for name, dtype in df.schema.items() if name in _KINDS and _textual(dtype)
                 for e in _fast_exprs(name, dtype)]
        self.pre = df.select(exprs) if exprs else pl.DataFrame()

    def series(self, name: str) -> pl.Series | None:
        """The column as the tape has it; None when absent or all null."""
        if name not in self.df.columns or self.df.schema[name] == pl.Null:
            return None
        return self.df.get_column(name)

    def textual(self, name: str) -> bool:
        return f"{name}|n" in self.pre.columns or f"{name}|t" in self.pre.columns

    def fast(self, name: str) -> tuple[Any, B, B]:
        """(values, given, read) of the plain cast of text column ``name``."""
        length = self.pre.get_column(f"{name}|n").to_numpy()
        v = self.pre.get_column(f"{name}|v")
        read = _not_null(v)
        if _KINDS[name] == "decimal":
            return v.to_numpy(), length > 0, read & (length <= _SHORT)
        return v.fill_null(0).to_numpy(), length > 0, read

    def text(self, name: str) -> pl.Series:
        """A text column, stripped, "" where blank or absent."""
        if f"{name}|t" in self.pre.columns:
            return self.pre.get_column(f"{name}|t")
        s = self.series(name)
        if s is None:
            return pl.Series([""]).gather(np.zeros(self.n, np.int64))
        return s.cast(pl.String).str.strip_chars().fill_null("")

    def read_text(self, name: str, post: Callable[[Any, B], tuple[I64, B]],
                  slow: Callable[[pl.Series], tuple[I64, B]]) -> tuple[I64, B, B]:
        """(values, given, read) of a text column: the plain cast (then ``post``) where it reads,
        else ``slow`` on the stripped text."""
        value, given, ok = self.fast(name)
        value, ok = post(value, ok)
        redo = np.flatnonzero(given & ~ok)
        if len(redo):
            s = self.series(name)
            assert s is not None
            sub = s.cast(pl.String).gather(redo).str.strip_chars()
            value, ok, given = np.array(value), np.array(ok), np.array(given)
            given[redo] = _np(sub.str.len_bytes() > 0)
            value[redo], ok[redo] = slow(sub)
        return value, given, ok


def _np(s: pl.Series) -> B:
    """A boolean series as NumPy (null → False)."""
    return np.asarray((s.fill_null(False) if s.null_count() else s).to_numpy(), dtype=np.bool_)


def _ints(s: pl.Series) -> I64:
    """An integer series as int64 NumPy (null → 0; read-only when Polars shares its memory)."""
    return np.asarray((s.fill_null(0) if s.null_count() else s).to_numpy(), dtype=np.int64)


def _not_null(s: pl.Series) -> B:
    if not s.null_count():
        return np.ones(len(s), np.bool_)
    return _np(s.is_not_null())


def _same(value: Any, ok: B) -> tuple[I64, B]:
    return np.asarray(value, dtype=np.int64), ok


def _integral(s: pl.Series, limit: int) -> tuple[I64, B, B]:
    """(values, given, read) of an integer or float column (floats only when whole), within ±limit."""
    if s.dtype.is_integer():
        v = s.cast(pl.Int64, strict=False)
        iv = _ints(v)
        return iv, _not_null(s), _not_null(v) & (iv >= -limit) & (iv <= limit)
    x = s.cast(pl.Float64).to_numpy()
    given = ~np.isnan(x)
    ok = given & (x >= -limit) & (x <= limit) & (x == np.floor(x))
    return np.where(ok, x, 0.0).astype(np.int64), given, ok


def _slow_yen(t: pl.Series) -> tuple[I64, B]:
    """``30,000,000``, ``30_000_000円``, ``3000万``, ``1.5万円``."""
    v = _ints(t.str.replace_all(r"[,_円]", "").str.to_integer(strict=False))
    ok = _np(t.str.contains(r"^[0-9][0-9,_]*円?$"))
    has_man = _np(t.str.contains("万", literal=True))
    if has_man.any():
        parts = t.str.extract_groups(r"^([0-9]{1,12})(?:\.([0-9]+))?万円?$")
        whole = parts.struct.field("1")
        frac = parts.struct.field("2").fill_null("").str.strip_chars_end("0")
        man = _ints(whole.str.to_integer(strict=False)) * 10_000 + \
            _ints(frac.str.pad_end(4, "0").str.slice(0, 4).str.to_integer(strict=False))
        v = np.where(has_man, man, v)
        ok = np.where(has_man, _np(whole.is_not_null() & (frac.str.len_chars() <= 4)), ok)
    return v, ok


def _slow_int(t: pl.Series) -> tuple[I64, B]:
    return _ints(t.str.to_integer(strict=False)), _np(t.str.contains(r"^[0-9]{1,9}$"))


def _whole(f: _Frame, name: str, slow: Callable[[pl.Series], tuple[I64, B]],
           limit: int) -> tuple[I64, B, B] | None:
    s = f.series(name)
    if s is None:
        return None
    if f.textual(name):
        return f.read_text(name, _same, slow)
    if s.dtype.is_integer() or s.dtype.is_float():
        return _integral(s, limit)
    given = _np(s.is_not_null())
    return np.zeros(f.n, np.int64), given, np.zeros(f.n, np.bool_)


def _yen(f: _Frame, name: str, lo: int) -> _Parsed:
    """Whole yen: an integer, a whole float, or text ``30000000``, ``30,000,000``, ``3000万``."""
    read = _whole(f, name, _slow_yen, MAX_TAPE_YEN)
    if read is None:
        return _Parsed.absent(f.n)
    v, given, ok = read
    return _Parsed.of(v, given, ok & (v >= lo) & (v <= MAX_TAPE_YEN))


def _int(f: _Frame, name: str, lo: int, hi: int) -> _Parsed:
    read = _whole(f, name, _slow_int, 10**9)
    if read is None:
        return _Parsed.absent(f.n)
    v, given, ok = read
    return _Parsed.of(v, given, ok & (v >= lo) & (v <= hi))


def _from_floats(x: Any, scale: int, ok: B) -> tuple[I64, B]:
    """Floats × ``scale`` where their shortest decimal has at most log10(scale) decimals: exactly when
    some such decimal reads back as the same float."""
    xs = np.where(ok, x, 0.0)
    ok = ok & np.isfinite(xs) & (xs >= -(10**9)) & (xs <= 10**9)
    xs = np.where(ok, xs, 0.0)
    scaled = np.rint(xs * scale)
    ok = ok & (scaled / scale == xs)
    return scaled.astype(np.int64), ok


def _decimal(f: _Frame, name: str, digits: int, *, percent: bool, lo: Fraction, hi: Fraction,
             lo_open: bool = False) -> _Parsed:
    """A decimal number with at most ``digits`` decimals, × 10**digits exactly (text, int, Decimal or
    float; a float counts as its shortest decimal, as ``repr`` prints it)."""
    s = f.series(name)
    if s is None:
        return _Parsed.absent(f.n)
    scale = 10**digits

    def slow(t: pl.Series) -> tuple[I64, B]:
        if percent:
            t = t.str.strip_suffix("%").str.strip_chars()
        whole = t.str.extract(r"^([0-9]*)", 1)
        frac = t.str.extract(r"\.([0-9]*)$", 1).fill_null("").str.strip_chars_end("0")
        ok = _np(t.str.contains(r"^(?:[0-9]{1,9}(?:\.[0-9]*)?|\.[0-9]+)$")) & \
            _np(frac.str.len_chars() <= digits)
        return (_ints(whole.str.to_integer(strict=False)) * scale
                + _ints(frac.str.pad_end(digits, "0").str.slice(0, digits).str.to_integer(strict=False)), ok)

    if f.textual(name):
        v, given, ok = f.read_text(name, lambda x, read: _from_floats(x, scale, read), slow)
    elif s.dtype.is_integer():
        v, given, ok = _integral(s, 10**9)
        v = v * scale
    elif s.dtype.is_float():
        x = s.cast(pl.Float64).to_numpy()
        given = ~np.isnan(x)
        v, ok = _from_floats(x, scale, given)
    else:
        v, given, ok = np.zeros(f.n, np.int64), _np(s.is_not_null()), np.zeros(f.n, np.bool_)
    low, high = int(lo * scale), int(hi * scale)
    return _Parsed.of(v, given, ok & ((v > low) if lo_open else (v >= low)) & (v <= high))


def _slow_date(t: pl.Series) -> tuple[I64, B]:
    d = t.str.to_date("%Y-%m-%d", strict=False)
    return _ints(d.cast(pl.Int32)), _np(d.is_not_null())


def _date(f: _Frame, name: str) -> _Parsed:
    """A date: ISO ``YYYY-MM-DD`` text, or a date / timestamp column (its date)."""
    s = f.series(name)
    if s is None:
        return _Parsed.absent(f.n)
    if f.textual(name):
        v, given, ok = f.read_text(name, _same, _slow_date)
    elif s.dtype == pl.Date or isinstance(s.dtype, pl.Datetime):
        d = s if s.dtype == pl.Date else s.dt.date()
        given = _not_null(d)
        v, ok = _ints(d.cast(pl.Int32)), given
    else:
        v, given, ok = np.zeros(f.n, np.int64), _np(s.is_not_null()), np.zeros(f.n, np.bool_)
    return _Parsed.of(v, given, ok & (v >= _day(EARLIEST)) & (v <= _day(LATEST)))


def _slow_month(t: pl.Series) -> tuple[I64, B]:
    parts = t.str.extract_groups(r"^([0-9]{4})-([0-9]{1,2})$")
    y = _ints(parts.struct.field("1").str.to_integer(strict=False))
    m = _ints(parts.struct.field("2").str.to_integer(strict=False))
    return y * 12 + m - 1, (m >= 1) & (m <= 12)


def _month(f: _Frame, name: str) -> _Parsed:
    """A month ``YYYY-MM`` (text) as year × 12 + month − 1."""
    s = f.series(name)
    if s is None:
        return _Parsed.absent(f.n)
    if f.textual(name):
        def post(days: Any, read: B) -> tuple[I64, B]:
            d = np.asarray(days, np.int64)
            return _month_of(d), read & (d >= _MONTH_START[0]) & (d < _MONTH_START[0] + len(_MONTH_OF_DAY))

        v, given, ok = f.read_text(name, post, _slow_month)
    else:
        v, given, ok = np.zeros(f.n, np.int64), _np(s.is_not_null()), np.zeros(f.n, np.bool_)
    return _Parsed.of(v, given, ok & (v >= EARLIEST.year * 12) & (v <= LATEST.year * 12 + 11))


def _choice(f: _Frame, name: str) -> _Parsed:
    """One of the column's choices (case-insensitive; surrounding blanks ignored)."""
    s = f.series(name)
    if s is None:
        return _Parsed.absent(f.n)
    choices = _CHOICES[name]
    if name == "guarantee_company" and s.dtype == pl.Boolean:
        given = _np(s.is_not_null())
        return _Parsed.of(_ints(s.cast(pl.Int64)), given, given)
    if name == "guarantee_company" and s.dtype.is_integer():
        v, given, ok = _integral(s, 1)
        return _Parsed.of(v, given, ok & (v >= 0))
    if not f.textual(name):
        return _Parsed.of(np.zeros(f.n, np.int64), _np(s.is_not_null()), np.zeros(f.n, np.bool_))
    table = np.array(list(choices.values()), np.int64)

    def slow(t: pl.Series) -> tuple[I64, B]:
        code = t.str.to_lowercase().replace_strict(choices, default=None, return_dtype=pl.Int64)
        return _ints(code), _np(code.is_not_null())

    v, given, ok = f.read_text(name, lambda code, read: (table[code], read), slow)
    return _Parsed.of(v, given, ok)


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic on day numbers (days since 1970-01-01) by table look-up: every month from
# EARLIEST to LATEST plus the longest term, and the month of every day in that span
# ---------------------------------------------------------------------------------------------

_FIRST_MONTH = EARLIEST.year * 12
_MONTH_START = np.array([_day(date(m // 12, m % 12 + 1, 1)) for m in
                         range(_FIRST_MONTH, (LATEST.year + MAX_TERM_MONTHS // 12 + 2) * 12 + 1)], np.int64)
_DAYS_IN = np.diff(_MONTH_START)
_MONTH_OF_DAY = np.repeat(np.arange(_FIRST_MONTH, _FIRST_MONTH + len(_DAYS_IN), dtype=np.int64), _DAYS_IN)


def _clamped(month_index: I64, pday: I64) -> I64:
    """The date in month ``year × 12 + month − 1`` on ``pday``, clamped to the month's last day."""
    k = np.clip(month_index - _FIRST_MONTH, 0, len(_DAYS_IN) - 1)
    return np.asarray(_MONTH_START[k] + np.minimum(pday, _DAYS_IN[k]) - 1, dtype=np.int64)


def _month_of(days: I64) -> I64:
    """The month index (year × 12 + month − 1) of each day number."""
    k = np.clip(days - _MONTH_START[0], 0, len(_MONTH_OF_DAY) - 1)
    return np.asarray(_MONTH_OF_DAY[k], dtype=np.int64)


# ---------------------------------------------------------------------------------------------
# Messages (ja, en): what the column allows
# ---------------------------------------------------------------------------------------------

_REQUIRED_MSG = ("必須の項目です。値を入れてください", "this column is required; give a value")


def _yen_msg(lo: int) -> tuple[str, str]:
    return (f"{lo}以上{MAX_TAPE_YEN:,}以下の円の整数にしてください（例: 30000000, 30,000,000, 3000万）",
            f"it must be a whole number of yen from {lo} to {MAX_TAPE_YEN:,} "
            "(e.g. 30000000, 30,000,000, 3000万)")


def _percent_msg(hi: int) -> tuple[str, str]:
    return (f"0以上{hi}以下の百分率（小数{PERCENT_DIGITS}桁まで。1.25 は 1.25%）にしてください",
            f"it must be a percent from 0 to {hi} with at most {PERCENT_DIGITS} decimals (1.25 means 1.25%)")


def _int_msg(lo: int, hi: int) -> tuple[str, str]:
    return f"{lo}以上{hi}以下の整数にしてください", f"it must be a whole number from {lo} to {hi}"


def _choice_msg(choices: dict[str, int]) -> tuple[str, str]:
    allowed = ", ".join(choices)
    return f"次のどれかにしてください: {allowed}", f"it must be one of: {allowed}"


_DATE_MSG = (f"日付を YYYY-MM-DD（{EARLIEST}〜{LATEST}）で入れてください",
             f"it must be a date YYYY-MM-DD from {EARLIEST} to {LATEST}")
_MONTH_MSG = (f"年月を YYYY-MM（{EARLIEST.year}-01〜{LATEST.year}-12）で入れてください",
              f"it must be a month YYYY-MM from {EARLIEST.year}-01 to {LATEST.year}-12")
_RATIO_MSG = (f"0より大きく{float(MAX_OVERRIDE_RATIO)}以下の比率"
              f"（小数{RATIO_DIGITS}桁まで。0.9 は 90%）にしてください",
              f"it must be a ratio above 0 and at most {float(MAX_OVERRIDE_RATIO)} with at most "
              f"{RATIO_DIGITS} decimals (0.9 means 90%)")


# ---------------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Checker:
    at: date
    sale_date: date
    book: RuleBook
    _caps: dict[int, int] = field(default_factory=dict)
    """loan.bonus_share_cap × RATE_SCALE (floored) by first payment day (-1: the rule does not cover it)."""

    def check(self, df: pl.DataFrame, first_row: int) -> TapeChunk:
        """Validate one chunk (``first_row``: the tape row number of its first row)."""
        n = df.height
        at = _day(self.at)
        checks: list[tuple[str, B, Message]] = []

        f = _Frame(df)

        def col(name: str) -> pl.Series | None:
            return df.get_column(name) if name in df.columns else None

        def fail(name: str, mask: B, message: Message) -> None:
            if mask.any():
                checks.append((name, mask, message))

        def parsed(name: str, p: _Parsed, message: Message, *, required: bool = False) -> _Parsed:
            if required:
                fail(name, ~p.given, _REQUIRED_MSG)
            fail(name, p.bad, message)
            return p

        loan_id = f.text("loan_id")
        fail("loan_id", _np(loan_id.str.len_bytes() == 0), _REQUIRED_MSG)
        fail("loan_id", _np(loan_id.str.len_chars() > MAX_LOAN_ID),
             (f"{MAX_LOAN_ID}文字以内にしてください", f"it must be at most {MAX_LOAN_ID} characters"))
        principal = parsed("principal", _yen(f, "principal", 1), _yen_msg(1), required=True).get(0)
        rate = parsed("rate", _decimal(f, "rate", PERCENT_DIGITS, percent=True, lo=Fraction(0),
                                       hi=Fraction(MAX_RATE_PERCENT)),
                      _percent_msg(MAX_RATE_PERCENT), required=True).get(0)
        term = parsed("term_months", _int(f, "term_months", 1, MAX_TERM_MONTHS),
                      _int_msg(1, MAX_TERM_MONTHS), required=True).get(1)

        # the first due date: start_month + payment_day, or first_payment (its day the payment day)
        start_in, pday_in, fp_in = _month(f, "start_month"), _int(f, "payment_day", 1, 31), \
            _date(f, "first_payment")
        parsed("start_month", start_in, _MONTH_MSG)
        fail("start_month" if "start_month" in df.columns else "first_payment",
             ~start_in.given & ~fp_in.given,
             ("start_month（返済開始月 YYYY-MM）か first_payment（初回返済日）を入れてください",
              "give start_month (YYYY-MM) or first_payment (the first due date)"))
        parsed("payment_day", pday_in, _int_msg(1, 31))
        parsed("first_payment", fp_in, _DATE_MSG)
        start, pday_given, fp = start_in.get(_EPOCH_MONTH), pday_in.get(0), fp_in.get(0)
        fp_ok = fp_in.good
        first_month = np.where(fp_ok, _month_of(fp), start)
        fp_day = fp - _clamped(first_month, np.ones(n, np.int64)) + 1
        pday = np.where(pday_given > 0, pday_given, np.where(fp_ok, fp_day, 1))
        fail("first_payment", fp_ok & start_in.good & (first_month != start),
             lambda i: (f"start_month（{_raw(col('start_month'), i)}）の月の日付にしてください",
                        f"it must fall in start_month ({_raw(col('start_month'), i)})"))
        first = _clamped(first_month, pday)
        fail("first_payment", fp_ok & (pday_given > 0) & (first != fp),
             lambda i: (f"payment_day（{int(pday[i])}日、月末を超える日は月末）に合う日にしてください",
                        f"its day must match payment_day ({int(pday[i])}; the month's last day "
                        "when shorter)"))
        last_due = _clamped(first_month + term - 1, pday)

        method = parsed("method", _choice(f, "method"),
                        _choice_msg(METHOD_CODES)).get(METHOD_ANNUITY)
        share = parsed("bonus_share", _decimal(f, "bonus_share", PERCENT_DIGITS, percent=True,
                                               lo=Fraction(0), hi=Fraction(100)), _percent_msg(100)).get(0)
        self._bonus_cap(first, share, fail)
        bonus_principal = principal * share // RATE_SCALE

        balance_in = parsed("current_balance", _yen(f, "current_balance", 0), _yen_msg(0))
        balance = balance_in.get(MISSING)
        fail("current_balance", (balance != MISSING) & (balance > principal),
             lambda i: (f"借入額（principal {int(principal[i]):,}円）以下にしてください",
                        f"it cannot exceed the principal ({int(principal[i]):,} yen)"))
        bdate_in = parsed("balance_date", _date(f, "balance_date"), _DATE_MSG)
        fail("balance_date", bdate_in.given & ~balance_in.given,
             ("current_balance（残高）がない行には入れないでください",
              "it is given only with a current_balance"))
        bdate = np.where(balance_in.given, bdate_in.get(at), NO_DATE)
        fail("balance_date", balance_in.given & ((bdate < first) | (bdate > at)),
             lambda i: (f"初回返済日 {_iso(first[i])} 以降、計算基準日 {self.at} 以前の日付にしてください"
                        "（省略時は計算基準日）",
                        f"it must be on or after the first payment {_iso(first[i])} and on or before the "
                        f"calculation date {self.at} (omitted: the calculation date)"))
        missed = parsed("first_missed", _date(f, "first_missed"), _DATE_MSG).get(NO_DATE)
        fail("first_missed", (missed != NO_DATE) & ((missed < first) | (missed > at) | (missed > last_due)),
             lambda i: (f"初回返済日 {_iso(first[i])} 以降、計算基準日 {self.at} 以前、最終回の期日 "
                        f"{_iso(last_due[i])} 以前の日付にしてください",
                        f"it must be on or after the first payment {_iso(first[i])}, on or before the "
                        f"calculation date {self.at} and on or before the last due date {_iso(last_due[i])}"))

        collateral = parsed("collateral_value", _yen(f, "collateral_value", 1), _yen_msg(1),
                            required=True).get(0)
        low = parsed("appraisal_low", _yen(f, "appraisal_low", 1), _yen_msg(1)).get(MISSING)
        high = parsed("appraisal_high", _yen(f, "appraisal_high", 1), _yen_msg(1)).get(MISSING)
        fail("appraisal_high", (low != MISSING) & (high != MISSING) & (low > high),
             lambda i: (f"appraisal_low（{int(low[i]):,}円）以上にしてください",
                        f"it must be at least appraisal_low ({int(low[i]):,} yen)"))
        prop = parsed("property_type", _choice(f, "property_type"),
                      _choice_msg(PROPERTY_TYPES)).get(PROPERTY_HOUSE)
        rank = parsed("lien_rank", _int(f, "lien_rank", 1, MAX_LIEN_RANK),
                      _int_msg(1, MAX_LIEN_RANK)).get(1)
        senior = parsed("senior_claim", _yen(f, "senior_claim", 0), _yen_msg(0)).get(0)
        fail("senior_claim", (rank > 1) & (senior < 1),
             ("lien_rank が2以上なら、先順位の債権額（1円以上）を入れてください",
              "a lien_rank of 2 or more needs the claims ranking ahead (at least 1 yen)"))
        fail("senior_claim", (rank == 1) & (senior > 0),
             ("lien_rank が1（第1順位）なら空欄か0にしてください",
              "it must be blank or 0 when lien_rank is 1 (first lien)"))
        lender = parsed("lender_type", _choice(f, "lender_type"),
                        _choice_msg(LENDER_TYPES)).get(LENDER_BANK)
        guarantee_in = parsed("guarantee_company", _choice(f, "guarantee_company"), _choice_msg(BOOLEANS))
        fail("guarantee_company", (lender == LENDER_JHF) & (guarantee_in.get(0) == 1),
             ("住宅金融支援機構（フラット35）のローンに保証会社はありません。空欄か false にしてください",
              "a JHF (Flat 35) loan has no guarantee company; leave it blank or false"))
        guarantee = (guarantee_in.get(1) == 1) & (lender == LENDER_BANK)
        region = f.text("region")
        late = parsed("late_rate", _decimal(f, "late_rate", PERCENT_DIGITS, percent=True, lo=Fraction(0),
                                           hi=Fraction(MAX_LATE_RATE_PERCENT)),
                      _percent_msg(MAX_LATE_RATE_PERCENT)).get(MISSING)
        moving = parsed("moving_cost", _yen(f, "moving_cost", 0), _yen_msg(0)).get(MISSING)
        unpaid = parsed("unpaid_management_fees", _yen(f, "unpaid_management_fees", 0),
                        _yen_msg(0)).get(0)
        monthly = parsed("monthly_management_fee", _yen(f, "monthly_management_fee", 0),
                         _yen_msg(0)).get(MISSING)
        sale = parsed("sale_date", _date(f, "sale_date"), _DATE_MSG).get(_day(self.sale_date))
        fail("sale_date", sale < at, (f"計算基準日 {self.at} 以降の日付にしてください",
                                      f"it must be on or after the calculation date {self.at}"))
        ratios = {attr: parsed(key, _decimal(f, key, RATIO_DIGITS, percent=False, lo=Fraction(0),
                                              hi=MAX_OVERRIDE_RATIO, lo_open=True), _RATIO_MSG).get(MISSING)
                  for key, attr in OVERRIDES.items()}

        first_fail = np.full(n, -1, np.int32)
        for k in range(len(checks) - 1, -1, -1):
            first_fail[checks[k][1]] = k
        ok = first_fail < 0
        errors = []
        for i in np.flatnonzero(~ok).tolist():
            name, _, message = checks[first_fail[i]]
            ja, en = message(i) if callable(message) else message
            errors.append(RowError(row=first_row + i, loan_id=str(loan_id[i]), column=name,
                                   value=_raw(col(name), i), message_ja=ja, message_en=en))
        every = bool(ok.all())
        keep = np.flatnonzero(ok)

        def kept(a: Any, dtype: Any = np.int64) -> Any:
            return (a if every else a[keep]).astype(dtype, copy=False)

        def texts(s: pl.Series, *, repeated: bool = False) -> list[str]:
            s = s if every else s.gather(keep)
            if not repeated:
                return s.to_list()
            # few distinct values (regions): build each Python string once
            codes = pc.dictionary_encode(s.to_arrow())
            return list(np.array(codes.dictionary.to_pylist(), dtype=object)[
                codes.indices.to_numpy(zero_copy_only=False)].tolist())

        return TapeChunk(
            row=np.arange(first_row, first_row + n, dtype=np.int64)[keep],
            loan_id=texts(loan_id), region=texts(region, repeated=True),
            principal=kept(principal), rate=kept(rate), term_months=kept(term, np.int32),
            first_payment=kept(first, np.int32), payment_day=kept(pday, np.int8),
            method=kept(method, np.int8), bonus_principal=kept(bonus_principal),
            current_balance=kept(balance), balance_date=kept(bdate, np.int32),
            first_missed=kept(missed, np.int32), collateral_value=kept(collateral),
            appraisal_low=kept(low), appraisal_high=kept(high), property_type=kept(prop, np.int8),
            lien_rank=kept(rank, np.int8), senior_claim=kept(senior),
            lender_type=kept(lender, np.int8), guarantor_company=kept(guarantee, np.bool_),
            late_rate=kept(late), moving_cost=kept(moving), unpaid_management_fees=kept(unpaid),
            monthly_management_fee=kept(monthly), sale_date=kept(sale, np.int32),
            short_sale_price_ratio=kept(ratios["short_sale_price_ratio"]),
            dealer_purchase_ratio=kept(ratios["dealer_purchase_ratio"]),
            auction_realized_ratio=kept(ratios["auction_realized_ratio"]),
            errors=errors, rows_read=n,
        )

    def _bonus_cap(self, first: I64, share: I64, fail: Callable[[str, B, Message], None]) -> None:
        """bonus_share ≤ rule loan.bonus_share_cap in force on the first due date (as loanspec checks;
        a date the rule does not cover allows no bonus part)."""
        rows = np.flatnonzero(share > 0)
        if not len(rows):
            return
        days, inverse = np.unique(first[rows], return_inverse=True)
        caps = np.array([self._cap(int(d)) for d in days.tolist()], np.int64)
        over = np.zeros(len(first), np.bool_)
        over[rows] = share[rows] > caps[inverse]

        def message(i: int) -> tuple[str, str]:
            try:
                cap = self.book.at("loan.bonus_share_cap", _EPOCH + timedelta(days=int(first[i])))
            except RuleCoverageError as exc:
                return exc.message_ja, exc.message_en
            return (f"ボーナス返済分は借入額の {cap.display()} 以内です（{cap.rule.key}）",
                    f"the bonus part may be at most {cap.display()} of the loan ({cap.rule.key})")

        fail("bonus_share", over, message)

    def _cap(self, day: int) -> int:
        if day not in self._caps:
            try:
                cap = self.book.at("loan.bonus_share_cap", _EPOCH + timedelta(days=day))
            except RuleCoverageError:
                self._caps[day] = -1
            else:
                scaled = Fraction(cap.value) * RATE_SCALE
                self._caps[day] = scaled.numerator // scaled.denominator
        return self._caps[day]


def _raw(s: pl.Series | None, i: int) -> str:
    """The value of row ``i`` as the tape gave it (a float as its shortest decimal)."""
    v = None if s is None else s[i]
    if v is None:
        return ""
    if isinstance(v, date):
        return v.isoformat()
    return repr(v) if isinstance(v, float) else str(v)
