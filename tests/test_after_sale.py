"""After the sale, end to end: one case file gives the remaining-debt routes (seed 1) and the
divorce division with the exits per spouse (seed 2). Figures from the two seed
articles (docs/sources/seed1-short-sale.md and docs/sources/seed2-divorce.md).

Sources: docs/sources/seed1-short-sale.md (記事1, 任意売却後の残債: 個人再生 1,000万 → 1/5 = 200万 over 3
years; the guarantor is billed; 時効 rarely completes) and docs/sources/seed2-divorce.md (記事2,
離婚と住宅ローン: 250万 each, −250万 each, wife 50万 / husband 450万, 700万 of savings → wife 200万, 200万
counts as 100万).
"""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.case import build_case, load_case, parse_case_data
from zansai.cli import main
from zansai.engine.plan import Plan, plan
from zansai.errors import DomainError
from zansai.money import Rounding, round_div
from zansai.report.divorce_json import divorce_to_dict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MAN = 10_000


def _plan(name: str) -> Plan:
    case, book = load_case(str(EXAMPLES / name))
    return plan(case, book)


def _plan_raw(raw: dict[str, Any]) -> Plan:
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return plan(case, book)


def _raw(name: str) -> dict[str, Any]:
    return copy.deepcopy(tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8")))


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# --- seed 1: the routes for the remaining debt -------------------------------------------------

def test_seed1_routes_settle_the_best_exits_remaining_debt_with_the_card_loan() -> None:
    p = _plan("seed1-short-sale.toml")
    routes = p.residual
    assert routes is not None
    assert p.residual_exit == p.best
    best = p.exit(p.best or "")
    home = sum(d.amount for d in routes.debts if d.from_home)
    assert home == best.remaining_debt > 0
    card = [d for d in routes.debts if d.name == "カードローン"]
    assert [d.amount for d in card] == [80 * MAN]
    assert routes.debtor == "夫"
    assert routes.capacity == 240_000 - 180_000 - 85_000


def test_seed1_rehabilitation_is_a_fifth_over_three_years() -> None:
    """記事1 (docs/sources/seed1-short-sale.md §9): 残債1,000万円なら1/5の200万円を3年間. Here T = the short
    sale's residual + the card loan; T lies between 500万 and 1,500万, so the minimum is T/5 rounded up
    (民再231条2項4号)."""
    p = _plan("seed1-short-sale.toml")
    assert p.residual is not None
    total = sum(d.amount for d in p.residual.debts)
    assert 500 * MAN < total <= 1_500 * MAN
    small = p.residual.route("small_rehabilitation")
    assert small.eligible
    assert small.instalments_total == round_div(total, 5, Rounding.CEIL)
    assert small.months == 36
    assert small.monthly * 35 + small.last_instalment == small.instalments_total
    assert small.official_gazette == 3
    assert "保証" in small.guarantors[0] or "妻" in small.guarantors[0]


def test_seed1_guarantor_wife_is_named_in_every_route_that_leaves_her_liable() -> None:
    """記事1 (docs/sources/seed1-short-sale.md §5): 保証人に債務が一括請求される可能性があります."""
    p = _plan("seed1-short-sale.toml")
    assert p.residual is not None
    for key in ("small_rehabilitation", "bankruptcy"):
        assert "妻" in p.residual.route(key).guarantors[0]


def test_seed1_routes_for_the_auction_leave_more_debt() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["residual"] = {"exit": "auction_seed"}
    p = _plan_raw(raw)
    assert p.residual is not None
    assert p.residual_exit == "auction_seed"
    assert sum(d.amount for d in p.residual.debts if d.from_home) == p.exit("auction_seed").remaining_debt


def test_no_routes_when_nothing_is_left() -> None:
    p = _plan("seed2-divorce-underloan.toml")
    assert p.residual is None
    assert p.to_dict()["residual_routes"] is None


# --- seed 2: the division -------------------------------------------------------------------

def _entitlements(p: Plan, method: str) -> tuple[int, int]:
    assert p.property_division is not None
    m = next(m for m in p.property_division.methods if m.key == method)
    return m.entitlement["妻"], m.entitlement["夫"]


def test_seed2_underloan_is_250_each() -> None:
    """記事2 (docs/sources/seed2-divorce.md §7): 1,500万円 − 1,000万円 = 500万円 → 夫250万円、妻250万円."""
    p = _plan("seed2-divorce-underloan.toml")
    assert p.property_division is not None
    assert p.property_division.home_equity == 500 * MAN
    for m in p.property_division.methods:
        assert (m.entitlement["夫"], m.entitlement["妻"]) == (250 * MAN, 250 * MAN)


def test_seed2_overloan_netting_is_minus_250_each() -> None:
    """記事2 (docs/sources/seed2-divorce.md §8): 1,500万円 − 2,000万円 = ▲500万円 →
    夫250万円、妻250万円を負担."""
    p = _plan("seed2-divorce-overloan.toml")
    assert p.property_division is not None
    assert p.property_division.home_equity == -500 * MAN
    assert _entitlements(p, p.property_division.method) == (-250 * MAN, -250 * MAN)


def test_seed2_separate_down_payment_wife_50_husband_450() -> None:
    """記事2 (docs/sources/seed2-divorce.md §9): 妻 500万÷2 − 200万 = 50万円、夫 500万 − 50万 = 450万円."""
    p = _plan("seed2-divorce-separate-property.toml")
    assert p.property_division is not None
    assert p.property_division.method == "face_value_credit"
    assert _entitlements(p, "face_value_credit") == (-50 * MAN, -450 * MAN)


def test_seed2_separate_property_revalued_counts_as_100() -> None:
    """記事2 (docs/sources/seed2-divorce.md §11):
    購入時3,000万円の家が今1,500万円なら、妻の200万円は100万円."""
    p = _plan("seed2-divorce-separate-property.toml")
    assert p.property_division is not None
    tokyo = next(m for m in p.property_division.methods if m.key == "tokyo_ratio")
    assert tokyo.separate_value["妻"] == 100 * MAN
    assert _entitlements(p, "revalued_credit") == (-150 * MAN, -350 * MAN)


def test_seed2_paid_shares_take_what_was_paid_from_the_schedule() -> None:
    """記事2 (docs/sources/seed2-divorce.md §9) with the paid-shares variant (docs/sources/law-debt-divorce.md
    §7.3, low confidence): bought for 3,000万 with a 2,800万 loan, so the 頭金 is 200万 (the wife's
    separate savings); the 償還表 (anchored to the lender's 2,000万 on the separation date) gives 800万
    of principal repaid, T = 1,000万. s妻 = 200 × (1,500 − 2,000) ÷ 1,000 = −100万;
    妻 −100 + (−500 + 100)/2 = −300万, 夫 −200万."""
    p = _plan("seed2-divorce-separate-property.toml")
    assert p.property_division is not None
    paid = next(m for m in p.property_division.methods if m.key == "paid_share")
    inputs = paid.steps[0].inputs
    assert (inputs["down_payment"], inputs["principal_repaid"], inputs["paid"]) == (
        "2,000,000円", "8,000,000円", "10,000,000円")
    assert paid.separate_value["妻"] == -100 * MAN
    assert _entitlements(p, "paid_share") == (-300 * MAN, -200 * MAN)
    assert paid.low_confidence


def test_case_file_purchase_share_is_the_old_name_of_net_ratio() -> None:
    """docs/sources/law-debt-divorce.md §7.3: F3 = F4, one method; a case file written with the old key
    ``purchase_share`` still plans, with ``net_ratio`` chosen and its figures unchanged
    (−233万3,334 / −266万6,666 on seed 2's separate down payment)."""
    raw = _raw("seed2-divorce-separate-property.toml")
    raw["divorce"]["method"] = "purchase_share"
    p = _plan_raw(raw)
    assert p.property_division is not None
    assert p.property_division.method == "net_ratio"
    assert _entitlements(p, "net_ratio") == (-2_666_666, -2_333_334)
    assert "purchase_share" not in {m.key for m in p.property_division.methods}


def test_seed2_savings_700_cover_the_shortfall_and_200_go_to_the_wife() -> None:
    """記事2 (docs/sources/seed2-divorce.md §10): 婚姻期間中の貯蓄700万円 →
    500万円を不足分に充当し、残り200万円は妻が受け取る."""
    raw = _raw("seed2-divorce-separate-property.toml")
    raw["household"]["assets"] = [{"kind": "deposit", "amount": "700万", "owner": "夫"}]
    raw["divorce"]["method"] = "face_value_set_aside"
    p = _plan_raw(raw)
    assert p.property_division is not None
    assert p.property_division.net_estate == 200 * MAN
    assert _entitlements(p, "face_value_set_aside") == (200 * MAN, 0)


def test_seed2_shares_add_up_in_every_method_and_scenario() -> None:
    p = _plan("seed2-divorce-separate-property.toml")
    assert p.property_division is not None
    for m in p.property_division.methods:
        assert sum(m.entitlement.values()) == p.property_division.net_estate
    keys = [s.key for s in p.scenarios]
    assert "sell" in keys
    assert "short_sale" in keys
    assert any(k.startswith("keep:") for k in keys)


def test_seed2_short_sale_guarantor_wife_can_be_billed_the_whole_remaining_debt() -> None:
    """§8: the couple's agreement does not bind the bank; the guarantor owes the whole residual."""
    p = _plan("seed2-divorce-overloan.toml")
    short = next(s for s in p.scenarios if s.key == "short_sale")
    remaining = p.exit("short_sale").remaining_debt
    assert short.outcomes["妻"].lender_can_claim == remaining
    assert short.outcomes["夫"].lender_can_claim == remaining


def test_claim_deadline_from_the_divorce_date() -> None:
    """民法768条2項 (令和6年法律第33号): 5 years for a divorce from 2026-04-01."""
    p = _plan("seed2-divorce-underloan.toml")
    assert p.property_division is not None
    assert str(p.property_division.claim_deadline) == "2032-04-30"


def test_plan_json_has_both_sections() -> None:
    data = _plan("seed2-divorce-separate-property.toml").to_dict()
    assert data["division"]["method"] == "face_value_credit"
    assert data["division"]["scenarios"]
    json.dumps(data, ensure_ascii=False)
    seed1 = _plan("seed1-short-sale.toml").to_dict()
    routes = seed1["residual_routes"]
    assert routes["exit"] == seed1["best_exit"]
    assert {r["key"] for r in routes["table"]} >= {"negotiated", "small_rehabilitation",
                                                    "salaried_rehabilitation", "bankruptcy"}
    assert routes["limitation"]


def test_divorce_json_wraps_the_plans_division() -> None:
    """The one builder of ``zansai divorce --json`` and ``/api/v1/divorce``: the plan JSON's
    ``division`` under the case's title and date; seed 2 (記事2 (docs/sources/seed2-divorce.md §9)): 妻 −50万,
    夫 −450万."""
    p = _plan("seed2-divorce-separate-property.toml")
    data = divorce_to_dict(p)
    assert list(data) == ["schema", "zansai_version", "rules_fingerprint", "title", "at", "division"]
    assert (data["schema"], data["at"]) == ("zansai.divorce/1", p.case.at.isoformat())
    assert data["division"] == p.to_dict()["division"]
    assert data["division"]["chosen"]["entitlement"] == {"夫": -450 * MAN, "妻": -50 * MAN}
    explained = divorce_to_dict(p, explain=True)
    assert [s["name"] for s in explained["explanation"]["steps"]][:2] == ["home_equity", "other_net"]
    with pytest.raises(DomainError) as caught:
        divorce_to_dict(_plan("seed1-short-sale.toml"))
    assert caught.value.field == "divorce"


# --- the command line -------------------------------------------------------------------------

def test_cli_divorce_json(capsys: pytest.CaptureFixture[str]) -> None:
    case = str(EXAMPLES / "seed2-divorce-separate-property.toml")
    code, out, err = run(["divorce", case, "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == "zansai.divorce/1"
    assert data["division"]["net_estate"] == -500 * MAN


def test_cli_divorce_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["divorce", str(EXAMPLES / "seed2-divorce-separate-property.toml")], capsys)
    assert code == 0, err
    assert "財産分与" in out
    assert "-500,000" in out or "−500,000" in out or "-4,500,000" in out


def test_cli_divorce_without_a_divorce_section_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["divorce", str(EXAMPLES / "seed1-short-sale.toml")], capsys)
    assert code == 2
    assert out == ""
    assert "[divorce]" in err
    assert "error:" in err


def test_cli_plan_shows_the_routes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["plan", str(EXAMPLES / "seed1-short-sale.toml")], capsys)
    assert code == 0, err
    assert "残債の整理" in out
    assert "個人再生" in out


