"""The report's lines and tables written straight out when nothing is styled (piped, a file).

Without colours rich's layout buys nothing for a line that fits or a table whose columns all fit at
their natural width: the text is the same, only sooner (rich measures, wraps and pads every cell
through several layers). ``plain_text`` gives exactly the characters rich would write, or ``None``
for anything else (a line to wrap, a table to shrink, markup beyond simple styles, emoji codes,
control characters), which rich then renders as before. tests/test_terminal_plain.py holds the two
to the same bytes.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from rich import box
from rich._ratio import ratio_reduce
from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

RE_TAGS = re.compile(r"""((\\*)\[([a-z#/@][^[]*?)])""", re.VERBOSE)
"""rich's markup tags (``rich.markup.RE_TAGS``), here so that a piped report need not import rich's
console; tests/test_terminal_plain.py checks they are the same."""

_EMOJI = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")
"""What rich reads as an emoji code (``rich._emoji_replace``): only then is rich asked."""

_STYLES = frozenset({"bold", "dim", "italic", "reverse", "red", "green", "yellow"})
"""Markup tags the report uses: without colours each writes nothing."""

_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters (all but the newline) and line separators: left to rich."""


def _strip_markup(markup: str) -> str | None:
    """The text rich shows for ``markup`` when styles write nothing; ``None`` when rich might do
    more (escapes, unknown or unbalanced tags, emoji codes, control characters)."""
    if "\\" in markup:
        return None
    parts: list[str] = []
    if "[" in markup:
        opened: list[str] = []
        end = 0
        for m in RE_TAGS.finditer(markup):
            tag = m.group(3)
            if tag in _STYLES:
                opened.append(tag)
            elif opened and (tag == "/" or tag[1:] == opened[-1]):
                opened.pop()
            else:
                return None
            parts.append(markup[end:m.start()])
            end = m.end()
        parts.append(markup[end:])
    else:
        parts.append(markup)
    for part in parts:
        if _CONTROL.search(part) or (":" in part and _EMOJI.search(part) and _emoji_changes(part)):
            return None
    return "".join(parts)


def _emoji_changes(part: str) -> bool:
    from rich._emoji_replace import _emoji_replace

    return _emoji_replace(part) != part


def _lines(text: str, width: int, justify: str = "default", overflow: str = "fold",
           no_wrap: bool = False) -> list[str]:
    """``text`` wrapped, justified and cut to ``width`` cells as rich's ``Text.wrap`` does it."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        pieces = [paragraph]
        if not no_wrap and not _fits(paragraph, width):
            cuts = [0, *divide_line(paragraph, width, fold=overflow == "fold"), len(paragraph)]
            pieces = [_rstrip_end(paragraph[a:b], width) for a, b in pairwise(cuts)]
        for piece in pieces:
            if justify in ("right", "center"):
                piece = _truncate(piece.rstrip(), width, overflow)
                excess = width - cell_len(piece)
                left = excess if justify == "right" else excess // 2
                piece = " " * left + piece + " " * (excess - left)
            else:
                piece = _truncate(piece, width, overflow)
                if justify == "left":
                    piece += " " * (width - cell_len(piece))
            out.append(_truncate(piece, width, overflow))
    return out


def _fits(paragraph: str, width: int) -> bool:
    """The paragraph fits on one line, so rich's ``divide_line`` would find no break: without a
    joiner (U+200D) or an emoji selector (U+FE0F) cell widths add up, so every word ends within
    ``width``; at most ``width`` characters, so no trailing whitespace is cut either."""
    return (len(paragraph) <= width and "\u200d" not in paragraph and "\ufe0f" not in paragraph
            and cell_len(paragraph) <= width)


def _rstrip_end(piece: str, width: int) -> str:
    """Trailing whitespace beyond ``width`` removed (rich counts characters here, not cells)."""
    excess = len(piece) - width
    if excess > 0:
        stripped = piece.rstrip()
        return piece[:len(piece) - min(len(piece) - len(stripped), excess)]
    return piece


def _truncate(piece: str, width: int, overflow: str) -> str:
    if cell_len(piece) <= width:
        return piece
    if overflow == "ellipsis":
        return set_cell_size(piece, width - 1) + "…"
    return set_cell_size(piece, width)


def _line(markup: str, width: int) -> str | None:
    """A printed string, wrapped at ``width``, with its newline."""
    text = _strip_markup(markup)
    if text is None:
        return None
    return "\n".join(_lines(text, width)) + "\n"


def _simple(table: ReportTable) -> bool:
    """The table is drawn the report's way: lines only under the header, title on the left."""
    return (not table.show_lines and table.title_justify == "left" and not any(table.end_sections)
            and all(c.justify in ("left", "right", "center") for c in table.columns))


def _column_width(widest: list[int], min_width: int | None, available: int) -> int:
    """rich's measure of a column (cells' widest lines plus padding, within ``available``)."""
    if available < 1:
        return 0
    cell = max((available if available - 2 < 1 else min(min(w, available) + 2, available)) for w in widest)
    width = min(cell, available)
    return width if min_width is None else max(width, min_width + 2)


def _widths(table: ReportTable, widest: list[list[int]], available: int) -> list[int]:
    """rich's column widths: natural, else collapsed to fit (``Table._calculate_column_widths``)."""
    columns = table.columns
    widths = [_column_width(w, c.min_width, available) or 1 for w, c in zip(widest, columns, strict=True)]
    if sum(widths) > available:
        widths = _collapse_widths(widths, [not c.no_wrap for c in columns], available)
        if sum(widths) > available:
            widths = ratio_reduce(sum(widths) - available, [1] * len(widths), widths, widths)
        widths = [_column_width(w, c.min_width, width)
                  for w, c, width in zip(widest, columns, widths, strict=True)]
    return widths


def _collapse_widths(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """rich's ``Table._collapse_widths``: shrink the widest wrapable columns first."""
    excess_width = sum(widths) - max_width
    if any(wrapable):
        while sum(widths) and excess_width > 0:
            pairs = list(zip(widths, wrapable, strict=True))
            max_column = max(w for w, allow in pairs if allow)
            second = max(w if allow and w != max_column else 0 for w, allow in pairs)
            ratios = [1 if (w == max_column and allow) else 0 for w, allow in pairs]
            if not any(ratios) or not max_column - second:
                break
            reduce = [min(excess_width, max_column - second)] * len(widths)
            widths = ratio_reduce(excess_width, ratios, reduce, widths)
            excess_width = sum(widths) - max_width
    return widths


def _table(table: ReportTable, width: int) -> str | None:
    """A table of text cells: rich's exact layout and box drawing, without its machinery."""
    if not table.columns or not _simple(table):
        return None
    texts: list[list[str]] = []
    for column in table.columns:
        cells = []
        for cell in (column.header, *column.cells):
            text = _strip_markup(cell)
            if text is None:
                return None
            cells.append(text)
        texts.append(cells)
    widest = [[max((cell_len(line) for line in text.splitlines()), default=0) for text in cells]
              for cells in texts]
    widths = _widths(table, widest, width - len(table.columns) - 1)
    if min(widths) < 3:
        return None
    table_width = sum(widths) + len(widths) + 1
    out: list[str] = []
    if table.title:
        title = _strip_markup(table.title)
        if title is None:
            return None
        out += [f"{line}\n" for line in _lines(title, table_width, "left")]
    b = box.HEAVY_HEAD
    out += [b.get_top(widths), "\n"]
    last = len(texts[0]) - 1
    for r, row in enumerate(zip(*texts, strict=True)):
        rendered = [_lines(text, w - 2, c.justify, "ellipsis", c.no_wrap)
                    for text, w, c in zip(row, widths, table.columns, strict=True)]
        height = max(len(lines) for lines in rendered)
        left, mid, right = ((b.head_left, b.head_vertical, b.head_right) if r == 0 else
                            (b.foot_left, b.foot_vertical, b.foot_right) if r == last
                            else (b.mid_left, b.mid_vertical, b.mid_right))
        shaped = []
        for lines, w in zip(rendered, widths, strict=True):
            blank = [" " * (w - 2)] * (height - len(lines))
            shaped.append([f" {set_cell_size(line, w - 2)} "  # the header sits at the bottom
                           for line in (blank + lines if r == 0 else lines + blank)])
        for i in range(height):
            out += [left, mid.join(cell[i] for cell in shaped), right, "\n"]
        if r == 0:
            out += [b.get_row(widths, "head", edge=True), "\n"]
    out += [b.get_bottom(widths), "\n"]
    text = "".join(out)
    if table_width <= width:
        return text
    return "".join(f"{set_cell_size(line, width)}\n" for line in text.split("\n")[:-1])  # cut at the edge


def plain_text(renderable: object, width: int) -> str | None:
    """What rich would write for a string or table at ``width`` with no styles, or ``None`` when
    only rich's own layout knows."""
    if isinstance(renderable, str):
        return _line(renderable, width)
    if isinstance(renderable, ReportTable):
        return _table(renderable, width)
    return None


@dataclass
class ReportColumn:
    """One column of a ``ReportTable`` (the options of ``rich.table.Table.add_column`` it uses)."""

    header: str = ""
    justify: str = "left"
    no_wrap: bool = False
    min_width: int | None = None
    ratio: int | None = None
    cells: list[str] = field(default_factory=list)


class ReportTable:
    """A table of text cells for the report: written plainly when piped, else rich's ``Table``
    (``__rich__``) with the same title, columns and rows."""

    def __init__(self, title: str | None = None, title_justify: str = "center",
                 show_lines: bool = False) -> None:
        self.title = title
        self.title_justify = title_justify
        self.show_lines = show_lines
        self.columns: list[ReportColumn] = []
        self.end_sections: list[bool] = []

    def add_column(self, header: str = "", *, justify: str = "left", no_wrap: bool = False,
                   min_width: int | None = None, ratio: int | None = None) -> None:
        self.columns.append(ReportColumn(header, justify, no_wrap, min_width, ratio))

    def add_row(self, *cells: str, end_section: bool = False) -> None:
        for column, cell in zip(self.columns, cells, strict=True):
            column.cells.append(cell)
        self.end_sections.append(end_section)

    def __rich__(self) -> Table:
        from rich.table import Table

        table = Table(title=self.title, title_justify=self.title_justify,  # type: ignore[arg-type]
                      show_lines=self.show_lines)
        for c in self.columns:
            table.add_column(c.header, justify=c.justify, no_wrap=c.no_wrap,  # type: ignore[arg-type]
                             min_width=c.min_width, ratio=c.ratio)
        for i, end in enumerate(self.end_sections):
            table.add_row(*(c.cells[i] for c in self.columns), end_section=end)
        return table


def piped() -> bool:
    """Output goes to a file or pipe that rich would not colour: no terminal, no FORCE_COLOR or
    TTY_COMPATIBLE, not Windows or Jupyter, UTF-8 (then ``PlainConsole`` writes what rich would)."""
    out = sys.stdout
    isatty = getattr(out, "isatty", None)
    try:
        terminal = isatty is None or isatty()
    except ValueError:
        terminal = True  # a closed file: let rich decide
    return (not terminal and "FORCE_COLOR" not in os.environ and "TTY_COMPATIBLE" not in os.environ
            and sys.platform != "win32" and "IPython" not in sys.modules
            and (getattr(out, "encoding", "utf-8") or "utf-8").lower().startswith("utf"))


class PlainConsole:
    """The report's console when piped: lines and tables that ``plain_text`` can write go straight
    out; anything else through a rich console made on first need (132 columns, no highlighting,
    as rich itself would print piped)."""

    width = 132

    def __init__(self) -> None:
        self._rich: Console | None = None

    def print(self, *objects: Any, highlight: bool | None = None) -> None:
        text = plain_text(objects[0], self.width) if len(objects) == 1 else None
        if text is None:
            if self._rich is None:
                from rich.console import Console

                self._rich = Console(width=self.width, highlight=False)
            self._rich.print(*objects, highlight=highlight)
            return
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # as rich does: quiet, and exit 1
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None
