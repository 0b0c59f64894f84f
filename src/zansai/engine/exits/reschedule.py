"""返済方法の変更 (rescheduling) as a way to keep the home: the loan's new schedule, whether the
household can carry it, and for a JHF loan its published criteria.

A bank's rescheduling is entered as terms (``[rescheduling]``) and only computed; a JHF loan
without entered terms is shown with the most the criteria allow (the longest extension, and the
longest deferment when the income test for it is met). Like 払い続ける, nothing is sold: the
remaining debt is everything still owed, and arrears must be settled first (whether JHF would
fold them into the new terms is not in the sources read).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from zansai.engine.exits.context import Context, claims_on
from zansai.engine.exits.debtors import credit_record
from zansai.engine.exits.reschedule_criteria import (
    AgeLimit,
    IncomeTests,
    age_limit,
    all_of,
    annual_repayment,
    income_tests,
)
from zansai.engine.exits.result import EXIT_LABELS, ExitResult, LenderOutcome
from zansai.engine.exits.stay import arrears_to_cure
from zansai.engine.loan import Schedule
from zansai.engine.loan.reschedule import Rescheduled, reschedule
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import ExitKey, LenderType, Lien
from zansai.model.rescheduling import Rescheduling
from zansai.money import Yen, format_percent, format_yen
from zansai.trace import RuleUse, Step, Text


def rescheduling(ctx: Context) -> ExitResult | None:
    """返済方法の変更, or None when no loan can be shown (no terms entered and no JHF loan)."""
    r = ctx.case.rescheduling or Rescheduling()
    lien = _lien(ctx, r)
    if lien is None:
        return None
    current = ctx.schedules[lien.rank]
    change = r.change_date or ctx.case.at
    upcoming = current.next_due(change)
    if upcoming is None and not r.terms_entered:
        return None  # repaid by then: nothing to reschedule (entered terms get the engine's error)
    jhf = lien.lender is LenderType.JHF
    limit = age_limit(ctx, current, r.birth_date, change) if jhf else None
    annual_jhf = annual_repayment(current, change)
    annual_all = sum(annual_repayment(s, change) for s in ctx.schedules.values())
    tests = income_tests(ctx, r, on=change, annual_jhf=annual_jhf, annual_housing=annual_all) if jhf else None
    left = current.payments_count - (upcoming or 0)
    extension, deferment = _terms(r, limit, tests, left)
    new = reschedule(current, change, extension_months=extension, deferment_months=deferment,
                     annual_rate=r.annual_rate)
    return _result(ctx, r, lien, current, new, change, limit, tests)


def _lien(ctx: Context, r: Rescheduling) -> Lien | None:
    """The lien whose loan is rescheduled: ``rank``, else the first loan (the first JHF loan when
    no terms are entered)."""
    scheduled = [lien for lien in ctx.case.liens if lien.rank in ctx.schedules]
    if r.rank is not None:
        chosen = next((lien for lien in scheduled if lien.rank == r.rank), None)
        if chosen is None:
            raise DomainError.about("rescheduling.rank", msg("reschedule.checks.no_loan", rank=r.rank))
        return chosen
    if r.terms_entered:
        return scheduled[0] if scheduled else None
    return next((lien for lien in scheduled if lien.lender is LenderType.JHF), None)


def _terms(r: Rescheduling, limit: AgeLimit | None, tests: IncomeTests | None,
           left: int) -> tuple[int, int]:
    """(extension, deferment) months: as entered, else JHF's most (the conservative age count),
    the deferment leaving at least one payment of principal."""
    if r.terms_entered or limit is None or tests is None:
        return r.extension_months or 0, r.deferment_months or 0
    extension = limit.max_extension_under
    allowed = tests.deferment_allowed(r.unemployed)
    return extension, min(limit.max_deferment_months, left + extension - 1) if allowed else 0


def _other_payments(ctx: Context, rank: int, at: date) -> tuple[Yen, date]:
    """The next instalment of every other scheduled loan, and the last due date among them."""
    monthly, end = 0, at
    for other, sched in ctx.schedules.items():
        if other == rank:
            continue
        upcoming = sched.next_due(at)
        if upcoming is not None:
            monthly += sched.columns.payment[upcoming]
        end = max(end, sched.due_dates[-1])
    return monthly, end


def _remaining_interest(current: Schedule, change: date) -> Yen:
    i = current.next_due(change)
    return 0 if i is None else sum(current.columns.interest[i:])


def _result(ctx: Context, r: Rescheduling, lien: Lien, current: Schedule, new: Rescheduled,
            change: date, limit: AgeLimit | None, tests: IncomeTests | None) -> ExitResult:
    case, hh = ctx.case, ctx.case.household
    at = case.at
    others, other_end = _other_payments(ctx, lien.rank, change)
    monthly = new.new_payment + others
    capacity = hh.monthly_income - hh.monthly_living_costs - sum(d.monthly_payment for d in hh.other_debts)
    can_pay = None if hh.monthly_income == 0 else capacity >= monthly
    accelerated = ctx.dates.acceleration is not None and ctx.dates.acceleration <= at
    cure = arrears_to_cure(ctx, at, accelerated) if ctx.delinquent else 0
    reasons, warnings = _judgement(r, new, limit, tests, can_pay=can_pay, accelerated=accelerated,
                                   delinquent=ctx.delinquent, monthly=monthly, capacity=capacity)
    if cure and not accelerated:
        warnings.append(msg("reschedule.warnings.cure_first", cure=cure))
    claims = claims_on(ctx, at)
    total = sum(c.claim for c in claims.liens) + claims.association + claims.tax
    outcomes = tuple(LenderOutcome(rank=c.rank, holder=c.holder, claimant=claims.outcomes[c.holder][1],
                                   claim=c.claim, late_charges=claims.outcomes[c.holder][2], paid=0)
                     for c in claims.liens)
    ja, en = EXIT_LABELS[ExitKey.RESCHEDULE]
    current_interest = _remaining_interest(current, change)
    i = current.next_due(change)
    details: dict[str, Any] = {
        "rank": lien.rank, "lender": lien.lender.value,
        "terms": "entered" if r.terms_entered else "jhf_maximum",
        "change_date": change.isoformat(), "first_due_date": new.first_due.isoformat(),
        "balance": new.balance, "remaining_months": new.remaining_months,
        "extension_months": new.extension_months, "deferment_months": new.deferment_months,
        "annual_rate": format_percent(new.schedule.row(new.deferment_months).annual_rate),
        "current_payment": current.columns.payment[i] if i is not None else 0,
        "deferment_payment": new.deferment_payment, "new_payment": new.new_payment,
        "monthly_payment": monthly, "monthly_capacity": capacity, "arrears_to_cure": cure,
        "current_end_date": current.due_dates[-1].isoformat(), "new_end_date": new.end.isoformat(),
        "current_interest": current_interest, "new_interest": new.schedule.total_interest,
        "extra_interest": new.schedule.total_interest - current_interest,
        "bonus_merged": new.bonus_merged, "phases": _phases(new),
        "limits": limit.to_dict() if limit else None,
        "criteria": tests.to_dict(can_pay, r.unemployed) if tests else None,
    }
    return ExitResult(
        key=ExitKey.RESCHEDULE, label_ja=ja, label_en=en, feasible=not reasons, price=0,
        costs_total=0, net_proceeds=0, lenders=outcomes, remaining_debt=total, cash_needed=cure,
        surplus=0, completion=max(new.end, other_end), can_stay=True,
        credit_record=credit_record(ctx, default_needed=False, remaining=total),
        joint_debtors=(), consents=(), warnings=tuple(warnings), reasons=tuple(reasons),
        details=details, steps=(_step(ctx, current, new, change, limit, tests), *claims.steps))


def _phases(new: Rescheduled) -> list[dict[str, Any]]:
    """The new schedule in summary: the interest-only months, then the amortizing ones."""
    s, d = new.schedule, new.deferment_months
    c, dates = s.columns, s.due_dates
    spans = [("interest_only", 0, d), ("amortizing", d, len(c.numbers))]
    return [{"kind": kind, "first_due_date": dates[a].isoformat(), "last_due_date": dates[b - 1].isoformat(),
             "payments": b - a, "payment": c.payment[a], "last_payment": c.payment[b - 1],
             "interest": sum(c.interest[a:b]), "principal": sum(c.principal[a:b])}
            for kind, a, b in spans if b > a]


def _judgement(r: Rescheduling, new: Rescheduled, limit: AgeLimit | None, tests: IncomeTests | None, *,
               can_pay: bool | None, accelerated: bool, delinquent: bool, monthly: Yen,
               capacity: Yen) -> tuple[list[Text], list[Text]]:
    """Why the change cannot be had (reasons) and what to watch (warnings)."""
    reasons: list[Text] = []
    warnings: list[Text] = []
    if delinquent and accelerated:
        reasons.append(msg("reschedule.reasons.accelerated"))
    if can_pay is None:
        warnings.append(msg("reschedule.warnings.no_income"))
    elif not can_pay:
        reasons.append(msg("reschedule.reasons.unaffordable", monthly=monthly, capacity=capacity))
    if new.bonus_merged:
        warnings.append(msg("reschedule.warnings.bonus_merged"))
    if limit is None or tests is None:
        warnings.append(msg("reschedule.warnings.bank_terms"))
        return reasons, warnings
    _criteria_judgement(r, new, limit, tests, reasons, warnings)
    return reasons, warnings


def _criteria_judgement(r: Rescheduling, new: Rescheduled, limit: AgeLimit, tests: IncomeTests,
                        reasons: list[Text], warnings: list[Text]) -> None:
    """JHF's criteria: ① hardship, ② an income test, the limits of the terms; unknowns said."""
    if tests.hardship is False:
        reasons.append(msg("reschedule.reasons.no_hardship"))
    elif tests.hardship is None:
        warnings.append(msg("reschedule.warnings.hardship_unknown"))
    met = tests.any_income_test_met
    multiple, per_member, fall = tests.rule
    if met is False:
        reasons.append(msg("reschedule.reasons.income_tests", multiple=multiple, per_member=per_member,
                           fall=format_percent(fall)))
    elif met is None:
        warnings.append(msg("reschedule.warnings.income_unknown"))
    if tests.income_fall is not None:
        warnings.append(msg("reschedule.warnings.income_years"))
    ext, dfr = new.extension_months, new.deferment_months
    if ext > limit.cap_months:
        reasons.append(msg("reschedule.reasons.extension_cap", months=ext, cap=limit.cap_months))
    if limit.birth_date is None:
        warnings.append(msg("reschedule.warnings.no_birth_date", age=limit.final_age))
    elif ext > limit.max_extension_inclusive:
        reasons.append(msg("reschedule.reasons.final_age", age=limit.final_age, end=new.end))
    elif ext > limit.max_extension_under:
        warnings.append(msg("reschedule.warnings.final_age_count", age=limit.final_age, end=new.end))
    else:
        warnings.append(msg("reschedule.warnings.final_age_conservative", age=limit.final_age,
                            under=limit.max_extension_under, inclusive=limit.max_extension_inclusive))
    allowed = tests.deferment_allowed(r.unemployed)
    if dfr > limit.max_deferment_months:
        reasons.append(msg("reschedule.reasons.deferment_cap", months=dfr, cap=limit.max_deferment_months))
    if dfr and allowed is False:
        reasons.append(msg("reschedule.reasons.deferment_not_open", fall=format_percent(fall)))
    elif not dfr and allowed is None and not r.terms_entered:
        warnings.append(msg("reschedule.warnings.deferment_unknown", fall=format_percent(fall),
                            cap=limit.max_deferment_months))
    if dfr:
        warnings.append(msg("reschedule.warnings.deferment_rate"))
    if all_of(tests.hardship, met) is not False:
        warnings.append(msg("reschedule.warnings.lender_decides"))


def _step(ctx: Context, current: Schedule, new: Rescheduled, change: date, limit: AgeLimit | None,
          tests: IncomeTests | None) -> Step:
    """How the new schedule was computed."""
    keys = ("rescheduling.jhf_limits", "rescheduling.jhf_income_tests", "rescheduling.jhf_burden_ratio")
    rules = tuple(RuleUse.of(ctx.book.at(k, change)) for k in keys) if tests is not None else ()
    return Step(
        name="reschedule", label=msg("reschedule.steps.schedule"),
        formula="balance on the change date, repaid over (remaining + extension) months: the first "
                "deferment months interest only (balance × rate ÷ 12, the loan's interest rounding), "
                "then re-amortised by the loan's method and rounding",
        inputs={"balance": format_yen(new.balance), "remaining_months": str(new.remaining_months),
                "extension_months": str(new.extension_months),
                "deferment_months": str(new.deferment_months),
                "method": current.loan.method.value, "rounding": current.loan.rounding.name,
                "change_date": change.isoformat()},
        result=f"{format_yen(new.new_payment)} monthly; last payment {new.end.isoformat()}",
        rules=rules, note=msg("reschedule.steps.note"))
