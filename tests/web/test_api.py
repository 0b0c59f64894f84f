"""The JSON API /api/v1 in process: the same figures as the command line, errors that name their field.

Expected figures come from ``zansai plan|divorce|schedule|rules --json`` on the example case files
(examples/*.toml, their ``at`` fixed at 2026-12-01) and are pinned here with their source. Seed
figures: seed 1 (examples/seed1-short-sale.toml, 記事1 (docs/sources/seed1-short-sale.md)) and seed 2
(examples/seed2-*.toml, 記事2 (docs/sources/seed2-divorce.md): 「1,500万円−2,000万円＝▲500万円」を夫婦で
250万円ずつ; 妻の特有財産 200万円 → 妻 50万円・夫 450万円).
"""

from __future__ import annotations

import contextlib
import io
import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.cli import main
from zansai.web import api, pages, quick
from zansai.web import exports as export_routes
from zansai.web.app import guarded
from zansai.web.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES = sorted(p.name for p in EXAMPLES.glob("*.toml") if "property" in tomllib.loads(p.read_text("utf-8")))
SEED1 = "seed1-short-sale.toml"
SEED2 = ("seed2-divorce-overloan.toml", "seed2-divorce-separate-property.toml",
         "seed2-divorce-underloan.toml")


def example(name: str) -> dict[str, Any]:
    """A case file as the JSON a client would send (TOML dates become ISO strings)."""
    with (EXAMPLES / name).open("rb") as f:
        data: dict[str, Any] = json.loads(json.dumps(tomllib.load(f), default=str))
    return data


@cache
def cli_json(*args: str) -> Any:
    """What ``zansai ARGS`` prints, parsed (run in process: the same code path as the console script)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(list(args))
    return json.loads(out.getvalue())


def exit_of(plan: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in plan["exits"] if e["key"] == key)
    return found


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    app = guarded(Settings(db_path=tmp_path_factory.mktemp("api") / "cases.sqlite3"))
    return TestClient(app, base_url="http://127.0.0.1")


def assert_error(response: Any, status: int, field: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) == {"field", "message_ja", "message_en"}
    assert error["field"] == field
    assert error["message_ja"]
    assert error["message_en"]
    assert error["message_ja"] != error["message_en"]
    return error


# --- /plan ---------------------------------------------------------------------------------------

def test_every_case_example_is_found() -> None:
    # The two loan files (pair-loan, single-loan) are for `zansai schedule --file`, not cases.
    assert ["co-owned-gain.toml", "condo-jhf-arrears.toml", "keep-home-rehabilitation.toml",
            "leaseback-retiree.toml", SEED1, *SEED2, "tokyo-auction-range.toml", "trade-up.toml"] == CASES


@pytest.mark.parametrize("name", CASES)
def test_plan_equals_the_cli(client: TestClient, name: str) -> None:
    response = client.post("/api/v1/plan", json=example(name))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == cli_json("plan", str(EXAMPLES / name), "--json")


def test_plan_seed1_figures(client: TestClient) -> None:
    """seed 1 (examples/seed1-short-sale.toml), `zansai plan --json`: a short sale on 2027-03-31
    leaves 7,395,521円 (loan balance 23,728,370円 by the 償還表, market value 20,000,000円)."""
    plan = client.post("/api/v1/plan", json=example(SEED1)).json()
    assert plan["at"] == "2026-12-01"
    assert plan["sale_date"] == "2027-03-31"
    assert plan["best_exit"] == "short_sale"
    position = {k: v for k, v in plan["position"].items() if k != "reconciliation"}
    assert position == {"market_value": 20_000_000, "owed": 25_690_521, "loan_balance": 23_728_370,
                        "other_liens": 0, "equity": -3_728_370, "underwater": True,
                        "equity_status": "overloan"}
    assert plan["position"]["reconciliation"]["shortfall"] == 6_645_021  # the normal sale's shortfall
    assert exit_of(plan, "short_sale")["remaining_debt"] == 7_395_521
    assert exit_of(plan, "auction_court")["remaining_debt"] == 10_619_008  # costs on the filing-date claim
    assert plan["residual_routes"]["exit"] == "short_sale"
    assert plan["residual_routes"]["total_debt"] == 8_195_521


def test_plan_query_sale_date(client: TestClient) -> None:
    """`zansai plan seed1 --sale-date 2027-06-30 --json`: three more payments and the later date leave
    a short sale 8,251,347円 short (balance 23,466,755円)."""
    response = client.post("/api/v1/plan", params={"sale_date": "2027-06-30"}, json=example(SEED1))
    plan = response.json()
    assert plan == cli_json("plan", str(EXAMPLES / SEED1), "--json", "--sale-date", "2027-06-30")
    assert plan["sale_date"] == "2027-06-30"
    assert plan["position"]["loan_balance"] == 23_466_755
    assert exit_of(plan, "short_sale")["remaining_debt"] == 8_251_347


def test_plan_query_at(client: TestClient) -> None:
    """`zansai plan seed1 --at 2027-01-15 --json`: by then the guarantee company has paid the bank
    (代位弁済), so keeping on paying means 24,985,170円 instead of 24,562,928円 on 2026-12-01."""
    base = client.post("/api/v1/plan", json=example(SEED1)).json()
    plan = client.post("/api/v1/plan", params={"at": "2027-01-15"}, json=example(SEED1)).json()
    assert plan == cli_json("plan", str(EXAMPLES / SEED1), "--json", "--at", "2027-01-15")
    assert plan["at"] == "2027-01-15"
    assert exit_of(base, "keep_paying")["remaining_debt"] == 24_562_928
    assert exit_of(plan, "keep_paying")["remaining_debt"] == 24_985_170
    assert exit_of(plan, "short_sale")["remaining_debt"] == 7_395_521


def test_plan_query_routes_for(client: TestClient) -> None:
    """`zansai plan seed1 --routes-for auction_court --json`: the routes settle the auction's
    11,419,008円 instead of the short sale's 8,195,521円."""
    plan = client.post("/api/v1/plan", params={"routes_for": "auction_court"}, json=example(SEED1)).json()
    assert plan == cli_json("plan", str(EXAMPLES / SEED1), "--json", "--routes-for", "auction_court")
    assert plan["residual_routes"]["exit"] == "auction_court"
    assert plan["residual_routes"]["total_debt"] == 11_419_008


