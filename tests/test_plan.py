"""The plan for one home, checked against the seed articles' (docs/sources/seed1-short-sale.md
and docs/sources/seed2-divorce.md) own figures and statements.

Seed 1 = docs/sources/seed1-short-sale.md (任意売却後の住宅ローン残債).
Seed 2 = docs/sources/seed2-divorce.md (離婚と住宅ローン).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.case import load_case
from zansai.engine.plan import Plan, plan
from zansai.model import Appraisal, Case, Person
from zansai.rules import RuleBook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name: str) -> tuple[Case, RuleBook]:
    return load_case(str(EXAMPLES / f"{name}.toml"))


def _plan(name: str) -> Plan:
    case, book = _load(name)
    return plan(case, book)


@pytest.fixture(scope="module")
def seed1() -> Plan:
    return _plan("seed1-short-sale")


@pytest.fixture(scope="module")
def under() -> Plan:
    return _plan("seed2-divorce-underloan")


@pytest.fixture(scope="module")
def over() -> Plan:
    return _plan("seed2-divorce-overloan")


def test_seed2_underloan_equity_is_5_million(under: Plan) -> None:
    """Seed 2: 時価 1,500万円 − ローン残金 1,000万円 = 500万円 (諸経費を除いた計算)."""
    assert under.position.market_value == 15_000_000
    assert under.position.loan_balance == 10_000_000
    assert under.position.equity == 5_000_000
    assert not under.position.underwater


def test_seed2_overloan_equity_is_minus_5_million(over: Plan) -> None:
    """Seed 2: 1,500万円 − 2,000万円 = ▲500万円 (オーバーローン)."""
    assert over.position.equity == -5_000_000
    assert over.position.underwater


def test_seed2_underloan_normal_sale_repays_and_leaves_the_surplus(under: Plan) -> None:
    """Seed 2 アンダーローン: 住宅ローンも完済でき余剰金も出ます. With costs (the article leaves them out):
    brokerage (15,000,000×3%+60,000)×1.1 = 561,000; stamp duty 10,000 (1,000万超5,000万以下, 措法91条);
    lien release 2 × 1,000; scrivener 15,000×1.1 = 16,500; moving 200,000 (practice default)."""
    normal = under.exit("normal_sale")
    assert normal.feasible
    assert {it.key: it.amount for it in normal.costs.items} == {  # type: ignore[union-attr]
        "brokerage_fee": 561_000, "stamp_duty": 10_000, "lien_release_tax": 2_000,
        "scrivener_fee": 16_500, "moving_cost": 200_000}
    assert normal.remaining_debt == 0
    assert normal.surplus == 15_000_000 - 10_000_000 - 789_500
    assert under.best == "normal_sale"
    assert "すべて払って、手元に 4,210,500円 残ります" in under.verdict[0]


def test_seed2_overloan_needs_cash_or_a_short_sale(over: Plan) -> None:
    """Seed 2 オーバーローン: 不足分を一括で返済する / 住み替えローン / 任意売却."""
    normal = over.exit("normal_sale")
    assert not normal.feasible
    assert normal.cash_needed == normal.remaining_debt == 5_000_000 + 789_500
    short = over.exit("short_sale")
    assert any("滞納していることが条件" in ja for ja, _ in short.warnings)


def test_seed1_auction_at_60_to_70_percent_of_market(seed1: Plan) -> None:
    """Seed 1: 競売では市場価格の6~7割程度 (3~4割引): 65% of 2,000万円 by default."""
    assert seed1.valuation.central == 20_000_000
    assert seed1.exit("auction_seed").price == 13_000_000
    case, book = _load("seed1-short-sale")
    for ratio, price in (("0.6", 12_000_000), ("0.7", 14_000_000)):
        p = plan(case, book.with_overrides({"auction.seed_ratio": ratio}))
        assert p.exit("auction_seed").price == price


def test_seed1_acceleration_after_3_to_6_months(seed1: Plan) -> None:
    """Seed 1: 住宅ローンの滞納が3~6ヶ月程度続いた場合…分割でローンを返済する権利を失って."""
    acc = seed1.timeline.milestone("acceleration")
    first = date(2026, 8, 27)
    assert seed1.timeline.first_missed == first
    assert (acc.earliest, acc.latest) == (date(2026, 11, 27), date(2027, 2, 27))


def test_seed1_short_sale_leaves_less_debt_than_auction(seed1: Plan) -> None:
    """Seed 1: 任意売却…相場に近い価格で売却できる; 競売 → 残りのローンの返済が大変."""
    short, court, seed = (seed1.exit(k) for k in ("short_sale", "auction_court", "auction_seed"))
    assert short.remaining_debt < court.remaining_debt < seed.remaining_debt
    assert seed1.best == "short_sale"
    # late charges keep running to the auction payment date, so more is owed then
    assert sum(lo.late_charges for lo in court.lenders) > sum(lo.late_charges for lo in short.lenders)


def test_seed1_short_sale_figures(seed1: Plan) -> None:
    """The short sale at 95% of market on 2027-03-31: every yen accounted for."""
    short = seed1.exit("short_sale")
    assert short.price == 19_000_000
    dist = short.distribution
    assert dist is not None
    assert dist.paid_total == short.price
    lender = short.lenders[0]
    assert lender.claimant == "さくら信用保証"  # 代位弁済 happened before the sale date
    assert lender.paid == 19_000_000 - 693_000 - 2_000 - 10_000
    assert short.remaining_debt == lender.claim - lender.paid
    # paid outside the price: moving (JHF: not deductible), stamp duty, scrivener fee above the cap
    assert short.cash_needed == 200_000 + 10_000 + 6_500


def test_seed1_guarantor_must_consent(seed1: Plan) -> None:
    """Seed 1: 連帯保証人の同意が必要 … 同意してもらえなかったり … 競売にかけられてしまう可能性."""
    roles = {(c.party, c.role): c.status for c in seed1.exit("short_sale").consents}
    assert roles[("妻", "guarantor")] == "given"
    case, book = _load("seed1-short-sale")
    refusing = replace(case, people=tuple(replace(p, consents=False) if p.name == "妻" else p
                                          for p in case.people))
    short = plan(refusing, book).exit("short_sale")
    assert not short.feasible
    assert any("妻" in ja for ja, _ in short.reasons)


def test_seed1_guarantor_is_billed_the_remaining_debt(seed1: Plan) -> None:
    """Seed 1: 残債がある場合 … 連帯保証人がいる場合は支払いの通知が行く可能性があります."""
    short = seed1.exit("short_sale")
    assert any("妻" in ja and f"{short.remaining_debt:,}円" in ja for ja, _ in short.joint_debtors)


def test_seed1_credit_record_years(seed1: Plan) -> None:
    """Seed 1: 一度登録されてしまうと、5~7年程度はローン…が使えなくなってしまう."""
    ja, en = seed1.exit("short_sale").credit_record
    assert "5年" in ja
    assert "5–7 years" in en


def test_seed1_moving_cost_from_the_price_with_the_lenders_consent() -> None:
    """Seed 1: 金融機関の同意が得られれば、引っ越し費用なども売却金額から捻出できます."""
    case, book = _load("seed1-short-sale")
    base = plan(case, book).exit("short_sale")
    agreed = plan(case, book.with_overrides({"short_sale.jhf_moving_cost_allowed": True}))
    short = agreed.exit("short_sale")
    assert short.cash_needed == base.cash_needed - 200_000
    assert short.remaining_debt == base.remaining_debt + 200_000


def test_jhf_short_sale_must_come_before_the_auction_filing() -> None:
    """docs/sources/law-debt-divorce.md §4.2: JHF wants the 任意売却 申出書 before the 競売申立."""
    p = _plan("condo-jhf-arrears")
    filing = p.timeline.milestone("auction_filing").typical
    assert p.timeline.last_short_sale_day() == filing - timedelta(days=1)
    short = p.exit("short_sale")
    assert short.feasible
    assert any("競売の申立て前" in ja for ja, _ in short.warnings)
    case, book = _load("condo-jhf-arrears")
    late = plan(replace(case, sale_date=filing), book).exit("short_sale")
    assert not late.feasible


def test_condo_junior_lien_gets_its_release_fee_and_the_seizure_is_released() -> None:
    """JHF standard: 第2順位 min(30万円, 残元金の1割); 差押解除 min(10万円, 固都税1年分)."""
    short = _plan("condo-jhf-arrears").exit("short_sale")
    rows = {lo.rank: lo for lo in short.lenders}
    assert rows[2].paid == 240_000  # 10% of the 2,400,000 principal, below the 300,000 cap
    assert rows[3].paid == 100_000  # the municipal seizure: min(100,000, 142,000)


def test_trade_up_loan_carries_the_shortfall() -> None:
    """Seed 2: 住み替えローンとは、不足分と、新しい住宅の代金を合算して、新たに住宅ローンを借入."""
    p = _plan("trade-up")
    up = p.exit("trade_up")
    shortfall = p.exit("normal_sale").remaining_debt
    assert up.details["new_loan"] == 38_000_000 + 2_500_000 + shortfall
    assert any("審査" in ja for ja, _ in up.warnings)


def test_leaseback_rent_is_price_times_yield_over_12() -> None:
    p = _plan("leaseback-retiree")
    lb = p.exit("leaseback")
    assert lb.price == 19_500_000  # 75% of 2,600万円 (market.leaseback_price_ratio)
    assert lb.details["monthly_rent"] == 19_500_000 * 9 // 100 // 12  # 9% yield, floored
    assert lb.can_stay


def test_money_is_conserved_in_every_exit_of_every_example() -> None:
    for path in sorted(EXAMPLES.glob("*.toml")):
        if path.stem in ("single-loan", "pair-loan"):
            continue
        case, book = load_case(str(path))
        for e in plan(case, book).exits:
            if e.distribution is not None:
                assert e.distribution.paid_total == e.price, (path.stem, e.key)
                assert e.net_proceeds + sum(ln.paid for ln in e.distribution.lines
                                            if ln.party.value == "sale_costs") == e.price


def test_json_has_the_documented_keys(seed1: Plan) -> None:
    d = seed1.to_dict()
    assert {"exits", "timeline", "rules_used", "verdict", "distribution", "position"} <= set(d)
    for item in d["exits"]:
        assert {"key", "price", "costs_total", "net_proceeds", "remaining_debt", "cash_needed"} <= set(item)
    assert all(r["sources"] for r in d["rules_used"])


def _with_market(case: Case, value: int) -> Case:
    return replace(case, market_value=value, appraisals=(Appraisal("x", value),))


def _stamp(e: object) -> int:
    costs = getattr(e, "costs", None)
    item = costs.item("stamp_duty") if costs is not None else None
    return item.amount if item is not None else 0


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=10_000_000, max_value=40_000_000), st.integers(min_value=1, max_value=5_000_000))
def test_a_higher_price_never_increases_the_remaining_debt(low: int, step: int) -> None:
    """Except by the stamp duty's own notch: 印紙税 jumps at its brackets (e.g. 1,000万円 → 1,000万円+1円
    raises the duty from 5,000 to 10,000円), so a price 1 yen higher can leave up to that much more
    owed when the duty is paid from the price. Found by this test; it is the law, not a bug."""
    case, book = _load("seed1-short-sale")
    a = plan(_with_market(case, low), book)
    b = plan(_with_market(case, low + step), book)
    for e in a.exits:
        f = b.exit(e.key)
        notch = max(0, _stamp(f) - _stamp(e))
        assert f.remaining_debt <= e.remaining_debt + notch, e.key
        if notch == 0:
            assert f.remaining_debt <= e.remaining_debt, e.key


def test_the_stamp_duty_notch_at_10_million() -> None:
    """印紙税 (措法91条): 1,000万円以下 5,000円, 1,000万円超 10,000円
    (docs/sources/law-updates-2026.md §3)."""
    case, book = _load("seed1-short-sale")
    a = plan(_with_market(case, 10_000_000), book).exit("normal_sale")
    b = plan(_with_market(case, 10_000_001), book).exit("normal_sale")
    assert (_stamp(a), _stamp(b)) == (5_000, 10_000)
    assert b.remaining_debt - a.remaining_debt == 5_000 - 1


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=150), st.integers(min_value=1, max_value=60))
def test_a_later_sale_never_lowers_the_late_charges(offset: int, later: int) -> None:
    case, book = _load("seed1-short-sale")
    start = date(2026, 12, 1)
    a = plan(replace(case, sale_date=start + timedelta(days=offset)), book)
    b = plan(replace(case, sale_date=start + timedelta(days=offset + later)), book)
    for key in ("short_sale", "normal_sale", "dealer_purchase"):
        late_a = sum(lo.late_charges for lo in a.exit(key).lenders)
        late_b = sum(lo.late_charges for lo in b.exit(key).lenders)
        assert late_b >= late_a, key


def test_no_owner_consent_blocks_the_short_sale() -> None:
    case, book = _load("trade-up")
    people = tuple(Person(p.name, p.ownership_share, False if p.name == "妻" else p.consents)
                   for p in case.people)
    short = plan(replace(case, people=people), book).exit("short_sale")
    assert not short.feasible


# ------------------------------------------------------------------------------ figures the shells show
# The charts, the results page and the terminal report print these; the engine computes them.


def test_position_debt_is_the_loan_balance_plus_the_other_liens() -> None:
    """condo-jhf-arrears.toml: the JHF balance on the sale date 17,891,759 + the junior lien's
    2,600,000 = 20,491,759, which is 491,759 more than the 2,000万円 market value."""
    pos = _plan("condo-jhf-arrears").position
    assert (pos.loan_balance, pos.other_liens) == (17_891_759, 2_600_000)
    assert pos.debt == 20_491_759
    assert pos.equity == pos.market_value - pos.debt == -491_759


def test_seed2_position_debt_is_the_loan_left(over: Plan) -> None:
    """Seed 2: ローン残金 2,000万円 and no other lien."""
    assert over.position.debt == 20_000_000


def test_plan_loans_sum_the_pair_of_loans() -> None:
    """trade-up.toml: two loans with あおぞら銀行 (2,800万円 and 1,500万円); their balances on the
    sale date 22,170,902 + 11,877,275 add up to the position's 34,048,177."""
    p = _plan("trade-up")
    sale = p.case.sale_date
    assert [s.balance_at(sale) for _, s in p.schedules] == [22_170_902, 11_877_275]
    assert len(p.loans.schedules) == 2
    assert p.loans.balance_at(sale) == p.position.loan_balance == 34_048_177
    later = date(2030, 1, 1)
    assert p.loans.balance_at(later) == sum(s.balance_at(later) for _, s in p.schedules) == 31_131_825


