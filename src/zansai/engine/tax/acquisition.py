"""取得費: what the home cost, less the building's wear (減価の額), or the 5% estimate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from zansai.engine.tax.common import both, rate, uses
from zansai.engine.tax.holding import whole_months
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import Property, Structure
from zansai.money import Rounding, Yen, format_percent, format_yen, round_yen
from zansai.rules import RuleBook
from zansai.trace import Step, Text, explaining, text_dict

__all__ = ["AcquisitionCost", "AcquisitionMethod", "acquisition_cost"]


class AcquisitionMethod(StrEnum):
    """Which 取得費 is used: the larger of the two (the taxpayer may choose the estimate)."""

    ACTUAL = "actual"
    """land + building − 減価の額 + 購入時の諸費用."""
    ESTIMATED = "estimated_5pct"
    """概算取得費: proceeds × 5% (措法31条の4)."""


# treated as immutable but not frozen: it holds steps, so it was never hashable, and a frozen
# record's __init__ costs several times as much (see trace.Step)
@dataclass(slots=True)
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
    notes: tuple[Text, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "land": self.land, "building": self.building, "depreciation": self.depreciation,
            "costs": self.costs, "actual": self.actual if self.actual_known else None,
            "actual_known": self.actual_known, "estimated": self.estimated, "used": self.used,
            "method": self.method, "elapsed_years": self.elapsed_years,
            "steps": [s.to_dict() for s in self.steps], "notes": [text_dict(n) for n in self.notes],
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
        raise DomainError.invalid("sale.proceeds", proceeds, msg("tax.common.not_negative"))
    if transfer < prop.acquired_on:
        raise DomainError.invalid("sale.transfer_date", transfer.isoformat(),
                                  msg("tax.common.on_or_after_acquisition", acquired=prop.acquired_on))
    estimated, est_step = _estimate(proceeds, transfer, book)
    costs = prop.acquisition_costs
    split = _split(prop)
    if split is None:
        return _estimate_only(costs, estimated, est_step)
    land, building, split_note = split
    notes = _notes(prop, building, split_note)
    years, depreciation, steps = _depreciation(prop, building, transfer, book)
    actual = land + building - depreciation + costs
    steps.append(Step.bare("actual_acquisition_cost") if not explaining() else Step(
        name="actual_acquisition_cost", label=msg("tax.acquisition.actual"),
        formula="land + building − depreciation + costs",
        inputs={"land": format_yen(land), "building": format_yen(building),
                "depreciation": format_yen(depreciation), "costs": format_yen(costs)},
        result=format_yen(actual),
    ))
    steps.append(est_step)
    method = AcquisitionMethod.ACTUAL if actual >= estimated else AcquisitionMethod.ESTIMATED
    used = max(actual, estimated)
    steps.append(Step.bare("acquisition_cost") if not explaining() else Step(
        name="acquisition_cost", label=msg("tax.acquisition.used"), formula="max(actual, estimated)",
        inputs={"actual": format_yen(actual), "estimated": format_yen(estimated)},
        result=format_yen(used), note=msg("tax.acquisition.method", method=method.value),
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
    if not explaining():
        return estimated, Step.bare("estimated_acquisition_cost", uses(est_rule))
    return estimated, Step(
        name="estimated_acquisition_cost", label=msg("tax.acquisition.estimated"),
        formula=f"proceeds × {format_percent(est_rate)}",
        inputs={"proceeds": format_yen(proceeds)}, result=format_yen(estimated),
        rounding=Rounding.FLOOR.label(), rules=uses(est_rule),
    )


def _estimate_only(costs: Yen, estimated: Yen, est_step: Step) -> AcquisitionCost:
    """Without the land/building split: the estimate, and a note that nothing was guessed."""
    notes: tuple[Text, ...] = (msg("tax.acquisition.no_split"),)
    unknown = both(msg("tax.common.unknown"))
    steps = (
        Step(
            name="actual_acquisition_cost", label=msg("tax.acquisition.actual"),
            formula="land + building − depreciation + costs",
            inputs={"land_price": unknown, "building_price": unknown},
            result=both(msg("tax.acquisition.not_computed")),
            note=msg("tax.acquisition.needs_building_price"),
        ),
        est_step,
        Step(
            name="acquisition_cost", label=msg("tax.acquisition.used"),
            formula=msg("tax.acquisition.estimated_formula").ja,
            inputs={"estimated": format_yen(estimated)}, result=format_yen(estimated),
        ),
    )
    return AcquisitionCost(
        land=0, building=0, depreciation=0, costs=costs, actual=0, estimated=estimated,
        used=estimated, method=AcquisitionMethod.ESTIMATED, elapsed_years=0, steps=steps,
        actual_known=False, notes=notes,
    )


def _split(prop: Property) -> tuple[Yen, Yen, Text | None] | None:
    """(land, building, note) from the purchase; None when the split is not known."""
    assert prop.acquisition_price is not None  # the callers check first (not_computed.py)
    land, building = prop.land_price, prop.building_price
    if land is not None and building is not None:
        if land + building != prop.acquisition_price:
            return land, building, msg("tax.acquisition.split_mismatch", land=land, building=building,
                                       price=prop.acquisition_price)
        return land, building, None
    if land is None and building is None:
        return None
    if land is not None:
        field, known, derived = "property.land_price", land, msg("tax.acquisition.building")
    else:
        assert building is not None
        field, known, derived = "property.building_price", building, msg("tax.acquisition.land")
    other = prop.acquisition_price - known
    if other < 0:
        raise DomainError.invalid(field, known, msg("tax.acquisition.at_most_price"))
    note = msg("tax.acquisition.derived", part=derived)
    return (known, other, note) if land is not None else (other, known, note)


def _notes(prop: Property, building: Yen, split_note: Text | None) -> list[Text]:
    """What the reader should know about the split, a used building and the costs."""
    assert prop.acquired_on is not None  # the callers check first (not_computed.py)
    notes: list[Text] = []
    if split_note:
        notes.append(split_note)
    if prop.built_on is not None and prop.built_on < prop.acquired_on and building > 0:
        notes.append(msg("tax.acquisition.used_building"))
    if prop.acquisition_costs > 0 and building > 0:
        notes.append(msg("tax.acquisition.costs_in_full"))
    return notes


def _depreciation(prop: Property, building: Yen, transfer: date,
                  book: RuleBook) -> tuple[int, Yen, list[Step]]:
    """(elapsed years, 減価の額, their steps) of the non-business building (旧定額法); worked out
    once per book for every sale of the plan on that day (each gets steps of its own)."""
    assert prop.acquired_on is not None  # the callers check first (not_computed.py)
    acquired_on, structure = prop.acquired_on, prop.structure
    years, depreciation, steps = book.derived(
        ("depreciation", structure, acquired_on, building, transfer),
        lambda: _worked_out(structure, acquired_on, building, transfer, book))
    return years, depreciation, [st.again() for st in steps]


def _worked_out(structure: Structure, acquired_on: date, building: Yen, transfer: date,
                book: RuleBook) -> tuple[int, Yen, tuple[Step, ...]]:
    table = book.at("depreciation.non_business_building", transfer)
    rules = book.at("depreciation.non_business_rules", transfer)
    row = next((r for r in table.value if r["structure"] == structure.value), None)
    if row is None:
        raise DomainError.invalid("property.structure", structure.value,
                                  msg("tax.acquisition.unknown_structure"))
    residual = rate(rules.value["residual_factor"])
    cap_ratio = rate(rules.value["cap_ratio"])
    round_up = int(rules.value["round_up_months"])
    life_rate = rate(row["rate"])
    months = whole_months(acquired_on, transfer)
    years = months // 12 + (1 if months % 12 >= round_up else 0)
    elapsed = Step(
        name="elapsed_years", label=msg("tax.acquisition.elapsed"),
        formula=f"whole months ÷ 12; a remainder of {round_up} months or more counts as a year, "
                "less is dropped",
        inputs={"acquired_on": acquired_on.isoformat(), "transfer": transfer.isoformat(),
                "elapsed": msg("tax.acquisition.elapsed_value", years=months // 12, months=months % 12).ja},
        result=msg("tax.common.years", years=years).ja,
        rounding=msg("tax.acquisition.elapsed_rounding", months=round_up).ja, rules=uses(rules),
    )
    raw = round_yen(building * residual * life_rate * years, Rounding.FLOOR)
    cap = round_yen(building * cap_ratio, Rounding.FLOOR)
    depreciation = min(raw, cap)
    worn = Step(
        name="depreciation", label=msg("tax.acquisition.depreciation"),
        formula=f"min(building × {rules.value['residual_factor']} × {row['rate']} × {years}, "
                f"building × {format_percent(cap_ratio)})",
        inputs={"building": format_yen(building), "structure": structure.value,
                "useful_life_years": msg("tax.common.years", years=row["useful_life_years"]).ja,
                "rate": str(row["rate"]), "elapsed_years": msg("tax.common.years", years=years).ja},
        result=format_yen(depreciation), rounding=Rounding.FLOOR.label(),
        rules=uses(table, rules),
        note=msg("tax.acquisition.capped") if raw > cap else None,
    )
    return years, depreciation, (elapsed, worn)
