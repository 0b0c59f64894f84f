"""譲渡所得税: holding period, 取得費, 3,000万円控除, rates and rounding, 措法41条の5の2.

Sources: docs/sources/law-sale-costs.md §5.1–§5.6 and docs/sources/law-updates-2026.md §1, §4, §5 (newer,
wins). Figures are computed by hand from the rule values in the comments.
"""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zansai.engine.tax import LossRelief, Transfer, acquisition_cost, capital_gains_tax, holding_period
from zansai.errors import InputError, RuleCoverageError
from zansai.model import Property, PropertyKind, Structure
from zansai.money import Yen
from zansai.rules import RuleBook

B = RuleBook.default()


def home(acquired: date, *, land: Yen | None = 50_000_000, building: Yen | None = 0,
         price: Yen | None = None, structure: Structure = Structure.WOOD, costs: Yen = 0,
         lived_in: bool = True, moved_out_on: date | None = None,
         built_on: date | None = None) -> Property:
    if price is None:
        price = (land or 0) + (building or 0)
    return Property(kind=PropertyKind.HOUSE, land_parcels=1, buildings=1, acquired_on=acquired,
                    acquisition_price=price, land_price=land, building_price=building,
                    structure=structure, acquisition_costs=costs, lived_in=lived_in,
                    moved_out_on=moved_out_on, built_on=built_on)


# ------------------------------------------------------------------ rule file added here


def test_local_tax_rounding_rule_values() -> None:
    """地方税法20条の4の2第1項・第3項: 課税標準 1,000円未満, 確定金額 100円未満切捨て."""
    for on in (date(2013, 1, 1), date(2026, 12, 31), date(2040, 1, 1)):
        r = B.at("tax.local_tax_rounding", on)
        assert r.value == {"base_unit": 1_000, "tax_unit": 100}
        assert r.period.confidence.value == "medium"
    with pytest.raises(RuleCoverageError):
        B.at("tax.local_tax_rounding", date(2012, 12, 31))


# ------------------------------------------------------------------ holding period (§5.1)


@pytest.mark.parametrize(("acquired", "transfer", "expected"), [
    # 措法31条2項: judged on 1 January of the transfer year, MORE than 5 years.
    (date(2021, 1, 1), date(2026, 6, 30), "short"),   # exactly 5 years on 2026-01-01
    (date(2020, 12, 31), date(2026, 6, 30), "long"),  # 5 years and a day
    (date(2021, 1, 1), date(2026, 12, 31), "short"),  # the day in the year does not matter
    (date(2021, 1, 1), date(2027, 1, 1), "long"),
    # 措法31条の3: MORE than 10 years on 1 January.
    (date(2016, 1, 1), date(2026, 3, 1), "long"),
    (date(2015, 12, 31), date(2026, 3, 1), "long_reduced"),
    (date(2016, 2, 29), date(2026, 12, 31), "long"),
    (date(2016, 2, 29), date(2027, 1, 1), "long_reduced"),
])
def test_holding_period_boundaries(acquired: date, transfer: date, expected: str) -> None:
    assert holding_period(acquired, transfer, book=B) == expected


def test_holding_period_rejects_transfer_before_acquisition() -> None:
    with pytest.raises(InputError, match="transfer"):
        holding_period(date(2026, 5, 1), date(2026, 4, 30), book=B)


def test_reduced_rates_need_a_residence() -> None:
    p = home(date(2010, 1, 1))
    assert capital_gains_tax(p, Transfer(on=date(2026, 6, 1), proceeds=60_000_000,
                                         selling_expenses=0), book=B).holding == "long_reduced"
    for kwargs in ({"residence": False}, {"related_party": True},
                   {"used_residence_relief_recently": True}):
        r = capital_gains_tax(p, Transfer(on=date(2026, 6, 1), proceeds=60_000_000,
                                          selling_expenses=0, **kwargs), book=B)
        assert r.holding == "long"
        assert r.special_deduction == 0
        assert any("31条の3" in n[0] for n in r.notes)


