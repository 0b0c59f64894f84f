"""Properties of the comparables basis (hypothesis): order, bounds, scaling, a repeated sale.

The sales fall in 2024 Q1 (time-adjusted by the national マンション series, factor 1111/991 to
2025-09: docs/sources/mlit-price-index.md §3) or 2025 Q3 (not adjusted: 2025-08 is not in the
table, §2), so both paths are exercised.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_comparables import BOOK, SUBJECT, TABLE, Sale

from zansai.engine.comparables import comparables_basis

ON = date(2025, 12, 15)

sales = st.builds(
    Sale,
    trade_price=st.integers(1_000_000, 500_000_000),
    area_m2=st.integers(1_000, 30_000).map(lambda c: Decimal(c) / 100),
    period=st.sampled_from([(2024, 1), (2025, 3)]),
    building_year=st.one_of(st.none(), st.integers(1970, 2025)),
)
some_sales = st.lists(sales, min_size=3, max_size=12)


def _figures(comps: list[Sale]) -> tuple[int | None, int | None, int | None]:
    basis = comparables_basis(SUBJECT, comps, ON, TABLE, BOOK)
    return basis.low, basis.central, basis.high


@settings(max_examples=60, deadline=None)
@given(some_sales)
def test_low_central_high_are_ordered(comps: list[Sale]) -> None:
    low, central, high = _figures(comps)
    assert low is not None
    assert central is not None
    assert high is not None
    assert 0 < low <= central <= high


@settings(max_examples=60, deadline=None)
@given(some_sales, st.randoms(use_true_random=False))
def test_the_order_of_the_sales_does_not_matter(comps: list[Sale], rnd: object) -> None:
    shuffled = list(comps)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = comparables_basis(SUBJECT, comps, ON, TABLE, BOOK)
    b = comparables_basis(SUBJECT, shuffled, ON, TABLE, BOOK)
    assert (a.low, a.central, a.high, a.confidence) == (b.low, b.central, b.high, b.confidence)


@settings(max_examples=60, deadline=None)
@given(some_sales, st.integers(2, 50))
def test_scaling_every_price_scales_the_range(comps: list[Sale], k: int) -> None:
    """The exact figures scale by k; each is rounded down once, so k·x − k ≤ ⌊k·x⌋… within k yen."""
    base = _figures(comps)
    scaled = _figures([replace(s, trade_price=s.trade_price * k) for s in comps])
    for x, y in zip(base, scaled, strict=True):
        assert x is not None
        assert y is not None
        assert 0 <= y - k * x < k


@settings(max_examples=60, deadline=None)
@given(some_sales, st.data())
def test_a_repeated_sale_keeps_the_median_within_the_old_range(comps: list[Sale],
                                                               data: st.DataObject) -> None:
    low, _, high = _figures(comps)
    again = data.draw(st.sampled_from(comps))
    _, central, _ = _figures([*comps, again])
    assert low is not None
    assert high is not None
    assert central is not None
    assert low <= central <= high
