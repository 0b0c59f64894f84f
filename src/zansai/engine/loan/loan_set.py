"""Several loans on one home (ペアローン, ミックスプラン), held and summed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from zansai.engine.loan.schedule import Schedule
from zansai.money import Yen

__all__ = ["LoanSet"]


@dataclass(frozen=True, slots=True)
class LoanSet:
    """Several loans on one home (ペアローン, ミックスプラン), held and summed."""

    schedules: tuple[Schedule, ...] = field(default_factory=tuple)

    def balance_at(self, on: date) -> Yen:
        return sum(s.balance_at(on) for s in self.schedules)

    @property
    def monthly_payment(self) -> Yen:
        return sum(s.monthly_payment for s in self.schedules)

    @property
    def total_interest(self) -> Yen:
        return sum(s.total_interest for s in self.schedules)

    @property
    def total_paid(self) -> Yen:
        return sum(s.total_paid for s in self.schedules)

    def payments_by_date(self) -> list[tuple[date, Yen]]:
        """Total due on each date across the loans."""
        out: dict[date, int] = {}
        for s in self.schedules:
            for r in s.rows:
                out[r.due_date] = out.get(r.due_date, 0) + r.payment + r.prepayment
        return sorted(out.items())
