"""What-ifs (もしも表): the sales at other prices and dates, and the break-even figures.

``what_if(case, book)`` gives the grid (price × settlement month → remaining debt, cash needed,
the first lender's recovery, for the normal sale and the 任意売却, with the auction's recovery
for reference) and the three break-evens, each with its why-step. ``to_dict()`` is the JSON of
``zansai whatif --json`` and ``POST /api/v1/whatif``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.dates import add_months
from zansai.engine.exact import fraction
from zansai.engine.plan import build_context
from zansai.engine.whatif.breakeven import BreakEven, clears_liens, consent_price, last_short_sale_day
from zansai.engine.whatif.grid import AuctionReference, Cell, Grid
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import Case
from zansai.model.keys import ExitKey
from zansai.model.offers import latest_offers
from zansai.money import Rounding, Yen, format_percent, round_yen
from zansai.rules import RuleBook
from zansai.trace import Explanation, RuleUse, Text, figures_only, text_dict

__all__ = ["WhatIf", "default_prices", "price_steps", "what_if"]

DEFAULT_STEP = 500_000
"""The grid's default price step (50万円): a presentation choice, not a market figure."""
DEFAULT_ROWS = 10
DEFAULT_MONTHS = 6
MAX_ROWS = 60
MAX_MONTHS = 24


@dataclass(frozen=True, slots=True)
class WhatIf:
    case: Case
    prices: tuple[Yen, ...]
    dates: tuple[date, ...]
    cells: tuple[tuple[Cell, ...], ...]
    """Rows by price, columns by date."""
    auction: AuctionReference | None
    break_evens: tuple[BreakEven, ...]
    rules_used: tuple[RuleUse, ...]
    notes: tuple[Text, ...]
    case_price: Yen
    """The case's own normal-sale price (the valuation's central value)."""

    def cell(self, price: Yen, on: date) -> Cell:
        return self.cells[self.prices.index(price)][self.dates.index(on)]

    def nearest(self) -> tuple[int, int]:
        """The row and column nearest the case (its normal-sale price, its sale date)."""
        central = self.case_price
        row = min(range(len(self.prices)), key=lambda i: (abs(self.prices[i] - central), i))
        col = min(range(len(self.dates)),
                  key=lambda j: (abs((self.dates[j] - self.case.sale_date).days), j))
        return row, col

    def explain(self) -> Explanation:
        """How each break-even was found: its formula, inputs, search and rule."""
        ja, en = msg("whatif.steps.title")
        return Explanation(title=f"{ja} / {en}", steps=tuple(b.step for b in self.break_evens),
                           notes=tuple(f"{n[0]} / {n[1]}" for n in self.notes))

    def to_dict(self) -> dict[str, Any]:
        row, col = self.nearest()
        a = self.auction
        return {
            "schema": "zansai.whatif/1",
            "title": self.case.title,
            "at": self.case.at.isoformat(),
            "sale_date": self.case.sale_date.isoformat(),
            "case_price": self.case_price,
            "prices": list(self.prices),
            "dates": [d.isoformat() for d in self.dates],
            "nearest": {"row": row, "column": col},
            "cells": [[c.to_dict() for c in r] for r in self.cells],
            "auction": None if a is None else {
                "payment_date": a.payment_date.isoformat(), "first_lender_recovery": a.recovery,
                "discount_rate": format_percent(a.rate),
                "discounted": {d.isoformat(): round_yen(a.discounted(d), Rounding.FLOOR)
                               for d in self.dates}},
            "break_evens": {b.key: b.to_dict() for b in self.break_evens},
            "rules_used": [r.to_dict() for r in self.rules_used],
            "notes": [text_dict(n) for n in self.notes],
        }


def price_steps(start: Yen, stop: Yen, step: Yen) -> tuple[Yen, ...]:
    """start, start + step, … up to stop (inclusive)."""
    if step < 1 or start < 1 or stop < start:
        raise DomainError.about("whatif.prices", msg("whatif.errors.range"))
    count = (stop - start) // step + 1
    if count > MAX_ROWS:
        raise DomainError.about("whatif.prices", msg("whatif.errors.too_many", limit=MAX_ROWS))
    return tuple(start + k * step for k in range(count))


