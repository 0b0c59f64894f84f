"""The valuation's comparables basis in the terminal report: one line, and the credit lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zansai.messages import msg
from zansai.report.terminal.common import Out

if TYPE_CHECKING:
    from zansai.engine.plan import Plan


def print_comparables(plan: Plan, console: Out) -> None:
    """取引事例: the range, how many, the confidence and MLIT's credit line (nothing when the
    plan has no comparables)."""
    found = plan.valuation.comparables
    if found is None:
        return
    b = found.basis
    level = msg(f"comparables.confidence.{b.confidence}")
    if b.low is not None and b.central is not None and b.high is not None:
        line = msg("valuation_comps.terminal.range", low=b.low, central=b.central, high=b.high,
                   count=len(b.used), confidence=level)
    else:
        line = msg("valuation_comps.terminal.too_few", count=len(b.used))
    console.print(f"{line.ja} / {line.en}", highlight=False)
    if b.low is None:
        how = msg("comparables.notes.how_to_add")
        console.print(f"[dim]{how.ja} / {how.en}[/dim]", highlight=False)
    for credit in found.credit:
        console.print(f"[dim]{credit.ja}[/dim]", highlight=False)
