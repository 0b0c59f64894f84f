"""Fuzzing /api/v1 in process: no request may make the app answer 5xx.

Three generators, all against the ASGI app as served (``guarded``: host check, body limit, headers):

1. schemathesis on the app's own OpenAPI document, every operation (positive and negative data);
2. schemathesis again on /plan, /divorce and /validate with the case file's JSON Schema
   (``zansai schema``) as their body, so that bodies pass the schema and reach the engine;
3. hypothesis mutations of the example case files (one to three values replaced by odd ones: zero,
   amounts past 2**63, dates up to 9999-12-31, wrong types, malformed rate changes), which reach the
   engine's deeper paths and the results page.

A user's mistake must come back as a 4xx with a bilingual message, never as a crash. The crashes this
fuzzing found are pinned at the end as regression tests, each with the input that triggered it.
``ZANSAI_FUZZ_SCALE=10`` multiplies the examples for a longer local hunt.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from starlette.testclient import TestClient

from zansai.case import case_json_schema
from zansai.web.app import guarded
from zansai.web.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BASE_URL = "http://127.0.0.1"  # the guard answers 421 to any other Host (DNS rebinding)

_DB_DIR = Path(tempfile.mkdtemp(prefix="zansai-fuzz-"))
APP = guarded(Settings(db_path=_DB_DIR / "cases.sqlite3"))
SCALE = int(os.environ.get("ZANSAI_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", autouse=True)
def _remove_database() -> Iterator[None]:
    yield
    shutil.rmtree(_DB_DIR, ignore_errors=True)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _openapi() -> dict[str, Any]:
    with TestClient(APP, base_url=BASE_URL) as client:
        answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200, answer.text
    document: dict[str, Any] = answer.json()
    return document


def _with_case_schema(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with the case file's JSON Schema as the body of the case operations."""
    document = copy.deepcopy(document)
    case = json.loads(json.dumps(case_json_schema()).replace('"#/$defs/', '"#/components/schemas/'))
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(case.pop("$defs"))
    schemas["CaseFile"] = case
    # Random dates almost never fit together (a sale before the loan starts, a date the rule book does
    # not cover): pick them from plausible ones so that most bodies get past build_case into the engine.
    props = schemas["CaseFile"]["properties"]
    props["at"] = {"enum": ["2026-12-01", "2027-06-30"]}
    props["sale_date"] = {"enum": ["2026-12-01", "2027-03-31", "2028-06-30", None]}
    schemas["PropertyIn"]["properties"]["acquired_on"] = {"enum": ["2012-04-20", "2019-07-31", "2026-11-30"]}
    loan = schemas["CaseLoan"]["properties"]
    loan["start"] = {"enum": ["2012-05", "2019-08"]}
    loan["years"] = {"type": "integer", "minimum": 1, "maximum": 50}
    loan["rate"] = {"type": "number", "minimum": 0, "maximum": 20}
    schemas["ValuationIn"]["required"] = ["market_value"]
    schemas["CaseFile"]["required"] = [*schemas["CaseFile"]["required"], "at"]
    for path in CASE_OPERATIONS:
        body = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        body["schema"] = {"$ref": "#/components/schemas/CaseFile"}
    return document


CASE_OPERATIONS = ("/api/v1/plan", "/api/v1/divorce", "/api/v1/validate")
OPENAPI = _openapi()
schema = schemathesis.openapi.from_dict(OPENAPI)
schema.app = APP
case_schema = schemathesis.openapi.from_dict(_with_case_schema(OPENAPI)).include(
    path_regex="^/api/v1/(plan|divorce|validate)$")
case_schema.app = APP


def _call(case: schemathesis.Case) -> None:
    response = case.call(base_url=BASE_URL)
    assert response.status_code != 421, "the request did not reach the app (Host check)"
    case.validate_response(response, checks=[not_a_server_error])


