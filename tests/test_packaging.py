"""The package as an installer sees it: a light core, optional extras, one version, typed names."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import zansai
from zansai import extras

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return requirement.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()


def test_the_core_needs_only_what_the_engine_and_cli_need() -> None:
    core = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    assert core == {"click", "rich", "pydantic", "pyyaml", "tomli-w", "jinja2"}
    optional = PYPROJECT["project"]["optional-dependencies"]
    assert {_name(r) for r in optional["web"]} >= {"fastapi", "uvicorn", "orjson"}
    assert {_name(r) for r in optional["batch"]} >= {"numpy", "numba", "pyarrow", "polars", "dask"}
    assert {_name(r) for r in optional["office"]} >= {"openpyxl", "python-docx", "icalendar"}
    assert "zansai[web,batch,office]" in optional["dev"]  # the README's commands install everything


def test_the_version_is_written_once() -> None:
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/zansai/__init__.py"
    assert metadata.version("zansai") == zansai.__version__


def test_public_names_resolve_and_are_listed_once() -> None:
    assert zansai.__all__ == sorted(set(zansai.__all__))
    for name in zansai.__all__:
        assert getattr(zansai, name) is not None, name
    with pytest.raises(AttributeError):
        _ = zansai.no_such_name  # type: ignore[attr-defined]
    assert (ROOT / "src" / "zansai" / "py.typed").is_file()


def test_import_zansai_loads_no_engine_until_a_name_is_used() -> None:
    code = ("import sys, zansai; print(sorted(m for m in sys.modules if m.startswith('zansai.'))); "
            "zansai.plan; print('zansai.engine.plan' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    first, second = out.splitlines()
    assert first == "['zansai.dataclass_cache']"  # the hook for prebuilt dataclass methods alone
    assert second == "True"


def test_a_missing_extra_is_named_with_its_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extras, "find_spec", lambda name: None if name == "fastapi" else object())
    assert extras.missing("web") == ["fastapi"]
    with pytest.raises(extras.MissingExtraError) as err:
        extras.require("web", "Webアプリ", "the web app")
    assert "pip install 'zansai[web]'" in err.value.message_ja
    assert err.value.message_en == ("the web app needs the optional part zansai[web] (fastapi missing): "
                                    "pip install 'zansai[web]'")
    extras.require("batch", "ポートフォリオ", "portfolio mode")  # everything else is present
