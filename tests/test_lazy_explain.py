"""``plan(case, book, explain=False)``: the same figures, notes and rules as the explained plan,
without the steps that explain them (the terminal report, the what-ifs and the summaries show no
steps, so they skip building them).

The comparison is the plan's whole JSON with only its explanation parts (``steps``, ``why``)
removed, and the terminal report rendered from each plan; the explained plan stays the one the
goldens hold (tests/test_golden.py).
"""

from __future__ import annotations

import io
import os
import tomllib
from contextlib import redirect_stdout
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zansai.case import build_case, load_case, read_case_file, with_options
from zansai.case.build.offers import with_offers
from zansai.engine.plan import Plan, plan
from zansai.engine.price_range import _at_prices, at_prices
from zansai.engine.whatif import what_if
from zansai.errors import DomainError, InputError
from zansai.report.terminal.divorce import print_property_division
from zansai.report.terminal.plain import PlainConsole
from zansai.report.terminal.plan import print_plan
from zansai.trace import NotExplainedError, explaining, figures_only, without_steps
from zansai.web.casecompare import results
from zansai.web.casesummary import summarize
from zansai.web.service import PlanCache

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
    assert full.explained
    assert not lean.explained
    figures = full.figures_dict()
    assert figures == without_steps(full.to_dict())
    assert lean.figures_dict() == figures
    assert lean.rules_used == full.rules_used
    assert lean.notes == full.notes
    assert lean.verdict == full.verdict
    # nothing a figures-only plan leaves behind (a memo, a kept rule) thins a later explanation
    assert plan(case, book).to_dict() == full.to_dict()
    text = terminal(full)
    assert len(text) > 500
    assert terminal(lean) == text


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_figures_only_plan_has_the_same_figures(path: Path) -> None:
    case, book = load_case(str(path))
    assert_same_figures(case, book)


def test_the_comparison_covers_the_figures() -> None:
    """The stripped JSON still holds the yen figures and the rules; only the steps are gone."""
    case, book = load_case(str(EXAMPLES / "trade-up.toml"))
    full = plan(case, book).to_dict()
    stripped = without_steps(full)
    assert full["exits"][0]["steps"]
    assert "steps" not in stripped["exits"][0]
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
        refused = str(exc)
    else:
        assert_same_figures(case, book)
        return
    with pytest.raises(DomainError) as lean:
        plan(case, book, explain=False)
    assert str(lean.value) == refused


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_summaries_and_comparison_read_the_same_figures(path: Path) -> None:
    """The case list's summary and the comparison's key results, from either plan."""
    case, book = load_case(str(path))
    full, lean = plan(case, book), plan(case, book, explain=False)
    today = case.at
    assert summarize(lean, today) == summarize(full, today)
    assert results(lean) == results(full)
    assert results(full)["sale_date"] == case.sale_date.isoformat()


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_what_if_grid_is_the_same_figures_only(path: Path) -> None:
    """The grid and its break-evens (with their own explained steps) are the same either way."""
    case, book = load_case(str(path))
    full = what_if(case, book, months=3, lean=False)
    lean = what_if(case, book, months=3)
    assert lean.to_dict() == full.to_dict()
    assert lean.explain().to_dict() == full.explain().to_dict()
    assert any(b.step.inputs for b in lean.break_evens)  # explained, not bare
    assert full.cells[0][0].normal.remaining_debt >= 0
    assert len(full.cells) > 1


def test_price_range_is_the_same_figures_only() -> None:
    case, book = load_case(str(EXAMPLES / "seed1-short-sale.toml"))
    prices = [10_000_000, 20_000_000, 30_000_000]
    assert at_prices(case, book, prices) == _at_prices(case, book, prices)
    points, clear = at_prices(case, book, prices)
    assert [p.price for p in points] == prices
    assert clear > 0


def test_plan_cache_never_hands_out_an_unexplained_plan_for_steps() -> None:
    """``figures()`` reuses a kept explained plan; a figures-only one is kept apart, so ``plan()``
    (the results page, the JSON) still explains."""
    data = tomllib.loads((EXAMPLES / "trade-up.toml").read_text(encoding="utf-8"))
    cache = PlanCache()
    lean = cache.figures(data)
    assert not lean.explained
    assert cache.figures(data) is lean
    full = cache.plan(data)
    assert full.explained
    assert full.explain().steps
    assert lean.figures_dict() == full.figures_dict()
    other = PlanCache()
    explained = other.plan(data)
    assert other.figures(data) is explained


@pytest.mark.parametrize("path", [p for p in CASES if "divorce" in p.name], ids=lambda p: p.stem)
def test_divorce_report_is_the_same_figures_only(path: Path) -> None:
    """``zansai divorce`` without --explain prints the 財産分与 from a figures-only plan."""
    case, book = load_case(str(path))
    full, lean = plan(case, book), plan(case, book, explain=False)
    texts = []
    for result in (full, lean):
        out = io.StringIO()
        with redirect_stdout(out):
            print_property_division(result, PlainConsole())
        texts.append(out.getvalue())
    assert len(texts[0]) > 300
    assert texts[1] == texts[0]
