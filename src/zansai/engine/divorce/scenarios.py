"""The division under each way the home ends, per spouse: sold, sold short, or kept by one spouse.

A sale's result replaces the home's equity; a keeper takes the home at value − balance and the
代償金 balances the entitlements. Per spouse: the economic result, the payment, and what the
lenders can still claim whatever the couple agreed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from zansai.engine.divorce.division import PropertyDivisionMemo, divide_as
from zansai.engine.divorce.estate import NONE, WHOLE, holds
from zansai.engine.divorce.home import (
    ROLE_LABELS,
    HomeStake,
    Liability,
    Named,
    SaleOutcome,
    by_debtors,
    by_title,
    exposure,
    roles,
)
from zansai.engine.divorce.results import PropertyDivision, Scenario, SpouseOutcome
from zansai.messages import Msg, msg
from zansai.model import Asset, Debt, Divorce, ExitKey
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import Text

SELL = "sell"
"""The scenario key of a sale at market (the plan's normal sale)."""


def keep_key(keeper: str) -> str:
    """The scenario key of ``keeper`` keeping the home."""
    return f"keep:{keeper}"


def property_division_scenarios(divorce: Divorce, home: HomeStake, assets: Sequence[Asset],
                       debts: Sequence[Debt], *, book: RuleBook, on: date,
                       sale: SaleOutcome | None, short_sale: SaleOutcome | None,
                       memo: PropertyDivisionMemo | None = None) -> tuple[Scenario, ...]:
    """The division under each way the home ends: "sell", "short_sale", "keep:<name>".

    A sale's result replaces the home's equity; a keeper takes the home at value − balance and
    the equalization payment balances the entitlements. Per spouse: the economic result, the
    payment, and what the lenders can still claim whatever the couple agreed. ``memo`` (one
    plan's) shares the method results of an estate already divided.
    """
    out: list[Scenario] = []
    for key, outcome in ((SELL, sale), (ExitKey.SHORT_SALE.value, short_sale)):
        if outcome is not None:
            out.append(_exit_scenario(key, outcome, divorce, home, assets, debts, book=book, on=on,
                                      memo=memo))
    for keeper in (divorce.keeper,) if divorce.keeper else divorce.spouses:
        out.append(_keep_scenario(keeper, divorce, home, assets, debts, book=book, on=on, memo=memo))
    return tuple(out)


def _excluded_debt(div: PropertyDivision, split: dict[str, Fraction]) -> dict[str, Yen]:
    """Home debt left with each spouse outside the division (除外説), split as ``split``."""
    a, b = div.spouses
    left = div.home_equity - div.counted_home_equity
    if left >= 0:
        return {a: 0, b: 0}
    share = split.get(a, NONE)
    ea = share.numerator * left // share.denominator  # 1円未満切捨て; the other takes the rest
    return {a: ea, b: left - ea}


def _outcomes(div: PropertyDivision, home: HomeStake, assets: Sequence[Asset],
              debts: Sequence[Debt], *, home_split: dict[str, Fraction],
              debt_split: dict[str, Fraction], remaining: Yen | None,
              keeper: str | None) -> dict[str, SpouseOutcome]:
    """Per spouse: the entitlement, the payment that reaches it from what they hold, and what the
    lenders can claim (``remaining`` None: the loans run on)."""
    held = holds(div.spouses, div.counted_home_equity, home_split, assets, debts)
    left = _excluded_debt(div, debt_split)
    out = {}
    for s in div.spouses:
        ent = div.chosen.entitlement[s]
        claimable, caveat = exposure(s, home, remaining)
        notes: list[Text] = []
        if claimable > 0:
            notes.append(msg("divorce.scenarios.lenders_claim", name=s, amount=claimable,
                             roles=_roles(s, home)))
        if caveat:
            notes.append(caveat)
        if left[s] < 0:
            notes.append(msg("divorce.scenarios.excluded_debt", amount=-left[s], name=s))
        out[s] = SpouseOutcome(entitlement=ent, equalization_payment=ent - held[s] if div.divided else 0,
                               lender_can_claim=claimable, keeps_home=s == keeper, holds=held[s],
                               excluded_debt=left[s], notes=tuple(notes))
    return out


def _exit_scenario(key: str, outcome: SaleOutcome, divorce: Divorce, home: HomeStake,
                   assets: Sequence[Asset], debts: Sequence[Debt], *, book: RuleBook,
                   on: date, memo: PropertyDivisionMemo | None) -> Scenario:
    """The division after an exit of the plan: its result replaces the home's equity."""
    div = divide_as(divorce, home, assets, debts, book=book, on=on, home_equity=outcome.equity,
                    method=None, overloan=None, keeper=None, other_view=False, memo=memo)
    spouses = div.spouses
    debtors = by_debtors(home, spouses)
    home_split = by_title(home, spouses) if div.counted_home_equity >= 0 else debtors
    outcomes = _outcomes(div, home, assets, debts, home_split=home_split,
                         debt_split=debtors, remaining=outcome.remaining_debt, keeper=None)
    warnings = list(div.warnings)
    notes = list(div.notes)
    if outcome.remaining_debt > 0 and any(roles(s, home) for s in spouses):
        liable = ", ".join(f"{s}: {format_yen(o.lender_can_claim)}" for s, o in outcomes.items()
                           if o.lender_can_claim > 0)
        warnings.append(msg("divorce.scenarios.remaining_debt", amount=outcome.remaining_debt, liable=liable))
    if div.counted_home_equity < 0 or div.home_equity < 0:
        notes.append(msg("divorce.scenarios.debt_split"))
    elif div.counted_home_equity > 0:
        notes.append(msg("divorce.scenarios.surplus_split"))
    if key == ExitKey.SHORT_SALE and sum(1 for s in spouses if home.title.get(s, NONE) > 0) > 1:
        notes.append(msg("divorce.scenarios.short_sale_consent"))
    if div.claim_deadline is not None and outcome.completion > div.claim_deadline:
        warnings.append(msg("divorce.scenarios.after_deadline", completion=outcome.completion,
                            deadline=div.claim_deadline))
    return Scenario(
        key=key, label=msg("divorce.scenarios.after_exit", exit=Named((outcome.label_ja, outcome.label_en))),
        outcomes=outcomes, warnings=tuple(warnings), property_division=div, notes=tuple(notes),
        exit=outcome.key,
    )


def _keep_scenario(keeper: str, divorce: Divorce, home: HomeStake, assets: Sequence[Asset],
                   debts: Sequence[Debt], *, book: RuleBook, on: date, memo: PropertyDivisionMemo | None
                   ) -> Scenario:
    """``keeper`` keeps the home and the loan, and the 代償金 balances the division."""
    div = divide_as(divorce, home, assets, debts, book=book, on=on, home_equity=None, method=None,
                    overloan=None, keeper=keeper, other_view=False, memo=memo)
    other = div.spouses[1] if keeper == div.spouses[0] else div.spouses[0]
    outcomes = _outcomes(div, home, assets, debts, home_split={keeper: WHOLE},
                         debt_split={keeper: WHOLE}, remaining=None, keeper=keeper)
    notes = list(div.notes)
    notes.append(msg("divorce.scenarios.keeper_pays", keeper=keeper))
    if not any(role is Liability.DEBTOR for _, role in roles(keeper, home)) and home.loans:
        notes.append(msg("divorce.scenarios.keeper_not_debtor", keeper=keeper))
    if home.title.get(other, NONE) > 0:
        notes.append(msg("divorce.scenarios.title_transfer", other=other, keeper=keeper))
    return Scenario(
        key=keep_key(keeper), label=msg("divorce.scenarios.keep", keeper=keeper), outcomes=outcomes,
        warnings=div.warnings, property_division=div, notes=tuple(notes), exit=None,
    )


def _roles(name: str, home: HomeStake) -> Msg:
    """``name``'s role on each home loan ("loan: role"), listed in the message's language."""
    said = [msg("divorce.scenarios.loan_role", loan=ln.name, role=ROLE_LABELS[role])
            for ln, role in roles(name, home)]
    out = said[-1]
    for one in reversed(said[:-1]):
        out = msg("divorce.scenarios.and", head=one, tail=out)
    return out
