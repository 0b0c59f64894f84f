"""The kernel's compiled core (batch.compiled) equals the pure core (zansai.arith) it is built
from, on random bounded inputs and at the bounds: 10**13 yen at 29.2% (利息制限法4条's highest
cap, docs/sources/law-debt-divorce.md §3.5) over the longest day count, where Python's integers
are exact and the compiled ones are 64-bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.arith import AMOUNT_MAX, DAYS_MAX, RATE_DEN_MAX
from zansai.arith import annuity as A
from zansai.arith import brackets as B
from zansai.arith import calendar as C
from zansai.arith import interest as I
from zansai.arith import step as S
from zansai.arith import waterfall as W
from zansai.batch import compiled as J

TOP_RATE = 29_200_000
amounts = st.integers(0, AMOUNT_MAX)
nums = st.integers(0, TOP_RATE)
days = st.integers(-5, DAYS_MAX)
FAST = settings(max_examples=300, deadline=None)


def test_compiled_at_the_bounds() -> None:
    big = AMOUNT_MAX
    for basis in (365, 366):
        assert J.day_charge(big, TOP_RATE, RATE_DEN_MAX, DAYS_MAX, basis) == (
            big * TOP_RATE * DAYS_MAX // (RATE_DEN_MAX * basis))
    for periods in (12, 2):
        assert J.period_interest(big, TOP_RATE, RATE_DEN_MAX, periods) == (
            big * TOP_RATE // (RATE_DEN_MAX * periods))
    assert J.ratio_floor(big, TOP_RATE, RATE_DEN_MAX) == big * TOP_RATE // RATE_DEN_MAX
    assert J.muldiv(big, RATE_DEN_MAX, 3 * RATE_DEN_MAX) == big // 3
    assert J.with_tax(big * 500, 10**4, 1_000, 10**4) == big * 500 * 11_000 // 10**8
    assert J.discount(big, DAYS_MAX, 10**6, 365) == big * 365_000_000 // (365_000_000 + 10**6 * DAYS_MAX)
    assert J.track_step(big, 0, 1, 2, TOP_RATE, RATE_DEN_MAX, 12, False) == S.track_step(
        big, 0, 1, 2, TOP_RATE, RATE_DEN_MAX, 12, False)


@FAST
@given(amounts, nums, days, st.sampled_from([365, 366]))
def test_day_charge(base: int, num: int, d: int, basis: int) -> None:
    assert J.day_charge(base, num, RATE_DEN_MAX, d, basis) == I.day_charge(base, num, RATE_DEN_MAX, d, basis)


@FAST
@given(amounts, nums, st.sampled_from([12, 2]), st.integers(0, 10**6), st.integers(0, 600),
       st.booleans(), amounts)
def test_interest_and_step(balance: int, num: int, periods: int, payment: int, left: int,
                           equal: bool, unpaid: int) -> None:
    assert J.period_interest(balance, num, RATE_DEN_MAX, periods) == I.period_interest(
        balance, num, RATE_DEN_MAX, periods)
    args = (balance, unpaid % 10**9, payment, left, num, RATE_DEN_MAX, periods, equal)
    assert J.track_step(*args) == S.track_step(*args)


@FAST
@given(st.integers(1, 10**11), st.integers(0, 20 * 10**6), st.integers(0, 600), st.sampled_from([12, 2]))
def test_annuity_estimate(principal: int, num: int, n: int, periods: int) -> None:
    assert J.annuity_estimate(principal, num, RATE_DEN_MAX, periods, n) == A.annuity_estimate(
        principal, num, RATE_DEN_MAX, periods, n)


@FAST
@given(st.integers(0, 10**11), st.integers(0, 10**11), st.integers(1, 10**9))
def test_muldiv_fdiv(a: int, b: int, c: int) -> None:
    b %= RATE_DEN_MAX + 1
    if a * b // c < 2**50:  # muldiv's bound on the quotient
        assert J.muldiv(a, b, c) == I.muldiv(a, b, c)
    assert J.fdiv(a, c) == I.fdiv(a, c)
    assert J.discount(a, b % DAYS_MAX, c % 10**6, 366) == I.discount(a, b % DAYS_MAX, c % 10**6, 366)


@FAST
@given(st.integers(-300_000, 300_000), st.integers(1, 31), st.integers(0, 700))
def test_calendar(z: int, pday: int, k: int) -> None:
    assert J.civil_from_days(z) == C.civil_from_days(z)
    y, m, _d = C.civil_from_days(z)
    assert J.due_day(y, m, pday, k) == C.due_day(y, m, pday, k)
    assert J.add_months(z, k) == C.add_months(z, k)


@FAST
@given(st.lists(st.integers(1, 10**10), min_size=1, max_size=8, unique=True),
       st.lists(st.integers(0, 10**4), min_size=9, max_size=9), st.integers(0, 2 * 10**10),
       st.lists(st.integers(0, AMOUNT_MAX), max_size=8), st.integers(0, AMOUNT_MAX))
def test_tables_and_waterfall(uppers: list[int], values: list[int], amount: int, claims: list[int],
                              proceeds: int) -> None:
    ordered = sorted(uppers)
    flat = [v for j, u in enumerate(ordered) for v in (u, values[j])] + [-1, values[-1]]
    table = np.array([0, *flat], np.int64)  # from an offset, as the kernel's rule rows
    n = len(ordered) + 1
    assert J.bracket_value(table, 1, n, amount) == B.bracket_value(flat, 0, n, amount)
    assert J.tiered_sum(table, 1, n, amount) == B.tiered_sum(flat, 0, n, amount)
    c = np.array(claims, np.int64)
    paid = np.zeros(len(claims), np.int64)
    paid_py = [0] * len(claims)
    assert J.waterfall(c, paid, proceeds) == W.waterfall(claims, paid_py, proceeds)
    assert paid.tolist() == paid_py
