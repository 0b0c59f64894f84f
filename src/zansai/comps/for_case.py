"""The comparable sales for a case (取引事例の選定): the shell's lookup before the plan.

Same municipality, same kind, floor area within the matching rule's ratio, traded in the rule's
recent months before the calculation date; newest first. The district, building year and
structure are not filtered on: the valuation counts them toward how close each sale is. No
database file, no sale imported, no location or no floor area: no lookup (``None``), and the
plan is exactly as without.
"""

from __future__ import annotations

import math
import os
import sqlite3
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

from zansai.comps.credit import credit_lines
from zansai.comps.query import Criteria, select
from zansai.comps.record import Comparable, Kind, Period
from zansai.comps.store import APPLICATION_ID, CompStore, CompStoreError
from zansai.errors import InputError
from zansai.messages import msg
from zansai.model import Case
from zansai.model.comparables import ComparableRecord, FoundComparables
from zansai.model.home import PropertyKind
from zansai.rules import RuleBook

__all__ = ["NO_COMPS_ENV", "comps_db_path", "find_comparables", "record_of", "with_comparables"]

MATCHING_RULE = "comparables.matching"
NO_COMPS_ENV = "ZANSAI_NO_COMPS"
"""Set to 1: the shells look up no comparables in the default database."""

_KINDS = {PropertyKind.CONDO: Kind.CONDO, PropertyKind.HOUSE: Kind.LAND_AND_BUILDING}


def comps_db_path(explicit: str | Path | None = None) -> Path | None:
    """The database to read comparables from: ``explicit``, else the app's default database unless
    ``$ZANSAI_NO_COMPS`` is set; None when that file does not exist (nothing is created)."""
    if explicit is None and os.environ.get(NO_COMPS_ENV, "") not in ("", "0"):
        return None
    if explicit is None:
        from zansai.web.store import default_db_path

        explicit = default_db_path()
    path = Path(explicit).expanduser()
    return path if path.is_file() else None


def record_of(c: Comparable) -> ComparableRecord:
    """A stored sale as the valuation reads it (MLIT's own labels for kind and structure)."""
    return ComparableRecord(
        kind=c.kind.value, trade_price=c.trade_price,
        area_m2=None if c.area_capped else c.area_m2,
        total_floor_area_m2=None if c.total_floor_area_capped else c.total_floor_area_m2,
        building_year=c.building_year, structure=c.structure_label,
        period=(c.period.year, c.period.quarter), municipality_code=c.municipality_code,
        district=c.district or "")


def _months_back(on: date, months: int) -> Period:
    total = on.year * 12 + on.month - 1 - months
    return Period(total // 12, total % 12 // 3 + 1)


def _bounds(area: Decimal, ratio: Decimal) -> tuple[Decimal, Decimal]:
    """Areas within ×ratio either way, widened to whole hundredths (the store's unit)."""
    low = Decimal(math.floor(area / ratio * 100)) / 100
    return low, area * ratio


def criteria_for(case: Case, book: RuleBook) -> Criteria | None:
    """The query for ``case``; None without a municipality code or floor area."""
    prop = case.property
    kind = _KINDS.get(prop.kind)
    if prop.municipality_code is None or prop.floor_area_m2 is None or kind is None:
        return None
    params = book.at(MATCHING_RULE, case.at).value
    ratio = Decimal(str(params["area_ratio_max"]))
    bounds = _bounds(prop.floor_area_m2, ratio)
    on = case.at
    return Criteria(
        city=prop.municipality_code, kind=kind,
        area=bounds if kind is Kind.CONDO else (None, None),
        floor_area=bounds if kind is Kind.LAND_AND_BUILDING else (None, None),
        since=_months_back(on, int(params["recency_months"])),
        until=Period(on.year, (on.month - 1) // 3 + 1))


def _has_sales(path: Path) -> bool:
    """Whether the file holds any imported sale, read without writing (the app's database is
    shared with the cases: a plan must not lock it); a file that is not a database holds none
    here, and opening it as the store then says what is wrong."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            if int(conn.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
                return True  # not zansai's: the store refuses it with a one-line error
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'comps'").fetchone() is None:
                return False
            return conn.execute("SELECT 1 FROM comps LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return True


def find_comparables(case: Case, book: RuleBook, path: str | Path) -> FoundComparables | None:
    """The comparables in the database at ``path`` for ``case``: None when it cannot be matched or
    nothing was ever imported (the plan is then as without); no sale found is an empty result."""
    criteria = criteria_for(case, book)
    if criteria is None or not _has_sales(Path(path)):
        return None
    with CompStore(path) as store:
        found = select(store, criteria)
        sources = store.sources()
    from zansai.comps.index_import import imported_values

    since = criteria.since
    first = f"{since.year:04d}-{3 * since.quarter - 2:02d}" if since is not None else "0000-00"
    months = (first, f"{case.at:%Y-%m}")  # the index months the valuation can use
    return FoundComparables(tuple(record_of(c) for c in found.comparables), found.total,
                            tuple(credit_lines(sources)), imported_values(path, months))


def with_comparables(case: Case, book: RuleBook, db: str | Path | None = None) -> Case:
    """``case`` with the comparables found for it (unchanged when there is nothing to look up)."""
    from dataclasses import replace

    if case.property.municipality_code is None:
        return case
    path = comps_db_path(db)
    try:
        found = find_comparables(case, book, path) if path is not None else None
    except CompStoreError as exc:  # the file named is not a zansai database: the user's to fix
        raise InputError(exc.message_ja, exc.message_en, field="comps_db") from None
    if found is None and case.market_value is None and not case.appraisals \
            and case.road_price_per_m2 is None:  # nothing else to value it from: say how to add data
        ja, en = msg("valuation_comps.errors.nothing_to_value")
        raise InputError(f"valuation: {ja}", f"valuation: {en}", field="valuation")
    return case if found is None else replace(case, comparables=found)
