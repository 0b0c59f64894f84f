"""What one plan computes once and reuses (issue 19, a faster ``plan()``): rule values per book,
the amounts owed per plan, the late-charge cap per book, each sale's tax. A reused figure must
be the figure a fresh computation gives, and an override (another book) must never see it.

Figures: the loan and the 代位弁済 example of tests/test_owed.py (1.5%, 35 years, 30,000,000円;
guarantee company 14.6%, late_charges.typical_rate; docs/sources/law-debt-divorce.md §3.5).
"""

from datetime import date
from fractions import Fraction

from zansai.case import load_case
from zansai.engine.loan import amortize
from zansai.engine.owed import OwedMemo, amount_owed
from zansai.engine.plan import plan
from zansai.model import LenderType, Loan
from zansai.rules import RuleBook

BOOK = RuleBook.default()
S = amortize(Loan(principal=30_000_000, annual_rate=Fraction(3, 200), months=420,
                  first_payment=date(2025, 1, 1)))
FIRST, ACC, SUB, ON = date(2026, 1, 1), date(2026, 7, 10), date(2026, 8, 10), date(2026, 9, 1)
PAID = 29_972_945  # the lender's claim on 代位弁済 (tests/test_owed.py)
OWN = 260_561  # 29,609,240 × 0.146 × 22 / 365, floored: the guarantee company's own charges


def test_rule_values_are_read_once_per_book_and_an_override_reads_its_own() -> None:
    book = RuleBook.default()
    on = date(2026, 9, 1)
    first = book.at("late_charges.typical_rate", on)
    assert book.at("late_charges.typical_rate", on) is first  # kept by the book
    assert first.value["guarantor_company"] == Fraction(146, 1000)
    other = book.with_overrides({"late_charges.typical_rate": {
        "bank": "0.14", "jhf": "0.145", "guarantor_company": "0.10"}})
    assert other.at("late_charges.typical_rate", on).value["guarantor_company"] == Fraction(1, 10)
    assert book.at("late_charges.typical_rate", on).value["guarantor_company"] == Fraction(146, 1000)


def test_a_claim_from_the_memo_is_the_fresh_claim_with_a_step_of_its_own() -> None:
    memo = OwedMemo(BOOK)
    kwargs = {"first_missed": FIRST, "acceleration": ACC, "subrogation": SUB}
    first = memo.get(S, ON, book=BOOK, **kwargs)
    again = memo.get(S, ON, book=BOOK, **kwargs)
    fresh = amount_owed(S, ON, book=BOOK, **kwargs)
    assert first.total == again.total == fresh.total == PAID + OWN
    assert again.step is not first.step  # the plan's explanation shows each exit's claims
    assert again.step.to_dict() == first.step.to_dict() == fresh.step.to_dict()
    # the guarantee company paid the lender's claim on 代位弁済: computed once, and the same
    paid = memo.get(S, SUB, book=BOOK, first_missed=FIRST, acceleration=ACC)
    assert paid.total == PAID


def test_a_memo_never_answers_for_another_book() -> None:
    """An override of the guarantee company's rate (10%) changes its own charges."""
    memo = OwedMemo(BOOK)
    kwargs = {"first_missed": FIRST, "acceleration": ACC, "subrogation": SUB}
    assert memo.get(S, ON, book=BOOK, **kwargs).total == PAID + OWN
    ten = BOOK.with_overrides({"late_charges.typical_rate": {
        "bank": "0.14", "jhf": "0.145", "guarantor_company": "0.10"}})
    own_at_ten = 29_609_240 * 10 * 22 // (100 * 365)  # 178,465
    assert memo.get(S, ON, book=ten, **kwargs).total == PAID + own_at_ten


def test_the_late_charge_cap_is_kept_per_book() -> None:
    from zansai.engine.late_cap import late_cap

    loan = S.loan
    cap = late_cap(loan, LenderType.GUARANTOR_COMPANY, FIRST, BOOK)
    assert late_cap(loan, LenderType.GUARANTOR_COMPANY, FIRST, BOOK) is cap
    assert cap.rate == Fraction(1, 5)  # 利息制限法7条1項: 20% for a business lender
    assert late_cap(loan, LenderType.GUARANTOR_COMPANY, FIRST, RuleBook()) is not cap


def test_exits_at_one_price_share_the_tax_figures_but_not_the_step_objects() -> None:
    """trade-up.toml: the normal sale and the sale with savings sell at one price on one day."""
    case, book = load_case("examples/trade-up.toml")
    p = plan(case, book)
    normal, savings = p.taxes["normal_sale"], p.taxes["sale_with_savings"]
    assert normal.to_dict() == savings.to_dict()
    assert not {id(s) for s in normal.steps} & {id(s) for s in savings.steps}
    assert len(p.explain().steps) == 387  # as many as before the memo (each exit's tax listed)


def test_a_loans_schedule_is_kept_for_the_next_plan_of_the_same_loan() -> None:
    """The 償還表 depends on the loan alone (1.5%, 35 years: payment 91,855円, tests/test_owed.py)."""
    from dataclasses import replace

    from zansai.engine.plan import schedule_of

    loan = S.loan
    kept = schedule_of(loan)
    assert schedule_of(replace(loan)) is kept  # an equal loan: the same schedule
    assert kept.initial_payment == 91_855
    other = schedule_of(replace(loan, annual_rate=Fraction(2, 100)))
    assert other is not kept
    assert other.initial_payment == 99_378  # 30,000,000 × (2%/12) / (1 − (1 + 2%/12)^−420), floored
