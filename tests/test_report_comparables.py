"""The valuation's comparables basis on the results page and in the printable report.

The case and the sales are those of tests/test_valuation_comps.py: the condo example moved to 月島,
中央区 (60 m²) on 2025-03-01, and the download fixture's three 中央区 condominiums
(docs/sources/mlit-comps.md §1): P25 / P50 / P75 × 60 m² = 57,108,354円 / 63,319,378円 /
63,820,090円, confidence low, each time-adjusted with the revised 東京都 series
(docs/sources/mlit-price-index.md §2.3; the arithmetic is in tests/test_valuation_comps.py).
MLIT's credit line: docs/sources/mlit-comps.md §5.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.comps_case import comps_db, located_condo_text

from zansai.case import build_case, read_case_file
from zansai.comps.for_case import with_comparables
from zansai.engine.plan import Plan, plan
from zansai.report.html import report_html, result_fragment

CREDIT_JA = "出典：国土交通省 不動産情報ライブラリ（https://www.reinfolib.mlit.go.jp/）"
CREDIT_EN = "Source: "


_case_text = located_condo_text


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return comps_db(tmp_path / "cases.sqlite3")


def _plan(tmp_path: Path, db: Path | None, with_value: bool = True) -> Plan:
    path = tmp_path / "case.toml"
    path.write_text(_case_text(with_value), encoding="utf-8")
    case, book = build_case(read_case_file(path))
    if db is not None:
        case = with_comparables(case, book, db)
    return plan(case, book)


def _section(html: str) -> str:
    m = re.search(r'<section id="comparables".*?</section>', html, flags=re.S)
    assert m, "no comparables section"
    return m.group(0)


def test_the_results_show_the_range_the_count_the_sales_and_the_credit_ja(db: Path, tmp_path: Path) -> None:
    p = _plan(tmp_path, db)
    assert p.valuation.comparables is not None
    s = _section(result_fragment(p, "ja"))
    assert ('<span data-yen="57108354">57,108,354円</span> – '
            '<span data-yen="63820090">63,820,090円</span>') in s
    assert '<dd data-yen="63319378">63,319,378円</dd>' in s
    assert "3件（条件に合った3件のうち）" in s
    assert '<dd class="comps-confidence">低</dd>' in s
    # the sales used, newest first: 月島 45.5 m² 46,000,000円 in 2024Q4 → 1,010,989円/m²
    assert s.count("<tr") == 4  # the header and the three sales
    assert "2024年第4四半期 · 月島</th>" in s
    assert '<td data-label="㎡単価" data-yen="1010989">1,010,989円' in s
    assert '<td data-label="時点修正後" data-yen="1072013">' in s  # × 13509/12740
    assert "指数がなく時点修正なし（不明）" not in s
    assert CREDIT_JA in s
    assert "入力した価格はそのまま使っています" in s  # beside the market value entered
    assert p.valuation.central == 20_000_000


def test_the_report_in_english_has_the_section_and_the_credit(db: Path, tmp_path: Path) -> None:
    html = report_html(_plan(tmp_path, db), "en")
    s = _section(html)
    assert "¥57,108,354</span> – <span" in s
    assert "¥63,820,090" in s
    assert "3 (of 3 that matched)" in s
    assert "2024 Q4 · 月島</th>" in s
    assert "no index: not adjusted (unknown)" not in s
    assert CREDIT_EN in s
    assert "reinfolib.mlit.go.jp" in s


def test_without_a_value_the_median_is_the_market_value_and_says_so(db: Path, tmp_path: Path) -> None:
    p = _plan(tmp_path, db, with_value=False)
    assert (p.valuation.basis, p.valuation.central) == ("comparables", 63_319_378)
    s = _section(result_fragment(p, "ja"))
    assert "この中央値を今の相場として使っています" in s


def test_at_most_five_sales_are_listed(db: Path, tmp_path: Path) -> None:
    from dataclasses import replace

    p = _plan(tmp_path, db)
    found = p.valuation.comparables
    assert found is not None
    many = replace(found, basis=replace(found.basis, used=found.basis.used * 3))  # 9 sales
    p9 = replace(p, valuation=replace(p.valuation, comparables=many))
    s = _section(result_fragment(p9, "en"))
    assert s.count("<tr") == 6  # the header and five
    assert "Sales used (5 of 9)" in s


def test_a_plan_without_comparables_has_no_section(tmp_path: Path) -> None:
    p = _plan(tmp_path, None)
    assert p.valuation.comparables is None
    html = report_html(p, "ja")
    assert 'id="comparables"' not in html
    assert "不動産情報ライブラリ" not in html


def test_too_few_sales_give_no_range_and_say_how_many(db: Path, tmp_path: Path) -> None:
    from dataclasses import replace

    p = _plan(tmp_path, db)
    found = p.valuation.comparables
    assert found is not None
    few = replace(found, basis=replace(found.basis, low=None, central=None, high=None,
                                       used=found.basis.used[:2]))
    s = _section(result_fragment(replace(p, valuation=replace(p.valuation, comparables=few)), "ja"))
    assert "条件に合う取引事例が2件しかなく、価格帯は出せません" in s
    assert 'class="keep-plan comps-range"' not in s
    assert CREDIT_JA in s
