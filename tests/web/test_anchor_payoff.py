"""A statement's balance dated after the prepayments have repaid the loan is a contradiction in
the case, and says so (found by the API fuzzing: it was an IndexError, a 500).

Seed 2's loan (examples/seed2-divorce-overloan.toml: 2,800万円 at 0.8% for 35 years from 2015-04,
statement balance 2,000万円 after 2027-02-27) with a 3,000万円 prepayment on 2026-01-27."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from zansai.errors import InputError
from zansai.web.service import Options, PlanCache

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "seed2-divorce-overloan.toml"


def test_a_statement_after_the_payoff_names_the_loans_field() -> None:
    data = json.loads(json.dumps(tomllib.loads(EXAMPLE.read_text(encoding="utf-8")), default=str))
    data["loans"][0]["prepayments"] = ["2026-01-27:30000000:shorten"]
    with pytest.raises(InputError) as caught:
        PlanCache().plan_json(data, Options(), explain=True)
    assert caught.value.field == "loans"
    ja, en = caught.value.detail()
    assert "2027-02-27" in ja
    assert "20,000,000円" in ja
    assert "repaid (by its prepayments) before the statement's date" in en


def test_a_prepayment_after_the_statement_still_plans() -> None:
    data = json.loads(json.dumps(tomllib.loads(EXAMPLE.read_text(encoding="utf-8")), default=str))
    data["loans"][0]["prepayments"] = ["2027-03-27:1000000:shorten"]
    assert PlanCache().plan_json(data, Options()).startswith(b"{")
