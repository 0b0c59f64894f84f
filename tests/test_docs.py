"""The docs against the code: every JSON key, command, option, file and figure they show.

A. The JSON layouts documented in ``docs/plan-json.md`` and ``docs/loan-json.md`` against what
   ``zansai plan|divorce|schedule|arrears --json --explain`` print over the examples (and a
   variant that reaches the keys the examples leave out), both ways: a key the code prints
   and no table documents fails, and so does a documented key no output has. The JSON
   excerpts must match the example output they quote.
B. Every ``zansai …`` command in the code blocks of ``README.md`` and ``docs/*.md`` (and in
   backticks in their prose) against click's command tree: the subcommand exists, each option
   exists on it and, in a code block, gets its value when it takes one. The blocks that need
   no server, no Chromium and no Dask run; so does each row of the README's option table,
   added to the command shown before it. A terminal excerpt marked
   ``<!-- output of: zansai … -->`` must be lines of that command's real output, in order.
C. ``docs/case-file.md`` against the case file's JSON Schema (``zansai schema``), its example
   case files run, ``docs/batch-tape.md`` against the tape's columns, and every repository
   path and ``zansai.…`` name in the docs exists.

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
  ``rules_used`` list below the top level, and ``claim_rule``). A sentence ``{ja, en}`` (or a
  catalog message's ``{id, ja, en}``) is one value, not two keys.
- ``<!-- excerpt EXAMPLE: PATH -->`` before a ```json block: the block (wrapped in ``{}``
  when it is a fragment) must match one object at PATH in ``zansai plan
  examples/EXAMPLE.toml --json --explain``: every key it shows, with the same value (lists
  may be shortened; an empty list means empty).

The CLI runs in process (click's CliRunner on ``zansai.cli.app``, from the repository root);
the JSON outputs are computed once per module.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import sys
import tomllib
from collections.abc import Callable
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
    """``{ja, en}``, or a catalog message's ``{id, ja, en}``."""
    return set(node) - {"id"} == {"ja", "en"}


def _scalar(v: Any) -> bool:
    return not isinstance(v, dict | list)


def key_paths(output: Any) -> set[str]:
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

    walk(output, "")
    return found


def split_shared(paths: set[str]) -> tuple[set[str], set[str]]:
    """(the output's own paths, the paths of the shared layouts)."""
    shared = {p for p in paths if p.startswith(SHARED_ROOTS)}
    return paths - shared, shared


# ------------------------------------------------------------------- A. documented keys

MARKER = re.compile(r"^<!--\s*(keys|excerpt)\b([^:]*):(.*?)-->", re.S | re.M)
BACKTICKED = re.compile(r"`([^`]+)`")
_SEGMENT = r"(?:<[a-z]+>|[A-Za-z_]\w*)(?:\[\])?"
KEY_NAME = re.compile(rf"^{_SEGMENT}(?:\.{_SEGMENT})*$")
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
        for m in MARKER.finditer(text):
            kind, extra, spec = m.group(1), m.group(2).strip(), m.group(3).strip()
            line_no = text.count("\n", 0, m.end())  # of the marker's last line, from 0
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
        if not real:
            return [f"{where}: shows {len(shown)} items, has none"]
        out = []
        for i, item in enumerate(shown):
            out += min((mismatches(item, r, f"{where}[{i}]") for r in real), key=len)
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
    # issue 17 §1.10–1.11: the low-cost brokerage special's record and a selling expense
    case["brokerage"] = {"low_cost_special": {"consent": True, "survey_costs": "5万"}}
    case["selling_expenses"] = [{"kind": "survey", "amount": "30万"}]
    # issue 18 §1: an offer for the dealer purchase (申出価格), dated the calculation date
    case["offers"] = [{"exit": "dealer_purchase", "price": "1300万", "buyer": "買取業者", "note": "現況渡し"}]
    # issue 18 §5: the 婚姻関係財産一覧表's exhibit numbers (証拠) and disputed figures (主張額)
    case["household"]["assets"][1] |= {"evidence": "甲3", "claims": {"夫": "50万", "妻": "70万"}}
    case["household"]["other_debts"][1] |= {"evidence": "乙4", "claims": {"妻": "40万"}}
    case["household"]["assets"][0] |= {"evidence": "甲2", "claims": {"妻": "130万"}}
    case["household"]["other_debts"][0] |= {"evidence": "乙5", "claims": {"夫": "30万"}}
    case["people"].append({"name": "長男"})  # an asset and a debt in neither spouse's name
    case["household"]["assets"].append({"kind": "deposit", "amount": "20万", "owner": "長男"})
    case["household"]["other_debts"].append({"name": "奨学金", "amount": "10万", "owner": "長男"})
    case["divorce"] |= {"home_evidence": "甲1", "home_claims": {"夫": "1600万", "妻": "1400万"},
                        "loan_evidence": {"住宅ローン": "乙2"}}


