"""The law's integer arithmetic, written once for the engine and the batch kernel (算術の核).

Every function here is pure and written in the subset of Python that Numba compiles: integers,
floats only as estimates that an exact integer remainder then settles, tuples, simple loops and
flat integer tables (lists in the engine, NumPy arrays in the kernel). Nothing here imports
Numba, so the CLI starts without it; ``zansai.batch.kernel`` compiles these same functions
(``compiled``) and the engine calls them directly, wrapping them with its explanations.

Bounds: amounts are at most ``AMOUNT_MAX`` (10**13 yen, 10兆円), day counts at most ``DAYS_MAX``
and rates enter as exact ``(numerator, denominator)`` integers with a numerator of at most
``RATE_NUM_MAX`` over a denominator of at most ``RATE_DEN_MAX`` (a rate of 29.2% over 10**8,
the kernel's scale, is the largest the rule book holds: 利息制限法4条's cap on 遅延損害金). Inside
these bounds no intermediate leaves 64 bits: a product that could (an amount × a rate numerator)
is taken by ``muldiv``, whose float estimate is settled by the exact wrapped remainder.
Every division floors (円未満切捨て).

Modules, by idea: ``calendar`` (days since 1970-01-01, due dates), ``interest`` (floors, muldiv,
one period's interest, 日割り charges), ``annuity`` (元利均等 payment), ``step`` (one schedule
row of one track), ``brackets`` (bracket and tiered-fee tables), ``waterfall`` (配分表).
"""

from __future__ import annotations

AMOUNT_MAX = 10**13
"""The largest amount (yen) the core is exact for."""
DAYS_MAX = 40_000
"""The longest day count (about 109 years)."""
RATE_NUM_MAX = 10**8
"""The largest rate numerator (a rate ≤ 100% over a denominator of 10**8)."""
RATE_DEN_MAX = 10**8
"""The largest rate denominator."""
