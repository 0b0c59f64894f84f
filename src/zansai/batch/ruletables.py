"""Date-indexed rule tables: a chunk finds each loan's row with one vectorised lookup.

A rule's value changes only on its periods' boundaries, so the rows a table can have are one per
stretch between the change days of the rules it reads (``PeriodTable``, built once per run; a
day's row is ``np.searchsorted`` over the sorted change days). The delinquency timeline's row is
not piecewise constant in its date (its milestones move with the first missed payment), so
``DayMemo`` keeps one row per distinct (date, lender, guarantee) in a day-indexed array: a chunk
gathers the rows it has seen and builds only the new ones (through ``timelines.TimelineMemo``,
which computes each identical timeline once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from zansai.batch import manifest
from zansai.batch.chunk import NO_DATE
from zansai.batch.params import Table, day, from_day
from zansai.errors import ZansaiError
from zansai.rules import RuleBook

Row = npt.NDArray[np.int64]


def change_days(book: RuleBook, table: manifest.Table) -> list[int]:
    """The days (sorted) on which a rule read into ``table`` on a date may change value: every
    period's start and end. Rules not read on a date (``contract_cap``) are left out."""
    days: set[int] = set()
    for read in manifest.reads(table):
        if read.codec == "contract_cap":
            continue
        for p in book.get(read.key).periods:
            days.add(day(p.start))
            if p.end is not None:
                days.add(day(p.end))
    return sorted(days)


def _reason(exc: Exception) -> tuple[str, str]:
    return getattr(exc, "message_ja", str(exc)), getattr(exc, "message_en", str(exc))


@dataclass
class PeriodTable:
    """One row per stretch of days on which every rule of ``table`` keeps its value, plus a zero
    row for a loan that needs none (``NO_DATE``). Rows a rule does not cover are marked bad."""

    width: int
    build: Callable[[date], Row]
    starts: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    bad: npt.NDArray[np.bool_]

    @classmethod
    def create(cls, book: RuleBook, table: manifest.Table, width: int,
               build: Callable[[date], Row]) -> PeriodTable:
        changes = change_days(book, table)
        first = changes[0] - 1 if changes else day(date(2000, 1, 1))
        starts = [first, *changes]  # stretch 0: every day before the first change
        rows, bad = [], []
        for s in starts:
            try:
                rows.append(build(from_day(s)))
                bad.append(False)
            except (ZansaiError, KeyError, ValueError):
                rows.append(np.zeros(width, np.int64))
                bad.append(True)
        rows.append(np.zeros(width, np.int64))  # NO_DATE: a loan turned away before it needs this
        bad.append(False)
        starts[0] = np.iinfo(np.int64).min
        return cls(width, build, np.array(starts, np.int64), np.vstack(rows), np.array(bad, np.bool_))

    def lookup(self, days: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
        """Each day's row (vectorised)."""
        idx = np.searchsorted(self.starts, days, side="right").astype(np.int32) - 1
        idx[days == NO_DATE] = len(self.starts)
        return idx

    def arrays(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        return self.rows, self.bad

    def reason(self, row: int, on: int) -> tuple[str, str] | None:
        """Why row ``row`` is bad, in the words of the rule that fails on the loan's own day ``on``."""
        if not self.bad[row]:
            return None
        try:
            self.build(from_day(on))
        except (ZansaiError, KeyError, ValueError) as exc:
            return _reason(exc)
        return ("ルールの値が見つかりません", "a rule value is missing")  # pragma: no cover


LOW, HIGH = day(date(1900, 1, 1)), day(date(2301, 1, 1))
"""The days ``DayMemo`` indexes directly (the tape's dates and their terms); others go by dict."""


@dataclass
class DayMemo:
    """Rows built once per distinct packed key ``day × 4 + lender × 2 + guarantee`` (``Table``),
    found through a day-indexed array of row numbers (−1: not built yet)."""

    table: Table
    timing: int = 0
    """The timing class its keys carry (``region.CourtTimings``: 0, the national timeline)."""
    at: npt.NDArray[np.int32] = field(init=False)

    def __post_init__(self) -> None:
        self.at = np.full((HIGH - LOW) * 4, -1, np.int32)

    def lookup(self, packed: npt.NDArray[np.int64], days: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
        """Each loan's row; ``days`` (its date, or ``NO_DATE``) says which keys the array holds."""
        inside = (days >= LOW) & (days < HIGH)
        slot = np.where(inside, packed - 4 * LOW, 0)
        idx = np.where(inside, self.at[slot], -1)
        todo = np.flatnonzero(idx < 0)
        if todo.size:
            uniq, inverse = np.unique(packed[todo], return_inverse=True)
            rows = self.table.lookup([_key(int(u), self.timing) for u in uniq])
            idx[todo] = rows[inverse.reshape(-1)]
            new_in = inside[todo]
            self.at[slot[todo][new_in]] = idx[todo][new_in]
        return idx.astype(np.int32)


def _key(k: int, timing: int = 0) -> tuple[object, ...]:
    if k // 4 == NO_DATE:
        return (None,)
    return (k // 4, (k // 2) % 2, k % 2) + ((timing,) if timing else ())


__all__ = ["DayMemo", "PeriodTable", "change_days"]
