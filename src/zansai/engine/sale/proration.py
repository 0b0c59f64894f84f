"""The 固定資産税・都市計画税 proration (日割り精算) between seller and buyer at settlement.

A contract convention, not law: the seller bears the days from the 起算日 to the day before
settlement, the buyer the rest, which it pays the seller at settlement (so it is reported beside
the sale's costs, not in them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import ProrationStart
from zansai.model.checks import require_yen
from zansai.money import Rounding, Yen, format_yen, round_div
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step, Text, explaining

_ROUNDING = {"floor": Rounding.FLOOR, "half_up": Rounding.HALF_UP}
"""The rule ``property_tax.proration_rounding``'s values."""


@dataclass(frozen=True, slots=True)
class ProrationResult:
    """固定資産税・都市計画税の日割り精算 between seller and buyer (a contract convention)."""

    annual_tax: Yen
    start: date
    """起算日: first day of the tax year used for the proration."""
    end: date
    """Last day (inclusive) of that year."""
    seller_days: int
    """Calendar days from ``start`` to the day before settlement."""
    buyer_days: int
    """Calendar days from settlement to ``end`` (inclusive)."""
    days_in_year: int
    """The denominator (contract practice; may differ from seller_days + buyer_days in a leap year)."""
    seller_share: Yen
    buyer_share: Yen
    """Paid by the buyer to the seller at settlement (part of the seller's transfer proceeds)."""
    step: Step

    def to_dict(self) -> dict[str, Any]:
        return {
            "annual_tax": self.annual_tax, "start": self.start.isoformat(),
            "end": self.end.isoformat(), "seller_days": self.seller_days,
            "buyer_days": self.buyer_days, "days_in_year": self.days_in_year,
            "seller_share": self.seller_share, "buyer_share": self.buyer_share,
            "why": self.step.to_dict(),
        }



def _tax_year(start: ProrationStart, settlement: date) -> tuple[date, date]:
    if start is ProrationStart.JANUARY_1:
        return date(settlement.year, 1, 1), date(settlement.year, 12, 31)
    year = settlement.year if (settlement.month, settlement.day) >= (4, 1) else settlement.year - 1
    return date(year, 4, 1), date(year + 1, 3, 31)


def _start(start: ProrationStart | None, settlement: date, book: RuleBook,
           uses: list[RuleUse]) -> tuple[ProrationStart, str]:
    """The 起算日 convention: the contract's, else the market-practice default; and where it came from."""
    if start is not None:
        return start, f"{start.value} (contract)"
    start_rule = book.at("property_tax.proration_start", settlement)
    uses.append(RuleUse.of(start_rule))
    try:
        start = ProrationStart(start_rule.value)
    except ValueError:
        raise DomainError.invalid("property_tax.proration_start", start_rule.value,
                                  msg("sale.errors.proration_start")) from None
    return start, f"{start.value} (market-practice default)"


def property_tax_proration(annual_tax: Yen, settlement: date, *, start: ProrationStart | None,
                           book: RuleBook) -> ProrationResult:
    """Split the year's 固定資産税・都市計画税 at settlement (contract practice, not law).

    The seller bears the days from the 起算日 to the day before settlement, the buyer the rest:
    seller_share = annual × seller_days / days_in_year (rounded as the rule says) and
    buyer_share = annual − seller_share, which the buyer pays the seller at settlement.
    """
    require_yen("property.annual_property_tax", annual_tax, minimum=0)
    uses: list[RuleUse] = []
    start, start_source = _start(start, settlement, book, uses)
    days_rule = book.at("property_tax.proration_days_in_year", settlement)
    rounding_rule = book.at("property_tax.proration_rounding", settlement)
    uses += [RuleUse.of(days_rule), RuleUse.of(rounding_rule)]
    mode = _ROUNDING.get(rounding_rule.value)
    if mode is None:
        raise DomainError.invalid("property_tax.proration_rounding", rounding_rule.value,
                                  msg("sale.errors.proration_rounding"))
    rounding_ja = mode.label()
    days_in_year = int(days_rule.value)
    first, last = _tax_year(start, settlement)
    seller_days = (settlement - first).days
    calendar_days = (last - first).days + 1
    buyer_days = calendar_days - seller_days
    # An override below the calendar length must not give the seller more than the whole year.
    seller_share = round_div(annual_tax * min(seller_days, days_in_year), days_in_year, mode)
    buyer_share = annual_tax - seller_share
    result = ProrationResult(annual_tax=annual_tax, start=first, end=last, seller_days=seller_days,
                             buyer_days=buyer_days, days_in_year=days_in_year,
                             seller_share=seller_share, buyer_share=buyer_share,
                             step=Step.bare("property_tax_proration", tuple(uses)))
    if not explaining():
        return result
    return replace(result, step=_proration_step(result, settlement, start_source, calendar_days,
                                                rounding_ja, uses))


def _proration_step(r: ProrationResult, settlement: date, start_source: str, calendar_days: int,
                    rounding_ja: str, uses: list[RuleUse]) -> Step:
    """How the proration was computed, in words."""
    first, last, days_in_year = r.start, r.end, r.days_in_year
    seller_days, buyer_days = r.seller_days, r.buyer_days
    annual_tax, seller_share, buyer_share = r.annual_tax, r.seller_share, r.buyer_share
    note: Text = msg("sale.notes.proration")
    if calendar_days != days_in_year:
        note = msg("sale.notes.proration_leap", base=note, calendar=calendar_days, days=days_in_year)
    return Step(
        name="property_tax_proration", label=msg("sale.steps.proration"),
        formula=f"seller_share = annual × seller_days / {days_in_year}; "
                "buyer_share = annual − seller_share",
        inputs={"annual_tax": format_yen(annual_tax), "start": start_source,
                "tax_year": f"{first.isoformat()} – {last.isoformat()}",
                "settlement_date": settlement.isoformat(), "seller_days": str(seller_days),
                "buyer_days": str(buyer_days), "days_in_year": str(days_in_year)},
        result=f"seller {format_yen(seller_share)} / buyer {format_yen(buyer_share)} (paid by the "
               "buyer to the seller at settlement)",
        rounding=f"seller_share {rounding_ja}; buyer_share = annual − seller_share",
        rules=tuple(uses), note=note)
