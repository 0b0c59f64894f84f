"""The comparables' tables in the app's SQLite database, and the one-transaction import.

The tables sit beside the saved cases in the file ``zansai serve`` uses (``comps_imports``: one
row per file imported; ``comps``: one row per transaction), created if absent; the cases' own
tables and schema version are left alone (``app_db.open_comps`` lets ``CaseStore`` create or
check the file first). An import is one write transaction: every row parses and is written, or
nothing is. A file already imported (same SHA-256) is not imported again.

``comps_cover`` records the cells each import covers (municipality, quarter, price class and kind
of its rows): where a downloaded file and an API fetch cover the same cell, a query reads only the
newest import's rows of it (``query.superseded``), so a transaction is never counted twice.
"""

from __future__ import annotations

import gc
import hashlib
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from zansai.comps.csvfile import CsvFile, plain_shape
from zansai.errors import InputError, ZansaiError
from zansai.messages import msg

if TYPE_CHECKING:
    from zansai.comps.parse_worker import ParseWorker

APPLICATION_ID = 0x5A414E53
"""zansai's SQLite application id (the same as ``zansai.web.store.APPLICATION_ID``)."""
SCHEMA_VERSION = 2
"""1: the first tables; 2: ``comps_cover`` (filled from the rows on opening a version 1 file)."""
BUSY_TIMEOUT_S = 10.0

COLUMNS: tuple[str, ...] = (
    "municipality_code", "kind", "price_class", "district", "period", "area", "floor_area",
    "building_year", "structure", "cells",
)
"""The ``comps`` columns after ``import_id`` (``fields.store_rows`` order): what a query filters
on, and ``cells``, the row as MLIT wrote it (its 30 cells joined by ``fields.SEPARATOR``), from
which a ``Comparable`` is parsed again. ``area`` and ``floor_area`` are hundredths of a m²,
negative for a capped area (2000㎡以上 is -200000); ``period`` is 20244 for 2024 Q4."""

_INTEGER = {"period", "area", "floor_area", "building_year"}
_NOT_NULL = {"municipality_code", "kind", "price_class", "period", "cells"}
INDEX = "CREATE INDEX IF NOT EXISTS comps_city_kind_period ON comps(municipality_code, kind, period)"
CHUNK = 512
"""Rows parsed a column at a time: small enough that a chunk's cells stay in the CPU cache."""
ROWS_PER_INSERT = 32
"""Rows one ``INSERT`` statement writes (``VALUES (…), (…), …``): a statement per row costs
SQLite a step and Python a call per row; 32 rows (320 values) divide ``CHUNK`` and stay far
below SQLite's limit of 32,766 bound values."""

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS comps_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS comps_imports (id INTEGER PRIMARY KEY, file_name TEXT NOT NULL, "
    "sha256 TEXT NOT NULL UNIQUE, encoding TEXT NOT NULL, rows INTEGER NOT NULL, "
    "imported_at TEXT NOT NULL, source TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS comps (import_id INTEGER NOT NULL REFERENCES comps_imports(id) "
    "ON DELETE CASCADE, "
    + ", ".join(
        f"{c} {'INTEGER' if c in _INTEGER else 'TEXT'}{' NOT NULL' if c in _NOT_NULL else ''}"
        for c in COLUMNS
    )
    + ")",
    INDEX,
    "CREATE TABLE IF NOT EXISTS comps_cover (import_id INTEGER NOT NULL REFERENCES comps_imports(id) "
    "ON DELETE CASCADE, municipality_code TEXT NOT NULL, period INTEGER NOT NULL, "
    "price_class TEXT NOT NULL, kind TEXT NOT NULL, "
    "PRIMARY KEY (municipality_code, period, price_class, kind, import_id)) WITHOUT ROWID",
    f"INSERT OR IGNORE INTO comps_meta VALUES ('schema_version', '{SCHEMA_VERSION}')",
)


def _insert_sql(import_id: int, rows: int) -> str:
    one = f"({import_id}, {', '.join('?' * len(COLUMNS))})"
    return f"INSERT INTO comps (import_id, {', '.join(COLUMNS)}) VALUES {', '.join([one] * rows)}"


_CELL = itemgetter(0, 4, 2, 1)
"""A ``COLUMNS`` tuple's cell: (municipality_code, period, price_class, kind)."""
_MIGRATE_1_TO_2 = (
    "INSERT OR IGNORE INTO comps_cover SELECT DISTINCT import_id, municipality_code, period, "
    "price_class, kind FROM comps"
)


