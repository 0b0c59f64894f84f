"""A 償還表 as CSV (``zansai schedule --csv``): one row per payment, integer yen."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from zansai.csvsafe import escape_row

if TYPE_CHECKING:
    from zansai.engine.loan import Schedule

COLUMNS = ("number", "due_date", "payment", "interest", "principal", "balance",
           "bonus_payment", "prepayment", "unpaid_interest", "annual_rate")
"""The CSV's columns, in order: keys of a schedule row's JSON."""


def schedule_csv(result: Schedule) -> str:
    """The header and every payment row, ``\\n``-terminated."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in result.rows:
        d = r.to_dict()
        writer.writerow(escape_row(d[c] for c in COLUMNS))  # every CSV is spreadsheet-safe
    return buf.getvalue()