def _surplus_with_debts(case: dict[str, Any]) -> None:
    """The underloan sold with a surplus, no divorce, and the husband's own debts: the routes get the
    sale's surplus (``residual_routes.sale_surplus``)."""
    del case["divorce"]
    case["household"]["other_debts"] = [
        {"name": "カードローン", "amount": "300万", "owner": "夫"},
        {"name": "養育費の未払い", "amount": "50万", "owner": "夫", "kind": "support"},
    ]
    case["household"]["assets"] = [{"kind": "retirement", "amount": "400万", "owner": "夫"}]


def variants(tmp: Path) -> dict[str, Path]:
    """Cases that reach the keys no example reaches (name → case file)."""
    return {"keeper-with-property": _variant(tmp, "seed2-divorce-separate-property",
                                             "keeper-with-property", _keeper_with_property),
            "surplus-with-debts": _variant(tmp, "seed2-divorce-underloan", "surplus-with-debts",
                                           _surplus_with_debts)}


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example case file and variant (name → file)."""
    return {p.stem: p for p in case_files()} | variants(tmp_path_factory.mktemp("variants"))


def _located_condo(case: dict[str, Any]) -> None:
    """The condo in 月島, 中央区 on 2025-03-01 with no value given: valued from comparables."""
    case |= {"at": "2025-03-01", "sale_date": "2025-05-30", "valuation": {}}
    case["property"] |= {"municipality_code": "13102", "district": "月島", "floor_area_m2": "60"}
    case["delinquency"]["first_missed"] = "2024-12-05"


def comparables_output(tmp: Path) -> Any:
    """``zansai plan --json --explain`` of a located case with the download fixture imported
    (``valuation.comparables``; issue 20)."""
    from zansai.comps.app_db import open_comps

    db = tmp / "comps.sqlite3"
    with open_comps(db) as store:
        store.import_file(ROOT / "tests" / "fixtures" / "comps" / "tokyo-cp932.csv")
    case = _variant(tmp, "condo-jhf-arrears", "located-condo", _located_condo)
    return cli_json(["plan", str(case), "--json", "--explain", "--comps-db", str(db)])


@pytest.fixture(scope="module")
def plan_outputs(cases: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``zansai plan CASE --json --explain`` of every case (and the comparables variant)."""
    return {name: cli_json(["plan", str(path), "--json", "--explain"]) for name, path in cases.items()} | {
        "located-condo": comparables_output(tmp_path_factory.mktemp("comps"))}


@pytest.fixture(scope="module")
def divorce_outputs(cases: dict[str, Path], plan_outputs: dict[str, Any]) -> dict[str, Any]:
    """``zansai divorce CASE --json --explain`` of every case with a [divorce] section."""
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


# ----------------------------------------------------------------- B. commands in the docs

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*$")
RUNNABLE = {"plan", "divorce", "schedule", "arrears", "rules", "schema", "batch"}
"""The commands run from the docs: no server, no Chromium (serve, report are only checked)."""
SYNTHETIC_ROWS = "20"
"""``batch --synthetic N`` is run with this N instead, into a temporary directory."""


@dataclass(frozen=True)
class Command:
    """One ``zansai …`` command in a doc."""

    where: str
    args: tuple[str, ...]
    """The words after ``zansai``, comments dropped, synopsis brackets and ``…`` removed."""
    in_block: bool
    """From a code block (a complete example), not from backticks in the prose."""

    @property
    def synopsis(self) -> bool:
        """Written with placeholders (``CASE``, ``PATH``, ``N``): it cannot run as it stands."""
        return any(PLACEHOLDER.match(a) for a in self.args)

    def __str__(self) -> str:
        return f"{self.where}: zansai {shlex.join(self.args)}"


