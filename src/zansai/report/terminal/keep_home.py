"""The terminal's lines on 個人再生で家を残す: the month's payments and the plan per creditor."""

from __future__ import annotations

from zansai.engine.plan import Plan
from zansai.messages import msg
from zansai.model import ExitKey
from zansai.money import format_yen
from zansai.report.terminal.common import Out


def print_keep_home(plan: Plan, console: Out) -> None:
    """When keeping the home through 個人再生 is feasible: what each month costs, what the plan pays
    and forgives, and each creditor's share of an instalment."""
    e = next((x for x in plan.exits if x.key == ExitKey.KEEP_HOME_REHABILITATION), None)
    if e is None or not e.feasible:
        return
    d, p = e.details, e.details["plan"]
    ja, en = msg("keep_home.summary", loan=d["monthly_payment"], arrears=d["arrears_monthly"],
                 plan=d["plan_instalment"], needed=d["monthly_needed"], capacity=d["monthly_capacity"],
                 total=p["plan_total"], count=p["instalments"], forgiven=p["forgiven"])
    console.print(f"[bold]{e.label_ja} / {e.label_en}[/bold]\n  {ja}\n  [dim]{en}[/dim]", highlight=False)
    ext = d.get("extension")
    if d.get("variant") == "extended" and ext:
        ja, en = msg("keep_home.extended", monthly=ext["monthly_payment"], months=ext["months_added"],
                     last=ext["last_due"])
        console.print(f"  {ja}\n  [dim]{en}[/dim]", highlight=False)
    for c in p["by_creditor"]:
        console.print(f"    {c['creditor']}: {format_yen(c['regular'])} × {p['instalments'] - 1} + "
                      f"{format_yen(c['odd'])} = {format_yen(c['total'])}", highlight=False)
    convention = msg(f"keep_home.convention.{p['rounding']}")
    console.print(f"  {convention.ja}\n  [dim]{convention.en}[/dim]", highlight=False)
