"""Routes for the debt left after the sale (zansai.engine.residual).

Sources: docs/sources/law-debt-divorce.md, docs/sources/law-updates-2026.md (newer) and
記事1, docs/sources/seed1-short-sale.md (マイナビニュース不動産査定, "seed"). Every figure
is derived by hand from the rule values those documents give.
"""

import json
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zansai.engine.residual import (
    ROUTE_KEYS,
    ResidualDebt,
    ResidualRoutes,
    liquidation_value,
    minimum_repayment,
    residual_routes,
    split_instalments,
)
from zansai.errors import DomainError, InputError
from zansai.model import (
    Asset,
    AssetKind,
    Debt,
    DebtKind,
    Household,
    LenderType,
    ResidualOptions,
    RouteKey,
)
from zansai.money import Rounding
from zansai.rules import RuleBook

BOOK = RuleBook.default()
START = date(2026, 6, 30)
DEBTOR = "太郎"
HH = Household(monthly_income=300_000, monthly_living_costs=150_000, monthly_rent_after_sale=50_000)
"""Capacity 100,000円 a month."""


def home(amount: int, **kw: Any) -> ResidualDebt:
    """A housing-loan residual held by a guarantee company after 代位弁済."""
    args: dict[str, Any] = {"from_home": True, "lender": LenderType.BANK, "guarantor_company": True}
    args.update(kw)
    return ResidualDebt("住宅ローン残債", "さくら信用保証", amount, **args)


def debt(name: str, amount: int, kind: DebtKind = DebtKind.ORDINARY, creditor: str = "",
         **kw: Any) -> ResidualDebt:
    return ResidualDebt(name, creditor or name, amount, kind=kind, **kw)


def run(debts: list[ResidualDebt], hh: Household = HH, start: date = START,
        **opts: Any) -> ResidualRoutes:
    return residual_routes(debts, hh, ResidualOptions(**opts), debtor=DEBTOR, start=start, book=BOOK)


def cost_keys(r: ResidualRoutes, key: str) -> dict[str, int]:
    return {c.key: c.amount for c in r.route(key).costs}


# ------------------------------------------------------------------------------ 個人再生


def test_seed_example_ceil() -> None:
    """Seed: 残債1,000万円 → 1/5 の200万円を3年間, 実質的に800万円が免除 (民再231条2項4号,
    docs/sources/law-debt-divorce.md §1.1).

    36 instalments rounded up (tamachuo-law.com rounds up, docs/sources/law-debt-divorce.md §1.5): 55,556 × 35
    + 55,540.
    """
    r = run([home(10_000_000)])
    sr = r.route("small_rehabilitation")
    assert (sr.eligible, sr.feasible) == (True, True)
    assert sr.instalments_total == 2_000_000
    assert (sr.monthly, sr.last_instalment, sr.months) == (55_556, 55_540, 36)
    assert sr.monthly * 35 + sr.last_instalment == 2_000_000
    assert sr.forgiven == 8_000_000
    # docs/sources/law-debt-divorce.md §1.9: 開始決定・書面決議/意見聴取・認可決定
    assert sr.official_gazette == 3
    # Tokyo costs (docs/sources/law-debt-divorce.md §1.10): 10,000 + 11,928 + 150,000 (commissioner, lawyer) +
    # 300,000 × 1.10.
    assert cost_keys(r, "small_rehabilitation") == {"filing_fee": 10_000, "gazette_fee": 11_928,
                                                    "commissioner_fee": 150_000, "lawyer_fee": 330_000}
    assert sr.total_to_pay == 2_000_000 + 501_928
    # Filing = start; approval ≈ filing + 6 months (docs/sources/law-debt-divorce.md §1.10); first instalment
    # the month after.
    assert sr.first_instalment == date(2027, 1, 30)
    assert sr.end_date == date(2029, 12, 30)


def test_seed_example_floor() -> None:
    """Same seed case rounded down (overpaymentclaim.com, docs/sources/law-debt-divorce.md §1.5): 55,555 × 35
    + 55,575."""
    sr = run([home(10_000_000)], instalment_rounding="floor").route("small_rehabilitation")
    assert (sr.monthly, sr.last_instalment, sr.months) == (55_555, 55_575, 36)
    assert sr.monthly * 35 + sr.last_instalment == 2_000_000


@pytest.mark.parametrize(
    ("total", "minimum"),
    [
        (999_999, 999_999),  # T < 100万 → T
        (1_000_000, 1_000_000),
        (5_000_000, 1_000_000),  # 100万 ≤ T ≤ 500万 → 100万
        (5_000_001, 1_000_001),  # T/5 = 1,000,000.2 → ceiling (never below T/5)
        (15_000_000, 3_000_000),
        (15_000_001, 3_000_000),  # 1,500万 < T ≤ 3,000万 → 300万
        (30_000_000, 3_000_000),
        (30_000_001, 3_000_001),  # T/10 = 3,000,000.1 → ceiling
        (50_000_000, 5_000_000),
        (50_000_001, None),  # above the 5,000万 cap
    ],
)
def test_minimum_repayment_table(total: int, minimum: int | None) -> None:
    """民再231条2項3号・4号 at every threshold (docs/sources/law-debt-divorce.md §1.1 table; ceiling decision
    in the rule file)."""
    m = minimum_repayment(total, on=START, book=BOOK)
    assert m.amount == minimum
    assert m.eligible is (minimum is not None)


