"""The timeline on the court's published months from filing to distribution (timeline_court).

Figures: docs/sources/auction-statistics.md §5 (東京地裁本庁, 2012: about 10 months from filing to
distribution; 自用マンション about 7 months). The split (zansai.engine.timeline_court, and
docs/sources/auction-statistics.md §5.1): the legal steps from the bidding on stay as the national
rules give them — bidding 8 days, 開札 within 7 days (民事執行規則46条1項), 売却決定 within 21 days
(46条2項), appeal 7 days (民事執行法10条2項), payment within 1 month (規則56条1項), 配当 within 1
month of it (規則59条2項) — and the practice stages before the bidding take the rest, each in the
proportion of its national default (申立 → 開始決定 10 days, → 現況調査 2 months, → 入札開始 5
months: docs/sources/law-debt-divorce.md §4.3).
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from tests.comps_case import located_condo_text

from zansai.case import build_case, parse_case_data
from zansai.engine.plan import plan
from zansai.engine.timeline import delinquency_timeline
from zansai.engine.timeline_court import CourtTiming, months_after, scale
from zansai.model import LenderType
from zansai.rules import RuleBook
from zansai.rules.court_stats import CourtFigure, Measure
from zansai.rules.model import Confidence

ROOT = Path(__file__).resolve().parents[1]
D = dt.date


def _plan_text(text: str) -> dict[str, Any]:
    case, book = build_case(parse_case_data(tomllib.loads(text), source="t.toml"), source="t.toml")
    return plan(case, book).to_dict()


def _seed1(**location: object) -> dict[str, Any]:
    raw = tomllib.loads((ROOT / "examples" / "seed1-short-sale.toml").read_text("utf-8"))
    raw = copy.deepcopy(raw)
    raw["property"].update(location)
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return plan(case, book).to_dict()


def _typical(result: dict[str, Any]) -> dict[str, str]:
    return {m["key"]: m["typical"] for m in result["timeline"]["milestones"]}


@pytest.fixture(scope="module")
def chiyoda() -> dict[str, Any]:
    return _plan_text((ROOT / "examples" / "tokyo-auction-range.toml").read_text("utf-8"))


def test_the_tokyo_house_runs_on_ten_months(chiyoda: dict[str, Any]) -> None:
    """§5: 10 months at 東京地裁本庁. Filing 2027-03-27 (national, unchanged), so 配当 aimed at
    2028-01-27 (306 days). National: 開始決定 2027-04-06, 入札開始 2027-09-06 (163 days after the
    filing), 代金納付 2027-11-18, 配当 2027-12-18: the legal steps take 103 days from the bidding.
    So the practice stages take 306 − 103 = 203 days (ratio 203/163): 開始決定 after
    round(10 × 203/163 = 12.45) = 12 days, 現況調査 round(61 × 203/163 = 75.97) = 76 days later,
    入札開始 203 days after the filing; then the law: 開札 +14, 売却決定 +21, 確定 +7, 代金納付
    +1 month, 配当 +1 month = 2028-01-27."""
    t = _typical(chiyoda)
    assert t["auction_filing"] == "2027-03-27"
    assert t["commencement"] == "2027-04-08"
    assert t["site_inspection"] == "2027-06-23"
    assert t["bid_period"] == "2027-10-16"
    assert t["public_notice"] == "2027-10-02"  # 14 days before the bidding (law)
    assert t["bid_opening"] == "2027-10-30"
    assert t["sale_decision"] == "2027-11-20"
    assert t["sale_final"] == "2027-11-27"
    assert t["payment"] == "2027-12-27"
    assert t["delivery_order"] == "2028-06-27"
    court = chiyoda["timeline"]["court"]
    assert (court["court_id"], court["applied"], court["ratio"]) == ("tokyo:main", True, "203/163")
    assert (court["national_distribution"], court["target_distribution"], court["distribution"]) == (
        "2027-12-18", "2028-01-27", "2028-01-27")
    fig = court["figure"]
    assert (fig["months"], fig["property"], fig["from"], fig["to"], fig["confidence"]) == (
        "10", "all", "2012-01-01", "2013-01-01", "low")
    assert fig["sources"][0]["url"] == "http://www.asahi-law.com/blog/2013/03/post-28-480063.html"


def test_the_steps_say_which_figure_dated_them(chiyoda: dict[str, Any]) -> None:
    why = {m["key"]: m["why"] for m in chiyoda["timeline"]["milestones"]}
    comm = why["commencement"]
    assert comm["formula"] == "auction_filing + round(10日 × 203/163)"
    assert "東京地方裁判所（本庁） 10か月" in comm["inputs"]["court_figure"]
    assert "2012-01-01〜2012-12-31, confidence low" in comm["inputs"]["court_figure"]
    assert "asahi-law.com" in comm["inputs"]["court_figure"]
    bid = why["bid_period"]
    assert bid["formula"].startswith("auction_filing + (10か月 to 2028-01-27 − 103日 of legal steps = 203日)")
    assert "203日後" in bid["note"]["ja"]
    assert "163日" in bid["note"]["ja"]
    note = next(n for n in chiyoda["timeline"]["notes"] if n["id"] == "timeline_court.notes.applied")
    assert "約10か月" in note["ja"]
    assert "確度 低" in note["ja"]
    assert "2028-01-27" in note["ja"]
    assert any(r["key"] == "timeline.distribution_after_payment_months"
               for r in chiyoda["timeline"]["rules"])


def test_what_follows_from_the_dates_follows_the_court(chiyoda: dict[str, Any]) -> None:
    """The short sale's last day (the day before 開札), the auction's payment date and the late
    charges until then all move with the court's months."""
    windows = {w["key"]: w["closes"] for w in chiyoda["timeline"]["windows"]}
    assert windows["short_sale_last_day"] == "2027-10-29"
    assert windows["bank_short_sale_practical"] == "2027-10-15"
    for key in ("auction_court", "auction_seed"):
        e = next(e for e in chiyoda["exits"] if e["key"] == key)
        assert e["completion_date"] == "2027-12-27"
        assert e["details"]["payment_date"] == "2027-12-27"


