"""Exports lenders and courts recognise: the 配分表, the 償還表 and the 婚姻関係財産一覧表, each as
a printable page (HTML), a CSV and an Excel workbook.

``build`` lays a plan out as a ``Sheet`` (``sheet.py``); ``render`` writes it in one format. The
CLI (``zansai export``) and the web app (``/cases/<id>/export/<what>.<fmt>``) share both.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from zansai.errors import InputError

if TYPE_CHECKING:
    from zansai.engine.plan import Plan
    from zansai.report.exports.sheet import Sheet
    from zansai.settings import Adviser

WHATS = ("distribution", "schedule", "property-list")
FORMATS = ("csv", "xlsx", "html")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
FILE_STEMS = {"distribution": "haibunhyo", "schedule": "shokanhyo", "property-list": "zaisan-ichiran"}
"""The downloaded file's name (ASCII, so every browser and mail client keeps it)."""


def build(plan: Plan, what: str, adviser: Adviser, made_on: date, exit_key: str | None = None) -> Sheet:
    """The sheet ``what`` of ``plan``; a bilingual error naming ``--what`` or ``--exit``."""
    if what == "distribution":
        from zansai.report.exports.distribution import distribution_sheet

        return distribution_sheet(plan, exit_key, adviser, made_on)
    if exit_key is not None:
        raise InputError.invalid("--exit", exit_key, "--exit は配分表（--what distribution）にだけ使えます",
                                 "--exit applies only to the 配分表 (--what distribution)")
    if what == "schedule":
        from zansai.report.exports.schedule import schedule_sheet

        return schedule_sheet(plan, adviser, made_on)
    if what == "property-list":
        from zansai.report.exports.property_list import property_list_sheet

        return property_list_sheet(plan, adviser, made_on)
    raise InputError.invalid("--what", what, f"{', '.join(WHATS)} のどれかを指定してください",
                             f"use one of {', '.join(WHATS)}")


def render(sheet: Sheet, fmt: str, lang: str = "ja", case_title: str = "") -> bytes:
    """The sheet as a file's bytes in ``fmt`` (csv, xlsx or html)."""
    if fmt == "csv":
        from zansai.report.exports.csv_out import sheet_csv

        return sheet_csv(sheet, lang)
    if fmt == "xlsx":
        from zansai.extras import require

        require("office", "Excel への書き出し", "The Excel export")
        from zansai.report.exports.xlsx import sheet_xlsx

        return sheet_xlsx(sheet, lang)
    if fmt == "html":
        from zansai.report.exports.page import sheet_html

        return sheet_html(sheet, lang, case_title).encode()
    raise InputError.invalid("--format", fmt, f"{', '.join(FORMATS)} のどれかを指定してください",
                             f"use one of {', '.join(FORMATS)}")
