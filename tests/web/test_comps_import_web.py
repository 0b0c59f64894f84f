"""``POST /comps/import``: an adviser uploads a downloaded MLIT CSV on the comparable sales page.

The files are the comparables fixtures in MLIT's download format (docs/sources/mlit-comps.md §1):
places-cp932.csv (5 rows, cp932 as downloaded), wrong-header.csv (the older column 取引時点) and
bad-row.csv (「65平米」 in 面積（㎡） on row 6). The import is ``zansai comps import``'s: all rows or
nothing. After it, the quick check's 「わからない」 for 中央区 (13102) is priced from the sales at
53,250,000円〜59,579,670円 (tests/web/test_quick_comps.py gives the arithmetic), where the same
answer before the import was the grid of prices: the plan cache forgot what it had kept.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.test_quick_comps import LOCATED, _recent_csv, _rows
from tests.web.test_quick_page import csrf_of

from zansai.comps.app_db import open_comps
from zansai.web.app import create_app, guarded
from zansai.web.security import Guard
from zansai.web.settings import Settings

COMPS = Path(__file__).resolve().parents[1] / "fixtures" / "comps"
CREDIT = "出典：国土交通省 不動産情報ライブラリ（https://www.reinfolib.mlit.go.jp/）"


@pytest.fixture
def client(tmp_path: Path) -> Any:
    db = tmp_path / "cases.sqlite3"
    c = TestClient(guarded(Settings(db_path=db)), base_url="http://127.0.0.1", follow_redirects=False)
    c.get("/comps")
    return c, db, tmp_path


def _upload(c: TestClient, path: Path, lang: str = "ja", **headers: str) -> Any:
    return c.post("/comps/import", params={"lang": lang}, data={"csrf_token": csrf_of(c)},
                  files={"file": (path.name, path.read_bytes(), "text/csv")}, headers=headers)


def _count(db: Path) -> int:
    with open_comps(db) as store:
        return store.count()


def test_a_downloaded_csv_is_imported_with_the_credit_line(client: Any) -> None:
    c, db, _ = client
    page = _upload(c, COMPS / "places-cp932.csv")
    assert page.status_code == 200
    assert "places-cp932.csv の 5 件を取り込みました。" in page.text
    credit = page.text.split('id="ci-credit"', 1)[1]
    assert CREDIT in credit
    assert _count(db) == 5
    listed = c.get("/comps", params={"city": "01101"}).text
    assert listed.count("札幌市中央区") >= 2
    assert "28,000,000" in listed
    again = _upload(c, COMPS / "places-cp932.csv", lang="en")
    assert "places-cp932.csv was already imported on" in again.text
    assert "(5 rows)" in again.text
    assert _count(db) == 5


@pytest.mark.parametrize(("name", "ja", "en"), [
    ("wrong-header.csv", "列「取引時点」は不動産情報ライブラリのダウンロード CSV にない列です",
     "column 「取引時点」 is not a column of MLIT's download CSV"),
    ("bad-row.csv", "6行目の「面積（㎡）」", "row 6, column 「面積（㎡）」: 「65平米」 cannot be read"),
])
def test_a_bad_file_is_refused_naming_the_column_and_nothing_is_written(client: Any, name: str, ja: str,
                                                                        en: str) -> None:
    c, db, _ = client
    for lang, said in (("ja", ja), ("en", en)):
        page = _upload(c, COMPS / name, lang=lang)
        assert page.status_code == 422
        error = page.text.split('id="ci-error"', 1)[1].split("</div>", 1)[0]
        assert said in html.unescape(error)
        assert "何も書き込んでいません" in error or "nothing was written" in error
    assert _count(db) == 0
    with open_comps(db) as store:
        assert store.imports() == []


def test_the_import_makes_the_quick_check_use_the_new_sales(client: Any) -> None:
    c, _, tmp = client
    before = c.post("/quick/answer", data={**LOCATED, "csrf_token": csrf_of(c)}).text
    assert _rows(before) != [53_250_000, 58_500_000, 59_579_670]
    assert _upload(c, _recent_csv(tmp)).status_code == 200
    after = c.post("/quick/answer", data={**LOCATED, "csrf_token": csrf_of(c)}).text
    assert _rows(after) == [53_250_000, 58_500_000, 59_579_670]


def test_no_file_is_a_bilingual_error(client: Any) -> None:
    c, db, _ = client
    page = c.post("/comps/import", params={"lang": "en"}, data={"csrf_token": csrf_of(c)})
    assert page.status_code == 422
    assert "choose a CSV file" in page.text
    assert _count(db) == 0


def test_another_sites_page_cannot_import(client: Any) -> None:
    c, db, _ = client
    page = _upload(c, COMPS / "places-cp932.csv", origin="http://evil.example")
    assert page.status_code == 403
    bare = c.post("/comps/import", files={"file": ("x.csv", b"a", "text/csv")})
    assert bare.status_code == 403  # no CSRF token
    assert _count(db) == 0


def test_the_upload_limit_is_the_import_forms_own(tmp_path: Path) -> None:
    db = tmp_path / "cases.sqlite3"
    settings = Settings(db_path=db)
    small = Guard(create_app(settings), max_body_bytes=1_000, token=None, upload_bytes=4_000)
    c = TestClient(small, base_url="http://127.0.0.1", follow_redirects=False)
    c.get("/comps")
    token = re.findall(r'name="csrf_token" value="([0-9a-f]{64})"', c.get("/comps").text)[0]
    size = (COMPS / "places-cp932.csv").stat().st_size
    assert 1_000 < size < 4_000
    ok = c.post("/comps/import", data={"csrf_token": token},
                files={"file": ("p.csv", (COMPS / "places-cp932.csv").read_bytes(), "text/csv")})
    assert ok.status_code == 200  # above the forms' 1 kB, within the upload's 4 kB
    big = c.post("/comps/import", data={"csrf_token": token},
                 files={"file": ("big.csv", b"x" * 5_000, "text/csv")})
    assert big.status_code == 413
    assert c.post("/cases", data={"csrf_token": token, "title": "x" * 2_000}).status_code == 413
    assert _count(db) == 5


def test_the_comps_page_finds_a_municipality_by_name(client: Any) -> None:
    c, _, _ = client
    _upload(c, COMPS / "places-cp932.csv")
    found = c.get("/comps", params={"city": "函館市"})
    assert found.status_code == 200
    assert "15,000,000" in found.text
    assert '<option value="函館市（01202）">' in found.text
    assert c.get("/comps", params={"city": "富良野市"}).status_code == 200  # 総務省's list: 01229
    unknown = c.get("/comps", params={"city": "富良野区", "lang": "en"})
    assert unknown.status_code == 422
    assert "no municipality named 「富良野区」 is known" in html.unescape(unknown.text)
