"""The comparables basis of a valuation (取引事例比較): a range from recent sales nearby.

Each comparable's price per m² is time-adjusted to the valuation date by the MLIT price index
(``zansai.engine.price_index``); the range is the 25th–75th percentile of the adjusted prices per
m² × the subject's area, the central value the median. The measure of area is the one MLIT gives
for every sale of the kind: a condominium's 専有面積 (``area_m2``); a house's 延床面積
(``total_floor_area_m2``: the price pays for the building too, and the owner knows the floor area,
while the land area enters the closeness test); land's 土地面積. There is no age adjustment: no
published standard grounds one, so closeness in building year counts toward the confidence
instead. The quantiles are linear interpolation between order statistics on exact fractions
(Hyndman–Fan type 7, as Excel's PERCENTILE.INC and numpy's default), and a yen figure is the
exact one rounded down (1円未満切捨て). The basis sits beside appraisals and 路線価; it never
replaces a value the user entered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Protocol

from zansai.engine.price_index import (
    INDEX_RULE,
    ROUNDING,
    IndexFlag,
    PriceIndexTable,
    Series,
    TimeAdjustment,
    decimal_text,
    time_adjustment,
)
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.money import Yen, format_yen, round_yen
from zansai.rules import RuleBook
from zansai.trace import Explanation, RuleUse, Step, Text, text_dict

__all__ = ["ComparableSale", "ComparableUse", "ComparablesBasis", "Confidence", "PropertyKind",
           "Subject", "comparables_basis", "kind_of", "quantile", "structure_classes"]

MATCHING_RULE = "comparables.matching"
ROUNDING_TEXT = ROUNDING.label()


class PropertyKind(StrEnum):
    """The kinds of sale compared: 中古マンション等, 宅地(土地と建物), 宅地(土地)."""

    CONDO = "condo"
    HOUSE = "house"
    LAND = "land"


_KIND_NAMES = {"中古マンション等": PropertyKind.CONDO, "宅地(土地と建物)": PropertyKind.HOUSE,
               "宅地(土地)": PropertyKind.LAND, "mansion": PropertyKind.CONDO}
_PREFECTURE_SERIES = {"13": "tokyo", "23": "aichi", "27": "osaka"}
"""Prefectures with their own published series (東京都, 愛知県, 大阪府); others use the national
series (blocks need a cited list of their prefectures before they are used)."""


_STRUCTURE_CLASSES = {
    "wood": ("木造", "wood", "wood_mortar", "w"),
    "rc": ("rc", "src", "rc_src", "鉄筋コンクリート", "鉄骨鉄筋コンクリート"),
    "steel": ("鉄骨造", "軽量鉄骨造", "s", "light_steel_3mm", "steel_4mm", "heavy_steel"),
    "block": ("ブロック造", "brick_stone_block", "b"),
}
_STRUCTURE_OF = {name: cls for cls, names in _STRUCTURE_CLASSES.items() for name in names}


def structure_classes(value: object) -> frozenset[str]:
    """The coarse structure classes (wood, rc, steel, block) of a structure: our enum's values or
    MLIT's 構造 text (full-width ＲＣ included, several separated by 、); empty when unknown."""
    if value is None:
        return frozenset()
    text = unicodedata.normalize("NFKC", str(getattr(value, "value", value))).lower()
    parts = (p.strip() for p in text.replace("、", ",").split(","))
    return frozenset(cls for p in parts if (cls := _STRUCTURE_OF.get(p)))


def kind_of(value: object) -> PropertyKind | None:
    """The kind of a sale's type field (our words or MLIT's 種類), None for any other."""
    text = str(getattr(value, "value", value)).strip()
    try:
        return PropertyKind(text)
    except ValueError:
        return _KIND_NAMES.get(text.replace("（", "(").replace("）", ")"))