def _insert_rows(
    conn: sqlite3.Connection, import_id: int, chunk: Iterable[tuple[Any, ...]], cover: set[tuple[Any, ...]]
) -> int:
    """Write a chunk of ``COLUMNS`` tuples, ``ROWS_PER_INSERT`` rows a statement (in order, so
    the row ids follow the file), adding their cells to ``cover``; the rows written."""
    rows = list(chunk)
    cover.update(map(_CELL, rows))
    flat = list(chain.from_iterable(rows))
    width, step = len(COLUMNS), len(COLUMNS) * ROWS_PER_INSERT
    whole = len(flat) - len(flat) % step
    if whole:
        conn.executemany(
            _insert_sql(import_id, ROWS_PER_INSERT), (flat[i:i + step] for i in range(0, whole, step))
        )
    if whole < len(flat):
        rest = (flat[i:i + width] for i in range(whole, len(flat), width))
        conn.executemany(_insert_sql(import_id, 1), rest)
    return len(flat) // width


def _split_sql(import_id: int, rows: int) -> str:
    """``_insert_sql`` taking each row's values but ``cells`` first, then the rows' ``cells``
    (numbered parameters): the cells need not be interleaved with the values in Python. A cell
    given as UTF-8 bytes is stored as the text they encode (``CAST``): no decoding in Python."""
    w = len(COLUMNS) - 1
    one = "({}, {})".format
    values = ", ".join(
        one(import_id, ", ".join([*(f"?{r * w + k + 1}" for k in range(w)),
                                  f"CAST(?{rows * w + r + 1} AS TEXT)"]))
        for r in range(rows)
    )
    return f"INSERT INTO comps (import_id, {', '.join(COLUMNS)}) VALUES {values}"


def _insert_split(
    conn: sqlite3.Connection, import_id: int, values: list[Any], cells: list[str] | list[bytes]
) -> int:
    """Write rows given as their values but ``cells``, one row after the other, and their
    ``cells`` apart, ``ROWS_PER_INSERT`` rows a statement in order; the rows written."""
    w, rows, per = len(COLUMNS) - 1, len(cells), ROWS_PER_INSERT
    whole = rows - rows % per
    if whole:
        statements = (values[i * w:(i + per) * w] + cells[i:i + per] for i in range(0, whole, per))
        conn.executemany(_split_sql(import_id, per), statements)
    if whole < rows:
        singles = ([*values[i * w:(i + 1) * w], cells[i]] for i in range(whole, rows))
        conn.executemany(_split_sql(import_id, 1), singles)
    return rows


def _record_cover(conn: sqlite3.Connection, import_id: int, cover: set[tuple[Any, ...]]) -> None:
    conn.executemany("INSERT INTO comps_cover VALUES (?, ?, ?, ?, ?)", ((import_id, *c) for c in cover))


def write_rows(conn: sqlite3.Connection, import_id: int, chunks: Iterable[Iterable[tuple[Any, ...]]]) -> int:
    """Write an import's rows (chunks of ``COLUMNS`` tuples) and the cells they cover, inside the
    caller's transaction; the rows written. (``bench/comps.py`` times it alone: SQLite's part.)"""
    # Writing the rows unindexed and indexing them once is several times faster than keeping the
    # index up to date row by row; the transaction covers both.
    conn.execute("DROP INDEX IF EXISTS comps_city_kind_period")
    cover: set[tuple[Any, ...]] = set()
    rows = sum(_insert_rows(conn, import_id, chunk, cover) for chunk in chunks)
    conn.execute(INDEX)
    _record_cover(conn, import_id, cover)
    return rows


class _NotPlain(Exception):  # noqa: N818 (a signal, not an error)
    """A large file the csv module must read: imported in one process instead."""


class CompStoreError(ZansaiError):
    """The database cannot hold comparables: not zansai's, or from a newer zansai."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: the file, its rows, and whether it had been imported before."""

    file_name: str
    sha256: str
    rows: int
    imported_at: str
    already: bool
    seconds: float


@dataclass(frozen=True, slots=True)
class Replacement:
    """The rows an import named ``name`` should now hold (its 30 cells each; none: remove it)."""

    name: str
    sha256: str
    rows: list[list[str]]


