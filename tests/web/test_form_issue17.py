"""The case form takes issue 17's inputs: the sale contract date, each co-owner's residence, the
auction filing, the rescheduling facts, the 個人再生 options, a secured other debt, the selling
expenses and the brokerage contract (docs/case-file.md).

Each value typed into the form is saved as the case file has it and comes back unchanged; a saved
case keeps it when edited; a checkbox left at its default starts no section (an unticked 失業中
must not add a rescheduling to every case); and each group's mistake is shown, in both languages,
next to its field and linked from the error summary. The household is seed 1's
(examples/seed1-short-sale.toml, 記事1: docs/sources/seed1-short-sale.md): calculation date
2026-12-01, settlement 2027-03-31, first missed payment 2026-08-27.
"""

from __future__ import annotations

import copy
import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.test_forms import LOADED, SEED1, csrf_of, through_form

from zansai.case import parse_case_data
from zansai.web import feedback, forms
from zansai.web.app import guarded
from zansai.web.settings import Settings

NEW: dict[str, str] = {  # each new field as a user types it, and as the form shows it again
    "sale_contract_date": "2027-02-15",
    "people[0].lived_in": "true",
    "people[1].lived_in": "false",
    "people[1].moved_out_on": "2026-05-31",
    "auction.filing_date": "2027-01-20",
    "auction.claim": "31000000",
    "rescheduling.change_date": "2027-01-05",
    "rescheduling.extension_months": "120",
    "rescheduling.deferment_months": "24",
    "rescheduling.rate": "1.5",
    "rescheduling.annual_income": "3600000",
    "rescheduling.previous_annual_income": "5000000",
    "rescheduling.household_size": "3",
    "rescheduling.birth_date": "1975-06-01",
    "rescheduling.unemployed": "true",
    "rescheduling.hardship": "true",
    "residual.debtor_birth_date": "1975-06-01",
    "residual.instalment_rounding": "ceil_100_first",
    "household.other_debts[0].secured_value": "500000",
    "selling_expenses[0].kind": "survey",
    "selling_expenses[0].amount": "350000",
    "selling_expenses[0].note": "境界確定測量",
    "selling_expenses[1].kind": "other",
    "selling_expenses[1].amount": "80000",
    "selling_expenses[1].note": "残置物の処分",
    "contract_amount_stated": "false",
    "brokerage.contract_date": "2026-12-20",
    "brokerage.low_cost_special.consent": "true",
    "brokerage.low_cost_special.client_side": "seller",
    "brokerage.low_cost_special.survey_costs": "50000",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return guarded(Settings(db_path=tmp_path_factory.mktemp("form17") / "cases.sqlite3"))


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


def typed(extra: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Seed 1 as the form shows it, with ``extra`` typed over it."""
    return as_sent({**forms.form_values(LOADED[SEED1]), **NEW, **(extra or {})})


def typed_over(data: dict[str, Any]) -> list[tuple[str, str]]:
    """``data`` submitted through the form unchanged."""
    return as_sent(forms.form_values(data))


def as_sent(values: dict[str, str]) -> list[tuple[str, str]]:
    """The form's values as a browser sends them: a checkbox's hidden "false", then "true" if ticked."""
    out: list[tuple[str, str]] = []
    for name, value in values.items():
        field = forms.FIELDS[name]
        if field.kind == "bool":
            out.append((name, "false"))
            ticked_by_default = field.default or name in ("property.lived_in", "household.salaried")
            if value == "true" or (value == "" and ticked_by_default):
                out.append((name, "true"))
            continue
        out.append((name, value))
    return out


def posted(pairs: list[tuple[str, str]], client: TestClient) -> dict[str, list[str]]:
    """The pairs as a request body (repeated names kept in order), with the form's token."""
    body: dict[str, list[str]] = {"csrf_token": [csrf_of(client)]}
    for name, value in pairs:
        body.setdefault(name, []).append(value)
    return body


def test_every_new_input_is_on_the_form() -> None:
    assert set(NEW) <= set(forms.FIELDS)
    for name in NEW:
        in_advanced = any(s.advanced for s in forms.SECTIONS if forms.FIELDS[name] in s.fields)
        assert forms.FIELDS[name].advanced or in_advanced, name  # the homeowner's form stays short


@pytest.mark.parametrize("name", sorted(NEW))
def test_each_new_field_round_trips(name: str) -> None:
    """Typed → saved → shown again → saved again: the same value, as the case file reads it."""
    saved = forms.form_to_data(typed(), base={})
    case = parse_case_data(saved)  # the whole case is valid
    assert forms.form_values(saved)[name] == NEW[name]
    again = forms.form_to_data(forms.form_values(saved).items(), base=saved)
    assert parse_case_data(again) == case
    dumped = case.model_dump(mode="json")
    shown = forms.form_values(dumped)[name]
    assert shown == NEW[name], (name, shown)


def test_the_saved_values_are_the_case_files() -> None:
    case = parse_case_data(forms.form_to_data(typed(), base={}))
    assert str(case.sale_contract_date) == "2027-02-15"
    assert [(p.lived_in, str(p.moved_out_on)) for p in case.people][:2] == [
        (True, "None"), (False, "2026-05-31")]
    assert case.auction.claim == 31_000_000
    r = case.rescheduling
    assert r is not None
    assert (r.extension_months, r.deferment_months, r.rate, r.annual_income, r.previous_annual_income,
            r.household_size, r.unemployed, r.hardship) == (
        120, 24, "1.5", 3_600_000, 5_000_000, 3, True, True)
    assert case.residual.instalment_rounding == "ceil_100_first"
    assert case.household.other_debts[0].secured_value == 500_000
    assert [(e.kind.value, e.amount, e.note) for e in case.selling_expenses] == [
        ("survey", 350_000, "境界確定測量"), ("other", 80_000, "残置物の処分")]
    assert case.contract_amount_stated is False
    special = case.brokerage.low_cost_special
    assert (special.consent, special.client_side.value, special.survey_costs) == (True, "seller", 50_000)


def test_untouched_defaults_start_no_section() -> None:
    """Seed 1 through the form: the unticked 失業中 and 特例 boxes and the ticked 金額を書く box are the
    defaults, so no [rescheduling] (which would add the rescheduling exit) and no [brokerage] is written."""
    data = through_form(LOADED[SEED1])
    assert "rescheduling" not in data
    assert "brokerage" not in data
    assert "contract_amount_stated" not in data
    assert "selling_expenses" not in data
    simple = {"property": {"kind": "house"},
              "valuation": {"appraisals": [{"source": "A", "amount": 20_000_000}]}}
    assert not feedback.wants_advanced(forms.form_to_data(typed_over(simple), base={}))
    # A case that holds one of them keeps it, even at its default value.
    held = {**copy.deepcopy(LOADED[SEED1]), "rescheduling": {"unemployed": False}}
    assert through_form(held, base=held)["rescheduling"] == {"unemployed": False}
    # Ticking the box is a choice: it is written, and opens the detailed mode with the case.
    ticked = forms.form_to_data(typed({"rescheduling.unemployed": "true"}), base={})
    assert ticked["rescheduling"]["unemployed"] is True
    assert feedback.wants_advanced({**LOADED[SEED1], "rescheduling": {"unemployed": True}})


def test_a_co_owners_residence_left_unknown_follows_the_home() -> None:
    data = forms.form_to_data(typed({"people[0].lived_in": "", "people[1].lived_in": ""}), base={})
    assert "lived_in" not in data["people"][0]
    assert parse_case_data(data).people[0].lived_in is None


def _field_div(html: str, name: str) -> str:
    match = re.search(rf'<div class="([^"]*)" data-field="{re.escape(name)}">(.*?)</div>', html, re.DOTALL)
    assert match, name
    return match.group(0)


ONE_ERROR_PER_GROUP = [  # (what is typed, the field the error names, its Japanese and English words)
    ({"sale_contract_date": "2027-04-10"}, "sale_contract_date",
     "売買契約日は決済日 2027-03-31 以前の日付にしてください", "2027-03-31"),
    ({"people[1].moved_out_on": "2027-05-01"}, "people[1].moved_out_on",
     "売却日 2027-03-31 以前", "2027-03-31"),
    ({"auction.filing_date": "2026-08-01"}, "auction.filing_date",
     "2026-08-27 より後の日付", "after the first missed"),
    ({"rescheduling.birth_date": "2027-06-01"}, "rescheduling.birth_date",
     "より前の日付", "before the change date"),
    ({"residual.instalment_rounding": "round"}, "residual.instalment_rounding", "", ""),
    ({"household.other_debts[0].secured_value": "たくさん"}, "household.other_debts[0].secured_value",
     "", ""),
    ({"selling_expenses[1].note": ""}, "selling_expenses[1].note", "内容を書いてください", "needs a note"),
    ({"brokerage.low_cost_special.consent": "false"}, "brokerage.low_cost_special.survey_costs",
     "事前に合意した場合だけ", "agreed the special in advance"),
]


@pytest.mark.parametrize(("extra", "field", "ja", "en"), ONE_ERROR_PER_GROUP,
                         ids=[f for _, f, _, _ in ONE_ERROR_PER_GROUP])
def test_each_groups_mistake_is_shown_on_its_field(client: TestClient, extra: dict[str, str], field: str,
                                                   ja: str, en: str) -> None:
    form = posted(typed(extra), client)
    before = client.get("/api/v1/cases").json()
    anchor = feedback.dom_id(field)
    for lang, words in (("ja", ja), ("en", en)):
        response = client.post("/cases", params={"lang": lang}, data=form)
        assert response.status_code == 422, response.text[:500]
        div = _field_div(response.text, field)
        assert " invalid" in div
        assert 'aria-invalid="true"' in div
        error = re.search(rf'<small class="error" id="{anchor}-error" aria-live="polite">(.+?)</small>', div)
        assert error, div
        assert words in error.group(1).replace("&#34;", '"')
        summary = html.unescape(response.text[response.text.index('id="form-errors"'):])
        label = forms.FIELDS[field].label[0 if lang == "ja" else 1]
        assert f'<a href="#{anchor}">{label}</a>' in summary
        assert not re.search(r"selling_expenses\[|rescheduling\.|auction\.|brokerage\.",
                             re.sub(r'(href|data-field)="[^"]*"', "", summary[:summary.index("</ul>")]))
        if field.startswith("rescheduling."):  # a folded group with a mistake opens
            assert '<details class="group" id="group-rescheduling" open>' in response.text
    assert client.get("/api/v1/cases").json() == before


def test_the_folded_group_is_closed_on_a_new_form(client: TestClient) -> None:
    page = client.get("/cases/new").text
    assert '<details class="group" id="group-rescheduling">' in page
    for name in ("rescheduling.annual_income", "sale_contract_date", "selling_expenses[0].amount"):
        assert f'name="{name}"' in page
    assert 'id="f-rescheduling-annual-income" name="rescheduling.annual_income" value=""' in page
    assert re.search(r'name="rescheduling.annual_income"[^>]*inputmode="numeric"', page, re.DOTALL)
    assert re.search(r'name="rescheduling.rate"[^>]*inputmode="decimal"', page, re.DOTALL)
    # 金額を書く is ticked by default; 失業中 is not.
    assert re.search(r'id="f-contract-amount-stated" name="contract_amount_stated" value="true" checked',
                     page)
    assert re.search(r'id="f-rescheduling-unemployed" name="rescheduling.unemployed" value="true"  aria',
                     page)


def test_a_saved_case_with_the_new_values_edits_unchanged(client: TestClient) -> None:
    data: dict[str, Any] = forms.form_to_data(typed(), base={})
    case_id = client.post("/api/v1/cases", json={"title": "issue 17", "case": data}).json()["id"]
    page = client.get(f"/cases/{case_id}/edit").text
    assert '<details class="group" id="group-rescheduling" open>' in page
    assert '<option value="ceil_100_first" selected>' in page
    form = posted(typed_over(data), client)
    assert client.post(f"/cases/{case_id}", data=form).status_code == 303
    saved = client.get(f"/api/v1/cases/{case_id}").json()["data"]
    assert parse_case_data(saved) == parse_case_data(data)
    client.delete(f"/api/v1/cases/{case_id}")
