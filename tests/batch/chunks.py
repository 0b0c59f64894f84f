"""Build ``TapeChunk``s straight from dicts (the kernel's tests need no tape file)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from zansai.batch.chunk import MISSING, NO_DATE, TapeChunk
from zansai.batch.params import day

DEFAULTS: dict[str, Any] = {
    "payment_day": 1, "method": 0, "bonus_principal": 0, "current_balance": MISSING,
    "balance_date": None, "first_missed": None, "appraisal_low": MISSING, "appraisal_high": MISSING,
    "property_type": 0, "lien_rank": 1, "senior_claim": 0, "lender_type": 0, "guarantor_company": True,
    "late_rate": MISSING, "moving_cost": MISSING, "unpaid_management_fees": 0,
    "monthly_management_fee": MISSING, "short_sale_price_ratio": MISSING,
    "dealer_purchase_ratio": MISSING, "auction_realized_ratio": MISSING, "region": "",
    "land_parcels": 1, "buildings": 1, "bonus_month": 6, "court": -1,
}
DATES = {"first_payment", "balance_date", "first_missed", "sale_date"}
INT32 = {"term_months", "first_payment", "balance_date", "first_missed", "sale_date", "court"}
INT8 = {"payment_day", "method", "property_type", "lien_rank", "lender_type", "land_parcels", "buildings",
        "bonus_month"}


def chunk_of(loans: list[dict[str, Any]], *, at: date) -> TapeChunk:
    """``loans``: dicts of TapeChunk fields (dates as ``date``); ``sale_date`` defaults to ``at``."""
    cols: dict[str, list[Any]] = {}
    names = [f for f in TapeChunk.__slots__ if f not in ("errors", "rows_read", "located")]  # type: ignore[attr-defined]
    for n, loan in enumerate(loans):
        full = {**DEFAULTS, "sale_date": at, "row": n + 1, "loan_id": f"L{n + 1}", **loan}
        if full["balance_date"] is None and full["current_balance"] != MISSING:
            full["balance_date"] = at
        for name in names:
            v = full[name]
            if name in DATES:
                v = NO_DATE if v is None else day(v)
            cols.setdefault(name, []).append(v)
    arrays: dict[str, Any] = {}
    for name in names:
        values = cols.get(name, [])
        if name in ("loan_id", "region"):
            arrays[name] = list(values)
        elif name == "guarantor_company":
            arrays[name] = np.array(values, np.bool_)
        elif name in INT32:
            arrays[name] = np.array(values, np.int32)
        elif name in INT8:
            arrays[name] = np.array(values, np.int8)
        else:
            arrays[name] = np.array(values, np.int64)
    located = any(loan.get("court", -1) >= 0 for loan in loans)
    return TapeChunk(**arrays, rows_read=len(loans), located=located)
