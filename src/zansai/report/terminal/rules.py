"""The rule book in the terminal: the rules in force on a date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from zansai.rules import RulesSnapshot


def print_rules(snapshot: RulesSnapshot, console: Console | None = None) -> None:
    """One row per rule in force (value, unit, kind, period, sources), then the unconfirmed
    values' caveats and the rules that do not cover the date."""
    console = console or Console()
    on = snapshot.on.isoformat()
    table = Table(title=f"{on} に適用されるルール / rules in force on {on}",
                  show_lines=True, title_justify="left")
    for col in ("key", "名称 / label", "value", "unit", "kind", "period", "source"):
        table.add_column(col)
    for r in snapshot.resolved:
        p = r.period
        flag = " ⚠ unconfirmed" if r.caveat else ""
        table.add_row(
            r.rule.key, f"{r.rule.label_ja}\n{r.rule.label_en}", r.display() + flag, r.rule.unit,
            f"{r.rule.kind.value}\n{p.confidence.value}",
            f"{p.start.isoformat()} – {p.end.isoformat() if p.end else ''}",
            "\n".join(s.cite() for s in p.sources),
        )
    console.print(table)
    for r in snapshot.resolved:
        if r.caveat:
            console.print(f"[yellow]⚠ {r.rule.key}: {r.caveat[0]}\n  {r.caveat[1]}[/yellow]")
    for rule in snapshot.not_covered:
        console.print(f"{rule.key}: not covered on {on} (covers {rule.coverage_text()})")
