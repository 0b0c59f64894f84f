"""Shared test settings: hypothesis profiles sized for a 2-core CI machine, and markers by folder.

Markers (registered in pyproject.toml): ``browser`` for everything in tests/browser (Playwright and
Chromium), ``batch`` for everything in tests/batch (NumPy, Numba, PyArrow, Polars, Dask), ``slow`` on
single tests that take more than about 2 seconds. ``pytest -m "not browser and not batch and not slow"``
is the fast subset; a folder whose marker it excludes is not even imported (Playwright, Numba and
friends cost seconds to load).
"""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

TESTS = Path(__file__).resolve().parent
FOLDER_MARKERS = {"browser": pytest.mark.browser, "batch": pytest.mark.batch}


@pytest.hookimpl(tryfirst=True)  # before -m deselects anything
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in tests/browser as browser and every test in tests/batch as batch."""
    for item in items:
        parts = item.path.relative_to(TESTS).parts if item.path.is_relative_to(TESTS) else ()
        marker = FOLDER_MARKERS.get(parts[0]) if len(parts) > 1 else None
        if marker is not None:
            item.add_marker(marker)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip importing tests/browser or tests/batch when ``-m`` rules out their marker outright.

    Only a plain conjunction such as ``not browser and not slow`` is read; anything with ``or`` or
    parentheses is left to pytest's own deselection, which needs the folder collected.
    """
    marker = FOLDER_MARKERS.get(collection_path.name) if collection_path.parent == TESTS else None
    words = str(config.getoption("markexpr") or "").split()
    if marker is None or "or" in words or any("(" in w or ")" in w for w in words):
        return None
    conjuncts = " ".join(words).split(" and ")
    return True if f"not {marker.name}" in conjuncts else None
