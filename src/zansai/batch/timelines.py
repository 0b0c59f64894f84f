"""The delinquency timeline's rows, each identical timeline computed once (延滞から競売までの日程).

A timeline row (``params.key_row``) is the engine's own ``delinquency_timeline``: its milestones
are chained from the first missed payment, so the row is not piecewise constant in its date and
cannot be a ``PeriodTable``. Its real inputs are few, though: the lender type and guarantee, the
rule values in force on the days it reads, and the calendar from the first missed date on. The
Gregorian calendar repeats every four years between 1901-03-01 and 2100-02-28 (1,461 days: 2000 is
a leap year, 1900 and 2100 are not), so two first missed dates on the same month and day, with
years four apart, and with no timeline rule changing on or between the days either reads, give the
same timeline moved by a whole number of 1,461 days. ``TimelineMemo`` keeps one timeline per such
calendar position and moves it; any other date is computed by the engine. The auction costs of the
row (read on its filing and payment dates) are piecewise constant and kept per stretch of days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from zansai.batch import manifest
from zansai.batch.chunk import NO_DATE
from zansai.batch.params import (
    FILING_AT,
    PAYMENT_AT,
    TIMELINE_COLUMNS,
    day,
    from_day,
    key_rules,
    timeline_days,
)
from zansai.batch.ruletables import change_days
from zansai.rules import RuleBook

if TYPE_CHECKING:
    from zansai.engine.timeline_court import CourtTiming

Row = npt.NDArray[np.int64]

CYCLE_YEARS, CYCLE_DAYS = 4, 1461
FIRST, LAST = day(date(1901, 3, 1)), day(date(2100, 2, 28))
"""The days on which the calendar repeats every ``CYCLE_YEARS`` years (``CYCLE_DAYS`` days)."""


@dataclass(frozen=True, slots=True)
class _Known:
    """A timeline computed by the engine: its first missed day, its days, and the first and last
    day of its milestones (which bound the days its rules are read on)."""

    first: int
    days: Row
    low: int
    high: int


@dataclass
class TimelineMemo:
    """``params.key_row`` with identical timelines computed once (see the module's docstring)."""

    book: RuleBook
    at: date
    courts: tuple[CourtTiming, ...] = ()
    """The courts' published months to distribution, by timing class − 1 (``region.CourtTimings``)."""
    computed: int = 0
    """How many timelines the engine computed (the rest were moved)."""
    known: dict[tuple[int, ...], _Known] = field(default_factory=dict)
    rules: dict[tuple[int, int], Row] = field(default_factory=dict)
    timeline_changes: npt.NDArray[np.int64] = field(init=False)
    key_changes: npt.NDArray[np.int64] = field(init=False)

    def __post_init__(self) -> None:
        self.timeline_changes = np.array(change_days(self.book, manifest.Table.TIMELINE), np.int64)
        self.key_changes = np.array(change_days(self.book, manifest.Table.KEY), np.int64)

    def row(self, first: int, lender: int, guaranteed: int, timing: int = 0) -> Row:
        """The KT_ row of the timeline from day ``first`` (what ``params.key_row`` gives); ``timing``:
        0 on the national rules, else the class of a located loan's court (its months to
        distribution date the auction's practice stages, as in the engine)."""
        d = from_day(first)
        position = (d.month, d.day, d.year % CYCLE_YEARS, lender, guaranteed, int(d > self.at), timing)
        days = self._moved(self.known.get(position), first)
        if days is None:
            court = self.courts[timing - 1] if timing else None
            days, low, high = timeline_days(self.book, d, lender, bool(guaranteed), self.at, court)
            if court is not None:  # the engine also reads the national dates (its proportions)
                _, n_low, n_high = timeline_days(self.book, d, lender, bool(guaranteed), self.at)
                low, high = min(low, n_low), max(high, n_high)
            self.computed += 1
            if low >= FIRST and high <= LAST:
                self.known[position] = _Known(first, days, low, high)
        row = self._rules(int(days[FILING_AT]), int(days[PAYMENT_AT])).copy()
        row[list(TIMELINE_COLUMNS)] = days
        return row

    def _moved(self, known: _Known | None, first: int) -> Row | None:
        """``known``'s days moved to ``first``, or None when the move is not exact."""
        if known is None:
            return None
        shift = first - known.first
        low = min(known.low, known.low + shift)
        high = max(known.high, known.high + shift)
        if low < FIRST or high > LAST or shift % CYCLE_DAYS:
            return None
        # the values in force stay the same: no timeline rule changes on or between the days read
        if self._changes_within(self.timeline_changes, low - 1, high + 1):
            return None
        return np.where(known.days == NO_DATE, NO_DATE, known.days + shift)

    @staticmethod
    def _changes_within(changes: npt.NDArray[np.int64], low: int, high: int) -> bool:
        return bool(np.searchsorted(changes, high, side="right") > np.searchsorted(changes, low, side="left"))

    def _rules(self, filing: int, payment: int) -> Row:
        """The auction costs read on ``filing`` and ``payment``, one row per pair of stretches."""
        stretch = (int(np.searchsorted(self.key_changes, filing, side="right")),
                   int(np.searchsorted(self.key_changes, payment, side="right")))
        row = self.rules.get(stretch)
        if row is None:
            row = self.rules[stretch] = key_rules(self.book, from_day(filing), from_day(payment))
        return row


__all__ = ["TimelineMemo"]
