"""The sales that repay every lien: 通常売却, 売却＋自己資金 and 住み替えローン."""

from __future__ import annotations

from fractions import Fraction

from zansai.engine.exits.closing import close, sell
from zansai.engine.exits.context import Context
from zansai.engine.exits.result import ExitResult
from zansai.engine.loan import annuity_payment
from zansai.engine.sale import Channel
from zansai.model import ExitKey
from zansai.money import Rounding, format_percent, format_yen
from zansai.trace import Step, Text


def normal_sale(ctx: Context) -> ExitResult:
    """通常売却: sold through an agent; the price must repay every lien (アンダーローン)."""
    costs, dist, claims = sell(ctx, ExitKey.NORMAL_SALE, Channel.BROKERED, short=False)
    shortfall = dist.remaining_debt
    reasons: list[Text] = []
    if shortfall > 0:
        reasons.append((f"売却代金では {format_yen(shortfall)} 足りず、抵当権を外せません（オーバーローン）",
                        f"the price falls {format_yen(shortfall)} short, so the liens cannot be "
                        "released (overloan)"))
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
        warnings.append(("売却代金で完済できるので自己資金は要りません",
                         "the price repays everything; no savings are needed"))
    elif available < shortfall:
        reasons.append((f"不足 {format_yen(shortfall)} に対し、預貯金と援助は {format_yen(available)} です",
                        f"the shortfall is {format_yen(shortfall)} but savings and help are "
                        f"{format_yen(available)}"))
    if hh.relatives_help and shortfall:
        warnings.append(("親族からの援助は借入か贈与かを書面にしておきましょう（贈与税に注意）",
                         "put relatives' help in writing as a loan or a gift (gift tax may apply)"))
    step = Step(name="savings_used", label_ja="自己資金の充当",
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
    warnings: list[Text] = [("旧居の売却と新居の購入は同じ日に決済する必要があり、"
                             "審査は通常より厳しくなります",
                             "the sale and the purchase must settle on the same day, and the loan "
                             "is screened more strictly than an ordinary one")]
    reasons: list[Text] = []
    if shortfall == 0:
        warnings.append(("売却代金で完済できるので、住み替えローンではなく通常の住宅ローンで足ります",
                         "the sale repays the loan, so an ordinary home loan is enough"))
    if ctx.delinquent:
        reasons.append(("延滞が信用情報に載っているので、住み替えローンは実際には使えません",
                        "with missed payments on the credit record a trade-up loan is not "
                        "available in practice"))
    income = case.household.monthly_income
    ratio = Fraction(monthly, income) if income else None
    step = Step(name="trade_up_loan", label_ja="住み替えローンの借入額と毎月返済額",
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
