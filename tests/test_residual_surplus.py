"""A sale's surplus in the debt routes, rounding at a legal floor, and the routes' figures as numbers.

Sources: docs/sources/law-debt-divorce.md §1.1 (the 231条 minimum), §1.3 (清算価値: each category
counted if > 20万円, retirement at 1/8), §1.8 (support arrears in a plan), §2.1 (東京地裁 振り分け:
cash ≥ 33万円 → 管財; other categories ≥ 20万円) and §2.3 (自由財産: cash 99万円 = 66万 × 3/2). The
thresholds are the rule files rules/data/bankruptcy/tokyo_cash_threshold.toml (330,000 from
2017-04-01), bankruptcy/asset_item_threshold.toml, bankruptcy/free_cash.toml (990,000),
rehabilitation/liquidation_item_threshold.toml (200,000), rehabilitation/retirement_allowance_fraction.toml
(1/8) and rehabilitation/legal_floor_rounding.toml (ceil). Every figure below is derived by hand.
"""

from __future__ import annotations

import copy
import json
import tomllib
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, parse_case_data
from zansai.engine.plan import Plan, plan
from zansai.engine.residual import ResidualDebt, ResidualRoutes, liquidation_value, residual_routes
from zansai.engine.residual.surplus import SaleSurplus, sale_surplus
from zansai.errors import DomainError
from zansai.model import Asset, AssetKind, DebtKind, Household, Person, ResidualOptions
from zansai.rules import RuleBook

BOOK = RuleBook.default()
START = date(2026, 6, 30)
DEBTOR = "太郎"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HH = Household(monthly_income=300_000, monthly_living_costs=150_000, monthly_rent_after_sale=50_000)
LABEL = ("通常売却", "normal sale")


def surplus(total: int, share: Fraction = Fraction(1), known: bool = True) -> SaleSurplus:
    return SaleSurplus("normal_sale", LABEL, total, share, known)


def run(debts: list[ResidualDebt], hh: Household = HH, sale: SaleSurplus | None = None,
        **opts: Any) -> ResidualRoutes:
    return residual_routes(debts, hh, ResidualOptions(**opts), debtor=DEBTOR, start=START, book=BOOK,
                           surplus=sale)


def cards(amount: int = 3_000_000) -> list[ResidualDebt]:
    return [ResidualDebt("カードローン", "A社", amount)]


def trustee(r: ResidualRoutes) -> bool:
    return any(c.key == "trustee_deposit" for c in r.route("bankruptcy").costs)


# ------------------------------------------------------------------------------ 1.5 the sale's surplus


@pytest.mark.parametrize(
    ("total", "share", "part", "is_trustee"),
    [
        (659_998, Fraction(1, 2), 329_999, False),  # below 33万: 同時廃止
        (660_000, Fraction(1, 2), 330_000, True),  # at 33万: 管財 (cash ≥ threshold)
        (659_999, Fraction(1, 2), 330_000, True),  # 329,999.5 rounds up (a floor's part)
        (330_000, Fraction(1), 330_000, True),
    ],
)
def test_surplus_moves_bankruptcy_to_a_trustee_case_at_the_cash_threshold(
        total: int, share: Fraction, part: int, is_trustee: bool) -> None:
    """東京地裁: cash ≥ 330,000 (tokyo_cash_threshold.toml, from 2017-04-01;
    docs/sources/law-debt-divorce.md §2.1) → 少額管財; the owner's half of the surplus is cash."""
    assert not trustee(run(cards()))
    r = run(cards(), sale=surplus(total, share))
    assert r.surplus_cash == part
    assert trustee(r) is is_trustee
    b = r.route("bankruptcy")
    assert b.figures["sale_surplus"] == part
    assert b.figures["cash"] == part
    assert b.figures["trustee_case"] is is_trustee
    if is_trustee:
        assert {c.key: c.amount for c in b.costs}["trustee_deposit"] == 200_000


