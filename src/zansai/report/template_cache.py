"""Compiled report templates kept between runs (Jinja's bytecode cache, like Python's ``.pyc``).

A one-shot ``zansai report`` spends about half a second compiling the report's templates before
it renders a line; Jinja can keep what it compiled, keyed by each template's name and the checksum
of its text, so an edited template is compiled afresh and a stale entry is never used. The entries
live in ``templates/`` of zansai's cache folder, only when that folder belongs to this user and no
one else may write to it (the entries are code). ``ZANSAI_NO_TEMPLATE_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache

from zansai.cachedir import cache_folder


def bytecode_cache() -> BytecodeCache | None:
    """The cache of compiled templates, or None (off, no cache folder, or a folder not ours)."""
    if os.environ.get("ZANSAI_NO_TEMPLATE_CACHE"):
        return None
    base = cache_folder()
    if base is None:
        return None
    folder = base / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder)) if private(folder) else None


def private(folder: Path) -> bool:
    """True when ``folder`` is a real folder owned by this user that no one else may write to."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()
