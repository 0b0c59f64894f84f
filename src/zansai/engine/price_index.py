"""The MLIT residential price index (不動産価格指数（住宅）) and the time adjustment (時点修正) of a sale.

The published values live in the rule file ``comparables.price_index`` (a flat table: series
region and type, month, index, basis, source; docs/sources/mlit-price-index.md). A transaction
quarter's index is the exact mean of its three months: MLIT's transaction data says only the
quarter, a sale is as likely in any of its months, and the mean is the index of the quarter's
average sale (the mid-month alone would throw two published months away). A missing month at
either end means no adjustment and a flag, never an interpolated or extrapolated value; the only
allowance is at the valuation end, where the latest published month within the rule's lag is
used and named (MLIT publishes a month about three months later).

A series may come in several vintages: the first-published values (the rule's sa / original /
unstated rows), a revised series (rows with basis ``sa_revised``, e.g. 東京都 as extracted from
MLIT's workbook) and the values a user imported (``zansai comps index import``, one vintage per
file). An adjustment takes every value from one vintage, trying the imported files first (newest
first), then the first-published rows, then the revised rows; it never mixes vintages within a
quarter's mean or between its two ends.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Any, NamedTuple

from zansai.errors import RuleDataError
from zansai.model.comparables import ImportedIndexValue
from zansai.money import Rounding, Yen, format_yen, round_yen
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step

__all__ = ["IndexFlag", "IndexPoint", "PriceIndexTable", "Series", "TimeAdjustment",
           "add_rows", "adjust_to_date", "decimal_text", "load_index_table", "month_key", "time_adjustment"]

INDEX_RULE = "comparables.price_index"
ROUNDING = Rounding.FLOOR
"""An adjusted price in yen: 1円未満切捨て (the house convention for a value estimate)."""

REGIONS = frozenset({"national", "hokkaido", "tohoku", "kanto", "hokuriku", "chubu", "kinki",
                     "chugoku", "shikoku", "kyushu_okinawa", "minami_kanto", "nagoya", "keihanshin",
                     "tokyo", "aichi", "osaka"})
TYPES = frozenset({"all", "land", "house", "condo"})
BASES = frozenset({"sa", "original", "unstated", "sa_revised"})
REVISED_BASES = frozenset({"sa_revised"})
"""Bases of a revised vintage: kept apart from the first-published rows of the same months."""
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_INDEX = re.compile(r"\d{1,4}(\.\d{1,2})?")


class Series(NamedTuple):
    """One index series: region (national, a block, a metropolitan area or a prefecture) and type."""

    region: str
    type: str


class IndexFlag(StrEnum):
    """Why a sale was not (fully) time-adjusted."""

    MISSING = "index_missing"
    """A month of the transaction quarter, or every month near the valuation date, is not in the
    table: no adjustment (不明)."""
    BASIS_MISMATCH = "index_basis_mismatch"
    """The two ends come from differently built series (seasonally adjusted or not): no adjustment."""
    CARRIED_FORWARD = "index_carried_forward"
    """The valuation month is not published: the latest month within the lag is used (named)."""


@dataclass(frozen=True, slots=True)
class IndexPoint:
    """One published value: the index (2010 average = 100), how the series is built, its source."""

    value: Fraction
    basis: str
    source: str


Key = tuple[str, str, str]
"""(region, type, "YYYY-MM")."""


@dataclass(frozen=True, slots=True)
class PriceIndexTable:
    """The published index values by (region, type, "YYYY-MM"), and the rule they come from:
    ``points`` the first-published rows, ``revised`` the rule's revised rows, ``imported`` the
    user's imported vintages (newest first)."""

    points: Mapping[Key, IndexPoint]
    use: RuleUse | None = None
    revised: Mapping[Key, IndexPoint] = field(default_factory=dict)
    imported: tuple[Mapping[Key, IndexPoint], ...] = ()

    def layers(self) -> tuple[Mapping[Key, IndexPoint], ...]:
        """The vintages in the order an adjustment tries them."""
        return (*self.imported, self.points, *((self.revised,) if self.revised else ()))

    def with_imported(self, values: Iterable[ImportedIndexValue]) -> PriceIndexTable:
        """This table with the user's imported values (``ImportedIndexValue``s, newest file
        first): one vintage per source, in the order first seen."""
        layers: dict[str, dict[Key, IndexPoint]] = {}
        for v in values:
            layers.setdefault(v.source, {})[(v.region, v.type, v.month)] = IndexPoint(
                Fraction(v.value), v.basis, v.source)
        return PriceIndexTable(self.points, self.use, self.revised, tuple(layers.values()))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], use: RuleUse | None = None,
                  where: str = INDEX_RULE) -> PriceIndexTable:
        """The table of the rule file's rows, each field parsed strictly (a bad row is an error
        naming the row and field)."""
        points: dict[Key, IndexPoint] = {}
        revised: dict[Key, IndexPoint] = {}
        for i, row in enumerate(rows):
            key = (_choice(row, "region", REGIONS, where, i), _choice(row, "type", TYPES, where, i),
                   _month(row, where, i))
            basis = _choice(row, "basis", BASES, where, i)
            vintage = revised if basis in REVISED_BASES else points
            if key in vintage:
                raise _bad(where, i, "month", "同じ系列・月が2行あります", "a series and month given twice")
            vintage[key] = IndexPoint(_index(row, where, i), basis, str(row.get("source") or ""))
        return cls(points, use, revised)

    def get(self, series: Series, month: str) -> IndexPoint | None:
        return self.points.get((series.region, series.type, month))

    def latest(self, series: Series, on: date, max_lag_months: int) -> tuple[str, IndexPoint] | None:
        """The value for ``on``'s month, else the latest month at most ``max_lag_months`` before."""
        return _latest_in(self.points, series, on, max_lag_months)

    def has_series(self, series: Series) -> bool:
        return any(k[0] == series.region and k[1] == series.type
                   for layer in self.layers() for k in layer)


