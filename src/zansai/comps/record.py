"""One comparable sale (取引事例): a row of MLIT's 不動産取引価格情報 or 成約価格情報.

Money is integer yen, areas are ``Decimal`` square metres. MLIT caps large areas ("2000㎡以上"):
such an area is a lower bound and carries ``…_capped = True``. Every raw label is kept beside
its parsed value, so nothing MLIT wrote is lost.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal


class PriceClass(enum.Enum):
    """価格情報区分: what the price is."""

    TRANSACTION = "不動産取引価格情報"
    """A price reported by the parties in MLIT's survey (取引価格)."""
    CONTRACT = "成約価格情報"
    """A contract price from the REINS listing network (成約価格)."""


class Kind(enum.Enum):
    """種類: the kind of property sold."""

    LAND_AND_BUILDING = "宅地(土地と建物)"
    CONDO = "中古マンション等"
    LAND = "宅地(土地)"
    FARMLAND = "農地"
    FOREST = "林地"
    OTHER = "その他"


class Structure(enum.Enum):
    """建物の構造, coarsely: what a valuation adjusts for."""

    WOOD = "wood"
    """木造"""
    STEEL = "steel"
    """鉄骨造, 軽量鉄骨造"""
    RC = "rc"
    """ＲＣ (鉄筋コンクリート造)"""
    SRC = "src"
    """ＳＲＣ (鉄骨鉄筋コンクリート造)"""
    OTHER = "other"
    """ブロック造 and the rest"""


@dataclass(frozen=True, slots=True)
class Period:
    """取引時期: a calendar quarter (2024年第4四半期 = 2024, 4)."""

    year: int
    quarter: int

    @property
    def code(self) -> int:
        """20244 for 2024 Q4: sorts like the quarters."""
        return self.year * 10 + self.quarter

    @classmethod
    def of_code(cls, code: int) -> Period:
        return cls(code // 10, code % 10)

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"


@dataclass(frozen=True, slots=True)
class Comparable:
    """One transaction as MLIT publishes it (every optional field is None where MLIT left it blank)."""

    price_class: PriceClass
    kind: Kind
    kind_label: str
    """種類 as written (kept for Kind.OTHER)."""
    region: str | None
    """地域 (住宅地, 商業地…; land only)."""
    municipality_code: str
    """市区町村コード: five digits (13102 = 中央区)."""
    prefecture: str
    municipality: str
    district: str | None
    """地区名"""
    station: str | None
    """最寄駅：名称"""
    station_minutes_raw: str | None
    """最寄駅：距離（分） as written: 5, 30分～60分, 1H～1H30, 1H30～2H, 2H～."""
    station_minutes_min: int | None
    station_minutes_max: int | None
    """Upper bound of the walk in minutes; None when open ("2H～") or not given."""
    trade_price: int
    """取引価格（総額）, yen."""
    tsubo_price: int | None
    """坪単価, yen per 坪 (land only)."""
    floor_plan: str | None
    """間取り (3LDK…)."""
    area_m2: Decimal | None
    """面積（㎡）: land area, or a condo's floor area (専有面積)."""
    area_capped: bool
    """True when MLIT wrote "2000㎡以上": ``area_m2`` is then a lower bound."""
    unit_price: int | None
    """取引価格（㎡単価）, yen per m² (land only)."""
    land_shape: str | None
    """土地の形状"""
    frontage: str | None
    """間口 as written (m, "50.0m以上")."""
    total_floor_area_m2: Decimal | None
    """延床面積（㎡）"""
    total_floor_area_capped: bool
    building_year: int | None
    """建築年 as a Gregorian year; None when not given or before the war."""
    building_year_raw: str | None
    """建築年 as written (1990年, 平成2年, 戦前)."""
    prewar: bool
    """建築年 = 戦前: built before 1945, year unknown."""
    structure: Structure | None
    structure_label: str | None
    """建物の構造 as written (ＲＣ, 木造, ＳＲＣ、木造…)."""
    use: str | None
    """用途"""
    future_use: str | None
    """今後の利用目的"""
    road_direction: str | None
    """前面道路：方位"""
    road_type: str | None
    """前面道路：種類"""
    road_width: str | None
    """前面道路：幅員（ｍ） as written."""
    city_planning: str | None
    """都市計画 (用途地域)."""
    coverage_ratio: str | None
    """建ぺい率（％） as written."""
    floor_area_ratio: str | None
    """容積率（％） as written."""
    period: Period
    """取引時期"""
    renovated: bool | None
    """改装: 改装済み True, 未改装 False, None when not given."""
    remarks: str | None
    """取引の事情等 (調停・競売等, 関係者間取引…)."""

    def age_on(self, year: int) -> int | None:
        """The building's age in whole years in ``year`` (None when its year is unknown)."""
        return None if self.building_year is None else year - self.building_year

    def price_per_m2(self) -> Decimal | None:
        """Price per m² of ``area_m2`` (exact; None without an area or with a capped one)."""
        if self.area_m2 is None or self.area_capped or not self.area_m2:
            return None
        return Decimal(self.trade_price) / self.area_m2