# ------------------------------------------------------------------ 取得費 (§5.3, §5.6)


@pytest.mark.parametrize(("acquired", "used_from", "years", "depreciation"), [
    # NTA 質疑応答「非業務用資産を業務の用に供した場合」(docs/sources/law-sale-costs.md §5.6): wooden home,
    # 30,000,000円, 22年×1.5 = 33年 → 旧定額法 0.031; (30,000,000 − 10%) × 0.031 × years.
    # Version quoted via saving.ma-bank.net: 平成13年10月20日 → 平成27年3月1日, 13年, 10,881,000円
    # (未償却残額 19,119,000円).
    (date(2001, 10, 20), date(2015, 3, 1), 13, 10_881_000),
    # Current nta.go.jp version: 平成18年10月20日 → 令和5年2月1日 = 16年3か月12日 → 16年.
    (date(2006, 10, 20), date(2023, 2, 1), 16, 13_392_000),
])
def test_nta_non_business_building_example(acquired: date, used_from: date, years: int,
                                           depreciation: Yen) -> None:
    p = home(acquired, land=20_000_000, building=30_000_000)
    a = acquisition_cost(p, transfer=used_from, proceeds=10_000_000, book=B)
    assert a.elapsed_years == years
    assert a.depreciation == depreciation
    assert a.building - a.depreciation == 30_000_000 - depreciation
    assert a.actual == 20_000_000 + 30_000_000 - depreciation
    assert a.method == "actual"


@pytest.mark.parametrize(("acquired", "transfer", "years"), [
    # 6か月以上は1年、6か月未満は切捨て (所得税法施行令85条, docs/sources/law-sale-costs.md §5.3).
    (date(2010, 1, 15), date(2026, 7, 14), 16),  # 16年5か月30日
    (date(2010, 1, 15), date(2026, 7, 15), 17),  # 16年6か月 on the 応当日
    (date(2010, 8, 31), date(2027, 2, 27), 16),
    (date(2010, 8, 31), date(2027, 2, 28), 17),  # no 2/31: the month end completes the month
    (date(2026, 5, 1), date(2026, 5, 1), 0),
])
def test_elapsed_years_six_month_rounding(acquired: date, transfer: date, years: int) -> None:
    a = acquisition_cost(home(acquired, land=10_000_000, building=30_000_000),
                         transfer=transfer, proceeds=0, book=B)
    assert a.elapsed_years == years
    assert a.depreciation == 837_000 * years  # 30,000,000 × 0.9 × 0.031 per year


def test_depreciation_cap_is_95_percent_of_the_building() -> None:
    """Cap = 取得価額 × 95% (not 90%: 0.9 is the residual factor;
    docs/sources/law-sale-costs.md §0.6, §5.3)."""
    below = acquisition_cost(home(date(1992, 4, 1), land=10_000_000, building=30_000_000),
                             transfer=date(2026, 4, 1), proceeds=0, book=B)
    assert (below.elapsed_years, below.depreciation) == (34, 28_458_000)  # 837,000 × 34
    capped = acquisition_cost(home(date(1991, 4, 1), land=10_000_000, building=30_000_000),
                              transfer=date(2026, 4, 1), proceeds=0, book=B)
    assert capped.elapsed_years == 35  # 837,000 × 35 = 29,295,000 > 28,500,000
    assert capped.depreciation == 28_500_000
    assert capped.actual == 10_000_000 + 1_500_000


def test_rc_rate_and_costs() -> None:
    """RC 47年×1.5 = 70年 → 0.015 (docs/sources/law-sale-costs.md §5.3 table); costs added undepreciated."""
    a = acquisition_cost(home(date(2016, 4, 1), land=20_000_000, building=30_000_000,
                              structure=Structure.RC_SRC, costs=1_500_000),
                         transfer=date(2026, 4, 1), proceeds=40_000_000, book=B)
    assert a.depreciation == 4_050_000  # 30,000,000 × 0.9 × 0.015 × 10
    assert a.actual == 20_000_000 + 30_000_000 - 4_050_000 + 1_500_000
    assert any("諸費用" in n[0] for n in a.notes)


