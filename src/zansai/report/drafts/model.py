"""The neutral document model of a draft (下書き): title, paragraphs, tables and blanks.

Each renderer (HTML, DOCX) walks the same blocks, so a figure is computed once and every format
says the same thing. Text is already in the reader's language; ``figures`` keeps the draft's key
amounts as integers so that a test can hold them to the plan's JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    align: str = "left"
    """``left``, ``right`` (the date, the addressee's opposite side) or ``center``."""


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled line: a value filled from the case, or a blank (``value`` None) to fill by hand."""

    label: str
    value: str | None = None
    lines: int = 1
    """How many lines a blank gets (a reason written by hand needs several)."""


@dataclass(frozen=True, slots=True)
class Fields:
    items: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    numeric: tuple[int, ...] = ()
    """The columns that hold amounts (right-aligned)."""


Block = Heading | Paragraph | Fields | Table


@dataclass(frozen=True, slots=True)
class Draft:
    """One pre-filled draft for the debtor to check, complete and sign."""

    kind: str
    lang: str
    title: str
    mark: str
    """The draft mark printed at the top and the bottom (下書き・法的な代理・助言ではありません)."""
    blocks: tuple[Block, ...]
    figures: dict[str, int] = field(default_factory=dict)
    filename: str = "draft"

    def to_dict(self) -> dict[str, Any]:
        """The draft as JSON: each block with its ``type`` (heading, paragraph, fields, table)."""
        types = {Heading: "heading", Paragraph: "paragraph", Fields: "fields", Table: "table"}
        return {"kind": self.kind, "lang": self.lang, "title": self.title, "mark": self.mark,
                "figures": dict(self.figures),
                "blocks": [{"type": types[type(b)], **asdict(b)} for b in self.blocks]}
