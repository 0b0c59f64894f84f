"""What a loan's holder can claim on a date (請求額).

Three states: repaid on schedule (balance + 日割り経過利息), in arrears (``arrears()``: the
missed instalments, the principal not yet due, interest and 遅延損害金, before and after
期限の利益喪失), and after the guarantee company's payment (代位弁済), when the guarantee
company holds the claim (求償権) and charges its own late charges on it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.engine.arrears import ArrearsMemo, ArrearsResult, arrears, day_charge
from zansai.engine.exact import fraction
from zansai.engine.late_cap import late_cap
from zansai.engine.loan import Schedule
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import LenderType
from zansai.money import Rounding, Yen, format_percent, format_yen
from zansai.rules import RuleBook
from zansai.trace import Explanation, RuleUse, Step, Text, explaining, unique_uses

LENDER = "lender"
GUARANTOR_COMPANY = "guarantee_company"

OwedFn = Callable[[date, date | None, date | None], tuple[Yen, Yen]]
"""``owed(on, acceleration, subrogation) -> (total owed, late charges)`` over a household's loans."""


@dataclass(frozen=True, slots=True)
class Owed:
    """The claim on ``on``: who holds it and what it is made of."""

    on: date
    holder: str
    """``"lender"`` or ``"guarantee_company"`` (after 代位弁済)."""
    principal: Yen
    interest: Yen
    """Unpaid interest of missed instalments plus interest accrued since the last due date."""
    late_charges: Yen
    """遅延損害金: the lender's, plus the guarantee company's after 代位弁済."""
    total: Yen
    accelerated: bool
    subrogated: bool
    rules_used: tuple[RuleUse, ...]
    build_step: Callable[[], Step] = field(repr=False, compare=False)
    """Builds the explanation's step (how the claim was computed) when it is first asked for:
    the timeline and the guarantee company's payment read only the figures."""
    _step: Step | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def step(self) -> Step:
        """How the claim was computed (built on first use, then kept; figures only, a bare step
        with the claim's rules, not kept)."""
        step = self._step
        if step is None:
            if not explaining():
                return Step.bare("amount_owed", self.rules_used)
            step = self.build_step()
            object.__setattr__(self, "_step", step)
        return step

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(), "holder": self.holder, "principal": self.principal,
            "interest": self.interest, "late_charges": self.late_charges, "total": self.total,
            "accelerated": self.accelerated, "subrogated": self.subrogated,
            "why": self.step.to_dict(), "rules": [r.ref() for r in self.rules_used],
        }

    def explain(self) -> Explanation:
        ja, en = msg("owed.notes.title")
        return Explanation(title=f"{ja} {self.on.isoformat()} / {en}", steps=(self.step,))


_DAILY_INTEREST = msg("owed.notes.daily_interest")


def _joined(notes: Sequence[Text]) -> Text | None:
    """The notes of a step as one message (None when there are none)."""
    if not notes:
        return None
    return notes[0] if len(notes) == 1 else msg("owed.notes.all", notes=tuple(notes))


def _first_due(schedule: Schedule, first_missed: date) -> date:
    dues = schedule.due_dates
    i = bisect_left(dues, first_missed)
    if i == len(dues):
        raise DomainError.invalid("loan.first_missed", first_missed.isoformat(),
                                  msg("owed.errors.no_due_date"))
    return dues[i]


