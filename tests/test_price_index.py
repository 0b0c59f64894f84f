"""The shipped price index table at its new months: the revised 東京都 series and the rule that one
adjustment takes every value from one vintage (docs/sources/mlit-price-index.md §2.3, §3)."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from zansai.engine.comparables import PropertyKind, Subject, comparables_basis
from zansai.engine.price_index import (
    IndexFlag,
    PriceIndexTable,
    Series,
    adjust_to_date,
    load_index_table,
    time_adjustment,
)
from zansai.errors import RuleDataError
from zansai.rules import RuleBook

BOOK = RuleBook.default()
TABLE = load_index_table(BOOK, date(2025, 12, 15))
TOKYO_ALL = Series("tokyo", "all")
TOKYO_CONDO = Series("tokyo", "condo")
EXTRACT = ("https://github.com/w-index-m/market-dashboard/blob/"
           "42b67fbeb2cedffbdd0e9890e51a233638887fa9/data/tokyo_re_index.json")

# docs/sources/mlit-price-index.md §2.3, the sample table: all, land, house, condo
_SAMPLE = {
    "2010-01": ("96.79", "91.93", "99.68", "97.84"),
    "2024-01": ("159.38", "133.78", "130.6", "198.79"),
    "2024-02": ("159.5", "139.06", "126.54", "197.29"),
    "2024-03": ("160.04", "138.52", "130.33", "197.98"),
    "2024-10": ("166.28", "137.66", "133.87", "209.54"),
    "2024-11": ("167.49", "136.77", "132.81", "213.33"),
    "2024-12": ("168.68", "143.4", "134.95", "214.13"),
    "2025-03": ("175.34", "146.18", "139.36", "225.15"),
    "2025-12": ("182.14", "144.39", "133.16", "234.77"),
}


def test_the_revised_tokyo_series_is_shipped_as_its_own_vintage() -> None:
    """§2.3: 768 values (2010-01 … 2025-12, four types), basis sa_revised, one source; the
    first-published 東京都 values stay apart (2024-02 住宅総合 160.4 first published, 159.5
    revised, §2)."""
    revised = TABLE.revised
    assert len(revised) == 768
    assert {p.basis for p in revised.values()} == {"sa_revised"}
    assert {p.source for p in revised.values()} == {EXTRACT}
    assert {k[0] for k in revised} == {"tokyo"}
    assert min(k[2] for k in revised) == "2010-01"
    assert max(k[2] for k in revised) == "2025-12"
    for month, values in _SAMPLE.items():
        for kind, value in zip(("all", "land", "house", "condo"), values, strict=True):
            assert revised[("tokyo", kind, month)].value == Fraction(value), (month, kind)
    assert TABLE.get(TOKYO_ALL, "2024-02").value == Fraction("160.4")  # type: ignore[union-attr]
    assert revised[("tokyo", "all", "2024-02")].value == Fraction("159.5")
    assert all(p.basis != "sa_revised" for p in TABLE.points.values())


def test_the_source_is_listed_with_how_it_was_read() -> None:
    from zansai.rules.files import shipped_texts

    doc = tomllib.loads(shipped_texts()["comparables.price_index"])
    sources = {s["url"]: s for s in doc["values"][0]["sources"]}
    assert sources[EXTRACT]["read"] == "excerpt"
    assert "w-index-m/market-dashboard" in sources[EXTRACT]["publisher"]


def test_a_tokyo_condo_sale_by_hand() -> None:
    """東京都 マンション 2024 Q1 = (198.79 + 197.29 + 197.98) ÷ 3 = 594.06 ÷ 3 = 198.02; 2025-09 =
    231.84; factor 231.84 ÷ 198.02 = 11592/9901 ≈ 1.170791; 30,000,000円 × 11592/9901 =
    347,760,000,000 ÷ 9901 = 35,123,724.87… → 35,123,724円 (1円未満切捨て) (§2.3, §3)."""
    assert adjust_to_date(30_000_000, (2024, 1), date(2025, 9, 30), TOKYO_CONDO, TABLE) == (
        35_123_724, Fraction(11592, 9901), ())
    adj = time_adjustment((2024, 1), date(2025, 9, 30), TOKYO_CONDO, TABLE)
    assert adj.sources == (EXTRACT,)
    assert adj.from_index == Fraction("198.02")
    step = adj.step(1_000_000, (2024, 1), date(2025, 9, 30), "1,170,790円")
    assert (step.inputs["index_vintage"], step.inputs["index_quarter"]) == ("revised", "198.02")
    national = time_adjustment((2024, 1), date(2025, 9, 30), Series("national", "condo"), TABLE)
    assert national.vintage == ""  # first published: no vintage named
    assert "index_vintage" not in national.step(1, (2024, 1), date(2025, 9, 30), "1円").inputs


def test_vintages_are_never_mixed() -> None:
    """東京都 住宅総合: 2024-02 (160.4) and 2025-06 (179.0) were read first-published, 2024-01 and
    2024-03 were not, so the first-published vintage has no 2024 Q1 and the revised one is used for
    both ends: (159.38 + 159.5 + 160.04) ÷ 3 = 159.64, 2025-06 = 176.49 (not 179.0), factor
    176.49 ÷ 159.64 = 17649/15964 (§2, §2.3)."""
    assert TABLE.get(TOKYO_ALL, "2025-06").value == Fraction("179.0")  # type: ignore[union-attr]
    adj = time_adjustment((2024, 1), date(2025, 6, 30), TOKYO_ALL, TABLE)
    assert (adj.factor, adj.to_index, adj.flags) == (Fraction(17649, 15964), Fraction("176.49"), ())


def test_the_revised_series_is_carried_forward_within_the_lag_and_no_further() -> None:
    """The last revised month is 2025-12: a valuation on 2026-03-15 uses it and says so; one on
    2026-07-01 is more than six months later, so 東京都 is not adjusted (不明). 東京都 戸建住宅:
    2024 Q1 = (130.6 + 126.54 + 130.33) ÷ 3 = 387.47 ÷ 3, 2025-12 = 133.16, factor
    399.48 ÷ 387.47 = 39948/38747."""
    house = Series("tokyo", "house")
    adj = time_adjustment((2024, 1), date(2026, 3, 15), house, TABLE)
    assert (adj.factor, adj.to_month, adj.flags) == (
        Fraction(39948, 38747), "2025-12", (IndexFlag.CARRIED_FORWARD,))
    late = time_adjustment((2024, 1), date(2026, 7, 1), house, TABLE)
    assert (late.factor, late.flags) == (Fraction(1), (IndexFlag.MISSING,))


def test_a_chiyoda_sale_is_adjusted_by_tokyo_not_the_national_series() -> None:
    """Three 2024 Q1 condominium sales in 千代田区 (13101), 1,000,000円/m², valued 2025-09-30:
    the 東京都 series adjusts them (× 11592/9901, above) rather than the national one
    (× 1111/991, §2); 1,000,000 × 11592/9901 × 70 m² = 811,440,000,000 ÷ 9901 = 81,955,358.04…
    → 81,955,358円."""

    class Sale:
        kind = "中古マンション等"
        trade_price = 60_000_000
        area_m2 = Decimal("60")
        total_floor_area_m2 = None
        building_year = 2008
        structure = "RC"
        period = (2024, 1)
        municipality_code = "13101"
        district = "丸の内"

    subject = Subject(PropertyKind.CONDO, floor_area_m2=Decimal("70"), building_year=2008,
                      structure="RC", municipality_code="13101", district="丸の内")
    basis = comparables_basis(subject, [Sale()] * 3, date(2025, 9, 30), TABLE, BOOK)
    assert {u.adjustment.series for u in basis.used} == {TOKYO_CONDO}
    assert basis.low == basis.central == basis.high == 81_955_358
    assert "comparables.notes.national_series" not in {n.id for n in basis.notes}  # type: ignore[union-attr]


def test_one_vintage_holds_a_month_once() -> None:
    row = {"region": "tokyo", "type": "all", "month": "2024-02", "index": "159.5",
           "basis": "sa_revised", "source": EXTRACT}
    first = {**row, "index": "160.4", "basis": "sa", "source": "https://example.invalid/a"}
    table = PriceIndexTable.from_rows([row, first])
    assert table.get(TOKYO_ALL, "2024-02").value == Fraction("160.4")  # type: ignore[union-attr]
    with pytest.raises(RuleDataError, match="twice"):
        PriceIndexTable.from_rows([row, {**row, "index": "159.6"}])


def test_the_2016_10_values_read_are_in_the_table() -> None:
    """docs/sources/mlit-price-index.md §2.4: R.E.port's 2016-10 release, basis unstated; the
    first-published 東京都 118.0 sits beside the revised 119.04 (§2.3) without replacing it."""
    url = "https://www.re-port.net/article/news/0000050612/"
    read = {"national": "107.4 96.8 99.9 130.6", "minami_kanto": "110.4 100.6 100.4 128.2",
            "nagoya": "105.5 94.2 104.6 132.4", "keihanshin": "106.2 94.6 97.0 132.7",
            "tokyo": "118.0 108.5 104.4 132.5"}
    expected = {(r, t, "2016-10"): (Fraction(v), "unstated", url) for r, vals in read.items()
                for t, v in zip(("all", "land", "house", "condo"), vals.split(), strict=True)}
    got = {k: (p.value, p.basis, p.source) for k, p in TABLE.points.items() if p.source == url}
    assert got == expected
    assert TABLE.revised[("tokyo", "all", "2016-10")].value == Fraction("119.04")
