"""返済方法の変更 as a way out: JHF's published criteria at their thresholds, the limits of the
terms, and the case file's [rescheduling] (docs/sources/law-updates-2026.md §9).

The criteria: (1) hardship; (2) any of (i) 年収 ≤ 4 × the annual JHF repayment, (ii) 月収 ≤
世帯人員 × 64,000円, (iii) the burden ratio above 30% (<300万) / 35% (300–400万) / 40% (400–700万) /
45% (≥700万) with income down ≥ 20%; (3) able to keep paying. Extension ≤ 15 years, the last
payment by age 80 (counted both ways: the count is 不明), interest only ≤ 3 years when unemployed
or income fell ≥ 20%.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, parse_case_data
from zansai.cli import main
from zansai.engine.exits import ExitResult
from zansai.engine.plan import plan
from zansai.errors import InputError
from zansai.model import ExitKey

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PAYMENT = 87_510
"""The loan's level monthly payment (3,000万円, 1.2%, 35 years from 2015-04): 12 × it is the annual
JHF repayment the 4× test and the burden ratio read (no bonus part, no rate change)."""

BASE: dict[str, Any] = {
    "title": "t", "at": date(2026, 12, 1),
    "property": {"kind": "house"},
    "valuation": {"market_value": "2500万"},
    "loans": [{"name": "フラット35", "holder": "住宅金融支援機構", "lender": "jhf", "principal": "3000万",
               "rate": 1.2, "years": 35, "start": "2015-04", "payment_day": 5, "rank": 1}],
    "household": {"monthly_income": 300_000, "monthly_living_costs": 180_000},
}


def _exit(rescheduling: dict[str, Any] | None = None, **top: Any) -> ExitResult:
    raw = copy.deepcopy(BASE) | top
    if rescheduling is not None:
        raw["rescheduling"] = rescheduling
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return next(e for e in plan(case, book).exits if e.key == ExitKey.RESCHEDULE)


def _criteria(**r: Any) -> dict[str, Any]:
    out: dict[str, Any] = _exit({"hardship": True, **r}).details["criteria"]
    return out


def _ids(texts: tuple[Any, ...]) -> set[str]:
    return {t.id for t in texts}


def test_annual_repayment_is_twelve_payments() -> None:
    c = _criteria(annual_income=5_000_000)
    assert _exit().details["current_payment"] == PAYMENT
    assert c["annual_jhf_repayment"] == c["annual_housing_repayment"] == 12 * PAYMENT == 1_050_120


@pytest.mark.parametrize(("income", "met"), [(4 * 1_050_120, True), (4 * 1_050_120 + 1, False)])
def test_income_at_most_four_times_the_annual_repayment(income: int, met: bool) -> None:
    c = _criteria(annual_income=income)
    assert c["income_multiple_limit"] == 4_200_480
    assert c["income_multiple_met"] is met


@pytest.mark.parametrize(("income", "met"), [(12 * 3 * 64_000, True), (12 * 3 * 64_000 + 1, False)])
def test_monthly_income_at_most_64000_per_member(income: int, met: bool) -> None:
    """3 people: 月収 ≤ 192,000円, read as 年収 ≤ 2,304,000円 (月収 = 年収 ÷ 12, no rounding)."""
    c = _criteria(annual_income=income, household_size=3)
    assert c["monthly_income_limit"] == 192_000
    assert c["monthly_income_met"] is met


@pytest.mark.parametrize(("income", "threshold"), [
    (2_999_999, "30%"), (3_000_000, "35%"), (3_999_999, "35%"), (4_000_000, "40%"),
    (6_999_999, "40%"), (7_000_000, "45%")])
def test_burden_ratio_bands(income: int, threshold: str) -> None:
    assert _criteria(annual_income=income)["burden_ratio_threshold"] == threshold


@pytest.mark.parametrize(("income", "previous", "fell"), [
    (4_000_000, 5_000_000, True), (4_000_001, 5_000_000, False)])
def test_income_fall_of_twenty_percent(income: int, previous: int, fell: bool) -> None:
    c = _criteria(annual_income=income, previous_annual_income=previous)
    assert c["income_fell"] is fell
    assert c["deferment_allowed"] is fell


def test_burden_ratio_must_be_above_the_band_and_income_down() -> None:
    """年収 2,625,300円 (band 30%): 1,050,120 ÷ 2,625,300 = 40% > 30%; with a 20% fall the test is
    met; 年収 3,500,342 (band 35%): 1,050,120 ÷ 3,500,342 < 30.001% < 35%, not met."""
    c = _criteria(annual_income=2_625_300, previous_annual_income=3_281_625)
    assert (c["burden_ratio"], c["income_fell"], c["burden_ratio_met"]) == ("40%", True, True)
    c = _criteria(annual_income=3_500_342, previous_annual_income=5_000_000)
    assert c["income_fell"] is True
    assert c["burden_ratio_met"] is False


def test_burden_ratio_must_be_strictly_above_the_band() -> None:
    """Band 35% (年収 300万–400万): 1,050,120 ÷ 0.35 = 3,000,342.86…, so 年収 3,000,342 is above
    (35.00001%) and 3,000,343 is not (34.99999%); both with income down 25%."""
    below = _criteria(annual_income=3_000_343, previous_annual_income=4_000_000)
    above = _criteria(annual_income=3_000_342, previous_annual_income=4_000_000)
    assert below["burden_ratio_met"] is False
    assert above["burden_ratio_met"] is True


def test_eligible_and_feasible_when_every_criterion_is_met() -> None:
    e = _exit({"hardship": True, "annual_income": 4_000_000, "birth_date": date(1980, 1, 1)})
    c = e.details["criteria"]
    assert (c["income_multiple_met"], c["any_income_test_met"], c["can_keep_paying"], c["eligible"]) \
        == (True, True, True, True)
    assert e.feasible
    assert e.can_stay
    assert e.reasons == ()
    # Born 1980-01-01: the last payment must fall before 2060-01-01 (under 80): 2059-12-05, which is
    # 117 months after the current last payment of 2050-03-05 (below the 180-month cap).
    assert e.details["terms"] == "jhf_maximum"
    assert e.details["extension_months"] == 117
    assert e.details["new_end_date"] == "2059-12-05"


def test_no_income_test_met_is_a_reason() -> None:
    e = _exit({"hardship": True, "annual_income": 9_000_000, "household_size": 2})
    assert not e.feasible
    assert "reschedule.reasons.income_tests" in _ids(e.reasons)


def test_unknown_inputs_are_said_not_guessed() -> None:
    e = _exit()
    assert e.details["criteria"]["eligible"] is None or e.details["criteria"]["eligible"] is False
    assert {"reschedule.warnings.hardship_unknown", "reschedule.warnings.income_unknown",
            "reschedule.warnings.no_birth_date", "reschedule.warnings.deferment_unknown"} <= _ids(e.warnings)
    assert e.details["deferment_months"] == 0


# --- the limits: 15 years, age 80 (both counts), 3 years interest only ---------------------------

def test_fifteen_year_cap_for_a_young_borrower() -> None:
    e = _exit({"hardship": True, "annual_income": 4_000_000, "birth_date": date(1990, 1, 1)})
    assert e.details["extension_months"] == 180
    assert e.details["current_end_date"] == "2050-03-05"
    assert e.details["new_end_date"] == "2065-03-05"


@pytest.mark.parametrize(("birth", "under", "inclusive", "end"), [
    # 80th birthday 2052-06-05: last payment on or before 2052-06-04 (under 80) → 2052-05-05, 26 months;
    # before the 81st birthday → 2053-05-05, 38 months.
    (date(1972, 6, 5), 26, 38, "2052-05-05"),
    # 80th birthday 2052-05-05 itself is a due date: under 80 it must fall before it → 2052-04-05.
    (date(1972, 5, 5), 25, 37, "2052-04-05"),
    (date(1972, 5, 6), 26, 38, "2052-05-05"),
])
def test_age_eighty_counted_both_ways(birth: date, under: int, inclusive: int, end: str) -> None:
    e = _exit({"hardship": True, "annual_income": 4_000_000, "birth_date": birth})
    lim = e.details["limits"]
    assert (lim["max_extension_months_under_final_age"], lim["max_extension_months_final_age_inclusive"]) \
        == (under, inclusive)
    assert e.details["extension_months"] == under
    assert e.details["new_end_date"] == end
    assert "reschedule.warnings.final_age_conservative" in _ids(e.warnings)


def test_entered_extension_between_the_two_counts_is_flagged_not_refused() -> None:
    e = _exit({"hardship": True, "annual_income": 4_000_000, "birth_date": date(1972, 6, 5),
               "extension_months": 30})
    assert e.feasible
    assert "reschedule.warnings.final_age_count" in _ids(e.warnings)
    e = _exit({"hardship": True, "annual_income": 4_000_000, "birth_date": date(1972, 6, 5),
               "extension_months": 39})
    assert "reschedule.reasons.final_age" in _ids(e.reasons)


def test_extension_over_fifteen_years_is_refused() -> None:
    e = _exit({"hardship": True, "annual_income": 4_000_000, "extension_months": 181})
    assert "reschedule.reasons.extension_cap" in _ids(e.reasons)


def test_unemployed_gets_three_years_interest_only() -> None:
    e = _exit({"unemployed": True, "annual_income": 4_000_000, "birth_date": date(1990, 1, 1)})
    d = e.details
    assert d["deferment_months"] == 36
    assert d["extension_months"] == 180
    assert d["phases"][0]["kind"] == "interest_only"
    assert d["phases"][0]["payments"] == 36
    # The balance after the 2026-11-05 payment, × 1.2% ÷ 12, floored: the interest-only payment.
    assert d["deferment_payment"] == d["balance"] // 1000
    assert "reschedule.warnings.deferment_rate" in _ids(e.warnings)


def test_deferment_over_three_years_or_without_a_fall_is_refused() -> None:
    e = _exit({"unemployed": True, "annual_income": 4_000_000, "deferment_months": 37,
               "extension_months": 60})
    assert "reschedule.reasons.deferment_cap" in _ids(e.reasons)
    e = _exit({"hardship": True, "annual_income": 4_500_000, "previous_annual_income": 5_000_000,
               "deferment_months": 12, "extension_months": 60})
    assert "reschedule.reasons.deferment_not_open" in _ids(e.reasons)


def test_extra_interest_against_the_current_schedule() -> None:
    d = _exit({"extension_months": 60, "hardship": True, "annual_income": 4_000_000}).details
    assert d["extra_interest"] == d["new_interest"] - d["current_interest"] > 0
    assert d["new_payment"] < d["current_payment"]
    assert d["phases"][-1]["principal"] == d["balance"]


def test_remaining_debt_is_everything_owed_as_for_keep_paying() -> None:
    case, book = build_case(parse_case_data(copy.deepcopy(BASE), source="t.toml"), source="t.toml")
    exits = {e.key: e for e in plan(case, book).exits}
    assert exits[ExitKey.RESCHEDULE].remaining_debt == exits[ExitKey.KEEP_PAYING].remaining_debt


def test_unaffordable_new_payment_is_a_reason() -> None:
    e = _exit({"hardship": True, "annual_income": 4_000_000},
              household={"monthly_income": 200_000, "monthly_living_costs": 180_000})
    assert not e.feasible
    assert "reschedule.reasons.unaffordable" in _ids(e.reasons)
    assert e.details["criteria"]["can_keep_paying"] is False


# --- a bank's terms ------------------------------------------------------------------------------

def test_bank_terms_are_computed_without_jhf_criteria() -> None:
    loans = [BASE["loans"][0] | {"lender": "bank", "holder": "A銀行"}]
    e = _exit({"extension_months": 60, "deferment_months": 12, "rate": 0.9}, loans=loans)
    d = e.details
    assert d["criteria"] is None
    assert d["limits"] is None
    assert d["terms"] == "entered"
    assert d["annual_rate"] == "0.9%"
    assert d["deferment_payment"] == d["balance"] * 9 // 12_000
    assert "reschedule.warnings.bank_terms" in _ids(e.warnings)


def test_a_bank_loan_without_terms_has_no_rescheduling_exit() -> None:
    loans = [BASE["loans"][0] | {"lender": "bank", "holder": "A銀行"}]
    raw = copy.deepcopy(BASE) | {"loans": loans}
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    assert ExitKey.RESCHEDULE not in {e.key for e in plan(case, book).exits}


# --- bad input -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("section", "field"), [
    ({"previous_annual_income": 5_000_000}, "rescheduling.annual_income"),
    ({"unemployed": True, "hardship": False}, "rescheduling.hardship"),
    ({"change_date": date(2026, 11, 1)}, "rescheduling.change_date"),
    ({"rank": 2, "extension_months": 12}, "rescheduling.rank"),
    ({"birth_date": date(2027, 1, 1)}, "rescheduling.birth_date"),
    ({"household_size": 0}, "rescheduling.household_size"),
    ({"extension_months": -1}, "rescheduling.extension_months"),
])
def test_contradictions_are_refused_naming_the_field(section: dict[str, Any], field: str) -> None:
    raw = copy.deepcopy(BASE) | {"rescheduling": section}
    with pytest.raises(InputError) as err:
        build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    assert field in err.value.message_ja
    assert field in err.value.message_en


def test_cli_refuses_a_deferment_as_long_as_the_term(tmp_path: Any,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.toml"
    path.write_text("""at = 2026-12-01
