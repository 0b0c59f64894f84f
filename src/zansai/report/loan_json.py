"""The JSON shape of a 償還表 (``zansai schedule --json`` and ``/api/v1/schedule``), and of
several loans on one home (``zansai schedule --file`` with two or more ``[[loans]]``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zansai.engine.loan import LoanSet, Schedule
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


def loan_set_summary(loans: LoanSet, at: date | None) -> dict[str, Any]:
    """What several loans on one home add up to (the ``combined`` of ``zansai schedule --file``)."""
    combined: dict[str, Any] = {
        "monthly_payment": loans.monthly_payment,
        "total_interest": loans.total_interest,
        "total_paid": loans.total_paid,
    }
    if at is not None:
        combined["at"] = at.isoformat()
        combined["balance_at"] = loans.balance_at(at)
    return combined


def loan_set_to_dict(results: list[Schedule], at: date | None, explain: bool) -> dict[str, Any]:
    """The JSON of several loans on one home: each schedule by name, and their sum with the
    payments falling due on each date."""
    both = LoanSet(tuple(results))
    combined = loan_set_summary(both, at)
    combined["payments_by_date"] = [{"due_date": d.isoformat(), "payment": y}
                                    for d, y in both.payments_by_date()]
    return {"loans": [{"name": r.loan.name, **schedule_to_dict(r, at, explain)} for r in results],
            "combined": combined}
