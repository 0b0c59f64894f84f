"""Valuation (査定 → low / central / high) and the price of each way out.

Sources: docs/sources/law-sale-costs.md §6 (road price ≈ 80% of the official price,
wooden houses worth nothing after 20–25 years, statutory lives 木造 22年 / RC 47年), §7.1–7.2
(売却基準価額, 買受可能価額 = ×0.8 under 民執法60条3項, winning-bid statistics), §8.2 (dealer
purchase, leaseback); docs/sources/seed1-short-sale.md (競売は市場価格の6~7割 / 3~4割引).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zansai.engine.valuation import EXIT_KEYS, value_home
from zansai.errors import InputError, RuleCoverageError
from zansai.model import Appraisal, Structure
from zansai.rules import Kind, RuleBook, Status

ON = date(2026, 11, 22)
BOOK = RuleBook.default()


def _appraisals(*amounts: int) -> tuple[Appraisal, ...]:
    return tuple(Appraisal(f"agent{i}", a) for i, a in enumerate(amounts))


# ------------------------------------------------------------------- low / central / high


def test_market_value_is_central_and_widens_the_range() -> None:
    """The market value is the central value and is never outside [low, high]."""
    v = value_home(_appraisals(28_000_000, 31_000_000), 32_000_000, on=ON, book=BOOK)
    assert (v.low, v.central, v.high, v.basis) == (28_000_000, 32_000_000, 32_000_000,
                                                   "market_value")
    v = value_home(_appraisals(28_000_000, 31_000_000), 27_500_000, on=ON, book=BOOK)
    assert (v.low, v.central, v.high) == (27_500_000, 27_500_000, 31_000_000)


def test_market_value_alone_has_no_range() -> None:
    v = value_home((), 25_000_000, on=ON, book=BOOK)
    assert (v.low, v.central, v.high) == (25_000_000, 25_000_000, 25_000_000)
    assert any("no range" in n[1] for n in v.notes)


def test_odd_count_median() -> None:
    v = value_home(_appraisals(31_000_000, 26_000_000, 29_000_000), None, on=ON, book=BOOK)
    assert (v.low, v.central, v.high, v.basis) == (26_000_000, 29_000_000, 31_000_000,
                                                   "appraisals")


def test_even_count_median_is_floored_mean_of_middle_two_and_says_so() -> None:
    """(25,000,000 + 26,000,001) / 2 = 25,500,000.5 → 25,500,000 (1円未満切捨て)."""
    v = value_home(_appraisals(24_000_000, 26_000_001, 25_000_000, 30_000_000), None, on=ON,
                   book=BOOK)
    assert (v.low, v.central, v.high) == (24_000_000, 25_500_000, 30_000_000)
    assert any("even number of appraisals" in n[1] and "切捨て" in n[1] for n in v.notes)
    assert v.steps[0].rounding == "1円未満切捨て"


@given(st.lists(st.integers(1, 500_000_000), min_size=1, max_size=7),
       st.one_of(st.none(), st.integers(1, 500_000_000)))
def test_range_holds_central(amounts: list[int], market: int | None) -> None:
    v = value_home(_appraisals(*amounts), market, on=ON, book=BOOK)
    assert v.low <= v.central <= v.high
    assert v.low == min([*amounts] + ([market] if market else []))
    assert v.high == max([*amounts] + ([market] if market else []))
    assert v.price("auction_court") >= v.prices["auction_court"].minimum_bid  # type: ignore[operator]
    assert v.price("normal_sale") == v.central


# --------------------------------------------------------------------------- exit prices


def test_default_ratios_are_the_rule_books() -> None:
    """The figures below depend on these defaults (docs/sources/law-sale-costs.md §7–8,
    記事1 (docs/sources/seed1-short-sale.md))."""
    expected = {
        "market.short_sale_price_ratio": "0.95", "market.dealer_purchase_ratio": "0.7",
        "market.leaseback_price_ratio": "0.75", "auction.seed_ratio": "0.65",
        "auction.market_adjustment": "0.7", "auction.minimum_bid_ratio": "0.8",
        "auction.realized_to_market_ratio": "0.918",
    }
    for key, value in expected.items():
        assert BOOK.value(key, ON) == Decimal(value), key


def test_exit_prices_for_30_million() -> None:
    """Court model: base 30,000,000 × 0.7 = 21,000,000; minimum bid × 0.8 = 16,800,000
    (民執法60条3項); expected winning bid max(16,800,000, 30,000,000 × 0.918) = 27,540,000."""
    v = value_home((), 30_000_000, on=ON, book=BOOK)
    assert set(v.prices) == set(EXIT_KEYS)
    assert {k: v.price(k) for k in EXIT_KEYS} == {
        "normal_sale": 30_000_000,
        "short_sale": 28_500_000,
        "dealer_purchase": 21_000_000,
        "leaseback": 22_500_000,
        "auction_seed": 19_500_000,
        "auction_court": 27_540_000,
    }
    court = v.prices["auction_court"]
    assert (court.base_price, court.minimum_bid) == (21_000_000, 16_800_000)
    assert {r.key for r in court.step.rules} == {
        "auction.market_adjustment", "auction.minimum_bid_ratio", "auction.realized_to_market_ratio"}


def test_exit_prices_are_floored_to_the_yen() -> None:
    """12,345,679 × 0.95 = 11,728,395.05 → 11,728,395; × 0.65 = 8,024,691.35 → 8,024,691;
    × 0.7 = 8,641,975.3 → 8,641,975 (base) → × 0.8 = 6,913,580; × 0.918 = 11,333,333.322."""
    v = value_home((), 12_345_679, on=ON, book=BOOK)
    assert v.price("short_sale") == 11_728_395
    assert v.price("auction_seed") == 8_024_691
    assert v.prices["auction_court"].base_price == 8_641_975
    assert v.prices["auction_court"].minimum_bid == 6_913_580
    assert v.price("auction_court") == 11_333_333
    assert v.prices["short_sale"].step.rounding == "1円未満切捨て"


def test_seed_article_sixty_to_seventy_percent_on_20_million() -> None:
    """記事1 (docs/sources/seed1-short-sale.md §2): 「競売では市場価格の6~7割程度」 / 「3~4割引」: the rule's
    range is 0.6–0.7; a 20,000,000円 home fetches 12,000,000 (6割 = 4割引) to 14,000,000 (7割 = 3割引)."""
    period = BOOK.at("auction.seed_ratio", ON).period
    assert (period.low, period.high) == (Decimal("0.6"), Decimal("0.7"))
    low = value_home((), 20_000_000, on=ON,
                     book=BOOK.with_overrides({"auction.seed_ratio": period.low}))
    high = value_home((), 20_000_000, on=ON,
                      book=BOOK.with_overrides({"auction.seed_ratio": period.high}))
    assert low.price("auction_seed") == 12_000_000 == 20_000_000 * (10 - 4) // 10
    assert high.price("auction_seed") == 14_000_000 == 20_000_000 * (10 - 3) // 10
    assert value_home((), 20_000_000, on=ON, book=BOOK).price("auction_seed") == 13_000_000


def test_override_changes_price_and_is_recorded() -> None:
    book = BOOK.with_overrides({"market.short_sale_price_ratio": Decimal("0.9"),
                                "market.dealer_purchase_ratio": Decimal("0.8")})
    v = value_home((), 30_000_000, on=ON, book=book)
    assert v.price("short_sale") == 27_000_000
    assert v.price("dealer_purchase") == 24_000_000
    use = v.prices["short_sale"].step.rules[0]
    assert use.overridden
    assert use.key == "market.short_sale_price_ratio"


def test_minimum_bid_binds_when_realized_ratio_is_low() -> None:
    """With a 0.5 realized ratio (15,000,000) the bid still cannot be below 16,800,000."""
    book = BOOK.with_overrides({"auction.realized_to_market_ratio": Decimal("0.5")})
    assert value_home((), 30_000_000, on=ON, book=book).price("auction_court") == 16_800_000


def test_minimum_bid_ratio_is_law_and_cannot_be_overridden() -> None:
    with pytest.raises(InputError):
        BOOK.with_overrides({"auction.minimum_bid_ratio": Decimal("0.7")})


# ------------------------------------------------------------------- road-price estimate


def test_wooden_estimate_from_road_price_and_cost() -> None:
    """Land 200,000 × 100.5 / 0.8 = 25,125,000. Wood built 2010-03-01, 16 full years on
    2026-11-22: building 20,000,000 × (22 − 16) / 22 = 5,454,545.45 → 5,454,545 (central);
    the 20–25 year range gives 4,000,000 and 7,200,000 (docs/sources/law-sale-costs.md §6)."""
    v = value_home((), None, on=ON, book=BOOK, road_price_per_m2=200_000,
                   land_area_m2=Decimal("100.5"), building_replacement_cost=20_000_000,
                   built_on=date(2010, 3, 1), structure=Structure.WOOD)
    assert v.basis == "road_price_and_cost"
    assert (v.low, v.central, v.high) == (29_125_000, 30_579_545, 32_325_000)
    assert v.price("normal_sale") == 30_579_545
    names = [s.name for s in v.steps]
    assert names == ["land_value", "building_value", "central_value"]
    assert v.steps[1].inputs["age_years"].startswith("16")


def test_wood_mortar_uses_the_wooden_market_life() -> None:
    """木骨モルタル造 is a wooden house: 22-year market life; 11 full years → half the cost."""
    v = value_home((), None, on=ON, book=BOOK, road_price_per_m2=100_000,
                   land_area_m2=Decimal("80"), building_replacement_cost=10_000_000,
                   built_on=date(2015, 11, 22), structure=Structure.WOOD_MORTAR)
    assert v.central == 10_000_000 + 5_000_000


def test_old_wooden_building_is_worth_nothing() -> None:
    v = value_home((), None, on=ON, book=BOOK, road_price_per_m2=100_000,
                   land_area_m2=Decimal("80"), building_replacement_cost=10_000_000,
                   built_on=date(1990, 1, 1), structure=Structure.WOOD)
    assert (v.low, v.central, v.high) == (10_000_000, 10_000_000, 10_000_000)


def test_non_wooden_building_uses_statutory_life_and_is_flagged() -> None:
    """RC: land 300,000 × 50 / 0.8 = 18,750,000; building 30,000,000 × (47 − 20) / 47 =
    17,234,042.55 → 17,234,042. The market life is not in the documents: caveat and note."""
    v = value_home((), None, on=ON, book=BOOK, road_price_per_m2=300_000,
                   land_area_m2=Decimal("50"), building_replacement_cost=30_000_000,
                   built_on=date(2006, 4, 1), structure=Structure.RC_SRC)
    assert (v.low, v.central, v.high) == (35_984_042, 35_984_042, 35_984_042)
    assert any("statutory life" in n[1] for n in v.notes)
    caveats = v.explain().caveats
    assert any("法定耐用年数" in ja for ja, _ in caveats)


def test_land_only_when_no_building_cost() -> None:
    v = value_home((), None, on=ON, book=BOOK, road_price_per_m2=250_000,
                   land_area_m2=Decimal("66.12"))
    assert v.central == 20_662_500  # 250,000 × 66.12 / 0.8
    assert any("land only" in n[1] for n in v.notes)


def test_road_price_ratio_override() -> None:
    book = BOOK.with_overrides({"valuation.road_price_ratio": Decimal("0.5")})
    v = value_home((), None, on=ON, book=book, road_price_per_m2=250_000,
                   land_area_m2=Decimal("40"))
    assert v.central == 20_000_000


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "valuation"),
        ({"road_price_per_m2": 200_000}, "valuation.land_area_m2"),
        ({"land_area_m2": Decimal("100")}, "valuation.road_price_per_m2"),
        ({"road_price_per_m2": 200_000, "land_area_m2": Decimal("0")}, "valuation.land_area_m2"),
        ({"road_price_per_m2": 200_000, "land_area_m2": Decimal("100"),
          "building_replacement_cost": 1}, "property.built_on"),
        ({"road_price_per_m2": 200_000, "land_area_m2": Decimal("100"),
          "building_replacement_cost": 1, "built_on": date(2000, 1, 1)}, "property.structure"),
        ({"road_price_per_m2": 200_000, "land_area_m2": Decimal("100"),
          "building_replacement_cost": 1, "built_on": date(2030, 1, 1),
          "structure": Structure.WOOD}, "property.built_on"),
    ],
)
def test_unusable_inputs_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as err:
        value_home((), None, on=ON, book=BOOK, **kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


def test_bad_amounts_are_input_errors() -> None:
    with pytest.raises(InputError) as err:
        value_home((), 0, on=ON, book=BOOK)
    assert err.value.field == "valuation.market_value"
    with pytest.raises(InputError):
        value_home((Appraisal("x", -5),), None, on=ON, book=BOOK)
    v = value_home((), 1_000_000, on=ON, book=BOOK)
    with pytest.raises(InputError):
        v.price("fire_sale")


# ---------------------------------------------------------------------------- the record


def test_to_dict_is_json_ready_and_explains() -> None:
    v = value_home(_appraisals(28_000_000, 30_000_000), None, on=ON, book=BOOK)
    data = json.loads(json.dumps(v.to_dict()))
    assert data["central"] == 29_000_000
    assert data["prices"]["auction_court"]["base_price"] == 20_300_000
    assert data["prices"]["auction_court"]["minimum_bid"] == 16_240_000
    assert data["prices"]["auction_court"]["why"]["rules"]
    explanation = v.explain()
    assert len(explanation.steps) == len(v.steps) + len(EXIT_KEYS)
    assert {r.key for r in v.rules_used} >= {"auction.seed_ratio", "market.leaseback_price_ratio"}


# --------------------------------------------------------------------- the rule I added


def test_statutory_building_life_rule() -> None:
    """住宅用の法定耐用年数 (耐用年数省令 別表第一): RC 47, れんが等 38, 金属造 34/27/19, 木造 22,
    木骨モルタル 20 (docs/sources/law-sale-costs.md §6 gives 木造 22 / RC 47). The non-business lives in
    depreciation.non_business_building are these × 1.5, fractions dropped."""
    key = "valuation.statutory_building_life_years"
    rule = BOOK.get(key)
    assert rule.kind is Kind.MARKET_PRACTICE
    assert rule.covered_from == date(2014, 4, 1)
    assert rule.covered_to is None
    for on in (date(2014, 4, 1), ON):
        resolved = BOOK.at(key, on)
        assert resolved.period.status is Status.UNCONFIRMED
        assert resolved.caveat
        lives = {r["structure"]: r["life_years"] for r in resolved.value}
        assert lives == {"wood": 22, "wood_mortar": 20, "light_steel_3mm": 19, "steel_4mm": 27,
                         "heavy_steel": 34, "brick_stone_block": 38, "rc_src": 47}
        assert set(lives) == {s.value for s in Structure}
        non_business = {r["structure"]: r["useful_life_years"]
                        for r in BOOK.at("depreciation.non_business_building", on).value}
        for structure, life in lives.items():
            assert non_business[structure] == int(Fraction(3, 2) * life), structure
    with pytest.raises(RuleCoverageError):
        BOOK.at(key, date(2014, 3, 31))
