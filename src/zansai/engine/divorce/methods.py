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
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from zansai.engine.divorce.estate import ROUNDING, Estate, pair, rounding_text, split_exact
from zansai.engine.divorce.results import MethodResult
from zansai.messages import Msg, msg
from zansai.model import PropertyDivisionMethod
from zansai.money import Yen, format_yen, round_yen
from zansai.trace import Step


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


def computable(m: SeparatePropertyMethod, est: Estate) -> bool:
    """Whether ``m`` can be computed on ``est``: the paid-shares method needs what was paid
    (頭金 + 返済元金 by the separation), and at least the separate money in it."""
    if m.basis is not Basis.PAID or not est.credited:
        return True
    return est.paid is not None and est.paid > 0 and sum(est.contributions) <= est.paid


def method_results(key: PropertyDivisionMethod, est: Estate) -> tuple[MethodResult, ...]:
    """Every computable method's result on ``est``, the chosen ``key`` first."""
    order = (BY_KEY[key], *(m for m in METHODS if m.key != key and computable(m, est)))
    return tuple(_method_result(m, est, m.key == key) for m in order)


def spread(spouses: tuple[str, str], results: tuple[MethodResult, ...]) -> dict[str, Yen]:
    """Per spouse: max − min entitlement across the methods (the low-confidence ones left out)."""
    kept = [r for r in results if not r.low_confidence] or list(results)
    return {s: max(r.entitlement[s] for r in kept) - min(r.entitlement[s] for r in kept)
            for s in spouses}


def _counted(m: SeparatePropertyMethod, est: Estate, c: Yen) -> Fraction:
    """The contribution ``c`` as ``m`` counts it (exact)."""
    if not est.credited:
        return Fraction(0)
    if m.basis is Basis.FACE:
        return Fraction(c)
    if m.basis is Basis.PAID:
        return Fraction(c * est.equity, est.paid) if est.paid else Fraction(0)
    base = est.value if m.basis is Basis.VALUE else est.equity
    return Fraction(c * base, est.purchase_price)


def _method_result(m: SeparatePropertyMethod, est: Estate, chosen: bool) -> MethodResult:
    """What each spouse ends with under ``m``: the separate part as counted, then the entitlements."""
    a, b = est.spouses
    ca, cb = est.contributions
    s_a, s_b = _counted(m, est, ca), _counted(m, est, cb)
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
        inputs |= {"down_payment": _maybe_yen(est.down_payment),
                   "principal_repaid": _maybe_yen(est.principal_repaid), "paid": _maybe_yen(est.paid)}
    sep_step = Step(
        name=f"{m.key}.separate_value", label=msg("divorce.methods.separate_value"),
        formula=m.basis.formula() if est.credited else "0 (no separate money counted)",
        inputs=inputs,
        result=pair(est.spouses, (s_a, s_b)),
        rounding=f"{display_only.ja} / {display_only.en}" if
        (s_a.denominator != 1 or s_b.denominator != 1) else None,
        note=note,
    )
    exact_a, formula, inputs = _first_entitlement(m, est, s_a, s_b)
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


def _maybe_yen(x: Yen | None) -> str:
    """Yen for a step's input, or "unknown" when not known."""
    return format_yen(x) if x is not None else msg("divorce.common.unknown").en


def _first_entitlement(m: SeparatePropertyMethod, est: Estate, s_a: Fraction, s_b: Fraction
                       ) -> tuple[Fraction, str, dict[str, str]]:
    """The first spouse's exact entitlement under ``m``, with the step's formula and inputs
    (``s_a``, ``s_b``: the contributions as counted)."""
    (a, b), (sa, sb) = est.spouses, est.shares
    n = est.net
    if m.credit:
        exact_a = sa * n + s_a - s_b
        formula = "entitlement_i = share_i × N + s_i − s_j (the other spouse makes good s_i)"
        inputs = {"N": format_yen(n), "s": pair(est.spouses, (s_a, s_b)),
                  "shares": f"{a}: {sa}, {b}: {sb}"}
    else:
        exact_a = s_a + sa * (n - s_a - s_b)
        formula = "entitlement_i = s_i + share_i × (N − Σs) (set aside, the rest split)"
        inputs = {"N": format_yen(n), "s": pair(est.spouses, (s_a, s_b)),
                  "shares": f"{a}: {sa}, {b}: {sb}"}
    return exact_a, formula, inputs
