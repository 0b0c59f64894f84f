"""The quick check's translator (src/zansai/case/quick.py) and the sale over a range of prices
(src/zansai/engine/price_range.py).

The figures are seed 1's household (記事1, docs/sources/seed1-short-sale.md; examples/seed1-short-sale.toml):
a 3,800万円 loan at 1.2% over 35 years from May 2012, valued at 2,000万円, payments missed from August
2026, sold on 2027-03-31. Its 償還表 leaves 23,728,370円 on the sale date (`zansai plan --json`,
position.loan_balance, held in tests/golden) and 24,422,189円 after the July 2026 payment of 110,846円
(`zansai schedule --principal 38000000 --rate 1.2 --years 35 --start 2012-05 --payment-day 27`). The
same household answering six questions, from the loan or from that statement, must reach the same
balance.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest

from zansai.case import quick
from zansai.engine.price_range import at_prices
from zansai.rules import RuleBook
from zansai.web.service import PlanCache

BOOK = RuleBook.default()
PLANS = PlanCache(BOOK)
TODAY = date(2026, 12, 1)  # seed 1's calculation date (examples/seed1-short-sale.toml: at)
SEED1_BALANCE = 23_728_370
SEED1_JULY_BALANCE = 24_422_189
SEED1_PAYMENT = 110_846

SEED1_LOAN = {"owed": "loan", "loan_amount": "3800", "rate": "1.2", "years": "35", "first_month": "2012-05",
              "lender": "bank", "value": "2000", "missed": "yes", "missed_since": "2026-08",
              "person": "妻", "person_role": "guarantor", "sell_month": "2027-03"}
SEED1_STATEMENT = {**SEED1_LOAN, "owed": "statement", "balance": str(SEED1_JULY_BALANCE / 10_000),
                   "monthly_payment": str(SEED1_PAYMENT), "statement_month": "2026-07"}


def read(form: dict[str, str]) -> quick.Reading:
    return quick.read_answers(form, today=TODAY, book=BOOK)


def case_of(form: dict[str, str]) -> dict[str, Any]:
    reading = read(form)
    assert reading.answers is not None, reading.problems
    return {**quick.to_case(reading.answers, today=TODAY, book=BOOK), "at": TODAY.isoformat()}


def test_seed1_answered_from_the_loan_has_seed1s_balance() -> None:
    data = case_of(SEED1_LOAN)
    assert data["loans"][0] | {"principal": 38_000_000, "rate": "1.2", "years": 35, "start": "2012-05"} \
        == data["loans"][0]
    assert data["sale_date"] == "2027-03-31"
    assert data["delinquency"] == {"first_missed": "2026-08-01"}
    assert data["loans"][0]["guarantors"] == ["妻"]
    assert data["loans"][0]["guarantee_company"]
    plan = PLANS.plan(data)
    assert plan.position.loan_balance == SEED1_BALANCE
    assert plan.position.market_value == 20_000_000


def test_seed1_answered_from_the_july_statement_has_the_same_balance() -> None:
    """The statement's balance and payment, at the statement's rate, continue the same 償還表."""
    data = case_of(SEED1_STATEMENT)
    loan = data["loans"][0]
    assert loan["anchor"] == f"2026-07-01:{SEED1_JULY_BALANCE}:{SEED1_PAYMENT}"
    assert PLANS.plan(data).position.loan_balance == SEED1_BALANCE


def test_a_statement_without_its_rate_uses_the_typical_rate_and_says_so() -> None:
    form = {**SEED1_STATEMENT, "rate": ""}
    reading = read(form)
    assert reading.answers is not None
    typical = BOOK.at("loan.typical_rate", TODAY).value
    assert str(typical) == "0.01"
    data = case_of(form)
    assert data["loans"][0]["rate"] == "1"
    said = [m.ja for m in quick.assumptions(reading.answers, today=TODAY, book=BOOK)]
    assert any("1%" in s and "典型的な金利" in s for s in said)
    # At 1.0% instead of 1.2% more of each of the eight payments repays principal: the balance on the
    # sale date is lower, by less than the interest difference (24,422,189 × 0.2% × 8/12 ≈ 32,563円).
    balance = PLANS.plan(data).position.loan_balance
    assert SEED1_BALANCE - 32_563 < balance < SEED1_BALANCE


def test_remaining_payments_of_the_seed1_statement() -> None:
    """After July 2026 (payment 171 of 420) the 償還表 has 249 payments left, the last 111,037円 (191円
    more than the others, the floored roundings it settles); at a flat 110,846円 those 191円 take a 250th."""
    assert quick.remaining_payments(SEED1_JULY_BALANCE, SEED1_PAYMENT, Fraction(12, 1000)) == 250
    assert quick.remaining_payments(SEED1_JULY_BALANCE, SEED1_PAYMENT + 191, Fraction(12, 1000)) == 249


def test_every_problem_at_once_by_question_in_plain_words() -> None:
    form = {**SEED1_LOAN, "rate": "abc", "years": "", "missed_since": "2011-01", "value": "",
            "sell_month": "2026-01"}
    problems = {p.field: p for p in read(form).problems}
    assert set(problems) == {"rate", "years", "missed_since", "value", "sell_month"}
    assert problems["years"].missing
    assert problems["value"].missing
    assert not problems["rate"].missing
    assert problems["sell_month"].error.detail()[0] == "今月 2026-12 以降にしてください"
    for p in problems.values():
        for text in p.error.detail():
            assert "loans[" not in text
            assert "delinquency" not in text
            assert "case:" not in text


def test_missed_before_the_loan_starts_names_the_missed_question() -> None:
    problems = read({**SEED1_LOAN, "missed_since": "2012-04"}).problems
    assert [(p.field, p.error.detail()[0]) for p in problems] == [
        ("missed_since", "返済が始まった 2012-05 より前です")]


def test_a_payment_below_the_interest_is_refused() -> None:
    form = {**SEED1_STATEMENT, "monthly_payment": "20000"}  # interest at 1.2% on 24.4M is 24,422円
    (p,) = read(form).problems
    assert p.field == "monthly_payment"
    assert "24,422円" in p.error.detail()[0]


def test_the_sale_month_defaults_to_a_few_months_ahead() -> None:
    data = case_of({**SEED1_LOAN, "sell_month": ""})
    assert BOOK.at("market.sale_lead_months", TODAY).value == 3
    assert data["sale_date"] == "2027-03-31"


def test_a_co_debtor_is_a_debtor_and_a_guarantor_is_not() -> None:
    loan = case_of({**SEED1_LOAN, "person": "父", "person_role": "co_debtor"})["loans"][0]
    assert loan["debtors"] == [quick.SELF, "父"]
    assert "guarantors" not in loan
    alone = case_of({**SEED1_LOAN, "person": ""})["people"]
    assert alone == [{"name": quick.SELF, "share": "1/1", "consents": True}]


def test_jhf_has_no_guarantee_company() -> None:
    loan = case_of({**SEED1_LOAN, "lender": "jhf"})["loans"][0]
    assert loan["lender"] == "jhf"
    assert "guarantee_company" not in loan


def test_unknown_value_leaves_the_valuation_out() -> None:
    data = case_of({**SEED1_LOAN, "value": "", "value_unknown": "1"})
    assert "valuation" not in data


def test_the_full_form_gets_what_was_typed_even_when_incomplete() -> None:
    form = {**SEED1_LOAN, "rate": "1.2くらい", "years": ""}
    reading = read(form)
    data = quick.partial_case(reading, form, today=TODAY, book=BOOK)
    loan = data["loans"][0]
    assert loan["principal"] == 38_000_000  # 万円 → yen for the full form
    assert loan["rate"] == "1.2くらい"  # not understood: carried as typed, the full form says why
    assert "years" not in loan
    assert data["valuation"] == {"market_value": 20_000_000}
    assert data["loans"][0]["guarantors"] == ["妻"]


# --- the sale over a range of prices ------------------------------------------------------------

@pytest.mark.parametrize("price", [14_000_000, 20_000_000, 26_000_000])
def test_each_price_is_the_plans_own_normal_sale(price: int) -> None:
    data = case_of(SEED1_LOAN)
    case, book = PLANS.case(data)
    (point,), _ = at_prices(case, book, [price])
    normal = PLANS.plan(quick.with_value(data, price)).exit("normal_sale")
    assert point.left == (normal.remaining_debt or -normal.surplus)
    assert point.costs == normal.price - normal.net_proceeds
    # The reconciliation the answer prints: price − owed − costs = what is left over (minus: still owed).
    assert price - point.owed - point.costs == -point.left


def test_seed1_at_its_value_leaves_the_normal_sales_shortfall() -> None:
    """At 2,000万円 seed 1's normal sale falls short (its verdict, examples/seed1-short-sale.toml); the
    break-even price is found to the 万円."""
    data = case_of(SEED1_LOAN)
    case, book = PLANS.case(data)
    (point,), break_even = at_prices(case, book, [20_000_000])
    assert point.left == PLANS.plan(data).exit("normal_sale").remaining_debt
    assert point.left > 0
    # The least price that repays everything, to the 万円.
    (at, below), _ = at_prices(case, book, [break_even, break_even - 10_000])
    assert at.left <= 0 < below.left
