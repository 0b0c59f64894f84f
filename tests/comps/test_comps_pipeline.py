"""A large import is parsed by a second process while this one writes: the same rows in the same
order as the one-process import, the same first error naming its row and column, and nothing
written when a row late in the file is bad (docs/sources/mlit-comps.md §1 for the columns)."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from zansai.comps import parse_worker
from zansai.comps import store as comps_store
from zansai.comps.app_db import open_comps
from zansai.comps.csvfile import CsvFile
from zansai.errors import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "comps"

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork here"
)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each parse worker started (by file name)."""
    started: list[str] = []
    real = parse_worker.ParseWorker.__init__

    def spy(self: parse_worker.ParseWorker, name: str, *args: object) -> None:
        started.append(name)
        real(self, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_worker.ParseWorker, "__init__", spy)
    monkeypatch.setattr(parse_worker, "free_core", lambda: True)  # whatever the machine's load
    return started


def records() -> list[list[str]]:
    text = CsvFile.read(FIXTURES / "tokyo-cp932.csv").text
    return list(csv.reader(io.StringIO(text, newline="")))


def write(path: Path, rows: list[list[str]], *, quoted: bool = True) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("cp932"))
    return path


def dump(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return [
            *conn.execute("SELECT * FROM comps ORDER BY rowid"),
            *conn.execute("SELECT file_name, sha256, encoding, rows, source FROM comps_imports"),
            *conn.execute("SELECT * FROM comps_cover ORDER BY 1, 2, 3, 4, 5"),
        ]


def big(n: int) -> list[list[str]]:
    """``n`` rows: the fixture's ten again and again, each with its own price."""
    head, *body = records()
    rows = [list(body[i % len(body)]) for i in range(n)]
    for i, row in enumerate(rows):
        row[9] = str(1_000_000 + i)
    return [head, *rows]


def test_a_bad_row_in_a_late_chunk_writes_nothing_and_is_named(tmp_path: Path, forks: list[str]) -> None:
    rows = big(50_000)
    rows[49_001][12] = "65平米"  # row 49,002 of the file (the header is row 1)
    rows[49_500][27] = "2024年第4期"  # a later bad row: not the one reported
    path = write(tmp_path / "late.csv", rows)
    assert path.stat().st_size >= parse_worker.PIPELINE_MIN_BYTES
    db = tmp_path / "db.sqlite3"
    with open_comps(db) as s:
        s.import_file(FIXTURES / "tokyo-cp932.csv")
    before = dump(db)
    with open_comps(db) as s, pytest.raises(InputError) as caught:
        s.import_file(path)
    assert forks == ["late.csv"]
    assert "49002行目の「面積（㎡）」の値「65平米」は読めません" in caught.value.message_ja
    assert "row 49002, column 「面積（㎡）」" in caught.value.message_en
    assert caught.value.field == "面積（㎡）"
    assert dump(db) == before


@pytest.mark.parametrize("quoted", [True, False])
def test_the_pipeline_writes_what_one_process_writes(
    tmp_path: Path, forks: list[str], monkeypatch: pytest.MonkeyPatch, quoted: bool
) -> None:
    rows = big(1_000)
    if not quoted:  # a quote inside a cell: the csv module reads this file, cells joined apart
        rows[700][29] = '調停・競売等\n"私道"を含む'
    path = write(tmp_path / "same.csv", rows, quoted=quoted)
    monkeypatch.setattr(comps_store, "CHUNK", 37)  # short chunks, batches and a short tail
    monkeypatch.setattr(parse_worker, "BATCH_CHUNKS", 3)
    one, piped = tmp_path / "one.sqlite3", tmp_path / "piped.sqlite3"
    with open_comps(one) as s:
        assert s.import_file(path).rows == 1_000
    assert forks == []  # a small file: one process
    monkeypatch.setattr(parse_worker, "PIPELINE_MIN_BYTES", 0)
    with open_comps(piped) as s:
        result = s.import_file(path)
        assert (result.rows, result.already) == (1_000, False)
        assert s.import_file(path).already  # the same file again: nothing written
    assert forks == ["same.csv", "same.csv"]  # the second stopped at the known SHA-256
    assert dump(piped) == dump(one)
    assert len(dump(one)) > 1_000


def test_file_level_errors_come_through_the_worker(
    tmp_path: Path, forks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_worker, "PIPELINE_MIN_BYTES", 0)
    head, *body = records()
    wrong = write(tmp_path / "wrong.csv", [["取引時点" if c == "取引時期" else c for c in head], *body])
    empty = write(tmp_path / "empty.csv", [head])
    db = tmp_path / "db.sqlite3"
    with open_comps(db) as s:
        with pytest.raises(InputError, match="列「取引時点」"):
            s.import_file(wrong)
        with pytest.raises(InputError, match="取引のデータがありません"):
            s.import_file(empty)
        assert s.count() == 0
        assert s.imports() == []
    assert forks == ["wrong.csv", "empty.csv"]


def test_a_busy_machine_imports_in_one_process(
    tmp_path: Path, forks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_worker, "PIPELINE_MIN_BYTES", 0)
    monkeypatch.setattr(parse_worker, "free_core", lambda: False)  # every core taken
    with open_comps(tmp_path / "db.sqlite3") as s:
        assert s.import_file(FIXTURES / "tokyo-cp932.csv").rows == 10
    assert forks == []


@pytest.mark.parametrize(("cores", "others", "free"), [(2, 0, True), (2, 1, False), (1, 0, False),
                                                        (4, 2, True), (4, 3, False)])
def test_a_free_core_is_one_the_other_running_processes_leave(
    monkeypatch: pytest.MonkeyPatch, cores: int, others: int, free: bool
) -> None:
    monkeypatch.setattr(parse_worker.os, "sched_getaffinity", lambda _pid: set(range(cores)))
    monkeypatch.setattr(parse_worker, "_others_running", lambda: others)
    assert parse_worker.free_core() is free


@pytest.mark.parametrize(("cores", "load", "free"), [(2, 0.4, True), (2, 1.0, False), (4, 3.2, False)])
def test_without_proc_stat_the_load_average_decides(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, free: bool
) -> None:
    monkeypatch.setattr(parse_worker.os, "sched_getaffinity", lambda _pid: set(range(cores)))
    monkeypatch.setattr(parse_worker, "_others_running", lambda: None)
    monkeypatch.setattr(parse_worker.os, "getloadavg", lambda: (load, 0.0, 0.0))
    assert parse_worker.free_core() is free


def test_the_running_processes_are_read_from_the_kernel() -> None:
    others = parse_worker._others_running(samples=1)
    if Path("/proc/stat").exists():
        assert others is not None
        assert 0 <= others < 10_000
    else:
        assert others is None


def _shapes(tmp_path: Path) -> dict[str, bytes]:
    """Files of every shape the structure checks tell apart (the fixture's rows)."""
    head, *body = records()
    quoted = write(tmp_path / "q.csv", [head, *body]).read_bytes()
    stray = [list(r) for r in body]
    stray[5][29] = '調停・競売等"私道"'
    lines = quoted.split(b"\r\n")
    lines[3] = lines[3].replace(b'","', b",", 1)  # 29 cells on one line ...
    lines[4] = lines[4][:-1] + b'","x"'  # ... and 31 on the next: the quotes add up all the same
    plain_text = "\r\n".join(",".join(r) for r in [head, *body]) + "\r\n"
    return {
        "quoted": quoted,
        "quoted, blank lines at the end": quoted + b"\r\n\r\n",
        "quoted, UTF-8 with its mark": b"\xef\xbb\xbf" + quoted.decode("cp932").encode(),
        "unquoted": plain_text.encode("cp932"),
        "unquoted, line feeds": plain_text.replace("\r\n", "\n").encode("cp932"),
        "a quote inside a cell": write(tmp_path / "s.csv", [head, *stray]).read_bytes(),
        "mixed line ends": quoted.replace(b"\r\n", b"\n", 3),
        "29 and 31 cells": b"\r\n".join(lines),
        "empty": b"",
    }


def test_the_structure_checks_on_the_bytes_agree_with_those_on_the_text(tmp_path: Path) -> None:
    from zansai.comps.csvfile import _plain_lines, decode, plain_shape

    verdicts = {}
    for shape, data in _shapes(tmp_path).items():
        decoded = decode(data)
        assert decoded is not None, shape
        verdicts[shape] = plain_shape(data)
        assert verdicts[shape] is (_plain_lines(decoded[1]) is not None), shape
    assert [s for s, plain in verdicts.items() if not plain] == [
        "a quote inside a cell", "mixed line ends", "29 and 31 cells", "empty"
    ]


def test_a_file_the_csv_module_reads_reports_its_first_bad_row(
    tmp_path: Path, forks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_worker, "PIPELINE_MIN_BYTES", 0)
    rows = big(3_000)
    rows[9][12] = "65平米"  # row 10
    rows[2_500][29] = '調停・競売等"私道"'  # a quote inside a cell far later: not a plain file
    path = write(tmp_path / "late-quote.csv", rows)
    db = tmp_path / "db.sqlite3"
    with open_comps(db) as s, pytest.raises(InputError) as caught:
        s.import_file(path)
    assert forks == ["late-quote.csv"]
    assert "10行目の「面積（㎡）」の値「65平米」は読めません" in caught.value.message_ja
    rows[9][12] = "65"
    write(path, rows)
    with open_comps(db) as s:
        assert s.count() == 0
        assert s.import_file(path).rows == 3_000
    with open_comps(tmp_path / "one.sqlite3") as s:
        monkeypatch.setattr(parse_worker, "PIPELINE_MIN_BYTES", 10**9)
        s.import_file(path)
    assert dump(db) == dump(tmp_path / "one.sqlite3")


def test_an_undecodable_file_is_refused_as_in_one_process(
    tmp_path: Path, forks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_worker, "PIPELINE_MIN_BYTES", 0)
    data = write(tmp_path / "x.csv", big(100)).read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(data[:-500] + b'\x81"\x00' + data[-497:])  # and not plain either
    with open_comps(tmp_path / "db.sqlite3") as s:
        with pytest.raises(InputError) as piped:
            s.import_file(bad)
        assert s.count() == 0
    with pytest.raises(InputError) as alone:
        CsvFile.read(bad)
    assert (piped.value.message_en, piped.value.field) == (alone.value.message_en, alone.value.field)
    assert forks == ["bad.csv"]
