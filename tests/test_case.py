"""The case file: every example loads; each kind of mistake names its field path in both languages."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from zansai.case import build_case, case_json_schema, load_case, parse_case_data
from zansai.errors import InputError
from zansai.model import LenderType, LienKind, ProrationStart

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LOAN_FILES = ("single-loan", "pair-loan")
CASES = sorted(p for p in EXAMPLES.glob("*.toml") if p.stem not in LOAN_FILES)


def _raw(name: str) -> dict[str, object]:
    return tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _error(raw: dict[str, object]) -> InputError:
    with pytest.raises(InputError) as info:
        build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return info.value


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_example_case_loads(path: Path) -> None:
    case, _ = load_case(str(path))
    assert case.liens, "every example has at least one lien"
    assert case.sale_date >= case.at


def test_seed1_reads_as_written() -> None:
    case, _ = load_case(str(EXAMPLES / "seed1-short-sale.toml"))
    assert case.property.acquisition_price == 38_000_000  # "3800万"
    assert [a.amount for a in case.appraisals] == [19_000_000, 21_000_000, 20_000_000]
    lien = case.liens[0]
    assert lien.loan is not None
    assert lien.loan.annual_rate == Fraction(12, 1000)
    assert lien.late_rate == Fraction(14, 100)
    # 記事1 (docs/sources/seed1-short-sale.md §5): the wife is the 連帯保証人
    assert lien.guarantors == ("妻",)
    assert case.first_missed == date(2026, 8, 27)


def test_condo_case_has_a_junior_lien_and_a_seizure_flag() -> None:
    case, _ = load_case(str(EXAMPLES / "condo-jhf-arrears.toml"))
    assert [(lien.rank, lien.kind) for lien in case.liens] == [(1, LienKind.MORTGAGE), (2, LienKind.MORTGAGE)]
    assert case.liens[0].lender is LenderType.JHF
    assert case.property.proration_start is ProrationStart.APRIL_1
    assert case.property.tax_seized
    assert case.property.unpaid_taxes == 284_000


def test_yaml_and_json_give_the_same_case(tmp_path: Path) -> None:
    raw = _raw("seed2-divorce-underloan.toml")
    (tmp_path / "c.json").write_text(json.dumps(raw, default=str), encoding="utf-8")
    import yaml

    (tmp_path / "c.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    a, _ = load_case(str(EXAMPLES / "seed2-divorce-underloan.toml"))
    b, _ = load_case(str(tmp_path / "c.json"))
    c, _ = load_case(str(tmp_path / "c.yaml"))
    assert a == b == c


def test_two_liens_of_one_rank_are_rejected() -> None:
    raw = _raw("condo-jhf-arrears.toml")
    raw["liens"][0]["rank"] = 1  # type: ignore[index]
    err = _error(raw)
    assert err.field == "liens[0].rank"
    assert "順位 1" in err.message_ja
    assert "rank 1 is already taken" in err.message_en


def test_shares_over_100_percent_are_rejected() -> None:
    raw = _raw("trade-up.toml")
    raw["people"][1]["share"] = "1/2"  # type: ignore[index]  # 2/3 + 1/2
    err = _error(raw)
    assert err.field == "people"
    assert "100%" in err.message_ja
    assert "over 100%" in err.message_en


def test_sale_date_before_the_loan_starts_is_rejected() -> None:
    raw = _raw("leaseback-retiree.toml")
    raw["at"] = date(2013, 1, 1)
    raw["sale_date"] = date(2013, 6, 1)
    err = _error(raw)
    assert err.field == "sale_date"
    # The loan is named by its lender, in words (no case-file path inside the sentence).
    assert err.problem == ("ひかり信金のローンの返済開始 2014-02-01 より前です",
                           "it is before the ひかり信金 loan starts (2014-02-01)")


def test_a_wrong_amount_names_its_path() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["valuation"]["appraisals"][1]["amount"] = "twenty million"  # type: ignore[index]
    err = _error(raw)
    assert err.field == "valuation.appraisals[1].amount"
    assert "3000万" in err.message_ja
    assert "whole yen" in err.message_en


def test_an_unknown_field_is_rejected_not_ignored() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["property"]["kind_of_house"] = "house"  # type: ignore[index]
    err = _error(raw)
    assert err.field == "property.kind_of_house"
    assert "使えない項目" in err.message_ja


def test_out_of_range_and_choice_errors_say_what_is_allowed() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["loans"][0]["rank"] = 0  # type: ignore[index]
    err = _error(raw)
    assert err.field == "loans[0].rank"
    assert "1 以上" in err.message_ja
    assert "at least 1" in err.message_en
    raw = _raw("seed1-short-sale.toml")
    raw["property"]["kind"] = "castle"  # type: ignore[index]
    err = _error(raw)
    assert err.field == "property.kind"
    assert "'house' or 'condo'" in err.message_en


def test_loan_errors_are_reported_with_the_case_path() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["loans"][0]["rate"] = "-1"  # type: ignore[index]
    err = _error(raw)
    assert err.field == "loans[0].rate"


def test_a_guarantor_must_be_a_listed_person() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["loans"][0]["guarantors"] = ["義父"]  # type: ignore[index]
    err = _error(raw)
    assert err.field == "loans[0].guarantors[0]"


def test_law_cannot_be_overridden_but_practice_can() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["overrides"] = {"market.short_sale_price_ratio": 0.9}
    case, book = build_case(parse_case_data(raw))
    assert book.value("market.short_sale_price_ratio", case.sale_date) == Fraction(9, 10)
    raw["overrides"] = {"brokerage.fee_tiers": "0.01"}
    err = _error(raw)
    assert err.field == "overrides.brokerage.fee_tiers"


def test_jhf_loans_have_no_guarantee_company() -> None:
    raw = _raw("condo-jhf-arrears.toml")
    raw["loans"][0]["guarantee_company"] = "保証会社"  # type: ignore[index]
    assert _error(raw).field == "loans[0].guarantee_company"


def test_land_and_building_must_add_up_to_the_price() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["property"]["land_price"] = "1700万"  # type: ignore[index]
    assert _error(raw).field == "property.building_price"


def test_schema_describes_every_section() -> None:
    schema = case_json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"property", "valuation", "loans", "liens", "household", "people", "delinquency",
            "overrides"} <= set(schema["properties"])
    assert schema["required"] == ["property", "valuation"]  # loans are optional: a paid-off home
    rate = schema["$defs"]["CaseLoan"]["properties"]["rate"]
    assert {"type": "number"} in rate["anyOf"]  # `rate = 1.2` in TOML is valid for editors too


def test_a_bare_number_is_not_a_share() -> None:
    raw = _raw("trade-up.toml")
    raw["people"][0]["share"] = 0.5  # type: ignore[index]  # a half, or 0.5%?
    err = _error(raw)
    assert err.field == "people[0].share"
    assert "1/2" in err.message_ja


def test_a_bad_override_value_names_the_key_in_the_file() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["overrides"] = {"market.short_sale_price_ratio": "ninety"}
    err = _error(raw)
    assert err.field == "overrides.market.short_sale_price_ratio"
    assert err.message_en.startswith("t.toml: overrides.market.short_sale_price_ratio")
    raw["overrides"] = {"market.no_such_rule": "1"}
    assert _error(raw).field == "overrides.market.no_such_rule"


def test_loan_errors_use_the_case_path_not_the_cli_option() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["loans"][0]["rate"] = "120"  # type: ignore[index]
    err = _error(raw)
    assert "--rate" not in err.message_ja
    assert "--rate" not in err.message_en
    assert "loans[0].rate" in err.message_en


def test_a_missed_payment_after_the_calculation_date_is_refused() -> None:
    raw = _raw("seed1-short-sale.toml")
    raw["delinquency"] = {"first_missed": date(2027, 8, 27)}  # the file's `at` is 2026-12-01
    err = _error(raw)
    assert err.field == "delinquency.first_missed"
    assert "2026-12-01" in err.message_en


def test_a_broken_yaml_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("x: [\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_case(str(bad))
    assert "\n" not in info.value.one_line()
    assert "not valid yaml" in info.value.message_en


def test_engine_errors_are_named_by_the_case_files_fields() -> None:
    """The engine says loan.first_missed; a case file's user reads delinquency.first_missed (not
    the arrears command's --first-missed, as before the domain errors)."""
    from zansai.case import case_errors
    from zansai.engine.plan import plan

    raw = _raw("seed1-short-sale.toml")
    raw["loans"][0]["years"] = 5  # type: ignore[index]  # repaid in 2017
    raw["delinquency"] = {"first_missed": "2023-01-01"}
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    with pytest.raises(InputError) as info, case_errors("t.toml"):
        plan(case, book)
    err = info.value
    assert err.field == "delinquency.first_missed"
    assert err.message_ja == ("t.toml: delinquency.first_missed: 値 2023-01-01 は使えません。"
                              "返済予定のある日付を指定してください")
    assert err.message_en == ("t.toml: delinquency.first_missed: 2023-01-01 is not allowed; it must be on "
                              "or before the last scheduled payment")


