"""Compiled report templates kept between runs: the same output, a fresh compile for an edited
template, and no cache in a folder someone else may write to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from zansai.report.template_cache import bytecode_cache, private

ROOT = Path(__file__).resolve().parents[1]


def test_the_report_is_the_same_bytes_from_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, "ZANSAI_CACHE_DIR": str(tmp_path)}
    env.pop("ZANSAI_NO_TEMPLATE_CACHE", None)
    command = [sys.executable, "-m", "zansai", "report", str(ROOT / "examples/trade-up.toml"),
               "--at", "2026-12-01"]
    first = subprocess.run(command, env=env, capture_output=True, check=True).stdout
    entries = sorted((tmp_path / "zansai/templates").iterdir())
    assert entries, "the first run keeps what it compiled"
    second = subprocess.run(command, env=env, capture_output=True, check=True).stdout
    assert second == first
    off = subprocess.run(command, env={**env, "ZANSAI_NO_TEMPLATE_CACHE": "1"},
                         capture_output=True, check=True).stdout
    assert off == first


def test_an_edited_template_is_compiled_afresh(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZANSAI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ZANSAI_NO_TEMPLATE_CACHE", raising=False)
    old = Environment(loader=DictLoader({"a.html": "old {{ x }}"}), bytecode_cache=bytecode_cache())
    assert old.get_template("a.html").render(x=1) == "old 1"
    new = Environment(loader=DictLoader({"a.html": "new {{ x }}"}), bytecode_cache=bytecode_cache())
    assert new.get_template("a.html").render(x=1) == "new 1"


def test_no_cache_when_switched_off_or_the_folder_is_not_private(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZANSAI_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("ZANSAI_NO_TEMPLATE_CACHE", "1")
    assert bytecode_cache() is None
    monkeypatch.delenv("ZANSAI_NO_TEMPLATE_CACHE")
    assert bytecode_cache() is not None
    folder = tmp_path / "zansai/templates"
    assert private(folder)
    folder.chmod(0o777)
    assert not private(folder)
    assert bytecode_cache() is None
    folder.rmdir()
    folder.symlink_to(tmp_path)
    assert not private(folder)
