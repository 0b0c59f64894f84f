"""The comparables basis (取引事例比較) and the time adjustment by the MLIT price index.

Index values: docs/sources/mlit-price-index.md §2 (the table read from the articles) and §3 (how
they are used). The national マンション（区分所有） series, seasonally adjusted: 2024-01 197.9,
2024-02 198.8, 2024-03 197.9, 2025-09 222.2.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from zansai.engine.comparables import (
    ComparableSale,
    Confidence,
    PropertyKind,
    Subject,
    comparables_basis,
    kind_of,
    quantile,
)
from zansai.engine.price_index import (
    IndexFlag,
    PriceIndexTable,
    Series,
    add_rows,
    adjust_to_date,
    load_index_table,
)
from zansai.errors import DomainError, RuleDataError
from zansai.rules import RuleBook

BOOK = RuleBook.default()
ON = date(2025, 12, 15)
TABLE = replace(load_index_table(BOOK, ON), revised={})
"""The first-published values (§2–§2.2): the tests below work the national series by hand. The
revised 東京都 vintage (§2.3), which now adjusts these 千代田区 sales, is tested in
tests/test_price_index.py."""
CONDO = Series("national", "condo")


@dataclass(frozen=True)
class Sale:
    """A stand-in for the comps store's record (it satisfies the ComparableSale protocol)."""

    trade_price: int
    area_m2: Decimal | None
    kind: str = "中古マンション等"
    total_floor_area_m2: Decimal | None = None
    building_year: int | None = 2005
    structure: str = "RC"
    period: tuple[int, int] = (2024, 1)
    municipality_code: str = "13101"
    district: str = "丸の内"


def _protocol_check(sale: ComparableSale) -> ComparableSale:
    return sale  # mypy checks that Sale satisfies the protocol


SUBJECT = Subject(PropertyKind.CONDO, floor_area_m2=Decimal("70"), building_year=2008,
                  structure="RC", municipality_code="13101", district="丸の内")
FIVE = [Sale(50_000_000, Decimal("50")), Sale(66_000_000, Decimal("60")),
        Sale(72_000_000, Decimal("60")), Sale(54_000_000, Decimal("60")),
        Sale(91_000_000, Decimal("70"))]


# ------------------------------------------------------------------ the index table and adjustment


def test_the_shipped_table_holds_the_values_read() -> None:
    """docs/sources/mlit-price-index.md §2: national condo 2024 Q1 and 2025-09, and Tokyo 2025-01."""
    get = TABLE.get
    assert [get(CONDO, m).value for m in ("2024-01", "2024-02", "2024-03", "2025-09")] == [  # type: ignore[union-attr]
        Fraction("197.9"), Fraction("198.8"), Fraction("197.9"), Fraction("222.2")]
    assert get(Series("tokyo", "condo"), "2025-01").value == Fraction("218.3")  # type: ignore[union-attr]
    assert get(CONDO, "2025-08") is None  # not read: not in the table, never interpolated


def test_every_row_names_a_source_listed_in_the_rule_file() -> None:
    rule = BOOK.get("comparables.price_index")
    urls = {s.url for p in rule.periods for s in p.sources}
    assert all(point.source in urls for point in TABLE.points.values())


def test_adjust_to_date_by_the_quarter_mean() -> None:
    """§3: 2024 Q1 = (197.9 + 198.8 + 197.9) / 3 = 198.2; to 2025-09 (the latest month within the
    lag before 2025-12-15): 222.2 / 198.2 = 1111/991; 30,000,000 × 1111/991 = 33,632,694.25…
    → 33,632,694 (1円未満切捨て)."""
    adjusted, factor, flags = adjust_to_date(30_000_000, (2024, 1), ON, CONDO, TABLE)
    assert factor == Fraction(1111, 991)
    assert adjusted == 33_632_694
    assert flags == (IndexFlag.CARRIED_FORWARD,)


def test_a_missing_month_gives_no_adjustment_and_a_flag() -> None:
    """2025 Q3: 2025-08 was not read (§2), so the quarter's index is unknown."""
    assert adjust_to_date(30_000_000, (2025, 3), ON, CONDO, TABLE) == (
        30_000_000, Fraction(1), (IndexFlag.CARRIED_FORWARD, IndexFlag.MISSING))


