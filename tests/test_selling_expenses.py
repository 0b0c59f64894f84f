"""Selling expenses beyond brokerage and stamp duty (譲渡費用), the stamp duty of a contract with no
amount written, and the brokerage terms of the case file.

Sources: docs/sources/law-sale-costs.md §5.4 (譲渡費用: 仲介手数料, 印紙税, 測量費, 立退料, 取壊し費用,
違約金 …; not the 抵当権抹消 nor the upkeep), §5.1 (long-term rates, 1,000円 and 100円 floors),
§2.1 (印紙税: 契約金額の記載なし 200円 in every column), §8.1 (a short sale's lender allows only
its listed costs); docs/sources/law-updates-2026.md §5 (2027年分以後: 復興 1.1% + 防衛 1%),
§9 (the date that picks the low-cost special's version is unconfirmed).
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, parse_case_data
from zansai.engine.plan import Plan, plan
from zansai.engine.sale import Channel, sale_costs, stamp_duty
from zansai.errors import InputError
from zansai.model import Property, PropertyKind, Structure
from zansai.model.sale_terms import SellingExpense, SellingExpenseKind
from zansai.rules import RuleBook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BOOK = RuleBook.default()
ON = date(2026, 11, 22)
SURVEY = {"kind": "survey", "amount": "50万", "note": "確定測量"}
EVICTION = {"kind": "eviction", "amount": 300_000}


def _gain_case() -> dict[str, Any]:
    """The divorce example's underloan home (docs/sources/seed2-divorce.md §7) owned by one person, not
    lived in, at 4,000万円: a long-term gain with no 3,000万円 deduction, sold 2027-02-27."""
    raw = tomllib.loads((EXAMPLES / "seed2-divorce-underloan.toml").read_text(encoding="utf-8"))
    raw.pop("divorce")
    raw["people"] = [{"name": "夫", "share": "1/1", "consents": True}]
    raw["loans"][0].pop("guarantors")
    raw["valuation"]["market_value"] = "4000万"
    raw["property"]["lived_in"] = False
    return raw


def _plan(raw: dict[str, Any], **extra: Any) -> Plan:
    case, book = build_case(parse_case_data({**raw, **extra}, source="t.toml"), source="t.toml")
    return plan(case, book)


def _error(raw: dict[str, Any], **extra: Any) -> InputError:
    with pytest.raises(InputError) as info:
        build_case(parse_case_data({**raw, **extra}, source="t.toml"), source="t.toml")
    return info.value


def _house() -> Property:
    return Property(kind=PropertyKind.HOUSE, land_parcels=1, buildings=1,
                    acquired_on=date(2010, 4, 1), acquisition_price=40_000_000, land_price=None,
                    building_price=None, structure=Structure.WOOD, annual_property_tax=0)


# ------------------------------------------------------------------ the tax (§5.4, §5.1)


def test_selling_expenses_lower_the_tax_to_the_yen() -> None:
    """Survey 500,000 + eviction 300,000 = 800,000 more 譲渡費用:
    taxable 14,041,000 → 13,241,000; income tax ×15% 2,106,150 → 1,986,150; 復興 1.1% 23,167 →
    21,847; 防衛 1% 21,061 → 19,861; national floored to 100円 2,150,300 → 2,027,800; resident
    ×5% 702,000 → 662,000; total 2,852,300 → 2,689,800 (a drop of 162,500)."""
    raw = _gain_case()
    before = _plan(raw).taxes["normal_sale"].to_dict()
    after = _plan(raw, selling_expenses=[SURVEY, EVICTION]).taxes["normal_sale"].to_dict()
    assert after["selling_expenses"] - before["selling_expenses"] == 800_000
    assert (before["taxable"], after["taxable"]) == (14_041_000, 13_241_000)
    assert (before["national_tax"], after["national_tax"]) == (2_150_300, 2_027_800)
    assert (before["resident_tax"], after["resident_tax"]) == (702_000, 662_000)
    assert (before["total_tax"], after["total_tax"]) == (2_852_300, 2_689_800)


def test_selling_expenses_are_paid_out_of_a_normal_sale() -> None:
    """They are the seller's sale costs: the normal sale's surplus falls by exactly 800,000."""
    raw = _gain_case()
    before = _plan(raw).exit("normal_sale")
    after = _plan(raw, selling_expenses=[SURVEY, EVICTION]).exit("normal_sale")
    assert after.costs_total - before.costs_total == 800_000
    assert before.surplus - after.surplus == 800_000
    assert after.costs is not None
    assert after.costs.item("survey_cost").amount == 500_000  # type: ignore[union-attr]
    assert after.costs.item("eviction_fee").amount == 300_000  # type: ignore[union-attr]


def test_a_short_sale_leaves_them_to_the_seller() -> None:
    """The lender's short-sale criteria do not list them (§8.1): the seller pays from other money."""
    raw = tomllib.loads((EXAMPLES / "seed1-short-sale.toml").read_text(encoding="utf-8"))
    short = _plan(raw, selling_expenses=[SURVEY]).exit("short_sale")
    assert short.distribution is not None
    out = {it.key: it.amount for it in short.distribution.out_of_pocket}
    assert out["survey_cost"] == 500_000
    plain = _plan(raw).exit("short_sale")
    assert short.remaining_debt == plain.remaining_debt


