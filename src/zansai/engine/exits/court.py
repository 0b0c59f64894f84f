"""競売: the court sells the home; late charges run until the buyer pays."""

from __future__ import annotations

from typing import Any

from zansai.engine.distribution import allocate
from zansai.engine.exits.closing import close
from zansai.engine.exits.context import Context, claims_on
from zansai.engine.exits.filing import filed_claim
from zansai.engine.exits.result import ExitResult
from zansai.engine.sale import auction_costs
from zansai.messages import msg
from zansai.model import ExitKey
from zansai.trace import Text


def auction(ctx: Context, price_key: ExitKey) -> ExitResult:
    """競売: the court sells; late charges run until the buyer pays, and nobody helps with moving."""
    case = ctx.case
    d = ctx.dates
    on = d.auction_payment
    price = ctx.valuation.price(price_key)
    claims = claims_on(ctx, on, assume_default=True)
    filed = filed_claim(ctx)
    costs = auction_costs(filed.claim, filing=filed.filed_on, liens=1, book=ctx.book,
                          claim_source="estimated" if filed.claim_estimated else "given",
                          notes=filed.notes)
    ctx.rules_used.extend(costs.rules_used)
    dist = allocate(price, costs=list(costs.items), liens=claims.liens,
                    association_claim=claims.association, tax_claim=claims.tax,
                    annual_property_tax=case.property.annual_property_tax, settlement=on,
                    book=ctx.book, short_sale=False, auction=True)
    ctx.rules_used.extend(dist.rules_used)
    moving = case.moving_cost if case.moving_cost is not None else \
        int(ctx.use("market.moving_cost", case.sale_date))
    warnings: list[Text] = [msg("exits.court.no_moving_help"), msg("exits.court.late_charges_run"),
                            msg("exits.court.tokyo_deposit")]
    if price_key is ExitKey.AUCTION_SEED:
        warnings.append(msg("exits.court.rule_of_thumb"))
    auction_price = ctx.valuation.prices[price_key]
    details: dict[str, Any] = {"filing_date": d.auction_filing.isoformat(),
                               "payment_date": on.isoformat(), "filing_claim": filed.claim,
                               "filing_date_estimated": filed.date_estimated,
                               "filing_claim_estimated": filed.claim_estimated}
    if filed.date_estimated or filed.claim_estimated:
        warnings.append(msg("auction.warnings.costs_estimated", filing=filed.filed_on,
                            amount=filed.claim))
    if auction_price.base_price is not None:
        details["base_price"] = auction_price.base_price
        details["minimum_bid"] = auction_price.minimum_bid
    if not ctx.delinquent:
        warnings.append(msg("exits.court.assumed_default"))
    if price_key is ExitKey.AUCTION_COURT and case.property.has_location:
        from zansai.engine.auction_court import court_view  # only for a case with a location
        view = court_view(case.property, ctx.valuation, ctx.book, case.at, d.auction_filing, on)
        if view is not None:
            details["court"] = view.to_dict()
    return close(ctx, price_key, costs, dist, claims, cash_needed=moving, can_stay=False,
                 completion=on, feasible=True, warnings=warnings, reasons=[], default_needed=True,
                 details=details, owners_sign=False, steps=[filed.step])