@dataclass(frozen=True, slots=True)
class TimeAdjustment:
    """The time adjustment of one price: factor = index at the valuation date ÷ index of the
    transaction quarter (1 when not adjusted, with the flags saying why)."""

    factor: Fraction
    flags: tuple[IndexFlag, ...]
    series: Series
    from_index: Fraction | None
    to_index: Fraction | None
    to_month: str | None
    sources: tuple[str, ...] = ()
    """The sources of the index values used (their URLs, once each)."""
    vintage: str = ""
    """Where the values come from when not the first-published rows: "imported" (a file the user
    imported, named in ``sources``) or "revised" (the rule's revised series)."""

    @property
    def imported(self) -> bool:
        return self.vintage == "imported"

    @property
    def adjusted(self) -> bool:
        return not any(f in (IndexFlag.MISSING, IndexFlag.BASIS_MISMATCH) for f in self.flags)

    def step(self, price: Fraction | int, period: tuple[int, int], on: date, result: str,
             rules: tuple[RuleUse, ...] = ()) -> Step:
        """The explanation step: formula, both index values and the factor."""
        from zansai.messages import msg

        year, quarter = period
        inputs = {"price": _yen_text(price), "period": f"{year}Q{quarter}",
                  "series": f"{self.series.region}/{self.series.type}",
                  "valuation_date": on.isoformat(),
                  "index_quarter": decimal_text(self.from_index) if self.from_index is not None else "不明",
                  "index_valuation": (f"{decimal_text(self.to_index)} ({self.to_month})"
                                      if self.to_index is not None else "不明"),
                  "factor": decimal_text(self.factor, 6)}
        if self.sources:
            inputs["index_sources"] = " ".join(self.sources)
        if self.vintage:
            inputs["index_vintage"] = self.vintage
        return Step(name="time_adjustment", label=msg("comparables.steps.time_adjustment"),
                    formula="price × index(valuation month) ÷ mean(index of the quarter's 3 months)",
                    inputs=inputs, result=result, rounding=ROUNDING.label(),
                    rules=rules,
                    note=None if self.adjusted else msg("comparables.notes.no_adjustment"))


