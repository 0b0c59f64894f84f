"""The lowest price from which a condition holds for good (損益分岐価格), exact to the yen.

Fee tiers and tax brackets make a sale's figures step-shaped, so "holds from p" is checked, not
assumed: bisection on integer yen finds a candidate p (holds at p, fails at p − 1), then the
condition is tried at every grid price above p and at evenly spaced prices up to the top of the
range; a failure above p means the condition is not monotone there, and the search restarts
above the highest failure found (each such interval is reported).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from zansai.money import Yen

SAMPLES = 64
"""Evenly spaced prices tried above a candidate (besides the grid's own prices)."""
MAX_RESTARTS = 8


@dataclass(frozen=True, slots=True)
class Threshold:
    """Where the condition starts holding for good within [low, high]."""

    price: Yen | None
    """The lowest price p in range that holds at p and every higher price tried and fails at
    p − 1; ``low`` when it holds everywhere tried; None when it fails at ``high``."""
    low: Yen
    high: Yen
    evaluations: int
    exceptions: tuple[tuple[Yen, Yen], ...] = field(default=())
    """Intervals (fails at, holds again from) above an earlier candidate: the steps that make the
    condition non-monotone, highest last."""

    @property
    def holds_everywhere(self) -> bool:
        return self.price == self.low


def threshold(holds: Callable[[Yen], bool], low: Yen, high: Yen,
              checkpoints: Iterable[Yen] = ()) -> Threshold:
    """The lowest ``p`` in [low, high] with ``holds(p)`` for ``p`` and every checked price above,
    and not ``holds(p − 1)``. ``high`` must be where the answer is sought below."""
    calls = 0
    memo: dict[Yen, bool] = {}

    def ok(p: Yen) -> bool:
        nonlocal calls
        if p not in memo:
            calls += 1
            memo[p] = holds(p)
        return memo[p]

    if not ok(high):
        return Threshold(price=None, low=low, high=high, evaluations=calls)
    points = sorted({p for p in checkpoints if low <= p <= high})
    exceptions: list[tuple[Yen, Yen]] = []
    floor = low
    for _ in range(MAX_RESTARTS):
        candidate = floor if ok(floor) else _bisect(ok, floor, high)
        failing = _highest_failure(ok, candidate, high, points)
        if failing is None:
            return Threshold(price=candidate, low=low, high=high, evaluations=calls,
                             exceptions=tuple(exceptions))
        again = _bisect(ok, failing, high)
        exceptions.append((failing, again))
        floor = again
    return Threshold(price=floor, low=low, high=high, evaluations=calls, exceptions=tuple(exceptions))


def _bisect(ok: Callable[[Yen], bool], fails: Yen, holds: Yen) -> Yen:
    """The p in (fails, holds] where ok(p) and not ok(p − 1), given not ok(fails) and ok(holds)."""
    lo, hi = fails, holds
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _highest_failure(ok: Callable[[Yen], bool], candidate: Yen, high: Yen,
                     points: list[Yen]) -> Yen | None:
    """The highest price above ``candidate`` (grid prices and evenly spaced samples) where the
    condition fails; None when it holds at all of them."""
    span = high - candidate
    samples = {candidate + span * k // SAMPLES for k in range(1, SAMPLES + 1)} if span > 0 else set()
    tried = sorted({p for p in points if p > candidate} | {p for p in samples if p > candidate},
                   reverse=True)
    return next((p for p in tried if not ok(p)), None)
