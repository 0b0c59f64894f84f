"""個人再生 (rehabilitation) after the sale: the plan total, its instalments, costs and consequences.

The plan pays the largest of the 231条 minimum, the liquidation value and (salaried) two years of
disposable income, capped at the claims; 3 years of instalments (up to 5) from the approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.dates import add_months
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.credit_record import official_gazette_record, transaction_records
from zansai.engine.residual.guarantors import others_liable
from zansai.engine.residual.rehabilitation.costs import rehabilitation_costs
from zansai.engine.residual.rehabilitation.disposable_income import disposable_income
from zansai.engine.residual.rehabilitation.eligibility import Claims, claims, plan_years, salaried_barred
from zansai.engine.residual.rehabilitation.instalments import plan_instalments, support_lump_at_end
from zansai.engine.residual.rehabilitation.liquidation_value import LiquidationValue, liquidation_value
from zansai.engine.residual.rehabilitation.minimum import MinimumRepayment, minimum_repayment
from zansai.engine.residual.rehabilitation.notes import common_notes
from zansai.engine.residual.results import Route, make_route
from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import RouteKey
from zansai.money import Yen, format_yen
from zansai.trace import Text, explaining


@dataclass(frozen=True, slots=True)
class _Plan:
    """The 再生計画 as computed: its total, instalments and dates."""

    years: int
    required: Yen
    """The plan total (計画弁済総額)."""
    monthly: Yen
    last: Yen
    count: int
    lump: Yen
    """Support arrears due in one sum at the end."""
    first: date
    end: date


def rehabilitation(ctx: RouteContext, *, salaried: bool) -> Route:
    """給与所得者等再生 (``salaried``) or 小規模個人再生 on the debts after the sale."""
    key = RouteKey.SALARIED_REHABILITATION if salaried else RouteKey.SMALL_REHABILITATION
    work = Workings(ctx.book)
    found, eligible = claims(ctx, work, key)
    minimum, liq = _floors(ctx, work, found.total)
    disposable = disposable_income(ctx, work, key) if salaried else 0
    _figures(work, found, minimum.amount, liq.to_dict(),
             disposable if salaried and ctx.household.annual_minimum_living_cost is not None else None,
             salaried=salaried, surplus=ctx.surplus_cash)
    if salaried and salaried_barred(ctx, work):
        eligible = False
    years, allowed = plan_years(ctx, work)
    eligible = eligible and allowed
    common_notes(ctx, work, salaried=salaried, found=found)
    who = others_liable(ctx.debts, lambda people: msg("residual.rehabilitation.guarantors",
                                                      debtor=ctx.debtor, who=people))
    if minimum.amount is None or not allowed or found.total == 0:
        return make_route(work, key, eligible=False, feasible=False, total_to_pay=0, instalments_total=0,
                          monthly=0, last=0, months=None, end=None, costs=(), forgiven=0, surviving=0,
                          official_gazette=0, guarantors=who, credit=())
    required = min(max(minimum.amount, liq.amount, disposable), found.total)
    if explaining():
        work.step(f"{key}.plan_total", msg("residual.rehabilitation.plan_total"),
                  "min(max(minimum, liquidation value" + (", disposable income" if salaried else "")
                  + "), T)",
                  {"minimum": format_yen(minimum.amount), "liquidation": format_yen(liq.amount),
                   **({"disposable": format_yen(disposable)} if salaried else {}),
                   "T": format_yen(found.total)},
                  format_yen(required))
    plan = _plan(ctx, work, key, found, required, years)
    return _route(ctx, work, key, found, plan, eligible=eligible, who=who)


def _floors(ctx: RouteContext, work: Workings, total: Yen) -> tuple[MinimumRepayment, LiquidationValue]:
    """最低弁済額 and 清算価値, the same for both kinds of 個人再生 on the same claims: worked out
    once, each route showing steps of its own (an explanation shows a step object once)."""
    kept: tuple[MinimumRepayment, LiquidationValue] | None = ctx.kept.get(("floors", total))
    if kept is None:
        kept = ctx.kept[("floors", total)] = (
            minimum_repayment(total, on=ctx.filing, book=ctx.book),
            liquidation_value(ctx.assets, debtor=ctx.debtor, on=ctx.filing, book=ctx.book,
                              surplus=ctx.surplus_cash))
        minimum, liq = kept
        work.add(minimum.step, minimum.rules_used)
        work.add(liq.step, liq.rules_used)
        return kept
    minimum, liq = kept
    work.add(minimum.step.again(), minimum.rules_used)
    work.add(liq.step.again(), liq.rules_used)
    return kept


def _figures(work: Workings, found: Claims, minimum: Yen | None, liquidation: dict[str, Any],
             disposable: Yen | None, *, salaried: bool, surplus: Yen) -> None:
    """The figures the route's steps and messages state in words, as numbers for the JSON."""
    work.figure("claims_total", found.total)
    work.figure("minimum_repayment", minimum)
    work.figure("liquidation_value", liquidation)
    if salaried:
        work.figure("disposable_income", disposable)
    work.figure("sale_surplus", surplus)
    work.figure("support_arrears", found.support)
    work.figure("taxes", found.taxes)
    for name in ("plan_total", "support_in_plan", "support_lump_at_end"):
        work.figure(name, None)


