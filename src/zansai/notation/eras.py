"""The eras of the Japanese calendar (元号・和暦), read from the rule book (rule ``calendar.era``).

An era's first day is a legal fact (the 政令 under 元号法 since 平成, imperial rescripts before;
docs/sources/calendar-eras.md), so it lives in a dated rule file with its sources, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from zansai.messages import msg
from zansai.notation.text import NotationError
from zansai.rules import RuleBook

ERA_RULE = "calendar.era"


@dataclass(frozen=True, slots=True)
class Era:
    """One era: its name (令和), initial (R), the Gregorian year of its 元年 and its days."""

    name: str
    initial: str
    first_year: int
    start: date
    end: date | None
    """The next era's first day (exclusive); None for the era in force."""

    def gregorian_year(self, year: int) -> int:
        """The Gregorian year of this era's year ``year`` (1 = 元年)."""
        return self.first_year + year - 1

    def check(self, first: date, last: date) -> None:
        """Refuse a day, or a month (``first``..``last``), wholly outside the era."""
        if last < self.start:
            raise NotationError(msg("inputs.date.era_before", era=self.name, start=self.start.isoformat(),
                                    start_ja=self.japanese(self.start)))
        if self.end is not None and first >= self.end:
            last_day = self.end - timedelta(days=1)
            successor = next((e.name for e in eras() if e.start == self.end), "")
            raise NotationError(msg("inputs.date.era_after", era=self.name, last=last_day.isoformat(),
                                    last_ja=self.japanese(last_day), next=successor))

    def japanese(self, day: date) -> str:
        """``day`` written in this era without its name: 元年5月1日, 31年4月30日."""
        year = day.year - self.first_year + 1
        return f"{'元' if year == 1 else year}年{day.month}月{day.day}日"


@cache
def eras() -> tuple[Era, ...]:
    """Every era of the rule, oldest first."""
    rule = RuleBook.default().get(ERA_RULE)
    return tuple(Era(name=str(p.value["name"]), initial=str(p.value["initial"]),
                     first_year=int(p.value["first_year"]), start=p.start, end=p.end)
                 for p in rule.periods)


def era_named(name: str) -> Era | None:
    """The era written ``name``: its name (平成) or its initial (H, h)."""
    for era in eras():
        if name in (era.name, era.initial, era.initial.lower()):
            return era
    return None


def era_of(day: date) -> Era | None:
    """The era in force on ``day`` (None before the first one the rule covers)."""
    for era in eras():
        if era.start <= day and (era.end is None or day < era.end):
            return era
    return None
