"""The holding period (所有期間): short, long or long-reduced, judged on 1 January."""

from __future__ import annotations

import calendar
from datetime import date

from zansai.dates import add_years
from zansai.engine.tax.common import uses
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import HoldingClass
from zansai.rules import RuleBook
from zansai.trace import Step

__all__ = ["held_more_than", "holding_class", "holding_period", "january_1", "whole_months"]


def held_more_than(acquired_on: date, on: date, years: int) -> bool:
    """Held MORE than ``years`` on ``on`` (the anniversary itself is not more)."""
    return add_years(acquired_on, years) < on


def whole_months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` by 応当日 (民法143条: a missing day is the month end)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and end.day != calendar.monthrange(end.year, end.month)[1]:
        months -= 1
    return months


def january_1(transfer: date) -> date:
    """1 January of the transfer year, the day the holding period is judged on."""
    return date(transfer.year, 1, 1)


def _held_text(acquired_on: date, on: date) -> str:
    years = on.year - acquired_on.year - (1 if (on.month, on.day) < (acquired_on.month,
                                                                     acquired_on.day) else 0)
    exact = add_years(acquired_on, years) == on
    return (msg("tax.holding.exactly", years=years) if exact else msg("tax.holding.over", years=years)).ja


def holding_class(acquired_on: date, transfer: date, book: RuleBook) -> tuple[HoldingClass, Step]:
    """The holding class by time alone, and the step that explains it (worked out once per book
    and day; each sale of the plan gets a step of its own)."""
    cls, step = book.derived(("holding_class", acquired_on, transfer),
                             lambda: _holding_class(acquired_on, transfer, book))
    return cls, step.again()


def _holding_class(acquired_on: date, transfer: date, book: RuleBook) -> tuple[HoldingClass, Step]:
    jan1 = january_1(transfer)
    long_rule = book.at("capital_gains.long_term_holding_years", transfer)
    reduced_rule = book.at("capital_gains.reduced_rate_holding_years", transfer)
    long_years, reduced_years = int(long_rule.value), int(reduced_rule.value)
    if held_more_than(acquired_on, jan1, reduced_years):
        cls = HoldingClass.LONG_REDUCED
    elif held_more_than(acquired_on, jan1, long_years):
        cls = HoldingClass.LONG
    else:
        cls = HoldingClass.SHORT
    step = Step(
        name="holding_period", label=msg("tax.holding.label"),
        formula=msg("tax.holding.formula", long=long_years, reduced=reduced_years).ja,
        inputs={"acquired_on": acquired_on.isoformat(), "january_1": jan1.isoformat(),
                "held_on_january_1": _held_text(acquired_on, jan1)},
        result=cls, rules=uses(long_rule, reduced_rule),
    )
    return cls, step


def holding_period(acquired_on: date, transfer: date, *, book: RuleBook) -> HoldingClass:
    """The holding class by time alone, judged on 1 January of the transfer year (措法31条2項).

    "short" unless held MORE than ``long_term_holding_years`` on that day; "long_reduced" when
    held more than ``reduced_rate_holding_years`` (措法31条の3). The reduced rates need a
    residence too: ``capital_gains_tax`` turns "long_reduced" into "long" otherwise.
    """
    if transfer < acquired_on:
        raise DomainError.invalid("sale.transfer_date", transfer.isoformat(),
                                  msg("tax.common.on_or_after_acquisition", acquired=acquired_on))
    return holding_class(acquired_on, transfer, book)[0]
