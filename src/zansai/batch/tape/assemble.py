"""One chunk of a tape, checked: its rows parsed, the rules run, the failing rows reported as
``RowError`` and the others assembled into a ``TapeChunk``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from zansai.batch.chunk import LENDER_BANK, RATE_SCALE, RowError, TapeChunk
from zansai.batch.tape.bonus import BonusCaps
from zansai.batch.tape.checks import first_failures
from zansai.batch.tape.frame import Frame
from zansai.batch.tape.rows import Rows, read_rows
from zansai.rules import RuleBook


@dataclass(slots=True)
class Checker:
    """Checks the chunks of one tape against the calculation date, the default sale date and the
    rule book (its lookups memoised across chunks)."""

    at: date
    sale_date: date
    book: RuleBook
    caps: BonusCaps = field(init=False)

    def __post_init__(self) -> None:
        self.caps = BonusCaps(self.book)

    def check(self, df: pl.DataFrame | pa.Table, first_row: int) -> TapeChunk:
        """Validate one chunk (``first_row``: the tape row number of its first row)."""
        r = read_rows(Frame(df), at=self.at, sale_date=self.sale_date, caps=self.caps)
        first_fail, failures = first_failures(r)
        ok = first_fail < 0
        errors = []
        for i in np.flatnonzero(~ok).tolist():
            failure = failures[first_fail[i]]
            ja, en = failure.reason(i)
            errors.append(RowError(row=first_row + i, loan_id=r.loan_id[i].as_py(), column=failure.column,
                                   value=r.raw(failure.column, i), message_ja=ja, message_en=en))
        return assemble(r, ok, first_row, errors)


def assemble(r: Rows, ok: Any, first_row: int, errors: list[RowError]) -> TapeChunk:
    """The chunk of the rows that passed every rule (``ok``)."""
    every = bool(ok.all())
    keep = np.flatnonzero(ok)
    v = r.value

    def kept(a: Any, dtype: Any = np.int64) -> Any:
        return (a if every else a[keep]).astype(dtype, copy=False)

    def texts(a: pa.Array) -> pa.Array:
        """A text column of the kept rows (no Python objects)."""
        return a if every else a.take(keep)

    bonus_principal = v["principal"] * v["bonus_share"] // RATE_SCALE
    guarantor = (v["guarantee_company"] == 1) & (v["lender_type"] == LENDER_BANK)
    return TapeChunk(
        row=np.arange(first_row, first_row + r.frame.n, dtype=np.int64)[keep],
        loan_id=texts(r.loan_id), region=texts(r.region),
        principal=kept(v["principal"]), rate=kept(v["rate"]), term_months=kept(v["term_months"], np.int32),
        first_payment=kept(r.due.first, np.int32), payment_day=kept(r.due.payment_day, np.int8),
        method=kept(v["method"], np.int8), bonus_principal=kept(bonus_principal),
        current_balance=kept(v["current_balance"]), balance_date=kept(v["balance_date"], np.int32),
        first_missed=kept(v["first_missed"], np.int32), collateral_value=kept(v["collateral_value"]),
        appraisal_low=kept(v["appraisal_low"]), appraisal_high=kept(v["appraisal_high"]),
        property_type=kept(v["property_type"], np.int8), lien_rank=kept(v["lien_rank"], np.int8),
        senior_claim=kept(v["senior_claim"]), lender_type=kept(v["lender_type"], np.int8),
        guarantor_company=kept(guarantor, np.bool_), late_rate=kept(v["late_rate"]),
        moving_cost=kept(v["moving_cost"]), unpaid_management_fees=kept(v["unpaid_management_fees"]),
        monthly_management_fee=kept(v["monthly_management_fee"]), sale_date=kept(v["sale_date"], np.int32),
        short_sale_price_ratio=kept(v["market.short_sale_price_ratio"]),
        dealer_purchase_ratio=kept(v["market.dealer_purchase_ratio"]),
        auction_realized_ratio=kept(v["auction.realized_to_market_ratio"]),
        land_parcels=kept(v["land_parcels"], np.int8), buildings=kept(v["buildings"], np.int8),
        bonus_month=kept(v["bonus_months"], np.int8),
        court=np.full(len(keep), -1, np.int32) if r.court is None else kept(r.court, np.int32),
        located=r.court is not None,
        errors=errors, rows_read=r.frame.n,
    )