def test_every_operation_is_fuzzed() -> None:
    """The document the fuzzers read lists the whole API (a missing route would go untested)."""
    operations = {(m.upper(), p) for p, ops in OPENAPI["paths"].items() for m in ops}
    assert {("POST", "/api/v1/plan"), ("POST", "/api/v1/divorce"), ("POST", "/api/v1/schedule"),
            ("POST", "/api/v1/validate"), ("GET", "/api/v1/rules"), ("GET", "/api/v1/rules/{key}"),
            ("GET", "/api/v1/cases"), ("POST", "/api/v1/cases"), ("GET", "/api/v1/cases/{case_id}"),
            ("PUT", "/api/v1/cases/{case_id}"), ("DELETE", "/api/v1/cases/{case_id}"),
            ("POST", "/api/v1/cases/{case_id}/duplicate"), ("GET", "/api/v1/cases/{case_id}/plan")} \
        <= operations


@pytest.mark.slow
@schema.parametrize()
@FUZZ
def test_no_server_error(case: schemathesis.Case) -> None:
    _call(case)


@pytest.mark.slow
@case_schema.parametrize()
@FUZZ
def test_no_server_error_on_schema_valid_cases(case: schemathesis.Case) -> None:
    _call(case)


# --- 3. mutations of the example case files -------------------------------------------------------------

BASES = [_jsonable(tomllib.loads(p.read_text(encoding="utf-8"))) for p in sorted(EXAMPLES.glob("*.toml"))]
BASES = [b for b in BASES if "property" in b]  # case files, not loan files

ODD: list[Any] = [
    0, 1, -1, 2, 10**12, 10**13, 10**13 + 1, 2**63, 10**20, 0.5, 1e-9, 1e-95, 100, 99.99, 1e308, "0", "0万",
    "1", "1万", "99999999万", "1,000", "100", "0.0001", "1e-50", "40", "41", "1900-01-01", "2026-02-29",
    "2024-02-29", "2012-13", "2012-00", "2100-01", "2035-12-31", "2100-12-31", "2200-12-31", "9999-12-31",
    "1/0", "0/1", "2/1", "1/3", "100%", "0%", "", " ", "x", "2020-01-01", True, False, None, [], {},
    ["夫"], ["誰か"], "2026-12-01", "2027-03-31", "2012-05", "2012-04-20", "2047-04", "1970-01",
]
OPTIONAL: dict[tuple[str | int, ...], list[Any]] = {
    ("valuation", "market_value"): ["0", "1", "5億"],
    ("household", "assets"): [[{"kind": "retirement", "amount": "500万"}],
                              [{"kind": "car", "amount": 0, "separate": True}]],
    ("liens",): [[{"rank": 2, "holder": "X", "balance": "100万"}], [{"rank": 1, "holder": "X", "balance": 0}],
                 [{"rank": 3, "holder": "税務署", "kind": "tax_seizure", "balance": "50万"}]],
    ("divorce",): [{"spouses": ["夫", "妻"], "separation_date": "2027-01-01"},
                   {"spouses": ["夫", "夫"], "separation_date": "2000-01-01"},
                   {"spouses": ["夫", "妻"], "separation_date": "2026-12-01", "keeper": "妻",
                    "method": "tokyo_ratio", "contributions": [{"spouse": "妻", "amount": "5000万"}]}],
    ("trade_up",): [{"new_home_price": "4000万"}, {"new_home_price": 0}],
    ("loans", 0, "rate_changes"): [["2020-01-01:0"], ["2030-01-01:5"], ["2012-05-27:1.2"], ["2100-01-01:99"],
                                   ["2020-01-01"], ["x"], ["2020-01-01:1:2"]],
    ("loans", 0, "prepayments"): [["2020-01-27:100万"], ["2013-01-27:99999万:shorten"],
                                  ["2025-01-27:1000万:reduce"]],
    ("loans", 0, "method"): ["equal_principal", "annuity"],
    ("loans", 0, "bonus_share"): ["0", "40", "41"],
    ("loans", 0, "anchor"): ["2027-02-27:20000000", "2012-05-27:0", "2047-04-27:1"],
    ("overrides",): [{"market.short_sale_price_ratio": "0%"}, {"market.short_sale_price_ratio": "200%"},
                     {"market.short_sale_price_ratio": "x"}, {"nonexistent.rule": "1"}],
    ("residual", "exit"): ["short_sale", "keep_paying", "auction_court", "nonexistent", "leaseback"],
    ("residual", "plan_years"): [1, 3, 5, 10],
    ("residual", "monthly_payment"): ["0", "1万", "1000万"],
    ("residual", "settlement"): ["0", "1万", "1億"],
    ("residual", "previous_discharge"): ["2020-01-01", "2100-12-31", "9999-12-31"],
    ("residual", "filing_date"): ["2000-01-01", "2100-12-31"],
    ("moving_cost",): ["0", "1億"],
    ("leaseback_years",): [0, 1, 100],
    ("delinquency", "first_missed"): ["2012-05-27", "2026-11-30", "2100-01-01"],
    ("property", "moved_out_on"): ["2000-01-01", "2026-12-01", "2100-01-01"],
    ("sale_date",): ["2026-12-01", "2012-04-20", "2100-12-31", "2200-12-31", "9999-12-31"],
    ("at",): ["2012-04-20", "2100-12-31", "2005-01-01"],
}


