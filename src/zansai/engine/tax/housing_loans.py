"""住宅借入金等 on the day before the sale contract, per owner (措法41条の5の2).

The overloan loss relief compares the proceeds with the housing loans the seller has on the day
before the sale contract (契約締結日の前日). A loan with a 償還表 counts at its balance after the
payments due by that day; a lien entered without a schedule counts when it is marked as a
housing loan, at its remaining principal (or, without one, its balance). Each loan is its
debtors' own: a pair loan (ペアローン) is each spouse's; a loan with several debtors, or with
none named, is split among them by their ownership shares. Only loans with a repayment
period of at least the rule's minimum (10 years) are 住宅借入金等.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction

from zansai.engine.loan import Schedule
from zansai.engine.tax.owners import CoOwner, split_by_share
from zansai.model import Case, Lien, LienKind, Person, Property
from zansai.money import Yen
from zansai.rules import RuleBook

__all__ = ["HousingLoan", "as_lived_in", "co_owners", "contract_day", "household_balance", "housing_loans",
           "min_loan_term", "owners_of"]


@dataclass(frozen=True, slots=True)
class HousingLoan:
    """One housing loan on the day before the contract: whose, how much, how long."""

    lien: Lien
    balance: Yen
    term_years: int | None


def contract_day(case: Case) -> date:
    """The sale contract date (売買契約日): the case's, or the settlement date standing in."""
    return case.sale_contract_date or case.sale_date


def owners_of(case: Case) -> list[Person]:
    """The people with an ownership share, in the case file's order."""
    return [p for p in case.people if p.ownership_share > 0]


def as_lived_in(case: Case) -> Property:
    """The home as the reliefs see it: a sole owner's own ``lived_in`` / ``moved_out_on``, when
    given, replace the property's (co-owners are judged one by one in ``co_owners``)."""
    owners, prop = owners_of(case), case.property
    if len(owners) != 1:
        return prop
    o = owners[0]
    if o.lived_in is None and o.moved_out_on is None:
        return prop
    return replace(prop, lived_in=prop.lived_in if o.lived_in is None else o.lived_in,
                   moved_out_on=o.moved_out_on)


def housing_loans(case: Case, schedules: dict[int, Schedule]) -> list[HousingLoan]:
    """Every housing loan on the day before the contract (loans with a schedule, marked liens)."""
    before = contract_day(case) - timedelta(days=1)
    out: list[HousingLoan] = []
    for lien in case.liens:
        if lien.rank in schedules:
            out.append(HousingLoan(lien, schedules[lien.rank].balance_at(before), lien.loan_term_years))
        elif lien.housing_loan and lien.kind is LienKind.MORTGAGE:
            balance = lien.principal if lien.principal is not None else lien.balance or 0
            out.append(HousingLoan(lien, balance, lien.loan_term_years))
    return out


def min_loan_term(case: Case, book: RuleBook) -> int:
    """The shortest repayment period of a 住宅借入金等 (措法41条の5の2), 0 out of its period."""
    rule = book.at("capital_gains.overloan_loss_relief", case.sale_date)
    return int(rule.value["min_loan_term_years"]) if rule.in_force else 0


def household_balance(case: Case, schedules: dict[int, Schedule], book: RuleBook) -> Yen:
    """A single owner's 住宅借入金等 on the day before the contract (all the housing loans)."""
    min_term = min_loan_term(case, book)
    return sum(h.balance for h in housing_loans(case, schedules)
               if h.term_years is not None and h.term_years >= min_term)


def co_owners(case: Case, schedules: dict[int, Schedule], book: RuleBook) -> tuple[CoOwner, ...]:
    """The co-owners as the tax sees them; () when the home has fewer than two owners."""
    owners = owners_of(case)
    if len(owners) < 2:
        return ()
    min_term = min_loan_term(case, book)
    balances: dict[str, Yen] = {o.name: 0 for o in owners}
    terms: dict[str, list[int | None]] = {o.name: [] for o in owners}
    for loan in housing_loans(case, schedules):
        debtors = [o for o in owners if o.name in loan.lien.debtors] or owners
        total = sum((o.ownership_share for o in debtors), Fraction(0))
        parts = split_by_share(loan.balance, [o.ownership_share / total for o in debtors])
        for o, part in zip(debtors, parts, strict=True):
            terms[o.name].append(loan.term_years)
            if loan.term_years is not None and loan.term_years >= min_term:
                balances[o.name] += part
    prop = case.property
    return tuple(CoOwner(
        name=o.name, share=o.ownership_share,
        lived_in=prop.lived_in if o.lived_in is None else o.lived_in,
        moved_out_on=o.moved_out_on if o.moved_out_on is not None or o.lived_in is not None
        else prop.moved_out_on,
        loan_balance_before_contract=balances[o.name],
        loan_term_years=max((t for t in terms[o.name] if t is not None), default=None),
        has_housing_loan=bool(terms[o.name]),
    ) for o in owners)
