"""The sensitivity grid (感応度表): sale price × settlement date → what the sales leave.

One ``Context`` (valuation, 償還表, timeline) is built once; each cell replaces only the price of
the two sales and the settlement date, and runs the same ``normal_sale`` and ``short_sale`` the
plan runs, so a cell equals ``plan()`` at that price and date to the yen at a fraction of its
cost (the plan also computes taxes, routes and the other exits, which the grid does not show).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.engine.exits import Context, ExitResult
from zansai.engine.exits.court import auction
from zansai.engine.exits.sales import normal_sale
from zansai.engine.exits.short_sales import short_sale
from zansai.engine.valuation import Valuation
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import ExitKey
from zansai.money import Yen

SALE_KEYS = (ExitKey.NORMAL_SALE, ExitKey.SHORT_SALE)
"""The exits whose price the grid sets: the buyer's price is the same whichever way the lender
agrees to it (通常売却 when it repays every lien, 任意売却 when it does not)."""


@dataclass(frozen=True, slots=True)
class SaleCell:
    """One sale at one price and date: what the household still owes and pays, what the first
    lender receives."""

    remaining_debt: Yen
    cash_needed: Yen
    first_lender: Yen
    """What the first-ranked lender receives from the price (its recovery, 回収額)."""
    possible: bool
    """The sale can close then (the normal sale: it repays every lien; the short sale: on or
    before the last day for a 任意売却)."""

    def to_dict(self) -> dict[str, Any]:
        return {"remaining_debt": self.remaining_debt, "cash_needed": self.cash_needed,
                "first_lender_recovery": self.first_lender, "possible": self.possible}


@dataclass(frozen=True, slots=True)
class Cell:
    price: Yen
    on: date
    normal: SaleCell
    short: SaleCell | None
    """None for a home with no loan (nothing to sell short)."""

    def to_dict(self) -> dict[str, Any]:
        return {"price": self.price, "settlement_date": self.on.isoformat(),
                "normal_sale": self.normal.to_dict(),
                "short_sale": self.short.to_dict() if self.short else None}


@dataclass(frozen=True, slots=True)
class AuctionReference:
    """The first lender's recovery through the court's auction, for comparison: paid on the
    auction's payment date, after the auction costs, and discounted to a settlement date."""

    payment_date: date
    recovery: Yen
    rate: Fraction
    """The discount rate a year (``market.lender_discount_rate`` or the case's override)."""
    year: int
    """Days in a year of the discount (``market.discount_day_count_basis``)."""

    def discounted(self, on: date) -> Fraction:
        """recovery ÷ (1 + rate × days ÷ year), days from ``on`` to the payment date (单利; none
        when the auction would already have paid)."""
        days = max(0, (self.payment_date - on).days)
        return Fraction(self.recovery) / (1 + self.rate * Fraction(days, self.year))


def priced(valuation: Valuation, price: Yen) -> Valuation:
    """The valuation with ``price`` as the price of the normal and the short sale."""
    if price < 1:
        raise DomainError.invalid("whatif.prices", str(price), msg("whatif.errors.price_positive"))
    prices = dict(valuation.prices)
    for key in SALE_KEYS:
        prices[key] = replace(prices[key], price=price)
    return replace(valuation, prices=prices)


class Grid:
    """The cells of one case: a shared context, one claim computation per date, any price."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.has_loan = ctx.timeline is not None
        self.auction: ExitResult | None = auction(ctx, ExitKey.AUCTION_COURT) if self.has_loan else None

    def auction_first_lender(self) -> Yen | None:
        a = self.auction
        return a.lenders[0].paid if a is not None and a.lenders else None

    def auction_reference(self, rate: Fraction) -> AuctionReference | None:
        """The court auction's first-lender recovery (None without a loan or a lien)."""
        first = self.auction_first_lender()
        if first is None:
            return None
        year = int(self.ctx.book.value("market.discount_day_count_basis", self.ctx.case.at))
        return AuctionReference(payment_date=self.ctx.dates.auction_payment, recovery=first, rate=rate,
                                year=year)

    def at(self, price: Yen, on: date) -> Context:
        """The context of a sale at ``price`` settling on ``on`` (nothing else changes)."""
        c = self.ctx
        return Context(case=replace(c.case, sale_date=on), book=c.book,
                       valuation=priced(c.valuation, price), timeline=c.timeline,
                       schedules=c.schedules, dates=c.dates,
                       default_first_missed=c.default_first_missed, owed_memo=c.owed_memo)

    def normal(self, price: Yen, on: date) -> ExitResult:
        return normal_sale(self.at(price, on))

    def short(self, price: Yen, on: date) -> ExitResult:
        return short_sale(self.at(price, on), self.auction_first_lender())

    def cell(self, price: Yen, on: date) -> Cell:
        n = self.normal(price, on)
        normal = SaleCell(remaining_debt=n.remaining_debt, cash_needed=n.cash_needed,
                          first_lender=_first(n), possible=n.remaining_debt == 0)
        short = None
        if self.has_loan:
            s = self.short(price, on)
            short = SaleCell(remaining_debt=s.remaining_debt, cash_needed=s.cash_needed,
                             first_lender=_first(s), possible=on <= self.ctx.dates.last_short_sale_day)
        return Cell(price=price, on=on, normal=normal, short=short)


def _first(e: ExitResult) -> Yen:
    """What the first-ranked lien receives (0 when the home has no lien)."""
    return min(e.lenders, key=lambda lo: lo.rank).paid if e.lenders else 0
