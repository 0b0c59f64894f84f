"""Shared test settings: hypothesis profiles, markers by folder, and folders skipped without their extra.

Markers (registered in pyproject.toml): ``browser`` for everything in tests/browser (Playwright and
Chromium), ``batch`` for everything in tests/batch (NumPy, Numba, PyArrow, Polars, Dask), ``slow`` on
single tests that take more than about 2 seconds. ``pytest -m "not browser and not batch and not slow"``
is the fast subset; a folder whose marker it excludes is not even imported (Playwright, Numba and
friends cost seconds to load).

Where an optional dependency is missing (a core-only install, no Playwright), each test module of its
folder is reported as skipped with what to install, instead of failing to import.
"""

from __future__ import annotations

import importlib
import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")
# issue 20: `zansai plan` reads comparable sales from the app's default database when one exists;
# the tests never read the developer's own (a test that wants it passes --comps-db or unsets this).
os.environ["ZANSAI_NO_COMPS"] = "1"

TESTS = Path(__file__).resolve().parent
FOLDER_MARKERS = {"browser": pytest.mark.browser, "batch": pytest.mark.batch}

WEB_EXTRA = "pip install 'zansai[web]'"
# folder → (modules its tests import, what to install when one is missing)
FOLDER_NEEDS: dict[str, tuple[tuple[str, ...], str]] = {
    "web": (("fastapi",), f"the web tests need the [web] extra: {WEB_EXTRA}"),
    "browser": (("fastapi", "playwright.sync_api"),
                f"the browser tests need the [web] extra and Playwright: {WEB_EXTRA} playwright "
                "(it drives Debian's Chromium; no `playwright install`)"),
    "batch": (("numpy", "numba", "pyarrow", "polars", "dask.distributed"),
              "the batch tests need the [batch] extra: pip install 'zansai[batch]'"),
}


def _folder(path: Path) -> str | None:
    """The top folder under tests/ that ``path`` lies in (None for tests/ itself and elsewhere)."""
    parts = path.relative_to(TESTS).parts if path.is_relative_to(TESTS) else ()
    return parts[0] if len(parts) > 1 else None


@cache
def _missing(modules: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``modules`` that cannot be imported."""
    gone = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            gone.append(name)
    return tuple(gone)


class _SkippedModule(pytest.Module):
    """A test module not imported at all, reported as skipped: its folder's dependencies are missing."""

    reason = ""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        pytest.skip(self.reason)


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """Skip (not fail) a module of tests/web, tests/browser or tests/batch when its extra is missing.

    Done here rather than by ``pytest.importorskip`` in the folder's conftest: a skip raised while a
    conftest is imported crashes ``pytest tests/web``, where that conftest is loaded at start-up.
    """
    needs = FOLDER_NEEDS.get(_folder(module_path) or "")
    if needs is None:
        return None
    modules, install = needs
    gone = _missing(modules)
    if not gone:
        return None
    skipped = _SkippedModule.from_parent(parent, path=module_path)
    skipped.reason = f"{install} ({', '.join(gone)} missing)"
    return skipped


@pytest.hookimpl(tryfirst=True)  # before -m deselects anything
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in tests/browser as browser and every test in tests/batch as batch."""
    for item in items:
        marker = FOLDER_MARKERS.get(_folder(item.path) or "")
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