def default_prices(central: Yen, step: Yen = DEFAULT_STEP, rows: int = DEFAULT_ROWS) -> tuple[Yen, ...]:
    """``rows`` prices ``step`` apart around the case's price (rounded to the step), the case's
    rounded price sixth from the top; none below one step."""
    base = max(step, round_yen(Fraction(central, step), Rounding.HALF_UP) * step)
    first = max(step, base - (rows // 2) * step)
    return tuple(first + k * step for k in range(rows))


def grid_centre(case: Case, central: Yen) -> Yen:
    """The price the grid is drawn around: the latest offer (申出価格) for the short sale, else the
    latest offer for any way out, else the valuation's central price: the adviser weighing an offer
    reads the break-evens beside it."""
    offers = latest_offers(case.offers)
    chosen = offers.get(ExitKey.SHORT_SALE) or max(offers.values(), key=lambda o: o[0].offered_on,
                                                   default=None)
    return chosen[0].price if chosen else central


def what_if(case: Case, book: RuleBook, *, prices: tuple[Yen, ...] | None = None,
            months: int = DEFAULT_MONTHS, discount_rate: Fraction | None = None,
            break_evens: bool = True, lean: bool = True) -> WhatIf:
    """The grid at ``prices`` × ``months`` monthly settlement dates from the case's sale date, and
    the break-evens at the case's sale date.

    ``lean``: the sales behind the cells and the searches are figures only (``figures_only()``):
    the grid shows no step of theirs; each break-even's own step is explained as always."""
    if lean:
        with figures_only():
            return what_if(case, book, prices=prices, months=months, discount_rate=discount_rate,
                           break_evens=break_evens, lean=False)
    if not 1 <= months <= MAX_MONTHS:
        raise DomainError.invalid("whatif.months", str(months), msg("whatif.errors.months", limit=MAX_MONTHS))
    ctx = build_context(case, book)
    central = grid_centre(case, ctx.valuation.central)
    rows = tuple(sorted(set(prices))) if prices else default_prices(central)
    if len(rows) > MAX_ROWS:
        raise DomainError.about("whatif.prices", msg("whatif.errors.too_many", limit=MAX_ROWS))
    if rows[0] < 1:
        raise DomainError.invalid("whatif.prices", str(rows[0]), msg("whatif.errors.price_positive"))
    dates = tuple(add_months(case.sale_date, m) for m in range(months))
    grid = Grid(ctx)
    cells = tuple(tuple(grid.cell(p, d) for d in dates) for p in rows)
    rule: RuleUse | None = None
    if discount_rate is None:
        resolved = book.at("market.lender_discount_rate", case.at)
        rule = RuleUse.of(resolved)
        discount_rate = fraction(resolved.value)
    found: list[BreakEven] = []
    if break_evens:
        found = _break_evens(grid, case.sale_date, list(rows), discount_rate, rule)
    notes: list[Text] = []
    if rule is not None and rule.caveat_ja and grid.has_loan:
        notes.append(msg("whatif.notes.discount_assumed", rate=format_percent(discount_rate)))
    if grid.has_loan and case.first_missed is None:
        notes.append(msg("whatif.notes.no_missed_payment"))
    uses = list(ctx.rules_used) + ([rule] if rule else [])
    return WhatIf(case=case, prices=rows, dates=dates, cells=cells,
                    auction=grid.auction_reference(discount_rate), break_evens=tuple(found),
                    rules_used=tuple(sorted(set(uses), key=lambda u: (u.key, u.period))),
                    notes=tuple(notes), case_price=central)


def _break_evens(grid: Grid, on: date, rows: list[Yen], rate: Fraction,
                 rule: RuleUse | None) -> list[BreakEven]:
    """(a), (b) and (c), searched over whole yen from 1円 to well above every claim."""
    base = grid.normal(rows[-1], on)
    owed = sum(lo.claim for lo in base.lenders)
    high = max(rows[-1], 2 * owed + 10_000_000)
    found = [clears_liens(grid, on, 1, high, rows)]
    consent = consent_price(grid, on, 1, high, rows, rate, rule)
    if consent is not None:
        found.append(consent)
    last = last_short_sale_day(grid)
    if last is not None:
        found.append(last)
    return found
