"""The web tests need no Playwright: they collect and run on a machine without it.

The browser fixtures live in tests/browser/; this folder (API, store, security, forms, charts, PDF, CLI-web)
must not depend on them. The cheap check reads the imports; the slow one collects tests/web in a
subprocess where ``import playwright`` raises ImportError, as it would where it is not installed.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
WEB = TESTS / "web"
ROOT = TESTS.parent


def _imported(path: Path) -> set[str]:
    """The top-level names of every module ``path`` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_web_test_module_imports_playwright() -> None:
    assert "playwright" in _imported(TESTS / "browser" / "conftest.py")  # the check does see it
    shared = [TESTS / "conftest.py", TESTS / "shared_fixtures.py"]
    importers = [p.name for p in [*sorted(WEB.glob("*.py")), *shared] if "playwright" in _imported(p)]
    assert importers == []


@pytest.mark.slow
def test_web_tests_collect_with_playwright_unimportable(tmp_path: Path) -> None:
    blocker = tmp_path / "playwright"
    blocker.mkdir()
    (blocker / "__init__.py").write_text('raise ImportError("playwright is blocked for this test")\n')
    path = [str(tmp_path), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    blocked = subprocess.run([sys.executable, "-c", "import playwright.sync_api"],
                             env=env, capture_output=True, text=True, timeout=60, check=False)
    assert "playwright is blocked for this test" in blocked.stderr

    run = subprocess.run([sys.executable, "-m", "pytest", "tests/web", "--collect-only", "-q", "-p",
                          "no:cacheprovider"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    # With the project's -q and ours, pytest prints one "FILE: COUNT" line per collected module.
    counts = {name: int(n) for name, n in re.findall(r"^tests/web/(test_\w+\.py): (\d+)$", run.stdout, re.M)}
    assert sorted(counts) == sorted(p.name for p in WEB.glob("test_*.py"))
    assert min(counts.values()) > 0
