"""Rule-book data for residual debt, debt relief, credit records, limitation, divorce and the
delinquency / auction timeline.

Sources are the research notes in docs/sources: docs/sources/law-debt-divorce.md,
docs/sources/law-updates-2026.md (wins where they differ) and the seed page
docs/sources/seed1-short-sale.md (マイナビニュース不動産査定, cited as "seed"). Every figure below
is asserted exactly, on both sides of each effective date and at each bracket edge.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from zansai.engine.residual import minimum_repayment as engine_minimum
from zansai.errors import RuleCoverageError
from zansai.rules import RuleBook, bracket

book = RuleBook.default()

TODAY = date(2026, 11, 22)
FAR_FUTURE = date(2060, 1, 1)
DAY = timedelta(days=1)

MY_KEYS = [
    "late_charges.interest_limitation_cap",
    "late_charges.business_lender_cap",
    "late_charges.typical_rate",
    "late_charges.day_count_basis",
    "rehabilitation.debt_cap",
    "rehabilitation.minimum_repayment",
    "rehabilitation.plan_years",
    "rehabilitation.salaried_disposable_income_years",
    "rehabilitation.salaried_repeat_bar_years",
    "rehabilitation.liquidation_item_threshold",
    "rehabilitation.retirement_allowance_fraction",
    "rehabilitation.housing_clause_window_months",
    "rehabilitation.costs_tokyo",
    "rehabilitation.lawyer_fee",
    "rehabilitation.gazette_publications",
    "bankruptcy.free_cash",
    "bankruptcy.tokyo_cash_threshold",
    "bankruptcy.asset_item_threshold",
    "bankruptcy.osaka_cash_threshold",
    "bankruptcy.tokyo_small_trustee_deposit",
    "bankruptcy.filing_fee",
    "bankruptcy.lawyer_fee",
    "bankruptcy.discharge_repeat_bar_years",
    "bankruptcy.gazette_publications",
    "credit_record.ksc_official_gazette_years",
    "credit_record.ksc_transaction_years",
    "credit_record.cic_years",
    "credit_record.jicc_years",
    "credit_record.cic_delinquency_days",
    "limitation.new_law",
    "limitation.commercial_claim_years",
    "limitation.civil_claim_years",
    "limitation.judgment_years",
    "limitation.agreement_suspension",
    "divorce.property_division_claim_years",
    "divorce.contribution_share",
    "guarantor.notice_months",
    "timeline.bank_acceleration_months",
    "timeline.jhf_acceleration_months",
    "timeline.subrogation_after_acceleration_months",
    "timeline.auction_filing_after_subrogation_months",
    "timeline.filing_to_bid_start_months",
    "timeline.bid_period_days",
    "timeline.bid_opening_within_days",
    "timeline.sale_decision_within_days",
    "timeline.appeal_days",
    "timeline.payment_deadline_months",
    "timeline.delivery_order_months",
]


def value(key: str, on: date) -> Any:
    """The rule's value: an int, Decimal, dict or tuple of dicts."""
    return book.at(key, on).value


# ------------------------------------------------------------------------------ coverage


@pytest.mark.parametrize("key", MY_KEYS)
def test_coverage_from_2014_to_beyond_today(key: str) -> None:
    """Project rule: coverage starts no later than 2014-04-01 and has no end (README)."""
    rule = book.get(key)
    assert rule.covered_from <= date(2014, 4, 1)
    assert rule.covered_to is None
    for on in (date(2014, 4, 1), TODAY, FAR_FUTURE):
        assert len(rule.matching(on)) == 1


@pytest.mark.parametrize("key", MY_KEYS)
def test_no_silent_extension_before_coverage(key: str) -> None:
    """A date before a rule's coverage is an error, never the first value stretched back."""
    rule = book.get(key)
    with pytest.raises(RuleCoverageError):
        rule.at(rule.covered_from - DAY)


# ------------------------------------------------------------------------- late charges


