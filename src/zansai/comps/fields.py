"""Strict parsers for the columns of MLIT's download CSV (不動産取引価格情報・成約価格情報).

Every cell is text. A blank is "not given" (None) where MLIT leaves blanks; any other cell that
does not read is an ``InputError`` naming the Japanese column and the row (the header is row 1).
``parse_cells`` turns one row into a ``Comparable``; ``store_rows`` turns many rows, a column
at a time, into what SQLite stores (the columns a query filters on, and the cells as written).
Parsed values are memoised per raw text: a prefecture's file repeats the same few thousand
labels hundreds of thousands of times.
Cells are taken as written: a value with stray spaces is refused, not trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from zansai.comps.record import Comparable, Kind, Period, PriceClass, Structure
from zansai.errors import InputError
from zansai.messages import msg

HEADER: tuple[str, ...] = (
    "種類",
    "価格情報区分",
    "地域",
    "市区町村コード",
    "都道府県名",
    "市区町村名",
    "地区名",
    "最寄駅：名称",
    "最寄駅：距離（分）",
    "取引価格（総額）",
    "坪単価",
    "間取り",
    "面積（㎡）",
    "取引価格（㎡単価）",
    "土地の形状",
    "間口",
    "延床面積（㎡）",
    "建築年",
    "建物の構造",
    "用途",
    "今後の利用目的",
    "前面道路：方位",
    "前面道路：種類",
    "前面道路：幅員（ｍ）",
    "都市計画",
    "建ぺい率（％）",
    "容積率（％）",
    "取引時期",
    "改装",
    "取引の事情等",
)
"""The download CSV's 30 columns, in order (docs/sources/mlit-comps.md §1)."""


class BadCellError(ValueError):
    """A cell that does not read: the catalog id of what the column expects."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def cell_error(row: int, column: str, value: str, expected: str) -> InputError:
    """「{row}行目の「{column}」の値…」: the one-line bilingual error of one cell."""
    m = msg(
        "comps.row.bad", row=row, column=column, value=value[:60], expected=msg(f"comps.expected.{expected}")
    )
    return InputError(m.text("ja"), m.text("en"), field=column)


def required_error(row: int, column: str) -> InputError:
    m = msg("comps.row.required", row=row, column=column)
    return InputError(m.text("ja"), m.text("en"), field=column)


# --- one column each ---------------------------------------------------------------------------

PRICE_CLASSES = {p.value: p.name.lower() for p in PriceClass}
KINDS = {k.value: k.name.lower() for k in Kind}
_DIGITS = re.compile(r"[0-9]+")
_AREA = re.compile(r"([0-9]+(?:\.[0-9]{1,2})?)(㎡以上)?")
_TILDES = str.maketrans({"〜": "～", "~": "～"})
_RANGES = {"30分～60分": (30, 60), "1H～1H30": (60, 90), "1H30～2H": (90, 120), "2H～": (120, None)}
"""MLIT's walking-time bands beyond 30 minutes (the download writes minutes up to 29)."""
_YEAR = re.compile(r"([0-9]{4})年")
_ERA_YEAR = re.compile(r"(\D+?)(元|[0-9]{1,2})年")
_PERIOD = re.compile(r"([0-9]{4})年第([1-4])四半期")
_ERA_PERIOD = re.compile(r"(\D+?)(元|[0-9]{1,2})年第([1-4])四半期")
_RENOVATION = {"改装済み": 1, "改装済": 1, "未改装": 0}


def yen(raw: str) -> int:
    if not _DIGITS.fullmatch(raw):
        raise BadCellError("yen")
    return int(raw)


def city_code(raw: str) -> str:
    if len(raw) != 5 or not _DIGITS.fullmatch(raw):
        raise BadCellError("city_code")
    return raw


def area(raw: str) -> tuple[str, int]:
    """(exact text, hundredths of a m², negative for a capped area such as 2000㎡以上).

    MLIT writes areas to at most two decimals; the hundredths are exact (for range queries)."""
    m = _AREA.fullmatch(raw)
    if m is None:
        raise BadCellError("area")
    hundredths = int(Decimal(m.group(1)) * 100)
    if m.group(2):
        if not hundredths:
            raise BadCellError("area")
        return m.group(1), -hundredths
    return m.group(1), hundredths