# -- every problem at once, the sale-date default, an unknown purchase (issue 15) --------------------

def test_every_problem_of_a_file_is_found_in_one_pass() -> None:
    """A rate, a term and a first month the loan builder refuses, a guarantor nobody entered, a land
    price that no longer adds up and a lien on the loan's rank: six problems, one pass (the
    form lists them all; build_case still raises the first in the file's order)."""
    from zansai.case import validation_errors

    raw = _raw("condo-jhf-arrears.toml")
    loan = raw["loans"][0]  # type: ignore[index]
    loan.update(rate="abc", years="三十五", start="May", guarantors=["義父"])
    raw["property"]["land_price"] = "1000万"  # type: ignore[index]
    raw["liens"][0]["rank"] = 1  # type: ignore[index]
    problems = validation_errors(raw, source="t.toml")
    assert [p.field for p in problems] == [
        "property.building_price", "loans[0].rate", "loans[0].years", "loans[0].start",
        "loans[0].guarantors[0]", "liens[0].rank"]
    assert problems[4].problem == ("義父 は人の一覧にいません（先に名前を入力してください）",
                                   "義父 is not among the people entered (add them first)")
    assert _error(raw).field == "property.building_price"
    # A schema error does not hide the loan's own: both in one pass.
    raw = _raw("seed1-short-sale.toml")
    raw["loans"][0].update(rate="年0.9くらい", principal="たくさん")  # type: ignore[index]
    assert [p.field for p in validation_errors(raw)] == ["loans[0].principal", "loans[0].rate"]


