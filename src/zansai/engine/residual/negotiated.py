"""任意整理 (negotiated settlement): instalments agreed with the creditor, out of court.

The source article's first way on: negotiate the monthly amount. Nothing
is published in the 官報; the creditor decides, and market practice (36–60 payments, 1–3万円 a month after a
short sale, no future interest under the bar associations' standard) is shown as notes, never as limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from zansai.dates import add_months
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.credit_record import transaction_records
from zansai.engine.residual.guarantors import others_liable
from zansai.engine.residual.results import Route, make_route
from zansai.engine.residual.workings import FLOOR, Workings
from zansai.messages import msg
from zansai.model import RouteKey
from zansai.money import Rounding, Yen, format_percent, format_yen, round_div
from zansai.trace import Text, explaining

HORIZON_MONTHS = 1200
"""How far an interest-bearing schedule is followed (100 years): a computation limit, not a rule."""


@dataclass(frozen=True, slots=True)
class _Schedule:
    months: int | None
    last: Yen
    interest: Yen
    never: bool
    """The instalment does not cover the monthly interest: the balance never falls."""


def _amortize(balance: Yen, monthly: Yen, rate: Fraction) -> _Schedule:
    """Level monthly payments on ``balance``; interest rate/12 a month, 1円未満切捨て."""
    if rate == 0:
        months = -(-balance // monthly)
        if months > HORIZON_MONTHS:
            return _Schedule(None, 0, 0, False)
        return _Schedule(months, balance - monthly * (months - 1), 0, False)
    months = interest_total = pay = 0
    while balance > 0:
        interest = round_div(balance * rate.numerator, rate.denominator * 12, Rounding.FLOOR)
        if interest >= monthly:
            return _Schedule(None, 0, interest_total, True)
        if months >= HORIZON_MONTHS:
            return _Schedule(None, 0, interest_total, False)
        months += 1
        pay = min(monthly, balance + interest)
        interest_total += interest
        balance = balance + interest - pay
    return _Schedule(months, pay, interest_total, False)


@dataclass(frozen=True, slots=True)
class _Repayment:
    """How the negotiated instalments run: None months when they never repay the balance."""

    feasible: bool = True
    months: int | None = 0
    last: Yen = 0
    interest: Yen = 0
    end: date | None = None
    first: date | None = None


def negotiated_settlement(ctx: RouteContext, *, waive: bool) -> Route:
    """任意整理 on every debt, with or without the late charges (遅延損害金) waived."""
    key = RouteKey.NEGOTIATED_SETTLEMENT_WAIVED if waive else RouteKey.NEGOTIATED_SETTLEMENT
    work = Workings(ctx.book)
    opts = ctx.options
    claimed = ctx.total()
    waived = sum(d.late_charges for d in ctx.debts) if waive else 0
    balance = claimed - waived
    if explaining():
        work.step(f"{key}.balance", msg("residual.negotiated.balance"),
                  "Σ (amount − late charges)" if waive else "Σ amount (late charges included)",
                  {d.name: format_yen(d.amount) + (f" − {format_yen(d.late_charges)}" if waive else "")
                   for d in ctx.debts}, format_yen(balance))
    entered = bool(opts.monthly_payment)  # 0 or None: fall back to the household's capacity
    monthly = opts.monthly_payment if opts.monthly_payment else ctx.capacity
    if explaining():
        work.step(f"{key}.monthly", msg("residual.negotiated.monthly"),
                  "entered monthly amount" if entered else "capacity = income − living costs − rent",
                  {"entered": format_yen(opts.monthly_payment) if opts.monthly_payment else "—",
                   "capacity": format_yen(ctx.capacity)}, format_yen(monthly))
    plan = _repayment(ctx, work, key, balance, monthly)
    feasible, months = plan.feasible, plan.months
    if entered and monthly > ctx.capacity and balance > 0:
        feasible = False
        work.reasons.append(msg("residual.negotiated.over_capacity", monthly=monthly, capacity=ctx.capacity))
    instalments = balance + plan.interest if months is not None else 0
    work.figure("balance", balance)
    work.figure("interest", plan.interest if months is not None else None)
    work.figure("late_charges_waived", waived)
    total_to_pay = instalments if months is not None else balance
    _notes(ctx, work, key=key, waive=waive, waived=waived, monthly=monthly, months=months)
    who = others_liable(ctx.debts, lambda people: msg("residual.negotiated.guarantors", who=people))
    credit = transaction_records(work, plan.end if months is not None else None, ctx.start)
    work.life.append(msg("residual.life.no_gazette"))
    if months is not None and months > 0:
        work.life.append(msg("residual.negotiated.payments", months=months, years=-(-months // 12)))
    return make_route(work, key, eligible=True, feasible=feasible, total_to_pay=total_to_pay,
                      instalments_total=instalments, monthly=max(monthly, 0) if balance > 0 else 0,
                      last=plan.last, months=months, end=plan.end, costs=(), forgiven=waived, surviving=0,
                      official_gazette=0, guarantors=who, credit=credit, first=plan.first)


def _repayment(ctx: RouteContext, work: Workings, key: RouteKey, balance: Yen, monthly: Yen) -> _Repayment:
    """The instalments that repay ``balance`` at ``monthly``, or the reason they never do."""
    rate = ctx.options.negotiated_rate
    if balance <= 0:
        return _Repayment(end=ctx.start)
    if monthly <= 0:
        work.reasons.append(msg("residual.negotiated.nothing_to_pay_with", capacity=ctx.capacity))
        return _Repayment(feasible=False, months=None)
    sched = _amortize(balance, monthly, rate)
    if sched.months is None:
        plan = _Repayment(feasible=False, months=None, interest=sched.interest)
        work.reasons.append(_never_repaid(monthly, rate, never=sched.never))
    else:
        plan = _Repayment(months=sched.months, last=sched.last, interest=sched.interest,
                          first=add_months(ctx.start, 1), end=add_months(ctx.start, sched.months))
    if explaining():
        work.step(f"{key}.schedule", msg("residual.negotiated.schedule"),
                  "months = ceil(balance / monthly)" if rate == 0 else
                  "each month: interest = balance × rate / 12; balance += interest − monthly",
                  {"balance": format_yen(balance), "monthly": format_yen(monthly),
                   "rate": format_percent(rate)},
                  f"{plan.months} instalments, last {format_yen(plan.last)}, "
                  f"interest {format_yen(plan.interest)}"
                  if plan.months is not None else "not repaid",
                  rounding=FLOOR if rate else None,
                  note=msg("residual.negotiated.interest_note") if rate
                  else msg("residual.negotiated.no_interest_note"))
    return plan


def _never_repaid(monthly: Yen, rate: Fraction, *, never: bool) -> Text:
    if never:
        return msg("residual.negotiated.interest_only", monthly=monthly, rate=format_percent(rate))
    return msg("residual.negotiated.never_repaid", monthly=monthly, years=HORIZON_MONTHS // 12)


def _notes(ctx: RouteContext, work: Workings, *, key: RouteKey, waive: bool, waived: Yen, monthly: Yen,
           months: int | None) -> None:
    """Market practice as notes, never limits."""
    term = work.rule("negotiated_settlement.term_payments", ctx.start)
    standard, accepted = int(term.value["standard"]), int(term.value["commonly_accepted"])
    if explaining():
        work.step(f"{key}.term_practice", msg("residual.negotiated.term_practice"), "note only: not a limit",
                  {"months": str(months) if months is not None else "—"},
                  f"standard {standard}, commonly up to {accepted}", rules=(term,))
    if months is not None and months > accepted:
        work.warnings.append(msg("residual.negotiated.long_term", months=months, standard=standard,
                                 accepted=accepted))
    if any(d.from_home for d in ctx.debts):
        _band_note(ctx, work, key, monthly)
    if ctx.options.negotiated_rate == 0:
        work.warnings.append(msg("residual.negotiated.no_future_interest"))
    work.warnings.append(msg("residual.negotiated.until_agreed"))
    if waive:
        work.warnings.append(msg("residual.negotiated.waiver", amount=waived))


def _band_note(ctx: RouteContext, work: Workings, key: RouteKey, monthly: Yen) -> None:
    """The monthly amounts residuals after a short sale are said to be settled at (practice)."""
    band = work.rule("negotiated_settlement.residual_monthly_band", ctx.start)
    low, high = int(band.value["low"]), int(band.value["high"])
    inside = low <= monthly <= high
    work.figure("practice_band", {"low": low, "high": high})
    if explaining():
        work.step(f"{key}.band_practice", msg("residual.negotiated.band_practice"), "note only: not a limit",
                  {"monthly": format_yen(monthly)}, f"{format_yen(low)}–{format_yen(high)}", rules=(band,))
    if monthly <= 0:
        work.warnings.append(msg("residual.negotiated.band", low=low, high=high))
    elif inside:
        work.warnings.append(msg("residual.negotiated.band_inside", low=low, high=high, monthly=monthly))
    else:
        work.warnings.append(msg("residual.negotiated.band_outside", low=low, high=high, monthly=monthly))
