"""The case file's validator built ahead of start-up (検証器の事前構築): pydantic without its schema build.

pydantic turns the models of ``zansai.case.schema`` into a *core schema* (plain dicts naming the
models, the field parsers and the constraints) the first time a file is validated, and builds its
Rust validator and serializer from it; that first build was the largest cost of reading a case
at start-up. ``zansai/case/_validators.py``, written by ``python -m zansai.dataclass_cache`` (with
the prebuilt dataclass methods), holds the core schemas of the models the command line validates
and dumps (``MODELS``) as Python source, compiled to bytecode like any module. ``install()``
builds the validator and serializer from it with pydantic's own constructors, exactly as pydantic
would from the schema it generates; the models stay "not yet complete" for everything else (the
JSON Schema, other models embedding them), which pydantic then builds as usual.

The file carries a fingerprint of the sources the schemas come from (the models' modules and the
modules they import names from, and the pydantic versions): when any differs, nothing is
installed and pydantic builds its schema as before, so the file can make start-up faster but
never change what is accepted. The schemas' ``metadata`` (JSON Schema hooks, which the validator
does not read) is left out. tests/test_case_prebuilt.py checks the file is up to date and that the
installed validator gives the same results. ``ZANSAI_NO_PREBUILT_VALIDATOR=1`` turns it off.
"""

from __future__ import annotations

import ast
import enum
import functools
import hashlib
import os
import re
import sys
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

GENERATED = "_validators"
MODELS = ("CaseFile", "CaseLoan", "HouseholdIn", "DelinquencyIn", "ResidualIn", "BrokerageIn",
          "LowCostSpecialIn", "AuctionIn")
"""The models a plan validates or dumps at start-up: the file (``CaseFile``), each loan
(``CaseLoan.model_dump`` in the builder), and the sections a file may leave out, whose defaults
are made by calling the model."""


def install(namespace: Mapping[str, Any]) -> bool:
    """Give the models in ``namespace`` (the schema module's) their prebuilt validator and
    serializer when the generated file matches the sources; True when installed."""
    if os.environ.get("ZANSAI_NO_PREBUILT_VALIDATOR"):
        return False
    try:
        from zansai.case import _validators as generated
    except ImportError:  # not generated yet
        return False
    if fingerprint(generated.MODULES) != generated.FINGERPRINT:
        return False
    from pydantic.plugin._schema_validator import create_schema_validator
    from pydantic_core import SchemaSerializer

    for name, (schema, config) in generated.schemas().items():  # type: ignore[no-untyped-call]
        cls = namespace[name]
        cls.__pydantic_validator__ = create_schema_validator(
            schema, cls, cls.__module__, cls.__qualname__, "BaseModel", config,
            cls.model_config.get("plugin_settings"))
        cls.__pydantic_serializer__ = SchemaSerializer(schema, config)
    return True


def fingerprint(modules: tuple[str, ...]) -> str:
    """The hash of the pydantic versions and these (already imported) modules' sources; '' when
    one is not imported or has no source."""
    import pydantic
    import pydantic_core

    digest = hashlib.sha256(f"{sys.version_info[:2]} {pydantic.VERSION} "
                            f"{pydantic_core.__version__}".encode())
    for name in modules:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path is None:
            return ""
        try:
            digest.update(name.encode() + b"\0" + Path(path).read_bytes())
        except OSError:
            return ""
    return digest.hexdigest()


# -- writing the file


def current_schemas() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Each model's core schema and core config as pydantic generates them now."""
    from pydantic._internal._config import ConfigWrapper

    from zansai.case import schema as models

    found = {}
    for name in MODELS:
        cls = getattr(models, name)
        cls.model_rebuild(force=True)
        config = ConfigWrapper(cls.model_config, check=False).core_config(title=cls.__name__)
        found[name] = (_without_metadata(cls.__pydantic_core_schema__), dict(config))
    return found


def _without_metadata(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_metadata(v) for k, v in value.items() if k != "metadata"}
    if isinstance(value, list):
        return [_without_metadata(v) for v in value]
    return value