def minutes(raw: str) -> tuple[int, int | None]:
    if _DIGITS.fullmatch(raw):
        return int(raw), int(raw)
    band = _RANGES.get(raw.translate(_TILDES))
    if band is None:
        raise BadCellError("minutes")
    return band


def _era_year(name: str, year: str, expected: str) -> int:
    from zansai.notation.eras import era_named
    from zansai.notation.text import NotationError

    era = era_named(name)
    if era is None:
        raise BadCellError(expected)
    gregorian = era.gregorian_year(1 if year == "元" else int(year))
    try:
        era.check(date(gregorian, 1, 1), date(gregorian, 12, 31))
    except NotationError:
        raise BadCellError(expected) from None
    return gregorian


def building_year(raw: str) -> tuple[int | None, int]:
    """(Gregorian year or None, prewar 0/1): 1990年, 平成2年, 平成元年, 戦前."""
    if raw == "戦前":
        return None, 1
    if m := _YEAR.fullmatch(raw):
        return int(m.group(1)), 0
    if m := _ERA_YEAR.fullmatch(raw):
        return _era_year(m.group(1), m.group(2), "building_year"), 0
    raise BadCellError("building_year")


def period(raw: str) -> int:
    """2024年第4四半期 (or 令和6年第4四半期) → 20244."""
    if m := _PERIOD.fullmatch(raw):
        return int(m.group(1)) * 10 + int(m.group(2))
    if m := _ERA_PERIOD.fullmatch(raw):
        return _era_year(m.group(1), m.group(2), "period") * 10 + int(m.group(3))
    raise BadCellError("period")


def structure(raw: str) -> str:
    """The coarse structure of a label (ＳＲＣ before ＲＣ; a mixed label by its sturdiest part)."""
    text = raw.upper().translate(str.maketrans("ＲＣＳ", "RCS"))
    if "SRC" in text:
        return Structure.SRC.value
    if "RC" in text:
        return Structure.RC.value
    if "鉄骨" in text:
        return Structure.STEEL.value
    if "木造" in text:
        return Structure.WOOD.value
    return Structure.OTHER.value


def renovation(raw: str) -> int:
    value = _RENOVATION.get(raw)
    if value is None:
        raise BadCellError("renovation")
    return value


def price_class(raw: str) -> str:
    value = PRICE_CLASSES.get(raw)
    if value is None:
        raise BadCellError("price_class")
    return value


# --- one row, and many rows a column at a time ----------------------------------------------

_REQUIRED = object()
_COLUMN_PARSERS: dict[int, tuple[Callable[[str], Any], Any]] = {
    1: (price_class, _REQUIRED),
    3: (city_code, _REQUIRED),
    8: (minutes, (None, None)),
    9: (yen, _REQUIRED),
    10: (yen, None),
    12: (area, (None, None)),
    13: (yen, None),
    16: (area, (None, None)),
    17: (building_year, (None, 0)),
    18: (structure, None),
    27: (period, _REQUIRED),
    28: (renovation, None),
}
"""Column index → (parser, value of a blank cell, or _REQUIRED)."""
_TEXT_REQUIRED = (0, 4, 5)
"""種類, 都道府県名, 市区町村名: text that is never blank."""
_CACHES: dict[int, dict[str, Any]] = {
    i: ({} if blank is _REQUIRED else {"": blank}) for i, (_, blank) in _COLUMN_PARSERS.items()
}
"""Parsed values by raw text, per column (a prefecture's file repeats a few thousand labels)."""


def cell(index: int, raw: str, row: int) -> Any:
    """The parsed value of column ``index`` (memoised), or the InputError naming column and row."""
    cache = _CACHES[index]
    try:
        return cache[raw]
    except KeyError:
        pass
    if not raw:
        raise required_error(row, HEADER[index])
    try:
        value = cache[raw] = _COLUMN_PARSERS[index][0](raw)
    except BadCellError as bad:
        raise cell_error(row, HEADER[index], raw, bad.expected) from None
    return value


