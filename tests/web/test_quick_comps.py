"""The quick check's 「わからない」 priced from comparable sales when the homeowner gives the
municipality (issue 20). The sales are the download fixture's 中央区 condominiums
(docs/sources/mlit-comps.md §1), their quarter moved to the last one so that they are recent
(the matching rule's 24 months, docs/sources/mlit-price-index.md §4): 45.5 m² 46,000,000円,
65 m² 52,000,000円 and 80 m² 78,000,000円, × 60 m²: P25 53,250,000円, median 58,500,000円,
P75 59,579,670円 (the arithmetic is in tests/test_valuation_comps.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.test_quick_page import SEED1, csrf_of

from zansai.comps.app_db import open_comps
from zansai.inputs import today_jst
from zansai.web.app import guarded
from zansai.web.settings import Settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "comps" / "tokyo-utf8-bom.csv"
LOCATED = {**SEED1, "value": "", "value_unknown": "1", "home_kind": "condo", "municipality": "13102",
           "floor_area": "60"}


def _recent_csv(tmp: Path) -> Path:
    t = today_jst()
    y, q = (t.year, (t.month - 1) // 3) if t.month > 3 else (t.year - 1, 4)
    text = FIXTURE.read_text("utf-8-sig")
    for old in ("2024年第4四半期", "2024年第3四半期"):
        text = text.replace(old, f"{y}年第{q}四半期")
    path = tmp / "recent.csv"
    path.write_text(text, "utf-8-sig")
    return path


@pytest.fixture
def client(tmp_path: Path) -> Any:
    db = tmp_path / "cases.sqlite3"
    c = TestClient(guarded(Settings(db_path=db)), base_url="http://127.0.0.1", follow_redirects=False)
    c.get("/")
    return c, db, tmp_path


def _rows(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'<th scope="row" data-yen="(\d+)">', html)]


def test_the_range_comes_from_the_comparables_and_says_so(client: Any) -> None:
    c, db, tmp = client
    with open_comps(db) as store:
        store.import_file(_recent_csv(tmp))
    html = c.post("/quick/answer", data={**LOCATED, "csrf_token": csrf_of(c)}).text
    assert _rows(html) == [53_250_000, 58_500_000, 59_579_670]
    assert "近くの取引事例 3 件から、価格を 53,250,000円〜59,579,670円（中央値 58,500,000円" in html
    assert "出典：国土交通省 不動産情報ライブラリ" in html


def test_without_data_it_is_the_grid_of_today(client: Any) -> None:
    c, _, _ = client
    token = csrf_of(c)
    plain = c.post("/quick/answer", data={**SEED1, "value": "", "value_unknown": "1", "csrf_token": token})
    located = c.post("/quick/answer", data={**LOCATED, "csrf_token": token})
    assert _rows(located.text) == _rows(plain.text)
    assert len(_rows(plain.text)) >= 5
    assert 'id="quick-comps"' not in located.text


def test_a_code_needs_the_floor_area_and_a_valid_code(client: Any) -> None:
    c, _, _ = client
    token = csrf_of(c)
    page = c.post("/", data={**LOCATED, "floor_area": "", "csrf_token": token}).text
    assert "床面積（㎡）も入力してください" in page
    page = c.post("/", data={**LOCATED, "municipality": "131017", "csrf_token": token}).text
    assert "検査数字" in page
    home = c.get("/").text
    assert 'id="q-municipality"' in home
    assert 'id="q-floor_area"' in home