class _Writer:
    """Python source for a core schema: data as literals, functions and classes by name."""

    def __init__(self) -> None:
        self.modules: dict[str, str] = {}
        self.refs: dict[str, str] = {}

    def alias(self, module: str) -> str:
        return self.modules.setdefault(module, f"_m{len(self.modules)}")

    def named(self, obj: Any) -> str:
        """An importable object (a class, a module-level function, a bound classmethod)."""
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, type):  # a validator bound to its model (pydantic's classmethods)
            text = f"{self.named(owner)}.{obj.__func__.__name__}"
            return self._checked(text, obj, owner, obj.__func__.__name__)
        module, qualname = obj.__module__, obj.__qualname__
        if "<" in qualname:
            raise ValueError(f"{module}.{qualname} cannot be named: make it a module-level function")
        target: Any = sys.modules[module]
        for part in qualname.split("."):
            target = getattr(target, part)
        if target is not obj:
            raise ValueError(f"{module}.{qualname} does not name the object it was found as")
        return f"{self.alias(module)}.{qualname}"

    @staticmethod
    def _checked(text: str, obj: Any, owner: type, name: str) -> str:
        if getattr(owner, name) != obj:
            raise ValueError(f"{text} does not name the object it was found as")
        return text

    def ref(self, text: str) -> str:
        """A schema reference without the ``id()`` pydantic adds (stable from run to run)."""
        stem = re.sub(r":\d+$", "", text)
        return self.refs.setdefault(text, f"{stem}:{len(self.refs)}")

    def literal(self, value: Any, key: str = "") -> str:
        if isinstance(value, dict):
            items = ", ".join(f"{k!r}: {self.literal(v, k)}" for k, v in value.items())
            return "{" + items + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.literal(v) for v in value) + "]"
        if isinstance(value, tuple):
            return "(" + "".join(f"{self.literal(v)}, " for v in value) + ")"
        if isinstance(value, enum.Enum):
            return f"{self.named(type(value))}[{value.name!r}]"
        if isinstance(value, str) and key in ("ref", "schema_ref"):
            return repr(self.ref(value))
        if value is None or isinstance(value, bool | int | str):
            return repr(value)
        if isinstance(value, float) and value == value and abs(value) != float("inf"):
            return repr(value)
        if isinstance(value, Fraction):
            return f"{self.alias('fractions')}.Fraction({value.numerator}, {value.denominator})"
        if isinstance(value, Decimal):
            return f"{self.alias('decimal')}.Decimal({str(value)!r})"
        if isinstance(value, date):
            return f"{self.alias('datetime')}.date.fromisoformat({value.isoformat()!r})"
        if isinstance(value, functools.partial):
            args = "".join(f", {self.literal(a)}" for a in value.args)
            kwargs = "".join(f", {k}={self.literal(v)}" for k, v in value.keywords.items())
            return f"{self.alias('functools')}.partial({self.named(value.func)}{args}{kwargs})"
        if isinstance(value, type) or callable(value):
            return self.named(value)
        raise ValueError(f"cannot write {type(value).__name__} in a core schema: {value!r}")


def source_modules(schemas: Mapping[str, tuple[dict[str, Any], dict[str, Any]]]) -> tuple[str, ...]:
    """The zansai modules the schemas come from: the models' (with their bases'), those defining
    what the schemas name, and those the models' modules import names from."""
    from zansai.case import schema as models

    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict | list | tuple):
            for item in value.values() if isinstance(value, dict) else value:
                walk(item)
        elif isinstance(value, functools.partial):
            walk(value.func)
        elif not isinstance(value, str | int | float | bool | type(None)):
            owner = getattr(value, "__self__", None)
            module = getattr(owner if isinstance(owner, type) else value, "__module__", None)
            module = module or type(value).__module__
            found.add(module)

    walk([s for s, _ in schemas.values()])
    for name in MODELS:
        found.update(c.__module__ for c in getattr(models, name).__mro__)
    for module in sorted(found):
        if module.startswith("zansai."):
            found.update(_imported_from(module))
    return tuple(sorted(m for m in found if m.startswith("zansai.")))


def _imported_from(module: str) -> set[str]:
    path = sys.modules[module].__file__
    assert path is not None
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return {node.module for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
            and node.module.startswith("zansai.")}


def render() -> str:
    """The text of ``_validators.py`` for the models as they are now."""
    schemas = current_schemas()
    modules = source_modules(schemas)
    writer = _Writer()
    body = [f"        {name!r}: ({writer.literal(schema)},\n            {writer.literal(config)}),"
            for name, (schema, config) in schemas.items()]
    imports = [f"import {module} as {alias}" for module, alias in sorted(writer.modules.items())]
    return "\n".join([
        "# Generated by `python -m zansai.dataclass_cache`: do not edit (see zansai/case/prebuilt.py).",
        "# ruff: noqa",
        "# mypy: ignore-errors",
        '"""The core schemas of the case file\'s models, for the validator built ahead of start-up."""',
        "",
        f"FINGERPRINT = {fingerprint(modules)!r}",
        f"MODULES = {modules!r}",
        "",
        "",
        "def schemas():",
        *(f"    {line}" for line in imports),
        "    return {",
        *body,
        "    }",
        "",
    ])


def main() -> None:
    """Write ``_validators.py`` next to this module."""
    path = Path(__file__).with_name(f"{GENERATED}.py")
    path.write_text(render(), encoding="utf-8")
    print(f"{path}: the prebuilt core schemas of {', '.join(MODELS)}")