def test_the_condominium_runs_on_seven_months() -> None:
    """§5: 自用マンション about 7 months at 東京地裁本庁 (the condo example placed in 月島, a JHF
    loan). Filing 2025-08-05, 配当 aimed at 2026-03-05 (212 days). National: 入札開始 2026-01-15
    (163 days), 配当 2026-04-26 (101 days after the bidding). Practice 212 − 101 = 111 days
    (ratio 111/163): 開始決定 +round(6.81) = 7 days, 現況調査 +round(61 × 111/163 = 41.54) = 42,
    入札開始 2025-11-24, 開札 2025-12-08, 代金納付 2026-02-05, 配当 2026-03-05."""
    located = _plan_text(located_condo_text())
    t = _typical(located)
    assert (t["auction_filing"], t["commencement"], t["site_inspection"]) == (
        "2025-08-05", "2025-08-12", "2025-09-23")
    assert (t["bid_period"], t["bid_opening"], t["payment"]) == ("2025-11-24", "2025-12-08", "2026-02-05")
    court = located["timeline"]["court"]
    assert (court["figure"]["property"], court["figure"]["months"], court["ratio"]) == (
        "condominium", "7", "111/163")
    assert court["distribution"] == court["target_distribution"] == "2026-03-05"
    # JHF: the short sale closes the day before the filing, which the court does not move
    windows = {w["key"]: w["closes"] for w in located["timeline"]["windows"]}
    assert windows["short_sale_last_day"] == "2025-08-04"
    assert windows["housing_clause"] == "2026-02-04"  # the day before the (court's) payment
    plain = _typical(_plan_text(located_condo_text(located=False)))
    assert (plain["bid_period"], plain["payment"]) == ("2026-01-15", "2026-03-26")


