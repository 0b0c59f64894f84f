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
- ``four_lanes``: the kernel's own lockstep (``zansai.batch.lockstep.advance``): loans sorted by
  payments due, four advanced together in unsigned integers (interest ``b·rate // DEN`` by a
  constant, a multiply and a shift), branch-free, so the four chains overlap. On an AVX2 CPU
  (no 64-bit integer multiply or int↔float conversion in the vector unit) this is the fastest
  of the three.

``python bench/balance_floor.py [N]`` times the three in one process, interleaved, best of 7
(CPU time of one thread: set ``NUMBA_NUM_THREADS=1``).

Both give the same balances; :func:`check` compares them with Python's integers on a sample.
Used by ``portfolio.py``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from zansai.batch.lockstep import advance

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


@njit(cache=True, parallel=True)
def four_lanes(principal, rate, term, due):  # type: ignore[no-untyped-def]
    """The same balances by the kernel's lockstep, in blocks of 256 loans sorted by payments due."""
    n = principal.shape[0]
    order = np.argsort(due)
    out = np.empty(n, np.int64)
    blocks = (n + 255) // 256
    for blk in prange(blocks):
        idx = order[blk * 256:min(n, blk * 256 + 256)]
        b = principal[idx].copy()
        pay = np.empty(idx.shape[0], np.int64)
        for j in range(idx.shape[0]):
            pay[j] = _payment(principal[idx[j]], rate[idx[j]], term[idx[j]])
        done = np.zeros(idx.shape[0], np.int64)
        advance(b, rate[idx], pay, due[idx], done)
        for j in range(idx.shape[0]):
            out[idx[j]] = b[j]
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


def main() -> None:
    """Time the three floors on the same random loans, interleaved (best of 7, CPU time)."""
    import sys
    import time

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = np.random.default_rng(0)
    principal = rng.integers(150, 700, n) * 100_000
    rate = rng.integers(60, 500, n) * 5_000  # 0.3 %–2.5 % in 0.005 % steps
    term = rng.choice(np.array([240, 300, 360, 420]), n)
    due = rng.integers(12, 240, n)
    fns = {"scalar": scalar, "lockstep x64": lockstep, "four lanes": four_lanes}
    best = dict.fromkeys(fns, float("inf"))
    for name, fn in fns.items():
        assert check(principal, rate, term, due, fn(principal, rate, term, due)), name
    for _ in range(7):
        for name, fn in fns.items():
            t = time.process_time()
            fn(principal, rate, term, due)
            best[name] = min(best[name], time.process_time() - t)
    rows = int(due.sum())
    for name, t in best.items():
        print(f"{name:13s} {n / t / 1e6:6.2f} M loans/s per core  {t / rows * 1e9:5.2f} ns/row")


if __name__ == "__main__":
    main()
