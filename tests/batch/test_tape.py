"""The loan tape reader: every column's check, its boundaries, row numbers, CSV = Parquet (issue 6).

The column reference is docs/batch-tape.md. Conventions shared with the single-case inputs
(``zansai.inputs.parse_yen`` / ``parse_percent``, ``zansai.loanspec.build_loan``) are checked against
those functions themselves.
"""

from __future__ import annotations

import calendar
import csv
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.batch.chunk import MISSING, NO_DATE, RATE_SCALE, RowError, TapeChunk
from zansai.batch.tape import COLUMNS, MAX_TAPE_YEN, read_tape, tape_columns
from zansai.batch.tape.checks import RULES, Form, Given
from zansai.batch.tape.days import clamped, month_of
from zansai.errors import InputError
from zansai.inputs import parse_percent, parse_yen
from zansai.loanspec import LoanOptions, build_loan

AT = date(2026, 12, 1)
JST = ZoneInfo("Asia/Tokyo")
EPOCH = date(1970, 1, 1)
BASE: dict[str, Any] = {"loan_id": "L1", "principal": "30000000", "rate": "1.25", "term_months": "420",
                        "start_month": "2012-05", "payment_day": "27", "collateral_value": "20000000"}


def day(d: date) -> int:
    return (d - EPOCH).days


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    names: list[str] = []
    for row in rows:
        names += [k for k in row if k not in names]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=names or list(BASE))
        w.writeheader()
        w.writerows(rows)
    return path


def read_all(path: Path, **kw: Any) -> tuple[list[TapeChunk], list[RowError]]:
    chunks = list(read_tape(path, at=kw.pop("at", AT), **kw))
    return chunks, [e for c in chunks for e in c.errors]


def one(tmp_path: Path, at: date = AT, drop: tuple[str, ...] = (),
        **cells: Any) -> tuple[TapeChunk, list[RowError]]:
    """Read a tape of three rows: BASE, BASE with ``cells``, BASE (the middle one is row 2)."""
    row = {k: v for k, v in {**BASE, **cells}.items() if k not in drop}
    base = {k: v for k, v in BASE.items() if k not in drop}
    if "start_month" in drop:
        base["first_payment"] = "2012-05-27"
    chunks, errors = read_all(write_csv(tmp_path / "t.csv", [base, row, base]), at=at)
    assert len(chunks) == 1
    assert chunks[0].rows_read == 3
    return chunks[0], errors


def rejected(tmp_path: Path, column: str, **cells: Any) -> RowError:
    chunk, errors = one(tmp_path, **cells)
    assert [(e.row, e.column) for e in errors] == [(2, column)], errors
    assert chunk.row.tolist() == [1, 3]
    return errors[0]


def accepted(tmp_path: Path, **cells: Any) -> tuple[TapeChunk, int]:
    """The chunk and the index of the middle row in it."""
    chunk, errors = one(tmp_path, **cells)
    assert errors == []
    assert chunk.row.tolist() == [1, 2, 3]
    return chunk, 1


# --- one column at a time: boundaries accepted, one step beyond rejected ----------------------

@pytest.mark.parametrize(("text", "yen"), [
    ("1", 1), ("10000000000", MAX_TAPE_YEN), ("30,000,000", 30_000_000), ("30_000_000", 30_000_000),
    ("3000万", 30_000_000), ("1.5万円", 15_000), ("30000000円", 30_000_000), (" 2500万 ", 25_000_000),
])
def test_principal_accepts_whole_yen_up_to_the_bound(tmp_path: Path, text: str, yen: int) -> None:
    chunk, i = accepted(tmp_path, principal=text)
    assert chunk.principal[i] == yen
    assert parse_yen("principal", text.strip()) == yen  # the case file's own reading (zansai.inputs)


@pytest.mark.parametrize("text", ["10000000001", "1,0000,000,001", "0", "-5", "1.5", "abc", "1.23456万",
                                  "1e7"])
def test_principal_rejects(tmp_path: Path, text: str) -> None:
    err = rejected(tmp_path, "principal", principal=text)
    assert err.value == text
    assert err.loan_id == "L1"
    assert err.message_ja.startswith("1以上10,000,000,000以下の円の整数にしてください")
    assert err.message_en.startswith("it must be a whole number of yen from 1 to 10,000,000,000")


def test_required_columns_blank_in_a_row(tmp_path: Path) -> None:
    for column in ("loan_id", "principal", "rate", "term_months", "collateral_value"):
        err = rejected(tmp_path, column, **{column: "  "})
        assert err.message_en == "this column is required; give a value"
        assert err.loan_id == ("" if column == "loan_id" else "L1")


@pytest.mark.parametrize(("text", "scaled"), [
    ("0", 0), ("20", 20_000_000), ("1.25", 1_250_000), ("1.25%", 1_250_000), ("1.123456", 1_123_456),
    ("1.1234560", 1_123_456), (".5", 500_000), ("19.999999", 19_999_999),
])
def test_rate_is_percent_times_a_million(tmp_path: Path, text: str, scaled: int) -> None:
    chunk, i = accepted(tmp_path, rate=text)
    assert chunk.rate[i] == scaled
    # zansai.inputs.parse_percent reads the same number (it refuses "1.1234560": a seventh decimal,
    # though zero; the tape does not count trailing zeros)
    assert Fraction(scaled, RATE_SCALE) == Fraction(Decimal(text.removesuffix("%"))) / 100
    if text != "1.1234560":
        assert Fraction(scaled, RATE_SCALE) == parse_percent("rate", text)