class ComparableSale(Protocol):
    """What the valuation reads of a recorded sale (the comps store's record satisfies it)."""

    @property
    def kind(self) -> object: ...
    @property
    def trade_price(self) -> int: ...
    @property
    def area_m2(self) -> Decimal | None: ...
    @property
    def total_floor_area_m2(self) -> Decimal | None: ...
    @property
    def building_year(self) -> int | None: ...
    @property
    def structure(self) -> object: ...
    @property
    def period(self) -> tuple[int, int]: ...
    @property
    def municipality_code(self) -> str: ...
    @property
    def district(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Subject:
    """The home valued: its kind, areas (m²), building year, structure and location."""

    kind: PropertyKind
    floor_area_m2: Decimal | None = None
    """専有面積 of a condominium, 延床面積 of a house."""
    land_area_m2: Decimal | None = None
    building_year: int | None = None
    structure: str | None = None
    municipality_code: str | None = None
    district: str | None = None

    def area(self) -> Decimal:
        """The area the price per m² multiplies (a one-line error naming the field if missing)."""
        area = self.land_area_m2 if self.kind is PropertyKind.LAND else self.floor_area_m2
        field = "property.land_area_m2" if self.kind is PropertyKind.LAND else "property.floor_area_m2"
        if area is None or not area.is_finite() or area <= 0:
            raise DomainError.invalid(field, area, msg("comparables.errors.subject_area"))
        return area


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class ComparableUse:
    """One comparable as used: its price per m², its time adjustment and how close it is."""

    sale: ComparableSale
    area_m2: Decimal
    price_per_m2: Fraction
    adjustment: TimeAdjustment
    misses: tuple[str, ...]
    """The closeness tests the sale fails (see ``_misses``); empty when it is close."""
    steps: tuple[Step, ...]

    @property
    def close(self) -> bool:
        return not self.misses

    @property
    def adjusted_per_m2(self) -> Fraction:
        return self.price_per_m2 * self.adjustment.factor

    def to_dict(self) -> dict[str, Any]:
        year, quarter = self.sale.period
        return {"period": f"{year}Q{quarter}", "municipality_code": self.sale.municipality_code,
                "district": self.sale.district, "trade_price": self.sale.trade_price,
                "area_m2": str(self.area_m2),
                "building_year": self.sale.building_year,
                "price_per_m2": round_yen(self.price_per_m2, ROUNDING),
                "index_series": f"{self.adjustment.series.region}/{self.adjustment.series.type}",
                "index_factor": str(self.adjustment.factor),
                "index_factor_decimal": decimal_text(self.adjustment.factor, 6),
                "adjusted_per_m2": round_yen(self.adjusted_per_m2, ROUNDING),
                "flags": [str(f) for f in self.adjustment.flags], "close": self.close,
                "misses": list(self.misses)}


@dataclass(frozen=True, slots=True)
class ComparablesBasis:
    """The range from comparable sales: None figures (and confidence none) when too few matched."""

    low: Yen | None
    central: Yen | None
    high: Yen | None
    area_m2: Decimal | None
    confidence: Confidence
    used: tuple[ComparableUse, ...]
    excluded: int
    steps: tuple[Step, ...]
    notes: tuple[Text, ...]
    rules: tuple[RuleUse, ...]

    def explain(self) -> Explanation:
        steps = tuple(s for u in self.used for s in u.steps) + self.steps
        ja, en = msg("comparables.notes.title")
        return Explanation(title=f"{ja} / {en}", steps=steps,
                           notes=tuple(f"{n[0]} / {n[1]}" for n in self.notes))

    def to_dict(self) -> dict[str, Any]:
        """low / central / high (yen or null), area_m2, confidence, count, excluded, comparables
        (per sale: period, location, trade price, area, price and adjusted price per m² in yen
        rounded down, the index series and exact factor, flags, close and misses), steps, notes,
        rules_used and price_index (its rule key and the sources of the values used)."""
        return {"low": self.low, "central": self.central, "high": self.high,
                "area_m2": None if self.area_m2 is None else str(self.area_m2),
                "confidence": str(self.confidence), "count": len(self.used),
                "excluded": self.excluded, "comparables": [u.to_dict() for u in self.used],
                "steps": [s.to_dict() for s in self.steps],
                "notes": [text_dict(n) for n in self.notes],
                "rules_used": [r.ref() for r in self.rules],
                "price_index": {"key": INDEX_RULE, "sources": sorted(
                    {s for u in self.used for s in u.adjustment.sources})}}


def quantile(ordered: Sequence[Fraction], p: Fraction) -> Fraction:
    """The ``p`` quantile (0 ≤ p ≤ 1) of sorted values, linear between order statistics (type 7):
    h = (n − 1)·p, Q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]), exact."""
    if not ordered:
        raise ValueError("no values")
    if not 0 <= p <= 1:
        raise ValueError("p must be within [0, 1]")
    h = (len(ordered) - 1) * p
    lo = int(h)  # h ≥ 0: the floor
    if lo + 1 >= len(ordered):
        return ordered[-1]
    return ordered[lo] + (h - lo) * (ordered[lo + 1] - ordered[lo])


def comparables_basis(subject: Subject, comps: Sequence[ComparableSale], on: date,
                      index_table: PriceIndexTable, rules: RuleBook) -> ComparablesBasis:
    """The comparables basis of ``subject`` on ``on`` from the matched sales ``comps``."""
    resolved = rules.at(MATCHING_RULE, on)
    params: Mapping[str, Any] = resolved.value
    uses = [RuleUse.of(resolved)]
    area = subject.area()
    notes: list[Text] = [msg("comparables.notes.not_an_appraisal")]
    used: list[ComparableUse] = []
    for sale in comps:
        use = _use(sale, subject, on, index_table, params)
        if use is not None:
            used.append(use)
    excluded = len(comps) - len(used)
    if excluded:
        notes.append(msg("comparables.notes.excluded", count=excluded))
    if subject.kind is not PropertyKind.LAND:
        notes.append(msg("comparables.notes.no_age_adjustment"))
    notes.extend(_index_notes(used, on))
    if len(used) < params["min_comps"]:
        notes += [msg("comparables.notes.too_few", count=len(used), minimum=params["min_comps"]),
                  msg("comparables.notes.how_to_add")]
        return ComparablesBasis(None, None, None, area, Confidence.NONE, tuple(used), excluded,
                                (), tuple(notes), tuple(uses))
    level, close = _confidence(used, params)
    if level is not _confidence_uncapped(used, params):
        notes.append(msg("comparables.notes.capped"))
    notes.append(msg("comparables.notes.confidence", level=msg(f"comparables.confidence.{level}"),
                     count=len(used), close=close))
    low, central, high, steps = _range(used, area, tuple(uses))
    return ComparablesBasis(low, central, high, area, level, tuple(used), excluded, steps,
                            tuple(notes), tuple(uses))


def _use(sale: ComparableSale, subject: Subject, on: date, table: PriceIndexTable,
         params: Mapping[str, Any]) -> ComparableUse | None:
    """One sale priced per m² and time-adjusted; None when it is of another kind or has no area."""
    kind = kind_of(sale.kind)
    if kind is not subject.kind or sale.trade_price <= 0:
        return None
    area = _sale_area(sale, kind)
    if area is None or not area.is_finite() or area <= 0:
        return None
    per_m2 = Fraction(sale.trade_price) / Fraction(area)
    adjustment = _adjust(sale, kind, on, table, params["index_max_lag_months"])
    price_step = Step(
        name="price_per_m2", label=msg("comparables.steps.price_per_m2"),
        formula="trade price ÷ area",
        inputs={"trade_price": format_yen(sale.trade_price), "area_m2": f"{area}㎡",
                "period": f"{sale.period[0]}Q{sale.period[1]}", "district": sale.district},
        result=format_yen(round_yen(per_m2, ROUNDING)), rounding=ROUNDING_TEXT)
    adjusted = round_yen(per_m2 * adjustment.factor, ROUNDING)
    time_step = adjustment.step(per_m2, sale.period, on, format_yen(adjusted))
    return ComparableUse(sale, area, per_m2, adjustment, _misses(sale, subject, on, params),
                         (price_step, time_step))


def _sale_area(sale: ComparableSale, kind: PropertyKind) -> Decimal | None:
    return sale.total_floor_area_m2 if kind is PropertyKind.HOUSE else sale.area_m2


def _adjust(sale: ComparableSale, kind: PropertyKind, on: date, table: PriceIndexTable,
            max_lag: int) -> TimeAdjustment:
    """The sale's prefecture series when the table has it and it adjusts, else the national one."""
    region = _PREFECTURE_SERIES.get(str(sale.municipality_code)[:2])
    national = time_adjustment(sale.period, on, Series("national", kind.value), table, max_lag)
    if region is None:
        return national
    local = time_adjustment(sale.period, on, Series(region, kind.value), table, max_lag)
    return local if local.adjusted or not national.adjusted else national


def _ratio_ok(a: Decimal | None, b: Decimal | None, limit: Fraction) -> bool:
    """Areas within ``limit`` of each other either way (unknown on either side: not close)."""
    if a is None or b is None or a <= 0 or b <= 0:
        return False
    ratio = Fraction(a) / Fraction(b)
    return 1 / limit <= ratio <= limit


def _misses(sale: ComparableSale, subject: Subject, on: date,
            params: Mapping[str, Any]) -> tuple[str, ...]:
    """Where the sale is not close to the subject: "area", "land_area", "age", "structure",
    "district" (each tested only when both sides are known, except area and age, whose absence
    counts as not close) and "recency". Empty = close."""
    limit = Fraction(params["area_ratio_max"])
    kind = subject.kind
    checks: dict[str, bool] = {}
    if kind is PropertyKind.LAND:
        checks["area"] = _ratio_ok(sale.area_m2, subject.land_area_m2, limit)
    else:
        checks["area"] = _ratio_ok(_sale_area(sale, kind), subject.floor_area_m2, limit)
        if kind is PropertyKind.HOUSE and subject.land_area_m2 is not None:
            checks["land_area"] = _ratio_ok(sale.area_m2, subject.land_area_m2, limit)
        checks["age"] = (sale.building_year is not None and subject.building_year is not None
                         and abs(sale.building_year - subject.building_year)
                         <= params["age_diff_years_max"])
        mine, theirs = structure_classes(subject.structure), structure_classes(sale.structure)
        if mine and theirs:
            checks["structure"] = bool(mine & theirs)
    if subject.district and sale.district:
        checks["district"] = sale.district == subject.district
    year, quarter = sale.period
    checks["recency"] = (on.year - year) * 12 + on.month - 3 * quarter <= params["recency_months"]
    return tuple(name for name, ok in checks.items() if not ok)


def _confidence_uncapped(used: Sequence[ComparableUse], params: Mapping[str, Any]) -> Confidence:
    n, close = len(used), sum(u.close for u in used)
    if n >= params["high_min_comps"] and close >= params["high_min_close"]:
        return Confidence.HIGH
    if n >= params["medium_min_comps"] and close >= params["medium_min_close"]:
        return Confidence.MEDIUM
    return Confidence.LOW


def _confidence(used: Sequence[ComparableUse], params: Mapping[str, Any]) -> tuple[Confidence, int]:
    """The level from how many and how close, lowered one step when any sale is not
    time-adjusted and to low when half or more are not."""
    level = _confidence_uncapped(used, params)
    unadjusted = sum(not u.adjustment.adjusted for u in used)
    order = [Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH]
    if unadjusted * 2 >= len(used) and unadjusted:
        level = Confidence.LOW
    elif unadjusted:
        level = order[max(0, order.index(level) - 1)]
    return level, sum(u.close for u in used)


def _index_notes(used: Sequence[ComparableUse], on: date) -> list[Text]:
    notes: list[Text] = []
    missing = [u for u in used if IndexFlag.MISSING in u.adjustment.flags]
    mismatch = [u for u in used if IndexFlag.BASIS_MISMATCH in u.adjustment.flags]
    if missing:
        quarters = sorted({u.sale.period for u in missing})
        notes.append(msg("comparables.notes.index_missing", to=on.isoformat()[:7], count=len(missing),
                         period="、".join(f"{y}Q{q}" for y, q in quarters)))
    if mismatch:
        notes.append(msg("comparables.notes.basis_mismatch", count=len(mismatch)))
    carried = sorted({u.adjustment.to_month for u in used if u.adjustment.to_month
                      and IndexFlag.CARRIED_FORWARD in u.adjustment.flags})
    if carried:
        notes.append(msg("comparables.notes.carried_forward", month="、".join(carried)))
    if any(u.adjustment.series.region == "national" and u.adjustment.adjusted
           and str(u.sale.municipality_code)[:2] in _PREFECTURE_SERIES for u in used):
        notes.append(msg("comparables.notes.national_series"))
    return notes


def _range(used: Sequence[ComparableUse], area: Decimal,
           uses: tuple[RuleUse, ...]) -> tuple[Yen, Yen, Yen, tuple[Step, ...]]:
    """P25, P50 and P75 of the adjusted prices per m², × area, each rounded down to the yen."""
    ordered = sorted(u.adjusted_per_m2 for u in used)
    q25, q50, q75 = (quantile(ordered, Fraction(k, 4)) for k in (1, 2, 3))
    a = Fraction(area)
    low, central, high = (round_yen(q * a, ROUNDING) for q in (q25, q50, q75))
    per_m2 = {"n": str(len(ordered)),
              "adjusted_per_m2_sorted": ", ".join(format_yen(round_yen(x, ROUNDING)) for x in ordered),
              "method": "linear between order statistics (type 7): h = (n − 1)·p"}
    steps = (
        Step(name="comparables_quantiles", label=msg("comparables.steps.quantiles"),
             formula="P25, P50, P75 of the time-adjusted prices per m²", inputs=per_m2,
             result=" / ".join(format_yen(round_yen(q, ROUNDING)) for q in (q25, q50, q75)),
             rounding=ROUNDING_TEXT),
        Step(name="comparables_range", label=msg("comparables.steps.range"),
             formula="P25 × area, P75 × area", inputs={"area_m2": f"{area}㎡"},
             result=f"{format_yen(low)} – {format_yen(high)}", rounding=ROUNDING_TEXT, rules=uses),
        Step(name="comparables_central", label=msg("comparables.steps.central"),
             formula="median (P50) × area", inputs={"area_m2": f"{area}㎡"},
             result=format_yen(central), rounding=ROUNDING_TEXT, rules=uses),
    )
    return low, central, high, steps
