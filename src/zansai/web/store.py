"""Saved cases (保存したケース): a small SQLite file on the user's own machine.

Each case is its case file as JSON plus a title, timestamps and the case it was copied from (a
what-if). Every write is one ``BEGIN IMMEDIATE`` transaction with ``synchronous=FULL`` in WAL mode,
so a write that returned survives a crash or a power cut; an update keeps the version it replaces
(``revisions``) so an adviser can see what changed.

Threads: one short-lived connection per call. FastAPI runs sync endpoints in a thread pool, and
a connection shared between threads would need a lock that serialises reads too and still would
not protect against a second process (the CLI, another server) writing the same file. With a
connection per call, WAL lets readers run beside the one writer, and SQLite's own file lock plus
the busy timeout orders writers across threads and processes alike; opening costs well under a
millisecond.

Messages name at most a case id and the database path, never anything inside a case.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from zansai.errors import InputError, ZansaiError

APPLICATION_ID = 0x5A414E53
"""``PRAGMA application_id`` of a zansai database ("ZANS"): tells it from other SQLite files."""

KEEP_REVISIONS = 100
"""Previous versions kept per case; older ones are dropped on update."""

BUSY_TIMEOUT_S = 10.0

MIGRATIONS: tuple[str, ...] = (
    # 1: the cases themselves.
    f"""
    PRAGMA application_id = {APPLICATION_ID};
    CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        parent_id TEXT REFERENCES cases(id) ON DELETE SET NULL
    );
    CREATE INDEX cases_updated_at ON cases(updated_at);
    """,
    # 2: the versions an update replaced, and a write counter that orders two saves in one second.
    """
    CREATE TABLE revisions (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (case_id, revision)
    ) WITHOUT ROWID;
    ALTER TABLE cases ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
    UPDATE cases SET seq = rowid;
    """,
    # 3: the adviser's status of each case, and the list's summary (client, lender, remaining debt,
    # deadlines) computed from the plan when the case is saved; NULL: to be computed.
    """
    ALTER TABLE cases ADD COLUMN status TEXT NOT NULL DEFAULT 'consulting';
    ALTER TABLE cases ADD COLUMN summary TEXT;
    CREATE INDEX cases_parent ON cases(parent_id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_ID = re.compile(r"[0-9a-f]{32}")
_COLUMNS = "id, title, data, created_at, updated_at, parent_id"
_LIGHT = "id, title, created_at, updated_at, parent_id, status, summary, seq"
"""What the case list reads: everything but the case data."""


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """One saved case."""

    id: str
    title: str
    data: dict[str, Any]
    created_at: str
    updated_at: str
    parent_id: str | None
    status: str = "consulting"
    """The adviser's status of the case (``web.casestatus.CaseStatus``)."""
    revision: int | None = None
    """The number of a kept earlier version; None for the current one."""

    def summary(self) -> dict[str, Any]:
        """What a list shows: everything but the case data."""
        return {"id": self.id, "title": self.title, "created_at": self.created_at,
                "updated_at": self.updated_at, "parent_id": self.parent_id, "status": self.status}

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary(), "data": self.data}


class CaseNotFound(InputError):  # noqa: N818 - the name the web layer and tests use
    """No saved case with this id (or the id is not one zansai makes)."""

    def __init__(self, case_id: object) -> None:
        text = str(case_id)
        shown = text if _ID.fullmatch(text) else repr(text[:40])
        super().__init__(f"保存されたケース {shown} はありません", f"no saved case {shown}", field="case_id")
        self.case_id = text


class StoreError(ZansaiError):
    """The database cannot be used: unreadable, not zansai's, or from a newer zansai."""


def default_db_path() -> Path:
    """``$ZANSAI_DB``, else ``$XDG_DATA_HOME/zansai/cases.sqlite3``, else ``~/.local/share/zansai/…``."""
    if explicit := os.environ.get("ZANSAI_DB"):
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME")
    # The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
    base = Path(data_home) if data_home and Path(data_home).is_absolute() else Path.home() / ".local/share"
    return base / "zansai" / "cases.sqlite3"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _statements(script: str) -> Iterator[str]:
    """Split a script into statements (``executescript`` would commit our transaction first)."""
    buf = ""
    for ch in script:
        buf += ch
        if ch == ";" and sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""
    if buf.strip():
        raise ValueError("migration script ends without ';'")


