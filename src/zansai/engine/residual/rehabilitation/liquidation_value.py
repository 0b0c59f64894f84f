"""清算価値 (liquidation value): what creditors would get in a bankruptcy; a plan pays at least this."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.engine.exact import fraction as exact_fraction
from zansai.engine.residual.assets import (
    KIND_LABELS,
    SURPLUS_LABEL,
    Category,
    categories,
    floor_rounding,
    owned,
)
from zansai.engine.residual.surplus import SURPLUS_KEY
from zansai.messages import Msg, msg
from zansai.model import Asset, AssetKind, Item
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step


@dataclass(frozen=True, slots=True)
class LiquidationLine:
    """One line of the 清算価値 sheet: a category's face value, its counted value, and whether it counts."""

    key: str
    label: Msg
    face: Yen
    counted: Yen
    """The value in whole yen (retirement: face × fraction, rounded up)."""
    included: bool
    """Above the per-category threshold (the sale's surplus is tested with the cash)."""

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label_ja": self.label.ja, "label_en": self.label.en,
                "label_id": self.label.id, "face": self.face, "counted": self.counted,
                "included": self.included, "amount": self.counted if self.included else 0}


@dataclass(frozen=True, slots=True)
class LiquidationValue:
    """清算価値 (東京地裁の清算価値算出シート): what creditors would get in a bankruptcy."""

    amount: Yen
    counted: tuple[Item, ...]
    """Each asset category's counted value (retirement at its fraction), counted or not."""
    step: Step
    rules_used: tuple[RuleUse, ...]
    lines: tuple[LiquidationLine, ...] = ()
    """The sheet line by line, the sale's surplus as its own line."""
    threshold: Yen = 0

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "threshold": self.threshold,
                "categories": [ln.to_dict() for ln in self.lines]}


def liquidation_value(assets: Sequence[Asset], *, debtor: str, on: date, book: RuleBook,
                      surplus: Yen = 0) -> LiquidationValue:
    """Σ of the debtor's asset categories whose counted value exceeds the per-item threshold.

    Only assets owned by ``debtor`` or by no one in particular count. The expected retirement
    allowance counts at a fraction (Tokyo 1/8), rounded up (a part of a legal floor); categories are
    tested one by one, never added up to reach the threshold. ``surplus``, the debtor's part of what
    the sale left over, is cash: it is tested with the cash category and shown as its own line.
    After the sale the home itself counts nothing.
    """
    threshold_res = book.at("rehabilitation.liquidation_item_threshold", on)
    fraction_res = book.at("rehabilitation.retirement_allowance_fraction", on)
    rounding_res = book.at("rehabilitation.legal_floor_rounding", on)
    threshold, fraction = int(threshold_res.value), exact_fraction(fraction_res.value)
    rounding = floor_rounding(rounding_res)
    cats = categories(owned(assets, debtor), fraction, rounding)
    cash = sum(c.exact for c in cats if c.kind is AssetKind.CASH) + surplus
    lines = [_line(c, included=(cash if c.kind is AssetKind.CASH else c.exact) > threshold) for c in cats]
    if surplus:
        lines.append(LiquidationLine(SURPLUS_KEY, SURPLUS_LABEL, surplus, surplus, cash > threshold))
    total = sum(ln.counted for ln in lines if ln.included)
    inputs: dict[str, str] = {"threshold": format_yen(threshold), "retirement_fraction": str(fraction)}
    for c, ln in zip(cats, lines, strict=False):
        inputs[ln.key] = _shown(c, ln, fraction)
    if surplus:
        tested = " > threshold: counted" if cash > threshold else " ≤ threshold: not counted"
        inputs[SURPLUS_KEY] = f"{format_yen(surplus)} (cash: tested with the cash category){tested}"
    retirement = any(c.kind is AssetKind.RETIREMENT for c in cats)
    uses = (RuleUse.of(threshold_res), RuleUse.of(fraction_res), RuleUse.of(rounding_res))
    step = Step(name="rehabilitation.liquidation_value",
                label=msg("residual.rehabilitation.liquidation_value"),
                formula="Σ category value if value > threshold (retirement × fraction, rounded up; "
                        "the sale's surplus with the cash)", inputs=inputs,
                result=format_yen(total), rounding=rounding.label() if retirement or surplus else None,
                rules=uses, note=msg("residual.rehabilitation.liquidation_note"))
    items = tuple(Item.of(ln.key, ln.label, ln.counted if ln.included else 0) for ln in lines)
    return LiquidationValue(total, items, step, uses, tuple(lines), threshold)


def _line(c: Category, *, included: bool) -> LiquidationLine:
    return LiquidationLine(c.kind.value, KIND_LABELS[c.kind], c.face, c.counted, included)


def _shown(c: Category, ln: LiquidationLine, fraction: Fraction) -> str:
    """One category as the step's inputs show it."""
    shown = f" × {fraction} = {format_yen(c.counted)}" if c.kind is AssetKind.RETIREMENT else ""
    return f"{format_yen(c.face)}{shown}" + (" > threshold: counted" if ln.included
                                            else " ≤ threshold: not counted")
