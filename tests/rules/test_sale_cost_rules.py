"""Figures of the sale-cost rules (brokerage, stamp duty, registration tax, property tax).

Every figure is asserted exactly, on both sides of every effective date and at every bracket
threshold ±1 yen. Sources: docs/sources/law-sale-costs.md (§1–4) and
docs/sources/law-updates-2026.md (§2–3), cited per test.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

import pytest

from zansai.errors import RuleCoverageError
from zansai.rules import RuleBook, bracket

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return RuleBook.default()


def _floor(x: Decimal) -> int:
    return int(x.to_integral_value(rounding=ROUND_DOWN))


def _brokerage_cap_ex_tax(book: RuleBook, price: int, on: date) -> Decimal:
    """Sum of each tier's rate over the part of the price inside that tier (告示 第二)."""
    rows = book.at("brokerage.fee_tiers", on).value
    total = Decimal(0)
    lower = 0
    for row in rows:
        upper = row.get("upto")
        top = price if upper is None else min(price, upper)
        if top > lower:
            total += (top - lower) * row["rate"]
        if upper is None or price <= upper:
            break
        lower = upper
    return total


def _brokerage_cap_incl_tax(book: RuleBook, price: int, on: date) -> int:
    rate = book.at("tax.consumption_tax_rate", on).value
    return _floor(_brokerage_cap_ex_tax(book, price, on) * (1 + rate))


# ------------------------------------------------------------------ brokerage (§1)


def test_brokerage_tiers_rates_at_thresholds(book: RuleBook) -> None:
    """告示1552号 第二: 5% ≤2,000,000 / 4% ≤4,000,000 / 3% above (docs/sources/law-sale-costs.md §1.2)."""
    rows = book.at("brokerage.fee_tiers", TODAY).value
    assert bracket(rows, 1)["rate"] == Decimal("0.05")
    assert bracket(rows, 2_000_000)["rate"] == Decimal("0.05")
    assert bracket(rows, 2_000_001)["rate"] == Decimal("0.04")
    assert bracket(rows, 4_000_000)["rate"] == Decimal("0.04")
    assert bracket(rows, 4_000_001)["rate"] == Decimal("0.03")
    assert bracket(rows, 100_000_000)["rate"] == Decimal("0.03")
    assert len(rows) == 3


def test_brokerage_cap_matches_quick_formula_at_thresholds(book: RuleBook) -> None:
    """速算式 price×5% / ×4%+20,000 / ×3%+60,000, tax-exclusive (docs/sources/law-sale-costs.md §1.2)."""
    cap = _brokerage_cap_ex_tax
    assert cap(book, 2_000_000, TODAY) == Decimal("100000.00")
    assert cap(book, 2_000_001, TODAY) == Decimal("100000.04")  # 2,000,001×4%+20,000
    assert cap(book, 4_000_000, TODAY) == Decimal("180000.00")
    assert cap(book, 4_000_001, TODAY) == Decimal("180000.03")  # 4,000,001×3%+60,000
    assert cap(book, 8_000_000, TODAY) == Decimal("300000.00")
    assert cap(book, 30_000_000, TODAY) == Decimal("960000.00")


def test_brokerage_cap_tax_inclusive_rounds_down(book: RuleBook) -> None:
    """1,999,999円 → 109,999.945 → 109,999円 税込 (docs/sources/law-sale-costs.md §1.2 端数)."""
    assert _brokerage_cap_incl_tax(book, 1_999_999, TODAY) == 109_999
    assert _brokerage_cap_incl_tax(book, 8_000_000, TODAY) == 330_000


def test_brokerage_tax_inclusive_cap_across_consumption_tax_changes(book: RuleBook) -> None:
    """Same 5/4/3% base × 1.05 / 1.08 / 1.10 by service date (docs/sources/law-sale-costs.md §1.2 table)."""
    price = 10_000_000  # 360,000 tax-exclusive
    assert _brokerage_cap_incl_tax(book, price, date(2014, 3, 31)) == 378_000
    assert _brokerage_cap_incl_tax(book, price, date(2014, 4, 1)) == 388_800
    assert _brokerage_cap_incl_tax(book, price, date(2019, 9, 30)) == 388_800
    assert _brokerage_cap_incl_tax(book, price, date(2019, 10, 1)) == 396_000


