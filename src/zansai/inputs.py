"""Parsing raw user input (CLI options, form fields, case-file values) into exact values.

The grammar is ``zansai.notation`` (what Japanese users write: full width, commas, 万/億/千,
％, 年/か月, 和暦); here each parser names the field, the value and what is allowed, so a shell
can print the ``InputError`` as one line and exit with status 2. A boolean is never a number.
Values that parse but look like a slip (2,800円 for a home) are not errors: ask with
``zansai.plausibility``.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

from zansai.errors import InputError
from zansai.messages import Msg, msg
from zansai.notation import (
    NotationError,
    day_of,
    month_of,
    normalize,
    percent,
    term_months,
    whole_number,
    yen_amount,
)

MAX_YEN = 10**13
"""An input bound, not a rule: no household amount comes near 10兆円, and it keeps every figure
inside 64-bit integers for the JSON writers."""
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
"""Input bounds on every date a user gives (the case file's): date arithmetic over a loan's term
(50 years) and claims after it then stays far inside Python's years 1–9999."""
MAX_TERM_MONTHS = 50 * 12
"""An input bound on a loan's term: 50 years, longer than any home loan sold (フラット50 is 50)."""


MAX_TEXT = 200
"""An input bound on free text (a case's title, a person's name, a lender, an appraiser): longer
text is a mistake or an attack, and it would slow every report that prints it."""


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Unicode's control characters (category Cc) and surrogates (Cs), ranges the standard never
changes: one search instead of a category look-up per character (a tenth of the time)."""


def text_problem(value: str, *, limit: int = MAX_TEXT) -> Msg | None:
    """What is wrong with a piece of free text, or ``None``: too long, or holding a control
    character or a lone surrogate (which no terminal, file or page can print)."""
    if len(value) > limit:
        return msg("bounds.text_length", limit=limit)
    if _UNPRINTABLE.search(value):
        return msg("bounds.text_control")
    return None


MAX_VALUES = 100_000
"""An input bound: a real case has a few hundred values; a YAML file whose aliases repeat one
list inside another (a "billion laughs") would otherwise take hours to walk."""


def tree_problem(raw: object) -> tuple[str, Msg] | None:
    """The first text (value or key) in a parsed file that ``text_problem`` refuses, with its path
    (``people[0].name``), in the file's order; or a tree of more than ``MAX_VALUES`` values."""
    todo: list[tuple[object, str]] = [(raw, "")]
    seen = 0
    while todo:
        value, where = todo.pop()
        seen += 1
        if seen > MAX_VALUES:
            return "", msg("bounds.values", limit=MAX_VALUES)
        if isinstance(value, dict):
            for key, item in reversed(value.items()):
                problem = text_problem(str(key))
                if problem is not None:
                    return where, problem
                todo.append((item, f"{where}.{key}" if where else str(key)))
        elif isinstance(value, list):
            todo.extend((item, f"{where}[{i}]") for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str) and (problem := text_problem(value)) is not None:
            return where, problem
    return None


def _invalid(field: str, raw: object, problem: Msg) -> InputError:
    text = str(raw)
    shown = raw if len(text) <= 40 else text[:40] + "…"  # a 5,000-digit value: one short line
    return InputError.invalid(field, shown, *problem)


def _text(field: str, raw: object, unreadable: str) -> str:
    """``raw`` as text; a boolean (TOML ``true``) is never a number."""
    if isinstance(raw, bool):
        raise _invalid(field, raw, msg(unreadable))
    return str(raw)


def parse_yen(field: str, raw: str | int, *, allow_zero: bool = False, unit: int = 1) -> int:
    """A whole number of yen as Japanese users write it: ``30000000``, ``30,000,000円``,
    ``3000万``, ``１億２,０００万円``, ``2,800.5万`` (zansai.notation.numbers).

    ``unit`` is what a bare number counts: 1 (yen) in case files and on the command line,
    10,000 in a field printed 「万円」, where ``2800`` means 2,800万円 (and ``2800円`` 2,800円:
    ask with ``zansai.plausibility``)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw * unit
    else:
        try:
            value = yen_amount(_text(field, raw, "inputs.yen.unreadable"), unit=unit)
        except NotationError as exc:
            raise _invalid(field, raw, exc.problem) from None
    if value > MAX_YEN:
        raise _invalid(field, raw, msg("inputs.yen.too_large"))
    if value < 0:
        raise _invalid(field, raw, msg("inputs.yen.negative"))
    if value == 0 and not allow_zero:
        raise _invalid(field, raw, msg("inputs.yen.at_least_one"))
    return value


def parse_percent(field: str, raw: str, *, below: int = 100, allow_zero: bool = True) -> Fraction:
    """A percentage such as ``1.5``, ``1.5%``, ``１．５％`` or ``年1.5%`` (meaning 1.5%), exact;
    it must be ≥ 0 (above 0 unless ``allow_zero``) and below ``below``, with at most 6 decimals."""
    try:
        dec = percent(_text(field, raw, "inputs.percent.unreadable"))
    except NotationError as exc:
        raise _invalid(field, raw, exc.problem) from None
    exponent = dec.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        raise _invalid(field, raw, msg("inputs.percent.decimals"))
    if dec < 0 or dec >= below or (dec == 0 and not allow_zero):
        low = msg("inputs.percent.low_zero" if allow_zero else "inputs.percent.low_above")
        raise _invalid(field, raw, msg("inputs.percent.range", low=low, below=below))
    return Fraction(dec) / 100


def parse_int(field: str, raw: str | int, *, minimum: int, maximum: int) -> int:
    """A whole number from ``minimum`` to ``maximum`` (full-width digits and 1,000 commas allowed)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        try:
            value = whole_number(_text(field, raw, "inputs.number.unreadable"))
        except NotationError as exc:
            raise _invalid(field, raw, exc.problem) from None
    if not minimum <= value <= maximum:
        raise _invalid(field, raw, msg("inputs.number.range", minimum=minimum, maximum=maximum))
    return value


def parse_term(field: str, raw: str | int, *, bare: str = "years", minimum: int = 1,
               maximum: int = MAX_TERM_MONTHS, whole_years: bool = False) -> int:
    """A term in months: ``35``, ``35年``, ``420か月`` (ヶ月, カ月), ``30年6か月``; a bare number
    counts ``bare`` ("years" or "months"). ``whole_years``: the field takes years only."""
    text = _text(field, raw, "inputs.term.unreadable")
    try:
        months = term_months(text, bare=bare)
    except NotationError as exc:
        raise _invalid(field, raw, exc.problem) from None
    if whole_years and months % 12:
        raise _invalid(field, raw, msg("inputs.term.whole_years"))
    if not minimum <= months <= maximum:
        raise _invalid(field, raw, msg("inputs.term.range", low=_term_text(minimum),
                                       high=_term_text(maximum)))
    return months


def _term_text(months: int) -> Msg:
    years, rest = divmod(months, 12)
    if years and rest:
        return msg("inputs.term.years_months", years=years, months=rest)
    return msg("inputs.term.years", years=years) if years else msg("inputs.term.months", months=rest)


def parse_date(field: str, raw: str) -> date:
    """A date: ``2015-04-01``, ``2015/4/1``, ``2015年4月1日``, ``令和7年4月1日``, ``R7.4.1``."""
    try:
        value = day_of(_text(field, raw, "inputs.date.unreadable"))
    except NotationError as exc:
        raise _invalid(field, raw, exc.problem) from None
    if not EARLIEST <= value <= LATEST:
        raise _invalid(field, raw, msg("bounds.date_range", low=EARLIEST, high=LATEST))
    return value


def parse_month(field: str, raw: str) -> tuple[int, int]:
    """A month as (year, month): ``2015-04``, ``2015/4``, ``2015年4月``, ``令和8年4月``, ``R8.4``."""
    try:
        year, month = month_of(_text(field, raw, "inputs.date.month_unreadable"))
    except NotationError as exc:
        raise _invalid(field, raw, exc.problem) from None
    if not EARLIEST.year <= year <= LATEST.year:
        raise _invalid(field, raw, msg("bounds.date_range", low=EARLIEST, high=LATEST))
    return year, month


def parse_choice(field: str, raw: str, choices: dict[str, str]) -> str:
    """One of ``choices`` (keys are what the user may type, values the canonical names)."""
    key = normalize(str(raw)).lower()
    if key not in choices:
        allowed = ", ".join(sorted(set(choices)))
        raise InputError.invalid(field, raw, f"次のどれかを指定してください: {allowed}",
                                 f"choose one of: {allowed}")
    return choices[key]


def parse_months_list(field: str, raw: str) -> tuple[int, int]:
    """Two bonus months such as ``6,12`` (``６月・１２月``, ``6月と12月``)."""
    parts = re.split(r"[,、・/と]", normalize(str(raw)))
    try:
        months = tuple(int(p.removesuffix("月")) for p in parts)
    except ValueError:
        months = ()
    if len(months) != 2 or not all(1 <= m <= 12 for m in months) or \
            (months[1] - months[0]) % 12 != 6:
        raise InputError.invalid(field, raw, "6か月離れた2つの月（例: 6,12）を指定してください",
                                 "give two months six months apart, such as 6,12")
    return months[0], months[1]


def today_jst() -> date:
    """Today's date in Japan, the default "as of" date of every question."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(tz=ZoneInfo("Asia/Tokyo")).date()
