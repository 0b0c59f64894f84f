"""Dates and months as Japanese users write them (日付・年月の表記), in either calendar.

Dates: ``2015-04-01``, ``2015/4/1``, ``2015.4.1``, ``2015年4月1日``, ``令和7年4月1日``,
``R7.4.1``, ``H31.4.30``, ``令和元年5月1日``, with a weekday if wanted (``2026年12月7日（月）``,
checked). Months: the same without the day (``2015-04``, ``2015/4``, ``2015年4月``, ``R8.4``).
A date in an era must fall inside it (平成31年5月1日 does not exist: that day is 令和元年5月1日);
a month must share at least one day with it (平成元年1月 is 1月8日–31日).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from zansai.messages import msg
from zansai.notation.eras import Era, era_named
from zansai.notation.text import NotationError, normalize

_ERA = r"(?P<era>明治|大正|昭和|平成|令和|[MTSHRmtshr])(?P<ey>元|[0-9]{1,3})"
_YEAR = rf"(?:{_ERA}|(?P<wy>[0-9]{{4}}))"
_WEEKDAY = r"(?:\((?P<wd>[月火水木金土日])(?:曜日?)?\))?"
_KANJI = re.compile(rf"^{_YEAR}年(?P<m>[0-9]{{1,2}})月(?:(?P<d>[0-9]{{1,2}})日{_WEEKDAY})?$")
_SEPARATED = re.compile(
    rf"^{_YEAR}(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?:(?P=sep)(?P<d>[0-9]{{1,2}}){_WEEKDAY})?$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_JA = "月火水木金土日"


def _read(raw: str) -> tuple[Era | None, int, int, int | None, str | None] | None:
    """(era, Gregorian year, month, day or None, weekday written or None); None if unreadable."""
    text = normalize(raw)
    m = _KANJI.match(text) or _SEPARATED.match(text)
    if m is None or m.group("wy") == "0000":
        return None
    era = None
    if m.group("era"):
        era = era_named(m.group("era"))
        assert era is not None  # the pattern names only the eras of the rule
        year_in_era = 1 if m.group("ey") == "元" else int(m.group("ey"))
        if year_in_era == 0:
            raise NotationError(msg("inputs.date.era_year_zero", era=era.name))
        year = era.gregorian_year(year_in_era)
    else:
        year = int(m.group("wy"))
    month = int(m.group("m"))
    if not 1 <= month <= 12:
        raise NotationError(msg("inputs.date.month_range"))
    day = int(m.group("d")) if m.group("d") else None
    return era, year, month, day, m.group("wd")


def day_of(raw: str) -> date:
    """The date written ``raw``."""
    read = _read(raw)
    if read is None or read[3] is None:
        raise NotationError(msg("inputs.date.unreadable"))
    era, year, month, _, weekday = read
    day = read[3]
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise NotationError(msg("inputs.date.no_such_day", year=year, month=month, day=day))
    on = date(year, month, day)
    if era is not None:
        era.check(on, on)
    if weekday is not None and _WEEKDAY_JA.index(weekday) != on.weekday():
        raise NotationError(msg("inputs.date.weekday", day=on.isoformat(),
                                actual=msg(f"inputs.weekday.{_WEEKDAYS[on.weekday()]}"),
                                written=msg(f"inputs.weekday.{_WEEKDAYS[_WEEKDAY_JA.index(weekday)]}")))
    return on


def month_of(raw: str) -> tuple[int, int]:
    """The month written ``raw`` as (Gregorian year, month)."""
    read = _read(raw)
    if read is None:
        raise NotationError(msg("inputs.date.month_unreadable"))
    era, year, month, day, _ = read
    if day is not None:
        raise NotationError(msg("inputs.date.month_only"))
    if era is not None:
        era.check(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    return year, month
