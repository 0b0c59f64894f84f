"""Money and rates: integer yen, exact rates, and named rounding conventions.

Money is always ``int`` yen. Rates are ``fractions.Fraction`` inside the engine (exact, and
integer arithmetic keeps schedules fast) and ``decimal.Decimal`` at the edges. Every rounding
goes through ``round_yen`` with an explicit ``Rounding`` so that the convention is named.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

Yen = int
"""An amount of money in whole yen (円)."""


class Rounding(StrEnum):
    """How a fractional yen amount becomes whole yen."""

    FLOOR = "floor"
    """円未満切捨て: toward minus infinity (the usual Japanese lender and tax convention)."""
    HALF_UP = "half_up"
    """四捨五入: halves away from zero."""
    CEIL = "ceil"
    """円未満切上げ."""

    def label(self, unit: int | None = 1) -> str:
        """How a result names this rounding: ``FLOOR.label()`` → "1円未満切捨て",
        ``FLOOR.label(1_000)`` → "1,000円未満切捨て", ``label(None)`` → "円未満切捨て"."""
        return f"{'' if unit is None else f'{unit:,}'}円未満{_WORDS[self]}"


_WORDS = {Rounding.FLOOR: "切捨て", Rounding.HALF_UP: "四捨五入", Rounding.CEIL: "切上げ"}


def round_div(num: int, den: int, mode: Rounding) -> Yen:
    """``num / den`` (den > 0) rounded to whole yen with the named convention."""
    if mode is Rounding.FLOOR:
        return num // den
    if mode is Rounding.CEIL:
        return -((-num) // den)
    # HALF_UP: halves away from zero.
    if num >= 0:
        return (2 * num + den) // (2 * den)
    return -((-2 * num + den) // (2 * den))


def round_yen(amount: Fraction | int, mode: Rounding) -> Yen:
    """Round an exact amount to whole yen with the named convention."""
    if isinstance(amount, int):
        return amount
    return round_div(amount.numerator, amount.denominator, mode)


def floor_to_unit(amount: Yen, unit: Yen) -> Yen:
    """Truncate to a multiple of ``unit`` (e.g. 国税通則法118条: 1,000円未満切捨て)."""
    if unit <= 0:
        raise ValueError("unit must be positive")
    return (amount // unit) * unit


def to_fraction(value: Decimal | Fraction | int | str) -> Fraction:
    """An exact ``Fraction`` from a Decimal, int, Fraction or decimal string (never a float)."""
    if isinstance(value, float):  # pragma: no cover - guarded by typing, kept for safety
        raise TypeError("binary floats are not allowed for money or rates")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation as exc:
            raise ValueError(f"not a decimal number: {value!r}") from exc
    if not value.is_finite():
        raise ValueError("rate must be finite")
    return Fraction(value)


def percent(value: Decimal | int | str) -> Fraction:
    """A percentage (``"1.5"`` means 1.5%) as an exact fraction (3/200)."""
    return to_fraction(value) / 100


def fraction_to_decimal(value: Fraction, places: int = 6) -> Decimal:
    """Show an exact fraction as a Decimal, trailing zeros removed (for display only)."""
    q = Decimal(value.numerator) / Decimal(value.denominator)
    out = q.quantize(Decimal(1).scaleb(-places)).normalize()
    return out if out != 0 else Decimal(0)


@lru_cache(maxsize=1024)
def format_percent(rate: Fraction) -> str:
    """``Fraction(3, 200)`` → ``"1.5%"`` (cached: the same few rates are shown over and over)."""
    return f"{fraction_to_decimal(rate * 100, 6):f}%"


def format_yen(amount: Yen) -> str:
    """``91855`` → ``"91,855円"``."""
    return f"{amount:,}円"
