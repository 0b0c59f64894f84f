"""The dated checklist: its items come from the plan's timeline and "what to do now", and the
iCalendar file parses back with one all-day event per dated item and stable UIDs.

The household is the short-sale example (docs/sources/seed1-short-sale.md §1, §3, §9, §10): first
missed payment 2026-08-27, calculation date 2026-12-01, settlement 2027-03-31; the timeline
expects the auction filing on 2027-03-27 and the last short-sale day on 2027-09-19
(tests/test_timeline.py holds those dates to the rules).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from tests.test_leaks import leaks

from zansai.case import build_case, read_case_file
from zansai.engine.plan import Plan, plan
from zansai.report.checklist import checklist, checklist_html, checklist_ics

ROOT = Path(__file__).resolve().parents[1]
SEED1 = ROOT / "examples" / "seed1-short-sale.toml"


@pytest.fixture(scope="module")
def seed1() -> Plan:
    case, book = build_case(read_case_file(str(SEED1)))
    return plan(case, book)


def test_the_items_follow_the_timeline(seed1: Plan) -> None:
    due = {t.key: t.due for t in checklist(seed1).tasks}
    timeline = seed1.timeline
    assert timeline is not None
    assert due["deadline-auction_filing"] == timeline.milestone("auction_filing").typical == date(2027, 3, 27)
    assert due["deadline-short_sale_last_day"] == timeline.last_short_sale_day() == date(2027, 9, 19)
    assert due["action-short_sale"] == date(2027, 3, 27)
    # the short sale's papers are due before the lender is asked; settlement papers on the day
    for key in ("doc-appraisals", "doc-tax_certificate", "doc-loan_schedule", "doc-request_draft"):
        assert due[key] == date(2027, 3, 27)
    assert due["settle-residence_seal"] == seed1.case.sale_date == date(2027, 3, 31)
    # bankruptcy is the one feasible route (the margin is −25,000円 a month): its papers too
    assert checklist(seed1).routes == ("bankruptcy",)
    assert due["route-asset_list_draft"] == date(2027, 3, 31)
    assert "deadline-rescheduling" not in due  # closed on 2026-11-26, before the calculation date
    dates = [t.due for t in checklist(seed1).tasks if t.due]
    assert dates == sorted(dates)


def test_the_ics_parses_back_with_one_all_day_event_per_dated_item(seed1: Plan) -> None:
    icalendar = pytest.importorskip("icalendar")
    data = checklist_ics(seed1, "case-1")
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    dated = checklist(seed1).dated
    assert len(events) == len(dated) == 22
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Tokyo"
    by_uid = {str(e["UID"]): e for e in events}
    filing = by_uid["case-1-deadline-auction_filing@zansai"]
    assert filing.decoded("DTSTART") == date(2027, 3, 27)  # a date: an all-day event
    assert filing.decoded("DTEND") == date(2027, 3, 28)
    assert "競売" in str(filing["SUMMARY"])
    ask = str(by_uid["case-1-action-short_sale@zansai"]["SUMMARY"])
    assert "さくら銀行・さくら信用保証に任意売却を相談" in ask
    assert "あと" not in ask  # no countdown that is true only on the day it was computed
    assert by_uid["case-1-doc-tax_certificate@zansai"].decoded("DTSTART") == date(2027, 3, 27)
    assert checklist_ics(seed1, "case-1") == data  # the same case gives the same file (stable UIDs)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_page_lists_every_item_and_leaks_nothing(seed1: Plan, lang: str) -> None:
    html = checklist_html(seed1, lang)
    assert html.count("☐") == len(checklist(seed1).tasks)
    assert "2027-03-27" in html
    assert "法的な代理・助言ではありません" in html
    text = html[html.index("<body>"):]
    assert not leaks(text), leaks(text)


def test_the_cli_writes_the_ics_and_refuses_a_bad_format(tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    out = tmp_path / "c.ics"
    run = [sys.executable, "-m", "zansai", "checklist", str(SEED1)]
    r = subprocess.run([*run, "--format", "ics", "-o", str(out)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert "seed1-short-sale-deadline-auction_filing@zansai" in uids
    bad = tmp_path / "x.ics"
    r = subprocess.run([*run, "--format", "csv", "-o", str(bad)], capture_output=True, text=True, check=False)
    assert r.returncode == 2
    assert "--format" in r.stderr
    assert not bad.exists()


def test_on_an_earlier_day_the_checklist_starts_with_rescheduling(tmp_path: Path) -> None:
    """Judged on 2026-10-01, rescheduling is still open until the day before acceleration
    (2026-11-26; docs/sources/seed1-short-sale.md §1): the lender is asked about it first."""
    icalendar = pytest.importorskip("icalendar")
    out = tmp_path / "c.ics"
    r = subprocess.run([sys.executable, "-m", "zansai", "checklist", str(SEED1), "--at", "2026-10-01",
                        "--format", "ics", "-o", str(out)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    starts = {str(e["UID"]).split("-", 3)[-1]: e.decoded("DTSTART")
              for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert starts["action-reschedule@zansai"] == date(2026, 11, 26)
    assert starts["deadline-rescheduling@zansai"] == date(2026, 11, 26)
    assert starts["doc-appraisals@zansai"] == date(2026, 11, 26)  # ready before the talk
