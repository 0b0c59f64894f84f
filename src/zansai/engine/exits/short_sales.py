"""The sales that may leave debt and so need the lienholders' consent: 任意売却 and 業者買取."""

from __future__ import annotations

from zansai.engine.distribution import lender_refusal_risk
from zansai.engine.exits.closing import close, moving_paid_by_household, sell
from zansai.engine.exits.consents import blocked, short_sale_consents
from zansai.engine.exits.context import Context
from zansai.engine.exits.result import ExitResult
from zansai.engine.sale import Channel
from zansai.model import DistributionMode, ExitKey, LenderType
from zansai.money import Yen, format_yen
from zansai.trace import Text


def short_sale(ctx: Context, auction_first_lender: Yen | None,
               normal: ExitResult | None = None) -> ExitResult:
    """任意売却: the lender agrees to release its lien for less; the rest stays owed."""
    case = ctx.case
    costs, dist, claims = sell(ctx, ExitKey.SHORT_SALE, Channel.BROKERED, short=True)
    consents = short_sale_consents(ctx)
    warnings: list[Text] = []
    reasons = blocked(consents)
    jhf = any(lien.lender is LenderType.JHF for lien in case.liens)
    last = ctx.dates.last_short_sale_day
    if case.sale_date > last:
        reasons.append((f"決済予定日 {case.sale_date} は任意売却の期限 {last} を過ぎています",
                        f"the sale date {case.sale_date} is after the last day for a short sale ({last})"))
    if jhf:
        warnings.append(("住宅金融支援機構のローンは、競売の申立て前に「任意売却に関する申出書」を出す必要があります",
                         "a 住宅金融支援機構 (JHF) loan must be put up for short sale before the auction "
                         "is filed"))
    if not ctx.delinquent:
        warnings.append(("返済を続けている間は、金融機関はふつう任意売却に応じません"
                         "（記事2: 任意売却は基本的に滞納していることが条件）",
                         "lenders rarely agree to a short sale while payments are current (seed 2)"))
    if auction_first_lender is not None:
        risk = lender_refusal_risk(dist, first_lender_auction_recovery=auction_first_lender)
        if risk:
            warnings.append(risk)
    if dist.mode is DistributionMode.FULL_REPAYMENT or (normal is not None and normal.feasible):
        warnings.append(("通常売却で全額返済できるので、任意売却は必要ありません",
                         "a normal sale repays every lien: no short sale is needed"))
    moving = moving_paid_by_household(costs, dist)
    out_of_pocket = sum(it.amount for it in dist.out_of_pocket)
    if moving:
        warnings.append((f"引越費用 {format_yen(moving)} は原則として売却代金から出せません（機構基準）。"
                         "交渉で認められることがあります（記事1）",
                         f"the moving cost {format_yen(moving)} is not normally paid from the price "
                         "(JHF standard); it is sometimes granted on request (seed 1)"))
    return close(ctx, ExitKey.SHORT_SALE, costs, dist, claims, cash_needed=moving + out_of_pocket,
                 can_stay=False, completion=case.sale_date, feasible=True, warnings=warnings,
                 reasons=reasons, default_needed=True, consents=consents,
                 details={"last_short_sale_day": last.isoformat(), "out_of_pocket": out_of_pocket,
                          "moving_paid_by_household": moving})


def dealer_purchase(ctx: Context) -> ExitResult:
    """業者買取: a buyer-reseller buys directly; faster, cheaper, no brokerage fee."""
    costs, dist, claims = sell(ctx, ExitKey.DEALER_PURCHASE, Channel.DIRECT, short=None)
    below_debt = dist.mode is DistributionMode.SHORT_SALE
    consents = short_sale_consents(ctx) if below_debt else ()
    warnings: list[Text] = [("仲介より安くなりやすい一方、短期間で現金化できます（記事1）",
                             "usually cheaper than a brokered sale, but quick (seed 1)")]
    reasons = blocked(consents)
    moving = moving_paid_by_household(costs, dist) if below_debt else 0
    out_of_pocket = sum(it.amount for it in dist.out_of_pocket)
    if below_debt:
        warnings.append(("価格がローンに届かないので、抵当権者の同意（任意売却）が必要です",
                         "the price does not cover the loans: the lienholders must agree (short sale)"))
    return close(ctx, ExitKey.DEALER_PURCHASE, costs, dist, claims, cash_needed=moving + out_of_pocket,
                 can_stay=False, completion=ctx.case.sale_date, feasible=True, warnings=warnings,
                 reasons=reasons, default_needed=below_debt, consents=consents)