def _words(line: str) -> list[str]:
    words = shlex.split(line.replace("\\|", "|"), comments=True)
    return [w.strip("[]") for w in words if w.strip("[]") not in ("", "…", "...")]


def doc_commands(name: str, text: str) -> list[Command]:
    """Every ``zansai …`` command line in a doc's code blocks (continuation lines joined,
    comments dropped) and in backticks in its prose."""
    found: list[Command] = []
    for block in FENCE.finditer(text):
        first = text.count("\n", 0, block.start(1)) + 1
        lines = block.group(1).splitlines()
        i = 0
        while i < len(lines):
            line_no, line = first + i, lines[i]
            while line.rstrip().endswith("\\") and i + 1 < len(lines):
                i += 1
                line = line.rstrip()[:-1] + " " + lines[i]
            i += 1
            stripped = line.strip().removeprefix("$ ")
            if stripped.startswith("zansai "):
                found.append(Command(f"{name}:{line_no}", tuple(_words(stripped)[1:]), True))
    prose = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for m in re.finditer(r"`(zansai [^`]+)`", prose):
        line_no = prose.count("\n", 0, m.start()) + 1
        found.append(Command(f"{name}:{line_no}", tuple(_words(m.group(1))[1:]), False))
    return found


def _options(command: click.Command) -> dict[str, click.Parameter]:
    opts: dict[str, click.Parameter] = {}
    for p in command.params:
        if isinstance(p, click.Option):
            for o in (*p.opts, *p.secondary_opts):
                opts[o] = p
    for o in command.get_help_option_names(click.Context(command)):
        opts[o] = click.Option([o], is_flag=True)
    return opts


def _takes_value(p: click.Parameter) -> bool:
    return isinstance(p, click.Option) and not p.is_flag and not p.count


def _is_option(word: str) -> bool:
    return word.startswith("-") and len(word) > 1 and not re.match(r"^-\d", word)


def check_command(args: tuple[str, ...] | list[str], *, complete: bool = True,
                  root: click.Group = app) -> list[str]:
    """What is wrong with ``zansai ARGS`` against click's command tree: an unknown subcommand
    or option, an option without its value, a flag with one, too many or (``complete``) too few
    arguments."""
    if not args or args[0] not in root.commands:
        return [f"no command {args[0] if args else ''!r}"]
    command = root.commands[args[0]]
    opts = _options(command)
    if isinstance(command, click.Group):  # a group's options, then its subcommand (zansai cases list)
        i = 1
        while i < len(args) and _is_option(args[i]):
            param = opts.get(args[i].partition("=")[0])
            if param is None:
                return [f"{args[0]} has no option {args[i]}"]
            i += 2 if _takes_value(param) and "=" not in args[i] else 1
        return check_command(args[i:], complete=complete, root=command) if i < len(args) else []
    problems, positional, i = [], 0, 1
    while i < len(args):
        word = args[i]
        if not _is_option(word):
            positional += 1
        else:
            name, eq, _ = word.partition("=")
            param = opts.get(name)
            if param is None:
                problems.append(f"{args[0]} has no option {name}")
            elif not _takes_value(param):
                if eq:
                    problems.append(f"{args[0]} {name} is a flag and takes no value")
            elif not eq:
                if i + 1 < len(args) and not _is_option(args[i + 1]):
                    i += 1
                elif complete:
                    problems.append(f"{args[0]} {name} needs a value")
        i += 1
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    most = sum(a.nargs if a.nargs > 0 else 10**6 for a in arguments)
    least = sum(max(a.nargs, 1) for a in arguments if a.required)
    if positional > most:
        problems.append(f"{args[0]} takes at most {most} argument(s), got {positional}")
    if complete and positional < least:
        problems.append(f"{args[0]} needs {least} argument(s), got {positional}")
    if complete:
        given = {opts[a.partition("=")[0]] for a in args[1:] if a.partition("=")[0] in opts}
        problems += [f"{args[0]} needs {p.opts[0]}" for p in command.params
                     if isinstance(p, click.Option) and p.required and p not in given]
    return problems


def command_docs() -> list[tuple[str, str]]:
    return [("README.md", README.read_text("utf-8"))] + [
        (f"docs/{p.name}", p.read_text("utf-8")) for p in sorted(DOCS.glob("*.md"))]