def test_five_percent_estimate_wins_when_larger() -> None:
    """概算取得費 = 譲渡収入金額 × 5% (措法31条の4), chosen when above the actual cost."""
    p = home(date(1985, 4, 1), land=1_000_000, building=2_000_000)
    a = acquisition_cost(p, transfer=date(2026, 4, 1), proceeds=80_000_000, book=B)
    assert a.depreciation == 1_900_000  # 41 years → capped at 95%
    assert a.actual == 1_100_000
    assert a.estimated == 4_000_000
    assert (a.used, a.method) == (4_000_000, "estimated_5pct")
    # A tie keeps the actual cost; the estimate floors to the yen.
    tie = acquisition_cost(p, transfer=date(2026, 4, 1), proceeds=22_000_019, book=B)
    assert tie.estimated == 1_100_000
    assert (tie.used, tie.method) == (1_100_000, "actual")


def test_missing_split_is_flagged_and_falls_back_to_the_estimate() -> None:
    p = home(date(2000, 4, 1), land=None, building=None, price=40_000_000)
    a = acquisition_cost(p, transfer=date(2026, 4, 1), proceeds=30_000_000, book=B)
    assert not a.actual_known
    assert (a.used, a.method) == (1_500_000, "estimated_5pct")
    assert a.to_dict()["actual"] is None
    assert any("内訳が不明" in n[0] for n in a.notes)


def test_one_part_known_gives_the_other_from_the_price() -> None:
    p = home(date(2016, 4, 1), land=20_000_000, building=None, price=50_000_000)
    a = acquisition_cost(p, transfer=date(2026, 4, 1), proceeds=0, book=B)
    assert (a.land, a.building) == (20_000_000, 30_000_000)
    assert a.depreciation == 8_370_000  # 837,000 × 10
    assert any("購入価格 − 他方" in n[0] for n in a.notes)
    with pytest.raises(InputError, match="land_price"):
        acquisition_cost(home(date(2016, 4, 1), land=60_000_000, building=None,
                              price=50_000_000), transfer=date(2026, 4, 1), proceeds=0, book=B)


# ------------------------------------------------------------------ rates (§5.1, updates §5)


@pytest.mark.parametrize(("year", "holding", "acquired", "residence", "proceeds", "taxes"), [
    # taxable 10,000,000円 in each class: (income, reconstruction, defense, resident, total).
    # 2026年分: 復興 2.1%. 2027年分以後: 復興 1.1% + 防衛 1% — totals unchanged.
    (2026, "short", date(2024, 1, 1), False, 60_000_000,
     (3_000_000, 63_000, 0, 900_000, 3_963_000)),            # 39.63%
    (2027, "short", date(2025, 1, 1), False, 60_000_000,
     (3_000_000, 33_000, 30_000, 900_000, 3_963_000)),
    (2026, "long", date(2018, 1, 1), False, 60_000_000,
     (1_500_000, 31_500, 0, 500_000, 2_031_500)),            # 20.315%
    (2027, "long", date(2018, 1, 1), False, 60_000_000,
     (1_500_000, 16_500, 15_000, 500_000, 2_031_500)),
    (2026, "long_reduced", date(2010, 1, 1), True, 90_000_000,
     (1_000_000, 21_000, 0, 400_000, 1_421_000)),            # 14.21% (after 3,000万円控除)
    (2027, "long_reduced", date(2010, 1, 1), True, 90_000_000,
     (1_000_000, 11_000, 10_000, 400_000, 1_421_000)),
])
def test_effective_rates_2026_and_2027(year: int, holding: str, acquired: date,
                                       residence: bool, proceeds: Yen,
                                       taxes: tuple[Yen, Yen, Yen, Yen, Yen]) -> None:
    r = capital_gains_tax(home(acquired), Transfer(on=date(year, 6, 1), proceeds=proceeds,
                                                   selling_expenses=0, residence=residence),
                          book=B)
    assert r.taxable == 10_000_000
    assert r.holding == holding
    assert (r.income_tax, r.reconstruction_surtax, r.defense_surtax, r.resident_tax,
            r.total_tax) == taxes
    rate = {"short": 39_630, "long": 20_315, "long_reduced": 14_210}[holding]
    assert r.total_tax == r.taxable * rate // 100_000
    assert any("防衛特別所得税" in n[0] and "不明" in n[0] for n in r.notes) == (year >= 2027)


