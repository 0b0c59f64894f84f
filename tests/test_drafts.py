"""The drafts (下書き): each figure is the plan's, each is marked as a draft and as no legal advice,
the DOCX reads back, nothing internal leaks, and a bad option is refused with nothing written.

The household is the short-sale example (docs/sources/seed1-short-sale.md §3, §7, §8): a price of
1,900万円 distributed in full, 7,395,521円 left owing, and a monthly margin of
240,000 − 180,000 − 85,000 = −25,000円 (so no instalment amount can be filled in).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.test_leaks import leaks

from zansai.case import build_case, read_case_file
from zansai.engine.plan import Plan, plan
from zansai.report.drafts import KINDS, build
from zansai.report.drafts.model import Draft, Fields, Paragraph, Table
from zansai.report.drafts.render import to_docx, to_html
from zansai.report.result_json import result_to_dict

ROOT = Path(__file__).resolve().parents[1]
SEED1 = ROOT / "examples" / "seed1-short-sale.toml"
FEASIBLE = ROOT / "examples" / "keep-home-rehabilitation.toml"
MARK_JA = ("下書き", "法的な代理・助言ではありません")


def _plan(path: Path) -> Plan:
    case, book = build_case(read_case_file(str(path)))
    return plan(case, book)


@pytest.fixture(scope="module")
def seed1() -> tuple[Plan, dict[str, Any]]:
    p = _plan(SEED1)
    return p, result_to_dict(p, rules_fingerprint=p.rules_fingerprint)


def _text(d: Draft) -> str:
    out = [d.title, d.mark]
    for b in d.blocks:
        if isinstance(b, Fields):
            out += [f"{f.label} {f.value or ''}" for f in b.items]
        elif isinstance(b, Table):
            out += [" ".join(r) for r in (b.head, *b.rows, *([b.total] if b.total else []))]
        else:
            out.append(b.text)
    return "\n".join(out)


def test_the_short_sale_request_distributes_the_plans_price(seed1: tuple[Plan, dict[str, Any]]) -> None:
    p, data = seed1
    d = build(p, "short-sale-request", "ja")
    short = next(e for e in data["exits"] if e["key"] == "short_sale")
    assert d.figures == {"price": 19_000_000, "distribution_sum": 19_000_000, "remaining_debt": 7_395_521}
    assert d.figures["distribution_sum"] == short["distribution"]["paid_total"] == short["price"]
    assert d.figures["remaining_debt"] == short["remaining_debt"]
    text = _text(d)
    for shown in ("19,000,000円", "18,295,000円", "7,395,521円", "さくら銀行 御中", "さくら信用保証 御中",
                  "任意売却のお願い"):
        assert shown in text
    reason = next(f for b in d.blocks if isinstance(b, Fields) for f in b.items if "理由" in f.label)
    assert reason.value is None
    assert reason.lines > 1


def test_the_budget_surplus_is_the_routes_capacity(seed1: tuple[Plan, dict[str, Any]]) -> None:
    p, data = seed1
    d = build(p, "budget", "ja")
    assert d.figures["surplus"] == data["residual_routes"]["capacity"] == 240_000 - 180_000 - 85_000
    assert d.figures["after_debts"] == -25_000 - 20_000  # the card loan's 20,000円 a month
    assert "-25,000円" in _text(d)
    assert any(isinstance(b, Paragraph) and "赤字" in b.text for b in d.blocks)


def test_the_proposal_leaves_the_monthly_amount_blank_without_a_margin(
        seed1: tuple[Plan, dict[str, Any]]) -> None:
    p, data = seed1
    d = build(p, "instalment-proposal", "ja")
    home = next(x for x in data["residual_routes"]["debts"] if x["from_home"])
    total = data["residual_routes"]["total_debt"]
    assert d.figures == {"remaining_debt": home["amount"], "total_debt": total}
    assert d.figures["remaining_debt"] == 7_395_521
    assert d.figures["total_debt"] == 8_195_521
    monthly = next(f for b in d.blocks if isinstance(b, Fields) for f in b.items
                   if f.label.startswith("毎月"))
    assert monthly.value is None


def test_the_proposal_takes_the_negotiated_routes_terms() -> None:
    p = _plan(FEASIBLE)
    data = result_to_dict(p, rules_fingerprint=p.rules_fingerprint)
    route = next(r for r in data["residual_routes"]["routes"] if r["key"] == "negotiated")
    d = build(p, "instalment-proposal", "ja")
    assert route["feasible"]
    assert d.figures["monthly"] == route["monthly"] == 120_000
    assert d.figures["months"] == route["months"] == 68
    text = _text(d)
    assert "120,000円" in text
    assert "68回" in text
    assert "2027年4月30日" in text


def test_the_asset_list_counts_the_home_and_the_debt_left(seed1: tuple[Plan, dict[str, Any]]) -> None:
    p, data = seed1
    d = build(p, "asset-list", "ja")
    assert d.figures["total_assets"] == 300_000 + data["position"]["market_value"] == 20_300_000
    assert d.figures["remaining_debt"] == 7_395_521
    assert d.figures["total_debt"] == data["residual_routes"]["total_debt"]
    text = _text(d)
    assert "25,690,521円" in text  # the housing loan's claim on the settlement date
    assert "自動車" in text
    assert "退職金（見込額）" in text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_draft_is_marked_and_leaks_nothing(seed1: tuple[Plan, dict[str, Any]], kind: str,
                                                 lang: str) -> None:
    d = build(seed1[0], kind, lang)
    html = to_html(d)
    for mark in MARK_JA:  # both languages carry the Japanese mark
        assert html.count(mark) >= 2, (kind, lang, mark)  # at the top and the bottom
    body = html[html.index("<body>"):]
    assert body.index(d.mark) < body.index(d.title) < body.rindex(d.mark)
    assert not leaks(_text(d)), leaks(_text(d))


@pytest.mark.parametrize("kind", KINDS)
def test_the_docx_reads_back_with_the_mark_and_the_figures(seed1: tuple[Plan, dict[str, Any]],
                                                           kind: str) -> None:
    docx = pytest.importorskip("docx")
    d = build(seed1[0], kind, "ja")
    doc = docx.Document(io.BytesIO(to_docx(d)))
    body = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert body[0] == d.mark
    assert body[-1] == d.mark
    assert doc.sections[0].header.paragraphs[0].text == d.mark
    assert all(m in d.mark for m in MARK_JA)
    for amount in d.figures.values():
        assert f"{amount:,}円" in "\n".join(body + cells), (kind, amount)
    assert round(doc.sections[0].page_width.mm) == 210  # A4


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zansai", *args], capture_output=True, text=True,
                          cwd=ROOT, check=False)


@pytest.mark.parametrize(("args", "field"), [
    (["--kind", "letter"], "--kind"),
    (["--kind", "budget", "--format", "odt"], "--format"),
    (["--kind", "budget", "--lang", "fr"], "--lang"),
    (["--kind", "budget", "--format", "docx"], "-o"),
])
def test_bad_options_are_refused_and_nothing_is_written(tmp_path: Path, args: list[str], field: str) -> None:
    out = tmp_path / "d.out"
    extra = [] if "docx" in args else ["-o", str(out)]
    r = _cli("draft", str(SEED1), *args, *extra)
    assert r.returncode == 2
    assert field in r.stderr
    assert "エラー" in r.stderr
    assert "error" in r.stderr
    assert r.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_case_with_nothing_left_owing_has_no_proposal(tmp_path: Path) -> None:
    r = _cli("draft", str(ROOT / "examples" / "seed2-divorce-underloan.toml"), "--kind",
             "instalment-proposal")
    assert r.returncode == 2
    assert "--kind" in r.stderr


def test_the_cli_writes_the_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    out = tmp_path / "budget.docx"
    r = _cli("draft", str(SEED1), "--kind", "budget", "--format", "docx", "-o", str(out))
    assert r.returncode == 0, r.stderr
    cells = [c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells]
    plan_json = json.loads(_cli("plan", str(SEED1), "--json").stdout)
    assert f"{plan_json['residual_routes']['capacity']:,}円" in cells


def test_a_sale_that_repays_everyone_needs_no_request() -> None:
    """seed2-divorce-underloan: the sale repays the loan, so no lender must consent to a shortfall."""
    r = _cli("draft", str(ROOT / "examples" / "seed2-divorce-underloan.toml"), "--kind", "short-sale-request")
    assert r.returncode == 2
    assert "--kind" in r.stderr


def test_the_proposal_says_what_interest_it_assumes(tmp_path: Path) -> None:
    """A negotiated rate of 2% (将来利息; 0 under the 統一基準, docs/sources/law-debt-divorce.md §3.2)
    is said in the proposal; without it the debtor asks for no future interest."""
    text = FEASIBLE.read_text("utf-8")
    assert "negotiated_rate" not in text
    with_rate = tmp_path / "rate.toml"
    assert "[residual]" in text
    with_rate.write_text(text.replace("[residual]", "[residual]\nnegotiated_rate = 2", 1), "utf-8")
    plain = _text(build(_plan(FEASIBLE), "instalment-proposal", "ja"))
    rated = _text(build(_plan(with_rate), "instalment-proposal", "ja"))
    assert "将来の利息は付さない" in plain
    assert "年2%の利息を含めて" in rated
    assert "将来の利息は付さない" not in rated
