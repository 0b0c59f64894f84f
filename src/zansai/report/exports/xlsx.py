"""An export as an Excel workbook (openpyxl, the ``office`` extra, imported when it runs).

One worksheet named in Japanese (配分表, 償還表, 婚姻関係財産一覧表): the title, the header block,
then each table with its heading and column names. Amounts are real numbers formatted ``#,##0``
(so the sheet adds them up), dates are dates, totals bold over a rule; column widths are set and
the page is A4, fitted to one page wide; a sheet of one long table (a 償還表) keeps its
column names in view and on every printed page.
"""

from __future__ import annotations

import io
from datetime import date
from importlib import import_module
from typing import Any

from zansai.report.exports.cells import plain
from zansai.report.exports.sheet import Kind, Sheet, Style, text

Worksheet = Any
"""openpyxl's worksheet (openpyxl ships no type hints: it is imported by name, as ``Any``)."""

YEN_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"


def _value(value: Any, lang: str) -> Any:
    """A cell as Excel stores it: ints and dates as themselves, words in ``lang``."""
    if isinstance(value, date) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return plain(value, lang)


def _widths(ws: Worksheet, sheet: Sheet) -> None:
    get_column_letter = import_module("openpyxl.utils").get_column_letter
    widths: dict[int, int] = {1: 18, 2: 30}
    for block in sheet.blocks:
        for i, column in enumerate(block.columns, start=1):
            widths[i] = max(widths.get(i, 0), column.width)
    for i, width in widths.items():
        ws.column_dimensions[get_column_letter(i)].width = width


def _block(ws: Worksheet, block: Any, lang: str, row: int) -> int:
    """Write one table from ``row`` (its heading, then its column names on ``row + 1``); returns
    the next free row."""
    styles = import_module("openpyxl.styles")
    Alignment, Border, Font, PatternFill, Side = (  # noqa: N806 (openpyxl's class names)
        styles.Alignment, styles.Border, styles.Font, styles.PatternFill, styles.Side)
    bold, rule = Font(bold=True), Border(top=Side(style="thin"))
    head_fill = PatternFill("solid", fgColor="E8EEF4")
    disputed_fill = PatternFill("solid", fgColor="FFF2CC")
    ws.cell(row=row, column=1, value=text(block.title, lang)).font = Font(bold=True, size=12)
    row += 1
    for i, column in enumerate(block.columns, start=1):
        cell = ws.cell(row=row, column=i, value=text(column.label, lang))
        cell.font, cell.fill = bold, head_fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    row += 1
    for line in block.rows:
        for i, column in enumerate(block.columns, start=1):
            cell = ws.cell(row=row, column=i, value=_value(line.cells.get(column.key), lang))
            if column.kind is Kind.YEN:
                cell.number_format = YEN_FORMAT
            elif column.kind is Kind.DATE:
                cell.number_format = DATE_FORMAT
            if line.style in (Style.TOTAL, Style.SECTION):
                cell.font = bold
            elif line.style is Style.DISPUTED:
                cell.fill = disputed_fill
            if line.style is Style.TOTAL:
                cell.border = rule
        row += 1
    return row + 1


def sheet_xlsx(sheet: Sheet, lang: str = "ja") -> bytes:
    """The workbook's bytes."""
    font = import_module("openpyxl.styles").Font
    wb = import_module("openpyxl").Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet.sheet_name[:31]
    ws.cell(row=1, column=1, value=text(sheet.title, lang)).font = font(bold=True, size=14)
    row = 3
    for label, value in sheet.header:
        ws.cell(row=row, column=1, value=text(label, lang)).font = font(bold=True)
        cell = ws.cell(row=row, column=2, value=_value(value, lang))
        if isinstance(value, int) and not isinstance(value, bool):
            cell.number_format = YEN_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
        row += 1
    row += 1
    if len(sheet.blocks) == 1:  # one long table (a 償還表): its column names stay in view and in print
        ws.freeze_panes = ws.cell(row=row + 2, column=1)
        ws.print_title_rows = f"{row + 1}:{row + 1}"
    for block in sheet.blocks:
        row = _block(ws, block, lang, row)
    for note in sheet.notes:
        ws.cell(row=row, column=1, value=text(note, lang))
        row += 1
    _widths(ws, sheet)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
