"""可処分所得要件: a 給与所得者等再生 plan pays at least 2 years of disposable income."""

from __future__ import annotations

from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.rehabilitation.living_cost import disposable_income_test
from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import RouteKey
from zansai.money import Yen, format_yen
from zansai.trace import explaining


def disposable_income(ctx: RouteContext, work: Workings, key: RouteKey) -> Yen:
    """2 years of disposable income (民再241条2項7号, 3項); 0 when the living cost is not entered.

    The 政令's amounts are 不明, so the minimum living cost is always the user's (said in a warning).
    """
    res = work.rule("rehabilitation.salaried_disposable_income_years", ctx.filing)
    order = work.rule("rehabilitation.minimum_living_cost_order", ctx.filing)
    work.warnings.append(msg("keep_home.living_cost_order_unknown"))
    years = int(res.value)
    annual = 12 * ctx.household.monthly_income
    cost = ctx.household.annual_minimum_living_cost
    note = msg("residual.rehabilitation.disposable_note")
    label = msg("residual.rehabilitation.disposable")
    if cost is None:
        missing = msg("residual.rehabilitation.not_entered")
        if explaining():
            work.step(f"{key}.disposable", label, f"{years} × (annual income − minimum living cost)",
                      {"annual_income": format_yen(annual),
                       "minimum_living_cost": f"{missing.ja} / {missing.en}"},
                      "not computed", rules=(res, order), note=note)
        work.warnings.append(msg("residual.rehabilitation.no_living_cost"))
        return 0
    amount = disposable_income_test(annual, cost, years)
    if explaining():
        work.step(f"{key}.disposable", label,
                  f"max(0, {years} × (12 × monthly income − minimum living cost))",
                  {"monthly_income": format_yen(ctx.household.monthly_income),
                   "annual_income": format_yen(annual), "minimum_living_cost": format_yen(cost)},
                  format_yen(amount), rules=(res, order), note=note)
    return amount
