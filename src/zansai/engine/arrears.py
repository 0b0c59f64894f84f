"""Arrears (滞納) and late charges (遅延損害金) on a loan schedule.

From the first missed payment, every instalment due is unpaid. Before acceleration
(期限の利益喪失) late charges run on each overdue instalment from the day after its due date;
after it, the whole principal is due with the unpaid and accrued interest, and late charges
run on the whole principal. Each charge is ``base × rate × days / 365`` with 1円未満切捨て. The
rate is at most the legal cap (利息制限法4条, or 7条1項 for a business lender: ``late_cap``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.arith.interest import day_charge as arith_day_charge
from zansai.engine.exact import fraction
from zansai.engine.late_cap import LateCap, late_cap
from zansai.engine.loan import Schedule
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import LateChargeBase, LenderType
from zansai.money import Rounding, Yen, format_percent, format_yen
from zansai.rules import RuleBook
from zansai.trace import Explanation, RuleUse, Step, Text, text_dict


@dataclass(frozen=True, slots=True)
class MissedInstalment:
    number: int
    due_date: date
    payment: Yen
    interest: Yen
    principal: Yen
    days_overdue: int
    late_charge: Yen

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number, "due_date": self.due_date.isoformat(),
            "payment": self.payment, "interest": self.interest, "principal": self.principal,
            "days_overdue": self.days_overdue, "late_charge": self.late_charge,
        }


@dataclass(frozen=True, slots=True)
class ArrearsResult:
    """What is owed on ``on`` after missing every payment from ``first_missed``."""

    on: date
    first_missed: date
    late_rate: Fraction
    day_basis: int
    base: LateChargeBase
    missed: tuple[MissedInstalment, ...]
    overdue_amount: Yen
    """Σ missed instalments (元金 + 利息)."""
    late_charges: Yen
    daily_late_charge: Yen
    """The late charge accruing per day on ``on`` (floored)."""
    accelerated: bool
    acceleration_date: date | None
    principal_outstanding: Yen
    unpaid_interest: Yen
    accrued_interest: Yen
    late_charges_after_acceleration: Yen
    total_due: Yen
    rules_used: tuple[RuleUse, ...]
    notes: tuple[Text, ...]
    cap: LateCap | None = None
    """The legal cap on the late-charge rate (利息制限法4条 or 7条) and the contract date used."""

    @property
    def interest_due(self) -> Yen:
        """利息: the unpaid interest of the missed instalments plus the interest accrued since
        the last due date (未払利息＋経過利息; the accrued part only after acceleration)."""
        return self.unpaid_interest + self.accrued_interest

    def to_dict(self) -> dict[str, object]:
        return {
            "on": self.on.isoformat(),
            "first_missed": self.first_missed.isoformat(),
            "late_rate": format_percent(self.late_rate),
            "day_basis": self.day_basis,
            "late_charge_base": self.base.value,
            "missed_count": len(self.missed),
            "overdue_amount": self.overdue_amount,
            "late_charges": self.late_charges,
            "daily_late_charge": self.daily_late_charge,
            "accelerated": self.accelerated,
            "acceleration_date": self.acceleration_date.isoformat()
            if self.acceleration_date else None,
            "principal_outstanding": self.principal_outstanding,
            "unpaid_interest": self.unpaid_interest,
            "accrued_interest": self.accrued_interest,
            "late_charges_after_acceleration": self.late_charges_after_acceleration,
            "total_due": self.total_due,
            "missed": [m.to_dict() for m in self.missed],
            "notes": [text_dict(n) for n in self.notes],
            **_cap_dict(self.cap),
        }

    def explain(self) -> Explanation:
        rate = format_percent(self.late_rate)
        steps = [
            Step(
                name="late_charges", label=msg("arrears.steps.late_charges"),
                formula=f"Σ floor(base × {rate} × days / {self.day_basis}) per overdue "
                        "instalment, days from the day after its due date",
                inputs={"base": self.base.value, "missed": str(len(self.missed)),
                        "on": (self.acceleration_date or self.on).isoformat(),
                        **({"late_rate_cap": f"{format_percent(self.cap.rate)} ({self.cap.law})",
                            "contract_date": self.cap.contract_date.isoformat()
                            + (" (assumed)" if self.cap.contract_date_assumed else "")}
                           if self.cap else {})},
                result=format_yen(self.late_charges - self.late_charges_after_acceleration),
                rounding=f"{Rounding.FLOOR.label()} per instalment", rules=self.rules_used,
            ),
        ]
        if self.accelerated and self.acceleration_date:
            steps.append(Step(
                name="acceleration", label=msg("arrears.steps.acceleration"),
                formula="principal outstanding + unpaid interest + accrued interest "
                        "+ late charges (before and after acceleration)",
                inputs={
                    "principal_outstanding": format_yen(self.principal_outstanding),
                    "unpaid_interest": format_yen(self.unpaid_interest),
                    "accrued_interest": format_yen(self.accrued_interest),
                    "late_charges_after_acceleration":
                        format_yen(self.late_charges_after_acceleration),
                },
                result=format_yen(self.total_due),
                rounding=Rounding.FLOOR.label(),
            ))
        else:
            steps.append(Step(
                name="total_due", label=msg("arrears.steps.total_due"),
                formula="overdue instalments + late charges",
                inputs={"overdue_amount": format_yen(self.overdue_amount),
                        "late_charges": format_yen(self.late_charges)},
                result=format_yen(self.total_due),
            ))
        ja, en = msg("arrears.notes.title")
        return Explanation(title=f"{ja} / {en}", steps=tuple(steps),
                           notes=tuple(f"{n[0]} / {n[1]}" for n in self.notes))


def _cap_dict(cap: LateCap | None) -> dict[str, object]:
    """The cap's JSON fields (see docs/loan-json.md)."""
    if cap is None:
        return {}
    return {"late_rate_cap": format_percent(cap.rate), "late_rate_cap_law": cap.law,
            "contract_date": cap.contract_date.isoformat(),
            "contract_date_assumed": cap.contract_date_assumed}


