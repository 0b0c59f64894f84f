"""Fuzzing the case-file loader and the CLI commands in process: no traceback, exit 0 or 2 (issue 16 §5).

Hypothesis strategies for the hostile inputs of issue 16: numbers (huge, negative, float, exponent,
full-width, booleans), dates (out of range, invalid), text (lone surrogates, control characters,
huge sizes) and deep nesting. They are applied to

1. the case-file loader (``zansai.case.load_case``) on mutated example case files, TOML and JSON;
2. ``plan``, ``divorce`` and ``report --html`` on those files, and ``schedule``, ``arrears`` and
   ``rules`` with odd option values, through the entry point ``zansai.cli.main``.

What must hold: a user's mistake is an ``InputError`` (loader) or one bilingual line on stderr with
exit status 2 (CLI); a success is exit 0; no output names a traceback; on error nothing is written.
The default hypothesis profile (tests/conftest.py) keeps the file under about a minute;
``ZANSAI_FUZZ_SCALE=10`` multiplies the examples for a longer hunt. No test here is ``slow`` (the
file runs in a few seconds); the tape reader and ``zansai batch`` are fuzzed in
tests/batch/test_fuzz_tape.py, whose end-to-end runs are.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from zansai.case import load_case
from zansai.cli import main
from zansai.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CASES = [p for p in sorted(EXAMPLES.glob("*.toml"))  # the case files (single-loan.toml is a loan file)
         if "property" in tomllib.loads(p.read_text(encoding="utf-8"))]
DIVORCE_CASES = [p for p in CASES if "divorce" in p.name]
SCALE = int(os.environ.get("ZANSAI_FUZZ_SCALE", "1"))
BASE_EXAMPLES = settings.default.max_examples  # the profile of tests/conftest.py (dev 30, ci 60)
_OFF = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]


def fuzz(share: float = 1.0) -> settings:
    """The loaded profile's examples × ``share`` × ZANSAI_FUZZ_SCALE."""
    return settings(max_examples=max(3, int(BASE_EXAMPLES * share)) * SCALE, deadline=None,
                    suppress_health_check=_OFF)


# -- strategies: the odd values a hostile user types

