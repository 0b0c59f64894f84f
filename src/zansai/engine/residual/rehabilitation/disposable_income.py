"""可処分所得要件: a 給与所得者等再生 plan pays at least 2 years of disposable income."""

from __future__ import annotations

from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.workings import Workings
from zansai.model import RouteKey
from zansai.money import Yen, format_yen


def disposable_income(ctx: RouteContext, work: Workings, key: RouteKey) -> Yen:
    """2 years of disposable income (民再241条2項7号, 3項); 0 when the living cost is not entered."""
    res = work.rule("rehabilitation.salaried_disposable_income_years", ctx.filing)
    years = int(res.value)
    annual = 12 * ctx.household.monthly_income
    cost = ctx.household.annual_minimum_living_cost
    note = ("monthly_income is take-home pay: income less income tax, resident tax and social insurance "
            "(241条2項7号ハ). The statute averages a base period before the filing, shorter after a job "
            "change or a large change of income (イ・ロ): enter the income on that basis.")
    if cost is None:
        work.step(f"{key}.disposable", "可処分所得要件", f"{years} × (annual income − minimum living cost)",
                  {"annual_income": format_yen(annual), "minimum_living_cost": "未入力 / not entered"},
                  "not computed", rules=(res,), note=note)
        work.warnings.append((
            "最低限度の生活費（平成13年政令第50号の別表）は未収録のため、可処分所得要件を計算できません。"
            "金額を入力してください。表示の弁済額は下限です",
            "the minimum living cost (tables of Cabinet Order No. 50 of 2001) is not transcribed, so the "
            "disposable-income test cannot be computed; enter the amount. The plan figures shown are a lower "
            "bound"))
        return 0
    amount = max(0, years * (annual - cost))
    work.step(f"{key}.disposable", "可処分所得要件",
              f"max(0, {years} × (12 × monthly income − minimum living cost))",
              {"monthly_income": format_yen(ctx.household.monthly_income),
               "annual_income": format_yen(annual), "minimum_living_cost": format_yen(cost)},
              format_yen(amount), rules=(res,), note=note)
    return amount
