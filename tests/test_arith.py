"""The shared arithmetic core (zansai.arith) against hand-worked figures and its own laws.

Sources: docs/sources/law-sale-costs.md §9.2 (元利均等 payments floored: livedoor 84,685; 元金均等
pomygada 121,249 = 83,333 + 37,916; interest floored each month), §1.2 (告示 第二 tiers,
1,999,999円 → 109,999円 tax included), §2.1 (印紙税 軽減: 3,000万円 → 10,000円, brackets
inclusive), docs/sources/law-debt-divorce.md §3.5 (遅延損害金 14.0%, 365日 日割, 1円未満切捨;
the highest cap 29.2%). The compiled twins are checked in tests/batch/test_arith_compiled.py.
"""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from zansai.arith import AMOUNT_MAX, DAYS_MAX, RATE_DEN_MAX
from zansai.arith.annuity import annuity_estimate, annuity_floor
from zansai.arith.brackets import bracket_index, bracket_value, tiered_sum, with_tax
from zansai.arith.calendar import add_months, civil_from_days, days_from_civil, due_day, month_days
from zansai.arith.interest import day_charge, discount, fdiv, muldiv, muldiv_rem, period_interest
from zansai.arith.step import track_step
from zansai.arith.waterfall import pay, waterfall

EPOCH = date(1970, 1, 1)
TOP_RATE = 29_200_000  # 29.2% over 10**8: 利息制限法4条's cap on a principal under 10万円
BROKERAGE = [2_000_000, 5, 4_000_000, 4, -1, 3]  # 告示 第二, percent (over 100)
STAMP_REDUCED = [9_999, 0, 100_000, 200, 500_000, 200, 1_000_000, 500, 5_000_000, 1_000,
                 10_000_000, 5_000, 50_000_000, 10_000, 100_000_000, 30_000, 500_000_000, 60_000,
                 1_000_000_000, 160_000, 5_000_000_000, 320_000, -1, 480_000]

amounts = st.integers(0, AMOUNT_MAX)
rates = st.tuples(st.integers(0, TOP_RATE), st.just(RATE_DEN_MAX)) | st.tuples(
    st.integers(0, 300), st.integers(1, 1000))


def test_published_monthly_payments() -> None:
    """§9.2: 30,000,000円 at 1.0% over 35 years → 84,685円 (livedoor); at 1.5% → 91,855円."""
    assert annuity_floor(30_000_000, 1, 1200, 420) == 84_685
    assert annuity_estimate(30_000_000, 1, 100, 12, 420) == (84_685, False)
    assert annuity_floor(30_000_000, 3, 2400, 420) == 91_855
    assert annuity_estimate(30_000_000, 1_500_000, 10**8, 12, 420) == (91_855, False)
    assert annuity_floor(30_000_000, 0, 1, 420) == 30_000_000 // 420


def test_first_rows_by_hand() -> None:
    """§9.2: the first row of 91,855円 (interest 37,500 = floor(30,000,000 × 1.5%/12), principal
    54,355) and pomygada's 元金均等 first payment 121,249 = 83,333 + 37,916."""
    assert period_interest(30_000_000, 3, 200, 12) == 37_500
    assert track_step(30_000_000, 0, 91_855, 420, 3, 200, 12, False) == (54_355, 37_500, 0)
    assert track_step(35_000_000, 0, 83_333, 420, 13, 1000, 12, True) == (83_333, 37_916, 0)
    # the last period repays the balance; a payment below the interest carries 未払利息
    assert track_step(1_000, 0, 91_855, 1, 3, 200, 12, False) == (1_000, 1, 0)
    assert track_step(30_000_000, 0, 30_000, 10, 3, 200, 12, False) == (0, 30_000, 7_500)
    assert track_step(0, 0, 91_855, 5, 3, 200, 12, False) == (0, 0, 0)


