"""Which court sells a property: court_for (zansai.rules.courts).

Mappings from docs/sources/auction-statistics.md §6.2 (東京), §6.3 (神奈川), §6.4 (埼玉),
§6.5 (千葉), §6.6 (北海道), §6.7 (大阪); the prefecture fallback from §6.1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zansai.errors import InputError
from zansai.rules.court_stats import Measure, court_auction_stats
from zansai.rules.courts import MatchFlag, MatchLevel, court_for, jurisdiction


@pytest.mark.parametrize(("code", "court"), [
    ("13101", "tokyo:main"),        # 千代田区 — §6.2
    ("13123", "tokyo:main"),        # 江戸川区
    ("13421", "tokyo:main"),        # 小笠原村 (島嶼)
    ("13201", "tokyo:tachikawa"),   # 八王子市 — §6.2
    ("13229", "tokyo:tachikawa"),   # 西東京市
    ("13308", "tokyo:tachikawa"),   # 奥多摩町
    ("14130", "yokohama:kawasaki"),  # 川崎市 — §6.3
    ("14131", "yokohama:kawasaki"),  # 川崎区
    ("14137", "yokohama:kawasaki"),  # 麻生区
    ("14104", "yokohama:main"),     # 横浜市中区 — §6.3
    ("14205", "yokohama:main"),     # 藤沢市
    ("14206", "yokohama:odawara"),  # 小田原市
    ("14216", "yokohama:sagamihara"),  # 座間市
    ("14152", "yokohama:sagamihara"),  # 相模原市中央区
    ("12207", "chiba:matsudo"),     # 松戸市 — §6.5
    ("12217", "chiba:matsudo"),     # 柏市
    ("12204", "chiba:main"),        # 船橋市 — §6.5
    ("11203", "saitama:main"),      # 川口市 — §6.4
    ("11208", "saitama:kawagoe"),   # 所沢市
    ("11222", "saitama:koshigaya"),  # 越谷市
    ("11202", "saitama:kumagaya"),  # 熊谷市
    ("27127", "osaka:main"),        # 大阪市北区 — §6.7
    ("27100", "osaka:main"),        # 大阪市
    ("27141", "osaka:sakai"),       # 堺市堺区 — §6.7
    ("27147", "osaka:sakai"),       # 堺市美原区
    ("27231", "osaka:sakai"),       # 大阪狭山市 (堺簡裁)
    ("27216", "osaka:sakai"),       # 河内長野市 (富田林簡裁)
    ("27383", "osaka:sakai"),       # 千早赤阪村 (富田林簡裁)
    ("27221", "osaka:sakai"),       # 柏原市 (羽曳野簡裁)
    ("27202", "osaka:kishiwada"),   # 岸和田市 — §6.7
])
def test_listed_municipalities_map_to_their_office(code: str, court: str) -> None:
    match = court_for(code)
    assert (match.court_id, match.level, match.flags) == (court, MatchLevel.OFFICE, ())
    assert match.sources
    assert match.section


def test_tokyo_main_office_names_and_confidence() -> None:
    match = court_for("13101")
    assert match.name_ja == "東京地方裁判所（本庁）"
    assert match.name_en == "Tokyo District Court (main office)"
    assert match.district_id == "tokyo"
    assert match.confidence == "high"
    assert match.section == "6.2"


def test_tama_has_the_thirty_municipalities_the_sources_count() -> None:
    """§6.2: the 立川支部 covers the 30 municipalities of 多摩 (26 cities, 3 towns and a village)."""
    tama = [c for c, a in jurisdiction().by_code.items() if a.office == "tokyo:tachikawa"]
    real = {"13201", "13202", "13203", "13204", "13205", "13206", "13207", "13208", "13209",
            "13210", "13211", "13212", "13213", "13214", "13215", "13218", "13219", "13220",
            "13221", "13222", "13223", "13224", "13225", "13227", "13228", "13229",
            "13303", "13305", "13307", "13308"}
    assert real <= set(tama)
    assert len(real) == 30


def test_chichibu_auctions_are_held_at_kumagaya() -> None:
    """§6.4: 不動産執行 for the 秩父支部 area is handled by the 熊谷支部."""
    assert court_for("11207").court_id == "saitama:kumagaya"   # 秩父市
    assert court_for(None, "11", "長瀞町").court_id == "saitama:kumagaya"


def test_a_town_is_matched_by_name_within_its_prefecture_only() -> None:
    assert court_for(None, "11", "宮代町").court_id == "saitama:main"
    # 美里町 is also a town in 宮城 and 熊本: the Saitama listing must not match there
    assert court_for(None, "04", "美里町").court_id == "sendai"
    assert court_for(None, "04", "美里町").level == MatchLevel.PREFECTURE


def test_an_unlisted_municipality_falls_back_to_its_district_court() -> None:
    match = court_for("14201")  # 横須賀市: its branch's area was not read (§6.3)
    assert (match.court_id, match.level, match.flags) == (
        "yokohama", MatchLevel.PREFECTURE, (MatchFlag.OFFICE_UNKNOWN,))


def test_chiba_outside_matsudo_goes_to_the_main_office() -> None:
    """§6.5: for auctions 千葉県 is the 本庁 (almost all) and the 松戸支部 (six cities)."""
    match = court_for("12206")  # 木更津市
    assert (match.court_id, match.level, match.confidence) == ("chiba:main", MatchLevel.OFFICE, "medium")
    assert court_for(None, "12", "一宮町").court_id == "chiba:main"
    assert court_for(None, "12").court_id == "chiba"  # no municipality: the office stays 不明


def test_a_prefecture_without_office_data_falls_back_with_a_flag() -> None:
    match = court_for(None, "27")
    assert (match.court_id, match.name_ja, match.level) == ("osaka", "大阪地方裁判所", MatchLevel.PREFECTURE)
    assert match.flags == (MatchFlag.OFFICE_UNKNOWN,)


def test_hokkaido_seat_cities_and_the_uncertain_rest() -> None:
    """§6.6: four district courts; only their seat cities are mapped."""
    assert court_for("01202").court_id == "hakodate"
    assert court_for("01204").court_id == "asahikawa"
    assert court_for("01206").court_id == "kushiro"
    assert court_for("01101").court_id == "sapporo"
    assert court_for("01202").flags == (MatchFlag.OFFICE_UNKNOWN,)
    rest = court_for("01203")  # 小樽市: not read
    assert rest.court_id == "sapporo"
    assert MatchFlag.DISTRICT_UNCERTAIN in rest.flags
    assert rest.confidence == "low"


def test_no_location_is_unknown() -> None:
    match = court_for(None, None)
    assert match.court_id is None
    assert match.flags == (MatchFlag.LOCATION_UNKNOWN,)


@pytest.mark.parametrize(("args", "field"), [
    (("1310",), "municipality_code"),
    (("13101x",), "municipality_code"),
    ((None, "48"), "prefecture_code"),
    (("13101", "14"), "municipality_code"),
])
def test_bad_codes_are_refused_naming_the_field(args: tuple[str | None, ...], field: str) -> None:
    with pytest.raises(InputError) as err:
        court_for(*args)
    assert err.value.field == field
    assert " / " in err.value.one_line()


def test_every_prefecture_has_a_district_court() -> None:
    j = jurisdiction()
    assert sorted(j.by_prefecture) == [f"{n:02d}" for n in range(1, 48)]
    assert j.several == {"01"}
    assert sum(1 for c in j.courts if ":" not in c) == 50  # §6.1: 50 district courts


def test_every_mapped_code_is_in_its_courts_prefecture() -> None:
    j = jurisdiction()
    for code, area in j.by_code.items():
        assert code[:2] == j.courts[area.office].prefecture, code


def test_osaka_offices_names_and_the_unread_rest() -> None:
    """§6.7: 大阪市北区 → 本庁, 堺市堺区 → 堺支部, 岸和田市 → 岸和田支部; 豊中市 was not read."""
    assert court_for("27127").name_ja == "大阪地方裁判所（本庁）"
    sakai = court_for("27141")  # 堺市堺区
    assert (sakai.court_id, sakai.name_ja, sakai.name_en) == (
        "osaka:sakai", "大阪地方裁判所堺支部", "Osaka District Court, Sakai branch")
    assert (sakai.district_id, sakai.confidence, sakai.section) == ("osaka", "medium", "6.7")
    assert court_for("27202").name_ja == "大阪地方裁判所岸和田支部"
    rest = court_for("27203")  # 豊中市: the 本庁's area beyond 大阪市 was not read
    assert (rest.court_id, rest.flags) == ("osaka", (MatchFlag.OFFICE_UNKNOWN,))


def test_sakai_branch_has_the_municipalities_the_source_lists() -> None:
    """§6.7: 堺市 (city and 7 wards) and 12 cities, towns and a village of 堺・富田林・羽曳野簡裁."""
    sakai = {c for c, a in jurisdiction().by_code.items() if a.office == "osaka:sakai"}
    assert sakai == {"27140", "27141", "27142", "27143", "27144", "27145", "27146", "27147",
                     "27225", "27231", "27214", "27216", "27381", "27382", "27383",
                     "27222", "27217", "27221", "27226"}


def test_a_located_osaka_main_office_case_uses_the_main_offices_figures() -> None:
    """§5: 8.5 months from filing to distribution at the 大阪地裁本庁 (2012), now reached through
    大阪市北区; the 堺支部 has no figure of its own and gets none of the 本庁's."""
    main = court_auction_stats(court_for("27127").court_id or "", dt.date(2026, 12, 7))
    assert main is not None
    months = main.get(Measure.MONTHS_FILING_TO_DISTRIBUTION)
    assert (months.court_id, months.value) == ("osaka:main", Decimal("8.5"))
    assert Measure.MONTHS_FILING_TO_DISTRIBUTION not in main.district_level
    condo = court_auction_stats("osaka:main", dt.date(2026, 12, 7), property="condominium")
    assert condo is not None
    assert condo.get(Measure.MONTHS_FILING_TO_DISTRIBUTION).value == Decimal("7")
    sakai = court_auction_stats(court_for("27141").court_id or "", dt.date(2026, 12, 7))
    assert sakai is not None
    assert Measure.MONTHS_FILING_TO_DISTRIBUTION not in sakai.figures
    assert sakai.get(Measure.MARKET_ADJUSTMENT).court_id == "osaka"  # §8: the district's figure
