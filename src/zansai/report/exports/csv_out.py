"""An export as CSV: one header line, then one line per row, UTF-8 with a byte-order mark.

Excel (Windows, Japanese) reads a CSV without a BOM as Shift_JIS and garbles 配分表 into mojibake;
with the BOM it reads UTF-8, and LibreOffice, Numbers, pandas (``encoding="utf-8-sig"``) read it
too. Lines end in CRLF (RFC 4180). Amounts are plain integers (no separators), so a spreadsheet
sees numbers; every text cell goes through ``csvsafe`` (no formula injection).

Columns: ``区分`` (the header block or the table the row belongs to), then every column of the
sheet's tables in order of first appearance; the header block's lines use ``項目`` and ``値``.
"""

from __future__ import annotations

import csv
import io

from zansai.csvsafe import escape_row
from zansai.messages import msg
from zansai.report.exports.cells import plain
from zansai.report.exports.sheet import Column, Sheet, col, text

BOM = "\ufeff"


def columns(sheet: Sheet) -> list[Column]:
    """``section``, then the tables' columns (each key once), then ``value`` for the header block."""
    out = [col("section")]
    for block in sheet.blocks:
        out += [c for c in block.columns if c.key not in {o.key for o in out}]
    if "item" not in {c.key for c in out}:
        out.insert(1, col("item"))
    out.append(col("value"))
    return out


def sheet_csv(sheet: Sheet, lang: str = "ja") -> bytes:
    """The CSV file's bytes (BOM + CRLF)."""
    cols = columns(sheet)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(escape_row(text(c.label, lang) for c in cols))
    header = text(msg("exports.csv.header"), lang)
    for label, value in sheet.header:
        cells = {"section": header, "item": text(label, lang), "value": plain(value, lang)}
        writer.writerow(escape_row(cells.get(c.key, "") for c in cols))
    for block in sheet.blocks:
        section = text(block.title, lang)
        for row in block.rows:
            cells = {k: plain(v, lang) for k, v in row.cells.items()}
            cells["section"] = section
            writer.writerow(escape_row(cells.get(c.key, "") for c in cols))
    return (BOM + buf.getvalue()).encode("utf-8")