@pytest.fixture(scope="module")
def commands() -> list[Command]:
    return [c for name, text in command_docs() for c in doc_commands(name, text)]


def _paths_exist(args: tuple[str, ...]) -> bool:
    """Every argument that names an input file exists (relative to the repository root)."""
    files = [a for a in args if not _is_option(a) and re.search(r"\.(toml|json|ya?ml|csv|parquet)$", a)]
    return all((ROOT / f).exists() for f in files)


def runnable(command: Command) -> tuple[str, ...] | None:
    """The arguments to run a doc's command with, or None when it cannot run here (a server,
    Chromium, Dask, a tape that is not in the repository, a placeholder, an incomplete one)."""
    args = command.args
    if not command.in_block or command.synopsis or args[0] not in RUNNABLE or check_command(args):
        return None
    if args[0] == "batch":
        if "--synthetic" not in args or "--dask" in args:
            return None
        i = args.index("--synthetic")
        args = (*args[:i + 1], SYNTHETIC_ROWS, *args[i + 2:])
    outputs = {i + 1 for i, a in enumerate(args) if a in ("-o", "--out")}
    return args if _paths_exist(tuple(a for i, a in enumerate(args) if i not in outputs)) else None


def _runs() -> list[tuple[str, tuple[str, ...]]]:
    """(where, arguments) of each distinct command the docs show that can run here."""
    seen: dict[tuple[str, ...], str] = {}
    for name, text in command_docs():
        for c in doc_commands(name, text):
            args = runnable(c)
            if args is not None:
                seen.setdefault(args, c.where)
    return [(where, args) for args, where in seen.items()]


def _into(tmp: Path, args: tuple[str, ...]) -> list[str]:
    """The command with its output files (``-o``) moved into ``tmp``."""
    out = list(args)
    for i, word in enumerate(out[:-1]):
        if word in ("-o", "--out"):
            out[i + 1] = str(tmp / Path(out[i + 1]).name)
    return out


def test_every_doc_command_is_a_real_command(commands: list[Command]) -> None:
    assert len([c for c in commands if c.in_block]) >= 20
    problems = [f"{c}: {p}" for c in commands for p in check_command(c.args, complete=c.in_block)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("where", "args"), [pytest.param(w, a, id=w) for w, a in _runs()])
def test_doc_command_runs(where: str, args: tuple[str, ...], tmp_path: Path) -> None:
    if args[0] == "batch":
        pytest.importorskip("pyarrow")  # the [batch] extra
    result = run_cli(_into(tmp_path, args))
    assert result.exit_code == 0, f"{where}: zansai {shlex.join(args)}\n{result.output}{result.exception!r}"


def test_the_examples_that_run_are_the_expected_ones() -> None:
    """Guards ``runnable``: every README plan, divorce, schedule, arrears and rules block runs,
    and the synthetic tape is written."""
    ran = {args[0] for _, args in _runs()}
    assert ran >= {"plan", "divorce", "schedule", "arrears", "rules", "batch"}


# ------------------------------------------------------------- B. the README's option tables


@dataclass(frozen=True)
class OptionRow:
    where: str
    command: str
    """The subcommand of the last command shown before the table."""
    base: tuple[str, ...]
    """That command, to run the row's options with."""
    words: tuple[str, ...]


def option_rows(name: str, text: str) -> list[OptionRow]:
    """The rows of the option tables (first cell: backticked ``--options``), each with the
    command shown last before its table."""
    rows: list[OptionRow] = []
    shown = [(int(c.where.rsplit(":", 1)[1]), c) for c in doc_commands(name, text) if c.in_block]
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.startswith("|"):
            continue
        first = re.split(r"(?<!\\)\|", line.strip().strip("|"))[0]
        spans = [s for s in BACKTICKED.findall(first) if s.startswith("--")]
        before = [c for n, c in shown if n < line_no]
        if spans and before:
            words = tuple(w for s in spans for w in _words(s))
            rows.append(OptionRow(f"{name}:{line_no}", before[-1].args[0], before[-1].args, words))
    return rows


