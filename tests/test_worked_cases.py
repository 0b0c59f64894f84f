"""Worked cases as data: every ``tests/cases/*.toml`` is planned and its expected figures checked.

A worked case is a complete case file (the format of ``examples/*.toml``, docs/case-file.md)
plus two tables that only this test reads:

- ``[source]``: where the figures come from: ``title``, ``publisher``, ``url`` or ``citation``
  (``docs/sources/<file>.md §<section>``), ``date``, and ``states`` (a sentence on what the source
  states); optionally ``note``, which must say which expected figures zansai derives rather than
  the source stating them.
- ``[expect]``: expected figures of ``zansai plan CASE --json``, each addressed by a path; and
  optionally ``[expect_divorce]`` for ``zansai divorce CASE --json``.

A path is the keys from the top of the JSON joined by dots: ``position.equity``. In a list, a
segment picks one item: the item whose ``key`` field is the segment (``exits.short_sale``), or
``field=value`` for the item whose field reads value (``lenders.rank=2``,
``lines.name=brokerage_fee``), or a number for the item at that place (from 0). A value is
compared exactly; a TOML date matches the JSON's ISO date. tests/cases/README.md explains the
format for a lawyer adding a case.

The case file reaches the product as a user's would: the two tables are cut out of the text here
(the case parser knows nothing of them) and the rest is run through the command line in process.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

CASES = Path(__file__).resolve().parent / "cases"
TEST_TABLES = ("source", "expect", "expect_divorce")
SOURCE_FIELDS = ("title", "publisher", "date", "states")
COMMANDS = {"expect": "plan", "expect_divorce": "divorce"}
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(?:#.*)?$")


class WorkedCaseError(Exception):
    """The worked case file itself is wrong (not the figures)."""


@dataclass(frozen=True)
class WorkedCase:
    name: str
    case_toml: str  # the case file without the test's tables
    source: dict[str, Any]
    expectations: dict[str, dict[str, Any]]  # "plan" / "divorce" → path → expected value


def split_case(path: Path) -> WorkedCase:
    """Read a worked case: cut [source], [expect] and [expect_divorce] out of the text, check that
    what is left is the same case, and check the two tables."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorkedCaseError(f"{path.name}: not TOML: {exc}") from None
    kept: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header:
            skipping = header.group(1).strip().strip("\"'") in TEST_TABLES
        if not skipping:
            kept.append(line)
    case_toml = "".join(kept)
    rest = {k: v for k, v in data.items() if k not in TEST_TABLES}
    if tomllib.loads(case_toml) != rest:
        raise WorkedCaseError(f"{path.name}: write [source] and [expect] as plain tables after the case")
    source = data.get("source")
    if not isinstance(source, dict):
        raise WorkedCaseError(f"{path.name}: no [source] table: say where the expected figures come from")
    missing = [f for f in SOURCE_FIELDS if not str(source.get(f, "")).strip()]
    if not (str(source.get("url", "")).strip() or str(source.get("citation", "")).strip()):
        missing.append("url or citation")
    if missing:
        raise WorkedCaseError(f"{path.name}: [source] lacks {', '.join(missing)}")
    expectations = {cmd: _flatten(data.get(table, {})) for table, cmd in COMMANDS.items()}
    if not expectations["plan"] and not expectations["divorce"]:
        raise WorkedCaseError(f"{path.name}: [expect] is empty: a worked case must expect some figure")
    return WorkedCase(path.name, case_toml, source, expectations)


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a.b": 1}`` and ``{a = {b = 1}}`` alike become ``{"a.b": 1}``."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat |= _flatten(value, path)
        else:
            flat[path] = value
    return flat


_MISSING = object()


def lookup(data: Any, path: str) -> Any:
    """The value at ``path`` in the JSON ``data``; raises KeyError naming the segment not found."""
    here = data
    done: list[str] = []
    for segment in path.split("."):
        here = _step(here, segment)
        if here is _MISSING:
            raise KeyError(f"no {segment!r} after {'.'.join(done) or 'the top'}")
        done.append(segment)
    return here


def _step(here: Any, segment: str) -> Any:
    if isinstance(here, dict):
        return here.get(segment, _MISSING)
    if not isinstance(here, list):
        return _MISSING
    field, sep, wanted = segment.partition("=")
    if not sep:
        field, wanted = "key", segment
    matches = [item for item in here if isinstance(item, dict) and field in item
               and _as_text(item[field]) == wanted]
    if len(matches) == 1:
        return matches[0]
    if not matches and not sep and segment.isdigit() and int(segment) < len(here):
        return here[int(segment)]
    return _MISSING


def _as_text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) or value is None else str(value)


def _expected(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_expected(v) for v in value]
    return value


def differences(name: str, data: Any, expected: dict[str, Any], command: str) -> Iterator[str]:
    """One line per expected figure that the JSON does not have, naming case, path and both values."""
    for path, value in expected.items():
        want = _expected(value)
        try:
            got = lookup(data, path)
        except KeyError as exc:
            yield f"{name}: {command} {path}: expected {want!r}, but the JSON has {exc.args[0]}"
            continue
        if got != want or type(got) is not type(want):
            yield f"{name}: {command} {path}: expected {want!r}, got {got!r}"


