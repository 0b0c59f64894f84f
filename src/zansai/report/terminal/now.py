"""What to do now, in the terminal: the next deadlines with their countdown, the actions that
matter now and who is affected (``report.now``), in Japanese with the English beneath."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zansai.messages import msg
from zansai.report.now import next_steps
from zansai.report.terminal.common import Out

if TYPE_CHECKING:
    from zansai.engine.plan import Plan


def print_now(plan: Plan, console: Out) -> None:
    """The block that follows the answer, counted from the plan's calculation date."""
    steps = next_steps(plan, plan.case.at)
    console.print(f"[bold]{msg('now.heading.title').ja} / {msg('now.heading.title').en}[/bold]")
    for d in steps.deadlines:
        when = f"{d.on}{msg('now.countdown.estimate').ja if d.estimate else ''}"
        days = msg("now.countdown.days", days=d.days) if d.days else msg("now.countdown.today")
        console.print(f"  ⏰ {days.ja} {when} {d.label.ja}\n     {d.closes.ja}", highlight=False)
        console.print(f"     [dim]{days.en}: {d.label.en}. {d.closes.en}[/dim]", highlight=False)
    for n in steps.notes:
        console.print(f"  {n.ja}\n    [dim]{n.en}[/dim]", highlight=False)
    for i, a in enumerate(steps.actions, 1):
        console.print(f"  {i}. {a.text.ja}\n     [dim]{a.text.en}[/dim]", highlight=False)
    for a in steps.affected:
        console.print(f"  ・ {a.text.ja}\n    [dim]{a.text.en}[/dim]", highlight=False)
    if steps.best is not None:
        console.print(f"  ★ {steps.best.ja}\n    [dim]{steps.best.en}[/dim]", highlight=False)