def _check_row(cells: Sequence[str], row: int) -> None:
    if len(cells) != len(HEADER):
        m = msg("comps.row.length", row=row, found=len(cells), expected=len(HEADER))
        raise InputError(m.text("ja"), m.text("en"), field=str(row))
    for i in _TEXT_REQUIRED:
        if not cells[i]:
            raise required_error(row, HEADER[i])


def parse_cells(cells: Sequence[str], row: int) -> Comparable:
    """One CSV row (its 30 cells) → a ``Comparable``, or an InputError naming the cell."""
    _check_row(cells, row)
    c = cells
    a_text, a_key = cell(12, c[12], row)
    f_text, f_key = cell(16, c[16], row)
    smin, smax = cell(8, c[8], row)
    built, prewar = cell(17, c[17], row)
    shape, renovated = cell(18, c[18], row), cell(28, c[28], row)
    return Comparable(
        price_class=PriceClass[cell(1, c[1], row).upper()], kind=Kind[_kind_code(c[0]).upper()],
        kind_label=c[0], region=c[2] or None, municipality_code=cell(3, c[3], row), prefecture=c[4],
        municipality=c[5], district=c[6] or None, station=c[7] or None, station_minutes_raw=c[8] or None,
        station_minutes_min=smin, station_minutes_max=smax, trade_price=cell(9, c[9], row),
        tsubo_price=cell(10, c[10], row), floor_plan=c[11] or None,
        area_m2=None if a_text is None else Decimal(a_text), area_capped=a_key is not None and a_key < 0,
        unit_price=cell(13, c[13], row), land_shape=c[14] or None, frontage=c[15] or None,
        total_floor_area_m2=None if f_text is None else Decimal(f_text),
        total_floor_area_capped=f_key is not None and f_key < 0,
        building_year=built, building_year_raw=c[17] or None, prewar=bool(prewar),
        structure=None if shape is None else Structure(shape), structure_label=c[18] or None,
        use=c[19] or None, future_use=c[20] or None, road_direction=c[21] or None, road_type=c[22] or None,
        road_width=c[23] or None, city_planning=c[24] or None, coverage_ratio=c[25] or None,
        floor_area_ratio=c[26] or None, period=Period.of_code(cell(27, c[27], row)),
        renovated=None if renovated is None else bool(renovated), remarks=c[29] or None,
    )


def forget() -> None:
    """Drop the parsed values memoised while reading a file (prices are mostly distinct)."""
    _reset_stored()
    for index, cache in _CACHES.items():
        blank = _COLUMN_PARSERS[index][1]
        cache.clear()
        if blank is not _REQUIRED:
            cache[""] = blank


def _digits(col: Sequence[str], required: bool) -> None:
    """Check a column of whole yen in C: ASCII digits only (blanks where allowed)."""
    joined = "".join(col)
    if (joined and not (joined.isascii() and joined.isdigit())) or (required and "" in col):
        raise _bad_chunk