def test_one_item_per_kind_in_the_sale_costs() -> None:
    costs = sale_costs(30_000_000, settlement=ON, prop=_house(), liens_to_release=1,
                       channel=Channel.BROKERED, book=BOOK, moving_cost=0, selling_expenses=(
                           SellingExpense(SellingExpenseKind.SURVEY, 200_000, "境界確定"),
                           SellingExpense(SellingExpenseKind.DEMOLITION, 1_500_000),
                           SellingExpense(SellingExpenseKind.SURVEY, 100_000, "地積測量図")))
    keys = [it.key for it in costs.items]
    assert keys.index("stamp_duty") + 1 == keys.index("survey_cost")
    assert costs.item("survey_cost").amount == 300_000  # type: ignore[union-attr]
    assert costs.item("demolition_cost").amount == 1_500_000  # type: ignore[union-attr]
    # 1,056,000 brokerage + 10,000 stamp + 300,000 + 1,500,000 + 2,000 release tax (land + building,
    # §3.1) + 16,500 scrivener
    assert costs.total == 1_056_000 + 10_000 + 300_000 + 1_500_000 + 2_000 + 16_500


# ------------------------------------------------------------------ no amount written (§2.1)


@pytest.mark.parametrize("on", [date(1997, 4, 1), date(2014, 4, 1), ON, date(2027, 4, 1)])
def test_stamp_duty_with_no_amount_written_is_200(on: date) -> None:
    """印紙税法 別表第一 第1号: 200円 whatever the price, under the 本則 and the 措法91条 tables."""
    assert stamp_duty(30_000_000, on=on, book=BOOK, amount_stated=False).amount == 200
    assert stamp_duty(30_000_000, on=ON, book=BOOK).amount == 10_000


def test_contract_amount_not_stated_reaches_the_plan() -> None:
    """3,000万円 contract 10,000円 → 200円; the 譲渡費用 fall by 9,800."""
    raw = _gain_case()
    stated = _plan(raw).exit("normal_sale").costs
    blank = _plan(raw, contract_amount_stated=False).exit("normal_sale").costs
    assert stated is not None
    assert blank is not None
    assert stated.item("stamp_duty").amount == 10_000  # type: ignore[union-attr]
    assert blank.item("stamp_duty").amount == 200  # type: ignore[union-attr]


# ------------------------------------------------------------------ the case file refuses


def test_case_file_errors_name_their_field() -> None:
    raw = _gain_case()
    err = _error(raw, selling_expenses=[{"kind": "other", "amount": 10_000}])
    assert "selling_expenses[0].note" in str(err)
    err = _error(raw, selling_expenses=[{"kind": "survey", "amount": 0}])
    assert "selling_expenses[0].amount" in str(err)
    err = _error(raw, selling_expenses=[{"kind": "lien_release", "amount": 10_000}])
    assert "selling_expenses[0].kind" in str(err)
    err = _error(raw, brokerage={"contract_date": "2027-03-01"})
    assert "brokerage.contract_date" in str(err)
    err = _error(raw, brokerage={"low_cost_special": {"survey_costs": 30_000}})
    assert "brokerage.low_cost_special.survey_costs" in str(err)
    err = _error(raw, brokerage={"low_cost_special": {"consent": True, "client_side": "agent"}})
    assert "brokerage.low_cost_special.client_side" in str(err)


def test_case_file_low_cost_special_reaches_the_fee() -> None:
    """A 500万円 sale settled 2027-02-27 under the 2024 version: 231,000 → 330,000 (§1.3)."""
    raw = _gain_case()
    raw["valuation"]["market_value"] = "500万"
    plain = _plan(raw).exit("normal_sale").costs
    agreed = _plan(raw, brokerage={"contract_date": "2026-12-10",
                                   "low_cost_special": {"consent": True}}).exit("normal_sale").costs
    assert plain is not None
    assert agreed is not None
    assert plain.item("brokerage_fee").amount == 231_000  # type: ignore[union-attr]
    assert agreed.item("brokerage_fee").amount == 330_000  # type: ignore[union-attr]
    record = agreed.to_dict()["low_cost_special"]
    assert record["keyed_on"] == "2026-12-10"
    assert record["version_keying_unconfirmed"] is True
