"""Loans that reach the kernel's rarer branches, each valued by the kernel and the engine to the yen.

The random and hypothesis loans of ``test_agreement`` leave a few branches of ``batch.kernel`` and
the arithmetic core (``zansai.arith``) unvisited; ``test_kernel_coverage`` measures that. Each case
here is built, as the tape would give it, to reach one of them, and is judged by the agreement
harness (``assert_agrees``: every figure against ``batch.reference``, the engine's own exits).
``CASES`` is also what the coverage test runs, so a case that stops reaching its branch shows there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from tests.batch.chunks import chunk_of
from tests.batch.test_agreement import AT, assert_agrees

from zansai.batch import kernel as K
from zansai.batch import layout as F
from zansai.batch.value import Setup, value
from zansai.rules import RuleBook


@dataclass(frozen=True)
class Case:
    """Loans (TapeChunk fields, as ``chunks.chunk_of`` takes them) and the run's options."""

    name: str
    loans: list[dict[str, Any]]
    at: date = AT
    options: dict[str, Any] = field(default_factory=dict)
    """``Setup.create`` keywords: discount, delay_months, book (overrides of practice defaults)."""
    valued: int = 0
    """How many of the loans the kernel values (the rest agree with the engine on why not)."""


def _book(overrides: dict[str, Any]) -> RuleBook:
    return RuleBook.default().with_overrides(overrides, note="test")


# A bonus loan (bonus months 6 and 12) first due 2026-02-27 for 12 months: its last bonus payment is
# on 2026-12-27, its last monthly one on 2027-01-27.
_BONUS = {"principal": 12_000_000, "rate": 1_500_000, "term_months": 12, "first_payment": date(2026, 2, 27),
          "payment_day": 27, "bonus_principal": 4_000_000, "collateral_value": 30_000_000}
# Rate 0 and a statement of ``B`` owed on AT, sold 20 days later for far more: the normal sale
# recovers exactly B, and its present value B × 365e6 / (365e6 + 123,457 × 20) is a quotient whose
# float estimate (``arith.interest.muldiv_rem``) misses the floor: 1,620,920,881 gives one a unit
# low, 3,193,161,782 a unit high, so the exact remainder corrects it both ways.
_FLAT = {"principal": 5_000_000_000, "rate": 0, "term_months": 420, "first_payment": date(2020, 1, 27),
         "payment_day": 27, "collateral_value": 10**10, "balance_date": AT,
         "sale_date": AT + timedelta(days=20)}
# A JHF loan under water, sold short: the practice flags decide what comes off the proceeds.
_JHF = {"principal": 30_000_000, "rate": 1_500_000, "term_months": 420, "first_payment": date(2012, 5, 27),
        "payment_day": 27, "first_missed": date(2026, 8, 27), "collateral_value": 20_000_000,
        "lender_type": 1, "guarantor_company": False, "moving_cost": 200_000,
        "sale_date": date(2027, 3, 31)}

CASES = [
    # build_schedule re-splits a statement's balance between the tracks only while a bonus is owed
    Case("statement after the bonus track is repaid",
         [{**_BONUS, "current_balance": 1_000_000, "balance_date": date(2027, 1, 5)},
          {**_BONUS, "current_balance": 1_000_000, "balance_date": date(2027, 1, 5),
           "first_missed": date(2027, 1, 27)}],
         at=date(2027, 1, 27), valued=1),  # the first is 完済 by AT: nothing falls due after it
    # a statement dated after the last payment of a bonus loan: nothing is left to schedule
    Case("statement after the last payment of a bonus loan",
         [{**_BONUS, "current_balance": 0, "balance_date": date(2027, 2, 1)}], at=date(2027, 2, 10)),
    Case("present value whose float estimate misses the floor",
         [{**_FLAT, "current_balance": 1_620_920_881}, {**_FLAT, "current_balance": 3_193_161_782}],
         options={"discount": 123_457}, valued=2),
    # the sale's settlement may slip some months (the stop date of the schedule moves, not a figure)
    Case("settlement that may slip months", [_JHF, {**_JHF, "lender_type": 0, "guarantor_company": True}],
         options={"delay_months": 3}, valued=2),
    Case("JHF allowing the stamp duty and moving costs out of a short sale", [_JHF],
         options={"book": _book({"short_sale.jhf_stamp_duty_deductible": True,
                                 "short_sale.jhf_moving_cost_allowed": True})}, valued=1),
    Case("a junior lien whose rank has no release-fee row",
         [{**_JHF, "lien_rank": 2, "senior_claim": 5_000_000}],
         options={"book": _book({"short_sale.jhf_release_fees": [
             {"rank": 3, "cap": 200_000, "principal_ratio": "0.1"}]})}, valued=1),
]


