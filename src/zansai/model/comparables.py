"""The comparable sales (取引事例) a shell found for a case: plain records the engine values.

The shell (CLI, web app) reads them from the comps store and sets ``Case.comparables``; the case
file never carries them and the engine never reads a database. ``None`` on the case means no
lookup was made (no location, no database), and the plan is exactly what it was without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from zansai.messages import Msg


@dataclass(frozen=True, slots=True)
class ComparableRecord:
    """One sale as the valuation reads it (satisfies ``engine.comparables.ComparableSale``)."""

    kind: str
    """種類 as MLIT writes it (中古マンション等, 宅地(土地と建物), 宅地(土地))."""
    trade_price: int
    area_m2: Decimal | None
    total_floor_area_m2: Decimal | None
    building_year: int | None
    structure: str | None
    """建物の構造 as MLIT writes it (ＲＣ, 木造 …)."""
    period: tuple[int, int]
    """取引時期 (year, quarter)."""
    municipality_code: str
    district: str


@dataclass(frozen=True, slots=True)
class FoundComparables:
    """The sales selected for a case, how many matched in all, and the credit lines to show."""

    sales: tuple[ComparableRecord, ...]
    matched: int
    """How many sales matched the query (``sales`` holds the newest, up to the query's limit)."""
    credit: tuple[Msg, ...]
    """The credit lines MLIT's terms require wherever its data is shown."""
    index_values: tuple[ImportedIndexValue, ...] = ()
    """The price index values the user imported into the same database (tried before the
    shipped table when a sale is time-adjusted)."""


@dataclass(frozen=True, slots=True)
class ImportedIndexValue:
    """One value of MLIT's 不動産価格指数 a user imported (``zansai comps index import``): the
    series (region, type), month "YYYY-MM", basis (sa 季節調整値 / original 原系列), the index as
    published, and its source (the file's name, hash and import date)."""

    region: str
    type: str
    month: str
    basis: str
    value: Decimal
    source: str