def test_no_index_near_the_valuation_date_gives_no_adjustment() -> None:
    """Beyond the lag (6 months after 2025-09) nothing is carried forward."""
    adjusted, factor, flags = adjust_to_date(30_000_000, (2024, 1), date(2026, 6, 1), CONDO, TABLE)
    assert (adjusted, factor, flags) == (30_000_000, Fraction(1), (IndexFlag.MISSING,))


def test_the_valuation_month_itself_is_used_without_a_flag() -> None:
    adjusted, factor, flags = adjust_to_date(991, (2024, 1), date(2025, 9, 30), CONDO, TABLE)
    assert (adjusted, factor, flags) == (1111, Fraction(1111, 991), ())


def _table(rows: list[tuple[str, str, str]]) -> PriceIndexTable:
    return PriceIndexTable.from_rows(
        {"region": "national", "type": "condo", "month": m, "index": v, "basis": b, "source": "x"}
        for m, v, b in rows)


def test_different_bases_at_the_two_ends_are_not_divided() -> None:
    table = _table([("2024-01", "100", "sa"), ("2024-02", "100", "sa"), ("2024-03", "100", "sa"),
                    ("2024-06", "110", "unstated")])
    assert adjust_to_date(1_000, (2024, 1), date(2024, 6, 1), CONDO, table) == (
        1_000, Fraction(1), (IndexFlag.BASIS_MISMATCH,))


@pytest.mark.parametrize(("field", "value"), [("month", "2024-13"), ("index", "144.1x"),
                                              ("index", "0"), ("region", "mars"), ("basis", "")])
def test_a_bad_row_is_refused_naming_the_field(field: str, value: str) -> None:
    row = {"region": "national", "type": "condo", "month": "2024-01", "index": "100",
           "basis": "sa", "source": "x", field: value}
    with pytest.raises(RuleDataError, match=field):
        PriceIndexTable.from_rows([row])


# ------------------------------------------------------------------------------- the quantiles


def _q(values: list[int]) -> tuple[Fraction, Fraction, Fraction]:
    ordered = sorted(Fraction(v) for v in values)
    q25, q50, q75 = (quantile(ordered, Fraction(k, 4)) for k in (1, 2, 3))
    return q25, q50, q75


def test_quantiles_at_edge_counts() -> None:
    """Type 7: h = (n − 1)·p, linear between the order statistics around h."""
    assert _q([100]) == (100, 100, 100)
    # n = 2: h = 0.25, 0.5, 0.75 → 100 + 0.25·100, the mean, 100 + 0.75·100
    assert _q([200, 100]) == (125, 150, 175)
    # n = 3: h = 0.5, 1, 1.5 → (100 + 200)/2, 200, (200 + 400)/2
    assert _q([400, 100, 200]) == (150, 200, 300)
    # n = 4: h = 0.75, 1.5, 2.25 → 100 + 0.75·100 = 175, (200 + 400)/2, 400 + 0.25·400
    assert _q([800, 100, 400, 200]) == (175, 300, 500)
    # n = 5: h = 1, 2, 3 → the 2nd, 3rd and 4th values
    assert _q([5, 1, 4, 2, 3]) == (2, 3, 4)
    assert quantile([Fraction(1), Fraction(3)], Fraction(1, 3)) == Fraction(5, 3)
    with pytest.raises(ValueError, match="no values"):
        quantile([], Fraction(1, 2))


# ---------------------------------------------------------------------------- the basis