def _paths(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if path:
        yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


def _put(case: dict[str, Any], path: tuple[str | int, ...], value: Any, delete: bool) -> None:
    node: Any = case
    for part in path[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return
            node = node[part]
        elif isinstance(node, dict):
            node = node.setdefault(part, {})
        else:
            return
    last = path[-1]
    if isinstance(node, dict) and isinstance(last, str):
        if delete:
            node.pop(last, None)
        else:
            node[last] = value
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = value


@st.composite
def mutated_cases(draw: st.DrawFn) -> dict[str, Any]:
    case = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            path = draw(st.sampled_from(sorted(_paths(case), key=str)))
            value = draw(st.sampled_from(ODD))
        else:
            path = draw(st.sampled_from(sorted(OPTIONAL, key=str)))
            value = draw(st.sampled_from(OPTIONAL[path]))
        # a copy: a list or dict value is shared by every example and a later step may write into it
        _put(case, path, copy.deepcopy(value), delete=draw(st.integers(0, 9)) == 0)
    return case


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    # raise_server_exceptions: a crash fails the test with the engine's own traceback.
    with TestClient(APP, base_url=BASE_URL, raise_server_exceptions=True) as c:
        yield c


@pytest.mark.slow
@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=mutated_cases())
def test_mutated_example_cases_never_crash(client: TestClient, case: dict[str, Any]) -> None:
    """Odd values in real cases give a plan or a 4xx naming the field; saved, their page renders."""
    for path in ("/api/v1/plan?explain=true", "/api/v1/divorce", "/api/v1/validate"):
        answer = client.post(path, json=case)
        assert answer.status_code < 500, (path, answer.text)
        if answer.status_code == 422:
            assert set(answer.json()["error"]) == {"field", "message_ja", "message_en"}
    saved = client.post("/api/v1/cases", json={"case": case})
    assert saved.status_code in (201, 422), saved.text
    if saved.status_code == 201:
        case_id = saved.json()["id"]
        assert client.get(f"/cases/{case_id}").status_code in (200, 422)
        assert client.delete(f"/api/v1/cases/{case_id}").status_code == 204


# --- crashes the fuzzing found (regression tests; fixed in src/ after they were reported) ---------------

def _seed(name: str) -> dict[str, Any]:
    data: dict[str, Any] = _jsonable(tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8")))
    return data


def _post(path: str, body: Any) -> int:
    with TestClient(APP, base_url=BASE_URL, raise_server_exceptions=False) as c:
        return c.post(path, json=body).status_code


def _page_status(case: dict[str, Any]) -> int:
    """Save ``case`` through the API and open its results page: the page's status (or the save's 422)."""
    with TestClient(APP, base_url=BASE_URL, raise_server_exceptions=False) as c:
        saved = c.post("/api/v1/cases", json={"case": case})
        if saved.status_code != 201:
            return saved.status_code
        return c.get(f"/cases/{saved.json()['id']}").status_code


@pytest.mark.parametrize(("path", "seed"), [("/api/v1/plan", "seed1-short-sale.toml"),
                                             ("/api/v1/divorce", "seed2-divorce-underloan.toml")])
def test_amount_beyond_64_bits_is_refused(path: str, seed: str) -> None:
    """Was a 500: 10**20 yen passed validation, then orjson.dumps raised "Integer exceeds 64-bit range"
    (service.PlanCache.plan_json, api._json). Now inputs.MAX_YEN (10兆円) makes it the field's 422."""
    case = _seed(seed)
    case["valuation"] = {"market_value": 10**20}
    assert _post(path, case) == 422


@pytest.mark.parametrize("path", ["/api/v1/plan", "/api/v1/validate", "/api/v1/schedule"])
def test_rate_change_without_rate_is_refused(path: str) -> None:
    """Was a 500 (also in the form's inline check): a rate change without ':' made loanspec.build_loan
    unpack one item into two (``when, pct = _split(...)``, ValueError)."""
    if path.endswith("schedule"):
        body: dict[str, Any] = {"principal": "3800万", "rate": "1.2", "years": 35, "start": "2012-05",
                                "rate_changes": ["2020-01-01"]}
    else:
        body = _seed("seed1-short-sale.toml")
        body["loans"][0]["rate_changes"] = ["2020-01-01"]
    expected = 200 if path.endswith("validate") else 422  # /validate lists the error in a 200
    assert _post(path, body) == expected


@pytest.mark.parametrize(("seed", "section", "value"), [
    ("seed1-short-sale.toml", "residual", {"previous_discharge": "9999-12-31"}),
    ("seed2-divorce-underloan.toml", "divorce", {"spouses": ["夫", "妻"], "separation_date": "2027-02-27",
                                                 "divorce_date": "9999-12-31"}),
], ids=["previous_discharge", "divorce_date"])
def test_far_future_date_is_refused(seed: str, section: str, value: dict[str, Any]) -> None:
    """Was a 500: dates.add_months past year 9999 (ValueError "year 10006 is out of range") from
    engine/residual/ _salaried_barred and engine/divorce.py _claim. Case dates now end at 2200-12-31."""
    case = _seed(seed)
    case[section] = value
    assert _post("/api/v1/plan", case) == 422


@pytest.mark.parametrize("path", ["/api/v1/plan", "/api/v1/schedule"])
def test_tiny_rate_is_planned(path: str) -> None:
    """Was a 500: a rate under about 1e-42 % made (1+r)**n == 1 in the 40-digit context of
    engine/loan/annuity.py annuity_for_rate, so dividing by g - 1 raised decimal.DivisionByZero."""
    if path.endswith("schedule"):
        body: dict[str, Any] = {"principal": "3800万", "rate": "1e-50", "years": 35, "start": "2012-05"}
    else:
        body = _seed("seed1-short-sale.toml")
        body["loans"][0]["rate"] = "1e-50"
    assert _post(path, body) in (200, 422)


@pytest.mark.parametrize(("seed", "where", "value"), [
    ("seed1-short-sale.toml", ("sale_date",), "2100-12-31"),
    ("trade-up.toml", ("loans", 0, "anchor"), "2047-04-27:1"),
], ids=["sale_date_2100", "anchor_2047"])
def test_long_timeline_page_renders(seed: str, where: tuple[str | int, ...], value: str) -> None:
    """Was a 500 on the results page only: a timeline chart over 155 months made web/charts.py
    timeline_chart's ``next(s for s in (1, 2, 3, 6, 12) if months // s <= 12)`` raise StopIteration."""
    case = _seed(seed)
    _put(case, where, value, delete=False)
    assert _page_status(case) == 200


def test_far_future_sale_date_page_renders() -> None:
    """Was a 500 on the results page: sale_date 9999-12-31 saved, then web/charts.py balance_chart's
    ``d1 + margin`` overflowed (OverflowError: date value out of range). Now refused when saved."""
    case = _seed("seed1-short-sale.toml")
    case["sale_date"] = "9999-12-31"
    assert _page_status(case) in (200, 422)