def test_ceiling_rounding_is_named() -> None:
    """docs/sources/law-debt-divorce.md §1.1: a plan below T/5 is refused, so T = 5,000,001 needs 1,000,001,
    not 1,000,000."""
    m = minimum_repayment(5_000_001, on=START, book=BOOK)
    assert m.amount == 1_000_001
    assert m.step.rounding == "1円未満切上げ"
    assert "ceil" in (BOOK.get("rehabilitation.minimum_repayment").description or "")


def test_minimum_repayment_before_2005() -> None:
    """docs/sources/law-debt-divorce.md §1.1: cap 3,000万 and no 1/10 tier for filings up to 2004-12-31
    (inferred, caveat)."""
    before, after = date(2004, 12, 31), date(2005, 1, 1)
    assert minimum_repayment(30_000_000, on=before, book=BOOK).amount == 3_000_000
    assert minimum_repayment(30_000_001, on=before, book=BOOK).amount is None
    assert minimum_repayment(10_000_000, on=before, book=BOOK).amount == 2_000_000
    assert minimum_repayment(30_000_001, on=after, book=BOOK).amount == 3_000_001
    assert minimum_repayment(10_000_000, on=before, book=BOOK).rules_used[0].caveat_en


def test_cap_counts_the_home_residual() -> None:
    """docs/sources/law-debt-divorce.md §1.2: after the sale the whole residual counts toward the 5,000万 cap
    (221条1項)."""
    at_cap = run([home(45_000_000), debt("カードローン", 5_000_000)])
    assert at_cap.route("small_rehabilitation").eligible
    assert at_cap.route("small_rehabilitation").instalments_total == 5_000_000  # T/10
    over = run([home(45_000_000), debt("カードローン", 5_000_001)])
    for key in ("small_rehabilitation", "salaried_rehabilitation"):
        route = over.route(key)
        assert not route.eligible
        assert not route.feasible
        assert route.total_to_pay == 0
        assert any("50,000,000円" in ja and "売却後" in ja for ja, _ in route.reasons)
        assert any("counts in full" in en for _, en in route.reasons)


def test_liquidation_value_items() -> None:
    """Tokyo 清算価値 sheet (docs/sources/law-debt-divorce.md §1.3): a category counts only if > 20万;
    retirement at 1/8."""
    def value(*assets: Asset) -> int:
        return liquidation_value(assets, debtor=DEBTOR, on=START, book=BOOK).amount

    assert value(Asset(AssetKind.DEPOSIT, 200_000)) == 0
    assert value(Asset(AssetKind.DEPOSIT, 200_001)) == 200_001
    # Categories, not items: two accounts of 150,000 make one 300,000 deposit category.
    two = (Asset(AssetKind.DEPOSIT, 150_000), Asset(AssetKind.DEPOSIT, 150_000, owner=DEBTOR))
    assert value(*two) == 300_000
    assert value(Asset(AssetKind.RETIREMENT, 1_600_000)) == 0  # 1/8 = 200,000, not above
    assert value(Asset(AssetKind.RETIREMENT, 1_600_008)) == 200_001
    assert value(Asset(AssetKind.CAR, 500_000, owner="花子")) == 0  # the other spouse's car
    assert value(Asset(AssetKind.INSURANCE, 300_000), Asset(AssetKind.CASH, 100_000)) == 300_000


def test_liquidation_value_drives_the_plan() -> None:
    """The plan pays at least the liquidation value (民再174条2項4号, 230条;
    docs/sources/law-debt-divorce.md §1.3)."""
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000, monthly_rent_after_sale=50_000,
                   assets=(Asset(AssetKind.DEPOSIT, 3_000_000),))
    sr = run([home(10_000_000)], hh).route("small_rehabilitation")
    assert sr.instalments_total == 3_000_000
    assert sr.forgiven == 7_000_000


