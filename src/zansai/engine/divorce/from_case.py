"""財産分与 of a planned case: its home as the division sees it, and the plan's exits per spouse.

The plan calls ``divide_case`` when the case has a [divorce] section: the loan balances are
taken from the 償還表 on the separation date, and the normal sale and the short sale of the plan
become the "sell" and "short_sale" scenarios.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from zansai.engine.divorce.division import PropertyDivisionMemo, divide
from zansai.engine.divorce.home import HomeStake, LoanRole, SaleOutcome
from zansai.engine.divorce.inventory import inventory
from zansai.engine.divorce.results import PropertyDivision, Scenario
from zansai.engine.divorce.scenarios import SELL, property_division_scenarios
from zansai.engine.exits import ExitResult
from zansai.engine.loan import Schedule
from zansai.messages import msg
from zansai.model import Asset, Case, Divorce, ExitKey, LienKind
from zansai.money import Yen
from zansai.rules import RuleBook
from zansai.trace import Text


@dataclass(frozen=True, slots=True)
class CasePropertyDivision:
    """The division of a case, with the exits per spouse and what it counted."""

    property_division: PropertyDivision
    scenarios: tuple[Scenario, ...]
    """The exits per spouse (sell now, short sale, one spouse keeps the home)."""
    inventory: dict[str, Any]
    """What the division counted, per spouse."""


def home_stake(case: Case, schedules: dict[int, Schedule], divorce: Divorce, value: Yen) -> HomeStake:
    """The home at ``value``, its liens' balances on the separation date and who is bound by them."""
    on = divorce.separation_date
    roles = []
    balance = 0
    for lien in case.liens:
        b = schedules[lien.rank].balance_at(on) if lien.rank in schedules else lien.balance or 0
        balance += b
        if lien.kind is LienKind.MORTGAGE:
            roles.append(LoanRole(name=lien.loan.name if lien.loan else lien.holder, holder=lien.holder,
                                  balance=b, debtors=lien.debtors, guarantors=lien.guarantors))
    price = case.property.acquisition_price or 0
    down, repaid = _paid(case, schedules, on, price)
    return HomeStake(value=value, loan_balance=balance, purchase_price=price,
                     title={p.name: p.ownership_share for p in case.people if p.ownership_share},
                     loans=tuple(roles), down_payment=down, principal_repaid=repaid)


def _paid(case: Case, schedules: dict[int, Schedule], on: date, price: Yen) -> tuple[Yen | None, Yen | None]:
    """頭金 (the price less the home loans' principal) and the principal repaid by ``on`` (from the
    償還表, exactly); (None, None) without a price or when the loans exceed it (諸費用 financed)."""
    loans = [lien for lien in case.liens if lien.loan is not None and lien.rank in schedules]
    lent = sum(lien.loan.principal for lien in loans if lien.loan is not None)
    if price <= 0 or lent > price:
        return None, None
    return price - lent, lent - sum(schedules[lien.rank].balance_at(on) for lien in loans)


def divide_case(case: Case, schedules: dict[int, Schedule], exits: Sequence[ExitResult], value: Yen,
                assets: Sequence[Asset], book: RuleBook) -> CasePropertyDivision | None:
    """財産分与 of ``case`` with the home at ``value`` and the household's ``assets``; None without
    a [divorce] section."""
    divorce = case.divorce
    if divorce is None:
        return None
    home = home_stake(case, schedules, divorce, value)
    debts = case.household.other_debts
    memo = PropertyDivisionMemo()  # this plan's only: the division and its scenarios share estates
    property_division = divide(divorce, home, assets, debts, book=book, on=case.at, memo=memo)
    scenarios = property_division_scenarios(divorce, home, assets, debts, book=book, on=case.at,
                                   sale=_sale_outcome(exits, ExitKey.NORMAL_SALE),
                                   short_sale=_sale_outcome(exits, ExitKey.SHORT_SALE), memo=memo)
    normal = next((e for e in exits if e.key == ExitKey.NORMAL_SALE), None)
    if normal is not None and not normal.feasible and normal.cash_needed > 0:
        short: Text = msg("divorce.scenarios.cash_needed", amount=normal.cash_needed)
        scenarios = tuple(replace(sc, warnings=(*sc.warnings, short))
                          if sc.key == SELL else sc for sc in scenarios)
    return CasePropertyDivision(property_division, scenarios, inventory(divorce, home, assets, debts))


def _sale_outcome(exits: Sequence[ExitResult], key: ExitKey) -> SaleOutcome | None:
    """The exit ``key`` of the plan as the division sees it; None when it was not computed."""
    e = next((x for x in exits if x.key == key), None)
    if e is None:
        return None
    return SaleOutcome(key=e.key, label_ja=e.label_ja, label_en=e.label_en,
                       equity=e.surplus - e.remaining_debt, remaining_debt=e.remaining_debt,
                       completion=e.completion)