def test_the_hand_computed_example() -> None:
    """Five 2024 Q1 condominium sales in 千代田区 (13101). The Tokyo series lacks 2024-01 and -03
    (§2), so the national series adjusts them: factor 1111/991 (as above). Prices per m²:
    50,000,000/50 = 1,000,000; 66,000,000/60 = 1,100,000; 72,000,000/60 = 1,200,000;
    54,000,000/60 = 900,000; 91,000,000/70 = 1,300,000. n = 5 → P25, P50, P75 are the 2nd, 3rd
    and 4th: 1,000,000, 1,100,000, 1,200,000 × 1111/991. × 70 m², 1円未満切捨て:
    low 77,770,000,000/991 = 78,476,286.58… → 78,476,286; central 85,547,000,000/991 →
    86,323,915; high 93,324,000,000/991 → 94,171,543."""
    basis = comparables_basis(SUBJECT, FIVE, ON, TABLE, BOOK)
    assert (basis.low, basis.central, basis.high) == (78_476_286, 86_323_915, 94_171_543)
    assert [u.adjustment.factor for u in basis.used] == [Fraction(1111, 991)] * 5
    assert {u.adjustment.series for u in basis.used} == {CONDO}
    first = basis.to_dict()["comparables"][0]
    assert (first["trade_price"], first["price_per_m2"], first["adjusted_per_m2"]) == (
        50_000_000, 1_000_000, 1_121_089)
    # 5 sales, all close (area 50–70 within ×1.5 of 70, built within 3 years, same district,
    # 21 months old): medium (high needs 10); the thresholds are zansai's defaults (§4).
    assert basis.confidence is Confidence.MEDIUM
    ids = {n.id for n in basis.notes}  # type: ignore[union-attr]
    assert {"comparables.notes.no_age_adjustment", "comparables.notes.carried_forward",
            "comparables.notes.national_series"} <= ids
    names = [s.name for s in basis.explain().steps]
    assert names.count("time_adjustment") == 5
    assert names[-2:] == ["comparables_range", "comparables_central"]
    assert basis.to_dict()["price_index"]["sources"]  # the index values' sources are named


def test_too_few_comparables_give_no_range_and_say_how_to_add_data() -> None:
    basis = comparables_basis(SUBJECT, FIVE[:2], ON, TABLE, BOOK)
    assert (basis.low, basis.central, basis.high, basis.confidence) == (None, None, None, Confidence.NONE)
    ids = [n.id for n in basis.notes]  # type: ignore[union-attr]
    assert "comparables.notes.too_few" in ids
    assert "comparables.notes.how_to_add" in ids


def test_other_kinds_and_missing_areas_are_excluded() -> None:
    comps = [*FIVE, Sale(30_000_000, Decimal("100"), kind="宅地(土地)"), Sale(30_000_000, None)]
    basis = comparables_basis(SUBJECT, comps, ON, TABLE, BOOK)
    assert basis.excluded == 2
    assert len(basis.used) == 5


def test_unadjusted_sales_lower_the_confidence() -> None:
    """2025 Q3 has no 2025-08 value (§2): the sales are used unadjusted, and confidence is low."""
    comps = [replace(s, period=(2025, 3)) for s in FIVE]
    basis = comparables_basis(SUBJECT, comps, ON, TABLE, BOOK)
    assert [u.adjustment.factor for u in basis.used] == [Fraction(1)] * 5
    assert basis.central == 1_100_000 * 70
    assert basis.confidence is Confidence.LOW
    assert "comparables.notes.index_missing" in {n.id for n in basis.notes}  # type: ignore[union-attr]


def test_a_house_is_priced_per_m2_of_floor_area() -> None:
    """宅地(土地と建物): price ÷ 延床面積; land area only in the closeness test."""
    houses = [Sale(p, Decimal("150"), kind="宅地(土地と建物)", total_floor_area_m2=Decimal("100"),
                   structure="W", period=(2025, 3)) for p in (30_000_000, 40_000_000, 50_000_000)]
    subject = Subject(PropertyKind.HOUSE, floor_area_m2=Decimal("120"), land_area_m2=Decimal("140"),
                      building_year=2005, structure="W")
    basis = comparables_basis(subject, houses, ON, TABLE, BOOK)
    # 300,000, 400,000, 500,000 per m² (unadjusted: 2025-08 missing); n = 3 → 350,000, 400,000, 450,000
    assert (basis.low, basis.central, basis.high) == (42_000_000, 48_000_000, 54_000_000)


def test_the_subject_needs_an_area() -> None:
    with pytest.raises(DomainError, match="floor_area_m2"):
        comparables_basis(replace(SUBJECT, floor_area_m2=None), FIVE, ON, TABLE, BOOK)


def test_kind_names() -> None:
    assert kind_of("中古マンション等") is PropertyKind.CONDO
    assert kind_of("宅地（土地と建物）") is PropertyKind.HOUSE
    assert kind_of(PropertyKind.LAND) is PropertyKind.LAND
    assert kind_of("農地") is None
    assert _protocol_check(FIVE[0]) is FIVE[0]


# ------------------------------------------------------------------ updating the index table


def _shipped_text() -> str:
    from zansai.rules.files import shipped_texts
    return shipped_texts()["comparables.price_index"]


