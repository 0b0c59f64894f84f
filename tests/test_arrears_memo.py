"""The plan's memo of arrears (``ArrearsMemo``) answers exactly as ``arrears`` computed afresh.

The memo keeps, per loan, the late-charge terms (rate at most the legal cap, day-count basis)
and, per due-date cut-off (the acceleration, else the date asked), the missed instalments with
their late charges. The reference is ``arrears`` without a memo: figures, the explanation's
step words and rules must be the same on every date, in any order of asking, and the refusals
too. Basis: docs/sources/law-debt-divorce.md §3.5 (年14.0%, 365日の日割, 1円未満切捨て).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.engine.arrears import ArrearsMemo, arrears
from zansai.engine.loan import amortize
from zansai.errors import InputError
from zansai.model import LateChargeBase, LenderType, Loan
from zansai.rules import RuleBook

BOOK = RuleBook.default()
S = amortize(Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
                  first_payment=date(2025, 1, 1)))
LOANS = [
    S,
    amortize(Loan(principal=2_000_000, annual_rate=Fraction(3, 100), months=24,
                  first_payment=date(2024, 5, 27))),
]


def _answer(schedule: Any, on: date, memo: ArrearsMemo | None, **kw: Any) -> object:
    """The arrears as JSON with the explanation's steps, or the refusal's words."""
    try:
        r = arrears(schedule, kw.pop("first_missed"), on, book=BOOK, memo=memo, **kw)
    except InputError as e:
        return ("refused", str(e))
    return r.to_dict(), r.explain().to_dict()


def test_a_later_date_after_acceleration_reuses_the_cut_off() -> None:
    """Missed 2026-01-01, 期限の利益喪失 2026-07-10: instalments 13-19 with their charges to the
    acceleration are kept; on 2026-09-01 only 53 days on the whole principal are added
    (14% / 365), as a fresh computation gives."""
    memo = ArrearsMemo(BOOK)
    kw: dict[str, Any] = {"first_missed": date(2026, 1, 1), "late_rate": Fraction(14, 100),
                          "acceleration": date(2026, 7, 10)}
    first = arrears(S, on=date(2026, 7, 20), book=BOOK, memo=memo, **kw)
    later = arrears(S, on=date(2026, 9, 1), book=BOOK, memo=memo, **kw)
    assert later.missed is first.missed
    assert [m.number for m in later.missed] == [13, 14, 15, 16, 17, 18, 19]
    assert later.late_charges_after_acceleration == later.principal_outstanding * 14 * 53 // 36_500
    assert _answer(S, date(2026, 9, 1), memo, **kw) == _answer(S, date(2026, 9, 1), None, **kw)


def test_the_late_charge_base_is_part_of_the_cut_off() -> None:
    """Same loan, date and rate: the instalment base (元利金) charges more than the principal base,
    memo or not (2026-01-01 instalment 91,855円 × 14% × 73 / 365 = 2,571円)."""
    memo = ArrearsMemo(BOOK)
    kw: dict[str, Any] = {"first_missed": date(2026, 1, 1), "late_rate": Fraction(14, 100)}
    p = arrears(S, on=date(2026, 3, 15), book=BOOK, memo=memo, **kw)
    i = arrears(S, on=date(2026, 3, 15), book=BOOK, memo=memo, base=LateChargeBase.INSTALMENT, **kw)
    assert (p.missed[0].late_charge, i.missed[0].late_charge) == (1_544, 2_571)


def test_a_memo_of_another_book_is_not_used() -> None:
    """A memo answers only for its own rule book (an override never sees kept terms)."""
    other = RuleBook()
    memo = ArrearsMemo(other)
    arrears(S, on=date(2026, 3, 15), first_missed=date(2026, 1, 1), book=BOOK, memo=memo)
    assert memo.terms == {}
    assert memo.missed == {}


ASK = st.tuples(
    st.one_of(st.sampled_from([0, 31, 45, 200]), st.integers(min_value=-40, max_value=900)),
    st.sampled_from([LenderType.BANK, LenderType.JHF, LenderType.GUARANTOR_COMPANY]),
    st.sampled_from([None, Fraction(146, 1000), Fraction(1, 5), Fraction(3, 10)]),
    st.sampled_from(list(LateChargeBase)),
    st.sampled_from([None, date(2000, 1, 1), date(2024, 6, 1)]),
    st.one_of(st.none(), st.sampled_from([0, 45]), st.integers(min_value=-10, max_value=300)),
)
"""One ask: days after the first missed due date, lender, contract rate, late-charge base,
contract date, acceleration (days after the first missed due date, or none)."""


@settings(max_examples=80, deadline=None)
@given(loan=st.sampled_from(LOANS), missed=st.integers(min_value=0, max_value=20),
       asks=st.lists(ASK, min_size=1, max_size=10))
def test_the_memo_answers_as_a_fresh_computation(loan: Any, missed: int, asks: list[Any]) -> None:
    """Any asks in any order on one memo (repeats too, and other loan terms in between): the
    same figures, step words and rules as ``arrears`` without a memo, and the same refusals."""
    first = loan.rows[missed].due_date
    memo = ArrearsMemo(BOOK)
    for d, lender, late_rate, base, contract, acc in asks:
        on = first + timedelta(days=d)
        kw: dict[str, Any] = {"first_missed": first, "lender": lender, "late_rate": late_rate,
                              "base": base, "contract_date": contract,
                              "acceleration": first + timedelta(days=acc) if acc is not None
                              else None}
        assert _answer(loan, on, memo, **kw) == _answer(loan, on, None, **kw)
