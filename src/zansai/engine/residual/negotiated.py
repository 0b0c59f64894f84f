"""任意整理 (negotiated settlement): instalments agreed with the creditor, out of court.

The seed article's (docs/sources/seed1-short-sale.md §8) first way on: negotiate the monthly amount. Nothing
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
from zansai.model import RouteKey
from zansai.money import Rounding, Yen, format_percent, format_yen, round_div
from zansai.trace import Text

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
    work.step(f"{key}.balance", "交渉する残高",
              "Σ (amount − late charges)" if waive else "Σ amount (late charges included)",
              {d.name: format_yen(d.amount) + (f" − {format_yen(d.late_charges)}" if waive else "")
               for d in ctx.debts}, format_yen(balance))
    entered = bool(opts.monthly_payment)  # 0 or None: fall back to the household's capacity
    monthly = opts.monthly_payment if opts.monthly_payment else ctx.capacity
    work.step(f"{key}.monthly", "月々の返済額",
              "entered monthly amount" if entered else "capacity = income − living costs − rent",
              {"entered": format_yen(opts.monthly_payment) if opts.monthly_payment else "—",
               "capacity": format_yen(ctx.capacity)}, format_yen(monthly))
    plan = _repayment(ctx, work, key, balance, monthly)
    feasible, months = plan.feasible, plan.months
    if entered and monthly > ctx.capacity and balance > 0:
        feasible = False
        work.reasons.append((f"入力した月 {format_yen(monthly)} は"
                             f"家計の余力 {format_yen(ctx.capacity)} を超えます",
                             f"the {format_yen(monthly)} entered exceeds the household's capacity of "
                             f"{format_yen(ctx.capacity)} a month"))
    instalments = balance + plan.interest if months is not None else 0
    total_to_pay = instalments if months is not None else balance
    _notes(ctx, work, key=key, waive=waive, waived=waived, monthly=monthly, months=months)
    who = others_liable(ctx.debts, lambda ja, en: (
        f"{ja}は残債の全額について責任が残ります。分割の支払いが止まれば、"
        "保証人にも請求が行きます（記事: 連帯保証人にも支払いの通知が行く）",
        f"each of {en} stays liable for the whole remaining debt; if the instalments stop, the "
        "guarantors are billed (seed article)"))
    credit = transaction_records(work, plan.end if months is not None else None, ctx.start)
    work.life.append(("官報には載りません", "nothing is published in the official gazette"))
    if months is not None and months > 0:
        work.life.append((f"{months}回（約{-(-months // 12)}年）払い続けます。"
                          "払い終わるまで信用情報の記録は消えません",
                          f"{months} monthly payments (about {-(-months // 12)} years); the credit records "
                          "stay until the last one"))
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
        work.reasons.append(("月々の返済に充てられる額がありません（収入−生活費−家賃 = "
                             f"{format_yen(ctx.capacity)}）。返済額を入力してください",
                             "nothing is left each month to pay with (income − living costs − rent = "
                             f"{format_yen(ctx.capacity)}); enter a monthly amount"))
        return _Repayment(feasible=False, months=None)
    sched = _amortize(balance, monthly, rate)
    if sched.months is None:
        plan = _Repayment(feasible=False, months=None, interest=sched.interest)
        work.reasons.append(_never_repaid(monthly, rate, never=sched.never))
    else:
        plan = _Repayment(months=sched.months, last=sched.last, interest=sched.interest,
                          first=add_months(ctx.start, 1), end=add_months(ctx.start, sched.months))
    work.step(f"{key}.schedule", "返済回数・最終回",
              "months = ceil(balance / monthly)" if rate == 0 else
              "each month: interest = balance × rate / 12; balance += interest − monthly",
              {"balance": format_yen(balance), "monthly": format_yen(monthly),
               "rate": format_percent(rate)},
              f"{plan.months} instalments, last {format_yen(plan.last)}, interest {format_yen(plan.interest)}"
              if plan.months is not None else "not repaid",
              rounding=FLOOR if rate else None,
              note="Interest (将来利息) at the negotiated rate, computed monthly on the balance." if rate
              else "No future interest, as under the 弁護士会 統一基準.")
    return plan


def _never_repaid(monthly: Yen, rate: Fraction, *, never: bool) -> Text:
    if never:
        return (f"月 {format_yen(monthly)} では利息（年{format_percent(rate)}）も払えず、"
                "残高が減りません",
                f"{format_yen(monthly)} a month does not cover the interest at "
                f"{format_percent(rate)} a year: the balance never falls")
    return (f"月 {format_yen(monthly)} では{HORIZON_MONTHS // 12}年以内に"
            "払い終わりません",
            f"{format_yen(monthly)} a month does not repay it within "
            f"{HORIZON_MONTHS // 12} years")


def _notes(ctx: RouteContext, work: Workings, *, key: RouteKey, waive: bool, waived: Yen, monthly: Yen,
           months: int | None) -> None:
    """Market practice as notes, never limits (docs/sources/law-debt-divorce.md §3.2-§3.5)."""
    term = work.rule("negotiated_settlement.term_payments", ctx.start)
    standard, accepted = int(term.value["standard"]), int(term.value["commonly_accepted"])
    work.step(f"{key}.term_practice", "任意整理の分割回数の目安", "note only: not a limit",
              {"months": str(months) if months is not None else "—"},
              f"standard {standard}, commonly up to {accepted}", rules=(term,))
    if months is not None and months > accepted:
        work.warnings.append((
            f"{months}回の分割は、カード等の任意整理で通常認められる回数（{standard}回、長くて{accepted}回）"
            "を超えます。住宅ローンの残債は少額の分割で長期間払う例もありますが、応じるかは債権者次第です",
            f"{months} instalments is longer than creditors usually accept for card debts ({standard}, at "
            f"most about {accepted}); a housing-loan residual is sometimes paid in small amounts for far "
            "longer, but the creditor decides"))
    if any(d.from_home for d in ctx.debts):
        _band_note(ctx, work, key, monthly)
    if ctx.options.negotiated_rate == 0:
        work.warnings.append((
            "将来利息0は弁護士会の統一基準（拘束力なし）による想定です。"
            "最近は経過利息・将来利息を求める債権者が増えています",
            "no future interest follows the bar associations' (non-binding) standard; lenders increasingly "
            "ask for accrued and future interest"))
    work.warnings.append((
        "合意ができるまで、遅延損害金は残高全体に日々かかり続けます。この計算は債権者が分割に応じた前提です",
        "until an agreement is reached, late charges keep accruing on the whole balance; these figures "
        "assume the creditor agrees to the instalments"))
    if waive:
        work.warnings.append((
            f"遅延損害金 {format_yen(waived)} の免除は和解でよく見られますが、保証はありません。"
            "元金を先に払い終えてから損害金を交渉する例もあります",
            f"waiving the {format_yen(waived)} of late charges is common in settlements but not guaranteed; "
            "some servicers apply payments to principal first and negotiate the late charges afterwards"))


def _band_note(ctx: RouteContext, work: Workings, key: RouteKey, monthly: Yen) -> None:
    """The monthly amounts residuals after a short sale are said to be settled at (practice)."""
    band = work.rule("negotiated_settlement.residual_monthly_band", ctx.start)
    low, high = int(band.value["low"]), int(band.value["high"])
    inside = low <= monthly <= high
    work.step(f"{key}.band_practice", "任意売却後の残債の月額の目安", "note only: not a limit",
              {"monthly": format_yen(monthly)}, f"{format_yen(low)}–{format_yen(high)}", rules=(band,))
    shown = format_yen(max(monthly, 0))
    where: Text = ("その範囲内です", "inside") if inside else ("その範囲外です", "outside")
    tail_ja = f"。月 {shown} は{where[0]}" if monthly > 0 else ""
    tail_en = f"; {shown} is {where[1]} that band" if monthly > 0 else ""
    work.warnings.append((
        f"任意売却後の残債は月 {format_yen(low)}〜{format_yen(high)} 程度で合意する例が多いとされます"
        f"（実務の目安、法的根拠なし）{tail_ja}",
        f"residuals after a short sale are said to be settled at about {format_yen(low)}–"
        f"{format_yen(high)} a month (practice, no legal basis){tail_en}"))
