"""Arrears and 遅延損害金: 365-day basis, 1円未満切捨て, before and after acceleration.

Basis: auじぶん銀行 FAQ 1198 (docs/sources/law-debt-divorce.md §3.5): 年14.0% on the overdue principal
part, 1年=365日の日割, 1円未満切捨て, from the day after the due date.
"""

from datetime import date
from fractions import Fraction

import pytest

from zansai.engine.arrears import arrears
from zansai.engine.loan import amortize
from zansai.errors import DomainError
from zansai.model import LateChargeBase, LenderType, Loan
from zansai.rules import RuleBook

BOOK = RuleBook.default()

S = amortize(Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
                  first_payment=date(2025, 1, 1)))


def test_late_charges_on_overdue_principal_parts() -> None:
    r = arrears(S, date(2026, 1, 1), date(2026, 3, 15), book=BOOK, late_rate=Fraction(14, 100))
    assert [m.number for m in r.missed] == [13, 14, 15]
    jan, feb, mar = r.missed
    assert (jan.days_overdue, feb.days_overdue, mar.days_overdue) == (73, 42, 14)
    # 14% × days / 365 on each principal part, floored.
    assert jan.late_charge == jan.principal * 14 * 73 // (100 * 365)
    assert (jan.interest, jan.principal) == (36_679, 55_176)
    assert jan.late_charge == 1_544  # 55,176 × 0.14 × 73 / 365 = 1,544.928 → 1,544
    assert r.overdue_amount == 3 * 91_855
    assert r.late_charges == sum(m.late_charge for m in r.missed)
    assert r.total_due == r.overdue_amount + r.late_charges
    assert not r.accelerated


def test_instalment_base_is_larger() -> None:
    p = arrears(S, date(2026, 1, 1), date(2026, 3, 15), book=BOOK, late_rate=Fraction(14, 100))
    i = arrears(S, date(2026, 1, 1), date(2026, 3, 15), book=BOOK, late_rate=Fraction(14, 100),
                base=LateChargeBase.INSTALMENT)
    assert i.late_charges > p.late_charges
    assert i.missed[0].late_charge == 91_855 * 14 * 73 // 36_500


def test_after_acceleration_whole_balance_bears_late_charges() -> None:
    r = arrears(S, date(2026, 1, 1), date(2026, 9, 1), book=BOOK, late_rate=Fraction(14, 100),
                acceleration=date(2026, 7, 10))
    assert r.accelerated
    assert r.principal_outstanding == S.rows[11].balance  # balance after the last paid row
    assert [m.number for m in r.missed] == [13, 14, 15, 16, 17, 18, 19]
    assert r.late_charges_after_acceleration == r.principal_outstanding * 14 * 53 // 36_500
    not_yet_due = r.principal_outstanding - sum(m.principal for m in r.missed)
    assert r.accrued_interest == not_yet_due * 3 * 9 // (200 * 365)  # 07-01 → 07-10
    assert r.total_due == (r.principal_outstanding + r.unpaid_interest + r.accrued_interest
                           + r.late_charges)


def test_interest_due_is_unpaid_plus_accrued_interest() -> None:
    """未払利息＋経過利息, the figure the arrears command prints after acceleration."""
    r = arrears(S, date(2026, 1, 1), date(2026, 9, 1), book=BOOK, late_rate=Fraction(14, 100),
                acceleration=date(2026, 7, 10))
    # Rows 13–19 carry 36,679 + 36,610 + 36,541 + 36,471 + 36,402 + 36,333 + 36,263 of interest;
    # 1.5% on the 28,955,546 not yet due for 9 days (07-01 → 07-10): 10,709.58 → 10,709.
    assert (r.unpaid_interest, r.accrued_interest, r.interest_due) == (255_299, 10_709, 266_008)
    before = arrears(S, date(2026, 1, 1), date(2026, 3, 15), book=BOOK,
                     late_rate=Fraction(14, 100))
    assert before.interest_due == before.unpaid_interest == 36_679 + 36_610 + 36_541


def test_default_rate_comes_from_the_rule_book() -> None:
    r = arrears(S, date(2026, 1, 1), date(2026, 2, 1), book=BOOK, lender=LenderType.JHF)
    assert r.late_rate == Fraction(145, 1000)
    assert any(u.key == "late_charges.typical_rate" for u in r.rules_used)


def test_rate_above_interest_limitation_cap_is_capped() -> None:
    """docs/sources/law-debt-divorce.md §3.5: a bank is capped at 20% (利息制限法7条1項); JHF, for
    which 7条 is not confirmed, at 21.9% (4条 for ≥ 100万円). More cases in test_late_cap.py."""
    r = arrears(S, date(2026, 1, 1), date(2026, 2, 1), book=BOOK, late_rate=Fraction(25, 100))
    assert r.late_rate == Fraction(20, 100)
    j = arrears(S, date(2026, 1, 1), date(2026, 2, 1), book=BOOK, late_rate=Fraction(25, 100),
                lender=LenderType.JHF)
    assert j.late_rate == Fraction(219, 1000)


def test_date_before_first_missed_is_an_input_error() -> None:
    """The engine names the domain field; the arrears command calls it --on (tests/test_cli.py)."""
    with pytest.raises(DomainError) as exc:
        arrears(S, date(2026, 1, 1), date(2025, 12, 1), book=BOOK)
    assert exc.value.field == "arrears.on"
