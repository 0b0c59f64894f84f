"""The auction exit by court: the location picks the court, the exit shows a range and the cited figures.

Figures: the seed-1 household (central value 20,000,000円, the median of its three appraisals) with
its home placed by ``municipality_code``. The range uses auction.realized_to_market_ratio (91.8%,
low 70%, high 108.6%) and auction.market_adjustment (70%, low 50%); the courts' figures are those
of docs/sources/auction-statistics.md §1.8 (東京都 median winning bid ÷ 売却基準価額 1.29, 2012上期),
§1.2 (松戸支部 1.66), §1.9 (東京都 落札率 99.6%, 2022下期), §1.1 (落札率 above 90% at 東京地裁本庁,
2025下期), §4 (national withdrawal share 22.5%, 2015) and §6 (jurisdiction).
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from zansai.case import build_case, case_json_schema, parse_case_data
from zansai.case.location import check_digit
from zansai.engine.plan import plan
from zansai.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SEED1 = tomllib.loads((ROOT / "examples" / "seed1-short-sale.toml").read_text("utf-8"))


def _plan(**location: object) -> dict[str, Any]:
    raw = copy.deepcopy(SEED1)
    raw["property"].update(location)
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    return plan(case, book).to_dict()


def _exit(result: dict[str, Any], key: str) -> dict[str, Any]:
    return next(e for e in result["exits"] if e["key"] == key)


def _court(result: dict[str, Any]) -> dict[str, Any]:
    court: dict[str, Any] = _exit(result, "auction_court")["details"]["court"]
    return court


@pytest.fixture(scope="module")
def chiyoda() -> dict[str, Any]:
    return _plan(municipality_code="13101")


def test_chiyoda_is_sold_by_the_tokyo_district_court_main_office(chiyoda: dict[str, Any]) -> None:
    court = _court(chiyoda)["court"]
    assert (court["id"], court["name_ja"], court["level"], court["flags"]) == \
        ("tokyo:main", "東京地方裁判所（本庁）", "branch", [])


def test_range_is_the_national_rule_around_the_unchanged_model(chiyoda: dict[str, Any]) -> None:
    view = _court(chiyoda)
    # central = the national model: max(minimum bid, 20,000,000 × 91.8%) = 18,360,000, as without a location
    assert view["range"]["central"] == _exit(chiyoda, "auction_court")["price"] == 18_360_000
    assert (view["range"]["low"], view["range"]["high"]) == (14_000_000, 21_720_000)  # × 70%, × 108.6%
    assert {"range_national", "market_adjustment_national"} <= set(view["flags"])
    assert "bid_ratio_distribution" in view["unknown"]
    assert "market_adjustment" in view["unknown"]


def test_court_based_view_uses_the_tokyo_median(chiyoda: dict[str, Any]) -> None:
    alt = {a["key"]: a for a in _court(chiyoda)["alternatives"]}
    based = alt["court_based"]
    # 20,000,000 × 50% × 1.29 and × 70% × 1.29 (東京都, 2012上期, the district court's figure)
    assert (based["price"], based["high"]) == (12_900_000, 18_060_000)
    assert "district_level" in based["flags"]
    assert "market_adjustment_national" in based["flags"]
    assert based["why"]["inputs"]["court_median"] == "129%"
    assert alt["seed"]["price"] == 13_000_000  # docs/sources/seed1-short-sale.md §2: 65%


def test_cited_figures_carry_period_source_and_confidence(chiyoda: dict[str, Any]) -> None:
    view = _court(chiyoda)
    figures = {f["measure"]: f for f in view["figures"]}
    assert figures["sale_rate"]["value"] == "0.996"
    assert figures["sale_rate"]["district_level"]
    assert (figures["sale_rate_floor"]["value"], figures["sale_rate_floor"]["from"]) == ("0.90", "2025-07-01")
    assert all(f["sources"] and f["confidence"] for f in view["figures"])
    assert view["unsold_first_round"] == "0.004"
    assert view["national"]["withdrawn_share"]["value"] == "0.225"
    # §5: filing to distribution about 10 months at 東京地裁本庁 (2012); the plan's auction dates
    # follow it (tests/test_timeline_court.py: payment 2027-12-27 instead of 2027-11-18)
    duration = next(n for n in view["notes"] if n["id"] == "auction_court.notes.duration")
    assert "約10か月" in duration["ja"]
    assert "2027-12-27" in duration["ja"]
    assert "東京地方裁判所（本庁）" in view["summary"]["ja"]
    assert "14,000,000円" in view["summary"]["ja"]


def test_a_ranking_flip_within_the_range_is_said(chiyoda: dict[str, Any]) -> None:
    view = _court(chiyoda)
    # at 14,000,000 the auction leaves 15,345,790円, at 21,720,000 7,625,790円 (the buyer pays on
    # 2027-12-27, the court's 10 months: 366,782円 more late charges than by 2027-11-18): the
    # leaseback (10,702,521円) and the dealer purchase (11,702,521円) lie between, so the ranking
    # flips within the range; the short sale (7,395,521円) now beats even the top of the range
    assert view["remaining_debt_at"] == {"low": 15_345_790, "high": 7_625_790}
    assert {f["exit"]: f["remaining_debt"] for f in view["flips"]} == {
        "leaseback": 10_702_521, "dealer_purchase": 11_702_521}
    assert view["lender_flip_short_sale"] is True  # 18,295,000円 to the lender lies between
    ids = [w.get("id") for w in _exit(chiyoda, "auction_court")["warnings"]]
    assert "auction_court.flip.between" in ids
    assert "auction_court.flip.lender" in ids


def test_location_changes_only_the_auction_dates(chiyoda: dict[str, Any]) -> None:
    """The location changes no price; only the auctions' dates move, to the court's published
    months (tests/test_timeline_court.py), and with them the late charges until the payment."""
    plain = _plan()
    assert "court" not in _exit(plain, "auction_court")["details"]
    def figures(e: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in e.items() if k not in ("warnings", "details")}

    auctions = ("auction_court", "auction_seed")
    by_key = {e["key"]: figures(e) for e in chiyoda["exits"]}
    assert {e["key"]: figures(e) for e in plain["exits"] if e["key"] not in auctions} == \
        {k: v for k, v in by_key.items() if k not in auctions}
    for key in auctions:
        before, after = figures(_exit(plain, key)), by_key[key]
        assert (before["price"], before["costs_total"]) == (after["price"], after["costs_total"])
        assert (before["completion_date"], after["completion_date"]) == ("2027-11-18", "2027-12-27")
        assert after["remaining_debt"] - before["remaining_debt"] == 366_782  # late charges, 39 days


def test_matsudo_is_sold_by_the_matsudo_branch() -> None:
    view = _court(_plan(municipality_code="122076"))  # 6 digits: the check digit is verified, dropped
    assert (view["court"]["id"], view["court"]["name_ja"]) == ("chiba:matsudo", "千葉地方裁判所松戸支部")
    based = next(a for a in view["alternatives"] if a["key"] == "court_based")
    assert (based["price"], based["high"]) == (16_600_000, 23_240_000)  # × 50% / 70% × 1.66
    assert "district_level" not in based["flags"]


def test_a_prefecture_alone_is_flagged() -> None:
    view = _court(_plan(prefecture_code="01"))  # 北海道: four district courts
    assert view["court"]["level"] == "prefecture-fallback"
    assert set(view["court"]["flags"]) == {"office_unknown", "district_uncertain"}
    assert not any(a["key"] == "court_based" for a in view["alternatives"])  # no median cited


@pytest.mark.parametrize(("location", "field", "words"), [
    ({"municipality_code": "131017"}, "property.municipality_code", "131016"),
    ({"municipality_code": "1310"}, "property.municipality_code", "5桁"),
    ({"municipality_code": "48101"}, "property.municipality_code", "01〜47"),
    ({"municipality_code": "13101", "prefecture_code": "12"}, "property.prefecture_code", "合いません"),
    ({"district": "神田"}, "property.district", "市区町村コード"),
    ({"floor_area_m2": "0"}, "property.floor_area_m2", "床面積"),
    ({"floor_area_m2": "abc"}, "property.floor_area_m2", "床面積"),
])
def test_bad_locations_name_the_field(location: dict[str, object], field: str, words: str) -> None:
    raw = copy.deepcopy(SEED1)
    raw["property"].update(location)
    with pytest.raises(InputError) as err:
        build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    assert field in str(err.value)
    assert words in str(err.value)


def test_check_digit() -> None:
    assert (check_digit("13101"), check_digit("12207"), check_digit("01100")) == (6, 6, 2)


def test_schema_lists_the_location() -> None:
    props = case_json_schema()["$defs"]["PropertyIn"]["properties"]
    assert {"municipality_code", "prefecture_code", "district", "floor_area_m2"} <= set(props)


def test_terminal_report_names_the_court_and_the_range(capsys: pytest.CaptureFixture[str]) -> None:
    from zansai.report.terminal.plain import PlainConsole
    from zansai.report.terminal.plan import print_plan

    raw = copy.deepcopy(SEED1)
    raw["property"]["municipality_code"] = "13101"
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    print_plan(plan(case, book), PlainConsole())
    out = capsys.readouterr().out
    court = out[out.index("⚖"):].replace("\n", "")
    assert court.startswith("⚖ 競売を行う裁判所: 東京地方裁判所（本庁）")
    assert "14,000,000円〜21,720,000円" in court


def test_the_form_takes_the_location() -> None:
    from zansai.web.forms import form_to_data

    data = form_to_data([("property.kind", "house"), ("property.municipality_code", "131016"),
                         ("property.floor_area_m2", "65.5")])
    assert (data["property"]["municipality_code"], data["property"]["floor_area_m2"]) == ("131016", "65.5")
