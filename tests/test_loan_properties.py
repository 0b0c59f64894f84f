"""Invariants of every schedule (hypothesis): money is conserved and balances behave."""

from dataclasses import replace
from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from zansai.engine.loan import amortization as loan_module
from zansai.engine.loan import amortize
from zansai.model import CONVENTIONS, Anchor, Loan, Method, Prepayment, PrepaymentMode, RateChange
from zansai.rules import RuleBook

rates = st.integers(min_value=0, max_value=1500).map(lambda bp: Fraction(bp, 10_000))
principals = st.integers(min_value=100_000, max_value=200_000_000)
months = st.integers(min_value=1, max_value=50 * 12)
_BOOK = RuleBook.default()
REVIEW_MONTHS = int(_BOOK.value("loan.payment_review_months", date(2025, 1, 27)))
CAP_RATIO = Fraction(_BOOK.value("loan.payment_cap_ratio", date(2025, 1, 27)))


@st.composite
def loans(draw: st.DrawFn, *, features: bool = True) -> Loan:
    p = draw(principals)
    n = draw(months)
    method = draw(st.sampled_from(list(Method)))
    bonus = draw(st.integers(min_value=0, max_value=p * 2 // 5)) if features and n >= 24 else 0
    changes: tuple[RateChange, ...] = ()
    five = cap = False
    if features and draw(st.booleans()):
        k = draw(st.integers(min_value=1, max_value=n))
        changes = (RateChange(_due(k), draw(rates)),)
        five = draw(st.booleans())
        cap = five and draw(st.booleans())
    return Loan(principal=p, annual_rate=draw(rates), months=n, first_payment=date(2025, 1, 27),
                method=method, bonus_principal=bonus, rate_changes=changes,
                five_year_rule=five, payment_cap_125=cap,
                review_months=REVIEW_MONTHS if five else None, payment_cap=CAP_RATIO if cap else None,
                rounding=draw(st.sampled_from(list(CONVENTIONS.values()))))


def _due(k: int) -> date:
    y, m = divmod(2025 * 12 + k - 1, 12)
    return date(y, m + 1, 27)


@given(loans())
def test_principal_parts_add_up_and_balance_reaches_zero(loan: Loan) -> None:
    s = amortize(loan)
    rows = s.rows
    assert sum(r.principal for r in rows) + sum(r.prepayment for r in rows) == loan.principal
    assert all(r.balance >= 0 for r in rows)
    assert all(r.interest >= 0 and r.principal >= 0 for r in rows)
    assert rows[-1].balance == 0
    assert rows[-1].unpaid_interest == 0
    assert all(r.balance > 0 for r in rows[:-1])
    assert all(r.payment == r.interest + r.principal for r in rows)
    assert s.total_paid == loan.principal + s.total_interest
    assert len(rows) <= loan.months


@given(loans(features=False))
def test_level_fast_path_matches_general_engine(loan: Loan) -> None:
    assert amortize(loan).rows == loan_module._amortize_general(loan).rows


@given(loans(features=False), st.data())
def test_reanchoring_at_any_row_reproduces_the_rest(loan: Loan, data: st.DataObject) -> None:
    s = amortize(loan)
    j = data.draw(st.integers(min_value=0, max_value=len(s.rows) - 1))
    row = s.rows[j]
    cont = amortize(replace(loan, anchor=Anchor(on=row.due_date, balance=row.balance)))
    assert cont.rows == s.rows[j + 1:]
    assert cont.balance_at(row.due_date) == row.balance


@given(loans(features=False), st.data())
def test_prepayment_never_increases_total_interest(loan: Loan, data: st.DataObject) -> None:
    s = amortize(loan)
    k = data.draw(st.integers(min_value=1, max_value=loan.months))
    amount = data.draw(st.integers(min_value=1, max_value=loan.principal))
    mode = data.draw(st.sampled_from(list(PrepaymentMode)))
    pre = amortize(replace(loan, prepayments=(Prepayment(_due(k), amount, mode),)))
    assert pre.total_interest <= s.total_interest
    assert sum(r.principal for r in pre.rows) + sum(r.prepayment for r in pre.rows) \
        == loan.principal
    assert pre.rows[-1].balance == 0


@given(loans(), st.data())
def test_balance_at_is_the_last_row_due(loan: Loan, data: st.DataObject) -> None:
    s = amortize(loan)
    j = data.draw(st.integers(min_value=0, max_value=len(s.rows) - 1))
    d = s.rows[j].due_date
    assert s.balance_at(d) == s.rows[j].balance
    assert s.balance_at(date(2024, 1, 1)) == loan.principal


@given(day=st.integers(min_value=1, max_value=31), months=st.integers(min_value=1, max_value=420),
       year=st.integers(min_value=1990, max_value=2030), month=st.integers(min_value=1, max_value=12))
def test_schedule_due_dates_equal_the_loans_own_due_date(day: int, months: int, year: int,
                                                         month: int) -> None:
    """The fast column of due dates matches ``Loan.due_date`` (month ends, leap Februaries)."""
    loan = Loan(principal=10_000_000, annual_rate=Fraction(1, 100), months=months,
                first_payment=date(year, month, min(day, 28)), payment_day=day)
    schedule = amortize(loan)
    assert schedule.due_dates == [loan.due_date(k) for k in schedule.columns.numbers]


def test_a_statement_on_the_early_payoff_day_reads_zero() -> None:
    """Payments rounded half up (167円 for 100,000円 over 600 months at 0 %) repay the loan
    before its term; a statement dated on that last payment's day with 0円 continues with no row,
    as re-anchoring at any row must (found by the property above)."""
    loan = Loan(principal=100_000, annual_rate=Fraction(0), months=600,
                first_payment=date(2025, 1, 27), method=Method.ANNUITY,
                rounding=CONVENTIONS["half_up"])
    s = amortize(loan)
    last = s.rows[-1]
    assert (len(s.rows), last.balance) == (599, 0)
    cont = amortize(replace(loan, anchor=Anchor(on=last.due_date, balance=0)))
    assert cont.rows == ()
    assert cont.balance_at(last.due_date) == 0
