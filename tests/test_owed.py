"""What a loan's holder can claim on a date: on schedule, in arrears, accelerated, subrogated.

Late charges: 365-day basis, 1円未満切捨て, from the day after the due date, on the overdue
principal parts before 期限の利益喪失 and on the whole principal after it (auじぶん銀行 FAQ 1198,
docs/sources/law-debt-divorce.md §3.5). Default rates: bank 14.0%, guarantee company 14.6% (§3.5,
late_charges.typical_rate). Caps: 利息制限法4条 21.9% for ≥100万円, 7条 20% for business lenders.
"""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zansai.engine.arrears import arrears
from zansai.engine.loan import Schedule, amortize
from zansai.engine.owed import amount_owed, owed_callback
from zansai.errors import InputError
from zansai.model import LenderType, Loan
from zansai.rules import RuleBook

BOOK = RuleBook.default()
S = amortize(Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
                  first_payment=date(2025, 1, 1)))
# Rows used below (1.5%, 35 years, 30,000,000円; payment 91,855円):
#   12 2025-12-01 balance 29,343,232 | 13 2026-01-01 interest 36,679 principal 55,176
#   14 2026-02-01 interest 36,610 principal 55,245 | 15 2026-03-01 interest 36,541 principal
#   55,314 balance 29,177,497


def test_on_schedule_balance_plus_daily_interest() -> None:
    """Balance after the 2026-03-01 payment + 14 days at 1.5% / 365, floored (an assumption)."""
    o = amount_owed(S, date(2026, 3, 15), book=BOOK)
    assert o.principal == 29_177_497
    assert o.interest == 16_787  # 29,177,497 × 0.015 × 14 / 365 = 16,787.05
    assert (o.late_charges, o.total) == (0, 29_194_284)
    assert (o.holder, o.accelerated, o.subrogated) == ("lender", False, False)
    assert o.step.rounding == "1円未満切捨て"
    assert o.step.note is not None
    assert "日割り経過利息, 365日, 円未満切捨て" in o.step.note[1]


def test_on_a_due_date_no_interest_has_accrued() -> None:
    o = amount_owed(S, date(2026, 3, 1), book=BOOK)
    assert (o.principal, o.interest) == (29_177_497, 0)


def test_before_the_first_payment_interest_runs_from_one_month_before() -> None:
    o = amount_owed(S, date(2024, 12, 15), book=BOOK)
    assert o.principal == 30_000_000
    assert o.interest == 17_260  # 30,000,000 × 0.015 × 14 / 365 = 17,260.27 (from 2024-12-01)


def test_delinquent_before_acceleration_whole_principal_is_owed() -> None:
    """Three missed instalments (Jan–Mar 2026), on 2026-03-15, bank default 14.0%."""
    o = amount_owed(S, date(2026, 3, 15), book=BOOK, first_missed=date(2026, 1, 1))
    assert o.principal == 29_343_232  # balance after the last paid instalment (Dec 2025)
    # unpaid 36,679 + 36,610 + 36,541 = 109,830; accrued on 29,177,497 for 14 days = 16,787
    assert o.interest == 126_617
    # 55,176×.14×73/365 = 1,544.9; 55,245×.14×42/365 = 889.97; 55,314×.14×14/365 = 297.03
    assert o.late_charges == 1_544 + 889 + 297
    assert o.total == 29_343_232 + 126_617 + 2_730
    assert not o.accelerated


def test_after_acceleration_matches_arrears() -> None:
    rate, acc = Fraction(14, 100), date(2026, 7, 10)
    o = amount_owed(S, date(2026, 9, 1), book=BOOK, first_missed=date(2026, 1, 1), late_rate=rate,
                    acceleration=acc)
    a = arrears(S, date(2026, 1, 1), date(2026, 9, 1), book=BOOK, late_rate=rate, acceleration=acc)
    assert o.accelerated
    assert o.total == a.total_due == 30_220_553
    assert o.late_charges == a.late_charges
    assert o.interest == a.unpaid_interest + a.accrued_interest


