"""One chunk's columns, with the plain casts of its text columns done in one parallel Polars pass.

Only the rows those casts cannot read (blank padding, "30,000,000", "1.25%", a typo …) go on
to the exact, slower parsers of ``parse``.

A Parquet tape's text columns of few distinct values (a rate, a method, a month …) are read
dictionary-encoded (``read``): only their distinct values are cast and parsed, and each row takes
its value by its index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from zansai.batch.chunk import I64, B
from zansai.batch.tape.columns import CELLS, CHOICES

CASTS = {name: "decimal" if cell.kind in ("percent", "ratio") else
         "text" if cell.kind in ("code", "court") else cell.kind for name, cell in CELLS.items()}
"""How the plain cast reads each column: text, yen, int, decimal, date, month or choice."""
SHORT = 15
"""Text of at most 15 characters has at most 15 significant digits, which a float keeps exactly."""


@dataclass(frozen=True, slots=True)
class Marks:
    """Which rows of a column gave a value, and which of those are bad or good."""

    given: B
    bad: B
    good: B


@dataclass(slots=True)
class Parsed:
    """A column as parsed: its values and which rows gave one, and which of those are bad."""

    value: I64
    """The parsed value (meaningless where not ``good``)."""
    given: B
    """A value was given (not null, not blank)."""
    bad: B
    """Given, but not of the column's form or outside its bounds."""
    good: B
    """Given and valid."""

    @classmethod
    def of(cls, value: I64, given: B, ok: B) -> Parsed:
        return cls(value, given, given & ~ok, given & ok)

    @classmethod
    def absent(cls, n: int) -> Parsed:
        no = np.zeros(n, np.bool_)
        return cls(np.zeros(n, np.int64), no, no, no)

    def marks(self) -> Marks:
        return Marks(self.given, self.bad, self.good)

    def get(self, default: int) -> I64:
        """The value where valid, else ``default``."""
        if self.good.all():
            return self.value
        return np.where(self.good, self.value, default)


def bools(s: pl.Series) -> B:
    """A boolean series as NumPy (null → False)."""
    return np.asarray((s.fill_null(False) if s.null_count() else s).to_numpy(), dtype=np.bool_)


def ints(s: pl.Series) -> I64:
    """An integer series as int64 NumPy (null → 0; read-only when Polars shares its memory)."""
    return np.asarray((s.fill_null(0) if s.null_count() else s).to_numpy(), dtype=np.int64)


def not_null(s: pl.Series) -> B:
    if not s.null_count():
        return np.ones(len(s), np.bool_)
    return bools(s.is_not_null())


def textual(dtype: Any) -> bool:
    return dtype == pl.String or dtype == pl.Categorical or isinstance(dtype, pl.Enum | pl.Decimal)


def _as_text(name: str, dtype: Any) -> pl.Expr:
    c = pl.col(name)
    if dtype == pl.String:
        return c
    if isinstance(dtype, pl.Decimal) and CASTS[name] in ("yen", "int"):
        return c.cast(pl.String).str.replace(r"\.0*$", "")  # a whole Decimal such as 30000000.00
    return c.cast(pl.String)


def _fast_exprs(name: str, dtype: Any) -> list[pl.Expr]:
    """The plain cast of a text column (null where it cannot read) and its length in bytes."""
    kind, c = CASTS[name], _as_text(name, dtype)
    if kind == "text":
        return [c.str.strip_chars().fill_null("").alias(f"{name}|t")]
    if kind in ("yen", "int"):
        v = c.cast(pl.Int64, strict=False)
    elif kind == "decimal":
        v = c.cast(pl.Float64, strict=False)
    elif kind in ("date", "month"):
        v = c.str.to_date("%Y-%m-%d" if kind == "date" else "%Y-%m", strict=False).cast(pl.Int32)
    else:
        v = c.cast(pl.Enum(list(CHOICES[name])), strict=False).to_physical().cast(pl.Int64)
    return [c.str.len_bytes().fill_null(0).alias(f"{name}|n"), v.alias(f"{name}|v")]


def dictionary_columns(table: pa.Table) -> list[str]:
    """The columns of ``table`` read dictionary-encoded: text of a cell that is parsed."""
    return [n for n, t in zip(table.column_names, table.schema.types, strict=True)
            if CASTS.get(n, "text") != "text" and pa.types.is_dictionary(t)
            and (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type))]


BLANKS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + \
    "\u2028\u2029\u202f\u205f\u3000"
"""Every character Polars' ``strip_chars`` strips (Unicode White_Space), and Python's few more."""
_LEAD = np.zeros(256, np.bool_)
_LEAD[[c.encode()[0] for c in BLANKS]] = True
_TAIL = np.zeros(256, np.bool_)
_TAIL[[c.encode()[-1] for c in BLANKS]] = True


def _stripped(a: pa.Array) -> bool:
    """No value of the text chunk ``a`` has blanks around it: a value whose first or last byte may
    belong to a blank is stripped by Polars itself to tell."""
    kind = np.int64 if pa.types.is_large_string(a.type) else np.int32
    _, offsets_buf, data_buf = a.buffers()
    if data_buf is None or not data_buf.size:  # every value empty
        return True
    ends = np.frombuffer(offsets_buf, kind)[a.offset:a.offset + len(a) + 1].astype(np.int64)
    data = np.frombuffer(data_buf, np.uint8)
    nonempty = ends[1:] > ends[:-1]
    first = data[np.where(nonempty, ends[:-1], 0)]
    last = data[np.where(nonempty, ends[1:] - 1, 0)]
    maybe = np.flatnonzero(nonempty & (_LEAD[first] | _TAIL[last]))
    if not len(maybe):
        return True
    sub = pl.Series(a.take(maybe).cast(pa.large_string()))
    return bool((sub.str.strip_chars() == sub).all())