@pytest.mark.parametrize("text", ["20.000001", "-0.1", "1.1234567", "abc", "1,25", "nan", "inf", "1.2.3"])
def test_rate_rejects(tmp_path: Path, text: str) -> None:
    err = rejected(tmp_path, "rate", rate=text)
    assert "at most 6 decimals" in err.message_en
    assert "小数6桁まで" in err.message_ja


@pytest.mark.parametrize(("text", "ok"), [("1", True), ("600", True), ("0", False), ("601", False),
                                         ("12.5", False), ("x", False)])
def test_term_months_1_to_600(tmp_path: Path, text: str, ok: bool) -> None:
    if ok:
        chunk, i = accepted(tmp_path, term_months=text)
        assert chunk.term_months[i] == int(text)
    else:
        rejected(tmp_path, "term_months", term_months=text)


def test_first_payment_from_start_month_and_payment_day(tmp_path: Path) -> None:
    """Day 31 in February 2024 is the 29th; a 30-day month clamps too (loanspec.build_loan's rule)."""
    chunk, i = accepted(tmp_path, start_month="2024-02", payment_day="31")
    assert chunk.first_payment[i] == day(date(2024, 2, 29))
    assert chunk.payment_day[i] == 31
    chunk, i = accepted(tmp_path, start_month="2024-4", payment_day="")
    assert chunk.first_payment[i] == day(date(2024, 4, 1))
    assert chunk.payment_day[i] == 1
    built = build_loan(LoanOptions(principal="30000000", rate="1.25", years="35", start="2024-02",
                                   payment_day="31"))
    assert built.loan.first_payment == date(2024, 2, 29)


@pytest.mark.parametrize(("cells", "column"), [
    ({"start_month": "2012-13"}, "start_month"), ({"start_month": "1899-12"}, "start_month"),
    ({"start_month": "2012/05"}, "start_month"), ({"start_month": "2012-05-01"}, "start_month"),
    ({"start_month": ""}, "start_month"), ({"payment_day": "0"}, "payment_day"),
    ({"payment_day": "32"}, "payment_day"),
])
def test_start_month_and_payment_day_reject(tmp_path: Path, cells: dict[str, str], column: str) -> None:
    rejected(tmp_path, column, **cells)


def test_first_payment_instead_of_start_month(tmp_path: Path) -> None:
    chunk, i = accepted(tmp_path, drop=("start_month",), first_payment="2024-02-29", payment_day="31")
    assert chunk.first_payment[i] == day(date(2024, 2, 29))
    assert chunk.payment_day[i] == 31
    chunk, i = accepted(tmp_path, drop=("start_month", "payment_day"), first_payment="2012-05-27")
    assert chunk.payment_day[i] == 27
    assert chunk.first_payment[i] == day(date(2012, 5, 27))
    # both given: they must agree
    chunk, i = accepted(tmp_path, first_payment="2012-05-27")
    assert chunk.first_payment[i] == day(date(2012, 5, 27))


@pytest.mark.parametrize(("cells", "column"), [
    ({"first_payment": "2012-06-27"}, "first_payment"),          # not in start_month 2012-05
    ({"first_payment": "2012-05-26"}, "first_payment"),          # not payment_day 27
    ({"first_payment": "2012-05-32"}, "first_payment"),
    ({"first_payment": "1899-12-31", "start_month": ""}, "first_payment"),
    ({"first_payment": "2201-01-01", "start_month": ""}, "first_payment"),
])
def test_first_payment_rejects(tmp_path: Path, cells: dict[str, str], column: str) -> None:
    rejected(tmp_path, column, **cells)


def test_neither_start_month_nor_first_payment(tmp_path: Path) -> None:
    err = rejected(tmp_path, "start_month", start_month="", first_payment="")
    assert "first_payment" in err.message_en


def test_payment_day_must_match_a_clamped_first_payment(tmp_path: Path) -> None:
    rejected(tmp_path, "first_payment", drop=("start_month",), first_payment="2024-02-28", payment_day="31")


@pytest.mark.parametrize(("text", "code"), [("annuity", 0), ("元利均等", 0), ("Level", 0),
                                            ("equal_principal", 1), ("equal-principal", 1), ("元金均等", 1),
                                            ("", 0)])
def test_method_aliases_of_loanspec(tmp_path: Path, text: str, code: int) -> None:
    chunk, i = accepted(tmp_path, method=text)
    assert chunk.method[i] == code


def test_method_rejects(tmp_path: Path) -> None:
    err = rejected(tmp_path, "method", method="bullet")
    assert "元金均等" in err.message_en


def test_bonus_share_up_to_the_rule_cap(tmp_path: Path) -> None:
    """Rule loan.bonus_share_cap is 0.40 from 2003-10-01 (フラット35's limit, rules/data/loan/
    bonus_share_cap.toml): 40 is fine, 40.000001 is not; the bonus part is floored like loanspec's."""
    chunk, i = accepted(tmp_path, bonus_share="40")
    assert chunk.bonus_principal[i] == 12_000_000
    err = rejected(tmp_path, "bonus_share", bonus_share="40.000001")
    assert "loan.bonus_share_cap" in err.message_ja
    assert "loan.bonus_share_cap" in err.message_en
    assert "40%" in err.message_en
    built = build_loan(LoanOptions(principal="33333333", rate="1", years="35", start="2012-05",
                                   bonus_share="33.333333"))
    chunk, i = accepted(tmp_path, principal="33333333", bonus_share="33.333333")
    assert chunk.bonus_principal[i] == built.loan.bonus_principal == 11_111_110


