"""Column parsers: a column of a chunk (any type; absent or all null is "not given") → values,
which rows gave one, which are bad (``Parsed``).

Text columns are first read by the plain casts of ``Frame``; only the rows those cannot read go
through the exact parsers here, vectorised with Polars. Yen and percents read as
``zansai.inputs.parse_yen`` / ``parse_percent`` read them (``30,000,000``, ``3000万``, ``1.25%``;
tests/batch/test_tape.py checks the agreement), within the tape's bounds.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import polars as pl

from zansai.batch.chunk import I64, B
from zansai.batch.tape.columns import (
    CELLS,
    CHOICES,
    EARLIEST,
    LATEST,
    MAX_OVERRIDE_RATIO,
    MAX_TAPE_YEN,
    PERCENT_DIGITS,
    RATIO_DIGITS,
)
from zansai.batch.tape.days import day_number, in_month_table, month_of
from zansai.batch.tape.frame import Frame, Parsed, bools, ints, not_null, textual


def parse(f: Frame, name: str) -> Parsed:
    """Column ``name`` of the chunk, read as its ``CELLS`` entry says (bounds included)."""
    cell = CELLS[name]
    if cell.kind == "yen":
        return yen(f, name, cell.lo)
    if cell.kind == "int":
        return whole(f, name, cell.lo, cell.hi)
    if cell.kind == "percent":
        return decimal(f, name, PERCENT_DIGITS, percent=True, lo=Fraction(0), hi=Fraction(cell.hi))
    if cell.kind == "ratio":
        return decimal(f, name, RATIO_DIGITS, percent=False, lo=Fraction(0), hi=MAX_OVERRIDE_RATIO,
                       lo_open=True)
    if cell.kind == "date":
        return day(f, name)
    if cell.kind == "month":
        return month(f, name)
    if cell.kind == "choice":
        return choice(f, name)
    if cell.kind == "code":
        return municipality(f, name)
    if cell.kind == "court":
        return court(f, name)
    raise ValueError(f"{name} is text, not parsed")


def _same(value: Any, ok: B) -> tuple[I64, B]:
    return np.asarray(value, dtype=np.int64), ok


def _integral(s: pl.Series, limit: int) -> tuple[I64, B, B]:
    """(values, given, read) of an integer or float column (floats only when whole), within ±limit."""
    if s.dtype.is_integer():
        v = s.cast(pl.Int64, strict=False)
        iv = ints(v)
        return iv, not_null(s), not_null(v) & (iv >= -limit) & (iv <= limit)
    x = s.cast(pl.Float64).to_numpy()
    given = ~np.isnan(x)
    ok = given & (x >= -limit) & (x <= limit) & (x == np.floor(x))
    return np.where(ok, x, 0.0).astype(np.int64), given, ok


def _unreadable(f: Frame, s: pl.Series) -> Parsed:
    """A column of a type the cell cannot hold: every value given is bad."""
    return Parsed.of(np.zeros(f.n, np.int64), bools(s.is_not_null()), np.zeros(f.n, np.bool_))


def _slow_yen(t: pl.Series) -> tuple[I64, B]:
    """``30,000,000``, ``30_000_000円``, ``3000万``, ``1.5万円``."""
    parsed = t.str.replace_all(r"[,_円]", "").str.to_integer(strict=False)
    v = ints(parsed)
    ok = bools(t.str.contains(r"^[0-9][0-9,_]*円?$") & parsed.is_not_null())  # null: beyond 64 bits
    has_man = bools(t.str.contains("万", literal=True))
    if has_man.any():
        parts = t.str.extract_groups(r"^([0-9]{1,12})(?:\.([0-9]+))?万円?$")
        whole = parts.struct.field("1")
        frac = parts.struct.field("2").fill_null("").str.strip_chars_end("0")
        man = ints(whole.str.to_integer(strict=False)) * 10_000 + \
            ints(frac.str.pad_end(4, "0").str.slice(0, 4).str.to_integer(strict=False))
        v = np.where(has_man, man, v)
        ok = np.where(has_man, bools(whole.is_not_null() & (frac.str.len_chars() <= 4)), ok)
    return v, ok


def _slow_int(t: pl.Series) -> tuple[I64, B]:
    return ints(t.str.to_integer(strict=False)), bools(t.str.contains(r"^[0-9]{1,9}$"))


def _whole_number(f: Frame, name: str, slow: Callable[[pl.Series], tuple[I64, B]],
                  limit: int) -> tuple[I64, B, B] | None:
    if f.textual(name):
        return f.read_text(name, _same, slow)
    s = f.series(name)
    if s is None:
        return None
    if s.dtype.is_integer() or s.dtype.is_float():
        return _integral(s, limit)
    given = bools(s.is_not_null())
    return np.zeros(f.n, np.int64), given, np.zeros(f.n, np.bool_)


def yen(f: Frame, name: str, lo: int) -> Parsed:
    """Whole yen: an integer, a whole float, or text ``30000000``, ``30,000,000``, ``3000万``."""
    read = _whole_number(f, name, _slow_yen, MAX_TAPE_YEN)
    if read is None:
        return Parsed.absent(f.n)
    v, given, ok = read
    return Parsed.of(v, given, ok & (v >= lo) & (v <= MAX_TAPE_YEN))


def whole(f: Frame, name: str, lo: int, hi: int) -> Parsed:
    """A whole number from ``lo`` to ``hi``."""
    read = _whole_number(f, name, _slow_int, 10**9)
    if read is None:
        return Parsed.absent(f.n)
    v, given, ok = read
    return Parsed.of(v, given, ok & (v >= lo) & (v <= hi))


def _from_floats(x: Any, scale: int, ok: B) -> tuple[I64, B]:
    """Floats × ``scale`` where their shortest decimal has at most log10(scale) decimals: exactly when
    some such decimal reads back as the same float."""
    xs = np.where(ok, x, 0.0)
    ok = ok & np.isfinite(xs) & (xs >= -(10**9)) & (xs <= 10**9)
    xs = np.where(ok, xs, 0.0)
    scaled = np.rint(xs * scale)
    ok = ok & (scaled / scale == xs)
    return scaled.astype(np.int64), ok


def _slow_decimal(t: pl.Series, digits: int, percent: bool) -> tuple[I64, B]:
    """``1.25``, ``.5``, ``1.25%`` (a percent) × 10**digits."""
    if percent:
        t = t.str.strip_suffix("%").str.strip_chars()
    whole = t.str.extract(r"^([0-9]*)", 1)
    frac = t.str.extract(r"\.([0-9]*)$", 1).fill_null("").str.strip_chars_end("0")
    ok = bools(t.str.contains(r"^(?:[0-9]{1,9}(?:\.[0-9]*)?|\.[0-9]+)$")) & \
        bools(frac.str.len_chars() <= digits)
    return (ints(whole.str.to_integer(strict=False)) * 10**digits
            + ints(frac.str.pad_end(digits, "0").str.slice(0, digits).str.to_integer(strict=False)), ok)


def decimal(f: Frame, name: str, digits: int, *, percent: bool, lo: Fraction, hi: Fraction,
            lo_open: bool = False) -> Parsed:
    """A decimal number with at most ``digits`` decimals, × 10**digits exactly (text, int, Decimal or
    float; a float counts as its shortest decimal, as ``repr`` prints it)."""
    scale = 10**digits
    s = None if f.textual(name) else f.series(name)
    if f.textual(name):
        v, given, ok = f.read_text(name, lambda x, read: _from_floats(x, scale, read),
                                   lambda t: _slow_decimal(t, digits, percent))
    elif s is None:
        return Parsed.absent(f.n)
    elif s.dtype.is_integer():
        v, given, ok = _integral(s, 10**9)
        v = v * scale
    elif s.dtype.is_float():
        x = s.cast(pl.Float64).to_numpy()
        given = ~np.isnan(x)
        v, ok = _from_floats(x, scale, given)
    else:
        return _unreadable(f, s)
    low, high = int(lo * scale), int(hi * scale)
    return Parsed.of(v, given, ok & ((v > low) if lo_open else (v >= low)) & (v <= high))


def _slow_date(t: pl.Series) -> tuple[I64, B]:
    d = t.str.to_date("%Y-%m-%d", strict=False)
    return ints(d.cast(pl.Int32)), bools(d.is_not_null())


def day(f: Frame, name: str) -> Parsed:
    """A date as a day number: ISO ``YYYY-MM-DD`` text, or a date / timestamp column (its date)."""
    s = None if f.textual(name) else f.series(name)
    if f.textual(name):
        v, given, ok = f.read_text(name, _same, _slow_date)
    elif s is None:
        return Parsed.absent(f.n)
    elif s.dtype == pl.Date or isinstance(s.dtype, pl.Datetime):
        d = s if s.dtype == pl.Date else s.dt.date()
        given = not_null(d)
        v, ok = ints(d.cast(pl.Int32)), given
    else:
        return _unreadable(f, s)
    return Parsed.of(v, given, ok & (v >= day_number(EARLIEST)) & (v <= day_number(LATEST)))


def _slow_month(t: pl.Series) -> tuple[I64, B]:
    parts = t.str.extract_groups(r"^([0-9]{4})-([0-9]{1,2})$")
    y = ints(parts.struct.field("1").str.to_integer(strict=False))
    m = ints(parts.struct.field("2").str.to_integer(strict=False))
    return y * 12 + m - 1, (m >= 1) & (m <= 12)


def _month_of_read(days: Any, read: B) -> tuple[I64, B]:
    d = np.asarray(days, np.int64)
    return month_of(d), read & in_month_table(d)


def month(f: Frame, name: str) -> Parsed:
    """A month ``YYYY-MM`` (text) as year × 12 + month − 1."""
    if not f.textual(name):
        s = f.series(name)
        return Parsed.absent(f.n) if s is None else _unreadable(f, s)
    v, given, ok = f.read_text(name, _month_of_read, _slow_month)
    return Parsed.of(v, given, ok & (v >= EARLIEST.year * 12) & (v <= LATEST.year * 12 + 11))


def choice(f: Frame, name: str) -> Parsed:
    """One of the column's choices (case-insensitive; surrounding blanks ignored)."""
    choices = CHOICES[name]
    s = None if f.textual(name) else f.series(name)
    if s is None and not f.textual(name):
        return Parsed.absent(f.n)
    if name == "guarantee_company" and s is not None and s.dtype == pl.Boolean:
        given = bools(s.is_not_null())
        return Parsed.of(ints(s.cast(pl.Int64)), given, given)
    if name == "guarantee_company" and s is not None and s.dtype.is_integer():
        v, given, ok = _integral(s, 1)
        return Parsed.of(v, given, ok & (v >= 0))
    if s is not None:
        return _unreadable(f, s)
    table = np.array(list(choices.values()), np.int64)

    def slow(t: pl.Series) -> tuple[I64, B]:
        code = t.str.to_lowercase().replace_strict(choices, default=None, return_dtype=pl.Int64)
        return ints(code), bools(code.is_not_null())

    v, given, ok = f.read_text(name, lambda code, read: (table[code], read), slow)
    return Parsed.of(v, given, ok)