def test_plan_query_explain(client: TestClient) -> None:
    plain = client.post("/api/v1/plan", json=example(SEED1)).json()
    plan = client.post("/api/v1/plan", params={"explain": "true"}, json=example(SEED1)).json()
    assert "explanation" not in plain
    assert plan == cli_json("plan", str(EXAMPLES / SEED1), "--json", "--explain")
    assert {k: v for k, v in plan.items() if k != "explanation"} == plain
    assert plan["explanation"]["steps"]


# --- /divorce ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "method", "entitlement"), [
    # 記事2 (docs/sources/seed2-divorce.md §8): ▲500万円をマイナス財産として夫婦で 250万円ずつ負担 (通算説).
    ("seed2-divorce-overloan.toml", "tokyo_ratio", {"夫": -2_500_000, "妻": -2_500_000}),
    # 記事2 (docs/sources/seed2-divorce.md §9): 妻の負担 250万−200万＝50万円、夫の負担 500万−50万＝450万円
    # (額面で差し引く).
    ("seed2-divorce-separate-property.toml", "face_value_credit", {"夫": -4_500_000, "妻": -500_000}),
    # 記事2 (docs/sources/seed2-divorce.md §7): 1,500万円−1,000万円＝500万円を 250万円ずつ.
    ("seed2-divorce-underloan.toml", "tokyo_ratio", {"夫": 2_500_000, "妻": 2_500_000}),
])
def test_divorce_seed2(client: TestClient, name: str, method: str, entitlement: dict[str, int]) -> None:
    response = client.post("/api/v1/divorce", json=example(name))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == cli_json("divorce", str(EXAMPLES / name), "--json")
    assert body["schema"] == "zansai.divorce/1"
    chosen = body["division"]["chosen"]
    assert (chosen["key"], chosen["entitlement"]) == (method, entitlement)
    # 離婚 2027-04-30 is after 2026-04-01: the 5-year period of the amended 民法768条2項.
    assert body["division"]["claim_deadline"] == "2032-04-30"


