"""The six ways separate money (特有財産) put into the home is credited
(docs/sources/law-debt-divorce.md §7.3).

No rule is settled, so every method is computed side by side and the rule
``divorce.separate_property_method`` names the default. A contribution c is counted at today's
value (c × 時価 ÷ 購入価格), at today's net equity (c × (時価 − ローン残高) ÷ 購入価格) or at face
value, then either set aside for the contributor before the rest is split, or made good by the
other spouse after everything is split.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from zansai.engine.divorce.estate import ROUNDING, ROUNDING_TEXT, Estate, pair, split_exact
from zansai.engine.divorce.results import MethodResult
from zansai.model import PropertyDivisionMethod
from zansai.money import Rounding, Yen, format_yen, round_yen
from zansai.trace import Step


class Basis(Enum):
    """How a contribution c is counted."""

    VALUE = "c × 時価 ÷ 購入価格"
    """Revalued at today's value: c × V ÷ P."""
    EQUITY = "c × (時価 − ローン残高) ÷ 購入価格"
    """Revalued at today's net equity: c × E ÷ P."""
    FACE = "c (額面)"
    """At face value: c."""


@dataclass(frozen=True, slots=True)
class SeparatePropertyMethod:
    """One way of crediting separate money in the home: its labels, basis and kind of credit."""

    key: PropertyDivisionMethod
    label_ja: str
    label_en: str
    description: tuple[str, str]
    basis: Basis
    """How a contribution c is counted (its value is the step's formula)."""
    credit: bool
    """True: the other spouse makes good the counted amount; False: it is set aside, the rest split."""


METHODS = (
    SeparatePropertyMethod(
        PropertyDivisionMethod.TOKYO_RATIO, "時価按分方式（東京家裁家事6部）",
        "Revalued at today's value (Tokyo Family Court practice)",
        ("特有財産の出資額を今の時価で評価し直し（出資額×時価÷購入価格）、出資した配偶者に先に戻してから、"
         "残りを分与割合で分けます（東京家裁家事6部、F1）",
         "Revalues the separate contribution at today's value (contribution × value ÷ purchase "
         "price), gives it back to the contributor first and splits the rest by the shares "
         "(Tokyo Family Court, F1)"),
        Basis.VALUE, False),
    SeparatePropertyMethod(
        PropertyDivisionMethod.NET_RATIO, "純資産按分方式", "Revalued at today's net equity",
        ("出資額×（時価−ローン残高）÷購入価格 を出資者に先に戻し、残りを分けます（F3）。オーバーローンでは"
         "この額がマイナスになり、出資者が損失の一部を多く負担します",
         "Gives the contributor contribution × (value − loan) ÷ purchase price first and splits the "
         "rest (F3); on an overloan home this amount is negative and charges the contributor part "
         "of the loss"),
        Basis.EQUITY, False),
    SeparatePropertyMethod(
        PropertyDivisionMethod.PURCHASE_SHARE, "購入価格持分方式", "Home shares by the purchase price",
        ("各自の住宅の持分＝（出資額＋残りの購入価格×分与割合）÷購入価格 で住宅の純資産を分け、ほかの財産は"
         "分与割合で分けます（F4）。式の上では純資産按分方式と同じ結果になります",
         "Splits the home's equity by shares of the purchase price ((contribution + the rest of "
         "the price × share) ÷ price) and the other property by the shares (F4); algebraically "
         "the same result as net_ratio"),
        Basis.EQUITY, False),
    SeparatePropertyMethod(
        PropertyDivisionMethod.FACE_VALUE_SET_ASIDE, "額面控除方式", "Face value set aside",
        ("出資額をそのまま（額面で）出資者に先に戻し、残りを分けます（F5、記事2の預貯金の例）。時価の下落を"
         "考えないため批判があります",
         "Gives the contributor the contribution at face value first and splits the rest (F5, the "
         "seed article's savings example); criticised because it ignores the fall in value"),
        Basis.FACE, False),
    SeparatePropertyMethod(
        PropertyDivisionMethod.FACE_VALUE_CREDIT, "額面精算方式", "Face value made good by the other spouse",
        ("全体を分与割合で分けたうえで、出資額の全額を相手方が埋め合わせます（記事2のオーバーローンの例）",
         "Splits everything by the shares, then the other spouse makes good the whole "
         "contribution at face value (the seed article's overloan example)"),
        Basis.FACE, True),
    SeparatePropertyMethod(
        PropertyDivisionMethod.REVALUED_CREDIT, "時価換算精算方式", "Revalued, made good by the other spouse",
        ("出資額を時価で評価し直し（3,000万円の家が1,500万円なら200万円は100万円）、その額を相手方が"
         "埋め合わせます（記事2）",
         "Revalues the contribution by value ÷ purchase price (a 30m home now worth 15m makes 2m "
         "count as 1m) and the other spouse makes good that amount (the seed article)"),
        Basis.VALUE, True),
)
"""Every method, in display order (the order of ``PropertyDivisionMethod``)."""
BY_KEY = {m.key: m for m in METHODS}