def test_bonus_share_before_the_rule_covers_it(tmp_path: Path) -> None:
    """The cap rule starts 2003-10-01: a bonus part on an earlier first payment cannot be checked."""
    err = rejected(tmp_path, "bonus_share", start_month="2003-09", bonus_share="10")
    assert "2003-10-01" in err.message_en
    chunk, i = accepted(tmp_path, start_month="2003-10", payment_day="1", bonus_share="10")
    assert chunk.bonus_principal[i] == 3_000_000
    chunk, i = accepted(tmp_path, start_month="1999-01", bonus_share="0")
    assert chunk.bonus_principal[i] == 0


@pytest.mark.parametrize("text", ["-1", "100", "abc", "10.1234567"])
def test_bonus_share_rejects(tmp_path: Path, text: str) -> None:
    rejected(tmp_path, "bonus_share", bonus_share=text)


def test_current_balance_and_balance_date(tmp_path: Path) -> None:
    first = date(2012, 5, 27)
    chunk, i = accepted(tmp_path, current_balance="30000000")
    assert chunk.current_balance[i] == 30_000_000
    assert chunk.balance_date[i] == day(AT)
    assert chunk.current_balance[0] == MISSING
    assert chunk.balance_date[0] == NO_DATE
    chunk, i = accepted(tmp_path, current_balance="0", balance_date=first.isoformat())
    assert chunk.current_balance[i] == 0
    assert chunk.balance_date[i] == day(first)
    rejected(tmp_path, "current_balance", current_balance="30000001")
    rejected(tmp_path, "current_balance", current_balance="-1")
    rejected(tmp_path, "balance_date", current_balance="1000", balance_date="2012-05-26")
    rejected(tmp_path, "balance_date", current_balance="1000", balance_date="2026-12-02")
    err = rejected(tmp_path, "balance_date", balance_date="2020-01-01")
    assert "current_balance" in err.message_en


def test_a_balance_owed_after_the_last_due_date_is_refused(tmp_path: Path) -> None:
    """A 10-year loan from May 2012 is last due on 2022-04-27: a balance still owed on a later
    date has no payment left to repay it (the engine's loan.anchor.after_end); a zero one is a
    repaid loan."""
    loan = {"term_months": "120", "balance_date": "2022-04-27"}
    err = rejected(tmp_path, "balance_date", current_balance="1000", **loan)
    assert "2022-04-27" in err.message_en
    accepted(tmp_path, current_balance="0", **loan)
    accepted(tmp_path, current_balance="1000", term_months="120", balance_date="2022-04-26")


def test_balance_defaults_to_at_which_must_not_precede_the_first_payment(tmp_path: Path) -> None:
    rejected(tmp_path, "balance_date", start_month="2027-01", current_balance="30000000")


def test_first_missed_between_first_payment_at_and_last_due_date(tmp_path: Path) -> None:
    chunk, i = accepted(tmp_path, first_missed="2012-05-27")
    assert chunk.first_missed[i] == day(date(2012, 5, 27))
    assert chunk.first_missed[0] == NO_DATE
    accepted(tmp_path, first_missed=AT.isoformat())
    rejected(tmp_path, "first_missed", first_missed="2012-05-26")
    rejected(tmp_path, "first_missed", first_missed="2026-12-02")
    # 12 payments from January 2020 on the 31st: the last falls due 2020-12-31
    accepted(tmp_path, start_month="2020-01", payment_day="31", term_months="12", first_missed="2020-12-31")
    err = rejected(tmp_path, "first_missed", start_month="2020-01", payment_day="30", term_months="12",
                   first_missed="2020-12-31")
    assert "2020-12-30" in err.message_en
    rejected(tmp_path, "first_missed", first_missed="2024/01/01")


def test_collateral_and_appraisals(tmp_path: Path) -> None:
    chunk, i = accepted(tmp_path, collateral_value="1", appraisal_low="5", appraisal_high="5")
    assert (chunk.collateral_value[i], chunk.appraisal_low[i], chunk.appraisal_high[i]) == (1, 5, 5)
    assert chunk.appraisal_low[0] == MISSING
    assert chunk.appraisal_high[0] == MISSING
    accepted(tmp_path, collateral_value="10000000000")
    rejected(tmp_path, "collateral_value", collateral_value="0")
    rejected(tmp_path, "collateral_value", collateral_value="10000000001")
    rejected(tmp_path, "appraisal_low", appraisal_low="0")
    err = rejected(tmp_path, "appraisal_high", appraisal_low="6", appraisal_high="5")
    assert "appraisal_low" in err.message_en


@pytest.mark.parametrize(("text", "code"), [("house", 0), ("condo", 1), ("マンション", 1), ("Mansion", 1),
                                            ("戸建て", 0), ("戸建", 0), ("一戸建て", 0), ("", 0)])
def test_property_type(tmp_path: Path, text: str, code: int) -> None:
    chunk, i = accepted(tmp_path, property_type=text)
    assert chunk.property_type[i] == code