@pytest.mark.parametrize(
    ("principal", "rate"),
    [
        (1, "0.292"),
        (99_999, "0.292"),
        (100_000, "0.2628"),
        (999_999, "0.2628"),
        (1_000_000, "0.219"),
        (30_000_000, "0.219"),
    ],
)
def test_interest_limitation_cap_by_principal(principal: int, rate: str) -> None:
    """利息制限法4条1項 (iuris.jp text; docs/sources/law-debt-divorce.md §3.5): 1.46x of 20% / 18% / 15% by
    principal."""
    for on in (date(2014, 4, 1), TODAY):
        rows = value("late_charges.interest_limitation_cap", on)
        assert bracket(rows, principal)["rate"] == Decimal(rate)


def test_interest_limitation_cap_is_146_percent_of_article_1() -> None:
    """利息制限法1条 20/18/15% (lawschool.jp) x 1.46 = the 4条 caps
    (docs/sources/law-debt-divorce.md §3.5)."""
    rows = value("late_charges.interest_limitation_cap", TODAY)
    base = [Decimal("0.20"), Decimal("0.18"), Decimal("0.15")]
    assert [r["rate"] for r in rows] == [b * Decimal("1.46") for b in base]


def test_business_lender_cap() -> None:
    """利息制限法7条1項: 営業的金銭消費貸借 20% regardless of principal
    (docs/sources/law-debt-divorce.md §3.5)."""
    resolved = book.at("late_charges.business_lender_cap", TODAY)
    assert resolved.value == Decimal("0.20")
    assert resolved.caveat is None
    # Keyed on the loan contract date: in force from 2010-06-18 (平成18年法律第115号,
    # docs/sources/law-updates-2026.md §9), not before.
    rule = book.get("late_charges.business_lender_cap")
    assert rule.keyed_on == "loan_contract_date"
    assert not book.at("late_charges.business_lender_cap", date(2010, 6, 17)).in_force
    assert book.at("late_charges.business_lender_cap", date(2010, 6, 18)).value == Decimal("0.20")


def test_typical_late_charge_rates() -> None:
    """auじぶん銀行 FAQ 1198 14.0%; フラット35 14.5%; 保証会社 14.6% (docs/sources/law-debt-divorce.md §3.5,
    docs/sources/law-updates-2026.md §7)."""
    for on in (date(2014, 4, 1), TODAY):
        assert value("late_charges.typical_rate", on) == {
            "bank": Decimal("0.14"),
            "jhf": Decimal("0.145"),
            "guarantor_company": Decimal("0.146"),
        }
    assert book.get("late_charges.typical_rate").overridable


def test_day_count_basis() -> None:
    """auじぶん銀行 FAQ 1198: 1年=365日の日割計算, 1円未満切捨て (docs/sources/law-debt-divorce.md §3.5)."""
    assert value("late_charges.day_count_basis", TODAY) == 365


# ---------------------------------------------------------------------- rehabilitation


def test_debt_cap_changes_on_2005_01_01() -> None:
    """民再221条1項 / 231条2項2号: 5,000万円 from 2005-01-01, 3,000万円 before
    (docs/sources/law-debt-divorce.md §1.1)."""
    assert value("rehabilitation.debt_cap", date(2001, 4, 1)) == 30_000_000
    assert value("rehabilitation.debt_cap", date(2004, 12, 31)) == 30_000_000
    assert value("rehabilitation.debt_cap", date(2005, 1, 1)) == 50_000_000
    assert value("rehabilitation.debt_cap", TODAY) == 50_000_000


def minimum_repayment(total: int, on: date) -> int | None:
    """The engine's figure (zansai.engine.residual): fixed if the row has one, else ceil(T × ratio)
    (the statute refuses a plan below T/5 or T/10); None when 個人再生 is not available."""
    result = engine_minimum(total, on=on, book=book)
    return result.amount if result.eligible else None