def day_charge(base: int, rate: Fraction, days: int, basis: int) -> int:
    """``base × rate × days / basis``, 1円未満切捨て (0 for no days or no base): 日割り計算."""
    return arith_day_charge(base, rate.numerator, rate.denominator, days, basis)


def arrears(
    schedule: Schedule,
    first_missed: date,
    on: date,
    *,
    late_rate: Fraction | None = None,
    lender: LenderType = LenderType.BANK,
    acceleration: date | None = None,
    base: LateChargeBase = LateChargeBase.PRINCIPAL,
    book: RuleBook,
    contract_date: date | None = None,
    memo: ArrearsMemo | None = None,
) -> ArrearsResult:
    """What is owed on ``on`` when nothing has been paid since ``first_missed``; the late-charge
    rate is capped by 利息制限法 as of ``contract_date`` (None: assumed, see ``late_cap``).
    ``memo`` (of the same book) holds what this plan has already worked out for the loan."""
    start, first_due = _first_missed_row(schedule, first_missed, on, acceleration)
    cutoff = acceleration or on
    if memo is None or memo.book is not book:
        terms = _terms(schedule, first_due, book, lender, late_rate, contract_date)
        missed = _missed(schedule, start, cutoff, base, terms[1], terms[2])
    else:
        terms, missed = memo.ask(schedule, start, first_due, cutoff, lender, late_rate, base,
                                 contract_date)
    cap, late_rate, basis, kept_used, kept_notes = terms
    used, notes = list(kept_used), list(kept_notes)
    cols = schedule.columns
    principal_outstanding = cols.balance[start - 1] if start else schedule.opening_balance
    overdue = sum(m.payment for m in missed)
    before = sum(m.late_charge for m in missed)
    if acceleration is None:
        base_now = sum(m.principal if base is LateChargeBase.PRINCIPAL else m.payment
                       for m in missed)
        return ArrearsResult(
            on=on, first_missed=first_due, late_rate=late_rate, day_basis=basis, base=base,
            missed=missed, overdue_amount=overdue, late_charges=before,
            daily_late_charge=day_charge(base_now, late_rate, 1, basis), accelerated=False,
            acceleration_date=None, principal_outstanding=principal_outstanding,
            unpaid_interest=sum(m.interest for m in missed), accrued_interest=0,
            late_charges_after_acceleration=0, total_due=overdue + before,
            rules_used=tuple(used), notes=tuple(notes), cap=cap,
        )
    unpaid_interest = sum(m.interest for m in missed)
    not_yet_due = principal_outstanding - sum(m.principal for m in missed)
    last_due = missed[-1].due_date
    accrued = day_charge(not_yet_due, schedule.loan.rate_on(last_due), (acceleration - last_due).days,
                      basis)
    after = day_charge(principal_outstanding, late_rate, (on - acceleration).days, basis)
    notes.append(msg("arrears.notes.after_acceleration", basis=basis))
    return ArrearsResult(
        on=on, first_missed=first_due, late_rate=late_rate, day_basis=basis, base=base,
        missed=missed, overdue_amount=overdue, late_charges=before + after,
        daily_late_charge=day_charge(principal_outstanding, late_rate, 1, basis), accelerated=True,
        acceleration_date=acceleration, principal_outstanding=principal_outstanding,
        unpaid_interest=unpaid_interest, accrued_interest=accrued,
        late_charges_after_acceleration=after,
        total_due=principal_outstanding + unpaid_interest + accrued + before + after,
        rules_used=tuple(used), notes=tuple(notes), cap=cap,
    )


