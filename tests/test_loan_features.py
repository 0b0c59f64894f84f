"""Rate changes (5年ルール, 125%ルール, 未払利息), prepayment, anchors and several loans."""

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest

from zansai.engine.loan import LoanSet, amortize, annuity_payment
from zansai.errors import DomainError
from zansai.model import HALF_UP, Anchor, Loan, Method, Prepayment, PrepaymentMode, RateChange
from zansai.money import Rounding
from zansai.rules import RuleBook

BASE = Loan(principal=30_000_000, annual_rate=Fraction(1, 100), months=420,
            first_payment=date(2025, 1, 27))
JUMP = RateChange(date(2026, 1, 27), Fraction(5, 100))  # applies from payment 13
_BOOK = RuleBook.default()
FIVE_YEAR = {"five_year_rule": True,
             "review_months": int(_BOOK.value("loan.payment_review_months", BASE.first_payment))}
CAP_125 = {"payment_cap_125": True,
           "payment_cap": Fraction(_BOOK.value("loan.payment_cap_ratio", BASE.first_payment))}


@pytest.mark.parametrize(("flags", "field"), [({"five_year_rule": True}, "loan.review_months"),
                                              ({"payment_cap_125": True}, "loan.payment_cap")])
def test_payment_protections_need_their_terms(flags: dict[str, bool], field: str) -> None:
    """The model refuses a 5年ルール or 125%ルール without its interval or ratio (the loan's
    builder reads them from the rule book); the engine never looks them up itself."""
    with pytest.raises(DomainError) as err:
        replace(BASE, **flags)
    assert err.value.field == field


def test_rate_change_without_five_year_rule_reprices_immediately() -> None:
    s = amortize(replace(BASE, rate_changes=(JUMP,)))
    before = s.rows[11]
    assert s.rows[11].payment == 84_685
    expected = annuity_payment(before.balance, Fraction(5, 100) / 12, 420 - 12, Rounding.FLOOR)
    assert s.rows[12].payment == expected
    assert s.rows[12].annual_rate == Fraction(5, 100)
    assert s.rows[12].interest == before.balance * 5 // 1200
    assert s.rows[-1].balance == 0


def test_five_year_rule_keeps_payment_and_carries_unpaid_interest() -> None:
    s = amortize(replace(BASE, rate_changes=(JUMP,), **FIVE_YEAR, **CAP_125))
    rows = s.rows
    # The payment stays at 84,685 until the review at payment 61 (5年ルール).
    assert {r.payment for r in rows[:60]} == {84_685}
    # At 5% the interest (~120,000) exceeds the payment: all of it goes to interest,
    # and the shortfall is carried as 未払利息 without interest.
    r13 = rows[12]
    accrued = rows[11].balance * 5 // 1200
    assert r13.principal == 0
    assert r13.interest == 84_685
    assert r13.unpaid_interest == accrued - 84_685
    r14 = rows[13]
    assert r14.balance == r13.balance  # no principal repaid, unpaid interest not capitalised
    assert r14.unpaid_interest == r13.unpaid_interest + (r13.balance * 5 // 1200 - 84_685)
    # Review at payment 61: capped at 125% of the previous payment (125%ルール).
    assert rows[60].payment == 84_685 * 5 // 4 == 105_856
    # Everything, including the carried unpaid interest, is settled by the end.
    assert rows[-1].balance == 0
    assert rows[-1].unpaid_interest == 0
    assert rows[-1].payment > 105_856 * 5 // 4  # the last payment absorbs what is left
    assert sum(r.principal for r in rows) == BASE.principal


def test_five_year_rule_without_cap_reprices_fully_at_review() -> None:
    s = amortize(replace(BASE, rate_changes=(JUMP,), **FIVE_YEAR))
    r60 = s.rows[59]
    expected = annuity_payment(r60.balance, Fraction(5, 100) / 12, 420 - 60, Rounding.FLOOR)
    assert s.rows[60].payment == expected or s.rows[60].unpaid_interest > 0


@pytest.mark.parametrize("mode", list(PrepaymentMode))
def test_prepayment_modes(mode: PrepaymentMode) -> None:
    pre = Prepayment(date(2030, 1, 1), 5_000_000, mode)
    s = amortize(replace(BASE, prepayments=(pre,)))
    plain = amortize(BASE)
    row = next(r for r in s.rows if r.prepayment)
    assert row.due_date == date(2030, 1, 27)  # applied on the first due date on or after
    assert row.prepayment == 5_000_000
    assert row.balance == plain.balance_at(row.due_date) - 5_000_000
    if mode is PrepaymentMode.SHORTEN_TERM:
        assert s.payments_count < 420  # 期間短縮型: the term shortens, the payment stays
        assert s.rows[row.number].payment == 84_685
    else:
        assert s.payments_count == 420  # 返済額軽減型: the term stays, the payment falls
        assert s.rows[row.number].payment == annuity_payment(
            row.balance, Fraction(1, 1200), 420 - row.number, Rounding.FLOOR)
    assert s.total_interest < plain.total_interest


def test_anchor_from_statement() -> None:
    """A statement says 28,000,000 yen after 2027-01-27: the schedule continues from it."""
    s = amortize(replace(BASE, anchor=Anchor(date(2027, 1, 27), 28_000_000)))
    assert s.first_number == 26
    assert s.rows[0].number == 26
    assert s.rows[0].interest == 28_000_000 // 1200
    assert s.balance_at(date(2027, 1, 27)) == 28_000_000
    assert s.rows[-1].balance == 0


def test_equal_principal_half_up_convention() -> None:
    s = amortize(replace(BASE, principal=1_000_000, months=3, method=Method.EQUAL_PRINCIPAL,
                         rounding=HALF_UP))
    assert [r.principal for r in s.rows] == [333_333, 333_333, 333_334]
    assert s.rows[0].interest == 833  # 1,000,000 × 1% / 12 = 833.33 → 833


def test_pair_loan_sums() -> None:
    """ペアローン: two loans on one home are held separately and summed."""
    a = amortize(replace(BASE, principal=20_000_000, name="husband"))
    b = amortize(replace(BASE, principal=10_000_000, name="wife"))
    both = LoanSet((a, b))
    on = date(2030, 6, 1)
    assert both.balance_at(on) == a.balance_at(on) + b.balance_at(on)
    assert both.monthly_payment == a.monthly_payment + b.monthly_payment
    assert both.payments_by_date()[0] == (date(2025, 1, 27), a.rows[0].payment + b.rows[0].payment)


def test_short_month_due_dates() -> None:
    s = amortize(replace(BASE, first_payment=date(2025, 1, 31), months=3))
    assert [r.due_date for r in s.rows] == [date(2025, 1, 31), date(2025, 2, 28),
                                            date(2025, 3, 31)]


def test_explanation_names_convention_and_formula() -> None:
    e = amortize(BASE).explain()
    names = [s.name for s in e.steps]
    assert names[0] == "monthly_payment"
    assert e.steps[0].result == "84,685円"
    assert any("jp_floor" in n for n in e.notes)