class CompStore:
    """The ``comps`` tables of one SQLite file (created on first use)."""

    def __init__(self, path: str | Path, *, clock: type[datetime] = datetime) -> None:
        self.path = Path(path).expanduser()
        self._clock = clock
        self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        except sqlite3.Error as exc:
            raise self._error("を開けません", "cannot be opened", str(exc)) from None
        if app_id != APPLICATION_ID:
            conn.close()
            raise self._error("は zansai のデータベースではありません", "is not a zansai database", None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        with conn:
            for statement in SCHEMA:
                conn.execute(statement)
            version = int(
                conn.execute("SELECT value FROM comps_meta WHERE key = 'schema_version'").fetchone()[0]
            )
            if version == 1:  # the cells of the rows already imported
                conn.execute(_MIGRATE_1_TO_2)
                conn.execute("UPDATE comps_meta SET value = '2' WHERE key = 'schema_version'")
                version = 2
        if version > SCHEMA_VERSION:
            conn.close()
            raise self._error(
                f"の取引事例は新しい zansai の形式です（{version}）",
                f"holds comparables written by a newer zansai (schema {version}); upgrade zansai",
                None,
            )
        return conn

    def _error(self, ja: str, en: str, detail: str | None) -> CompStoreError:
        tail_ja, tail_en = (f"（{detail}）", f" ({detail})") if detail else ("", "")
        return CompStoreError(
            f"データベース {self.path} {ja}{tail_ja}", f"database {self.path} {en}{tail_en}", field="database"
        )

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        with self._conn:  # commits, or rolls everything back on any error
            yield self._conn

    def import_file(self, path: str | Path, *, source: str = "download") -> ImportResult:
        """Import one download CSV in one transaction (nothing is written if any row is bad).

        A large file is read and parsed by a second process while this one writes
        (``parse_worker``): the same rows, errors and transaction, in about half the time."""
        name, data = CsvFile.read_bytes(path)
        from zansai.comps import parse_worker

        if len(data) < parse_worker.PIPELINE_MIN_BYTES or not parse_worker.available():
            return self.import_csv(CsvFile.of_bytes(name, data), source=source)
        collecting = gc.isenabled()
        gc.disable()
        try:
            with parse_worker.ParseWorker(name, data, CHUNK, _CELL) as worker:
                return self._import_piped(name, data, worker, source)
        except _NotPlain:  # the csv module reads it, in this process (nothing was written)
            return self.import_csv(CsvFile.of_bytes(name, data), source=source)
        except sqlite3.Error as exc:
            raise self._error("に書き込めません", "cannot be written", str(exc)) from None
        finally:
            if collecting:
                gc.enable()

    def import_csv(self, csv_file: CsvFile, *, source: str = "download") -> ImportResult:
        """Import a file read into memory (see ``import_file``)."""
        # Parsing makes millions of short-lived lists and tuples: the cyclic collector would walk
        # them again and again for nothing (reference counting frees them).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._import(csv_file, source)
        except sqlite3.Error as exc:  # locked, disk full, read-only: one line, never a traceback
            raise self._error("に書き込めません", "cannot be written", str(exc)) from None
        finally:
            if collecting:
                gc.enable()

    def _import(self, csv_file: CsvFile, source: str) -> ImportResult:
        started = time.perf_counter()
        now = self._clock.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._writing() as conn:
            seen = conn.execute(
                "SELECT file_name, rows, imported_at FROM comps_imports WHERE sha256 = ?", (csv_file.sha256,)
            ).fetchone()
            if seen is not None:
                return ImportResult(
                    seen[0], csv_file.sha256, seen[1], seen[2], True, time.perf_counter() - started
                )
            import_id = conn.execute(
                "INSERT INTO comps_imports (file_name, sha256, encoding, rows, imported_at, source) "
                "VALUES (?, ?, ?, 0, ?, ?)",
                (csv_file.name, csv_file.sha256, csv_file.encoding, now, source),
            ).lastrowid
            rows = write_rows(conn, int(import_id or 0), csv_file.chunks(CHUNK))
            if rows <= 0:
                m = msg("comps.file.no_rows", name=csv_file.name)
                raise InputError(m.text("ja"), m.text("en"), field="FILE")
            conn.execute("UPDATE comps_imports SET rows = ? WHERE id = ?", (rows, import_id))
        return ImportResult(csv_file.name, csv_file.sha256, rows, now, False, time.perf_counter() - started)

    def _import_piped(self, name: str, data: bytes, worker: ParseWorker, source: str) -> ImportResult:
        started = time.perf_counter()
        now = self._clock.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        # While the worker decodes and parses: the hash, and the structure checks the worker
        # skips (its rows are used only if they pass; the file's own errors still come first).
        digest = hashlib.sha256(data).hexdigest()
        with self._writing() as conn:
            seen = conn.execute(
                "SELECT file_name, rows, imported_at FROM comps_imports WHERE sha256 = ?", (digest,)
            ).fetchone()
            if seen is not None:
                return ImportResult(seen[0], digest, seen[1], seen[2], True, time.perf_counter() - started)
            plain = plain_shape(data)
            encoding = worker.encoding()
            if not plain:
                raise _NotPlain
            import_id = int(conn.execute(
                "INSERT INTO comps_imports (file_name, sha256, encoding, rows, imported_at, source) "
                "VALUES (?, ?, ?, 0, ?, ?)",
                (name, digest, encoding, now, source),
            ).lastrowid or 0)
            conn.execute("DROP INDEX IF EXISTS comps_city_kind_period")  # as write_rows
            batches = worker.batches()
            rows = sum(_insert_split(conn, import_id, values, cells) for values, cells in batches)
            conn.execute(INDEX)
            _record_cover(conn, import_id, worker.cover)
            if rows <= 0:
                m = msg("comps.file.no_rows", name=name)
                raise InputError(m.text("ja"), m.text("en"), field="FILE")
            conn.execute("UPDATE comps_imports SET rows = ? WHERE id = ?", (rows, import_id))
        return ImportResult(name, digest, rows, now, False, time.perf_counter() - started)

    def replace_imports(self, batches: list[Replacement], *, source: str) -> tuple[int, int, int, int]:
        """Make each named import hold its rows, in one transaction: added, replaced, unchanged,
        removed (an import whose rows are identical, by SHA-256, is left alone)."""
        counts = [0, 0, 0, 0]
        now = self._clock.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            with self._writing() as conn:
                for batch in batches:
                    old = conn.execute(
                        "SELECT id, sha256 FROM comps_imports WHERE file_name = ? AND source = ?",
                        (batch.name, source),
                    ).fetchone()
                    if old is not None and old[1] == batch.sha256:
                        counts[2] += 1
                        continue
                    if old is not None:
                        conn.execute("DELETE FROM comps WHERE import_id = ?", (old[0],))
                        conn.execute("DELETE FROM comps_cover WHERE import_id = ?", (old[0],))
                        conn.execute("DELETE FROM comps_imports WHERE id = ?", (old[0],))
                    if batch.rows:
                        self._insert(conn, batch, source, now)
                        counts[0 if old is None else 1] += 1
                    elif old is not None:
                        counts[3] += 1
        except sqlite3.Error as exc:
            raise self._error("に書き込めません", "cannot be written", str(exc)) from None
        return counts[0], counts[1], counts[2], counts[3]

    @staticmethod
    def _insert(conn: sqlite3.Connection, batch: Replacement, source: str, now: str) -> None:
        from zansai.comps.fields import forget, store_rows

        import_id = conn.execute(
            "INSERT INTO comps_imports (file_name, sha256, encoding, rows, imported_at, source) "
            "VALUES (?, ?, 'json', ?, ?, ?)",
            (batch.name, batch.sha256, len(batch.rows), now, source),
        ).lastrowid
        cover: set[tuple[Any, ...]] = set()
        try:
            for start in range(0, len(batch.rows), CHUNK):
                chunk = store_rows(batch.rows[start:start + CHUNK], start + 1)
                _insert_rows(conn, int(import_id or 0), chunk, cover)
            _record_cover(conn, int(import_id or 0), cover)
        finally:
            forget()

    def imports(self) -> list[ImportResult]:
        """Every file imported, oldest first."""
        return [
            ImportResult(r[0], r[1], r[2], r[3], True, 0.0)
            for r in self._conn.execute(
                "SELECT file_name, sha256, rows, imported_at FROM comps_imports ORDER BY id"
            )
        ]

    def sources(self) -> set[str]:
        """Where the imported rows came from ("download", "api"): the credit lines to show."""
        return {r[0] for r in self._conn.execute("SELECT DISTINCT source FROM comps_imports")}

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM comps").fetchone()[0])

    def close(self) -> None:
        with closing(self._conn):
            pass

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