def run_zansai(args: list[str]) -> Any:
    """``zansai ARGS --json`` in process (as a user runs it), parsed."""
    from click.testing import CliRunner

    from zansai.cli import app

    result = CliRunner().invoke(app, [*args, "--json"], prog_name="zansai")
    if result.exit_code != 0:
        raise WorkedCaseError(f"zansai {' '.join(args)} exited {result.exit_code}: "
                              f"{result.output.strip() or result.exception!r}")
    return json.loads(result.stdout)


def check_case(path: Path, tmp_dir: Path) -> list[str]:
    """Plan the worked case at ``path`` and list every expected figure that differs."""
    case = split_case(path)
    case_file = tmp_dir / f"{path.stem}.toml"
    case_file.write_text(case.case_toml, encoding="utf-8")
    found: list[str] = []
    for command, expected in case.expectations.items():
        if expected:
            found += differences(case.name, run_zansai([command, str(case_file)]), expected, command)
    return found


def case_files() -> list[Path]:
    return sorted(CASES.glob("*.toml"))


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_worked_case(path: Path, tmp_path: Path) -> None:
    found = check_case(path, tmp_path)
    assert not found, "\n".join(found)


def test_the_worked_cases_are_there() -> None:
    """The source articles' cases and the published examples (a guard against an empty folder)."""
    names = {p.stem for p in case_files()}
    assert names >= {"seed1-short-sale", "seed1-rehabilitation-10-million", "seed2-divorce-underloan",
                     "seed2-divorce-overloan", "seed2-divorce-separate-property",
                     "seed2-divorce-savings-700", "condo-jhf-short-sale-deductions", "trade-up-loan"}


# ------------------------------------------------------------------ the collector itself

SEED1 = CASES / "seed1-short-sale.toml"


def _variant(tmp_path: Path, old: str, new: str, name: str = "variant.toml") -> Path:
    text = SEED1.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_wrong_figure_is_reported_with_the_case_the_path_and_both_values(tmp_path: Path) -> None:
    path = _variant(tmp_path, '"exits.short_sale.remaining_debt" = 7_395_521',
                    '"exits.short_sale.remaining_debt" = 7_395_520')
    (tmp_path / "run").mkdir()
    assert check_case(path, tmp_path / "run") == [
        "variant.toml: plan exits.short_sale.remaining_debt: expected 7395520, got 7395521"]


def test_a_path_that_is_not_in_the_json_is_reported(tmp_path: Path) -> None:
    path = _variant(tmp_path, '"exits.short_sale.remaining_debt" = 7_395_521',
                    '"exits.short_sell.remaining_debt" = 7_395_521')
    (tmp_path / "run").mkdir()
    assert check_case(path, tmp_path / "run") == [
        "variant.toml: plan exits.short_sell.remaining_debt: expected 7395521, but the JSON has "
        "no 'short_sell' after exits"]


def test_a_case_without_source_or_with_an_empty_expect_is_an_error(tmp_path: Path) -> None:
    text = SEED1.read_text(encoding="utf-8")
    start, end = text.index("[source]"), text.index("[expect]")
    (tmp_path / "no-source.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(WorkedCaseError, match=r"no-source.toml: no \[source\] table"):
        split_case(tmp_path / "no-source.toml")
    (tmp_path / "empty.toml").write_text(text[:text.index("[expect]")] + "[expect]\n", encoding="utf-8")
    with pytest.raises(WorkedCaseError, match=r"empty.toml: \[expect\] is empty"):
        split_case(tmp_path / "empty.toml")
    unsourced = re.sub(r"(?m)^citation = .*$", 'citation = ""', text)
    assert unsourced != text
    (tmp_path / "uncited.toml").write_text(unsourced, encoding="utf-8")
    with pytest.raises(WorkedCaseError, match=r"uncited.toml: \[source\] lacks url or citation"):
        split_case(tmp_path / "uncited.toml")


def test_paths_pick_list_items_by_key_by_field_or_by_place() -> None:
    data = {"exits": [{"key": "short_sale", "lenders": [{"rank": 1, "paid": 5}, {"rank": 2, "paid": 7}]}],
            "flags": [True, False]}
    assert lookup(data, "exits.short_sale.lenders.rank=2.paid") == 7
    assert lookup(data, "exits.0.lenders.1.paid") == 7
    assert lookup(data, "flags.1") is False
    with pytest.raises(KeyError, match=re.escape("no 'rank=3' after exits.short_sale.lenders")):
        lookup(data, "exits.short_sale.lenders.rank=3.paid")
    assert list(differences("c", data, {"exits.short_sale.lenders.rank=1.paid": 5.0}, "plan")) == [
        "c: plan exits.short_sale.lenders.rank=1.paid: expected 5.0, got 5"]