def test_cli_routes_for_another_exit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["plan", str(EXAMPLES / "seed1-short-sale.toml"), "--json",
                        "--routes-for", "auction_court"], capsys)
    assert code == 0
    assert json.loads(out)["residual_routes"]["exit"] == "auction_court"
    code, _, err = run(["plan", str(EXAMPLES / "seed1-short-sale.toml"), "--routes-for", "flee"], capsys)
    assert code == 2
    assert "residual.exit" in err


def test_inventory_shows_each_spouses_title_and_role_on_each_loan_of_a_pair_loan() -> None:
    """Issue 4 §2: the inventory per spouse (title, sole/joint debtor or guarantor, pair loan)."""
    raw = _raw("trade-up.toml")
    raw["divorce"] = {"spouses": ["夫", "妻"], "separation_date": raw["sale_date"]}
    raw["household"]["assets"] = [{"kind": "deposit", "amount": "120万", "owner": "妻"},
                                  {"kind": "securities", "amount": "80万", "owner": "夫", "separate": True}]
    p = _plan_raw(raw)
    inv = p.to_dict()["division"]["inventory"]
    assert inv["home"]["pair_loan"] is True
    husband, wife = inv["spouses"]["夫"], inv["spouses"]["妻"]
    assert {(x["loan"], x["role"]) for x in husband["loans"]} == {("夫", "debtor"), ("妻", "guarantor")}
    assert {(x["loan"], x["role"]) for x in wife["loans"]} == {("妻", "debtor"), ("夫", "guarantor")}
    assert husband["title_share"] == "2/3"
    assert [a["amount"] for a in wife["assets"]] == [1_200_000]
    assert husband["assets"][0]["separate"] is True
    assert p.property_division is not None
    assert p.property_division.other_net == 1_200_000  # the separate securities are left out
    assert sum(x["balance"] for x in husband["loans"]) == inv["home"]["loan_balance"]