def _check_id(case_id: str) -> str:
    if not isinstance(case_id, str) or not _ID.fullmatch(case_id):
        raise CaseNotFound(case_id)
    return case_id


def _check_input(title: object, data: object) -> str:
    if not isinstance(title, str):
        raise InputError.invalid("title", type(title).__name__, "題名は文字列で指定してください",
                                 "the title must be a string")
    if not isinstance(data, dict):
        raise InputError.invalid("data", type(data).__name__, "ケースは表（オブジェクト）で指定してください",
                                 "the case must be a table (object)")
    try:
        return json.dumps(data, ensure_ascii=False, sort_keys=False, allow_nan=False)
    except (TypeError, ValueError):
        raise InputError("ケースに JSON にできない値があります（日付は文字列にしてください）",
                         "the case holds a value JSON cannot carry (dates must be strings)",
                         field="data") from None


def _record(row: sqlite3.Row) -> CaseRecord:
    return CaseRecord(id=row["id"], title=row["title"], data=json.loads(row["data"]),
                      created_at=row["created_at"], updated_at=row["updated_at"], parent_id=row["parent_id"],
                      status=row["status"])


@dataclass(frozen=True, slots=True)
class ListRow:
    """One case as the case list reads it: no case data, and the stored summary (None: missing)."""

    id: str
    title: str
    created_at: str
    updated_at: str
    parent_id: str | None
    status: str
    summary: dict[str, Any] | None
    seq: int = 0
    """The order of the last save (breaks ties between timestamps, which are to the second)."""


