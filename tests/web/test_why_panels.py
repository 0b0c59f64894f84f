"""The results page keeps each "why?" panel's expert layer out of the page and serves it when the
reader opens it (GET /cases/<id>/why/<panel>); the printable report keeps every layer inline.

Seed 1's short sale: the panel's steps include its price rule (market.short_sale_price_ratio,
95% of the central appraisal: 19,000,000円, examples/seed1-short-sale.toml).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.case import parse_case_data
from zansai.web.app import guarded
from zansai.web.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    app = guarded(Settings(db_path=tmp_path_factory.mktemp("why") / "cases.sqlite3"))
    with TestClient(app, base_url="http://127.0.0.1", follow_redirects=False) as client:
        data = parse_case_data(tomllib.loads(EXAMPLE.read_text(encoding="utf-8")))
        record = app.app.state.store.create("seed 1", data.model_dump(mode="json", exclude_unset=True))
        yield client, f"/cases/{record.id}"


def test_the_page_leaves_the_steps_out_and_says_where_they_are(site: Any) -> None:
    client, base = site
    page = client.get(base).text
    assert 'class="step"' not in page
    assert f'data-src="{base}/why/exit-short_sale?lang=ja"' in page
    assert f'href="{base}/report?lang=ja#why-exit-short_sale"' in page  # without JavaScript


def test_a_panel_is_served_with_its_steps_rules_and_sources(site: Any) -> None:
    client, base = site
    ja = client.get(f"{base}/why/exit-short_sale", params={"lang": "ja"})
    assert ja.status_code == 200
    assert 'data-step="short_sale"' in ja.text
    assert "market.short_sale_price_ratio" in ja.text
    assert "19,000,000" in ja.text
    en = client.get(f"{base}/why/exit-short_sale", params={"lang": "en"}).text
    assert re.search(r"<h4>[A-Za-z]", en)  # the step's English name on an English request


@pytest.mark.parametrize("panel", ["exit-nothing", "route-", "nonsense", "exit-short_sale/../x"])
def test_an_unknown_panel_is_not_found(site: Any, panel: str) -> None:
    client, base = site
    assert client.get(f"{base}/why/{panel}").status_code == 404


def test_the_report_keeps_every_layer_inline(site: Any) -> None:
    client, base = site
    report = client.get(f"{base}/report").text
    assert 'data-step="short_sale"' in report
    assert "data-src=" not in report


def test_the_table_of_rules_used_is_served_when_opened(site: Any) -> None:
    client, base = site
    page = client.get(base).text
    assert 'id="rule-market.short_sale_price_ratio"' not in page
    assert f'data-src="{base}/why/rules-used?lang=ja"' in page
    table = client.get(f"{base}/why/rules-used", params={"lang": "en"})
    assert table.status_code == 200
    assert 'id="rule-market.short_sale_price_ratio"' in table.text
    assert "<th>Rule</th>" in table.text