@pytest.mark.parametrize("exit_key", ["keep_paying", "trade_up"])
def test_routes_for_an_exit_that_leaves_no_sale_debt_are_refused(
        exit_key: str, capsys: pytest.CaptureFixture[str]) -> None:
    """keep_paying sells nothing; trade_up is not computed without [trade_up]: a clear error."""
    code, out, err = run(["plan", str(EXAMPLES / "seed1-short-sale.toml"), "--routes-for", exit_key], capsys)
    assert code == 2
    assert out == ""
    assert "residual.exit" in err
    assert exit_key in err


def test_divide_after_an_infeasible_normal_sale_says_cash_is_needed() -> None:
    p = _plan("seed2-divorce-overloan.toml")
    sell = next(s for s in p.scenarios if s.key == "sell")
    assert any("現金が必要" in ja and "cash is" in en for ja, en in sell.warnings)


@settings(max_examples=25)
@given(value=st.integers(min_value=500, max_value=4_000), card=st.integers(min_value=0, max_value=600),
       savings=st.integers(min_value=0, max_value=800), wife_down=st.integers(min_value=0, max_value=600),
       income=st.integers(min_value=0, max_value=60), method=st.sampled_from(
           ["tokyo_ratio", "net_ratio", "purchase_share", "face_value_set_aside", "face_value_credit",
            "revalued_credit", "paid_share"]))