def test_divorce_explain(client: TestClient) -> None:
    name = SEED2[0]
    body = client.post("/api/v1/divorce", params={"explain": "1"}, json=example(name)).json()
    assert body == cli_json("divorce", str(EXAMPLES / name), "--json", "--explain")
    assert body["explanation"]["steps"]


def test_divorce_without_a_divorce_section(client: TestClient) -> None:
    error = assert_error(client.post("/api/v1/divorce", json=example(SEED1)), 422, "divorce")
    assert "divorce" in error["message_en"]


# --- /schedule -----------------------------------------------------------------------------------

def test_schedule_equals_the_cli(client: TestClient) -> None:
    """seed 1's loan (3800万, 1.2%, 35 years, first payment 2012-05): `zansai schedule --json` gives
    110,846円 a month and 23,728,370円 owed after the payment due before 2027-03-31 — the balance
    the seed-1 plan uses."""
    loan = {"principal": "3800万", "rate": "1.2", "years": 35, "start": "2012-05"}
    response = client.post("/api/v1/schedule", params={"at": "2027-03-31"}, json=loan)
    assert response.status_code == 200, response.text
    body = response.json()
    cli = cli_json("schedule", "--principal", "3800万", "--rate", "1.2", "--years", "35",
                   "--start", "2012-05", "--at", "2027-03-31", "--json")
    assert body == {"name": "loan", **cli}
    assert body["monthly_payment"] == 110_846
    assert body["balance_at"] == 23_728_370
    assert body["payments_count"] == 420
    assert body["total_interest"] == 8_555_511


def test_schedule_rejects_unknown_fields(client: TestClient) -> None:
    loan = {"principal": "3800万", "rate": "1.2", "years": 35, "start": "2012-05", "bogus": 1}
    assert_error(client.post("/api/v1/schedule", json=loan), 422, "bogus")


def test_schedule_bad_rate_names_the_body_field(client: TestClient) -> None:
    loan = {"principal": "3800万", "rate": "abc", "years": 35, "start": "2012-05"}
    assert_error(client.post("/api/v1/schedule", json=loan), 422, "rate")


# --- /rules --------------------------------------------------------------------------------------

def test_rules_on_a_date_equal_the_cli(client: TestClient) -> None:
    body = client.get("/api/v1/rules", params={"at": "2026-12-01"}).json()
    assert body == cli_json("rules", "--at", "2026-12-01", "--json")
    assert body["at"] == "2026-12-01"
    keys = {r["key"] for r in body["rules"]}
    assert {"divorce.property_division_claim_years", "brokerage.fee_tiers"} <= keys


@pytest.mark.parametrize(("on", "years", "start"), [
    # docs/sources/law-updates-2026.md: 民法768条2項ただし書 (令和6年法律第33号):
    # 2 years for a divorce up to 2026-03-31, 5 years from 2026-04-01.
    ("2026-03-31", 2, "2014-04-01"),
    ("2026-04-01", 5, "2026-04-01"),
])
def test_one_rule_on_both_sides_of_its_effective_date(client: TestClient, on: str, years: int,
                                                      start: str) -> None:
    key = "divorce.property_division_claim_years"
    body = client.get(f"/api/v1/rules/{key}", params={"at": on}).json()
    cli = cli_json("rules", key, "--at", on, "--json")
    assert (body["at"], body["rules"]) == (cli["at"], cli["rules"])
    (rule,) = body["rules"]
    assert (rule["key"], rule["value"], rule["unit"], rule["period"]["from"]) == (key, years, "years", start)


def test_unknown_rule(client: TestClient) -> None:
    assert_error(client.get("/api/v1/rules/no.such.rule", params={"at": "2026-12-01"}), 422, "key")


# --- errors --------------------------------------------------------------------------------------

def _broken(change: str) -> dict[str, Any]:
    data = example(SEED1)
    if change == "no loans":
        del data["loans"]
    elif change == "bad rate":
        data["loans"][0]["rate"] = "abc"
    elif change == "bare share":
        data["people"][0]["share"] = "1"
    elif change == "unknown field":
        data["property"]["colour"] = "red"
    elif change == "rank zero":
        data["loans"][0]["rank"] = 0
    return data