@pytest.mark.parametrize(
    ("total", "minimum"),
    [
        (0, 0),
        (999_999, 999_999),  # 基準債権 < 100万 → full amount
        (1_000_000, 1_000_000),  # 100万 ≤ T ≤ 500万 → 100万
        (5_000_000, 1_000_000),
        (5_000_001, 1_000_001),  # T/5 = 1,000,000.2 → ceil: 1,000,000 would be below T/5
        (10_000_000, 2_000_000),  # seed: 残債1,000万円 → 1/5 = 200万円
        (15_000_000, 3_000_000),
        (15_000_001, 3_000_000),  # 1,500万 < T ≤ 3,000万 → 300万
        (30_000_000, 3_000_000),
        (30_000_001, 3_000_001),  # 3,000万 < T ≤ 5,000万 → T/10 = 3,000,000.1 → ceil
        (40_000_000, 4_000_000),
        (50_000_000, 5_000_000),
        (50_000_001, None),  # above the 5,000万 cap: not available
    ],
)
def test_minimum_repayment_today(total: int, minimum: int | None) -> None:
    """民再231条2項3号・4号 (wikibooks text; docs/sources/law-debt-divorce.md §1.1 table); seed example
    1,000万 → 200万."""
    on = TODAY
    assert minimum_repayment(total, on) == minimum
    assert book.at("rehabilitation.minimum_repayment", on).caveat is None


def test_minimum_repayment_rows_today() -> None:
    """The rows themselves (docs/sources/law-debt-divorce.md §1.1): upto / ratio / fixed / eligible."""
    rows = value("rehabilitation.minimum_repayment", date(2005, 1, 1))
    assert rows == (
        {"upto": 999_999, "ratio": Decimal("1"), "fixed": 0, "eligible": True},
        {"upto": 5_000_000, "ratio": Decimal("0"), "fixed": 1_000_000, "eligible": True},
        {"upto": 15_000_000, "ratio": Decimal("0.2"), "fixed": 0, "eligible": True},
        {"upto": 30_000_000, "ratio": Decimal("0"), "fixed": 3_000_000, "eligible": True},
        {"upto": 50_000_000, "ratio": Decimal("0.1"), "fixed": 0, "eligible": True},
        {"ratio": Decimal("0"), "fixed": 0, "eligible": False},
    )


def test_minimum_repayment_is_continuous_at_every_edge() -> None:
    """docs/sources/law-debt-divorce.md §1.1: the function is continuous, so boundary wording does not matter
    (±1 yen)."""
    for edge in (1_000_000, 5_000_000, 15_000_000, 30_000_000):
        below = minimum_repayment(edge, TODAY)
        above = minimum_repayment(edge + 1, TODAY)
        assert below is not None
        assert above is not None
        assert 0 <= above - below <= 1


def test_minimum_repayment_before_and_after_2005() -> None:
    """docs/sources/law-debt-divorce.md §1.1: the 3,000万–5,000万 / 1/10 tier dates from 2005-01-01 (cap was
    3,000万)."""
    before, after = date(2004, 12, 31), date(2005, 1, 1)
    assert minimum_repayment(30_000_000, before) == 3_000_000
    assert minimum_repayment(30_000_001, before) is None
    assert minimum_repayment(30_000_001, after) == 3_000_001
    assert minimum_repayment(10_000_000, before) == 2_000_000
    # The pre-2005 lower tiers are inferred, so they carry a caveat.
    assert book.at("rehabilitation.minimum_repayment", before).caveat is not None
    assert book.at("rehabilitation.minimum_repayment", after).caveat is None


def test_plan_years() -> None:
    """民再229条2項 (244条準用): 3 years, up to 5 for special circumstances
    (docs/sources/law-debt-divorce.md §1.5)."""
    assert value("rehabilitation.plan_years", TODAY) == {"standard": 3, "maximum": 5}


def test_salaried_rehabilitation_years() -> None:
    """民再241条2項7号 (2 years of disposable income) and 239条5項2号 / 241条2項6号 (7-year
    bar) (docs/sources/law-debt-divorce.md §1.4)."""
    assert value("rehabilitation.salaried_disposable_income_years", TODAY) == 2
    assert value("rehabilitation.salaried_repeat_bar_years", TODAY) == 7


def test_liquidation_value_practice_tokyo() -> None:
    """東京地裁 清算価値算出シート: items > 20万円 count, 退職金 1/8; 1/4 elsewhere
    (docs/sources/law-debt-divorce.md §1.3)."""
    assert value("rehabilitation.liquidation_item_threshold", TODAY) == 200_000
    resolved = book.at("rehabilitation.retirement_allowance_fraction", TODAY)
    assert resolved.value == Decimal("0.125")
    assert resolved.period.low == Decimal("0.125")
    assert resolved.period.high == Decimal("0.25")
    assert resolved.period.conflicts is not None


