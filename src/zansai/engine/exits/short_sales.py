"""The sales that may leave debt and so need the lienholders' consent: 任意売却 and 業者買取."""

from __future__ import annotations

from zansai.engine.distribution import lender_refusal_risk
from zansai.engine.exits.closing import close, moving_paid_by_household, sell
from zansai.engine.exits.consents import blocked, short_sale_consents
from zansai.engine.exits.context import Context
from zansai.engine.exits.result import ExitResult
from zansai.engine.sale import Channel
from zansai.messages import msg
from zansai.model import DistributionMode, ExitKey, LenderType
from zansai.money import Yen
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
        reasons.append(msg("exits.short_sale.after_deadline", on=case.sale_date, last=last))
    if jhf:
        warnings.append(msg("exits.short_sale.jhf_application"))
    if not ctx.delinquent:
        warnings.append(msg("exits.short_sale.needs_arrears"))
    if auction_first_lender is not None:
        risk = lender_refusal_risk(dist, first_lender_auction_recovery=auction_first_lender)
        if risk:
            warnings.append(risk)
    if dist.mode is DistributionMode.FULL_REPAYMENT or (normal is not None and normal.feasible):
        warnings.append(msg("exits.short_sale.not_needed"))
    moving = moving_paid_by_household(costs, dist)
    out_of_pocket = sum(it.amount for it in dist.out_of_pocket)
    if moving:
        warnings.append(msg("exits.short_sale.moving_not_paid", amount=moving))
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
    warnings: list[Text] = [msg("exits.short_sale.dealer_quick")]
    reasons = blocked(consents)
    moving = moving_paid_by_household(costs, dist) if below_debt else 0
    out_of_pocket = sum(it.amount for it in dist.out_of_pocket)
    if below_debt:
        warnings.append(msg("exits.short_sale.dealer_needs_consent"))
    return close(ctx, ExitKey.DEALER_PURCHASE, costs, dist, claims, cash_needed=moving + out_of_pocket,
                 can_stay=False, completion=ctx.case.sale_date, feasible=True, warnings=warnings,
                 reasons=reasons, default_needed=below_debt, consents=consents)
