"""Calendar arithmetic on day numbers (days since 1970-01-01), vectorised by table look-up.

The tables hold every month from ``EARLIEST`` to ``LATEST`` plus the longest term, and the month
of every day in that span. A month index is year × 12 + month − 1.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from zansai.batch.chunk import I64, B
from zansai.batch.tape.columns import EARLIEST, LATEST, MAX_TERM_MONTHS

EPOCH = date(1970, 1, 1)
EPOCH_MONTH = 1970 * 12


def day_number(d: date) -> int:
    return (d - EPOCH).days


def iso(days: int) -> str:
    return (EPOCH + timedelta(days=int(days))).isoformat()


FIRST_MONTH = EARLIEST.year * 12
MONTH_START = np.array([day_number(date(m // 12, m % 12 + 1, 1)) for m in
                        range(FIRST_MONTH, (LATEST.year + MAX_TERM_MONTHS // 12 + 2) * 12 + 1)], np.int64)
DAYS_IN = np.diff(MONTH_START)
MONTH_OF_DAY = np.repeat(np.arange(FIRST_MONTH, FIRST_MONTH + len(DAYS_IN), dtype=np.int64), DAYS_IN)


def clamped(month_index: I64, pday: I64) -> I64:
    """The date in month ``year × 12 + month − 1`` on ``pday``, clamped to the month's last day."""
    k = np.clip(month_index - FIRST_MONTH, 0, len(DAYS_IN) - 1)
    return np.asarray(MONTH_START[k] + np.minimum(pday, DAYS_IN[k]) - 1, dtype=np.int64)


def month_of(days: I64) -> I64:
    """The month index (year × 12 + month − 1) of each day number."""
    k = np.clip(days - MONTH_START[0], 0, len(MONTH_OF_DAY) - 1)
    return np.asarray(MONTH_OF_DAY[k], dtype=np.int64)


def in_month_table(days: I64) -> B:
    """Whether each day number lies in the span the month table covers."""
    return np.asarray((days >= MONTH_START[0]) & (days < MONTH_START[0] + len(MONTH_OF_DAY)), np.bool_)
