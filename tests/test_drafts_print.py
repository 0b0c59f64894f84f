"""Printed drafts and checklists: every page says "n / N", the date generated and the draft mark
(下書き・法的な代理・助言ではありません), in the PDF (Chromium's @page margin boxes, read back with
poppler) and in the Word file (a footer with the PAGE and NUMPAGES fields).

The households are the examples' (docs/sources/seed1-short-sale.md §1 for the short sale; the
keep-home case is examples/keep-home-rehabilitation.toml, filed on 2027-01-15).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from tests.shared_fixtures import artifacts, chromium, poppler  # noqa: F401 (fixtures)

from zansai.case import build_case, read_case_file
from zansai.engine.plan import Plan, plan
from zansai.model import ExitKey
from zansai.report.checklist import checklist_html
from zansai.report.drafts import KINDS, build
from zansai.report.drafts.render import to_docx, to_html

ROOT = Path(__file__).resolve().parents[1]
SEED1 = ROOT / "examples" / "seed1-short-sale.toml"
KEEP = ROOT / "examples" / "keep-home-rehabilitation.toml"
MARK = "下書き・法的な代理・助言ではありません"
ON = date(2026, 12, 7)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _plan(path: Path) -> Plan:
    case, book = build_case(read_case_file(str(path)))
    return plan(case, book)


@pytest.fixture(scope="module")
def seed1() -> Plan:
    return _plan(SEED1)


@pytest.mark.parametrize("kind", KINDS)
def test_the_print_css_puts_the_mark_the_date_and_the_page_on_every_page(seed1: Plan, kind: str) -> None:
    html = to_html(build(seed1, kind, "ja"), generated=ON)
    page_rule = html[html.index("@page"):html.index("* {")]
    assert re.search(r'@bottom-left \{ content: "[^"]*下書き', page_rule)
    assert "作成日 2026-12-07" in page_rule
    assert 'counter(page) " / " counter(pages)' in page_rule
    checklist = checklist_html(seed1, "ja", generated=ON)
    assert 'counter(page) " / " counter(pages)' in checklist
    assert "作成日 2026-12-07" in checklist


@pytest.mark.parametrize("kind", KINDS)
def test_the_docx_footer_numbers_its_pages(seed1: Plan, kind: str) -> None:
    docx = pytest.importorskip("docx")
    draft = build(seed1, kind, "ja")
    doc = docx.Document(io.BytesIO(to_docx(draft, generated=ON)))
    footer = doc.sections[0].footer
    codes = [t.text.strip() for t in footer._element.iter(f"{W}instrText")]
    assert codes == ["PAGE", "NUMPAGES"]
    kinds = [c.get(f"{W}fldCharType") for c in footer._element.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"] * 2  # two whole fields, Word fills them per page
    texts = [p.text for p in footer.paragraphs]
    assert texts[0] == draft.mark
    assert "下書き" in texts[0]
    assert "法的な代理・助言ではありません" in texts[0]
    assert texts[1].startswith("作成日 2026-12-07")
    assert texts[1].endswith("1 / 1")


def _pdf_pages(pdf: Path) -> list[list[str]]:
    """Each page's words in reading order (poppler's -bbox keeps "1", "/", "2" apart)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    return [re.findall(r"<word [^>]*>([^<]*)</word>", page) for page in xml.split("<page ")[1:]]


def _pages_numbered_and_marked(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    pages = _pdf_pages(pdf)
    assert len(pages) == count
    for n, words in enumerate(pages, 1):
        assert words[-3:] == [str(n), "/", str(count)], (n, words[-8:])
        text = "".join(words)
        assert MARK in text, n  # the draft mark on every printed page, not only the first and last
        assert re.search(r"作成日\d{4}-\d{2}-\d{2}", text), n
    return count


@pytest.mark.slow
def test_a_two_page_draft_says_1_of_2_and_2_of_2(tmp_path: Path, chromium: str, poppler: None) -> None:  # noqa: F811
    out = tmp_path / "budget.pdf"
    r = subprocess.run([sys.executable, "-m", "zansai", "draft", str(SEED1), "--kind", "budget",
                        "--format", "pdf", "-o", str(out)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert _pages_numbered_and_marked(out) == 2
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert re.search(r"(?<!\d)1\s*/\s*2(?!\d)", text)
    assert re.search(r"(?<!\d)2\s*/\s*2(?!\d)", text)


@pytest.mark.slow
def test_the_checklist_prints_the_mark_on_every_page(tmp_path: Path, chromium: str, poppler: None,  # noqa: F811
                                                       artifacts: Path) -> None:  # noqa: F811
    from zansai.report.pdf import html_to_pdf

    html = checklist_html(_plan(KEEP), "ja", ExitKey.KEEP_HOME_REHABILITATION)
    pdf = html_to_pdf(html, tmp_path / "checklist.pdf")
    assert _pages_numbered_and_marked(pdf) >= 2
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(artifacts / "checklist-keep-home")],
                   check=True, timeout=60)