def test_both_rehabilitations_show_the_floors_as_steps_of_their_own() -> None:
    """小規模個人再生 and 給与所得者等再生 on the same claims share the 最低弁済額 (10,000,000円 →
    1/5 = 2,000,000円) and the 清算価値 (a 3,000,000円 deposit > 20万), worked out once; each route's
    explanation still shows both steps, as separate objects (docs/sources/law-debt-divorce.md §1.3)."""
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000, monthly_rent_after_sale=50_000,
                   assets=(Asset(AssetKind.DEPOSIT, 3_000_000),))
    routes = run([home(10_000_000)], hh)
    small, salaried = routes.route("small_rehabilitation"), routes.route("salaried_rehabilitation")
    for name in ("rehabilitation.minimum", "rehabilitation.liquidation_value"):
        a = next(s for s in small.steps if s.name == name)
        b = next(s for s in salaried.steps if s.name == name)
        assert a is not b
        assert a.to_dict() == b.to_dict()
    liq = next(s for s in small.steps if s.name == "rehabilitation.liquidation_value")
    assert liq.result == "3,000,000円"
    assert small.figures["minimum_repayment"] == salaried.figures["minimum_repayment"] == 2_000_000
    shown = [s for s in routes.explain().steps if s.name == "rehabilitation.liquidation_value"]
    assert len(shown) == 2


def test_salaried_disposable_income() -> None:
    """民再241条2項7号: 2 × (12 × 300,000 − 2,000,000) = 3,200,000 > 200万 minimum
    (docs/sources/law-debt-divorce.md §1.4)."""
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000, monthly_rent_after_sale=50_000,
                   annual_minimum_living_cost=2_000_000)
    r = run([home(10_000_000)], hh)
    sal = r.route("salaried_rehabilitation")
    assert sal.instalments_total == 3_200_000
    assert (sal.monthly, sal.last_instalment) == (88_889, 88_885)  # 88,889 × 35 + 88,885
    assert r.route("small_rehabilitation").instalments_total == 2_000_000
    step = next(s for s in sal.steps if s.name.endswith(".disposable"))
    assert step.result == "3,200,000円"
    assert step.note is not None
    assert "take-home" in step.note[1]


def test_salaried_without_living_cost_is_a_lower_bound() -> None:
    """docs/sources/law-updates-2026.md §6: the 政令 (平成13年政令第50号) tables are 不明, so the user must
    enter the amount."""
    sal = run([home(10_000_000)]).route("salaried_rehabilitation")
    assert sal.instalments_total == 2_000_000
    assert any("平成13年政令第50号" in ja and "下限" in ja for ja, _ in sal.warnings)
    assert any("lower bound" in en for _, en in sal.warnings)


def test_salaried_bars() -> None:
    """給与所得者等再生: needs regular income; 7-year bar (民再239条5項2号,
    docs/sources/law-debt-divorce.md §1.4)."""
    no_salary = Household(monthly_income=300_000, monthly_living_costs=150_000, salaried=False)
    assert not run([home(10_000_000)], no_salary).route("salaried_rehabilitation").eligible
    barred = run([home(10_000_000)], previous_discharge=date(2019, 7, 1))  # 2026-07-01 > filing
    assert not barred.route("salaried_rehabilitation").eligible
    assert barred.route("small_rehabilitation").eligible  # 小規模 has no such bar
    clear = run([home(10_000_000)], previous_discharge=date(2019, 6, 30))  # exactly 7 years
    assert clear.route("salaried_rehabilitation").eligible


def test_support_arrears_paid_as_a_lump_at_the_end() -> None:
    """民再229条3項, 232条4項 (docs/sources/law-debt-divorce.md §1.8): support is not reduced; taxes stay
    outside the plan.

    T = 9,000,000 + 1,000,000 = 10,000,000 → plan 2,000,000 (1/5). Support gets 1/5 in the plan
    (200,000) and the remaining 800,000 at the end; taxes 300,000 are paid in full.
    """
    debts = [debt("カードローン", 9_000_000), debt("養育費の未払い", 1_000_000, DebtKind.SUPPORT),
             debt("住民税", 300_000, DebtKind.TAX)]
    r = run(debts)
    sr = r.route("small_rehabilitation")
    assert sr.instalments_total == 2_000_000
    assert sr.lump_at_end == 800_000
    assert sr.forgiven == 7_200_000
    assert sr.surviving == 1_300_000
    assert sr.total_to_pay == 2_000_000 + 800_000 + 300_000 + sr.costs_total
    assert any("800,000円" in ja and "一括" in ja for ja, _ in sr.life)
    b = r.route("bankruptcy")  # 破産法253条1項: support and taxes survive; cards are discharged
    assert (b.forgiven, b.surviving) == (9_000_000, 1_300_000)
    assert b.total_to_pay == b.costs_total + 1_300_000


def test_plan_years() -> None:
    """民再229条2項: 3 years, up to 5 with special circumstances (docs/sources/law-debt-divorce.md §1.5)."""
    five = run([home(10_000_000)], plan_years=5).route("small_rehabilitation")
    assert five.eligible
    assert five.months == 60
    assert (five.monthly, five.last_instalment) == (33_334, 33_294)  # 33,334 × 59 + 33,294
    assert any("特別の事情" in ja for ja, _ in five.warnings)
    for years in (2, 6):
        bad = run([home(10_000_000)], plan_years=years).route("small_rehabilitation")
        assert not bad.eligible
        assert bad.reasons


