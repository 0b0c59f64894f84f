"""Home loans (住宅ローン): repayment schedules (償還表) exact to the yen.

The engine is integer arithmetic throughout: a rate ``a/b`` per period turns the annuity
formula ``P·r(1+r)^n / ((1+r)^n − 1)`` into ``P·a·(b+a)^n / (b·((b+a)^n − b^n))``, which is
computed exactly and rounded once, by a named convention. Interest each period is
``balance × rate`` rounded the same way; the last payment absorbs the remainder.

A bonus loan (ボーナス併用) is two tracks: the monthly part, and the bonus part as its own
semiannual annuity at half the annual rate, paid in the bonus months.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from functools import cached_property

from zansai.model.loan import (
    Anchor,
    Loan,
    Method,
    PrepaymentMode,
)
from zansai.money import Rounding, Yen, format_percent, format_yen, round_div
from zansai.trace import Explanation, Step


def annuity_payment(principal: Yen, period_rate: Fraction, periods: int, mode: Rounding) -> Yen:
    """Level payment that repays ``principal`` over ``periods`` at ``period_rate``.

    ``P·r(1+r)^n/((1+r)^n−1)`` computed exactly, then rounded once by ``mode``.
    """
    return _annuity_int(principal, period_rate.numerator, period_rate.denominator, periods,
                        mode)


_CTX = Context(prec=40)
_MARGIN = Decimal("1e-18")


def _annuity_int(principal: int, a: int, b: int, periods: int, mode: Rounding) -> int:
    """The annuity payment for the period rate ``a/b``, rounded once by ``mode``.

    A 40-digit Decimal evaluation is used when its value is clearly away from every rounding
    boundary (its error is below 1e-25 yen); otherwise the exact integer formula decides.
    """
    if periods <= 0:
        return principal
    if a == 0:
        return round_div(principal, periods, mode)
    ctx = _CTX
    r = ctx.divide(Decimal(a), Decimal(b))
    g = ctx.power(ctx.add(_ONE, r), periods)
    m = ctx.divide(ctx.multiply(ctx.multiply(Decimal(principal), r), g), ctx.subtract(g, _ONE))
    twice = ctx.multiply(m, _TWO)
    nearest_half = twice.to_integral_value(rounding=ROUND_HALF_EVEN)
    if abs(ctx.subtract(twice, nearest_half)) > _MARGIN:
        floor = int(m.to_integral_value(rounding=ROUND_FLOOR))
        if mode is Rounding.FLOOR:
            return floor
        if mode is Rounding.CEIL:
            return floor + 1
        return floor + 1 if m - floor > _HALF else floor
    grown = pow(b + a, periods)
    return round_div(principal * a * grown, b * (grown - pow(b, periods)), mode)


_ONE = Decimal(1)
_TWO = Decimal(2)
_HALF = Decimal("0.5")


@dataclass(slots=True)
class _Track:
    """One amortizing track (monthly part or bonus part) while the schedule is built."""

    balance: int
    periods_left: int
    divisor: int  # periods per year: 12 or 2
    payment: int = 0
    unpaid: int = 0
    rate: Fraction = Fraction(0)


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
            out.append(date(y, m, day if day <= 28 else min(day, calendar.monthrange(y, m)[1])))
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
        loan = self.loan
        conv = loan.rounding
        r = loan.annual_rate
        steps: list[Step] = []
        inputs = {
            "principal": format_yen(loan.principal),
            "annual_rate": format_percent(r),
            "months": str(loan.months),
            "method": loan.method.value,
            "first_payment": loan.first_payment.isoformat(),
        }
        if loan.method is Method.ANNUITY:
            steps.append(Step(
                name="monthly_payment",
                label_ja="毎月返済額（元利均等）",
                formula="M = P·r·(1+r)^n / ((1+r)^n − 1), r = annual_rate/12, n = months",
                inputs={**inputs, "P (monthly part)": format_yen(loan.monthly_principal),
                        "r": f"{r / 12}"},
                result=format_yen(self.initial_payment),
                rounding=f"{conv.name}: payment {conv.payment.value}",
            ))
        else:
            steps.append(Step(
                name="principal_part",
                label_ja="毎回の元金（元金均等）",
                formula="principal part = P / n; interest = balance × annual_rate/12",
                inputs={**inputs, "P (monthly part)": format_yen(loan.monthly_principal)},
                result=format_yen(round_div(loan.monthly_principal, loan.months,
                                         conv.principal_part)),
                rounding=f"{conv.name}: principal part {conv.principal_part.value}",
            ))
        if loan.bonus_principal:
            steps.append(Step(
                name="bonus_payment",
                label_ja="ボーナス返済額",
                formula="B = Pb·rb·(1+rb)^nb / ((1+rb)^nb − 1), rb = annual_rate/2",
                inputs={"Pb (bonus part)": format_yen(loan.bonus_principal),
                        "rb": f"{r / 2}", "nb": str(self.bonus_periods),
                        "bonus_months": ",".join(str(m) for m in loan.bonus_months)},
                result=format_yen(self.initial_bonus_payment),
                rounding=f"{conv.name}: bonus payment {conv.bonus_payment.value}",
            ))
        steps.append(Step(
            name="interest",
            label_ja="各回の利息",
            formula="interest_k = balance_(k−1) × annual_rate / 12 (bonus: / 2)",
            inputs={"annual_rate": format_percent(r)},
            result=f"total {format_yen(self.total_interest)}",
            rounding=f"{conv.name}: interest {conv.interest.value}; "
                     "the last payment absorbs the remainder",
        ))
        steps.append(Step(
            name="totals",
            label_ja="総返済額",
            formula="total_paid = Σ payment + Σ prepayment",
            inputs={"payments": str(len(self.rows))},
            result=format_yen(self.total_paid),
            note=f"simulator-style 毎月返済額×回数 = {format_yen(self.nominal_total_paid)}",
        ))
        notes = [f"rounding convention {conv.name}: {conv.description}"]
        notes += [f"payment {e.number}: {e.kind} — {e.detail}" for e in self.events]
        if loan.bonus_principal:
            notes.append(
                "ボーナス返済は半年ごとの年金として計算し、初回の日割り利息は考慮していません "
                "(each bonus period is treated as a full half-year)."
            )
        return Explanation(title="償還表 / repayment schedule", steps=tuple(steps),
                           notes=tuple(notes))


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
    pay = _annuity_int(principal, a, d, n, conv.payment)
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
