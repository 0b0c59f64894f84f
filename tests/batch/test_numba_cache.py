"""The compiled kernel's cache is keyed on every source it is compiled from: Numba alone keys a
cached function on its own file, so an edit to ``zansai.arith`` would otherwise reuse a stale kernel
(found while measuring the shared arithmetic core, issue 19)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zansai import batch


def _copy(tmp: Path) -> tuple[Path, Path]:
    here, arith = tmp / "batch", tmp / "arith"
    for src, dst in ((batch.COMPILED_SOURCES[0], here), (batch.COMPILED_SOURCES[1], arith)):
        dst.mkdir()
        for f in src.glob("*.py"):
            (dst / f.name).write_bytes(f.read_bytes())
    return here, arith


def test_an_edit_to_the_arithmetic_changes_the_cache_folder(tmp_path: Path) -> None:
    here, arith = _copy(tmp_path)
    before = batch.source_hash((here, arith))
    assert before == batch.source_hash()  # the same sources, the same folder
    interest = arith / "interest.py"
    interest.write_text(interest.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert batch.source_hash((here, arith)) != before
    layout = here / "layout.py"
    after_arith = batch.source_hash((here, arith))
    layout.write_text(layout.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert batch.source_hash((here, arith)) != after_arith


def test_numba_caches_under_the_hash(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "ZANSAI_NUMBA_BASE")}
    env["ZANSAI_CACHE_DIR"] = str(tmp_path)
    code = ("import zansai.batch, numba.core.config as c, os; "
            "print(c.CACHE_DIR); print(os.environ['ZANSAI_NUMBA_BASE'])")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == [str(tmp_path / "zansai" / "numba" / batch.source_hash()),
                   str(tmp_path / "zansai" / "numba")]
    # a child inherits the same folder (not one nested under it); a user's folder is the base
    env.update(ZANSAI_NUMBA_BASE=out[1], NUMBA_CACHE_DIR=out[0])
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           check=True).stdout.split()
    assert again == out
    mine = {k: v for k, v in env.items() if k != "ZANSAI_NUMBA_BASE"} | {"NUMBA_CACHE_DIR": "/tmp/mine"}
    assert subprocess.run([sys.executable, "-c", code], env=mine, capture_output=True, text=True,
                          check=True).stdout.split()[0] == f"/tmp/mine/{batch.source_hash()}"


def test_the_first_run_notice_looks_where_numba_caches(tmp_path: Path) -> None:
    """``zansai batch`` says "first run: compiling" only while the kernel is not in Numba's cache,
    which is now under the per-source folder (it used to look in the package's __pycache__, so after
    the move it said so on every run)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "ZANSAI_NUMBA_BASE")}
    env["ZANSAI_CACHE_DIR"] = str(tmp_path)
    code = ("from zansai.batch import command, kernel; print(command._kernel_cached()); "
            "print(kernel.value_chunk._cache._cache_path)")
    cached, folder = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                    check=True).stdout.split()
    assert cached == "False"
    assert Path(folder).is_relative_to(tmp_path / "zansai" / "numba" / batch.source_hash())
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / "kernel.value_chunk-900.py311.nbi").write_bytes(b"")
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           check=True).stdout.split()
    assert again[0] == "True"
