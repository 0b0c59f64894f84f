"""Amortization (償却): the schedule of a loan, row by row, exact to the yen.

Interest each period is ``balance × rate`` rounded by the loan's convention; the last payment
absorbs the remainder. A plain 元利均等 loan at one rate takes a fast path; everything else
(ボーナス併用 as its own semiannual track, rate changes, the 5年/125% rules, prepayments,
a statement's anchor) takes the general path. Both give the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from zansai.arith.interest import period_interest
from zansai.arith.step import pay_track
from zansai.engine.loan.annuity import annuity_for_rate, annuity_payment
from zansai.engine.loan.schedule import Columns, Schedule, ScheduleEvent
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model.loan import Anchor, Loan, Method, Prepayment, PrepaymentMode, RateChange
from zansai.money import Rounding, format_percent, format_yen, round_div

__all__ = ["amortize"]


@dataclass(slots=True)
class _Track:
    """One amortizing track (monthly part or bonus part) while the schedule is built."""

    name: str  # "monthly" or "bonus", as the schedule's events say
    balance: int
    periods_left: int
    divisor: int  # periods per year: 12 or 2
    mode: Rounding = Rounding.FLOOR
    """How this track's payment is rounded when it is (re)computed."""
    payment: int = 0
    unpaid: int = 0
    rate: Fraction = Fraction(0)


@dataclass(frozen=True, slots=True)
class _Start:
    """The general path's tracks and first payments, fixed before the first row."""

    monthly: _Track
    bonus: _Track
    bonus_numbers: frozenset[int]
    initial_payment: int
    initial_bonus: int


_Row = tuple[int, int, int, int, int, int, int, int, Fraction]
"""number, payment, interest, principal, balance, bonus payment, prepayment, unpaid, rate."""


def _interest(balance: int, rate: Fraction, divisor: int, mode: Rounding) -> int:
    """One period's interest, rounded by ``mode`` (円未満切捨て: ``arith.period_interest``)."""
    if mode is Rounding.FLOOR:
        return period_interest(balance, rate.numerator, rate.denominator, divisor)
    return round_div(balance * rate.numerator, rate.denominator * divisor, mode)


def _bonus_numbers(loan: Loan) -> frozenset[int]:
    """Payment numbers (after the first) that fall in a bonus month."""
    if not loan.bonus_principal:
        return frozenset()
    first_month = loan.first_payment.month
    months = set(loan.bonus_months)
    # Month of payment k is (first_month - 1 + k - 1) % 12 + 1.
    return frozenset(k for k in range(2, loan.months + 1)
                     if (first_month + k - 2) % 12 + 1 in months)


def _reprice(track: _Track, mode: Rounding, method: Method) -> int:
    period_rate = track.rate / track.divisor
    if method is Method.ANNUITY:
        return annuity_payment(track.balance, period_rate, track.periods_left, mode)
    return round_div(track.balance, max(track.periods_left, 1), mode)


def amortize(loan: Loan) -> Schedule:
    """The repayment schedule of ``loan`` (pure; the same loan gives the same schedule)."""
    if (loan.method is Method.ANNUITY and not loan.bonus_principal and not loan.rate_changes
            and not loan.prepayments and loan.anchor is None):
        return _amortize_level(loan)
    return _amortize_general(loan)


def _amortize_level(loan: Loan) -> Schedule:
    """Fast path: a plain 元利均等 loan at one rate (same figures as the general path)."""
    conv = loan.rounding
    n = loan.months
    a = loan.annual_rate.numerator
    d = loan.annual_rate.denominator * 12
    principal = loan.principal
    pay = annuity_for_rate(principal, a, d, n, conv.payment)
    bals = [0] * n
    bal = principal
    floor = conv.interest is Rounding.FLOOR
    mode = conv.interest
    i = 0
    for k in range(n - 1):
        i = bal * a // d if floor else round_div(bal * a, d, mode)
        bal -= pay - i
        bals[k] = bal
    if n > 1 and (bal <= 0 or i >= pay):
        return _amortize_general(loan)  # the last payment came early: let the full engine do it
    last_interest = bal * a // d if floor else round_div(bal * a, d, mode)
    pays = [pay] * n
    pays[n - 1] = bal + last_interest
    cols = Columns(range(1, n + 1), pays, bals, opening=principal)
    return Schedule(loan=loan, columns=cols, initial_payment=pay, initial_bonus_payment=0,
                    bonus_periods=0, opening_balance=principal)