class Huge(str):
    """A long value that hypothesis reports by its length, not its characters."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{self[:1]!r} * {len(self)}"


HUGE_DIGITS = st.integers(4_301, 6_000).map(lambda n: Huge("9" * n))  # past int()'s 4,300-digit limit
NUMBER_TEXT = st.sampled_from([
    "1e300", "-1e300", "1e-300", "1e9999999", "-0", "0.0000001", "NaN", "inf", "-Infinity",
    "３０００万", "１２３４５", "−1", "3000万円", "1_000", "0x10", "1,5", "1.5.1", "兆", "万", "",
    " ", "3000万万", "9" * 40, "-2900万", "1.5%", "+1",
])
NUMBERS = st.one_of(
    st.integers(),
    st.sampled_from([0, -1, 2**63, -(2**63) - 1, 10**30]),
    st.floats(),  # nan and ±inf included
    st.booleans(),
    NUMBER_TEXT,
    HUGE_DIGITS,
)
DATE_TEXT = st.sampled_from([
    "9999-12-31", "0001-01-01", "0000-01-01", "2025-13-01", "2025-02-30", "2025-00-10", "2025-1-1",
    "9999-12", "0000-01", "2025-13", "２０２５-０１-０１", "2025/01/01", "2026-02-29", "1899-12-31",
    "2201-01-01", "20250101", "2025-01-01T00:00:00", "-2025-01-01", "tomorrow",
])
DATES = st.one_of(st.dates(), DATE_TEXT, st.dates().map(date.isoformat))
CONTROL = st.characters(categories=["Cc", "Cs", "Zl", "Zp", "Cf"])  # controls and lone surrogates
TEXTS = st.one_of(
    st.text(alphabet=CONTROL, min_size=1, max_size=5),
    st.tuples(st.text(max_size=10), CONTROL, st.text(max_size=10)).map("".join),
    st.integers(201, 100_000).map(lambda n: Huge("字" * n)),  # past the 200-character bound of free text
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "\x1b[31m", "\r\n", "=cmd|'/c calc'!A1", "‮"]),
)
LEAVES = st.one_of(NUMBERS, DATES, TEXTS, st.none())
NESTED = st.recursive(LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=5), inner,
                                                                      max_size=3)),
                      max_leaves=8)
MILD = st.one_of(st.integers(0, 10**9), st.floats(0, 100), st.sampled_from(["1500万", "0", "1"]),
                 st.dates(date(2000, 1, 1), date(2100, 12, 31)))  # plausible: reach the engine
ODD = st.one_of(MILD, NUMBERS, DATES, TEXTS, NESTED)


# -- mutated example case files


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a parsed case file that holds a value (tables and lists included)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _leaf_paths(item, (*path, i))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    if isinstance(data, dict) and not isinstance(path[-1], str):
        raise TypeError(path[-1])  # an earlier step replaced a list by a table: no int keys in TOML
    data[path[-1]] = value


def _toml_safe(value: Any) -> Any:
    """TOML has no null: None is dropped from lists and tables, and a bare None becomes ''."""
    if isinstance(value, dict):
        return {k: _toml_safe(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_toml_safe(v) for v in value if v is not None]
    return "" if value is None else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


@st.composite
def mutated_case(draw: st.DrawFn, examples: list[Path] = CASES) -> dict[str, Any]:
    """An example case file with one or two values replaced by odd ones (or a key added)."""
    source = draw(st.sampled_from(examples))
    data: dict[str, Any] = tomllib.loads(source.read_text(encoding="utf-8"))
    paths = _leaf_paths(data)
    for _ in range(draw(st.integers(1, 2))):
        path = draw(st.sampled_from(paths))
        try:
            _set(data, path, copy.deepcopy(draw(ODD)))
        except (KeyError, IndexError, TypeError):  # an earlier step replaced a parent
            continue
    if draw(st.integers(0, 4)) == 0:
        data[draw(st.sampled_from(["unknown", "titel", "loans2"]))] = draw(LEAVES)
    return data


_names = itertools.count()


def write_case(data: dict[str, Any], folder: Path, kind: str) -> Path:
    """``data`` as a TOML or JSON case file (text TOML cannot hold is written with surrogatepass)."""
    path = folder / f"case{next(_names)}.{kind}"
    if kind == "json":
        path.write_text(json.dumps(_jsonable(data)), encoding="utf-8")  # \udXXX escapes survive
    else:
        text = tomli_w.dumps(_toml_safe(data))
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))  # not UTF-8: must be refused
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(code: int, out: str, err: str) -> None:
    """Exit 0, or exit 2 with one bilingual line on stderr and nothing on stdout; never a traceback."""
    assert "Traceback" not in out + err
    assert code in (0, 2), (code, err[-2000:])
    if code == 2:
        assert out == ""
        assert len(err.splitlines()) == 1, err[-2000:]
        assert err.startswith("エラー: "), err[:500]
        assert " / error: " in err, err[:500]


# -- 1. the case-file loader


@pytest.mark.parametrize("kind", ["toml", "json"])
@fuzz()
@given(data=mutated_case())
def test_loader_refuses_or_builds(kind: str, data: dict[str, Any], tmp_path: Path) -> None:
    """A mutated case file is built or refused with an InputError of one line in each language."""
    path = write_case(data, tmp_path, kind)
    refused: InputError | None = None
    try:
        load_case(str(path))
    except InputError as exc:
        refused = exc
    finally:
        path.unlink()
    if refused is not None:
        assert refused.message_ja
        assert refused.message_en
        assert "Traceback" not in refused.message_en


@pytest.mark.parametrize("kind", ["toml", "json"])
@pytest.mark.parametrize("depth", [100, 2_000, 100_000])
def test_loader_refuses_deep_nesting(kind: str, depth: int, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A title nested 100,000 lists deep is an input error, not a RecursionError."""
    path = tmp_path / f"deep.{kind}"
    nest = "[" * depth + "]" * depth
    text = (f'title = {nest}\n[[loans]]\nprincipal = 1000000\nrate = 1\nyears = 10\nstart = "2025-01"\n'
            if kind == "toml" else
            f'{{"title": {nest}, "loans": [{{"principal": 1000000, "rate": 1, "years": 10}}]}}')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError):
        load_case(str(path))
    assert_clean(*run(["plan", str(path)], capsys))


def test_loader_refuses_a_file_past_the_size_cap(tmp_path: Path) -> None:
    """A case file of 5 MB (a title of 5 million characters) is refused before it is parsed."""
    path = tmp_path / "huge.toml"
    path.write_text('title = "' + "x" * 5_000_000 + '"\n', encoding="utf-8")
    with pytest.raises(InputError):
        load_case(str(path))


# -- 2. the commands on case files: plan, divorce, report --html