@pytest.mark.parametrize(("taxable", "income", "recon", "national", "resident", "total"), [
    # 措法31条の3: A×10% up to 6,000万円, (A − 6,000万円)×15% + 600万円 above; resident 4%/5%.
    (59_999_000, 5_999_900, 125_997, 6_125_800, 2_399_900, 8_525_700),
    (60_000_000, 6_000_000, 126_000, 6_126_000, 2_400_000, 8_526_000),
    (60_001_000, 6_000_150, 126_003, 6_126_100, 2_400_000, 8_526_100),
])
def test_reduced_rate_threshold(taxable: Yen, income: Yen, recon: Yen, national: Yen,
                                resident: Yen, total: Yen) -> None:
    # land 50,000,000 (no building, no depreciation) + 3,000万円 deduction.
    r = capital_gains_tax(home(date(2010, 1, 1)),
                          Transfer(on=date(2026, 6, 1), proceeds=80_000_000 + taxable,
                                   selling_expenses=0), book=B)
    assert (r.holding, r.special_deduction, r.taxable) == ("long_reduced", 30_000_000, taxable)
    # 59,999,000: 復興 125,997.9 → 125,997; 国税 6,125,897 → 6,125,800 (100円未満切捨て);
    # 住民税 2,399,960 → 2,399,900. 60,001,000: 復興 126,003.15 → 126,003.
    assert (r.income_tax, r.reconstruction_surtax, r.national_tax, r.resident_tax,
            r.total_tax) == (income, recon, national, resident, total)


def test_taxable_base_floors_to_1000_yen() -> None:
    """国税通則法118条1項 / 地方税法20条の4の2第1項: 1,000円未満切捨て."""
    r = capital_gains_tax(home(date(2018, 1, 1)),
                          Transfer(on=date(2026, 6, 1), proceeds=60_000_999, selling_expenses=0,
                                   residence=False), book=B)
    assert r.gain == 10_000_999
    assert r.taxable == 10_000_000
    assert r.total_tax == 2_031_500


def test_2027_separate_surtax_rounding_on_a_small_gain() -> None:
    """Income tax 150円: 2026 復興 3円 (153 → 100); 2027 復興 1円 + 防衛 1円 (152 → 100)."""
    p = home(date(2018, 1, 1))
    for year, recon, defense in ((2026, 3, 0), (2027, 1, 1)):
        r = capital_gains_tax(p, Transfer(on=date(year, 6, 1), proceeds=50_001_000,
                                          selling_expenses=0, residence=False), book=B)
        assert r.taxable == 1_000
        assert (r.income_tax, r.reconstruction_surtax, r.defense_surtax) == (150, recon, defense)
        assert (r.national_tax, r.resident_tax, r.total_tax) == (100, 0, 100)


@given(st.integers(min_value=0, max_value=500_000).map(lambda k: k * 1_000),
       st.sampled_from([date(2018, 1, 1), date(2024, 1, 1)]))
def test_2027_split_surtax_stays_within_rounding_of_2026(taxable: Yen, acquired: date) -> None:
    """docs/sources/law-updates-2026.md §5: 1.1% + 1% = 2.1%; separate 1円 floors lose at most 1円 → ≤
    100円."""
    p = home(acquired)
    by_year = [capital_gains_tax(p, Transfer(on=date(y, 6, 1), proceeds=50_000_000 + taxable,
                                             selling_expenses=0, residence=False), book=B)
               for y in (2026, 2027)]
    old, new = by_year
    assert old.income_tax == new.income_tax
    assert new.reconstruction_surtax + new.defense_surtax in (
        old.reconstruction_surtax, old.reconstruction_surtax - 1)
    assert new.national_tax in (old.national_tax, old.national_tax - 100)


