"""One chunk's rows as parsed: every column's cells, each value where valid (else the column's
default), and the due dates derived from them. The rules (``checks``) and the chunk read these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from zansai.batch.chunk import (
    I64,
    LENDER_BANK,
    METHOD_ANNUITY,
    MISSING,
    NO_DATE,
    PROPERTY_HOUSE,
)
from zansai.batch.tape.bonus import BonusCaps
from zansai.batch.tape.columns import CELLS, OVERRIDES, REGION_COLUMNS
from zansai.batch.tape.days import EPOCH_MONTH, clamped, day_number, month_of
from zansai.batch.tape.frame import Frame, Marks
from zansai.batch.tape.parse import parse

DEFAULTS: dict[str, int] = {
    "principal": 0, "rate": 0, "term_months": 1, "start_month": EPOCH_MONTH, "payment_day": 0,
    "first_payment": 0, "method": METHOD_ANNUITY, "bonus_share": 0, "bonus_months": 6,
    "current_balance": MISSING,
    "first_missed": NO_DATE, "collateral_value": 0, "appraisal_low": MISSING, "appraisal_high": MISSING,
    "property_type": PROPERTY_HOUSE, "land_parcels": 1, "buildings": 1, "lien_rank": 1, "senior_claim": 0,
    "lender_type": LENDER_BANK,
    "guarantee_company": 1, "late_rate": MISSING, "moving_cost": MISSING, "unpaid_management_fees": 0,
    "monthly_management_fee": MISSING, **dict.fromkeys(OVERRIDES, MISSING),
    **dict.fromkeys(REGION_COLUMNS, MISSING),
}
"""A column's value where its cell is blank (the defaults of docs/batch-tape.md: no appraisal, a
first lien, a bank loan with a guarantor company …) or fails (the row is then reported and dropped;
the value only keeps the later rules' arithmetic defined). ``balance_date`` and ``sale_date``
default to dates given at run time; ``payment_day`` 0 means "the day of first_payment, else 1"."""


@dataclass(frozen=True, slots=True)
class DueDates:
    """The loan's due dates (返済期日), from start_month + payment_day or from first_payment."""

    first_month: I64
    """Month index (year × 12 + month − 1) of payment 1."""
    payment_day: I64
    """payment_day as given, else the day of first_payment, else 1."""
    first: I64
    """Day number of payment 1 (the payment day clamped to the month's last day)."""
    last: I64
    """Day number of the last payment (term_months − 1 months after payment 1)."""

    @classmethod
    def of(cls, cells: dict[str, Marks], value: dict[str, I64]) -> DueDates:
        fp, fp_ok = value["first_payment"], cells["first_payment"].good
        first_month = np.where(fp_ok, month_of(fp), value["start_month"])
        pday_given = value["payment_day"]
        fp_day = fp - clamped(first_month, np.ones(len(fp), np.int64)) + 1
        pday = np.where(pday_given > 0, pday_given, np.where(fp_ok, fp_day, 1))
        return cls(first_month, pday, clamped(first_month, pday),
                   clamped(first_month + value["term_months"] - 1, pday))


@dataclass(slots=True)
class Rows:
    """One chunk's rows, as the rules check them against the calculation date ``at`` and the
    rule book (``caps``)."""

    frame: Frame
    at: date
    caps: BonusCaps
    cells: dict[str, Marks]
    """Each parsed column's marks: which rows gave a value, which are bad, which good (all but
    loan_id and region, which are text)."""
    value: dict[str, I64]
    """Every parsed column's value where valid, else its default; balance_date where a
    current_balance is given (else ``NO_DATE``), default ``at``; sale_date default ``sale_date``."""
    due: DueDates
    loan_id: pa.Array
    region: pa.Array
    court: I64 | None = None
    """Each row's court index (``batch.region``; -1: no location), None when the tape has no
    coded region column."""

    @property
    def at_day(self) -> int:
        return day_number(self.at)

    def raw(self, name: str, i: int) -> str:
        """The value of row ``i`` in column ``name`` as the tape gave it (a float as its shortest decimal)."""
        v = self.frame.cell(name, i)
        if v is None:
            return ""
        if isinstance(v, date):
            return v.isoformat()
        return repr(v) if isinstance(v, float) else str(v)


def read_rows(f: Frame, *, at: date, sale_date: date, caps: BonusCaps) -> Rows:
    """Parse every column of the chunk ``f``; nothing is checked across columns yet."""
    defaults = {**DEFAULTS, "balance_date": day_number(at), "sale_date": day_number(sale_date)}
    cells: dict[str, Marks] = {}
    value: dict[str, I64] = {}
    for name, cell in CELLS.items():
        if cell.kind != "text":
            # only the marks and the values with their defaults are kept: a column's parsed values
            # are freed as soon as the next is read
            parsed = parse(f, name)
            cells[name], value[name] = parsed.marks(), parsed.get(defaults[name])
    value["balance_date"] = np.where(cells["current_balance"].given, value["balance_date"], NO_DATE)
    court = None
    if any(f.has(name) for name in REGION_COLUMNS):
        from zansai.batch.region import courts_of

        court = courts_of(value["municipality_code"], value["prefecture_code"], value["court"])
    return Rows(f, at, caps, cells, value, DueDates.of(cells, value), f.text("loan_id"), f.text("region"),
                court)