def _first_missed_row(schedule: Schedule, first_missed: date, on: date,
                      acceleration: date | None) -> tuple[int, date]:
    """The index and due date of the first missed row; the dates must be in order."""
    dues = schedule.due_dates
    start = bisect_left(dues, first_missed)
    if start == len(dues):
        raise DomainError.invalid("loan.first_missed", first_missed.isoformat(),
                                  msg("arrears.errors.no_due_date"))
    first_due = dues[start]
    if on < first_due:
        raise DomainError.invalid("arrears.on", on.isoformat(),
                                  msg("arrears.errors.before_first_missed", first_due=first_due))
    if acceleration is not None and not first_due <= acceleration <= on:
        raise DomainError.invalid(
            "loan.acceleration", acceleration.isoformat(),
            msg("arrears.errors.acceleration_between", first_due=first_due, on=on))
    return start, first_due


_Terms = tuple[LateCap, Fraction, int, tuple[RuleUse, ...], tuple[Text, ...]]
"""A loan's late-charge terms from its first missed due date: the cap, the rate, the day-count
basis, the rules read and the notes said."""


def _terms(schedule: Schedule, first_due: date, book: RuleBook, lender: LenderType,
           late_rate: Fraction | None, contract_date: date | None) -> _Terms:
    """The late-charge terms, the same on every date the arrears are asked for."""
    used: list[RuleUse] = []
    notes: list[Text] = []
    cap = late_cap(schedule.loan, lender, first_due, book, contract_date=contract_date)
    rate, basis = _late_terms(first_due, late_rate, lender, cap, book, used, notes)
    return cap, rate, basis, tuple(used), tuple(notes)


class ArrearsMemo:
    """Arrears worked out once per plan (the timeline asks for them on a dozen dates).

    Bound to one rule book: ``arrears`` uses it only for that book. Keeps, per loan, the
    late-charge terms (the same on every date) and, per due-date cut-off (the acceleration,
    else the date asked), the missed instalments with their late charges to that cut-off.
    Everything kept is immutable, so sharing it is safe.
    """

    __slots__ = ("book", "missed", "schedules", "terms")

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.terms: dict[tuple[Any, ...], _Terms] = {}
        self.missed: dict[tuple[Any, ...], tuple[MissedInstalment, ...]] = {}
        self.schedules: dict[int, Schedule] = {}
        """The schedules keyed by ``id``, held so that an ``id`` is never reused while memoised."""

    def ask(self, schedule: Schedule, start: int, first_due: date, cutoff: date,
            lender: LenderType, late_rate: Fraction | None, base: LateChargeBase,
            contract_date: date | None) -> tuple[_Terms, tuple[MissedInstalment, ...]]:
        """The loan's late-charge terms and its missed instalments to ``cutoff``, once each."""
        key = (id(schedule), first_due, lender, late_rate, contract_date)
        terms = self.terms.get(key)
        if terms is None:
            terms = self.terms[key] = _terms(schedule, first_due, self.book, lender, late_rate,
                                             contract_date)
            self.schedules[id(schedule)] = schedule
        missed = self.missed.get((key, base, cutoff))
        if missed is None:
            missed = self.missed[(key, base, cutoff)] = _missed(schedule, start, cutoff, base,
                                                                terms[1], terms[2])
        return terms, missed


def _late_terms(first_due: date, late_rate: Fraction | None, lender: LenderType, cap: LateCap,
                book: RuleBook, used: list[RuleUse], notes: list[Text]) -> tuple[Fraction, int]:
    """(late-charge rate, day-count basis): the contract's rate or the lender type's usual one,
    at most the legal cap (利息制限法4条, or 7条 for a business lender); the rules consulted and
    the notes are appended."""
    basis_rule = book.at("late_charges.day_count_basis", first_due)
    used.append(RuleUse.of(basis_rule))
    basis = int(basis_rule.value)
    if late_rate is None:
        typical = book.at("late_charges.typical_rate", first_due)
        used.append(RuleUse.of(typical))
        late_rate = fraction(typical.value[lender.value])
        notes.append(msg("arrears.notes.default_rate", rate=format_percent(late_rate), lender=lender.value))
    used.extend(cap.rules)
    return cap.apply(late_rate, notes), basis


def _missed(schedule: Schedule, start: int, cutoff: date, base: LateChargeBase,
            late_rate: Fraction, basis: int) -> tuple[MissedInstalment, ...]:
    """Every instalment due from row ``start`` to ``cutoff``, with its late charge to then."""
    missed: list[MissedInstalment] = []
    num, den = late_rate.numerator, late_rate.denominator
    for i in range(start, bisect_right(schedule.due_dates, cutoff)):
        r = schedule.row(i)
        days = (cutoff - r.due_date).days
        b = r.principal if base is LateChargeBase.PRINCIPAL else r.payment
        missed.append(MissedInstalment(r.number, r.due_date, r.payment, r.interest, r.principal,
                                       days, arith_day_charge(b, num, den, days, basis)))
    return tuple(missed)
