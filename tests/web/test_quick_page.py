"""The home page's quick check (src/zansai/web/quick.py) through the app, without a browser.

Seed 1's household (記事1, docs/sources/seed1-short-sale.md; examples/seed1-short-sale.toml) answers the
six questions: the loan (3,800万円, 1.2%, 35 years from May 2012), a bank, 2,000万円, missed since
August 2026, 妻 as guarantor, selling in March 2027. The answer is the plan's own figures.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.case import quick
from zansai.inputs import today_jst
from zansai.rules import RuleBook
from zansai.web.app import guarded
from zansai.web.service import PlanCache
from zansai.web.settings import Settings

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrf_token" value="([0-9a-f]{64})">')
PLANS = PlanCache()


def _months_ago(n: int) -> str:
    t = today_jst()
    y, m = divmod(t.year * 12 + t.month - 1 - n, 12)
    return f"{y:04d}-{m + 1:02d}"


SEED1 = {"owed": "loan", "loan_amount": "3800", "rate": "1.2", "years": "35", "first_month": "2012-05",
         "lender": "bank", "value": "2000", "missed": "yes", "missed_since": _months_ago(3),
         "person": "妻", "person_role": "guarantor", "sell_month": _months_ago(-4)}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return guarded(Settings(db_path=tmp_path_factory.mktemp("quick") / "cases.sqlite3"))


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


def csrf_of(client: TestClient) -> str:
    page = client.get("/")
    assert page.status_code == 200
    (token,) = set(CSRF_INPUT.findall(page.text))
    return token


def plan_of(form: dict[str, str]) -> Any:
    reading = quick.read_answers(form, today=today_jst(), book=RuleBook.default())
    assert reading.answers is not None
    return PLANS.plan(quick.to_case(reading.answers, today=today_jst(), book=PLANS.book))


def test_home_is_the_quick_check(client: TestClient) -> None:
    page = client.get("/").text
    assert page.count('<fieldset class="q"') == 6  # at most seven questions
    assert 'id="quick-form"' in page
    assert 'action="/#quick-answer"' in page
    for name in ("loan_amount", "value", "balance"):
        assert re.search(rf'id="q-{name}" name="{name}" type="text" value="" inputmode="decimal"', page)
        assert f'<span class="unit" id="q-{name}-unit">万円</span>' in page
    assert 'inputmode="numeric"' in page  # the term in years
    assert '<script src="/static/quick.js" defer></script>' in page
    assert "<script>" not in page  # the page's CSP allows no inline script
    assert 'href="/cases"' in page
    assert 'href="/cases/new"' in page
    assert 'class="case-link"' not in page  # the saved cases are on /cases now
    # the default sale month: a few months ahead (market.sale_lead_months)
    y, m = quick.default_sell_month(today_jst(), PLANS.book)
    assert f'name="sell_month" type="text" value="{y:04d}-{m:02d}"' in page


def test_the_saved_cases_moved_to_cases(client: TestClient) -> None:
    page = client.get("/cases")
    assert page.status_code == 200
    assert "<h1>保存したケース</h1>" in page.text


def test_one_submit_gives_the_answer_without_javascript(client: TestClient) -> None:
    response = client.post("/", data={**SEED1, "csrf_token": csrf_of(client)})
    assert response.status_code == 200, response.text[:3000]
    plan = plan_of(SEED1)
    normal = plan.exit("normal_sale")
    assert normal.remaining_debt > 0
    html = response.text
    assert f'id="quick-big" data-yen="{normal.remaining_debt}">{normal.remaining_debt:,}円<' in html
    equity = 20_000_000 - plan.position.loan_balance
    assert f'<strong data-yen="{equity}">' in html
    assert 'id="now"' in html  # what to do now, directly under the answer
    assert '<li data-field="' not in html.split('class="q-problems"')[1].split("</ul>")[0]
    # the shortfall adds up: price − balance − arrears − costs
    costs = normal.price - normal.net_proceeds
    arrears = sum(x.claim for x in normal.lenders) - plan.position.loan_balance
    assert 20_000_000 - plan.position.loan_balance - arrears - costs == -normal.remaining_debt
    assert f'<td data-yen="{arrears}">' in html
    assert f'<td data-yen="{costs}">' in html


def test_every_problem_at_once_next_to_its_question(client: TestClient) -> None:
    bad = {**SEED1, "rate": "abc", "years": "", "value": "", "missed_since": "2011-01",
           "csrf_token": csrf_of(client)}
    response = client.post("/", data=bad)
    assert response.status_code == 422
    html = response.text
    assert 'id="quick-errors" role="alert" tabindex="-1" autofocus' in html
    for name in ("rate", "years", "value", "missed_since"):
        assert re.search(rf'id="q-{name}" name="{name}"[^>]*aria-describedby="[^"]*q-{name}-error"'
                         rf' aria-invalid="true">', html), name
        assert f'<a href="#q-{name}">' in html
    assert 'class="q-field invalid" data-field="rate"' in html
    assert "返済が始まった 2012-05 より前です" in html
    assert "loans[" not in html
    assert "delinquency." not in html
    assert "case:" not in html
    assert 'value="abc"' in html  # what was typed stays


def test_the_live_fragment_and_english(client: TestClient) -> None:
    csrf = csrf_of(client)
    ja = client.post("/quick/answer", data={**SEED1, "csrf_token": csrf})
    assert ja.status_code == 200
    assert 'id="quick-big"' in ja.text
    assert "<html" not in ja.text
    en = client.post("/quick/answer?lang=en", data={**SEED1, "csrf_token": csrf})
    assert "Debt left after selling" in en.text
    assert "売ったあとに残る借金" not in en.text
    assert client.post("/quick/answer", data=SEED1).status_code == 403  # no token


def test_dont_know_gives_a_range_and_how_to_get_appraisals(client: TestClient) -> None:
    form = {**SEED1, "value": "", "value_unknown": "1", "csrf_token": csrf_of(client)}
    html = client.post("/quick/answer", data=form).text
    assert 'id="quick-range"' in html
    assert 'id="quick-big"' not in html
    assert "査定" in html
    assert "2〜3社" in html
    rows = re.findall(r'<th scope="row" data-yen="(\d+)">', html)
    assert len(rows) >= 5
    assert rows == sorted(rows, key=int)
    assert "妻（連帯保証人）にも請求されます" in html


def test_more_carries_every_answer_into_the_full_form(client: TestClient) -> None:
    csrf = csrf_of(client)
    page = client.post("/quick/more", data={**SEED1, "csrf_token": csrf}).text
    for name, value in (("loans[0].principal", "38000000"), ("loans[0].rate", "1.2"),
                        ("loans[0].years", "35"), ("loans[0].start", "2012-05"),
                        ("valuation.market_value", "20000000"), ("people[1].name", "妻")):
        assert re.search(rf'name="{re.escape(name)}" value="{value}"', page), name
    # the guarantor is picked from the people, not typed again
    assert re.search(r'name="loans\[0\]\.guarantors" value="@1" checked', page)
    query = "&".join(f"{k}={v}" for k, v in SEED1.items())
    assert 'name="loans[0].principal" value="38000000"' in client.get(f"/quick/more?{query}").text


def test_full_results_save_the_case(client: TestClient) -> None:
    response = client.post("/quick/save", data={**SEED1, "csrf_token": csrf_of(client)})
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/cases/[0-9a-f]{32}", location)
    result = client.get(location)
    assert result.status_code == 200
    assert location in client.get("/cases").text
