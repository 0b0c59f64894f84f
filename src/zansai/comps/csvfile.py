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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zansai.comps.fields import HEADER, SEPARATOR, forget, store_rows
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

    @classmethod
    def read(cls, path: str | Path) -> CsvFile:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _refuse(
                "comps.file.unreadable", "FILE", name=path.name, detail=exc.strerror or str(exc)
            ) from None
        return cls.of_bytes(path.name, data)

    @classmethod
    def of_bytes(cls, name: str, data: bytes) -> CsvFile:
        digest = hashlib.sha256(data).hexdigest()
        if data.startswith(b"\xef\xbb\xbf"):
            encodings: tuple[str, ...] = ("utf-8-sig",)
        else:
            encodings = ("utf-8", "cp932")
        for encoding in encodings:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if SEPARATOR in text or "\x00" in text:
                raise _refuse("comps.file.encoding", "FILE", name=name)
            return cls(name, digest, encoding, text)
        raise _refuse("comps.file.encoding", "FILE", name=name)

    def chunks(self, size: int) -> Iterator[Iterator[tuple[Any, ...]]]:
        """The data rows as ``store.COLUMNS`` tuples, ``size`` rows at a time, after the header
        is checked (a bad row is an InputError naming its column and its row number)."""
        records = _records(self.text.rstrip("\r\n"))  # blank lines at the end are not rows
        try:
            header = next(records, None)
            if header is None:
                raise _refuse("comps.file.empty", "FILE", name=self.name)
            check_header(header)
            first = 2  # rows are numbered as records: the header is row 1
            while chunk := list(itertools.islice(records, size)):
                yield store_rows(chunk, first)
                first += len(chunk)
        except csv.Error as exc:
            raise _refuse(
                "comps.file.malformed", "FILE", name=self.name, row=first, detail=str(exc)
            ) from None
        finally:
            forget()


def _records(text: str) -> Iterator[list[str]]:
    """The CSV's records: split in C where every line is one plain record (no quotes, or every
    cell quoted without quotes or line breaks inside, as the download writes them), else read
    by the csv module."""
    if not text:
        return iter(())
    newline = "\r\n" if text.count("\r\n") == text.count("\n") and "\r\n" in text else "\n"
    if newline == "\n" and "\r" in text:
        return csv.reader(io.StringIO(text, newline=""), strict=True)
    lines = text.split(newline)
    if '"' not in text:
        return (line.split(",") for line in lines)
    width = len(lines[0][1:-1].split('","'))
    if all(line[:1] == '"' and line[-1:] == '"' and line.count('"') == 2 * width for line in lines):
        quoted = [line[1:-1].split('","') for line in lines]
        if all(len(cells) == width for cells in quoted):
            return iter(quoted)
    return csv.reader(io.StringIO(text, newline=""), strict=True)


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