def amount_owed(schedule: Schedule, on: date, *, book: RuleBook, first_missed: date | None = None,
                lender: LenderType = LenderType.BANK, late_rate: Fraction | None = None,
                acceleration: date | None = None, subrogation: date | None = None,
                contract_date: date | None = None, memo: OwedMemo | None = None) -> Owed:
    """What the holder of the loan can claim on ``on``.

    ``late_rate`` is the contract's 遅延損害金 rate; when given it is used for the lender and,
    after 代位弁済, for the guarantee company too. ``acceleration`` / ``subrogation`` later than
    ``on`` have not happened yet on ``on``. ``contract_date`` (金銭消費貸借契約の日) decides
    whether 利息制限法7条 caps the late charges (None: assumed, see ``late_cap``). ``memo`` (of
    the same book) holds the claims this plan has already computed.
    """
    notes: list[Text] = []
    given_acceleration = acceleration
    if subrogation is not None:
        if lender is LenderType.JHF:
            raise DomainError.invalid(
                "loan.subrogation", subrogation.isoformat(), msg("owed.errors.jhf_no_subrogation"))
        if acceleration is None:
            acceleration = subrogation
            notes.append(msg("owed.notes.acceleration_at_subrogation"))
        elif subrogation < acceleration:
            raise DomainError.invalid(
                "loan.subrogation", subrogation.isoformat(),
                msg("owed.errors.before_acceleration", acceleration=acceleration))
    if first_missed is None:
        if acceleration is not None:
            raise DomainError.invalid(
                "loan.acceleration", acceleration.isoformat(), msg("owed.errors.needs_first_missed"))
        return _on_schedule(schedule, on, book, notes)
    first_due = _first_due(schedule, first_missed)
    if acceleration is not None and acceleration < first_due:
        raise DomainError.invalid(
            "loan.acceleration", acceleration.isoformat(),
            msg("owed.errors.before_first_missed", first_due=first_due))
    if on < first_due:
        notes.append(msg("owed.notes.not_yet_missed", first_due=first_due, on=on))
        return _on_schedule(schedule, on, book, notes)
    if subrogation is not None and on >= subrogation:
        acc = acceleration or subrogation
        if memo is not None and memo.book is book:
            paid = memo.lender_claim(schedule, first_missed, subrogation, lender, late_rate, acc,
                                     contract_date)
            recourse = _recourse(schedule, first_missed, book, late_rate, paid, subrogation, notes,
                                 contract_date, memo)
            memo.keep(schedule)
            memo.recourse[(id(schedule), first_missed, lender, late_rate, given_acceleration,
                           subrogation, contract_date)] = recourse
            return _claim_after(recourse, on)
        paid = _delinquent(schedule, first_missed, subrogation, book, lender, late_rate, acc, [],
                           contract_date)
        return _subrogated(schedule, first_missed, on, book, lender, late_rate, paid, subrogation,
                           notes, contract_date, memo)
    accelerated = acceleration if acceleration is not None and acceleration <= on else None
    return _delinquent(schedule, first_missed, on, book, lender, late_rate, accelerated, notes,
                       contract_date, memo)


def _on_schedule(schedule: Schedule, on: date, book: RuleBook, notes: list[Text]) -> Owed:
    """Balance after the last payment due, plus 日割り経過利息 since that payment."""
    basis_rule = book.at("late_charges.day_count_basis", on)
    basis = int(basis_rule.value)
    loan = schedule.loan
    row = schedule.row_at(on)
    if row is None:
        principal = schedule.opening_balance
        since = loan.due_date(schedule.first_number - 1)
        carried = 0
        notes.append(msg("owed.notes.no_payment_due", since=since))
    else:
        principal, since, carried = row.balance, row.due_date, row.unpaid_interest
    rate = loan.rate_on(since)
    days = max((on - since).days, 0)
    accrued = day_charge(principal, rate, days, basis)
    interest = carried + accrued
    notes.append(_DAILY_INTEREST)
    rules, note = (RuleUse.of(basis_rule),), _joined(notes)

    def step() -> Step:
        return Step(
            name="amount_owed", label=msg("owed.steps.on_schedule"),
            formula=f"balance after the payment due {since} + balance × rate × days / {basis}"
                    + (" + carried unpaid interest" if carried else ""),
            inputs={"balance": format_yen(principal), "rate": format_percent(rate),
                    "days": str(days), "carried_unpaid_interest": format_yen(carried)},
            result=format_yen(principal + interest), rounding=Rounding.FLOOR.label(),
            rules=rules, note=note,
        )
    return Owed(on=on, holder=LENDER, principal=principal, interest=interest, late_charges=0,
                total=principal + interest, accelerated=False, subrogated=False,
                rules_used=rules, build_step=step)


