"""The level payment of a 元利均等 loan (毎回返済額), floored.

``P·r / (1 − (1+r)^−n)`` for the period rate ``r = num / (den × periods)``. Two forms that agree:
``annuity_estimate`` evaluates it in binary floating point and says when the result is too close
to a whole yen to call (compiled in the kernel, where a tie is sent back to the exact form);
``annuity_floor`` is exact: integers, with the period rate ``a/b`` turning the formula into
``P·a·(b+a)^n / (b·((b+a)^n − b^n))`` (Python's unbounded integers; the engine's reference).
"""

from __future__ import annotations

import math


def annuity_estimate(principal: int, num: int, den: int, periods: int, n: int) -> tuple[int, bool]:
    """floor of the annuity payment, and whether the float was too close to call.

    Off by a few ulps (relative 1e-15) at most; when the fraction lies within 1e-6 yen + 1e-12
    (relative) of a whole yen, the flag asks for ``annuity_floor``, so the floor used is always
    the exact one."""
    if n <= 0:
        return principal, False
    if num == 0:
        return principal // n, False
    r = num / (den * periods)
    m = principal * r / -math.expm1(-n * math.log1p(r))
    f = math.floor(m)
    frac = m - f
    guard = 1e-6 + m * 1e-12  # far above the few ulps of error of this float evaluation
    return int(f), frac < guard or frac > 1.0 - guard


def annuity_parts(principal: int, a: int, b: int, n: int) -> tuple[int, int]:
    """The exact payment as the fraction (numerator, denominator) for the period rate a/b > 0."""
    grown = pow(b + a, n)
    return principal * a * grown, b * (grown - pow(b, n))


def annuity_floor(principal: int, a: int, b: int, n: int) -> int:
    """The exact floored payment for the period rate ``a/b`` over ``n`` periods (not compiled:
    its integers grow with ``n``)."""
    if n <= 0:
        return principal
    if a == 0:
        return principal // n
    top, bottom = annuity_parts(principal, a, b, n)
    return top // bottom
