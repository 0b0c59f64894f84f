"""The walls of the house: what each layer may import, and no import cycles.

model (core types) ← engine (pure arithmetic) ← report (rendering) ← shells (cli, web, batch).
The engine imports no shell, no edge parser and no batch library; the model imports nothing
from the engine; and the package has no import cycle, counting imports inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "zansai"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function (relative imports resolved)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and ast.unparse(block.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
                   for stmt in block.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue  # annotations only: never imported when the program runs
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def _inside(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def offending(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    """``module → import`` for every import of a layer's modules that the layer may not make."""
    return sorted(f"{m} → {i}" for m, path in MODULES.items() if _inside(m, layer)
                  for i in imports(path) if _inside(i, *forbidden))


SHELLS = ("zansai.cli", "zansai.web", "zansai.report", "zansai.batch")
HEAVY = ("numpy", "numba", "polars", "pyarrow", "dask", "distributed", "fastapi", "uvicorn", "starlette",
         "jinja2", "orjson", "rich", "click", "pydantic")


@pytest.mark.parametrize(("layer", "forbidden"), [
    ("zansai.engine", (*SHELLS, "zansai.inputs", "zansai.case", "zansai.loanspec", "zansai.loanfile",
                       *HEAVY)),
    ("zansai.model", ("zansai.engine", *SHELLS, "zansai.inputs", "zansai.case", *HEAVY)),
    ("zansai.rules", ("zansai.engine", "zansai.model", *SHELLS, "zansai.case", *HEAVY)),
    ("zansai.report", ("zansai.cli", "zansai.web", "zansai.batch")),
])
def test_a_layer_imports_only_what_is_below_it(layer: str, forbidden: tuple[str, ...]) -> None:
    assert offending(layer, forbidden) == []


def test_the_engine_never_fetches_the_shipped_rule_book() -> None:
    """The rule book is passed in: no ``RuleBook.default()`` inside the engine or the models."""
    calls = [f"{m}:{node.lineno}" for m, path in MODULES.items()
             if _inside(m, "zansai.engine", "zansai.model")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Attribute) and node.attr == "default"
             and isinstance(node.value, ast.Name) and node.value.id == "RuleBook"]
    assert calls == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def _without_packages_reexports(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's ``__init__`` re-exports its own modules; a module importing its siblings through
    the package is the same edge as importing them directly, so package → own-child edges go."""
    return {m: {i for i in deps if not (i.startswith(m + ".") and MODULES[m].name == "__init__.py")}
            for m, deps in graph.items()}


def test_no_import_cycles() -> None:
    assert cycles(_without_packages_reexports(GRAPH)) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
