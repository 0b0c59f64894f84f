"""Offers (申出価格・買付申込): a way out priced by a buyer's offer instead of the practice ratio.

The household of 記事1 (docs/sources/seed1-short-sale.md §3: a short sale sells "close to market";
the ratio 0.95 is our reading, which an offer replaces): its central value is 2,000万 (the median
of the appraisals 1,900万 / 2,000万 / 2,100万), so an offer of 1,750万 for the short sale is the
price the override ``market.short_sale_price_ratio = 0.875`` gives (2,000万 × 0.875 = 1,750万
exactly), and every figure of that exit must match it to the yen.
"""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, parse_case_data
from zansai.case.build import case_problems
from zansai.cli import main
from zansai.engine.plan import Plan, plan
from zansai.errors import InputError
from zansai.model import ExitKey

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED1 = EXAMPLES / "seed1-short-sale.toml"
FIGURES = ("price", "costs_total", "net_proceeds", "remaining_debt", "cash_needed", "surplus",
           "lenders", "costs", "distribution", "completion_date", "feasible", "capital_gains_tax")


def _raw(**top: Any) -> dict[str, Any]:
    with SEED1.open("rb") as f:
        raw = tomllib.load(f)
    return copy.deepcopy(raw) | top


def _plan(raw: dict[str, Any]) -> Plan:
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return plan(case, book)


def _exit(p: Plan, key: ExitKey) -> dict[str, Any]:
    return next(e for e in p.to_dict()["exits"] if e["key"] == key)


def _problem(raw: dict[str, Any]) -> InputError:
    problems = case_problems(parse_case_data(raw, source="t.toml"), source="t.toml")
    assert len(problems) == 1, problems
    return problems[0]


OFFER = {"exit": "short_sale", "price": "1750万", "date": date(2026, 11, 20), "buyer": "山田不動産"}


def test_offer_gives_the_figures_of_the_ratio_override_to_the_yen() -> None:
    offered = _plan(_raw(offers=[OFFER]))
    ratio = _plan(_raw(overrides={"market.short_sale_price_ratio": "0.875"}))
    a, b = _exit(offered, ExitKey.SHORT_SALE), _exit(ratio, ExitKey.SHORT_SALE)
    assert a["price"] == 17_500_000
    for name in FIGURES:
        assert a.get(name) == b.get(name), name
    assert a["remaining_debt"] == 8_846_021  # seed1's claims on 2027-03-31 less what 1,750万 repays
    assert (a["price_basis"], b["price_basis"]) == ("offer", "ratio")
    assert a["offer"] == {"exit": "short_sale", "price": 17_500_000, "date": "2026-11-20",
                          "buyer": "山田不動産", "note": None}
    assert b["offer"] is None
    # the other ways out keep their ratio prices, and the ratio rule the offer replaced is not cited
    assert _exit(offered, ExitKey.DEALER_PURCHASE)["price"] == 14_000_000
    keys = {r["key"] for r in offered.to_dict()["rules_used"]}
    assert "market.short_sale_price_ratio" not in keys
    assert "market.dealer_purchase_ratio" in keys


def test_the_why_says_whose_offer_of_what_date() -> None:
    d = _plan(_raw(offers=[OFFER])).to_dict()
    price = d["valuation"]["prices"]["short_sale"]
    assert price["basis"] == "offer"
    assert price["why"]["note"]["ja"] == "山田不動産の2026-11-20付けの申出価格です（実務の割合ではなく）"
    assert price["why"]["inputs"]["offer_to_central"] == "87.5%"
    assert "market.short_sale_price_ratio" not in str(price["why"])
    assert d["valuation"]["prices"]["dealer_purchase"]["basis"] == "ratio"
    assert d["valuation"]["prices"]["normal_sale"]["basis"] == "central_value"
    assert d["valuation"]["prices"]["auction_court"]["basis"] == "court_model"
    assert d["offers"] == [{**price["offer"], "used": True}]


def test_the_latest_offer_wins_and_the_why_says_so() -> None:
    early = {"exit": "short_sale", "price": "1800万", "date": date(2026, 10, 1), "buyer": "A社"}
    later = {"exit": "short_sale", "price": "1700万", "date": date(2026, 11, 25)}
    d = _plan(_raw(offers=[later, early])).to_dict()
    short = _exit_d(d, ExitKey.SHORT_SALE)
    assert short["price"] == 17_000_000
    note = d["valuation"]["prices"]["short_sale"]["why"]["note"]
    assert note["ja"] == ("この出口には申出が2件あり、日付の最も新しいものを使っています: "
                          "買主名の記載なしの2026-11-25付けの申出価格です（実務の割合ではなく）")
    assert [o["used"] for o in d["offers"]] == [True, False]


