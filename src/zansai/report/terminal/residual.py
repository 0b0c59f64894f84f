"""残債の整理 in the terminal: the routes for the debt left after the sale, side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zansai.model import RouteKey
from zansai.money import format_yen
from zansai.report.terminal.common import Out, report_console, yen
from zansai.report.terminal.plain import ReportTable

if TYPE_CHECKING:
    from zansai.engine.plan import Plan


def print_residual(plan: Plan, console: Out | None = None) -> None:
    """残債の整理: the routes side by side with the household's own numbers."""
    routes = plan.residual
    if routes is None:
        return
    console = report_console(console)
    exit_label = next((e.label_ja for e in plan.exits if e.key == plan.residual_exit), plan.residual_exit)
    console.print(f"[bold]残債の整理 / routes for the remaining debt[/bold]（{exit_label}の後、"
                  f"{routes.debtor}: 合計 total {format_yen(routes.total_debt)}、月々払える額 capacity "
                  f"{format_yen(routes.capacity)}）", highlight=False)
    table = ReportTable(title_justify="left")
    table.add_column("方法\nroute", ratio=1, min_width=14)
    for col in ("支払総額\ntotal", "月額\nmonthly", "回数\nmonths", "費用\ncosts", "免除\nforgiven"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("官報\ngazette", justify="center", no_wrap=True)
    table.add_column("信用情報\ncredit until", no_wrap=True)
    table.add_column("可否\nok", justify="center", no_wrap=True)
    for row in routes.table():
        mark = ("[green]✓[/green]" if row["feasible"] else "[yellow]△[/yellow]" if row["eligible"]
                else "[red]✗[/red]")
        monthly = "一括 lump" if row["key"] == RouteKey.LUMP_SUM else yen(row["monthly"] or None)
        credit = row["credit_until"] or "—"
        if row.get("credit_open"):
            credit = f"≥ {credit}" if row["credit_until"] else "不明 unknown"
        table.add_row(row["label_ja"], yen(row["total_to_pay"]), monthly,
                      "—" if row["months"] is None else str(row["months"]), yen(row["costs"]),
                      yen(row["forgiven"]), f"{row['gazette']}回" if row["gazette"] else "—",
                      credit, mark)
    console.print(table)
    for row in routes.table():
        for r in row["reasons"][:1]:
            console.print(f"  ✗ {row['label_ja']}: {r['ja']}", highlight=False)
    if any(d.guarantors or d.joint_debtors for d in routes.debts):
        for route in routes.routes:
            console.print(f"  ・ {route.label_ja}: {route.guarantors[0]}", highlight=False)
    for ja, _en in routes.warnings:
        console.print(f"  ⚠ {ja}", highlight=False)
    if routes.limitation:
        console.print("[dim]時効は情報として表示しています（勧める方法ではありません）。"
                      "--json の limitation を参照。 / The statute of limitations is information "
                      "only, never a route: see `limitation` in --json.[/dim]")