def test_brokerage_tiers_coverage_starts_1997(book: RuleBook) -> None:
    """Tiers are encoded from 1997-04-01 (docs/sources/law-sale-costs.md §1.2, 5% era column)."""
    with pytest.raises(RuleCoverageError):
        book.at("brokerage.fee_tiers", date(1997, 3, 31))
    rows = book.at("brokerage.fee_tiers", date(1997, 4, 1)).value
    assert [r["rate"] for r in rows] == [Decimal("0.05"), Decimal("0.04"), Decimal("0.03")]


def test_consumption_tax_rate_switches(book: RuleBook) -> None:
    """消費税法29条: 5% → 8% on 2014-04-01 → 10% on 2019-10-01."""
    assert book.at("tax.consumption_tax_rate", date(2014, 3, 31)).value == Decimal("0.05")
    assert book.at("tax.consumption_tax_rate", date(2014, 4, 1)).value == Decimal("0.08")
    assert book.at("tax.consumption_tax_rate", date(2019, 9, 30)).value == Decimal("0.08")
    assert book.at("tax.consumption_tax_rate", date(2019, 10, 1)).value == Decimal("0.10")


def test_low_cost_special_not_in_force_before_2018(book: RuleBook) -> None:
    """平成29年告示1155号 created the special from 2018-01-01 (docs/sources/law-sale-costs.md §1.3)."""
    before = book.at("brokerage.low_cost_vacant_home", date(2017, 12, 31))
    assert before.in_force is False
    assert before.value is None
    after = book.at("brokerage.low_cost_vacant_home", date(2018, 1, 1))
    assert after.in_force is True
    assert after.value == {"price_ceiling": 4_000_000, "fee_cap": 180_000, "buyer_side": False,
                           "adds_survey_costs": True}


def test_low_cost_special_2024_revision(book: RuleBook) -> None:
    """令和6年告示949号 from 2024-07-01: 800万円以下, 30万円, buyer too
    (docs/sources/law-sale-costs.md §1.3)."""
    old = book.at("brokerage.low_cost_vacant_home", date(2024, 6, 30)).value
    new = book.at("brokerage.low_cost_vacant_home", date(2024, 7, 1)).value
    assert old == {"price_ceiling": 4_000_000, "fee_cap": 180_000, "buyer_side": False,
                   "adds_survey_costs": True}
    assert new == {"price_ceiling": 8_000_000, "fee_cap": 300_000, "buyer_side": True,
                   "adds_survey_costs": False}
    assert book.at("brokerage.low_cost_vacant_home", TODAY).value == new


def test_low_cost_special_price_threshold(book: RuleBook) -> None:
    """8,000,000 qualifies, 8,000,001 does not; at 8,000,000 the normal cap equals the special
    cap, 300,000 = 330,000 tax-inclusive (docs/sources/law-sale-costs.md §0.1, §1.3)."""
    special = book.at("brokerage.low_cost_vacant_home", TODAY).value
    assert special["price_ceiling"] >= 8_000_000
    assert not special["price_ceiling"] >= 8_000_001
    assert _brokerage_cap_ex_tax(book, 8_000_000, TODAY) == special["fee_cap"]
    old = book.at("brokerage.low_cost_vacant_home", date(2024, 6, 30)).value
    assert old["price_ceiling"] >= 4_000_000
    assert not old["price_ceiling"] >= 4_000_001


