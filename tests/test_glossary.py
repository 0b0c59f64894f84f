"""The code speaks the glossary: its names are used, its rejected synonyms are not.

docs/glossary.md is the source; see its introduction for the rules this test applies.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "zansai"
GLOSSARY = ROOT / "docs" / "glossary.md"
_TICKS = re.compile(r"`([^`]+)`")


def parse_glossary(text: str) -> list[tuple[str, list[str], list[str]]]:
    """(Japanese, accepted names, rejected names) for each row of the glossary's table."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or cells[0] in ("Japanese", "---") or set(cells[0]) <= {"-"}:
            continue
        accepted = [n.split()[0] for n in _TICKS.findall(cells[1])]
        rejected = _TICKS.findall(cells[2])
        rows.append((cells[0], accepted, rejected))
    return rows


def reserved(text: str) -> set[str]:
    """Names marked *(reserved)*: the name to use, not yet required in the code."""
    return set(re.findall(r"`([^`]+)` \(reserved\)", text))


def words(identifier: str) -> list[str]:
    """``PropertyDivision`` and ``property_division`` → ``["property", "division"]``."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", identifier)
    return [w for w in snake.lower().split("_") if w]


def contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def without(haystack: list[str], accepted: list[list[str]]) -> list[str]:
    """The words of an identifier with every accepted name cut out (each cut splits the rest)."""
    out = list(haystack)
    for name in accepted:
        n = len(name)
        i = 0
        while i <= len(out) - n:
            if out[i:i + n] == name:
                out[i:i + n] = ["|"]
            i += 1
    return out


def identifiers(path: Path) -> set[str]:
    """Names the module defines or uses (not its import paths, strings or comments)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg) or (isinstance(node, ast.keyword) and node.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[-1])
    return names


def keys(path: Path) -> set[str]:
    """String constants that look like keys (``"normal_sale"``, ``"late_charges"``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and re.fullmatch(r"[a-z][a-z0-9_.]*", n.value)}


def violations(rows: list[tuple[str, list[str], list[str]]], modules: dict[str, set[str]]) \
        -> list[str]:
    """``module: identifier uses rejected 'x' (say 'y')`` for every rejected synonym in use."""
    good = [words(a) for _, accepted, _ in rows for a in accepted]
    cut = {ident: without(words(ident), good) for names in modules.values() for ident in names}
    found = []
    for _, accepted, rejected in rows:
        for entry in rejected:
            name, _, scope = entry.partition("@")
            bad = words(name)
            folders = [s.strip() for s in scope.split(",")] if scope else [""]
            for module, names in modules.items():
                if not any(module.startswith(f) for f in folders):
                    continue
                found += [f"{module}: {ident} uses rejected '{name}' (say {', '.join(accepted)})"
                          for ident in sorted(names) if bad[0] in cut[ident] and contains(cut[ident], bad)]
    return found


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, list[str], list[str]]]:
    return parse_glossary(GLOSSARY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def modules() -> dict[str, set[str]]:
    return {str(p.relative_to(SRC)): identifiers(p) for p in sorted(SRC.rglob("*.py"))}


# The case-file schema's field names are published keys: they keep their spelling (with the
# engine's names on the built models), so the schema module is exempt from the rejected words.
SERIALIZED_KEY_MODULES = ("case/schema.py", "case.py")


def test_the_glossary_parses(rows: list[tuple[str, list[str], list[str]]]) -> None:
    jp = {r[0] for r in rows}
    assert {"保証会社", "官報", "財産分与", "代償金"} <= jp
    assert ("保証会社", ["guarantor_company"], ["guarantee_company"]) in rows


def test_no_rejected_synonym_in_code(rows: list[tuple[str, list[str], list[str]]],
                                     modules: dict[str, set[str]]) -> None:
    checked = {m: n for m, n in modules.items() if m not in SERIALIZED_KEY_MODULES}
    assert violations(rows, checked) == []


def test_every_glossary_name_is_used(rows: list[tuple[str, list[str], list[str]]],
                                     modules: dict[str, set[str]]) -> None:
    used = [words(n) for names in modules.values() for n in names]
    used += [words(k.replace(".", "_")) for p in SRC.rglob("*.py") for k in keys(p)]
    text = "|".join("_" + "_".join(u) + "_" for u in used)  # a word sequence is "_a_b_" inside
    skip = reserved(GLOSSARY.read_text(encoding="utf-8"))
    missing = [name for _, accepted, _ in rows for name in accepted
               if name not in skip and "_" + "_".join(words(name)) + "_" not in text]
    assert missing == []


def test_the_checker_finds_a_rejected_name_and_spares_the_accepted_one() -> None:
    rows = [("官報", ["official_gazette"], ["gazette"]),
            ("代償金", ["equalization_payment"], ["settlement@engine/divorce"])]
    modules = {"engine/residual/credit.py": {"official_gazette_record", "gazette_count"},
               "engine/divorce/results.py": {"Settlement", "equalization_payment"},
               "engine/sale.py": {"settlement"}}
    assert violations(rows, modules) == [
        "engine/residual/credit.py: gazette_count uses rejected 'gazette' (say official_gazette)",
        "engine/divorce/results.py: Settlement uses rejected 'settlement' (say equalization_payment)",
    ]
