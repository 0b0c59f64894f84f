"""Spreadsheet-safe CSV cells (CSV injection): a text cell that a spreadsheet would run as a formula.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (``=cmd|' /C calc'!A0`` starts a program). OWASP's advice
(owasp.org/www-community/attacks/CSV_Injection) is to prefix such a cell with a single quote,
which the spreadsheet shows as text. Numbers are never altered: only text cells are escaped, and a
text cell that is a plain number (``-1,200``, ``+3.5``) is not a formula and stays as it is.

Every CSV writer uses this module: ``escape_cell``/``escape_row`` for Python's ``csv``, and
``FORMULA`` and ``PLAIN_NUMBER`` (the same test as regular expressions) for PyArrow's
(``batch/tablefile.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula."""

FORMULA = r"^[=+\-@\t\r]"
"""A cell that begins like a formula, as a regular expression (Python's and RE2's, for PyArrow)."""

PLAIN_NUMBER = r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?"
"""A signed number as text (the whole cell): harmless, and left alone."""

_FORMULA = re.compile(FORMULA)
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)
QUOTE = "'"


def needs_escape(value: str) -> bool:
    return bool(_FORMULA.match(value)) and not _PLAIN_NUMBER.fullmatch(value)


def escape_cell(value: str) -> str:
    """``value`` with a leading single quote when a spreadsheet would run it as a formula."""
    return QUOTE + value if needs_escape(value) else value


def escape_row(row: Iterable[object]) -> list[object]:
    """A CSV row with every text cell escaped; numbers (and anything not ``str``) as they are."""
    return [escape_cell(v) if isinstance(v, str) else v for v in row]
