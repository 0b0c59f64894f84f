"""The plan's memo of amounts owed (``OwedMemo``) answers exactly as ``amount_owed`` computed afresh.

The memo keeps, per loan, the arrears after 期限の利益喪失 and the guarantee company's claim
(求償権) apart from its date, and on a later date adds only the late charges since. The reference
is ``amount_owed`` without a memo: figures, the step's words and the rules must be the same on
every date, in any order of asking. Rates and day-count: docs/sources/law-debt-divorce.md §3.5.
"""

from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.engine.loan import Schedule, amortize
from zansai.engine.owed import Owed, OwedMemo, amount_owed
from zansai.errors import InputError
from zansai.model import LenderType, Loan
from zansai.rules import RuleBook

BOOK = RuleBook.default()
S = amortize(Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
                  first_payment=date(2025, 1, 1)))
LOANS = [
    S,
    amortize(Loan(principal=12_000_000, annual_rate=Fraction(9, 1000), months=120,
                  first_payment=date(2020, 3, 31))),
    amortize(Loan(principal=2_000_000, annual_rate=Fraction(3, 100), months=24,
                  first_payment=date(2024, 5, 27))),
]


def test_a_later_date_adds_only_the_guarantee_companys_charge_since() -> None:
    """代位弁済 2026-08-10 of the lender's claim 29,972,945円; 22 days later the company's own
    14.6% on principal + interest 29,609,240円 is 260,561円 (§3.5), asked after other dates."""
    first, acc, sub = date(2026, 1, 1), date(2026, 7, 10), date(2026, 8, 10)
    memo = OwedMemo(BOOK)
    for on in (date(2026, 7, 20), sub, date(2026, 8, 20)):
        memo.get(S, on, book=BOOK, first_missed=first, acceleration=acc, subrogation=sub)
    o = memo.get(S, date(2026, 9, 1), book=BOOK, first_missed=first, acceleration=acc, subrogation=sub)
    assert (o.holder, o.total) == ("guarantee_company", 29_972_945 + 260_561)
    fresh = amount_owed(S, date(2026, 9, 1), book=BOOK, first_missed=first, acceleration=acc,
                        subrogation=sub)
    assert o.to_dict() == fresh.to_dict()


def test_a_memo_still_refuses_a_date_before_the_acceleration() -> None:
    """Kept claims never skip the checks: a subrogation before the acceleration stays an error."""
    first, acc = date(2026, 1, 1), date(2026, 7, 10)
    memo = OwedMemo(BOOK)
    memo.get(S, date(2026, 9, 1), book=BOOK, first_missed=first, acceleration=acc,
             subrogation=date(2026, 8, 10))
    with pytest.raises(InputError):
        memo.get(S, date(2026, 9, 1), book=BOOK, first_missed=first, acceleration=acc,
                 subrogation=date(2026, 7, 1))


@settings(max_examples=60, deadline=None)
@given(
    loan=st.sampled_from(LOANS),
    missed=st.integers(min_value=0, max_value=20),
    acc=st.one_of(st.none(), st.integers(min_value=0, max_value=300)),
    sub=st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
    days=st.lists(st.integers(min_value=-40, max_value=900), min_size=1, max_size=8),
    lender=st.sampled_from([LenderType.BANK, LenderType.JHF]),
    late_rate=st.sampled_from([None, Fraction(146, 1000), Fraction(1, 5)]),
)
def test_the_memo_answers_as_a_fresh_computation(
    loan: object, missed: int, acc: int | None, sub: int | None, days: list[int],
    lender: LenderType, late_rate: Fraction | None,
) -> None:
    """Any dates in any order (repeats too): the same figures, step words and rules as
    ``amount_owed`` without a memo, and the same refusals."""
    assert loan in LOANS
    schedule = LOANS[LOANS.index(loan)]
    first = schedule.rows[missed].due_date
    acceleration = first + timedelta(days=acc) if acc is not None else None
    subrogation = None
    if sub is not None and lender is LenderType.BANK:
        subrogation = (acceleration or first) + timedelta(days=sub)
    memo = OwedMemo(BOOK)
    for d in days:
        on = first + timedelta(days=d)
        kwargs: dict[str, Any] = {"book": BOOK, "first_missed": first, "lender": lender,
                                  "late_rate": late_rate, "acceleration": acceleration,
                                  "subrogation": subrogation}
        assert _answer(memo.get, schedule, on, kwargs) == _answer(amount_owed, schedule, on, kwargs)


def _answer(call: Callable[..., Owed], schedule: Schedule, on: date, kwargs: dict[str, Any]) -> object:
    """The claim as JSON, or the refusal's words."""
    try:
        return call(schedule, on, **kwargs).to_dict()
    except InputError as e:
        return ("refused", str(e))