def _coded(f: Frame, name: str, read: Callable[[str], int]) -> Parsed:
    """A code column read by ``read`` (text → code, -1 when bad) once per distinct value."""
    s = f.series(name)
    if s is None:
        return Parsed.absent(f.n)
    if s.dtype.is_integer() and name == "municipality_code":
        t = s.cast(pl.String).str.zfill(5)  # as the case file reads a number: 1100 → 01100
    elif textual(s.dtype):
        t = s.cast(pl.String).str.strip_chars()
    else:
        return _unreadable(f, s)
    t = t.fill_null("")
    table = {u: (-2 if u == "" else read(u)) for u in t.unique().to_list()}
    v = ints(t.replace_strict(table, return_dtype=pl.Int64))
    given = v != -2
    return Parsed.of(np.where(v >= 0, v, 0), given, given & (v >= 0))


def _municipality(text: str) -> int:
    from pydantic_core import PydanticCustomError

    from zansai.case.location import municipality_code

    try:
        return int(municipality_code(text))
    except PydanticCustomError:
        return -1


def municipality(f: Frame, name: str) -> Parsed:
    """A 全国地方公共団体コード: 5 digits, or 6 with a correct check digit (``case.location``), as
    its 5-digit number."""
    return _coded(f, name, _municipality)


def court(f: Frame, name: str) -> Parsed:
    """A court: its id (``chiba:matsudo``, ``tokyo``) or Japanese name, as its index (``batch.region``)."""
    from zansai.batch.region import court_spellings

    spellings = court_spellings()
    return _coded(f, name, lambda text: spellings.get(text.lower(), -1))
