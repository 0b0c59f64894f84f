"""Output files the commands write: all or nothing, never half a file."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from zansai.errors import InputError


def output_path(option: str, out: str | os.PathLike[str]) -> Path:
    """``out`` as a file path to write, checked before any work: its folder exists, it is no folder."""
    target = Path(out)
    if not target.parent.is_dir():
        raise InputError(
            f"{option} の出力先フォルダ {target.parent} がありません",
            f"{option}: the folder {target.parent} does not exist",
            field=option,
        )
    if target.is_dir():
        raise InputError(
            f"{option} の出力先 {target} はフォルダです。ファイル名を指定してください",
            f"{option}: {target} is a folder; give a file name",
            field=option,
        )
    return target


def partial_path(target: Path) -> Path:
    """A hidden, unique file beside ``target`` to write into before renaming it over ``target``."""
    return target.parent / f".{target.name}.{secrets.token_hex(6)}.part"


def write_atomically(target: Path, data: bytes) -> None:
    """Write next to ``target`` and rename over it: a reader never sees half a file."""
    partial = partial_path(target)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # 0o666 less the umask
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
