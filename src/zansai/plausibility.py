"""Plausibility questions (入力の確認): values that parse but look like a slip, asked, never fixed.

A home worth 2,800円 was almost surely typed in 万円 without the unit; a loan of 2,800億円 was
typed in yen into a 万円 field. ``plausibility(kind, value)`` returns the questions to show beside
the field (「2,800万円（28,000,000円）のつもりですか？」) with the value the user may have meant;
the value typed is kept and the result computed from it until the user changes it. The bounds are
bounds of a user interface, not law or market data: a home can sell for 50万円 (the question then
only asks).

    warnings = plausibility("home_price", parse_yen("market_value", raw, unit=10_000))
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from zansai.messages import Msg, msg

LOW_HOME_YEN = 1_000_000
"""100万円: a home price, a loan or its balance below it asks 「万円のつもりですか？」 (the amount
× 10,000 is suggested). A bound of the form, not a rule: cheap homes and small balances exist."""
HIGH_HOME_YEN = 10_000_000_000
"""100億円: a home price, a loan or its balance at or above it asks whether yen were typed into a
万円 field (the amount ÷ 10,000 is suggested when it divides). A bound of the form, not a rule."""
HIGH_RATE = Fraction(10, 100)
"""10% a year: a home-loan rate at or above it asks to confirm (no suggestion: 1.0%? 0.10%?).
Home-loan rates since the 1990s have been far below; late-charge rates (14.6%) are not asked."""

AMOUNT_KINDS = frozenset({"home_price", "loan", "balance"})
"""時価・査定額・購入価格 (``home_price``), 借入額 (``loan``), 残高 (``balance``)."""
KINDS = AMOUNT_KINDS | {"rate"}


@dataclass(frozen=True, slots=True)
class PlausibilityWarning:
    """One question about one field's value; ``suggested`` is what the user may have meant."""

    kind: str
    value: int | Fraction
    message: Msg
    suggested: int | None = None

    @property
    def code(self) -> str:
        """What is asked: ``maybe_man``, ``maybe_yen``, ``too_large`` or ``rate_high``."""
        return self.message.id.rpartition(".")[2]

    def to_dict(self) -> dict[str, Any]:
        """For the JSON of an API or a form fragment."""
        value = self.value if isinstance(self.value, int) else str(_percent(self.value))
        return {"kind": self.kind, "code": self.code, "value": value, "suggested": self.suggested,
                "message": self.message.to_dict()}


def _percent(rate: Fraction) -> Decimal:
    return (Decimal(rate.numerator) * 100 / Decimal(rate.denominator)).normalize()


def plausibility(kind: str, value: int | Fraction) -> list[PlausibilityWarning]:
    """The questions to ask about ``value`` of a field of ``kind`` (see ``KINDS``); none if it looks
    right. Amounts are in yen (int), rates a fraction of one (``parse_percent``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {sorted(KINDS)}")
    if kind == "rate":
        rate = Fraction(value)
        if rate >= HIGH_RATE:
            return [PlausibilityWarning(kind, rate, msg("inputs.plausibility.rate_high",
                                                         rate=str(_percent(rate))))]
        return []
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("an amount is whole yen (int)")
    if 0 < value < LOW_HOME_YEN:
        man = value * 10_000
        return [PlausibilityWarning(kind, value, msg("inputs.plausibility.maybe_man", value=value,
                                                      suggested_man=value, suggested=man), man)]
    if value >= HIGH_HOME_YEN:
        if value % 10_000 == 0:
            yen = value // 10_000
            return [PlausibilityWarning(kind, value, msg("inputs.plausibility.maybe_yen", value=value,
                                                          value_man=yen, suggested=yen), yen)]
        return [PlausibilityWarning(kind, value, msg("inputs.plausibility.too_large", value=value))]
    return []