def test_surplus_adds_to_the_cash_kept_and_to_what_a_trustee_may_take() -> None:
    """破産法34条3項1号: cash up to 990,000 is kept (docs/sources/law-debt-divorce.md §2.3).
    Cash 200,000 + surplus 1,300,000 = 1,500,000: kept 990,000, at risk 510,000."""
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000,
                   assets=(Asset(AssetKind.CASH, 200_000),))
    b = run(cards(), hh, sale=surplus(1_300_000)).route("bankruptcy")
    assert b.assets_at_risk == 510_000
    assert (b.figures["cash"], b.figures["kept_cash"], b.figures["free_cash_limit"]) == (
        1_500_000, 990_000, 990_000)
    assert b.figures["assets"] == [{"key": "cash", "amount": 200_000},
                                   {"key": "sale_surplus", "amount": 1_300_000}]
    track = next(s for s in b.steps if s.name == "bankruptcy.track")
    assert track.inputs["sale_surplus"] == "1,300,000円 (cash)"
    assert track.note is not None
    assert "1,300,000円" in track.note.ja


def test_surplus_raises_the_liquidation_value_above_the_231_minimum() -> None:
    """T = 10,000,000 → 231条 minimum 2,000,000 (1/5; §1.1). The debtor's half of a 6,000,001円
    surplus, 3,000,001 (rounded up), is cash in the 清算価値 (§1.3), so the plan pays 3,000,001."""
    r = run(cards(10_000_000), sale=surplus(6_000_001, Fraction(1, 2)))
    sr = r.route("small_rehabilitation")
    assert sr.figures["minimum_repayment"] == 2_000_000
    assert sr.figures["liquidation_value"]["amount"] == 3_000_001
    assert sr.instalments_total == sr.figures["plan_total"] == 3_000_001
    assert sr.forgiven == 10_000_000 - 3_000_001
    lines = {ln["key"]: ln for ln in sr.figures["liquidation_value"]["categories"]}
    assert lines["sale_surplus"] == {
        "key": "sale_surplus", "label_ja": "売却の余剰金（現金）", "label_en": "surplus from the sale (cash)",
        "label_id": "residual_surplus.surplus.category", "face": 3_000_001, "counted": 3_000_001,
        "included": True, "amount": 3_000_001}
    assert run(cards(10_000_000)).route("small_rehabilitation").instalments_total == 2_000_000


def test_surplus_is_tested_with_the_cash_category() -> None:
    """Cash 150,000 and a surplus of 100,000 are one cash category of 250,000 > 200,000 (§1.3)."""
    assets = (Asset(AssetKind.CASH, 150_000),)
    liq = liquidation_value(assets, debtor=DEBTOR, on=START, book=BOOK, surplus=100_000)
    assert liq.amount == 250_000
    assert liquidation_value(assets, debtor=DEBTOR, on=START, book=BOOK, surplus=50_000).amount == 0
    assert liquidation_value(assets, debtor=DEBTOR, on=START, book=BOOK, surplus=50_001).amount == 200_001


def test_surplus_is_its_own_line_in_the_workings_with_its_source() -> None:
    r = run(cards(), sale=surplus(1_000_001, Fraction(1, 3)))
    step = next(s for s in r.steps if s.name == "residual.sale_surplus")
    assert step.inputs == {"exit": "normal_sale", "surplus": "1,000,001円", "share": "1/3"}
    assert step.result == "333,334円"  # 333,333.67 rounded up
    assert step.rounding == "1円未満切上げ"
    assert step.note is not None
    assert "通常売却" in step.note.ja
    assert "1,000,001円" in step.note.ja
    assert "normal sale" in step.note.en
    assert any(u.key == "rehabilitation.legal_floor_rounding" for u in r.rules_used)
    data = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))
    assert data["sale_surplus"] == {
        "exit": "normal_sale", "exit_label": {"ja": "通常売却", "en": "normal sale"}, "total": 1_000_001,
        "share": "1/3", "shares_known": True, "amount": 333_334}
    assert data["means"] == 333_334  # savings 0 + help 0 + the surplus


