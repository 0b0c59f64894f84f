"""Issue 16 §2: every hostile input on the command line is one bilingual line and exit status 2.

Each test pins one class of fault a hostile user found (a traceback or a hang before the fix):
huge numbers, dates out of Python's range, unreadable or endless files, text that cannot be
printed or takes minutes to print, a bad ``--dask`` address. The CLI runs in-process, as in
tests/test_cli.py.
"""

import json
import os
import stat
import tomllib
from pathlib import Path

import pytest

from zansai.cli import main
from zansai.infile import MAX_INPUT_BYTES
from zansai.inputs import MAX_TEXT
from zansai.notation.numbers import MAX_DIGITS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LOAN = ["schedule", "--principal", "3000万", "--rate", "1.5", "--years", "35", "--start", "2025-01"]
HUGE = "1" * 5000  # past Python's 4,300-digit limit on int()


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def refused(args: list[str], capsys: pytest.CaptureFixture[str], *words: str) -> str:
    """Exit status 2, nothing on stdout, one line on stderr in both languages naming ``words``."""
    code, out, err = run(args, capsys)
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("エラー: ")
    assert " / error: " in lines[0]
    for word in words:
        assert word in lines[0]
    return lines[0]


def case_json(tmp_path: Path, name: str = "case.json", **changes: object) -> str:
    """An example case (condo, JHF arrears) as a JSON case file, with ``changes`` (``a.b`` paths)."""
    data = tomllib.loads((EXAMPLES / "condo-jhf-arrears.toml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    for path, value in changes.items():
        *parents, key = path.split(".")
        table = data
        for parent in parents:
            table = table[parent]
        table[key] = value
    target = tmp_path / name
    target.write_text(json.dumps(data), encoding="utf-8")
    return str(target)


# -- numbers: Python refuses int() of more than 4,300 digits; Decimal overflows its context


@pytest.mark.parametrize("flag", ["--principal", "--rate", "--years", "--payment-day", "--bonus-share"])
def test_a_5000_digit_number_is_refused(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = [*LOAN, flag, HUGE]  # the last of a repeated option is the one used
    line = refused(args, capsys, flag)
    assert len(line) < 400  # the value is shortened, the line stays one readable line


def test_a_rate_with_a_huge_exponent_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """``1e9999999`` overflowed the decimal context (decimal.Overflow) before it was range-checked."""
    refused([*LOAN, "--rate", "1e9999999"], capsys, "--rate", f"{MAX_DIGITS}")


def test_a_number_of_max_digits_is_still_read(capsys: pytest.CaptureFixture[str]) -> None:
    """The bound refuses length, not size: 24 characters still reach the range check (10兆円)."""
    refused([*LOAN, "--principal", "1" * MAX_DIGITS], capsys, "--principal", "10")


def test_a_5000_digit_amount_in_a_case_file_names_its_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(["plan", case_json(tmp_path, **{"valuation.market_value": HUGE})], capsys,
            "valuation.market_value")


@pytest.mark.parametrize("value", [10**4000, "9" * 50])
def test_a_huge_override_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    value: object) -> None:
    """A practice default may be overridden, but not by a number no household meets (10兆 at most,
    as every amount; MAX_DIGITS characters as every number)."""
    path = tmp_path / "case.json"
    data = json.loads(Path(case_json(tmp_path)).read_text(encoding="utf-8"))
    data["overrides"] = {"market.sale_lead_months": value}
    path.write_text(json.dumps(data), encoding="utf-8")
    refused(["plan", str(path)], capsys, "overrides")


def test_land_area_1e300_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``land_area_m2 = "1e300"`` raised decimal.InvalidOperation when the land was valued."""
    path = case_json(tmp_path, **{"valuation.land_area_m2": "1e300",
                                  "valuation.road_price_per_m2": 100_000})
    refused(["plan", path], capsys, "valuation.land_area_m2")


# -- dates: a loan starting in 9999 runs past datetime's year 9999


@pytest.mark.parametrize(("flag", "value"), [
    ("--start", "9999-12"), ("--start", "0000-01"), ("--start", "1899-12"),
    ("--prepay", "9999-01-01:100万"), ("--at", "9999-12-31"), ("--rate-change", "9999-01-01:2"),
])
def test_a_date_out_of_range_is_refused(flag: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    refused([*LOAN, flag, value], capsys, flag)


def test_the_last_month_in_range_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    """A 50-year loan from 2200-12 ends in 2250: inside Python's dates, so it is still computed."""
    code, out, err = run(["schedule", "--principal", "3000万", "--rate", "1", "--years", "50",
                          "--start", "2200-12", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["payments"][-1]["due_date"] == "2250-11-01"


def test_a_case_file_date_names_the_case_file_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Never a flag of another command (``--first-missed``): the case file's own path."""
    line = refused(["plan", case_json(tmp_path, **{"delinquency.first_missed": "9999-06-05"})],
                   capsys, "delinquency.first_missed")
    assert "--" not in line
    loans = tomllib.loads((EXAMPLES / "condo-jhf-arrears.toml").read_text(encoding="utf-8"))["loans"]
    loans[0]["start"] = "9999-12"
    path = case_json(tmp_path, "start.json", loans=json.loads(json.dumps(loans, default=str)))
    line = refused(["plan", path], capsys, "loans[0].start")
    assert "--start" not in line


# -- files: refuse what is not a regular file, cap what is read, UTF-8 only, no deep nesting


def _fifo(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    os.mkfifo(path)
    return str(path)


@pytest.mark.parametrize("command", [["plan"], ["divorce"], ["report"], ["schedule", "--file"]])
def test_a_device_a_fifo_or_a_directory_is_refused(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``/dev/zero`` was read without end and a FIFO blocked forever."""
    for path in ("/dev/zero", _fifo(tmp_path, "case.toml"), str(tmp_path)):
        refused([*command, path], capsys, path, "regular file")


def test_a_file_over_the_cap_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_INPUT_BYTES + 1))
    refused(["plan", str(big)], capsys, "big.toml", "MiB")
    refused(["schedule", "--file", str(big)], capsys, "--file", "MiB")


@pytest.mark.parametrize("command", [["plan"], ["schedule", "--file"]])
def test_binary_latin1_and_deep_files_are_refused(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``schedule --file`` raised UnicodeDecodeError and RecursionError where ``plan`` did not."""
    binary = tmp_path / "binary.toml"
    binary.write_bytes(bytes(range(256)))
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"loans": [{"name": "café"}]}'.encode("latin-1"))
    deep_json = tmp_path / "deep.json"
    deep_json.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    deep_toml = tmp_path / "deep.toml"
    deep_toml.write_text("a = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for path in (binary, latin1):
        refused([*command, str(path)], capsys, "UTF-8")
    for path in (deep_json, deep_toml):
        refused([*command, str(path)], capsys, path.name)


def test_a_missing_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(["schedule", "--file", str(tmp_path / "none.toml")], capsys, "--file", "cannot be read")


def test_an_unreadable_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    locked = tmp_path / "locked.toml"
    locked.write_text("title = 'x'\n", encoding="utf-8")
    locked.chmod(stat.S_IWUSR)
    refused(["plan", str(locked)], capsys, "cannot be read")


def test_a_utf8_file_with_a_bom_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Notepad saves UTF-8 with a BOM: it is still UTF-8 text."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "condo-jhf-arrears.toml").read_bytes())
    code, _, err = run(["plan", str(path), "--json"], capsys)
    assert code == 0, err


def test_a_tape_that_is_a_fifo_or_device_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyarrow")
    fifo = _fifo(tmp_path, "tape.csv")
    refused(["batch", fifo, "-o", str(tmp_path / "out.csv")], capsys, "TAPE", "regular file")
    assert not (tmp_path / "out.csv").exists()


# -- free text: lone surrogates and control characters cannot be printed; length is bounded


@pytest.mark.parametrize("title", ["a\udc80b", "a\x1b[2Jb", "a\x00b"])
def test_unprintable_text_is_refused_at_the_edge(
        title: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A lone surrogate in a title raised UnicodeEncodeError while the report printed."""
    line = refused(["plan", case_json(tmp_path, title=title)], capsys, "title", "control characters")
    assert "\udc80" not in line


def test_a_long_name_is_refused_with_its_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 100,000-character title took over a minute in the terminal report."""
    refused(["plan", case_json(tmp_path, title="長" * 100_000)], capsys, "title", f"{MAX_TEXT}")
    code, _, err = run(["plan", case_json(tmp_path, "ok.json", title="長" * MAX_TEXT), "--json"], capsys)
    assert code == 0, err


def test_a_long_loan_name_in_a_loan_file_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "loans.json"
    path.write_text(json.dumps({"loans": [{"name": "x" * (MAX_TEXT + 1), "principal": "3000万",
                                           "rate": "1", "years": 35, "start": "2025-01"}]}),
                    encoding="utf-8")
    refused(["schedule", "--file", str(path)], capsys, "loans[0].name", f"{MAX_TEXT}")
    path.write_text(json.dumps({"loans": [{"name": "a\udc80", "principal": "3000万",
                                           "rate": "1", "years": 35, "start": "2025-01"}]}),
                    encoding="utf-8")
    refused(["schedule", "--file", str(path)], capsys, "loans[0].name", "control characters")


# -- options of batch


@pytest.mark.parametrize("address", ["bogus", "tcp://host", "host:port", "local:1:2"])
def test_a_bad_dask_address_is_refused(address: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """``batch --dask bogus`` was a traceback (distributed's ValueError: missing port number)."""
    pytest.importorskip("pyarrow")
    tape = tmp_path / "tape.csv"
    tape.write_text("loan_id\n", encoding="utf-8")
    refused(["batch", str(tape), "-o", str(tmp_path / "out.csv"), "--dask", address], capsys, "--dask")
    assert not (tmp_path / "out.csv").exists()


def test_a_share_with_a_huge_exponent_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``share = "1e999999999%"`` built a billion-digit fraction (a hang) before its range check."""
    data = tomllib.loads((EXAMPLES / "condo-jhf-arrears.toml").read_text(encoding="utf-8"))
    people = data["people"]
    people[0]["share"] = "1e999999999%"
    refused(["plan", case_json(tmp_path, people=people)], capsys, "people[0].share")


def test_a_billion_laughs_yaml_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """YAML aliases nesting one list nine times in another: 10⁹ values, hours to walk."""
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join([*lines, "title: *a8"]) + "\n", encoding="utf-8")
    refused(["plan", str(path)], capsys, "laughs.yaml", "100,000")