def _delinquent(schedule: Schedule, first_missed: date, on: date, book: RuleBook,
                lender: LenderType, late_rate: Fraction | None, acceleration: date | None,
                notes: list[Text], contract_date: date | None = None,
                memo: OwedMemo | None = None) -> Owed:
    """The lender's claim in arrears: the whole principal, interest and late charges."""
    ar, late_charges = _arrears(schedule, first_missed, on, book, lender, late_rate, acceleration,
                                contract_date, memo)
    principal = ar.principal_outstanding
    if ar.accelerated:
        accrued = ar.accrued_interest
    else:
        # Before acceleration the principal not yet due still bears contract interest.
        not_yet_due = principal - sum(m.principal for m in ar.missed)
        last_due = ar.missed[-1].due_date
        accrued = day_charge(not_yet_due, schedule.loan.rate_on(last_due), (on - last_due).days,
                                ar.day_basis)
    interest = ar.unpaid_interest + accrued
    total = principal + interest + late_charges
    note = _joined([*notes, *ar.notes])

    def step() -> Step:
        return Step(
            name="amount_owed",
            label=msg("owed.steps.accelerated") if ar.accelerated else msg("owed.steps.delinquent"),
            formula="principal outstanding at the first missed payment + unpaid interest of the "
                    f"missed instalments + interest accrued since the last due date "
                    f"(/{ar.day_basis}) + late charges",
            inputs={
                "principal_outstanding": format_yen(principal),
                "unpaid_interest": format_yen(ar.unpaid_interest),
                "accrued_interest": format_yen(accrued),
                "late_charges": format_yen(late_charges),
                "late_rate": format_percent(ar.late_rate),
                "missed": str(len(ar.missed)),
                "acceleration": acceleration.isoformat() if acceleration else "—",
            },
            result=format_yen(total), rounding=Rounding.FLOOR.label(), rules=ar.rules_used,
            note=note,
        )
    return Owed(on=on, holder=LENDER, principal=principal, interest=interest,
                late_charges=late_charges, total=total, accelerated=ar.accelerated,
                subrogated=False, rules_used=ar.rules_used, build_step=step)


def _arrears(schedule: Schedule, first_missed: date, on: date, book: RuleBook, lender: LenderType,
             late_rate: Fraction | None, acceleration: date | None, contract_date: date | None,
             memo: OwedMemo | None) -> tuple[ArrearsResult, Yen]:
    """``arrears(…)`` and its late charges on ``on``.

    After 期限の利益喪失 the missed instalments and their charges stop at the acceleration; only
    the charge on the whole principal since then grows with ``on``. So the memo keeps one result
    per loan and acceleration, and another date only recomputes that charge (as ``arrears`` does).
    """
    if acceleration is None or acceleration > on or memo is None or memo.book is not book:
        ar = arrears(schedule, first_missed, on, late_rate=late_rate, lender=lender,
                     acceleration=acceleration, book=book, contract_date=contract_date,
                     memo=memo.arrears if memo is not None else None)
        return ar, ar.late_charges
    key = (id(schedule), first_missed, lender, late_rate, acceleration, contract_date)
    kept = memo.accelerated.get(key)
    if kept is None:
        kept = arrears(schedule, first_missed, on, late_rate=late_rate, lender=lender,
                       acceleration=acceleration, book=book, contract_date=contract_date,
                       memo=memo.arrears)
        memo.accelerated[key] = kept
        memo.keep(schedule)
        return kept, kept.late_charges
    after = day_charge(kept.principal_outstanding, kept.late_rate, (on - acceleration).days,
                       kept.day_basis)
    return kept, kept.late_charges - kept.late_charges_after_acceleration + after


def _subrogated(schedule: Schedule, first_missed: date, on: date, book: RuleBook,
                lender: LenderType, late_rate: Fraction | None, paid: Owed,
                subrogation: date, notes: list[Text], contract_date: date | None,
                memo: OwedMemo | None = None) -> Owed:
    """The guarantee company's claim (求償権): what it paid (``paid``, the lender's claim on the
    day of 代位弁済), plus its own late charges.

    Its late charges run on principal + interest paid, not on the lender's late charges it also
    paid: charging damages on damages (重利) is not in the documents, which say only that after
    代位弁済 the charge runs on the whole outstanding balance (docs/sources/law-debt-divorce.md §3.5).
    """
    return _claim_after(_recourse(schedule, first_missed, book, late_rate, paid, subrogation, notes,
                                  contract_date, memo), on)


_Recourse = tuple[Owed, date, Fraction, int, tuple[RuleUse, ...], "Text | None"]
"""What the guarantee company's claim is made of on any date after 代位弁済: what it paid, the
day it paid, its rate and day-count basis, the rules read and the step's note."""


