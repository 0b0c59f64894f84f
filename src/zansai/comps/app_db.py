"""The comparables in the app's own database: the file ``zansai serve`` and ``zansai cases`` use.

``CaseStore`` creates the file (or checks that it is zansai's and not from a newer version)
before the comparables' tables are added beside the cases. The shells use this; code that is
given a path uses ``CompStore`` directly.
"""

from __future__ import annotations

from pathlib import Path

from zansai.comps.store import CompStore


def open_comps(path: str | Path | None = None) -> CompStore:
    """The comparables of ``path`` (default: the app's database, ``$ZANSAI_DB`` or the XDG path)."""
    from zansai.web.store import CaseStore, default_db_path

    CaseStore(path if path is not None else default_db_path()).close()
    return CompStore(path if path is not None else default_db_path())
