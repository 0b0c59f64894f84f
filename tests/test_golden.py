"""Golden outputs: the examples' JSON, terminal and HTML reports stay byte-identical.

A restructuring must not move a figure. The files in ``tests/golden/`` were written by
``tests/golden/cases.py`` from the CLI; only the fields naming the version and the rule book are
left out of the comparison. When a figure is meant to change, rewrite them with that script and
say why in the CHANGELOG.
"""

from __future__ import annotations

import difflib
import json

import pytest
from tests.golden import cases


def _first_difference(expected: str, got: str) -> str:
    diff = difflib.unified_diff(expected.splitlines(), got.splitlines(), "golden", "now", n=2, lineterm="")
    return "\n".join(list(diff)[:40])


def golden_names() -> list[str]:
    return sorted(p.name for p in cases.GOLDEN.iterdir() if p.suffix in (".json", ".txt", ".html"))


def test_every_golden_file_is_produced() -> None:
    assert cases.names() == golden_names()


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in cases.SLOW else n
                                  for n in golden_names()])
def test_output_matches_golden(name: str) -> None:
    expected = (cases.GOLDEN / name).read_text(encoding="utf-8")
    got = cases.output(name)
    assert got == expected, _first_difference(expected, got)


@pytest.mark.parametrize("name", cases.CASE_FILES)
def test_plan_json_is_the_explained_plan_without_its_explanation(name: str) -> None:
    plain = json.loads(cases.strip_versions(cases.run_cli(["plan", cases._example(name), "--json"])))
    explained = json.loads((cases.GOLDEN / f"plan-{name}.json").read_text(encoding="utf-8"))
    explained.pop("explanation")
    assert plain == explained
