"""もしも表 in the terminal: remaining debt by price (rows) and settlement month (columns), the
short sale's beside it, then the break-evens in plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from zansai.money import format_percent, format_yen
from zansai.report.terminal.common import Out, report_console

if TYPE_CHECKING:
    from zansai.engine.whatif import WhatIf
    from zansai.engine.whatif.grid import SaleCell


def _man(amount: int) -> str:
    """Yen as 万円 with one decimal when not whole (a table heading, not a figure)."""
    whole, rest = divmod(amount, 10_000)
    return f"{whole:,}万" if rest == 0 else f"{format_yen(amount)}"


def _cell(sale: SaleCell | None, highlight: bool) -> str:
    if sale is None:
        return "—"
    text = format_yen(sale.remaining_debt)
    if not sale.possible:
        text = f"[dim]{text}[/dim]"
    return f"[reverse]{text}[/reverse]" if highlight else text


def _table(w: WhatIf, title: str, short: bool) -> Table:
    row0, col0 = w.nearest()
    table = Table(title=title, title_justify="left")
    table.add_column("価格 price", justify="right")
    for d in w.dates:
        table.add_column(d.isoformat(), justify="right")
    for i, (price, cells) in enumerate(zip(w.prices, w.cells, strict=True)):
        table.add_row(_man(price), *(_cell(c.short if short else c.normal, (i, j) == (row0, col0))
                                     for j, c in enumerate(cells)))
    return table


def print_whatif(w: WhatIf, console: Out | None = None) -> None:
    """``zansai whatif``: the two grids of remaining debt, the auction reference, the break-evens."""
    console = report_console(console)
    console.print(f"[bold]{w.case.title}[/bold] · 計算基準日 at {w.case.at.isoformat()} · "
                  f"査定 case price {format_yen(w.case_price)}")
    console.print(_table(w, "通常売却の残債（不足額） normal sale: debt left (shortfall)", short=False))
    if any(c.short is not None for r in w.cells for c in r):
        console.print(_table(w, "任意売却の残債 short sale: debt left (dim: after the last day)", short=True))
    a = w.auction
    if a is not None:
        console.print(f"競売での第1順位の回収 auction recovery (first lender): {format_yen(a.recovery)} "
                      f"on {a.payment_date.isoformat()}, discounted at {format_percent(a.rate)}/yr")
    for b in w.break_evens:
        ja, en = b.summary
        console.print(f"• {ja}\n  {en}")
    for ja, en in w.notes:
        console.print(f"[dim]※ {ja} / {en}[/dim]")
