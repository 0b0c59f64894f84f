"""One payment of one amortizing track (a schedule row's monthly part, or its bonus part).

元利均等 (``equal`` False): the level payment pays the interest due first; 未払利息 is carried
when the payment does not cover it (it bears no interest); the last payment and a payment that
covers everything repay the balance. 元金均等 (``equal`` True): the fixed principal part plus
the interest; the last payment repays the balance.
"""

from __future__ import annotations

from zansai.arith.interest import period_interest


def pay_track(balance: int, unpaid: int, payment: int, accrued: int, last: bool,
              equal: bool) -> tuple[int, int, int]:
    """(principal paid, interest paid, unpaid interest carried) given this period's interest
    ``accrued`` (already rounded) and whether this is the track's last period."""
    if equal:
        return (balance if last else min(payment, balance)), accrued + unpaid, 0
    due_int = unpaid + accrued
    if last or balance + due_int <= payment:
        return balance, due_int, 0
    if due_int >= payment:
        return 0, payment, due_int - payment
    return payment - due_int, due_int, 0


def track_step(balance: int, unpaid: int, payment: int, left: int, num: int, den: int,
               periods: int, equal: bool) -> tuple[int, int, int]:
    """One period at the annual rate num/den, interest floored: (principal part, interest,
    unpaid interest carried); nothing when the track is repaid."""
    if balance == 0 and unpaid == 0:
        return 0, 0, 0
    accrued = period_interest(balance, num, den, periods)
    return pay_track(balance, unpaid, payment, accrued, left <= 1, equal)