BROKEN = [
    # a home with no loan is valid; a missed payment without one is refused with its reason
    ("no loans", "delinquency.first_missed", "no loan"),
    ("bad rate", "loans[0].rate", "percentage"),
    ("bare share", "people[0].share", "ambiguous"),
    ("unknown field", "property.colour", "not permitted"),
    ("rank zero", "loans[0].rank", "at least 1"),
]
@pytest.mark.parametrize(("path", "change", "field", "words"), [
    (path, *bad)
    for path in ("/api/v1/plan", "/api/v1/divorce", "/api/v1/cases") for bad in BROKEN])
def test_bad_case_is_422_naming_the_field(client: TestClient, path: str, change: str, field: str,
                                          words: str) -> None:
    body = _broken(change)
    if path == "/api/v1/cases":
        body = {"title": "broken", "case": body}
    response = client.post(path, json=body)
    if response.status_code == 201:
        client.delete(f"/api/v1/cases/{response.json()['id']}")
    error = assert_error(response, 422, field)
    assert words in error["message_en"]
    assert field in error["message_ja"]


def test_a_home_with_no_loan_plans(client: TestClient) -> None:
    """A paid-off home (no [[loans]], no [[liens]]) of a divorcing couple:
    記事2's underloan couple (docs/sources/seed2-divorce.md §7, 時価 1,500万円) with the loan gone.
    No delinquency timeline, no short sale or auction; the normal sale leaves no debt; the home's
    whole 1,500万円 is divided, 750万円 each (民法768条3項, docs/sources/law-debt-divorce.md §7.2)."""
    data = example("seed2-divorce-underloan.toml")
    del data["loans"]
    plan = client.post("/api/v1/plan", json=data)
    assert plan.status_code == 200, plan.text
    body = plan.json()
    assert body["timeline"] is None
    keys = {e["key"] for e in body["exits"]}
    assert "short_sale" not in keys
    assert "auction_court" not in keys
    assert exit_of(body, "normal_sale")["remaining_debt"] == 0
    assert exit_of(body, "keep_paying")["details"]["monthly_payment"] == 0
    assert body["position"]["loan_balance"] == 0
    assert body["division"]["net_estate"] == 15_000_000
    assert body["division"]["chosen"]["entitlement"] == {"夫": 7_500_000, "妻": 7_500_000}
    divorce = client.post("/api/v1/divorce", json=data)
    assert divorce.status_code == 200, divorce.text
    saved = client.post("/api/v1/cases", json={"title": "paid off", "case": data})
    assert saved.status_code == 201, saved.text
    client.delete(f"/api/v1/cases/{saved.json()['id']}")


def test_replacing_checks_the_values(client: TestClient) -> None:
    """/cases/import builds the case before saving it; PUT should refuse what the plan would refuse."""
    case_id = client.post("/api/v1/cases", json={"title": "ok", "case": example(SEED1)}).json()["id"]
    data = example(SEED1)
    data["sale_date"] = "2026-11-30"  # before the calculation date 2026-12-01
    response = client.put(f"/api/v1/cases/{case_id}", json={"title": "broken", "case": data})
    client.delete(f"/api/v1/cases/{case_id}")
    assert_error(response, 422, "sale_date")


def test_bad_query_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/plan", params={"at": "2026-1-1"}, json=example(SEED1))
    error = assert_error(response, 422, "at")
    assert "at" in error["message_en"]
    assert_error(client.get("/api/v1/rules", params={"at": "yesterday"}), 422, "at")
    assert_error(client.get("/api/v1/rules", params={"at": "2026-02-30"}), 422, "at")


def test_sale_date_before_at_is_422(client: TestClient) -> None:
    data = example(SEED1)
    data["sale_date"] = "2026-11-30"
    error = assert_error(client.post("/api/v1/plan", json=data), 422, "sale_date")
    assert "2026-12-01" in error["message_en"]


@pytest.mark.parametrize("param", ["at", "sale_date"])
def test_impossible_query_date_names_the_query_field(client: TestClient, param: str) -> None:
    assert_error(client.post("/api/v1/plan", params={param: "2027-02-30"}, json=example(SEED1)), 422, param)