def test_balance_step_shows_the_schedule_behind_the_sale_date_balance(seed1: Plan) -> None:
    """Seed 1's 3,800万円 loan over 35 years (examples/seed1-short-sale.toml): 23,728,370円 left on
    the sale date, floored to the yen (jp_floor)."""
    step = seed1.balance_step()
    assert step.name == "loan_balance"
    assert step.inputs == {"さくら銀行": "38,000,000円, 420か月, annuity, jp_floor → 23,728,370円"}
    assert step.result == "23,728,370円"
    assert step.rounding is not None
    assert step.rounding.startswith("毎月返済額・ボーナス返済額・各回利息・元金均等の元金を円未満切捨て")
    assert list(step.to_dict()) == ["name", "label_ja", "label_en", "label_id", "formula", "inputs", "result",
                                    "rounding"]


def test_balance_step_names_each_loan_when_one_lender_holds_two() -> None:
    """examples/trade-up.toml: a pair loan, both at あおぞら銀行; the step shows both schedules
    (22,170,902 + 11,877,275 = 34,048,177円), not only the last one under the shared name."""
    step = _plan("trade-up").balance_step()
    assert step.inputs == {
        "あおぞら銀行（夫）": "28,000,000円, 420か月, annuity, jp_floor → 22,170,902円",
        "あおぞら銀行（妻）": "15,000,000円, 420か月, annuity, jp_floor → 11,877,275円",
    }
    assert step.result == "34,048,177円"


