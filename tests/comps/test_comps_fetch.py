"""``zansai comps fetch``: XIT001 answers (tests/fixtures/mlit/, the documented shape:
docs/sources/mlit-reinfolib-api.md §3) parsed strictly and stored in one transaction, one import
per quarter and price class, idempotent; the API's credit line (docs/sources/mlit-comps.md §5)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner, Result

from zansai.cli import app, main
from zansai.comps.app_db import open_comps
from zansai.comps.client import ReinfolibError
from zansai.comps.query import Criteria, select
from zansai.errors import InputError

MLIT = Path(__file__).resolve().parents[1] / "fixtures" / "mlit"
KEY = "0123456789abcdefSECRETKEY9876"
API_LINE = "このサービスは、国土交通省の不動産情報ライブラリのAPI機能を使用していますが"
Q1 = json.loads((MLIT / "xit001-13113-2024q1.json").read_bytes())


def answer(doc: dict[str, object] | None) -> httpx2.Response:
    if doc is None:
        return httpx2.Response(404)
    return httpx2.Response(200, json=doc)


class Service:
    """Answers each quarter from ``by_quarter`` (a missing quarter: 404, no data)."""

    def __init__(self, by_quarter: dict[str, dict[str, object]], fail: Exception | None = None) -> None:
        self.by_quarter, self.fail = by_quarter, fail
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if self.fail is not None:
            raise self.fail
        p = request.url.params
        doc = self.by_quarter.get(f"{p['year']}Q{p['quarter']}")
        wanted = {"01": "不動産取引価格情報", "02": "成約価格情報"}.get(p.get("priceClassification", ""))
        if doc is not None and wanted is not None:  # the service answers the class asked for
            doc = {**doc, "data": [r for r in doc["data"] if r["PriceCategory"] == wanted]}  # type: ignore[attr-defined]
        return answer(doc)


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZANSAI_SETTINGS", str(tmp_path / "none.toml"))
    monkeypatch.delenv("REINFOLIB_API_KEY", raising=False)
    monkeypatch.setenv("ZANSAI_REINFOLIB_KEY", KEY)


def fetch(service: Service, db: Path, *args: str) -> Result:
    return CliRunner().invoke(
        app, ["comps", "fetch", "--city", "13113", "--db", str(db), *args],
        obj={"reinfolib_transport": httpx2.MockTransport(service), "sleep": lambda s: None},
    )


def counts(db: Path) -> tuple[int, int, list[tuple[str, int, str]]]:
    with sqlite3.connect(db) as conn:
        imports = conn.execute("SELECT file_name, rows, source FROM comps_imports ORDER BY id").fetchall()
        return (conn.execute("SELECT count(*) FROM comps").fetchone()[0], len(imports), imports)


@pytest.mark.usefixtures("keyed")
def test_a_span_is_fetched_quarter_by_quarter_and_stored_per_quarter(tmp_path: Path) -> None:
    service = Service({"2024Q1": Q1})
    result = fetch(service, tmp_path / "db.sqlite3", "--from", "2023Q4", "--to", "2024Q2", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert [dict(r.url.params)["quarter"] for r in service.requests] == ["4", "1", "2"]
    assert (out["requests"], out["rows"], out["added"], out["unchanged"]) == (3, 4, 2, 0)
    assert out["credit"][-1]["ja"].startswith(API_LINE)
    assert KEY not in result.output
    assert counts(tmp_path / "db.sqlite3") == (4, 2, [  # three 取引価格 and one 成約価格
        ("XIT001 13113 2024Q1 transaction", 3, "api"), ("XIT001 13113 2024Q1 contract", 1, "api")])
    with open_comps(tmp_path / "db.sqlite3") as s:
        found = select(s, Criteria(city="13113"))
        assert "api" in s.sources()
    assert sorted(c.trade_price for c in found.comparables) == sorted(
        int(r["TradePrice"]) for r in Q1["data"])  # type: ignore[index]
    assert found.comparables[0].district is not None


@pytest.mark.usefixtures("keyed")
def test_fetching_again_changes_nothing_and_a_revised_quarter_is_replaced(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    assert fetch(Service({"2024Q1": Q1}), db, "--from", "2024Q1", "--to", "2024Q1").exit_code == 0
    before = counts(db)
    again = fetch(Service({"2024Q1": Q1}), db, "--from", "2023Q4", "--to", "2024Q1", "--json")
    assert json.loads(again.output)["unchanged"] == 2
    assert counts(db) == before
    revised = json.loads(json.dumps(Q1))
    revised["data"] = revised["data"][1:]  # MLIT withdrew a 取引価格 record
    out = json.loads(fetch(Service({"2024Q1": revised}), db, "--from", "2024Q1", "--to", "2024Q1",
                           "--json").output)
    assert (out["replaced"], out["unchanged"], out["rows"]) == (1, 1, 3)
    assert counts(db)[:2] == (3, 2)
    only = json.loads(fetch(Service({"2024Q1": revised}), db, "--from", "2024Q1", "--to", "2024Q1",
                            "--price-class", "contract", "--json").output)
    assert (only["unchanged"], only["rows"]) == (1, 1)  # the same quarter and class: not twice
    gone = json.loads(fetch(Service({}), db, "--from", "2024Q1", "--to", "2024Q1", "--json").output)
    assert gone["removed"] == 2
    assert counts(db)[:2] == (0, 0)


@pytest.mark.usefixtures("keyed")
def test_the_terminal_shows_the_counts_and_the_api_credit_line(tmp_path: Path) -> None:
    result = fetch(Service({"2024Q1": Q1}), tmp_path / "db.sqlite3", "--from", "2024Q1", "--to", "2024Q1")
    assert result.exit_code == 0
    assert "13113 の 2024Q1〜2024Q1 の取引事例 4件を取得しました" in result.output
    assert "fetched 4 comparable sales of 13113" in result.output
    assert API_LINE in result.output


@pytest.mark.usefixtures("keyed")
@pytest.mark.parametrize("fail", [httpx2.ConnectError("down"), httpx2.ReadTimeout("slow")])
def test_a_network_failure_writes_nothing(tmp_path: Path, fail: Exception) -> None:
    db = tmp_path / "db.sqlite3"
    fetch(Service({"2024Q1": Q1}), db, "--from", "2024Q1", "--to", "2024Q1")
    before = counts(db)
    result = fetch(Service({}, fail=fail), db, "--from", "2024Q1", "--to", "2024Q2")
    assert isinstance(result.exception, ReinfolibError)  # the shell prints it as one line, exit 1
    assert "4回試みました" in result.exception.message_ja
    assert counts(db) == before


@pytest.mark.usefixtures("keyed")
def test_a_record_the_parsers_refuse_is_the_services_fault_and_writes_nothing(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(Q1))
    bad["data"][2]["Area"] = "65平米"
    result = fetch(Service({"2024Q1": bad}), tmp_path / "db.sqlite3", "--from", "2024Q1", "--to", "2024Q1")
    assert isinstance(result.exception, ReinfolibError)
    assert "面積（㎡）" in result.exception.message_ja
    assert "65平米" in result.exception.message_en
    assert counts(tmp_path / "db.sqlite3")[:2] == (0, 0)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_no_key_is_exit_2_with_one_bilingual_line_saying_how_to_set_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZANSAI_SETTINGS", str(tmp_path / "none.toml"))
    for name in ("ZANSAI_REINFOLIB_KEY", "REINFOLIB_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    db = tmp_path / "db.sqlite3"
    code, out, err = run(["comps", "fetch", "--city", "13113", "--from", "2024Q1", "--to", "2024Q1",
                          "--db", str(db)], capsys)
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert "環境変数 ZANSAI_REINFOLIB_KEY か設定ファイルの [mlit] api_key" in err
    assert "set ZANSAI_REINFOLIB_KEY or [mlit] api_key in the settings file" in err
    assert not db.exists()


@pytest.mark.parametrize(("args", "field"), [
    (["--city", "1311", "--from", "2024Q1", "--to", "2024Q1"], "--city"),
    (["--city", "13113", "--from", "2024-1", "--to", "2024Q1"], "from"),
    (["--city", "13113", "--from", "2024Q2", "--to", "2024Q1"], "to"),
    (["--city", "13113", "--from", "2024Q1", "--to", "2024Q1", "--price-class", "sold"], "--price-class"),
])
def test_bad_options_are_refused_before_any_request(
    args: list[str], field: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZANSAI_REINFOLIB_KEY", KEY)
    service = Service({"2024Q1": Q1})
    result = CliRunner().invoke(app, ["comps", "fetch", *args, "--db", str(tmp_path / "d")],
                                obj={"reinfolib_transport": httpx2.MockTransport(service)})
    assert isinstance(result.exception, InputError)
    assert result.exception.field == field
    assert service.requests == []

