"""The checklist for a chosen exit and route (``--exit``, ``--route``, ``?exit=&route=``).

Two households:
- examples/keep-home-rehabilitation.toml: first missed payment 2026-10-27, 代位弁済 expected on
  2027-02-27, 個人再生 filed on 2027-01-15 (the case file's ``residual.filing_date``); the
  housing-loan clause stays usable until six months after 代位弁済, 2027-08-27 (民事再生法198条2項,
  docs/sources/law-debt-divorce.md §1.6); rescheduling is possible until the day before
  期限の利益喪失, 2027-01-26 (docs/sources/law-debt-divorce.md §4.6).
- examples/seed1-short-sale.toml (docs/sources/seed1-short-sale.md §1, §9, §10): calculation date
  2026-12-01, rescheduling closed on 2026-11-26, the keep-home 個人再生 unaffordable (208,451円 a
  month needed, 60,000円 available), the auction timeline of tests/test_timeline.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, read_case_file
from zansai.engine.plan import Plan, plan
from zansai.errors import InputError
from zansai.model import ExitKey
from zansai.model.keys import RouteKey
from zansai.report.checklist import checklist, checklist_html, checklist_ics, choose

ROOT = Path(__file__).resolve().parents[1]
KEEP = ROOT / "examples" / "keep-home-rehabilitation.toml"
SEED1 = ROOT / "examples" / "seed1-short-sale.toml"


def _plan(path: Path) -> Plan:
    case, book = build_case(read_case_file(str(path)))
    return plan(case, book)


@pytest.fixture(scope="module")
def keep() -> Plan:
    return _plan(KEEP)


@pytest.fixture(scope="module")
def seed1() -> Plan:
    return _plan(SEED1)


def test_keep_home_rehabilitation_lists_the_filing_papers_on_the_filing_date(keep: Plan) -> None:
    c = checklist(keep, ExitKey.KEEP_HOME_REHABILITATION)
    due = {t.key: t.due for t in c.tasks}
    for key in ("rehab-lender_consult", "rehab-petition", "rehab-creditor_schedule", "rehab-asset_inventory",
                "rehab-household_two_months", "rehab-pay_and_withholding", "rehab-loan_contract",
                "rehab-land_registry"):
        assert due[key] == date(2027, 1, 15), key
    assert due["deadline-housing_clause"] == date(2027, 8, 27)  # 代位弁済 2027-02-27 + 6 months
    assert keep.timeline is not None
    assert keep.timeline.milestone("subrogation").typical == date(2027, 2, 27)
    # the plan's own estimates: confirmation and first instalment (28,889円 = 1,040,000円 / 36, rounded up)
    assert due["rehab-approval"] == date(2027, 7, 15)
    assert due["rehab-first_instalment"] == date(2027, 8, 15)
    first = next(t for t in c.tasks if t.key == "rehab-first_instalment")
    assert "28,889円" in first.text.ja
    # the court sets the plan's deadline: no date is invented
    draft = next(t for t in c.tasks if t.key == "rehab-plan_draft")
    assert draft.due is None
    assert draft.when is not None
    assert "不明" in draft.when.ja
    assert c.available
    assert c.exit == "keep_home_rehabilitation"
    assert c.routes == ()  # nothing is sold: no remaining-debt route papers
    assert not any(t.key.startswith(("doc-", "settle-", "action-short_sale")) for t in c.tasks)
    dates = [t.due for t in c.tasks if t.due]
    assert dates == sorted(dates)


def test_rescheduling_asks_the_lender_before_the_window_closes(keep: Plan) -> None:
    c = checklist(keep, ExitKey.RESCHEDULE)
    due = {t.key: t.due for t in c.tasks}
    assert due["resched-request"] == due["resched-budget"] == due["resched-income_proof"] == date(2027, 1, 26)
    assert due["resched-reply"] is None
    request = next(t for t in c.tasks if t.key == "resched-request")
    assert "みなと銀行" in request.text.ja
    # no rescheduling terms in the case: listed, but said to be not computed
    assert not c.available
    assert "計算していません" in c.notes[0].ja


def test_an_unaffordable_exit_is_listed_with_its_reason(seed1: Plan) -> None:
    c = checklist(seed1, ExitKey.KEEP_HOME_REHABILITATION)
    assert not c.available
    assert "208,451円" in c.notes[0].ja
    assert "60,000円" in c.notes[0].ja
    assert "¥208,451" in c.notes[0].en
    assert {t.key: t.due for t in c.tasks}["rehab-petition"] == date(2026, 12, 1)  # no filing date: now
    html = checklist_html(seed1, "ja", ExitKey.KEEP_HOME_REHABILITATION)
    assert 'class="unavailable"' in html
    assert "208,451円" in html


def test_a_closed_window_is_said(seed1: Plan) -> None:
    c = checklist(seed1, ExitKey.RESCHEDULE)
    assert any("2026-11-26" in n.ja for n in c.notes)
    assert {t.key: t.due for t in c.tasks}["resched-request"] is None


def test_the_auction_is_dated_by_the_timeline(seed1: Plan) -> None:
    due = {t.key: t.due for t in checklist(seed1, ExitKey.AUCTION_COURT).tasks}
    assert due["auction-inspection"] == date(2027, 6, 6)
    assert due["auction-notice"] == date(2027, 8, 23)
    assert due["auction-payment"] == date(2027, 11, 18)
    assert due["auction-delivery"] == date(2028, 5, 18)


def test_a_chosen_route_is_listed_even_when_not_feasible(seed1: Plan) -> None:
    c = checklist(seed1, route=RouteKey.NEGOTIATED_SETTLEMENT)
    assert c.routes == ("negotiated",)
    assert not c.available
    assert "任意整理" in c.notes[0].ja
    due = {t.key: t.due for t in c.tasks}
    assert due["route-proposal_draft"] == date(2027, 3, 31)
    assert "route-asset_list_draft" not in due  # bankruptcy's papers only when it is chosen or by default


def test_the_default_is_unchanged(seed1: Plan) -> None:
    assert checklist(seed1) == checklist(seed1, None, None)
    assert checklist(seed1).routes == ("bankruptcy",)
    assert checklist(seed1).available


def test_the_calendar_follows_the_choice(keep: Plan) -> None:
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(checklist_ics(keep, "k", "ja", ExitKey.KEEP_HOME_REHABILITATION))
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    assert starts["k-rehab-petition@zansai"] == date(2027, 1, 15)
    assert starts["k-deadline-housing_clause@zansai"] == date(2027, 8, 27)
    assert "k-rehab-plan_draft@zansai" not in starts  # undated: not in the calendar


def test_unknown_keys_are_refused_naming_the_option() -> None:
    with pytest.raises(InputError) as e:
        choose("keep_home", None)
    assert "--exit" in str(e.value)
    assert "keep_home_rehabilitation" in str(e.value)
    with pytest.raises(InputError) as e:
        choose(None, "rehab", ("exit", "route"))
    assert e.value.field == "route"


def test_the_cli_refuses_an_unknown_exit_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "c.ics"
    for option, value in (("--exit", "keep_home"), ("--route", "chapter7")):
        r = subprocess.run([sys.executable, "-m", "zansai", "checklist", str(KEEP), option, value,
                            "--format", "ics", "-o", str(out)], capture_output=True, text=True, check=False)
        assert r.returncode == 2
        assert r.stderr.count("\n") == 1
        assert option in r.stderr
        assert "error:" in r.stderr
        assert not out.exists()
    r = subprocess.run([sys.executable, "-m", "zansai", "checklist", str(KEEP), "--exit",
                        "keep_home_rehabilitation"], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert "不動産登記事項証明書" in r.stdout
    assert "2027-01-15" in r.stdout


def test_the_web_takes_the_choice_as_query_parameters(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from zansai.web.app import create_app
    from zansai.web.settings import Settings

    app: Any = create_app(Settings(db_path=tmp_path / "cases.sqlite3"))
    data = json.loads(json.dumps(tomllib.loads(KEEP.read_text("utf-8")), default=str))
    case_id = app.state.store.create("keep", data).id
    client = TestClient(app, base_url="http://127.0.0.1")
    body = client.get(f"/api/v1/cases/{case_id}/checklist?exit=keep_home_rehabilitation").json()
    assert body["exit"] == "keep_home_rehabilitation"
    assert body["chosen"]
    assert body["available"]
    assert {i["key"]: i["due"] for i in body["items"]}["rehab-petition"] == "2027-01-15"
    bad = client.get(f"/api/v1/cases/{case_id}/checklist?exit=nope")
    assert bad.status_code == 422
    assert bad.json()["field"] == "exit"
    assert client.get(f"/cases/{case_id}/checklist.html?route=nope").status_code == 422
    page = client.get(f"/cases/{case_id}/checklist.html?exit=reschedule&lang=en").text
    assert "was not computed" in page
    result = client.get(f"/cases/{case_id}").text
    assert 'id="checklist-choice"' in result
    assert 'value="keep_home_rehabilitation"' in result
