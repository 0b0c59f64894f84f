"""The cap on a loan's bonus part (rule ``loan.bonus_share_cap``) on each first due date: the rule
book is asked once per stretch between the rule's period boundaries, and a chunk's loans find
their stretch with one vectorised search (no Python per row or per distinct date)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction

import numpy as np

from zansai.batch.chunk import I64, RATE_SCALE
from zansai.batch.tape import messages
from zansai.batch.tape.days import EPOCH, day_number
from zansai.errors import RuleCoverageError
from zansai.rules import RuleBook

RULE = "loan.bonus_share_cap"


@dataclass(slots=True)
class BonusCaps:
    book: RuleBook
    _scaled: dict[int, int] = field(default_factory=dict)
    _stretches: tuple[I64, I64] | None = None
    """The first day of every stretch on which the cap keeps its value, and that value (scaled)."""
    """loan.bonus_share_cap × RATE_SCALE (floored) by first payment day (-1: the rule does not cover it)."""

    def scaled(self, day: int) -> int:
        """The cap in force on day number ``day`` × RATE_SCALE, floored; -1 where the rule does not
        cover the day (no bonus part is allowed then, as loanspec decides)."""
        if day not in self._scaled:
            try:
                cap = self.book.at(RULE, EPOCH + timedelta(days=day))
            except RuleCoverageError:
                self._scaled[day] = -1
            else:
                scaled = Fraction(cap.value) * RATE_SCALE
                self._scaled[day] = scaled.numerator // scaled.denominator
        return self._scaled[day]

    def scaled_many(self, days: I64) -> I64:
        """``scaled`` of every day number in ``days`` (vectorised)."""
        if self._stretches is None:
            bounds: set[int] = set()
            for p in self.book.get(RULE).periods:  # both sides of an end day: inclusive or not
                bounds.add(day_number(p.start))
                if p.end is not None:
                    bounds.update((day_number(p.end), day_number(p.end) + 1))
            firsts = sorted(bounds)
            starts = [firsts[0] - 1 if firsts else 0, *firsts]  # stretch 0: every day before
            values = np.array([self.scaled(s) for s in starts], np.int64)
            self._stretches = (np.array([np.iinfo(np.int64).min, *starts[1:]], np.int64), values)
        lows, caps = self._stretches
        return np.asarray(caps[np.searchsorted(lows, days, side="right") - 1], np.int64)

    def reason(self, day: int) -> messages.Reason:
        """Why a bonus share is too large for a first payment on ``day``."""
        try:
            cap = self.book.at(RULE, EPOCH + timedelta(days=day))
        except RuleCoverageError as exc:
            return exc.message_ja, exc.message_en
        return messages.bonus_over_cap(cap)
