"""``--explain`` in the terminal: each figure with its formula, inputs, rounding and rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from zansai.trace import Explanation


def print_explanation(explanation: Explanation, console: Console | None = None) -> None:
    """なぜこの数字？: one row per step, then the notes and the caveats in both languages."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    table = Table(title=f"なぜこの数字？ / why these numbers — {explanation.title}",
                  show_lines=True, title_justify="left")
    table.add_column("figure")
    table.add_column("formula")
    table.add_column("inputs")
    table.add_column("result", justify="right")
    table.add_column("rounding / rules")
    for step in explanation.steps:
        rules = "\n".join(f"{r.key} = {r.value} [{r.kind}, {r.confidence}] — "
                          f"{'; '.join(r.sources)}" for r in step.rules)
        note = step.note if isinstance(step.note, str) or step.note is None else "\n".join(step.note)
        extra = "\n".join(x for x in (step.rounding, rules, note) if x)
        table.add_row(f"{step.label_in('ja')}\n{step.name}", step.formula,
                      "\n".join(f"{k} = {v}" for k, v in step.inputs.items()),
                      step.result, extra)
    console.print(table)
    for note in explanation.notes:
        console.print(f"• {note}")
    for ja, en in explanation.caveats:
        console.print(f"[yellow]⚠ {ja}\n  {en}[/yellow]")