def test_single_creditor_can_defeat_the_small_plan() -> None:
    """民再230条6項 (docs/sources/law-debt-divorce.md §1.4): objections by > 1/2 of the claims or ≥ half the
    creditors."""
    r = run([home(6_000_000), debt("カードA", 2_000_000), debt("カードB", 2_000_000)])
    vetoes = [ja for ja, _ in r.route("small_rehabilitation").warnings if "単独で再生計画を否決" in ja]
    assert len(vetoes) == 1
    assert vetoes[0].startswith("さくら信用保証")
    assert not any("否決" in ja for ja, _ in r.route("salaried_rehabilitation").warnings)


def test_housing_clause_unavailable_after_sale() -> None:
    """docs/sources/law-debt-divorce.md §1.6: no home and no mortgage after the sale → 住宅資金特別条項
    impossible."""
    sr = run([home(10_000_000)]).route("small_rehabilitation")
    assert any("住宅資金特別条項" in ja for ja, _ in sr.warnings)
    assert "177条2項" in run([home(10_000_000, guarantors=("花子",))]).route(
        "small_rehabilitation").guarantors[0]


# ------------------------------------------------------------------------------ 自己破産


@pytest.mark.parametrize(
    ("filing", "cash", "trustee"),
    [
        (date(2017, 3, 31), 199_999, False),
        (date(2017, 3, 31), 200_000, True),  # Tokyo 20万 before 2017-04-01
        (date(2017, 4, 1), 329_999, False),
        (date(2017, 4, 1), 330_000, True),  # 33万 from 2017-04-01 (docs/sources/law-debt-divorce.md §2.1)
    ],
)
def test_bankruptcy_cash_threshold(filing: date, cash: int, trustee: bool) -> None:
    """東京地裁 振り分け: cash ≥ threshold → 少額管財 (引継予納金 20万,
    docs/sources/law-debt-divorce.md §2.2)."""
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000,
                   assets=(Asset(AssetKind.CASH, cash),))
    r = run([debt("カードローン", 3_000_000)], hh, start=filing)
    costs = cost_keys(r, "bankruptcy")
    assert ("trustee_deposit" in costs) is trustee
    if trustee:
        assert costs["trustee_deposit"] == 200_000


@pytest.mark.parametrize(
    ("asset", "trustee"),
    [
        (Asset(AssetKind.DEPOSIT, 199_999), False),
        (Asset(AssetKind.DEPOSIT, 200_000), True),  # each other category ≥ 20万
        (Asset(AssetKind.RETIREMENT, 1_599_992), False),  # 1/8 = 199,999
        (Asset(AssetKind.RETIREMENT, 1_600_000), True),  # 1/8 = 200,000
        (Asset(AssetKind.CAR, 900_000, owner="花子"), False),  # not the debtor's
    ],
)
def test_bankruptcy_other_assets(asset: Asset, trustee: bool) -> None:
    """docs/sources/law-debt-divorce.md §2.1: other categories ≥ 20万 (retirement at 1/8) → 管財."""
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000, assets=(asset,))
    assert ("trustee_deposit" in cost_keys(run([debt("カード", 3_000_000)], hh), "bankruptcy")) is trustee


def test_bankruptcy_costs_and_concerns() -> None:
    """docs/sources/law-debt-divorce.md §2.2/§2.8: 1,500 + 12,830 (gazette, low confidence) + 300,000 × 1.10;
    管財 adds 200,000."""
    plain = run([debt("カード", 3_000_000)])
    assert plain.route("bankruptcy").costs_total == 1_500 + 12_830 + 330_000
    concerns = run([debt("カード", 3_000_000)], discharge_concerns=True).route("bankruptcy")
    assert concerns.costs_total == 1_500 + 12_830 + 200_000 + 330_000
    alone = run([debt("カード", 3_000_000)], discharge_concerns=True, lawyer=False).route("bankruptcy")
    assert alone.costs_total == 1_500 + 12_830 + 200_000
    assert any("lower bound" in en for _, en in alone.warnings)
    # 2017: consumption tax 8% (tax.consumption_tax_rate).
    old = run([debt("カード", 3_000_000)], start=date(2017, 4, 1)).route("bankruptcy")
    assert old.costs_total == 1_500 + 12_830 + 324_000


def test_free_cash_99man() -> None:
    """破産法34条3項1号: 66万 × 3/2 = 99万 kept (docs/sources/law-debt-divorce.md §2.3); the rest may go to
    the trustee."""
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000,
                   assets=(Asset(AssetKind.CASH, 1_500_000),))
    b = run([debt("カード", 3_000_000)], hh).route("bankruptcy")
    step = next(s for s in b.steps if s.name == "bankruptcy.free_cash")
    assert step.result == "990,000円"
    assert b.assets_at_risk == 510_000
    assert any("990,000円" in ja for ja, _ in b.life)


