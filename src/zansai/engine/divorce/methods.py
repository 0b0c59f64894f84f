"""The ways separate money (特有財産) put into the home is credited.

No rule is settled, so every method is computed side by side and the rule
``divorce.separate_property_method`` names the default. A contribution c is counted at today's
value (c × 時価 ÷ 購入価格), at today's net equity (c × (時価 − ローン残高) ÷ 購入価格), at today's
net equity by what was actually paid (c × (時価 − ローン残高) ÷ (頭金 + 返済元金)) or at face value,
then either set aside for the contributor before the rest is split, or made good by the other
spouse after everything is split.

The net-ratio (F3) and purchase-share (F4) formulas of docs/sources/law-debt-divorce.md §7.3 are
algebraically equal (k × E = c × E ÷ P + share × (E − Σc × E ÷ P)), so they are one method,
``net_ratio``; ``purchase_share`` is read as its alias.

The figures are computed exactly in integers over a common denominator (no Fraction objects):
the same results, to the yen and in every step's text, as the Fraction arithmetic they replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import NamedTuple

from zansai.engine.divorce.estate import Estate, pair, pair_ratio, rounding_text
from zansai.engine.divorce.results import MethodResult
from zansai.messages import Msg, msg
from zansai.model import PropertyDivisionMethod
from zansai.money import Yen, format_yen
from zansai.trace import Step, explaining


class Basis(Enum):
    """How a contribution c is counted (the value: its formula's message id)."""

    VALUE = "divorce.methods.basis_value"
    """Revalued at today's value: c × V ÷ P."""
    EQUITY = "divorce.methods.basis_equity"
    """Revalued at today's net equity: c × E ÷ P."""
    FACE = "divorce.methods.basis_face"
    """At face value: c."""
    PAID = "divorce.methods.basis_paid"
    """By today's net equity over what was actually paid: c × E ÷ T (T = 頭金 + 返済元金)."""

    def formula(self) -> str:
        """The basis as a step's formula (in Japanese notation, as the steps have always shown it)."""
        return _BASIS_FORMULAS[self].ja


_BASIS_FORMULAS = {Basis.VALUE: msg("divorce.methods.basis_value"),
                   Basis.EQUITY: msg("divorce.methods.basis_equity"),
                   Basis.FACE: msg("divorce.methods.basis_face"),
                   Basis.PAID: msg("divorce.methods.basis_paid")}
"""Each basis's formula (a message renders once and keeps its text)."""


@dataclass(frozen=True, slots=True)
class SeparatePropertyMethod:
    """One way of crediting separate money in the home: its labels, basis and kind of credit."""

    key: PropertyDivisionMethod
    label: Msg
    description: Msg
    basis: Basis
    """How a contribution c is counted (its value is the step's formula)."""
    credit: bool
    """True: the other spouse makes good the counted amount; False: it is set aside, the rest split."""
    low_confidence: bool = False
    """Only a single informal source supports it (flagged in the result)."""


METHODS = (
    SeparatePropertyMethod(PropertyDivisionMethod.TOKYO_RATIO, msg("divorce.methods.tokyo_ratio"),
                           msg("divorce.methods.tokyo_ratio_description"), Basis.VALUE, False),
    SeparatePropertyMethod(PropertyDivisionMethod.NET_RATIO, msg("divorce.methods.net_ratio"),
                           msg("divorce.methods.net_ratio_description"), Basis.EQUITY, False),
    SeparatePropertyMethod(PropertyDivisionMethod.FACE_VALUE_SET_ASIDE,
                           msg("divorce.methods.face_value_set_aside"),
                           msg("divorce.methods.face_value_set_aside_description"), Basis.FACE, False),
    SeparatePropertyMethod(PropertyDivisionMethod.FACE_VALUE_CREDIT,
                           msg("divorce.methods.face_value_credit"),
                           msg("divorce.methods.face_value_credit_description"), Basis.FACE, True),
    SeparatePropertyMethod(PropertyDivisionMethod.REVALUED_CREDIT, msg("divorce.methods.revalued_credit"),
                           msg("divorce.methods.revalued_credit_description"), Basis.VALUE, True),
    SeparatePropertyMethod(PropertyDivisionMethod.PAID_SHARE, msg("divorce.methods.paid_share"),
                           msg("divorce.methods.paid_share_description"), Basis.PAID, False,
                           low_confidence=True),
)
"""Every method, in display order (the order of ``PropertyDivisionMethod``)."""
BY_KEY = {m.key: m for m in METHODS}
_NAMED = {m.key: (f"{m.key}.separate_value", f"{m.key}.entitlement",
                  msg("divorce.methods.entitlement", method=m.label)) for m in METHODS}
"""Each method's step names and entitlement label, made once (a message renders once and keeps its text)."""
_SEPARATE_VALUE = msg("divorce.methods.separate_value")
_LOW_CONFIDENCE = msg("divorce.methods.low_confidence")


def computable(m: SeparatePropertyMethod, est: Estate) -> bool:
    """Whether ``m`` can be computed on ``est``: the paid-shares method needs what was paid
    (頭金 + 返済元金 by the separation), and at least the separate money in it."""
    if m.basis is not Basis.PAID or not est.credited:
        return True
    return est.paid is not None and est.paid > 0 and sum(est.contributions) <= est.paid


def method_results(key: PropertyDivisionMethod, est: Estate) -> tuple[MethodResult, ...]:
    """Every computable method's result on ``est``, the chosen ``key`` first."""
    shown = _shown(est)
    order = (BY_KEY[key], *(m for m in METHODS if m.key != key and computable(m, est)))
    counted: dict[Basis, _Counted] = {}
    return tuple(_method_result(m, est, m.key == key, shown, counted) for m in order)


def afresh(r: MethodResult) -> MethodResult:
    """``r`` with new steps and dicts, as a fresh computation would give it (an explanation shows
    a step object once): a division handed out again by the plan's memo."""
    return MethodResult(r.key, r.label, r.description, dict(r.separate_value), dict(r.entitlement),
                        tuple(s.again() for s in r.steps), r.chosen, r.low_confidence)


def spread(spouses: tuple[str, str], results: tuple[MethodResult, ...]) -> dict[str, Yen]:
    """Per spouse: max − min entitlement across the methods (the low-confidence ones left out)."""
    kept = [r for r in results if not r.low_confidence] or list(results)
    return {s: max(r.entitlement[s] for r in kept) - min(r.entitlement[s] for r in kept)
            for s in spouses}


class _Shown(NamedTuple):
    """What every method's steps show of one estate, formatted once."""

    inputs: dict[str, str]
    note: Msg | None
    shares: str
    net: str


def _shown(est: Estate) -> _Shown:
    """The estate's figures as the methods' steps show them."""
    (a, b), (sa, sb) = est.spouses, est.shares
    note = None
    if est.excluded and any(est.contributions):
        note = msg("divorce.methods.excluded")
    elif not est.credited and any(est.contributions):
        note = msg("divorce.methods.not_counted")
    return _Shown(
        inputs={"contributions": pair(est.spouses, est.contributions), "value": format_yen(est.value),
                "home_equity": format_yen(est.equity), "purchase_price": format_yen(est.purchase_price)},
        note=note, shares=f"{a}: {sa}, {b}: {sb}", net=format_yen(est.net))


class _Counted(NamedTuple):
    """The contributions as a basis counts them, exactly: ``a / den`` and ``b / den`` (den > 0)."""

    a: int
    b: int
    den: int
    shown: str
    """Both, as a step shows them."""
    whole: bool
    """Whether both are whole yen."""


def _count(basis: Basis, est: Estate) -> _Counted:
    """The contributions as ``basis`` counts them, with how a step shows them."""
    na, nb, d = _counted(basis, est)
    return _Counted(na, nb, d, pair_ratio(est.spouses, (na, nb), d), not (na % d or nb % d))


def _counted(basis: Basis, est: Estate) -> tuple[int, int, int]:
    """Each contribution as ``basis`` counts it, exactly: numerators over one denominator > 0."""
    if not est.credited:
        return 0, 0, 1
    ca, cb = est.contributions
    if basis is Basis.FACE:
        return ca, cb, 1
    if basis is Basis.PAID:
        paid = est.paid
        if not paid:
            return 0, 0, 1
        times, den = est.equity, paid
    else:
        times, den = (est.value if basis is Basis.VALUE else est.equity), est.purchase_price
    if den < 0:
        times, den = -times, -den
    return ca * times, cb * times, den


@cache
def _display_only() -> str:
    """The separate value's rounding note (both languages)."""
    m = msg("divorce.methods.display_only")
    return f"{m.ja} / {m.en}"


_CREDIT = "entitlement_i = share_i × N + s_i − s_j (the other spouse makes good s_i)"
_SET_ASIDE = "entitlement_i = s_i + share_i × (N − Σs) (set aside, the rest split)"


def _method_result(m: SeparatePropertyMethod, est: Estate, chosen: bool, shown: _Shown,
                   counted: dict[Basis, _Counted]) -> MethodResult:
    """What each spouse ends with under ``m``: the separate part as counted, then the entitlements.

    In integers: with s_i = n_i / d and share_a = p / q, the first spouse's exact entitlement is
    (p·N·d + q·(n_a − n_b)) / (q·d) when credited, (q·n_a + p·(N·d − n_a − n_b)) / (q·d) when
    set aside; it is floored (1円未満切捨て) and the second spouse takes the rest. ``counted``
    keeps each basis's count for the methods of the same estate that share it."""
    a, b = est.spouses
    c = counted.get(m.basis)
    if c is None:
        c = counted[m.basis] = _count(m.basis, est)
    na, nb, d = c.a, c.b, c.den
    sep_name, ent_name, _ = _NAMED[m.key]
    share = est.shares[0]
    p, q = share.numerator, share.denominator
    n = est.net
    num = p * n * d + q * (na - nb) if m.credit else q * na + p * (n * d - na - nb)
    den = q * d
    ent_a = num // den
    ent_b = n - ent_a
    if not explaining():  # figures only: the steps' names (they use no rule)
        steps = (Step.bare(sep_name), Step.bare(ent_name))
    else:
        steps = _method_steps(m, est, shown, c, (ent_a, ent_b), num % den != 0)
    return MethodResult(
        key=m.key, label=m.label, description=m.description,
        separate_value={a: na // d, b: nb // d},
        entitlement={a: ent_a, b: ent_b}, steps=steps, chosen=chosen,
        low_confidence=m.low_confidence,
    )


def _method_steps(m: SeparatePropertyMethod, est: Estate, shown: _Shown, c: _Counted,
                  entitlements: tuple[Yen, Yen], rounded: bool) -> tuple[Step, Step]:
    """The separate part as counted and the entitlements, in words."""
    a, b = est.spouses
    ent_a, ent_b = entitlements
    sep_name, ent_name, ent_label = _NAMED[m.key]
    sep_step = Step(
        name=sep_name, label=_SEPARATE_VALUE,
        formula=m.basis.formula() if est.credited else "0 (no separate money counted)",
        inputs=shown.inputs | _paid_inputs(est) if m.basis is Basis.PAID else dict(shown.inputs),
        result=c.shown, rounding=None if c.whole else _display_only(),
        note=_LOW_CONFIDENCE if m.low_confidence else shown.note,
    )
    ent_step = Step(
        name=ent_name, label=ent_label,
        formula=_CREDIT if m.credit else _SET_ASIDE,
        inputs={"N": shown.net, "s": c.shown, "shares": shown.shares},
        result=f"{a}: {format_yen(ent_a)}, {b}: {format_yen(ent_b)}",
        rounding=rounding_text() if rounded else None,
    )
    return sep_step, ent_step


def _paid_inputs(est: Estate) -> dict[str, str]:
    """What was paid for the home, as the paid-shares method's step shows it."""
    return {"down_payment": _maybe_yen(est.down_payment),
            "principal_repaid": _maybe_yen(est.principal_repaid), "paid": _maybe_yen(est.paid)}


def _maybe_yen(x: Yen | None) -> str:
    """Yen for a step's input, or "unknown" when not known."""
    return format_yen(x) if x is not None else msg("divorce.common.unknown").en
