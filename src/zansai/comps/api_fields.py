"""The fields of MLIT's 不動産情報ライブラリ API answers, and how XIT001's map onto the download CSV.

Field names are the API's own tag names, verbatim (docs/sources/mlit-reinfolib-api.md §3, §4):
XIT001 (不動産価格（取引価格・成約価格）情報取得API) answers every value as a string; XPT002
(地価公示・地価調査のポイント（点）API) declares a few integer and boolean properties beside its
strings. ``XIT001_TO_CSV`` names, for each XIT001 key, the column of the CSV that MLIT offers for
download, so that one parser (keyed by the CSV's Japanese column names) reads both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

XIT001_TO_CSV: dict[str, str] = {
    "Type": "種類",
    "PriceCategory": "価格情報区分",
    "Region": "地域",
    "MunicipalityCode": "市区町村コード",
    "Prefecture": "都道府県名",
    "Municipality": "市区町村名",
    "DistrictName": "地区名",
    "TradePrice": "取引価格（総額）",
    "PricePerUnit": "坪単価",
    "FloorPlan": "間取り",
    "Area": "面積（㎡）",
    "UnitPrice": "取引価格（㎡単価）",
    "LandShape": "土地の形状",
    "Frontage": "間口",
    "TotalFloorArea": "延床面積（㎡）",
    "BuildingYear": "建築年",
    "Structure": "建物の構造",
    "Use": "用途",
    "Purpose": "今後の利用目的",
    "Direction": "前面道路：方位",
    "Classification": "前面道路：種類",
    "Breadth": "前面道路：幅員（ｍ）",
    "CityPlanning": "都市計画",
    "CoverageRatio": "建ぺい率（％）",
    "FloorAreaRatio": "容積率（％）",
    "Period": "取引時期",
    "Renovation": "改装",
    "Remarks": "取引の事情等",
}
"""XIT001 key → download-CSV column. ``DistrictCode`` (地区コード) has no CSV column."""

CSV_COLUMNS: tuple[str, ...] = (
    "種類", "価格情報区分", "地域", "市区町村コード", "都道府県名", "市区町村名", "地区名",
    "最寄駅：名称", "最寄駅：距離（分）", "取引価格（総額）", "坪単価", "間取り", "面積（㎡）",
    "取引価格（㎡単価）", "土地の形状", "間口", "延床面積（㎡）", "建築年", "建物の構造", "用途",
    "今後の利用目的", "前面道路：方位", "前面道路：種類", "前面道路：幅員（ｍ）", "都市計画",
    "建ぺい率（％）", "容積率（％）", "取引時期", "改装", "取引の事情等",
)
"""The download CSV's header, in its order."""

CSV_ONLY_COLUMNS: tuple[str, ...] = ("最寄駅：名称", "最寄駅：距離（分）")
"""Columns XIT001 does not answer (the nearest station): blank ("not given") in API rows."""

XIT001_FIELDS: frozenset[str] = frozenset(XIT001_TO_CSV) | {"DistrictCode"}
"""Every key an XIT001 record may carry."""

XIT001_REQUIRED: frozenset[str] = frozenset({
    "Type", "PriceCategory", "MunicipalityCode", "Prefecture", "Municipality", "DistrictName",
    "TradePrice", "Period",
})
"""Keys without which a record cannot be a comparable (kind, where, price, when)."""

XPT002_INT_FIELDS: frozenset[str] = frozenset({
    "point_id", "land_price_type", "last_years_price", "frontage_ratio", "depth_ratio",
    "front_road_width", "proximity_to_transportation_facilitites", "pause_flag",
})
"""XPT002 properties the manual declares 整数型 (they may also arrive as digit strings)."""

XPT002_BOOL_FIELDS: frozenset[str] = frozenset({
    "gas_supply_availability", "water_supply_availability", "sewer_supply_availability",
})
"""XPT002 properties the manual declares 真偽型; returned as "true" / "false"."""

XPT002_STR_FIELDS: frozenset[str] = frozenset({
    "target_year_name_ja", "prefecture_code", "prefecture_name_ja", "city_code",
    "use_category_name_ja", "standard_lot_number_ja", "city_county_name_ja",
    "ward_town_village_name_ja", "place_name_ja", "residence_display_name_ja",
    "location_number_ja", "u_current_years_price_ja", "year_on_year_change_rate",
    "u_cadastral_ja", "building_structure_name_ja", "u_ground_hierarchy_ja",
    "u_underground_hierarchy_ja", "front_road_name_ja", "front_road_azimuth_name_ja",
    "front_road_pavement_condition", "side_road_azimuth_name_ja", "side_road_name_ja",
    "nearest_station_name_ja", "u_road_distance_to_nearest_station_name_ja",
    "usage_status_name_ja", "current_usage_status_of_surrounding_land_name_ja",
    "area_division_name_ja", "regulations_use_category_name_ja",
    "regulations_altitude_district_name_ja", "regulations_fireproof_name_ja",
    "u_regulations_building_coverage_ratio_ja", "u_regulations_floor_area_ratio_ja",
    "regulations_forest_law_name_ja", "regulations_park_law_name_ja", "usage_category_name_ja",
    "location", "shape", "front_road_condition", "side_road_condition", "park_forest_law",
})
"""XPT002 properties the manual declares 文字列型."""

XPT002_FIELDS: frozenset[str] = XPT002_INT_FIELDS | XPT002_BOOL_FIELDS | XPT002_STR_FIELDS

XPT002_IGNORED: frozenset[str] = frozenset({"_id", "_index"})
"""Undocumented search-index metadata some tile answers carry; dropped, not refused."""

XPT002_REQUIRED: frozenset[str] = frozenset({
    "point_id", "land_price_type", "city_code", "standard_lot_number_ja",
    "u_current_years_price_ja",
})
"""Keys without which a point cannot be used (which point, which survey, where, its price)."""

XPT002_USE_CATEGORIES: frozenset[str] = frozenset({"00", "03", "05", "07", "09", "10", "13", "20"})
"""``useCategoryCode`` values: 住宅地, 宅地見込地, 商業地, 準工業地, 工業地, 調整区域内宅地,
現況林地, 林地 (the last two surveys only)."""


def as_csv_rows(rows: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    """XIT001 records re-keyed by the download CSV's column names, in the CSV's column order.

    The nearest-station columns, which the API does not answer, are blank, as the CSV writes a
    value not given; so is any optional key a record lacks. ``DistrictCode`` is dropped. Rows
    should come from ``language="ja"``: the CSV's values are Japanese."""
    out: list[dict[str, str]] = []
    by_column = {column: key for key, column in XIT001_TO_CSV.items()}
    for row in rows:
        out.append({column: (row.get(by_column[column], "") if column in by_column else "")
                    for column in CSV_COLUMNS})
    return out
