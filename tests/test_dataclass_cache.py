"""Dataclass methods compiled ahead of import: the same code as compiling, and kept up to date."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import types

import pytest

from zansai import _dataclass_methods as generated
from zansai import dataclass_cache

SAME_PYTHON = tuple(generated.PYTHON) == sys.version_info[:2]
needs_same_python = pytest.mark.skipif(not SAME_PYTHON, reason="the file was generated on another Python")
REGENERATE = "stale: run `python -m zansai.dataclass_cache` and commit src/zansai/_dataclass_methods.py"


def _shape(code: types.CodeType) -> tuple[object, ...]:
    """What a code object does, without where it was written (file name, line numbers)."""
    consts = tuple(_shape(c) if isinstance(c, types.CodeType) else (type(c).__name__, c)
                   for c in code.co_consts)
    return (code.co_name, code.co_qualname, code.co_code, consts, code.co_names, code.co_varnames,
            code.co_freevars, code.co_cellvars, code.co_argcount, code.co_kwonlyargcount, code.co_flags)


@needs_same_python
def test_every_prebuilt_method_is_the_code_its_source_compiles_to() -> None:
    assert len(generated.BY_SOURCE) > 1_000  # the engine's records, the model, the validator's
    for source, function in generated.BY_SOURCE.items():
        compiled = compile(source, "<string>", "exec", dont_inherit=True)
        (made,) = [c for c in compiled.co_consts if isinstance(c, types.CodeType)]
        assert _shape(function.__code__) == _shape(made), source


def test_the_package_installs_the_hook_on_dataclasses_alone() -> None:
    import builtins

    assert dataclasses.exec is dataclass_cache._exec  # type: ignore[attr-defined]
    assert builtins.exec is not dataclass_cache._exec  # everyone else's exec is untouched


def test_a_class_not_in_the_file_is_compiled_and_behaves() -> None:
    before = dataclass_cache.stats()

    @dataclasses.dataclass(frozen=True, slots=True)
    class Probe:
        amount: int
        note: str = "新規"
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    after = dataclass_cache.stats()
    assert after["compiled"] > before["compiled"]
    p = Probe(1_544)
    assert p == Probe(1_544, "新規", ())
    assert hash(p) == hash(Probe(1_544))
    assert repr(p).endswith("Probe(amount=1544, note='新規', tags=())")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.amount = 2  # type: ignore[misc]


@needs_same_python
def test_a_prebuilt_model_record_keeps_equality_repr_hash_and_frozenness() -> None:
    from datetime import date

    from zansai.model.keys import ExitKey
    from zansai.model.offers import Offer

    assert Offer.__init__.__code__.co_filename == generated.__file__  # it came prebuilt
    offer = Offer(ExitKey.SHORT_SALE, 24_000_000, date(2026, 3, 1))
    assert offer == Offer(ExitKey.SHORT_SALE, 24_000_000, date(2026, 3, 1), "", "")
    assert offer != Offer(ExitKey.SHORT_SALE, 24_000_001, date(2026, 3, 1))
    assert hash(offer) == hash(Offer(ExitKey.SHORT_SALE, 24_000_000, date(2026, 3, 1)))
    assert repr(offer).startswith("Offer(exit=<ExitKey.SHORT_SALE: ")
    assert Offer.__init__.__qualname__ == "Offer.__init__"
    with pytest.raises(dataclasses.FrozenInstanceError):
        offer.price = 1  # type: ignore[misc]


def _stats(env: dict[str, str]) -> dict[str, int]:
    code = ("import json\nfrom zansai.engine.plan import plan\nfrom zansai.case import build_case\n"
            "from zansai import dataclass_cache\nprint(json.dumps(dataclass_cache.stats()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, **env}).stdout
    return dict(json.loads(out))


@needs_same_python
def test_every_record_on_the_plans_path_comes_prebuilt() -> None:
    stats = _stats({})
    assert stats["prebuilt"] > 700, stats
    assert stats["compiled"] == 0, REGENERATE


def test_turned_off_every_method_is_compiled() -> None:
    stats = _stats({"ZANSAI_NO_PREBUILT_METHODS": "1"})
    assert stats == {"prebuilt": 0, "compiled": 0}  # the hook is not installed: nothing counted


@pytest.mark.slow
@needs_same_python
def test_the_generated_file_is_up_to_date() -> None:
    code = ("import json\nfrom zansai import dataclass_cache\n"
            "print(json.dumps(dataclass_cache.zansai_sources()))")
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert sorted(generated.BY_SOURCE) == json.loads(out), REGENERATE
