"""The JSON shape of a 償還表 (``zansai schedule --json`` and ``/api/v1/schedule``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zansai.engine.loan import Schedule
from zansai.trace import Explanation, RuleUse, Step


def schedule_explanation(result: Schedule, rules_used: tuple[RuleUse, ...]) -> Explanation:
    """The schedule's own explanation plus the rule-book values its inputs were checked with."""
    e = result.explain()
    if not rules_used:
        return e
    step = Step(name="loan_rules", label_ja="ローンの前提となるルール",
                formula="rule-book values in force on the first payment date", inputs={},
                result="—", rules=rules_used)
    return Explanation(title=e.title, steps=(*e.steps, step), notes=e.notes)


def schedule_to_dict(result: Schedule, at: date | None, explain: bool,
                     rules_used: tuple[RuleUse, ...] = ()) -> dict[str, Any]:
    """The JSON shape of ``zansai schedule --json``."""
    from zansai.money import format_percent

    loan = result.loan
    out: dict[str, Any] = {
        "inputs": {
            "principal": loan.principal,
            "annual_rate": format_percent(loan.annual_rate),
            "months": loan.months,
            "method": loan.method.value,
            "first_payment": loan.first_payment.isoformat(),
            "bonus_principal": loan.bonus_principal,
            "bonus_months": list(loan.bonus_months) if loan.bonus_principal else [],
        },
        "monthly_payment": result.monthly_payment,
        "bonus_payment": result.initial_bonus_payment,
        "total_interest": result.total_interest,
        "total_paid": result.total_paid,
        "nominal_total_paid": result.nominal_total_paid,
        "payments_count": result.payments_count,
        "rounding": {"name": loan.rounding.name, "description": loan.rounding.description},
    }
    if at is not None:
        out["at"] = at.isoformat()
        out["balance_at"] = result.balance_at(at)
    out["events"] = [{"number": e.number, "kind": e.kind, "detail": e.detail}
                     for e in result.events]
    out["payments"] = [r.to_dict() for r in result.rows]
    if explain:
        out["explanation"] = schedule_explanation(result, rules_used).to_dict()
    return out