def time_adjustment(period: tuple[int, int], to_date: date, series: Series,
                    table: PriceIndexTable, max_lag_months: int = 6) -> TimeAdjustment:
    """The index factor from a transaction quarter ``(year, quarter)`` to ``to_date``: from the
    first vintage that has both ends (imported, first-published, revised), else the
    first-published table's flags."""
    vintages = [*(("imported", layer) for layer in table.imported), ("", table.points),
                ("revised", table.revised)]
    first = _adjust_in(table.points, period, to_date, series, max_lag_months)
    for vintage, layer in vintages:
        adj = first if layer is table.points else _adjust_in(layer, period, to_date, series,
                                                              max_lag_months, vintage)
        if adj.adjusted:
            return adj
    return first


def _latest_in(layer: Mapping[Key, IndexPoint], series: Series, on: date,
               max_lag_months: int) -> tuple[str, IndexPoint] | None:
    for back in range(max_lag_months + 1):
        month = month_key(*_minus_months(on.year, on.month, back))
        point = layer.get((series.region, series.type, month))
        if point is not None:
            return month, point
    return None


def _adjust_in(layer: Mapping[Key, IndexPoint], period: tuple[int, int], to_date: date,
               series: Series, max_lag_months: int, vintage: str = "") -> TimeAdjustment:
    """The adjustment with every value from one vintage."""
    year, quarter = period
    months = [month_key(year, 3 * (quarter - 1) + m) for m in (1, 2, 3)]
    points = [layer.get((series.region, series.type, m)) for m in months]
    latest = _latest_in(layer, series, to_date, max_lag_months)
    from_points = [p for p in points if p is not None]
    from_index = (sum((p.value for p in from_points), Fraction(0)) / 3
                  if len(from_points) == 3 else None)
    to_month, to_point = latest if latest else (None, None)
    flags: list[IndexFlag] = []
    if to_month is not None and to_month != month_key(to_date.year, to_date.month):
        flags.append(IndexFlag.CARRIED_FORWARD)
    if from_index is None or to_point is None:
        flags.append(IndexFlag.MISSING)
        return TimeAdjustment(Fraction(1), tuple(flags), series, from_index,
                              to_point.value if to_point else None, to_month)
    if {p.basis for p in from_points} != {to_point.basis}:
        flags.append(IndexFlag.BASIS_MISMATCH)
        return TimeAdjustment(Fraction(1), tuple(flags), series, from_index, to_point.value, to_month)
    sources = tuple(dict.fromkeys(p.source for p in (*from_points, to_point) if p.source))
    return TimeAdjustment(to_point.value / from_index, tuple(flags), series, from_index,
                          to_point.value, to_month, sources, vintage)


def adjust_to_date(price: Yen, from_period: tuple[int, int], to_date: date, series: Series,
                   table: PriceIndexTable, max_lag_months: int = 6,
                   ) -> tuple[Yen, Fraction, tuple[IndexFlag, ...]]:
    """``(adjusted price, factor, flags)``: the price × factor, 1円未満切捨て; factor 1 and a
    MISSING or BASIS_MISMATCH flag when an end is unknown (never extrapolated)."""
    adj = time_adjustment(from_period, to_date, series, table, max_lag_months)
    return round_yen(Fraction(price) * adj.factor, ROUNDING), adj.factor, adj.flags


def load_index_table(book: RuleBook, on: date,
                     imported: Iterable[ImportedIndexValue] = ()) -> PriceIndexTable:
    """The shipped (or overridden) index table in force on ``on``, with the user's ``imported``
    values (``ImportedIndexValue``s, newest file first) tried before it."""
    resolved = book.at(INDEX_RULE, on)
    table = PriceIndexTable.from_rows(resolved.value, RuleUse.of(resolved))
    values = tuple(imported)
    return table.with_imported(values) if values else table


def month_key(year: int, month: int) -> str:
    """``"YYYY-MM"``, as the table writes a month."""
    return f"{year:04d}-{month:02d}"


