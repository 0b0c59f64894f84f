"""The case list for an adviser with fifty saved cases (issue 18 §4): search, sort, filter, the status the
adviser sets, the CSV export, the revision history with restore, and the summary stored at save time.

Figures are the engine's: each list row's remaining debt and next deadline must be what the case's own
plan says (``zansai plan CASE --json``); the seed cases are examples/seed1-short-sale.toml
(記事1, docs/sources/seed1-short-sale.md) and examples/seed2-*.toml (記事2, docs/sources/seed2-divorce.md).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.inputs import today_jst
from zansai.report.now import next_steps
from zansai.web import caselist
from zansai.web.app import guarded
from zansai.web.casestatus import STATUSES
from zansai.web.service import PlanCache
from zansai.web.settings import Settings
from zansai.web.store import CaseStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES = sorted(p for p in EXAMPLES.glob("*.toml") if "property" in tomllib.loads(p.read_text("utf-8")))
SEED1 = EXAMPLES / "seed1-short-sale.toml"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')
FIFTY = 50

SEED1_SHORT_SALE_REMAINING = 7_395_521
"""The remaining debt after seed 1's best exit, the short sale, on 2027-03-31, as
``zansai plan examples/seed1-short-sale.toml --json`` prints it (tests/golden/seed1-short-sale.json)."""


def example(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        data: dict[str, Any] = json.loads(json.dumps(tomllib.load(f), default=str))
    return data


def seeded(path: Path, i: int) -> dict[str, Any]:
    """Case ``i`` of the fifty: an example with its own title and client's name."""
    data = example(path)
    data["title"] = f"案件{i:02d} {path.stem}"
    return data


@pytest.fixture(scope="module")
def fifty(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, CaseStore, list[str]]:
    """An app with fifty saved cases (every example in turn), saved through the store as a save does."""
    db = tmp_path_factory.mktemp("caselist") / "cases.sqlite3"
    plans = PlanCache()
    store = CaseStore(db)
    app = guarded(Settings(db_path=db), store=store, plans=plans)
    ids = [store.create(f"案件{i:02d} {CASES[i % len(CASES)].stem}", seeded(CASES[i % len(CASES)], i)).id
           for i in range(FIFTY)]
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False), store, ids


def csrf_of(client: TestClient) -> str:
    (token,) = set(CSRF_INPUT.findall(client.get("/cases").text))
    return token


def listed_ids(html: str) -> list[str]:
    return re.findall(r'<tr data-case-id="([0-9a-f]{32})"', html)


def api_rows(client: TestClient, **params: str) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/cases", params=params)
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()
    return rows


# --- the stored summary --------------------------------------------------------------------------