def test_rows_can_be_added_to_the_rule_file() -> None:
    """A future `zansai comps index` command appends read values; the file stays loadable."""
    import tomllib

    row = {"region": "national", "type": "condo", "month": "2025-08", "index": "222.0",
           "basis": "sa", "source": "https://example.invalid/2025-08"}
    text = add_rows(_shipped_text(), [row], {row["source"]: ("例", "2025年8月分")})
    doc = tomllib.loads(text)
    table = PriceIndexTable.from_rows(doc["values"][0]["value"])
    assert table.get(CONDO, "2025-08").value == Fraction("222.0")  # type: ignore[union-attr]
    assert row["source"] in {s["url"] for s in doc["values"][0]["sources"]}
    assert len(table.points) == len(TABLE.points) + 1


def test_adding_a_month_already_there_or_without_a_source_is_refused() -> None:
    again = {"region": "national", "type": "condo", "month": "2025-09", "index": "1",
             "basis": "sa", "source": "https://www.stepon.co.jp/column/2026/0112"}
    with pytest.raises(RuleDataError, match="twice"):
        add_rows(_shipped_text(), [again])
    unsourced = {**again, "month": "2025-08", "source": "https://example.invalid/x"}
    with pytest.raises(RuleDataError, match="no source"):
        add_rows(_shipped_text(), [unsourced])


def test_structures_are_compared_by_class() -> None:
    from zansai.engine.comparables import structure_classes
    from zansai.model import Structure

    assert structure_classes("ＲＣ") == structure_classes(Structure.RC_SRC) == {"rc"}
    assert structure_classes("木造、ブロック造") == {"wood", "block"}
    assert structure_classes("") == structure_classes(None) == frozenset()
    wooden = [replace(s, structure="木造") for s in FIVE]
    assert comparables_basis(SUBJECT, wooden, ON, TABLE, BOOK).confidence is Confidence.LOW


def test_the_explanation_is_bilingual() -> None:
    explanation = comparables_basis(SUBJECT, FIVE, ON, TABLE, BOOK).explain()
    assert explanation.title == "取引事例による価格帯 / Range from comparable sales"
    assert any(n.startswith("築年数による補正はしていません") and " / No adjustment for building age" in n
               for n in explanation.notes)


def test_land_is_priced_per_m2_of_land_area() -> None:
    """宅地(土地): the 2024 Q1 national 住宅地 index (115.2, 116.7, 117.3: mean 116.4, §2) to
    2025-09 (120.7): factor 1207/1164. 20,000,000 / 100 m² = 200,000 per m²; three equal sales
    → 200,000 × 1207/1164 × 100 m² = 24,140,000,000/1164 = 20,738,831.6… → 20,738,831."""
    plots = [Sale(20_000_000, Decimal("100"), kind="宅地(土地)", building_year=None)] * 3
    subject = Subject(PropertyKind.LAND, land_area_m2=Decimal("100"))
    basis = comparables_basis(subject, plots, ON, TABLE, BOOK)
    assert basis.used[0].adjustment.factor == Fraction(1207, 1164)
    assert basis.low == basis.central == basis.high == 20_738_831


def test_each_sale_says_where_it_is_not_close() -> None:
    """A 2019 wooden flat of 120 m² in another district, traded in 2024 Q1: every test but recency
    (21 months ≤ 24) fails; the JSON row carries the exact and the decimal factor."""
    far = Sale(90_000_000, Decimal("120"), building_year=1990, structure="木造", district="大手町")
    basis = comparables_basis(SUBJECT, [*FIVE, far], ON, TABLE, BOOK)
    row = basis.to_dict()["comparables"][-1]
    assert row["misses"] == ["area", "age", "structure", "district"]
    assert row["close"] is False
    assert (row["index_factor"], row["index_factor_decimal"]) == ("1111/991", "1.12109")


# ------------------------------------------------------------------ the values read for §2.2

