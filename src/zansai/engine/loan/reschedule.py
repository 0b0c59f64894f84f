"""返済方法の変更 (rescheduling): a loan's new schedule from a change date, exact to the yen.

The payments due on or before the change date are paid as scheduled. From the next due date the
balance then outstanding is repaid over the remaining term plus the extension: the first
``deferment_months`` payments are interest only (元金据置, ``balance × rate / 12`` rounded by the
loan's interest convention), then the balance is re-amortised by the loan's own method
(元利均等 or 元金均等) and rounding convention with ``amortize``, over the months left. The
deferment lies inside the extended term. A bonus part (ボーナス返済) is merged into the monthly
payments (``bonus_merged``), since the schedule does not keep the two balances apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from zansai.engine.loan.amortization import amortize
from zansai.engine.loan.schedule import Columns, Schedule, ScheduleEvent
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model.loan import Loan
from zansai.money import Yen, round_div

__all__ = ["Rescheduled", "reschedule"]


@dataclass(frozen=True)
class Rescheduled:
    """The new schedule and what it was computed from."""

    schedule: Schedule
    """The new rows, numbered from 1 at the first due date after the change."""
    balance: Yen
    """Principal outstanding on the change date (the new schedule's opening balance)."""
    remaining_months: int
    """Payments the current schedule still had after the change date."""
    extension_months: int
    deferment_months: int
    bonus_merged: bool

    @property
    def months(self) -> int:
        return self.remaining_months + self.extension_months

    @property
    def deferment_payment(self) -> Yen | None:
        """The first interest-only payment; None without a deferment."""
        return self.schedule.columns.payment[0] if self.deferment_months else None

    @property
    def new_payment(self) -> Yen:
        """The first regular payment once principal is repaid again (after the deferment)."""
        if self.deferment_months == 0:
            return self.schedule.initial_payment
        return _amortizing_payment(self.schedule, self.deferment_months)

    @property
    def first_due(self) -> date:
        return self.schedule.due_dates[0]

    @property
    def end(self) -> date:
        return self.schedule.due_dates[-1]


def _amortizing_payment(schedule: Schedule, deferment: int) -> Yen:
    """The regular payment of the first amortizing row (元金均等: its principal part + interest)."""
    return schedule.columns.payment[deferment]


def reschedule(current: Schedule, change: date, *, extension_months: int, deferment_months: int,
               annual_rate: Fraction | None = None) -> Rescheduled:
    """The schedule of ``current``'s loan under new terms from ``change`` (pure).

    ``annual_rate``: the rate of the new terms (later rate changes of the contract are then
    dropped); None keeps the contract's rate and its rate changes.
    """
    i = current.next_due(change)
    if i is None:
        raise DomainError.about("rescheduling.change_date",
                                msg("reschedule.checks.after_end", on=change, last=current.due_dates[-1]))
    remaining = current.payments_count - i
    months = remaining + extension_months
    if deferment_months >= months:
        raise DomainError.about("rescheduling.deferment_months",
                                msg("reschedule.checks.deferment_too_long", deferment=deferment_months,
                                    months=months))
    loan = current.loan
    balance = current.balance_at(change)
    number = current.columns.numbers[i]
    new = _new_loan(loan, balance, number, months, deferment_months, annual_rate, change)
    amortizing = amortize(new)
    schedule = amortizing if deferment_months == 0 else \
        _with_deferment(loan, amortizing, balance, number, deferment_months, annual_rate)
    return Rescheduled(schedule=schedule, balance=balance, remaining_months=remaining,
                       extension_months=extension_months, deferment_months=deferment_months,
                       bonus_merged=loan.bonus_principal > 0)


def _new_loan(loan: Loan, balance: Yen, number: int, months: int, deferment: int,
              annual_rate: Fraction | None, change: date) -> Loan:
    """The loan that repays ``balance`` from payment ``number + deferment`` of the old numbering."""
    start = loan.due_date(number + deferment)
    rate = annual_rate if annual_rate is not None else loan.rate_on(start)
    changes = () if annual_rate is not None else tuple(c for c in loan.rate_changes if c.effective > start)
    return replace(loan, principal=balance, annual_rate=rate, months=months - deferment,
                   first_payment=start, payment_day=loan.due_day, bonus_principal=0,
                   rate_changes=changes, anchor=None,
                   prepayments=tuple(p for p in loan.prepayments if p.on > change))


def _with_deferment(loan: Loan, amortizing: Schedule, balance: Yen, number: int, deferment: int,
                    annual_rate: Fraction | None) -> Schedule:
    """Interest-only rows, then the amortizing rows renumbered after them."""
    mode = loan.rounding.interest
    pays: list[int] = []
    rates: list[Fraction] = []
    for k in range(deferment):
        rate = annual_rate if annual_rate is not None else loan.rate_on(loan.due_date(number + k))
        pays.append(round_div(balance * rate.numerator, rate.denominator * 12, mode))
        rates.append(rate)
    c = amortizing.columns
    n = len(c.numbers)
    months = deferment + n
    zeros = [0] * deferment
    cols = Columns(range(1, months + 1), [*pays, *c.payment], [balance] * deferment + list(c.balance),
                   opening=balance, interest=[*pays, *c.interest], principal=zeros + c.principal,
                   bonus_payment=[0] * months, prepayment=zeros + (c.prepayment or [0] * n),
                   unpaid_interest=zeros + (c.unpaid_interest or [0] * n),
                   annual_rate=[*rates, *(c.annual_rate or [amortizing.loan.annual_rate] * n)])
    whole = replace(amortizing.loan, months=months, first_payment=loan.due_date(number))
    events = tuple(ScheduleEvent(e.number + deferment, e.kind, e.detail) for e in amortizing.events)
    return Schedule(loan=whole, columns=cols, initial_payment=pays[0], initial_bonus_payment=0,
                    bonus_periods=0, events=events, opening_balance=balance)