def _amortize_general(loan: Loan) -> Schedule:
    """Every feature: bonus track, rate changes, 5年/125% rules, prepayments, anchors."""
    start = _start(loan)
    events: list[ScheduleEvent] = []
    rows, anchor_k, first = _rows(loan, start, events)
    return _schedule(loan, start, rows, anchor_k, events, first)


def _start(loan: Loan) -> _Start:
    """The two tracks at the loan's start, and the first monthly and bonus payments."""
    conv = loan.rounding
    annuity = loan.method is Method.ANNUITY
    bonus_numbers = _bonus_numbers(loan)
    rate0 = loan.annual_rate
    monthly = _Track("monthly", balance=loan.monthly_principal, periods_left=loan.months,
                     divisor=12, rate=rate0,
                     mode=conv.payment if annuity else conv.principal_part)
    bonus = _Track("bonus", balance=loan.bonus_principal, periods_left=len(bonus_numbers),
                   divisor=2, rate=rate0,
                   mode=conv.bonus_payment if annuity else conv.principal_part)
    monthly.payment = _reprice(monthly, monthly.mode, loan.method)
    bonus.payment = _reprice(bonus, bonus.mode, loan.method) if bonus_numbers else 0
    initial_payment = monthly.payment if annuity else (
        monthly.payment + _interest(monthly.balance, rate0, 12, conv.interest))
    return _Start(monthly=monthly, bonus=bonus, bonus_numbers=bonus_numbers,
                  initial_payment=initial_payment, initial_bonus=bonus.payment)


def _rows(loan: Loan, start: _Start,
          events: list[ScheduleEvent]) -> tuple[list[_Row], int | None, tuple[int, int]]:
    """One row per due date until both tracks are repaid, the number the anchor fell on, and
    the monthly and bonus payments in force at the first row (after a rate change or a
    statement that takes effect by the first due date, so the summary agrees with the rows).

    The hot loop of the general path: the per-row checks stay inline and call out only when a
    rate change, a review or a prepayment is due.
    """
    monthly, bonus = start.monthly, start.bonus
    tracks = (monthly, bonus)
    bonus_numbers = start.bonus_numbers
    interest_mode = loan.rounding.interest
    annuity = loan.method is Method.ANNUITY
    review_months, cap_ratio = _payment_review_terms(loan)
    reprice_on_change = annuity and not loan.five_year_rule
    review_on_schedule = annuity and loan.five_year_rule
    cap = cap_ratio if loan.five_year_rule and loan.payment_cap_125 else None
    prepayments = sorted(loan.prepayments, key=lambda p: p.on)
    changes = sorted(loan.rate_changes, key=lambda c: c.effective)
    anchor = loan.anchor
    anchor_k: int | None = None
    rows: list[_Row] = []
    first = (start.initial_payment, start.initial_bonus)
    ci = pi = 0  # next rate change, next prepayment
    for k in range(1, loan.months + 1):
        if monthly.balance == 0 and bonus.balance == 0 and monthly.unpaid == 0 \
                and bonus.unpaid == 0:
            break
        due = loan.due_date(k)
        if anchor is not None and anchor_k is None and anchor.on < due:
            anchor_k = k
            _apply_anchor(anchor, monthly, bonus)
            events.append(ScheduleEvent(k, "anchor", f"balance {format_yen(anchor.balance)} "
                                                     f"after {anchor.on.isoformat()}"))
        changed = False
        if ci < len(changes) and changes[ci].effective <= due:
            ci, changed = _change_rate(changes, ci, due, tracks)
            if changed:
                events.append(ScheduleEvent(k, "rate_change",
                                            f"annual rate {format_percent(monthly.rate)}"))
        if (changed and reprice_on_change) or (
                review_on_schedule and k > 1 and (k - 1) % review_months == 0):
            _review_payments(tracks, cap, k, events)
        if k == 1:
            first = _in_force(monthly, bonus, annuity, interest_mode)
        interest, principal = _pay(monthly, annuity, interest_mode)
        bonus_paid = 0
        if k in bonus_numbers:
            bonus_interest, bonus_principal = _pay(bonus, annuity, interest_mode)
            bonus_paid = bonus_interest + bonus_principal
            interest += bonus_interest
            principal += bonus_principal
        prepaid = 0
        if pi < len(prepayments) and prepayments[pi].on <= due:
            pi, prepaid = _prepay(prepayments, pi, due, tracks, loan.method, k, events)
        rows.append((k, interest + principal, interest, principal,
                     monthly.balance + bonus.balance, bonus_paid, prepaid,
                     monthly.unpaid + bonus.unpaid, monthly.rate))
    return rows, anchor_k, first


