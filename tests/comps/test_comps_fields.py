"""The download CSV's cells parsed strictly (docs/sources/mlit-comps.md §1, §3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zansai.comps.csvfile import CsvFile, check_header
from zansai.comps.fields import HEADER, parse_cells, parse_row
from zansai.comps.record import Kind, Period, PriceClass, Structure
from zansai.errors import InputError

FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "comps"


def rows_of(name: str) -> list:
    text = CsvFile.read(FIXTURES / name).text
    import csv
    import io

    records = list(csv.reader(io.StringIO(text, newline="")))
    return [parse_row(dict(zip(records[0], r, strict=True)), n) for n, r in enumerate(records[1:], start=2)]


def test_the_header_has_the_30_download_columns_in_order() -> None:
    # docs/sources/mlit-comps.md §1
    assert len(HEADER) == 30
    assert HEADER[:4] == ("種類", "価格情報区分", "地域", "市区町村コード")
    assert HEADER[27:] == ("取引時期", "改装", "取引の事情等")


def test_a_condo_row_parses_every_field_exactly() -> None:
    c = rows_of("tokyo-cp932.csv")[0]
    assert c.price_class is PriceClass.TRANSACTION
    assert (c.kind, c.kind_label) == (Kind.CONDO, "中古マンション等")
    assert (c.municipality_code, c.prefecture, c.municipality, c.district) == (
        "13102",
        "東京都",
        "中央区",
        "月島",
    )
    assert (c.station, c.station_minutes_raw, c.station_minutes_min, c.station_minutes_max) == (
        "月島",
        "5",
        5,
        5,
    )
    assert c.trade_price == 52_000_000
    assert isinstance(c.trade_price, int)
    assert c.area_m2 == Decimal(65)
    assert not c.area_capped
    assert c.price_per_m2() == Decimal(800_000)
    assert (c.floor_plan, c.building_year, c.building_year_raw, c.prewar) == (
        "2ＬＤＫ",
        2005,
        "2005年",
        False,
    )
    assert (c.structure, c.structure_label) == (Structure.RC, "ＲＣ")
    assert (c.city_planning, c.coverage_ratio, c.floor_area_ratio) == ("商業地域", "80", "500")
    assert c.period == Period(2024, 4)
    assert c.renovated is True
    assert c.remarks is None
    assert c.region is None
    assert c.tsubo_price is None
    assert c.unit_price is None
    assert c.total_floor_area_m2 is None


def test_bands_caps_eras_and_the_war() -> None:
    rows = rows_of("tokyo-cp932.csv")
    condo_1990 = rows[1]
    assert condo_1990.price_class is PriceClass.CONTRACT
    assert (condo_1990.station_minutes_min, condo_1990.station_minutes_max) == (30, 60)
    assert (condo_1990.building_year, condo_1990.building_year_raw) == (1990, "平成2年")  # 平成2年 = 1990
    assert condo_1990.structure is Structure.SRC
    assert condo_1990.renovated is False
    house = rows[2]
    assert house.prewar
    assert house.building_year is None
    assert house.building_year_raw == "戦前"
    assert (house.structure, house.frontage, house.road_width) == (Structure.WOOD, "6.5", "4.0")
    assert house.total_floor_area_m2 == Decimal(120)
    assert house.remarks == "関係者間取引"
    ginza = rows[3]
    assert (ginza.kind, ginza.area_m2, ginza.area_capped) == (Kind.LAND, Decimal(2000), True)
    assert ginza.price_per_m2() is None  # a lower bound of the area gives no price per m²
    assert (ginza.unit_price, ginza.tsubo_price, ginza.frontage) == (1_500_000, 4_900_000, "50.0m以上")
    assert rows[4].building_year == 1987
    assert rows[4].station_minutes_raw is None
    assert (rows[5].kind, rows[5].station_minutes_min, rows[5].station_minutes_max) == (Kind.FOREST, 90, 120)
    assert rows[6].building_year == 2019
    assert rows[6].structure is Structure.STEEL
    assert (rows[7].kind, rows[7].station_minutes_min, rows[7].station_minutes_max) == (
        Kind.FARMLAND,
        120,
        None,
    )
    office = rows[8]
    assert (office.total_floor_area_m2, office.total_floor_area_capped) == (Decimal(2000), True)
    small = rows[9]
    assert small.area_m2 == Decimal("45.5")
    assert small.building_year == 1989
    assert small.structure is Structure.RC  # ＲＣ、木造: by its sturdiest part


def test_the_utf8_copy_parses_to_the_same_records() -> None:
    assert rows_of("tokyo-utf8-bom.csv") == rows_of("tokyo-cp932.csv")


def _good_cells() -> list[str]:
    text = CsvFile.read(FIXTURES / "tokyo-utf8-bom.csv").text
    return text.splitlines()[1].split(",")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("取引価格（総額）", "5200万円"),
        ("取引価格（総額）", "52,000,000"),
        ("取引価格（総額）", " 52000000"),
        ("面積（㎡）", "65平米"),
        ("面積（㎡）", "-65"),
        ("面積（㎡）", "65.125"),
        ("面積（㎡）", "0㎡以上"),
        ("最寄駅：距離（分）", "5分"),
        ("最寄駅：距離（分）", "60分～"),
        ("建築年", "90"),
        ("建築年", "平成40年"),
        ("建築年", "大化2年"),
        ("取引時期", "2024年第5四半期"),
        ("取引時期", "2024/10"),
        ("市区町村コード", "1310"),
        ("価格情報区分", "取引価格"),
        ("改装", "済"),
        ("坪単価", "1.5"),
    ],
)
def test_a_bad_cell_is_refused_naming_its_column_and_row(column: str, value: str) -> None:
    cells = _good_cells()
    cells[HEADER.index(column)] = value
    with pytest.raises(InputError) as caught:
        parse_cells(cells, 17)
    err = caught.value
    assert err.field == column
    assert f"17行目の「{column}」" in err.message_ja
    assert f"row 17, column 「{column}」" in err.message_en
    assert value.strip() in err.message_ja


@pytest.mark.parametrize("column", ["種類", "価格情報区分", "市区町村コード", "取引価格（総額）", "取引時期"])
def test_a_required_cell_left_blank_is_refused(column: str) -> None:
    cells = _good_cells()
    cells[HEADER.index(column)] = ""
    with pytest.raises(InputError, match=f"3行目の「{column}」が空です"):
        parse_cells(cells, 3)


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(InputError, match="4行目の列の数が29です"):
        parse_cells(_good_cells()[:-1], 4)


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ([("取引時点" if h == "取引時期" else h) for h in HEADER], "列「取引時点」は"),
        (list(HEADER[:-1]), "列「取引の事情等」がありません"),
        ([*HEADER, "No"], "列「No」は"),
        ([HEADER[1], HEADER[0], *HEADER[2:]], "列「価格情報区分」の位置が違います（2列目のはずが1列目）"),
        ([*HEADER, "種類"], "列「種類」が2回以上あります"),
        ([h.replace("（", "(").replace("）", ")") for h in HEADER], "列「最寄駅：距離(分)」は"),
    ],
)
def test_a_wrong_header_is_refused_naming_the_column(header: list[str], named: str) -> None:
    with pytest.raises(InputError, match=named.replace("(", r"\(").replace(")", r"\)")):
        check_header(header)


def test_an_encoding_that_is_neither_cp932_nor_utf8_is_refused() -> None:
    data = ",".join(HEADER).encode("utf-16")
    with pytest.raises(InputError, match="Shift_JIS（cp932）でも UTF-8 でもありません"):
        CsvFile.of_bytes("x.csv", data)
    assert CsvFile.of_bytes("a.csv", ",".join(HEADER).encode("cp932")).encoding == "cp932"
    assert CsvFile.of_bytes("b.csv", ",".join(HEADER).encode("utf-8")).encoding == "utf-8"
    assert CsvFile.of_bytes("c.csv", ",".join(HEADER).encode("utf-8-sig")).encoding == "utf-8-sig"



@pytest.mark.parametrize("control", ["\x00", "\x1f"])
@pytest.mark.parametrize("encoding", ["cp932", "utf-8"])
def test_a_nul_or_unit_separator_anywhere_is_refused(control: str, encoding: str) -> None:
    """Never in a download; U+001F joins a row's stored cells, so no cell may hold it."""
    text = ",".join(HEADER) + "\r\n" + ",".join(["中古マンション等", f"地区{control}"] + [""] * 28)
    with pytest.raises(InputError, match="Shift_JIS（cp932）でも UTF-8 でもありません") as caught:
        CsvFile.of_bytes("x.csv", text.encode(encoding))
    assert caught.value.field == "FILE"