def _recourse(schedule: Schedule, first_missed: date, book: RuleBook, late_rate: Fraction | None,
              paid: Owed, subrogation: date, notes: list[Text], contract_date: date | None,
              memo: OwedMemo | None) -> _Recourse:
    """The parts of the 求償権 that do not depend on the date it is asked for."""
    key = (id(schedule), first_missed, late_rate, contract_date)
    terms = memo.terms.get(key) if memo is not None and memo.book is book else None
    if terms is None:
        terms = _guarantor_terms(schedule, first_missed, book, late_rate, contract_date)
        if memo is not None and memo.book is book:
            memo.terms[key] = terms
    rate, basis, terms_used, terms_notes = terms
    notes += terms_notes
    notes.append(msg("owed.notes.no_compound"))
    return paid, subrogation, rate, basis, unique_uses([*paid.rules_used, *terms_used]), _joined(notes)


def _claim_after(recourse: _Recourse, on: date) -> Owed:
    """The guarantee company's claim on ``on``: what it paid plus its own late charges since."""
    paid, subrogation, rate, basis, rules, note = recourse
    days = (on - subrogation).days
    own = day_charge(paid.principal + paid.interest, rate, days, basis)
    late = paid.late_charges + own
    total = paid.total + own

    def step() -> Step:
        return Step(
            name="amount_owed", label=msg("owed.steps.subrogated"),
            formula=f"paid on {subrogation} + floor((principal + interest) × "
                    f"{format_percent(rate)} × days / {basis}), days from the day after 代位弁済",
            inputs={"paid_by_guarantee_company": format_yen(paid.total),
                    "principal": format_yen(paid.principal), "interest": format_yen(paid.interest),
                    "lender_late_charges": format_yen(paid.late_charges), "days": str(days),
                    "guarantee_company_late_charges": format_yen(own)},
            result=format_yen(total), rounding=Rounding.FLOOR.label(), rules=rules, note=note,
        )
    return Owed(on=on, holder=GUARANTOR_COMPANY, principal=paid.principal, interest=paid.interest,
                late_charges=late, total=total, accelerated=True, subrogated=True,
                rules_used=rules, build_step=step)


_Terms = tuple[Fraction, int, tuple[RuleUse, ...], tuple[Text, ...]]
"""The guarantee company's late-charge terms: rate, day-count basis, rules read, notes said."""


def _guarantor_terms(schedule: Schedule, first_missed: date, book: RuleBook,
                     late_rate: Fraction | None, contract_date: date | None) -> _Terms:
    """The guarantee company's rate (the contract's, else the usual one) at most the legal cap,
    and the day-count basis: the same on every date its claim is asked for."""
    first_due = _first_due(schedule, first_missed)
    used: list[RuleUse] = []
    notes: list[Text] = []
    if late_rate is None:
        typical = book.at("late_charges.typical_rate", first_due)
        used.append(RuleUse.of(typical))
        rate = fraction(typical.value[LenderType.GUARANTOR_COMPANY.value])
        notes.append(msg("owed.notes.guarantor_rate", rate=format_percent(rate)))
    else:
        rate = late_rate
    # 利息制限法: art. 4 by principal, and art. 7 on the loan's contract date (as arrears() does).
    cap = late_cap(schedule.loan, LenderType.GUARANTOR_COMPANY, first_due, book,
                   contract_date=contract_date)
    used += cap.rules
    rate = cap.apply(rate, notes)
    basis = int(book.at("late_charges.day_count_basis", first_due).value)
    return rate, basis, tuple(used), tuple(notes)