# ------------------------------------------------------------------ 3,000万円控除 (§5.2)


def test_special_deduction_exactly_exhausts_the_gain() -> None:
    p = home(date(2018, 1, 1))  # land 50,000,000, long
    r = capital_gains_tax(p, Transfer(on=date(2026, 6, 1), proceeds=80_000_000,
                                      selling_expenses=0), book=B)
    assert (r.gain, r.special_deduction, r.taxable, r.total_tax) == (
        30_000_000, 30_000_000, 0, 0)
    above = capital_gains_tax(p, Transfer(on=date(2026, 6, 1), proceeds=80_001_000,
                                          selling_expenses=0), book=B)
    assert (above.special_deduction, above.taxable) == (30_000_000, 1_000)
    assert (above.income_tax, above.reconstruction_surtax, above.total_tax) == (150, 3, 100)
    below = capital_gains_tax(p, Transfer(on=date(2026, 6, 1), proceeds=79_000_000,
                                          selling_expenses=0), book=B)
    assert (below.gain, below.special_deduction, below.taxable) == (29_000_000, 29_000_000, 0)


def test_special_deduction_never_creates_a_loss() -> None:
    r = capital_gains_tax(home(date(2018, 1, 1)),
                          Transfer(on=date(2026, 6, 1), proceeds=40_000_000,
                                   selling_expenses=1_000_000), book=B)
    assert r.gain == -11_000_000
    assert (r.special_deduction, r.taxable, r.total_tax) == (0, 0, 0)


@pytest.mark.parametrize(("moved_out", "transfer", "applies"), [
    # 住まなくなった日から3年を経過する日の属する年の12月31日まで (措法35条2項).
    (date(2024, 5, 10), date(2027, 12, 31), True),
    (date(2024, 5, 10), date(2028, 1, 1), False),
    (date(2024, 1, 1), date(2027, 12, 31), True),
])
def test_special_deduction_after_moving_out(moved_out: date, transfer: date,
                                            applies: bool) -> None:
    p = home(date(2018, 1, 1), lived_in=False, moved_out_on=moved_out)
    r = capital_gains_tax(p, Transfer(on=transfer, proceeds=70_000_000, selling_expenses=0), book=B)
    assert r.gain == 20_000_000
    assert r.special_deduction == (20_000_000 if applies else 0)


@pytest.mark.parametrize("kwargs", [
    {"residence": False}, {"related_party": True}, {"used_residence_relief_recently": True},
])
def test_special_deduction_exclusions(kwargs: dict[str, bool]) -> None:
    r = capital_gains_tax(home(date(2018, 1, 1)),
                          Transfer(on=date(2026, 6, 1), proceeds=70_000_000, selling_expenses=0,
                                   **kwargs), book=B)
    assert (r.special_deduction, r.taxable) == (0, 20_000_000)
    assert r.total_tax == 4_063_000  # 20,000,000 × 20.315%


def test_never_lived_in_without_move_out_date_gets_no_deduction() -> None:
    r = capital_gains_tax(home(date(2018, 1, 1), lived_in=False),
                          Transfer(on=date(2026, 6, 1), proceeds=70_000_000, selling_expenses=0),
                          book=B)
    assert r.special_deduction == 0


# ------------------------------------------------------------------ 措法41条の5の2 (§5.5, updates §1)


def overloan(transfer: date, *, acquired: date = date(2015, 4, 1),
             balance: Yen | None = 30_000_000, term: int | None = 35, residence: bool = True,
             related_party: bool = False, used_recently: bool = False) -> LossRelief:
    """NTA example (docs/sources/law-sale-costs.md §5.6, residenceguide.net; also yoshiizaimu.co.jp): bought
    for 6,000万円, sold for 2,000万円 (loss 4,000万円), loan 3,000万円 → limit 1,000万円."""
    r = capital_gains_tax(home(acquired, land=60_000_000),
                          Transfer(on=transfer, proceeds=20_000_000, selling_expenses=0,
                                   residence=residence, loan_balance_before_contract=balance,
                                   loan_term_years=term, related_party=related_party,
                                   used_residence_relief_recently=used_recently), book=B)
    assert r.gain == -40_000_000
    assert r.total_tax == 0
    assert r.loss_relief is not None
    return r.loss_relief


