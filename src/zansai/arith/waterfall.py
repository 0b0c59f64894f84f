"""The 配分表's priority waterfall: each claim in rank order takes what it can of what remains.
"""

from __future__ import annotations

from typing import Any


def pay(claim: int, remaining: int) -> tuple[int, int]:
    """(paid, still remaining): ``min(claim, remaining)`` of what remains."""
    got = claim if claim < remaining else remaining
    return got, remaining - got


def waterfall(claims: Any, paid: Any, proceeds: int) -> int:
    """Pay ``claims`` in order from ``proceeds`` (writing ``paid``); return what is left over
    (the seller's). Money is conserved: Σ paid + left == proceeds, and no claim is overpaid."""
    remaining = proceeds
    for i in range(len(claims)):
        got, remaining = pay(claims[i], remaining)
        paid[i] = got
    return remaining