def test_each_summary_is_the_cases_own_plan(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, store, _ = fifty
    plans = PlanCache()
    today = today_jst()
    rows = api_rows(client)
    assert len(rows) == FIFTY
    for row in rows:
        plan = plans.plan(store.get(row["id"]).data)
        best = plan.exit(plan.best) if plan.best else None
        assert row["best_exit"] == (best.key if best else None)
        assert row["remaining_debt"] == (best.remaining_debt if best else None)
        assert row["cash_needed"] == (best.cash_needed if best else None)
        upcoming = [d for d in next_steps(plan, plan.case.at).deadlines if d.on >= today]
        due = row["next_deadline"]
        assert (due["date"], due["days"]) == ((upcoming[0].on.isoformat(), (upcoming[0].on - today).days)
                                              if upcoming else (None, None)) if due else not upcoming
    seed1 = next(r for r in rows if r["title"].endswith("seed1-short-sale"))
    assert (seed1["client"], seed1["lender"], seed1["best_exit"]) == ("夫", "さくら銀行", "short_sale")
    assert seed1["remaining_debt"] == SEED1_SHORT_SALE_REMAINING


def test_the_list_of_fifty_plans_nothing(fifty: tuple[TestClient, CaseStore, list[str]],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The derived columns come from the stored summaries: listing (and sorting by debt or deadline)
    calls the engine for no case (its speed is in bench/, not here)."""
    client, _, ids = fifty
    client.get("/cases")  # warm: a summary computed today is kept

    def no_planning(*args: Any, **kw: Any) -> Any:
        raise AssertionError("the list planned a case")

    monkeypatch.setattr(PlanCache, "plan", no_planning)
    for sort in caselist.SORTS:
        page = client.get("/cases", params={"sort": sort})
        assert page.status_code == 200
        assert sorted(listed_ids(page.text)) == sorted(ids)


def test_a_missing_summary_is_computed_when_the_list_asks(tmp_path: Path) -> None:
    """A database from before the summaries (or one whose summary was lost) fills them in lazily."""
    db = tmp_path / "cases.sqlite3"
    store = CaseStore(db)  # no summarizer: saved without a summary, as an older zansai did
    case_id = store.create("記事1", example(SEED1)).id
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT summary FROM cases").fetchone() == (None,)
    conn.close()
    client = TestClient(guarded(Settings(db_path=db)), base_url="http://127.0.0.1")
    (row,) = api_rows(client)
    assert (row["id"], row["remaining_debt"]) == (case_id, SEED1_SHORT_SALE_REMAINING)
    with sqlite3.connect(db) as conn:
        stored = json.loads(conn.execute("SELECT summary FROM cases").fetchone()[0])
    conn.close()
    assert stored["remaining_debt"] == SEED1_SHORT_SALE_REMAINING
    assert stored["fixed_at"] is True  # seed 1 fixes at = 2026-12-01: its summary never goes stale


def test_a_case_planned_as_of_today_is_recomputed_on_a_new_day(tmp_path: Path) -> None:
    from zansai.web.casesummary import stale

    data = example(SEED1)
    del data["at"]
    store = CaseStore(tmp_path / "c.sqlite3")
    store.summarize = lambda d: {"v": 1, "computed_on": "2000-01-01", "fixed_at": "at" in d}
    store.create("今日の計算", data)
    (row,) = store.list_rows()
    assert stale(row.summary, date(2000, 1, 1)) is False
    assert stale(row.summary, date(2000, 1, 2)) is True
    assert stale({**(row.summary or {}), "fixed_at": True}, date(2000, 1, 2)) is False


# --- search, sort, filter ------------------------------------------------------------------------

def test_search_by_title_client_and_lender(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, _, _ = fifty
    seed1 = [r for r in api_rows(client) if r["title"].endswith("seed1-short-sale")]
    assert len(seed1) == FIFTY // len(CASES) + (1 if FIFTY % len(CASES) > CASES.index(SEED1) else 0)
    by_lender = api_rows(client, q="さくら銀行")
    assert {r["id"] for r in by_lender} == {r["id"] for r in seed1}
    assert [r["title"] for r in api_rows(client, q="案件07")] == ["案件07 " + CASES[7 % len(CASES)].stem]
    # full-width letters and case do not matter; several words must all match
    assert {r["id"] for r in api_rows(client, q="ＳＥＥＤ1 さくら")} == {r["id"] for r in seed1}
    assert api_rows(client, q="どこにもない名前") == []
    page = client.get("/cases", params={"q": "さくら銀行"})
    assert sorted(listed_ids(page.text)) == sorted(r["id"] for r in seed1)
    assert "さくら銀行" in page.text
    assert "夫" in page.text


def test_sorts(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, _, _ = fifty
    debts = [r["remaining_debt"] for r in api_rows(client, sort="debt")]
    known = [d for d in debts if d is not None]
    assert known == sorted(known, reverse=True)
    assert known[0] > 0
    assert debts[:len(known)] == known  # unknown debts last
    dues = [r["next_deadline"]["date"] for r in api_rows(client, sort="deadline") if r["next_deadline"]]
    assert dues == sorted(dues)
    titles = [r["title"] for r in api_rows(client, sort="title")]
    assert titles == sorted(titles)
    assert titles[0].startswith("案件00")
    updated = [(r["updated_at"]) for r in api_rows(client)]
    assert updated == sorted(updated, reverse=True)
    html = client.get("/cases", params={"sort": "debt"}).text
    assert listed_ids(html) == [r["id"] for r in api_rows(client, sort="debt")]


def test_filter_by_status_and_best_exit(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, store, ids = fifty
    best = api_rows(client)
    short = {r["id"] for r in best if r["best_exit"] == "short_sale"}
    assert short
    assert short != set(ids)
    assert {r["id"] for r in api_rows(client, best="short_sale")} == short
    store.set_status(ids[3], "settled")
    try:
        assert [r["id"] for r in api_rows(client, status="settled")] == [ids[3]]
        page = client.get("/cases", params={"status": "settled", "lang": "en"})
        assert listed_ids(page.text) == [ids[3]]
        assert "Showing 1 of 50" in page.text
    finally:
        store.set_status(ids[3], "consulting")


def test_a_bad_query_names_its_field(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, _, _ = fifty
    wrong = (({"status": "sold"}, "status"), ({"sort": "price"}, "sort"), ({"offset": "-1"}, "offset"))
    for params, field in wrong:
        answer = client.get("/api/v1/cases", params=params)
        assert answer.status_code == 422
        error = answer.json()["error"]
        assert error["field"] == field
        assert error["message_ja"] != error["message_en"]
    for params in ({"status": "sold"}, {"sort": "price"}, {"page": "0"}, {"page": "x"}):
        page = client.get("/cases", params=params)
        assert page.status_code == 422
        assert next(iter(params)) in page.text


def test_pages_of_fifty(tmp_path: Path) -> None:
    """Fifty rows a page; the pager keeps the search."""
    store = CaseStore(tmp_path / "c.sqlite3")
    store.summarize = lambda d: None
    for i in range(caselist.PAGE_SIZE + 3):
        store.create(f"p{i:03d}", {"title": f"p{i:03d}"})
    client = TestClient(guarded(Settings(db_path=tmp_path / "c.sqlite3"), store=store), base_url="http://127.0.0.1")
    first = client.get("/cases", params={"sort": "title"}).text
    assert len(listed_ids(first)) == caselist.PAGE_SIZE
    assert 'page=2" rel="next"' in first
    second = client.get("/cases", params={"sort": "title", "page": "2"}).text
    assert len(listed_ids(second)) == 3
    assert ">p052<" in second


# --- the status ----------------------------------------------------------------------------------

def test_status_change_from_the_list_is_persisted(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, store, ids = fifty
    case_id = ids[10]
    before = store.get(case_id)
    refused = client.post(f"/cases/{case_id}/status", data={"status": "marketing"})
    assert refused.status_code == 403
    assert store.get(case_id).status == "consulting"
    done = client.post(f"/cases/{case_id}/status",
                       data={"status": "marketing", "csrf_token": csrf_of(client),
                             "next": "/cases?sort=debt"})
    assert done.status_code == 303
    assert done.headers["location"] == "/cases?sort=debt"
    after = store.get(case_id)
    assert after.status == "marketing"
    assert (after.data, store.revisions(case_id)) == (before.data, [])  # the case itself is untouched
    assert after.updated_at >= before.updated_at
    row = re.search(rf'<tr data-case-id="{case_id}".*?</tr>', client.get("/cases?lang=ja").text, re.S)
    assert row
    assert '<option value="marketing" selected>販売中</option>' in row.group(0)
    # another site's address is not followed back
    elsewhere = client.post(f"/cases/{case_id}/status",
                            data={"status": "closed", "csrf_token": csrf_of(client),
                                  "next": "//evil.example/"})
    assert elsewhere.headers["location"] == "/cases"
    bad = client.post(f"/cases/{case_id}/status", data={"status": "sold", "csrf_token": csrf_of(client)})
    assert bad.status_code == 422
    assert store.get(case_id).status == "closed"
    store.set_status(case_id, "consulting")


def test_status_by_the_api(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, store, ids = fifty
    case_id = ids[11]
    answer = client.patch(f"/api/v1/cases/{case_id}", json={"status": "applied"})
    assert answer.status_code == 200
    assert answer.json()["status"] == "applied"
    assert store.get(case_id).status == "applied"
    wrong = client.patch(f"/api/v1/cases/{case_id}", json={"status": "done"})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["field"] == "status"
    extra = client.patch(f"/api/v1/cases/{case_id}", json={"status": "closed", "title": "x"})
    assert extra.status_code == 422
    foreign = client.patch(f"/api/v1/cases/{case_id}", json={"status": "closed"},
                           headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert store.get(case_id).status == "applied"
    assert client.patch(f"/api/v1/cases/{'0' * 32}", json={"status": "closed"}).status_code == 404
    store.set_status(case_id, "consulting")


def test_every_status_has_both_labels() -> None:
    from zansai.report.i18n import UI

    assert STATUSES == ("consulting", "applied", "marketing", "contracted", "settled", "closed")
    assert [UI[f"status_{s}"][0] for s in STATUSES] == ["相談中", "申出済", "販売中", "契約済", "決済済",
                                                         "終了"]
    assert all(UI[f"status_{s}"][1] for s in STATUSES)


# --- CSV -----------------------------------------------------------------------------------------

def test_csv_export_cells(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, store, ids = fifty
    store.set_status(ids[0], "applied")
    answer = client.get("/cases/export.csv", params={"q": "さくら銀行", "sort": "debt", "lang": "ja"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    assert answer.content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert table[0][:6] == ["名前", "依頼者", "金融機関（1番抵当）", "状況", "最善の方法", "残る借金（円）"]
    api = api_rows(client, q="さくら銀行", sort="debt")
    assert [row[-1] for row in table[1:]] == [r["id"] for r in api]
    for row, r in zip(table[1:], api, strict=True):
        assert row[1:3] == ["夫", "さくら銀行"]
        assert row[5] == str(SEED1_SHORT_SALE_REMAINING) == str(r["remaining_debt"])  # plain integer yen
        assert row[6] == str(r["cash_needed"])
        assert row[7] == r["next_deadline"]["date"]
        assert row[9] == str(r["next_deadline"]["days"])
    english = list(csv.reader(io.StringIO(client.get("/cases/export.csv", params={"lang": "en"}).text)))
    assert english[0][5] == "remaining debt (yen)"
    assert len(english) == FIFTY + 1
    store.set_status(ids[0], "consulting")


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "c.sqlite3")
    store.summarize = lambda d: None
    store.create("=HYPERLINK(\"http://evil.example\")", {"title": "x"})
    client = TestClient(guarded(Settings(db_path=tmp_path / "c.sqlite3"), store=store), base_url="http://127.0.0.1")
    (_, row) = list(csv.reader(io.StringIO(client.get("/cases/export.csv").text.lstrip("\ufeff"))))
    assert row[0] == "'=HYPERLINK(\"http://evil.example\")"


# --- revisions -----------------------------------------------------------------------------------

def test_revision_history_and_restore(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, store, ids = fifty
    case_id = ids[0]  # 案件00, the first example
    original = store.get(case_id)
    changed = {**original.data, "sale_date": "2027-06-30"}
    store.update(case_id, title=original.title, data=changed)
    page = client.get(f"/cases/{case_id}/history?lang=ja")
    assert page.status_code == 200
    (rev,) = re.findall(r'<tr data-revision="(\d+)">', page.text)
    assert "売りたい時期（決済日）" in page.text  # what the next save changed, by the form's label
    assert "When to sell (settlement date)" in client.get(f"/cases/{case_id}/history?lang=en").text
    url = f"/cases/{case_id}/revisions/{rev}/restore"
    assert client.post(url).status_code == 403
    assert store.get(case_id).data == changed
    done = client.post(url, data={"csrf_token": csrf_of(client)})
    assert done.status_code == 303
    assert done.headers["location"] == f"/cases/{case_id}"
    assert store.get(case_id).data == original.data
    # the restore is a new version: the changed one is kept and can be restored in turn
    kept = [r.data["sale_date"] for r in store.revisions(case_id)]
    assert kept == ["2027-06-30", original.data["sale_date"]]
    row = next(r for r in api_rows(client) if r["id"] == case_id)
    assert row["remaining_debt"] == PlanCache().plan(original.data).exit(row["best_exit"]).remaining_debt
    missing = client.post(f"/cases/{case_id}/revisions/999/restore", data={"csrf_token": csrf_of(client)})
    assert missing.status_code == 422


def test_a_list_with_no_cases(tmp_path: Path) -> None:
    client = TestClient(guarded(Settings(db_path=tmp_path / "c.sqlite3")), base_url="http://127.0.0.1")
    page = client.get("/cases")
    assert page.status_code == 200
    assert "まだ保存したケースはありません" in page.text
    assert client.get("/api/v1/cases").json() == []


def test_revisions_by_the_api(tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "c.sqlite3")
    client = TestClient(guarded(Settings(db_path=store.path), store=store), base_url="http://127.0.0.1")
    first = example(SEED1)
    case_id = store.create("記事1", first).id
    store.update(case_id, title="記事1 後で売る", data={**first, "sale_date": "2027-06-30"})
    (kept,) = client.get(f"/api/v1/cases/{case_id}/revisions").json()
    assert (kept["revision"], kept["title"]) == (1, "記事1")
    foreign = client.post(f"/api/v1/cases/{case_id}/revisions/1/restore",
                          headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403
    restored = client.post(f"/api/v1/cases/{case_id}/revisions/1/restore")
    assert restored.status_code == 200
    assert restored.json()["title"] == "記事1"
    assert store.get(case_id).data == first
    titles = [r["title"] for r in client.get(f"/api/v1/cases/{case_id}/revisions").json()]
    assert titles == ["記事1 後で売る", "記事1"]
    (row,) = api_rows(client)
    assert row["remaining_debt"] == SEED1_SHORT_SALE_REMAINING
    missing = client.post(f"/api/v1/cases/{case_id}/revisions/7/restore")
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "revision"
