"""The header block every export starts with: the case, the property, the dates and the adviser."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from zansai.messages import Msg, msg
from zansai.report.exports.sheet import Cell
from zansai.settings import Adviser

if TYPE_CHECKING:
    from zansai.engine.plan import Plan


def case_header(plan: Plan, specific: list[tuple[Msg, Cell]], adviser: Adviser,
                made_on: date) -> tuple[tuple[Msg, Cell], ...]:
    """案件・物件, the export's own lines, then 計算基準日, the adviser (作成者) and 作成日."""
    case = plan.case
    rows: list[tuple[Msg, Cell]] = [
        (msg("exports.header.case"), case.title),
        (msg("exports.header.property"), msg(f"exports.kinds.{case.property.kind.value}")),
        *specific,
        (msg("exports.header.at"), case.at),
    ]
    rows += [(msg(f"exports.header.adviser_{key}"), value) for key, value in
             (("name", adviser.name), ("office", adviser.office), ("contact", adviser.contact)) if value]
    rows.append((msg("exports.header.made_on"), made_on))
    return tuple(rows)