def method_results(key: PropertyDivisionMethod, est: Estate) -> tuple[MethodResult, ...]:
    """Every method's result on ``est``, the chosen ``key`` first."""
    order = (BY_KEY[key], *(m for m in METHODS if m.key != key))
    return tuple(_method_result(m, est, m.key == key) for m in order)


def spread(spouses: tuple[str, str], results: tuple[MethodResult, ...]) -> dict[str, Yen]:
    """Per spouse: max − min entitlement across the methods."""
    return {s: max(r.entitlement[s] for r in results) - min(r.entitlement[s] for r in results)
            for s in spouses}


def _counted(m: SeparatePropertyMethod, est: Estate, c: Yen) -> Fraction:
    """The contribution ``c`` as ``m`` counts it (exact)."""
    if not est.credited:
        return Fraction(0)
    if m.basis is Basis.FACE:
        return Fraction(c)
    base = est.value if m.basis is Basis.VALUE else est.equity
    return Fraction(c * base, est.purchase_price)


def _method_result(m: SeparatePropertyMethod, est: Estate, chosen: bool) -> MethodResult:
    """What each spouse ends with under ``m``: the separate part as counted, then the entitlements."""
    a, b = est.spouses
    ca, cb = est.contributions
    s_a, s_b = _counted(m, est, ca), _counted(m, est, cb)
    note = None
    if est.excluded and any(est.contributions):
        note = ("除外説: 住宅は特有部分ごと分与の外に置かれます（出資者は共有持分を持ちうる、東京地判平成24年"
                "12月27日） / exclusion: the home is left out with its separate part")
    elif not est.credited and any(est.contributions):
        note = "no home or purchase price: the contributions cannot be counted"
    sep_step = Step(
        name=f"{m.key}.separate_value", label_ja="特有財産として数える額",
        formula=m.basis.value if est.credited else "0 (no separate money counted)",
        inputs={"contributions": pair(est.spouses, (ca, cb)), "value": format_yen(est.value),
                "home_equity": format_yen(est.equity),
                "purchase_price": format_yen(est.purchase_price)},
        result=pair(est.spouses, (s_a, s_b)),
        rounding=f"表示のみ{Rounding.FLOOR.label()} / floored for display only" if
        (s_a.denominator != 1 or s_b.denominator != 1) else None,
        note=note,
    )
    exact_a, formula, inputs = _first_entitlement(m, est, s_a, s_b)
    ent_a, ent_b = split_exact(est.net, exact_a)
    ent_step = Step(
        name=f"{m.key}.entitlement", label_ja=f"各自の取り分（{m.label_ja}）", formula=formula,
        inputs=inputs, result=f"{a}: {format_yen(ent_a)}, {b}: {format_yen(ent_b)}",
        rounding=ROUNDING_TEXT if exact_a.denominator != 1 else None,
    )
    return MethodResult(
        key=m.key, label_ja=m.label_ja, label_en=m.label_en, description=m.description,
        separate_value={a: round_yen(s_a, ROUNDING), b: round_yen(s_b, ROUNDING)},
        entitlement={a: ent_a, b: ent_b}, steps=(sep_step, ent_step), chosen=chosen,
    )


def _first_entitlement(m: SeparatePropertyMethod, est: Estate, s_a: Fraction, s_b: Fraction
                       ) -> tuple[Fraction, str, dict[str, str]]:
    """The first spouse's exact entitlement under ``m``, with the step's formula and inputs
    (``s_a``, ``s_b``: the contributions as counted)."""
    (a, b), (sa, sb) = est.spouses, est.shares
    ca, cb = est.contributions
    n, p = est.net, est.purchase_price
    if m.key is PropertyDivisionMethod.PURCHASE_SHARE and est.credited:
        rest = p - ca - cb
        k_a, k_b = Fraction(ca, p) + sa * Fraction(rest, p), Fraction(cb, p) + sb * Fraction(rest, p)
        exact_a = k_a * est.counted + sa * est.other
        formula = "k_i = (c_i + share_i × (P − Σc)) ÷ P;  entitlement_i = k_i × E' + share_i × O"
        inputs = {"k": f"{a}: {k_a}, {b}: {k_b}", "E'": format_yen(est.counted),
                  "O": format_yen(est.other), "shares": f"{a}: {sa}, {b}: {sb}"}
    elif m.credit:
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
