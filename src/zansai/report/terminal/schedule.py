"""償還表 in the terminal: one loan's summary and table, or several loans on one home and their sum."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from zansai.money import format_percent, format_yen

if TYPE_CHECKING:
    from zansai.engine.loan import Schedule


def print_schedule(result: Schedule, at: date | None, *, show_rows: bool,
                   console: Console | None = None) -> None:
    """The repayment table (unless ``show_rows`` is false), then the loan's summary lines."""
    console = console or Console()
    if show_rows:
        console.print(_schedule_table(result))
    for line in _summary_lines(result, at):
        console.print(line)


def _summary_lines(result: Schedule, at: date | None) -> list[str]:
    """The loan, its payments and totals, and the balance on ``at``."""
    loan = result.loan
    lines = [
        f"借入額 principal {format_yen(loan.principal)} · 年利 rate "
        f"{format_percent(loan.annual_rate)} · {loan.months}回 · {loan.method.value} · "
        f"rounding {loan.rounding.name}",
        f"毎月返済額 monthly payment [bold]{format_yen(result.monthly_payment)}[/bold]",
    ]
    if result.initial_bonus_payment:
        lines.append(f"ボーナス返済額 bonus payment {format_yen(result.initial_bonus_payment)} "
                     f"× {result.bonus_periods}")
    lines += [
        f"総利息 total interest {format_yen(result.total_interest)}",
        f"総返済額 total paid {format_yen(result.total_paid)}",
    ]
    if at is not None:
        lines.append(f"{at.isoformat()} 時点の残高 balance [bold]"
                     f"{format_yen(result.balance_at(at))}[/bold]")
    return lines


def _schedule_table(result: Schedule) -> Table:
    """Every payment; the bonus and prepayment columns only when the loan has them."""
    table = Table(title="償還表 / repayment schedule", title_justify="left")
    for name in ("回 no.", "期日 due", "返済額 payment", "利息 interest", "元金 principal",
                 "残高 balance"):
        table.add_column(name, justify="right")
    has_bonus = bool(result.initial_bonus_payment)
    has_pre = any(r.prepayment for r in result.rows)
    if has_bonus:
        table.add_column("うちボーナス bonus", justify="right")
    if has_pre:
        table.add_column("繰上返済 prepaid", justify="right")
    for r in result.rows:
        cells = [str(r.number), r.due_date.isoformat(), f"{r.payment:,}", f"{r.interest:,}",
                 f"{r.principal:,}", f"{r.balance:,}"]
        if has_bonus:
            cells.append(f"{r.bonus_payment:,}" if r.bonus_payment else "")
        if has_pre:
            cells.append(f"{r.prepayment:,}" if r.prepayment else "")
        table.add_row(*cells)
    return table


def print_loan_set(results: list[Schedule], at: date | None, console: Console | None = None) -> None:
    """Several loans on one home (ペアローン): each loan's summary, then what they add up to."""
    from zansai.engine.loan import LoanSet
    from zansai.report.loan_json import loan_set_summary

    combined = loan_set_summary(LoanSet(tuple(results)), at)
    console = console or Console()
    for r in results:
        console.rule(r.loan.name)
        print_schedule(r, at, show_rows=False, console=console)
    console.rule("合計 combined")
    for key, value in combined.items():
        console.print(f"{key}: {format_yen(value) if isinstance(value, int) else value}")