def alternatives(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """``--method annuity|equal-principal`` → one set of words per choice."""
    choices = [w.split("|") if "|" in w and not _is_option(w) else [w] for w in words]
    width = max(len(c) for c in choices)
    return [tuple(c[min(i, len(c) - 1)] for c in choices) for i in range(width)]


def _option_rows() -> list[OptionRow]:
    return option_rows("README.md", README.read_text("utf-8"))


def test_readme_option_tables_name_real_options() -> None:
    rows = _option_rows()
    assert {r.command for r in rows} == {"schedule"}
    assert len(rows) >= 8
    problems = [f"{r.where}: {p}" for r in rows for words in alternatives(r.words)
                for p in check_command((r.command, *words), complete=False)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("row", [pytest.param(r, id=" ".join(r.words)) for r in _option_rows()])
def test_readme_option_table_rows_run(row: OptionRow) -> None:
    """Each row's options, added to the command shown before the table, are accepted."""
    for words in alternatives(row.words):
        args = [*row.base, *words]
        result = run_cli(args)
        assert result.exit_code == 0, f"{row.where}: zansai {shlex.join(args)}\n{result.output}"


def test_options_named_in_prose_exist() -> None:
    """A backticked ``--option`` anywhere in the docs is an option of some command."""
    every = [*app.commands.values()]
    every += [sub for c in every if isinstance(c, click.Group) for sub in c.commands.values()]
    known = {o for command in every for o in _options(command)}
    named = {(name, m.group(1)) for name, text in command_docs()
             for m in re.finditer(r"`(--[a-z0-9-]+)", text)}
    assert {o for _, o in named} & known, "no option found at all"
    assert sorted(f"{name}: {o}" for name, o in named if o not in known) == []


# ------------------------------------------------- C. the case file and the tape columns


def schema_paths(schema: dict[str, Any]) -> set[str]:
    """Every field path of a JSON Schema (``$ref`` followed; a map of free keys, such as
    ``overrides``, is one field)."""
    defs = schema.get("$defs", {})
    found: set[str] = set()

    def walk(node: dict[str, Any], path: str, seen: frozenset[str]) -> None:
        ref = node.get("$ref")
        if ref is not None:
            name = ref.rsplit("/", 1)[1]
            if name not in seen:
                walk(defs[name], path, seen | {name})
            return
        for combo in ("anyOf", "oneOf", "allOf"):
            for branch in node.get(combo, ()):
                walk(branch, path, seen)
        for key, sub in node.get("properties", {}).items():
            child = _join(path, key)
            found.add(child)
            walk(sub, child, seen)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]", seen)

    walk(schema, "", frozenset())
    return found


@pytest.fixture(scope="module")
def case_doc() -> DocKeys:
    return documented_keys(("case-file.md", (DOCS / "case-file.md").read_text("utf-8")))


def test_case_file_doc_matches_the_schema(case_doc: DocKeys) -> None:
    assert case_doc.problems == []
    undocumented, stale = compare(schema_paths(cli_json(["schema"])), case_doc.of("case"))
    assert undocumented == [], "case-file fields that no table documents:\n" + "\n".join(undocumented)
    assert stale == [], "documented case-file fields that the schema does not have:\n" + "\n".join(stale)


def doc_case_files() -> list[tuple[str, str]]:
    """The complete case files the docs show (TOML blocks with a [property] table)."""
    found = []
    for name, text in command_docs():
        for m in re.finditer(r"^```toml\n(.*?)^```", text, re.S | re.M):
            if re.search(r"^\[property\]", m.group(1), re.M):
                found.append((f"{name}:{text.count(chr(10), 0, m.start()) + 1}", m.group(1)))
    return found


@pytest.mark.parametrize(("where", "toml"), [pytest.param(w, t, id=w) for w, t in doc_case_files()])
def test_doc_case_files_plan(where: str, toml: str, tmp_path: Path) -> None:
    """The README's minimal case and case-file.md's complete example run as they stand."""
    path = tmp_path / "case.toml"
    path.write_text(toml, "utf-8")
    result = run_cli(["plan", str(path), "--json"])
    assert result.exit_code == 0, f"{where}: {result.output}{result.exception!r}"


def test_doc_case_files_are_found() -> None:
    assert {w.split(":")[0] for w, _ in doc_case_files()} == {"README.md", "docs/case-file.md"}


def test_tape_doc_lists_every_column(tmp_path: Path) -> None:
    """docs/batch-tape.md's column table is the tape's columns, in the order rows are checked
    (``COLUMNS``), and the documented ``tape_columns`` knows each of them."""
    pytest.importorskip("pyarrow")
    from zansai.batch.tape import COLUMNS, tape_columns

    text = (DOCS / "batch-tape.md").read_text("utf-8")
    table = text[text.index("\n## Columns"):text.index("\n## A minimal CSV")]
    documented = [BACKTICKED.findall(line.split("|")[1])[0] for line in table.splitlines()
                  if line.startswith("| `")]
    assert documented == list(COLUMNS)
    header = tmp_path / "header.csv"
    header.write_text(",".join([*documented, "no_such_column"]) + "\n", "utf-8")
    assert tape_columns(header) == (documented, ["no_such_column"])


def test_synthetic_tape_has_the_columns_the_doc_says(tmp_path: Path) -> None:
    """batch-tape.md: "every column but `first_payment`, `moving_cost` and the three rule
    overrides, and the coded region"."""
    pytest.importorskip("pyarrow")
    from zansai.batch.tape import COLUMNS, OVERRIDES
    from zansai.batch.tape.columns import REGION_COLUMNS

    assert "every column but `first_payment`, `moving_cost` and the three\nrule overrides, and the coded " \
        "region" in (
        DOCS / "batch-tape.md").read_text("utf-8")
    tape = tmp_path / "tape.csv"
    assert run_cli(["batch", "--synthetic", "5", "-o", str(tape)]).exit_code == 0
    header = tape.read_text("utf-8").splitlines()[0].replace('"', "").split(",")
    assert len(OVERRIDES) == 3
    assert set(COLUMNS) - set(header) == {"first_payment", "moving_cost", *OVERRIDES, *REGION_COLUMNS}


# ------------------------------------------------------ C. files and modules the docs name

REPO_PATH = re.compile(r"(?<![\w/])((?:src|tests|bench|examples|docs)/[\w./{},<>*-]*)")


def expand(path: str) -> list[str]:
    """``engine/{loan,tax}.py`` → both; ``<area>`` placeholders become globs."""
    m = re.search(r"\{([^}]*)\}", path)
    if m:
        return [p for alt in m.group(1).split(",") for p in expand(path[:m.start()] + alt + path[m.end():])]
    return [re.sub(r"<[^>]+>", "*", path.rstrip(".,;:"))]


def _exists(path: str) -> bool:
    return any(ROOT.glob(path)) if "*" in path else (ROOT / path).exists()


def named_paths() -> list[tuple[str, str]]:
    """(doc, path) for every repository path in backticks, and every path in the README's
    Layout block (``a/b.py, c.py`` there means ``a/c.py``, or a path under ``src/zansai``)."""
    found = []
    for name, text in command_docs():
        for span in BACKTICKED.findall(text):
            found += [(name, p) for m in REPO_PATH.finditer(span) if span.startswith(m.group(1))
                      for p in expand(m.group(1))]
    readme = README.read_text("utf-8")
    layout = readme[readme.index("## Layout"):]
    layout = layout[layout.index("```") + 3:]
    for line in layout[:layout.index("```")].splitlines()[1:]:
        found += [("README.md Layout", p) for m in REPO_PATH.finditer(line) for p in expand(m.group(1))]
        head = re.split(r"\s{2,}", line.strip())[0] if not line.startswith(" ") else ""
        first, *more = [w.strip() for w in head.split(", ")]
        for rest in (more if first.startswith("src/") else []):
            bases = [Path(first).parent, *Path(first).parents]
            found.append(("README.md Layout", next(
                (str(b / rest) for b in bases if str(b).startswith("src/zansai") and _exists(str(b / rest))),
                f"{Path(first).parent}/{rest}")))
    return found


def test_paths_the_docs_name_exist() -> None:
    paths = named_paths()
    assert len(paths) >= 30
    assert sorted(f"{doc}: {p}" for doc, p in paths if not _exists(p)) == []


def test_modules_the_docs_name_exist() -> None:
    """``zansai.batch.tape.read_tape`` and the like, in backticks, import."""
    import importlib

    missing = []
    for name, text in command_docs():
        for dotted in re.findall(r"`(zansai(?:\.\w+)+)`", text):
            parts = dotted.split(".")
            for i in range(len(parts), 0, -1):
                try:
                    obj: Any = importlib.import_module(".".join(parts[:i]))
                except ImportError:
                    continue
                try:
                    for attr in parts[i:]:
                        obj = getattr(obj, attr)
                except AttributeError:
                    missing.append(f"{name}: {dotted}")
                break
            else:
                missing.append(f"{name}: {dotted}")
    assert missing == []


# ---------------------------------------------------- B. terminal output shown in the docs

OUTPUT_MARKER = re.compile(r"^<!-- output of: (zansai [^\n]*?) -->\n```[^\n]*\n(.*?)^```", re.S | re.M)


def run_main(args: list[str]) -> tuple[int, str]:
    """``zansai ARGS`` as a user runs it (the console script: errors become one line on
    stderr): (exit status, stdout + stderr)."""
    from zansai.cli import main

    runner = CliRunner()
    with contextlib.chdir(ROOT), runner.isolation(env={"COLUMNS": "160"}) as (out, err, _):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        return code, out.getvalue().decode() + err.getvalue().decode()


def shown_lines_missing(shown: str, output: str) -> list[str]:
    """The lines of a shortened output (``…`` lines skipped) that are not, in order, lines of
    the real output."""
    real = [line.rstrip() for line in output.splitlines()]
    missing, at = [], 0
    for line in (s.rstrip() for s in shown.splitlines()):
        if not line.strip() or line.strip() == "…":
            continue
        try:
            at = real.index(line, at) + 1
        except ValueError:
            missing.append(line)
    return missing


def output_blocks() -> list[tuple[str, str, str]]:
    """(where, command, block) for every ``<!-- output of: zansai … -->`` block."""
    return [(f"{name}:{text.count(chr(10), 0, m.start()) + 1}", m.group(1), m.group(2))
            for name, text in command_docs() for m in OUTPUT_MARKER.finditer(text)]


@pytest.mark.parametrize(("where", "command", "shown"),
                         [pytest.param(*b, id=b[0]) for b in output_blocks()])
def test_doc_output_is_the_real_output(where: str, command: str, shown: str) -> None:
    _, output = run_main(_words(command)[1:])
    missing = shown_lines_missing(shown, output)
    assert missing == [], f"{where}: lines `{command}` does not print (in this order):\n" + "\n".join(missing)


def test_output_blocks_are_found() -> None:
    assert len(output_blocks()) >= 4


# ------------------------------------------------- the checkers can fail (made-up input)

_MADE_UP_DOC = """
<!-- keys: $ -->
| key | meaning |
|---|---|
| `title`, `at` | the case |
| `exits` | the exits |
| `retired_key` | no longer printed |

<!-- keys: $.exits[] -->
| key | meaning |
|---|---|
| `key` | which |
| `steps` | how |

<!-- keys: <step> -->
| key | meaning |
|---|---|
| `name` | which figure |

<!-- excerpt seed: $.exits[] -->
```json
{"key": "short_sale", "price": 100}
```
"""

_MADE_UP_OUTPUT = {
    "title": "t", "at": "2026-12-01", "new_key": 1,
    "exits": [{"key": "short_sale", "price": 99, "steps": [{"name": "x", "formula": "a + b"}]},
              {"key": "auction_court", "price": 100, "steps": []}],
    "division": {"spouses": ["夫", "妻"], "methods": [],
                 "shares": {"夫": "1/2", "妻": "1/2"},
                 "outcomes": {"夫": {"holds": 1}, "妻": {"holds": 2}}},
}


def test_a_made_up_key_and_a_retired_one_are_reported() -> None:
    doc = documented_keys(("made-up.md", _MADE_UP_DOC))
    assert doc.problems == []
    own, shared = split_shared(key_paths(_MADE_UP_OUTPUT))
    undocumented, stale = compare(own, doc.of("plan"))
    assert "new_key" in undocumented
    assert "exits[].price" in undocumented
    assert stale == ["retired_key"]
    assert compare(shared, doc.shared) == (["<step>.formula"], [])


def test_data_keys_collapse_to_placeholders() -> None:
    paths = key_paths(_MADE_UP_OUTPUT)
    assert "division.shares" in paths
    assert not any("夫" in p for p in paths)
    assert "division.outcomes.<spouse>.holds" in paths
    assert {"<step>.name", "<step>.formula"} <= paths
    assert "exits[].steps" in paths


def test_a_wrong_figure_in_an_excerpt_is_reported() -> None:
    (excerpt,) = documented_keys(("made-up.md", _MADE_UP_DOC)).excerpts
    assert excerpt_problems(excerpt, _MADE_UP_OUTPUT) == ["price: shows 100, is 99"]
    assert excerpt_problems(excerpt, {"exits": [{"key": "short_sale", "price": 100}]}) == []
    assert mismatches({"a": [1]}, {"a": []}) == ["a: shows 1 items, has none"]
    assert mismatches({"a": []}, {"a": [1]}) == ["a: shown empty, has 1 items"]
    assert mismatches({"a": [{"b": 2}]}, {"a": [{"b": 1}, {"b": 3, "c": 0}]}) == ["a[0].b: shows 2, is 1"]
    assert mismatches({"a": 1}, {"a": True}) == ["a: shows 1, is True"]


def test_a_marker_without_a_table_or_with_prose_for_keys_is_reported() -> None:
    text = "<!-- keys: $.x -->\n\ntext\n\n<!-- keys: $.y -->\n| k | m |\n|---|---|\n| a key | m |\n"
    doc = documented_keys(("bad.md", text))
    assert doc.problems == ["bad.md:1: keys marker without a table after it",
                            "bad.md:5: a row without a backticked key: 'a key'"]


def test_a_made_up_option_is_reported() -> None:
    assert check_command(["plan", "x.toml", "--no-such-option"]) == ["plan has no option --no-such-option"]
    assert check_command(["schedule", "--principal"]) == ["schedule --principal needs a value"]
    assert check_command(["schedule", "--principal"], complete=False) == []
    assert check_command(["plan", "a.toml", "--json=yes"]) == ["plan --json is a flag and takes no value"]
    assert check_command(["plan", "a.toml", "b.toml"]) == ["plan takes at most 1 argument(s), got 2"]
    assert check_command(["plan"]) == ["plan needs 1 argument(s), got 0"]
    assert check_command(["arrears", "--principal", "1"]) == ["arrears needs --first-missed"]
    assert check_command(["plans", "a.toml"]) == ["no command 'plans'"]
    assert check_command(["cases", "--db", "x.db", "list", "--sort", "debt"]) == []
    assert check_command(["cases", "list", "--no-such"]) == ["list has no option --no-such"]
    assert check_command(["cases", "--nope", "list"]) == ["cases has no option --nope"]
    assert check_command(["cases", "lists"]) == ["no command 'lists'"]


def test_commands_are_extracted_as_written() -> None:
    doc = ("text `zansai plan --at` text\n```sh\nzansai plan a.toml \\\n  --json   # a comment\n"
           "zansai serve [--port 8000] [--load CASE …]\n./dev run\n```\n")
    found = doc_commands("d.md", doc)
    assert [(c.where, c.args, c.in_block, c.synopsis) for c in found] == [
        ("d.md:3", ("plan", "a.toml", "--json"), True, False),
        ("d.md:5", ("serve", "--port", "8000", "--load", "CASE"), True, True),
        ("d.md:1", ("plan", "--at"), False, False)]


def test_option_rows_expand_alternatives() -> None:
    text = ("```sh\nzansai schedule --principal 1\n```\n\n| option | meaning |\n|---|---|\n"
            "| `--method a\\|b`, `--cap-125` | m |\n")
    (row,) = option_rows("d.md", text)
    assert (row.command, row.words) == ("schedule", ("--method", "a|b", "--cap-125"))
    assert alternatives(row.words) == [("--method", "a", "--cap-125"), ("--method", "b", "--cap-125")]


def test_shown_output_must_be_printed_in_order() -> None:
    assert shown_lines_missing("a\n…\nc\n", "a\nb\nc\n") == []
    assert shown_lines_missing("c\na\n", "a\nb\nc\n") == ["a"]
    assert shown_lines_missing("a\nx\n", "a\nb\n") == ["x"]


def test_a_missing_path_is_reported() -> None:
    assert expand("src/{a,b}.py") == ["src/a.py", "src/b.py"]
    assert expand("src/zansai/rules/data/<area>/<name>.toml") == ["src/zansai/rules/data/*/*.toml"]
    assert _exists("src/zansai/rules/data/*/*.toml")
    assert not _exists("src/zansai/no_such_module.py")
