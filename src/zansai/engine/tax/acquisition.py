"""取得費: what the home cost, less the building's wear (減価の額), or the 5% estimate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from zansai.engine.tax.common import rate, uses
from zansai.engine.tax.holding import whole_months
from zansai.errors import DomainError
from zansai.model import Property
from zansai.money import Rounding, Yen, format_percent, format_yen, round_yen
from zansai.rules import RuleBook
from zansai.trace import Step

__all__ = ["AcquisitionCost", "AcquisitionMethod", "acquisition_cost"]


class AcquisitionMethod(StrEnum):
    """Which 取得費 is used: the larger of the two (the taxpayer may choose the estimate)."""

    ACTUAL = "actual"
    """land + building − 減価の額 + 購入時の諸費用."""
    ESTIMATED = "estimated_5pct"
    """概算取得費: proceeds × 5% (措法31条の4)."""


@dataclass(frozen=True, slots=True)
class AcquisitionCost:
    """取得費: what the home cost, less the building's wear while it was a home."""

    land: Yen
    building: Yen
    depreciation: Yen
    """減価の額 of the non-business building (所得税法38条2項, 同施行令85条)."""
    costs: Yen
    actual: Yen
    """land + building − depreciation + costs; 0 when it cannot be computed (see actual_known)."""
    estimated: Yen
    """概算取得費: proceeds × 5% (措法31条の4)."""
    used: Yen
    method: AcquisitionMethod
    """"actual" or "estimated_5pct" (the larger is used; the taxpayer may choose the estimate)."""
    elapsed_years: int
    steps: tuple[Step, ...]
    actual_known: bool = True
    """False when the land/building split is missing: the actual cost is not computed."""
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "land": self.land, "building": self.building, "depreciation": self.depreciation,
            "costs": self.costs, "actual": self.actual if self.actual_known else None,
            "actual_known": self.actual_known, "estimated": self.estimated, "used": self.used,
            "method": self.method, "elapsed_years": self.elapsed_years,
            "steps": [s.to_dict() for s in self.steps], "notes": list(self.notes),
        }


def acquisition_cost(prop: Property, *, transfer: date, proceeds: Yen,
                     book: RuleBook) -> AcquisitionCost:
    """取得費: land + building − 減価の額 + 購入時の諸費用, or the 5% estimate when larger.

    The building's 減価の額 (never used for business) = building × 0.9 × 旧定額法 rate × elapsed
    years, years from acquisition to transfer with a remainder of 6 months or more counted as a
    year and less dropped, at most 95% of the building (所得税法38条2項, 同施行令85条). The 5%
    estimate (概算取得費, 措法31条の4) = proceeds × 5%. Without a land/building split nothing is
    guessed: the actual cost is not computed and the estimate is used.
    """
    assert prop.acquired_on is not None  # the callers check first (not_computed.py)
    if proceeds < 0:
        raise DomainError.invalid("sale.proceeds", proceeds, "0円以上を指定してください",
                                  "it must be zero or more")
    if transfer < prop.acquired_on:
        raise DomainError.invalid("sale.transfer_date", transfer.isoformat(),
                                  f"取得日 {prop.acquired_on} 以後の日付を指定してください",
                                  f"it must be on or after the acquisition date {prop.acquired_on}")
    estimated, est_step = _estimate(proceeds, transfer, book)
    costs = prop.acquisition_costs
    split = _split(prop)
    if split is None:
        return _estimate_only(costs, estimated, est_step)
    land, building, split_note = split
    notes = _notes(prop, building, split_note)
    years, depreciation, steps = _depreciation(prop, building, transfer, book)
    actual = land + building - depreciation + costs
    steps.append(Step(
        name="actual_acquisition_cost", label_ja="取得費（実額）",
        formula="land + building − depreciation + costs",
        inputs={"land": format_yen(land), "building": format_yen(building),
                "depreciation": format_yen(depreciation), "costs": format_yen(costs)},
        result=format_yen(actual),
    ))
    steps.append(est_step)
    method = AcquisitionMethod.ACTUAL if actual >= estimated else AcquisitionMethod.ESTIMATED
    used = max(actual, estimated)
    steps.append(Step(
        name="acquisition_cost", label_ja="取得費", formula="max(actual, estimated)",
        inputs={"actual": format_yen(actual), "estimated": format_yen(estimated)},
        result=format_yen(used), note=f"method: {method}",
    ))
    return AcquisitionCost(
        land=land, building=building, depreciation=depreciation, costs=costs, actual=actual,
        estimated=estimated, used=used, method=method, elapsed_years=years, steps=tuple(steps),
        notes=tuple(notes),
    )


def _estimate(proceeds: Yen, transfer: date, book: RuleBook) -> tuple[Yen, Step]:
    """概算取得費 (措法31条の4): proceeds × the rule's rate, floored to the yen."""
    est_rule = book.at("capital_gains.estimated_acquisition_cost_rate", transfer)
    est_rate = rate(est_rule.value)
    estimated = round_yen(proceeds * est_rate, Rounding.FLOOR)
    return estimated, Step(
        name="estimated_acquisition_cost", label_ja="概算取得費（譲渡収入金額×5%）",
        formula=f"proceeds × {format_percent(est_rate)}",
        inputs={"proceeds": format_yen(proceeds)}, result=format_yen(estimated),
        rounding=Rounding.FLOOR.label(), rules=uses(est_rule),
    )