def test_low_cost_special_tax_inclusive_caps(book: RuleBook) -> None:
    """18万×1.08 = 194,400 / 18万×1.1 = 198,000 / 30万×1.1 = 330,000 (docs/sources/law-sale-costs.md §1.3)."""

    def incl(on: date) -> int:
        cap = book.at("brokerage.low_cost_vacant_home", on).value["fee_cap"]
        return _floor(cap * (1 + book.at("tax.consumption_tax_rate", on).value))

    assert incl(date(2019, 9, 30)) == 194_400
    assert incl(date(2019, 10, 1)) == 198_000
    assert incl(date(2024, 6, 30)) == 198_000
    assert incl(date(2024, 7, 1)) == 330_000


# ------------------------------------------------------------------ stamp duty (§2)

_BASE_TABLE = [
    (9_999, 0),
    (10_000, 200),
    (100_000, 200),
    (100_001, 400),
    (500_000, 400),
    (500_001, 1_000),
    (1_000_000, 1_000),
    (1_000_001, 2_000),
    (5_000_000, 2_000),
    (5_000_001, 10_000),
    (10_000_000, 10_000),
    (10_000_001, 20_000),
    (50_000_000, 20_000),
    (50_000_001, 60_000),
    (100_000_000, 60_000),
    (100_000_001, 100_000),
    (500_000_000, 100_000),
    (500_000_001, 200_000),
    (1_000_000_000, 200_000),
    (1_000_000_001, 400_000),
    (5_000_000_000, 400_000),
    (5_000_000_001, 600_000),
]

_REDUCED_TABLE = [
    (9_999, 0),
    (10_000, 200),
    (100_000, 200),
    (100_001, 200),
    (500_000, 200),
    (500_001, 500),
    (1_000_000, 500),
    (1_000_001, 1_000),
    (5_000_000, 1_000),
    (5_000_001, 5_000),
    (10_000_000, 5_000),
    (10_000_001, 10_000),
    (50_000_000, 10_000),
    (50_000_001, 30_000),
    (100_000_000, 30_000),
    (100_000_001, 60_000),
    (500_000_000, 60_000),
    (500_000_001, 160_000),
    (1_000_000_000, 160_000),
    (1_000_000_001, 320_000),
    (5_000_000_000, 320_000),
    (5_000_000_001, 480_000),
]


@pytest.mark.parametrize(("amount", "duty"), _BASE_TABLE)
def test_loan_contract_duty_thresholds(book: RuleBook, amount: int, duty: int) -> None:
    """印紙税法 別表第一 第1号 本則, no 措法91条 reduction (docs/sources/law-sale-costs.md §2.2)."""
    rows = book.at("stamp_duty.loan_contract", TODAY).value
    assert bracket(rows, amount)["duty"] == duty


def test_loan_contract_unchanged_across_2027_and_covered_from_2014(book: RuleBook) -> None:
    """No reduction ever applies to 第1号の3文書 (docs/sources/law-sale-costs.md §2.2); coverage from
    2014-04-01."""
    for on in (date(2014, 4, 1), date(2027, 3, 31), date(2027, 4, 1)):
        resolved = book.at("stamp_duty.loan_contract", on)
        assert bracket(resolved.value, 30_000_000)["duty"] == 20_000
        assert resolved.caveat is None
    with pytest.raises(RuleCoverageError):
        book.at("stamp_duty.loan_contract", date(2014, 3, 31))


@pytest.mark.parametrize(("amount", "duty"), _REDUCED_TABLE)
def test_sale_contract_reduced_duty_thresholds(book: RuleBook, amount: int, duty: int) -> None:
    """措法91条1項 reduced duty for documents made 2014-04-01..2027-03-31
    (docs/sources/law-updates-2026.md §3)."""
    rows = book.at("stamp_duty.sale_contract", TODAY).value
    assert bracket(rows, amount)["duty"] == duty


@pytest.mark.parametrize(("amount", "duty"), _BASE_TABLE)
def test_sale_contract_base_duty_from_2027(book: RuleBook, amount: int, duty: int) -> None:
    """From 2027-04-01 the 本則 applies unless 措法91条 is extended (docs/sources/law-updates-2026.md §3)."""
    rows = book.at("stamp_duty.sale_contract", date(2027, 4, 1)).value
    assert bracket(rows, amount)["duty"] == duty


