"""The municipalities the imported comparables name (市区町村名), by code: what a form offers when
a homeowner types a municipality by name instead of its 5-digit code.

MLIT writes each row's 都道府県名 and 市区町村名 beside its 市区町村コード; one stored row per code
is enough. Plain SQL on the ``comps`` table's existing columns (``municipality_code``, ``cells``).
"""

from __future__ import annotations

from zansai.comps.fields import HEADER, stored_cells
from zansai.comps.store import CompStore

_PREFECTURE = HEADER.index("都道府県名")
_MUNICIPALITY = HEADER.index("市区町村名")


def municipality_names(store: CompStore, prefecture: str | None = None) -> dict[str, str]:
    """市区町村コード → 市区町村名 as MLIT writes it (「札幌市中央区」, 「西多摩郡奥多摩町」), for the
    municipalities with at least one imported row, in ``prefecture`` (2 digits) or everywhere."""
    low, high = (prefecture + "000", prefecture + "999") if prefecture else ("00000", "99999")
    rows = store.connection.execute(
        "SELECT municipality_code, cells FROM comps WHERE rowid IN (SELECT min(rowid) FROM comps "
        "WHERE municipality_code BETWEEN ? AND ? GROUP BY municipality_code) ORDER BY municipality_code",
        (low, high),
    ).fetchall()
    out: dict[str, str] = {}
    for code, cells in rows:
        parts = stored_cells(cells)
        if len(parts) > _MUNICIPALITY and parts[_MUNICIPALITY]:
            out[str(code)] = parts[_MUNICIPALITY]
    return out


def imports_mark(store: CompStore) -> int:
    """A number that changes whenever comparables are imported or replaced (for caches)."""
    row = store.connection.execute("SELECT coalesce(max(id), 0) + count(*) FROM comps_imports").fetchone()
    return int(row[0])
