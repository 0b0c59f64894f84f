"""The golden outputs: every example through `plan`, `divorce`, `schedule` and `report`.

``python tests/golden/cases.py`` rewrites the files in ``tests/golden/`` from the current CLI (only
when a change of figures is intended, and then say so in the CHANGELOG); ``tests/test_golden.py``
holds the CLI to them byte for byte, apart from the fields that name the version and the rule
book that made an output.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
EXAMPLES = ROOT / "examples"

CASE_FILES = ("co-owned-gain", "condo-jhf-arrears", "keep-home-rehabilitation", "leaseback-retiree",
              "seed1-short-sale", "seed2-divorce-overloan", "seed2-divorce-separate-property",
              "seed2-divorce-underloan", "tokyo-auction-range", "trade-up")
DIVORCE_FILES = ("seed2-divorce-overloan", "seed2-divorce-separate-property", "seed2-divorce-underloan")
LOAN_FILES = ("pair-loan", "single-loan")

README_SCHEDULE = ["--principal", "30000000", "--rate", "1.5", "--years", "35", "--start", "2025-01"]
README_ARREARS = [*README_SCHEDULE, "--first-missed", "2026-01-01", "--on", "2026-09-01",
                  "--acceleration", "2026-07-10", "--late-rate", "14"]

WIDTH = "160"
"""Terminal width of the text goldens (rich reads COLUMNS)."""


def _example(name: str) -> str:
    return str(EXAMPLES / f"{name}.toml")


def json_runs() -> dict[str, list[str]]:
    """Golden JSON file name → the CLI arguments that print it.

    `plan --json` is `plan --json --explain` without its `explanation` key, so only the latter
    is stored (the test checks the former against it).
    """
    runs: dict[str, list[str]] = {}
    for name in CASE_FILES:
        runs[f"plan-{name}"] = ["plan", _example(name), "--json", "--explain"]
    for name in DIVORCE_FILES:
        runs[f"divorce-{name}"] = ["divorce", _example(name), "--json", "--explain"]
    for name in LOAN_FILES:
        runs[f"schedule-{name}"] = ["schedule", "--file", _example(name), "--at", "2030-12-31",
                                    "--json", "--explain"]
    runs["schedule-readme"] = ["schedule", *README_SCHEDULE, "--at", "2026-11-21", "--json", "--explain"]
    runs["schedule-bonus-equal-principal"] = [
        "schedule", "--principal", "2800万", "--rate", "0.9", "--years", "30", "--start", "2020-04",
        "--payment-day", "27", "--method", "equal-principal", "--bonus-share", "30",
        "--prepay", "2028-01-27:3000000:reduce", "--rate-change", "2030-04-01:2.1", "--json"]
    runs["arrears-readme"] = ["arrears", *README_ARREARS, "--json", "--explain"]
    runs["rules-2026-11-21"] = ["rules", "--at", "2026-11-21", "--json"]
    runs["rules-2014-04-01"] = ["rules", "--at", "2014-04-01", "--json"]
    return runs


def text_runs() -> dict[str, list[str]]:
    """Golden terminal reports (file name → arguments), at a fixed width."""
    runs: dict[str, list[str]] = {}
    for name in CASE_FILES:
        runs[f"plan-{name}"] = ["plan", _example(name)]
    runs["plan-seed1-short-sale-explain"] = ["plan", _example("seed1-short-sale"), "--explain"]
    for name in DIVORCE_FILES:
        runs[f"divorce-{name}"] = ["divorce", _example(name), "--explain"]
    runs["schedule-pair-loan"] = ["schedule", "--file", _example("pair-loan"), "--at", "2030-12-31",
                                  "--explain"]
    runs["arrears-readme"] = ["arrears", *README_ARREARS, "--explain"]
    return runs


def html_runs() -> dict[str, list[str]]:
    """Golden printable reports (file name → arguments before ``--html OUT``)."""
    return {"report-seed1-short-sale-ja": ["report", _example("seed1-short-sale")],
            "report-seed2-divorce-separate-property-en": [
                "report", _example("seed2-divorce-separate-property"), "--lang", "en"]}


VERSION_KEYS = ("zansai_version", "rules_fingerprint")
_VERSION_LINE = re.compile(r"^.*(zansai_version|rules_fingerprint|zansai \d+\.\d+\.\d+).*\n", re.M)


def strip_versions(text: str) -> str:
    """The JSON text without the keys that name the version and the rule book that made it."""

    def strip(obj: object) -> object:
        if isinstance(obj, dict):
            return {k: strip(v) for k, v in obj.items() if k not in VERSION_KEYS}
        if isinstance(obj, list):
            return [strip(v) for v in obj]
        return obj

    return json.dumps(strip(json.loads(text)), ensure_ascii=False, indent=1) + "\n"


def strip_version_lines(text: str) -> str:
    """A text or HTML report without the lines that name the version or the rule book."""
    return _VERSION_LINE.sub("", text)


def run_cli(args: list[str]) -> str:
    """The CLI's standard output for ``args`` (in process, as a user would see it)."""
    from click.testing import CliRunner

    from zansai.cli import app

    result = CliRunner().invoke(app, args, prog_name="zansai", catch_exceptions=False,
                                env={"COLUMNS": WIDTH, "LINES": "50"})
    if result.exit_code != 0:
        raise RuntimeError(f"zansai {' '.join(args)} exited {result.exit_code}: {result.output}")
    return result.stdout


def run_report(args: list[str]) -> str:
    """The printable HTML report that ``args --html OUT`` writes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        run_cli([*args, "--html", str(out)])
        return out.read_text(encoding="utf-8")


def names() -> list[str]:
    """Every golden file name, with its suffix."""
    return sorted([f"{n}.json" for n in json_runs()] + [f"{n}.txt" for n in text_runs()]
                  + [f"{n}.html" for n in html_runs()])


def output(name: str) -> str:
    """The text the current code gives for the golden file ``name``."""
    stem, suffix = name.rsplit(".", 1)
    if suffix == "json":
        return strip_versions(run_cli(json_runs()[stem]))
    if suffix == "txt":
        return strip_version_lines(run_cli(text_runs()[stem]))
    return strip_version_lines(run_report(html_runs()[stem]))


SLOW = {"plan-seed1-short-sale-explain.txt"}
"""Outputs that take seconds to render (the whole explanation as a terminal table)."""


def write_all() -> None:
    for name in names():
        (GOLDEN / name).write_text(output(name), encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    write_all()
