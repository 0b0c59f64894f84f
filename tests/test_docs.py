"""The docs against the code: every JSON key, command and option they name must exist.

Part A holds the JSON layouts documented in ``docs/plan-json.md`` and ``docs/loan-json.md``
to what ``zansai plan|divorce|schedule|arrears --json`` really print over the examples (and
a few variants of them that reach the keys the examples leave out), both ways: a key the
code prints and no table documents fails, and so does a documented key the code no longer
prints. The doc's JSON excerpts must match the example output they quote. The same
machinery holds ``docs/case-file.md`` to the case file's JSON Schema (``zansai schema``)
and ``docs/batch-tape.md`` to the tape's columns.

Part B takes every ``zansai …`` command from the code blocks of ``README.md`` and
``docs/*.md`` and checks it against click's command tree (the subcommand exists, each
option exists on it and gets a value when it takes one), then runs the ones that need no
server, no Chromium and no file outside a temporary directory.

How a doc marks what it documents (an HTML comment, invisible once rendered):

- ``<!-- keys: PATH[, PATH …] [(column N)] -->`` before a table: the backticked names in the
  first column (or column N) of each row are keys of the object(s) at PATH. PATH is
  ``OUTPUT$`` for the top level of an output (``$`` alone for ``plan``), then ``.key`` and
  ``[]`` for the items of a list: ``$.exits[]``, ``divorce$``, ``schedule$.loans[]``,
  ``case$.property``. A name may itself be a short relative path (``costs.total``).
- Placeholders stand for keys that are data rather than layout: ``<exit>`` (an exit key),
  ``<spouse>`` (a name in ``division.spouses``), ``<method>`` (a division method key).
  Maps keyed by them whose values are plain numbers or strings (``shares``, ``spread``,
  ``entitlement`` …) are documented as one key.
- Shared layouts are documented once, as their own root: ``<step>`` (every ``why`` and every
  item of a ``steps`` list), ``<rule>`` (a short rule reference: every ``rules`` or
  ``rules_used`` list below the top level, and ``claim_rule``). A sentence ``{ja, en}`` is
  one value, not two keys.
- ``<!-- excerpt EXAMPLE: PATH -->`` before a ```json block: the block (wrapped in ``{}``
  when it is a fragment) must match one object at PATH in ``zansai plan
  examples/EXAMPLE.toml --json --explain``: every key it shows, with the same value (lists
  may be shortened; an empty list means empty).

The CLI runs in process (click's CliRunner on ``zansai.cli.app``), each output once per
module.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from zansai.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples"

# ---------------------------------------------------------------------------------------- CLI


def run_cli(args: list[str], cwd: Path = ROOT) -> Result:
    """``zansai ARGS`` in process, from ``cwd`` (the repository root: the docs' paths are
    relative to it)."""
    with contextlib.chdir(cwd):
        return CliRunner().invoke(app, args, prog_name="zansai", env={"COLUMNS": "160"})


def cli_json(args: list[str]) -> Any:
    result = run_cli(args)
    assert result.exit_code == 0, f"zansai {shlex.join(args)}: {result.output}{result.exception!r}"
    return json.loads(result.stdout)


def case_files() -> list[Path]:
    """The examples that are case files (loan files have no [property])."""
    return sorted(p for p in EXAMPLES.glob("*.toml") if "property" in tomllib.loads(p.read_text("utf-8")))


def loan_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*.toml") if p not in case_files())


# ------------------------------------------------------------------------- A. key paths

STEP, RULE = "<step>", "<rule>"
SHARED_ROOTS = (STEP, RULE)
PLACEHOLDERS = ("<exit>", "<spouse>", "<method>")


def vocabulary(output: dict[str, Any]) -> dict[str, set[str]]:
    """The keys that are data in this output: exit keys, spouse names, method keys."""
    division = output.get("division") or {}
    return {
        "<exit>": {e["key"] for e in output.get("exits", ())},
        "<spouse>": set(division.get("spouses", ())),
        "<method>": {m["key"] for m in division.get("methods", ())},
    }


def _is_sentence(node: dict[str, Any]) -> bool:
    return set(node) == {"ja", "en"}


def _scalar(v: Any) -> bool:
    return not isinstance(v, dict | list)


def key_paths(output: Any, root: str = "") -> set[str]:
    """Every key path of a JSON output, normalised as the module docstring says."""
    vocab = vocabulary(output) if isinstance(output, dict) else {}
    found: set[str] = set()

    def data_keyed(node: dict[str, Any]) -> str | None:
        for name, words in vocab.items():
            if node and words and set(node) <= words:
                return name
        return None

    def walk(node: Any, path: str) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, f"{path}[]")
            return
        if not isinstance(node, dict) or _is_sentence(node):
            return
        placeholder = data_keyed(node)
        if placeholder is not None:
            if not all(_scalar(v) for v in node.values()):
                for v in node.values():
                    walk(v, f"{path}.{placeholder}")
            return
        for key, value in node.items():
            child = f"{path}.{key}" if path else key
            found.add(child)
            if key == "why":
                walk(value, STEP)
            elif key == "steps" and isinstance(value, list):
                for item in value:
                    walk(item, STEP)
            elif key in ("rules", "rules_used") and path and isinstance(value, list):
                for item in value:
                    walk(item, RULE)
            elif key == "claim_rule":
                walk(value, RULE)
            elif path == STEP and key == "inputs":
                continue  # the figure's own input names: data
            else:
                walk(value, child)

    walk(output, root)
    return found


def split_shared(paths: set[str]) -> tuple[set[str], set[str]]:
    """(the output's own paths, the paths of the shared layouts)."""
    shared = {p for p in paths if p.startswith(SHARED_ROOTS)}
    return paths - shared, shared


# ------------------------------------------------------------------- A. documented keys

MARKER = re.compile(r"^<!--\s*(keys|excerpt)\b([^:]*):(.*?)-->", re.S | re.M)
BACKTICKED = re.compile(r"`([^`]+)`")
KEY_NAME = re.compile(r"^(?:<[a-z]+>|[A-Za-z_][A-Za-z0-9_]*)(?:\[\])?(?:\.(?:<[a-z]+>|[A-Za-z_][\w.]*?)(?:\[\])?)*$")
DEFAULT_OUTPUT = "plan"


@dataclass(frozen=True)
class Excerpt:
    example: str
    path: str
    text: str
    line: int


@dataclass
class DocKeys:
    """What one or more docs document: output → key paths, shared layouts, excerpts."""

    outputs: dict[str, set[str]]
    shared: set[str]
    excerpts: list[Excerpt]
    problems: list[str]

    def of(self, output: str) -> set[str]:
        return self.outputs.get(output, set())


def _parse_path(spec: str) -> tuple[str, str]:
    """``divorce$.division`` → ("divorce", "division"); ``<step>`` → ("", "<step>")."""
    spec = spec.strip()
    if spec.startswith(SHARED_ROOTS):
        return "", spec
    output, dollar, rest = spec.partition("$")
    if not dollar:
        raise ValueError(f"path {spec!r} must start with OUTPUT$ or a shared layout")
    return output or DEFAULT_OUTPUT, rest.removeprefix(".")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _table_after(lines: list[str], start: int) -> list[list[str]] | None:
    """The body rows (cells) of the Markdown table starting at or after ``start``."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i + 1 >= len(lines) or not lines[i].lstrip().startswith("|"):
        return None
    rows = []
    for line in lines[i + 2:]:
        if not line.lstrip().startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
        rows.append([c.strip() for c in cells])
    return rows


def _block_after(lines: list[str], start: int) -> str | None:
    """The text of the fenced code block starting at or after ``start``."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not lines[i].lstrip().startswith("```"):
        return None
    body = []
    for line in lines[i + 1:]:
        if line.lstrip().startswith("```"):
            return "\n".join(body)
        body.append(line)
    return None


def documented_keys(*texts: tuple[str, str]) -> DocKeys:
    """The keys documented by the marked tables (and the excerpts) of (name, Markdown) pairs."""
    doc = DocKeys({}, set(), [], [])
    for name, text in texts:
        lines = text.splitlines()
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        for m in MARKER.finditer(text):
            kind, extra, spec = m.group(1), m.group(2).strip(), m.group(3).strip()
            line_no = next(n for n, off in enumerate(offsets) if off > m.end()) - 1
            where = f"{name}:{line_no + 1}"
            if kind == "excerpt":
                block = _block_after(lines, line_no + 1)
                if block is None:
                    doc.problems.append(f"{where}: excerpt marker without a code block after it")
                    continue
                doc.excerpts.append(Excerpt(extra, spec, block, line_no + 1))
                continue
            column = 0
            col = re.search(r"\(column (\d+)\)\s*$", spec)
            if col:
                column = int(col.group(1)) - 1
                spec = spec[:col.start()].strip()
            try:
                targets = [_parse_path(s) for s in spec.split(",")]
            except ValueError as exc:
                doc.problems.append(f"{where}: {exc}")
                continue
            rows = _table_after(lines, line_no + 1)
            if rows is None:
                doc.problems.append(f"{where}: keys marker without a table after it")
                continue
            for row in rows:
                names = BACKTICKED.findall(row[column]) if column < len(row) else []
                if not names:
                    doc.problems.append(f"{where}: a row without a backticked key: {row[0]!r}")
                for key in names:
                    if not KEY_NAME.match(key):
                        doc.problems.append(f"{where}: {key!r} is not a key name")
                        continue
                    for output, path in targets:
                        full = _join(path, key)
                        if output:
                            doc.outputs.setdefault(output, set()).add(full)
                        else:
                            doc.shared.add(full)
    return doc


def with_parents(paths: set[str]) -> set[str]:
    """The paths and every path above them (``a.b[].c`` also documents ``a`` and ``a.b``)."""
    out = set(paths)
    for p in paths:
        parts = p.split(".")
        for i in range(1, len(parts)):
            out.add(".".join(parts[:i]).removesuffix("[]"))
    return {p for p in out if p and not p.endswith(PLACEHOLDERS) and p not in SHARED_ROOTS}


def compare(real: set[str], documented: set[str]) -> tuple[list[str], list[str]]:
    """(undocumented key paths, documented key paths the output never has)."""
    documented = with_parents(documented)
    real = with_parents(real)
    return sorted(real - documented), sorted(documented - real)


# ------------------------------------------------------------------------ A. excerpts


def excerpt_json(text: str) -> Any:
    """An excerpt as JSON: a whole value, or a fragment of an object (``"a": 1, "b": …``)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return json.loads("{" + text + "}")


def nodes_at(output: Any, path: str) -> list[Any]:
    """Every value at a normalised path (``[]`` expands a list)."""
    nodes = [output]
    for part in filter(None, path.split(".")):
        name, is_list = part.removesuffix("[]"), part.endswith("[]")
        nodes = [n[name] for n in nodes if isinstance(n, dict) and n.get(name) is not None]
        if is_list:
            nodes = [item for n in nodes for item in n]
    return nodes


def mismatches(shown: Any, real: Any, where: str = "") -> list[str]:
    """How an excerpt differs from a real value: keys it shows must exist with the same value;
    a list may be shortened (each item shown matches some real item), ``[]`` means empty."""
    if isinstance(shown, dict):
        if not isinstance(real, dict):
            return [f"{where or '.'}: not an object"]
        out = []
        for key, value in shown.items():
            if key not in real:
                out.append(f"{_join(where, key)}: no such key")
            else:
                out += mismatches(value, real[key], _join(where, key))
        return out
    if isinstance(shown, list):
        if not isinstance(real, list):
            return [f"{where}: not a list"]
        if not shown:
            return [] if not real else [f"{where}: shown empty, has {len(real)} items"]
        out = []
        for i, item in enumerate(shown):
            best = min((mismatches(item, r, f"{where}[{i}]") for r in real), key=len, default=["?"])
            out += best
        return out
    if type(shown) is not type(real) or shown != real:
        return [f"{where}: shows {shown!r}, is {real!r}"]
    return []


def excerpt_problems(excerpt: Excerpt, output: Any) -> list[str]:
    """[] when the excerpt matches some object at its path, else the differences from the
    closest one."""
    _, path = _parse_path(excerpt.path)
    shown = excerpt_json(excerpt.text)
    candidates = nodes_at(output, path)
    if not candidates:
        return [f"nothing at {excerpt.path}"]
    return min((mismatches(shown, c) for c in candidates), key=len)


# ----------------------------------------------------------------------- A. the outputs


def _variant(tmp: Path, example: str, name: str, change: Callable[[dict[str, Any]], None]) -> Path:
    """An example case changed a little, written as a JSON case file."""
    case = tomllib.loads((EXAMPLES / f"{example}.toml").read_text("utf-8"))
    change(case)
    path = tmp / f"{name}.json"
    path.write_text(json.dumps(case, ensure_ascii=False, default=str), "utf-8")
    return path


def _keeper_with_property(case: dict[str, Any]) -> None:
    """A keeper (代償金), assets and debts in each name and joint, an override, a settlement."""
    case["divorce"]["keeper"] = "妻"
    case["household"]["assets"] = [
        {"kind": "deposit", "amount": "120万", "owner": "夫"},
        {"kind": "car", "amount": "60万", "name": "自動車"},
        {"kind": "securities", "amount": "30万", "owner": "妻", "separate": True},
    ]
    case["household"]["other_debts"] = [
        {"name": "カードローン", "amount": "40万", "owner": "夫", "marital": False},
        {"name": "教育ローン", "amount": "50万"},
    ]
    case["overrides"] = {"market.short_sale_price_ratio": "0.9"}
    case["residual"] = {"settlement": "150万"}


def variants(tmp: Path) -> dict[str, Path]:
    """Cases that reach the keys no example reaches (name → case file)."""
    return {"keeper-with-property": _variant(tmp, "seed2-divorce-separate-property",
                                             "keeper-with-property", _keeper_with_property)}


@pytest.fixture(scope="module")
def plan_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``zansai plan CASE --json --explain`` of every example case file and variant."""
    cases = {p.stem: p for p in case_files()} | variants(tmp_path_factory.mktemp("variants"))
    return {name: cli_json(["plan", str(path), "--json", "--explain"]) for name, path in cases.items()}


@pytest.fixture(scope="module")
def divorce_outputs(plan_outputs: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    cases = {p.stem: p for p in case_files()} | variants(tmp_path_factory.mktemp("variants"))
    return {name: cli_json(["divorce", str(path), "--json", "--explain"])
            for name, path in cases.items() if plan_outputs[name]["division"] is not None}


README_LOAN = ["--principal", "30000000", "--rate", "1.5", "--years", "35", "--start", "2025-01"]


@pytest.fixture(scope="module")
def loan_outputs() -> dict[str, list[Any]]:
    """``zansai schedule|arrears --json --explain`` for the README's loan and the loan files."""
    schedule = [cli_json(["schedule", *README_LOAN, "--at", "2026-11-21", "--json", "--explain"]),
                cli_json(["schedule", "--principal", "2800万", "--rate", "0.9", "--years", "30",
                          "--start", "2020-04", "--method", "equal-principal", "--bonus-share", "30",
                          "--prepay", "2028-01-27:3000000:reduce", "--rate-change", "2030-04-01:2.1",
                          "--json"])]
    schedule += [cli_json(["schedule", "--file", str(p), "--at", "2030-12-31", "--json", "--explain"])
                 for p in loan_files()]
    arrears = [cli_json(["arrears", *README_LOAN, "--first-missed", "2026-01-01", "--on", "2026-09-01",
                         *extra, "--json", "--explain"])
               for extra in (["--acceleration", "2026-07-10", "--late-rate", "14"], [])]
    return {"schedule": schedule, "arrears": arrears}


JSON_DOCS = ("plan-json.md", "loan-json.md")


@pytest.fixture(scope="module")
def json_docs() -> DocKeys:
    return documented_keys(*((name, (DOCS / name).read_text("utf-8")) for name in JSON_DOCS))


@pytest.fixture(scope="module")
def real_keys(plan_outputs: dict[str, Any], divorce_outputs: dict[str, Any],
              loan_outputs: dict[str, list[Any]]) -> tuple[dict[str, set[str]], set[str]]:
    """(output → its key paths, the key paths of the shared layouts) over every run."""
    runs = {"plan": list(plan_outputs.values()), "divorce": list(divorce_outputs.values()), **loan_outputs}
    outputs: dict[str, set[str]] = {}
    shared: set[str] = set()
    for name, docs in runs.items():
        own, common = split_shared(set().union(*(key_paths(d) for d in docs)))
        outputs[name] = own
        shared |= common
    return outputs, shared


def documented_for(doc: DocKeys, output: str) -> set[str]:
    """What the docs document for one output. The divorce output's ``division`` is the plan's
    (plan-json.md says so and documents it once)."""
    paths = set(doc.of(output))
    if output == "divorce":
        paths |= {p for p in doc.of("plan") if p.split(".")[0] == "division"}
    return paths


def test_json_docs_parse(json_docs: DocKeys) -> None:
    assert json_docs.problems == []
    assert set(json_docs.outputs) == {"plan", "divorce", "schedule", "arrears"}


@pytest.mark.parametrize("output", ["plan", "divorce", "schedule", "arrears"])
def test_every_key_is_documented(output: str, json_docs: DocKeys,
                                 real_keys: tuple[dict[str, set[str]], set[str]]) -> None:
    undocumented, _ = compare(real_keys[0][output], documented_for(json_docs, output))
    assert undocumented == [], f"{output} --json keys that no table documents:\n" + "\n".join(undocumented)


@pytest.mark.parametrize("output", ["plan", "divorce", "schedule", "arrears"])
def test_every_documented_key_exists(output: str, json_docs: DocKeys,
                                     real_keys: tuple[dict[str, set[str]], set[str]]) -> None:
    _, stale = compare(real_keys[0][output], documented_for(json_docs, output))
    assert stale == [], f"documented {output} keys that no output has:\n" + "\n".join(stale)


def test_shared_layouts_match(json_docs: DocKeys, real_keys: tuple[dict[str, set[str]], set[str]]) -> None:
    undocumented, stale = compare(real_keys[1], json_docs.shared)
    assert (undocumented, stale) == ([], [])


def test_excerpts_match_the_examples(json_docs: DocKeys, plan_outputs: dict[str, Any]) -> None:
    assert len(json_docs.excerpts) >= 10
    problems = [f"plan-json.md:{e.line} ({e.example} {e.path}): {p}"
                for e in json_docs.excerpts for p in excerpt_problems(e, plan_outputs[e.example])]
    assert problems == [], "excerpts that differ from the output:\n" + "\n".join(problems)


def test_every_json_block_is_an_excerpt() -> None:
    """A JSON example without a marker would go unchecked."""
    text = (DOCS / "plan-json.md").read_text("utf-8")
    blocks = len(re.findall(r"^```json", text, re.M))
    marked = len(re.findall(r"^<!-- excerpt [^\n]*\n```json", text, re.M))
    assert blocks == marked