def test_a_file_without_a_sale_date_sells_in_a_few_months() -> None:
    """No sale_date: the calculation date plus market.sale_lead_months (3 months: short sales take
    3–6 months, liaison-est.com No.006; src/zansai/rules/data/market/sale_lead_months.toml), the
    same default the form states beside its field."""
    from zansai.case.build import default_sale_date
    from zansai.rules import RuleBook

    raw = _raw("seed1-short-sale.toml")
    del raw["sale_date"]
    case, _ = build_case(parse_case_data(raw))
    assert case.at == date(2026, 12, 1)
    assert case.sale_date == date(2027, 3, 1)
    assert default_sale_date(date(2026, 11, 30), RuleBook.default()) == date(2027, 2, 28)
    # An override moves it, like any market-practice default.
    raw["overrides"] = {"market.sale_lead_months": 6}
    assert build_case(parse_case_data(raw))[0].sale_date == date(2027, 6, 1)


def test_an_unknown_purchase_leaves_the_tax_not_computed_and_says_why() -> None:
    """Seed 1 without the purchase date and price: every exit's figures stand (the tax is not part
    of them), and each sale's capital gains tax says it was not computed and why."""
    from zansai.engine.plan import plan
    from zansai.engine.tax import TaxNotComputed

    full = _raw("seed1-short-sale.toml")
    raw = _raw("seed1-short-sale.toml")
    for key in ("acquired_on", "acquisition_price", "land_price", "building_price"):
        del raw["property"][key]  # type: ignore[attr-defined]
    result = plan(*build_case(parse_case_data(raw)))
    before = plan(*build_case(parse_case_data(full)))
    assert [e.remaining_debt for e in result.exits] == [e.remaining_debt for e in before.exits]
    assert result.exit("short_sale").remaining_debt == 7_395_521  # 記事1 (docs/sources/seed1-short-sale.md)
    tax = result.taxes["short_sale"]
    assert isinstance(tax, TaxNotComputed)
    assert tax.missing == ("acquired_on", "acquisition_price")
    short = next(e for e in result.to_dict()["exits"] if e["key"] == "short_sale")
    assert short["capital_gains_tax"]["computed"] is False
    assert short["capital_gains_tax"]["reason"]["id"] == "form.tax.not_computed_both"
    assert tax.reason in result.notes
    # Only the date missing: the reason names the date.
    raw = _raw("seed1-short-sale.toml")
    del raw["property"]["acquired_on"]  # type: ignore[attr-defined]
    only_date = plan(*build_case(parse_case_data(raw))).taxes["normal_sale"]
    assert isinstance(only_date, TaxNotComputed)
    assert "買った日" in only_date.reason.ja
    assert "purchase date" in only_date.reason.en
