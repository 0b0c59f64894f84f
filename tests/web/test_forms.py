"""The guided form ↔ the case file (src/zansai/web/forms.py), and the form pages that use it.

A homeowner who types seed 1's numbers into the form gets seed 1's answer: the short sale leaves
7,395,521円 (examples/seed1-short-sale.toml, 記事1 (docs/sources/seed1-short-sale.md); `zansai plan --json`),
and the seed-2 couples get 記事2 (docs/sources/seed2-divorce.md §9)'s division (▲250万円 each; 妻 ▲50万円・夫
▲450万円 with her 200万円 of savings; +250万円 each).
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from zansai.case import parse_case_data
from zansai.model import Structure
from zansai.web import forms
from zansai.web.app import guarded
from zansai.web.service import PlanCache
from zansai.web.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES = sorted(p.name for p in EXAMPLES.glob("*.toml") if "property" in tomllib.loads(p.read_text("utf-8")))
SEED1 = "seed1-short-sale.toml"
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrf_token" value="([0-9a-f]{64})">')

PLANS = PlanCache()


def example(name: str) -> dict[str, Any]:
    with (EXAMPLES / name).open("rb") as f:
        data: dict[str, Any] = json.loads(json.dumps(tomllib.load(f), default=str))
    return data


LOADED = {name: example(name) for name in CASES}


def through_form(data: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """What comes back when the form shows ``data`` and the user submits it unchanged."""
    return forms.form_to_data(forms.form_values(data).items(), base={} if base is None else base)


def remaining(data: dict[str, Any], exit_key: str) -> int:
    plan = PLANS.plan(data)
    amount: int = next(e.remaining_debt for e in plan.exits if e.key == exit_key)
    return amount


# --- form ↔ case file ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", CASES)
def test_every_field_the_form_covers_survives(name: str) -> None:
    original = parse_case_data(LOADED[name]).model_dump(mode="json")
    back = parse_case_data(through_form(LOADED[name])).model_dump(mode="json")
    for field in forms.FIELDS:
        parts = forms.parse_path(field)
        assert forms._get(back, parts) == forms._get(original, parts), field


@pytest.mark.parametrize("name", CASES)
def test_form_onto_its_own_case_changes_nothing(name: str) -> None:
    """Editing a saved case and saving it unchanged keeps every value, the uncovered ones too."""
    data = LOADED[name]
    assert parse_case_data(through_form(data, base=data)) == parse_case_data(data)


def test_seed1_typed_into_the_form_gives_seed1s_answer() -> None:
    """seed 1 (examples/seed1-short-sale.toml): the short sale leaves 7,395,521円, the auction
    10,619,008円 (its court costs on the claim at the filing date, 2027-03-27). The form does not
    ask for the loan's name or the number of parcels (1, the default)."""
    typed = through_form(LOADED[SEED1])
    assert "name" not in typed["loans"][0]
    assert remaining(typed, "short_sale") == 7_395_521
    assert remaining(typed, "auction_court") == 10_619_008
    assert PLANS.plan(typed).to_dict()["exits"] == PLANS.plan(LOADED[SEED1]).to_dict()["exits"]


@pytest.mark.parametrize(("name", "entitlement"), [
    ("seed2-divorce-overloan.toml", {"夫": -2_500_000, "妻": -2_500_000}),
    ("seed2-divorce-separate-property.toml", {"夫": -4_500_000, "妻": -500_000}),
    ("seed2-divorce-underloan.toml", {"夫": 2_500_000, "妻": 2_500_000}),
])
def test_seed2_typed_into_the_form_gives_seed2s_division(name: str, entitlement: dict[str, int]) -> None:
    """記事2 (examples/seed2-*.toml; docs/sources/seed2-divorce.md §8): 「▲500万円を夫婦で 250万円ずつ」; with
    the wife's 200万円 of pre-marriage savings 妻 50万円・夫 450万円 (face_value_credit); underloan +250万円
    each."""
    typed = through_form(LOADED[name])
    property_division = PLANS.plan(typed).property_division
    assert property_division is not None
    assert property_division.chosen.entitlement == entitlement
    # Every figure of the division is the file's; only the loan's label differs ("loan", not "住宅ローン").
    typed_dict = PLANS.plan(typed).property_division_dict()
    file_dict = PLANS.plan(LOADED[name]).property_division_dict()
    for key in ("chosen", "methods", "home_equity", "counted_home_equity", "net_estate", "claim_deadline",
                "settlement", "other_view"):
        assert typed_dict[key] == file_dict[key], key


