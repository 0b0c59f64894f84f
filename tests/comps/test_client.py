"""The 不動産情報ライブラリ API client against answers built to the documented format, offline.

The format, the status codes and the credit line: docs/sources/mlit-reinfolib-api.md §2–§6.
Fixtures: tests/fixtures/mlit (constructed, not real market data). No test touches the network:
every client here runs on an ``httpx2.MockTransport`` and an injected ``sleep``.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest

from zansai.comps.api_fields import CSV_COLUMNS, CSV_ONLY_COLUMNS, XIT001_TO_CSV
from zansai.comps.client import (
    CREDIT_JA,
    KEY_HEADER,
    ReinfolibClient,
    ReinfolibError,
    ReinfolibKeyError,
    api_key_from_env_or_settings,
    as_csv_rows,
)
from zansai.errors import InputError, ZansaiError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mlit"
KEY = "0123456789abcdefSECRETKEY9876"
Handler = Callable[[httpx2.Request], httpx2.Response]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def gz_json(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> httpx2.Response:
    """An answer as the service sends it: JSON, gzip-compressed, declared so."""
    return httpx2.Response(status, content=gzip.compress(body),
                           headers={"Content-Type": "application/json",
                                    "Content-Encoding": "gzip", **(headers or {})})


class Recorder:
    """A MockTransport that answers from a list and records the requests and the sleeps."""

    def __init__(self, *answers: httpx2.Response | Exception) -> None:
        self.answers: Iterator[httpx2.Response | Exception] = iter(answers)
        self.requests: list[httpx2.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        answer = next(self.answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def client(self, **kw: object) -> ReinfolibClient:
        return ReinfolibClient(KEY, transport=httpx2.MockTransport(self),
                               sleep=self.sleeps.append, **kw)  # type: ignore[arg-type]


# -- XIT001 -------------------------------------------------------------------------------------

def test_transactions_sends_the_documented_request_and_reads_the_gzip_answer() -> None:
    rec = Recorder(gz_json(fixture("xit001-13113-2024q1.json")))
    rows = rec.client().transactions(2024, 1, city="13113")
    [req] = rec.requests
    assert req.method == "GET"
    assert req.url.path == "/ex-api/external/XIT001"
    assert dict(req.url.params) == {"year": "2024", "quarter": "1", "city": "13113", "language": "ja"}
    assert req.headers[KEY_HEADER] == KEY
    assert KEY not in str(req.url)
    assert [r["Type"] for r in rows] == ["中古マンション等", "宅地(土地と建物)", "宅地(土地)",
                                         "中古マンション等"]
    assert rows[1]["TradePrice"] == "150000000"
    assert rows[1]["Frontage"] == "8.0"
    assert rows[3]["PriceCategory"] == "成約価格情報"
    assert all(type(v) is str for row in rows for v in row.values())
    assert rec.sleeps == []


def test_price_classification_area_and_language_are_passed_through() -> None:
    rec = Recorder(gz_json(b'{"status":"OK","data":[]}'))
    assert rec.client().transactions(2023, area="13", price_classification="02", language="en") == []
    assert dict(rec.requests[0].url.params) == {"year": "2023", "area": "13",
                                                "priceClassification": "02", "language": "en"}


def test_no_data_404_is_an_empty_list_not_an_error_nor_a_retry() -> None:
    rec = Recorder(httpx2.Response(404, content=b""))
    assert rec.client().transactions(2024, 4, city="01101") == []
    assert len(rec.requests) == 1
    assert rec.sleeps == []


def test_429_is_retried_after_the_time_retry_after_asks() -> None:
    rec = Recorder(httpx2.Response(429, headers={"Retry-After": "7"}),
                   gz_json(fixture("xit001-13113-2024q1.json")))
    assert len(rec.client().transactions(2024, 1, city="13113")) == 4
    assert rec.sleeps == [7.0]
    assert len(rec.requests) == 2


def test_a_long_retry_after_is_capped() -> None:
    rec = Recorder(httpx2.Response(503, headers={"Retry-After": "3600"}),
                   gz_json(b'{"status":"OK","data":[]}'))
    rec.client(max_wait=60.0).transactions(2024, 1, city="13113")
    assert rec.sleeps == [60.0]


@pytest.mark.parametrize(("retry_after", "slept"), [
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # an HTTP date already past: no wait
    ("soon", 1.0),  # unreadable: the back-off's own wait
    ("", 1.0),
])
def test_retry_after_as_a_date_or_unreadable(retry_after: str, slept: float) -> None:
    rec = Recorder(httpx2.Response(503, headers={"Retry-After": retry_after}),
                   gz_json(b'{"status":"OK","data":[]}'))
    rec.client(backoff=1.0).transactions(2024, 1, city="13113")
    assert rec.sleeps == [slept]


def test_5xx_backs_off_exponentially_then_gives_up_with_one_bilingual_line() -> None:
    rec = Recorder(*[httpx2.Response(500) for _ in range(4)])
    with pytest.raises(ReinfolibError) as info:
        rec.client(retries=3, backoff=1.0).transactions(2024, 1, city="13113")
    assert rec.sleeps == [1.0, 2.0, 4.0]
    assert len(rec.requests) == 4
    err = info.value
    assert not isinstance(err, InputError)
    assert isinstance(err, ZansaiError)
    assert "HTTP 500" in err.message_ja
    assert "4 attempts" in err.message_en
    assert "\n" not in err.one_line()


def test_timeouts_and_lost_connections_are_retried() -> None:
    rec = Recorder(httpx2.ReadTimeout("slow"), httpx2.ConnectError("refused"),
                   gz_json(b'{"status":"OK","data":[]}'))
    assert rec.client(backoff=0.5).transactions(2024, 1, city="13113") == []
    assert rec.sleeps == [0.5, 1.0]


def test_a_timeout_to_the_end_says_so() -> None:
    rec = Recorder(*[httpx2.ConnectTimeout("slow") for _ in range(3)])
    with pytest.raises(ReinfolibError, match=r"\(timed out\) after 3 attempts"):
        rec.client(retries=2).transactions(2024, 1, city="13113")


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_key_is_a_clear_input_error_without_retry(status: int) -> None:
    rec = Recorder(httpx2.Response(status, json={"statusCode": status, "message": "denied"}))
    with pytest.raises(ReinfolibKeyError) as info:
        rec.client().transactions(2024, 1, city="13113")
    assert isinstance(info.value, InputError)
    assert info.value.field == "ZANSAI_REINFOLIB_KEY"
    assert "拒否" in info.value.message_ja
    assert "refused" in info.value.message_en
    assert len(rec.requests) == 1
    assert rec.sleeps == []


def test_another_4xx_is_an_error_with_its_status_and_no_retry() -> None:
    rec = Recorder(httpx2.Response(400, content=b"bad"))
    with pytest.raises(ReinfolibError, match="HTTP 400"):
        rec.client().transactions(2024, 1, city="13113")
    assert len(rec.requests) == 1


@pytest.mark.parametrize(("body", "words"), [
    (b'{"status":"OK","data":[', "not JSON"),
    (b"<html>maintenance</html>", "not JSON"),
    (b'{"status":"NG","data":[]}', "status is NG"),
    (b'[{"Type":"x"}]', "no data list"),
    (b'{"status":"OK","data":["row"]}', "record 1 is not an object"),
])
def test_a_malformed_answer_is_refused(body: bytes, words: str) -> None:
    with pytest.raises(ReinfolibError, match=words):
        Recorder(gz_json(body)).client().transactions(2024, 1, city="13113")


def _edited(edit: Callable[[dict[str, object]], None], index: int = 1) -> bytes:
    doc = json.loads(fixture("xit001-13113-2024q1.json"))
    edit(doc["data"][index])
    return json.dumps(doc, ensure_ascii=False).encode()


def test_a_number_where_a_string_is_documented_is_refused_naming_record_and_key() -> None:
    body = _edited(lambda r: r.update(TradePrice=150000000))
    with pytest.raises(ReinfolibError) as info:
        Recorder(gz_json(body)).client().transactions(2024, 1, city="13113")
    assert info.value.field == "TradePrice"
    assert "record 2: TradePrice has a value of the wrong type (number)" in info.value.message_en
    assert "2件目の TradePrice" in info.value.message_ja


def test_unknown_and_missing_keys_are_refused_by_name() -> None:
    unknown = _edited(lambda r: r.update(NearestStation="渋谷"))
    with pytest.raises(ReinfolibError, match="unknown field NearestStation"):
        Recorder(gz_json(unknown)).client().transactions(2024, 1, city="13113")
    missing = _edited(lambda r: r.pop("Period"))
    with pytest.raises(ReinfolibError, match="lacks the field Period"):
        Recorder(gz_json(missing)).client().transactions(2024, 1, city="13113")
    null_price = _edited(lambda r: r.update(TradePrice=None))
    with pytest.raises(ReinfolibError, match="TradePrice has a value of the wrong type"):
        Recorder(gz_json(null_price)).client().transactions(2024, 1, city="13113")


def test_an_optional_key_null_or_absent_is_not_given() -> None:
    body = _edited(lambda r: (r.update(Remarks=None), r.pop("FloorPlan")))
    row = Recorder(gz_json(body)).client().transactions(2024, 1, city="13113")[1]
    assert row["Remarks"] == ""
    assert "FloorPlan" not in row
    assert as_csv_rows([row])[0]["間取り"] == ""


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"quarter": 5, "city": "13113"}, "quarter"),
    ({"city": "1311"}, "city"),
    ({"area": "東京"}, "area"),
    ({}, "city"),
    ({"city": "13113", "price_classification": "03"}, "price_classification"),
    ({"city": "13113", "language": "fr"}, "language"),
])
def test_bad_arguments_are_refused_before_any_request(kwargs: dict[str, object], field: str) -> None:
    rec = Recorder()
    with pytest.raises(InputError) as info:
        rec.client().transactions(2024, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
    assert rec.requests == []


# -- the download-CSV view ----------------------------------------------------------------------

def test_as_csv_rows_keys_api_records_by_the_download_csv_columns_in_order() -> None:
    rows = Recorder(gz_json(fixture("xit001-13113-2024q1.json"))).client().transactions(
        2024, 1, city="13113")
    csv_rows = as_csv_rows(rows)
    assert all(tuple(r) == CSV_COLUMNS for r in csv_rows)
    land = csv_rows[2]
    assert land["種類"] == "宅地(土地)"
    assert land["取引価格（総額）"] == "95000000"
    assert land["取引価格（㎡単価）"] == "790000"
    assert land["坪単価"] == "2600000"
    assert land["前面道路：幅員（ｍ）"] == "4.0"
    assert land["取引の事情等"] == "私道を含む取引"
    assert land["最寄駅：名称"] == ""
    assert land["最寄駅：距離（分）"] == ""
    assert "DistrictCode" not in land
    assert "131130200" not in land.values()


def test_the_mapping_covers_every_csv_column_but_the_station_ones() -> None:
    assert len(CSV_COLUMNS) == 30
    assert len(set(CSV_COLUMNS)) == 30
    assert set(XIT001_TO_CSV.values()) == set(CSV_COLUMNS) - set(CSV_ONLY_COLUMNS)
    assert len(XIT001_TO_CSV) == 28


# -- XPT002 -------------------------------------------------------------------------------------

def test_land_price_points_read_the_geojson_properties_as_text() -> None:
    rec = Recorder(gz_json(fixture("xpt002-z14-14549-6448-2024.json")))
    points = rec.client().land_price_points(14, 14549, 6448, 2024, price_classification="0",
                                            use_category=["00", "05"])
    assert dict(rec.requests[0].url.params) == {
        "response_format": "geojson", "z": "14", "x": "14549", "y": "6448", "year": "2024",
        "priceClassification": "0", "useCategoryCode": "00,05"}
    assert rec.requests[0].url.path == "/ex-api/external/XPT002"
    first, second = points
    assert first["standard_lot_number_ja"] == "渋谷-1"
    assert first["u_current_years_price_ja"] == "1,100,000(円/㎡)"
    assert first["point_id"] == "13113001"
    assert first["last_years_price"] == "1040000"
    assert first["depth_ratio"] == "1.5"
    assert first["front_road_width"] == "4.0"
    assert first["gas_supply_availability"] == "true"
    assert (first["longitude"], first["latitude"]) == ("139.6812", "35.6689")
    assert "_id" not in first
    assert "_index" not in first
    assert second["land_price_type"] == "1"
    assert all(type(v) is str for p in points for v in p.values())


def test_an_empty_tile_is_an_empty_list() -> None:
    assert Recorder(gz_json(b"[]")).client().land_price_points(13, 7274, 3225, 2024) == []
    empty = b'{"type":"FeatureCollection","features":[]}'
    assert Recorder(gz_json(empty)).client().land_price_points(13, 7274, 3225, 2024) == []


def test_a_string_where_an_integer_is_declared_passes_but_a_number_for_a_name_does_not() -> None:
    doc = json.loads(fixture("xpt002-z14-14549-6448-2024.json"))
    doc["features"][1]["properties"]["point_id"] = "13113501"
    assert Recorder(gz_json(json.dumps(doc).encode())).client().land_price_points(
        14, 14549, 6448, 2024)[1]["point_id"] == "13113501"
    doc["features"][1]["properties"]["u_current_years_price_ja"] = 905000
    with pytest.raises(ReinfolibError, match="feature 2: u_current_years_price_ja"):
        Recorder(gz_json(json.dumps(doc).encode())).client().land_price_points(
            14, 14549, 6448, 2024)


@pytest.mark.parametrize(("args", "field"), [
    ((12, 0, 0, 2024), "z"), ((14, 16384, 0, 2024), "x"), ((14, 0, -1, 2024), "y"),
])
def test_tile_coordinates_are_checked(args: tuple[int, int, int, int], field: str) -> None:
    rec = Recorder()
    with pytest.raises(InputError) as info:
        rec.client().land_price_points(*args)
    assert info.value.field == field
    assert rec.requests == []


def test_an_unknown_use_category_is_refused() -> None:
    with pytest.raises(InputError, match="use_category"):
        Recorder().client().land_price_points(14, 1, 1, 2024, use_category="99")


# -- the key ------------------------------------------------------------------------------------

def test_the_key_never_shows_in_a_repr_a_log_or_an_error(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    rec = Recorder(httpx2.Response(429), httpx2.ReadTimeout(f"timeout for {KEY}"),
                   httpx2.Response(500), httpx2.Response(502), httpx2.Response(401))
    client = rec.client(retries=3)
    assert KEY not in repr(client)
    assert "redacted" in repr(client)
    messages: list[str] = []
    for _ in range(2):
        with pytest.raises(ZansaiError) as info:
            client.transactions(2024, 1, city="13113")
        messages += [str(info.value), repr(info.value), info.value.message_ja, info.value.message_en]
    assert len(rec.requests) == 5
    assert all(KEY not in m for m in messages)
    assert KEY not in caplog.text
    assert "retry 1 of 3" in caplog.text
    assert all(KEY not in str(r.url) for r in rec.requests)


@pytest.mark.parametrize("bad", ["", "   ", "key with space", "鍵abc123"])
def test_a_missing_or_malformed_key_is_refused_without_echoing_it(bad: str) -> None:
    with pytest.raises(ReinfolibKeyError) as info:
        ReinfolibClient(bad, transport=httpx2.MockTransport(Recorder()))
    if bad.strip():
        assert bad not in info.value.one_line()
    assert info.value.field == "ZANSAI_REINFOLIB_KEY"


def test_the_key_comes_from_the_environment_then_the_settings_file(tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    assert api_key_from_env_or_settings({}, settings) is None
    settings.write_text('[mlit]\napi_key = "from-file"\n', encoding="utf-8")
    assert api_key_from_env_or_settings({}, settings) == "from-file"
    assert api_key_from_env_or_settings({"REINFOLIB_API_KEY": "other-tool"}, settings) == "other-tool"
    assert api_key_from_env_or_settings({"ZANSAI_REINFOLIB_KEY": "ours", "REINFOLIB_API_KEY": "x"},
                                        settings) == "ours"


def test_a_mistake_in_the_settings_mlit_table_names_the_key_not_its_value(tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text('[mlit]\napi_key = 12345678\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        api_key_from_env_or_settings({}, settings)
    assert info.value.field == "mlit.api_key"
    assert "12345678" not in info.value.one_line()
    settings.write_text('[mlit]\napikey = "SECRET-VALUE"\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        api_key_from_env_or_settings({}, settings)
    assert info.value.field == "mlit.apikey"
    assert "SECRET-VALUE" not in info.value.one_line()


def test_the_credit_line_is_the_one_the_terms_require() -> None:
    # docs/sources/mlit-reinfolib-api.md §6, verbatim.
    assert CREDIT_JA == ("このサービスは、国土交通省の不動産情報ライブラリのAPI機能を使用していますが、"
                         "提供情報の最新性、正確性、完全性等が保証されたものではありません。")


# -- fetching quarter by quarter ----------------------------------------------------------------

def test_fetch_quarters_asks_each_quarter_in_order_and_spaces_the_requests() -> None:
    from zansai.comps.fetch import fetch_quarters

    rec = Recorder(gz_json(fixture("xit001-13113-2024q1.json")), httpx2.Response(404),
                   gz_json(fixture("xit001-13113-2024q1.json")))
    spaced: list[float] = []
    rows = fetch_quarters(rec.client(), "13113", "2023Q4", "2024Q2", spacing=1.5,
                          sleep=spaced.append)
    assert [(r.url.params["year"], r.url.params["quarter"]) for r in rec.requests] == [
        ("2023", "4"), ("2024", "1"), ("2024", "2")]
    assert len(rows) == 8
    assert spaced == [1.5, 1.5]
    assert rec.sleeps == []


@pytest.mark.parametrize(("from_q", "to_q", "field"), [
    ("2024Q5", "2024Q4", "from"), ("2024-1", "2024Q4", "from"), ("2024Q1", "2023Q4", "to"),
    ("2000Q1", "2024Q4", "to"),
])
def test_a_bad_span_is_refused_before_any_request(from_q: str, to_q: str, field: str) -> None:
    from zansai.comps.fetch import fetch_quarters

    rec = Recorder()
    with pytest.raises(InputError) as info:
        fetch_quarters(rec.client(), "13113", from_q, to_q)
    assert info.value.field == field
    assert rec.requests == []


def test_a_failure_in_a_later_quarter_returns_nothing_partial() -> None:
    from zansai.comps.fetch import fetch_quarters

    rec = Recorder(gz_json(fixture("xit001-13113-2024q1.json")), httpx2.Response(400))
    with pytest.raises(ReinfolibError):
        fetch_quarters(rec.client(), "13113", "2024Q1", "2024Q2", spacing=0)
