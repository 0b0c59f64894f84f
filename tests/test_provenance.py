"""Every JSON output says what made it: the zansai version and the rule book's fingerprint."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import zansai
from zansai.cli import app
from zansai.rules import RuleBook

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED1 = str(EXAMPLES / "seed1-short-sale.toml")
LOAN = ["--principal", "30000000", "--rate", "1.5", "--years", "35", "--start", "2025-01"]


def _json(args: list[str]) -> dict[str, object]:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("args", [
    ["plan", SEED1, "--json"],
    ["divorce", str(EXAMPLES / "seed2-divorce-overloan.toml"), "--json"],
    ["schedule", *LOAN, "--json"],
    ["schedule", "--file", str(EXAMPLES / "pair-loan.toml"), "--json"],
    ["arrears", *LOAN, "--first-missed", "2026-01-01", "--on", "2026-03-01", "--json"],
    ["rules", "--at", "2026-11-21", "--json"],
    ["rules", "--stale", "--at", "2026-11-21", "--json"],
], ids=["plan", "divorce", "schedule", "schedule-file", "arrears", "rules", "stale"])
def test_every_json_output_names_its_version_and_rule_book(args: list[str]) -> None:
    data = _json(args)
    keys = list(data)
    first = 1 if keys[0] == "schema" else 0
    assert keys[first:first + 2] == ["zansai_version", "rules_fingerprint"]
    assert data["zansai_version"] == zansai.__version__
    assert data["rules_fingerprint"] == RuleBook.default().fingerprint()


def test_the_schema_names_its_version_only() -> None:
    """The case file's JSON Schema depends on no rule, so it carries no rule fingerprint."""
    data = _json(["schema"])
    assert data["zansai_version"] == zansai.__version__
    assert "rules_fingerprint" not in data


def test_a_case_with_overrides_names_another_rule_book(tmp_path: Path) -> None:
    """seed 1 with its short-sale price ratio overridden: the plan says it used other rules."""
    raw = tomllib.loads(Path(SEED1).read_text(encoding="utf-8"))
    raw["overrides"] = {"market.short_sale_price_ratio": "0.9"}
    case = tmp_path / "seed1-override.json"
    case.write_text(json.dumps(raw, default=str, ensure_ascii=False), encoding="utf-8")
    shipped = _json(["plan", SEED1, "--json"])["rules_fingerprint"]
    overridden = _json(["plan", str(case), "--json"])["rules_fingerprint"]
    assert overridden != shipped
    assert overridden == RuleBook.default().with_overrides(
        {"market.short_sale_price_ratio": "0.9"}).fingerprint()
