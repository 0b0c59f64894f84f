"""The results page links the drafts and the checklist, and each link answers with its format:
the seed-1 household's budget margin of −25,000円 (240,000 − 180,000 − 85,000; docs/sources/
seed1-short-sale.md §8) in the Word file, the auction filing on 2027-03-27 in the calendar."""

from __future__ import annotations

import io
import json
import re
import subprocess
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.web.app import create_app
from zansai.web.settings import Settings

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, str]:
    app: Any = create_app(Settings(db_path=tmp_path_factory.mktemp("drafts") / "cases.sqlite3"))
    data = json.loads(json.dumps(tomllib.loads(SEED1.read_text("utf-8")), default=str))
    record = app.state.store.create("seed", data)
    return TestClient(app, base_url="http://127.0.0.1"), record.id


def test_the_results_page_links_every_draft(saved: tuple[TestClient, str]) -> None:
    client, case_id = saved
    page = client.get(f"/cases/{case_id}").text
    links = set(re.findall(rf'href="(/cases/{case_id}/(?:drafts|checklist)[^"?]*)', page))
    assert len(links) == 4 * 3 + 2  # four drafts as html, docx, pdf; the checklist as html and ics
    assert "書類の下書き" in page
    for link in sorted(links - {u for u in links if u.endswith(".pdf")}):
        assert client.get(link).status_code == 200, link


def test_the_docx_and_the_calendar_carry_the_figures(saved: tuple[TestClient, str]) -> None:
    docx = pytest.importorskip("docx")
    icalendar = pytest.importorskip("icalendar")
    client, case_id = saved
    r = client.get(f"/cases/{case_id}/drafts/budget.docx")
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    doc = docx.Document(io.BytesIO(r.content))
    assert "-25,000円" in [c.text for t in doc.tables for row in t.rows for c in row.cells]
    cal = icalendar.Calendar.from_ical(client.get(f"/cases/{case_id}/checklist.ics").content)
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    assert starts[f"{case_id}-deadline-auction_filing@zansai"] == date(2027, 3, 27)


def test_an_unknown_kind_or_format_is_not_found(saved: tuple[TestClient, str]) -> None:
    client, case_id = saved
    assert client.get(f"/cases/{case_id}/drafts/letter.html").status_code == 404
    assert client.get(f"/cases/{case_id}/drafts/budget.odt").status_code == 404
    assert client.get(f"/cases/{case_id}/checklist.csv").status_code == 404


def test_the_api_gives_the_draft_and_the_checklist_as_json(saved: tuple[TestClient, str]) -> None:
    client, case_id = saved
    d = client.get(f"/api/v1/cases/{case_id}/drafts/short-sale-request").json()
    assert d["figures"] == {"price": 19_000_000, "distribution_sum": 19_000_000, "remaining_debt": 7_395_521}
    assert "法的な代理・助言ではありません" in d["mark"]
    blanks = [f["label"] for b in d["blocks"] if b["type"] == "fields"
              for f in b["items"] if f["value"] is None]
    assert "返済が難しくなった理由" in blanks
    items = client.get(f"/api/v1/cases/{case_id}/checklist").json()["items"]
    assert {"key": "deadline-auction_filing", "due": "2027-03-27"}.items() <= next(
        i for i in items if i["key"] == "deadline-auction_filing").items()
    assert client.get(f"/api/v1/cases/{case_id}/drafts/letter").status_code == 422
    assert client.get("/api/v1/cases/0000/checklist").status_code == 404
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/cases/{case_id}/drafts/{kind}", "/api/v1/cases/{case_id}/checklist"} <= set(paths)


def test_the_page_offers_only_the_drafts_a_case_can_have(tmp_path: Path) -> None:
    """seed2-divorce-underloan: the sale repays the loan, so neither a request to the lender nor
    an instalment proposal is offered; the budget and the asset list are."""
    app: Any = create_app(Settings(db_path=tmp_path / "cases.sqlite3"))
    path = SEED1.parent / "seed2-divorce-underloan.toml"
    record = app.state.store.create("u", json.loads(json.dumps(tomllib.loads(path.read_text("utf-8")),
                                                               default=str)))
    page = TestClient(app, base_url="http://127.0.0.1").get(f"/cases/{record.id}").text
    kinds = set(re.findall(rf"/cases/{record.id}/drafts/([a-z-]+)\.html", page))
    assert kinds == {"budget", "asset-list"}


@pytest.mark.slow
def test_the_pdf_draft_is_a4_with_the_mark_and_the_figures(saved: tuple[TestClient, str], chromium: str,
                                                           poppler: None, tmp_path: Path) -> None:
    client, case_id = saved
    r = client.get(f"/cases/{case_id}/drafts/short-sale-request.pdf")
    assert r.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "request.pdf"
    pdf.write_bytes(r.content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:.*\(A4\)", info), info
    assert "下書き" in info  # the title of the PDF says it is a draft
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    assert text.count("法的な代理・助言ではありません") >= 2
    for figure in ("19,000,000円", "18,295,000円", "7,395,521円"):
        assert figure in text
