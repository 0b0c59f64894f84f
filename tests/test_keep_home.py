"""個人再生で家を残す (住宅資金特別条項): the exit, its bars, the plan per creditor, the rounding
conventions, and the 241条3項 政令 whose amounts are 不明.

Sources: docs/sources/law-debt-divorce.md §1.6 (196条・198条・204条: the clause, the six months after
代位弁済, other liens), §1.5 (plan period, rounding unspecified), §1.7 (guarantors, 177条2項);
docs/sources/law-updates-2026.md §9 (rounding: Tokyo up to the yen, last adjusted; Kobe up to 100円,
first adjusted) and §6 (the 政令's structure; every 別表 amount 不明).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from zansai.case import build_case, parse_case_data
from zansai.engine.exits import ExitResult
from zansai.engine.plan import Plan, plan
from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.rehabilitation.creditor_split import (
    guarantor_exposure,
    pro_rata,
    split_by_creditor,
)
from zansai.engine.residual.rehabilitation.instalments import instalments, split_instalments
from zansai.engine.residual.rehabilitation.living_cost import (
    COMPONENTS,
    LivingCostComponents,
    disposable_income_test,
    minimum_living_cost,
)
from zansai.errors import InputError
from zansai.model import ExitKey
from zansai.money import Rounding
from zansai.rules import RuleBook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "keep-home-rehabilitation.toml"
KEY = ExitKey.KEEP_HOME_REHABILITATION


def _raw(name: str = "keep-home-rehabilitation.toml") -> dict[str, Any]:
    return tomllib.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))


def _plan(raw: dict[str, Any]) -> Plan:
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return plan(case, book)


def _exit(raw: dict[str, Any]) -> ExitResult:
    return _plan(raw).exit(KEY)


def _ids(texts: Any) -> list[str]:
    return [t.id for t in texts]


# --- the rounding conventions (docs/sources/law-updates-2026.md §9; docs/sources/law-debt-divorce.md §1. ---

def test_tokyo_convention_rounds_each_instalment_up_and_adjusts_the_last() -> None:
    """100万円 over 36 months, rounded up to the yen (tamachuo-law.com's 27,778): 27,778 × 35 + 27,770."""
    found = instalments(1_000_000, 36, unit=1, rounding=Rounding.CEIL, adjusted="last")
    assert (found.regular, found.odd, found.count) == (27_778, 27_770, 36)
    assert found.amounts[-1] == 27_770
    assert sum(found.amounts) == 1_000_000
    assert split_instalments(1_000_000, 36, Rounding.CEIL) == (27_778, 27_770, 36)


def test_kobe_convention_rounds_up_to_100_yen_and_adjusts_the_first() -> None:
    """Up to 100円, the first takes the rest: 27,800 × 35 = 973,000, so the first is 27,000."""
    found = instalments(1_000_000, 36, unit=100, rounding=Rounding.CEIL, adjusted="first")
    assert (found.regular, found.odd, found.count) == (27_800, 27_000, 36)
    assert found.amounts[0] == 27_000
    assert found.amounts[1:] == (27_800,) * 35
    assert sum(found.amounts) == 1_000_000


def test_rule_names_the_three_conventions() -> None:
    rows = RuleBook.default().at("rehabilitation.instalment_rounding", date(2027, 1, 15)).value
    assert {(r["convention"], r["unit"], r["adjusted"]) for r in rows} == {
        ("ceil", 1, "last"), ("floor", 1, "last"), ("ceil_100_first", 100, "first")}


# --- the plan per creditor --------------------------------------------------------------------

def test_pro_rata_adds_up_to_the_yen_by_largest_remainder() -> None:
    # 28,889 over 180万 : 120万 : 150万 : 70万 = 9,999.5 / 6,666.3 / 8,333.3 / 3,888.8
    assert pro_rata(28_889, [1_800_000, 1_200_000, 1_500_000, 700_000]) == (10_000, 6_667, 8_333, 3_889)
    assert pro_rata(1, [1, 1]) == (1, 0)  # a tie goes to the earlier creditor
    with pytest.raises(ValueError, match="positive total weight"):
        pro_rata(10, [0, 0])


def test_split_by_creditor_and_guarantor_after_the_plan() -> None:
    debts = [ResidualDebt("a", "A", 600_000), ResidualDebt("b", "B", 300_000, guarantors=("父",)),
             ResidualDebt("b2", "B", 100_000)]
    plan_ = instalments(1_000_000, 36, unit=1, rounding=Rounding.CEIL, adjusted="last")
    shares = split_by_creditor(debts, plan_)
    assert [(s.creditor, s.claim) for s in shares] == [("A", 600_000), ("B", 400_000)]
    assert sum(s.regular for s in shares) == 27_778
    assert sum(s.odd for s in shares) == 27_770
    assert sum(s.total for s in shares) == 1_000_000
    # 177条2項: 父 answers for B's guaranteed 300,000 in full; after the plan, less the part of B's share
    # that falls on that debt (3/4 of B's total).
    (g,) = guarantor_exposure(debts, shares)
    b_total = shares[1].total
    assert (g.guarantor, g.creditor, g.claim) == ("父", "B", 300_000)
    assert g.after_plan == 300_000 - pro_rata(b_total, [300_000, 100_000])[0]


# --- the example: a family keeping its home -------------------------------------------------------

def test_example_keeps_the_home_feasibly() -> None:
    """Cards 180万 + 120万 + 150万 and a car loan of 150万 of which 80万 is covered by the car
    (所有権留保, 別除権): T = 520万, so the 231条2項4号 minimum is T/5 = 104万 (over 500万, up to
    1,500万); the home is overloaned (時価1,800万 < the loan), so no equity counts."""
    e = _exit(_raw())
    assert e.feasible
    assert e.can_stay
    assert e.reasons == ()
    p = e.details["plan"]
    assert (p["claims_total"], p["plan_total"], p["forgiven"]) == (5_200_000, 1_040_000, 4_160_000)
    # 1,040,000 / 36 rounded up: 28,889 × 35 + 28,885 (Tokyo convention, the default)
    assert (p["instalment"], p["adjusted_instalment"], p["instalments"], p["adjusted"]) == (
        28_889, 28_885, 36, "last")
    assert [(c["creditor"], c["regular"], c["total"]) for c in p["by_creditor"]] == [
        ("Aカード", 10_000, 359_999), ("Bカード", 6_667, 240_011), ("C信販", 8_333, 299_987),
        ("D自動車販売", 3_889, 140_003)]
    assert sum(c["total"] for c in p["by_creditor"]) == 1_040_000
    assert p["guarantors"] == [{"guarantor": "父", "creditor": "C信販", "claim": 1_500_000,
                                "after_plan": 1_200_013}]
    d = e.details
    assert d["monthly_needed"] == d["monthly_payment"] + d["arrears_monthly"] + d["plan_instalment"]
    assert d["monthly_capacity"] == 400_000 - 200_000 >= d["monthly_needed"]
    assert e.remaining_debt == d["housing_loan_claim"]
    assert "keep_home.convention.ceil" in _ids(e.warnings)


def test_example_is_never_the_best_sale_and_kobe_rounding_is_stated() -> None:
    raw = _raw()
    raw["residual"]["instalment_rounding"] = "ceil_100_first"
    result = _plan(raw)
    assert result.best != KEY
    p = result.exit(KEY).details["plan"]
    # 1,040,000 / 36 = 28,888.9 → 28,900 × 35 = 1,011,500; the first pays 28,500
    assert (p["instalment"], p["adjusted_instalment"], p["adjusted"]) == (28_900, 28_500, "first")
    assert "keep_home.convention.ceil_100_first" in _ids(result.exit(KEY).warnings)


# --- what rules the clause out (196条, 198条) ------------------------------------------------------

def test_other_mortgage_on_the_home_rules_it_out() -> None:
    """198条1項ただし書: the condo example has a second mortgage for a finance company's loan."""
    e = _exit(_raw("condo-jhf-arrears.toml"))
    assert not e.feasible
    assert "keep_home.bars.other_lien" in _ids(e.reasons)


def test_a_home_not_lived_in_rules_it_out() -> None:
    raw = _raw()
    raw["property"]["lived_in"] = False
    assert "keep_home.bars.not_lived_in" in _ids(_exit(raw).reasons)


def test_subrogation_more_than_six_months_before_filing_rules_it_out() -> None:
    """198条2項: first missed 2026-01-27 → 代位弁済 2026-05-27 (the timeline's typical date); the last
    filing day is 2026-11-27, so a filing on 2027-01-15 is too late."""
    raw = _raw()
    raw["delinquency"]["first_missed"] = date(2026, 1, 27)
    e = _exit(raw)
    assert "keep_home.bars.subrogation_too_old" in _ids(e.reasons)
    assert not e.feasible
    step = next(s for s in e.steps if s.name == "keep_home.subrogation_window")
    assert (step.inputs["subrogation"], step.result) == ("2026-05-27", "2026-11-27")


def test_within_six_months_of_subrogation_the_payment_is_undone() -> None:
    """204条1項 巻戻し: first missed 2026-06-27 → 代位弁済 2026-10-27; filing 2027-01-15 is in time."""
    raw = _raw()
    raw["delinquency"]["first_missed"] = date(2026, 6, 27)
    e = _exit(raw)
    assert "keep_home.bars.subrogation_too_old" not in _ids(e.reasons)
    assert "keep_home.rewind" in _ids(e.warnings)
    assert all(lo.claimant == lo.holder for lo in e.lenders)


def test_too_little_income_is_a_named_reason() -> None:
    raw = _raw()
    raw["household"]["monthly_income"] = 260_000  # 60,000円 left: short even with the 10-year extension
    e = _exit(raw)
    assert _ids(e.reasons) == ["keep_home.unaffordable"]
    assert not e.feasible


# --- bad input ---------------------------------------------------------------------------------------

def test_secured_value_above_the_debt_is_refused() -> None:
    raw = _raw()
    raw["household"]["other_debts"][3]["secured_value"] = "200万"
    with pytest.raises(InputError) as info:
        build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    assert info.value.field == "household.other_debts[3].secured_value"
    assert "担保で回収される額" in info.value.message_ja
    assert "debt's amount" in info.value.message_en


def test_the_exit_cannot_be_the_residual_exit(tmp_path: Path) -> None:
    raw = _raw()
    raw["residual"]["exit"] = "keep_home_rehabilitation"
    case = tmp_path / "case.toml"
    case.write_text(tomli_w.dumps(raw), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "zansai", "plan", str(case)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2
    assert "residual.exit" in out.stderr
    assert out.stdout == ""


# --- 241条3項: the 政令 (docs/sources/law-updates-2026.md §6, docs/sources/law-updates-2026.md §9) ---

def test_the_order_is_a_rule_with_its_structure_and_no_amounts() -> None:
    res = RuleBook.default().at("rehabilitation.minimum_living_cost_order", date(2027, 1, 15))
    assert tuple(r["component"] for r in res.value) == COMPONENTS
    assert res.period.status == "unconfirmed"
    assert res.period.caveat_ja
    assert all(set(r) == {"component", "article", "appendix", "keyed_by"} for r in res.value)


def test_minimum_living_cost_is_the_sum_of_the_components() -> None:
    # TEST VALUES, made up for this test: not the 政令's amounts (every 別表 is 不明).
    parts = LivingCostComponents(individual=(400_000, 380_000, 350_000), household=600_000,
                                 winter=20_000, housing=700_000, work_expenses=500_000)
    assert minimum_living_cost(parts) == 2_950_000
    # 241条2項7号: 2 years × (income − cost), never negative
    assert disposable_income_test(4_000_000, 2_950_000, 2) == 2_100_000
    assert disposable_income_test(2_000_000, 2_950_000, 2) == 0
    with pytest.raises(ValueError, match="non-negative"):
        minimum_living_cost(LivingCostComponents((-1,), 0, 0, 0, 0))


def test_salaried_route_says_the_living_cost_is_the_users() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["household"]["annual_minimum_living_cost"] = "200万"
    result = _plan(raw)
    assert result.residual is not None
    salaried = result.residual.route("salaried_rehabilitation")
    assert "keep_home.living_cost_order_unknown" in _ids(salaried.warnings)
    step = next(s for s in salaried.steps if s.name.endswith(".disposable"))
    # 2 × (12 × 240,000 − 2,000,000) = 1,760,000
    assert step.result == "1,760,000円"


# --- 199条2項: the loan extended (docs/sources/law-debt-divorce.md §1.6) ---

def _tight(born: date | None) -> ExitResult:
    """The example with 33万円 of income: 130,000円 a month left, below the 142,769円 as agreed."""
    raw = _raw()
    raw["household"]["monthly_income"] = 330_000
    if born is not None:
        raw["residual"]["debtor_birth_date"] = born
    return _exit(raw)


def test_extension_makes_a_tight_case_feasible() -> None:
    e = _tight(None)
    ext = e.details["extension"]
    assert e.feasible
    assert e.details["variant"] == "extended"
    # the agreed end 2051-03-27 moved by the full 10 years (no birth date: age not checked)
    assert (ext["months_added"], ext["last_due"], ext["age_checked"]) == (120, "2061-03-27", False)
    assert ext["monthly_needed"] == ext["monthly_payment"] + e.details["plan_instalment"] <= 130_000
    assert e.details["monthly_needed"] > 130_000
    assert "keep_home.age_unknown" in _ids(e.warnings)
    assert "keep_home.arrears_in_plan" not in _ids(e.warnings)


def test_extension_is_the_loan_engine_schedule_of_the_whole_claim() -> None:
    """The claim on the approval date over the 284 remaining + 120 months at the agreed 0.6%, from the
    first due date after the approval (2027-07-27): the loan engine's level payment."""
    from zansai.engine.loan import amortize
    from zansai.model.loan import Loan
    from zansai.money import percent
    e = _tight(None)
    step = next(s for s in e.steps if s.name == "keep_home.extension")
    (text,) = step.inputs.values()
    claim = int(text.split()[1].replace(",", "").rstrip("円"))
    months = [int(x) for x in text.split(" over ")[1].split(" months")[0].split(" + ")]
    assert months[1] == 120
    sched = amortize(Loan(principal=claim, annual_rate=percent("0.6"), months=sum(months),
                          first_payment=date(2027, 7, 27)))
    assert e.details["extension"]["monthly_payment"] == sched.columns.payment[0]


def test_no_extension_past_age_70() -> None:
    """Born 1975-06-01: 70 until 2046-05-31, already before the agreed end (2051), so no extension."""
    e = _tight(date(1975, 6, 1))
    assert not e.feasible
    assert e.details["variant"] == "as_agreed"
    assert e.details["extension"] is None
    assert "keep_home.no_extension" in _ids(e.warnings)
    assert _ids(e.reasons) == ["keep_home.unaffordable"]


def test_a_young_debtor_gets_the_extension_checked() -> None:
    e = _tight(date(1990, 6, 1))
    assert e.feasible
    assert e.details["extension"]["age_checked"] is True