def test_surplus_belongs_to_the_owners_by_share() -> None:
    people = (Person("太郎", Fraction(1, 4)), Person("花子", Fraction(3, 4)))
    s = sale_surplus("normal_sale", LABEL, 800_000, people, "太郎")
    assert s is not None
    assert s.share == Fraction(1, 4)
    assert sale_surplus("normal_sale", LABEL, 800_000, people, "保証人") is not None
    assert run(cards(), sale=sale_surplus("normal_sale", LABEL, 800_000, people, "保証人")).surplus_cash == 0
    assert sale_surplus("normal_sale", LABEL, 0, people, "太郎") is None
    unknown = sale_surplus("normal_sale", LABEL, 800_000, (Person("太郎"),), "太郎")
    assert unknown is not None
    assert (unknown.share, unknown.shares_known) == (Fraction(1), False)
    r = run(cards(), sale=unknown)
    assert r.surplus_cash == 800_000
    assert any("持分" in ja and "share" in en for ja, en in r.warnings)


def _underloan_with_cards() -> Plan:
    """記事2's underloan (docs/sources/seed2-divorce.md §7) sold normally, with a 300万 card loan of 夫."""
    text = (EXAMPLES / "seed2-divorce-underloan.toml").read_text(encoding="utf-8")
    raw = copy.deepcopy(tomllib.loads(text))
    del raw["divorce"]
    raw["household"]["other_debts"] = [{"name": "カードローン", "amount": "300万", "owner": "夫"}]
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return plan(case, book)


