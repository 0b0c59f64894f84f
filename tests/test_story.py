"""One consistent story (issue 15 §3): the headline, the cards and the JSON agree on the position.

The position has two figures that must never be confused: the equity (時価 − ローン残高, as in
docs/sources/seed2-divorce.md: 1,500万円 − 1,000万円 = 500万円, アンダーローン) and what
a normal sale leaves once the arrears, late charges and costs are paid (不足/余り), which the
reconciliation line derives term by term.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.case import load_case
from zansai.engine.plan import Plan, plan
from zansai.engine.position import Reconciliation, Term, TermKey
from zansai.model import Appraisal
from zansai.report.html import result_fragment
from zansai.report.terminal.plan import reconciliation_line

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.toml") if "[[loans]]" in p.read_text("utf-8")
                  and "[property]" in p.read_text("utf-8"))
HOMEOWNER = ROOT / "tests" / "story" / "homeowner-three-months-behind.toml"


def _plan(path: Path) -> Plan:
    case, book = load_case(str(path))
    return plan(case, book)


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def assert_consistent(p: Plan) -> None:
    """The headline, the cards (the page), the terminal line and the JSON say the same."""
    pos = p.position
    rec = pos.reconciliation
    assert rec is not None
    normal = p.exit("normal_sale")
    # the line adds up, and to what the normal sale itself leaves
    assert sum(t.sign * t.amount for t in rec.terms) == rec.result
    if normal.price >= normal.costs_total:
        assert rec.result == normal.surplus - normal.remaining_debt
    # the headline: the right word, the right amounts, no 約 before an exact figure
    ja, en = p.verdict
    assert "約" not in ja
    assert "about" not in en
    if rec.result < 0:
        assert f"{_yen(rec.shortfall)} 足りません" in ja
        assert ("オーバーローン" in ja) == pos.underwater
        assert ("アンダーローン" in ja) == (not pos.underwater)
        assert f"{_yen(abs(pos.equity))}" in ja
    else:
        assert f"{_yen(rec.surplus)} 残" in ja
        assert "オーバーローン" not in ja
    # the JSON
    d = p.to_dict()["position"]
    assert d["equity"] == pos.equity
    assert d["equity_status"] == ("overloan" if pos.underwater else "underloan")
    assert d["reconciliation"]["result"] == rec.result
    assert p.to_dict()["verdict"]["ja"] == ja
    # the cards on the page, in both languages
    for lang in ("ja", "en"):
        html = result_fragment(p, lang)
        card = re.search(r'id="fig-equity" data-status="(\w+)".*?data-yen="(-?\d+)"', html, re.S)
        assert card
        assert (card.group(1), int(card.group(2))) == (d["equity_status"], pos.equity)
        after = re.search(r'id="fig-after-sale" data-status="(\w+)".*?data-yen="(\d+)"', html, re.S)
        assert after
        assert after.group(1) == rec.status
        assert int(after.group(2)) == (rec.shortfall or rec.surplus)
        tags = re.findall(r"(アンダーローン|オーバーローン|Underloan|Overloan)", html.split('id="exits"')[0])
        allowed = {"オーバーローン", "Overloan"} if pos.underwater else {"アンダーローン", "Underloan"}
        assert set(tags) <= allowed
    # the terminal
    line = reconciliation_line(rec, "ja")
    assert line.endswith(f"= {'不足' if rec.result < 0 else '余り'} {_yen(rec.shortfall or rec.surplus)}")


@pytest.mark.parametrize("path", [*EXAMPLES, HOMEOWNER], ids=lambda p: p.stem)
def test_every_example_tells_one_story(path: Path) -> None:
    assert_consistent(_plan(path))


def test_the_homeowner_of_the_issue_is_underloan_yet_short() -> None:
    """The fault the issue reports: the headline said オーバーローン while the card said アンダーローン.
    2,050万円 − 19,375,094 = 1,124,906 アンダーローン; − arrears 1,241,183 (500,310 unpaid + 740,873
    late charges) − costs 971,000 (仲介手数料 742,500 = (2,050万 × 3% + 6万) × 1.1) = −1,087,277."""
    p = _plan(HOMEOWNER)
    rec = p.position.reconciliation
    assert rec is not None
    assert p.position.equity == 1_124_906
    assert [(t.key, t.sign, t.amount) for t in rec.terms] == [
        (TermKey.MARKET_VALUE, 1, 20_500_000), (TermKey.LOAN_BALANCE, -1, 19_375_094),
        (TermKey.ARREARS, -1, 1_241_183), (TermKey.SALE_COSTS, -1, 971_000)]
    assert dict(rec.term(TermKey.ARREARS).parts) == {"unpaid": 500_310, "late_charges": 740_873}  # type: ignore[union-attr]
    assert dict(rec.term(TermKey.SALE_COSTS).parts)["brokerage_fee"] == 742_500  # type: ignore[union-attr]
    assert rec.shortfall == 1_087_277 == p.exit("normal_sale").remaining_debt
    assert p.verdict[0].startswith("2027-03-31 に売ると、価格はローン残高を 1,124,906円 上回ります"
                                   "（アンダーローン）が、滞納分・遅延損害金と売却費用を払うと "
                                   "1,087,277円 足りません。")


def test_seed1_reconciles_to_the_normal_sales_shortfall() -> None:
    """Seed 1 (docs/sources/seed1-short-sale.md): 2,000万円 − 23,728,370 − 1,962,151 − 954,500
    = −6,645,021, the normal sale's remaining debt."""
    rec = _plan(ROOT / "examples" / "seed1-short-sale.toml").position.reconciliation
    assert rec is not None
    assert reconciliation_line(rec, "ja") == ("時価 20,000,000円 − ローン残高 23,728,370円 − "
                                              "滞納分・遅延損害金 1,962,151円 − 売却費用 954,500円 "
                                              "= 不足 6,645,021円")