NUMERIC = [
    "取引価格（総額）",
    "坪単価",
    "面積（㎡）",
    "取引価格（㎡単価）",
    "延床面積（㎡）",
    "最寄駅：距離（分）",
    "市区町村コード",
    "建築年",
    "取引時期",
]


@given(
    price=st.integers(1, 10**11),
    area=st.decimals(min_value=1, max_value=1999, places=2),
    minutes=st.integers(0, 29),
    year=st.integers(1946, 2025),
    quarter=st.integers(1, 4),
)
def test_any_valid_row_parses_to_its_values(
    price: int, area: Decimal, minutes: int, year: int, quarter: int
) -> None:
    cells = _good_cells()
    for column, value in (
        ("取引価格（総額）", str(price)),
        ("面積（㎡）", str(area)),
        ("最寄駅：距離（分）", str(minutes)),
        ("建築年", f"{year}年"),
        ("取引時期", f"{year}年第{quarter}四半期"),
    ):
        cells[HEADER.index(column)] = value
    c = parse_row(dict(zip(HEADER, cells, strict=True)))
    assert (c.trade_price, c.area_m2, c.station_minutes_min, c.building_year) == (price, area, minutes, year)
    assert c.period == Period(year, quarter)


@given(
    column=st.sampled_from(NUMERIC), garbage=st.text(alphabet="abcxyz万円.,-/ 〇一二", min_size=1, max_size=6)
)
def test_any_numeric_cell_turned_to_garbage_is_refused(column: str, garbage: str) -> None:
    cells = _good_cells()
    cells[HEADER.index(column)] = garbage
    with pytest.raises(InputError) as caught:
        parse_cells(cells, 9)
    assert caught.value.field == column
