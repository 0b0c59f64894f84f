"""Import MLIT's 不動産価格指数（住宅） as published for download into the app's database.

MLIT's page (https://www.mlit.go.jp/totikensangyo/totikensangyo_tk5_000085.html) offers the
monthly index as an Excel workbook: one sheet per area and series, named after the area and, for
the seasonally adjusted series, 季節調整 (e.g. 「東京都Tokyo季節調整」; a corrected sheet is marked
(正), the superseded one (誤)). Each sheet has a few heading rows, then one row per month: the
month (a date) in column A, then [指数, 前月比 or 前年同月比, サンプル数] for 住宅総合, 住宅地,
戸建住宅 and マンション（区分所有） in columns B–D, E–G, H–J and K–M (docs/sources/mlit-price-index.md
§5). One sheet saved as CSV (Shift_JIS or UTF-8) is read the same way, its area and series given
on the command line.

The values go to a table of their own (``price_index_values``, with ``price_index_imports``: the
file's name, SHA-256 and time), in one transaction: every cell parses or nothing is written. A file
already imported is not imported again. Each file's values are kept as its own series vintage: the
valuation tries the newest file's series first, then older ones, then the shipped table, and never
mixes two of them in one adjustment (``engine.price_index``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from zansai.errors import InputError
from zansai.messages import msg
from zansai.model.comparables import ImportedIndexValue

__all__ = ["SHEET_AREAS", "IndexImport", "import_index", "imported_files", "imported_values",
           "parse_workbook_rows", "read_index_file", "sheet_series"]

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS price_index_imports (id INTEGER PRIMARY KEY, file_name TEXT NOT "
    "NULL, sha256 TEXT NOT NULL UNIQUE, rows INTEGER NOT NULL, imported_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS price_index_values (region TEXT NOT NULL, type TEXT NOT NULL, "
    "month TEXT NOT NULL, basis TEXT NOT NULL CHECK (basis IN ('sa', 'original')), "
    "value TEXT NOT NULL, import_id INTEGER NOT NULL REFERENCES price_index_imports(id), "
    "PRIMARY KEY (import_id, region, type, month, basis))",
)

SHEET_AREAS: tuple[tuple[str, str], ...] = (
    ("全国", "national"), ("北海道", "hokkaido"), ("東北", "tohoku"), ("関東", "kanto"),
    ("北陸", "hokuriku"), ("中部", "chubu"), ("近畿", "kinki"), ("中国", "chugoku"),
    ("四国", "shikoku"), ("九州・沖縄", "kyushu_okinawa"), ("南関東圏", "minami_kanto"),
    ("名古屋圏", "nagoya"), ("京阪神圏", "keihanshin"), ("東京都", "tokyo"), ("愛知県", "aichi"),
    ("大阪府", "osaka"),
)
"""A sheet's area by the Japanese name it starts with (a block may add 地方)."""
_AREA_OF = dict(SHEET_AREAS)
_SHEET = re.compile(r"\s*(" + "|".join(re.escape(a) for a, _ in SHEET_AREAS) + r")(?:地方)?"
                    r"[A-Za-z .\-]*(季節調整|原系列)?(?:値)?\s*(?:\(正\)|（正）)?\s*")
REGIONS = frozenset(r for _, r in SHEET_AREAS)
TYPE_COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("all", 1, "住宅総合"), ("land", 4, "住宅地"), ("house", 7, "戸建"), ("condo", 10, "マンション"))
"""(type, column index of 指数 from 0, the heading word above it)."""
BASES = ("sa", "original")
BASIS_LABEL = {"sa": "季節調整値", "original": "原系列"}
_NOT_GIVEN = {"", "-", "－", "―", "‐", "…", "x", "X", "*", "＊"}
_MONTH_TEXT = re.compile(r"\s*(\d{4})\s*(?:年|/|-|\.)\s*(\d{1,2})\s*(?:月|/\d{1,2}|-\d{1,2})?\s*")
_YEARISH = re.compile(r"\s*\d{4}")


@dataclass(frozen=True, slots=True)
class IndexImport:
    """What an import did: the file, its hash, the values stored (or found already imported)."""

    file_name: str
    sha256: str
    rows: int
    imported_at: str
    already: bool
    series: tuple[str, ...]
    """The series read, as ``region/type/basis`` (e.g. ``tokyo/condo/sa``)."""
    months: tuple[str, str]
    """The first and last month read."""

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file_name, "sha256": self.sha256, "rows": self.rows,
                "imported_at": self.imported_at, "already_imported": self.already,
                "series": list(self.series), "first_month": self.months[0],
                "last_month": self.months[1]}


Value = tuple[str, str, str, str, str]
"""(region, type, month, basis, index as exact decimal text)."""


def _error(key: str, **params: object) -> InputError:
    return InputError.about("price_index_file", msg(f"price_index.import.{key}", **params))


