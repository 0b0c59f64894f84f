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
        console.print(_t("query.none", city=selection.criteria.city), soft_wrap=True, markup=False)
    else:
        table = Table(
            title=msg("comps.query.title", city=selection.criteria.city).text(_LANG), pad_edge=False
        )
        for key in ("period", "kind", "district", "price", "area", "per_m2", "built", "station"):
            table.add_column(
                msg(f"comps.columns.{key}").text(_LANG),
                no_wrap=key not in ("district", "station"),
                min_width=4 if key in ("district", "station") else None,  # never squeezed to nothing
                overflow="fold" if key in ("district", "station") else "ellipsis",
                justify="right" if key in ("price", "area", "per_m2") else "left",
            )
        for c in selection.comparables:
            per_m2 = c.price_per_m2()
            area = "" if c.area_m2 is None else f"{c.area_m2}{'+' if c.area_capped else ''}"
            walk = c.station_minutes_raw or ""
            built = "戦前" if c.prewar else "" if c.building_year is None else str(c.building_year)
            table.add_row(
                str(c.period),
                msg(f"comps.kinds.{c.kind.name.lower()}").text(_LANG),
                c.district or "",
                f"{c.trade_price:,}",
                area,
                "" if per_m2 is None else f"{int(per_m2):,}",
                built,
                f"{walk}{'分' if walk.isdigit() else ''}",
            )
        console.print(table)
        console.print(
            _t("query.shown", shown=len(selection.comparables), total=selection.total),
            soft_wrap=True,
            markup=False,
        )
    for line in credits:
        console.print(line.text("ja"), soft_wrap=True, markup=False)  # never cut: the terms require it