def test_plan_passes_the_chosen_exits_surplus_to_the_routes() -> None:
    """End to end: the exit's surplus (``ExitResult.surplus``) reaches the routes; 夫 owns 1/2."""
    p = _underloan_with_cards()
    r = p.residual
    assert r is not None
    assert p.residual_exit == "normal_sale"
    total = p.exit("normal_sale").surplus
    assert total > 0
    assert r.surplus is not None
    assert r.surplus.total == total
    assert r.surplus_cash == -(-total // 2)
    b = r.route("bankruptcy")
    assert trustee(r)
    assert b.figures["cash"] == r.surplus_cash
    assert b.figures["kept_cash"] == 990_000
    out = p.to_dict()["residual_routes"]
    assert out["sale_surplus"]["amount"] == r.surplus_cash


# ------------------------------------------------------------------------------ 1.8 rounding at a floor


def test_retirement_share_rounds_up_and_thresholds_use_the_exact_fraction() -> None:
    """1/8 of 1,600,001 = 200,000.125 (retirement_allowance_fraction.toml; §1.3): above 20万, so it
    counts, as 200,001 (rounded up: legal_floor_rounding.toml). Rounded down it would be 200,000,
    not above the threshold, and the plan could fall below the floor."""
    def liq(amount: int) -> int:
        return liquidation_value((Asset(AssetKind.RETIREMENT, amount),), debtor=DEBTOR, on=START,
                                 book=BOOK).amount

    assert liq(1_600_001) == 200_001
    assert liq(1_600_000) == 0  # exactly 200,000: not above
    assert liq(2_400_004) == 300_001  # 300,000.5 → 300,001
    step = liquidation_value((Asset(AssetKind.RETIREMENT, 1_600_001),), debtor=DEBTOR, on=START,
                             book=BOOK).step
    assert step.rounding == "1円未満切上げ"
    assert any(u.key == "rehabilitation.legal_floor_rounding" for u in step.rules)


def test_bankruptcy_retirement_test_is_exact() -> None:
    """≥ 20万 at 1/8 (§2.1): 1,599,993 / 8 = 199,999.125 stays 同時廃止 though it rounds up to
    200,000; 1,600,000 / 8 = 200,000 → 管財."""
    def hh(amount: int) -> Household:
        return Household(monthly_income=300_000, monthly_living_costs=150_000,
                         assets=(Asset(AssetKind.RETIREMENT, amount),))

    low = run(cards(), hh(1_599_993))
    assert not trustee(low)
    assert low.route("bankruptcy").figures["assets"] == [{"key": "retirement", "amount": 200_000}]
    assert trustee(run(cards(), hh(1_600_000)))


def test_only_ceil_is_accepted_for_a_floor() -> None:
    """A floor rounded down could pass a plan below the statute (legal_floor_rounding.toml)."""
    book = BOOK.with_overrides({"rehabilitation.legal_floor_rounding": "floor"})
    with pytest.raises(DomainError):
        liquidation_value((), debtor=DEBTOR, on=START, book=book)


# ------------------------------------------------------------------------------ 1.13 figures as numbers


def test_rehabilitation_figures_are_numbers() -> None:
    """Support arrears (民再229条3項, 232条4項; §1.8): T = 9,000,000 + 1,000,000 → plan 2,000,000;
    support 1,000,000 × 2,000,000 / 10,000,000 = 200,000 in the plan, 800,000 at the end."""
    debts = [ResidualDebt("カードローン", "A社", 9_000_000),
             ResidualDebt("養育費の未払い", "元妻", 1_000_000, kind=DebtKind.SUPPORT),
             ResidualDebt("住民税", "市", 300_000, kind=DebtKind.TAX)]
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000, monthly_rent_after_sale=50_000,
                   assets=(Asset(AssetKind.DEPOSIT, 150_000), Asset(AssetKind.INSURANCE, 250_000),
                           Asset(AssetKind.RETIREMENT, 4_000_004)),
                   annual_minimum_living_cost=2_400_000)
    r = run(debts, hh)
    sr = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))["routes"]
    small = next(x for x in sr if x["key"] == "small_rehabilitation")["figures"]
    assert small["claims_total"] == 10_000_000
    assert (small["support_arrears"], small["support_in_plan"], small["support_lump_at_end"]) == (
        1_000_000, 200_000, 800_000)
    assert small["taxes"] == 300_000
    liq = small["liquidation_value"]
    # deposit 150,000 ≤ 20万: not counted; insurance 250,000; retirement 4,000,004 / 8 = 500,000.5 → 500,001
    assert {c["key"]: (c["face"], c["counted"], c["amount"]) for c in liq["categories"]} == {
        "deposit": (150_000, 150_000, 0), "insurance": (250_000, 250_000, 250_000),
        "retirement": (4_000_004, 500_001, 500_001)}
    assert liq["amount"] == 750_001
    assert liq["threshold"] == 200_000
    salaried = next(x for x in sr if x["key"] == "salaried_rehabilitation")["figures"]
    assert salaried["disposable_income"] == 2 * (12 * 300_000 - 2_400_000)  # 2,400,000


def test_bankruptcy_and_negotiated_figures_are_numbers() -> None:
    hh = Household(monthly_income=300_000, monthly_living_costs=150_000, monthly_rent_after_sale=50_000,
                   assets=(Asset(AssetKind.CASH, 400_000),))
    r = run([ResidualDebt("住宅ローン残債", "保証会社", 5_000_000, late_charges=300_000, from_home=True)], hh)
    b = r.route("bankruptcy").figures
    assert (b["cash"], b["kept_cash"], b["assets_at_risk"], b["trustee_case"]) == (400_000, 400_000, 0, True)
    n = r.route("negotiated_without_late_charges").figures
    assert (n["balance"], n["late_charges_waived"], n["interest"]) == (4_700_000, 300_000, 0)
    assert n["practice_band"] == {"low": 10_000, "high": 30_000}
    data = r.to_dict()
    assert data["means"] == 0
    assert data["sale_surplus"] is None
