"""The cap on a loan's bonus part (rule ``loan.bonus_share_cap``) on each first due date, memoised:
a tape holds few distinct first due dates, and the rule book is asked once for each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction

from zansai.batch.chunk import RATE_SCALE
from zansai.batch.tape import messages
from zansai.batch.tape.days import EPOCH
from zansai.errors import RuleCoverageError
from zansai.rules import RuleBook

RULE = "loan.bonus_share_cap"


@dataclass(slots=True)
class BonusCaps:
    book: RuleBook
    _scaled: dict[int, int] = field(default_factory=dict)
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

    def reason(self, day: int) -> messages.Reason:
        """Why a bonus share is too large for a first payment on ``day``."""
        try:
            cap = self.book.at(RULE, EPOCH + timedelta(days=day))
        except RuleCoverageError as exc:
            return exc.message_ja, exc.message_en
        return messages.bonus_over_cap(cap)
