"""返済方法の変更: the new schedule, exact to the yen, against an independent computation.

The terms are those of JHF's published rescheduling (docs/sources/law-updates-2026.md §9): the
term extended, the first months interest only (元金据置), then the balance re-amortised by the
loan's own method and rounding. The checks below recompute every row with plain fractions
(annuity ``P·r(1+r)^n / ((1+r)^n − 1)`` floored; interest ``floor(balance × r)``; the last payment
takes the rest), not with the engine's annuity code.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from zansai.engine.loan import amortize
from zansai.engine.loan.reschedule import reschedule
from zansai.errors import DomainError
from zansai.model.loan import Loan, Method, RateChange

RATE = Fraction(12, 1000)  # 1.2% a year: 0.1% a month, so the interest is balance ÷ 1000 exactly


def _loan(**kw: object) -> Loan:
    base: dict[str, object] = {"principal": 10_000_000, "annual_rate": RATE, "months": 120,
                               "first_payment": date(2027, 1, 5)}
    base.update(kw)
    return Loan(**base)  # type: ignore[arg-type]


def _annuity_rows(balance: int, rate: Fraction, n: int) -> list[tuple[int, int, int]]:
    """(payment, interest, balance after) of a 元利均等 loan, floored, the last taking the rest."""
    r = rate / 12
    g = (1 + r) ** n
    pay = (balance * r * g / (g - 1)).__floor__()
    rows = []
    for k in range(1, n + 1):
        interest = (balance * r).__floor__()
        paid = balance + interest if k == n else pay
        balance -= paid - interest
        rows.append((paid, interest, balance))
    return rows


def test_deferment_then_annuity_by_hand() -> None:
    """10,000,000円 at 1.2%, changed before the first payment: 120 months + 60, 12 interest only.

    Interest only: 10,000,000 × 1.2% ÷ 12 = 10,000円 (exact). Then 168 months of
    floor(10,000,000 × 0.001 × 1.001^168 ÷ (1.001^168 − 1)) = 64,693円; the first of them pays
    10,000円 interest and 54,693円 principal (balance 9,945,307円), the second
    floor(9,945,307 ÷ 1000) = 9,945円 interest."""
    new = reschedule(amortize(_loan()), date(2026, 12, 1), extension_months=60, deferment_months=12)
    rows = new.schedule.rows
    assert new.balance == 10_000_000
    assert new.remaining_months == 120
    assert len(rows) == 180
    assert [r.payment for r in rows[:12]] == [10_000] * 12
    assert all(r.principal == 0 and r.balance == 10_000_000 for r in rows[:12])
    assert new.deferment_payment == 10_000
    assert new.new_payment == 64_693
    assert (rows[12].interest, rows[12].principal, rows[12].balance) == (10_000, 54_693, 9_945_307)
    assert rows[13].interest == 9_945
    assert rows[0].due_date == date(2027, 1, 5)
    assert rows[12].due_date == date(2028, 1, 5)
    assert new.end == date(2041, 12, 5)
    expected = _annuity_rows(10_000_000, RATE, 168)
    assert [(r.payment, r.interest, r.balance) for r in rows[12:]] == expected
    assert rows[-1].balance == 0
    assert new.schedule.total_interest == 120_000 + sum(i for _, i, _ in expected)


def test_mid_loan_change_uses_the_balance_after_the_last_payment_due() -> None:
    """Changed after 24 payments (due 2027-01-05 … 2028-12-05): 96 left, +60 months, no deferment."""
    current = amortize(_loan())
    new = reschedule(current, date(2028, 12, 20), extension_months=60, deferment_months=0)
    balance = current.balance_at(date(2028, 12, 5))
    assert new.balance == balance == current.rows[23].balance
    assert new.remaining_months == 96
    assert new.first_due == date(2029, 1, 5)
    assert [(r.payment, r.interest, r.balance) for r in new.schedule.rows] == \
        _annuity_rows(balance, RATE, 156)
    assert new.end == date(2041, 12, 5)


def test_equal_principal_keeps_its_method() -> None:
    """元金均等: after 12 interest-only months, floor(10,000,000 ÷ 168) = 59,523円 principal a month
    plus the month's interest: 59,523 + 10,000 = 69,523円 first; the last takes the rest."""
    new = reschedule(amortize(_loan(method=Method.EQUAL_PRINCIPAL)), date(2026, 12, 1),
                     extension_months=60, deferment_months=12)
    rows = new.schedule.rows
    assert rows[11].payment == 10_000
    assert (rows[12].principal, rows[12].interest, rows[12].payment) == (59_523, 10_000, 69_523)
    assert rows[13].interest == (10_000_000 - 59_523) // 1000
    assert rows[-1].principal == 10_000_000 - 59_523 * 167
    assert sum(r.principal for r in rows) == 10_000_000


def test_a_new_rate_applies_from_the_change() -> None:
    """An entered rate replaces the contract's (its later rate changes are dropped)."""
    loan = _loan(rate_changes=(RateChange(date(2030, 1, 1), Fraction(3, 100)),))
    new = reschedule(amortize(loan), date(2026, 12, 1), extension_months=0, deferment_months=0,
                     annual_rate=Fraction(6, 1000))
    assert [(r.payment, r.interest, r.balance) for r in new.schedule.rows] == \
        _annuity_rows(10_000_000, Fraction(6, 1000), 120)


def test_the_contract_rate_change_is_kept_without_a_new_rate() -> None:
    loan = _loan(rate_changes=(RateChange(date(2030, 1, 1), Fraction(3, 100)),))
    new = reschedule(amortize(loan), date(2026, 12, 1), extension_months=12, deferment_months=0)
    rates = {r.annual_rate for r in new.schedule.rows}
    assert rates == {RATE, Fraction(3, 100)}


def test_a_bonus_part_is_merged_into_the_monthly_payments() -> None:
    current = amortize(_loan(bonus_principal=2_000_000))
    new = reschedule(current, date(2026, 12, 1), extension_months=0, deferment_months=0)
    assert new.bonus_merged
    assert all(r.bonus_payment == 0 for r in new.schedule.rows)
    assert [(r.payment, r.interest, r.balance) for r in new.schedule.rows] == \
        _annuity_rows(10_000_000, RATE, 120)


def test_a_deferment_as_long_as_the_term_is_refused() -> None:
    with pytest.raises(DomainError) as err:
        reschedule(amortize(_loan()), date(2026, 12, 1), extension_months=0, deferment_months=120)
    assert err.value.field == "rescheduling.deferment_months"


def test_a_change_after_the_last_payment_is_refused() -> None:
    with pytest.raises(DomainError) as err:
        reschedule(amortize(_loan()), date(2037, 1, 5), extension_months=12, deferment_months=0)
    assert err.value.field == "rescheduling.change_date"
