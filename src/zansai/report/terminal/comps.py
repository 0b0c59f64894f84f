"""``zansai comps query`` in a terminal: the comparables as a table, with MLIT's credit line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from zansai.messages import msg

if TYPE_CHECKING:
    from zansai.comps.query import Selection
    from zansai.messages import Msg

_LANG = "ja"


def _t(id: str, **params: object) -> str:
    m = msg(f"comps.{id}", **params)
    return f"{m.text('ja')} / {m.text('en')}" if params else m.text(_LANG)


def print_selection(selection: Selection, credits: list[Msg], console: Console | None = None) -> None:
    """The table (newest first), how many matched, and the credit lines."""
    console = console or Console()
    if not selection.comparables:
        console.print(_t("query.none", city=selection.criteria.city))
    else:
        table = Table(title=msg("comps.query.title", city=selection.criteria.city).text(_LANG))
        for key in ("period", "kind", "district", "price", "area", "per_m2", "built", "structure",
                    "plan", "station"):
            table.add_column(msg(f"comps.columns.{key}").text(_LANG),
                             justify="right" if key in ("price", "area", "per_m2") else "left")
        for c in selection.comparables:
            per_m2 = c.price_per_m2()
            area = "" if c.area_m2 is None else f"{c.area_m2}{'+' if c.area_capped else ''}"
            walk = c.station_minutes_raw or ""
            table.add_row(str(c.period), c.kind_label, c.district or "", f"{c.trade_price:,}", area,
                          "" if per_m2 is None else f"{int(per_m2):,}", c.building_year_raw or "",
                          c.structure_label or "", c.floor_plan or "",
                          f"{c.station or ''} {walk}{'分' if walk.isdigit() else ''}".strip())
        console.print(table)
        console.print(_t("query.shown", shown=len(selection.comparables), total=selection.total))
    for line in credits:
        console.print(line.text("ja"))
