"""MLIT's download CSV as a file: its encoding (Shift_JIS as downloaded, or UTF-8) and its header.

The encoding is detected strictly: a UTF-8 byte-order mark, else UTF-8 if every byte decodes,
else cp932 (Microsoft's Shift_JIS, which the download uses) if every byte decodes; anything else
is refused. The header must be the 30 columns of ``fields.HEADER`` in order: a missing, extra
or renamed column is refused by name.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import methodcaller
from pathlib import Path
from typing import Any

from zansai.comps.fields import HEADER, SEPARATOR, forget, store_lines, store_rows
from zansai.errors import InputError
from zansai.messages import msg


def _refuse(id: str, field: str, **params: Any) -> InputError:
    m = msg(id, **params)
    return InputError(m.text("ja"), m.text("en"), field=field)


@dataclass(frozen=True, slots=True)
class CsvFile:
    """A download CSV read into memory: its name, its bytes' SHA-256, its encoding and text."""

    name: str
    sha256: str
    encoding: str
    text: str
    data: bytes = field(default=b"", repr=False, compare=False)
    """The file's bytes (the structure checks of ``_plain_lines`` scan them: half the size)."""

    @classmethod
    def read(cls, path: str | Path) -> CsvFile:
        return cls.of_bytes(*cls.read_bytes(path))

    @staticmethod
    def read_bytes(path: str | Path) -> tuple[str, bytes]:
        """The file's name and bytes (an unreadable file is an InputError naming it)."""
        path = Path(path)
        try:
            return path.name, path.read_bytes()
        except OSError as exc:
            raise _refuse(
                "comps.file.unreadable", "FILE", name=path.name, detail=exc.strerror or str(exc)
            ) from None

    @classmethod
    def of_bytes(cls, name: str, data: bytes) -> CsvFile:
        digest = hashlib.sha256(data).hexdigest()
        # Neither byte is ever part of a UTF-8 or cp932 character (cp932's second bytes are
        # 0x40–0xFC): checked on the bytes, in C's memchr, rather than on the decoded text.
        if SEPARATOR.encode() in data or b"\x00" in data:
            raise _refuse("comps.file.encoding", "FILE", name=name)
        decoded = decode(data)
        if decoded is None:
            raise _refuse("comps.file.encoding", "FILE", name=name)
        return cls(name, digest, *decoded, data)

    def chunks(self, size: int, *, plain: bool = False) -> Iterator[Iterator[tuple[Any, ...]]]:
        """The data rows as ``store.COLUMNS`` tuples, ``size`` rows at a time, after the header
        is checked (a bad row is an InputError naming its column and its row number).

        ``plain``: the caller has found ``plain_shape(data)`` true (on another core), so the
        lines are split and parsed at once, without the structure checks."""
        first = 2  # rows are numbered as records: the header is row 1
        try:
            split = _split_lines(self.text) if plain else _plain_lines(self.text, self.data or None)
            if split is not None and split[0]:
                lines, quoted = split
                check_header(next(csv.reader(lines[:1], strict=True)))
                for start in range(1, len(lines), size):
                    yield store_lines(lines[start:start + size], quoted, first)
                    first += size
                return
            text = self.text.rstrip("\r\n")  # blank lines at the end are not rows
            records = csv.reader(io.StringIO(text, newline=""), strict=True)
            header = next(records, None)
            if header is None:
                raise _refuse("comps.file.empty", "FILE", name=self.name)
            check_header(header)
            while chunk := list(itertools.islice(records, size)):
                yield store_rows(chunk, first)
                first += len(chunk)
        except csv.Error as exc:
            raise _refuse(
                "comps.file.malformed", "FILE", name=self.name, row=first, detail=str(exc)
            ) from None
        finally:
            forget()


