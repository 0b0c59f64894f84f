"""An independent engine agrees: mortgagemath (Decimal, MIT) set to whole yen and round-down.

mortgagemath validates itself against published regulatory examples; configured with
``currency_unit=1`` and ``ROUND_DOWN`` for payment and interest it implements the same
convention as our ``jp_floor``, so every row of every level schedule must be identical -
except where the exact monthly interest is a whole number of yen: mortgagemath divides the
annual rate by 12 first (0.022 / 12 = 0.0018333… cut at 28 digits), so balance × rate/12 comes
out as 44,956.999… and rounds down to one yen less (found by hypothesis: 39,916,800円 at 2.2%
over 157 months, payment 67 on a balance of 24,522,000円, exact interest 44,957円). Our exact
arithmetic is right there; those schedules are left out of the comparison and pinned below.
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import mortgagemath as mm
from hypothesis import assume, given
from hypothesis import strategies as st

from zansai.engine.loan import amortize
from zansai.model import Loan


@given(
    principal=st.integers(min_value=1_000_000, max_value=150_000_000),
    rate_bp=st.integers(min_value=1, max_value=800),
    months=st.integers(min_value=12, max_value=420),
)
def test_rows_equal_mortgagemath_whole_yen(principal: int, rate_bp: int, months: int) -> None:
    params = mm.LoanParams(
        principal=Decimal(principal), annual_rate=Decimal(rate_bp) / 100, term_months=months,
        currency_unit=Decimal(1), payment_rounding=mm.PaymentRounding.ROUND_DOWN,
        interest_rounding=mm.PaymentRounding.ROUND_DOWN,
    )
    theirs = mm.amortization_schedule(params)[1:]
    ours = amortize(Loan(principal=principal, annual_rate=Fraction(rate_bp, 10_000),
                         months=months, first_payment=date(2025, 1, 1))).rows
    before = [principal, *(r.balance for r in ours[:-1])]
    assume(all(b * rate_bp % 120_000 for b in before))  # exact whole-yen interest: see above
    assert [r.payment for r in ours] == [int(i.payment) for i in theirs]
    assert [r.interest for r in ours] == [int(i.interest) for i in theirs]
    assert [r.balance for r in ours] == [int(i.balance) for i in theirs]


def test_exact_whole_yen_interest_is_not_cut_by_a_yen() -> None:
    """The case hypothesis found: 24,522,000円 × 2.2% ÷ 12 = 44,957円 exactly (mortgagemath: 44,956)."""
    rows = amortize(Loan(principal=39_916_800, annual_rate=Fraction(220, 10_000), months=157,
                         first_payment=date(2025, 1, 1))).rows
    assert rows[65].balance == 24_522_000
    assert rows[66].interest == 44_957
    assert 24_522_000 * 22 == 44_957 * 12 * 1000