def test_form_values_are_strings_named_by_path() -> None:
    values = forms.form_values(LOADED[SEED1])
    assert set(values) == set(forms.FIELDS)
    assert all(isinstance(v, str) for v in values.values())
    assert values["loans[0].rate"] == "1.2"
    assert values["loans[0].principal"] == "3800万"
    assert values["loans[0].years"] == "35"
    assert values["loans[0].debtors"] == "夫"
    assert values["property.acquired_on"] == "2012-04-20"
    assert values["valuation.appraisals[2].source"] == "C不動産"
    assert values["people[1].share"] == ""
    assert values["people[1].consents"] == "true"
    assert values["divorce.spouses"] == ""
    assert values["household.other_debts[0].monthly_payment"] == "20000"
    # TOML dates (datetime.date) show as ISO dates too.
    with (EXAMPLES / SEED1).open("rb") as f:
        assert forms.form_values(tomllib.load(f))["delinquency.first_missed"] == "2026-08-27"


def test_blank_fields_are_removed_so_the_default_applies() -> None:
    values = forms.form_values(LOADED[SEED1])
    values.update({"household.savings": "", "loans[0].late_rate": " ", "people[1].consents": "",
                   "household.other_debts[0].name": "", "household.other_debts[0].amount": "",
                   "household.other_debts[0].monthly_payment": "", "property.annual_property_tax": ""})
    data = forms.form_to_data(values.items(), base=LOADED[SEED1])
    assert "savings" not in data["household"]
    assert "late_rate" not in data["loans"][0]
    assert data["people"][1] == {"name": "妻"}
    assert "other_debts" not in data["household"]
    assert "annual_property_tax" not in data["property"]
    case = parse_case_data(data)
    assert case.household.savings == 0
    assert case.property.annual_property_tax == 0
    assert case.people[1].consents is None
    # The 遅延損害金 rate falls back to the practice default (14%, late_charges.typical_rate).
    assert case.loans[0].late_rate is None


def test_fields_the_form_does_not_show_are_kept() -> None:
    """The condo (examples/condo-jhf-arrears.toml) has a second-rank lien, a tax office, an April-1
    proration start; add a fourth appraisal, an asset and a statement anchor: none is on the form."""
    base = copy.deepcopy(LOADED["condo-jhf-arrears.toml"])
    base["valuation"]["appraisals"] += [{"source": "X不動産", "amount": "2050万"},
                                        {"source": "Y不動産", "amount": "1990万"}]
    base["loans"][0]["anchor"] = "2026-05-05:21000000"
    base["household"]["assets"] = [{"kind": "car", "amount": "50万", "name": "軽自動車"}]
    values = forms.form_values(base)
    values["household.monthly_income"] = "25万"
    values["valuation.appraisals[0].amount"] = "1980万"
    values["loans[0].prepayments"] = "2027-01-05:1000000:shorten\n\n 2027-02-05:500000 "
    data = forms.form_to_data(values.items(), base=base)
    assert data["liens"] == base["liens"]
    assert data["property"]["tax_office"] == "大阪市"
    assert data["property"]["proration_start"] == "april_1"
    assert data["property"]["structure"] == "rc_src"
    assert data["loans"][0]["anchor"] == "2026-05-05:21000000"
    assert data["loans"][0]["name"] == "フラット35"
    assert data["household"]["assets"] == base["household"]["assets"]
    sources = [a["source"] for a in data["valuation"]["appraisals"]]
    assert sources == ["D不動産", "E不動産", "X不動産", "Y不動産"]
    assert data["valuation"]["appraisals"][0]["amount"] == "1980万"
    assert data["household"]["monthly_income"] == "25万"
    assert data["loans"][0]["prepayments"] == ["2027-01-05:1000000:shorten", "2027-02-05:500000"]
    assert parse_case_data(data).valuation.appraisals[3].amount == 19_900_000
    # Blank prepayments remove them again.
    values["loans[0].prepayments"] = ""
    assert "prepayments" not in forms.form_to_data(values.items(), base=data)["loans"][0]


