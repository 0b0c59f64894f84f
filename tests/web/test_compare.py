"""Compare a case with its copies (issue 18 §3): the inputs that differ, and each case's key results to the
yen, in one table; copies grouped under their original in the list.

The case is seed 1 (examples/seed1-short-sale.toml, 記事1, docs/sources/seed1-short-sale.md); its what-if
copies sell later or for a different appraisal. Every figure the page shows is checked against the
case's own plan, computed here by the engine (the same figures ``zansai plan CASE --json`` prints).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.web.app import guarded
from zansai.web.casecompare import change_summary, flatten, input_rows
from zansai.web.service import PlanCache
from zansai.web.settings import Settings
from zansai.web.store import CaseStore

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"


def seed1() -> dict[str, Any]:
    with SEED1.open("rb") as f:
        data: dict[str, Any] = json.loads(json.dumps(tomllib.load(f), default=str))
    return data


@pytest.fixture
def family(tmp_path: Path) -> tuple[TestClient, CaseStore, list[str]]:
    """Seed 1, a copy that settles three months later, a copy of that copy with a lower appraisal, and an
    unrelated case."""
    store = CaseStore(tmp_path / "cases.sqlite3")
    client = TestClient(guarded(Settings(db_path=store.path), store=store), base_url="http://127.0.0.1")
    original = store.create("記事1", seed1())
    later = store.duplicate(original.id)
    store.update(later.id, title=later.title, data={**later.data, "sale_date": "2027-06-30"})
    lower = store.duplicate(later.id, title="記事1 安い査定")
    data = lower.data
    data["valuation"] = {"appraisals": [{"source": "A不動産", "amount": "1700万"}]}
    store.update(lower.id, title=lower.title, data=data)
    other = store.create("別の世帯", {**seed1(), "title": "別"})
    return client, store, [original.id, later.id, lower.id, other.id]


def cells(html: str, row: str) -> list[str]:
    match = re.search(rf'<tr data-row="{row}">(.*?)</tr>', html, re.S)
    assert match, row
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)


def yen_cells(html: str, row: str) -> list[int]:
    """The exact yen of each case column of a results row (``data-yen``)."""
    match = re.search(rf'<tr data-row="{row}">.*?</tr>', html, re.S)
    assert match, row
    return [int(v) for v in re.findall(r'data-yen="(-?\d+)"', match.group(0))]


def test_flatten_names_every_leaf() -> None:
    flat = flatten(seed1())
    assert flat["sale_date"] == "2027-03-31"
    assert flat["loans[0].holder"] == "さくら銀行"
    assert flat["valuation.appraisals[2].amount"] == "2000万"
    assert flat["loans[0].debtors"] == ["夫"]  # a list of names is one input
    assert flatten({"a": {}, "b": []}) == {"a": {}, "b": []}  # an emptied section still shows


def test_only_the_differing_inputs_by_default() -> None:
    a, b = seed1(), seed1()
    b["sale_date"] = "2027-06-30"
    b["household"]["savings"] = "50万"
    rows = input_rows([a, b])
    assert [r["path"] for r in rows] == ["sale_date", "household.savings"]
    assert rows[0]["values"] == ["2027-03-31", "2027-06-30"]
    assert rows[0]["label"] == ("売りたい時期（決済日）", "When to sell (settlement date)")
    everything = input_rows([a, b], everything=True)
    assert len(everything) == len(flatten(a)) - 1  # every input but the title
    assert [r["path"] for r in everything if r["differs"]] == ["sale_date", "household.savings"]
    assert input_rows([a, a]) == []
    assert change_summary(a, b, "t", "t", "ja") == "売りたい時期（決済日）、預貯金"
    assert change_summary(a, a, "t", "u", "en") == "title"


def test_compare_shows_the_differences(family: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, _, (original, later, lower, other) = family
    page = client.get(f"/cases/{later}/compare", params={"lang": "ja"})
    assert page.status_code == 200
    heads = re.findall(r'<th scope="col"[^>]*><a href="/cases/([0-9a-f]{32})">', page.text)
    assert heads[:3] == [original, later, lower]  # the original first, then its copies; the other case not
    assert other not in heads
    differing = re.findall(r'<tr data-path="([^"]+)" class="differs">', page.text)
    assert differing == ["sale_date", "valuation.appraisals[0].amount", "valuation.appraisals[1].source",
                         "valuation.appraisals[1].amount", "valuation.appraisals[2].source",
                         "valuation.appraisals[2].amount"]
    assert 'data-path="property.kind"' not in page.text  # the same everywhere: shown only with ?all=1
    everything = client.get(f"/cases/{later}/compare", params={"all": "1"}).text
    assert 'data-path="property.kind">' in everything
    assert len(re.findall(r'class="differs"', everything)) == len(differing)
    assert "売りたい時期（決済日）" in page.text
    assert "When to sell (settlement date)" in client.get(f"/cases/{later}/compare?lang=en").text


def test_results_equal_each_cases_plan_to_the_yen(family: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, store, ids = family
    page = client.get(f"/cases/{ids[0]}/compare", params={"lang": "ja"}).text
    plans = PlanCache()
    expected = []
    for case_id in ids[:3]:
        plan = plans.plan(store.get(case_id).data)
        best = plan.exit(plan.best) if plan.best else None
        expected.append(best)
    debts = yen_cells(page, "remaining_debt")
    assert debts == [b.remaining_debt for b in expected if b]
    assert yen_cells(page, "cash_needed") == [b.cash_needed for b in expected if b]
    # a later settlement costs more interest and arrears: the copies do differ from the original
    assert len(set(debts)) == 3
    assert debts[0] == 7_395_521  # seed 1's short sale as the golden JSON has it
    assert [c.strip() for c in cells(page, "sale_date")] == ["2027-03-31", "2027-06-30", "2027-06-30"]
    assert all("円" in c for c in cells(page, "remaining_debt"))


def test_a_case_without_copies(family: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, _, ids = family
    page = client.get(f"/cases/{ids[3]}/compare", params={"lang": "ja"}).text
    assert "このケースには複製がありません" in page
    assert len(cells(page, "remaining_debt")) == 1
    assert client.get(f"/cases/{'f' * 32}/compare").status_code == 404


def test_the_list_groups_copies_under_their_original(family: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, store, (original, later, lower, other) = family
    store.set_status(other, "applied")  # the newest update: listed first
    html = client.get("/cases").text
    order = re.findall(r'<tr data-case-id="([0-9a-f]{32})"( class="copy-row")?>', html)
    assert order == [(other, ""), (original, ""), (later, ' class="copy-row"'), (lower, ' class="copy-row"')]
    assert f'href="/cases/{original}/compare"' in html
    assert f'href="/cases/{other}/compare"' not in html


def test_compare_by_the_api(family: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, store, (original, later, lower, _) = family
    answer = client.get(f"/api/v1/cases/{lower}/compare")
    assert answer.status_code == 200
    body = answer.json()
    assert [c["id"] for c in body["cases"]] == [original, later, lower]
    plans = PlanCache()
    for column in body["cases"]:
        plan = plans.plan(store.get(column["id"]).data)
        best = plan.exit(plan.best)
        assert (column["best_exit"], column["remaining_debt"], column["cash_needed"]) == (
            best.key, best.remaining_debt, best.cash_needed)
    assert body["inputs"][0]["path"] == "sale_date"
    assert all(i["differs"] for i in body["inputs"])
    everything = client.get(f"/api/v1/cases/{lower}/compare", params={"all": "true"}).json()["inputs"]
    assert len(everything) > len(body["inputs"])
    assert not all(i["differs"] for i in everything)


@pytest.fixture
def fifty(tmp_path: Path) -> tuple[TestClient, CaseStore, list[str]]:
    """Fifty saved cases: seed 1 with eleven copies settling a month apart, and 38 other households."""
    store = CaseStore(tmp_path / "cases.sqlite3")
    client = TestClient(guarded(Settings(db_path=store.path), store=store), base_url="http://127.0.0.1")
    original = store.create("記事1", seed1())
    ids = [original.id]
    for month in range(1, 12):
        copy = store.duplicate(original.id, title=f"記事1 {month}月")
        store.update(copy.id, title=copy.title, data={**copy.data, "sale_date": f"2027-{month:02d}-28"})
        ids.append(copy.id)
    ids += [store.create(f"世帯{i}", {**seed1(), "title": f"世帯{i}"}).id for i in range(38)]
    assert len(ids) == 50
    return client, store, ids


def test_fifty_cases_compare_at_most_eight_and_say_how_many_are_left_out(
        fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    client, _, ids = fifty
    page = client.get(f"/cases/{ids[11]}/compare", params={"lang": "ja"})
    assert page.status_code == 200
    heads = re.findall(r'<th scope="col"[^>]*><a href="/cases/([0-9a-f]{32})">', page.text)
    assert len(heads) == 2 * 8  # the results table and the inputs table
    assert heads[:8] == [*ids[:7], ids[11]]  # the asked-for copy is always among them
    assert "ほかに 4 件の複製があります" in page.text
    assert len(re.findall(r'name="with" value=', page.text)) == 49  # every other saved case to choose
    api = client.get(f"/api/v1/cases/{ids[11]}/compare").json()
    assert api["not_shown"] == 4
    assert len(api["cases"]) == 8


def test_fifty_cases_compare_the_chosen_ones(fifty: tuple[TestClient, CaseStore, list[str]]) -> None:
    """Any saved cases, chosen by the adviser: the case first, then the chosen ones in order."""
    client, _, ids = fifty
    page = client.get(f"/cases/{ids[0]}/compare", params=[("with", ids[49]), ("with", ids[3])])
    heads = re.findall(r'<th scope="col"[^>]*><a href="/cases/([0-9a-f]{32})">', page.text)
    assert heads[:3] == [ids[0], ids[49], ids[3]]
    assert "ほかに" not in page.text
    assert yen_cells(page.text, "remaining_debt")[:2] == [7_395_521, 7_395_521]  # seed 1 and a household
    assert f'value="{ids[49]}" checked' in page.text
    api = client.get(f"/api/v1/cases/{ids[0]}/compare", params=[("with", ids[3])]).json()
    assert [c["id"] for c in api["cases"]] == [ids[0], ids[3]]
    assert [r["path"] for r in api["inputs"] if r["differs"]] == ["sale_date"]
    assert client.get(f"/api/v1/cases/{ids[0]}/compare", params={"with": "0" * 32}).status_code == 404
