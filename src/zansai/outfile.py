"""Output files the commands write: all or nothing, never half a file, never what is not ours.

A command checks and reserves every file it will write before any work (``Outputs.add``): the
target must be absent or a regular file, never a symbolic link, a device, a FIFO, a socket or a
folder (run as root, replacing ``/dev/null`` by a regular file would break the system), and a
hidden partial file beside it must be creatable (so ``/proc/x.html`` or a folder without write
permission is refused at once). Everything is written into the partial files and renamed over
the targets together at ``commit``; on any error, Ctrl-C, SIGTERM or SIGHUP the partial files are
removed and no target changes.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType, TracebackType

from zansai.errors import InputError

_KINDS = (
    (stat.S_ISDIR, "フォルダ", "a folder"),
    (stat.S_ISLNK, "シンボリックリンク", "a symbolic link"),
    (stat.S_ISCHR, "デバイス", "a device"),
    (stat.S_ISBLK, "デバイス", "a device"),
    (stat.S_ISFIFO, "名前付きパイプ（FIFO）", "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "ソケット", "a socket"),
)
_REASONS = {
    errno.ENOENT: ("フォルダがないか、ファイルを作れない場所です",
                   "the folder does not exist or cannot hold files"),
    errno.EACCES: ("書き込む権限がありません", "permission denied"),
    errno.EPERM: ("書き込む権限がありません", "permission denied"),
    errno.EROFS: ("読み取り専用のファイルシステムです", "the file system is read-only"),
    errno.ENOTDIR: ("途中にフォルダでないものがあります", "a part of the path is not a folder"),
    errno.ENAMETOOLONG: ("ファイル名が長すぎます", "the file name is too long"),
    errno.ENOSPC: ("ディスクの空きがありません", "the disk is full"),
}
TERMINATING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end a command like Ctrl-C does: the partial files are removed first."""


def refuse(option: str, target: Path, ja: str, en: str) -> InputError:
    """The one-line error about an output file: names the option and the path."""
    return InputError(f"{option} の出力先 {target} には書けません: {ja}",
                      f"{option}: cannot write {target}: {en}", field=option)


def os_error(option: str, target: Path, exc: OSError) -> InputError:
    """An ``OSError`` met while writing ``target``, as the user's one-line error."""
    ja, en = _REASONS.get(exc.errno or 0, (f"書き込めません（{exc.strerror}）", str(exc.strerror)))
    return refuse(option, target, ja, en)


def check_target(option: str, out: str | os.PathLike[str]) -> Path:
    """``out`` as a file path to write: absent or a regular file (a link is not followed)."""
    target = Path(out)
    if not str(out) or target.name in ("", ".", ".."):
        raise refuse(option, target, "ファイル名を指定してください", "give a file name")
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise os_error(option, target, exc) from None
    if mode is not None and not stat.S_ISREG(mode):
        ja, en = next(((ja, en) for is_kind, ja, en in _KINDS if is_kind(mode)),
                      ("特殊なファイル", "a special file"))
        raise refuse(option, target, f"{ja}です。通常のファイル名を指定してください",
                     f"it is {en}; give the name of a regular file")
    if not target.parent.is_dir():
        raise refuse(option, target, f"フォルダ {target.parent} がありません",
                     f"the folder {target.parent} does not exist")
    return target


def output_path(option: str, out: str | os.PathLike[str]) -> Path:
    """``check_target`` (kept for callers that only check)."""
    return check_target(option, out)


def partial_path(target: Path) -> Path:
    """A hidden, unique file beside ``target`` to write into before renaming it over ``target``."""
    return target.parent / f".{target.name}.{secrets.token_hex(6)}.part"


class OutputFile:
    """One reserved target: its hidden partial file exists (created by us, empty) until commit."""

    def __init__(self, option: str, target: Path) -> None:
        self.option, self.target = option, target
        self.partial = partial_path(target)
        try:
            fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
        except OSError as exc:  # the folder cannot be written: /proc, permissions, a read-only disk
            raise os_error(option, target, exc) from None
        os.close(fd)

    def write(self, data: bytes) -> None:
        """The whole content, into the partial file (synced to disk)."""
        try:
            fd = os.open(self.partial, os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise os_error(self.option, self.target, exc) from None

    def sync(self) -> None:
        """Flush to disk what another writer (pyarrow) wrote into the partial file."""
        fd = os.open(self.partial, os.O_RDONLY | os.O_NOFOLLOW)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def discard(self) -> None:
        self.partial.unlink(missing_ok=True)


class Outputs:
    """The files one command writes, reserved before any work and renamed together at ``commit``.

    Use as a context manager: leaving it without ``commit`` (an error, Ctrl-C, SIGTERM) removes
    every partial file and leaves every target as it was.
    """

    def __init__(self) -> None:
        self.files: list[OutputFile] = []
        self._stack = ExitStack()

    def add(self, option: str, out: str | os.PathLike[str]) -> OutputFile:
        target = check_target(option, out)
        for other in self.files:
            if os.path.abspath(other.target) == os.path.abspath(target) or (
                    target.exists() and other.target.exists() and os.path.samefile(other.target, target)):
                raise refuse(option, target, f"{other.option} と同じファイルです",
                             f"it is the same file as {other.option}")
        file = OutputFile(option, target)
        self.files.append(file)
        return file

    def commit(self) -> None:
        """Check every target again, then rename every partial file over its target."""
        for file in self.files:
            check_target(file.option, file.target)  # still absent or a regular file
        for file in self.files:
            try:
                os.replace(file.partial, file.target)
            except OSError as exc:
                raise os_error(file.option, file.target, exc) from None
        self.files = []

    def discard(self) -> None:
        for file in self.files:
            file.discard()
        self.files = []

    def __enter__(self) -> Outputs:
        self._stack.enter_context(terminate_as_interrupt())
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.discard()  # after a commit, nothing is left to discard
        finally:
            self._stack.close()


class Terminated(SystemExit):
    """Raised in the main thread by SIGTERM or SIGHUP, so the partial files are cleaned up."""


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise ``Terminated`` (exit 128 + signal) like Ctrl-C raises.

    Only the main thread can set signal handlers: elsewhere (the web app's workers) this does nothing;
    a signal that is ignored (``nohup``) or already handled keeps its handler.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated(128 + signum)

    # a signal ignored (nohup) or handled by someone else keeps its handler
    previous = {sig: signal.signal(sig, handler) for sig in TERMINATING_SIGNALS
                if signal.getsignal(sig) is signal.SIG_DFL}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def write_atomically(target: Path, data: bytes, option: str = "--out") -> None:
    """Write ``data`` to ``target`` all or nothing (one file: ``Outputs`` for several)."""
    with Outputs() as outputs:
        outputs.add(option, target).write(data)
        outputs.commit()
