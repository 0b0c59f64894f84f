"""The tape's columns (published keys, docs/batch-tape.md): the form of each cell, its bounds, its choices.

The bounds are input bounds, not rules: the dated legal and market figures a row is checked
against (such as ``loan.bonus_share_cap``) come from the rule book.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

from zansai.batch.chunk import (
    LENDER_BANK,
    LENDER_JHF,
    METHOD_ANNUITY,
    METHOD_EQUAL_PRINCIPAL,
    PROPERTY_CONDO,
    PROPERTY_HOUSE,
)
from zansai.loanspec import METHODS

MAX_TAPE_YEN = 10**10
"""Largest amount a tape may hold (100億円): an input bound, not a rule. It keeps the kernel's
products (an amount × a rate over ``RATE_SCALE``) inside 64-bit integers."""
MAX_LOAN_ID = 64
MAX_TERM_MONTHS = 600
MAX_RATE_PERCENT = 20
MAX_LATE_RATE_PERCENT = 30
MAX_LIEN_RANK = 20
MAX_LAND_PARCELS = 100
MAX_BUILDINGS = 20
"""The case file's bounds on 土地の筆数 and 建物の個数 (``case.schema``)."""
MAX_OVERRIDE_RATIO = Fraction(3, 2)
PERCENT_DIGITS = 6
RATIO_DIGITS = 8
EARLIEST, LATEST = date(1900, 1, 1), date(2200, 12, 31)
"""Input bounds for every date (and month) on a tape."""

Kind = Literal["text", "yen", "int", "percent", "ratio", "date", "month", "choice", "code", "court"]


@dataclass(frozen=True, slots=True)
class Cell:
    """What a column's cells hold: ``kind``, the bounds ``lo``–``hi`` (yen: ``lo`` only, up to
    ``MAX_TAPE_YEN``; percent: 0–``hi``) and whether every row must give one."""

    kind: Kind
    lo: int = 0
    hi: int = 0
    required: bool = False


CELLS: dict[str, Cell] = {
    "loan_id": Cell("text", required=True),
    "principal": Cell("yen", lo=1, required=True),
    "rate": Cell("percent", hi=MAX_RATE_PERCENT, required=True),
    "term_months": Cell("int", 1, MAX_TERM_MONTHS, required=True),
    "start_month": Cell("month"),
    "payment_day": Cell("int", 1, 31),
    "first_payment": Cell("date"),
    "method": Cell("choice"),
    "bonus_share": Cell("percent", hi=100),
    "bonus_months": Cell("choice"),
    "current_balance": Cell("yen", lo=0),
    "balance_date": Cell("date"),
    "first_missed": Cell("date"),
    "collateral_value": Cell("yen", lo=1, required=True),
    "appraisal_low": Cell("yen", lo=1),
    "appraisal_high": Cell("yen", lo=1),
    "property_type": Cell("choice"),
    "land_parcels": Cell("int", 0, MAX_LAND_PARCELS),
    "buildings": Cell("int", 1, MAX_BUILDINGS),
    "lien_rank": Cell("int", 1, MAX_LIEN_RANK),
    "senior_claim": Cell("yen", lo=0),
    "lender_type": Cell("choice"),
    "guarantee_company": Cell("choice"),
    "region": Cell("text"),
    "prefecture_code": Cell("int", 1, 47),
    "municipality_code": Cell("code"),
    "court": Cell("court"),
    "late_rate": Cell("percent", hi=MAX_LATE_RATE_PERCENT),
    "moving_cost": Cell("yen", lo=0),
    "unpaid_management_fees": Cell("yen", lo=0),
    "monthly_management_fee": Cell("yen", lo=0),
    "sale_date": Cell("date"),
    "market.short_sale_price_ratio": Cell("ratio"),
    "market.dealer_purchase_ratio": Cell("ratio"),
    "auction.realized_to_market_ratio": Cell("ratio"),
}
"""Each column's cells (the order is that of ``COLUMNS``)."""

COLUMNS = tuple(CELLS)
"""Every column a tape may have, in the order rows are checked (a row's first failure is reported)."""
REQUIRED = tuple(name for name, cell in CELLS.items() if cell.required)
"""Required columns; besides them ``start_month`` or ``first_payment``."""
OVERRIDES = {
    "market.short_sale_price_ratio": "short_sale_price_ratio",
    "market.dealer_purchase_ratio": "dealer_purchase_ratio",
    "auction.realized_to_market_ratio": "auction_realized_ratio",
}
"""Per-loan rule overrides: the rule key (the column) → the ``TapeChunk`` field."""
REGION_COLUMNS = ("prefecture_code", "municipality_code", "court")
"""The coded region (``batch.region``): a tape with any of them gets each loan's court."""

PROPERTY_TYPES = {"house": PROPERTY_HOUSE, "戸建て": PROPERTY_HOUSE, "戸建": PROPERTY_HOUSE,
                  "一戸建て": PROPERTY_HOUSE, "condo": PROPERTY_CONDO, "マンション": PROPERTY_CONDO,
                  "mansion": PROPERTY_CONDO}
LENDER_TYPES = {"bank": LENDER_BANK, "銀行": LENDER_BANK, "jhf": LENDER_JHF, "flat35": LENDER_JHF,
                "フラット35": LENDER_JHF, "住宅金融支援機構": LENDER_JHF}
METHOD_CODES = {k: METHOD_ANNUITY if v == "annuity" else METHOD_EQUAL_PRINCIPAL for k, v in METHODS.items()}
BOOLEANS = {"true": 1, "false": 0, "1": 1, "0": 0, "yes": 1, "no": 0, "あり": 1, "なし": 0}
BONUS_MONTHS = {spelling.format(a=x, b=y): a
                for a in range(1, 7) for x, y in ((a, a + 6), (a + 6, a))
                for spelling in ("{a},{b}", "{a}, {b}", "{a}/{b}", "{a}・{b}", "{a}、{b}",
                                 "{a}月・{b}月", "{a}月と{b}月", "{a}月,{b}月")}
"""The two bonus months, six months apart, as the case file writes them (``6,12``, ``6月・12月``)
→ the earlier one (1–6; the other is 6 months later)."""
CHOICES = {"method": METHOD_CODES, "property_type": PROPERTY_TYPES, "lender_type": LENDER_TYPES,
           "guarantee_company": BOOLEANS, "bonus_months": BONUS_MONTHS}
"""The words a choice column accepts (lower case) → their code."""
