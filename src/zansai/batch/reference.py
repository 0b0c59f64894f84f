"""A tape row as a single-case ``Case``, valued by the engine itself (the kernel's yardstick).

``reference(chunk, i, setup)`` runs the engine's own exits for loan ``i`` and returns the same
result row the kernel writes, so the agreement test (and the benchmark's per-loan loop) compare
like with like. It is slow on purpose: nothing here is vectorized.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from zansai.batch import kernel as K
from zansai.batch import layout as F
from zansai.batch.chunk import MISSING, NO_DATE, RATE_SCALE, TapeChunk
from zansai.batch.params import EPOCH
from zansai.batch.value import Setup
from zansai.engine.exits import ExitResult, auction, dealer_purchase, normal_sale, short_sale
from zansai.engine.plan import build_context
from zansai.errors import DomainError, RuleCoverageError
from zansai.model import (
    Anchor,
    Case,
    ExitKey,
    Household,
    LenderType,
    Lien,
    Loan,
    Method,
    Property,
    PropertyKind,
    Structure,
)
from zansai.rules import RuleBook

OUR_HOLDER = "lender"
STATUS_OF = {"case.at": K.ST_REPAID, "loan.first_missed": K.ST_PAST_TERM,
             "loan.acceleration": K.ST_ACCEL, "sale.price": K.ST_PRICE, "auction.claim": K.ST_PRICE}
"""The kernel's status for each engine error that means "this loan cannot be valued as asked"."""
SENIOR_HOLDER = "senior"
OVERRIDES = {
    "short_sale_price_ratio": "market.short_sale_price_ratio",
    "dealer_purchase_ratio": "market.dealer_purchase_ratio",
    "auction_realized_ratio": "auction.realized_to_market_ratio",
}


def _date(n: int) -> date | None:
    return None if n == NO_DATE else EPOCH + timedelta(days=int(n))


def _yen(n: int) -> int | None:
    return None if n == MISSING else int(n)


def case_for(chunk: TapeChunk, i: int, at: date, *, sale_date: date | None = None) -> Case:
    """Loan ``i`` of ``chunk`` as the engine's ``Case`` (one home, one loan, maybe a senior lien)."""
    first_payment = _date(int(chunk.first_payment[i]))
    assert first_payment is not None
    balance = _yen(int(chunk.current_balance[i]))
    anchor = None
    if balance is not None:
        on = _date(int(chunk.balance_date[i]))
        assert on is not None
        anchor = Anchor(on=on, balance=balance)
    loan = Loan(principal=int(chunk.principal[i]), annual_rate=Fraction(int(chunk.rate[i]), RATE_SCALE),
                months=int(chunk.term_months[i]), first_payment=first_payment,
                method=Method.EQUAL_PRINCIPAL if chunk.method[i] == 1 else Method.ANNUITY,
                payment_day=int(chunk.payment_day[i]), bonus_principal=int(chunk.bonus_principal[i]),
                bonus_months=(int(chunk.bonus_month[i]), int(chunk.bonus_month[i]) + 6), anchor=anchor)
    jhf = chunk.lender_type[i] == 1
    late = int(chunk.late_rate[i])
    rank = int(chunk.lien_rank[i])
    ours = Lien(rank=rank, holder=OUR_HOLDER, lender=LenderType.JHF if jhf else LenderType.BANK, loan=loan,
                late_rate=None if late == MISSING else Fraction(late, RATE_SCALE),
                guarantor_company="保証会社" if chunk.guarantor_company[i] and not jhf else None)
    liens: tuple[Lien, ...] = (ours,)
    if rank > 1:
        liens = (Lien(rank=1, holder=SENIOR_HOLDER, balance=int(chunk.senior_claim[i])), ours)
    condo = chunk.property_type[i] == 1
    prop = Property(kind=PropertyKind.CONDO if condo else PropertyKind.HOUSE,
                    land_parcels=int(chunk.land_parcels[i]), buildings=int(chunk.buildings[i]),
                    acquired_on=first_payment, acquisition_price=int(chunk.principal[i]), land_price=None,
                    building_price=None, structure=Structure.RC_SRC if condo else Structure.WOOD,
                    unpaid_management_fees=int(chunk.unpaid_management_fees[i]))
    sale = _date(int(chunk.sale_date[i])) or sale_date or at
    return Case(property=prop, appraisals=(), market_value=int(chunk.collateral_value[i]), liens=liens,
                household=Household(), people=(), sale_date=sale, at=at,
                first_missed=_date(int(chunk.first_missed[i])), moving_cost=_yen(int(chunk.moving_cost[i])),
                monthly_management_fee=_yen(int(chunk.monthly_management_fee[i])))