def test_property_type_rejects(tmp_path: Path) -> None:
    rejected(tmp_path, "property_type", property_type="apartment")


def test_lien_rank_and_senior_claim(tmp_path: Path) -> None:
    chunk, i = accepted(tmp_path, lien_rank="20", senior_claim="1")
    assert chunk.lien_rank[i] == 20
    assert chunk.senior_claim[i] == 1
    chunk, i = accepted(tmp_path, lien_rank="1", senior_claim="0")
    assert chunk.lien_rank[i] == 1
    assert chunk.senior_claim[i] == 0
    assert chunk.lien_rank[0] == 1
    assert chunk.senior_claim[0] == 0
    rejected(tmp_path, "lien_rank", lien_rank="21")
    rejected(tmp_path, "lien_rank", lien_rank="0")
    rejected(tmp_path, "senior_claim", lien_rank="2")
    rejected(tmp_path, "senior_claim", lien_rank="2", senior_claim="0")
    rejected(tmp_path, "senior_claim", senior_claim="5")


def test_lender_and_guarantee_company(tmp_path: Path) -> None:
    """A JHF (フラット35) loan has no 保証会社 (docs/sources/law-debt-divorce.md §4.2): blank or false
    only."""
    chunk, i = accepted(tmp_path, lender_type="jhf")
    assert chunk.lender_type[i] == 1
    assert not chunk.guarantor_company[i]
    assert chunk.lender_type[0] == 0
    assert chunk.guarantor_company[0]
    for text in ("false", "なし", "0", "No"):
        chunk, i = accepted(tmp_path, lender_type="住宅金融支援機構", guarantee_company=text)
        assert not chunk.guarantor_company[i]
    for lender in ("flat35", "フラット35"):
        chunk, i = accepted(tmp_path, lender_type=lender)
        assert chunk.lender_type[i] == 1
    chunk, i = accepted(tmp_path, lender_type="銀行", guarantee_company="no")
    assert chunk.lender_type[i] == 0
    assert not chunk.guarantor_company[i]
    chunk, i = accepted(tmp_path, guarantee_company="あり")
    assert chunk.guarantor_company[i]
    err = rejected(tmp_path, "guarantee_company", lender_type="jhf", guarantee_company="true")
    assert "guarantee company" in err.message_en
    assert "保証会社" in err.message_ja
    rejected(tmp_path, "guarantee_company", guarantee_company="maybe")
    rejected(tmp_path, "lender_type", lender_type="shinkin")


def test_late_rate_and_costs(tmp_path: Path) -> None:
    chunk, i = accepted(tmp_path, late_rate="30", moving_cost="0", unpaid_management_fees="120,000",
                        monthly_management_fee="15000")
    assert chunk.late_rate[i] == 30_000_000
    assert chunk.moving_cost[i] == 0
    assert chunk.unpaid_management_fees[i] == 120_000
    assert chunk.monthly_management_fee[i] == 15_000
    assert chunk.late_rate[0] == MISSING
    assert chunk.moving_cost[0] == MISSING
    assert chunk.unpaid_management_fees[0] == 0
    assert chunk.monthly_management_fee[0] == MISSING
    rejected(tmp_path, "late_rate", late_rate="30.000001")
    rejected(tmp_path, "moving_cost", moving_cost="-1")
    rejected(tmp_path, "unpaid_management_fees", unpaid_management_fees="x")
    rejected(tmp_path, "monthly_management_fee", monthly_management_fee="1.5")


def test_sale_date(tmp_path: Path) -> None:
    chunk, i = accepted(tmp_path, sale_date=AT.isoformat())
    assert chunk.sale_date.tolist() == [day(AT)] * 3
    chunk, i = accepted(tmp_path, sale_date="2027-03-31")
    assert chunk.sale_date[i] == day(date(2027, 3, 31))
    rejected(tmp_path, "sale_date", sale_date="2026-11-30")
    path = write_csv(tmp_path / "s.csv", [BASE])
    chunks, _ = read_all(path, sale_date=date(2027, 1, 15))
    assert chunks[0].sale_date.tolist() == [day(date(2027, 1, 15))]
    with pytest.raises(InputError):
        read_tape(path, at=AT, sale_date=date(2026, 11, 30))


@pytest.mark.parametrize("column", ["market.short_sale_price_ratio", "market.dealer_purchase_ratio",
                                    "auction.realized_to_market_ratio"])
def test_rule_overrides_are_ratios(tmp_path: Path, column: str) -> None:
    """Ratios in the rule files' unit (market/short_sale_price_ratio.toml holds 0.95): × 10**8."""
    field = {"market.short_sale_price_ratio": "short_sale_price_ratio",
             "market.dealer_purchase_ratio": "dealer_purchase_ratio",
             "auction.realized_to_market_ratio": "auction_realized_ratio"}[column]
    chunk, i = accepted(tmp_path, **{column: "0.9"})
    assert getattr(chunk, field)[i] == 90_000_000
    assert getattr(chunk, field)[0] == MISSING
    chunk, i = accepted(tmp_path, **{column: "1.5"})
    assert getattr(chunk, field)[i] == 150_000_000
    chunk, i = accepted(tmp_path, **{column: "0.00000001"})
    assert getattr(chunk, field)[i] == 1
    for bad in ("1.50000001", "0", "0.123456789", "90%", "-0.5"):
        rejected(tmp_path, column, **{column: bad})


