"""Costs the court routes share: the lawyer's fee (税込) and the note on court postage."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from zansai.engine.residual.workings import FLOOR, Workings
from zansai.model import Item
from zansai.money import Rounding, format_percent, format_yen, round_div
from zansai.trace import Text

NO_POSTAGE: Text = ("予納郵券は裁判所ごとに違うため含めていません",
                    "court postage differs by court and is not included")


def lawyer_fee(work: Workings, key: str, on: date, label_ja: str) -> Item:
    """The rule ``key``'s retainer and success fee, with consumption tax (1円未満切捨て)."""
    fee = work.rule(key, on)
    tax = work.rule("tax.consumption_tax_rate", on)
    base = int(fee.value["retainer"]) + int(fee.value["success"])
    rate = Fraction(tax.value)
    with_tax = base + round_div(base * rate.numerator, rate.denominator, Rounding.FLOOR)
    step = work.step(f"{key}", label_ja, f"(retainer + success) × (1 + {format_percent(rate)})",
                     {"retainer": format_yen(fee.value["retainer"]),
                      "success": format_yen(fee.value["success"])},
                     format_yen(with_tax), rounding=FLOOR, rules=(fee, tax),
                     note="Market-practice default (日弁連 2008 survey, tax-exclusive): override it with a "
                          "quote.")
    return Item("lawyer_fee", label_ja, "Lawyer's fee (tax included)", with_tax, step)
