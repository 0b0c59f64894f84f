"""The exact annuity payment (元利均等の毎回返済額), rounded once by a named convention.

A rate ``a/b`` per period turns ``P·r(1+r)^n / ((1+r)^n − 1)`` into
``P·a·(b+a)^n / (b·((b+a)^n − b^n))``, which integers compute exactly (``arith.annuity``). A 40-digit Decimal
evaluation answers first whenever it is clearly away from every rounding boundary.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

from zansai.arith.annuity import annuity_parts
from zansai.money import Rounding, Yen, round_div

__all__ = ["annuity_for_rate", "annuity_payment"]


def annuity_payment(principal: Yen, period_rate: Fraction, periods: int, mode: Rounding) -> Yen:
    """Level payment that repays ``principal`` over ``periods`` at ``period_rate``.

    ``P·r(1+r)^n/((1+r)^n−1)`` computed exactly, then rounded once by ``mode``.
    """
    return annuity_for_rate(principal, period_rate.numerator, period_rate.denominator, periods,
                            mode)


_CTX = Context(prec=40)
_MARGIN = Decimal("1e-18")
_ONE = Decimal(1)
_TWO = Decimal(2)
_HALF = Decimal("0.5")


def annuity_for_rate(principal: int, a: int, b: int, periods: int, mode: Rounding) -> int:
    """The annuity payment for the period rate ``a/b``, rounded once by ``mode``.

    A 40-digit Decimal evaluation is used when its value is clearly away from every rounding
    boundary (its error is below 1e-25 yen); otherwise the exact integer formula decides.
    """
    if periods <= 0:
        return principal
    if a == 0:
        return round_div(principal, periods, mode)
    ctx = _CTX
    r = ctx.divide(Decimal(a), Decimal(b))
    g = ctx.power(ctx.add(_ONE, r), periods)
    m = ctx.divide(ctx.multiply(ctx.multiply(Decimal(principal), r), g), ctx.subtract(g, _ONE))
    twice = ctx.multiply(m, _TWO)
    nearest_half = twice.to_integral_value(rounding=ROUND_HALF_EVEN)
    if abs(ctx.subtract(twice, nearest_half)) > _MARGIN:
        floor = int(m.to_integral_value(rounding=ROUND_FLOOR))
        if mode is Rounding.FLOOR:
            return floor
        if mode is Rounding.CEIL:
            return floor + 1
        return floor + 1 if m - floor > _HALF else floor
    return round_div(*annuity_parts(principal, a, b, periods), mode)
