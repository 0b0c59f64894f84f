"""An independent engine agrees: mortgagemath (Decimal, MIT) set to whole yen and round-down.

mortgagemath validates itself against published regulatory examples; configured with
``currency_unit=1`` and ``ROUND_DOWN`` for payment and interest it implements the same
convention as our ``jp_floor``, so every row of every level schedule must be identical.
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import mortgagemath as mm
from hypothesis import given
from hypothesis import strategies as st

from zansai.engine.loan import Loan, amortize


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
    assert [r.payment for r in ours] == [int(i.payment) for i in theirs]
    assert [r.interest for r in ours] == [int(i.interest) for i in theirs]
    assert [r.balance for r in ours] == [int(i.balance) for i in theirs]
