"""Silent wrong answers (issue 16 §3): inputs that used to give a figure instead of an error.

- a boolean where a number is read (``principal = true`` was a 1-yen loan, ``years = true`` one year);
- a rate change on the first due date (the summary kept the old payment while every row paid the new);
- an anchor (a known balance on a date) after the last due date (no payment, a balance never repaid).
"""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, parse_case_data
from zansai.errors import InputError
from zansai.loanfile import load_loans

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CASE_FILES = sorted(p for p in EXAMPLES.glob("*.toml") if "property" in tomllib.loads(p.read_text("utf-8")))
LOAN_FILES = sorted(p for p in EXAMPLES.glob("*.toml") if p not in CASE_FILES)


def numeric_leaves(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path of every number (int or float, not a boolean) in a parsed file."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from numeric_leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from numeric_leaves(value, (*path, i))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield path


def with_true(data: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    node: Any = changed
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = True
    return changed


def dotted(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


CASE_LEAVES = [(p.name, leaf) for p in CASE_FILES
               for leaf in numeric_leaves(tomllib.loads(p.read_text("utf-8")))]


def test_every_example_has_numbers_to_flip() -> None:
    """The parametrisation below is not empty: seed 1 alone has its principal, rate, years …"""
    assert ("seed1-short-sale.toml", ("loans", 0, "principal")) not in CASE_LEAVES  # a string: "3800万"
    assert ("seed1-short-sale.toml", ("loans", 0, "years")) in CASE_LEAVES
    assert len(CASE_LEAVES) > 50


@pytest.mark.parametrize(("name", "leaf"), CASE_LEAVES,
                         ids=[f"{n}:{dotted(leaf)}" for n, leaf in CASE_LEAVES])
def test_a_boolean_is_never_a_number_in_a_case_file(name: str, leaf: tuple[str | int, ...]) -> None:
    """Every number of every example case, replaced by ``true``, is refused, naming its field."""
    data = with_true(tomllib.loads((EXAMPLES / name).read_text("utf-8")), leaf)
    with pytest.raises(InputError) as caught:
        build_case(parse_case_data(data, source=name), source=name)
    assert dotted(leaf) in str(caught.value)


@pytest.mark.parametrize("field", ["principal", "years", "rate", "payment_day", "late_rate"])
def test_a_boolean_principal_or_term_is_refused(field: str) -> None:
    """The issue's examples: ``principal = true`` was a 1-yen loan and ``years = true`` one year."""
    data = tomllib.loads((EXAMPLES / "seed1-short-sale.toml").read_text("utf-8"))
    data["loans"][0][field] = True
    with pytest.raises(InputError) as caught:
        build_case(parse_case_data(data, source="seed1"), source="seed1")
    assert f"loans[0].{field}" in str(caught.value)


@pytest.mark.parametrize("field", ["principal", "years", "rate", "bonus_share", "payment_day"])
def test_a_boolean_is_never_a_number_in_a_loan_file(field: str, tmp_path: Path) -> None:
    """`zansai schedule --file`: the loan entries refuse ``true`` for every amount, rate, count and term."""
    entry: dict[str, Any] = {"name": "a", "principal": "3000万", "rate": 1.0, "years": 35, "start": "2020-01"}
    entry[field] = True
    path = tmp_path / "loans.json"
    path.write_text(json.dumps({"loans": [entry]}), "utf-8")
    with pytest.raises(InputError) as caught:
        load_loans(str(path))
    assert field in str(caught.value)


def test_fraction_is_not_read_from_a_boolean() -> None:
    """Python's own trap, the reason for these checks: True is the integer 1."""
    assert Fraction(True) == 1


# --- the API: the same refusals through JSON bodies ----------------------------------------------

API_LOAN = {"principal": "3800万", "rate": "1.2", "years": 35, "start": "2012-05"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    testclient = pytest.importorskip("fastapi.testclient")
    from zansai.web.app import guarded
    from zansai.web.settings import Settings

    app = guarded(Settings(db_path=tmp_path_factory.mktemp("silent") / "cases.sqlite3"))
    return testclient.TestClient(app, base_url="http://127.0.0.1")


@pytest.mark.parametrize("field", ["principal", "years", "rate", "payment_day", "bonus_share"])
def test_a_boolean_is_refused_by_the_schedule_api(client: Any, field: str) -> None:
    response = client.post("/api/v1/schedule", json={**API_LOAN, field: True})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize("field", ["principal", "years", "rate"])
def test_a_boolean_is_refused_by_the_plan_and_save_apis(client: Any, field: str) -> None:
    data = json.loads(json.dumps(tomllib.loads((EXAMPLES / "seed1-short-sale.toml").read_text("utf-8")),
                                 default=str))
    data["loans"][0][field] = True
    for route, body in (("/api/v1/plan", data), ("/api/v1/cases", {"case": data})):
        response = client.post(route, json=body)
        assert response.status_code == 422, (route, response.text)
        assert f"loans[0].{field}" in response.json()["error"]["message_en"]


# --- a rate change on the first due date --------------------------------------------------------

def schedule_json(*args: str, change: str = "2025-01-27:2.0") -> dict[str, Any]:
    """`zansai schedule --json` for 3000万, 1.0%, 35 years, due on the 27th from 2025-01."""
    import contextlib
    import io

    from zansai.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["schedule", "--principal", "3000万", "--rate", "1.0", "--years", "35", "--start", "2025-01",
              "--payment-day", "27", "--rate-change", change, "--json", *args])
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def test_a_rate_change_on_the_first_due_date_is_the_summary_payment() -> None:
    """3000万 over 35 years, 1.0% moved to 2.0% from the first due date: every row is priced at 2%.

    元利均等 (annuity): P·r / (1 − (1 + r)^−n) with r = 2%/12, n = 420 is 99,378.83…円, floored to
    99,378円 by the default jp_floor convention (README, Rounding: payment and interest rounded down);
    at the old 1.0% it would be 84,685円, the figure the summary used to print."""
    from zansai.engine.loan.annuity import annuity_payment
    from zansai.money import Rounding

    expected = annuity_payment(30_000_000, Fraction(2, 100) / 12, 420, Rounding.FLOOR)
    assert expected == 99_378
    assert annuity_payment(30_000_000, Fraction(1, 100) / 12, 420, Rounding.FLOOR) == 84_685
    data = schedule_json()
    assert data["monthly_payment"] == expected
    assert data["payments"][0]["payment"] == expected
    assert data["payments"][1]["payment"] == expected
    assert data["nominal_total_paid"] == expected * 420


def test_a_rate_change_on_the_first_due_date_under_equal_principal() -> None:
    """元金均等: 30,000,000 / 420 = 71,428円 of principal (floored) plus the first month's interest
    at the new 2%, 30,000,000 × 2% / 12 = 50,000円: 121,428円 (at 1% it would be 96,428円)."""
    data = schedule_json("--method", "equal-principal")
    assert data["payments"][0]["payment"] == 71_428 + 50_000
    assert data["monthly_payment"] == 121_428


def test_a_rate_change_after_the_first_due_date_keeps_the_first_payment() -> None:
    """The summary is the first payment: a change from the second due date leaves it at 1%."""
    later = schedule_json(change="2025-02-27:2.0")
    assert later["monthly_payment"] == 84_685 == later["payments"][0]["payment"]
    assert later["payments"][1]["payment"] != 84_685


# --- a statement's balance dated after the loan has ended ---------------------------------------

SEED2 = EXAMPLES / "seed2-divorce-overloan.toml"
"""2,800万円 at 0.8% over 35 years, first due 2015-04-27: the last due date is 2050-03-27."""


@pytest.mark.parametrize("on", ["2050-03-27", "2050-03-28", "2060-01-01"])
def test_an_anchor_after_the_last_due_date_is_refused_in_a_case_file(on: str) -> None:
    """It gave no payment and a balance (100,000円) never repaid; now the case file's field is named."""
    data = tomllib.loads(SEED2.read_text("utf-8"))
    data["loans"][0]["anchor"] = f"{on}:100000"
    with pytest.raises(InputError) as caught:
        build_case(parse_case_data(data, source="seed2"), source="seed2")
    assert "loans[0].anchor" in str(caught.value)
    assert "2050-03-27" in caught.value.message_ja
    assert "before the last due date 2050-03-27" in caught.value.message_en


def seed2_loan(anchor: str | None) -> Any:
    from zansai.loanspec import LoanOptions, build_loan

    return build_loan(LoanOptions(principal="2800万", rate="0.8", years="35", start="2015-04",
                                  payment_day="27", anchor=anchor)).loan


def test_an_anchor_before_the_last_due_date_still_plans() -> None:
    """The day before the last due date: one row left, the statement's balance repaid in it."""
    from zansai.engine.loan import amortize

    schedule = amortize(seed2_loan("2050-03-26:80000"))
    assert list(schedule.columns.numbers) == [420]
    assert list(schedule.columns.balance) == [0]


def test_a_zero_balance_after_the_last_due_date_is_a_repaid_loan() -> None:
    """Nothing is owed and nothing is left to pay: consistent, so it stands (an empty schedule)."""
    from zansai.engine.loan import amortize

    schedule = amortize(seed2_loan("2050-04-01:0"))
    assert schedule.payments_count == 0
    assert schedule.balance_at(schedule.loan.due_date(420)) == 0


def test_an_anchor_after_the_last_due_date_is_refused_on_the_command_line() -> None:
    from zansai.cli import main

    with pytest.raises(SystemExit) as caught:
        main(["schedule", "--principal", "3000万", "--rate", "1.0", "--years", "35", "--start", "2025-01",
              "--payment-day", "27", "--anchor", "2060-01-01:100000"])
    assert caught.value.code == 2


def test_the_engine_refuses_an_anchor_after_the_end_too() -> None:
    """A ``Loan`` built without the edge (a test, a future shell) gets a DomainError, not 0 rows."""
    import dataclasses
    from datetime import date

    from zansai.engine.loan import amortize
    from zansai.errors import DomainError
    from zansai.model import Anchor

    loan = dataclasses.replace(seed2_loan(None), anchor=Anchor(on=date(2051, 1, 1), balance=1))
    with pytest.raises(DomainError) as caught:
        amortize(loan)
    assert caught.value.field == "case.loans"
    assert "2050-03-27" in caught.value.message_en


def test_an_anchor_after_the_last_due_date_is_refused_by_the_api(client: Any) -> None:
    response = client.post("/api/v1/schedule", json={**API_LOAN, "anchor": "2048-01-01:5000"})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "anchor"
    assert "2047-04-01" in response.json()["error"]["message_en"]


# --- CSV: no cell a spreadsheet would run as a formula ------------------------------------------

def test_escape_cell_follows_the_owasp_advice() -> None:
    """OWASP (CSV injection): a quote before a cell starting with =, +, -, @, a tab or a CR."""
    from zansai.csvsafe import escape_cell, escape_row

    assert escape_cell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert [escape_cell(c) for c in ("+A1", "-A1", "@SUM(A1)", "\t=1", "\r=1")] == [
        "'+A1", "'-A1", "'@SUM(A1)", "'\t=1", "'\r=1"]
    numbers_and_text = ["-1,200", "+3.5", "1.2%", "a=b", ""]
    assert [escape_cell(c) for c in numbers_and_text] == numbers_and_text
    assert escape_row([-5, "=1", 2.5, None]) == [-5, "'=1", 2.5, None]


def test_the_schedule_csv_goes_through_the_escaping(monkeypatch: pytest.MonkeyPatch) -> None:
    """`zansai schedule --csv`: its text cells pass through ``escape_row``; its yen stay integers."""
    from zansai.engine.loan import amortize
    from zansai.report import schedule_csv as module

    seen: list[list[object]] = []

    def spy(row: Any) -> list[object]:
        cells = list(row)
        seen.append(cells)
        return cells

    monkeypatch.setattr(module, "escape_row", spy)
    text = module.schedule_csv(amortize(seed2_loan(None)))
    assert len(seen) == 420 == len(text.splitlines()) - 1
    assert all(isinstance(c, int) for c in seen[0][2:9])
