"""The [divorce] and [residual] sections of the case file: read as written, contradictions refused.

Issue 4 §5: contradictory divorce inputs (separate property larger than the purchase price, a
separation date after the divorce) are rejected with a reason naming the field, in both languages.
"""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, case_errors, load_case, parse_case_data
from zansai.engine.plan import plan
from zansai.errors import InputError
from zansai.model import AssetKind, ContributionKind, DebtKind, OverloanView

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _raw(name: str) -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _error(raw: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as info:
        build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return info.value


def test_separate_property_example_reads_as_written() -> None:
    """記事2 (docs/sources/seed2-divorce.md §9): the wife's 200万円 of pre-marriage savings in the down
    payment."""
    case, _ = load_case(str(EXAMPLES / "seed2-divorce-separate-property.toml"))
    d = case.divorce
    assert d is not None
    assert d.spouses == ("夫", "妻")
    assert d.separation_date == date(2027, 2, 27)
    assert d.overloan is OverloanView.NETTING
    assert d.method == "face_value_credit"
    [c] = d.contributions
    assert (c.spouse, c.amount, c.kind, c.source) == ("妻", 2_000_000, ContributionKind.DOWN_PAYMENT,
                                                      "pre_marriage_savings")


def test_household_assets_and_debts_by_kind_and_owner() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["household"]["assets"] = [{"kind": "retirement", "amount": "400万", "owner": "夫"},
                                  {"kind": "deposit", "amount": "50万", "separate": True}]
    raw["household"]["other_debts"].append({"name": "養育費の未払い", "amount": "60万", "kind": "support",
                                            "owner": "夫"})
    raw["household"]["annual_minimum_living_cost"] = "200万"
    case, _ = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    hh = case.household
    assert [(a.kind, a.amount, a.owner, a.separate) for a in hh.assets] == [
        (AssetKind.RETIREMENT, 4_000_000, "夫", False), (AssetKind.DEPOSIT, 500_000, None, True)]
    assert hh.other_debts[-1].kind is DebtKind.SUPPORT
    assert hh.annual_minimum_living_cost == 2_000_000


def test_residual_options_are_read() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["residual"] = {"exit": "auction_court", "monthly_payment": "2万", "negotiated_rate": 1.5,
                       "plan_years": 5, "instalment_rounding": "floor", "settlement": "100万"}
    case, _ = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    r = case.residual
    assert (r.exit, r.monthly_payment, r.plan_years, r.instalment_rounding, r.lump_sum) == (
        "auction_court", 20_000, 5, "floor", 1_000_000)
    assert r.negotiated_rate == Fraction(15, 1000)


def _divorce_raw() -> dict[str, Any]:
    return copy.deepcopy(_raw("seed2-divorce-separate-property.toml"))


@pytest.mark.parametrize(("change", "field", "ja", "en"), [
    (lambda r: r["divorce"]["contributions"][0].update(amount="3100万"), "divorce.contributions",
     "買った値段", "exceed the purchase price"),
    (lambda r: r["divorce"].update(separation_date=date(2027, 5, 1)), "divorce.separation_date",
     "離婚日", "after the divorce date"),
    (lambda r: r["divorce"].update(spouses=["夫", "夫"]), "divorce.spouses", "別の人", "two different"),
    (lambda r: r["divorce"].update(spouses=["夫", "元妻"]), "divorce.spouses[1]", "人の一覧",
     "not among the people entered"),
    (lambda r: r["divorce"].update(spouses=["夫"]), "divorce.spouses", "", "at least 2"),
    (lambda r: r["divorce"]["contributions"][0].update(spouse="義父"), "divorce.contributions[0].spouse",
     "夫婦の2人", "not one of the two spouses"),
    (lambda r: r["divorce"].update(keeper="義父"), "divorce.keeper", "夫婦の2人", "not one of"),
    (lambda r: r["divorce"].update(married_on=date(2027, 3, 1)), "divorce.married_on", "別居日", "after the"),
    (lambda r: r["divorce"].update(separation_date=date(2014, 1, 1), divorce_date=date(2014, 2, 1)),
     "divorce.separation_date", "買った日", "before the home was bought"),
    (lambda r: r["divorce"].update(method="half_and_half"), "divorce.method", "次のどれか", "choose one of"),
    (lambda r: r["divorce"].update(overloan="ignore"), "divorce.overloan", "次のどれか", "choose one of"),
])
def test_contradictory_divorce_inputs_are_refused(change: Any, field: str, ja: str, en: str) -> None:
    raw = _divorce_raw()
    change(raw)
    err = _error(raw)
    assert err.field == field
    assert ja in err.message_ja
    assert en in err.message_en
    assert err.message_ja.startswith("t.toml: ")
    assert err.message_en.startswith("t.toml: ")


@pytest.mark.parametrize(("section", "value", "field"), [
    ({"exit": "run_away"}, None, "residual.exit"),
    ({"debtor": "隣人"}, None, "residual.debtor"),
    ({"negotiated_rate": -1}, None, "residual.negotiated_rate"),
    ({"instalment_rounding": "round"}, None, "residual.instalment_rounding"),
    ({"plan_years": 0}, None, "residual.plan_years"),
])
def test_bad_residual_options_name_their_field(section: dict[str, Any], value: object, field: str) -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["residual"] = section
    assert _error(raw).field == field


@pytest.mark.parametrize(("change", "field"), [
    (lambda r: r["household"].update(savings=-1), "household.savings"),
    (lambda r: r["household"].update(monthly_rent_after_sale="-3万"), "household.monthly_rent_after_sale"),
    (lambda r: r["household"].update(annual_minimum_living_cost=1.5), "household.annual_minimum_living_cost"),
    (lambda r: r["household"].update(assets=[{"kind": "cash", "amount": -1}]), "household.assets[0].amount"),
    (lambda r: r["household"]["other_debts"][0].update(amount=-1), "household.other_debts[0].amount"),
    (lambda r: r["household"]["other_debts"][0].update(monthly_payment=True),
     "household.other_debts[0].monthly_payment"),
    (lambda r: r.update(residual={"settlement": -1}), "residual.settlement"),
    (lambda r: r.update(residual={"monthly_payment": -1}), "residual.monthly_payment"),
])
def test_bad_yen_in_the_household_names_the_case_file_field(change: Any, field: str) -> None:
    """The models check these too (Household, Asset, Debt, ResidualOptions), but a case file's
    mistake is still reported as before: by the file, its field and the value, in both languages."""
    raw = _raw("seed1-short-sale.toml")
    change(raw)
    err = _error(raw)
    assert err.field == field
    assert err.message_ja.startswith(f"t.toml: {field} = ")
    # the input parser's reason: negative, a decimal point in yen, or not an amount at all
    assert any(why in err.message_ja for why in ("マイナスの金額", "小数点", "3000万"))
    assert any(why in err.message_en for why in ("negative", "decimal point", "whole yen"))


def test_lump_sum_above_the_debts_names_the_case_file_field() -> None:
    """A lump sum larger than every remaining debt is refused by the engine (it needs the debts),
    under the case file's name for it, [residual] settlement."""
    raw = _raw("seed1-short-sale.toml")
    raw["residual"] = {"settlement": 999_999_999}
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    with pytest.raises(InputError) as info, case_errors("t.toml"):
        plan(case, book)
    err = info.value
    assert err.field == "residual.settlement"
    assert err.message_ja == "t.toml: residual.settlement: 値 999999999 は使えません。債務の合計以下の額です"
    assert err.message_en == "t.toml: residual.settlement: 999999999 is not allowed; at most the total debt"


def test_debt_and_asset_owners_must_be_people() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["household"]["assets"] = [{"kind": "car", "amount": "50万", "owner": "隣人"}]
    assert _error(raw).field == "household.assets[0].owner"
    raw = _raw("seed1-short-sale.toml")
    raw["household"]["other_debts"][0]["kind"] = "gambling"
    assert _error(raw).field == "household.other_debts[0].kind"


def test_contract_date_after_the_first_payment_is_refused() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["loans"][0]["contract_date"] = date(2012, 6, 1)
    err = _error(raw)
    assert err.field == "loans[0].contract_date"
    assert "初回返済日" in err.message_ja
