"""The field parsers (zansai.inputs) and the plausibility questions, and that the case file and the
command line read through them: 2015年4月, ２８００万, 0.9％, 35年 work wherever a value is typed.

The figures: the README's schedule (3,000万円, 1.5%, 35 years from 2025-01: 91,855円 a month,
issue #2) and examples/seed1-short-sale.toml (docs/sources/seed1-short-sale.md).
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, parse_case_data
from zansai.cli import main
from zansai.errors import InputError
from zansai.inputs import (
    parse_date,
    parse_int,
    parse_month,
    parse_months_list,
    parse_percent,
    parse_term,
    parse_yen,
)
from zansai.plausibility import HIGH_HOME_YEN, LOW_HOME_YEN, plausibility

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AT = "2026-11-21"


# -- the field parsers: a mistake names the field, the value and what is allowed


def test_a_mistake_names_the_field_and_the_value_in_both_languages() -> None:
    with pytest.raises(InputError) as caught:
        parse_yen("借入額", "12万3")
    err = caught.value
    assert err.field == "借入額"
    assert err.message_ja.startswith("借入額 の値 12万3 は使えません。「万」のあとの数は4桁で")
    assert err.message_en.startswith("借入額: 12万3 is not allowed; after 万, write the number with 4 digits")


@pytest.mark.parametrize("parse", [
    lambda v: parse_yen("f", v), lambda v: parse_yen("f", v, unit=10_000),
    lambda v: parse_int("f", v, minimum=0, maximum=10), lambda v: parse_percent("f", v),
    lambda v: parse_term("f", v),
])
@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_is_never_a_number(parse: Any, value: bool) -> None:
    with pytest.raises(InputError):
        parse(value)


def test_yen_fields() -> None:
    assert parse_yen("f", "２０５０万円") == 20_500_000
    assert parse_yen("f", "1,950万円") == 19_500_000
    assert parse_yen("f", 2800, unit=10_000) == 28_000_000  # a number typed in a 万円 field
    assert parse_yen("f", "2800", unit=10_000) == 28_000_000
    assert parse_yen("f", "2800円", unit=10_000) == 2_800  # kept as typed; plausibility asks
    assert parse_yen("f", "0", allow_zero=True) == 0
    for bad, why in (("0", "1円以上"), ("-5万", "マイナス"), ("1.5円", "小数点"), ("10兆1円", "金額は"),
                     ("100000000000000", "10兆円以下")):
        with pytest.raises(InputError, match=why):
            parse_yen("f", bad)


def test_percent_fields() -> None:
    assert parse_percent("f", "0.9％") == Fraction(9, 1000)
    assert parse_percent("f", "年0.9%") == Fraction(9, 1000)
    assert parse_percent("f", "１４．６％") == Fraction(146, 1000)
    with pytest.raises(InputError, match="0 以上、100% 未満"):
        parse_percent("f", "-0.5%")
    with pytest.raises(InputError, match="小数点以下6桁まで"):
        parse_percent("f", "0.1234567")
    with pytest.raises(InputError, match="0 より大きく"):
        parse_percent("f", "0%", allow_zero=False)


def test_term_fields() -> None:
    assert parse_term("f", "35年") == 420
    assert parse_term("f", "420ヶ月") == 420
    assert parse_term("f", 35) == 420
    assert parse_term("f", "30年6か月") == 366
    with pytest.raises(InputError, match="年単位で"):
        parse_term("f", "30年6か月", whole_years=True)
    with pytest.raises(InputError) as caught:
        parse_term("f", "51年")
    assert caught.value.detail() == ("値 51年 は使えません。1か月から50年までの期間で指定してください",
                                     "51年 is not allowed; it must be from 1 month(s) to 50 years")


def test_dates_months_and_small_numbers() -> None:
    assert parse_date("f", "令和8年4月1日") == date(2026, 4, 1)
    assert parse_month("f", "R8.4") == (2026, 4)
    assert parse_month("f", "2015年4月") == (2015, 4)
    assert parse_int("f", "２７", minimum=1, maximum=31) == 27
    assert parse_months_list("f", "６月・１２月") == (6, 12)
    with pytest.raises(InputError, match="令和は2019-05-01（令和元年5月1日）からです"):
        parse_month("f", "令和元年4月")


# -- plausibility: asks, never changes the value


def test_a_home_price_typed_without_man_asks_with_the_amount_it_may_mean() -> None:
    [warning] = plausibility("home_price", parse_yen("時価", "2800円", unit=10_000))
    assert warning.code == "maybe_man"
    assert warning.value == 2_800
    assert warning.suggested == 28_000_000
    assert tuple(warning.message) == ("2,800円と入力されています。2,800万円（28,000,000円）のつもりですか？",
                                      "You entered ¥2,800. Did you mean 2,800万円 (¥28,000,000)?")
    assert warning.to_dict()["message"]["id"] == "inputs.plausibility.maybe_man"


def test_yen_typed_into_a_man_field_asks_for_yen() -> None:
    value = parse_yen("借入額", "28000000", unit=10_000)  # 28,000,000万円
    [warning] = plausibility("loan", value)
    assert (warning.code, warning.suggested) == ("maybe_yen", 28_000_000)


def test_plausible_values_ask_nothing_and_the_bounds_are_where_they_say() -> None:
    assert LOW_HOME_YEN == 1_000_000  # 100万円
    assert plausibility("home_price", 28_000_000) == []
    assert plausibility("balance", LOW_HOME_YEN) == []
    assert [w.code for w in plausibility("balance", LOW_HOME_YEN - 1)] == ["maybe_man"]
    assert plausibility("loan", HIGH_HOME_YEN - 1) == []
    assert [w.code for w in plausibility("loan", HIGH_HOME_YEN + 1)] == ["too_large"]
    assert plausibility("balance", 0) == []  # a loan paid off is no slip
    assert plausibility("rate", Fraction(9, 1000)) == []
    assert [w.code for w in plausibility("rate", Fraction(146, 1000))] == ["rate_high"]
    with pytest.raises(ValueError, match="unknown kind"):
        plausibility("price", 1)


# -- the case file reads through the same parser


def _raw(name: str) -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def test_a_case_file_in_japanese_notation_is_the_same_case() -> None:
    """examples/seed1-short-sale.toml with its values written as a homeowner would."""
    plain = _raw("seed1-short-sale.toml")
    written = _raw("seed1-short-sale.toml")
    written["at"] = "令和8年12月1日"
    written["sale_date"] = "2027/3/31"
    written["property"]["acquired_on"] = "H24.4.20"
    written["property"]["acquisition_price"] = "３，８００万円"
    written["property"]["annual_property_tax"] = "11万8千円"
    written["property"]["land_parcels"] = "１"
    written["loans"][0].update(principal="3,800万円", rate="年1.2％", years="420か月", start="平成24年5月",
                               payment_day="２７", late_rate="14%")
    written["delinquency"]["first_missed"] = "令和8年8月27日(木)"
    written["household"]["monthly_income"] = "24万円"
    written["leaseback_years"] = "10年"
    one = build_case(parse_case_data(plain, source="t.toml"), source="t.toml")[0]
    other = build_case(parse_case_data(written, source="t.toml"), source="t.toml")[0]
    assert other == one
    assert other.liens[0].loan.principal == 38_000_000
    assert other.liens[0].loan.first_payment == date(2012, 5, 27)


@pytest.mark.parametrize(("change", "field", "why"), [
    (lambda r: r["loans"][0].update(years=True), "loans[0].years", "true"),
    (lambda r: r["loans"][0].update(principal=True), "loans[0].principal", "true"),
    (lambda r: r["loans"][0].update(rank=True), "loans[0].rank", "整数"),
    (lambda r: r["property"].update(land_parcels=False), "property.land_parcels", "整数"),
    (lambda r: r.update(leaseback_years=True), "leaseback_years", "True"),
    (lambda r: r["property"].update(acquired_on=20120420), "property.acquired_on", "日付"),
    (lambda r: r["property"].update(acquired_on="平成24年2月30日"), "property.acquired_on",
     "2012年2月に30日はありません"),
    (lambda r: r["loans"][0].update(start="平成31年5月"), "loans[0].start", "平成は2019-04-30"),
    (lambda r: r["property"].update(acquisition_price="12万3"), "property.acquisition_price", "4桁"),
])
def test_a_case_file_mistake_is_named_by_its_path(change: Any, field: str, why: str) -> None:
    raw = _raw("seed1-short-sale.toml")
    change(raw)
    with pytest.raises(InputError) as caught:
        build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    assert caught.value.field == field
    assert why in caught.value.message_ja


# -- the command line reads through the same parser


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = 0
    try:
        main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert code == 0, err
    return dict(json.loads(out))


def test_the_schedule_from_japanese_options_is_the_readme_one(capsys: pytest.CaptureFixture[str]) -> None:
    """zansai schedule with 3,000万円, 1.5%, 35 years from 2025-01: 91,855円 a month (issue #2),
    whether the options are typed as in the README or as a homeowner writes them."""
    readme = _json(["schedule", "--principal", "30000000", "--rate", "1.5", "--years", "35",
                    "--start", "2025-01", "--json", "--at", AT], capsys)
    written = _json(["schedule", "--principal", "３，０００万円", "--rate", "年1.5％", "--years", "35年",
                     "--start", "令和7年1月", "--json", "--at", "令和8年11月21日"], capsys)
    assert readme["monthly_payment"] == written["monthly_payment"] == 91_855
    assert written["payments"] == readme["payments"]


def test_the_cli_names_the_option_of_a_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["schedule", "--principal", "3000万", "--rate", "1.5", "--years", "35",
              "--start", "令和元年4月"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--start の値 令和元年4月 は使えません。令和は2019-05-01（令和元年5月1日）からです" in err
