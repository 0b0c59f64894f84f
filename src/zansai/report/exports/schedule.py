"""The 償還表 of each home loan of a case: every payment, with the balance after it.

The rows are the engine's ``Schedule`` rows, the same as ``zansai schedule --json`` gives for the
loan's terms; the rate is kept as the JSON's text (``1.2%``), every amount is integer yen.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from zansai.errors import InputError
from zansai.messages import Msg, msg
from zansai.report.exports.header import case_header
from zansai.report.exports.sheet import Block, Cell, Column, Kind, Row, Sheet, Style, col
from zansai.settings import Adviser

if TYPE_CHECKING:
    from zansai.engine.loan import Schedule
    from zansai.engine.plan import Plan

_SUMMED = ("payment", "interest", "principal", "bonus_payment", "prepayment")


def _columns() -> tuple[Column, ...]:
    return (col("number", Kind.INT, 6), col("due_date", Kind.DATE, 12), col("payment", Kind.YEN, 12),
            col("interest", Kind.YEN, 12), col("principal", Kind.YEN, 12), col("balance", Kind.YEN, 14),
            col("bonus_payment", Kind.YEN, 12), col("prepayment", Kind.YEN, 12),
            col("unpaid_interest", Kind.YEN, 12), col("annual_rate", Kind.RATE, 8))


def _block(holder: str, schedule: Schedule) -> Block:
    loan = schedule.loan
    rows = [Row({"number": r.number, "due_date": r.due_date, "payment": r.payment, "interest": r.interest,
                 "principal": r.principal, "balance": r.balance, "bonus_payment": r.bonus_payment,
                 "prepayment": r.prepayment, "unpaid_interest": r.unpaid_interest,
                 "annual_rate": str(r.to_dict()["annual_rate"])}) for r in schedule.rows]
    totals: dict[str, Cell] = {"due_date": msg("exports.distribution.total")}
    totals.update({k: sum(int(getattr(r, k)) for r in schedule.rows) for k in _SUMMED})
    rows.append(Row(totals, Style.TOTAL))
    title = msg("exports.schedule.loan", name=loan.name, holder=holder, principal=loan.principal,
                months=loan.months)
    return Block(title, _columns(), tuple(rows), key=f"loan-{loan.name}")


def schedule_sheet(plan: Plan, adviser: Adviser, made_on: date) -> Sheet:
    """Every home loan's 償還表, one table each."""
    with_rows = [(lien, s) for lien, s in plan.schedules if s.rows]
    if not with_rows:
        raise InputError("--what: このケースには償還表のある住宅ローンがありません",
                         "--what: this case has no home loan with a repayment schedule", field="--what")
    header: list[tuple[Msg, Cell]] = [(msg("exports.header.settlement"), plan.case.sale_date)]
    blocks = tuple(_block(lien.holder, s) for lien, s in with_rows)
    return Sheet("schedule", msg("exports.schedule.title"), "償還表",
                 case_header(plan, header, adviser, made_on), blocks)
