"""Figures of the capital-gains, depreciation, auction, short-sale, market and valuation rules.

Every figure is asserted exactly, on both sides of every effective date (±1 day) and at every
bracket threshold (±1 yen). Sources (cited per test):
- docs/sources/law-sale-costs.md §5–8
- docs/sources/law-debt-divorce.md §3.6, §4.5
- docs/sources/law-updates-2026.md §1, §5, §7 (newer, wins where they differ)
- docs/sources/seed1-short-sale.md (マイナビニュース不動産査定, the seed)
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

import pytest

from zansai.errors import RuleCoverageError
from zansai.rules import Kind, RuleBook, Status, bracket

book = RuleBook.default()

TODAY = date(2026, 11, 22)
D = Decimal

MY_KEYS = (
    "capital_gains.long_term_holding_years",
    "capital_gains.income_tax_rates",
    "capital_gains.resident_tax_rates",
    "capital_gains.reconstruction_surtax_rate",
    "capital_gains.defense_surtax_rate",
    "capital_gains.reduced_rate_holding_years",
    "capital_gains.residence_special_deduction",
    "capital_gains.residence_move_out_years",
    "capital_gains.estimated_acquisition_cost_rate",
    "capital_gains.overloan_loss_relief",
    "capital_gains.replacement_loss_relief",
    "depreciation.non_business_building",
    "depreciation.non_business_rules",
    "auction.minimum_bid_ratio",
    "auction.market_adjustment",
    "auction.realized_to_market_ratio",
    "auction.seed_ratio",
    "auction.deposit_tokyo",
    "auction.filing_fee_per_lien",
    "short_sale.jhf_release_fees",
    "short_sale.jhf_management_arrears_years",
    "short_sale.jhf_tax_seizure_release_cap",
    "short_sale.jhf_bankruptcy_estate_ratio",
    "short_sale.jhf_moving_cost_allowed",
    "short_sale.jhf_scrivener_fee_cap",
    "short_sale.jhf_stamp_duty_deductible",
    "market.short_sale_price_ratio",
    "market.dealer_purchase_ratio",
    "market.leaseback_price_ratio",
    "market.leaseback_yield",
    "market.moving_cost",
    "valuation.road_price_ratio",
    "valuation.fixed_asset_value_ratio",
    "valuation.wooden_house_market_life_years",
)

DAY = timedelta(days=1)


def _floor(x: Decimal) -> int:
    return int(x.to_integral_value(rounding=ROUND_DOWN))


# ------------------------------------------------------------------------------ the whole set


@pytest.mark.parametrize("key", MY_KEYS)
def test_rule_covers_2014_to_today_with_sources(key: str) -> None:
    """Every rule starts by 2014-04-01, covers today, and every period is sourced (README)."""
    rule = book.get(key)
    assert rule.covered_from <= date(2014, 4, 1)
    assert rule.covered_to is None
    book.at(key, TODAY)
    for period in rule.periods:
        assert period.sources
        if period.status is Status.UNCONFIRMED:
            assert period.caveat_ja
            assert period.caveat_en


def test_capital_gains_rules_are_keyed_on_transfer_date() -> None:
    """The tax year follows the transfer (docs/sources/law-sale-costs.md §5.1: 年分で判定)."""
    for key in MY_KEYS:
        if key.startswith("capital_gains."):
            assert book.get(key).keyed_on == "transfer_date", key


# ------------------------------------------------------------------------ capital gains (§5)


def test_long_term_holding_years() -> None:
    """措法31条2項: long-term if held MORE than 5 years on 1 January (docs/sources/law-sale-costs.md §5.1)."""
    assert book.at("capital_gains.long_term_holding_years", date(2013, 1, 1)).value == 5
    assert book.at("capital_gains.long_term_holding_years", TODAY).value == 5
    assert book.at("capital_gains.long_term_holding_years", date(2027, 1, 1)).value == 5
    with pytest.raises(RuleCoverageError):
        book.at("capital_gains.long_term_holding_years", date(2012, 12, 31))


def test_income_tax_rates() -> None:
    """措法31条・32条・31条の3: 15% / 30% / 10% (≤6,000万) / 15% (docs/sources/law-sale-costs.md §5.1)."""
    expected = {
        "long_term": D("0.15"),
        "short_term": D("0.30"),
        "reduced_low": D("0.10"),
        "reduced_high": D("0.15"),
        "reduced_threshold": 60_000_000,
    }
    for on in (date(2013, 1, 1), date(2026, 12, 31), date(2027, 1, 1), TODAY):
        assert book.at("capital_gains.income_tax_rates", on).value == expected


def test_resident_tax_rates() -> None:
    """住民税 5% / 9% / 4% (≤6,000万) / 5% (docs/sources/law-sale-costs.md §5.1)."""
    expected = {
        "long_term": D("0.05"),
        "short_term": D("0.09"),
        "reduced_low": D("0.04"),
        "reduced_high": D("0.05"),
    }
    for on in (date(2013, 1, 1), date(2026, 12, 31), date(2027, 1, 1)):
        assert book.at("capital_gains.resident_tax_rates", on).value == expected


def test_reconstruction_surtax_across_2027_and_2048() -> None:
    """復興特別所得税 2.1% through 2026年分, 1.1% 2027–2047年分 (docs/sources/law-updates-2026.md §5; MOF
    令和8年度大綱 六 2)."""
    key = "capital_gains.reconstruction_surtax_rate"
    assert book.at(key, date(2013, 1, 1)).value == D("0.021")
    assert book.at(key, date(2026, 12, 31)).value == D("0.021")
    assert book.at(key, date(2027, 1, 1)).value == D("0.011")
    last = book.at(key, date(2047, 12, 31))
    assert last.value == D("0.011")
    assert last.in_force
    assert last.caveat is None
    after = book.at(key, date(2048, 1, 1))
    assert not after.in_force
    assert after.value is None
    assert after.caveat is not None  # the end of the taxing period is kept as unconfirmed


def test_defense_surtax_starts_2027() -> None:
    """防衛特別所得税: 基準所得税額×1%, 令和9年以後 (docs/sources/law-updates-2026.md §5; MOF 令和8年度大綱 六
    1)."""
    key = "capital_gains.defense_surtax_rate"
    before = book.at(key, date(2026, 12, 31))
    assert not before.in_force
    assert before.value is None
    on = book.at(key, date(2027, 1, 1))
    assert on.in_force
    assert on.value == D("0.01")
    assert on.caveat is None
    assert book.at(key, date(2060, 1, 1)).value == D("0.01")  # 当分の間: no end date


def _surtax(on: date) -> Decimal:
    total = book.at("capital_gains.reconstruction_surtax_rate", on).value
    defense = book.at("capital_gains.defense_surtax_rate", on)
    if defense.in_force:
        total += defense.value
    return total


@pytest.mark.parametrize("on", [date(2026, 12, 31), date(2027, 1, 1)])
def test_combined_rates_unchanged_across_2027(on: date) -> None:
    """20.315% / 39.63% / 14.21% in 2026 and in 2027 (docs/sources/law-sale-costs.md §0.5, §5.1;
    docs/sources/law-updates-2026.md §5 算式)."""
    income = book.at("capital_gains.income_tax_rates", on).value
    resident = book.at("capital_gains.resident_tax_rates", on).value
    surtax = _surtax(on)
    assert surtax == D("0.021")
    assert income["long_term"] * (1 + surtax) + resident["long_term"] == D("0.20315")
    assert income["short_term"] * (1 + surtax) + resident["short_term"] == D("0.3963")
    assert income["reduced_low"] * (1 + surtax) + resident["reduced_low"] == D("0.1421")
    assert income["reduced_high"] * (1 + surtax) + resident["reduced_high"] == D("0.20315")


def test_reduced_rate_tax_on_the_threshold() -> None:
    """措法31条の3: A ≤ 6,000万 → A×10%; above → (A−6,000万)×15%+600万
    (docs/sources/law-sale-costs.md §5.1)."""
    rates = book.at("capital_gains.income_tax_rates", TODAY).value
    threshold = rates["reduced_threshold"]

    def income_tax(gain: int) -> int:
        low = min(gain, threshold)
        return _floor(low * rates["reduced_low"] + (gain - low) * rates["reduced_high"])

    assert income_tax(60_000_000) == 6_000_000
    assert income_tax(60_001_000) == 6_000_150
    assert income_tax(80_000_000) == 9_000_000


def test_reduced_rate_holding_years() -> None:
    """措法31条の3: more than 10 years (docs/sources/law-sale-costs.md §5.1)."""
    assert book.at("capital_gains.reduced_rate_holding_years", date(2013, 1, 1)).value == 10
    assert book.at("capital_gains.reduced_rate_holding_years", TODAY).value == 10


def test_residence_special_deduction_is_permanent() -> None:
    """措法35条1項: 3,000万円, 恒久措置 (docs/sources/law-sale-costs.md §5.2;
    docs/sources/law-updates-2026.md §4)."""
    key = "capital_gains.residence_special_deduction"
    assert book.at(key, date(2013, 1, 1)).value == 30_000_000
    assert book.at(key, TODAY).value == 30_000_000
    assert book.at(key, date(2040, 1, 1)).value == 30_000_000
    assert book.at(key, date(2040, 1, 1)).caveat is None


def test_residence_move_out_years() -> None:
    """措法35条: by 31 Dec of the year in which 3 years pass after moving out
    (docs/sources/law-sale-costs.md §5.2)."""
    years = book.at("capital_gains.residence_move_out_years", TODAY).value
    assert years == 3
    moved_out = date(2024, 5, 10)
    assert date(moved_out.year + years, 12, 31) == date(2027, 12, 31)


def test_estimated_acquisition_cost_rate() -> None:
    """措法31条の4: 概算取得費 = 譲渡収入×5% (docs/sources/law-sale-costs.md §5.3)."""
    rate = book.at("capital_gains.estimated_acquisition_cost_rate", TODAY).value
    assert rate == D("0.05")
    assert 30_000_000 * rate == 1_500_000


OVERLOAN = {
    "min_holding_years": 5,
    "min_loan_term_years": 10,
    "carry_forward_years": 3,
    "income_limit": 30_000_000,
}


def test_overloan_loss_relief_period() -> None:
    """措法41条の5の2 第7項第1号: 平成16年1月1日〜令和9年12月31日 (docs/sources/law-updates-2026.md §1;
    docs/sources/law-sale-costs.md §5.5)."""
    key = "capital_gains.overloan_loss_relief"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(2003, 12, 31))
    first = book.at(key, date(2004, 1, 1))
    assert first.in_force
    assert first.value == OVERLOAN
    # the old 令和7年12月31日 deadline, extended by the 令和8年度 reform: continuous
    assert book.at(key, date(2025, 12, 31)).value == OVERLOAN
    assert book.at(key, date(2026, 1, 1)).value == OVERLOAN
    assert book.at(key, TODAY).in_force


def test_overloan_loss_relief_ends_2027_with_caveat() -> None:
    """Transfers from 2028-01-01: not in force, unconfirmed, fail closed
    (docs/sources/law-updates-2026.md §1)."""
    key = "capital_gains.overloan_loss_relief"
    last = book.at(key, date(2027, 12, 31))
    assert last.in_force
    assert last.value == OVERLOAN
    assert last.caveat is None
    after = book.at(key, date(2028, 1, 1))
    assert not after.in_force
    assert after.value is None
    assert after.caveat is not None
    ja, en = after.caveat
    assert "2027-12-31" in ja
    assert "2027-12-31" in en


def test_replacement_loss_relief_period() -> None:
    """措法41条の5 第7項第1号: 平成10年1月1日〜令和9年12月31日 (docs/sources/law-updates-2026.md §1; NTA
    No.3370)."""
    key = "capital_gains.replacement_loss_relief"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(1997, 12, 31))
    assert book.at(key, date(1998, 1, 1)).value == OVERLOAN
    assert book.at(key, date(2025, 12, 31)).value == OVERLOAN
    assert book.at(key, date(2026, 1, 1)).value == OVERLOAN
    last = book.at(key, date(2027, 12, 31))
    assert last.in_force
    assert last.caveat is None
    after = book.at(key, date(2028, 1, 1))
    assert not after.in_force
    assert after.caveat is not None


# ----------------------------------------------------------------------- depreciation (§5.3)


def test_non_business_building_table() -> None:
    """所得税法38条2項・令85条: 法定耐用年数×1.5 and 旧定額法 rates (docs/sources/law-sale-costs.md §5.3)."""
    rows = book.at("depreciation.non_business_building", TODAY).value
    table = {r["structure"]: (r["useful_life_years"], r["rate"]) for r in rows}
    assert table == {
        "wood": (33, D("0.031")),
        "wood_mortar": (30, D("0.034")),
        "light_steel_3mm": (28, D("0.036")),
        "steel_4mm": (40, D("0.025")),
        "heavy_steel": (51, D("0.020")),
        "brick_stone_block": (57, D("0.018")),
        "rc_src": (70, D("0.015")),
    }
    assert book.at("depreciation.non_business_building", date(2013, 1, 1)).value == rows


def test_non_business_rules() -> None:
    """0.9 factor, 95% cap (not 90%), 6 months or more = 1 year
    (docs/sources/law-sale-costs.md §0.6, §5.3)."""
    rules = book.at("depreciation.non_business_rules", TODAY).value
    assert rules == {"residual_factor": D("0.9"), "cap_ratio": D("0.95"), "round_up_months": 6}


def _building_reduction(cost: int, structure: str, months: int, on: date) -> int:
    rows = book.at("depreciation.non_business_building", on).value
    rate = next(r["rate"] for r in rows if r["structure"] == structure)
    rules = book.at("depreciation.non_business_rules", on).value
    years = months // 12 + (1 if months % 12 >= rules["round_up_months"] else 0)
    reduction = cost * rules["residual_factor"] * rate * years
    return _floor(min(reduction, cost * rules["cap_ratio"]))


def test_wooden_house_reduction_and_cap() -> None:
    """Derived from the rule: cost × 0.9 × 0.031 × years, ≤ 95% (docs/sources/law-sale-costs.md §5.3; NTA
    FAQ)."""
    cost = 30_000_000
    # 19 years 6 months → 20 years; 19 years 5 months → 19 years
    assert _building_reduction(cost, "wood", 19 * 12 + 6, TODAY) == 16_740_000
    assert _building_reduction(cost, "wood", 19 * 12 + 5, TODAY) == 15_903_000
    # 35 years: 0.9 × 0.031 × 35 = 0.9765 > 0.95 → capped
    assert _building_reduction(cost, "wood", 35 * 12, TODAY) == 28_500_000


# ---------------------------------------------------------------------------- auction (§7)


def test_minimum_bid_ratio_from_2005() -> None:
    """民執法60条3項: 買受可能価額 = 売却基準価額×0.8, from 2005-04-01 (docs/sources/law-sale-costs.md §7.1;
    All About)."""
    key = "auction.minimum_bid_ratio"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(2005, 3, 31))
    assert book.at(key, date(2005, 4, 1)).value == D("0.8")
    assert book.at(key, TODAY).value == D("0.8")
    assert _floor(12_500_000 * book.at(key, TODAY).value) == 10_000_000
    assert book.get(key).kind is Kind.LAW


def test_market_adjustment() -> None:
    """競売市場修正 ×0.5–0.7, default 0.7 (docs/sources/law-sale-costs.md §7.1)."""
    r = book.at("auction.market_adjustment", TODAY)
    assert (r.value, r.period.low, r.period.high) == (D("0.7"), D("0.5"), D("0.7"))
    assert book.get("auction.market_adjustment").kind is Kind.MARKET_PRACTICE


def test_realized_to_market_ratio() -> None:
    """平均買増率2: national H24 91.8% (lowest), Tokyo H26 108.6% (highest)
    (docs/sources/law-sale-costs.md §7.2)."""
    r = book.at("auction.realized_to_market_ratio", TODAY)
    assert (r.value, r.period.low, r.period.high) == (D("0.918"), D("0.7"), D("1.086"))
    assert r.period.conflicts


def test_seed_ratio_conflicts_with_statistics() -> None:
    """Seed: 「競売では市場価格の6~7割程度」 (マイナビニュース不動産査定); docs/sources/law-sale-costs.md §7.2
    conflict."""
    r = book.at("auction.seed_ratio", TODAY)
    assert (r.value, r.period.low, r.period.high) == (D("0.65"), D("0.6"), D("0.7"))
    assert r.period.conflicts
    stats = book.at("auction.realized_to_market_ratio", TODAY).value
    assert r.period.high < stats


def test_deposit_tokyo_change_on_2020_04_01() -> None:
    """東京地裁 民事第21部: 2,000万未満 60万 (≤2020-03-31 受理) → 80万 (docs/sources/law-debt-divorce.md §4.5;
    docs/sources/law-sale-costs.md §7.3)."""
    key = "auction.deposit_tokyo"
    old = book.at(key, date(2020, 3, 31)).value
    new = book.at(key, date(2020, 4, 1)).value
    assert bracket(old, 19_999_999)["deposit"] == 600_000
    assert bracket(new, 19_999_999)["deposit"] == 800_000
    with pytest.raises(RuleCoverageError):
        book.at(key, date(2014, 3, 31))
    assert bracket(book.at(key, date(2014, 4, 1)).value, 10_000_000)["deposit"] == 600_000


@pytest.mark.parametrize(
    ("claim", "deposit"),
    [
        (1, 800_000),
        (19_999_999, 800_000),
        (20_000_000, 1_000_000),
        (49_999_999, 1_000_000),
        (50_000_000, 1_500_000),
        (99_999_999, 1_500_000),
        (100_000_000, 2_000_000),
        (3_000_000_000, 2_000_000),
    ],
)
def test_deposit_tokyo_brackets(claim: int, deposit: int) -> None:
    """東京地裁 予納金 tiers at ±1 yen: 2,000万 / 5,000万 / 1億 '未満'
    (docs/sources/law-debt-divorce.md §4.5)."""
    rows = book.at("auction.deposit_tokyo", TODAY).value
    assert bracket(rows, claim)["deposit"] == deposit


def test_deposit_tokyo_higher_tiers_before_2020() -> None:
    """Higher tiers unchanged before 2020-04-01 (assumed; court page changes only <2,000万)."""
    rows = book.at("auction.deposit_tokyo", date(2020, 3, 31)).value
    assert bracket(rows, 20_000_000)["deposit"] == 1_000_000
    assert bracket(rows, 50_000_000)["deposit"] == 1_500_000
    assert bracket(rows, 100_000_000)["deposit"] == 2_000_000


def test_filing_fee_per_lien() -> None:
    """民訴費用法 別表第一: 担保権1個につき 4,000円 (docs/sources/law-sale-costs.md §7.3;
    docs/sources/law-debt-divorce.md §4.5)."""
    fee = book.at("auction.filing_fee_per_lien", TODAY).value
    assert fee == 4_000
    assert fee * 2 == 8_000  # two 抵当権 → two fees
    assert book.at("auction.filing_fee_per_lien", date(2014, 4, 1)).value == 4_000


# ------------------------------------------------------------------------ short sale (§8.1)


def _release_fee(rank: int, principal: int, on: date) -> int:
    rows = book.at("short_sale.jhf_release_fees", on).value
    row = [r for r in rows if r["rank"] <= rank][-1]
    return min(row["cap"], _floor(principal * row["principal_ratio"]))


def test_jhf_release_fees_table() -> None:
    """ハンコ代: 2位 30万 / 3位 20万 / 4位以下 10万, or 残元金の1割 if lower
    (docs/sources/law-debt-divorce.md §3.6)."""
    rows = book.at("short_sale.jhf_release_fees", TODAY).value
    assert rows == (
        {"rank": 2, "cap": 300_000, "principal_ratio": D("0.1")},
        {"rank": 3, "cap": 200_000, "principal_ratio": D("0.1")},
        {"rank": 4, "cap": 100_000, "principal_ratio": D("0.1")},
    )
    assert _release_fee(2, 5_000_000, TODAY) == 300_000
    assert _release_fee(2, 2_000_000, TODAY) == 200_000
    assert _release_fee(3, 3_000_000, TODAY) == 200_000
    assert _release_fee(4, 900_000, TODAY) == 90_000
    assert _release_fee(6, 5_000_000, TODAY) == 100_000


def test_jhf_scalar_criteria() -> None:
    """JHF 配分基準 (docs/sources/law-sale-costs.md §8.1; docs/sources/law-debt-divorce.md §3.6;
    docs/sources/law-updates-2026.md §7): 5年, 10万, 3%, 引越不可, 1万, 印紙不可."""
    assert book.at("short_sale.jhf_management_arrears_years", TODAY).value == 5
    assert book.at("short_sale.jhf_tax_seizure_release_cap", TODAY).value == 100_000
    assert book.at("short_sale.jhf_bankruptcy_estate_ratio", TODAY).value == D("0.03")
    assert book.at("short_sale.jhf_moving_cost_allowed", TODAY).value is False
    assert book.at("short_sale.jhf_scrivener_fee_cap", TODAY).value == 10_000
    assert book.at("short_sale.jhf_stamp_duty_deductible", TODAY).value is False


def test_jhf_tax_seizure_is_min_with_one_year_of_tax() -> None:
    """min(10万円, 固都税1年分) (docs/sources/law-sale-costs.md §8.1)."""
    cap = book.at("short_sale.jhf_tax_seizure_release_cap", TODAY).value
    assert min(cap, 85_000) == 85_000
    assert min(cap, 140_000) == 100_000


def test_jhf_scrivener_fee_unit_conflict_recorded() -> None:
    """1筆1万円 vs 1債権1万円 (docs/sources/law-updates-2026.md §7: unit 不明)."""
    period = book.at("short_sale.jhf_scrivener_fee_cap", TODAY).period
    assert period.conflicts is not None
    assert "1筆" in period.conflicts
    assert "1債権" in period.conflicts


def test_jhf_bankruptcy_estate_on_a_sale() -> None:
    """破産財団組入金 原則 売却価格の3%まで (docs/sources/law-sale-costs.md §8.1)."""
    ratio = book.at("short_sale.jhf_bankruptcy_estate_ratio", TODAY).value
    assert _floor(20_000_000 * ratio) == 600_000


def test_jhf_rules_are_practice_keyed_on_settlement() -> None:
    """Lender practice, not law: overridable (docs/sources/law-sale-costs.md §8 heading)."""
    for key in MY_KEYS:
        if key.startswith("short_sale."):
            rule = book.get(key)
            assert rule.kind is Kind.MARKET_PRACTICE, key
            assert rule.keyed_on == "settlement_date", key
            with pytest.raises(RuleCoverageError):
                book.at(key, date(2014, 4, 1) - DAY)


# ---------------------------------------------------------------------------- market (§8.2)


@pytest.mark.parametrize(
    ("key", "value", "low", "high"),
    [
        # seed: 「相場に近い価格で売却できる可能性がある」
        ("market.short_sale_price_ratio", D("0.95"), D("0.9"), D("1.0")),
        # docs/sources/law-sale-costs.md §8.2: 業者買取 約60〜80% (「7割」が多い)
        ("market.dealer_purchase_ratio", D("0.7"), D("0.6"), D("0.8")),
        # docs/sources/law-sale-costs.md §8.2: リースバック 約60〜90% (70〜80% が多い)
        ("market.leaseback_price_ratio", D("0.75"), D("0.6"), D("0.9")),
        # docs/sources/law-sale-costs.md §8.2: 期待利回り 年5〜13%, default = midpoint
        ("market.leaseback_yield", D("0.09"), D("0.05"), D("0.13")),
        # docs/sources/law-sale-costs.md §8.1 / docs/sources/law-debt-divorce.md §3.6: 10〜30万円 often cited
        ("market.moving_cost", 200_000, 100_000, 300_000),
    ],
)
def test_market_defaults(key: str, value: object, low: object, high: object) -> None:
    r = book.at(key, TODAY)
    assert (r.value, r.period.low, r.period.high) == (value, low, high)
    assert r.period.confidence.value == "low"
    assert book.get(key).kind is Kind.MARKET_PRACTICE


def test_leaseback_rent() -> None:
    """月額家賃 ≈ 買取価格 × 期待利回り ÷ 12 (docs/sources/law-sale-costs.md §8.2)."""
    market_value = 30_000_000
    price = market_value * book.at("market.leaseback_price_ratio", TODAY).value
    assert price == 22_500_000
    rent = price * book.at("market.leaseback_yield", TODAY).value / 12
    assert rent == 168_750


def test_market_defaults_can_be_overridden() -> None:
    """Market practice is a default a case may replace (README; book.with_overrides)."""
    custom = book.with_overrides({"market.leaseback_yield": D("0.06")})
    assert custom.at("market.leaseback_yield", TODAY).value == D("0.06")
    assert book.at("market.leaseback_yield", TODAY).value == D("0.09")


# ------------------------------------------------------------------------- valuation (§6)


def test_road_price_ratio() -> None:
    """相続税路線価 ≈ 地価公示の80%, 平成4年から (docs/sources/law-sale-costs.md §6; 神戸市 FAQ)."""
    key = "valuation.road_price_ratio"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(1991, 12, 31))
    assert book.at(key, date(1992, 1, 1)).value == D("0.8")
    ratio = book.at(key, TODAY).value
    assert ratio == D("0.8")
    assert 240_000 / ratio == 300_000  # 路線価 24万円/㎡ → 時価目安 30万円/㎡


def test_fixed_asset_value_ratio() -> None:
    """固定資産税評価額 ≈ 地価公示の70%, 平成6年度評価替えから (docs/sources/law-sale-costs.md §6; 神戸市
    FAQ)."""
    key = "valuation.fixed_asset_value_ratio"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(1994, 3, 31))
    assert book.at(key, date(1994, 4, 1)).value == D("0.7")
    ratio = book.at(key, TODAY).value
    assert ratio == D("0.7")
    assert 21_000_000 / ratio == 30_000_000


def test_wooden_house_market_life() -> None:
    """国交省 2013-08: 一律に築後20〜25年で市場価値ゼロとなる慣行 (docs/sources/law-sale-costs.md §6)."""
    r = book.at("valuation.wooden_house_market_life_years", TODAY)
    assert (r.value, r.period.low, r.period.high) == (22, 20, 25)
    assert book.get("valuation.wooden_house_market_life_years").kind is Kind.MARKET_PRACTICE