def test_bankruptcy_discharge_bar_and_unknown_duration() -> None:
    """破産法252条1項10号 (7 years) → warning only, 裁量免責 possible; duration 不明
    (docs/sources/law-debt-divorce.md §2.4)."""
    b = run([debt("カード", 3_000_000)], previous_discharge=date(2020, 1, 1)).route("bankruptcy")
    assert b.eligible
    assert any("252条1項10号" in ja and "裁量免責" in ja for ja, _ in b.warnings)
    assert b.months is None
    assert b.end_date is None
    assert any("不明" in ja for ja, _ in b.warnings)
    assert b.official_gazette == 2
    assert "253条2項" in run([home(5_000_000, guarantors=("花子",))]).route("bankruptcy").guarantors[0]


# ------------------------------------------------------------------------------ credit records


def test_credit_dates() -> None:
    """KSC/CIC/JICC: completion + 5 years; KSC 官報情報: filing + 7 (10 possible)
    (docs/sources/law-debt-divorce.md §6, docs/sources/law-updates-2026.md §8)."""
    r = run([home(1_000_000)], monthly_payment=30_000)
    neg = r.route("negotiated")
    assert neg.end_date == date(2029, 4, 30)  # 34 instalments from 2026-07-30
    assert {c.bureau: c.until for c in neg.credit} == {"KSC": date(2034, 4, 30), "CIC": date(2034, 4, 30),
                                                        "JICC": date(2034, 4, 30)}
    sr = r.route("small_rehabilitation")
    official_gazette = sr.credit[0]
    assert official_gazette.until == date(2033, 6, 30)
    assert "10" in official_gazette.note[0]
    assert "filing date stands in" in official_gazette.note[1]
    assert any(u.key == "credit_record.ksc_official_gazette_years" and u.caveat_en for u in sr.rules_used)
    assert sr.credit_until == date(2034, 12, 30)  # plan end 2029-12-30 + 5
    b = r.route("bankruptcy")
    assert b.credit_until == date(2033, 6, 30)
    assert b.credit_open
    assert any("JICC" in c.bureau and "完済" in c.note[0] for c in b.credit)
    filed_later = run([home(1_000_000)], filing_date=date(2026, 9, 1)).route("bankruptcy")
    assert filed_later.credit[0].until == date(2033, 9, 1)


# ------------------------------------------------------------------------------ limitation


@pytest.mark.parametrize(
    ("lender", "creditor", "contract", "regime", "years"),
    [
        (LenderType.BANK, "みずほ銀行", date(2020, 3, 31), "commercial", 5),  # 旧商法522条
        (LenderType.BANK, "みずほ銀行", date(2020, 4, 1), "new_law", 5),  # 民法166条1項
        (LenderType.JHF, "住宅金融支援機構", date(2020, 3, 31), "civil", 10),  # 旧民法167条
        (LenderType.JHF, "住宅金融支援機構", date(2020, 4, 1), "new_law", 5),
        (None, "城南信用金庫", date(2019, 1, 1), "civil", 10),
    ],
)
def test_limitation_regimes(lender: LenderType | None, creditor: str, contract: date, regime: str,
                            years: int) -> None:
    """docs/sources/law-debt-divorce.md §5; seed: 銀行の場合は5年、住宅金融支援機構なら10年."""
    d = ResidualDebt("残債", creditor, 5_000_000, lender=lender, contract_date=contract,
                     default_date=date(2025, 3, 10))
    info = run([d]).limitation[0]
    assert (info.regime, info.years) == (regime, years)
    # 初日不算入 (民法140条・143条): alive through 3-10, time-barred from 3-11 (tests/test_limitation.py).
    assert (info.last_day_alive, info.time_barred_from) == (date(2025 + years, 3, 10),
                                                            date(2025 + years, 3, 11))
    if regime == "new_law":
        assert info.objective_years == 10
    assert any("成立することはまずありません" in ja for ja, _ in info.warnings)
    assert any("145条" in ja for ja, _ in info.warnings)
    assert any("152条" in ja for ja, _ in info.resets)


def test_limitation_guarantee_company_and_unknowns() -> None:
    """docs/sources/law-debt-divorce.md §5: a 求償権 runs from the day after 代位弁済; no contract date →
    不明; never a route."""
    r = run([home(5_000_000, contract_date=date(2015, 5, 1), default_date=date(2025, 3, 10)),
             debt("カード", 500_000), debt("養育費", 100_000, DebtKind.SUPPORT)])
    gc, card, support = r.limitation
    assert (gc.regime, gc.clock_start, gc.time_barred_from) == ("commercial", date(2025, 3, 11),
                                                                date(2030, 3, 11))
    assert card.regime == "unknown"
    assert card.time_barred_from is None
    assert support.regime == "not_covered"
    assert not any("limitation" in k for k in (x.key for x in r.routes))
    assert any("151条" in ja for ja, _ in gc.resets)  # 2026: the 協議 agreement exists