def _in_force(monthly: _Track, bonus: _Track, annuity: bool, interest_mode: Rounding) -> tuple[int, int]:
    """The regular monthly payment (毎月返済額) and the bonus payment about to be paid: for
    元金均等 the monthly one is the principal part plus this period's interest."""
    if annuity:
        return monthly.payment, bonus.payment
    return monthly.payment + _interest(monthly.balance, monthly.rate, 12, interest_mode), bonus.payment


def _payment_review_terms(loan: Loan) -> tuple[int, Fraction]:
    """The 5年ルール interval and 125%ルール ratio (the loan's model requires them when on)."""
    return loan.review_months or loan.months + 1, loan.payment_cap or Fraction(1)


def _apply_anchor(anchor: Anchor, monthly: _Track, bonus: _Track) -> None:
    """Replace the computed balances by the statement's, keeping the remaining term."""
    if anchor.bonus_balance is not None:
        bonus.balance = anchor.bonus_balance
    elif bonus.balance:
        total = monthly.balance + bonus.balance
        bonus.balance = anchor.balance * bonus.balance // total
    monthly.balance = anchor.balance - bonus.balance
    monthly.unpaid = bonus.unpaid = 0
    if anchor.payment is not None:
        monthly.payment = anchor.payment


def _change_rate(changes: list[RateChange], ci: int, due: date,
                 tracks: tuple[_Track, _Track]) -> tuple[int, bool]:
    """Apply every rate change in effect by ``due``: (next change, whether the rate moved)."""
    monthly, bonus = tracks
    changed = False
    while ci < len(changes) and changes[ci].effective <= due:
        new_rate = changes[ci].annual_rate
        ci += 1
        if new_rate != monthly.rate:
            monthly.rate = bonus.rate = new_rate
            changed = True
    return ci, changed


def _review_payments(tracks: tuple[_Track, _Track], cap: Fraction | None, k: int,
                     events: list[ScheduleEvent]) -> None:
    """Recompute each running track's annuity payment; with the 125%ルール at most ``cap`` × the old."""
    for track in tracks:
        if track.periods_left <= 0 or track.balance == 0:
            continue
        new = _reprice(track, track.mode, Method.ANNUITY)
        if cap is not None and track.payment:
            ceiling = track.payment * cap.numerator // cap.denominator
            if new > ceiling:
                new = ceiling
        if new != track.payment:
            track.payment = new
            events.append(ScheduleEvent(k, "payment_review",
                                        f"{track.name} payment {format_yen(new)}"))


