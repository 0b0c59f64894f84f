"""The repayment schedule (償還表 / 返済予定表) and its queries.

``Columns`` holds the figures column by column (cheap to build); ``Schedule`` answers the
questions the rest of the engine asks: the balance on a date, the next payment due, the rows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cached_property

from zansai.arith.calendar import month_days
from zansai.engine.loan.explain import explain_schedule
from zansai.model.loan import Loan
from zansai.money import Yen, format_percent
from zansai.trace import Explanation

__all__ = ["Columns", "Payment", "Schedule", "ScheduleEvent"]


@dataclass(frozen=True, slots=True)
class Payment:
    """One row of the schedule (返済予定表), all amounts in yen."""

    number: int
    due_date: date
    payment: Yen
    """Regular payment made on the due date (monthly part + bonus part)."""
    interest: Yen
    principal: Yen
    balance: Yen
    """Principal outstanding after this payment and any prepayment."""
    bonus_payment: Yen = 0
    prepayment: Yen = 0
    unpaid_interest: Yen = 0
    """未払利息 carried after this payment (bears no interest)."""
    annual_rate: Fraction = Fraction(0)

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "due_date": self.due_date.isoformat(),
            "payment": self.payment,
            "interest": self.interest,
            "principal": self.principal,
            "balance": self.balance,
            "bonus_payment": self.bonus_payment,
            "prepayment": self.prepayment,
            "unpaid_interest": self.unpaid_interest,
            "annual_rate": format_percent(self.annual_rate),
        }


@dataclass(frozen=True, slots=True)
class ScheduleEvent:
    """Something that changed the payment: a rate change, a review, a prepayment."""

    number: int
    kind: str
    detail: str


class Columns:
    """The schedule's figures column by column (fast to build; rows are made on demand).

    A level schedule stores only payments and balances; interest and principal follow
    exactly from them (principal_k = balance_(k−1) − balance_k − prepayment_k).
    """

    __slots__ = ("_interest", "_principal", "annual_rate", "balance", "bonus_payment",
                 "numbers", "opening", "payment", "prepayment", "unpaid_interest")

    def __init__(self, numbers: Sequence[int], payment: list[int], balance: list[int], *,
                 opening: int, interest: list[int] | None = None,
                 principal: list[int] | None = None, bonus_payment: list[int] | None = None,
                 prepayment: list[int] | None = None, unpaid_interest: list[int] | None = None,
                 annual_rate: list[Fraction] | None = None) -> None:
        self.numbers = numbers
        self.payment = payment
        self.balance = balance
        self.opening = opening
        self._interest = interest
        self._principal = principal
        self.bonus_payment = bonus_payment
        self.prepayment = prepayment
        self.unpaid_interest = unpaid_interest
        self.annual_rate = annual_rate

    @property
    def principal(self) -> list[int]:
        if self._principal is None:
            prev = [self.opening, *self.balance[:-1]]
            self._principal = [a - b for a, b in zip(prev, self.balance, strict=True)]
        return self._principal

    @property
    def interest(self) -> list[int]:
        if self._interest is None:
            self._interest = [p - q for p, q in zip(self.payment, self.principal, strict=True)]
        return self._interest

    def sliced(self, start: int) -> Columns:
        """The rows from index ``start`` on."""
        def cut(col: list[int] | None) -> list[int] | None:
            return None if col is None else col[start:]
        opening = self.balance[start - 1] if start > 0 else self.opening
        return Columns(self.numbers[start:], self.payment[start:], self.balance[start:],
                       opening=opening, interest=self.interest[start:],
                       principal=self.principal[start:], bonus_payment=cut(self.bonus_payment),
                       prepayment=cut(self.prepayment),
                       unpaid_interest=cut(self.unpaid_interest),
                       annual_rate=None if self.annual_rate is None
                       else self.annual_rate[start:])


@dataclass(frozen=True)
class Schedule:
    """The full repayment schedule of one loan, with totals and its own explanation."""

    loan: Loan
    columns: Columns
    initial_payment: Yen
    initial_bonus_payment: Yen
    bonus_periods: int
    events: tuple[ScheduleEvent, ...] = ()
    opening_balance: Yen = 0
    first_number: int = 1

    @property
    def monthly_payment(self) -> Yen:
        """The first regular monthly payment (毎月返済額); bonus part excluded."""
        return self.initial_payment

    @cached_property
    def total_interest(self) -> Yen:
        return sum(self.columns.interest)

    @cached_property
    def total_paid(self) -> Yen:
        """Every yen actually paid: regular payments plus prepayments."""
        c = self.columns
        return sum(c.payment) + (sum(c.prepayment) if c.prepayment else 0)

    @property
    def nominal_total_paid(self) -> Yen:
        """毎月返済額 × 回数 (+ ボーナス返済額 × 回数): how simulators print 総返済額."""
        return (self.initial_payment * len(self.columns.numbers)
                + self.initial_bonus_payment * self.bonus_periods)

    @property
    def payments_count(self) -> int:
        return len(self.columns.numbers)

    @cached_property
    def due_dates(self) -> list[date]:
        """``loan.due_date(k)`` for every row, month-end lookups only for days 29–31."""
        day = self.loan.due_day
        first = self.loan.first_payment
        m0 = first.year * 12 + first.month - 2
        out = []
        for k in self.columns.numbers:
            y, m = divmod(m0 + k, 12)
            m += 1
            out.append(date(y, m, day if day <= 28 else min(day, month_days(y, m))))
        return out

    @cached_property
    def rows(self) -> tuple[Payment, ...]:
        c = self.columns
        n = len(c.numbers)
        zeros = [0] * n
        rates = c.annual_rate or [self.loan.annual_rate] * n
        return tuple(
            Payment(number=k, due_date=d, payment=pay, interest=i, principal=p, balance=b,
                    bonus_payment=bp, prepayment=pp, unpaid_interest=u, annual_rate=r)
            for k, d, pay, i, p, b, bp, pp, u, r in zip(
                c.numbers, self.due_dates, c.payment, c.interest, c.principal, c.balance,
                c.bonus_payment or zeros, c.prepayment or zeros, c.unpaid_interest or zeros,
                rates, strict=True)
        )

    def row(self, i: int) -> Payment:
        """Row ``i`` (0-based), built from the columns without materializing the others."""
        c = self.columns
        return Payment(
            number=c.numbers[i], due_date=self.due_dates[i], payment=c.payment[i],
            interest=c.interest[i], principal=c.principal[i], balance=c.balance[i],
            bonus_payment=c.bonus_payment[i] if c.bonus_payment else 0,
            prepayment=c.prepayment[i] if c.prepayment else 0,
            unpaid_interest=c.unpaid_interest[i] if c.unpaid_interest else 0,
            annual_rate=c.annual_rate[i] if c.annual_rate else self.loan.annual_rate)

    def next_due(self, after: date) -> int | None:
        """Index of the first payment due after ``after`` (None when the loan is repaid by then)."""
        i = self._index_on(after)
        return i if i < len(self.columns.numbers) else None

    def _index_on(self, on: date) -> int:
        """How many rows fall due on or before ``on``."""
        return bisect_right(self.due_dates, on)

    def balance_at(self, on: date) -> Yen:
        """Principal outstanding after every payment due on or before ``on``."""
        i = self._index_on(on)
        if i == 0:
            return self.opening_balance
        return self.columns.balance[i - 1]

    def row_at(self, on: date) -> Payment | None:
        """The last row due on or before ``on``."""
        i = self._index_on(on)
        return self.row(i - 1) if i else None

    def explain(self) -> Explanation:
        """How the payment, the interest and the totals were computed."""
        return explain_schedule(self)
