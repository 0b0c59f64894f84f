"""Amortization (償却): the schedule of a loan, row by row, exact to the yen.

Interest each period is ``balance × rate`` rounded by the loan's convention; the last payment
absorbs the remainder. A plain 元利均等 loan at one rate takes a fast path; everything else
(ボーナス併用 as its own semiannual track, rate changes, the 5年/125% rules, prepayments,
a statement's anchor) takes the general path. Both give the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from zansai.engine.loan.annuity import annuity_for_rate, annuity_payment
from zansai.engine.loan.schedule import Columns, Schedule, ScheduleEvent
from zansai.model.loan import Anchor, Loan, Method, PrepaymentMode
from zansai.money import Rounding, format_percent, format_yen, round_div

__all__ = ["amortize"]


@dataclass(slots=True)
class _Track:
    """One amortizing track (monthly part or bonus part) while the schedule is built."""

    balance: int
    periods_left: int
    divisor: int  # periods per year: 12 or 2
    payment: int = 0
    unpaid: int = 0
    rate: Fraction = Fraction(0)



def _interest(balance: int, rate: Fraction, divisor: int, mode: Rounding) -> int:
    return round_div(balance * rate.numerator, rate.denominator * divisor, mode)


def _bonus_numbers(loan: Loan) -> set[int]:
    """Payment numbers (after the first) that fall in a bonus month."""
    if not loan.bonus_principal:
        return set()
    first_month = loan.first_payment.month
    months = set(loan.bonus_months)
    # Month of payment k is (first_month - 1 + k - 1) % 12 + 1.
    return {k for k in range(2, loan.months + 1) if (first_month + k - 2) % 12 + 1 in months}


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


def _payment_review_terms(loan: Loan) -> tuple[int, Fraction]:
    """The 5年ルール interval and 125%ルール ratio (the loan's model requires them when on)."""
    return loan.review_months or loan.months + 1, loan.payment_cap or Fraction(1)


def _amortize_general(loan: Loan) -> Schedule:
    """Every feature: bonus track, rate changes, 5年/125% rules, prepayments, anchors."""
    conv = loan.rounding
    review_months, cap_ratio = _payment_review_terms(loan)
    method = loan.method
    bonus_numbers = _bonus_numbers(loan)
    nb = len(bonus_numbers)
    rate0 = loan.annual_rate
    monthly = _Track(balance=loan.monthly_principal, periods_left=loan.months, divisor=12,
                     rate=rate0)
    bonus = _Track(balance=loan.bonus_principal, periods_left=nb, divisor=2, rate=rate0)
    mode_m = conv.payment if method is Method.ANNUITY else conv.principal_part
    mode_b = conv.bonus_payment if method is Method.ANNUITY else conv.principal_part
    monthly.payment = _reprice(monthly, mode_m, method)
    bonus.payment = _reprice(bonus, mode_b, method) if nb else 0
    initial_payment = monthly.payment if method is Method.ANNUITY else (
        monthly.payment + _interest(monthly.balance, rate0, 12, conv.interest))
    initial_bonus = bonus.payment

    prepayments = sorted(loan.prepayments, key=lambda p: p.on)
    changes = sorted(loan.rate_changes, key=lambda c: c.effective)
    events: list[ScheduleEvent] = []
    bonus_col: list[int] = []
    prepay_col: list[int] = []
    unpaid_col: list[int] = []
    rate_col: list[Fraction] = []
    int_col: list[int] = []
    princ_col: list[int] = []
    pay_col: list[int] = []
    bal_col: list[int] = []
    num_col: list[int] = []
    anchor = loan.anchor
    anchor_k: int | None = None
    opening = loan.principal

    ci = 0  # next rate change
    pi = 0  # next prepayment
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
        while ci < len(changes) and changes[ci].effective <= due:
            new_rate = changes[ci].annual_rate
            ci += 1
            if new_rate != monthly.rate:
                monthly.rate = bonus.rate = new_rate
                changed = True
        if changed:
            events.append(ScheduleEvent(k, "rate_change", f"annual rate {format_percent(monthly.rate)}"))
        review = k > 1 and (k - 1) % review_months == 0
        if method is Method.ANNUITY and (
            (changed and not loan.five_year_rule) or (review and loan.five_year_rule)
        ):
            for track, mode in ((monthly, mode_m), (bonus, mode_b)):
                if track.periods_left <= 0 or track.balance == 0:
                    continue
                new = _reprice(track, mode, method)
                if loan.five_year_rule and loan.payment_cap_125 and track.payment:
                    cap = track.payment * cap_ratio.numerator // cap_ratio.denominator
                    if new > cap:
                        new = cap
                if new != track.payment:
                    track.payment = new
                    events.append(ScheduleEvent(
                        k, "payment_review",
                        f"{'monthly' if track is monthly else 'bonus'} payment {format_yen(new)}"))

        pay_total = interest_total = principal_total = bonus_paid = 0
        tracks: list[tuple[_Track, Rounding]] = [(monthly, mode_m)]
        if k in bonus_numbers:
            tracks.append((bonus, mode_b))
        for track, _mode in tracks:
            if track.balance == 0 and track.unpaid == 0:
                track.periods_left -= 1
                continue
            accrued = _interest(track.balance, track.rate, track.divisor, conv.interest)
            last = track.periods_left <= 1
            if method is Method.ANNUITY:
                due_interest = track.unpaid + accrued
                if last or track.balance + due_interest <= track.payment:
                    principal = track.balance
                    interest = due_interest
                    track.unpaid = 0
                elif due_interest >= track.payment:
                    interest = track.payment
                    principal = 0
                    track.unpaid = due_interest - track.payment
                else:
                    interest = due_interest
                    principal = track.payment - due_interest
                    track.unpaid = 0
            else:
                interest = accrued + track.unpaid
                track.unpaid = 0
                principal = track.balance if last else min(track.payment, track.balance)
            track.balance -= principal
            track.periods_left -= 1
            pay_total += interest + principal
            interest_total += interest
            principal_total += principal
            if track is bonus:
                bonus_paid = interest + principal

        prepaid = 0
        while pi < len(prepayments) and prepayments[pi].on <= due:
            pre = prepayments[pi]
            pi += 1
            amount = pre.amount
            for track, mode in ((monthly, mode_m), (bonus, mode_b)):
                take = min(amount, track.balance)
                if take <= 0:
                    continue
                track.balance -= take
                amount -= take
                prepaid += take
                if pre.mode is PrepaymentMode.REDUCE_PAYMENT and track.balance:
                    # The payment falls by at most the prepaid amount's own exact annuity,
                    # so rounding can never make a prepaid loan dearer.
                    gone = _Track(balance=take, periods_left=track.periods_left,
                                  divisor=track.divisor, rate=track.rate)
                    floor_cut = _reprice(gone, Rounding.FLOOR, method)
                    track.payment = max(_reprice(track, mode, method),
                                        track.payment - floor_cut)
            events.append(ScheduleEvent(k, f"prepayment_{pre.mode.value}",
                                        f"{format_yen(pre.amount - amount)} prepaid"))

        num_col.append(k)
        pay_col.append(pay_total)
        int_col.append(interest_total)
        princ_col.append(principal_total)
        bal_col.append(monthly.balance + bonus.balance)
        bonus_col.append(bonus_paid)
        prepay_col.append(prepaid)
        unpaid_col.append(monthly.unpaid + bonus.unpaid)
        rate_col.append(monthly.rate)
    cols = Columns(num_col, pay_col, bal_col, opening=opening, interest=int_col,
                   principal=princ_col, bonus_payment=bonus_col, prepayment=prepay_col,
                   unpaid_interest=unpaid_col, annual_rate=rate_col)
    first_number = 1
    if anchor is not None:
        opening = anchor.balance
        first_number = anchor_k if anchor_k is not None else loan.months + 1
        cols = cols.sliced(first_number - 1)
        cols.opening = opening
    return Schedule(loan=loan, columns=cols, initial_payment=initial_payment,
                    initial_bonus_payment=initial_bonus, bonus_periods=nb,
                    events=tuple(events), opening_balance=opening, first_number=first_number)


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
