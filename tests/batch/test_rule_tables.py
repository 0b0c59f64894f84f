"""The date-indexed rule tables give every day the row the rule book gives that day (issue 19 §3).

``PeriodTable`` builds one row per stretch between the change days of a table's rules and finds a
day's row by ``np.searchsorted``; on any day, before, inside and after every rule's coverage, that
row must equal the row built directly on the day (``params.sale_row``, ``params.late_row``), and a
day no rule covers must be marked bad with the very reason the direct build gives.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from zansai.batch import layout as F
from zansai.batch import manifest
from zansai.batch.chunk import NO_DATE
from zansai.batch.params import Table, day, from_day, key_row, late_row, sale_row
from zansai.batch.ruletables import DayMemo, PeriodTable, change_days
from zansai.batch.timelines import TimelineMemo
from zansai.errors import ZansaiError
from zansai.rules import RuleBook

BOOK = RuleBook.default()
AT = date(2026, 12, 1)


def _days() -> list[date]:
    """Every change day of the sale and late tables, the day before each, and random days 1995–2045."""
    out = {date(1995, 1, 1), date(2045, 12, 31)}
    for table in (manifest.Table.SALE, manifest.Table.LATE):
        for d in change_days(BOOK, table):
            for k in (-1, 0, 1):
                out.add(date(1970, 1, 1) + timedelta(days=d + k))
    rng = np.random.default_rng(7)
    out |= {date(1995, 1, 1) + timedelta(days=int(n)) for n in rng.integers(0, 18_600, 150)}
    return sorted(out)


@pytest.mark.parametrize(("table", "width", "build"), [
    (manifest.Table.SALE, F.SP_WIDTH, sale_row), (manifest.Table.LATE, F.LT_WIDTH, late_row)])
def test_a_days_row_is_the_row_built_on_that_day(table: manifest.Table, width: int, build: object) -> None:
    """Across every change day of the shipped rules (the consumption tax's 2019-10-01, the rule
    book's 2014-04-01 start of coverage, …) and on random days before, inside and after them."""
    direct = build  # type: ignore[assignment]
    periods = PeriodTable.create(BOOK, table, width, lambda d: direct(BOOK, d))  # type: ignore[operator]
    days = _days()
    idx = periods.lookup(np.array([day(d) for d in days], np.int64))
    rows, bad = periods.arrays()
    covered = 0
    for d, i in zip(days, idx, strict=True):
        why = None
        try:
            want = direct(BOOK, d)  # type: ignore[operator]
        except ZansaiError as exc:
            why = (exc.message_ja, exc.message_en)
        if why is not None:
            assert bad[i], d
            assert periods.reason(int(i), day(d)) == why
            continue
        covered += 1
        assert not bad[i], d
        assert rows[i].tolist() == want.tolist(), d
    assert covered > 100
    assert len(rows) < 60  # a handful of stretches, not one row per day


def test_the_consumption_tax_row_changes_on_2019_10_01() -> None:
    """消費税法29条: 8% to 2019-09-30, 10% from 2019-10-01 (令和元年国交省告示第493号,
    docs/sources/law-sale-costs.md §1.1)."""
    periods = PeriodTable.create(BOOK, manifest.Table.SALE, F.SP_WIDTH, lambda d: sale_row(BOOK, d))
    before, after = periods.lookup(np.array([day(date(2019, 9, 30)), day(date(2019, 10, 1))], np.int64))
    assert periods.rows[before][F.SP_TAX] == 800
    assert periods.rows[after][F.SP_TAX] == 1000


def test_no_date_gets_an_empty_row_that_is_not_bad() -> None:
    periods = PeriodTable.create(BOOK, manifest.Table.LATE, F.LT_WIDTH, lambda d: late_row(BOOK, d))
    (i,) = periods.lookup(np.array([NO_DATE], np.int64))
    assert not periods.bad[i]
    assert not periods.rows[i].any()


def test_the_day_memo_builds_each_key_once_and_gathers_it_after() -> None:
    """The timeline's row by (first missed date, lender, guarantee): a second chunk builds nothing."""
    built: list[tuple[object, ...]] = []

    def build(d: int, lender: int, gc: int) -> np.ndarray:
        built.append((d, lender, gc))
        return key_row(BOOK, date(1970, 1, 1) + timedelta(days=d), lender, bool(gc), AT)

    memo = DayMemo(Table(F.KT_WIDTH, build))
    first = np.array([day(date(2026, 8, 27))] * 3 + [day(date(2026, 9, 27)), NO_DATE], np.int64)
    packed = first * 4 + np.array([0, 0, 2, 1, 0])
    idx = memo.lookup(packed, first)
    assert len(built) == 3  # two keys on one day, one on another; NO_DATE: an empty row, not built
    assert idx[0] == idx[1] != idx[2]
    again = memo.lookup(packed[::-1].copy(), first[::-1].copy())
    assert len(built) == 3
    assert again.tolist() == idx[::-1].tolist()
    rows, _bad = memo.table.arrays()
    assert rows[idx[2]].tolist() != rows[idx[0]].tolist()  # JHF's timeline is not a bank's
    assert not rows[idx[4]].any()


def _timeline_days() -> list[date]:
    """Every change day of the timeline rules and the days either side, random days 1995–2045, and
    dates with the same month and day four, eight and twelve years apart (29 February included)."""
    out = {date(1995, 1, 1), date(2045, 12, 31), AT, AT + timedelta(days=1)}
    for d in change_days(BOOK, manifest.Table.TIMELINE) + change_days(BOOK, manifest.Table.KEY):
        for k in (-1, 0, 1):
            out.add(date(1970, 1, 1) + timedelta(days=d + k))
    rng = np.random.default_rng(19)
    out |= {date(1995, 1, 1) + timedelta(days=int(n)) for n in rng.integers(0, 18_600, 120)}
    bases = [date(1996, 2, 29), date(2019, 2, 28), date(2020, 1, 31)]
    bases += [date(1996, 1, 1) + timedelta(days=int(n)) for n in rng.integers(0, 12_000, 25)]
    out |= {b.replace(year=b.year + k) for b in bases for k in (0, 4, 8, 12)}
    return sorted(out)


def _direct(first: date, lender: int, gc: int) -> tuple[list[int] | None, object]:
    try:
        return key_row(BOOK, first, lender, bool(gc), AT).tolist(), None
    except ZansaiError as exc:
        return None, (exc.message_ja, exc.message_en)


def test_a_memoised_timeline_row_is_the_engines_row_on_every_day() -> None:
    """``TimelineMemo`` moves a timeline by whole four-year cycles instead of asking the engine
    again; every day (each side of every timeline rule's change day, random days 1995–2045, the
    same month and day years apart) and every lender type must get exactly ``key_row``'s row, or
    the same refusal."""
    days = _timeline_days()
    calls = moved = covered = 0
    for lender, gc in ((0, 1), (0, 0), (1, 0), (1, 1)):
        memo = TimelineMemo(BOOK, AT)
        for d in days:
            want, why = _direct(d, lender, gc)
            calls += 1
            before = memo.computed
            if why is not None:
                with pytest.raises(ZansaiError) as info:
                    memo.row(day(d), lender, gc)
                assert (info.value.message_ja, info.value.message_en) == why, d
                continue
            covered += 1
            assert memo.row(day(d), lender, gc).tolist() == want, (d, lender, gc)
            moved += memo.computed == before
    assert covered > 400
    assert moved > 60  # the same calendar position years apart, within one stretch of the rules: moved


def test_a_timeline_is_not_moved_across_a_rule_change() -> None:
    """売却決定期日: within 1 week of the 開札 until 2020-04-01, within 3 weeks from then (民事執行規則
    46条2項; docs/sources/law-debt-divorce.md §4.3). A bank loan first missed on 2018-03-27 and one
    on 2022-03-27 share a calendar position, but moving the first by 1,461 days would put the
    second's 代金納付 two weeks early: the engine computes it. 2026-03-27 is then moved."""
    memo = TimelineMemo(BOOK, AT)
    first, later, again = date(2018, 3, 27), date(2022, 3, 27), date(2026, 3, 27)
    old = memo.row(day(first), 0, 1)
    new = memo.row(day(later), 0, 1)
    assert new.tolist() == key_row(BOOK, later, 0, True, AT).tolist()
    assert new[F.KT_PAY] - old[F.KT_PAY] == 1461 + 14
    assert memo.computed == 2
    assert memo.row(day(again), 0, 1).tolist() == key_row(BOOK, again, 0, True, AT).tolist()
    assert memo.computed == 2


def test_a_change_between_the_first_missed_date_and_the_first_milestone_stops_the_move() -> None:
    """The timeline reads its first rules on the first missed date itself: a bank's acceleration
    gap (an invented change, 3 to 4 months on 2019-06-15, three weeks after the first missed date)
    read on 2019-05-27 and on 2023-05-27 is not the same, so the 2023 timeline is not moved."""
    rule = BOOK.get("timeline.bank_acceleration_months")
    (period,) = rule.periods
    changed = replace(rule, periods=(replace(period, end=date(2019, 6, 15)),
                                     replace(period, start=date(2019, 6, 15), value=4, low=4, high=6)))
    book = RuleBook({rule.key: changed})
    memo = TimelineMemo(book, AT)
    memo.row(day(date(2019, 5, 27)), 0, 1)
    later = memo.row(day(date(2023, 5, 27)), 0, 1)
    assert memo.computed == 2
    assert later.tolist() == key_row(book, date(2023, 5, 27), 0, True, AT).tolist()
    assert from_day(int(later[F.KT_ACC])) == date(2023, 9, 27)
