"""One validated chunk of a loan tape, as plain NumPy columns the kernel reads.

Dates are days since 1970-01-01 (``numpy.datetime64[D]`` as int32); ``MISSING`` (-1 for
counts and money, ``NO_DATE`` for dates) marks an optional value that was not given.
Rates are integers over ``RATE_SCALE`` (a percent with up to six decimals is exact).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa

RATE_SCALE = 10**8
"""Annual rates and ratios as ``numerator / RATE_SCALE`` (``1.25%`` → 1_250_000)."""
MISSING = -1
NO_DATE = np.iinfo(np.int32).min
"""A date column's "not given" (days since 1970-01-01 never reach it)."""

METHOD_ANNUITY, METHOD_EQUAL_PRINCIPAL = 0, 1
PROPERTY_HOUSE, PROPERTY_CONDO = 0, 1
LENDER_BANK, LENDER_JHF = 0, 1

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class RowError:
    """A tape row that failed validation: its 1-based data row number and why (ja / en)."""

    row: int
    loan_id: str
    column: str
    value: str
    message_ja: str
    message_en: str


@dataclass(slots=True)
class TapeChunk:
    """Valid rows of one chunk (every array has one entry per valid row)."""

    row: I64
    """1-based data row number in the tape (the header is not counted)."""
    loan_id: pa.Array
    """Arrow strings, kept as Arrow from the tape to the results file (never Python objects)."""
    region: pa.Array
    principal: I64
    rate: I64
    """Annual contract rate × RATE_SCALE."""
    term_months: I32
    first_payment: I32
    """Due date of payment 1 (start_month + payment_day, clamped to the month's last day)."""
    payment_day: I8
    method: I8
    bonus_principal: I64
    """floor(principal × bonus_share) (the case file's rule); 0 without a bonus part."""
    current_balance: I64
    balance_date: I32
    first_missed: I32
    collateral_value: I64
    appraisal_low: I64
    appraisal_high: I64
    property_type: I8
    lien_rank: I8
    senior_claim: I64
    lender_type: I8
    guarantor_company: B
    late_rate: I64
    moving_cost: I64
    unpaid_management_fees: I64
    monthly_management_fee: I64
    sale_date: I32
    short_sale_price_ratio: I64
    dealer_purchase_ratio: I64
    auction_realized_ratio: I64
    land_parcels: I8
    """土地の筆数 (default 1): with ``buildings``, the properties a lien release registers."""
    buildings: I8
    bonus_month: I8
    """The earlier of the two bonus months (1–6; the other is 6 months later; default 6: June and
    December, the case file's default)."""
    court: I32
    """The court that would sell the home (``batch.region``'s index), -1 without a location."""
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    """Data rows in this chunk, valid or not."""
    located: bool = False
    """The tape has a coded region column (the results then carry each loan's court)."""

    def __post_init__(self) -> None:
        # a list of texts (tests, hand-built chunks) becomes the Arrow array the pipeline carries
        if not isinstance(self.loan_id, pa.Array):
            self.loan_id = pa.array(self.loan_id, pa.string())
        if not isinstance(self.region, pa.Array):
            self.region = pa.array(self.region, pa.string())

    def __len__(self) -> int:
        return len(self.row)

    @classmethod
    def empty(cls) -> TapeChunk:
        """A chunk without rows (every column present, of its type)."""
        arrays: dict[str, object] = {}
        for name, kind in cls.__annotations__.items():
            if name in ("errors", "rows_read", "located"):
                continue
            if kind == "pa.Array":
                arrays[name] = pa.array([], pa.string())
            else:
                dtype = {"I64": np.int64, "I32": np.int32, "I8": np.int8, "B": np.bool_}[kind]
                arrays[name] = np.zeros(0, dtype)
        return cls(**arrays)  # type: ignore[arg-type]
