"""Key numbers of a benchmark script, as JSON lines for ``bench/summary.py``.

Each script prints its own detailed table and also calls :func:`emit` for the figures the summary
table shows. ``summary.py`` sets ``ZANSAI_BENCH_RECORDS`` to a temporary file before it runs the
scripts; run alone (no such variable), a script writes no records.
"""

from __future__ import annotations

import json
import os

ENV = "ZANSAI_BENCH_RECORDS"


def emit(key: str, value: float | None, unit: str, note: str = "", **extra: object) -> None:
    """Append one record ``{"key", "value", "unit", "note", ...}`` to ``$ZANSAI_BENCH_RECORDS``, if set.

    ``value`` is None when the figure could not be measured (``note`` says why)."""
    path = os.environ.get(ENV)
    if not path:
        return
    line = json.dumps({"key": key, "value": value, "unit": unit, "note": note, **extra}, ensure_ascii=False)
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")
