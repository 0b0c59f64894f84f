"""Reading a user's input file (入力ファイル) safely: a regular file, of bounded size, UTF-8 text.

Every command that reads a file the user names (``plan``, ``divorce``, ``report``,
``schedule --file``; ``batch`` checks its tape with ``check_regular``) goes through here, so a
device (``/dev/zero``), a FIFO (which would block forever), a directory, a binary or a Latin-1
file is one bilingual ``InputError`` naming the field, never a hang or a traceback.
"""

from __future__ import annotations

import os
import stat

from zansai.errors import InputError
from zansai.messages import msg

MAX_INPUT_BYTES = 4 * 1024 * 1024
"""An input bound, not a rule: a case or loan file is a few kilobytes; 4 MiB is far above any."""


def _refuse(field: str, path: str, problem: str, **kw: object) -> InputError:
    return InputError.invalid(field, path, *msg(f"infile.{problem}", **kw))


def check_regular(field: str, path: str) -> None:
    """Refuse, before opening, a path that is missing or not a regular file (symlinks followed)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _refuse(field, path, "unreadable", reason=exc.strerror or "") from None
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(field, path, "not_regular")


def read_text(field: str, path: str, *, limit: int = MAX_INPUT_BYTES) -> str:
    """The UTF-8 text of the regular file ``path``, at most ``limit`` bytes (a BOM is dropped).

    The file is opened without blocking (a FIFO swapped in after the check cannot hang the
    command) and checked again on the open descriptor."""
    check_regular(field, path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _refuse(field, path, "unreadable", reason=exc.strerror or "") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _refuse(field, path, "not_regular")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise _refuse(field, path, "unreadable", reason=exc.strerror or "") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _refuse(field, path, "too_large", mib=limit // (1024 * 1024))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(field, path, "not_utf8") from None
