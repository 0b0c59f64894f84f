"""Dates as day numbers (days since 1970-01-01) and the monthly due dates of a loan (返済日).

H. Hinnant's civil algorithms; a due day beyond the month's end (29–31) falls on its last day.
"""

from __future__ import annotations


def days_from_civil(y: int, m: int, d: int) -> int:
    """The day number of the date ``y-m-d`` (proleptic Gregorian)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z: int) -> tuple[int, int, int]:
    """(year, month, day) of day number ``z``."""
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return y + (m <= 2), m, d


def is_leap(y: int) -> bool:
    """閏年: divisible by 4, except centuries not divisible by 400."""
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def month_days(y: int, m: int) -> int:
    """Days in month ``m`` of year ``y``."""
    if m == 2:
        return 29 if is_leap(y) else 28
    return 30 if (m == 4 or m == 6 or m == 9 or m == 11) else 31


def year_days(y: int) -> int:
    """Days in year ``y`` (365 or 366: the 日割り basis of a lender that counts the real year)."""
    return 366 if is_leap(y) else 365


def due_ym(fy: int, fm: int, k: int) -> tuple[int, int]:
    """(year, month) of payment ``k`` (1-based) of a loan first due in ``fy-fm``."""
    m0 = fy * 12 + fm - 1 + k - 1
    return m0 // 12, m0 % 12 + 1


def due_day(fy: int, fm: int, pday: int, k: int) -> int:
    """Day number of payment ``k``'s due date (1-based; 0 is the month before the first)."""
    y, m = due_ym(fy, fm, k)
    return days_from_civil(y, m, min(pday, month_days(y, m)))


def add_months(z: int, n: int) -> int:
    """Day number ``n`` months after day ``z`` (the same day, or the month's last)."""
    y, m, d = civil_from_days(z)
    m0 = y * 12 + m - 1 + n
    y2 = m0 // 12
    m2 = m0 % 12 + 1
    return days_from_civil(y2, m2, min(d, month_days(y2, m2)))
