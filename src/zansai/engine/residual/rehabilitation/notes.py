"""What a 個人再生 after the sale should know: no housing-loan clause, taxes outside the plan, and
the creditors who can defeat a 小規模個人再生 plan alone in the written vote (書面決議)."""

from __future__ import annotations

from fractions import Fraction

from zansai.engine.exact import fraction
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.rehabilitation.eligibility import Claims
from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import RouteKey
from zansai.money import Yen, format_percent, format_yen
from zansai.trace import explaining


def common_notes(ctx: RouteContext, work: Workings, *, salaried: bool, found: Claims) -> None:
    """The warnings both kinds of 個人再生 share, and the vote of the small-scale one."""
    work.warnings.append(msg("residual.rehabilitation.no_housing_clause"))
    if found.taxes:
        work.warnings.append(msg("residual.rehabilitation.taxes_outside", amount=found.taxes))
    if not salaried and found.total > 0:
        _vote(ctx, work, found)


def _vote(ctx: RouteContext, work: Workings, found: Claims) -> None:
    """書面決議 (消極的同意, 民再230条6項): who can defeat the plan alone, by claims or by headcount."""
    total = found.total
    veto = work.rule("rehabilitation.resolution_veto_share", ctx.filing)
    head, share = fraction(veto.value["headcount"]), fraction(veto.value["amount"])
    by_creditor: dict[str, Yen] = {}
    for d in found.plan_debts:
        by_creditor[d.creditor or d.name] = by_creditor.get(d.creditor or d.name, 0) + d.amount
    n = len(by_creditor)
    blockers = [c for c, amt in by_creditor.items()
                if Fraction(amt, total) > share or Fraction(1, n) >= head]
    if explaining():
        work.step(f"{RouteKey.SMALL_REHABILITATION}.vote", msg("residual.rehabilitation.vote"),
                  f"a creditor alone defeats the plan if its claims > {format_percent(share)} of T or 1/n ≥ "
                  f"{format_percent(head)}",
                  {c: f"{format_yen(a)} ({format_percent(Fraction(a, total))})"
                   for c, a in by_creditor.items()},
                  ", ".join(blockers) or "none", rules=(veto,))
    for c in blockers:
        work.warnings.append(msg("residual.rehabilitation.veto", creditor=c))
