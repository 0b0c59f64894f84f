"""総務省's list of municipality codes shipped with zansai (zansai.rules.municipalities).

The list, its copies and its date: docs/sources/municipality-codes.md §3 (the copies read),
§2 (the check digit), §5 (as of 2021-11; 浜松市's wards redrawn on 2024-01-01 are not in it).
"""

from __future__ import annotations

from collections import Counter

from zansai.case.location import check_digit
from zansai.rules.municipalities import AS_OF, all_municipalities, check_digits, lookup, names
from zansai.web.location_form import PREFECTURES


def test_every_code_has_its_check_digit() -> None:
    digits = check_digits()
    assert len(digits) == 1916  # 1,741 municipalities and 175 wards of designated cities (§3)
    wrong = {c: d for c, d in digits.items() if str(check_digit(c)) != d}
    assert wrong == {}


def test_all_47_prefectures_are_there_with_their_own_codes() -> None:
    listed = all_municipalities().values()
    by_prefecture = {m.prefecture for m in listed}
    assert by_prefecture == {ja for _code, ja, _en in PREFECTURES}
    pref_of = {ja: code for code, ja, _en in PREFECTURES}
    assert all(m.code.startswith(pref_of[m.prefecture]) for m in listed)
    counts = Counter(m.prefecture for m in listed)
    assert counts["東京都"] == 23 + 26 + 5 + 8  # 23 special wards, 26 cities, 5 towns, 8 villages
    assert counts["鳥取県"] == 19


def test_known_entries() -> None:
    assert lookup("13101") is not None
    assert lookup("13101").name == "千代田区"
    examples = {"131016": "千代田区", "011011": "札幌市中央区", "141097": "横浜市港北区",
                "271276": "大阪市北区", "221309": "浜松市", "131121": "世田谷区", "342084": "府中市"}
    for code6, name in examples.items():
        entry = lookup(code6[:5])
        assert entry is not None
        assert entry.name == name
        assert check_digits()[code6[:5]] == code6[5]
    kohoku = lookup("14109")
    assert kohoku is not None
    assert (kohoku.prefecture, kohoku.kana, kohoku.gun) == ("神奈川県", "よこはましこうほくく", "")
    okutama = lookup("13308")
    assert okutama is not None
    assert (okutama.name, okutama.gun) == ("奥多摩町", "西多摩郡")
    assert lookup("12999") is None
    assert lookup("13100") is None


def test_the_list_is_as_of_2021_and_predates_hamamatsus_new_wards() -> None:
    """§5: the 7 wards of 浜松市 (22131–22137) as they were until 2023-12-31; the wards of
    2024-01-01 (中央区 22138 and the others) are not in the list."""
    assert AS_OF.isoformat() == "2021-11-01"
    hamamatsu = {c: n for c, n in names("22").items() if n.startswith("浜松市")}
    assert hamamatsu == {"22130": "浜松市", "22131": "浜松市中区", "22132": "浜松市東区",
                         "22133": "浜松市西区", "22134": "浜松市南区", "22135": "浜松市北区",
                         "22136": "浜松市浜北区", "22137": "浜松市天竜区"}
    assert lookup("22138") is None


def test_names_by_prefecture() -> None:
    osaka = names("27")
    assert osaka["27100"] == "大阪市"
    assert osaka["27127"] == "大阪市北区"
    assert osaka["27140"] == "堺市"
    assert len(names()) == 1916


def _court_notes(code: str) -> list[dict[str, str]]:
    import copy
    import tomllib
    from pathlib import Path

    from zansai.case import build_case, parse_case_data
    from zansai.engine.plan import plan

    root = Path(__file__).resolve().parents[1]
    raw = tomllib.loads((root / "examples" / "seed1-short-sale.toml").read_text("utf-8"))
    raw = copy.deepcopy(raw)
    raw["property"]["municipality_code"] = code
    case, book = build_case(parse_case_data(raw, source="t.toml"), source="t.toml")
    result = plan(case, book).to_dict()
    court = next(e for e in result["exits"] if e["key"] == "auction_court")["details"]["court"]
    assert court["court"]["id"] == ("chiba:main" if code.startswith("12") else "tokyo:main")
    notes: list[dict[str, str]] = court["notes"]
    return notes


def test_a_valid_code_missing_from_the_list_gets_a_note_not_an_error() -> None:
    """12999 has a correct check digit (6·1 + 5·2 + 4·9 + 3·9 + 2·9 = 97, 97 mod 11 = 9, 11 − 9 = 2:
    129992) but no municipality has it: the case still plans (千葉地方裁判所, as the prefecture's
    default office), with a note naming the list's date (docs/sources/municipality-codes.md §5)."""
    assert check_digit("12999") == 2
    notes = _court_notes("129992")
    unlisted = [n for n in notes if n["id"] == "places.notes.unlisted"]
    assert len(unlisted) == 1
    assert "12999" in unlisted[0]["ja"]
    assert "2021-11-01" in unlisted[0]["ja"]
    assert "not in the list of municipality codes" in unlisted[0]["en"]
    assert not any(n["id"] == "places.notes.unlisted" for n in _court_notes("13101"))