def test_loan_id_and_region(tmp_path: Path) -> None:
    chunk, i = accepted(tmp_path, loan_id=" " + "x" * 64 + " ", region="東京都")
    assert chunk.loan_id[i].as_py() == "x" * 64
    assert chunk.region.to_pylist() == ["", "東京都", ""]
    # kept as Arrow strings from the tape to the results (no Python objects per row)
    assert chunk.loan_id.type == chunk.region.type == pa.string()
    err = rejected(tmp_path, "loan_id", loan_id="x" * 65)
    assert err.loan_id == "x" * 65


def test_one_error_per_row_the_first_failing_column(tmp_path: Path) -> None:
    err = rejected(tmp_path, "principal", principal="-1", rate="abc", sale_date="1999-01-01")
    assert err.value == "-1"


def test_no_first_due_date_is_reported_on_first_payment_without_a_start_month_column(tmp_path: Path) -> None:
    err = rejected(tmp_path, "first_payment", drop=("start_month",), first_payment="")
    assert err.message_ja == "start_month（返済開始月 YYYY-MM）か first_payment（初回返済日）を入れてください"
    assert err.message_en == "give start_month (YYYY-MM) or first_payment (the first due date)"


YEN_FROM_0 = ("0以上10,000,000,000以下の円の整数にしてください（例: 30000000, 30,000,000, 3000万）",
              "it must be a whole number of yen from 0 to 10,000,000,000 (e.g. 30000000, 30,000,000, 3000万)")
DATE = ("日付を YYYY-MM-DD（1900-01-01〜2200-12-31）で入れてください",
        "it must be a date YYYY-MM-DD from 1900-01-01 to 2200-12-31")


@pytest.mark.parametrize(("cells", "column", "ja", "en"), [
    ({"current_balance": "1000", "balance_date": "2020/01/01"}, "balance_date", *DATE),
    ({"appraisal_high": "0"}, "appraisal_high",
     "1以上10,000,000,000以下の円の整数にしてください（例: 30000000, 30,000,000, 3000万）",
     "it must be a whole number of yen from 1 to 10,000,000,000 (e.g. 30000000, 30,000,000, 3000万)"),
    ({"senior_claim": "-1"}, "senior_claim", *YEN_FROM_0),
    ({"sale_date": "2027-02-30"}, "sale_date", *DATE),
    ({"payment_day": "32"}, "payment_day", "1以上31以下の整数にしてください",
     "it must be a whole number from 1 to 31"),
    ({"start_month": "2012-13"}, "start_month", "年月を YYYY-MM（1900-01〜2200-12）で入れてください",
     "it must be a month YYYY-MM from 1900-01 to 2200-12"),
    ({"late_rate": "30.000001"}, "late_rate",
     "0以上30以下の百分率（小数6桁まで。1.25 は 1.25%）にしてください",
     "it must be a percent from 0 to 30 with at most 6 decimals (1.25 means 1.25%)"),
    ({"market.dealer_purchase_ratio": "0"}, "market.dealer_purchase_ratio",
     "0より大きく1.5以下の比率（小数8桁まで。0.9 は 90%）にしてください",
     "it must be a ratio above 0 and at most 1.5 with at most 8 decimals (0.9 means 90%)"),
    ({"lender_type": "shinkin"}, "lender_type",
     "次のどれかにしてください: bank, 銀行, jhf, flat35, フラット35, 住宅金融支援機構",
     "it must be one of: bank, 銀行, jhf, flat35, フラット35, 住宅金融支援機構"),
])
def test_what_a_column_allows(tmp_path: Path, cells: dict[str, str], column: str, ja: str, en: str) -> None:
    """A cell not of its column's form: the message says what the column allows (docs/batch-tape.md)."""
    err = rejected(tmp_path, column, **cells)
    assert (err.value, err.message_ja, err.message_en) == (cells[column], ja, en)