# ------------------------------------------------------------------------------ negotiated / settlement


def test_negotiated_with_and_without_late_charges() -> None:
    """docs/sources/law-debt-divorce.md §3.4/§3.5: total as claimed vs late charges waived (not
    guaranteed)."""
    r = run([home(1_000_000, late_charges=100_000)], monthly_payment=30_000)
    neg, waived = r.route("negotiated"), r.route("negotiated_without_late_charges")
    assert (neg.months, neg.last_instalment, neg.total_to_pay, neg.forgiven) == (34, 10_000, 1_000_000, 0)
    assert (waived.months, waived.last_instalment, waived.total_to_pay) == (30, 30_000, 900_000)
    assert waived.forgiven == 100_000
    assert any("保証はありません" in ja for ja, _ in waived.warnings)
    assert neg.official_gazette == 0
    assert neg.costs_total == 0


def test_negotiated_with_interest() -> None:
    """将来利息 12%/年 monthly, 1円未満切捨て: 100,000 → 1,000; 51,000 → 510; 1,510 → 15 → last 1,525."""
    neg = run([debt("カード", 100_000)], monthly_payment=50_000,
              negotiated_rate=Fraction(12, 100)).route("negotiated")
    assert (neg.months, neg.monthly, neg.last_instalment) == (3, 50_000, 1_525)
    assert neg.total_to_pay == 101_525


def test_negotiated_never_repaid_and_no_capacity() -> None:
    """If the instalment does not cover the interest, the debt is never repaid (feasible False)."""
    never = run([debt("カード", 1_000_000)], monthly_payment=10_000,
                negotiated_rate=Fraction(12, 100)).route("negotiated")
    assert not never.feasible
    assert never.months is None
    assert never.end_date is None
    assert never.total_to_pay == 1_000_000
    broke = Household(monthly_income=200_000, monthly_living_costs=150_000, monthly_rent_after_sale=60_000)
    neg = run([debt("カード", 1_000_000)], broke).route("negotiated")
    assert not neg.feasible
    assert neg.reasons
    endless = run([home(10_000_000)], monthly_payment=1_000).route("negotiated")  # 10,000 months
    assert endless.months is None
    assert any("100年" in ja for ja, _ in endless.reasons)
    too_much = run([debt("カード", 1_000_000)], monthly_payment=150_000).route("negotiated")
    assert not too_much.feasible  # 150,000 > capacity 100,000


def test_negotiated_practice_notes() -> None:
    """docs/sources/law-debt-divorce.md §3.2/§3.4: 36 (up to 60) payments and 1万–3万/月 are notes, never
    limits."""
    neg = run([home(10_000_000)]).route("negotiated")  # capacity 100,000 → 100 payments
    assert neg.feasible
    assert neg.months == 100
    assert any("60回" in ja for ja, _ in neg.warnings)
    assert any("範囲外" in ja for ja, _ in neg.warnings)
    slow = run([home(5_000_000)], monthly_payment=10_000).route("negotiated")
    assert slow.months == 500  # seed-like 残債500万 → 月1万: about 42 years, shown
    assert any("範囲内" in ja for ja, _ in slow.warnings)


def test_settlement_only_when_entered() -> None:
    """docs/sources/law-debt-divorce.md §3.3: a lump-sum settlement is a user scenario, never a default; JHF
    said never to forgive."""
    r = run([home(10_000_000)])
    assert [x.key for x in r.routes] == [k for k in ROUTE_KEYS if k != "settlement"]
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000, savings=3_000_000)
    s = run([home(10_000_000, lender=LenderType.JHF, guarantor_company=False)], hh,
            lump_sum=3_000_000)
    assert [x.key for x in s.routes] == list(ROUTE_KEYS)
    st_route = s.route("settlement")
    assert (st_route.total_to_pay, st_route.forgiven, st_route.feasible) == (3_000_000, 7_000_000, True)
    assert any("住宅金融支援機構" in ja for ja, _ in st_route.warnings)
    assert not run([home(10_000_000)], lump_sum=3_000_000).route("settlement").feasible  # no savings
    with pytest.raises(InputError):
        run([home(10_000_000)], lump_sum=10_000_001)


YEN_JA, YEN_EN = "0円以上の整数（円）を指定してください", "it must be a whole number of yen, at least 0"


def _bad(make: Any, field: str, ja: str = YEN_JA, en: str = YEN_EN) -> Any:
    return pytest.param(make, field, ja, en, id=field)