def _exit_d(d: dict[str, Any], key: ExitKey) -> dict[str, Any]:
    return next(e for e in d["exits"] if e["key"] == key)


def test_a_normal_sale_offer_prices_the_sales_at_its_price() -> None:
    offer = {"exit": "normal_sale", "price": "2050万", "date": date(2026, 11, 30), "buyer": "B様"}
    d = _plan(_raw(offers=[offer])).to_dict()
    for key in (ExitKey.NORMAL_SALE, ExitKey.SALE_WITH_SAVINGS):
        e = _exit_d(d, key)
        assert (e["price"], e["price_basis"], e["offer"]["buyer"]) == (20_500_000, "offer", "B様")
    savings = _exit_d(d, ExitKey.SALE_WITH_SAVINGS)
    assert any(s["name"] == "normal_sale" and s["result"] == "20,500,000円" for s in savings["steps"])
    assert _exit_d(d, ExitKey.KEEP_PAYING)["price_basis"] is None


def test_no_offers_leaves_the_plan_as_it_was() -> None:
    d = _plan(_raw()).to_dict()
    assert d["offers"] == []
    assert _exit_d(d, ExitKey.SHORT_SALE)["price"] == 19_000_000  # 2,000万 × 0.95


@pytest.mark.parametrize(("offer", "where", "en"), [
    ({"exit": "short_sale", "price": "1750万", "date": date(2027, 4, 1)}, "offers[0].date",
     "the offer date must be on or before the sale date 2027-03-31"),
    ({"exit": "auction_court", "price": "1750万"}, "offers[0].exit",
     "an auction's price is set by the bidding"),
    ({"exit": "keep_paying", "price": "1750万"}, "offers[0].exit", "sells nothing"),
    ({"exit": "trade_up", "price": "1750万"}, "offers[0].exit", "enter the offer as normal_sale"),
    ({"exit": "quick_sale", "price": "1750万"}, "offers[0].exit", "choose one of: normal_sale"),
    ({"exit": "short_sale", "price": 0}, "offers[0].price", "at least 1 yen"),
])
def test_offers_that_cannot_be_used_are_refused(offer: dict[str, Any], where: str, en: str) -> None:
    err = _problem(_raw(offers=[offer]))
    assert err.field == where
    assert en in str(err)


def test_two_offers_for_one_exit_on_one_date_are_refused() -> None:
    same = {"exit": "dealer_purchase", "price": "1400万", "date": date(2026, 11, 1)}
    err = _problem(_raw(offers=[same, {**same, "price": "1450万"}]))
    assert err.field == "offers[1].date"
    assert "offer 1 has the same way out and the same date (2026-11-01)" in str(err)


def test_cli_offer_option(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    main(["plan", str(SEED1), "--offer", "short_sale=1750万", "--offer", "leaseback=1600万@2026-11-02",
          "--json"])
    d = json.loads(capsys.readouterr().out)
    short = _exit_d(d, ExitKey.SHORT_SALE)
    assert (short["price"], short["price_basis"], short["offer"]["date"]) == (17_500_000, "offer",
                                                                               "2026-12-01")
    assert short["remaining_debt"] == 8_846_021
    assert _exit_d(d, ExitKey.LEASEBACK)["offer"]["date"] == "2026-11-02"


@pytest.mark.parametrize(("arg", "en"), [
    ("short_sale", "give it as EXIT=PRICE"),
    ("auction_seed=1000万", "an auction's price is set by the bidding"),
    ("short_sale=abc", "--offer"),
    ("short_sale=1750万@2027-04-01", "--offer: short_sale=1750万@2027-04-01 is not allowed; the offer date "
                                     "must be on or before the sale date 2027-03-31"),
])
def test_cli_offer_mistakes_exit_2(arg: str, en: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["plan", str(SEED1), "--offer", arg, "--json"])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert en in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_an_override_the_offer_replaces_is_said_to_be_unused() -> None:
    d = _plan(_raw(offers=[OFFER], overrides={"market.short_sale_price_ratio": "0.9"})).to_dict()
    assert _exit_d(d, ExitKey.SHORT_SALE)["price"] == 17_500_000
    notes = [n["en"] for n in d["valuation"]["notes"]]
    unused = "short sale is priced by its offer: the override of market.short_sale_price_ratio is not used"
    assert unused in notes
