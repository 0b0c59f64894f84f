"""Floored division, exact products and interest: 円未満切捨て without leaving 64 bits.

``fdiv`` and ``muldiv`` estimate a quotient in floating point and settle it with the exact
integer remainder, so they are exact in Python and in compiled code alike (the remainder is
small, so a product that wraps in 64-bit arithmetic still yields it exactly), and they avoid a
hardware 64-bit division, which costs tens of cycles.
"""

from __future__ import annotations

SMALL = 2**31
"""Below this, an amount times a rate numerator (both < 2**31) fits in 63 bits."""


def settle(q: int, r: int, d: int) -> int:
    """The exact floor quotient from an estimate ``q`` off by a few units and its exact remainder
    ``r`` (dividend − q·d): step ``q`` until 0 ≤ r < d."""
    while r < 0:
        q -= 1
        r += d
    while r >= d:
        q += 1
        r -= d
    return q


def fdiv(x: int, d: int) -> int:
    """floor(x / d) for 0 ≤ x < 2**63 and 0 < d, the quotient below 2**50.

    The float quotient is within a few units of the true one (relative error 2**−52) and the
    exact remainder settles it."""
    q = int(float(x) / float(d))
    return settle(q, x - q * d, d)


def muldiv_rem(a: int, b: int, c: int) -> tuple[int, int]:
    """(floor(a·b / c), a·b mod c) for 0 ≤ a, b and 0 < c ≤ 2**55, the quotient below 2**50.

    The float estimate of the quotient is off by at most a few units, so the true remainder
    ``a·b − q·c`` lies in (−8c, 8c): 64-bit arithmetic that wraps on the product still gives it
    exactly, and it settles ``q``."""
    q = int(float(a) * float(b) / float(c))
    r = a * b - q * c
    while r < 0:
        q -= 1
        r += c
    while r >= c:
        q += 1
        r -= c
    return q, r


def muldiv(a: int, b: int, c: int) -> int:
    """floor(a·b / c) exactly (``muldiv_rem``'s bounds)."""
    return muldiv_rem(a, b, c)[0]


def ratio_floor(amount: int, num: int, den: int) -> int:
    """floor(amount × num/den): a price × a ratio, a base × a tax rate."""
    if amount < SMALL and num < SMALL:
        return amount * num // den
    return muldiv(amount, num, den)


def period_interest(balance: int, num: int, den: int, periods: int) -> int:
    """One period's interest on ``balance`` at the annual rate num/den paid ``periods`` times a
    year (12 monthly, 2 for a bonus track), 円未満切捨て: floor(balance × num / (den × periods))."""
    if balance < SMALL and num < SMALL:
        return balance * num // (den * periods)
    return muldiv(balance, num, den * periods)


def day_charge(base: int, num: int, den: int, days: int, basis: int) -> int:
    """日割り計算: floor(base × num/den × days / basis), 0 for no days or no base.

    Interest accrued since the last due date and 遅延損害金 alike; ``basis`` is the day count of
    the year (365, or 366 where the lender counts a leap year's days)."""
    if days <= 0 or base <= 0:
        return 0
    d = den * basis
    if base < SMALL and num < 65536 and days < 65536:  # the product fits in 63 bits
        return base * num * days // d
    q, r = muldiv_rem(base, num, d)
    return q * days + fdiv(r * days, d)


def discount(amount: int, days: int, rate_micro: int, basis: int) -> int:
    """Present value amount / (1 + rate × days/basis), floored; ``rate_micro`` is the annual rate
    × 10**6, ``basis`` the days in a year (rule ``market.discount_day_count_basis``)."""
    if rate_micro == 0 or days <= 0:
        return amount
    return muldiv(amount, basis * 1_000_000, basis * 1_000_000 + rate_micro * days)
