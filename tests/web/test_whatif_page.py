"""The what-if page and its grid fragment (issue 18 §2): a saved case's grid at the form's prices,
the break-evens in words, mistakes named beside the form, the section on the results page.

Figures: examples/seed1-short-sale.toml (記事1, docs/sources/seed1-short-sale.md), worked by hand
in tests/test_whatif.py."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.web.test_api import SEED1, example

from zansai.web.app import guarded
from zansai.web.settings import Settings


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, str]:
    app = guarded(Settings(db_path=tmp_path_factory.mktemp("whatif-page") / "cases.sqlite3"))
    client = TestClient(app, base_url="http://127.0.0.1")
    r = client.post("/api/v1/cases", json={"title": "seed1", "case": example(SEED1)})
    assert r.status_code == 201
    return client, r.json()["id"]


def test_page_shows_the_grid_and_the_break_evens(saved: tuple[TestClient, str]) -> None:
    client, case_id = saved
    r = client.get(f"/cases/{case_id}/whatif")
    assert r.status_code == 200
    html = r.text
    assert len(re.findall(r"<tr><th scope=\"row\">", html)) == 10
    # the case's own cell: 2,000万 on 2027-03-31, normal sale short by 6,645,021円
    here = re.search(r'<td class="wi-here"[^>]*>(.*?)</td>', html, re.S)
    assert here is not None
    assert "6,645,021円" in here.group(1)
    assert "26,871,790円 以上" in html
    assert "17,588,996円 未満" in html
    assert "2027-09-19 まで" in html


def test_fragment_follows_the_form(saved: tuple[TestClient, str]) -> None:
    client, case_id = saved
    r = client.get(f"/cases/{case_id}/whatif/grid",
                   params={"start": "1600万", "stop": "2000万", "months": "2", "lang": "en"})
    assert r.status_code == 200
    assert r.text.count('<tr><th scope="row">') == 9
    assert r.text.count("<td") == 18
    assert "¥26,871,790 or more" in r.text
    bad = client.get(f"/cases/{case_id}/whatif/grid", params={"start": "abc"})
    assert 'role="alert"' in bad.text
    assert "start" in bad.text
    assert "<table" not in bad.text


def test_results_page_has_the_section(saved: tuple[TestClient, str]) -> None:
    client, case_id = saved
    html = client.get(f"/cases/{case_id}").text
    assert f'data-grid="/cases/{case_id}/whatif/grid"' in html
    assert "/static/whatif.js" in html
    assert client.get("/static/whatif.js").status_code == 200


def test_lender_chart_marks_the_consent_price() -> None:
    """The chart's vertical mark sits where 17,588,996円 falls between the grid's 1,750万 and 2,200万."""
    from zansai.web.whatif_page import lender_chart

    w = {"prices": [17_500_000, 22_000_000], "dates": ["2027-03-31"],
         "cells": [[{"short_sale": {"first_lender_recovery": 16_844_500}}],
                   [{"short_sale": {"first_lender_recovery": 21_196_000}}]],
         "auction": {"discounted": {"2027-03-31": 16_930_559}},
         "break_evens": {"consent_price": {"price": 17_588_996}}}
    chart = lender_chart(w)
    assert chart is not None
    # 8 + 324 × (17,588,996 − 17,500,000) / 4,500,000 = 8 + 6.41 = 14.4
    assert chart["consent_x"] == 14.4
    assert chart["line"].startswith("8.0,")
    assert chart["line"].split()[-1].startswith("332.0,24.0")