_S22 = {  # short name → the source URL of docs/sources/mlit-price-index.md §2.2
    "k-ehouse": "https://www.k-ehouse.com/news-post/75578/",
    "jutaku-s": "https://www.jutaku-s.com/news/id/0000022911",
    "ria": "https://www.ria-corebrains.co.jp/archives/6149",
    "zenchin": "https://www.zenchin.com/news/16870.php",
    "kankyo": "https://kankyo-station.co.jp/trend-news/art/2020/estate166.html",
    "leaf-1912": "https://investproperty-news.leaf-hide.jp/news_O0xYkxZv6_454.html",
    "leaf-2010": "https://news.leaf-hide.jp/amp/detail.php?pid=mP0pMxiHXK",
    "sumai": "https://sumai-value.jp/news/0236/",
    "km": "https://kmrealestate.wordpress.com/2022/07/25/%E4%BE%A1%E6%A0%BC%E6%8C%87%E6%95%B0"
          "%E3%80%81%E4%BD%8F%E5%AE%85%E7%B7%8F%E5%90%88%E3%81%AF%E5%89%8D%E6%9C%88%E6%AF%940-6"
          "%EF%BC%85%E5%A2%97/",
    "trusty": "https://trusty-group.com/hkjp/blog/%e6%97%a5%e6%9c%ac%e5%85%a8%e5%9c%8b%e4%b8%8d"
              "%e5%8b%95%e7%94%a2%e5%83%b9%e6%a0%bc%e6%8c%87%e6%95%b8%ef%bc%8c%e4%bd%8f%e5%ae%85"
              "%e7%b6%9c%e5%90%88%e6%8c%87%e6%95%b8%e5%a2%9e%e9%95%b70-1/",
    "leaf-2312": "https://investproperty-news.leaf-hide.jp/news_aW2iZQau5S_173.html?right",
    "pacola-2406": "https://www.pacola.co.jp/%E4%BD%8F%E5%AE%85%E4%BE%A1%E6%A0%BC0-7%EF%BC%85"
                   "%E4%B8%8A%E6%98%87%E3%80%81%E5%95%86%E6%A5%AD%E7%94%A8%E4%B8%8D%E5%8B%95"
                   "%E7%94%A3%E3%81%AF0-5%EF%BC%85%E4%B8%8A%E6%98%87%E2%80%95%E5%9B%BD%E5%9C%9F/",
    "pacola-2408": "https://www.pacola.co.jp/%E4%BB%A4%E5%92%8C6%E5%B9%B48%E6%9C%88%E3%83%BB"
                   "%E4%BB%A4%E5%92%8C6%E5%B9%B4%E7%AC%AC2%E5%9B%9B%E5%8D%8A%E6%9C%9F%E5%88%86-"
                   "%E5%85%A8%E5%9B%BD%E4%BD%8F%E5%AE%85%E7%B7%8F%E5%90%88%E6%8C%87%E6%95%B0140-5/",
    "haseko": "https://www.haseko.co.jp/hri/cri/focus/focus-570/index.html",
}