[property]
kind = "house"
[valuation]
market_value = "2500万"
[[loans]]
holder = "A銀行"
principal = "3000万"
rate = 1.2
years = 35
start = "2015-04"
rank = 1
[rescheduling]
deferment_months = 600
""", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["plan", str(path), "--json"])
    out, err = capsys.readouterr()
    assert exc.value.code == 2
    assert out == ""
    assert "rescheduling.deferment_months" in err


def test_a_short_remaining_term_keeps_one_principal_payment() -> None:
    """Born 1946-12-01: 80 on 2026-12-01, so no extension is allowed. A 12-year loan from 2015-04
    has 4 payments left after 2026-12-01 (2026-12-05 … 2027-03-05): the proposed deferment is 3
    months, not the 36-month cap, leaving the last payment to repay the principal."""
    e = _exit({"unemployed": True, "annual_income": 4_000_000, "birth_date": date(1946, 12, 1)},
              loans=[BASE["loans"][0] | {"years": 12}])
    assert e.details["extension_months"] == 0
    assert e.details["deferment_months"] == 3
    assert [p["payments"] for p in e.details["phases"]] == [3, 1]
    assert "reschedule.reasons.final_age" not in _ids(e.reasons)


def test_a_loan_repaid_before_the_change_has_no_proposal() -> None:
    """12 years from 2015-04: the last payment is 2027-03-05, before a change on 2027-06-01."""
    loans = [BASE["loans"][0] | {"years": 12}]
    raw = copy.deepcopy(BASE) | {"loans": loans, "rescheduling": {"change_date": date(2027, 6, 1)}}
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    assert ExitKey.RESCHEDULE not in {e.key for e in plan(case, book).exits}


def test_routes_for_the_rescheduling_exit_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing is sold, so no debt is left after a sale: an error naming residual.exit, exit 2."""
    with pytest.raises(SystemExit) as exc:
        main(["plan", str(EXAMPLES / "condo-jhf-arrears.toml"), "--routes-for", "reschedule"])
    out, err = capsys.readouterr()
    assert exc.value.code == 2
    assert out == ""
    assert "residual.exit" in err
