"""The client report (issue 18 §6): the inputs-and-assumptions page, the adviser block, numbered and
dated pages, tables kept whole, nothing interactive on paper.

Figures are the example case files' own inputs (examples/seed1-short-sale.toml, after
docs/sources/seed1-short-sale.md §1, and examples/keep-home-rehabilitation.toml) and the 配分表 the
engine computes for seed 1 (the 7,395,521円 left after the short sale, as tests/test_story.py has it).
The PDF tests print through Chromium and read the pages back with poppler (pdftotext, pdffonts).
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.shared_fixtures import artifacts, chromium, poppler  # noqa: F401 (fixtures)

from zansai.case import read_case_file
from zansai.cli import app
from zansai.report.adviser import Adviser, adviser_from
from zansai.report.html import STYLESHEET, css_string, report_html
from zansai.report.inputs import input_groups
from zansai.web.forms import FIELDS

ROOT = Path(__file__).resolve().parents[1]
SEED1 = str(ROOT / "examples" / "seed1-short-sale.toml")
KEEP = str(ROOT / "examples" / "keep-home-rehabilitation.toml")
ADVISER = ["--adviser-name", "山田 太郎", "--adviser-office", "山田司法書士事務所",
           "--adviser-contact", "03-1234-5678"]


def _rows(path: str, lang: str) -> dict[str, str]:
    return {r.label: r.value for g in input_groups(read_case_file(path), lang, FIELDS) for r in g.rows}


def test_inputs_list_the_market_value_and_the_principal_with_units() -> None:
    """keep-home-rehabilitation.toml gives market_value = "1800万" and principal = "2500万"."""
    ja, en = _rows(KEEP, "ja"), _rows(KEEP, "en")
    assert ja["時価（わかっている場合）"] == "18,000,000円"
    assert ja["借りた金額"] == "25,000,000円"
    assert ja["金利（年利）"] == "0.6%"
    assert ja["返済期間"] == "35年"
    assert en["Market value, if known"] == "¥18,000,000"
    assert en["Amount borrowed"] == "¥25,000,000"
    assert en["Term"] == "35 years"


def test_inputs_are_grouped_in_words_never_as_field_paths() -> None:
    groups = input_groups(read_case_file(SEED1), "ja", FIELDS)
    titles = [g.title for g in groups]
    assert titles[:4] == ["ご相談の内容", "家について", "いくらで売れそうか（査定）",
                          "住宅ローン 1 — 住宅ローン"]
    assert "関係する人 2 — 妻" in titles
    assert "家計" in titles
    rows = {r.label: r.value for g in groups for r in g.rows}
    assert rows["査定 1"] == "会社名: A不動産; 査定額: 19,000,000円"  # seed 1's three appraisals
    assert rows["買ったときの諸費用"] == "1,500,000円"
    assert rows["遅延損害金の利率 %"] == "14.0%"
    for g in groups:
        for r in g.rows:
            assert not re.search(r"[a-z_]+\.[a-z_]+|\[\d\]", r.label), r.label


def test_adviser_from_a_mapping() -> None:
    assert adviser_from(None) is None
    assert adviser_from({"name": "  ", "office": None}) is None
    given = {"name": " 山田\n太郎 ", "office": "事務所", "other": "x"}
    assert adviser_from(given) == Adviser("山田 太郎", "事務所", "")
    assert len(adviser_from({"contact": "x" * 500}).contact) == 200  # type: ignore[union-attr]


def test_css_string_cannot_close_the_style_element() -> None:
    assert css_string('a"b') == '"a\\22 b"'
    assert "</style>" not in css_string("</style><script>")
    assert "\n" not in css_string("a\nb")


def _report(path: str = SEED1, lang: str = "ja", *, adviser: Adviser | None = None) -> str:
    from zansai.cli.plan import _plan_with_inputs

    plan, cf = _plan_with_inputs(path, None, None)
    return report_html(plan, lang, inputs=cf, fields=FIELDS, adviser=adviser, generated=date(2026, 12, 7))


def test_report_html_numbers_and_dates_every_page() -> None:
    html = _report(adviser=Adviser("山田 太郎", "山田司法書士事務所", "03-1234-5678"))
    page_rule = re.search(r"<style>@page \{.*\}</style>", html)
    assert page_rule is not None
    assert '@bottom-right { content: counter(page) " / " counter(pages); }' in page_rule[0]
    assert "作成日 2026-12-07" in page_rule[0]
    assert "山田司法書士事務所 · 山田 太郎 · 03-1234-5678" in page_rule[0]
    assert '<dd class="adviser-name">山田 太郎</dd>' in html
    assert '<section id="inputs" class="inputs-page">' in html
    assert 'data-rule="market.short_sale_price_ratio"' in html  # an assumption, with its confidence


def test_report_html_without_adviser_has_no_adviser_block() -> None:
    html = _report(lang="en")
    assert 'class="adviser"' not in html
    assert "@top-right { content: \"\"; }" in html


def test_print_rules_keep_rows_whole_and_drop_the_interactive_parts() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    block = css[css.index('part "pdf"'):]
    assert "thead { display: table-header-group; }" in block
    assert re.search(r"tr, th, td, [^{]*\{ break-inside: avoid; \}", block)
    assert re.search(r"table\.distribution[^{]*\{ break-inside: avoid; \}", block)
    assert "h2, h3, h4, caption" in block
    assert "break-after: avoid" in block
    assert "details.why, body.report #rules-used { display: none !important; }" in block
    assert "summary::-webkit-details-marker { display: none; }" in block
    html = _report()
    assert "data-src=" not in html  # no lazy-load placeholder: every panel is inline


def test_cli_report_writes_the_adviser_block(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", SEED1, "--html", str(out), *ADVISER])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<dd class="adviser-office">山田司法書士事務所</dd>' in html
    assert '<dd class="adviser-contact">03-1234-5678</dd>' in html


def test_result_page_pdf_link_shows_progress() -> None:
    """The link keeps its href (works without JavaScript); static/pdf.js announces the progress."""
    template = (ROOT / "src/zansai/web/templates/result.html").read_text(encoding="utf-8")
    assert 'id="pdf-link" class="pdf-link" data-progress="{{ t(\'pdf_progress\') }}"' in template
    js = (ROOT / "src/zansai/web/static/pdf.js").read_text(encoding="utf-8")
    for needed in ('"aria-live", "polite"', '"aria-disabled", "true"', "removeAttribute(\"aria-disabled\")"):
        assert needed in js


# --- printed: read the PDF back, page by page ----------------------------------------------------

def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.fixture(scope="module")
def seed1_pdf(tmp_path_factory: pytest.TempPathFactory, chromium: str, poppler: None) -> Path:  # noqa: F811
    out = tmp_path_factory.mktemp("pdf") / "seed1.pdf"
    result = CliRunner().invoke(app, ["report", SEED1, "--pdf", str(out), *ADVISER])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_every_page_is_numbered_and_dated(seed1_pdf: Path) -> None:
    pages = _pages(seed1_pdf)
    assert len(pages) > 1
    today = re.search(r"作成日 (\d{4}-\d{2}-\d{2})", pages[0])
    assert today is not None
    for n, page in enumerate(pages, 1):
        assert re.search(rf"(?<!\d){n} / {len(pages)}(?!\d)", page), (n, page[-300:])
        assert f"作成日 {today[1]}" in page, n
        assert "山田司法書士事務所 · 山田 太郎 · 03-1234-5678" in page, n


@pytest.mark.slow
def test_pdf_has_the_inputs_page_and_the_adviser(seed1_pdf: Path) -> None:
    pages = _pages(seed1_pdf)
    first = pages[0]
    assert re.search(r"担当者\s+山田 太郎", first)
    inputs = next(i for i, p in enumerate(pages) if re.search(r"^\s*入力内容と前提\s*$", p, re.M))
    text = "\n".join(pages[inputs:])
    assert re.search(r"買った値段\s+38,000,000円", text)
    assert re.search(r"借りた金額\s+38,000,000円", text)
    assert "前提（計算に使ったルールの値）" in text


@pytest.mark.slow
def test_the_distribution_table_is_on_one_page(seed1_pdf: Path) -> None:
    """The 配分表's first row (売買代金 19,000,000円) and its last (別途 … 6,500円) print together."""
    pages = _pages(seed1_pdf)
    first = [i for i, p in enumerate(pages) if re.search(r"売買代金\s+19,000,000円", p)]
    last = [i for i, p in enumerate(pages) if re.search(r"司法書士報酬（控除上限超過分）\s+6,500円", p)]
    assert first
    assert first == last


@pytest.mark.slow
def test_pdf_embeds_the_japanese_font(seed1_pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(seed1_pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    assert all(row.split()[-5] == "yes" for row in rows)
    names = [m.decode() for m in re.findall(rb"/FontName\s*/([^\s/<>\[\]]+)", seed1_pdf.read_bytes())]
    assert any("NotoSansCJK" in n for n in names), names


@pytest.mark.slow
def test_pdf_pages_look_right(seed1_pdf: Path, artifacts: Path) -> None:  # noqa: F811
    """The pages at 60 dpi, kept in tests/artifacts/ to look at by eye."""
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(seed1_pdf), str(artifacts / "pdf-report-seed1")],
                   check=True, timeout=120)
    assert (artifacts / "pdf-report-seed1-01.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
