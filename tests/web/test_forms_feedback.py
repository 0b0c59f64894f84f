"""The form speaks back (src/zansai/web/feedback.py, issue 15): every problem at once, in words, next to
its field; the mode kept; people picked from those entered; 万円 questions that do not block the save;
units and phone keyboards. The homeowner of issue 15 typed 1,950万円, ２０５０万円, 0.9％, 35年 and 2015年4月
and needed six submits; here they need one.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from tests.web.test_forms import LOADED, PLANS, SEED1, _field_div, _summary, app, client, csrf_of

from zansai.web import forms

__all__ = ["app", "client"]  # the fixtures


def test_the_homeowners_six_entries_are_answered_in_one_submit(client: TestClient) -> None:
    """1,950万円, ２０５０万円, 0.9％, 35年 and 2015年4月 (issue 15): whatever the parser refuses is
    listed at once, each next to its field, and the form stays in the mode the user chose; once
    the listed fields are written as the hints say, the next save goes through."""
    typed = {"property.kind": "house", "property.acquired_on": "2015-04-01",
             "property.acquisition_price": "1,950万円", "valuation.appraisals[0].amount": "２０５０万円",
             "loans[0].principal": "2800万", "loans[0].rate": "0.9％", "loans[0].years": "35年",
             "loans[0].start": "2015年4月", "delinquency.first_missed": "2026-09-27"}
    form = {**typed, "csrf_token": csrf_of(client)}
    response = client.post("/cases", data=form)
    if response.status_code == 303:  # the parser reads every spelling: nothing to list
        return
    assert response.status_code == 422
    refused = {e.field for e in PLANS.errors(forms.form_to_data(form.items(), base={}))}
    listed = set(re.findall(r'<li data-field="([^"]+)">', _summary(response.text)))
    assert refused == listed
    assert len(listed) >= 2  # more than one field per submit
    assert 'class="case-form"' in response.text  # still the simple mode (no _advanced_box sent)
    plain = {"property.acquisition_price": "1950万", "loans[0].rate": "0.9", "loans[0].years": "35",
             "loans[0].start": "2015-04"}
    fixed = {**form, **{k: v for k, v in plain.items() if k in listed}}
    assert client.post("/cases", data=fixed).status_code == 303


def test_a_refused_save_keeps_the_mode(client: TestClient) -> None:
    """A refused save never switches the mode: the simple form (whose checkboxes send their
    hidden "false") stays simple, the detailed one stays detailed."""
    form = {**forms.form_values(LOADED[SEED1]), "csrf_token": csrf_of(client), "loans[0].rate": "abc"}
    checkboxes = {"property.tax_seized": "false", "household.salaried": "true"}
    simple = client.post("/cases", data={**form, **checkboxes})
    assert simple.status_code == 422
    assert re.search(r'<form [^>]*class="case-form"', simple.text)
    assert '<input type="checkbox" id="advanced-toggle" name="_advanced_box" value="1" >' in simple.text
    detailed = client.post("/cases", data={**form, "_advanced_box": "1"})
    assert re.search(r'<form [^>]*class="case-form advanced"', detailed.text)
    # An advanced field with a problem is shown in the simple mode too, so the summary's link works.
    hidden = client.post("/cases", data={**form, "loans[0].rate": "1.2", "loans[0].late_rate": "x"})
    assert re.search(r'<form [^>]*class="case-form"', hidden.text)
    assert 'class="field adv invalid shown"' in _field_div(hidden.text, "loans[0].late_rate")


def test_people_are_picked_not_typed_twice(client: TestClient) -> None:
    """The borrower and the guarantor (the homeowner's father) are ticked from the people typed
    once; the saved case names them as typed, and the edit form ticks them again."""
    form: dict[str, Any] = {**forms.form_values(LOADED[SEED1]), "csrf_token": csrf_of(client)}
    form.update({"people[0].name": "太郎", "people[1].name": "", "people[1].consents": "",
                 "people[2].name": "父", "loans[0].debtors": ["", "@0"],
                 "loans[0].guarantors": ["", "@2", "@1"]})  # the second row has no name: nobody
    response = client.post("/cases", data=form)
    assert response.status_code == 303, response.text[:3000]
    case_id = response.headers["location"].removeprefix("/cases/")
    saved = client.get(f"/api/v1/cases/{case_id}").json()["data"]
    assert saved["loans"][0]["debtors"] == ["太郎"]
    assert saved["loans"][0]["guarantors"] == ["父"]
    page = client.get(f"/cases/{case_id}/edit").text
    debtors = _field_div(page, "loans[0].debtors")
    assert re.search(r'value="@0" checked> <span class="person-name" data-person="0"[^>]*>太郎</span>',
                     debtors)
    # The blank second row closed up: 父 is the second person now, and the third row is free.
    assert re.search(r'value="@1" > <span class="person-name" data-person="1"[^>]*>父</span>', debtors)
    assert re.search(r'value="@2" > <span class="person-name" data-person="2"[^>]*>3人目', debtors)
    assert re.search(r'value="@1" checked> <span class="person-name" data-person="1"[^>]*>父</span>',
                     _field_div(page, "loans[0].guarantors"))
    # Names written out (an API client, an old form) still work.
    written = forms.form_to_data([("loans[0].debtors", "夫、妻")], base={})
    assert written["loans"][0]["debtors"] == ["夫", "妻"]


def test_an_amount_that_looks_like_man_yen_asks_but_saves(client: TestClient) -> None:
    """2800 typed for a 2,800万円 loan: the form asks 「万円のつもりですか？」 beside the field, and the
    case is still saved (a question, not an error)."""
    form = {**forms.form_values(LOADED[SEED1]), "csrf_token": csrf_of(client), "loans[0].principal": "2800"}
    checked = client.post("/cases/validate", data=form).json()
    assert checked["questions"] == [{
        "field": "loans[0].principal",
        "ja": "2,800円と入力されています。2,800万円のつもりですか？そうなら「2800万」と入力してください",
        "en": "This reads as 2,800 yen. Did you mean 2,800万円 (28,000,000 yen)? Then type 2800万"}]
    saved = client.post("/cases", data=form)
    assert saved.status_code == 303
    page = client.get(saved.headers["location"] + "/edit").text
    assert "2,800万円のつもりですか？" in _field_div(page, "loans[0].principal")
    # A real amount asks nothing.
    real = client.post("/cases/validate", data={**form, "loans[0].principal": "2800万"}).json()
    assert real["questions"] == []


def test_money_fields_print_their_unit_and_keyboard(client: TestClient) -> None:
    page = client.get("/cases/new").text
    price = _field_div(page, "property.acquisition_price")
    assert 'inputmode="numeric"' in price
    assert '<span class="unit" id="f-property-acquisition-price-unit">円</span>' in price
    rate = _field_div(page, "loans[0].rate")
    assert 'inputmode="decimal"' in rate
    assert '>%</span>' in rate
    assert 'inputmode' not in _field_div(page, "loans[0].start")  # 2015年4月 needs the full keyboard
    english = client.get("/cases/new", params={"lang": "en"}).text
    assert '>yen</span>' in _field_div(english, "property.acquisition_price")
