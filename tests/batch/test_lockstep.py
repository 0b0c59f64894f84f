"""The schedule's plain rows run in lockstep equal the scalar exact path, row for row.

``lockstep.advance`` runs up to ``span`` plain monthly rows of 元利均等 loans four at a time; a
lane leaves at the first row off the plain path (interest not below the payment, a payment that
repays everything) or never enters (balance or rate beyond its bounds), and the kernel's scalar
schedule would go on from there. Checked against the engine's own step (``zansai.arith.step``,
plain Python integers), over hypothesis-drawn lanes that include every way out.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.arith.step import track_step
from zansai.batch import lockstep as L

pytestmark = pytest.mark.batch


def scalar_rows(balance: int, rate: int, payment: int, span: int) -> tuple[int, int]:
    """(balance, rows done) by the engine's step: the plain rows of the monthly track (未払利息
    none, not the last row), stopping at the first row that is not plain."""
    if not (0 < balance < L.BALANCE_MAX and 0 <= rate < L.RATE_MAX and 0 < payment < L.BALANCE_MAX):
        return balance, 0
    done = 0
    for _ in range(span):
        part, _interest, _unpaid = track_step(balance, 0, payment, 2, rate, L.RS, 12, False)
        if part == 0 or part >= balance:
            break  # interest not below the payment, or the payment repays everything
        balance -= part
        done += 1
    return balance, done


lanes = st.lists(st.tuples(
    st.one_of(st.integers(1, 2**40 + 5), st.integers(1, 200_000), st.integers(-5, 0)),
    st.one_of(st.integers(0, 2**24 + 5), st.integers(0, 3_000_000)),
    st.one_of(st.integers(1, 400_000), st.integers(1, 2**40 + 5)),
    st.integers(0, 60),
), min_size=1, max_size=23)


@settings(max_examples=300, deadline=None)
@given(lanes)
def test_lockstep_lanes_equal_the_engines_step(drawn: list[tuple[int, int, int, int]]) -> None:
    """Every lane, plain or leaving (interest ≥ payment, repaid early, beyond the bounds, no rows),
    ends with the engine's balance after the same rows; lanes of a group do not disturb each other
    (the spans are left unsorted, and group sizes are not multiples of four)."""
    balance = np.array([d[0] for d in drawn], np.int64)
    rate = np.array([d[1] for d in drawn], np.int64)
    payment = np.array([d[2] for d in drawn], np.int64)
    span = np.array([d[3] for d in drawn], np.int64)
    done = np.full(len(drawn), -1, np.int64)
    L.advance(balance, rate, payment, span, done)
    want = [scalar_rows(*d) for d in drawn]
    assert [(int(b), int(k)) for b, k in zip(balance, done, strict=True)] == want


def test_a_plain_year_and_the_ways_out() -> None:
    """Figures by hand: 3,000万円 at 1.2 % paying 100,000円 a month: the first month's interest is
    floor(30,000,000 × 0.012 / 12) = 30,000円, so the balance falls by 70,000円 to 29,930,000円, then
    29,930,000 × 0.001 = 29,930 → 29,859,930円. A payment at or below the interest (30,000円) leaves
    at once; a balance the payment repays (50,000円) too; a rate of 2**24 / 10**8 is beyond the
    bounds."""
    balance = np.array([30_000_000, 30_000_000, 50_000, 30_000_000], np.int64)
    rate = np.array([1_200_000, 1_200_000, 1_200_000, 2**24], np.int64)
    payment = np.array([100_000, 30_000, 100_000, 1_000_000], np.int64)
    done = np.zeros(4, np.int64)
    L.advance(balance, rate, payment, np.array([2, 5, 5, 5], np.int64), done)
    assert balance.tolist() == [29_859_930, 30_000_000, 50_000, 30_000_000]
    assert done.tolist() == [2, 0, 0, 0]