def test_a_court_without_a_duration_keeps_the_national_dates() -> None:
    """川崎市 (14130) → 横浜地裁川崎支部: no months from filing to distribution published (§5,
    §7): the national dates, and a note that the court's duration is 不明."""
    kawasaki = _seed1(municipality_code="14130")
    plain = _seed1()
    assert kawasaki["timeline"]["milestones"] == plain["timeline"]["milestones"]
    assert _typical(kawasaki)["payment"] == "2027-11-18"
    court = kawasaki["timeline"]["court"]
    assert (court["court_id"], court["applied"], court["figure"]) == ("yokohama:kawasaki", False, None)
    assert court["unknown"] == ["months_filing_to_distribution"]
    note = next(n for n in kawasaki["timeline"]["notes"] if n["id"] == "timeline_court.notes.unknown")
    assert "横浜地方裁判所川崎支部" in note["ja"]
    assert "不明" in note["ja"]


def test_an_unlocated_case_is_unchanged() -> None:
    plain = _seed1()
    assert "court" not in plain["timeline"]
    assert not any(n.get("id", "").startswith("timeline_court") for n in plain["timeline"]["notes"])
    assert not any(r["key"] == "timeline.distribution_after_payment_months"
                   for r in plain["timeline"]["rules"])
    t = _typical(plain)
    assert (t["commencement"], t["bid_period"], t["payment"]) == ("2027-04-06", "2027-09-06", "2027-11-18")


def _timing(months: str) -> CourtTiming:
    fig = CourtFigure("tokyo:main", Measure.MONTHS_FILING_TO_DISTRIBUTION, "all", D(2012, 1, 1),
                      D(2013, 1, 1), Decimal(months), Confidence.LOW, (), "5")
    return CourtTiming("tokyo:main", ("東京地方裁判所（本庁）", "Tokyo District Court (main office)"), fig)


def test_a_figure_shorter_than_the_legal_steps_is_not_used() -> None:
    """3 months from filing to distribution cannot hold the ~103 days of legal steps after the
    bidding plus any preparation: the national dates stay and a note says why."""
    book = RuleBook.default()
    national = delinquency_timeline(D(2026, 8, 27), on=D(2026, 12, 1), book=book, lender=LenderType.BANK)
    short = delinquency_timeline(D(2026, 8, 27), on=D(2026, 12, 1), book=book, lender=LenderType.BANK,
                                 court=_timing("3"))
    assert [m.typical for m in short.milestones] == [m.typical for m in national.milestones]
    assert short.court is not None
    assert not short.court.applied
    assert any(getattr(n, "id", "") == "timeline_court.notes.too_short" for n in short.notes)


def test_half_months_and_rounding() -> None:
    """8.5 months (大阪地裁本庁, §5): 2027-01-10 + 8 months = 2027-09-10, + 15 of September's 30
    days; rounding is half up."""
    assert months_after(D(2027, 1, 10), Decimal("8.5")) == D(2027, 9, 25)
    assert months_after(D(2027, 1, 31), Decimal("1")) == D(2027, 2, 28)
    assert scale(10, Fraction(1, 4)) == 3  # 2.5 → 3
    assert scale(10, Fraction(203, 163)) == 12



def _plan_obj(text: str) -> Any:
    case, book = build_case(parse_case_data(tomllib.loads(text), source="t.toml"), source="t.toml")
    return plan(case, book)


def test_the_terminal_and_the_page_show_the_court_basis() -> None:
    """The terminal report prints the court's note under the timeline; the results page shows it
    under the timeline's table; an unlocated case shows neither."""
    import io

    from rich.console import Console

    from zansai.report.html import result_fragment
    from zansai.report.terminal.plan import print_plan

    located = _plan_obj((ROOT / "examples" / "tokyo-auction-range.toml").read_text("utf-8"))
    plain = _plan_obj((ROOT / "examples" / "seed1-short-sale.toml").read_text("utf-8"))
    for p, shown in ((located, True), (plain, False)):
        out = io.StringIO()
        print_plan(p, Console(file=out, width=400, color_system=None, highlight=False))
        assert ("⚖ 競売の日程は東京地方裁判所（本庁）の公表された期間によります" in out.getvalue()) is shown
        html = result_fragment(p, "en")
        assert ('class="note timeline-court"' in html) is shown
    assert "about 10 months from filing to distribution" in result_fragment(located, "en")
