"""Floors for the valuation kernel: the exact floored balance alone, nothing else (issue 19 §2).

Per loan: the level monthly payment (the float annuity, floored: near-ties are not settled
exactly here, unlike the kernel), then the balance after the ``k`` payments due, each month's
interest floored to the yen (``balance × rate // (RATE_SCALE × 12)``). No bonus part, arrears,
claims, exits or output columns: a floor for the kernel's schedule, not a valuation.

- ``scalar``: one loan after another (a loan's months are a dependent chain), Numba threads
  over loans, like the kernel.
- ``lockstep``: loans sorted by the number of payments due, then blocks of 64 loans advanced a
  month at a time; each interest is estimated in floating point and settled exactly with its
  integer remainder, so the lanes of a block are independent and the CPU's wide units can
  take them together.

Both give the same balances; :func:`check` compares them with Python's integers on a sample.
Used by ``portfolio.py``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

RATE_SCALE = 10**8
LANES = 64


@njit(cache=True, inline="always")
def _payment(principal: int, rate: int, n: int) -> int:
    if n <= 0:
        return principal
    if rate == 0:
        return principal // n
    r = rate / (RATE_SCALE * 12)
    return math.floor(principal * r / -math.expm1(-n * math.log1p(r)))


@njit(cache=True, parallel=True)
def scalar(principal, rate, term, due):  # type: ignore[no-untyped-def]
    """The balance after ``due`` payments, one loan at a time."""
    n = principal.shape[0]
    out = np.empty(n, np.int64)
    den = RATE_SCALE * 12
    for i in prange(n):
        b = principal[i]
        pay = _payment(b, rate[i], term[i])
        for _ in range(due[i]):
            b -= min(pay - b * rate[i] // den, b)
        out[i] = b
    return out


@njit(cache=True, parallel=True)
def lockstep(principal, rate, term, due):  # type: ignore[no-untyped-def]
    """The same balances, 64 loans at a time, in the order of their payments due."""
    n = principal.shape[0]
    order = np.argsort(due)
    out = np.empty(n, np.int64)
    den = RATE_SCALE * 12
    blocks = (n + LANES - 1) // LANES
    for blk in prange(blocks):
        lo = blk * LANES
        w = min(LANES, n - lo)
        b = np.zeros(LANES, np.int64)
        pay = np.zeros(LANES, np.int64)
        rt = np.zeros(LANES, np.int64)
        rf = np.zeros(LANES, np.float64)
        k = np.zeros(LANES, np.int64)
        for j in range(w):
            i = order[lo + j]
            b[j] = principal[i]
            rt[j] = rate[i]
            rf[j] = rate[i] / den
            k[j] = due[i]
            pay[j] = _payment(principal[i], rate[i], term[i])
        for m in range(k[w - 1]):  # sorted: the last lane has the most payments
            for j in range(LANES):
                q = int(float(b[j]) * rf[j])
                r = b[j] * rt[j] - q * den
                q = q - (r < 0) + (r >= den)
                step = min(pay[j] - q, b[j])
                b[j] -= step if m < k[j] else 0
        for j in range(w):
            out[order[lo + j]] = b[j]
    return out


def check(principal: np.ndarray, rate: np.ndarray, term: np.ndarray, due: np.ndarray,
          got: np.ndarray, sample: int = 200) -> bool:
    """``got`` equals Python's integer arithmetic on the first ``sample`` loans (same payments)."""
    den = RATE_SCALE * 12
    for i in range(min(sample, len(principal))):
        b = int(principal[i])
        pay = int(_payment.py_func(b, int(rate[i]), int(term[i])))
        for _ in range(int(due[i])):
            b -= min(pay - b * int(rate[i]) // den, b)
        if b != int(got[i]):
            return False
    return True