def test_late_charge_by_hand() -> None:
    """docs/sources/law-debt-divorce.md §3.5: 14.0% on 1,000,000円 for 30 days, 365日 basis, floored:
    11,506.84… → 11,506円; on a 366-day basis 11,475円."""
    assert day_charge(1_000_000, 14, 100, 30, 365) == 11_506
    assert day_charge(1_000_000, 14_000_000, 10**8, 30, 365) == 11_506
    assert day_charge(1_000_000, 14, 100, 30, 366) == 11_475
    assert day_charge(1_000_000, 14, 100, 0, 365) == 0
    assert day_charge(0, 14, 100, 30, 365) == 0


def test_brokerage_and_stamp_duty_by_hand() -> None:
    """§1.2: 1,999,999円 → 99,999.95円 before tax → 109,999円 with 10% tax; 30,000,000円 →
    3% + 60,000 = 960,000円 → 1,056,000円. §2.1: 3,000万円 → 10,000円; 5,000万円 is still in
    its bracket (以下), 5,000万1円 is not."""
    assert tiered_sum(BROKERAGE, 0, 3, 1_999_999) == 9_999_995
    assert with_tax(tiered_sum(BROKERAGE, 0, 3, 1_999_999), 100, 1, 10) == 109_999
    assert tiered_sum(BROKERAGE, 0, 3, 30_000_000) == 960_000 * 100
    assert with_tax(960_000 * 100, 100, 1, 10) == 1_056_000
    assert bracket_value(STAMP_REDUCED, 0, 12, 30_000_000) == 10_000
    assert bracket_value(STAMP_REDUCED, 0, 12, 50_000_000) == 10_000
    assert bracket_value(STAMP_REDUCED, 0, 12, 50_000_001) == 30_000
    assert bracket_value(STAMP_REDUCED, 0, 12, 9_000) == 0
    assert bracket_value(STAMP_REDUCED, 0, 12, 6_000_000_000) == 480_000


def test_calendar_by_hand() -> None:
    """Leap years (2000 yes, 2100 no) and a due day of 31 in February and April."""
    assert days_from_civil(1970, 1, 1) == 0
    assert (month_days(2024, 2), month_days(2100, 2), month_days(2000, 2)) == (29, 28, 29)
    assert due_day(2025, 1, 31, 2) == (date(2025, 2, 28) - EPOCH).days
    assert due_day(2025, 1, 31, 4) == (date(2025, 4, 30) - EPOCH).days
    assert due_day(2025, 1, 27, 0) == (date(2024, 12, 27) - EPOCH).days
    assert add_months((date(2024, 1, 31) - EPOCH).days, 1) == (date(2024, 2, 29) - EPOCH).days