def test_housing_clause_window() -> None:
    """民再198条2項: 申立 within 6 months of the guarantor's 代位弁済
    (docs/sources/law-debt-divorce.md §1.6)."""
    assert value("rehabilitation.housing_clause_window_months", TODAY) == 6


def test_rehabilitation_costs_tokyo() -> None:
    """申立手数料 1万円; 官報 11,928円 (suda-lawyer, date unknown); 再生委員 15万/25万
    (saimu4.com) (docs/sources/law-debt-divorce.md §1.10)."""
    resolved = book.at("rehabilitation.costs_tokyo", TODAY)
    assert resolved.value == {
        "filing_fee": 10_000,
        "gazette_fee": 11_928,
        "commissioner_fee_with_lawyer": 150_000,
        "commissioner_fee_self": 250_000,
    }
    assert resolved.caveat is not None  # the gazette fee's date is unknown


def test_rehabilitation_lawyer_fee_and_gazette() -> None:
    """日弁連 2008 survey: 着手金 30万 (47%), 報酬 0 (51%); 官報 3回 (kojinsaisei-mie.com)
    (docs/sources/law-debt-divorce.md §1.9, §1.10)."""
    assert value("rehabilitation.lawyer_fee", TODAY) == {"retainer": 300_000, "success": 0}
    assert value("rehabilitation.gazette_publications", TODAY) == 3


# --------------------------------------------------------------------------- bankruptcy


def test_free_cash() -> None:
    """破産法34条3項1号: 民執令1条 66万円 x 3/2 = 99万円 (docs/sources/law-debt-divorce.md §2.3)."""
    assert value("bankruptcy.free_cash", TODAY) == 990_000
    assert value("bankruptcy.free_cash", TODAY) == 660_000 * 3 // 2


def test_tokyo_cash_threshold_changes_on_2017_04_01() -> None:
    """東京地裁: 現金 33万円以上 → 管財 from 2017-04-01, 20万円 before
    (docs/sources/law-debt-divorce.md §2.1)."""
    assert value("bankruptcy.tokyo_cash_threshold", date(2017, 3, 31)) == 200_000
    assert value("bankruptcy.tokyo_cash_threshold", date(2017, 4, 1)) == 330_000
    assert value("bankruptcy.tokyo_cash_threshold", TODAY) == 330_000


def test_osaka_cash_threshold_from_2017_10_01() -> None:
    """大阪地裁: 現預金合計 50万円超 → 管財 for filings from 2017-10-01; the earlier 按分弁済
    rule is not in the research (docs/sources/law-debt-divorce.md §2.1, yamanaka-seiri.jp)."""
    before = book.at("bankruptcy.osaka_cash_threshold", date(2017, 9, 30))
    assert before.in_force is False
    assert before.value is None
    assert before.caveat is not None
    after = book.at("bankruptcy.osaka_cash_threshold", date(2017, 10, 1))
    assert after.in_force is True
    assert after.value == 500_000
    assert after.caveat is None


def test_bankruptcy_court_practice_amounts() -> None:
    """個別財産 20万円以上 → 管財; 少額管財 引継予納金 20万円 (東京)
    (docs/sources/law-debt-divorce.md §2.1, §2.2)."""
    assert value("bankruptcy.asset_item_threshold", TODAY) == 200_000
    assert value("bankruptcy.tokyo_small_trustee_deposit", TODAY) == 200_000


def test_bankruptcy_fees_and_counts() -> None:
    """申立手数料 1,500円 (1,000 + 500); 日弁連 2008: 着手金 30万 (49%), 報酬 0 (66%);
    破産法252条1項10号 7年; 官報 2回 (docs/sources/law-debt-divorce.md §2.2, §2.4, §2.6, §2.8)."""
    assert value("bankruptcy.filing_fee", TODAY) == 1_500
    assert value("bankruptcy.lawyer_fee", TODAY) == {"retainer": 300_000, "success": 0}
    assert value("bankruptcy.discharge_repeat_bar_years", TODAY) == 7
    assert value("bankruptcy.gazette_publications", TODAY) == 2


# ------------------------------------------------------------------------ credit record