def _plan(ctx: RouteContext, work: Workings, key: RouteKey, found: Claims, required: Yen,
          years: int) -> _Plan:
    """The instalments, the support lump and the dates, from an approval ≈ filing + duration."""
    monthly, last, count = plan_instalments(work, key, required, years, ctx.options.instalment_rounding,
                                            ctx.filing)
    lump = support_lump_at_end(work, key, found.support, required, found.total)
    work.figure("plan_total", required)
    work.figure("support_in_plan", found.support - lump)
    work.figure("support_lump_at_end", lump)
    filing = ctx.filing
    dur = work.rule("rehabilitation.filing_to_confirmation_months", filing)
    approval = add_months(filing, int(dur.value))
    first, end = add_months(approval, 1), add_months(approval, max(count, 1))
    if explaining():
        work.step(f"{key}.dates", msg("residual.rehabilitation.dates"),
                  "approval ≈ filing + duration; first instalment the month after",
                  {"filing": filing.isoformat(), "duration_months": str(dur.value)},
                  f"approval ≈ {approval.isoformat()}, {first.isoformat()} – {end.isoformat()}", rules=(dur,))
    return _Plan(years, required, monthly, last, count, lump, first, end)


def _route(ctx: RouteContext, work: Workings, key: RouteKey, found: Claims, plan: _Plan, *,
           eligible: bool, who: Text) -> Route:
    """Costs, feasibility on the household's income, the 官報 and the credit records."""
    costs = rehabilitation_costs(ctx, work)
    costs_total = sum(c.amount for c in costs)
    forgiven = found.total - plan.required - plan.lump
    total_to_pay = plan.required + plan.lump + found.taxes + costs_total
    feasible = eligible
    if ctx.household.monthly_income <= 0:
        feasible = False
        work.reasons.append(msg("residual.rehabilitation.steady_income"))
    if plan.monthly > ctx.capacity:
        feasible = False
        work.reasons.append(msg("residual.rehabilitation.over_capacity", monthly=plan.monthly,
                                capacity=ctx.capacity))
    official_gazette = work.rule("rehabilitation.gazette_publications", ctx.filing)
    credit = [official_gazette_record(work, ctx.filing), *transaction_records(work, plan.end, ctx.filing)]
    _life(work, plan, official_gazette.value)
    return make_route(work, key, eligible=eligible, feasible=feasible, total_to_pay=total_to_pay,
                      instalments_total=plan.required, monthly=plan.monthly, last=plan.last,
                      months=plan.count, end=plan.end, costs=costs, forgiven=forgiven,
                      surviving=found.support + found.taxes, official_gazette=int(official_gazette.value),
                      guarantors=who, credit=credit, first=plan.first, lump_at_end=plan.lump)


def _life(work: Workings, plan: _Plan, notices: object) -> None:
    """The 官報 notices and the years of payments (``notices``: the rule's count, as written)."""
    work.life += [
        msg("residual.rehabilitation.gazette", notices=notices),
        msg("residual.rehabilitation.payments", years=plan.years, count=plan.count, monthly=plan.monthly,
            last=plan.last),
    ]
    if plan.lump:
        work.life.append(msg("residual.rehabilitation.lump_at_end", end=plan.end, amount=plan.lump))
