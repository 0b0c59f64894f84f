"""A co-owned home's 譲渡所得税 per owner, and the sale contract date (売買契約日).

Sources: docs/sources/law-sale-costs.md §5.1 (rates, the 6,000万円 threshold of 措法31条の3), §5.2
(the 3,000万円 deduction of 措法35条 and the move-out deadline), §5.5 (措法41条の5の2: the balance
on the day before the contract, the seller's own housing loan), §2.1 (stamp duty);
docs/sources/law-updates-2026.md §1 (41条の5の2 to 2027-12-31, the day before the contract),
§3 (措法91条: the reduction covers contracts made by 2027-03-31), §4 (35条 and 31条の3 unchanged).
Each co-owner sells their own share, so each has their own gain and their own reliefs.
Figures are worked by hand in the comments.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, load_case, parse_case_data
from zansai.cli import main
from zansai.engine.loan import amortize
from zansai.engine.plan import plan
from zansai.engine.tax import Transfer, capital_gains_tax
from zansai.engine.tax.owners import CoOwner, split_by_share
from zansai.errors import InputError
from zansai.model import HoldingClass, Property, PropertyKind, Structure
from zansai.rules import RuleBook

B = RuleBook.default()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "co-owned-gain.toml"
HALF = Fraction(1, 2)


def home(*, land: int = 40_000_000, acquired: date = date(2010, 1, 1)) -> Property:
    """A plot bought for ``land`` (no building: no 減価), held over 10 years by 2026."""
    return Property(kind=PropertyKind.HOUSE, land_parcels=1, buildings=1, acquired_on=acquired,
                    acquisition_price=land, land_price=land, building_price=0,
                    structure=Structure.WOOD)


def owner(name: str, share: Fraction = HALF, *, lived_in: bool = True, moved_out_on: date | None = None,
          balance: int = 0, term: int | None = None) -> CoOwner:
    return CoOwner(name=name, share=share, lived_in=lived_in, moved_out_on=moved_out_on,
                   loan_balance_before_contract=balance, loan_term_years=term,
                   has_housing_loan=term is not None)


def sale(proceeds: int, on: date = date(2026, 6, 30)) -> Transfer:
    return Transfer(on=on, proceeds=proceeds, selling_expenses=0)


# ------------------------------------------------------------------ the split


@pytest.mark.parametrize(("amount", "shares", "parts"), [
    (100, [Fraction(1, 3)] * 3, [34, 33, 33]),      # 33.33 each: the one yen left goes to the first listed
    (101, [Fraction(2, 3), Fraction(1, 3)], [67, 34]),  # 67.33 / 33.67: the larger remainder takes it
    (7, [HALF, HALF], [4, 3]),                      # a tie: the owner listed first
    (130_161_672, [HALF, HALF], [65_080_836, 65_080_836]),
])
def test_a_split_by_share_adds_up_to_the_whole(amount: int, shares: list[Fraction], parts: list[int]) -> None:
    """Largest remainder: each part floored, the yen left over to the largest remainders."""
    assert split_by_share(amount, shares) == parts
    assert sum(parts) == amount


# ------------------------------------------------------------------ 措法35条 per owner


def test_each_resident_owner_takes_their_own_30_million_deduction() -> None:
    """docs/sources/law-sale-costs.md §5.2: 3,000万円 per owner who lived there. Gain 6,000万円 split 1/2 →
    3,000万円 each → tax 0 (one owner alone would pay tax on 3,000万円)."""
    r = capital_gains_tax(home(), sale(100_000_000), book=B, owners=(owner("夫"), owner("妻")))
    assert r.gain == 60_000_000
    assert [o.special_deduction for o in r.owners] == [30_000_000, 30_000_000]
    assert r.special_deduction == 60_000_000
    assert r.total_tax == 0
    alone = capital_gains_tax(home(), sale(100_000_000), book=B)
    assert alone.special_deduction == 30_000_000
    assert alone.taxable == 30_000_000


def test_two_thousand_yen_over_the_deductions_is_taxed_per_owner() -> None:
    """docs/sources/law-sale-costs.md §5.1: gain 60,002,000 → 30,001,000 each → taxable 1,000 each
    (1,000円未満切捨て). Income tax 10% = 100, 復興 2.1% = 2 → national 102 → 100 (100円未満切捨て);
    resident 4% = 40 → 0."""
    r = capital_gains_tax(home(), sale(100_002_000), book=B, owners=(owner("夫"), owner("妻")))
    assert [o.taxable for o in r.owners] == [1_000, 1_000]
    assert [o.national_tax for o in r.owners] == [100, 100]
    assert [o.resident_tax for o in r.owners] == [0, 0]
    assert r.total_tax == 200 == sum(o.total_tax for o in r.owners)


# ------------------------------------------------------------------ 措法31条の3 per owner


def test_the_60_million_threshold_applies_to_each_owners_taxable_gain() -> None:
    """docs/sources/law-sale-costs.md §5.1: 10% up to 6,000万円 of each owner's taxable gain.
    Gain 1億8,000万円 → 9,000万円 each → taxable 6,000万円 each: 6,000,000 income tax each, all at
    10% (one owner: 19,500,000)."""
    r = capital_gains_tax(home(), sale(220_000_000), book=B, owners=(owner("夫"), owner("妻")))
    assert [o.taxable for o in r.owners] == [60_000_000, 60_000_000]
    assert [o.income_tax for o in r.owners] == [6_000_000, 6_000_000]
    assert [o.resident_tax for o in r.owners] == [2_400_000, 2_400_000]   # 4%
    assert r.income_tax == 12_000_000
    alone = capital_gains_tax(home(), sale(220_000_000), book=B)
    assert alone.income_tax == 6_000_000 + 90_000_000 * 15 // 100


def test_above_the_threshold_each_owners_excess_pays_15_percent() -> None:
    """Taxable 60,001,000 each: 6,000,000 + 1,000 × 15% = 6,000,150; resident 2,400,000 + 50 →
    2,400,000 (100円未満切捨て)."""
    r = capital_gains_tax(home(), sale(220_002_000), book=B, owners=(owner("夫"), owner("妻")))
    assert [o.income_tax for o in r.owners] == [6_000_150, 6_000_150]
    assert [o.resident_tax for o in r.owners] == [2_400_000, 2_400_000]
    assert all(o.holding is HoldingClass.LONG_REDUCED for o in r.owners)


# ------------------------------------------------------------------ an owner who did not live there


def test_an_owner_who_moved_out_long_ago_gets_no_residence_relief_and_the_result_says_so() -> None:
    """docs/sources/law-sale-costs.md §5.2: moved out 2019-08-31 → the deadline is 2022-12-31; a 2026 sale
    is past it. 2/3 and 1/3: gain 6,000万円 → 4,000万円 (deduction 3,000万円, reduced rates) and 2,000万円 (no
    deduction, long-term 15% / 5%: 3,000,000 and 1,000,000)."""
    owners = (owner("夫", Fraction(2, 3)),
              owner("妻", Fraction(1, 3), lived_in=False, moved_out_on=date(2019, 8, 31)))
    r = capital_gains_tax(home(), sale(100_000_000), book=B, owners=owners)
    him, her = r.owners
    assert (him.gain, her.gain) == (40_000_000, 20_000_000)
    assert (him.special_deduction, her.special_deduction) == (30_000_000, 0)
    assert (him.holding, her.holding) == (HoldingClass.LONG_REDUCED, HoldingClass.LONG)
    assert (her.income_tax, her.resident_tax) == (3_000_000, 1_000_000)
    assert him.residence_relief
    assert not her.residence_relief
    assert her.reasons[0].id == "tax.reliefs.moved_out_too_long"
    said = [n for n in r.notes if getattr(n, "id", "") == "cotax.notes.no_residence_relief"]
    assert len(said) == 1
    assert "妻" in said[0].ja
    assert "2022-12-31" in said[0].ja
    data = r.to_dict()
    assert data["owners"][1]["residence_relief"] is False
    assert data["total_tax"] == sum(o["total_tax"] for o in data["owners"])


def test_one_owner_gives_todays_figures() -> None:
    """A single owner (or none given) is taxed as before, to the yen, with an empty owners list."""
    alone = capital_gains_tax(home(), sale(150_000_000), book=B)
    one = capital_gains_tax(home(), sale(150_000_000), book=B, owners=(owner("夫", Fraction(1)),))
    assert one.to_dict() == alone.to_dict()
    assert alone.to_dict()["owners"] == []


# ------------------------------------------------------------------ 措法41条の5の2 per owner


def test_the_loss_relief_takes_each_owners_own_housing_loan() -> None:
    """docs/sources/law-sale-costs.md §5.5: min(loss, balance the day before the contract − proceeds), each
    owner on their own. Land 5,000万円, sold for 3,000万円: loss 1,000万円 each, proceeds 1,500万円 each. His
    loan 2,500万円 → overloan 1,000万円 → 1,000万円 may be set off; her loan 500万円 is below her proceeds →
    none."""
    owners = (owner("夫", balance=25_000_000, term=35), owner("妻", balance=5_000_000, term=35))
    r = capital_gains_tax(home(land=50_000_000, acquired=date(2015, 1, 1)), sale(30_000_000), book=B,
                          owners=owners)
    him, her = (o.loss_relief for o in r.owners)
    assert him is not None
    assert her is not None
    assert (him.available, him.overloan, him.offsettable) == (True, 10_000_000, 10_000_000)
    assert (her.available, her.offsettable) == (False, 0)
    assert r.loss_relief is not None
    assert r.loss_relief.offsettable == 10_000_000


def test_an_owner_without_a_housing_loan_gets_no_loss_relief() -> None:
    owners = (owner("夫", balance=25_000_000, term=35), owner("妻"))
    r = capital_gains_tax(home(land=50_000_000, acquired=date(2015, 1, 1)), sale(30_000_000), book=B,
                          owners=owners)
    her = r.owners[1].loss_relief
    assert her is not None
    assert not her.available
    assert her.reasons[-1].id == "cotax.notes.no_housing_loan"


# ------------------------------------------------------------------ the example and the case file


def _raw() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def _plan(raw: dict[str, Any]) -> Any:
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return plan(case, book)


def test_the_example_shows_each_owners_tax(capsys: pytest.CaptureFixture[str]) -> None:
    """co-owned-gain: he keeps the 3,000万円 deduction and the reduced rates, she has neither."""
    case, book = load_case(str(EXAMPLE))
    p = plan(case, book)
    tax = p.to_dict()["exits"][0]["capital_gains_tax"]
    him, her = tax["owners"]
    assert (him["special_deduction"], her["special_deduction"]) == (30_000_000, 0)
    assert (him["holding"], her["holding"]) == ("long_reduced", "long")
    assert tax["total_tax"] == him["total_tax"] + her["total_tax"]
    assert him["proceeds"] + her["proceeds"] == tax["proceeds"]
    main(["plan", str(EXAMPLE)])
    out = capsys.readouterr().out
    assert "夫 持分 share 1/2" in out
    assert "妻 持分 share 1/2" in out
    assert "妻は居住用財産の特例" in out


def test_pair_loans_are_each_debtors_own_on_the_day_before_the_contract() -> None:
    """docs/sources/law-sale-costs.md §5.5 / docs/sources/law-updates-2026.md §1: the balance on the day
    before the contract (契約締結日の前日), each spouse's own loan. A contract on the 27th (a due date) takes
    the balance before that payment."""
    raw = _raw()
    raw["sale_contract_date"] = date(2027, 2, 27)
    case, _ = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    p = _plan(raw)
    him, her = p.to_dict()["exits"][0]["capital_gains_tax"]["owners"]
    his_loan, her_loan = (amortize(lien.loan) for lien in case.liens if lien.loan is not None)
    assert him["loan_balance_before_contract"] == his_loan.balance_at(date(2027, 2, 26))
    assert her["loan_balance_before_contract"] == her_loan.balance_at(date(2027, 2, 26))
    assert his_loan.balance_at(date(2027, 2, 26)) != his_loan.balance_at(date(2027, 2, 27))


def test_a_housing_loan_entered_as_a_lien_counts_for_its_debtor() -> None:
    raw = _raw()
    raw["liens"] = [{"rank": 3, "holder": "みどり信金", "balance": 3_200_000, "principal": 3_000_000,
                     "housing_loan": True, "debtors": ["妻"], "term_years": 20}]
    before = _plan(_raw()).to_dict()["exits"][0]["capital_gains_tax"]["owners"][1]
    after = _plan(raw).to_dict()["exits"][0]["capital_gains_tax"]["owners"][1]
    # its remaining principal (残元金) is the 住宅借入金等; the balance adds what else is claimed
    assert after["loan_balance_before_contract"] - before["loan_balance_before_contract"] == 3_000_000
    raw["liens"][0]["housing_loan"] = False
    assert _plan(raw).to_dict()["exits"][0]["capital_gains_tax"]["owners"][1] == before


def _stamp(raw: dict[str, Any]) -> int:
    costs = _plan(raw).to_dict()["exits"][0]["costs"]["items"]
    return next(it["amount"] for it in costs if it["key"] == "stamp_duty")


def test_stamp_duty_is_keyed_on_the_contract_date() -> None:
    """docs/sources/law-updates-2026.md §3 / docs/sources/law-sale-costs.md §2.1: a 1億3,000万円 contract made
    by 2027-03-31 pays the reduced 60,000円; one made on 2027-04-01 pays the base 100,000円, whatever the
    settlement date."""
    raw = _raw()
    raw["sale_date"] = date(2027, 4, 20)
    raw["sale_contract_date"] = date(2027, 3, 31)
    assert _stamp(raw) == 60_000
    raw["sale_contract_date"] = date(2027, 4, 1)
    assert _stamp(raw) == 100_000
    del raw["sale_contract_date"]   # the settlement date stands in, and the result says so
    assert _stamp(raw) == 100_000
    notes = _plan(raw).to_dict()["exits"][0]["costs"]["notes"]
    assert any(n.get("id") == "sale.costs.stamp_on_settlement" for n in notes)


def test_a_contract_after_the_settlement_is_refused(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    raw = _raw()
    raw["sale_contract_date"] = raw["sale_date"] + timedelta(days=1)
    with pytest.raises(InputError) as info:
        build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    assert info.value.field == "sale_contract_date"
    assert "売買契約日" in info.value.message_ja
    assert "settlement" in info.value.message_en
    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "sale_contract_date = 2027-02-13", "sale_contract_date = 2027-03-27"), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["plan", str(bad), "--json"])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "sale_contract_date" in err


def test_co_owners_shares_must_add_up() -> None:
    raw = _raw()
    raw["people"][1]["share"] = "1/3"
    with pytest.raises(InputError) as info:
        build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    assert info.value.field == "people"
    assert "100%" in info.value.message_ja
    assert "not 100%" in info.value.message_en


def test_an_owners_own_move_out_date_is_used() -> None:
    """She moved out on 2025-06-30: the 3rd year ends 2028-12-31, so a 2027 sale keeps her relief."""
    raw = _raw()
    raw["people"][1]["moved_out_on"] = date(2025, 6, 30)
    her = _plan(raw).to_dict()["exits"][0]["capital_gains_tax"]["owners"][1]
    assert her["residence_relief"] is True
    assert her["special_deduction"] == 30_000_000
    data = json.dumps(_plan(_raw()).to_dict(), ensure_ascii=False)
    assert '"residence_relief": false' in data


def test_without_a_contract_date_the_loss_relief_says_the_settlement_date_stood_in() -> None:
    """docs/sources/law-updates-2026.md §1: the balance is the one on the day before the contract; when the
    case gives no contract date the day before the settlement stands in, and the notes say so."""
    prop = home(land=50_000_000, acquired=date(2015, 1, 1))
    loss = Transfer(on=date(2026, 6, 30), proceeds=30_000_000, selling_expenses=0,
                    loan_balance_before_contract=40_000_000, loan_term_years=35)
    ids = [getattr(n, "id", "") for n in capital_gains_tax(prop, loss, book=B).notes]
    assert "cotax.notes.balance_on_settlement" in ids
    signed = Transfer(on=date(2026, 6, 30), proceeds=30_000_000, selling_expenses=0,
                      loan_balance_before_contract=40_000_000, loan_term_years=35,
                      contract_date=date(2026, 5, 15))
    ids = [getattr(n, "id", "") for n in capital_gains_tax(prop, signed, book=B).notes]
    assert "cotax.notes.balance_on_settlement" not in ids
    assert _plan(_raw()).to_dict()["sale_contract_date"] == "2027-02-13"


def test_a_sole_owners_own_move_out_date_is_used() -> None:
    """docs/sources/law-sale-costs.md §5.2: the same deadline for a sole owner who says so on [[people]]."""
    raw = _raw()
    raw["people"] = [{"name": "夫", "share": "1/1", "lived_in": False, "moved_out_on": date(2019, 8, 31)}]
    for loan in raw["loans"]:
        loan["debtors"] = ["夫"]
    tax = _plan(raw).to_dict()["exits"][0]["capital_gains_tax"]
    assert tax["owners"] == []
    assert tax["special_deduction"] == 0
    assert tax["holding"] == "long"
    raw["people"][0] = {"name": "夫", "share": "1/1"}
    assert _plan(raw).to_dict()["exits"][0]["capital_gains_tax"]["special_deduction"] == 30_000_000