@pytest.mark.parametrize(("make", "field", "ja", "en"), [
    _bad(lambda: Household(savings=-1), "household.savings"),
    _bad(lambda: Household(relatives_help=1.5), "household.relatives_help"),
    _bad(lambda: Household(monthly_income=True), "household.monthly_income"),
    _bad(lambda: Household(monthly_living_costs=-1), "household.monthly_living_costs"),
    _bad(lambda: Household(monthly_rent_after_sale=-1), "household.monthly_rent_after_sale"),
    _bad(lambda: Household(annual_minimum_living_cost=-1), "household.annual_minimum_living_cost"),
    _bad(lambda: Asset(AssetKind.DEPOSIT, -1), "asset.amount"),
    _bad(lambda: Debt("カード", -1), "debt.amount"),
    _bad(lambda: Debt("カード", 100, monthly_payment=-1), "debt.monthly_payment"),
    _bad(lambda: Debt("カード", 100, kind="card"), "debt.kind", "ordinary / support / tax",
         "ordinary, support or tax"),
    _bad(lambda: home(-1), "residual_debt.amount"),
    _bad(lambda: home(100, late_charges=-1), "residual_debt.late_charges"),
    _bad(lambda: home(100, late_charges=101), "residual_debt.late_charges", "遅延損害金は請求額の内数です",
         "late charges are part of the amount"),
    _bad(lambda: home(100, monthly_payment=-1), "residual_debt.monthly_payment"),
    _bad(lambda: home(100, kind="tax"), "residual_debt.kind", "ordinary / support / tax",
         "ordinary, support or tax"),
    _bad(lambda: ResidualOptions(instalment_rounding="half"), "residual.instalment_rounding",
         "ceil（切上げ）、floor（切捨て）、ceil_100_first（100円未満切上げ・初回で調整）のいずれかです",
         "use ceil, floor or ceil_100_first"),
    _bad(lambda: ResidualOptions(monthly_payment=-1), "residual.monthly_payment"),
    _bad(lambda: ResidualOptions(lump_sum=-1), "residual.lump_sum"),
    _bad(lambda: ResidualOptions(negotiated_rate=Fraction(-1, 100)), "residual.negotiated_rate",
         "0以上の利率です", "a rate of zero or more"),
    _bad(lambda: ResidualOptions(negotiated_rate=0.01), "residual.negotiated_rate", "0以上の利率です",
         "a rate of zero or more"),
    _bad(lambda: ResidualOptions(plan_years=0), "residual.plan_years", "1以上の年数です", "at least 1"),
    _bad(lambda: ResidualOptions(plan_years=True), "residual.plan_years", "1以上の年数です", "at least 1"),
])
def test_models_refuse_broken_values(make: Any, field: str, ja: str, en: str) -> None:
    """Each model checks its own values when it is made, naming the domain path (the case file
    calls residual.lump_sum residual.settlement), in Japanese and English."""
    with pytest.raises(DomainError) as info:
        make()
    err = info.value
    assert err.field == field
    assert ja in err.message_ja
    assert en in err.message_en
    assert err.message_ja.startswith(f"{field} の値 ")


def test_models_accept_their_edges() -> None:
    """Zero yen, late charges equal to the whole claim, a zero rate and a 1-year plan are allowed."""
    assert Household().savings == 0
    assert home(100, late_charges=100).late_charges == 100
    assert ResidualOptions(negotiated_rate=0, plan_years=1, lump_sum=0).plan_years == 1


def test_checks_across_values_stay_in_the_routes() -> None:
    """The debtor's name and a lump sum within the debts involve more than one model."""
    with pytest.raises(DomainError) as info:
        run([home(10_000_000)], lump_sum=10_000_001)
    assert info.value.field == "residual.lump_sum"
    assert run([home(10_000_000)], lump_sum=10_000_000).route(RouteKey.LUMP_SUM).forgiven == 0
    with pytest.raises(DomainError) as info:
        residual_routes([home(100)], HH, ResidualOptions(), debtor=" ", start=START, book=BOOK)
    assert info.value.field == "residual.debtor"


def test_bad_input() -> None:
    with pytest.raises(InputError):
        run([home(10_000_000)], instalment_rounding="half")
    with pytest.raises(InputError):
        run([home(100, late_charges=101)])
    with pytest.raises(InputError):
        run([home(10_000_000)], plan_years=0)


def test_outputs_are_json_and_explained() -> None:
    r = run([home(10_000_000, guarantors=("花子",)), debt("養育費", 100_000, DebtKind.SUPPORT)],
            lump_sum=1_000_000)
    data = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))
    assert data["capacity"] == 100_000
    assert [row["key"] for row in data["table"]] == list(ROUTE_KEYS)
    assert set(data["table"][0]) >= {"key", "label_ja", "label_en", "eligible", "feasible", "total_to_pay",
                                     "monthly", "months", "costs", "forgiven", "gazette", "guarantors",
                                     "credit_until", "reasons"}
    assert data["routes"][0]["steps"]
    assert data["limitation"]
    exp = r.explain()
    assert exp.steps
    assert any("KSC" in ja or "官報" in ja for ja, _ in exp.caveats)
    with pytest.raises(InputError):
        r.route("nope")