def test_sale_contract_2027_switch_and_caveat(book: RuleBook) -> None:
    """措法91条 ends with documents of 2027-03-31; later ones carry a caveat
    (docs/sources/law-updates-2026.md §3)."""
    last = book.at("stamp_duty.sale_contract", date(2027, 3, 31))
    first = book.at("stamp_duty.sale_contract", date(2027, 4, 1))
    assert bracket(last.value, 30_000_000)["duty"] == 10_000
    assert bracket(first.value, 30_000_000)["duty"] == 20_000
    assert bracket(last.value, 10_000_000)["duty"] == 5_000
    assert bracket(first.value, 10_000_000)["duty"] == 10_000
    assert last.caveat is None
    assert first.caveat is not None


def test_sale_contract_2014_switch(book: RuleBook) -> None:
    """Old reduction (>1,000万円 only) until 2014-03-31, then 措法91条
    (docs/sources/law-sale-costs.md §2.1)."""
    old = book.at("stamp_duty.sale_contract", date(2014, 3, 31)).value
    new = book.at("stamp_duty.sale_contract", date(2014, 4, 1)).value
    assert bracket(old, 30_000_000)["duty"] == 15_000
    assert bracket(new, 30_000_000)["duty"] == 10_000
    assert bracket(old, 300_000)["duty"] == 400
    assert bracket(new, 300_000)["duty"] == 200


# ------------------------------------------------------------ registration tax (§3)


def _lien_release_tax(book: RuleBook, count: int, on: date) -> int:
    v = book.at("registration_tax.lien_release", on).value
    if count > v["cap_over_count"]:
        return v["application_cap"]
    return count * v["per_property"]


def test_lien_release_tax(book: RuleBook) -> None:
    """登録免許税法 別表第一 一(十五): 1,000円/個, >20個 → 20,000円/件
    (docs/sources/law-sale-costs.md §3.1)."""
    assert book.at("registration_tax.lien_release", TODAY).value == {
        "per_property": 1_000,
        "application_cap": 20_000,
        "cap_over_count": 20,
    }
    assert _lien_release_tax(book, 2, TODAY) == 2_000  # land 1 + building 1
    assert _lien_release_tax(book, 19, TODAY) == 19_000
    assert _lien_release_tax(book, 20, TODAY) == 20_000
    assert _lien_release_tax(book, 21, TODAY) == 20_000
    assert _lien_release_tax(book, 31, TODAY) == 20_000


def test_fixed_registration_taxes_coverage(book: RuleBook) -> None:
    """別表第一 一(十四)(十五) and 登録免許税法19条: encoded from 2014-04-01
    (docs/sources/law-sale-costs.md §3)."""
    for key in ("registration_tax.lien_release", "registration_tax.name_address_change",
                "registration_tax.minimum"):
        with pytest.raises(RuleCoverageError):
            book.at(key, date(2014, 3, 31))
    assert book.at("registration_tax.lien_release", date(2014, 4, 1)).value["per_property"] == 1_000
    assert book.at("registration_tax.name_address_change", date(2014, 4, 1)).value == 1_000
    assert book.at("registration_tax.minimum", date(2014, 4, 1)).value == 1_000


def test_name_address_change_and_minimum(book: RuleBook) -> None:
    """別表第一 一(十四) 1,000円/個 (docs/sources/law-sale-costs.md §3.1); 19条 minimum 1,000円
    (docs/sources/law-updates-2026.md §2)."""
    assert book.at("registration_tax.name_address_change", TODAY).value == 1_000
    assert book.at("registration_tax.minimum", TODAY).value == 1_000


