"""``zansai comps query --json``: the comparables selected, as documented in docs/comps.md."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zansai.comps.query import Selection
    from zansai.comps.record import Comparable
    from zansai.messages import Msg


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def comparable_to_dict(c: Comparable) -> dict[str, Any]:
    """One comparable: money in integer yen, areas as exact decimal strings."""
    per_m2 = c.price_per_m2()
    return {
        "price_class": c.price_class.name.lower(),
        "kind": c.kind.name.lower(),
        "kind_label": c.kind_label,
        "region": c.region,
        "municipality_code": c.municipality_code,
        "prefecture": c.prefecture,
        "municipality": c.municipality,
        "district": c.district,
        "station": c.station,
        "station_minutes": {
            "raw": c.station_minutes_raw,
            "min": c.station_minutes_min,
            "max": c.station_minutes_max,
        },
        "trade_price": c.trade_price,
        "tsubo_price": c.tsubo_price,
        "unit_price": c.unit_price,
        "price_per_m2": None if per_m2 is None else int(per_m2),
        "floor_plan": c.floor_plan,
        "area_m2": _dec(c.area_m2),
        "area_capped": c.area_capped,
        "total_floor_area_m2": _dec(c.total_floor_area_m2),
        "total_floor_area_capped": c.total_floor_area_capped,
        "building_year": c.building_year,
        "building_year_raw": c.building_year_raw,
        "prewar": c.prewar,
        "structure": None if c.structure is None else c.structure.value,
        "structure_label": c.structure_label,
        "use": c.use,
        "future_use": c.future_use,
        "land_shape": c.land_shape,
        "frontage": c.frontage,
        "road": {"direction": c.road_direction, "type": c.road_type, "width": c.road_width},
        "city_planning": c.city_planning,
        "coverage_ratio": c.coverage_ratio,
        "floor_area_ratio": c.floor_area_ratio,
        "period": str(c.period),
        "renovated": c.renovated,
        "remarks": c.remarks,
    }


def selection_to_dict(selection: Selection, credits: list[Msg]) -> dict[str, Any]:
    """The query, how many matched, the comparables shown (newest first) and the credit lines."""
    c = selection.criteria

    def pair(bounds: tuple[Any, Any]) -> list[Any] | None:
        return None if bounds == (None, None) else [None if b is None else str(b) for b in bounds]

    return {
        "criteria": {
            "city": c.city,
            "district": c.district,
            "kind": None if c.kind is None else c.kind.name.lower(),
            "area_m2": pair(c.area),
            "floor_area_m2": pair(c.floor_area),
            "age_years": None if c.age == (None, None) else list(c.age),
            "on": None if c.on is None else c.on.isoformat(),
            "structure": None if c.structure is None else c.structure.value,
            "from": None if c.since is None else str(c.since),
            "to": None if c.until is None else str(c.until),
            "limit": c.limit,
        },
        "total": selection.total,
        "shown": len(selection.comparables),
        "comparables": [comparable_to_dict(x) for x in selection.comparables],
        "credit": [{"ja": m.text("ja"), "en": m.text("en")} for m in credits],
    }