# ------------------------------------------------------------------------------ rules added here


def test_new_rule_values() -> None:
    """Rule files added for this module, at the start of coverage and today
    (docs/sources/law-debt-divorce.md §1.4, §1.10, §2.2, §3.2, §3.4)."""
    for on in (date(2014, 4, 1), date(2026, 11, 22)):
        term = BOOK.value("negotiated_settlement.term_payments", on)
        assert term == {"standard": 36, "commonly_accepted": 60}
        band = BOOK.value("negotiated_settlement.residual_monthly_band", on)
        assert band == {"low": 10_000, "high": 30_000}
        assert BOOK.value("rehabilitation.filing_to_confirmation_months", on) == 6
        assert BOOK.value("bankruptcy.gazette_fee", on) == 12_830
        veto = BOOK.value("rehabilitation.resolution_veto_share", on)
        assert (Fraction(veto["headcount"]), Fraction(veto["amount"])) == (Fraction(1, 2), Fraction(1, 2))
    fee = BOOK.at("bankruptcy.gazette_fee", START)
    assert (fee.period.low, fee.period.high) == (10_584, 16_090)
    assert fee.caveat is not None
    assert BOOK.at("rehabilitation.filing_to_confirmation_months", START).caveat is not None
    assert BOOK.at("negotiated_settlement.residual_monthly_band", START).caveat is not None
    with pytest.raises(InputError):
        BOOK.at("bankruptcy.gazette_fee", date(2014, 3, 31))


# ------------------------------------------------------------------------------ properties


@given(st.integers(min_value=0, max_value=49_999_999))
def test_minimum_repayment_continuous_and_monotone(total: int) -> None:
    """docs/sources/law-debt-divorce.md §1.1: continuous (each yen of T adds at most 1 yen) and never
    decreasing."""
    a = minimum_repayment(total, on=START, book=BOOK).amount
    b = minimum_repayment(total + 1, on=START, book=BOOK).amount
    assert a is not None
    assert b is not None
    assert 0 <= b - a <= 1
    # Never below what 231条2項 requires (the refusal test itself, with exact fractions).
    if total < 1_000_000:
        assert a == total
    elif total <= 30_000_000:
        assert a >= min(max(Fraction(total, 5), 1_000_000), 3_000_000)
    else:
        assert a >= Fraction(total, 10)


@given(st.integers(min_value=0, max_value=10**10), st.integers(min_value=1, max_value=120),
       st.sampled_from([Rounding.CEIL, Rounding.FLOOR]))
def test_instalments_sum_exactly(total: int, months: int, rounding: Rounding) -> None:
    monthly, last, count = split_instalments(total, months, rounding)
    assert count <= months
    assert (monthly * (count - 1) + last if count else 0) == total
    if total:
        assert last >= 1


_debts = st.lists(
    st.builds(
        lambda amount, late_share, kind, home_loan: ResidualDebt(
            "d", f"c{amount % 3}", amount, late_charges=amount * late_share // 10, kind=kind,
            from_home=home_loan),
        st.integers(min_value=0, max_value=60_000_000), st.integers(min_value=0, max_value=10),
        st.sampled_from(list(DebtKind)), st.booleans()),
    min_size=1, max_size=4)


@given(_debts, st.integers(min_value=0, max_value=800_000), st.integers(min_value=0, max_value=500_000),
       st.one_of(st.none(), st.integers(min_value=0, max_value=200_000)),
       st.sampled_from([Fraction(0), Fraction(3, 100)]),
       st.one_of(st.none(), st.integers(min_value=0, max_value=4_000_000)),
       st.lists(st.builds(Asset, st.sampled_from(list(AssetKind)), st.integers(0, 5_000_000)), max_size=3))
def test_route_invariants(debts: list[ResidualDebt], income: int, living: int, monthly: int | None,
                          rate: Fraction, cost: int | None, assets: list[Asset]) -> None:
    """No negative totals; instalments add up; forgiven within [0, total debt]; nothing vanishes."""
    total = sum(d.amount for d in debts)
    hh = Household(monthly_income=income, monthly_living_costs=living, annual_minimum_living_cost=cost,
                   assets=tuple(assets))
    r = run(debts, hh, monthly_payment=monthly, negotiated_rate=rate)
    for route in r.routes:
        assert route.total_to_pay >= 0
        assert route.costs_total >= 0
        assert 0 <= route.forgiven <= total
        assert route.costs_total == sum(c.amount for c in route.costs)
        if route.months:
            assert route.monthly * (route.months - 1) + route.last_instalment == route.instalments_total
        computed = route.months is not None or route.key in ("bankruptcy", "negotiated",
                                                             "negotiated_without_late_charges")
        if computed:
            paid = route.total_to_pay - route.costs_total
            assert route.forgiven + paid >= total
            if rate == 0 or route.key not in ("negotiated", "negotiated_without_late_charges"):
                assert route.forgiven + paid == total