def test_a_reconciliation_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(ValueError, match="add up"):
        Reconciliation(terms=(Term(TermKey.MARKET_VALUE, 100, 1, "x"),
                              Term(TermKey.SALE_COSTS, 30, -1, "y")), result=71)


def test_the_exits_table_shows_price_minus_costs_equals_net() -> None:
    """Seed 1 任意売却: 19,000,000 − 705,000 (from the price) = 18,295,000; 216,500 paid separately
    (stamp duty 10,000 + scrivener above the cap 6,500 + moving 200,000)."""
    html = result_fragment(_plan(ROOT / "examples" / "seed1-short-sale.toml"), "ja")
    row = re.search(r'<tr id="exit-short_sale".*?</tr>', html, re.S)
    assert row
    yen = [int(v) for v in re.findall(r'data-yen="(-?\d+)"', row.group(0))]
    price, taken, net, _remaining, separate = yen[:5]
    assert (price, taken, net, separate) == (19_000_000, 705_000, 18_295_000, 216_500)
    assert price - taken == net
    assert all("data-label=" in td for td in re.findall(r"<td[^>]*>", row.group(0)))


@settings(max_examples=25, deadline=None)
@given(value=st.integers(min_value=3_000_000, max_value=40_000_000),
       missed=st.one_of(st.none(), st.integers(min_value=1, max_value=10)),
       months_ahead=st.integers(min_value=0, max_value=8),
       guarantor=st.booleans())
def test_random_cases_tell_one_story(value: int, missed: int | None, months_ahead: int,
                                     guarantor: bool) -> None:
    """Over prices, arrears, sale dates and guarantors, the story never contradicts itself."""
    case, book = load_case(str(HOMEOWNER))
    first = None if missed is None else date(2026, 12 - missed, 27)
    lien = case.liens[0]
    lien = replace(lien, guarantors=("父",) if guarantor else ())
    sale = date(2027 + (months_ahead + 1) // 12, (months_ahead + 1) % 12 or 12, 28) \
        if months_ahead else case.at
    case = replace(case, market_value=value, appraisals=(Appraisal("x", value),), first_missed=first,
                   liens=(lien,), sale_date=max(sale, case.at))
    assert_consistent(plan(case, book))
