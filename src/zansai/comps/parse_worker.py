"""The import's reading and parsing in a second process, while this one writes to SQLite.

A large download (``PIPELINE_MIN_BYTES`` or more) is decoded, checked and parsed by a forked
child, which sends this process the values SQLite binds, a batch at a time, in file order; the
parent only hashes the file and writes. On two cores the two halves of the import (about 2 s of
CPU each for 300,000 rows) then run at once instead of one after the other.

The guarantees are those of the single-process import: the child stops at the first bad row in
file order and sends its error (the same bilingual sentence, naming the row and the column),
which the parent raises inside its transaction, so everything already written is rolled back.
Threads were measured first and gave nothing: Python's lock serialises the parsing and the
binding of values. Where ``fork`` is not available the import stays in one process.
"""

from __future__ import annotations

import os
import queue
import threading
import traceback
from collections.abc import Callable, Iterator
from itertools import chain
from multiprocessing.connection import Connection
from operator import itemgetter
from types import TracebackType
from typing import Any, Self

from zansai.comps.csvfile import CsvFile
from zansai.comps.fields import SEPARATOR
from zansai.errors import InputError

Cell = Callable[[tuple[Any, ...]], tuple[Any, ...]]
PIPELINE_MIN_BYTES = 4_000_000
"""About 18,000 rows of the download: below it, starting a process costs more than it saves."""
PIPE_BYTES = 1 << 20
"""The pipe's size asked for (Linux allows 1 MiB without privileges)."""
_VALUES = itemgetter(slice(None, -1))
"""A ``store.COLUMNS`` tuple's values but ``cells`` (its last)."""
_CELLS = itemgetter(-1)
BATCH_CHUNKS = 8
"""Chunks sent together (4,096 rows of 512): fewer, larger messages through the pipe."""

def available() -> bool:
    """Whether a parse worker can be forked here (not on Windows) and should be: a core is free
    (the last minute's load average leaves one). On a machine whose other jobs keep every core
    busy the two processes only add their overhead (measured: docs/comps.md, *Speed*)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and free_core()


def free_core() -> bool:
    """Whether a second core is free now: two or more usable cores, and fewer other runnable
    processes than cores less one, by the kernel's count of running processes sampled a few
    times over ~40 ms (the load average lags a minute behind: an import just after another
    would see the first one's load). Without /proc/stat, the load average decides."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores < 2:
        return False
    others = _others_running()
    if others is None:
        try:
            return os.getloadavg()[0] < cores - 1
        except (AttributeError, OSError):
            return True
    return others < cores - 1


def _others_running(samples: int = 5, gap: float = 0.01) -> int | None:
    """The median number of runnable processes besides this one (``procs_running`` in
    /proc/stat, which counts this process too); None where the file is not there."""
    import time

    seen: list[int] = []
    for i in range(samples):
        try:
            with open("/proc/stat", "rb") as f:
                line = next(x for x in f if x.startswith(b"procs_running"))
        except (OSError, StopIteration):
            return None
        seen.append(max(0, int(line.split()[1]) - 1))
        if i + 1 < samples:
            time.sleep(gap)
    return sorted(seen)[len(seen) // 2]


def _work(out: Connection, name: str, data: bytes, chunk: int, cell: Cell) -> None:
    """The child: ("file", encoding), then ("rows", values, rows, cells) batches, then ("end", cells
    covered); or ("error", ja, en, field) at the first bad row, or ("crash", traceback).

    ``values`` are the rows' ``store.COLUMNS`` values but ``cells``, one row after the other.
    ``cells`` are the file's lines as written, joined by line feeds and encoded in UTF-8 (a
    plain file's lines hold none; sending them one by one costs twice as much), or a list
    where the csv module read the file (its cells may hold line feeds)."""
    try:
        csv_file = CsvFile.of_bytes(name, data)
        out.send(("file", csv_file.encoding))
        cover: set[tuple[Any, ...]] = set()
        values: list[Any] = []
        cells: list[str] = []
        count = 0
        for n, rows in enumerate(csv_file.chunks(chunk, plain=True), start=1):
            listed = list(rows)
            cover.update(map(cell, listed))
            count += len(listed)
            values.extend(chain.from_iterable(map(_VALUES, listed)))
            cells.extend(map(_CELLS, listed))
            if n % BATCH_CHUNKS == 0:
                out.send(("rows", values, count, _packed(cells)))
                values, cells, count = [], [], 0
        if values:
            out.send(("rows", values, count, _packed(cells)))
        out.send(("end", cover))
    except InputError as exc:
        out.send(("error", exc.message_ja, exc.message_en, exc.field))
    except BaseException:  # reported to the parent, which raises it
        out.send(("crash", traceback.format_exc()))
    finally:
        out.close()


def _packed(cells: list[str]) -> bytes | list[str]:
    if SEPARATOR in cells[0]:  # read by the csv module: its cells are joined apart
        return cells
    return "\n".join(cells).encode()


def _widen(fd: int) -> None:
    """Let the pipe hold a whole batch (Linux; 64 KiB otherwise): the worker then parses the
    next batch while this process writes the last, instead of waiting for each read."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError):
        pass


class ParseWorker:
    """A forked child reading and parsing ``data`` (a download CSV named ``name``), ``chunk``
    rows at a time, gathering the cells the rows cover (``cell``: a row's cell, ``store``'s)."""

    def __init__(self, name: str, data: bytes, chunk: int, cell: Cell) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._in, out = context.Pipe(duplex=False)
        _widen(out.fileno())
        self._process = context.Process(target=_work, args=(out, name, data, chunk, cell), daemon=True)
        self._process.start()
        out.close()
        self.cover: set[tuple[Any, ...]] = set()
        # A thread drains the pipe as the worker writes (reading releases Python's lock), so the
        # worker never waits for this process to finish a batch before parsing the next one.
        # (The messages are multiprocessing's own serialisation, read only from this child over
        # an anonymous pipe: never from a file or another process.)
        self._inbox: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._drain, name="zansai-comps-reader", daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        try:
            while True:
                self._inbox.put(self._in.recv())
        except (EOFError, OSError):
            self._inbox.put(None)

    def _receive(self) -> tuple[Any, ...]:
        message = self._inbox.get()
        if message is None:
            raise RuntimeError("the parse worker ended without a word")
        if message[0] == "error":
            raise InputError(message[1], message[2], field=message[3])
        if message[0] == "crash":
            raise RuntimeError(f"the parse worker failed:\n{message[1]}")
        return message

    def encoding(self) -> str:
        """The file's encoding (the file's own errors are raised here)."""
        return str(self._receive()[1])

    def batches(self) -> Iterator[tuple[list[Any], list[str] | list[bytes]]]:
        """The rows' values but ``cells``, and their ``cells`` (UTF-8 bytes where they are the
        file's lines: SQLite stores them as text), in file order; ``cover`` is filled at the
        end."""
        while (message := self._receive())[0] == "rows":
            cells = message[3]
            yield message[1], cells.split(b"\n") if isinstance(cells, bytes) else cells
        self.cover = message[1]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()  # the pipe's other end is closed: the reader meets its end
        self._reader.join()
        self._in.close()
