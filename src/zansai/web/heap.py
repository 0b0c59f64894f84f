"""A serving process's garbage collector, settled once its app is built."""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Ready a serving process's garbage collector, once its app is built: what start-up made
    (modules, the rule book, the compiled templates) is frozen out of every later collection, and
    young collections run less often. A plan makes thousands of short-lived objects; with Python's
    defaults a request paid about a tenth of its time in collections, and a full one (every object
    of the heap, the cached plans too) now and then held a request for tens of milliseconds."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


GC_THRESHOLDS = (10_000, 20, 20)
"""Allocations before a young collection (Python: 700), and the older generations' counts."""