@pytest.mark.parametrize(("sent", "expected"), [
    ([("property.lived_in", "false"), ("property.lived_in", "true")], True),  # box ticked
    ([("property.lived_in", "false")], False),  # box left empty: only the hidden input
    ([("property.lived_in", "true"), ("property.lived_in", "false")], False),  # the last value wins
    ([("property.lived_in", "on")], True),
])
def test_checkbox_last_value_wins(sent: list[tuple[str, str]], expected: bool) -> None:
    base = {"property": {"lived_in": not expected}}
    data = forms.form_to_data([*sent, ("property.kind", "house")], base=base)
    assert data["property"]["lived_in"] is expected


def test_checkbox_not_sent_keeps_the_saved_value() -> None:
    base = {"property": {"kind": "house", "tax_seized": True}}
    assert forms.form_to_data([("property.kind", "condo")], base=base)["property"] == \
        {"kind": "condo", "tax_seized": True}


@pytest.mark.parametrize("typed", ["夫、妻", "夫,妻", "夫，妻", " 夫 、 妻 、", "夫,、妻"])
def test_names_split_on_japanese_and_latin_commas(typed: str) -> None:
    data = forms.form_to_data([("divorce.spouses", typed), ("loans[0].debtors", typed)], base={})
    assert data["divorce"]["spouses"] == ["夫", "妻"]
    assert data["loans"][0]["debtors"] == ["夫", "妻"]
    assert forms.form_values(data)["divorce.spouses"] == "夫、妻"


def test_overrides_are_key_equals_value_lines() -> None:
    text = "market.short_sale_price_ratio = 0.9\n\n  market.moving_cost=300000  \n"
    values = {**forms.form_values(LOADED[SEED1]), "overrides": text}
    data = forms.form_to_data(values.items(), base={})
    assert data["overrides"] == {"market.short_sale_price_ratio": "0.9", "market.moving_cost": 300_000}
    assert forms.form_values(data)["overrides"] == \
        "market.short_sale_price_ratio = 0.9\nmarket.moving_cost = 300000"
    # seed 1's market value 2,000万円 × 90% = 1,800万円 instead of × 95% (market.short_sale_price_ratio).
    plan = PLANS.plan(data)
    short = next(e for e in plan.exits if e.key == "short_sale")
    assert short.price == 18_000_000
    moving = [u for u in plan.rules_used if u.key == "market.moving_cost"]
    assert moving
    assert all(u.value == "300,000円" and u.overridden for u in moving)
    assert next(e for e in PLANS.plan(LOADED[SEED1]).exits if e.key == "short_sale").price == 19_000_000
    # Blank text removes the overrides; a boolean override shows as true/false.
    assert "overrides" not in forms.form_to_data({**values, "overrides": " "}.items(), base=data)
    assert forms.form_values({"overrides": {"a.b": True, "c.d": 5}})["overrides"] == "a.b = true\nc.d = 5"
    typed = forms.form_to_data([("overrides", "a.b = true\nc.d = 1,000\ne.f = 3%\ng.h")], base={})
    assert typed["overrides"] == {"a.b": True, "c.d": 1000, "e.f": "3%", "g.h": ""}