def _estimate_only(costs: Yen, estimated: Yen, est_step: Step) -> AcquisitionCost:
    """Without the land/building split: the estimate, and a note that nothing was guessed."""
    notes = ("土地・建物の内訳が不明なため実額の取得費を計算せず、概算取得費を使いました"
             "（建物価額は国税庁「建物の標準的な建築価額表」で推計できますが、ここでは推計しません）"
             " / the land/building split is missing, so the actual acquisition cost is not "
             "computed and the 5% estimate is used (no guess of the building price)",)
    steps = (
        Step(
            name="actual_acquisition_cost", label_ja="取得費（実額）",
            formula="land + building − depreciation + costs",
            inputs={"land_price": "不明 / unknown", "building_price": "不明 / unknown"},
            result="計算できません / not computed",
            note="the building's 減価の額 needs its price",
        ),
        est_step,
        Step(
            name="acquisition_cost", label_ja="取得費", formula="概算取得費 (actual not computed)",
            inputs={"estimated": format_yen(estimated)}, result=format_yen(estimated),
        ),
    )
    return AcquisitionCost(
        land=0, building=0, depreciation=0, costs=costs, actual=0, estimated=estimated,
        used=estimated, method=AcquisitionMethod.ESTIMATED, elapsed_years=0, steps=steps,
        actual_known=False, notes=notes,
    )


def _split(prop: Property) -> tuple[Yen, Yen, str | None] | None:
    """(land, building, note) from the purchase; None when the split is not known."""
    assert prop.acquisition_price is not None  # the callers check first (not_computed.py)
    land, building = prop.land_price, prop.building_price
    if land is not None and building is not None:
        if land + building != prop.acquisition_price:
            return land, building, (
                f"土地 {format_yen(land)} ＋ 建物 {format_yen(building)} が購入価格 "
                f"{format_yen(prop.acquisition_price)} と一致しません。内訳の額を使います / "
                "land + building differs from the purchase price; the split is used")
        return land, building, None
    if land is None and building is None:
        return None
    if land is not None:
        field, known, derived, derived_en = "property.land_price", land, "建物", "building"
    else:
        assert building is not None
        field, known, derived, derived_en = "property.building_price", building, "土地", "land"
    other = prop.acquisition_price - known
    if other < 0:
        raise DomainError.invalid(field, known, "購入価格以下の額を指定してください",
                                  "it must not exceed the purchase price")
    note = (f"{derived}の価額は購入価格 − 他方の額で求めました / the {derived_en} price is the "
            "purchase price minus the other part")
    return (known, other, note) if land is not None else (other, known, note)


def _notes(prop: Property, building: Yen, split_note: str | None) -> list[str]:
    """What the reader should know about the split, a used building and the costs."""
    assert prop.acquired_on is not None  # the callers check first (not_computed.py)
    notes: list[str] = []
    if split_note:
        notes.append(split_note)
    if prop.built_on is not None and prop.built_on < prop.acquired_on and building > 0:
        notes.append("中古で取得した建物ですが、新築の非業務用耐用年数で減価しました。中古資産の耐用年数の"
                     "規則はルールブックにありません（不明） / the building was bought used; the "
                     "new-building non-business life was applied (the rule for used buildings is "
                     "not in the rule book)")
    if prop.acquisition_costs > 0 and building > 0:
        notes.append("購入時の諸費用は減価させずに全額加算しました（建物分の按分が入力にないため）。"
                     "建物分を減価すれば取得費はやや小さくなります / acquisition costs are added in "
                     "full, not depreciated (their building share is not known); depreciating that "
                     "share would lower the acquisition cost slightly")
    return notes


def _depreciation(prop: Property, building: Yen, transfer: date,
                  book: RuleBook) -> tuple[int, Yen, list[Step]]:
    """(elapsed years, 減価の額, their steps) of the non-business building (旧定額法)."""
    assert prop.acquired_on is not None  # the callers check first (not_computed.py)
    table = book.at("depreciation.non_business_building", transfer)
    rules = book.at("depreciation.non_business_rules", transfer)
    row = next((r for r in table.value if r["structure"] == prop.structure.value), None)
    if row is None:
        raise DomainError.invalid("property.structure", prop.structure.value,
                                  "耐用年数表にある構造を指定してください",
                                  "it must be a structure in depreciation.non_business_building")
    residual = rate(rules.value["residual_factor"])
    cap_ratio = rate(rules.value["cap_ratio"])
    round_up = int(rules.value["round_up_months"])
    life_rate = rate(row["rate"])
    months = whole_months(prop.acquired_on, transfer)
    years = months // 12 + (1 if months % 12 >= round_up else 0)
    elapsed = Step(
        name="elapsed_years", label_ja="経過年数（非業務用期間）",
        formula=f"whole months ÷ 12; a remainder of {round_up} months or more counts as a year, "
                "less is dropped",
        inputs={"acquired_on": prop.acquired_on.isoformat(), "transfer": transfer.isoformat(),
                "elapsed": f"{months // 12}年{months % 12}か月"},
        result=f"{years}年", rounding=f"{round_up}か月以上は1年、未満は切捨て", rules=uses(rules),
    )
    raw = round_yen(building * residual * life_rate * years, Rounding.FLOOR)
    cap = round_yen(building * cap_ratio, Rounding.FLOOR)
    depreciation = min(raw, cap)
    worn = Step(
        name="depreciation", label_ja="建物の減価の額（非業務用・旧定額法）",
        formula=f"min(building × {rules.value['residual_factor']} × {row['rate']} × {years}, "
                f"building × {format_percent(cap_ratio)})",
        inputs={"building": format_yen(building), "structure": prop.structure.value,
                "useful_life_years": f"{row['useful_life_years']}年", "rate": str(row["rate"]),
                "elapsed_years": f"{years}年"},
        result=format_yen(depreciation), rounding=Rounding.FLOOR.label(),
        rules=uses(table, rules),
        note="capped at 95% of the building price" if raw > cap else None,
    )
    return years, depreciation, [elapsed, worn]
