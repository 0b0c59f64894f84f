"""A printable table of figures (帳票), rendered the same way as a page, a CSV and an Excel sheet.

An export is a ``Sheet``: a title, a header block (物件・売買代金・決済日・作成者 …) and one or
more ``Block``s of rows. Every amount is integer yen; the three renderers only lay it out, so the
page, the CSV and the workbook cannot disagree with each other or with the plan JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from zansai.messages import Msg, msg

Cell = int | str | date | Msg | tuple[str, str] | None
"""A cell: yen or a count (int), text (a name, or words in both languages), a date, or blank."""


class Kind(StrEnum):
    """How a column's cells are shown (Excel number format, CSV text, page alignment)."""

    TEXT = "text"
    YEN = "yen"
    INT = "int"
    DATE = "date"
    RATE = "rate"


class Style(StrEnum):
    """A row's role: an ordinary line, a subtotal or total, a section heading, or a disputed line."""

    ROW = "row"
    TOTAL = "total"
    SECTION = "section"
    DISPUTED = "disputed"
    """An ordinary line the parties' claimed amounts differ on (争点), highlighted."""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: Msg
    kind: Kind = Kind.TEXT
    width: int = 14
    """Excel column width (characters)."""


@dataclass(frozen=True, slots=True)
class Row:
    cells: dict[str, Cell]
    style: Style = Style.ROW


@dataclass(frozen=True, slots=True)
class Block:
    """One table of the sheet, with its own columns."""

    title: Msg
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    key: str = ""
    """Names the block in the CSV (``section`` column) when a sheet has several."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """One export: the header block and its tables."""

    what: str
    """``distribution``, ``schedule`` or ``property-list``."""
    title: Msg
    sheet_name: str
    """The Excel sheet's name (Japanese, at most 31 characters)."""
    header: tuple[tuple[Msg, Cell], ...]
    blocks: tuple[Block, ...]
    notes: tuple[Msg | tuple[str, str], ...] = field(default=())


def col(key: str, kind: Kind = Kind.TEXT, width: int = 14) -> Column:
    """A column labelled by ``exports.columns.<key>``."""
    return Column(key, msg(f"exports.columns.{key}"), kind, width)


def text(value: Msg | tuple[str, str] | str, lang: str) -> str:
    """A label in ``lang``: a message, a (ja, en) pair, or plain text (a name)."""
    if isinstance(value, str):
        return value
    return value[1] if lang == "en" else value[0]