@pytest.mark.parametrize("transfer", [
    date(2025, 12, 31),  # before the 令和8年度 extension (平成16年〜令和7年)
    date(2026, 1, 1),    # extended: 〜令和9年12月31日 (docs/sources/law-updates-2026.md §1)
    date(2027, 12, 31),
])
def test_overloan_relief_available_through_2027(transfer: date) -> None:
    lr = overloan(transfer)
    assert lr.available
    assert lr.in_force
    assert (lr.loss, lr.overloan, lr.offsettable) == (
        40_000_000, 10_000_000, 10_000_000)
    assert (lr.carry_forward_years, lr.income_limit) == (3, 30_000_000)
    assert (lr.status, lr.caveat, lr.reasons) == ("confirmed", None, ())


def test_overloan_relief_fails_closed_from_2028() -> None:
    lr = overloan(date(2028, 1, 1))
    assert not lr.available
    assert not lr.in_force
    assert lr.offsettable == 0
    assert lr.status == "unconfirmed"
    assert lr.caveat is not None
    assert "2027-12-31" in lr.caveat[1]
    assert "適用期間外" in lr.reasons[0].ja
    r = capital_gains_tax(home(date(2015, 4, 1), land=60_000_000),
                          Transfer(on=date(2028, 1, 1), proceeds=20_000_000, selling_expenses=0,
                                   loan_balance_before_contract=30_000_000, loan_term_years=35),
                          book=B)
    assert any("2027-12-31" in ja for ja, _ in r.explain().caveats)
    assert any("2027-12-31" in n[0] for n in r.notes)


def test_offsettable_is_the_smaller_of_loss_and_overloan() -> None:
    # keiei-tax.com column 301: balance 1,000万, 取得費等 1,200万, price 400万 → 600万 (not 800万).
    r = capital_gains_tax(home(date(2015, 4, 1), land=12_000_000),
                          Transfer(on=date(2026, 6, 1), proceeds=4_000_000, selling_expenses=0,
                                   loan_balance_before_contract=10_000_000, loan_term_years=25),
                          book=B)
    assert r.loss_relief is not None
    assert (r.loss_relief.loss, r.loss_relief.offsettable) == (8_000_000, 6_000_000)
    lr = overloan(date(2026, 6, 1), balance=70_000_000)
    assert (lr.overloan, lr.offsettable) == (50_000_000, 40_000_000)


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"acquired": date(2021, 1, 1)}, "5年以下"),  # exactly 5 years on 2026-01-01
    ({"term": 9}, "10年未満"),
    ({"term": None}, "償還期間が不明"),
    ({"balance": None}, "残高が不明"),
    ({"balance": 20_000_000}, "以上です"),  # the price is not below the balance
    ({"related_party": True}, "特別の関係"),
    ({"used_recently": True}, "前年・前々年"),
    ({"residence": False}, "居住用財産ではありません"),
])
def test_overloan_requirements(kwargs: dict[str, object], fragment: str) -> None:
    lr = overloan(date(2026, 6, 1), **kwargs)  # type: ignore[arg-type]
    assert not lr.available
    assert lr.in_force
    assert lr.offsettable == 0
    assert any(fragment in reason.ja for reason in lr.reasons)
    assert all(reason.ja and reason.en for reason in lr.reasons)


def test_overloan_boundaries_that_qualify() -> None:
    assert overloan(date(2026, 6, 1), acquired=date(2020, 12, 31)).available
    assert overloan(date(2026, 6, 1), term=10).available
    assert overloan(date(2026, 6, 1), balance=20_000_001).offsettable == 1


def test_no_loss_relief_on_a_gain() -> None:
    r = capital_gains_tax(home(date(2015, 4, 1)),
                          Transfer(on=date(2026, 6, 1), proceeds=60_000_000, selling_expenses=0,
                                   loan_balance_before_contract=70_000_000, loan_term_years=35),
                          book=B)
    assert r.loss_relief is None