class CaseStore:
    """The saved cases in one SQLite file; safe to share between threads and processes."""

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path).expanduser()
        self._clock = clock or _utc_now
        self._closed = False
        self.summarize: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None
        """Computes the case list's summary of a case's data as it is saved (set by the web app)."""
        self._open_file()
        with self._connect() as conn:
            self._check_owner(conn)
            self._version = self._migrate(conn)

    # -- opening and migrating

    def _open_file(self) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self.path.exists():
                # Household finances: readable by this user only (SQLite copies the mode to -wal/-shm).
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as exc:
            raise self._error("を作れません", "cannot be created", exc.strerror) from None
        if not self.path.is_file():
            raise self._error("はファイルではありません", "is not a file", None)

    def _error(self, ja: str, en: str, detail: str | None) -> StoreError:
        tail_ja, tail_en = (f"（{detail}）", f" ({detail})") if detail else ("", "")
        return StoreError(f"データベース {self.path} {ja}{tail_ja}", f"database {self.path} {en}{tail_en}",
                          field="database")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self._closed:
            raise self._error("は閉じられています", "is closed", None)
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error("を開けません", "cannot be opened", str(exc)) from None
        with closing(conn):
            conn.row_factory = sqlite3.Row
            try:
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA synchronous = FULL")
                yield conn
            except sqlite3.DatabaseError as exc:
                if conn.in_transaction:
                    conn.rollback()
                if "not a database" in str(exc):
                    raise self._error("は zansai のデータベースではありません（SQLite ではない）",
                                      "is not a zansai database (not SQLite)", None) from None
                raise self._error("を読み書きできません", "cannot be read or written", str(exc)) from None

    def _check_owner(self, conn: sqlite3.Connection) -> None:
        """Refuse, without writing a byte, a file that is not ours or is from a newer zansai."""
        # One statement, one snapshot: read separately, another opener's migration could commit
        # between the reads and show tables with version 0.
        version, app_id, tables = (int(x) for x in conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT application_id FROM pragma_application_id), "
            "(SELECT count(*) FROM sqlite_schema)").fetchone())
        if app_id not in (0, APPLICATION_ID) or (version == 0 and tables):
            raise self._error("は zansai のデータベースではありません", "is not a zansai database", None)
        if version > SCHEMA_VERSION:
            raise self._error(
                f"は新しい zansai で作られています（形式 {version}、この版は {SCHEMA_VERSION} まで）。"
                "zansai を更新してください",
                f"was written by a newer zansai (schema {version}, this version reads up to "
                f"{SCHEMA_VERSION}); upgrade zansai", None)

    def _migrate(self, conn: sqlite3.Connection) -> int:
        conn.execute("PRAGMA journal_mode = WAL")
        for target, script in enumerate(MIGRATIONS, start=1):
            conn.execute("BEGIN IMMEDIATE")
            with conn:  # commits, or rolls the whole migration back
                # Re-read inside the write lock: another process may have migrated meanwhile.
                if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= target:
                    continue
                for statement in _statements(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target}")
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is on disk when this returns, or none of it."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            with conn:
                yield conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One read snapshot for queries that must agree with each other."""
        with self._connect() as conn:
            conn.execute("BEGIN")
            with conn:
                yield conn

    @property
    def schema_version(self) -> int:
        return self._version

    def _now(self) -> str:
        return self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @staticmethod
    def _row(conn: sqlite3.Connection, case_id: str) -> sqlite3.Row:
        row: sqlite3.Row | None = conn.execute(
            f"SELECT {_COLUMNS}, status FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseNotFound(case_id)
        return row

    def _summary_of(self, data: dict[str, Any]) -> str | None:
        """The list's summary of ``data`` as stored (None: computed later, when the list asks)."""
        made = self.summarize(data) if self.summarize is not None else None
        return json.dumps(made, ensure_ascii=False) if made is not None else None

    # -- the public API

    def list(self) -> list[CaseRecord]:
        """Every saved case, the most recently updated first."""
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS}, status FROM cases ORDER BY updated_at DESC, seq DESC").fetchall()
        return [_record(r) for r in rows]

    def get(self, case_id: str) -> CaseRecord:
        _check_id(case_id)
        with self._connect() as conn:
            return _record(self._row(conn, case_id))

    def create(self, title: str, data: dict[str, Any], *, parent_id: str | None = None) -> CaseRecord:
        text = _check_input(title, data)
        case_id = uuid.uuid4().hex
        now = self._now()
        summary = self._summary_of(data)
        with self._writing() as conn:
            if parent_id is not None:
                self._row(conn, _check_id(parent_id))
            conn.execute(
                f"INSERT INTO cases ({_COLUMNS}, summary, seq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM cases))",
                (case_id, title, text, now, now, parent_id, summary))
            row = self._row(conn, case_id)
        return _record(row)

    def create_many(self, cases: builtins.list[tuple[str, dict[str, Any]]]) -> builtins.list[CaseRecord]:
        """Save several new cases in one transaction: all of them, or none (``zansai cases import``)."""
        rows = [(uuid.uuid4().hex, title, _check_input(title, data), self._summary_of(data))
                for title, data in cases]
        now = self._now()
        with self._writing() as conn:
            for case_id, title, text, summary in rows:
                conn.execute(
                    f"INSERT INTO cases ({_COLUMNS}, summary, seq) "
                    "VALUES (?, ?, ?, ?, ?, NULL, ?, (SELECT coalesce(max(seq), 0) + 1 FROM cases))",
                    (case_id, title, text, now, now, summary))
            made = [self._row(conn, case_id) for case_id, *_ in rows]
        return [_record(row) for row in made]

    def update(self, case_id: str, *, title: str, data: dict[str, Any]) -> CaseRecord:
        """Save a new version; the one it replaces goes to ``revisions``. Saving no change is a no-op."""
        _check_id(case_id)
        text = _check_input(title, data)
        summary = self._summary_of(data)
        with self._writing() as conn:
            old = self._row(conn, case_id)
            if old["title"] == title and old["data"] == text:
                return _record(old)
            number = conn.execute("SELECT coalesce(max(revision), 0) + 1 FROM revisions WHERE case_id = ?",
                                  (case_id,)).fetchone()[0]
            conn.execute("INSERT INTO revisions (case_id, revision, title, data, updated_at) "
                         "SELECT id, ?, title, data, updated_at FROM cases WHERE id = ?", (number, case_id))
            conn.execute("DELETE FROM revisions WHERE case_id = ? AND revision <= ?",
                         (case_id, number - KEEP_REVISIONS))
            conn.execute(
                "UPDATE cases SET title = ?, data = ?, updated_at = ?, summary = ?, "
                "seq = (SELECT coalesce(max(seq), 0) + 1 FROM cases) WHERE id = ?",
                (title, text, self._now(), summary, case_id))
            row = self._row(conn, case_id)
        return _record(row)

    def duplicate(self, case_id: str, *, title: str | None = None) -> CaseRecord:
        """A what-if copy: same data, ``parent_id`` set, title ``…（コピー）`` unless given."""
        original = self.get(case_id)
        new_title = original.title + "（コピー）" if title is None else title
        data = dict(original.data)
        if "title" in data:  # the case file's own title follows, so the form shows the copy's name
            data["title"] = new_title
        return self.create(new_title, data, parent_id=original.id)

    def delete(self, case_id: str) -> None:
        """Remove a case and its revisions; copies of it keep their data and lose their parent."""
        _check_id(case_id)
        with self._writing() as conn:
            if conn.execute("DELETE FROM cases WHERE id = ?", (case_id,)).rowcount == 0:
                raise CaseNotFound(case_id)

    def revisions(self, case_id: str) -> builtins.list[CaseRecord]:
        """The versions earlier updates replaced, newest first (``updated_at`` is when each was saved)."""
        _check_id(case_id)
        with self._reading() as conn:
            case = self._row(conn, case_id)
            rows = conn.execute(
                "SELECT revision, title, data, updated_at FROM revisions WHERE case_id = ? "
                "ORDER BY revision DESC",
                (case_id,)).fetchall()
        return [CaseRecord(id=case_id, title=r["title"], data=json.loads(r["data"]),
                           created_at=case["created_at"], updated_at=r["updated_at"],
                           parent_id=case["parent_id"], status=case["status"], revision=r["revision"])
                for r in rows]

    def restore(self, case_id: str, revision: int) -> CaseRecord:
        """Make a kept version the current one again, as a new save: the version it replaces is
        kept too, so a restore can itself be undone."""
        _check_id(case_id)
        with self._connect() as conn:
            row = conn.execute("SELECT title, data FROM revisions WHERE case_id = ? AND revision = ?",
                               (case_id, revision)).fetchone()
        if row is None:
            self.get(case_id)  # no such case: CaseNotFound
            raise InputError.invalid("revision", str(revision), "この版は残っていません",
                                     "this version is not kept")
        return self.update(case_id, title=row["title"], data=json.loads(row["data"]))

    def set_status(self, case_id: str, status: str) -> CaseRecord:
        """Record the adviser's status (checked by the caller against ``CaseStatus``); the case's
        data and revisions are untouched, its update time moves."""
        _check_id(case_id)
        with self._writing() as conn:
            old = self._row(conn, case_id)
            if old["status"] != status:
                conn.execute("UPDATE cases SET status = ?, updated_at = ?, "
                             "seq = (SELECT coalesce(max(seq), 0) + 1 FROM cases) WHERE id = ?",
                             (status, self._now(), case_id))
            row = self._row(conn, case_id)
        return _record(row)

    def list_rows(self) -> builtins.list[ListRow]:
        """Every case without its data, with its stored summary, the most recently updated first."""
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT {_LIGHT} FROM cases ORDER BY updated_at DESC, seq DESC").fetchall()
        return [ListRow(id=r["id"], title=r["title"], created_at=r["created_at"], updated_at=r["updated_at"],
                        parent_id=r["parent_id"], status=r["status"],
                        summary=json.loads(r["summary"]) if r["summary"] else None, seq=r["seq"])
                for r in rows]

    def data_of(self, case_ids: builtins.list[str]) -> dict[str, dict[str, Any]]:
        """The case data of some cases at once (for summaries to compute)."""
        if not case_ids:
            return {}
        with self._connect() as conn:
            rows = conn.execute(f"SELECT id, data FROM cases WHERE id IN ({','.join('?' * len(case_ids))})",
                                case_ids).fetchall()
        return {r["id"]: json.loads(r["data"]) for r in rows}

    def set_summary(self, case_id: str, data: dict[str, Any], summary: dict[str, Any]) -> None:
        """Store the list's summary computed from ``data``, unless the case changed meanwhile."""
        text = _check_input("", data)
        with self._writing() as conn:
            conn.execute("UPDATE cases SET summary = ? WHERE id = ? AND data = ?",
                         (json.dumps(summary, ensure_ascii=False), case_id, text))

    def close(self) -> None:
        """Nothing stays open between calls; after this every call raises ``StoreError``."""
        self._closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def store_of(request: Any) -> CaseStore:
    """The app's case store (``app.state.store``), for a route's request."""
    store: CaseStore = request.app.state.store
    return store