@pytest.mark.parametrize(("cells", "column", "ja", "en"), [
    ({"first_payment": "2012-06-27"}, "first_payment",
     "start_month（2012-05）の月の日付にしてください", "it must fall in start_month (2012-05)"),
    ({"first_payment": "2012-05-26"}, "first_payment",
     "payment_day（27日、月末を超える日は月末）に合う日にしてください",
     "its day must match payment_day (27; the month's last day when shorter)"),
    ({"current_balance": "30000001"}, "current_balance",
     "借入額（principal 30,000,000円）以下にしてください", "it cannot exceed the principal (30,000,000 yen)"),
    ({"balance_date": "2020-01-01"}, "balance_date",
     "current_balance（残高）がない行には入れないでください", "it is given only with a current_balance"),
    ({"current_balance": "1000", "balance_date": "2012-05-26"}, "balance_date",
     "初回返済日 2012-05-27 以降、計算基準日 2026-12-01 以前の日付にしてください（省略時は計算基準日）",
     "it must be on or after the first payment 2012-05-27 and on or before the calculation date "
     "2026-12-01 (omitted: the calculation date)"),
    # 420 payments from 2012-05-27: the last falls due 2047-04-27
    ({"first_missed": "2026-12-02"}, "first_missed",
     "初回返済日 2012-05-27 以降、計算基準日 2026-12-01 以前、最終回の期日 2047-04-27 "
     "以前の日付にしてください",
     "it must be on or after the first payment 2012-05-27, on or before the calculation date 2026-12-01 "
     "and on or before the last due date 2047-04-27"),
    ({"appraisal_low": "6", "appraisal_high": "5"}, "appraisal_high",
     "appraisal_low（6円）以上にしてください", "it must be at least appraisal_low (6 yen)"),
    ({"lien_rank": "2"}, "senior_claim", "lien_rank が2以上なら、先順位の債権額（1円以上）を入れてください",
     "a lien_rank of 2 or more needs the claims ranking ahead (at least 1 yen)"),
    ({"senior_claim": "5"}, "senior_claim", "lien_rank が1（第1順位）なら空欄か0にしてください",
     "it must be blank or 0 when lien_rank is 1 (first lien)"),
    ({"lender_type": "jhf", "guarantee_company": "1"}, "guarantee_company",
     "住宅金融支援機構（フラット35）のローンに保証会社はありません。空欄か false にしてください",
     "a JHF (Flat 35) loan has no guarantee company; leave it blank or false"),
    ({"sale_date": "2026-11-30"}, "sale_date",
     "計算基準日 2026-12-01 以降の日付にしてください",
     "it must be on or after the calculation date 2026-12-01"),
])
def test_the_rules_across_columns_name_the_rows_figures(tmp_path: Path, cells: dict[str, str], column: str,
                                                        ja: str, en: str) -> None:
    err = rejected(tmp_path, column, **cells)
    assert (err.value, err.message_ja, err.message_en) == (cells.get(column, ""), ja, en)


@pytest.mark.parametrize(("cells", "column", "en"), [
    # a column's own form before the rules relating it to other columns
    ({"lien_rank": "2", "senior_claim": "-1"}, "senior_claim", "it must be a whole number of yen from 0"),
    ({"current_balance": "-1", "balance_date": "2020-01-01"}, "current_balance",
     "it must be a whole number of yen from 0"),
    # a rule on an earlier column before a later column's own form
    ({"current_balance": "30000001", "balance_date": "x"}, "current_balance",
     "it cannot exceed the principal"),
    ({"first_payment": "2012-06-27", "method": "bullet"}, "first_payment", "it must fall in start_month"),
    ({"first_missed": "2026-12-02", "collateral_value": ""}, "first_missed", "it must be on or after"),
    ({"appraisal_low": "6", "appraisal_high": "5", "property_type": "x"}, "appraisal_high",
     "it must be at least appraisal_low"),
    ({"lender_type": "jhf", "guarantee_company": "true", "late_rate": "99"}, "guarantee_company", "a JHF"),
    ({"sale_date": "2026-11-30", "market.dealer_purchase_ratio": "2"}, "sale_date", "it must be on or after"),
    # within a column, in the order of its rules: in start_month, then on payment_day
    ({"first_payment": "2012-06-26"}, "first_payment", "it must fall in start_month"),
    ({"lien_rank": "21", "senior_claim": "5"}, "lien_rank", "it must be a whole number from 1 to 20"),
])
def test_a_row_is_reported_for_the_first_rule_it_breaks(tmp_path: Path, cells: dict[str, str], column: str,
                                                        en: str) -> None:
    assert rejected(tmp_path, column, **cells).message_en.startswith(en)


def test_each_column_is_checked_in_the_order_of_columns() -> None:
    """``RULES`` checks each column's own form once, in the order of ``COLUMNS`` (docs/batch-tape.md's
    table); loan_id has rules of its own and region none."""
    assert [rule.column for rule in RULES if isinstance(rule, Form)] == [
        c for c in COLUMNS if c not in ("loan_id", "region")]
    assert [rule.column for rule in RULES if isinstance(rule, Given)] == [
        "principal", "rate", "term_months", "collateral_value"]


# --- the file --------------------------------------------------------------------------------

def rows_10() -> list[dict[str, Any]]:
    rows = [{**BASE, "loan_id": f"L{k}"} for k in range(1, 11)]
    rows[1]["rate"] = "x"
    rows[4]["principal"] = "0"
    rows[8]["collateral_value"] = ""
    return rows


def test_row_numbers_continue_across_chunks(tmp_path: Path) -> None:
    chunks, errors = read_all(write_csv(tmp_path / "t.csv", rows_10()), chunk_rows=3)
    assert [c.rows_read for c in chunks] == [3, 3, 3, 1]
    assert [(e.row, e.loan_id, e.column) for e in errors] == [
        (2, "L2", "rate"), (5, "L5", "principal"), (9, "L9", "collateral_value")]
    assert [c.row.tolist() for c in chunks] == [[1, 3], [4, 6], [7, 8], [10]]
    assert [c.loan_id.to_pylist() for c in chunks] == [["L1", "L3"], ["L4", "L6"], ["L7", "L8"], ["L10"]]


def parquet_of(path: Path, rows: list[dict[str, Any]], types: dict[str, pa.DataType]) -> Path:
    names = list(rows[0])
    arrays = [pa.array([r[n] for r in rows], type=types.get(n)) for n in names]
    pq.write_table(pa.Table.from_arrays(arrays, names=names), path)
    return path