def test_malformed_json_names_the_body(client: TestClient) -> None:
    response = client.post("/api/v1/plan", content=b"{not json", headers={"content-type": "application/json"})
    assert_error(response, 422, "body")


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/plan", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "JSON" in response.json()["error"]["message_en"]


def test_validate_lists_every_problem(client: TestClient) -> None:
    data = example(SEED1)
    data["property"]["kind"] = "boat"
    data["people"][0]["share"] = "1"
    del data["valuation"]
    data["loans"][0]["rank"] = 0
    body = client.post("/api/v1/validate", json=data).json()
    assert body["ok"] is False
    fields = [e["field"] for e in body["errors"]]
    assert fields == ["property.kind", "valuation", "loans[0].rank", "people[0].share"]
    for e in body["errors"]:
        assert e["message_ja"].startswith("case: " + e["field"])
        assert e["message_en"].startswith("case: " + e["field"])
    assert client.post("/api/v1/validate", json=example(SEED1)).json() == {"ok": True, "errors": []}


def test_validate_reports_a_cross_field_problem(client: TestClient) -> None:
    data = example(SEED1)
    data["property"]["land_price"] = "1000万"  # 1000万 + 2000万 ≠ 3800万
    body = client.post("/api/v1/validate", json=data).json()
    assert body["ok"] is False
    assert [e["field"] for e in body["errors"]] == ["property.building_price"]


# --- saved cases ---------------------------------------------------------------------------------