def _pay(track: _Track, annuity: bool, interest_mode: Rounding) -> tuple[int, int]:
    """One period of one track: (interest, principal) paid. 未払利息 is carried when the
    annuity payment does not cover the interest (it bears no interest); the last period and
    a payment that covers everything repay the balance."""
    if track.balance == 0 and track.unpaid == 0:
        track.periods_left -= 1
        return 0, 0
    accrued = _interest(track.balance, track.rate, track.divisor, interest_mode)
    principal, interest, track.unpaid = pay_track(track.balance, track.unpaid, track.payment,
                                                  accrued, track.periods_left <= 1, not annuity)
    track.balance -= principal
    track.periods_left -= 1
    return interest, principal


def _prepay(prepayments: list[Prepayment], pi: int, due: date, tracks: tuple[_Track, _Track],
            method: Method, k: int, events: list[ScheduleEvent]) -> tuple[int, int]:
    """Apply every prepayment made by ``due``, monthly track first: (next one, yen prepaid)."""
    prepaid = 0
    while pi < len(prepayments) and prepayments[pi].on <= due:
        pre = prepayments[pi]
        pi += 1
        amount = pre.amount
        for track in tracks:
            take = min(amount, track.balance)
            if take <= 0:
                continue
            track.balance -= take
            amount -= take
            prepaid += take
            if pre.mode is PrepaymentMode.REDUCE_PAYMENT and track.balance:
                # The payment falls by at most the prepaid amount's own exact annuity,
                # so rounding can never make a prepaid loan dearer.
                gone = _Track(track.name, balance=take, periods_left=track.periods_left,
                              divisor=track.divisor, rate=track.rate)
                floor_cut = _reprice(gone, Rounding.FLOOR, method)
                track.payment = max(_reprice(track, track.mode, method),
                                    track.payment - floor_cut)
        events.append(ScheduleEvent(k, f"prepayment_{pre.mode.value}",
                                    f"{format_yen(pre.amount - amount)} prepaid"))
    return pi, prepaid


def _schedule(loan: Loan, start: _Start, rows: list[_Row], anchor_k: int | None,
              events: list[ScheduleEvent], first: tuple[int, int]) -> Schedule:
    """The rows as columns; with an anchor, only the rows after the statement's date."""
    opening = loan.principal
    cols = _columns(rows, opening)
    first_number = 1
    repaid_on_anchor = (loan.anchor is not None and loan.anchor.balance == 0 and bool(rows)
                        and loan.due_date(rows[-1][0]) == loan.anchor.on)
    if loan.anchor is not None and anchor_k is None and len(rows) < loan.months \
            and not repaid_on_anchor:  # a statement on the last payment's day may read 0
        raise DomainError.about("case.loans", msg("loan.anchor.after_payoff", name=loan.name,
                                                  on=loan.anchor.on, balance=loan.anchor.balance))
    if loan.anchor is not None and anchor_k is None and loan.anchor.balance:  # never repaid
        raise DomainError.about("case.loans", msg("loan.anchor.after_end", name=loan.name,
                                                  on=loan.anchor.on, balance=loan.anchor.balance,
                                                  last=loan.due_date(loan.months)))
    if loan.anchor is not None:
        opening = loan.anchor.balance
        first_number = anchor_k if anchor_k is not None else \
            rows[-1][0] + 1 if repaid_on_anchor else loan.months + 1
        cols = cols.sliced(first_number - 1)
        cols.opening = opening
    return Schedule(loan=loan, columns=cols, initial_payment=first[0],
                    initial_bonus_payment=first[1],
                    bonus_periods=len(start.bonus_numbers), events=tuple(events),
                    opening_balance=opening, first_number=first_number)


def _columns(rows: list[_Row], opening: int) -> Columns:
    """Rows turned into the schedule's columns."""
    numbers: list[int] = [r[0] for r in rows]
    return Columns(numbers, [r[1] for r in rows], [r[4] for r in rows], opening=opening,
                   interest=[r[2] for r in rows], principal=[r[3] for r in rows],
                   bonus_payment=[r[5] for r in rows], prepayment=[r[6] for r in rows],
                   unpaid_interest=[r[7] for r in rows], annual_rate=[r[8] for r in rows])