def decode(data: bytes) -> tuple[str, str] | None:
    """The encoding and text of a file's bytes (see the module's docstring), or None."""
    encodings = ("utf-8-sig",) if data.startswith(b"\xef\xbb\xbf") else ("utf-8", "cp932")
    for encoding in encodings:
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _plain_lines(text: str, data: bytes | None = None) -> tuple[list[str], bool] | None:
    """The CSV's lines, and whether its cells are quoted, where every line is one record that
    splits in C: no quotes at all, or every cell quoted (as the download writes them) with no
    quote or line break inside a cell. None for anything else (read by the csv module). Blank
    lines at the end are not records. The checks scan the text in C and never copy it.

    A line with the wrong number of cells is left to ``fields.store_lines``, which names it.

    ``data``, the file's bytes, may be given: the whole-text counts and searches are then made
    on them (same answers: quotes, commas and line ends are never part of a cp932 or UTF-8
    character, whose second bytes are 0x40 or more)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    count, has = _scanners(text, data)
    if count("\n") != len(lines) - 1 or count("\r") != (len(lines) - 1) * (newline == "\r\n"):
        return None  # mixed or stray line ends
    _drop_blank_tail(lines)
    if not lines:
        return None
    if not has('"'):
        return lines, False
    # Every quote must open or close a cell: a line's first and last characters and the two of
    # each '","' between its cells, so each line has 2 × 30 quotes, 29 of them in '","'; the
    # lines' ends are checked on the text (no line starts or ends with a quote of a '","').
    # The quotes are counted on the whole text: a line with its 29 '","' and its two ends holds
    # at least 60 quotes, so 60 × the lines in all means exactly 60 in each.
    seps = methodcaller("count", '","')
    if not (
        lines[0][:1] == '"' and lines[-1][-1:] == '"' and lines[0][:3] != '","' and lines[-1][-3:] != '","'
        and count(f'"{newline}"') == len(lines) - 1
        and not has(f'{newline}","') and not has(f'","{newline}')
        and set(map(seps, lines)) == {len(HEADER) - 1}
        and count('"') == 2 * len(HEADER) * len(lines)
    ):
        return None
    return lines, True


def _drop_blank_tail(lines: list[str]) -> None:
    while lines and not lines[-1]:
        lines.pop()


def _split_lines(text: str) -> tuple[list[str], bool]:
    """``_plain_lines``' lines and quoting without its checks (made apart by ``plain_shape``)."""
    lines = text.split("\r\n" if "\r\n" in text else "\n")
    _drop_blank_tail(lines)
    return lines, '"' in text


def plain_shape(data: bytes) -> bool:
    """Whether a file's bytes pass ``_plain_lines``' structure checks, without decoding them:
    the checks look only at quotes, commas and line ends, which are never part of a cp932 or
    UTF-8 character, so they give the same answer on the bytes read one character each
    (latin-1, a copy) as on the decoded text. A large import makes them here, in the
    importing process, while its parse worker decodes and parses (``parse_worker``)."""
    if data.startswith(b"\xef\xbb\xbf"):  # the mark is not part of the decoded text
        data = data[3:]
    return _plain_lines(data.decode("latin-1"), data) is not None


def _scanners(text: str, data: bytes | None) -> tuple[Callable[[str], int], Callable[[str], bool]]:
    """Count and find a pattern of ASCII in the text, or in its bytes when given."""
    if data is None:
        return text.count, text.__contains__
    source = data

    def count(pattern: str) -> int:
        return source.count(pattern.encode())

    def has(pattern: str) -> bool:
        return pattern.encode() in source

    return count, has


def check_header(header: list[str]) -> None:
    """Refuse a header that is not exactly ``HEADER``, naming the first column that differs."""
    found = [h.strip() for h in header]
    for column in found:
        if column not in HEADER:
            raise _refuse("comps.file.unknown_column", column, column=column)
    for column in HEADER:
        if column not in found:
            raise _refuse("comps.file.missing_column", column, column=column)
    for column in found:
        if found.count(column) > 1:
            raise _refuse("comps.file.duplicate_column", column, column=column)
    for place, (want, got) in enumerate(zip(HEADER, found, strict=True), start=1):
        if want != got:
            raise _refuse(
                "comps.file.column_order", got, column=got, expected=HEADER.index(got) + 1, found=place
            )