def book_for(chunk: TapeChunk, i: int, book: RuleBook) -> RuleBook:
    """The rule book with the row's per-loan overrides, as a case file's [overrides] would give."""
    overrides: dict[str, object] = {}
    for column, key in OVERRIDES.items():
        value = int(getattr(chunk, column)[i])
        if value != MISSING:
            overrides[key] = _decimal_text(Fraction(value, RATE_SCALE))
    return book.with_overrides(overrides) if overrides else book


def _decimal_text(x: Fraction) -> str:
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 40
        return format(Decimal(x.numerator) / Decimal(x.denominator), "f")


def _ours(e: ExitResult) -> tuple[int, int, int]:
    lo = next(lo for lo in e.lenders if lo.holder == OUR_HOLDER)
    return lo.claim, lo.late_charges, lo.paid


def reference(chunk: TapeChunk, i: int, setup: Setup, *,
              location: tuple[str | None, str | None] | None = None) -> tuple[int, npt.NDArray[np.int64]]:
    """(status, result row) for loan ``i``, computed by the single-case engine. ``location``: the
    home's (municipality code, prefecture code), as a case file gives them, for a located loan (the
    engine then picks the court and dates the auction on its published months)."""
    out = np.zeros(F.OUT_WIDTH, np.int64)
    case = case_for(chunk, i, setup.at)
    if location is not None:
        case = replace(case, property=replace(case.property, municipality_code=location[0],
                                              prefecture_code=location[1]))
    book = book_for(chunk, i, setup.book)
    try:
        ctx = build_context(case, book)
        exits = [normal_sale(ctx), short_sale(ctx, None), dealer_purchase(ctx)]
        exits.append(auction(ctx, ExitKey.AUCTION_COURT))
    except RuleCoverageError:
        return K.ST_RULES, out
    except DomainError as exc:
        status = STATUS_OF.get(exc.field or "")
        if status is None:
            raise
        return status, out
    lien = next(lien for lien in case.liens if lien.holder == OUR_HOLDER)
    sched = ctx.schedules[lien.rank]
    out[F.O_BALANCE] = sched.balance_at(case.at)
    owed = ctx.owed(lien, case.at)
    assert owed is not None
    out[F.O_OWED_AT] = owed.total
    out[F.O_LATE_AT] = owed.late_charges
    best, best_pv = -1, -1
    year = int(book.value("market.discount_day_count_basis", case.at)) * 1_000_000
    for e, result in enumerate(exits):
        base = F.O_EXIT + e * F.EXIT_WIDTH
        claim, late, paid = _ours(result)
        days = (result.completion - case.at).days
        pv = paid if setup.discount == 0 or days <= 0 else \
            paid * year // (year + setup.discount * days)
        out[base + F.E_PRICE] = result.price
        out[base + F.E_COSTS] = result.costs_total
        out[base + F.E_CLAIM] = claim
        out[base + F.E_LATE] = late
        out[base + F.E_RECOVERY] = paid
        out[base + F.E_COMPLETION] = (result.completion - EPOCH).days
        out[base + F.E_FEASIBLE] = int(result.feasible)
        out[base + F.E_PV] = pv
        out[base + F.E_REMAINING] = result.remaining_debt
        if result.feasible and pv > best_pv:
            best, best_pv = e, pv
    out[F.O_BEST] = best
    return K.ST_OK, out


__all__ = ["book_for", "case_for", "reference"]