def _as_is(a: pa.ChunkedArray) -> bool:
    """The text column ``a`` reads as it is: no value null, none with blanks around it."""
    return (pa.types.is_string(a.type) or pa.types.is_large_string(a.type)) and not a.null_count \
        and all(_stripped(c) for c in a.chunks)


class Frame:
    """One chunk's columns, with the plain casts of its text columns done in one parallel pass."""

    def __init__(self, df: pl.DataFrame | pa.Table) -> None:
        self.coded: dict[str, list[tuple[Frame, Any]]] = {}
        """The dictionary-encoded columns: per Arrow chunk, the parsed distinct values and each
        row's index into them."""
        if isinstance(df, pa.Table):
            self.n = df.num_rows
            coded = dictionary_columns(df)
            coded += [n for n in df.column_names if CASTS.get(n) == "text" and _as_is(df.column(n))]
            self.arrow = df.select(coded)
            for name in coded:
                if CASTS[name] == "text":
                    continue
                self.coded[name] = [(Frame(pl.DataFrame({name: pl.Series(
                    c.dictionary.cast(pa.large_string())).extend_constant(None, 1)})),
                    pc.fill_null(c.indices, len(c.dictionary)).to_numpy(zero_copy_only=False))
                    for c in df.column(name).chunks]
            rest = pl.from_arrow(df.drop_columns(coded))
            assert isinstance(rest, pl.DataFrame)
            df = rest
        else:
            self.n = df.height
            self.arrow = pa.table({})
        self.df = df
        exprs = [e for name, dtype in df.schema.items() if name in CASTS and textual(dtype)
                 for e in _fast_exprs(name, dtype)]
        self.pre = df.select(exprs) if exprs else pl.DataFrame()

    def series(self, name: str) -> pl.Series | None:
        """The column as the tape has it; None when absent or all null (dictionary-encoded text:
        decoded)."""
        if name in self.arrow.column_names:
            return pl.Series(name, self.arrow.column(name).cast(pa.large_string()))
        if name not in self.df.columns or self.df.schema[name] == pl.Null:
            return None
        return self.df.get_column(name)

    def cell(self, name: str, i: int) -> Any:
        """The value of row ``i`` in column ``name`` as the tape gave it (None when absent)."""
        if name in self.arrow.column_names:
            return self.arrow.column(name)[i].as_py()
        return None if name not in self.df.columns else self.df.get_column(name)[i]

    def has(self, name: str) -> bool:
        """The chunk has column ``name`` (given or not in its rows)."""
        return name in self.df.columns or name in self.arrow.column_names

    def textual(self, name: str) -> bool:
        return name in self.coded or f"{name}|n" in self.pre.columns or f"{name}|t" in self.pre.columns

    def fast(self, name: str) -> tuple[Any, B, B]:
        """(values, given, read) of the plain cast of text column ``name``."""
        length = self.pre.get_column(f"{name}|n").to_numpy()
        v = self.pre.get_column(f"{name}|v")
        read = not_null(v)
        if CASTS[name] == "decimal":
            return v.to_numpy(), length > 0, read & (length <= SHORT)
        return v.fill_null(0).to_numpy(), length > 0, read

    def text(self, name: str) -> pa.Array:
        """A text column as an Arrow ``string`` array, stripped, "" where blank or absent (the tape's
        own array when it needs neither)."""
        if name in self.arrow.column_names and name not in self.coded:
            return pc.cast(self.arrow.column(name).combine_chunks(), pa.string())
        if f"{name}|t" in self.pre.columns:
            s = self.pre.get_column(f"{name}|t")
        elif (t := self.series(name)) is not None:
            s = t.cast(pl.String).str.strip_chars().fill_null("")
        else:
            s = pl.Series([""]).gather(np.zeros(self.n, np.int64))
        return pc.cast(s.to_arrow(), pa.string())

    def read_text(self, name: str, post: Callable[[Any, B], tuple[I64, B]],
                  slow: Callable[[pl.Series], tuple[I64, B]]) -> tuple[I64, B, B]:
        """(values, given, read) of a text column: the plain cast (then ``post``) where it reads,
        else ``slow`` on the stripped text."""
        if name in self.coded:
            parts = [(d.read_text(name, post, slow), codes) for d, codes in self.coded[name]]
            if len(parts) == 1:
                (value, given, ok), codes = parts[0]
                return value[codes], given[codes], ok[codes]
            return tuple(np.concatenate([p[k][codes] for p, codes in parts])  # type: ignore[return-value]
                         for k in range(3))
        value, given, ok = self.fast(name)
        value, ok = post(value, ok)
        redo = np.flatnonzero(given & ~ok)
        if len(redo):
            s = self.series(name)
            assert s is not None
            sub = s.cast(pl.String).gather(redo).str.strip_chars()
            value, ok, given = np.array(value), np.array(ok), np.array(given)
            given[redo] = bools(sub.str.len_bytes() > 0)
            value[redo], ok[redo] = slow(sub)
        return value, given, ok
