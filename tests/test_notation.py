"""The input grammar (zansai.notation): every accepted spelling of a value gives the same value.

Hypothesis draws a value (yen, a percentage, a term, a month, a date), writes it in many ways a
Japanese user might (full width, commas, 億/万/千/百, 円 and ¥, ％ and 年利, 年/か月, 西暦 and
和暦 with era names, initials and era squares, spaces anywhere) and checks that each spelling
reads back as the value. Ambiguous or impossible input is refused with the reason's message id.
The era table below is docs/sources/calendar-eras.md §2, written out here so that the rule file
(calendar.era) is checked against it, not against itself.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zansai.notation import (
    NotationError,
    day_of,
    eras,
    month_of,
    percent,
    term_months,
    whole_number,
    yen_amount,
)

# docs/sources/calendar-eras.md §2 (§2.1–§2.5): name, initial, first day as read, Gregorian 元年, square
ERAS = (("明治", "M", date(1873, 1, 1), 1868, "㍾"), ("大正", "T", date(1912, 7, 30), 1912, "㍽"),
        ("昭和", "S", date(1926, 12, 25), 1926, "㍼"), ("平成", "H", date(1989, 1, 8), 1989, "㍻"),
        ("令和", "R", date(2019, 5, 1), 2019, "㋿"))

FULL_WIDTH = str.maketrans("0123456789,.%-/()", "０１２３４５６７８９，．％－／（）")


def test_the_era_rule_is_the_cited_table() -> None:
    """The rule file's eras are the instruments' first days (docs/sources/calendar-eras.md §2)."""
    got = [(e.name, e.initial, e.start, e.first_year) for e in eras()]
    assert got == [row[:4] for row in ERAS]
    assert [e.end for e in eras()] == [row[2] for row in ERAS[1:]] + [None]


def _era_spellings(on_first: date, on_last: date, tail: tuple[str, str, str]) -> list[str]:
    """Every era spelling of a day or month that lies in an era on ``on_first``..``on_last``.

    ``tail`` is what follows the year: (kanji form "4月1日", separated form "4.1", padded "04.01")."""
    out = []
    for i, (name, initial, start, first_year, square) in enumerate(ERAS):
        end = ERAS[i + 1][2] if i + 1 < len(ERAS) else date(9999, 12, 31)
        if on_last < start or on_first >= end:
            continue
        n = on_first.year - first_year + 1 if on_first >= start else on_last.year - first_year + 1
        years = [str(n), f"{n:02d}"] + (["元"] if n == 1 else [])
        for y in years:
            out += [f"{name}{y}年{tail[0]}", f"{square}{y}年{tail[0]}"]
            out += [f"{initial}{y}{sep}{tail[1].replace('.', sep)}" for sep in "./-"]
            out += [f"{initial.lower()}{y}.{tail[2]}"]
    return out


def _decorate(data: st.DataObject, text: str) -> str:
    """The same text as a phone might give it: full width or not, spaces here and there."""
    if data.draw(st.booleans(), label="full width"):
        text = text.translate(FULL_WIDTH)
    spaces = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.sampled_from([" ", "\u3000"])),
                                max_size=3), label="spaces")
    for pos, space in sorted(spaces, reverse=True):
        text = text[:pos] + space + text[pos:]
    return text


# -- yen


def _unit_spellings(v: int) -> list[str]:
    """``v`` with 億, 万, 千 and 百 in the ways people write it."""
    oku, rest = divmod(v, 10**8)
    man, ones = divmod(rest, 10**4)
    head = (f"{oku:,}億" if oku else "") + (f"{man:,}万" if man else "")
    out = []
    if head:
        out.append(head + f"{ones}円" if ones else head)
        out.append(head + f"{ones:,}円" if ones else head + "円")
        if ones and man:
            out.append(head + f"{ones:04d}")  # 12万0300: all four digits, no 円 needed
        if man and man % 100 == 0 and not ones:
            thousands, hundreds = divmod(man // 100, 10)
            kanji = (f"{thousands}千" if thousands else "") + (f"{hundreds}百" if hundreds else "")
            out.append((f"{oku}億" if oku else "") + kanji + "万円")
    for power, unit in ((4, "万"), (8, "億"), (3, "千"), (7, "千万"), (6, "百万")):
        scaled = Decimal(v).scaleb(-power).normalize()
        if scaled >= 1:
            out.append(f"{scaled:f}{unit}")
    return out


@given(st.integers(0, 10**12), st.data())
def test_every_spelling_of_an_amount_is_the_same_yen(v: int, data: st.DataObject) -> None:
    spellings = [str(v), f"{v:,}", f"{v}円", f"{v:,}円", f"¥{v:,}", f"{v:_}", *_unit_spellings(v)]
    for spelling in spellings:
        shown = _decorate(data, spelling)
        assert yen_amount(shown) == v, shown


@given(st.integers(0, 10**12), st.data())
def test_a_man_yen_field_reads_a_bare_number_as_man_and_a_yen_suffix_as_yen(v: int,
                                                                          data: st.DataObject) -> None:
    """A field printed 「万円」: 2800 is 2,800万円, 2800.5 is 28,005,000円, 2800円 is 2,800円."""
    man = Decimal(v).scaleb(-4).normalize()
    for spelling, unit_yen in ((f"{man:f}", v), (f"{man:,f}", v), (f"{v:,}円", v), (f"{man:f}万", v),
                               (f"{v}", v * 10_000)):
        shown = _decorate(data, spelling)
        assert yen_amount(shown, unit=10_000) == unit_yen, shown


@pytest.mark.parametrize(("text", "value"), [
    ("1億2,000万円", 120_000_000), ("1億2000万", 120_000_000), ("2,800.5万", 28_005_000),
    ("3.5千万", 35_000_000), ("3千5百万円", 35_000_000), ("千万円", 10_000_000), ("百万", 1_000_000),
    ("12万3000", 123_000), ("12万3千", 123_000), ("12万3円", 120_003), ("1億200万", 102_000_000),
    ("12,000万", 120_000_000), ("２０５０万円", 20_500_000), ("１，９５０万円", 19_500_000),
    ("2 800 万", 28_000_000), ("￥28,000,000", 28_000_000), ("0.5万", 5_000),
])
def test_written_amounts(text: str, value: int) -> None:
    assert yen_amount(text) == value


@pytest.mark.parametrize(("text", "why"), [
    ("", "empty"), ("   ", "empty"),
    ("12万3", "tail"),            # 12万3円 or 12万3千円?
    ("1億2000", "tail"),          # 1億2000万 (most likely) or 1億2000円?
    ("3千5万", "tail"),           # 3005万 or 3500万?
    ("1.5円", "decimal_yen"), ("30.000", "decimal_yen"),  # no fraction of a yen; 30.000 is 30 or 30000?
    ("2,5万", "commas"), ("1,95,0万", "commas"),          # 2.5万 or 25万?
    ("-100万", "negative"), ("−100万", "negative"), ("△100万", "negative"), ("ー5万", "negative"),
    ("1億12000万", "part_too_big"), ("12万10000円", "part_too_big"), ("12万10000", "tail"),
    ("1.2億3000万", "decimal_last"),
    ("1.23456万", "fraction"),
    ("約2800万", "about"),
    ("万", "unreadable"), ("億円", "unreadable"), ("2000万1億", "unreadable"), ("2800万円円", "unreadable"),
    ("twenty million", "unreadable"), ("三千万", "unreadable"), ("1e7", "unreadable"),
])
def test_ambiguous_or_impossible_amounts_are_refused(text: str, why: str) -> None:
    with pytest.raises(NotationError) as caught:
        yen_amount(text)
    assert caught.value.problem.id == f"inputs.yen.{why}"


def test_a_refusal_says_what_to_write_in_both_languages() -> None:
    with pytest.raises(NotationError) as caught:
        yen_amount("12万3")
    ja, en = caught.value.problem
    assert ja == ("「万」のあとの数は4桁で書くか、最後に円をつけてください"
                  "（例: 12万3000、12万3千、1億2,000万）")
    assert en == ("after 万, write the number with 4 digits or end with 円 "
                  "(e.g. 12万3000, 12万3千, 1億2,000万)")


# -- percentages, terms, whole numbers


@given(st.decimals(0, 99, places=6, allow_nan=False, allow_infinity=False), st.data())
def test_every_spelling_of_a_percentage_is_the_same_rate(x: Decimal, data: st.DataObject) -> None:
    text = f"{x.normalize():f}"
    for spelling in (text, f"{text}%", f"{text}％", f"年{text}%", f"年利{text}%", f"年率 {text} ％",
                     f"金利{text}%", f"{text}パーセント"):
        shown = _decorate(data, spelling)
        assert percent(shown) == x, shown


@pytest.mark.parametrize(("text", "why"), [
    ("0,9", "unreadable"), ("abc", "unreadable"), ("%", "unreadable"), ("1.2.3", "unreadable"),
    ("月0.1%", "monthly"),
])
def test_unreadable_percentages(text: str, why: str) -> None:
    with pytest.raises(NotationError) as caught:
        percent(text)
    assert caught.value.problem.id == f"inputs.percent.{why}"


@given(st.integers(1, 600), st.data())
def test_every_spelling_of_a_term_is_the_same_months(months: int, data: st.DataObject) -> None:
    years, rest = divmod(months, 12)
    spellings = [f"{months}{ka}月" for ka in ("か", "ヶ", "カ", "ケ", "ヵ", "箇", "ｶ")] + [f"{months} months"]
    if rest == 0:
        spellings += [f"{years}年", f"{years}", f"{years} years", f"{years}y"]
    elif years:
        spellings += [f"{years}年{rest}か月", f"{years}年{rest}ヶ月"]
    for spelling in spellings:
        shown = _decorate(data, spelling)
        assert term_months(shown) == months, shown
    assert term_months(str(months), bare="months") == months


@pytest.mark.parametrize("text", ["35.5年", "年", "か月", "35年35年", "三十五年", "-35年", "35日"])
def test_unreadable_terms(text: str) -> None:
    with pytest.raises(NotationError) as caught:
        term_months(text)
    assert caught.value.problem.id == "inputs.term.unreadable"


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("１２", 12), ("1,200", 1200), ("-3", -3),
                                             ("1_000", 1000)])
def test_whole_numbers(text: str, value: int) -> None:
    assert whole_number(text) == value


@pytest.mark.parametrize("text", ["1.5", "12,00", "", "true", "1e3"])
def test_not_whole_numbers(text: str) -> None:
    with pytest.raises(NotationError):
        whole_number(text)


# -- months and dates, 西暦 and 和暦


@given(st.dates(date(1873, 1, 1), date(2200, 12, 31)), st.data())
def test_every_spelling_of_a_month_is_the_same_month(day: date, data: st.DataObject) -> None:
    y, m = day.year, day.month
    first, last = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    spellings = [f"{y}-{m:02d}", f"{y}-{m}", f"{y}/{m}", f"{y}.{m}", f"{y}年{m}月", f"{y}年{m:02d}月",
                 *_era_spellings(max(first, ERAS[0][2]), last, (f"{m}月", f"{m}", f"{m:02d}"))]
    for spelling in spellings:
        shown = _decorate(data, spelling)
        assert month_of(shown) == (y, m), shown


@given(st.dates(date(1873, 1, 1), date(2200, 12, 31)), st.data())
def test_every_spelling_of_a_date_is_the_same_day(day: date, data: st.DataObject) -> None:
    y, m, d = day.year, day.month, day.day
    weekday = "月火水木金土日"[day.weekday()]
    spellings = [day.isoformat(), f"{y}/{m}/{d}", f"{y}.{m}.{d}", f"{y}-{m}-{d}", f"{y}年{m}月{d}日",
                 f"{y}年{m:02d}月{d:02d}日", f"{y}年{m}月{d}日({weekday})", f"{y}/{m}/{d}（{weekday}曜日）",
                 *_era_spellings(day, day, (f"{m}月{d}日", f"{m}.{d}", f"{m:02d}.{d:02d}"))]
    for spelling in spellings:
        shown = _decorate(data, spelling)
        assert day_of(shown) == day, shown


@pytest.mark.parametrize(("text", "day"), [
    # docs/sources/calendar-eras.md §2.5: the last day of 平成 and the first of 令和
    ("平成31年4月30日", date(2019, 4, 30)), ("H31.4.30", date(2019, 4, 30)),
    ("令和元年5月1日", date(2019, 5, 1)), ("令和1年5月1日", date(2019, 5, 1)), ("R1.5.1", date(2019, 5, 1)),
    # §2.4: the last day of 昭和 and the first of 平成
    ("昭和64年1月7日", date(1989, 1, 7)), ("平成元年1月8日", date(1989, 1, 8)), ("S64.1.7", date(1989, 1, 7)),
    # §2.3: 昭和元年 is 1926-12-25…31
    ("昭和元年12月25日", date(1926, 12, 25)), ("大正15年12月24日", date(1926, 12, 24)),
    ("令和8年4月1日", date(2026, 4, 1)), ("R8.4.1", date(2026, 4, 1)),
    ("2026年12月7日(月)", date(2026, 12, 7)),
])
def test_era_boundaries(text: str, day: date) -> None:
    assert day_of(text) == day


@pytest.mark.parametrize(("text", "why"), [
    ("平成31年5月1日", "era_after"), ("令和元年4月30日", "era_before"),      # §2.5
    ("昭和64年1月8日", "era_after"), ("平成元年1月7日", "era_before"),       # §2.4
    ("大正15年12月25日", "era_after"), ("昭和元年12月24日", "era_before"),   # §2.3
    ("明治5年12月1日", "era_before"),                                       # §2.1: lunisolar
    ("令和0年5月1日", "era_year_zero"), ("R0.5.1", "era_year_zero"),
    ("2015年2月30日", "no_such_day"), ("2023-02-29", "no_such_day"), ("R8.4.31", "no_such_day"),
    ("2015-13-01", "month_range"), ("2015年0月1日", "month_range"),
    ("2026年12月7日(火)", "weekday"),
    ("2015/4", "unreadable"), ("2015-4/1", "unreadable"), ("20150401", "unreadable"),
    ("15/4/1", "unreadable"),
    ("慶応3年1月1日", "unreadable"), ("X8.4.1", "unreadable"), ("0000-01-01", "unreadable"),
])
def test_impossible_dates_are_refused(text: str, why: str) -> None:
    with pytest.raises(NotationError) as caught:
        day_of(text)
    assert caught.value.problem.id == f"inputs.date.{why}"


@pytest.mark.parametrize(("text", "month"), [
    ("平成31年4月", (2019, 4)), ("令和元年5月", (2019, 5)), ("昭和64年1月", (1989, 1)),
    ("平成元年1月", (1989, 1)),
    ("R8.4", (2026, 4)), ("令和8年4月", (2026, 4)), ("H27.4", (2015, 4)), ("S60.4", (1985, 4)),
    ("2015年4月", (2015, 4)), ("2015/4", (2015, 4)), ("２０１５年４月", (2015, 4)),
])
def test_months_at_the_era_boundaries(text: str, month: tuple[int, int]) -> None:
    assert month_of(text) == month


@pytest.mark.parametrize(("text", "why"), [
    ("平成31年5月", "era_after"), ("令和元年4月", "era_before"), ("昭和64年2月", "era_after"),
    ("2015年4月1日", "month_only"), ("2015-04-01", "month_only"), ("2015年13月", "month_range"),
    ("2015", "month_unreadable"), ("4月", "month_unreadable"), ("2015年4", "month_unreadable"),
])
def test_impossible_months_are_refused(text: str, why: str) -> None:
    with pytest.raises(NotationError) as caught:
        month_of(text)
    assert caught.value.problem.id == f"inputs.date.{why}"


def test_an_era_refusal_names_the_last_day_and_the_next_era() -> None:
    with pytest.raises(NotationError) as caught:
        day_of("平成31年5月1日")
    assert tuple(caught.value.problem) == (
        "平成は2019-04-30（平成31年4月30日）までです。その翌日からは令和です",
        "平成 ended on 2019-04-30 (平成31年4月30日); from the next day it is 令和")


def test_every_day_of_an_era_changeover_reads_in_exactly_its_era() -> None:
    """Around each first day, the day before exists only in the old era and the day only in the new."""
    for (old, _, _, old_year, _), (new, _, start, new_year, _) in pairwise(ERAS):
        before = start - timedelta(days=1)
        as_old = f"{old}{before.year - old_year + 1}年{before.month}月{before.day}日"
        as_new = f"{new}{start.year - new_year + 1}年{start.month}月{start.day}日"
        assert day_of(as_old) == before
        assert day_of(as_new) == start
        with pytest.raises(NotationError):
            day_of(f"{old}{start.year - old_year + 1}年{start.month}月{start.day}日")
        with pytest.raises(NotationError):
            day_of(f"{new}{before.year - new_year + 1}年{before.month}月{before.day}日")