def test_land_transfer_rate_dates(book: RuleBook) -> None:
    """措法72条1項1号: 1.5% for 2013-04-01..2029-03-31, then 2% unconfirmed
    (docs/sources/law-updates-2026.md §2)."""
    key = "registration_tax.land_transfer_sale"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(2013, 3, 31))
    assert book.at(key, date(2013, 4, 1)).value == Decimal("0.015")
    # the pre-2026 text ended on 2026-03-31; the FY2026 reform extended it
    assert book.at(key, date(2026, 3, 31)).value == Decimal("0.015")
    assert book.at(key, date(2026, 4, 1)).value == Decimal("0.015")
    last = book.at(key, date(2029, 3, 31))
    first = book.at(key, date(2029, 4, 1))
    assert last.value == Decimal("0.015")
    assert last.caveat is None
    assert first.value == Decimal("0.02")
    assert first.caveat is not None


def test_land_transfer_example(book: RuleBook) -> None:
    """評価額 3,000万円の土地 × 1.5% = 450,000円 (itami110ban.com, docs/sources/law-sale-costs.md §3.4)."""
    rate = book.at("registration_tax.land_transfer_sale", TODAY).value
    assert 30_000_000 * rate == 450_000


def test_building_transfer_base_rate(book: RuleBook) -> None:
    """別表第一 一(二)ハ: 2% (docs/sources/law-sale-costs.md §3.2)."""
    key = "registration_tax.building_transfer_sale"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(2014, 3, 31))
    assert book.at(key, date(2014, 4, 1)).value == Decimal("0.02")
    assert book.at(key, TODAY).value == Decimal("0.02")
    assert book.at(key, date(2027, 4, 1)).value == Decimal("0.02")
    assert book.at(key, date(2027, 4, 1)).caveat is None


def test_residential_building_transfer_dates(book: RuleBook) -> None:
    """措法73条: 0.3% until 2027-03-31, then 2% unconfirmed (docs/sources/law-updates-2026.md §2)."""
    key = "registration_tax.residential_building_transfer"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(2014, 3, 31))
    assert book.at(key, date(2014, 4, 1)).value == Decimal("0.003")
    last = book.at(key, date(2027, 3, 31))
    first = book.at(key, date(2027, 4, 1))
    assert last.value == Decimal("0.003")
    assert last.caveat is None
    assert first.value == Decimal("0.02")
    assert first.caveat is not None


def test_mortgage_setting_rates(book: RuleBook) -> None:
    """別表第一 一(五) 0.4%; 措法75条 0.1% to 2027-03-31, then 0.4% unconfirmed
    (docs/sources/law-updates-2026.md §2)."""
    base = "registration_tax.mortgage_setting"
    home = "registration_tax.residential_mortgage_setting"
    with pytest.raises(RuleCoverageError):
        book.at(base, date(2014, 3, 31))
    with pytest.raises(RuleCoverageError):
        book.at(home, date(2014, 3, 31))
    assert book.at(base, date(2014, 4, 1)).value == Decimal("0.004")
    assert book.at(base, date(2027, 3, 31)).value == Decimal("0.004")
    assert book.at(base, date(2027, 4, 1)).value == Decimal("0.004")
    assert book.at(home, date(2014, 4, 1)).value == Decimal("0.001")
    last = book.at(home, date(2027, 3, 31))
    first = book.at(home, date(2027, 4, 1))
    assert last.value == Decimal("0.001")
    assert last.caveat is None
    assert first.value == Decimal("0.004")
    assert first.caveat is not None


def _seizure_tax(book: RuleBook, claim: int, on: date) -> int:
    units = book.at("tax.national_tax_rounding", on).value
    rate = book.at("registration_tax.seizure", on).value
    base = claim // units["base_unit"] * units["base_unit"]
    tax = _floor(base * rate) // units["tax_unit"] * units["tax_unit"]
    return max(tax, book.at("registration_tax.minimum", on).value)


