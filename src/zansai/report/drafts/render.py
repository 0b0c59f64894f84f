"""A draft said as HTML (printable A4, also the source of its PDF) or as a DOCX document.

python-docx is the ``office`` extra: imported inside ``to_docx`` only, so the command line starts
without it and says how to install it when it is missing.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from zansai.report.drafts.common import Words
from zansai.report.drafts.model import Draft, Fields, Heading, Paragraph, Table

BLANK = "＿＿＿＿＿＿＿＿＿＿＿＿"
"""A line to fill in by hand, in the DOCX (the HTML draws it as a dotted underline)."""


def _blocks(draft: Draft) -> list[dict[str, Any]]:
    return [{"kind": b.pop("type"), **b} for b in draft.to_dict()["blocks"]]


def _title_at(draft: Draft) -> int:
    """The block that is the title (the first heading that says it)."""
    return next((i for i, b in enumerate(draft.blocks)
                 if isinstance(b, Heading) and b.text == draft.title), -1)


def generated_line(lang: str, generated: date) -> str:
    """「作成日 2026-12-07」 / "Generated 2026-12-07"."""
    from zansai.messages import msg

    return f"{msg('checklist.footer.generated').text(lang)} {generated.isoformat()}"


def footer_line(lang: str, generated: date) -> str:
    """What every printed page says at its foot: the draft mark and the date generated."""
    from zansai.messages import msg

    return f"{msg('checklist.footer.mark').text(lang)} · {generated_line(lang, generated)}"


def to_html(draft: Draft, generated: date | None = None) -> str:
    """The draft as one self-contained HTML page, marked at the top and the bottom, and in print
    on every page's foot with the date generated and "n / N"."""
    from zansai.inputs import today_jst
    from zansai.report.html import css_string, environment

    blank = Words(draft.lang)("common.blank")
    return environment().get_template("draft.html").render(
        draft=draft, blocks=_blocks(draft), title_at=_title_at(draft), blank=blank,
        footer=css_string(footer_line(draft.lang, generated or today_jst())),
        page_title=Words(draft.lang)("common.page_title", title=draft.title))


def to_docx(draft: Draft, generated: date | None = None) -> bytes:
    """The draft as a Word document (A4), marked at the top and the bottom of every page too; the
    footer also says the date generated and "page / pages" (Word's PAGE and NUMPAGES fields)."""
    from zansai.extras import require

    require("office", "Word 形式（DOCX）の書き出し", "writing a Word (DOCX) file")
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(18)
    section.header.paragraphs[0].text = draft.mark
    _docx_footer(section.footer, draft, generated)
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "MS Mincho")

    def mark() -> None:
        run = doc.add_paragraph().add_run(draft.mark)
        run.bold = True
        run.font.color.rgb = RGBColor(0xBB, 0, 0)

    mark()
    title_at = _title_at(draft)
    for i, block in enumerate(draft.blocks):
        if isinstance(block, Heading):
            h = doc.add_heading(block.text, level=0 if i == title_at else 2)
            if i == title_at:
                h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Paragraph):
            p = doc.add_paragraph(block.text)
            if block.align == "right":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif isinstance(block, Fields):
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for f in block.items:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = f.label, f.value or BLANK
        else:
            _docx_table(doc, block, WD_ALIGN_PARAGRAPH.RIGHT)
    mark()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_footer(footer: Any, draft: Draft, generated: date | None) -> None:
    """The mark, the date generated and "PAGE / NUMPAGES" (fields Word fills in on each page)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from zansai.inputs import today_jst

    footer.paragraphs[0].text = draft.mark
    line = footer.add_paragraph(generated_line(draft.lang, generated or today_jst()) + "    ")
    line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _field(line, "PAGE")
    line.add_run(" / ")
    _field(line, "NUMPAGES")
    for p in footer.paragraphs:
        for run in p.runs:
            run.font.size = Pt(8)


def _field(paragraph: Any, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) in ``paragraph``: begin, instruction, separate, a
    placeholder "1" shown until Word updates it, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    paragraph.add_run()._r.append(char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(char("end"))


def _docx_table(doc: Any, block: Table, right: Any) -> None:
    rows = [block.head, *block.rows, *([block.total] if block.total else [])]
    table = doc.add_table(rows=len(rows), cols=len(block.head))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0 or (block.total and r == len(rows) - 1):
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            if c in block.numeric and r > 0:
                cell.paragraphs[0].alignment = right