class OwedMemo:
    """Amounts owed computed once per plan (the timeline, the exits and the what-ifs ask for the
    same claim on the same date again and again).

    Bound to one rule book: ``get`` answers only for that book, so an override or another book
    never sees a stale claim. Keyed by the schedule object and every argument of ``amount_owed``;
    an ``Owed`` is immutable, so sharing it is safe.
    """

    __slots__ = ("_memo", "_schedules", "accelerated", "arrears", "book", "recourse", "terms")

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.arrears = ArrearsMemo(book)
        """The arrears' terms and missed instalments per loan and due-date cut-off (``arrears``)."""
        self._memo: dict[tuple[Any, ...], Owed] = {}
        self._schedules: dict[int, Schedule] = {}
        """The schedules keyed by ``id``, held so that an ``id`` is never reused while memoised."""
        self.terms: dict[tuple[Any, ...], _Terms] = {}
        """The guarantee company's late-charge terms per loan (``_subrogated``)."""
        self.accelerated: dict[tuple[Any, ...], ArrearsResult] = {}
        """The lender's arrears after 期限の利益喪失 per loan and acceleration (``_arrears``)."""
        self.recourse: dict[tuple[Any, ...], _Recourse] = {}
        """The guarantee company's claim apart from its date, per loan and 代位弁済 (the
        timeline asks for it on a dozen dates): kept once ``amount_owed`` has checked the
        arguments, so a later date only adds the late charges since."""

    def keep(self, schedule: Schedule) -> None:
        """Hold ``schedule`` while a memo entry is keyed by its ``id``."""
        self._schedules[id(schedule)] = schedule

    def get(self, schedule: Schedule, on: date, *, book: RuleBook, first_missed: date | None = None,
            lender: LenderType = LenderType.BANK, late_rate: Fraction | None = None,
            acceleration: date | None = None, subrogation: date | None = None,
            contract_date: date | None = None) -> Owed:
        """``amount_owed(schedule, on, book=book, …)``, computed once per distinct call."""
        if book is not self.book:
            return amount_owed(schedule, on, book=book, first_missed=first_missed, lender=lender,
                               late_rate=late_rate, acceleration=acceleration,
                               subrogation=subrogation, contract_date=contract_date)
        key = (id(schedule), on, first_missed, lender, late_rate, acceleration, subrogation,
               contract_date)
        hit = self._memo.get(key)
        if hit is None:
            recourse = (self.recourse.get((id(schedule), first_missed, lender, late_rate, acceleration,
                                           subrogation, contract_date))
                        if subrogation is not None and on >= subrogation else None)
            if recourse is not None:
                hit = self._memo[key] = _claim_after(recourse, on)
                return hit
            hit = amount_owed(schedule, on, book=book, first_missed=first_missed, lender=lender,
                              late_rate=late_rate, acceleration=acceleration,
                              subrogation=subrogation, contract_date=contract_date, memo=self)
            self._schedules[id(schedule)] = schedule
            self._memo[key] = hit
            return hit
        # A step of its own, as a fresh computation gives: the plan's explanation lists each
        # exit's claims and leaves out only a step object it has already shown.
        return Owed(on=hit.on, holder=hit.holder, principal=hit.principal, interest=hit.interest,
                    late_charges=hit.late_charges, total=hit.total, accelerated=hit.accelerated,
                    subrogated=hit.subrogated, rules_used=hit.rules_used, build_step=hit.build_step)

    def lender_claim(self, schedule: Schedule, first_missed: date, on: date, lender: LenderType,
                     late_rate: Fraction | None, acceleration: date,
                     contract_date: date | None) -> Owed:
        """The lender's claim on ``on`` after acceleration (what the guarantee company pays on
        代位弁済): ``amount_owed(…, acceleration=acceleration, subrogation=None)``, once."""
        key = (id(schedule), on, first_missed, lender, late_rate, acceleration, None, contract_date)
        hit = self._memo.get(key)
        if hit is None:
            hit = _delinquent(schedule, first_missed, on, self.book, lender, late_rate, acceleration,
                              [], contract_date, self)
            self._schedules[id(schedule)] = schedule
            self._memo[key] = hit
        return hit


def owed_callback(schedules: Sequence[Schedule], first_missed: date, *, book: RuleBook,
                  lender: LenderType = LenderType.BANK,
                  late_rate: Fraction | None = None, contract_date: date | None = None) -> OwedFn:
    """``owed(on, acceleration, subrogation)`` summed over loans that fall into arrears together."""
    def owed(on: date, acceleration: date | None, subrogation: date | None) -> tuple[Yen, Yen]:
        results = [amount_owed(s, on, book=book, first_missed=first_missed, lender=lender,
                               late_rate=late_rate, acceleration=acceleration,
                               subrogation=subrogation, contract_date=contract_date)
                   for s in schedules]
        return sum(r.total for r in results), sum(r.late_charges for r in results)
    return owed