def test_parquet_types(tmp_path: Path) -> None:
    """Integer yen, float / decimal percents, date32 / timestamp dates (the date where it is stamped),
    booleans, integer ids."""
    row = {"loan_id": 7, "principal": 30_000_000, "rate": 1.25, "term_months": 420,
           "first_payment": date(2012, 5, 27), "collateral_value": 2.0e7, "late_rate": Decimal("14.600"),
           "guarantee_company": False, "lien_rank": 2, "senior_claim": 5_000_000,
           "sale_date": datetime(2027, 1, 5, 7, 30, tzinfo=JST),  # 2027-01-04 22:30 UTC
           "market.dealer_purchase_ratio": 0.7}
    types = {"term_months": pa.int16(), "lien_rank": pa.int8(), "late_rate": pa.decimal128(10, 3),
             "sale_date": pa.timestamp("s", tz="Asia/Tokyo")}
    bad = [{**row, "rate": 0.1 + 0.2}, {**row, "principal": 1.5e7 + 0.5},
           {**row, "collateral_value": float("nan")}]
    path = parquet_of(tmp_path / "t.parquet", [row, *bad], types)
    chunks, errors = read_all(path)
    assert [(e.row, e.column, e.value) for e in errors] == [
        (2, "rate", "0.30000000000000004"), (3, "principal", "15000000.5"), (4, "collateral_value", "nan")]
    c = chunks[0]
    assert c.loan_id.to_pylist() == ["7"]
    assert c.principal.tolist() == [30_000_000]
    assert c.rate.tolist() == [1_250_000]
    assert c.first_payment.tolist() == [day(date(2012, 5, 27))]
    assert c.payment_day.tolist() == [27]
    assert c.collateral_value.tolist() == [20_000_000]
    assert c.late_rate.tolist() == [14_600_000]
    assert c.guarantor_company.tolist() == [False]
    assert c.lien_rank.tolist() == [2]
    assert c.sale_date.tolist() == [day(date(2027, 1, 5))]
    assert c.dealer_purchase_ratio.tolist() == [70_000_000]


def test_parquet_dictionary_and_string_columns(tmp_path: Path) -> None:
    rows = [{**BASE, "loan_id": f"L{k}", "region": "大阪府", "method": "元金均等"} for k in range(3)]
    table = pa.Table.from_pylist(rows)
    table = table.set_column(table.schema.get_field_index("region"), "region",
                             table.column("region").dictionary_encode())
    pq.write_table(table, tmp_path / "t.pq")
    chunks, errors = read_all(tmp_path / "t.pq")
    assert errors == []
    assert chunks[0].region.to_pylist() == ["大阪府"] * 3
    assert chunks[0].method.tolist() == [1] * 3


FIELDS = [f for f in TapeChunk.__slots__ if f not in ("errors", "rows_read", "located")]  # type: ignore[attr-defined]


def assert_same(a: list[TapeChunk], b: list[TapeChunk]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.rows_read == y.rows_read
        assert x.errors == y.errors
        assert x.located == y.located
        for name in FIELDS:
            u, v = getattr(x, name), getattr(y, name)
            if isinstance(u, pa.Array):
                assert u.equals(v), name
            else:
                assert u.dtype == v.dtype, name
                assert np.array_equal(u, v), name


def test_csv_and_parquet_of_the_same_rows_give_the_same_chunks(tmp_path: Path) -> None:
    rows = [*rows_10(), {**BASE, "loan_id": "L11", "first_missed": "2020-01-27", "current_balance": "2500万",
                         "bonus_share": "20", "region": "北海道", "late_rate": "14.6"}]
    for row in rows:
        for k in ("first_missed", "current_balance", "bonus_share", "region", "late_rate"):
            row.setdefault(k, "")
    csv_chunks, _ = read_all(write_csv(tmp_path / "t.csv", rows), chunk_rows=4)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet")
    pq_chunks, _ = read_all(tmp_path / "t.parquet", chunk_rows=4)
    assert_same(csv_chunks, pq_chunks)
    assert csv_chunks[-1].bonus_principal.tolist() == [0, 6_000_000]


def test_chunk_dtypes_match_the_interface(tmp_path: Path) -> None:
    chunk, _ = accepted(tmp_path)
    empty = TapeChunk.empty()
    for name in FIELDS:
        got, want = getattr(chunk, name), getattr(empty, name)
        assert type(got) is type(want), name
        if isinstance(got, np.ndarray):
            assert got.dtype == want.dtype, name


def test_tape_columns_and_unknown_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [{"memo": "x", **BASE, "Principal": "1", "備考": "y"}])
    known, unknown = tape_columns(path)
    assert known == list(BASE)
    assert unknown == ["memo", "Principal", "備考"]
    chunks, errors = read_all(path)
    assert errors == []
    assert chunks[0].principal.tolist() == [30_000_000]


def test_missing_required_columns_are_all_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [{"loan_id": "L1", "term_months": "12"}])
    with pytest.raises(InputError) as exc:
        read_tape(path, at=AT)
    assert exc.value.field == "TAPE"
    for name in ("principal", "rate", "collateral_value", "start_month (or first_payment)"):
        assert name in exc.value.message_en
        assert name in exc.value.message_ja


