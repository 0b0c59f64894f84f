"""The row checks: one small function per rule, run in the fixed order of ``RULES``.

Each rule returns the rows that break it and why; a row is reported once, for the first rule it
breaks (``first_failures``), so the order of ``RULES`` is part of the tape's behaviour: the
columns in the order of ``COLUMNS``, each column's own form first (``Given``, ``Form``), then
the rules that relate it to columns before it. A rule reads values that earlier rules have
checked; where those failed, the row is already reported and the value is only a stand-in
(``rows.DEFAULTS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow.compute as pc

from zansai.batch.chunk import LENDER_JHF, MISSING, NO_DATE, B
from zansai.batch.tape import messages
from zansai.batch.tape.columns import MAX_LOAN_ID, OVERRIDES
from zansai.batch.tape.days import iso
from zansai.batch.tape.messages import Reason
from zansai.batch.tape.rows import Rows

Message = Reason | Callable[[int], Reason]
"""A rule's reason, or the reason for row ``i`` (when it names the row's own figures)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """The rows of a chunk that break one rule, the column reported and why."""

    column: str
    rows: B
    message: Message

    def reason(self, i: int) -> Reason:
        return self.message(i) if callable(self.message) else self.message


Rule = Callable[[Rows], Failure]


# --- a column's own form ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Given:
    """A required column has a value in every row."""

    column: str

    def __call__(self, r: Rows) -> Failure:
        return Failure(self.column, ~r.cells[self.column].given, messages.REQUIRED)


@dataclass(frozen=True, slots=True)
class Form:
    """A value given is of the column's form and within its bounds (``columns.CELLS``)."""

    column: str

    def __call__(self, r: Rows) -> Failure:
        return Failure(self.column, r.cells[self.column].bad, messages.allowed(self.column))


def loan_id_given(r: Rows) -> Failure:
    blank = pc.equal(pc.binary_length(r.loan_id), 0).to_numpy(zero_copy_only=False)
    return Failure("loan_id", blank, messages.REQUIRED)


def loan_id_length(r: Rows) -> Failure:
    long = pc.greater(pc.utf8_length(r.loan_id), MAX_LOAN_ID).to_numpy(zero_copy_only=False)
    return Failure("loan_id", long, messages.LOAN_ID_TOO_LONG)


# --- the first due date -----------------------------------------------------------------------

def start_month_or_first_payment(r: Rows) -> Failure:
    """A row gives start_month or first_payment (reported on start_month when the tape has it)."""
    column = "start_month" if "start_month" in r.frame.df.columns else "first_payment"
    return Failure(column, ~r.cells["start_month"].given & ~r.cells["first_payment"].given,
                   messages.NO_FIRST_DUE_DATE)


def first_payment_in_start_month(r: Rows) -> Failure:
    """Both given: first_payment falls in start_month."""
    both = r.cells["first_payment"].good & r.cells["start_month"].good
    return Failure("first_payment", both & (r.due.first_month != r.value["start_month"]),
                   lambda i: messages.not_in_start_month(r.raw("start_month", i)))


def first_payment_on_payment_day(r: Rows) -> Failure:
    """Both given: first_payment is on payment_day (clamped to the month's last day)."""
    both = r.cells["first_payment"].good & (r.value["payment_day"] > 0)
    return Failure("first_payment", both & (r.due.first != r.value["first_payment"]),
                   lambda i: messages.not_on_payment_day(int(r.due.payment_day[i])))


# --- repayment --------------------------------------------------------------------------------

def bonus_share_within_cap(r: Rows) -> Failure:
    """bonus_share ≤ rule loan.bonus_share_cap in force on the first due date (as loanspec checks;
    a date the rule does not cover allows no bonus part)."""
    share, first = r.value["bonus_share"], r.due.first
    over = (share > 0) & (share > r.caps.scaled_many(first))
    return Failure("bonus_share", over, lambda i: r.caps.reason(int(first[i])))


def balance_within_principal(r: Rows) -> Failure:
    balance, principal = r.value["current_balance"], r.value["principal"]
    return Failure("current_balance", (balance != MISSING) & (balance > principal),
                   lambda i: messages.balance_over_principal(int(principal[i])))


def balance_date_with_balance(r: Rows) -> Failure:
    return Failure("balance_date", r.cells["balance_date"].given & ~r.cells["current_balance"].given,
                   messages.BALANCE_DATE_WITHOUT_BALANCE)


def balance_date_in_range(r: Rows) -> Failure:
    """From the first due date to the calculation date (omitted: the calculation date)."""
    bdate, first = r.value["balance_date"], r.due.first
    return Failure("balance_date", r.cells["current_balance"].given & ((bdate < first) | (bdate > r.at_day)),
                   lambda i: messages.balance_date_outside(iso(first[i]), r.at))


def balance_before_last_due(r: Rows) -> Failure:
    """A balance still owed must be dated before the last due date, or no payment is left to
    repay it (the engine refuses such a statement: loan.anchor.after_end)."""
    balance, bdate, last = r.value["current_balance"], r.value["balance_date"], r.due.last
    on = np.where(r.cells["balance_date"].given, bdate, r.at_day)
    return Failure("balance_date", r.cells["current_balance"].given & (balance > 0) & (on >= last),
                   lambda i: messages.balance_after_last_due(iso(last[i])))


