"""What a short sale allows to release the other claims: the junior liens' release fees (ハンコ代)
and the taxes that lift a tax seizure (差押解除), under the JHF criteria."""

from __future__ import annotations

from datetime import date

from zansai.engine.distribution.table import FLOOR
from zansai.engine.exact import fraction
from zansai.messages import msg
from zansai.model import Item
from zansai.model.keys import CostKey
from zansai.money import Rounding, Yen, format_percent, format_yen, round_div
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step, Text

_RELEASE_FEE = msg("distribution.lines.release_fee")
_SEIZURE_RELEASE = msg("distribution.lines.tax_seizure_release")


def labelled(key: str, label: Text, amount: Yen, step: Step | None = None) -> Item:
    """An ``Item`` named by a catalog message (the model keeps the name as two strings)."""
    return Item(key, label[0], label[1], amount, step)


def release_fee(rank: int, principal: Yen, *, book: RuleBook, on: date) -> Item:
    """ハンコ代 allowed for a junior lien: min(cap for its rank, principal × ratio), JHF criteria.

    The row with the largest rank not above ``rank`` applies (rank 4 covers 5th and later).
    """
    resolved = book.at("short_sale.jhf_release_fees", on)
    use = RuleUse.of(resolved)
    rows = [r for r in sorted(resolved.value, key=lambda r: r["rank"]) if r["rank"] <= rank]
    if not rows:
        step = Step(name=CostKey.RELEASE_FEE, label=_RELEASE_FEE, formula="no row for this rank",
                    inputs={"rank": str(rank)}, result=format_yen(0), rules=(use,))
        return labelled(CostKey.RELEASE_FEE, _RELEASE_FEE, 0, step)
    row = rows[-1]
    ratio = fraction(row["principal_ratio"])
    by_ratio = round_div(principal * ratio.numerator, ratio.denominator, Rounding.FLOOR)
    amount = min(row["cap"], by_ratio)
    step = Step(
        name=CostKey.RELEASE_FEE, label=msg("distribution.lines.release_fee_step", rank=rank),
        formula=f"min({format_yen(row['cap'])}, principal × {format_percent(ratio)})",
        inputs={"rank": str(rank), "row_rank": str(row["rank"]), "principal": format_yen(principal)},
        result=format_yen(amount), rounding=FLOOR, rules=(use,),
    )
    return labelled(CostKey.RELEASE_FEE, _RELEASE_FEE, amount, step)


def tax_seizure_release(annual_property_tax: Yen, *, book: RuleBook, on: date) -> Item:
    """Taxes allowed to lift a (non-priority) tax seizure: min(cap, one year of 固都税)."""
    resolved = book.at("short_sale.jhf_tax_seizure_release_cap", on)
    amount = min(int(resolved.value), annual_property_tax)
    step = Step(name=CostKey.TAX_SEIZURE_RELEASE, label=_SEIZURE_RELEASE,
                formula=f"min({format_yen(resolved.value)}, annual property tax)",
                inputs={"annual_property_tax": format_yen(annual_property_tax)},
                result=format_yen(amount), rules=(RuleUse.of(resolved),))
    return labelled(CostKey.TAX_SEIZURE_RELEASE, _SEIZURE_RELEASE, amount, step)