def test_acceleration_after_on_has_not_happened_yet() -> None:
    later = amount_owed(S, date(2026, 3, 15), book=BOOK, first_missed=date(2026, 1, 1),
                        acceleration=date(2026, 7, 10))
    plain = amount_owed(S, date(2026, 3, 15), book=BOOK, first_missed=date(2026, 1, 1))
    assert not later.accelerated
    assert later.total == plain.total


def test_after_subrogation_the_guarantee_company_charges_14_6_percent() -> None:
    """代位弁済 2026-08-10: the company pays the lender's whole claim, then charges 14.6% on
    principal + interest from the next day (22 days to 2026-09-01)."""
    first, acc, sub = date(2026, 1, 1), date(2026, 7, 10), date(2026, 8, 10)
    paid = amount_owed(S, sub, book=BOOK, first_missed=first, acceleration=acc)
    assert (paid.holder, paid.total) == ("lender", 29_972_945)
    on_day = amount_owed(S, sub, book=BOOK, first_missed=first, acceleration=acc, subrogation=sub)
    assert (on_day.holder, on_day.total) == ("guarantee_company", paid.total)
    o = amount_owed(S, date(2026, 9, 1), book=BOOK, first_missed=first, acceleration=acc,
                    subrogation=sub)
    assert (o.holder, o.subrogated, o.accelerated) == ("guarantee_company", True, True)
    base = paid.principal + paid.interest
    assert base == 29_609_240
    own = 260_561  # 29,609,240 × 0.146 × 22 / 365 = 260,561.31
    assert base * 146 * 22 // (1000 * 365) == own
    assert o.late_charges == paid.late_charges + own
    assert o.total == 29_972_945 + own
    assert any(u.key == "late_charges.business_lender_cap" for u in o.rules_used)


def test_guarantee_company_rate_is_capped_at_20_percent() -> None:
    """利息制限法7条1項: 20% for a business lender, below 4条's 21.9%
    (docs/sources/law-debt-divorce.md §3.5)."""
    first, acc, sub = date(2026, 1, 1), date(2026, 7, 10), date(2026, 8, 10)
    rate = Fraction(25, 100)
    paid = amount_owed(S, sub, book=BOOK, first_missed=first, acceleration=acc, late_rate=rate)
    o = amount_owed(S, date(2026, 9, 1), book=BOOK, first_missed=first, acceleration=acc,
                    subrogation=sub, late_rate=rate)
    base = paid.principal + paid.interest
    assert o.late_charges - paid.late_charges == base * 20 * 22 // (100 * 365)


def test_subrogation_without_acceleration_accelerates_on_that_day() -> None:
    a = amount_owed(S, date(2026, 9, 1), book=BOOK, first_missed=date(2026, 1, 1),
                    subrogation=date(2026, 8, 10))
    b = amount_owed(S, date(2026, 9, 1), book=BOOK, first_missed=date(2026, 1, 1),
                    acceleration=date(2026, 8, 10), subrogation=date(2026, 8, 10))
    assert a.total == b.total


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"lender": LenderType.JHF, "acceleration": date(2026, 7, 10),
          "subrogation": date(2026, 8, 10)}, "loan.subrogation"),
        ({"acceleration": date(2026, 7, 10), "subrogation": date(2026, 7, 1)}, "loan.subrogation"),
        ({"acceleration": date(2025, 12, 1)}, "loan.acceleration"),
    ],
)
def test_impossible_dates_are_input_errors(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as exc:
        amount_owed(S, date(2026, 9, 1), book=BOOK, first_missed=date(2026, 1, 1),
                    **kwargs)  # type: ignore[arg-type]
    assert exc.value.field == field


def test_acceleration_without_a_missed_payment_is_an_input_error() -> None:
    with pytest.raises(InputError):
        amount_owed(S, date(2026, 9, 1), book=BOOK, acceleration=date(2026, 7, 10))


def test_before_the_first_missed_payment_the_loan_is_current() -> None:
    o = amount_owed(S, date(2025, 12, 15), book=BOOK, first_missed=date(2026, 1, 1))
    assert o.total == amount_owed(S, date(2025, 12, 15), book=BOOK).total
    assert o.late_charges == 0


def test_callback_sums_loans() -> None:
    s2 = amortize(Loan(principal=5_000_000, annual_rate=Fraction(1, 100), months=240,
                       first_payment=date(2025, 1, 10)))
    cb = owed_callback([S, s2], date(2026, 1, 1), book=BOOK)
    total, late = cb(date(2026, 9, 1), date(2026, 7, 10), None)
    parts = [amount_owed(s, date(2026, 9, 1), book=BOOK, first_missed=date(2026, 1, 1),
                         acceleration=date(2026, 7, 10)) for s in (S, s2)]
    assert total == sum(p.total for p in parts)
    assert late == sum(p.late_charges for p in parts)


def test_to_dict_is_json_ready() -> None:
    import json

    o = amount_owed(S, date(2026, 9, 1), book=BOOK, first_missed=date(2026, 1, 1),
                    acceleration=date(2026, 7, 10), subrogation=date(2026, 8, 10))
    d = json.loads(json.dumps(o.to_dict()))
    assert d["holder"] == "guarantee_company"
    assert d["total"] == o.total
    assert d["why"]["rounding"] == "1円未満切捨て"


LOANS = [
    amortize(Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
                  first_payment=date(2025, 1, 1))),
    amortize(Loan(principal=12_000_000, annual_rate=Fraction(9, 1000), months=120,
                  first_payment=date(2020, 3, 31))),
    amortize(Loan(principal=2_000_000, annual_rate=Fraction(3, 100), months=24,
                  first_payment=date(2024, 5, 27))),
]