def test_seizure_registration_tax(book: RuleBook) -> None:
    """差押登記: 請求債権額(千円未満切捨)×4/1000(百円未満切捨) (静岡地裁;
    docs/sources/law-sale-costs.md §7.3)."""
    key = "registration_tax.seizure"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(2014, 3, 31))
    assert book.at(key, date(2014, 4, 1)).value == Decimal("0.004")
    assert book.at(key, TODAY).value == Decimal("0.004")
    assert _seizure_tax(book, 30_000_000, TODAY) == 120_000  # docs/sources/law-debt-divorce.md §4.5
    assert _seizure_tax(book, 12_345_678, TODAY) == 49_300  # 12,345,000 × 0.004 = 49,380
    assert _seizure_tax(book, 100_000, TODAY) == 1_000  # 400円 → minimum 1,000円


def test_national_tax_rounding(book: RuleBook) -> None:
    """国税通則法118条1項 (1,000円未満) / 119条1項 (100円未満) (docs/sources/law-updates-2026.md §2)."""
    with pytest.raises(RuleCoverageError):
        book.at("tax.national_tax_rounding", date(2014, 3, 31))
    expected = {"base_unit": 1_000, "tax_unit": 100}
    assert book.at("tax.national_tax_rounding", date(2014, 4, 1)).value == expected
    assert book.at("tax.national_tax_rounding", TODAY).value == expected


def test_scrivener_lien_release_fee(book: RuleBook) -> None:
    """司法書士報酬 約1万〜2万円 税抜 (docs/sources/law-sale-costs.md §3.3); market practice, overridable."""
    key = "scrivener.lien_release_fee"
    with pytest.raises(RuleCoverageError):
        book.at(key, date(2014, 3, 31))
    resolved = book.at(key, TODAY)
    assert resolved.value == 15_000
    assert resolved.period.low == 10_000
    assert resolved.period.high == 20_000
    assert book.get(key).overridable is True
    assert book.with_overrides({key: 22_000}).at(key, TODAY).value == 22_000


# ------------------------------------------------------------------ property tax (§4)


def test_property_tax_rates(book: RuleBook) -> None:
    """地方税法350条 1.4%, 702条の4 0.3% (docs/sources/law-sale-costs.md §4.1)."""
    for key, rate in (("property_tax.standard_rate", "0.014"),
                      ("property_tax.city_planning_max_rate", "0.003")):
        with pytest.raises(RuleCoverageError):
            book.at(key, date(2014, 3, 31))
        assert book.at(key, date(2014, 4, 1)).value == Decimal(rate)
        assert book.at(key, TODAY).value == Decimal(rate)
        assert book.get(key).overridable is False


def test_property_tax_proration_defaults(book: RuleBook) -> None:
    """日割り精算は慣行: 1/1 起算 (関東), 365日, 端数は契約次第 (docs/sources/law-sale-costs.md §4.2)."""
    assert book.at("property_tax.proration_start", TODAY).value == "january_1"
    days = book.at("property_tax.proration_days_in_year", TODAY)
    assert days.value == 365
    assert days.period.low == 365
    assert days.period.high == 366
    assert book.at("property_tax.proration_rounding", TODAY).value == "floor"
    for key in ("property_tax.proration_start", "property_tax.proration_days_in_year",
                "property_tax.proration_rounding"):
        assert book.get(key).overridable is True
        with pytest.raises(RuleCoverageError):
            book.at(key, date(2014, 3, 31))
    kansai = book.with_overrides({"property_tax.proration_start": "april_1"})
    assert kansai.at("property_tax.proration_start", TODAY).value == "april_1"


def test_property_tax_proration_example(book: RuleBook) -> None:
    """Seller bears 1/1 to the day before handover: 年税額×日数/365, floor
    (docs/sources/law-sale-costs.md §4.2)."""
    annual = 150_000
    handover = TODAY  # seller bears 2026-01-01 .. 2026-11-21 = 325 days
    seller_days = (handover - date(handover.year, 1, 1)).days
    assert seller_days == 325
    days = book.at("property_tax.proration_days_in_year", handover).value
    buyer_share = _floor(Decimal(annual) * (days - seller_days) / days)
    assert buyer_share == 16_438  # 150,000 × 40 / 365 = 16,438.35…