def test_an_amount_alone_is_enough() -> None:
    data = forms.form_to_data([("valuation.appraisals[0].amount", "2000万"),
                               ("valuation.appraisals[1].source", ""),
                               ("valuation.appraisals[1].amount", "2100万"),
                               ("household.other_debts[0].amount", "80万")], base={})
    assert data["valuation"]["appraisals"] == [{"amount": "2000万", "source": "査定1"},
                                               {"amount": "2100万", "source": "査定2"}]
    assert data["household"]["other_debts"] == [{"amount": "80万", "name": "借入1"}]
    # An entry left wholly blank disappears, and the ones after it move up.
    data = forms.form_to_data([("valuation.appraisals[0].source", ""), ("valuation.appraisals[0].amount", ""),
                               ("valuation.appraisals[1].amount", "2100万")],
                              base={"valuation": {"appraisals": [{"source": "A", "amount": "1"}]}})
    assert data["valuation"]["appraisals"] == [{"amount": "2100万", "source": "査定1"}]


def test_a_blank_divorce_section_removes_the_divorce() -> None:
    base = LOADED["seed2-divorce-separate-property.toml"]
    values = forms.form_values(base)
    assert values["divorce.contributions[0].amount"] == "200万"
    blank = {**values, **{name: "" for name in forms.FIELDS if name.startswith("divorce.")}}
    data = forms.form_to_data(blank.items(), base=base)
    assert "divorce" not in data
    assert PLANS.plan(data).property_division is None
    # Keeping only the separation date keeps the section, so validation can ask for the spouses.
    partial = {**blank, "divorce.separation_date": "2027-02-27"}
    kept = forms.form_to_data(partial.items(), base=base)
    assert kept["divorce"] == {"separation_date": "2027-02-27",
                               "contributions": [{"kind": "down_payment"}]}
    assert [e.field for e in PLANS.errors(kept)][:1] == ["divorce.spouses"]


def test_numbers_of_whole_units_become_integers() -> None:
    data = forms.form_to_data([("loans[0].years", "35"), ("loans[0].payment_day", "２７"),
                               ("leaseback_years", " 8 "), ("loans[0].rank", "1番")], base={})
    assert data["loans"][0]["years"] == 35
    assert data["loans"][0]["payment_day"] == 27
    assert data["leaseback_years"] == 8
    assert data["loans"][0]["rank"] == "1番"  # left as typed, for validation to name
    case = {**LOADED[SEED1], "loans": [{**LOADED[SEED1]["loans"][0], "rank": "1番"}]}
    assert [e.field for e in PLANS.errors(case)] == ["loans[0].rank"]


def test_structure_choices_are_the_case_file_values() -> None:
    """Every structure of depreciation.non_business_building, so a saved rc_src condo is not lost."""
    field = forms.FIELDS["property.structure"]
    assert [value for value, _ in field.choices] == [s.value for s in Structure]