def test_saved_cases_crud(client: TestClient) -> None:
    seed1 = example(SEED1)
    created = client.post("/api/v1/cases", json={"title": "田中さん", "case": seed1})
    assert created.status_code == 201, created.text
    summary = created.json()
    case_id = summary["id"]
    assert set(summary) == {"id", "title", "created_at", "updated_at", "parent_id", "status"}
    assert (summary["title"], summary["parent_id"], summary["status"]) == ("田中さん", None, "consulting")

    listed = client.get("/api/v1/cases").json()
    assert summary in [{k: row[k] for k in summary} for row in listed]  # the list adds its columns

    record = client.get(f"/api/v1/cases/{case_id}").json()
    assert record["id"] == case_id
    assert record["data"]["loans"][0]["principal"] == "3800万"
    assert record["data"]["at"] == "2026-12-01"

    # The plan of the saved case is the plan of the case as sent: seed 1's 7,395,521円.
    saved_plan = client.get(f"/api/v1/cases/{case_id}/plan").json()
    assert saved_plan == client.post("/api/v1/plan", json=seed1).json()
    assert exit_of(saved_plan, "short_sale")["remaining_debt"] == 7_395_521
    later = client.get(f"/api/v1/cases/{case_id}/plan", params={"sale_date": "2027-06-30"}).json()
    assert exit_of(later, "short_sale")["remaining_debt"] == 8_251_347

    # Replace it: the seed-2 underloan household instead.
    replaced = client.put(f"/api/v1/cases/{case_id}", json={"title": "", "case": example(SEED2[2])})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["title"] == "離婚・アンダーローン / divorce, underloan"
    assert client.get(f"/api/v1/cases/{case_id}").json()["data"]["loans"][0]["principal"] == "2400万"
    property_division = client.get(f"/api/v1/cases/{case_id}/plan").json()["division"]
    assert property_division["chosen"]["entitlement"] == {"夫": 2_500_000, "妻": 2_500_000}

    copied = client.post(f"/api/v1/cases/{case_id}/duplicate")
    assert copied.status_code == 201, copied.text
    copy_id = copied.json()["id"]
    assert copy_id != case_id
    assert copied.json()["parent_id"] == case_id
    copy_data = client.get(f"/api/v1/cases/{copy_id}").json()["data"]
    original_data = client.get(f"/api/v1/cases/{case_id}").json()["data"]
    assert copy_data["title"] == original_data["title"] + "（コピー）"  # the form shows the copy's name
    assert {**copy_data, "title": None} == {**original_data, "title": None}

    deleted = client.delete(f"/api/v1/cases/{case_id}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert_error(client.get(f"/api/v1/cases/{case_id}"), 404, "case_id")
    ids = [c["id"] for c in client.get("/api/v1/cases").json()]
    assert case_id not in ids
    assert copy_id in ids
    assert client.get(f"/api/v1/cases/{copy_id}").json()["parent_id"] is None
    assert client.delete(f"/api/v1/cases/{copy_id}").status_code == 204


def test_saved_case_title_defaults_to_the_case_title(client: TestClient) -> None:
    summary = client.post("/api/v1/cases", json={"case": example(SEED1)}).json()
    assert summary["title"] == "任意売却を考える世帯 / short-sale household"
    client.delete(f"/api/v1/cases/{summary['id']}")


@pytest.mark.parametrize("case_id", ["0" * 32, "not-an-id", "../etc"])
def test_unknown_case_ids_are_404(client: TestClient, case_id: str) -> None:
    body = {"title": "x", "case": example(SEED1)}
    for response in (client.get(f"/api/v1/cases/{case_id}"),
                     client.put(f"/api/v1/cases/{case_id}", json=body),
                     client.delete(f"/api/v1/cases/{case_id}"),
                     client.post(f"/api/v1/cases/{case_id}/duplicate"),
                     client.get(f"/api/v1/cases/{case_id}/plan")):
        assert response.status_code == 404, (response.request.method, response.request.url, response.text)
        assert response.json()["error"]["message_en"]


def test_unknown_api_path_is_a_json_404(client: TestClient) -> None:
    assert_error(client.get("/api/v1/nothing-here"), 404, None)


def test_json_twin_of_the_results_page_equals_the_api(client: TestClient) -> None:
    for name in (SEED1, SEED2[1]):
        case_id = client.post("/api/v1/cases", json={"title": name, "case": example(name)}).json()["id"]
        twin = client.get(f"/cases/{case_id}.json")
        assert twin.status_code == 200
        assert twin.headers["content-type"] == "application/json"
        assert twin.json() == client.post("/api/v1/plan", json=example(name)).json()
        assert twin.json() == client.get(f"/api/v1/cases/{case_id}/plan").json()
        client.delete(f"/api/v1/cases/{case_id}")
    assert client.get(f"/cases/{'0' * 32}.json").status_code == 404


# --- OpenAPI -------------------------------------------------------------------------------------

def test_openapi_lists_the_api_and_no_page(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert set(doc["paths"]) == {
        "/api/v1/plan", "/api/v1/divorce", "/api/v1/schedule", "/api/v1/validate", "/api/v1/rules",
        "/api/v1/rules/{key}", "/api/v1/cases", "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/duplicate", "/api/v1/cases/{case_id}/plan",
        "/api/v1/cases/{case_id}/export/{what}.{fmt}",  # issue 18 §5, exports
        "/api/v1/cases/{case_id}/revisions", "/api/v1/cases/{case_id}/revisions/{revision}/restore",
        "/api/v1/cases/{case_id}/compare",
        "/api/v1/cases/{case_id}/drafts/{kind}", "/api/v1/cases/{case_id}/checklist",  # issue 18 §7
        "/api/v1/whatif", "/api/v1/comps"}  # issue 20 §1, comparables
    assert set(doc["paths"]["/api/v1/cases"]) == {"get", "post"}
    assert set(doc["paths"]["/api/v1/cases/{case_id}"]) == {"get", "put", "patch", "delete"}
    # Every API route is documented, and no page route is.
    api_routes = [*api.router.routes, *export_routes.router.routes]
    assert {getattr(r, "path", "") for r in api_routes} == set(doc["paths"])
    pages_served = {getattr(r, "path", "") for r in [*pages.router.routes, *quick.router.routes]}
    assert {"/", "/cases/new", "/cases/{case_id}", "/rules", "/cases/{case_id}.json"} <= pages_served
    assert not pages_served & set(doc["paths"])
    assert all(p.startswith("/api/v1/") for p in doc["paths"])
    plan_errors = doc["paths"]["/api/v1/plan"]["post"]["responses"]
    assert {"200", "413", "422"} <= set(plan_errors)
