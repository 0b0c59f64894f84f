"""Why the schedule is what it is: the payment, bonus, interest and totals as ``Step``s."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zansai.messages import msg
from zansai.model.loan import Method
from zansai.money import format_percent, format_yen, round_div
from zansai.trace import Explanation, Step

if TYPE_CHECKING:
    from zansai.engine.loan.schedule import Schedule

__all__ = ["explain_schedule"]


def explain_schedule(schedule: Schedule) -> Explanation:
    """The schedule's explanation: one step per figure, then the convention and the events."""
    steps = [_payment_step(schedule)]
    if schedule.loan.bonus_principal:
        steps.append(_bonus_step(schedule))
    steps += [_interest_step(schedule), _totals_step(schedule)]
    ja, en = msg("loan.notes.title")
    return Explanation(title=f"{ja} / {en}", steps=tuple(steps),
                       notes=_notes(schedule))


def _payment_step(schedule: Schedule) -> Step:
    """毎月返済額 (元利均等) or the level principal part (元金均等)."""
    loan = schedule.loan
    conv = loan.rounding
    r = loan.annual_rate
    inputs = {
        "principal": format_yen(loan.principal),
        "annual_rate": format_percent(r),
        "months": str(loan.months),
        "method": loan.method.value,
        "first_payment": loan.first_payment.isoformat(),
    }
    if loan.method is Method.ANNUITY:
        return Step(
            name="monthly_payment",
            label=msg("loan.steps.monthly_payment"),
            formula="M = P·r·(1+r)^n / ((1+r)^n − 1), r = annual_rate/12, n = months",
            inputs={**inputs, "P (monthly part)": format_yen(loan.monthly_principal),
                    "r": f"{r / 12}"},
            result=format_yen(schedule.initial_payment),
            rounding=f"{conv.name}: payment {conv.payment.value}",
        )
    return Step(
        name="principal_part",
        label=msg("loan.steps.principal_part"),
        formula="principal part = P / n; interest = balance × annual_rate/12",
        inputs={**inputs, "P (monthly part)": format_yen(loan.monthly_principal)},
        result=format_yen(round_div(loan.monthly_principal, loan.months,
                                    conv.principal_part)),
        rounding=f"{conv.name}: principal part {conv.principal_part.value}",
    )


def _bonus_step(schedule: Schedule) -> Step:
    """ボーナス返済額: the bonus part as its own semiannual annuity."""
    loan = schedule.loan
    conv = loan.rounding
    return Step(
        name="bonus_payment",
        label=msg("loan.steps.bonus_payment"),
        formula="B = Pb·rb·(1+rb)^nb / ((1+rb)^nb − 1), rb = annual_rate/2",
        inputs={"Pb (bonus part)": format_yen(loan.bonus_principal),
                "rb": f"{loan.annual_rate / 2}", "nb": str(schedule.bonus_periods),
                "bonus_months": ",".join(str(m) for m in loan.bonus_months)},
        result=format_yen(schedule.initial_bonus_payment),
        rounding=f"{conv.name}: bonus payment {conv.bonus_payment.value}",
    )


def _interest_step(schedule: Schedule) -> Step:
    conv = schedule.loan.rounding
    return Step(
        name="interest",
        label=msg("loan.steps.interest"),
        formula="interest_k = balance_(k−1) × annual_rate / 12 (bonus: / 2)",
        inputs={"annual_rate": format_percent(schedule.loan.annual_rate)},
        result=f"total {format_yen(schedule.total_interest)}",
        rounding=f"{conv.name}: interest {conv.interest.value}; "
                 "the last payment absorbs the remainder",
    )


def _totals_step(schedule: Schedule) -> Step:
    return Step(
        name="totals",
        label=msg("loan.steps.totals"),
        formula="total_paid = Σ payment + Σ prepayment",
        inputs={"payments": str(len(schedule.rows))},
        result=format_yen(schedule.total_paid),
        note=msg("loan.notes.nominal_total", amount=schedule.nominal_total_paid),
    )


def _notes(schedule: Schedule) -> tuple[str, ...]:
    conv = schedule.loan.rounding
    notes = [f"rounding convention {conv.name}: {conv.description}"]
    notes += [f"payment {e.number}: {e.kind} — {e.detail}" for e in schedule.events]
    if schedule.loan.bonus_principal:
        ja, en = msg("loan.notes.bonus_half_year")
        notes.append(f"{ja} / {en}")
    return tuple(notes)