# (month, region, basis, source, "all land house condo" with "-" where not given): §2.2's table
_READ_22 = [
    ("2015-10", "national", "original", "k-ehouse", "103.9 - - 122.1"),
    ("2015-10", "keihanshin", "original", "k-ehouse", "103.3 97.1 97.0 119.0"),
    ("2016-07", "national", "unstated", "jutaku-s", "106.7 96.8 99.0 128.9"),
    ("2016-09", "national", "unstated", "ria", "107.9 - - -"),
    ("2019-03", "national", "unstated", "zenchin", "115.5 104.2 103.3 148.6"),
    ("2019-11", "national", "unstated", "kankyo", "113.3 98.8 101.1 148.7"),
    ("2019-11", "minami_kanto", "unstated", "kankyo", "114.6 101.2 97.4 143.3"),
    ("2019-11", "nagoya", "unstated", "kankyo", "108.6 97.5 102.0 152.9"),
    ("2019-11", "keihanshin", "unstated", "kankyo", "115.9 99.4 102.1 155.2"),
    ("2019-11", "tohoku", "unstated", "kankyo", "- - - 194.7"),
    ("2019-12", "national", "unstated", "leaf-1912", "111.7 98.3 99.1 149.0"),
    ("2019-12", "tokyo", "unstated", "leaf-1912", "127.1 - - -"),
    ("2019-12", "aichi", "unstated", "leaf-1912", "109.1 - - -"),
    ("2019-12", "osaka", "unstated", "leaf-1912", "112.7 - - -"),
    ("2020-10", "national", "sa", "leaf-2010", "115.2 100.8 101.1 154.9"),
    ("2020-10", "minami_kanto", "sa", "leaf-2010", "117.7 103.6 99.6 149.2"),
    ("2020-10", "nagoya", "sa", "leaf-2010", "107.4 97.2 101.0 158.0"),
    ("2020-10", "keihanshin", "sa", "leaf-2010", "120.1 112.1 103.1 158.6"),
    ("2021-04", "national", "sa", "sumai", "118.0 101.7 103.6 161.3"),
    ("2021-04", "minami_kanto", "sa", "sumai", "121.2 - - -"),
    ("2021-04", "nagoya", "sa", "sumai", "112.1 - - -"),
    ("2021-04", "keihanshin", "sa", "sumai", "122.1 - - -"),
    ("2022-03", "nagoya", "sa", "km", "115.3 97.1 109.2 176.1"),
    ("2022-03", "keihanshin", "sa", "km", "131.0 113.0 112.0 180.4"),
    ("2022-03", "tokyo", "sa", "km", "146.4 123.6 124.7 175.1"),
    ("2023-01", "national", "sa", "trusty", "134.3 109.8 117.6 189.4"),
    ("2023-01", "minami_kanto", "sa", "trusty", "143.9 123.0 122.6 183.5"),
    ("2023-01", "nagoya", "sa", "trusty", "117.2 96.6 110.4 187.7"),
    ("2023-01", "keihanshin", "sa", "trusty", "140.8 116.7 121.2 193.2"),
    ("2023-01", "tokyo", "sa", "trusty", "157.8 137.4 132.6 187.5"),
    ("2023-12", "national", "sa", "leaf-2312", "137.1 114.6 118.5 196.2"),
    ("2023-12", "hokkaido", "sa", "leaf-2312", "152.6 - - -"),
    ("2023-12", "kanto", "sa", "leaf-2312", "142.7 - - -"),
    ("2023-12", "hokuriku", "sa", "leaf-2312", "131.3 - - -"),
    ("2023-12", "minami_kanto", "sa", "leaf-2312", "148.2 - - -"),
    ("2023-12", "nagoya", "sa", "leaf-2312", "116.4 - - -"),
    ("2023-12", "keihanshin", "sa", "leaf-2312", "142.0 - - -"),
    ("2024-06", "national", "sa", "pacola-2406", "139.2 115.8 119.2 201.4"),
    ("2024-08", "national", "sa", "pacola-2408", "140.5 116.5 117.8 206.4"),
    ("2025-09", "minami_kanto", "unstated", "haseko", "158.5 135.6 123.2 218.1"),
    ("2025-09", "keihanshin", "unstated", "haseko", "151.0 122.9 124.9 218.9"),
]


def test_the_values_read_in_section_2_2_are_in_the_table_with_their_sources() -> None:
    """docs/sources/mlit-price-index.md §2.2: every value, its basis and its source, and no other
    row cites those sources (120 rows from 14 articles)."""
    expected: dict[tuple[str, str, str], tuple[Fraction, str, str]] = {}
    for month, region, basis, source, values in _READ_22:
        for kind, value in zip(("all", "land", "house", "condo"), values.split(), strict=True):
            if value != "-":
                expected[(region, kind, month)] = (Fraction(value), basis, _S22[source])
    assert len(expected) == 120
    got = {key: (p.value, p.basis, p.source) for key, p in TABLE.points.items()
           if p.source in _S22.values()}
    assert got == expected


def test_the_new_months_adjust_a_2024_q1_sale() -> None:
    """§2.2 and §3: national マンション 2024 Q1 = 198.2 (= 991/5); 2024-06 201.4 carried forward to
    2024-07-15 → 1007/991, 30,000,000 × 1007/991 = 30,484,359.2… → 30,484,359; 2024-08 206.4 in
    its own month → 1032/991, 31,241,170.5… → 31,241,170."""
    assert adjust_to_date(30_000_000, (2024, 1), date(2024, 7, 15), CONDO, TABLE) == (
        30_484_359, Fraction(1007, 991), (IndexFlag.CARRIED_FORWARD,))
    assert adjust_to_date(30_000_000, (2024, 1), date(2024, 8, 31), CONDO, TABLE) == (
        31_241_170, Fraction(1032, 991), ())


def test_a_quarter_one_month_short_is_still_not_adjusted() -> None:
    """§2.2: 2022-02 and 2022-03 were read, 2022-01 was not, so 2022 Q1 has no index."""
    assert TABLE.get(CONDO, "2022-01") is None
    assert adjust_to_date(30_000_000, (2022, 1), ON, CONDO, TABLE) == (
        30_000_000, Fraction(1), (IndexFlag.CARRIED_FORWARD, IndexFlag.MISSING))
