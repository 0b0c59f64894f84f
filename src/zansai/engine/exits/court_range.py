"""Where the exits' ranking flips within the auction's price range (競売の価格の幅と順位).

The exits are ranked by the debt they leave. With a court-calibrated range (``auction_court``),
the auction is priced again at its low and its high: an exit whose remaining debt lies strictly
between the two ranks above the auction at one end and below it at the other, and a warning on
the auction exit says so.
"""

from __future__ import annotations

from dataclasses import replace

from zansai.engine.exits.context import Context
from zansai.engine.exits.court import auction
from zansai.engine.exits.result import EXIT_LABELS, ExitResult
from zansai.messages import msg
from zansai.model import ExitKey
from zansai.money import Yen


def _remaining_at(ctx: Context, price: Yen) -> Yen:
    """The auction's remaining debt at another price (same dates, costs and claims)."""
    valuation = ctx.valuation
    exit_price = valuation.prices[ExitKey.AUCTION_COURT]
    prices = {**valuation.prices, ExitKey.AUCTION_COURT: replace(exit_price, price=price)}
    other = replace(ctx, valuation=replace(valuation, prices=prices), rules_used=[])
    other.claims.update(ctx.claims)
    return auction(other, ExitKey.AUCTION_COURT).remaining_debt


def flag_flips(ctx: Context, court: ExitResult, others: list[ExitResult]) -> ExitResult:
    """``court`` with a warning and ``details.court.flips`` for each exit the range straddles."""
    view = court.details.get("court")
    if view is None:
        return court
    low, high = view["range"]["low"], view["range"]["high"]
    at_low, at_high = _remaining_at(ctx, low), _remaining_at(ctx, high)
    flips = [e for e in others if e.feasible and e.key is not ExitKey.AUCTION_SEED
             and at_high < e.remaining_debt < at_low]
    view = {**view, "flips": [{"exit": e.key.value, "remaining_debt": e.remaining_debt}
                              for e in flips],
            "remaining_debt_at": {"low": at_low, "high": at_high}}
    warnings = court.warnings + tuple(
        msg("auction_court.flip.between", high=high, low=low, other=EXIT_LABELS.get(e.key, e.label_ja))
        for e in flips)
    return replace(court, warnings=warnings, details={**court.details, "court": view})
