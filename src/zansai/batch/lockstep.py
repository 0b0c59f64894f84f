"""The schedule's plain rows in lockstep: many loans advanced a month at a time (並列返済計算).

Before the first date the valuation asks about, a 元利均等 loan's monthly track only changes its
balance: each month the interest ``floor(balance × rate / (10**8 × 12))`` (円未満切捨て) is paid
first and the rest of the level payment repays principal. A loan's months are one dependent
chain, but different loans are independent: advanced together, lane by lane, the CPU can
overlap (and vectorise) their steps.

A lane's interest is floor(balance × rate / DEN) exactly, in unsigned 64-bit arithmetic: a lane
enters only with a balance below 2**40 yen (1.1 兆円) and a rate below 2**24 / 10**8 (16.7 %), so the
product stays below 2**64 and the division by the constant DEN is a multiply and a shift. (A float
estimate settled by its remainder, as ``zansai.arith.interest`` does, was tried: this CPU's AVX2
units have no 64-bit integer multiply or conversion, and it ran no faster.) A lane leaves the
lockstep at the first row off the plain path — interest not below the payment (未払利息 would be
carried) or a payment that would repay everything — having recorded how many rows it did: the
kernel's scalar schedule (``kernel.build_schedule``) goes on exactly from there. The steps are
branch-free (the lane's flag multiplies its change), so the four chains overlap in the CPU.

Measured on the 2-core AMD EPYC (AVX2) and not wired into the kernel: 2.1 ns per row against the
kernel's scalar fast-forward at 3.2 ns, but the fast-forward is about 83 rows (270 ns) of the
kernel's 1.5 µs per loan, and sorting each block's loans by row count and gathering their lanes
cost more than the ≤ 90 ns saved (the kernel with it measured 3–4 % slower, CPU time, same
process). It stays as the tested floor of ``bench/balance_floor.py`` (``four_lanes``) and as the
exact lockstep a wider machine can wire in (``kernel.build_schedule`` can go on from a lane's
``done`` rows: the monthly track's fast-forward does not depend on the bonus track).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

I64 = npt.NDArray[np.int64]

RS = 10**8
"""Rates are integers over RS (as in the kernel)."""
DEN = np.uint64(RS * 12)
"""A month's interest is floor(balance × rate / DEN)."""
BALANCE_MAX = 2**40
"""A lane's balance is below this, so that balance × rate < 2**64."""
RATE_MAX = 2**24
"""A lane's rate (× 10**8) is below this."""
U0 = np.uint64(0)


@njit(cache=True, inline="always")
def step(b: Any, rate: Any, pay: Any, left: Any) -> tuple[Any, Any, Any]:
    """One plain row of a lane still in the lockstep (``left`` > 0 rows to go): (balance, rows
    left, 1 if the row was applied). A lane that leaves stays out (``left`` becomes 0)."""
    acc = b * rate // DEN
    ok = np.uint64((left > U0) & (acc < pay) & (b + acc > pay))
    return b - (pay - acc * ok) * ok, left * ok - ok, ok  # no wrap when the flag is 0


@njit(cache=True, inline="always")
def lane(balance: I64, rate: I64, payment: I64, span: I64, i: int) -> tuple[Any, Any, Any, Any]:
    """Lane ``i``'s (balance, rate, payment, rows to go) as unsigned integers; no rows outside the
    bounds (the scalar schedule takes the loan)."""
    ok = 0 < balance[i] < BALANCE_MAX and 0 <= rate[i] < RATE_MAX and 0 < payment[i] < BALANCE_MAX
    return (np.uint64(balance[i]), np.uint64(rate[i]), np.uint64(payment[i]),
            np.uint64(span[i] if ok else 0))


@njit(cache=True)
def advance(balance: I64, rate: I64, payment: I64, span: I64, done: I64) -> None:
    """Advance loan ``i`` by up to ``span[i]`` plain monthly rows, four loans at a time, in place:
    ``balance[i]`` becomes the balance after the rows done and ``done[i]`` their number (fewer
    than ``span[i]`` when the lane left the plain path; the row it left on is not applied). Loans
    should come sorted by ``span``, so that the four lanes stop together."""
    n = balance.shape[0]
    for lo in range(0, n, 4):
        b0, r0, p0, l0 = lane(balance, rate, payment, span, lo)
        i1, i2, i3 = min(lo + 1, n - 1), min(lo + 2, n - 1), min(lo + 3, n - 1)
        b1, r1, p1, l1 = lane(balance, rate, payment, span, i1)
        b2, r2, p2, l2 = lane(balance, rate, payment, span, i2)
        b3, r3, p3, l3 = lane(balance, rate, payment, span, i3)
        d0 = d1 = d2 = d3 = U0
        for _m in range(max(l0, l1, l2, l3)):
            b0, l0, o0 = step(b0, r0, p0, l0)
            b1, l1, o1 = step(b1, r1, p1, l1)
            b2, l2, o2 = step(b2, r2, p2, l2)
            b3, l3, o3 = step(b3, r3, p3, l3)
            d0 += o0
            d1 += o1
            d2 += o2
            d3 += o3
        # lanes past the end repeat the last loan: its own lane is written last
        balance[i3], done[i3] = np.int64(b3), np.int64(d3)
        balance[i2], done[i2] = np.int64(b2), np.int64(d2)
        balance[i1], done[i1] = np.int64(b1), np.int64(d1)
        balance[lo], done[lo] = np.int64(b0), np.int64(d0)
