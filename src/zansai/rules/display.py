"""How a rule value reads: short text for tables and explanations, exact JSON for machines."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from zansai.rules.units import SCALAR_UNITS, RuleValue

if TYPE_CHECKING:  # for annotations only: the model renders itself through this module
    from zansai.rules.model import Period, Rule

_SUFFIXES = {"years": "年", "months": "か月", "days": "日", "count": ""}


def to_jsonable(value: RuleValue) -> Any:
    """Decimals become strings (exact), tuples become lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    return value


def display_scalar(unit: str, value: RuleValue) -> str:
    """One scalar in its unit: ``1,000円``, ``3%``, ``5年``; ``—`` when there is none."""
    if value is None:
        return "—"
    if unit == "yen":
        return f"{value:,}円"
    if unit == "rate":
        pct = (value * 100).normalize()
        return f"{pct:f}%"
    if unit == "flag":
        return "yes" if value else "no"
    return f"{value}{_SUFFIXES.get(unit, '')}"


def display_value(rule: Rule, period: Period) -> str:
    """A short human rendering of a period's value."""
    if not period.in_force:
        return "適用なし (not in force)"
    v = period.value
    if rule.unit in SCALAR_UNITS:
        text = display_scalar(rule.unit, v)
        if period.low is not None and period.high is not None:
            low = display_scalar(rule.unit, period.low)
            high = display_scalar(rule.unit, period.high)
            text += f" (range {low}–{high})"
        return text
    if rule.unit == "record":
        return ", ".join(f"{k}={display_scalar(rule.fields[k], x)}" for k, x in v.items())
    rows = []
    for row in v:
        cells = [f"{k}={display_scalar(rule.fields.get(k, 'yen'), x)}" for k, x in row.items()]
        rows.append("{" + ", ".join(cells) + "}")
    return "; ".join(rows)
