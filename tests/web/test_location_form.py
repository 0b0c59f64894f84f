"""The home's municipality typed by name on the web forms (web/location_form.py): one resolver for
the guided form and the quick check.

The names come from the imported comparables (tests/fixtures/comps/places-cp932.csv: constructed
rows in MLIT's download format, docs/sources/mlit-comps.md §1, with 総務省's codes 札幌市中央区
01101, 札幌市北区 01102, 函館市 01202, 大阪市中央区 27128) and from the court jurisdiction table,
which gives 函館市 as 01202 and the 函館地方裁判所 as its court (docs/sources/auction-statistics.md
§6.6).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.test_form_issue17 import as_sent, posted
from tests.web.test_quick_page import SEED1, csrf_of

from zansai.comps.app_db import open_comps
from zansai.errors import InputError
from zansai.web import forms
from zansai.web.app import guarded
from zansai.web.location_form import court_table_cities, known_names, resolve, shown
from zansai.web.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PLACES = FIXTURES / "comps" / "places-cp932.csv"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("places") / "cases.sqlite3"
    with open_comps(path) as store:
        store.import_file(PLACES)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(guarded(Settings(db_path=db)), base_url="http://127.0.0.1", follow_redirects=False)


def _refusal(raw: str, prefecture: str | None, db: Path | None) -> InputError:
    with pytest.raises(InputError) as caught:
        resolve(raw, prefecture, db, field="municipality")
    assert caught.value.field == "municipality"
    return caught.value


# --- the resolver ---------------------------------------------------------------------------


def test_the_court_table_names_its_cities_with_their_codes() -> None:
    cities = court_table_cities()
    assert cities["01202"] == "函館市"
    assert cities["01100"] == "札幌市"
    assert cities["14130"] == "川崎市"
    assert "13303" not in cities  # 奥多摩町 (13303–13308) is a range of towns, not one code


def test_names_resolve_to_codes_from_the_imported_sales(db: Path) -> None:
    assert resolve("札幌市中央区", "01", db, field="m").code == "01101"  # type: ignore[union-attr]
    assert resolve("中央区", "01", db, field="m").code == "01101"  # type: ignore[union-attr]
    assert resolve("北区", "01", db, field="m").code == "01102"  # type: ignore[union-attr]
    assert resolve("大阪府大阪市中央区", None, db, field="m").code == "27128"  # type: ignore[union-attr]
    assert resolve(" 函館市 ", None, None, field="m").code == "01202"  # type: ignore[union-attr]
    assert resolve("札幌市中央区（01101）", None, db, field="m").code == "01101"  # type: ignore[union-attr]
    assert resolve("１３１１２", None, None, field="m").code == "13112"  # type: ignore[union-attr]
    assert resolve("", "01", db, field="m") is None


def test_a_code_is_shown_with_its_name(db: Path) -> None:
    assert shown("01101", db) == "札幌市中央区（01101）"
    assert shown("13112", db) == "世田谷区（13112）"  # from 総務省's list
    assert shown("13199", db) == "13199"  # a code the list does not hold


def test_the_suggestions_are_the_prefectures(db: Path) -> None:
    osaka = known_names(db, "27")
    assert osaka["27128"] == "大阪市中央区"
    assert osaka["27127"] == "大阪市北区"
    # 大阪府: 33 cities, 9 towns, 1 village, the 24 wards of 大阪市 and the 7 of 堺市
    assert len(osaka) == 33 + 9 + 1 + 24 + 7
    assert all(c.startswith("27") for c in osaka)
    assert list(known_names(db, "01"))[:3] == ["01100", "01101", "01102"]
    # with no prefecture picked only the court table's cities and the imported names are suggested
    assert set(known_names(db)) == set(court_table_cities()) | {"01101", "01102", "01202", "27128"}


def test_an_unknown_name_says_what_to_enter(db: Path) -> None:
    e = _refusal("世田谷", "13", db)
    assert e.message_ja.startswith("東京都に「世田谷」という市区町村が見つかりません")
    assert "5桁の市区町村コード（例: 千代田区 13101）" in e.message_ja
    assert e.message_en.startswith("no municipality named 「世田谷」 is known in Tokyo")
    assert "\n" not in e.message_ja + e.message_en


def test_a_name_of_several_municipalities_lists_them(db: Path) -> None:
    e = _refusal("中央区", None, db)
    assert "北海道札幌市中央区（01101）、埼玉県さいたま市中央区（11105）" in e.message_ja
    assert "東京都中央区（13102）" in e.message_ja
    assert "…" in e.message_ja
    assert e.message_en.startswith("「中央区」 fits several municipalities")


def test_a_code_outside_the_prefecture_picked_is_refused(db: Path) -> None:
    e = _refusal("13112", "01", db)
    assert e.message_ja.startswith("13112 は北海道の市区町村ではありません")
    assert e.message_en.startswith("13112 is not a municipality of Hokkaido")


# --- the guided form ------------------------------------------------------------------------


def _seed1_form(client: TestClient, **extra: str) -> dict[str, list[str]]:
    import json
    import tomllib

    data = json.loads(json.dumps(tomllib.loads(EXAMPLE.read_text("utf-8")), default=str))
    values = {**forms.form_values(data), **extra}
    return posted(as_sent(values), client)


def test_the_guided_form_saves_the_code_of_the_name_and_picks_its_court(client: TestClient) -> None:
    form = _seed1_form(client, **{"property.prefecture_code": "01", "property.municipality_code": "函館市"})
    response = client.post("/cases", data=form)
    assert response.status_code == 303, response.text[:2000]
    case_id = response.headers["location"].rsplit("/", 1)[1]
    saved = client.get(f"/api/v1/cases/{case_id}").json()["data"]["property"]
    assert (saved["prefecture_code"], saved["municipality_code"]) == ("01", "01202")
    auction = client.get(f"/api/v1/cases/{case_id}/plan").json()
    assert "函館地方裁判所" in str(auction)
    edit = client.get(f"/cases/{case_id}/edit").text
    assert 'value="函館市（01202）"' in edit
    assert '<option value="札幌市中央区（01101）">' in edit  # 北海道's suggestions
    client.delete(f"/api/v1/cases/{case_id}")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_guided_form_refuses_an_unknown_name_beside_its_field(client: TestClient, lang: str) -> None:
    form = _seed1_form(client, **{"property.prefecture_code": "13", "property.municipality_code": "世田谷"})
    response = client.post("/cases", params={"lang": lang}, data=form)
    assert response.status_code == 422
    said = ("「世田谷」という市区町村が見つかりません" if lang == "ja"
            else "no municipality named 「世田谷」")
    field = response.text.split('data-field="property.municipality_code"')[-1].split('data-field=', 1)[0]
    assert said in field
    assert 'value="世田谷"' in field  # what was typed is kept
    assert "5 digits" not in field
    assert "5桁の数字" not in field


def test_live_validation_reads_the_name(client: TestClient) -> None:
    form = _seed1_form(client, **{"property.municipality_code": "札幌市北区"})
    errors = client.post("/cases/validate", data=form).json()["errors"]
    assert [e for e in errors if "municipality" in (e["field"] or "")] == []


# --- the quick check ------------------------------------------------------------------------


def _quick(client: TestClient, lang: str = "ja", **extra: str) -> Any:
    form = {**SEED1, "value": "", "value_unknown": "1", "home_kind": "condo", "floor_area": "60", **extra}
    return client.post("/", params={"lang": lang}, data={**form, "csrf_token": csrf_of(client)})


def test_the_quick_check_reads_the_name_with_the_same_resolver(client: TestClient) -> None:
    page = _quick(client, prefecture="01", municipality="札幌市中央区")
    assert page.status_code == 200, page.text[:1000]
    assert '<option value="01" selected>北海道</option>' in page.text
    assert '<option value="札幌市中央区（01101）">' in page.text
    more = client.post("/quick/more", data={**SEED1, "value": "", "value_unknown": "1", "floor_area": "60",
                                            "prefecture": "01", "municipality": "中央区",
                                            "csrf_token": csrf_of(client)}).text
    assert 'value="札幌市中央区（01101）"' in more


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_quick_check_says_what_to_enter_for_an_unknown_name(client: TestClient, lang: str) -> None:
    page = _quick(client, prefecture="01", municipality="富良野", lang=lang)
    assert page.status_code == 422
    field = page.text.split('data-field="municipality"', 1)[1].split("</div>", 1)[0]
    said = "北海道に「富良野」という市区町村が見つかりません" if lang == "ja" else \
        "no municipality named 「富良野」 is known in Hokkaido"
    assert said in field
    assert 'aria-invalid="true"' in field


# --- 総務省's list: names known with no comparable imported ----------------------------------


@pytest.mark.parametrize(("typed", "prefecture", "code"), [
    ("世田谷区", None, "13112"), ("世田谷区", "13", "13112"), ("東京都世田谷区", None, "13112"),
    ("横浜市港北区", None, "14109"), ("港北区", "14", "14109"), ("大阪市北区", None, "27127"),
    ("西多摩郡奥多摩町", "13", "13308"), ("奥多摩町", None, "13308"),  # with and without its 郡
    ("せたがやく", "13", "13112"), ("セタガヤク", None, "13112"),  # its reading
    ("府中市", "34", "34208"), ("安芸郡府中町", "34", "34302"), ("茅ケ崎市", "14", "14207"),
])
def test_the_list_resolves_names_with_nothing_imported(typed: str, prefecture: str | None, code: str) -> None:
    place = resolve(typed, prefecture, None, field="m")
    assert place is not None
    assert place.code == code


def test_a_name_of_two_prefectures_asks_which(tmp_path: Path) -> None:
    empty = tmp_path / "none.sqlite3"
    e = _refusal("府中市", None, empty)
    assert "東京都府中市（13206）、広島県府中市（34208）" in e.message_ja
    assert e.message_en.startswith("「府中市」 fits several municipalities")
    north = _refusal("北区", None, None)
    assert "東京都北区（13117）" in north.message_ja
    assert "北海道札幌市北区（01102）" in north.message_ja
    assert _refusal("郡山", "07", None).message_ja.startswith("福島県に「郡山」という")
    wrong_gun = _refusal("西多摩郡府中市", "13", None)  # 府中市 is a city, in no 郡
    assert "見つかりません" in wrong_gun.message_ja


def test_the_guided_form_and_quick_check_know_every_name_with_nothing_imported(tmp_path: Path) -> None:
    bare = TestClient(guarded(Settings(db_path=tmp_path / "bare.sqlite3")), base_url="http://127.0.0.1",
                      follow_redirects=False)
    place = {"property.prefecture_code": "14", "property.municipality_code": "横浜市港北区"}
    form = _seed1_form(bare, **place)
    response = bare.post("/cases", data=form)
    assert response.status_code == 303, response.text[:2000]
    case_id = response.headers["location"].rsplit("/", 1)[1]
    assert bare.get(f"/api/v1/cases/{case_id}").json()["data"]["property"]["municipality_code"] == "14109"
    assert 'value="横浜市港北区（14109）"' in bare.get(f"/cases/{case_id}/edit").text
    page = _quick(bare, prefecture="13", municipality="世田谷区")
    assert page.status_code == 200, page.text[:1000]
    assert '<option value="世田谷区（13112）">' in page.text  # 東京都's suggestions
    assert '<option value="八王子市（13201）">' in page.text



# --- 「わからない」 with a place the comparables give no range for ------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_quick_check_says_no_sale_of_the_place_is_imported(tmp_path: Path, lang: str) -> None:
    bare = TestClient(guarded(Settings(db_path=tmp_path / "bare.sqlite3")), base_url="http://127.0.0.1",
                      follow_redirects=False)
    page = _quick(bare, lang=lang, prefecture="13", municipality="世田谷区")
    assert page.status_code == 200, page.text[:1000]
    said = page.text.split('id="quick-comps-missing">', 1)[1].split("</p>", 1)[0]
    assert said.startswith("世田谷区の取引事例は、このアプリにまだ取り込まれていません" if lang == "ja"
                           else "No comparable sales for 世田谷区 are in this app yet")
    assert f'href="/comps?lang={lang}"' in said
    assert 'id="quick-range"' in page.text  # the grid of prices, as without a place


def test_the_quick_check_says_too_few_sales_are_like_the_home(client: TestClient) -> None:
    page = _quick(client, prefecture="01", municipality="札幌市中央区")
    said = page.text.split('id="quick-comps-missing">', 1)[1].split("</p>", 1)[0]
    assert said.startswith("札幌市中央区の取引事例はありますが、この家に似た取引が少なく")
