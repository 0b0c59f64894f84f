"""Costs the court routes share: the lawyer's fee (税込) and the note on court postage."""

from __future__ import annotations

from datetime import date

from zansai.engine.exact import fraction
from zansai.engine.residual.workings import FLOOR, Workings
from zansai.messages import msg
from zansai.model import Item
from zansai.money import Rounding, format_percent, format_yen, round_div
from zansai.trace import explaining

NO_POSTAGE = msg("residual.fees.no_postage")


def lawyer_fee(work: Workings, key: str, on: date) -> Item:
    """The rule ``key``'s retainer and success fee, with consumption tax (1円未満切捨て)."""
    fee = work.rule(key, on)
    tax = work.rule("tax.consumption_tax_rate", on)
    base = int(fee.value["retainer"]) + int(fee.value["success"])
    rate = fraction(tax.value)
    with_tax = base + round_div(base * rate.numerator, rate.denominator, Rounding.FLOOR)
    label = msg("residual.fees.lawyer")
    step = work.step(f"{key}", label, f"(retainer + success) × (1 + {format_percent(rate)})",
                     {"retainer": format_yen(fee.value["retainer"]),
                      "success": format_yen(fee.value["success"])},
                     format_yen(with_tax), rounding=FLOOR, rules=(fee, tax),
                     note=msg("residual.fees.lawyer_note")) if explaining() else None
    return Item.of("lawyer_fee", label, with_tax, step)
