"""滞納 in the terminal: what is overdue, the late charges, and the total due on the date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console

from zansai.money import format_percent, format_yen

if TYPE_CHECKING:
    from zansai.engine.arrears import ArrearsResult


def print_arrears(result: ArrearsResult, console: Console | None = None) -> None:
    """The missed instalments, 遅延損害金 (per day too), after 期限の利益喪失 the principal and
    interest then due, and the total."""
    console = console or Console()
    console.print(f"{result.on.isoformat()} 時点 / as of {result.on.isoformat()} — "
                  f"延滞 {len(result.missed)} 回 missed, 遅延損害金率 {format_percent(result.late_rate)}")
    console.print(f"延滞額 overdue instalments {format_yen(result.overdue_amount)}")
    console.print(f"遅延損害金 late charges {format_yen(result.late_charges)} "
                  f"(1日あたり per day {format_yen(result.daily_late_charge)})")
    if result.accelerated:
        console.print(f"期限の利益喪失 acceleration {result.acceleration_date}: 残元金 principal "
                      f"{format_yen(result.principal_outstanding)}, 未払利息 unpaid interest "
                      f"{format_yen(result.interest_due)}")
    console.print(f"請求額合計 total due [bold]{format_yen(result.total_due)}[/bold]")
    for ja, en in result.notes:
        console.print(f"注 note: {ja} / {en}", markup=False)
