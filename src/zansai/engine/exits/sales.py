"""The sales that repay every lien: 通常売却, 売却＋自己資金 and 住み替えローン."""

from __future__ import annotations

from fractions import Fraction

from zansai.engine.exits.closing import close, sell
from zansai.engine.exits.context import Context
from zansai.engine.exits.result import ExitResult
from zansai.engine.loan import annuity_payment
from zansai.engine.sale import Channel
from zansai.messages import msg
from zansai.model import ExitKey
from zansai.money import Rounding, format_percent, format_yen
from zansai.trace import Step, Text


def normal_sale(ctx: Context) -> ExitResult:
    """通常売却: sold through an agent; the price must repay every lien (アンダーローン)."""
    costs, dist, claims = sell(ctx, ExitKey.NORMAL_SALE, Channel.BROKERED, short=False)
    shortfall = dist.remaining_debt
    reasons: list[Text] = []
    if shortfall > 0:
        reasons.append(msg("exits.sales.overloan", shortfall=shortfall))
    return close(ctx, ExitKey.NORMAL_SALE, costs, dist, claims, cash_needed=shortfall, can_stay=False,
                 completion=ctx.case.sale_date, feasible=shortfall == 0, warnings=[],
                 reasons=reasons, default_needed=False)


def sale_with_savings(ctx: Context) -> ExitResult:
    """売却＋自己資金: the household's savings and relatives' help cover the shortfall."""
    costs, dist, claims = sell(ctx, ExitKey.NORMAL_SALE, Channel.BROKERED, short=False)
    hh = ctx.case.household
    shortfall = dist.remaining_debt
    available = hh.savings + hh.relatives_help
    used = min(shortfall, available)
    reasons: list[Text] = []
    warnings: list[Text] = []
    if shortfall == 0:
        warnings.append(msg("exits.sales.no_savings_needed"))
    elif available < shortfall:
        reasons.append(msg("exits.sales.savings_short", shortfall=shortfall, available=available))
    if hh.relatives_help and shortfall:
        warnings.append(msg("exits.sales.help_in_writing"))
    step = Step(name="savings_used", label=msg("exits.steps.savings_used"),
                formula="min(shortfall, savings + relatives' help)",
                inputs={"shortfall": format_yen(shortfall), "savings": format_yen(hh.savings),
                        "relatives_help": format_yen(hh.relatives_help)},
                result=format_yen(used))
    return close(ctx, ExitKey.SALE_WITH_SAVINGS, costs, dist, claims, cash_needed=shortfall,
                 can_stay=False, completion=ctx.case.sale_date, feasible=available >= shortfall,
                 warnings=warnings, reasons=reasons, default_needed=False,
                 details={"shortfall": shortfall, "savings_used": used}, remaining=shortfall - used,
                 steps=[step])


def trade_up(ctx: Context) -> ExitResult | None:
    """住み替えローン: one new loan for the next home and the old loan's shortfall (同日決済)."""
    case = ctx.case
    t = case.trade_up
    if t is None:
        return None
    costs, dist, claims = sell(ctx, ExitKey.NORMAL_SALE, Channel.BROKERED, short=False)
    shortfall = dist.remaining_debt
    new_loan = t.new_home_price + t.purchase_costs + shortfall
    months = t.years * 12
    monthly = annuity_payment(new_loan, t.annual_rate / 12, months, Rounding.FLOOR)
    warnings: list[Text] = [msg("exits.sales.same_day")]
    reasons: list[Text] = []
    if shortfall == 0:
        warnings.append(msg("exits.sales.ordinary_loan_enough"))
    if ctx.delinquent:
        reasons.append(msg("exits.sales.trade_up_unavailable"))
    income = case.household.monthly_income
    ratio = Fraction(monthly, income) if income else None
    step = Step(name="trade_up_loan", label=msg("exits.steps.trade_up_loan"),
                formula="new home + purchase costs + shortfall; payment = annuity(rate/12, years×12)",
                inputs={"new_home_price": format_yen(t.new_home_price),
                        "purchase_costs": format_yen(t.purchase_costs),
                        "shortfall": format_yen(shortfall), "rate": format_percent(t.annual_rate),
                        "years": str(t.years)},
                result=f"{format_yen(new_loan)}, {format_yen(monthly)}/月",
                rounding=Rounding.FLOOR.label(None))
    return close(ctx, ExitKey.TRADE_UP, costs, dist, claims, cash_needed=0, can_stay=False,
                 completion=case.sale_date, feasible=True, warnings=warnings, reasons=reasons,
                 default_needed=False, remaining=shortfall,
                 details={"new_loan": new_loan, "monthly_payment": monthly, "years": t.years,
                          "shortfall_carried": shortfall,
                          "payment_to_income": format_percent(ratio) if ratio is not None else None},
                 steps=[step])
