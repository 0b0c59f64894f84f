"""Portfolio mode: value whole loan tapes with the engine's rules, vectorized (``zansai batch``).

``tape`` reads and validates a loan tape in chunks, ``kernel`` values a chunk (exact yen, the
same rule book as the single-case engine), ``montecarlo`` adds price and timing uncertainty,
``runner`` streams a tape through them (one process or a Dask cluster) and writes the results.
Nothing here is imported by ``zansai.cli`` until ``zansai batch`` runs.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
COMPILED_SOURCES = (_HERE, _HERE.parent / "arith")
"""The folders whose modules the kernel compiles or reads as compile-time constants."""


def source_hash(folders: tuple[Path, ...] = COMPILED_SOURCES) -> str:
    """A short hash of every module the kernel is compiled from (its own, ``layout``'s constants,
    ``compiled`` and ``zansai.arith``)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def numba_cache_dir() -> Path | None:
    """Where Numba caches the compiled kernel: a folder per ``source_hash``.

    Numba keys a cached function on its own file only, so an edit to the arithmetic it compiles
    from another module (``zansai.arith``, ``batch/compiled.py``) or to ``layout``'s constants would
    reuse a stale kernel; a folder per hash of every such source never does. The folders sit under
    the user's ``$NUMBA_CACHE_DIR`` when set, else under zansai's cache folder (``numba/``); None:
    no cache folder, Numba's default."""
    from zansai.cachedir import cache_folder

    given = os.environ.get("ZANSAI_NUMBA_BASE") or os.environ.get("NUMBA_CACHE_DIR")
    if given:
        base = Path(given)
    else:
        folder = cache_folder()
        if folder is None:
            return None
        base = folder / "numba"
    return base / source_hash()


def _use_numba_cache() -> None:
    """Point Numba at ``numba_cache_dir`` (children, such as Dask workers, inherit the same)."""
    folder = numba_cache_dir()
    if folder is None:
        return
    os.environ["ZANSAI_NUMBA_BASE"] = str(folder.parent)
    os.environ["NUMBA_CACHE_DIR"] = str(folder)
    if "numba" in sys.modules:  # numba read its configuration already: tell it too
        from numba.core import config

        config.CACHE_DIR = str(folder)  # type: ignore[attr-defined]


_use_numba_cache()