def test_whole_plan_keeps_its_invariants(value: int, card: int, savings: int, wife_down: int, income: int,
                                         method: str) -> None:
    """End to end on random households: shares add up to the net estate in every scenario, no
    route total is negative, forgiven never exceeds the debt (properties of issue 4 §4)."""
    raw = _raw("seed2-divorce-separate-property.toml")
    raw["valuation"]["market_value"] = value * MAN
    cards = [{"name": "カード", "amount": card * MAN, "owner": "夫"}]
    raw["household"]["other_debts"] = cards if card else []
    raw["household"]["savings"] = savings * MAN
    raw["household"]["monthly_income"] = 200_000 + income * 10_000
    raw["divorce"]["method"] = method
    raw["divorce"]["contributions"] = ([{"spouse": "妻", "amount": wife_down * MAN}] if wife_down else [])
    raw["residual"] = {"exit": "short_sale"}
    p = _plan_raw(raw)
    assert p.property_division is not None
    for m in p.property_division.methods:
        assert sum(m.entitlement.values()) == p.property_division.net_estate
    for sc in p.scenarios:
        assert sum(o.equalization_payment for o in sc.outcomes.values()) == 0
        for o in sc.outcomes.values():  # nothing divided (net estate ≤ 0): nobody pays
            assert o.holds + o.equalization_payment == o.entitlement if sc.property_division.divided \
                else o.equalization_payment == 0
    if p.residual is not None:
        debt = sum(d.amount for d in p.residual.debts)
        for r in p.residual.routes:
            assert r.total_to_pay >= 0
            assert 0 <= r.forgiven <= debt
