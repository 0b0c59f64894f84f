"""The per-user cache folder: the rule book and the message catalogs (data), and in their own
subfolders Numba's compiled kernels and Jinja's compiled report templates (code: the templates' only
in a folder no one else may write to, see ``zansai.report.template_cache``).

``$ZANSAI_CACHE_DIR/zansai``, ``$XDG_CACHE_HOME/zansai`` or ``~/.cache/zansai``; None when there
is no home directory (loading is then slower, never different).
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path | None:
    base = os.environ.get("ZANSAI_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory: no cache
            return None
    return Path(base) / "zansai"
