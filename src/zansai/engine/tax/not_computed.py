"""譲渡所得税 that cannot be computed: the purchase date or price is not known.

A homeowner may not know when or for how much the home was bought; the rest of the plan does
not need it. The tax needs both (the holding period sets the rate, the price the 取得費), so
without them the result says it was not computed and why, instead of guessing a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.engine.tax.capital_gains import CapitalGainsResult, capital_gains_tax
from zansai.engine.tax.owners import CoOwner
from zansai.engine.tax.rates import RateTable
from zansai.engine.tax.transfer import Transfer
from zansai.messages import Msg, msg
from zansai.model import Property
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step

__all__ = ["TaxNotComputed", "TaxResult", "capital_gains_or_reason"]


@dataclass(frozen=True, slots=True)
class TaxNotComputed:
    """The tax of one transfer, not computed: what is missing and the sentence that says so."""

    transfer_date: date
    missing: tuple[str, ...]
    """The case-file keys that are missing: ``acquired_on``, ``acquisition_price``."""
    reason: Msg
    steps: tuple[Step, ...] = ()
    rules_used: tuple[RuleUse, ...] = ()
    computed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"computed": False, "transfer_date": self.transfer_date.isoformat(),
                "missing": list(self.missing), "reason": self.reason.to_dict()}


TaxResult = CapitalGainsResult | TaxNotComputed


def missing_purchase(prop: Property) -> tuple[str, ...]:
    """The purchase facts the tax needs and the case does not give."""
    return tuple(key for key, value in (("acquired_on", prop.acquired_on),
                                        ("acquisition_price", prop.acquisition_price)) if value is None)


def not_computed_reason(missing: tuple[str, ...]) -> Msg:
    which = "both" if len(missing) == 2 else "date" if missing == ("acquired_on",) else "price"
    return msg(f"form.tax.not_computed_{which}")


def capital_gains_or_reason(prop: Property, sale: Transfer, *, book: RuleBook,
                            owners: tuple[CoOwner, ...] = (),
                            rates: dict[date, RateTable] | None = None) -> TaxResult:
    """``capital_gains_tax``, or why it was not computed when the purchase is not known.

    ``rates``: the plan's memo of the rules per transfer date (one dict per plan, never kept)."""
    missing = missing_purchase(prop)
    if missing:
        return TaxNotComputed(transfer_date=sale.on, missing=missing, reason=not_computed_reason(missing))
    return capital_gains_tax(prop, sale, book=book, owners=owners, rates=rates)