@given(
    loan=st.sampled_from(LOANS),
    missed=st.integers(min_value=0, max_value=23),
    d1=st.integers(min_value=0, max_value=900),
    step=st.integers(min_value=0, max_value=400),
    acc=st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
    sub=st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
    lender=st.sampled_from([LenderType.BANK, LenderType.JHF]),
)
def test_a_later_date_never_lowers_late_charges_or_total(
    loan: Schedule, missed: int, d1: int, step: int, acc: int | None, sub: int | None,
    lender: LenderType,
) -> None:
    """Required property: a later sale date never lowers accrued late charges (nor the total);
    no amount is ever negative."""
    first = loan.rows[missed].due_date
    acceleration = first + timedelta(days=acc) if acc is not None else None
    subrogation = None
    if acceleration is not None and sub is not None and lender is LenderType.BANK:
        subrogation = acceleration + timedelta(days=sub)
    on1 = first + timedelta(days=d1)
    on2 = on1 + timedelta(days=step)
    a, b = (amount_owed(loan, on, book=BOOK, first_missed=first, lender=lender,
                        acceleration=acceleration, subrogation=subrogation) for on in (on1, on2))
    assert b.late_charges >= a.late_charges
    assert b.total >= a.total
    for o in (a, b):
        assert min(o.principal, o.interest, o.late_charges) >= 0
        assert o.total == o.principal + o.interest + o.late_charges


@pytest.mark.parametrize("loan", LOANS)
@pytest.mark.parametrize("lender", [LenderType.BANK, LenderType.JHF])
def test_late_charges_and_total_never_fall_along_a_whole_path(loan: Schedule,
                                                              lender: LenderType) -> None:
    """Every day around each event (due dates, acceleration, subrogation) and weekly between:
    a later date never lowers the late charges or the total."""
    first = loan.rows[2].due_date
    acc = add_days(first, 95)
    sub = add_days(acc, 31) if lender is LenderType.BANK else None
    days = {add_days(first, d) for d in range(0, 720, 7)}
    for event in [acc, *([sub] if sub else []), *(r.due_date for r in loan.rows[2:12])]:
        days |= {add_days(event, d) for d in (-1, 0, 1)}
    previous = None
    for on in sorted(d for d in days if d >= first):
        o = amount_owed(loan, on, book=BOOK, first_missed=first, lender=lender,
                        acceleration=acc, subrogation=sub)
        if previous is not None:
            assert o.late_charges >= previous.late_charges, on
            assert o.total >= previous.total, on
        assert o.holder == ("guarantee_company" if sub and on >= sub else "lender")
        previous = o


def add_days(d: date, n: int) -> date:
    return d + timedelta(days=n)