def test_ksc_official_gazette_years_is_flagged() -> None:
    """KSC 官報情報: 7年 (ichinoseki-shinkin.jp), formerly 10年, change date 不明
    (docs/sources/law-updates-2026.md §8)."""
    resolved = book.at("credit_record.ksc_official_gazette_years", TODAY)
    assert resolved.value == 7
    assert resolved.period.low == 7
    assert resolved.period.high == 10
    assert resolved.caveat is not None
    assert "10" in resolved.caveat[1]
    assert book.get("credit_record.ksc_official_gazette_years").keyed_on == "decision_date"


def test_credit_bureau_retention_years() -> None:
    """KSC 取引情報 契約終了(完済)後5年 (zenginkyo.or.jp); CIC / JICC 契約終了後5年
    (docs/sources/law-debt-divorce.md §6); seed: '5~7年程度'."""
    assert value("credit_record.ksc_transaction_years", TODAY) == 5
    assert value("credit_record.cic_years", TODAY) == 5
    jicc = book.at("credit_record.jicc_years", TODAY)
    assert jicc.value == 5
    assert "発生日" in jicc.period.conflicts


def test_cic_delinquency_trigger() -> None:
    """CIC 異動: 61日以上 (or 3か月以上) 延滞 (black-list.jp; docs/sources/law-debt-divorce.md §6)."""
    assert value("credit_record.cic_delinquency_days", TODAY) == 61


# --------------------------------------------------------------------------- limitation


def test_limitation_switches_on_2020_04_01() -> None:
    """旧商法522条 5年 (banks), 旧民法167条 10年 (JHF) for contracts before 2020-04-01; 民法
    166条1項 5年/10年 from then (附則10条4項; docs/sources/law-debt-divorce.md §5; seed
    '銀行5年・機構10年')."""
    old, new = date(2020, 3, 31), date(2020, 4, 1)

    commercial = book.at("limitation.commercial_claim_years", old)
    assert (commercial.in_force, commercial.value) == (True, 5)
    civil = book.at("limitation.civil_claim_years", old)
    assert (civil.in_force, civil.value) == (True, 10)
    assert book.at("limitation.new_law", old).in_force is False

    assert book.at("limitation.commercial_claim_years", new).in_force is False
    assert book.at("limitation.civil_claim_years", new).in_force is False
    assert value("limitation.new_law", new) == {"subjective_years": 5, "objective_years": 10}


def test_old_limitation_covers_old_loan_contracts() -> None:
    """A loan contracted in 1995 still gets the old-law periods (docs/sources/law-debt-divorce.md §5, no lower
    bound)."""
    assert value("limitation.commercial_claim_years", date(1995, 6, 1)) == 5
    assert value("limitation.civil_claim_years", date(1995, 6, 1)) == 10


def test_judgment_years_both_sides_of_2020() -> None:
    """判決等で確定した権利 10年: 旧民法174条の2, 民法169条 (docs/sources/law-debt-divorce.md §5)."""
    assert value("limitation.judgment_years", date(2020, 3, 31)) == 10
    assert value("limitation.judgment_years", date(2020, 4, 1)) == 10


def test_agreement_suspension_from_2020_04_01() -> None:
    """民法151条: 1年, repeatable, max 5年; not for agreements before 2020-04-01 (附則10条3項,
    ebisudo-office.com; docs/sources/law-debt-divorce.md §5)."""
    before = book.at("limitation.agreement_suspension", date(2020, 3, 31))
    assert before.in_force is False
    assert value("limitation.agreement_suspension", date(2020, 4, 1)) == {
        "per_agreement_years": 1,
        "max_total_years": 5,
    }


# ------------------------------------------------------------------------------ divorce


def test_property_division_claim_period_2_to_5_years() -> None:
    """民法768条2項: 2年 → 5年 for divorces from 2026-04-01 (令和6年法律第33号 附則4条;
    docs/sources/law-debt-divorce.md §7.1)."""
    assert value("divorce.property_division_claim_years", date(2026, 3, 31)) == 2
    assert value("divorce.property_division_claim_years", date(2026, 4, 1)) == 5
    assert value("divorce.property_division_claim_years", TODAY) == 5