def first_missed_within_term(r: Rows) -> Failure:
    """From the first due date to the calculation date and the last due date."""
    missed, first, last = r.value["first_missed"], r.due.first, r.due.last
    late = (missed < first) | (missed > r.at_day) | (missed > last)
    return Failure("first_missed", (missed != NO_DATE) & late,
                   lambda i: messages.first_missed_outside(iso(first[i]), r.at, iso(last[i])))


# --- the property and its liens ---------------------------------------------------------------

def appraisal_range_order(r: Rows) -> Failure:
    low, high = r.value["appraisal_low"], r.value["appraisal_high"]
    return Failure("appraisal_high", (low != MISSING) & (high != MISSING) & (low > high),
                   lambda i: messages.appraisal_high_below_low(int(low[i])))


def junior_lien_states_senior_claim(r: Rows) -> Failure:
    """A second or later lien states the claims ranking ahead of it (at least 1 yen)."""
    return Failure("senior_claim", (r.value["lien_rank"] > 1) & (r.value["senior_claim"] < 1),
                   messages.NO_SENIOR_CLAIM)


def no_senior_claim_on_a_first_lien(r: Rows) -> Failure:
    return Failure("senior_claim", (r.value["lien_rank"] == 1) & (r.value["senior_claim"] > 0),
                   messages.SENIOR_CLAIM_ON_FIRST_LIEN)


def jhf_has_no_guarantor_company(r: Rows) -> Failure:
    """A JHF (フラット35) loan has no 保証会社: guarantee_company blank or false."""
    given_true = r.cells["guarantee_company"].good & (r.value["guarantee_company"] == 1)
    return Failure("guarantee_company", (r.value["lender_type"] == LENDER_JHF) & given_true,
                   messages.JHF_HAS_NO_GUARANTOR_COMPANY)


# --- the coded region -------------------------------------------------------------------------

def municipality_in_prefecture(r: Rows) -> Failure:
    """Both given: the municipality code's first two digits are the prefecture code."""
    m, p = r.value["municipality_code"], r.value["prefecture_code"]
    return Failure("municipality_code", (m >= 0) & (p >= 0) & (m // 1000 != p),
                   lambda i: messages.municipality_not_in_prefecture(f"{int(p[i]):02d}"))


def court_of_location(r: Rows) -> Failure:
    """A court given with a location is of the district court the location's court belongs to."""
    from zansai.batch.region import court_ids, courts_of, district_of

    given = r.value["court"]
    located = (given >= 0) & ((r.value["municipality_code"] >= 0) | (r.value["prefecture_code"] >= 0))
    if not located.any():
        return Failure("court", located, messages.REQUIRED)
    found = courts_of(r.value["municipality_code"], r.value["prefecture_code"], np.full(len(given), -1))
    wrong = located & (found >= 0) & (district_of(found) != district_of(given))
    return Failure("court", wrong, lambda i: messages.court_not_of_location(court_ids()[int(found[i])]))


# --- the sale ---------------------------------------------------------------------------------

def sale_date_not_before_at(r: Rows) -> Failure:
    return Failure("sale_date", r.value["sale_date"] < r.at_day, messages.sale_before_at(r.at))


RULES: tuple[Rule, ...] = (
    loan_id_given, loan_id_length,
    Given("principal"), Form("principal"),
    Given("rate"), Form("rate"),
    Given("term_months"), Form("term_months"),
    Form("start_month"), start_month_or_first_payment,
    Form("payment_day"),
    Form("first_payment"), first_payment_in_start_month, first_payment_on_payment_day,
    Form("method"),
    Form("bonus_share"), bonus_share_within_cap, Form("bonus_months"),
    Form("current_balance"), balance_within_principal,
    Form("balance_date"), balance_date_with_balance, balance_date_in_range, balance_before_last_due,
    Form("first_missed"), first_missed_within_term,
    Given("collateral_value"), Form("collateral_value"),
    Form("appraisal_low"), Form("appraisal_high"), appraisal_range_order,
    Form("property_type"), Form("land_parcels"), Form("buildings"),
    Form("lien_rank"),
    Form("senior_claim"), junior_lien_states_senior_claim, no_senior_claim_on_a_first_lien,
    Form("lender_type"),
    Form("guarantee_company"), jhf_has_no_guarantor_company,
    Form("prefecture_code"), Form("municipality_code"), municipality_in_prefecture,
    Form("court"), court_of_location,
    Form("late_rate"), Form("moving_cost"), Form("unpaid_management_fees"), Form("monthly_management_fee"),
    Form("sale_date"), sale_date_not_before_at,
    *(Form(column) for column in OVERRIDES),
)
"""Every rule, in the order a row's first failure is found."""


def first_failures(r: Rows) -> tuple[npt.NDArray[np.int32], list[Failure]]:
    """For each row, the index in the returned list of the first rule it breaks (-1: none); the list
    holds only the rules some row breaks, in the order of ``RULES``."""
    failures = [f for f in (rule(r) for rule in RULES) if f.rows.any()]
    first = np.full(r.frame.n, -1, np.int32)
    for k in range(len(failures) - 1, -1, -1):
        first[failures[k].rows] = k
    return first, failures