def sheet_series(name: str) -> tuple[str, str] | None:
    """``(region, basis)`` of a sheet named like 「東京都Tokyo季節調整」 (the area's Japanese name,
    its English name, 季節調整 for the seasonally adjusted series, (正) for a corrected sheet);
    None for any other sheet (contents, notes, a superseded one marked (誤))."""
    m = _SHEET.fullmatch(name)
    if m is None:
        return None
    return _AREA_OF[m.group(1)], "sa" if m.group(2) == "季節調整" else "original"


def _column(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"A{chr(ord('A') + i - 26)}"


def _month_of(cell: object, where: str, row: int) -> str | None:
    """A data row's month, None for a heading or note row; a cell that starts like a year but is
    not a month is an error."""
    if isinstance(cell, datetime | date):
        return f"{cell.year:04d}-{cell.month:02d}"
    if not isinstance(cell, str) or not _YEARISH.match(cell):
        return None
    m = _MONTH_TEXT.fullmatch(cell)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise _error("bad_month", sheet=where, row=row, value=cell)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"


def _index_of(cell: object, where: str, row: int, col: int) -> str | None:
    """The index as exact decimal text; None where the sheet gives none (blank, 「-」)."""
    if cell is None or (isinstance(cell, str) and cell.strip() in _NOT_GIVEN):
        return None
    try:
        if isinstance(cell, bool):
            raise InvalidOperation
        value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(str(cell).strip())
        if not value.is_finite() or value <= 0:
            raise InvalidOperation
    except InvalidOperation:
        raise _error("bad_index", sheet=where, row=row, column=_column(col), value=cell) from None
    return str(value)


def _check_headings(headings: Sequence[Sequence[object]], where: str) -> None:
    """The heading rows above the data name the four types above their 指数 columns."""
    for _, col, word in TYPE_COLUMNS:
        if not any(col < len(r) and word in str(r[col] or "") for r in headings):
            raise _error("missing_heading", sheet=where, column=_column(col), heading=word)


def parse_workbook_rows(rows: Iterable[Sequence[object]], where: str, region: str,
                        basis: str) -> list[Value]:
    """The values of one sheet (rows of cells as the workbook holds them)."""
    headings: list[Sequence[object]] = []
    values: list[Value] = []
    seen: set[str] = set()
    for number, cells in enumerate(rows, start=1):
        month = _month_of(cells[0] if cells else None, where, number)
        if month is None:
            if not values:
                headings.append(cells)
            continue
        if not values:
            _check_headings(headings, where)
        if month in seen:
            raise _error("duplicate_month", sheet=where, row=number, month=month)
        seen.add(month)
        for kind, col, _ in TYPE_COLUMNS:
            index = _index_of(cells[col] if col < len(cells) else None, where, number, col)
            if index is not None:
                values.append((region, kind, month, basis, index))
    if not seen:
        _check_headings(headings, where)  # no month at all: say what the layout lacks
    return values


def _read_xlsx(data: bytes, name: str) -> list[Value]:
    from zansai.extras import require

    require("office", "不動産価格指数の Excel ファイルを読むには", "to read the price index workbook")
    from importlib import import_module

    # lazily, and by name: openpyxl ships no type hints (as report/exports/xlsx.py does)
    load_workbook = import_module("openpyxl").load_workbook
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any unreadable workbook is the user's file to fix
        raise _error("unreadable", name=name, detail=type(exc).__name__) from None
    chosen: dict[tuple[str, str], str] = {}
    for sheet in book.sheetnames:
        series = sheet_series(sheet)
        if series is not None and (series not in chosen or "(正)" in sheet or "（正）" in sheet):
            chosen[series] = sheet
    if not chosen:
        raise _error("no_sheet", name=name)
    values: list[Value] = []
    for (region, basis), sheet in chosen.items():
        values += parse_workbook_rows(book[sheet].iter_rows(values_only=True), sheet, region, basis)
    book.close()
    return values


def _read_csv(data: bytes, name: str, region: str | None, basis: str | None) -> list[Value]:
    regions = msg("price_index.import.region", regions=", ".join(sorted(REGIONS)))
    if region is None:
        raise InputError.about("--region", regions)
    if region not in REGIONS:
        raise InputError.invalid("--region", region, regions)
    if basis is None:
        raise InputError.about("--basis", msg("price_index.import.basis"))
    if basis not in BASES:
        raise InputError.invalid("--basis", basis, msg("price_index.import.basis"))
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _error("encoding", name=name)
    rows = [[c if c.strip() else None for c in r] for r in csv.reader(io.StringIO(text, newline=""))]
    return parse_workbook_rows(rows, name, region, basis)


def read_index_file(path: str | Path, region: str | None = None,
                    basis: str | None = None) -> tuple[bytes, list[Value]]:
    """The file's bytes and its values, every cell checked (nothing is written here)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _error("unreadable", name=p.name, detail=exc.strerror or type(exc).__name__) from None
    if data[:4] == b"PK\x03\x04":
        if region is not None or basis is not None:
            raise _error("options_for_csv", name=p.name)
        values = _read_xlsx(data, p.name)
    else:
        values = _read_csv(data, p.name, region, basis)
    if not values:
        raise _error("no_values", name=p.name)
    return data, values


def import_index(path: str | Path, db: str | Path | None = None, region: str | None = None,
                 basis: str | None = None) -> IndexImport:
    """Read ``path`` and store its values in the database ``db`` (default: the app's), in one
    transaction; a file already imported (same SHA-256) changes nothing."""
    from zansai.web.store import CaseStore, default_db_path

    data, values = read_index_file(path, region, basis)
    digest = hashlib.sha256(data).hexdigest()
    name = Path(path).name
    series = tuple(sorted({f"{v[0]}/{v[1]}/{v[3]}" for v in values}))
    months = (min(v[2] for v in values), max(v[2] for v in values))
    target = db if db is not None else default_db_path()
    CaseStore(target).close()  # creates zansai's file, or refuses one that is not zansai's
    with closing(sqlite3.connect(target, isolation_level=None, timeout=10.0)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in SCHEMA:
                conn.execute(statement)
            old = conn.execute("SELECT rows, imported_at FROM price_index_imports WHERE sha256 = ?",
                               (digest,)).fetchone()
            if old is not None:
                conn.execute("ROLLBACK")
                return IndexImport(name, digest, int(old[0]), str(old[1]), True, series, months)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            cur = conn.execute("INSERT INTO price_index_imports (file_name, sha256, rows, "
                               "imported_at) VALUES (?, ?, ?, ?)", (name, digest, len(values), now))
            conn.executemany("INSERT INTO price_index_values VALUES (?, ?, ?, ?, ?, ?)",
                             ((*v, cur.lastrowid) for v in values))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return IndexImport(name, digest, len(values), now, False, series, months)


def imported_values(path: str | Path, months: tuple[str, str] = ("0000-00", "9999-99"),
                    ) -> tuple[ImportedIndexValue, ...]:
    """The imported index values in the database at ``path``, newest file first and its
    seasonally adjusted series before its original one, read without writing (a plan must not
    lock the app's file); none when nothing was imported. ``months``: only those from the first to
    the last "YYYY-MM" given (a plan needs its sales' quarters and its valuation month)."""
    try:
        with closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as conn:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'price_index_values'"
                            ).fetchone() is None:
                return ()
            rows = conn.execute(
                "SELECT v.region, v.type, v.month, v.basis, v.value, i.file_name, i.sha256, "
                "i.imported_at FROM price_index_values v JOIN price_index_imports i "
                "ON i.id = v.import_id WHERE v.month BETWEEN ? AND ? ORDER BY i.imported_at DESC, "
                "i.id DESC, v.basis DESC, v.region, v.type, v.month", months).fetchall()
    except sqlite3.Error:
        return ()
    return tuple(_value_of(r) for r in rows)


def _value_of(row: Sequence[Any]) -> ImportedIndexValue:
    region, kind, month, basis, value, file_name, sha, when = row
    return ImportedIndexValue(region=str(region), type=str(kind), month=str(month),
                              basis=str(basis), value=Decimal(str(value)),
                              source=_source(str(file_name), str(sha), str(when), str(basis)))


def _source(file_name: str, sha: str, when: str, basis: str) -> str:
    """How an imported value's source is named in the explanation (file, hash, date, series)."""
    return f"{file_name} (sha256 {sha[:12]}, {when[:10]}, {BASIS_LABEL[basis]})"



def imported_files(path: str | Path) -> list[dict[str, Any]]:
    """The files imported into the database at ``path``, newest first: name, SHA-256, values, time,
    series and months (none when nothing was imported or there is no such file)."""
    if not Path(path).is_file():
        return []
    try:
        with closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as conn:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'price_index_imports'"
                            ).fetchone() is None:
                return []
            rows = conn.execute(
                "SELECT i.file_name, i.sha256, i.rows, i.imported_at, MIN(v.month), MAX(v.month), "
                "GROUP_CONCAT(DISTINCT v.region || '/' || v.type || '/' || v.basis) FROM "
                "price_index_imports i JOIN price_index_values v ON v.import_id = i.id "
                "GROUP BY i.id ORDER BY i.imported_at DESC, i.id DESC").fetchall()
    except sqlite3.Error:
        return []
    return [{"file": r[0], "sha256": r[1], "rows": r[2], "imported_at": r[3], "first_month": r[4],
             "last_month": r[5], "series": sorted(str(r[6]).split(","))} for r in rows]
