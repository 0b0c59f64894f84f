"""Who may use 個人再生: the claims under the cap (民再221条1項), the plan length (229条2項), and the
bars of 給与所得者等再生 (a regular income, 7 years since an earlier discharge, 239条5項2号)."""

from __future__ import annotations

from dataclasses import dataclass

from zansai.dates import add_years
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import DebtKind, RouteKey
from zansai.money import Yen, format_yen
from zansai.trace import Text, explaining


@dataclass(frozen=True, slots=True)
class Claims:
    """再生債権: the debts a plan reduces (ordinary and support), and the taxes outside it."""

    plan_debts: tuple[ResidualDebt, ...]
    total: Yen
    """T: Σ ordinary + support debts."""
    support: Yen
    taxes: Yen


def claims(ctx: RouteContext, work: Workings, key: RouteKey, note: Text | None = None) -> tuple[Claims, bool]:
    """The claims total T, and whether it allows a plan (some debt, T within the cap); ``note``
    says what T leaves out (default: after a sale, nothing)."""
    plan_debts = tuple(d for d in ctx.debts if d.kind in (DebtKind.ORDINARY, DebtKind.SUPPORT))
    total = sum(d.amount for d in plan_debts)
    found = Claims(plan_debts, total, ctx.total(DebtKind.SUPPORT), ctx.total(DebtKind.TAX))
    cap_res = work.rule("rehabilitation.debt_cap", ctx.filing)
    cap = int(cap_res.value)
    if explaining():
        work.step(f"{key}.claims", msg("residual.rehabilitation.claims"),
                  "T = Σ ordinary + support debts (taxes excluded)",
                  {d.name: format_yen(d.amount) for d in plan_debts} | {"cap": format_yen(cap)},
                  format_yen(total), rules=(cap_res,),
                  note=note or msg("residual.rehabilitation.claims_note"))
    eligible = True
    if total == 0:
        eligible = False
        work.reasons.append(msg("residual.rehabilitation.nothing_to_reduce"))
    if total > cap:
        eligible = False
        work.reasons.append(msg("residual.rehabilitation.over_cap", total=total, cap=cap))
    return found, eligible


def plan_years(ctx: RouteContext, work: Workings) -> tuple[int, bool]:
    """The plan length (the user's, or the standard 3 years) and whether the law allows it."""
    years_res = work.rule("rehabilitation.plan_years", ctx.filing)
    standard, maximum = int(years_res.value["standard"]), int(years_res.value["maximum"])
    years = ctx.options.plan_years if ctx.options.plan_years is not None else standard
    if years > maximum:
        work.reasons.append(msg("residual.rehabilitation.too_long", years=years, maximum=maximum))
    elif years < standard:
        work.reasons.append(msg("residual.rehabilitation.too_short", standard=standard))
    elif years > standard:
        work.warnings.append(msg("residual.rehabilitation.longer_than_standard", standard=standard))
    return years, standard <= years <= maximum


def salaried_barred(ctx: RouteContext, work: Workings) -> bool:
    """Adds the reasons 給与所得者等再生 is closed (no regular income, the 7-year bar); True if any."""
    before = len(work.reasons)
    if not ctx.household.salaried:
        work.reasons.append(msg("residual.rehabilitation.no_salary"))
    prev = ctx.options.previous_discharge
    res = work.rule("rehabilitation.salaried_repeat_bar_years", ctx.filing)
    if prev is not None and ctx.filing < add_years(prev, int(res.value)):
        work.reasons.append(msg("residual.rehabilitation.repeat_bar", previous=prev, years=res.value))
    return len(work.reasons) > before