@st.composite
def blanked_examples(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    name = draw(st.sampled_from(CASES))
    values = forms.form_values(LOADED[name])
    filled = sorted(k for k, v in values.items() if v)
    for key in draw(st.lists(st.sampled_from(filled), unique=True, max_size=len(filled))):
        values[key] = ""
    return name, values


@given(blanked_examples())
def test_the_form_is_idempotent(drawn: tuple[str, dict[str, str]]) -> None:
    """Submitting the form twice gives what submitting it once gave, whatever the user blanked."""
    _name, values = drawn
    once = forms.form_to_data(values.items(), base={})
    twice = forms.form_to_data(forms.form_values(once).items(), base={})
    assert twice == once
    assert forms.form_to_data(forms.form_values(once).items(), base=once) == once


# --- the form pages ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return guarded(Settings(db_path=tmp_path_factory.mktemp("forms") / "cases.sqlite3"))


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


def csrf_of(client: TestClient) -> str:
    page = client.get("/cases/new")
    assert page.status_code == 200
    (token,) = set(CSRF_INPUT.findall(page.text))
    return token


def exit_row(html: str, key: str) -> str:
    match = re.search(rf'<tr id="exit-{key}"[^>]*>(.*?)</tr>', html, re.DOTALL)
    assert match, key
    return match.group(1)


def test_seed1_form_saves_and_shows_the_short_sale(client: TestClient) -> None:
    form = {**forms.form_values(LOADED[SEED1]), "csrf_token": csrf_of(client)}
    response = client.post("/cases", data=form)
    assert response.status_code == 303, response.text[:2000]
    location = response.headers["location"]
    assert re.fullmatch(r"/cases/[0-9a-f]{32}", location)
    case_id = location.removeprefix("/cases/")

    page = client.get(location)
    assert page.status_code == 200
    row = exit_row(page.text, "short_sale")
    assert re.search(r'<td data-label="[^"]+" data-yen="7395521" class="remaining">7,395,521円</td>', row)
    assert "任意売却" in row
    assert "残る借金" in page.text

    english = client.get(location, params={"lang": "en"})
    row = exit_row(english.text, "short_sale")
    assert re.search(r'<td data-label="[^"]+" data-yen="7395521" class="remaining">¥7,395,521</td>', row)
    assert "Remaining debt" in english.text
    assert "7,395,521円" not in row

    # What was saved is the form's case: the same plan as seed 1 itself.
    twin = client.get(f"/cases/{case_id}.json").json()
    assert twin["exits"] == PLANS.plan(LOADED[SEED1]).to_dict()["exits"]


def test_edit_form_shows_the_saved_values(client: TestClient) -> None:
    condo = LOADED["condo-jhf-arrears.toml"]
    case_id = client.post("/api/v1/cases", json={"title": "condo", "case": condo}).json()["id"]
    page = client.get(f"/cases/{case_id}/edit").text
    assert '<option value="rc_src" selected>' in page
    assert '<option value="jhf" selected>' in page
    assert 'name="loans[0].rate" value="1.9"' in page
    # The checkbox sends its hidden "false" first, so a ticked box's "true" comes last and wins.
    hidden = page.index('<input type="hidden" name="property.tax_seized" value="false">')
    box = re.search(r'<input type="checkbox" id="f-property-tax-seized" name="property.tax_seized" '
                    r'value="true" checked[ >]', page)
    assert box is not None
    box = box.start()
    assert hidden < box

    # Saving the edit form unchanged but for the income keeps the lien the form does not show.
    form = {**forms.form_values(condo), "household.monthly_income": "22万", "csrf_token": csrf_of(client)}
    assert client.post(f"/cases/{case_id}", data=form).status_code == 303
    saved = client.get(f"/api/v1/cases/{case_id}").json()["data"]
    assert saved["liens"] == [{"rank": 2, "holder": "Xファイナンス", "kind": "mortgage", "balance": 2_600_000,
                               "principal": 2_400_000}]
    assert saved["household"]["monthly_income"] == "22万"
    assert saved["property"]["structure"] == "rc_src"


def _field_div(html: str, name: str) -> str:
    match = re.search(rf'<div class="([^"]*)" data-field="{re.escape(name)}">(.*?)</div>', html, re.DOTALL)
    assert match, name
    return match.group(0)


def _summary(html: str) -> str:
    match = re.search(r'<div class="errors" role="alert" id="form-errors" tabindex="-1" autofocus>'
                      r'(.*?)</div>', html, re.DOTALL)
    assert match, "no error summary"
    return match.group(1)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_invalid_form_marks_each_field(client: TestClient, lang: str) -> None:
    form = {**forms.form_values(LOADED[SEED1]), "csrf_token": csrf_of(client)}
    before = client.get("/api/v1/cases").json()

    # Schema errors and the loan's own fields come all at once, in one refused save.
    bad = {**form, "loans[0].rank": "一", "property.acquired_on": "4月ごろ", "people[0].share": "1",
           "loans[0].rate": "abc", "loans[0].start": "May"}
    response = client.post("/cases", params={"lang": lang}, data=bad)
    assert response.status_code == 422
    errors = {e.field: e for e in PLANS.errors(forms.form_to_data(bad.items(), base={}))}
    assert set(errors) == {"loans[0].rank", "property.acquired_on", "people[0].share", "loans[0].rate",
                           "loans[0].start"}
    summary = _summary(response.text)
    for name, error in errors.items():
        div = _field_div(response.text, name)
        assert " invalid" in div
        anchor = "f-" + re.sub(r"[^0-9A-Za-z]+", "-", name).strip("-")
        # The input says it is invalid and which messages describe it; the summary links to it.
        assert f'id="{anchor}"' in div
        assert 'aria-invalid="true"' in div
        assert re.search(rf'aria-describedby="[^"]*\b{anchor}-error\b', div)
        assert f'<a href="#{anchor}">' in summary
        shown = error.detail()[0 if lang == "ja" else 1]
        other = error.detail()[1 if lang == "ja" else 0]
        assert f'<small class="error" id="{anchor}-error" aria-live="polite">{shown}</small>' in \
            div.replace("&#34;", '"')
        assert other not in div
        label = forms.FIELDS[name].label[0 if lang == "ja" else 1]
        assert f'<a href="#{anchor}">{label}</a>: {shown}' in summary.replace("&#34;", '"')
    # No case-file path or file name reaches the page (the JSON endpoint keeps them for tools).
    assert "case:" not in summary
    assert not re.search(r"loans\[|people\[|property\.", re.sub(r'(href|data-field)="[^"]*"', "", summary))
    assert "invalid" not in _field_div(response.text, "loans[0].principal")
    # The user's other entries are kept in the form.
    assert 'name="loans[0].principal" value="3800万"' in response.text
    assert 'value="abc"' in _field_div(response.text, "loans[0].rate")
    assert client.get("/api/v1/cases").json() == before


def test_validate_endpoint_returns_field_errors(client: TestClient) -> None:
    csrf = csrf_of(client)
    form = {**forms.form_values(LOADED[SEED1]), "csrf_token": csrf}
    ok = client.post("/cases/validate", data=form)
    assert ok.status_code == 200
    assert ok.json() == {"errors": [], "questions": []}
    bad = client.post("/cases/validate", data={**form, "loans[0].rank": "x", "property.kind": ""})
    assert [e["field"] for e in bad.json()["errors"]] == ["property.kind", "loans[0].rank"]
    for e in bad.json()["errors"]:
        assert e["message_ja"]
        assert e["message_en"]
    rate = client.post("/cases/validate", data={**form, "loans[0].rate": "abc"}).json()["errors"]
    assert [e["field"] for e in rate] == ["loans[0].rate"]
    unsigned = {k: v for k, v in form.items() if k != "csrf_token"}
    assert client.post("/cases/validate", data=unsigned).status_code == 403


def test_a_paid_off_home_through_the_form(client: TestClient) -> None:
    """Loans are optional: 記事2's underloan couple (docs/sources/seed2-divorce.md §7) with the loan repaid,
    typed into the form with every loan field blank, saves and shows its page: the normal sale leaves
    nothing owed, there is no delinquency timeline, and the home's 1,500万円 is divided 750万円 each
    (docs/sources/law-debt-divorce.md §7.2)."""
    data = copy.deepcopy(LOADED["seed2-divorce-underloan.toml"])
    del data["loans"]
    values = forms.form_values(data)
    assert not any(k.startswith("loans[") and v for k, v in values.items())
    typed = through_form(data)
    assert "loans" not in typed or typed["loans"] == []
    response = client.post("/cases", data={**values, "csrf_token": csrf_of(client)})
    assert response.status_code == 303, response.text[:2000]
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert re.search(r'data-yen="0" class="remaining"', exit_row(page.text, "normal_sale"))
    assert 'id="timeline"' not in page.text
    assert 'id="exit-short_sale"' not in page.text
    plan = client.get(response.headers["location"] + ".json").json()
    assert plan["timeline"] is None
    assert plan["division"]["chosen"]["entitlement"] == {"夫": 7_500_000, "妻": 7_500_000}
    client.delete("/api/v1" + response.headers["location"])