def test_statement_after_the_last_payment_is_repaid() -> None:
    """The bonus loan whose statement (nothing owed) comes after its last due date is 完済."""
    case = CASES[1]
    got = value(chunk_of(case.loans, at=case.at), Setup.create(case.at))
    assert got.status.tolist() == [K.ST_REPAID]


def test_float_estimate_misses_are_corrected() -> None:
    """The two statements' present values (normal sale, recovered in full 20 days after AT at 12.3457%
    a year on a 365-day basis), exact: floor(B × 365,000,000 / 367,469,140)."""
    case = CASES[2]
    got = value(chunk_of(case.loans, at=case.at), Setup.create(case.at, **case.options))
    normal = F.O_EXIT
    assert got.out[:, normal + F.E_RECOVERY].tolist() == [1_620_920_881, 3_193_161_782]
    assert got.out[:, normal + F.E_PV].tolist() == [1_610_029_407, 3_171_705_929]


def test_jhf_flags_change_the_short_sale() -> None:
    """With the stamp duty and the moving costs allowed, the JHF short sale recovers less for the
    lender by exactly those two amounts (the proceeds are under water either way): the 印紙税 on a
    sale contract of 1,000万–5,000万円 at the reduced rate, 10,000円 (docs/sources/law-sale-costs.md
    §2.1), and the loan's moving cost, 200,000円."""
    case = CASES[4]
    short = F.O_EXIT + 1 * F.EXIT_WIDTH
    plain = value(chunk_of(case.loans, at=case.at), Setup.create(case.at))
    allowed = value(chunk_of(case.loans, at=case.at), Setup.create(case.at, **case.options))
    assert 10_000_000 < allowed.out[0, short + F.E_PRICE] <= 50_000_000
    stamp = 10_000
    assert plain.out[0, short + F.E_RECOVERY] - allowed.out[0, short + F.E_RECOVERY] == stamp + 200_000
    assert np.array_equal(plain.status, allowed.status)


# The Monte Carlo: with no price volatility the home sells for its value in every scenario, and
# only the settlement date moves (up to six months later). The short sale is the loan's best exit;
# a scenario settling after the short sale's last day falls through to the auction. Under water,
# neither recovery depends on the date, so every scenario recovers one of the two figures the
# engine agrees with above.
MONTE_CARLO = Case("scenarios falling through to the auction", [_JHF],
                   options={"scenarios": 40, "seed": 7, "volatility": 0, "delay_months": 6}, valued=1)
CASES.append(MONTE_CARLO)


def test_scenarios_recover_the_best_exit_or_the_auction() -> None:
    case = MONTE_CARLO
    got = value(chunk_of(case.loans, at=case.at), Setup.create(case.at, **case.options))
    short, auction = (int(got.out[0, F.O_EXIT + e * F.EXIT_WIDTH + F.E_RECOVERY]) for e in (1, 3))
    assert (short, auction) == (18_295_000, 17_274_900)
    assert got.out[0, F.O_BEST] == 1
    assert got.portfolio is not None
    assert got.mc is not None
    recoveries = sorted(got.portfolio.tolist())  # one loan: the portfolio is its recovery per scenario
    assert set(recoveries) == {short, auction}  # both occur: some scenarios fall through
    assert got.mc[0].tolist()[:3] == [recoveries[3], recoveries[19], recoveries[35]]  # nearest rank
    assert got.mc[0, F.M_MEAN] == sum(recoveries) // 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rare_branch_loans_agree(case: Case) -> None:
    assert assert_agrees(case.loans, at=case.at, **case.options) == case.valued
