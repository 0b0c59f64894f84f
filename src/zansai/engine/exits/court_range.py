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


def _at(ctx: Context, price: Yen) -> ExitResult:
    """The auction at another price (same dates, costs and claims)."""
    valuation = ctx.valuation
    exit_price = valuation.prices[ExitKey.AUCTION_COURT]
    prices = {**valuation.prices, ExitKey.AUCTION_COURT: replace(exit_price, price=price)}
    other = replace(ctx, valuation=replace(valuation, prices=prices), rules_used=[])
    other.claims.update(ctx.claims)
    return auction(other, ExitKey.AUCTION_COURT)


def _first_paid(e: ExitResult) -> Yen | None:
    return e.lenders[0].paid if e.lenders else None


def _labels(exits: list[ExitResult]) -> tuple[str, str]:
    """The exits' names in both languages, joined (「業者買取」「リースバック」 / "a", "b")."""
    names = [EXIT_LABELS.get(e.key, (e.label_ja, e.label_en)) for e in exits]
    return ("".join(f"「{n[0]}」" for n in names), ", ".join(f'"{n[1]}"' for n in names))


def flag_flips(ctx: Context, court: ExitResult, others: list[ExitResult]) -> ExitResult:
    """``court`` with warnings and ``details.court.flips`` where the range straddles another exit:
    for the household (remaining debt) and for the first lender against the short sale."""
    view = court.details.get("court")
    if view is None:
        return court
    low, high = view["range"]["low"], view["range"]["high"]
    at_low, at_high = _at(ctx, low), _at(ctx, high)
    flips = [e for e in others if e.feasible and e.key is not ExitKey.AUCTION_SEED
             and at_high.remaining_debt < e.remaining_debt < at_low.remaining_debt]
    warnings = list(court.warnings)
    if flips:
        warnings.append(msg("auction_court.flip.between", high=high, low=low, others=_labels(flips)))
    short = next((e for e in others if e.key is ExitKey.SHORT_SALE and e.feasible), None)
    lender_flip = False
    if short is not None:
        paid, lo, hi = _first_paid(short), _first_paid(at_low), _first_paid(at_high)
        if paid is not None and lo is not None and hi is not None and lo < paid < hi:
            lender_flip = True
            warnings.append(msg("auction_court.flip.lender", high=high, low=low, paid=paid))
    view = {**view, "flips": [{"exit": e.key.value, "remaining_debt": e.remaining_debt}
                              for e in flips],
            "lender_flip_short_sale": lender_flip,
            "remaining_debt_at": {"low": at_low.remaining_debt, "high": at_high.remaining_debt},
            "first_lender_paid_at": {"low": _first_paid(at_low), "high": _first_paid(at_high)}}
    return replace(court, warnings=tuple(warnings), details={**court.details, "court": view})
