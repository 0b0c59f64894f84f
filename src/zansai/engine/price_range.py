"""The sale at other prices: what a normal sale leaves owing, or over, at each of several prices.

When the homeowner does not know what the home is worth (「わからない」), the answer is given over
a range of prices instead of at a made-up value, with the least price at which the sale repays
everything. Each price is the plan's own normal sale (通常売却: price − costs − every claim on the
sale date), computed on the case's shared context, so a row equals the plan at that price.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from zansai.engine.exits import Context, normal_sale
from zansai.engine.plan import build_context
from zansai.engine.valuation import value_home
from zansai.model import Case
from zansai.money import Yen
from zansai.rules import RuleBook
from zansai.trace import figures_only

PRICE_STEP = 10_000
"""The break-even price is found to the 万円 (prices are quoted in 万円)."""


@dataclass(frozen=True, slots=True)
class PricePoint:
    """A normal sale at ``price``: its costs, what it must repay, and what is left (``left`` > 0:
    debt still owed after the sale; < 0: money left over)."""

    price: Yen
    costs: Yen
    owed: Yen
    left: Yen


def _at(ctx: Context, price: Yen) -> PricePoint:
    case = ctx.case
    valuation = value_home((), price, on=case.at, book=ctx.book)
    sale = normal_sale(replace(ctx, valuation=valuation, rules_used=[]))
    owed = sum(line.claim for line in sale.lenders)
    left = sale.remaining_debt if sale.remaining_debt > 0 else -sale.surplus
    return PricePoint(price=price, costs=sale.price - sale.net_proceeds, owed=owed, left=left)


def at_prices(case: Case, book: RuleBook, prices: Sequence[Yen]) -> tuple[tuple[PricePoint, ...], Yen]:
    """The sale at each of ``prices`` and the least price (to the 万円) that leaves no debt
    (figures only: no step is shown, so none is explained)."""
    with figures_only():
        return _at_prices(case, book, prices)


def _at_prices(case: Case, book: RuleBook, prices: Sequence[Yen]) -> tuple[tuple[PricePoint, ...], Yen]:
    ctx = build_context(case, book)
    points = tuple(_at(ctx, p) for p in prices)
    lo, hi = 0, max(prices) // PRICE_STEP + 1
    while _at(ctx, hi * PRICE_STEP).left > 0:
        lo, hi = hi, hi * 2
    while hi - lo > 1:  # invariant: debt is left at lo (or lo is 0), none at hi
        mid = (lo + hi) // 2
        if _at(ctx, mid * PRICE_STEP).left > 0:
            lo = mid
        else:
            hi = mid
    return points, hi * PRICE_STEP
