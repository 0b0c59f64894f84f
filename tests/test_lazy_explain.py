"""``plan(case, book, explain=False)``: the same figures, notes and rules as the explained plan,
without the steps that explain them (the terminal report, the what-ifs and the summaries show no
steps, so they skip building them).

The comparison is the plan's whole JSON with only its explanation parts (``steps``, ``why``)
removed, and the terminal report rendered from each plan; the explained plan stays the one the
goldens hold (tests/test_golden.py).
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zansai.case import build_case, load_case, read_case_file, with_options
from zansai.case.build.offers import with_offers
from zansai.engine.plan import Plan, plan
from zansai.errors import DomainError, InputError
from zansai.report.terminal.plain import PlainConsole
from zansai.report.terminal.plan import print_plan
from zansai.trace import NotExplainedError, explaining, figures_only, without_steps

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASES = sorted(p for p in EXAMPLES.glob("*.toml") if p.name not in ("single-loan.toml", "pair-loan.toml"))


def terminal(result: Plan) -> str:
    """The terminal report of ``result`` as ``zansai plan`` prints it when piped."""
    out = io.StringIO()
    with redirect_stdout(out):
        print_plan(result, PlainConsole())
    return out.getvalue()


def assert_same_figures(case: Any, book: Any) -> None:
    full, lean = plan(case, book), plan(case, book, explain=False)
    assert full.explained and not lean.explained
    figures = full.figures_dict()
    assert figures == without_steps(full.to_dict())
    assert lean.figures_dict() == figures
    assert lean.rules_used == full.rules_used
    assert lean.notes == full.notes and lean.verdict == full.verdict
    text = terminal(full)
    assert len(text) > 500 and terminal(lean) == text


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_figures_only_plan_has_the_same_figures(path: Path) -> None:
    case, book = load_case(str(path))
    assert_same_figures(case, book)


def test_the_comparison_covers_the_figures() -> None:
    """The stripped JSON still holds the yen figures and the rules; only the steps are gone."""
    case, book = load_case(str(EXAMPLES / "trade-up.toml"))
    full = plan(case, book).to_dict()
    stripped = without_steps(full)
    assert full["exits"][0]["steps"] and "steps" not in stripped["exits"][0]
    assert "why" in full["exits"][0]["costs"]["items"][0]
    assert "why" not in stripped["exits"][0]["costs"]["items"][0]
    assert stripped["exits"][0]["price"] == full["exits"][0]["price"] > 0
    assert stripped["exits"][0]["capital_gains_tax"]["total_tax"] == \
        full["exits"][0]["capital_gains_tax"]["total_tax"]
    assert stripped["rules_used"] == full["rules_used"] != []
    changed = dict(stripped, exits=[dict(stripped["exits"][0], price=stripped["exits"][0]["price"] + 1),
                                    *stripped["exits"][1:]])
    assert changed != stripped  # one yen off is seen


def test_figures_only_plan_refuses_to_explain() -> None:
    """No silent empty "why": a figures-only plan says it has no explanation."""
    case, book = load_case(str(EXAMPLES / "seed1-short-sale.toml"))
    lean = plan(case, book, explain=False)
    with pytest.raises(NotExplainedError):
        lean.explain()
    with pytest.raises(NotExplainedError):
        lean.to_dict()


def test_figures_only_is_scoped() -> None:
    """The switch holds inside ``figures_only()`` alone, and a plan after it explains again."""
    assert explaining()
    with figures_only():
        assert not explaining()
    assert explaining()
    case, book = load_case(str(EXAMPLES / "trade-up.toml"))
    plan(case, book, explain=False)
    assert explaining()
    assert plan(case, book).explain().steps


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(CASES), days=st.integers(0, 900),
       offer=st.one_of(st.none(), st.integers(5_000_000, 80_000_000)))
def test_figures_only_on_other_dates_and_prices(path: Path, days: int, offer: int | None) -> None:
    """Other sale dates and offered prices: the figures match, or both plans refuse alike."""
    cf = read_case_file(str(path))
    if cf.at is not None:
        cf = with_options(cf, sale_date=(date.fromisoformat(str(cf.at)) + timedelta(days=days)).isoformat())
    if offer is not None:
        cf = with_offers(cf, (f"normal_sale={offer}",))
    try:
        case, book = build_case(cf, source=os.path.basename(path))
    except InputError:
        return
    try:
        plan(case, book)
    except DomainError as exc:
        with pytest.raises(DomainError) as lean:
            plan(case, book, explain=False)
        assert str(lean.value) == str(exc)
        return
    assert_same_figures(case, book)