class _Memo(dict[str, Any]):
    """Stored values by raw text: ``fn`` is called once per distinct text."""

    def __init__(self, fn: Callable[[str], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, raw: str) -> Any:
        value = self[raw] = self.fn(raw)
        return value


def _stored_by(index: int, pick: Callable[[Any], Any] | None) -> _Memo:
    def stored(raw: str) -> Any:
        value = cell(index, raw, 0)  # the row is named again, in file order, on failure
        return value if pick is None else pick(value)

    return _Memo(stored)


_STORED: dict[int, _Memo] = {}
"""Column index → what SQLite stores, by raw text (``_reset_stored``)."""


def _reset_stored() -> None:
    _STORED.clear()
    for index, pick in ((3, None), (1, None), (27, None), (12, itemgetter(1)), (16, itemgetter(1)),
                        (17, itemgetter(0)), (18, None)):
        _STORED[index] = _stored_by(index, pick)
    _STORED[0] = _Memo(_kind_code)


def _store_columns(cols: Sequence[Sequence[str]], raws: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """The ``store.COLUMNS`` tuples of a chunk given column-wise (every distinct text parsed once;
    ``raws`` is what the ``cells`` column keeps). Raises on the first bad cell met."""
    for i in _TEXT_REQUIRED:
        if "" in cols[i]:
            raise _bad_chunk
    _digits(cols[9], True)
    _digits(cols[10], False)
    _digits(cols[13], False)
    for i in (8, 28):  # checked here, stored as text
        for raw in set(cols[i]).difference(_CACHES[i]):
            cell(i, raw, 0)
    stored = [cols[i] if i == 6 else list(map(_STORED[i].__getitem__, cols[i])) for i in _STORED_ORDER]
    return zip(*stored, raws, strict=True)


_STORED_ORDER = (3, 0, 1, 6, 27, 12, 16, 17, 18)
"""The columns of the CSV stored in ``store.COLUMNS`` order (before ``cells``)."""
USED = (0, 1, 3, 4, 5, 6, 8, 9, 10, 12, 13, 16, 17, 18, 27, 28)
"""The columns ``_store_columns`` reads (the others are only kept in ``cells``)."""


def _first_bad(rows: Iterator[Sequence[str]], first_row: int) -> None:
    for number, cells in enumerate(rows, start=first_row):
        parse_cells(cells, number)  # the first bad cell, in file order


def store_rows(chunk: list[list[str]], first_row: int) -> Iterator[tuple[Any, ...]]:
    """Rows of the CSV (the first is row ``first_row``) → ``store.COLUMNS`` tuples, a column at
    a time; a bad row is an InputError naming the first bad cell of the first bad row. The
    ``cells`` kept are the row's cells joined by ``SEPARATOR``."""
    try:
        if set(map(len, chunk)) != {len(HEADER)}:
            raise _bad_chunk
        return _store_columns(list(zip(*chunk, strict=True)), list(map(SEPARATOR.join, chunk)))
    except (InputError, ValueError):
        _first_bad(iter(chunk), first_row)
        raise


def store_lines(lines: list[str], quoted: bool, first_row: int) -> Iterator[tuple[Any, ...]]:
    """Plain CSV lines (``csvfile`` checked that each is one record of 30 cells, unquoted, or
    every cell quoted without quotes inside) → ``store.COLUMNS`` tuples, split in bulk in C; the
    ``cells`` kept are the lines as written. Errors as ``store_rows``."""
    width = len(HEADER)
    flat = ",".join(lines)[1:-1].split('","') if quoted else ",".join(lines).split(",")
    try:
        if len(flat) != width * len(lines):
            raise _bad_chunk
        cols: list[list[str]] = [[] for _ in range(width)]
        for i in USED:
            cols[i] = flat[i::width]
        return _store_columns(cols, lines)
    except (InputError, ValueError):
        _first_bad((line[1:-1].split('","') if quoted else line.split(",") for line in lines), first_row)
        raise


_bad_chunk = ValueError("a row of the chunk is bad")


def _kind_code(label: str) -> str:
    return KINDS.get(label, "other")


_reset_stored()


SEPARATOR = "\x1f"
"""Joins a row's cells in the ``cells`` column (a control character no CSV cell may hold) when
the row was read by the csv module; a plain line is kept as written."""


def stored_cells(stored: str) -> list[str]:
    """The 30 cells of a ``cells`` value: joined by ``SEPARATOR``, or a CSV line as written."""
    if SEPARATOR in stored:
        return stored.split(SEPARATOR)
    if stored[:1] == '"':  # every quote opens or closes a cell (csvfile checked it on import)
        return stored[1:-1].split('","')
    return stored.split(",")


def parse_row(row: Mapping[str, str], number: int = 2) -> Comparable:
    """One row keyed by the download CSV's Japanese column names → a ``Comparable``.

    A missing column is an InputError naming it; ``number`` is the row's number in its file."""
    cells = []
    for column in HEADER:
        if column not in row:
            m = msg("comps.file.missing_column", column=column)
            raise InputError(m.text("ja"), m.text("en"), field=column)
        cells.append(row[column] or "")
    return parse_cells(cells, number)
