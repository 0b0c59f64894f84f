"""An export as one printable HTML page (A4, self-contained: no script, no external file).

The print styles keep each row whole across pages and repeat a table's column names on every
page; on a phone (390 px) wide tables scroll sideways instead of overflowing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from zansai.report import i18n
from zansai.report.exports.cells import shown
from zansai.report.exports.sheet import Cell, Kind, Sheet, text
from zansai.report.html import TEMPLATES
from zansai.report.template_cache import bytecode_cache


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      trim_blocks=False, bytecode_cache=bytecode_cache())
    return env.get_template("export.html")


def sheet_html(sheet: Sheet, lang: str = "ja", case_title: str = "") -> str:
    """The page's HTML."""
    def tx(value: Any) -> str:
        return text(value, lang)

    def cell(value: Cell, kind: str) -> str:
        return shown(value, Kind(kind), lang)

    def head(value: Cell) -> str:
        """A header line's value: an amount with its unit (19,000,000円), as on the results page."""
        if isinstance(value, int) and not isinstance(value, bool):
            return i18n.yen(value, lang)
        return shown(value, Kind.TEXT, lang)

    return _template().render(sheet=sheet, lang=lang, tx=tx, cell=cell, head=head, case_title=case_title)