def test_bounds_stay_exact() -> None:
    """10**13 yen at 29.2% over the longest day count: every function equals Python's exact
    big-integer result (the compiled twins are held to the same in tests/batch)."""
    big = AMOUNT_MAX
    assert day_charge(big, TOP_RATE, RATE_DEN_MAX, DAYS_MAX, 365) == (
        big * TOP_RATE * DAYS_MAX // (RATE_DEN_MAX * 365))
    assert period_interest(big, TOP_RATE, RATE_DEN_MAX, 12) == big * TOP_RATE // (RATE_DEN_MAX * 12)
    assert muldiv(big, TOP_RATE, RATE_DEN_MAX) == big * TOP_RATE // RATE_DEN_MAX
    assert with_tax(big * 5, 100, 1, 10) == big * 5 * 11 // 1000
    assert discount(big, DAYS_MAX, 1_000_000, 365) == big * 365_000_000 // (365_000_000 + 10**6 * DAYS_MAX)


@given(amounts, rates, st.integers(-5, DAYS_MAX), st.sampled_from([365, 366]))
def test_day_charge_is_the_exact_floor(base: int, rate: tuple[int, int], days: int, basis: int) -> None:
    num, den = rate
    expected = base * num * days // (den * basis) if days > 0 and base > 0 else 0
    assert day_charge(base, num, den, days, basis) == expected


@given(amounts, rates, st.sampled_from([12, 2]))
def test_period_interest_is_the_exact_floor(balance: int, rate: tuple[int, int], periods: int) -> None:
    num, den = rate
    assert period_interest(balance, num, den, periods) == balance * num // (den * periods)


@given(amounts, st.integers(0, RATE_DEN_MAX), st.integers(1, 2**40))
def test_muldiv_and_fdiv_are_exact(a: int, b: int, c: int) -> None:
    if a * b // c < 2**50:
        assert muldiv_rem(a, b, c) == divmod(a * b, c)
    assert fdiv(a, c) == a // c


@given(st.integers(1, 10**11), st.integers(1, 20_000), st.integers(1, 600))
def test_the_float_annuity_is_exact_or_says_so(principal: int, bp: int, n: int) -> None:
    """annuity_estimate's floor is the exact one whenever it does not flag a near-tie."""
    pay_, ambiguous = annuity_estimate(principal, bp, 10_000, 12, n)
    if not ambiguous:
        assert pay_ == annuity_floor(principal, bp, 120_000, n)


@given(st.integers(1, AMOUNT_MAX), st.integers(0, AMOUNT_MAX), st.integers(1, 10**6),
       st.integers(1, 600), rates, st.booleans())
def test_a_step_never_overpays(balance: int, unpaid: int, payment: int, left: int,
                               rate: tuple[int, int], equal: bool) -> None:
    """Balances never go negative; principal + interest is what was due or the payment."""
    num, den = rate
    principal, interest, carried = track_step(balance, unpaid, payment, left, num, den, 12, equal)
    assert 0 <= principal <= balance
    assert interest >= 0
    assert carried >= 0
    accrued = period_interest(balance, num, den, 12)
    assert interest + carried == accrued + unpaid
    if left <= 1:
        assert principal == balance
        assert carried == 0


@given(st.lists(st.integers(0, AMOUNT_MAX), max_size=12), st.integers(0, AMOUNT_MAX))
def test_the_waterfall_conserves_money(claims: list[int], proceeds: int) -> None:
    paid = [0] * len(claims)
    left = waterfall(claims, paid, proceeds)
    assert sum(paid) + left == proceeds
    assert left >= 0
    assert all(0 <= p <= c for p, c in zip(paid, claims, strict=True))
    unpaid = [c - p for c, p in zip(claims, paid, strict=True)]
    assert sum(paid) + sum(unpaid) == sum(claims)
    # rank order: a claim goes short only when everything after it gets nothing
    for i, short in enumerate(unpaid):
        if short:
            assert not any(paid[i + 1:])
            assert left == 0
    assert pay(5, 3) == (3, 0)
    assert pay(3, 5) == (3, 2)


@given(st.integers(-700_000, 800_000))  # 0053-04-… to 4160-…
def test_civil_days_round_trip(z: int) -> None:
    y, m, d = civil_from_days(z)
    assert date(y, m, d) == EPOCH + timedelta(days=z)
    assert days_from_civil(y, m, d) == z


@given(st.lists(st.integers(1, 10**10), min_size=1, max_size=8, unique=True), st.integers(0, 2 * 10**10))
def test_bracket_is_the_first_that_holds(uppers: list[int], amount: int) -> None:
    ordered = sorted(uppers)
    table = [v for j, u in enumerate(ordered) for v in (u, j)] + [-1, len(ordered)]
    j = bracket_index(table, 0, len(ordered) + 1, amount)
    assert j == next((i for i, u in enumerate(ordered) if amount <= u), len(ordered))


def test_the_core_stands_alone() -> None:
    """The core imports no Numba (the CLI starts without it) and nothing of zansai but itself,
    so the kernel can compile every function of it."""
    folder = Path(__file__).resolve().parents[1] / "src" / "zansai" / "arith"
    found: set[str] = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found.add(node.module or "")
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
    assert found == {"__future__", "math", "typing", "zansai.arith.interest"}