# ------------------------------------------------------------------ output, errors, properties


def test_to_dict_is_json_and_cites_rules() -> None:
    r = capital_gains_tax(home(date(2001, 10, 20), land=20_000_000, building=30_000_000),
                          Transfer(on=date(2027, 3, 1), proceeds=90_000_000,
                                   selling_expenses=3_000_000), book=B)
    d = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))
    assert d["transfer_date"] == "2027-03-01"
    assert d["acquisition"]["depreciation"] == 20_925_000  # 837,000 × 25 (25年4か月)
    assert d["gain"] == 90_000_000 - 29_075_000 - 3_000_000
    keys = {u.key for u in r.rules_used}
    assert {"capital_gains.income_tax_rates", "capital_gains.resident_tax_rates",
            "capital_gains.reconstruction_surtax_rate", "capital_gains.defense_surtax_rate",
            "capital_gains.residence_special_deduction", "depreciation.non_business_rules",
            "tax.national_tax_rounding", "tax.local_tax_rounding"} <= keys
    names = [s.name for s in r.explain().steps]
    assert names[-1] == "total_tax"
    assert {"depreciation", "special_deduction", "income_tax", "resident_tax"} <= set(names)


@pytest.mark.parametrize(("field", "kwargs"), [
    ("sale.proceeds", {"proceeds": -1}),
    ("sale.selling_expenses", {"selling_expenses": -1}),
    ("loan.term_years", {"loan_term_years": 0}),
    ("loan.balance_before_contract", {"loan_balance_before_contract": -5}),
])
def test_bad_input_names_the_field(field: str, kwargs: dict[str, int]) -> None:
    args: dict[str, object] = {"proceeds": 10_000_000, "selling_expenses": 0}
    args.update(kwargs)
    with pytest.raises(InputError) as err:
        capital_gains_tax(home(date(2015, 4, 1)), Transfer(on=date(2026, 6, 1), **args),  # type: ignore[arg-type]
                          book=B)
    assert err.value.field == field


@given(
    acquired=st.dates(min_value=date(1980, 1, 1), max_value=date(2026, 12, 31)),
    transfer_year=st.integers(min_value=2015, max_value=2030),
    land=st.integers(min_value=0, max_value=100_000_000),
    building=st.integers(min_value=0, max_value=60_000_000),
    structure=st.sampled_from(list(Structure)),
    costs=st.integers(min_value=0, max_value=5_000_000),
    proceeds=st.integers(min_value=0, max_value=300_000_000),
    more=st.integers(min_value=0, max_value=50_000_000),
    expenses=st.integers(min_value=0, max_value=10_000_000),
    residence=st.booleans(),
)
def test_tax_never_negative_and_monotone_in_proceeds(
        acquired: date, transfer_year: int, land: Yen, building: Yen, structure: Structure,
        costs: Yen, proceeds: Yen, more: Yen, expenses: Yen, residence: bool) -> None:
    transfer = max(date(transfer_year, 7, 1), acquired)
    p = home(acquired, land=land, building=building, structure=structure, costs=costs)
    low, high = (capital_gains_tax(p, Transfer(on=transfer, proceeds=x, selling_expenses=expenses,
                                               residence=residence), book=B)
                 for x in (proceeds, proceeds + more))
    for r in (low, high):
        assert min(r.income_tax, r.reconstruction_surtax, r.defense_surtax, r.resident_tax) >= 0
        assert r.total_tax == r.national_tax + r.resident_tax >= 0
        assert r.taxable % 1_000 == 0
        assert r.national_tax % 100 == 0
        assert r.resident_tax % 100 == 0
        assert 0 <= r.special_deduction <= max(r.gain, 0)
        assert r.acquisition.depreciation <= building * 95 // 100
    assert high.total_tax >= low.total_tax
    assert high.national_tax >= low.national_tax
    assert high.resident_tax >= low.resident_tax
