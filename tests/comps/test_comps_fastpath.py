"""The import's bulk split gives exactly what the csv module gives: the download's all-quoted
lines (docs/sources/mlit-comps.md §1), unquoted lines, and anything else read by the csv module
(a quote or a line break inside a cell), in chunks smaller than the file."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from zansai.comps import store as comps_store
from zansai.comps.app_db import open_comps
from zansai.comps.csvfile import CsvFile, _plain_lines
from zansai.comps.fields import parse_row
from zansai.comps.query import Criteria, select
from zansai.errors import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "comps"


def records() -> list[list[str]]:
    text = CsvFile.read(FIXTURES / "tokyo-cp932.csv").text
    return list(csv.reader(io.StringIO(text, newline="")))


def write(path: Path, rows: list[list[str]], quoted: bool, newline: str = "\r\n") -> Path:
    buffer = io.StringIO(newline="")
    quoting = csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, quoting=quoting, lineterminator=newline)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("cp932"))
    return path


def imported(tmp_path: Path, name: str, rows: list[list[str]], quoted: bool, newline: str = "\r\n"):
    with open_comps(tmp_path / f"{name}.sqlite3") as s:
        s.import_file(write(tmp_path / f"{name}.csv", rows, quoted, newline))
        found = select(s, Criteria(city="13102", limit=1000))
        stored = s.connection.execute(
            f"SELECT {', '.join(comps_store.COLUMNS[:-1])} FROM comps ORDER BY rowid"
        ).fetchall()
    return found, stored


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(comps_store, "CHUNK", 3)  # 10 rows: four chunks, the last one short


@pytest.mark.usefixtures("small_chunks")
def test_quoted_unquoted_and_csv_module_reads_store_the_same(tmp_path: Path) -> None:
    head, *body = records()
    expected = [parse_row(dict(zip(head, r, strict=True))) for r in body if r[3] == "13102"]
    tricky = [list(r) for r in body]
    tricky[4][29] = '調停・競売等\n"私道"を含む'  # a line break and quotes: the csv module's read
    rows = [head, *body]
    runs = {
        "quoted": imported(tmp_path, "q", rows, quoted=True),
        "plain": imported(tmp_path, "p", rows, quoted=False, newline="\n"),
        "module": imported(tmp_path, "m", [head, *tricky], quoted=True),
    }
    assert _plain_lines(CsvFile.read(tmp_path / "q.csv").text)[1] is True
    assert _plain_lines(CsvFile.read(tmp_path / "p.csv").text)[1] is False
    assert _plain_lines(CsvFile.read(tmp_path / "m.csv").text) is None
    assert len(expected) == 7
    by_price = sorted(expected, key=lambda c: c.trade_price)
    for name, (found, _) in runs.items():
        assert found.total == 7, name
        assert sorted(found.comparables, key=lambda c: c.trade_price) == by_price, name
    assert runs["quoted"][1] == runs["plain"][1] == runs["module"][1]
    assert len(runs["quoted"][1]) == 10


def test_a_stray_quote_inside_a_quoted_cell_is_read_by_the_csv_module(tmp_path: Path) -> None:
    head, first, *_ = records()
    first[29] = 'いわゆる"訳あり"'
    assert _plain_lines(write(tmp_path / "s.csv", [head, first], True).read_text("cp932")) is None
    with open_comps(tmp_path / "s.sqlite3") as s:
        s.import_file(tmp_path / "s.csv")
        (found,) = select(s, Criteria(city=first[3])).comparables
    assert found.remarks == 'いわゆる"訳あり"'
    assert found.trade_price == int(first[9])


@pytest.mark.usefixtures("small_chunks")
def test_a_bad_cell_in_a_later_chunk_of_a_quoted_file_is_named_and_nothing_written(tmp_path: Path) -> None:
    head, *body = records()
    body[7][12] = "65平米"  # row 9 of the file (the header is row 1), in the third chunk
    path = write(tmp_path / "b.csv", [head, *body], quoted=True)
    db = tmp_path / "b.sqlite3"
    with open_comps(db) as s, pytest.raises(InputError) as caught:
        s.import_file(path)
    assert "9行目の「面積（㎡）」の値「65平米」は読めません" in caught.value.message_ja
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM comps").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM comps_imports").fetchone() == (0,)


def test_a_short_line_of_a_plain_file_is_named(tmp_path: Path) -> None:
    head, *body = records()
    body[2] = body[2][:-1]
    path = write(tmp_path / "w.csv", [head, *body], quoted=False)
    with open_comps(tmp_path / "w.sqlite3") as s, pytest.raises(InputError, match="4行目の列の数が29です"):
        s.import_file(path)


@pytest.mark.parametrize("row", [0, 3])
def test_a_line_that_starts_with_a_quoted_comma_is_read_by_the_csv_module(tmp_path: Path, row: int) -> None:
    head, *body = records()
    body[row][0] = ","  # written '",",' — its first '","' is not between cells
    body[row][6] = "月島,勝どき"
    path = write(tmp_path / "c.csv", [head, *body], quoted=True)
    assert _plain_lines(CsvFile.read(path).text) is None
    with open_comps(tmp_path / "c.sqlite3") as s:
        s.import_file(path)
        found = [c for c in select(s, Criteria(city=body[row][3], limit=1000)).comparables
                 if c.kind_label == ","]
    assert [(c.district, c.trade_price) for c in found] == [("月島,勝どき", int(body[row][9]))]


def test_the_structure_checks_on_the_bytes_answer_as_on_the_text(tmp_path: Path) -> None:
    """The import scans the file's bytes (a quote, comma or line end is never part of a cp932 or
    UTF-8 character); each kind of file gets the same answer as from its decoded text."""
    head, *body = records()
    stray, comma, short = [list(r) for r in body], [list(r) for r in body], [list(r) for r in body]
    stray[1][29] = 'いわゆる"訳あり"'
    comma[0][0] = ","
    short[2] = short[2][:-1]
    files = [
        write(tmp_path / "q.csv", [head, *body], quoted=True),
        write(tmp_path / "p.csv", [head, *body], quoted=False, newline="\n"),
        write(tmp_path / "s.csv", [head, *stray], quoted=True),
        write(tmp_path / "c.csv", [head, *comma], quoted=True),
        write(tmp_path / "w.csv", [head, *short], quoted=True),
        write(tmp_path / "n.csv", [head, *body], quoted=True, newline="\n"),
    ]
    mixed = tmp_path / "x.csv"
    mixed.write_bytes(files[0].read_bytes().replace(b"\r\n", b"\n", 1))
    answers = []
    for path in [*files, mixed]:
        read = CsvFile.read(path)
        assert read.data == path.read_bytes()
        answers.append(_plain_lines(read.text, read.data))
        assert answers[-1] == _plain_lines(read.text), path.name
    assert [a is None for a in answers] == [False, False, True, True, True, False, True]
