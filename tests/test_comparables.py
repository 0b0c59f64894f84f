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
TABLE = load_index_table(BOOK, ON)
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