def test_contribution_share_half_on_both_sides() -> None:
    """2分の1ルール: practice, codified in 民法768条3項 from 2026-04-01
    (docs/sources/law-debt-divorce.md §7.1; 記事2 (docs/sources/seed2-divorce.md §1))."""
    assert value("divorce.contribution_share", date(2026, 3, 31)) == Decimal("0.5")
    assert value("divorce.contribution_share", date(2026, 4, 1)) == Decimal("0.5")
    # A rebuttable presumption: a case may set another share.
    assert book.get("divorce.contribution_share").overridable


# ---------------------------------------------------------------------------- guarantor


def test_guarantor_notice_from_2020_04_01() -> None:
    """民法458条の3: notify an individual guarantor within 2 months, for guarantees from
    2020-04-01 (tek-law.jp, kslaw.jp; docs/sources/law-debt-divorce.md §3.5)."""
    assert book.at("guarantor.notice_months", date(2020, 3, 31)).in_force is False
    assert value("guarantor.notice_months", date(2020, 4, 1)) == 2


# ----------------------------------------------------------------------------- timeline


@pytest.mark.parametrize(
    ("key", "default", "low", "high"),
    [
        # seed: 滞納が3~6ヶ月程度 → 期限の利益喪失 (docs/sources/law-debt-divorce.md §4.1)
        ("timeline.bank_acceleration_months", 3, 3, 6),
        # JHF: about 6 months; some agents 3 months (docs/sources/law-debt-divorce.md §4.2)
        ("timeline.jhf_acceleration_months", 6, 3, 6),
        # 代位弁済 'right after' 喪失 (docs/sources/law-debt-divorce.md §4.1; derived range)
        ("timeline.subrogation_after_acceleration_months", 1, 0, 3),
        # 競売申立 2–3 months after 代位弁済 (miyamafudousan.com; docs/sources/law-debt-divorce.md §4.1)
        ("timeline.auction_filing_after_subrogation_months", 3, 2, 3),
        # 開始決定 → 入札: 2–4 months to the notice + ~2 months (docs/sources/law-debt-divorce.md §4.3)
        ("timeline.filing_to_bid_start_months", 5, 4, 6),
    ],
)
def test_timeline_practice_ranges(key: str, default: int, low: int, high: int) -> None:
    resolved = book.at(key, TODAY)
    assert (resolved.value, resolved.period.low, resolved.period.high) == (default, low, high)
    assert book.get(key).overridable


def test_default_path_to_auction_filing_is_within_6_to_8_months() -> None:
    """docs/sources/law-debt-divorce.md §4.1: 競売申立 about 6–8 months after the first missed payment."""
    total = (
        value("timeline.bank_acceleration_months", TODAY)
        + value("timeline.subrogation_after_acceleration_months", TODAY)
        + value("timeline.auction_filing_after_subrogation_months", TODAY)
    )
    assert total == 7


def test_bid_period_and_opening() -> None:
    """民事執行規則46条1項: 入札期間 1週間以上1月以内, 開札 within 1 week; Tokyo/Osaka 8 days
    (bengoshinobenkyou.blogspot.com; okanetotrouble.com; docs/sources/law-debt-divorce.md §4.3)."""
    assert value("timeline.bid_period_days", TODAY) == {
        "minimum_days": 7,
        "maximum_months": 1,
        "typical_days": 8,
    }
    assert value("timeline.bid_opening_within_days", TODAY) == 7


def test_sale_decision_within_days_changes_on_2020_04_01() -> None:
    """民事執行規則46条2項: 開札期日から3週間以内 from 2020-04-01; 1週間 before
    (docs/sources/law-debt-divorce.md §4.3)."""
    assert value("timeline.sale_decision_within_days", date(2020, 3, 31)) == 7
    assert value("timeline.sale_decision_within_days", date(2020, 4, 1)) == 21


def test_appeal_payment_and_delivery_order() -> None:
    """民事執行法10条2項 (1週間), 規則56条1項 (1月以内, okanetotrouble.com), 民事執行法83条2項
    (6か月 / 9か月) (docs/sources/law-debt-divorce.md §4.3)."""
    assert value("timeline.appeal_days", TODAY) == 7
    assert value("timeline.payment_deadline_months", TODAY) == 1
    assert value("timeline.delivery_order_months", TODAY) == {"normal": 6, "with_grace": 9}
