"""Select comparables (取引事例の選定): by municipality, and optionally district, kind, area,
building age on a valuation date, structure and period; newest first.

Rows whose value for a filter is unknown (no area, no building year, a capped area under an upper
bound) do not match that filter: a comparable is kept only where it is known to fit.

Where several imports cover the same cell (municipality, quarter, price class and kind: a
downloaded file and an API fetch of the same quarters, say), only the newest import's rows of that
cell are read, so a transaction is never counted twice (``superseded``).
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from zansai.comps.fields import parse_cells, stored_cells
from zansai.comps.record import Comparable, Kind, Period, PriceClass, Structure
from zansai.comps.store import CompStore

DEFAULT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Criteria:
    """What to select. Ranges are inclusive; None leaves that side open."""

    city: str
    """市区町村コード (five digits)."""
    district: str | None = None
    kind: Kind | None = None
    price_class: PriceClass | None = None
    area: tuple[Decimal | None, Decimal | None] = (None, None)
    """面積（㎡）: land area, or a condo's floor area."""
    floor_area: tuple[Decimal | None, Decimal | None] = (None, None)
    """延床面積（㎡）: a house's floor area."""
    age: tuple[int | None, int | None] = (None, None)
    """Building age in whole years in the valuation date's year."""
    on: date | None = None
    """The valuation date (required with ``age``)."""
    structure: Structure | None = None
    since: Period | None = None
    until: Period | None = None
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True, slots=True)
class Selection:
    """The comparables selected (newest first, at most ``limit``) and how many matched in all."""

    criteria: Criteria
    comparables: tuple[Comparable, ...]
    total: int


def _area_clause(
    column: str, bounds: tuple[Decimal | None, Decimal | None], where: list[str], args: list[Any]
) -> None:
    """An area known to lie in the bounds (hundredths of a m²; a capped area, stored negative, is
    at least its bound: it meets a lower bound, never an upper one)."""
    low, high = bounds
    if low is not None:
        where.append(f"abs({column}) >= ?")
        args.append(math.ceil(low * 100))
    if high is not None:
        where.append(f"{column} BETWEEN 0 AND ?")
        args.append(math.floor(high * 100))


def _where(c: Criteria) -> tuple[str, list[Any]]:
    where: list[str] = ["municipality_code = ?"]
    args: list[Any] = [c.city]
    if c.kind is not None:
        where.append("kind = ?")
        args.append(c.kind.name.lower())
    if c.district is not None:
        where.append("district = ?")
        args.append(c.district)
    if c.price_class is not None:
        where.append("price_class = ?")
        args.append(c.price_class.name.lower())
    _area_clause("area", c.area, where, args)
    _area_clause("floor_area", c.floor_area, where, args)
    young, old = c.age
    if young is not None or old is not None:
        if c.on is None:
            raise ValueError("an age range needs the valuation date (Criteria.on)")
        year = c.on.year
        where.append("building_year IS NOT NULL")
        if young is not None:
            where.append("building_year <= ?")
            args.append(year - young)
        if old is not None:
            where.append("building_year >= ?")
            args.append(year - old)
    if c.structure is not None:
        where.append("structure = ?")
        args.append(c.structure.value)
    if c.since is not None:
        where.append("period >= ?")
        args.append(c.since.code)
    if c.until is not None:
        where.append("period <= ?")
        args.append(c.until.code)
    return " AND ".join(where), args


def superseded(conn: sqlite3.Connection, city: str) -> list[tuple[int, int, str, str]]:
    """The cells of ``city`` whose rows a newer import replaces: (import, period, price class,
    kind) for every import but the newest (the highest id) covering the same cell."""
    newest: dict[tuple[int, str, str], int] = {}
    older: list[tuple[int, int, str, str]] = []
    for import_id, *cell in conn.execute(
        "SELECT import_id, period, price_class, kind FROM comps_cover WHERE municipality_code = ? "
        "ORDER BY import_id DESC",
        (city,),
    ):
        key = (cell[0], cell[1], cell[2])
        if key in newest:
            older.append((import_id, *key))
        else:
            newest[key] = import_id
    return older


_NEWER = (
    "NOT EXISTS (SELECT 1 FROM comps_cover v WHERE v.municipality_code = comps.municipality_code "
    "AND v.period = comps.period AND v.price_class = comps.price_class AND v.kind = comps.kind "
    "AND v.import_id > comps.import_id)"
)
_MAX_LISTED = 2000
"""Superseded cells listed in the statement (4 values each, far below SQLite's 32,766); beyond,
each row is looked up in ``comps_cover`` (slower, never too long a statement)."""


def _without(where: str, args: list[Any], older: list[tuple[int, int, str, str]]) -> tuple[str, list[Any]]:
    """``where`` and its values, leaving out the rows of the ``older`` cells."""
    if not older:
        return where, args
    if len(older) > _MAX_LISTED:
        return f"{where} AND {_NEWER}", args
    values = ", ".join(["(?, ?, ?, ?)"] * len(older))
    return (
        f"{where} AND (import_id, period, price_class, kind) NOT IN (VALUES {values})",
        [*args, *(v for cell in older for v in cell)],
    )


def select(store: CompStore, criteria: Criteria) -> Selection:
    """The comparables that match ``criteria`` (one read snapshot; superseded rows left out)."""
    conn = store.connection
    conn.execute("BEGIN")
    with conn:
        where, args = _without(*_where(criteria), superseded(conn, criteria.city))
        total = int(conn.execute(f"SELECT count(*) FROM comps WHERE {where}", args).fetchone()[0])
        # Sort the row ids, not the rows: the sorter then never carries the cells.
        rows = conn.execute(
            "SELECT cells FROM comps WHERE rowid IN (SELECT rowid FROM comps WHERE "
            f"{where} ORDER BY period DESC, rowid DESC LIMIT ?) ORDER BY period DESC, rowid DESC",
            [*args, criteria.limit],
        ).fetchall()
    return Selection(
        criteria, tuple(parse_cells(stored_cells(r[0]), 0) for r in rows), total
    )