@pytest.mark.parametrize(("name", "content"), [
    ("missing.csv", None), ("t.xlsx", b"loan_id\n"), ("t.parquet", b"loan_id,principal\n1,2\n"),
    ("t.csv", b"PAR1\x00\x15\x04\x15\x10\x15\x14L\x15\x02\x15\x00"),
    ("t.csv", ("loan_id,principal,rate,term_months,start_month,collateral_value\n"
               "L1,1,1,1,2020-01,1\n").encode("shift_jis") + "L2,１,1,1,2020-01,1\n".encode("shift_jis")),
])
def test_unreadable_files(tmp_path: Path, name: str, content: bytes | None) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        for _ in read_tape(path, at=AT):
            pass
    assert exc.value.field == "TAPE"
    assert exc.value.message_ja
    assert exc.value.message_en


def test_a_csv_row_with_too_many_fields_stops_the_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [BASE])
    path.write_text(path.read_text() + "L2,1,1,1,2020-01,1,1,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match="number of fields"):
        list(read_tape(path, at=AT))


def test_duplicate_known_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("loan_id,principal,principal,rate\nL1,1,2,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="principal"):
        read_tape(path, at=AT)


def test_empty_tape_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(",".join(BASE) + "\n", encoding="utf-8")
    assert list(read_tape(path, at=AT)) == []
    pq.write_table(pa.Table.from_pylist([BASE]).slice(0, 0), tmp_path / "t.parquet")
    assert list(read_tape(tmp_path / "t.parquet", at=AT)) == []


def test_blank_lines_are_skipped_and_a_bom_is_fine(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [BASE, {**BASE, "loan_id": "L2", "rate": "x"}])
    head, first, second = path.read_text(encoding="utf-8").splitlines()
    path.write_text(f"\ufeff{head}\n\n{first}\n\n{second}\n\n", encoding="utf-8")
    chunks, errors = read_all(path)
    assert [(e.row, e.column) for e in errors] == [(2, "rate")]
    assert chunks[0].row.tolist() == [1]
    assert chunks[0].rows_read == 2


def test_a_csv_row_with_too_few_fields_stops_the_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [BASE])
    path.write_text(path.read_text(encoding="utf-8") + "L2,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="number of fields"):
        list(read_tape(path, at=AT))


# --- exactness against the single-case parsers and the calendar -------------------------------

@settings(max_examples=25)
@given(st.lists(st.integers(0, MAX_TAPE_YEN + 10), min_size=1, max_size=30),
       st.lists(st.decimals(0, 25, places=7, allow_nan=False), min_size=1, max_size=30))
def test_yen_and_percent_agree_with_the_case_file_parsers(tmp_path_factory: pytest.TempPathFactory,
                                                          amounts: list[int], rates: list[Decimal]) -> None:
    """Each amount (written plain, with commas, or in 万 when whole) and each rate reads as
    ``parse_yen`` / ``parse_percent`` read it, or is rejected within the tape's bounds."""
    rows = []
    for k in range(max(len(amounts), len(rates))):
        amount, rate = amounts[k % len(amounts)], rates[k % len(rates)]
        man = f"{amount // 10_000}万" if amount % 10_000 == 0 else str(amount)
        text = [str(amount), f"{amount:,}", man][k % 3]
        rows.append({**BASE, "loan_id": f"L{k}", "collateral_value": text,
                     "rate": format(rate.normalize(), "f")})
    path = write_csv(tmp_path_factory.mktemp("h") / "t.csv", rows)
    chunks, errors = read_all(path)
    failed = {e.row: e.column for e in errors}
    got = {int(r): (int(cv), int(rt)) for c in chunks for r, cv, rt in zip(c.row, c.collateral_value, c.rate,
                                                                        strict=True)}
    for k, row in enumerate(rows, start=1):
        yen = parse_yen("c", row["collateral_value"], allow_zero=True)
        pct = Decimal(row["rate"])
        yen_ok = 1 <= yen <= MAX_TAPE_YEN
        rate_ok = 0 <= pct <= 20 and pct == pct.quantize(Decimal("0.000001"))
        if not rate_ok:
            assert failed.get(k) == "rate"
        elif not yen_ok:
            assert failed.get(k) == "collateral_value"
        else:
            assert got[k] == (yen, int(parse_percent("r", row["rate"]) * RATE_SCALE))


def test_calendar_tables_agree_with_datetime() -> None:
    months = np.arange(1900 * 12, 2251 * 12, dtype=np.int64)
    for pday in (1, 28, 29, 30, 31):
        want = [day(date(m // 12, m % 12 + 1, min(pday, calendar.monthrange(m // 12, m % 12 + 1)[1])))
                for m in months.tolist()]
        assert clamped(months, np.full(len(months), pday, np.int64)).tolist() == want
    days = np.arange(day(date(1900, 1, 1)), day(date(2250, 12, 31)), 17, dtype=np.int64)
    dates = [EPOCH + timedelta(days=d) for d in days.tolist()]
    want = [d.year * 12 + d.month - 1 for d in dates]
    assert month_of(days).tolist() == want


@pytest.mark.parametrize("text", ["99999999999999999999", "99,999,999,999,999,999,999円"])
def test_yen_beyond_64_bits_is_refused_not_read_as_zero(tmp_path: Path, text: str) -> None:
    """A yen cell of 20 digits once read as 0 yen and was accepted where 0 is allowed (a senior
    claim of 0: the loan valued as if first in rank)."""
    err = rejected(tmp_path, "senior_claim", senior_claim=text)
    assert err.value == text
    assert err.message_en.startswith("it must be a whole number of yen from 0 to 10,000,000,000")