def test_seed1_short_sale_costs_from_the_price_and_repaid_to_lenders(seed1: Plan) -> None:
    """Seed 1's short sale at 19,000,000 (its 配分表): the brokerage fee 693,000, the lien-release
    registration tax 2,000 and the scrivener's 10,000 come out of the price (705,000); the other
    216,500 of the 921,500 costs is paid in cash (moving 200,000, stamp duty 10,000, the
    scrivener's fee above the cap 6,500); the lender gets the remaining 18,295,000."""
    short = seed1.exit("short_sale")
    assert short.costs_from_price == 705_000
    assert short.costs_total == short.costs_from_price + short.cash_needed == 921_500
    assert short.repaid_to_lenders == short.net_proceeds == 18_295_000
    assert short.repaid_to_lenders == sum(lo.paid for lo in short.lenders)


def test_seed2_underloan_repays_the_loan_and_keeps_the_rest(under: Plan) -> None:
    """Seed 2 アンダーローン: 1,500万円 − 789,500 of costs (all from the price) = 14,210,500; the
    1,000万円 loan is repaid and 4,210,500 is kept."""
    normal = under.exit("normal_sale")
    assert normal.costs_from_price == normal.costs_total == 789_500
    assert normal.repaid_to_lenders == 10_000_000
    assert normal.surplus == 4_210_500


def test_repaid_to_lenders_includes_the_other_claimants() -> None:
    """condo-jhf-arrears.toml's short sale: 18,283,000 of net proceeds go to the claimants, of
    which 17,933,000 to the lienholders (JHF, the junior lien's release fee, the seizure) and the
    other 350,000 to the management association's arrears."""
    short = _plan("condo-jhf-arrears").exit("short_sale")
    assert short.repaid_to_lenders == short.net_proceeds == 18_283_000
    assert sum(lo.paid for lo in short.lenders) == 17_933_000