def _minus_months(year: int, month: int, back: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) - back
    return total // 12, total % 12 + 1


def _bad(where: str, row: int, field: str, ja: str, en: str) -> RuleDataError:
    return RuleDataError(where, f"{row + 1}行目の {field}: {ja}", f"row {row + 1}, {field}: {en}")


def _choice(row: Mapping[str, Any], field: str, allowed: frozenset[str], where: str, i: int) -> str:
    value = row.get(field)
    if not isinstance(value, str) or value not in allowed:
        raise _bad(where, i, field, f"{value!r} は使えません", f"{value!r} is not one of {sorted(allowed)}")
    return value


def _month(row: Mapping[str, Any], where: str, i: int) -> str:
    value = row.get("month")
    if not isinstance(value, str) or not _MONTH.fullmatch(value):
        raise _bad(where, i, "month", f"{value!r} は YYYY-MM ではありません", f"{value!r} is not YYYY-MM")
    return value


def _index(row: Mapping[str, Any], where: str, i: int) -> Fraction:
    value = row.get("index")
    try:
        if not isinstance(value, str) or not _INDEX.fullmatch(value):
            raise InvalidOperation
        dec = Decimal(value)
    except InvalidOperation:
        raise _bad(where, i, "index", f"{value!r} は指数（例 \"144.1\"）ではありません",
                   f"{value!r} is not an index such as \"144.1\"") from None
    if dec <= 0:
        raise _bad(where, i, "index", "正の数にしてください", "must be positive")
    return Fraction(dec)


def decimal_text(value: Fraction, places: int = 4) -> str:
    """An exact fraction shown to ``places`` decimals (display only; the arithmetic stays exact)."""
    scaled = round_yen(value * 10 ** places, Rounding.HALF_UP)
    sign = "-" if scaled < 0 else ""
    whole, frac = divmod(abs(scaled), 10 ** places)
    return f"{sign}{whole}.{frac:0{places}d}".rstrip("0").rstrip(".")


def _yen_text(price: Fraction | int) -> str:
    if isinstance(price, int):
        return format_yen(price)
    return format_yen(round_yen(price, ROUNDING))


# ------------------------------------------------------------------ updating the rule file


ROW_FIELDS = ("region", "type", "month", "index", "basis", "source")


def render_row(row: Mapping[str, str]) -> str:
    """One table row as the rule file writes it (an inline table on its own line)."""
    return "  { " + ", ".join(f'{k} = "{row[k]}"' for k in ROW_FIELDS) + " },"


def add_rows(text: str, rows: Sequence[Mapping[str, str]],
             sources: Mapping[str, tuple[str, str]] = {}) -> str:
    """The text of ``comparables.price_index`` with ``rows`` appended to its table (for a future
    update command). Every row is checked as the loader checks it, a series and month already
    present is refused, and each row's source must be listed in the file or given in ``sources``
    (url → (publisher, title)), which are appended as ``read = "excerpt"``."""
    start = text.index("\nvalue = [\n") + len("\nvalue = [\n")
    end = text.index("\n]\n", start)
    old = tomllib.loads("value = [\n" + text[start:end] + "\n]\n")["value"]
    PriceIndexTable.from_rows([*old, *rows])  # strict: a bad or repeated row raises
    listed = set(re.findall(r'^url = "([^"]+)"$', text, flags=re.MULTILINE))
    missing = {str(r["source"]) for r in rows} - listed - set(sources)
    if missing:
        raise RuleDataError(INDEX_RULE, f"出典が書かれていません: {sorted(missing)}",
                            f"no source given for {sorted(missing)}")
    body = text[:end] + "\n" + "\n".join(render_row(r) for r in rows) + text[end:]
    for url, (publisher, title) in sources.items():
        if url not in listed:
            body += (f'[[values.sources]]\npublisher = "{publisher}"\ntitle = "{title}"\n'
                     f'url = "{url}"\nread = "excerpt"\n')
    return body
