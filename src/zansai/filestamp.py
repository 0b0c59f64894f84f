"""A stamp of a set of files from their metadata (size, modification time, inode): a per-user
cache of data decoded from them can know it still matches without reading every file.

The per-user caches (the rule book's, the message catalogs') are named by a hash of their source
files' text, which meant reading the ~200 files at every start-up only to hash them. A stamp is
what Python's own bytecode cache trusts (size and modification time), with the inode: a cache
written with a stamp is used while the stamp is the same. A file modified within the file
system's timestamp granularity of being read could change again without its stamp changing, so
a stamp is only *settled* (trustworthy) when every file is older than ``SETTLE_NS`` (git's
"racily clean" rule); an unsettled stamp makes the cache check the text as before.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable

SETTLE_NS = 3_000_000_000
"""How old (ns) every file must be for its stamp to be trusted: above any file system's
timestamp granularity (FAT's is 2 s)."""


def stamp(files: Iterable[tuple[str, str | os.PathLike[str]]]) -> tuple[str, bool] | None:
    """SHA-256 of each ``(name, path)``'s name, size, modification time and inode, and whether
    every file is settled; None when a file cannot be read for its metadata."""
    now = time.time_ns()
    digest = hashlib.sha256()
    settled = True
    try:
        for name, path in files:
            st = os.stat(path)
            digest.update(f"\0{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode())
            settled = settled and st.st_mtime_ns < now - SETTLE_NS
    except OSError:
        return None
    return digest.hexdigest(), settled
