"""A cell as text in one language (CSV, page): yen and counts as digits, dates ISO, words picked."""

from __future__ import annotations

from datetime import date

from zansai.messages import Msg
from zansai.report.exports.sheet import Cell, Kind, text


def plain(value: Cell, lang: str) -> str | int:
    """The CSV value: an int stays a number (no thousands separator), a date is ISO, words in ``lang``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "○" if value else ""
    if isinstance(value, int):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Msg, tuple)):
        return text(value, lang)
    return value


def shown(value: Cell, kind: Kind, lang: str) -> str:
    """The page's text: yen with thousands separators (minus as −), a date as on the page."""
    if isinstance(value, int) and not isinstance(value, bool) and kind is Kind.YEN:
        sign = "−" if value < 0 else ""
        return f"{sign}{abs(value):,}"
    out = plain(value, lang)
    return str(out)
