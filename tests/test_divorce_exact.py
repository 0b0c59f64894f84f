"""財産分与's methods in integers: the same figures and the same steps as the Fraction version.

The separate money in the home (特有財産) is credited by competing methods (docs/sources/law-debt-divorce.md
§7.3); each spouse's entitlement is floored to the yen (1円未満切捨て) and the other takes the rest
of the net estate N = E' + O, which may be zero or negative when the home is overloan (§7.4).
The engine now computes these with integers over a common denominator; the Fraction version it
replaced is kept below, verbatim, as the reference, and every method's result (figures and the
steps' text) must equal it over random shares, amounts and estates.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zansai.engine.divorce.division as division
import zansai.engine.divorce.from_case as from_case
import zansai.engine.divorce.methods as methods
import zansai.engine.divorce.scenarios as scenarios
from zansai.case import load_case
from zansai.engine.divorce.estate import (
    ROUNDING,
    Estate,
    holds,
    pair,
    ratio_text,
    rounding_text,
    split_exact,
    yen_text,
)
from zansai.engine.divorce.methods import BY_KEY, METHODS, Basis, SeparatePropertyMethod, method_results
from zansai.engine.divorce.results import MethodResult, PropertyDivision
from zansai.engine.plan import plan
from zansai.messages import msg
from zansai.model import Asset, AssetKind, Debt, PropertyDivisionMethod
from zansai.money import Yen, format_yen, round_yen
from zansai.trace import Step

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# --- the Fraction version (before issue 19), kept as the reference --------------------------------


def _ref_counted(m: SeparatePropertyMethod, est: Estate, c: Yen) -> Fraction:
    if not est.credited:
        return Fraction(0)
    if m.basis is Basis.FACE:
        return Fraction(c)
    if m.basis is Basis.PAID:
        return Fraction(c * est.equity, est.paid) if est.paid else Fraction(0)
    base = est.value if m.basis is Basis.VALUE else est.equity
    return Fraction(c * base, est.purchase_price)


def _ref_maybe_yen(x: Yen | None) -> str:
    return format_yen(x) if x is not None else msg("divorce.common.unknown").en


def _ref_first_entitlement(m: SeparatePropertyMethod, est: Estate, s_a: Fraction, s_b: Fraction
                           ) -> tuple[Fraction, str, dict[str, str]]:
    (a, b), (sa, sb) = est.spouses, est.shares
    n = est.net
    if m.credit:
        exact_a = sa * n + s_a - s_b
        formula = "entitlement_i = share_i × N + s_i − s_j (the other spouse makes good s_i)"
    else:
        exact_a = s_a + sa * (n - s_a - s_b)
        formula = "entitlement_i = s_i + share_i × (N − Σs) (set aside, the rest split)"
    inputs = {"N": format_yen(n), "s": pair(est.spouses, (s_a, s_b)), "shares": f"{a}: {sa}, {b}: {sb}"}
    return exact_a, formula, inputs


def _ref_method_result(m: SeparatePropertyMethod, est: Estate, chosen: bool) -> MethodResult:
    a, b = est.spouses
    ca, cb = est.contributions
    s_a, s_b = _ref_counted(m, est, ca), _ref_counted(m, est, cb)
    note = None
    if est.excluded and any(est.contributions):
        note = msg("divorce.methods.excluded")
    elif not est.credited and any(est.contributions):
        note = msg("divorce.methods.not_counted")
    if m.low_confidence:
        note = msg("divorce.methods.low_confidence")
    display_only = msg("divorce.methods.display_only")
    inputs = {"contributions": pair(est.spouses, (ca, cb)), "value": format_yen(est.value),
              "home_equity": format_yen(est.equity), "purchase_price": format_yen(est.purchase_price)}
    if m.basis is Basis.PAID:
        inputs |= {"down_payment": _ref_maybe_yen(est.down_payment),
                   "principal_repaid": _ref_maybe_yen(est.principal_repaid), "paid": _ref_maybe_yen(est.paid)}
    sep_step = Step(
        name=f"{m.key}.separate_value", label=msg("divorce.methods.separate_value"),
        formula=m.basis.formula() if est.credited else "0 (no separate money counted)",
        inputs=inputs, result=pair(est.spouses, (s_a, s_b)),
        rounding=f"{display_only.ja} / {display_only.en}" if
        (s_a.denominator != 1 or s_b.denominator != 1) else None,
        note=note,
    )
    exact_a, formula, inputs = _ref_first_entitlement(m, est, s_a, s_b)
    ent_a, ent_b = split_exact(est.net, exact_a)
    ent_step = Step(
        name=f"{m.key}.entitlement", label=msg("divorce.methods.entitlement", method=m.label),
        formula=formula, inputs=inputs, result=f"{a}: {format_yen(ent_a)}, {b}: {format_yen(ent_b)}",
        rounding=rounding_text() if exact_a.denominator != 1 else None,
    )
    return MethodResult(
        key=m.key, label=m.label, description=m.description,
        separate_value={a: round_yen(s_a, ROUNDING), b: round_yen(s_b, ROUNDING)},
        entitlement={a: ent_a, b: ent_b}, steps=(sep_step, ent_step), chosen=chosen,
        low_confidence=m.low_confidence,
    )


def _ref_method_results(key: PropertyDivisionMethod, est: Estate) -> tuple[MethodResult, ...]:
    order = (BY_KEY[key], *(m for m in METHODS if m.key != key and methods.computable(m, est)))
    return tuple(_ref_method_result(m, est, m.key == key) for m in order)


# --- random estates ---------------------------------------------------------------------------------

AMOUNT = 10**13  # the arithmetic core's bound (10兆円)
amounts = st.one_of(st.just(0), st.integers(1, 10**6), st.integers(1, AMOUNT))
signed = st.one_of(st.just(0), st.integers(-AMOUNT, AMOUNT), st.integers(-10**6, 10**6))
shares = st.one_of(st.sampled_from([Fraction(0), Fraction(1), Fraction(1, 2), Fraction(1, 3), Fraction(2, 7),
                                    Fraction(3, 5), Fraction(6, 10)]),
                   st.fractions(min_value=0, max_value=1, max_denominator=10**4))


@st.composite
def estates(draw: st.DrawFn) -> Estate:
    """An estate as ``divide_as`` builds one: E may be negative (overloan), 除外説 leaves it out."""
    sa = draw(shares)
    equity = draw(signed)
    excluded = equity < 0 and draw(st.booleans())
    down = draw(st.one_of(st.none(), amounts))
    repaid = draw(st.one_of(st.none(), signed))  # a negative repaid makes 頭金 + 返済元金 ≤ 0
    return Estate(spouses=("A", "B"), shares=(sa, 1 - sa), contributions=(draw(amounts), draw(amounts)),
                  value=draw(amounts), purchase_price=draw(st.one_of(st.just(0), amounts)), equity=equity,
                  counted=0 if excluded else equity, other=draw(signed), excluded=excluded,
                  down_payment=down, principal_repaid=repaid)


@settings(max_examples=400, deadline=None)
@given(estates(), st.sampled_from(list(PropertyDivisionMethod)))
def test_every_method_equals_the_fraction_version(est: Estate, key: PropertyDivisionMethod) -> None:
    new = method_results(key, est)
    ref = _ref_method_results(key, est)
    assert [r.to_dict() for r in new] == [r.to_dict() for r in ref]
    for r in new:  # each entitlement is whole yen and the two add up to N (nothing lost or made)
        assert sum(r.entitlement.values()) == est.net


def test_edge_estates_equal_the_fraction_version() -> None:
    """Zero, an overloan home (E < 0) under 通算説 and 除外説, shares that leave a remainder,
    separate money with no purchase price, and a paid total of zero or below."""
    base = {"spouses": ("A", "B"), "value": 25_000_000, "purchase_price": 40_000_000,
                "down_payment": 5_000_000, "principal_repaid": 7_000_000}
    cases = [
        Estate(shares=(Fraction(1, 2), Fraction(1, 2)), contributions=(0, 0), equity=0, counted=0,
               other=0, excluded=False, **base),
        Estate(shares=(Fraction(1, 3), Fraction(2, 3)), contributions=(5_000_000, 0), equity=-8_000_000,
               counted=-8_000_000, other=3_000_001, excluded=False, **base),
        Estate(shares=(Fraction(1, 3), Fraction(2, 3)), contributions=(5_000_000, 1), equity=-8_000_000,
               counted=0, other=3_000_001, excluded=True, **base),
        Estate(shares=(Fraction(2, 7), Fraction(5, 7)), contributions=(3_333_333, 1_000_000),
               equity=9_999_999, counted=9_999_999, other=-1, excluded=False, **base),
        Estate(shares=(Fraction(1, 2), Fraction(1, 2)), contributions=(1_000_000, 0), equity=10_000_000,
               counted=10_000_000, other=0, excluded=False, **(base | {"purchase_price": 0})),
        Estate(shares=(Fraction(1, 2), Fraction(1, 2)), contributions=(1_000_000, 0), equity=10_000_000,
               counted=10_000_000, other=0, excluded=False, **(base | {"principal_repaid": -5_000_000})),
        Estate(shares=(Fraction(1, 2), Fraction(1, 2)), contributions=(1_000_000, 0), equity=10_000_000,
               counted=10_000_000, other=0, excluded=False, **(base | {"principal_repaid": -6_000_000})),
    ]
    for est in cases:
        for key in PropertyDivisionMethod:
            assert [r.to_dict() for r in method_results(key, est)] == \
                [r.to_dict() for r in _ref_method_results(key, est)]


def test_revalued_separate_money_in_integers() -> None:
    """c × V ÷ P with a remainder: 5,000,000 × 25,000,000 ÷ 30,000,000 = 4,166,666.67 (shown to
    two decimals, 1円未満切捨て to 4,166,666); share 1/2 of N = 10,000,001 set aside (§7.3)."""
    est = Estate(spouses=("A", "B"), shares=(Fraction(1, 2), Fraction(1, 2)), contributions=(5_000_000, 0),
                 value=25_000_000, purchase_price=30_000_000, equity=10_000_001, counted=10_000_001,
                 other=0, excluded=False)
    r = method_results(PropertyDivisionMethod.TOKYO_RATIO, est)[0]
    assert r.separate_value == {"A": 4_166_666, "B": 0}
    assert r.steps[0].result == "A: 4,166,666.67円, B: 0円"
    # A: 4,166,666.67 + (10,000,001 − 4,166,666.67) / 2 = 7,083,333.83 → 7,083,333; B the rest.
    assert r.entitlement == {"A": 7_083_333, "B": 2_916_668}


@settings(max_examples=300, deadline=None)
@given(st.integers(-AMOUNT * AMOUNT, AMOUNT * AMOUNT), st.integers(1, AMOUNT))
def test_ratio_text_shows_what_the_fraction_showed(num: int, den: int) -> None:
    assert ratio_text(num, den) == yen_text(Fraction(num, den))


def test_ratio_text_of_a_tiny_negative_is_zero_yen() -> None:
    """−1/1000 yen rounds to 0.00: shown as 0円, never −0円."""
    assert ratio_text(-1, 1000) == "0円"


def _ref_holds(spouses: tuple[str, str], counted: Yen, home_split: dict[str, Fraction],
               assets: list[Asset], debts: list[Debt]) -> dict[str, Yen]:
    """``holds`` before issue 19, in Fractions (the reference)."""
    a, b = spouses
    half = {a: Fraction(1, 2), b: Fraction(1, 2)}
    exact_a = home_split.get(a, Fraction(0)) * counted
    total = counted
    for asset in assets:
        if not asset.separate:
            total += asset.amount
            exact_a += asset.amount if asset.owner == a else (
                0 if asset.owner == b else half[a] * asset.amount)
    for debt in debts:
        if debt.marital:
            total -= debt.amount
            exact_a -= debt.amount if debt.owner == a else (
                0 if debt.owner == b else half[a] * debt.amount)
    ha, hb = split_exact(total, exact_a)
    return {a: ha, b: hb}


owners = st.sampled_from([None, "A", "B", "parent"])
asset_lists = st.lists(st.builds(Asset, kind=st.just(AssetKind.CASH), amount=st.integers(0, AMOUNT),
                                 owner=owners, separate=st.booleans()), max_size=5)
debt_lists = st.lists(st.builds(Debt, name=st.just("debt"), amount=st.integers(0, AMOUNT), owner=owners,
                                marital=st.booleans()), max_size=5)


@settings(max_examples=300, deadline=None)
@given(signed, st.one_of(st.none(), shares), asset_lists, debt_lists)
def test_holdings_equal_the_fraction_version(counted: Yen, home_a: Fraction | None, assets: list[Asset],
                                             debts: list[Debt]) -> None:
    """What each spouse holds (the home by title, joint lines half each, 1円未満切捨て for the first
    spouse and the rest to the second) is the same in integers."""
    split = {} if home_a is None else {"A": home_a, "B": 1 - home_a}
    got = holds(("A", "B"), counted, split, assets, debts)
    assert got == _ref_holds(("A", "B"), counted, split, assets, debts)
    assert sum(got.values()) == counted + sum(x.amount for x in assets if not x.separate) - sum(
        d.amount for d in debts if d.marital)


def test_a_joint_odd_yen_goes_to_the_second_spouse() -> None:
    """A joint 1,000,001円 account and A's 1/3 title in a home counted at 10,000,000円:
    A holds floor(3,333,333.33 + 500,000.5) = 3,833,333, B the rest of 11,000,001: 7,166,668."""
    got = holds(("A", "B"), 10_000_000, {"A": Fraction(1, 3), "B": Fraction(2, 3)},
                [Asset(AssetKind.CASH, 1_000_001)], [])
    assert got == {"A": 3_833_333, "B": 7_166_668}


# --- once per plan -----------------------------------------------------------------------------------


def _divisions(monkeypatch: pytest.MonkeyPatch) -> tuple[list[PropertyDivision], list[int]]:
    """Record every division a plan makes and count the methods it computes."""
    made: list[PropertyDivision] = []
    computed = [0]
    orig_divide, orig_one = division.divide_as, methods._method_result

    def divide_as(*args: Any, **kwargs: Any) -> PropertyDivision:
        made.append(orig_divide(*args, **kwargs))
        return made[-1]

    def one(*args: Any) -> MethodResult:
        computed[0] += 1
        return orig_one(*args)

    monkeypatch.setattr(division, "divide_as", divide_as)
    monkeypatch.setattr(scenarios, "divide_as", divide_as)
    monkeypatch.setattr(methods, "_method_result", one)
    return made, computed


def _estate(d: PropertyDivision) -> tuple[object, ...]:
    """What makes a division's estate in one case: the method, E, E', the view."""
    return (d.method, d.home_equity, d.counted_home_equity, d.overloan)


def test_each_estate_is_divided_once_per_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """seed2-divorce-overloan: the division and the two keepers' scenarios divide the same estate
    (the home at 時価 − 残高 under the same view): its methods are computed once per plan."""
    case, book = load_case(str(EXAMPLES / "seed2-divorce-overloan.toml"))
    plan(case, book)
    made, computed = _divisions(monkeypatch)
    plan(case, book)
    distinct = {_estate(d): len(d.methods) for d in made}
    assert len(made) == 6
    assert len(distinct) == 4
    once = sum(distinct.values())
    assert computed[0] == once < sum(len(d.methods) for d in made)
    plan(case, book)  # a second plan computes everything again: nothing is kept across plans
    assert computed[0] == 2 * once


@pytest.mark.parametrize("name", ["seed2-divorce-overloan.toml", "seed2-divorce-separate-property.toml",
                                  "seed2-divorce-underloan.toml"])
def test_a_plan_shows_each_step_object_once(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Divisions served from the plan's memo share no step object with each other (an explanation
    shows a step object once), and equal what each computed alone would give."""
    case, book = load_case(str(EXAMPLES / name))
    made, _ = _divisions(monkeypatch)
    plan(case, book)
    seen: set[int] = set()
    for d in made:
        mine = {id(st) for st in d.steps} | {id(st) for m in d.methods for st in m.steps}
        assert not mine & seen
        seen |= mine
    shared = [d.to_dict() for d in made]
    made.clear()
    monkeypatch.setattr(from_case, "PropertyDivisionMemo", lambda: None)  # the same plan, nothing shared
    plan(case, book)
    assert len(made) == len(shared) >= 4
    assert [d.to_dict() for d in made] == shared