@pytest.mark.parametrize("kind", ["toml", "json"])
@fuzz(0.5)
@given(data=mutated_case(), json_out=st.booleans())
def test_plan_on_a_mutated_case(kind: str, data: dict[str, Any], json_out: bool, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = write_case(data, tmp_path, kind)
    code, out, err = run(["plan", str(path), *(["--json"] if json_out else [])], capsys)
    assert_clean(code, out, err)
    event(f"exit {code}")
    if code == 0 and json_out:
        json.loads(out)


@fuzz(0.3)
@given(data=mutated_case(DIVORCE_CASES), at=st.one_of(st.none(), DATES.map(str)))
def test_divorce_on_a_mutated_case(data: dict[str, Any], at: str | None, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = write_case(data, tmp_path, "toml")
    args = ["divorce", str(path), "--json", *(["--at", at] if at is not None else [])]
    assert_clean(*run(args, capsys))


@fuzz(0.3)
@given(data=mutated_case(), sale=st.one_of(st.none(), DATES.map(str)))
def test_report_html_writes_nothing_on_error(data: dict[str, Any], sale: str | None, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """On exit 2 the --html target does not exist; on exit 0 it is a complete HTML page."""
    path = write_case(data, tmp_path, "json")
    target = tmp_path / f"report{next(_names)}.html"
    args = ["report", str(path), "--html", str(target), *(["--sale-date", sale] if sale else [])]
    code, out, err = run(args, capsys)
    assert "Traceback" not in out + err
    assert code in (0, 2), err[-2000:]
    if code == 2:
        assert not target.exists()
        assert [p.name for p in tmp_path.iterdir() if p.suffix != ".json"] == []  # no temporary left
    else:
        assert target.read_text(encoding="utf-8").rstrip().endswith("</html>")
        target.unlink()


# -- 2. the commands on options: schedule, arrears, rules

OPTION_TEXT = st.one_of(NUMBER_TEXT, HUGE_DIGITS, st.integers().map(str), st.floats().map(str),
                        DATE_TEXT, TEXTS.filter(lambda s: len(s) < 300),
                        st.sampled_from(["true", "false", "True"]))
LOAN = {"--principal": "3000万", "--rate": "1.5", "--years": "35", "--start": "2025-01"}
SCHEDULE_OPTIONS = [*LOAN, "--method", "--bonus-share", "--bonus-months", "--payment-day",
                    "--rounding", "--rate-change", "--prepay", "--anchor", "--at"]
SCHEDULE_FLAGS = ["--json", "--csv", "--summary", "--explain", "--five-year-rule", "--cap-125"]
ARREARS_OPTIONS = [*LOAN, "--first-missed", "--on", "--acceleration", "--late-rate", "--lender",
                   "--late-charge-base", "--payment-day", "--method"]


@st.composite
def option_value(draw: st.DrawFn, name: str) -> str:
    """An odd value for ``name``; for the DATE:VALUE options, an odd date or an odd value."""
    if name in ("--rate-change", "--prepay", "--anchor"):
        when = draw(st.one_of(DATE_TEXT, st.dates().map(date.isoformat)))
        amount = draw(OPTION_TEXT)
        return f"{when}:{amount}" + draw(st.sampled_from(["", ":shorten", ":reduce", ":x", ":"]))
    return draw(OPTION_TEXT)


@st.composite
def command_line(draw: st.DrawFn, command: str, options: list[str], base: dict[str, str],
                 flags: list[str]) -> list[str]:
    """A valid base command with one to three options given odd values, and some flags."""
    args = dict(base)
    for name in draw(st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True)):
        args[name] = draw(option_value(name))
    chosen = draw(st.lists(st.sampled_from(flags), max_size=2, unique=True)) if flags else []
    return [command, *itertools.chain.from_iterable(args.items()), *chosen]


@fuzz()
@given(args=command_line("schedule", SCHEDULE_OPTIONS, LOAN, SCHEDULE_FLAGS))
def test_schedule_options(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert_clean(*run(args, capsys))


ARREARS = {**LOAN, "--first-missed": "2026-06-01", "--on": "2026-12-01"}


@fuzz()
@given(args=command_line("arrears", ARREARS_OPTIONS, ARREARS, ["--json", "--explain"]))
def test_arrears_options(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert_clean(*run(args, capsys))


@fuzz(0.5)
@given(at=st.one_of(DATE_TEXT, OPTION_TEXT), flags=st.lists(st.sampled_from(["--json", "--stale"]),
                                                            unique=True))
def test_rules_at(at: str, flags: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert_clean(*run(["rules", "--at", at, *flags], capsys))


@fuzz(0.5)
@given(data=st.data())
def test_schedule_file_with_a_mutated_loan(data: st.DataObject, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """``schedule --file`` on a mutated loan file (TOML or JSON): the same promise as ``plan``."""
    loan: dict[str, Any] = {"loans": [{"principal": "3000万", "rate": 1.5, "years": 35,
                                       "start": "2025-01"}]}
    key = data.draw(st.sampled_from(["principal", "rate", "years", "start", "payment_day",
                                     "method", "bonus_share", "name"]))
    loan["loans"][0][key] = data.draw(ODD)
    path = write_case(loan, tmp_path, data.draw(st.sampled_from(["toml", "json"])))
    assert_clean(*run(["schedule", "--file", str(path), "--summary"], capsys))


# -- crashes this fuzzing found, pinned


@pytest.mark.parametrize("value", ["\x1e", "a\nb", "\x1b[31m", "\u202e1", "\ud800"])
def test_an_echoed_control_character_stays_on_one_escaped_line(value: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A refused value is echoed in the error: a record separator or newline split the line, an
    escape sequence reached the terminal, and a lone surrogate raised UnicodeEncodeError."""
    code, out, err = run(["schedule", *itertools.chain.from_iterable(LOAN.items()),
                          "--principal", value], capsys)
    assert_clean(code, out, err)
    assert code == 2
    assert value.encode("unicode_escape").decode("ascii") in err  # \x1e, \n, \x1b, \u202e, \ud800
