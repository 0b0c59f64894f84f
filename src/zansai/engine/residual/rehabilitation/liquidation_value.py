"""清算価値 (liquidation value): what creditors would get in a bankruptcy; a plan pays at least this."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from zansai.engine.residual.assets import KIND_LABELS, categories, owned
from zansai.engine.residual.workings import FLOOR
from zansai.messages import msg
from zansai.model import Asset, AssetKind, Item
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step


@dataclass(frozen=True, slots=True)
class LiquidationValue:
    """清算価値 (東京地裁の清算価値算出シート): what creditors would get in a bankruptcy."""

    amount: Yen
    counted: tuple[Item, ...]
    """Each asset category's counted value (retirement at its fraction), counted or not."""
    step: Step
    rules_used: tuple[RuleUse, ...]


def liquidation_value(assets: Sequence[Asset], *, debtor: str, on: date, book: RuleBook) -> LiquidationValue:
    """Σ of the debtor's asset categories whose counted value exceeds the per-item threshold.

    Only assets owned by ``debtor`` or by no one in particular count. The expected retirement
    allowance counts at a fraction (Tokyo 1/8); categories are tested one by one, never added up
    to reach the threshold. After the sale the home counts nothing.
    """
    threshold_res = book.at("rehabilitation.liquidation_item_threshold", on)
    fraction_res = book.at("rehabilitation.retirement_allowance_fraction", on)
    threshold, fraction = int(threshold_res.value), Fraction(fraction_res.value)
    items: list[Item] = []
    inputs: dict[str, str] = {"threshold": format_yen(threshold), "retirement_fraction": str(fraction)}
    total = 0
    cats = categories(owned(assets, debtor), fraction)
    for kind, face, counted in cats:
        included = counted > threshold
        total += counted if included else 0
        shown = f" × {fraction} = {format_yen(counted)}" if kind is AssetKind.RETIREMENT else ""
        inputs[kind.value] = (f"{format_yen(face)}{shown}"
                              + (" > threshold: counted" if included else " ≤ threshold: not counted"))
        items.append(Item.of(kind.value, KIND_LABELS[kind], counted if included else 0))
    uses = (RuleUse.of(threshold_res), RuleUse.of(fraction_res))
    step = Step(name="rehabilitation.liquidation_value",
                label=msg("residual.rehabilitation.liquidation_value"),
                formula="Σ category value if value > threshold (retirement × fraction)", inputs=inputs,
                result=format_yen(total),
                rounding=FLOOR if any(k is AssetKind.RETIREMENT for k, _, _ in cats) else None, rules=uses,
                note=msg("residual.rehabilitation.liquidation_note"))
    return LiquidationValue(total, tuple(items), step, uses)
