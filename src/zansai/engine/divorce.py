"""財産分与 (民法768条): dividing the home and the other marital property at divorce.

The net marital estate N = E' + O is split by the shares (2分の1ルール, 民法768条3項). E is the
home's equity (時価 − 別居時ローン残高, law-debt-divorce §7.2), E' the part the overloan view
counts (通算説 keeps a negative E, 除外説 leaves the home out, §7.4), O the marital assets less
the marital debts. Separate money put into the home (特有財産: a down payment, a prepayment) is
credited by competing methods with no settled rule (§7.3): all are computed side by side. The
lenders are never bound by what the couple agree: a debtor or guarantor stays liable for the
whole loan (§8).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.dates import add_years
from zansai.errors import DomainError
from zansai.model import Asset, ContributionKind, Debt, Divorce, OverloanView
from zansai.money import Rounding, Yen, format_yen, fraction_to_decimal, round_yen
from zansai.rules import RuleBook
from zansai.trace import Explanation, RuleUse, Step, Text, text_dict, unique_uses

__all__ = [
    "METHOD_KEYS",
    "HomeStake",
    "LoanRole",
    "MethodResult",
    "PropertyDivision",
    "SaleOutcome",
    "Scenario",
    "Settlement",
    "SpouseOutcome",
    "divide",
    "division_scenarios",
]

ROUNDING = Rounding.FLOOR
ROUNDING_TEXT = ("第1の配偶者の取り分を1円未満切捨て（マイナスは−∞方向）、第2の配偶者は純財産 − 第1の取り分"
                 " / the first spouse's amount is floored to the yen, the second gets the rest")


# ------------------------------------------------------------------------------ inputs


@dataclass(frozen=True, slots=True)
class LoanRole:
    """Who is bound by one home loan (連帯債務者・連帯保証人), with its balance at the separation date."""

    name: str
    holder: str
    balance: Yen
    debtors: tuple[str, ...]
    guarantors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HomeStake:
    """The marital home as the division sees it."""

    value: Yen
    """時価 now (不動産は現在の時価で評価, §7.2)."""
    loan_balance: Yen
    """Σ home-loan balances at the separation date (other liens included)."""
    purchase_price: Yen
    """購入価格 (頭金 + ローン元金, without 仲介手数料等): the denominator of the ratio methods."""
    title: dict[str, Fraction]
    """Ownership shares by name (登記名義)."""
    loans: tuple[LoanRole, ...]


@dataclass(frozen=True, slots=True)
class SaleOutcome:
    """An exit of the plan, as the division sees it."""

    key: str
    label_ja: str
    label_en: str
    equity: Yen
    """What the home turns into: surplus kept (+) or debt left (−) after the exit."""
    remaining_debt: Yen
    """Owed to the lenders after the exit."""
    completion: date


# ------------------------------------------------------------------------------ methods


@dataclass(frozen=True, slots=True)
class _Method:
    key: str
    label_ja: str
    label_en: str
    description: tuple[str, str]
    basis: str
    """How a contribution c is counted: "value" c×V/P, "equity" c×E/P, "face" c."""
    credit: bool
    """True: the other spouse makes good the counted amount; False: it is set aside, the rest split."""


_VALUE, _EQUITY, _FACE = "value", "equity", "face"

_METHODS = (
    _Method(
        "tokyo_ratio", "時価按分方式（東京家裁家事6部）",
        "Revalued at today's value (Tokyo Family Court practice)",
        ("特有財産の出資額を今の時価で評価し直し（出資額×時価÷購入価格）、出資した配偶者に先に戻してから、"
         "残りを分与割合で分けます（東京家裁家事6部、F1）",
         "Revalues the separate contribution at today's value (contribution × value ÷ purchase "
         "price), gives it back to the contributor first and splits the rest by the shares "
         "(Tokyo Family Court, F1)"),
        _VALUE, False),
    _Method(
        "net_ratio", "純資産按分方式", "Revalued at today's net equity",
        ("出資額×（時価−ローン残高）÷購入価格 を出資者に先に戻し、残りを分けます（F3）。オーバーローンでは"
         "この額がマイナスになり、出資者が損失の一部を多く負担します",
         "Gives the contributor contribution × (value − loan) ÷ purchase price first and splits the "
         "rest (F3); on an overloan home this amount is negative and charges the contributor part "
         "of the loss"),
        _EQUITY, False),
    _Method(
        "purchase_share", "購入価格持分方式", "Home shares by the purchase price",
        ("各自の住宅の持分＝（出資額＋残りの購入価格×分与割合）÷購入価格 で住宅の純資産を分け、ほかの財産は"
         "分与割合で分けます（F4）。式の上では純資産按分方式と同じ結果になります",
         "Splits the home's equity by shares of the purchase price ((contribution + the rest of "
         "the price × share) ÷ price) and the other property by the shares (F4); algebraically "
         "the same result as net_ratio"),
        _EQUITY, False),
    _Method(
        "face_value_set_aside", "額面控除方式", "Face value set aside",
        ("出資額をそのまま（額面で）出資者に先に戻し、残りを分けます（F5、記事2の預貯金の例）。時価の下落を"
         "考えないため批判があります",
         "Gives the contributor the contribution at face value first and splits the rest (F5, the "
         "seed article's savings example); criticised because it ignores the fall in value"),
        _FACE, False),
    _Method(
        "face_value_credit", "額面精算方式", "Face value made good by the other spouse",
        ("全体を分与割合で分けたうえで、出資額の全額を相手方が埋め合わせます（記事2のオーバーローンの例）",
         "Splits everything by the shares, then the other spouse makes good the whole "
         "contribution at face value (the seed article's overloan example)"),
        _FACE, True),
    _Method(
        "revalued_credit", "時価換算精算方式", "Revalued, made good by the other spouse",
        ("出資額を時価で評価し直し（3,000万円の家が1,500万円なら200万円は100万円）、その額を相手方が"
         "埋め合わせます（記事2）",
         "Revalues the contribution by value ÷ purchase price (a 30m home now worth 15m makes 2m "
         "count as 1m) and the other spouse makes good that amount (the seed article)"),
        _VALUE, True),
)
_BY_KEY = {m.key: m for m in _METHODS}
METHOD_KEYS: tuple[str, ...] = tuple(m.key for m in _METHODS)
"""The method keys, in display order (``Divorce.method`` must be one of them)."""


# ------------------------------------------------------------------------------ results


@dataclass(frozen=True, slots=True)
class MethodResult:
    """One way of crediting separate money in the home, and what each spouse ends with."""

    key: str
    label_ja: str
    label_en: str
    description: tuple[str, str]
    """(ja, en): what the method does."""
    separate_value: dict[str, Yen]
    """The contribution as counted, per spouse (1円未満切捨て; display only)."""
    entitlement: dict[str, Yen]
    """What each spouse ends with; negative = a burden (the article's 負担). Sums to the net estate."""
    steps: tuple[Step, ...]
    chosen: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label_ja": self.label_ja, "label_en": self.label_en,
            "description": {"ja": self.description[0], "en": self.description[1]},
            "separate_value": dict(self.separate_value), "entitlement": dict(self.entitlement),
            "chosen": self.chosen, "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True, slots=True)
class Settlement:
    """代償金: the payment that balances the division when one spouse keeps the home."""

    keeper: str
    payer: str
    payee: str
    amount: Yen
    holds: dict[str, Yen]
    """What each spouse holds before the payment (the keeper holds the home as counted)."""
    warnings: tuple[Text, ...]
    step: Step

    def to_dict(self) -> dict[str, Any]:
        return {"keeper": self.keeper, "payer": self.payer, "payee": self.payee,
                "amount": self.amount, "holds": dict(self.holds),
                "warnings": [text_dict(t) for t in self.warnings], "why": self.step.to_dict()}


@dataclass(frozen=True, slots=True)
class PropertyDivision:
    """財産分与 of the home and the other marital property, every method side by side."""

    spouses: tuple[str, str]
    method: str
    """The chosen method's key."""
    overloan: OverloanView | None
    """The overloan view used; None when the home is not overloan (the views agree)."""
    methods: tuple[MethodResult, ...]
    """Every method, the chosen one first."""
    home_equity: Yen
    """E: 時価 − ローン残高 (or the exit's result)."""
    counted_home_equity: Yen
    """E': E, or 0 when 除外説 leaves an overloan home out."""
    other_net: Yen
    """O: marital assets − marital debts."""
    net_estate: Yen
    """N = E' + O."""
    shares: dict[str, Fraction]
    claim_years: int
    claim_deadline: date | None
    """Last day to ask the family court; None when the divorce date is not known."""
    claim_rule: RuleUse
    settlement: Settlement | None
    spread: dict[str, Yen]
    """Per spouse: max − min entitlement across the methods."""
    warnings: tuple[Text, ...]
    notes: tuple[Text, ...]
    steps: tuple[Step, ...]
    rules_used: tuple[RuleUse, ...]
    other_view: PropertyDivision | None = None
    """The same division under the other overloan view (shown whenever the home is overloan)."""

    @property
    def chosen(self) -> MethodResult:
        return self.methods[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "spouses": list(self.spouses), "method": self.method,
            "overloan": self.overloan.value if self.overloan else None,
            "chosen": self.chosen.to_dict(),
            "methods": [m.to_dict() for m in self.methods],
            "home_equity": self.home_equity, "counted_home_equity": self.counted_home_equity,
            "other_net": self.other_net, "net_estate": self.net_estate,
            "shares": {k: str(v) for k, v in self.shares.items()},
            "claim_years": self.claim_years,
            "claim_deadline": self.claim_deadline.isoformat() if self.claim_deadline else None,
            "claim_rule": self.claim_rule.ref(),
            "settlement": self.settlement.to_dict() if self.settlement else None,
            "spread": dict(self.spread), "warnings": [text_dict(t) for t in self.warnings],
            "notes": [text_dict(t) for t in self.notes], "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
            "other_view": self.other_view.summary() if self.other_view else None,
        }

    def summary(self) -> dict[str, Any]:
        """The division in brief: view, method, estate and each spouse's entitlement under
        every method (the full breakdown is in ``to_dict``)."""
        return {
            "method": self.method, "overloan": self.overloan.value if self.overloan else None,
            "home_equity": self.home_equity, "counted_home_equity": self.counted_home_equity,
            "other_net": self.other_net, "net_estate": self.net_estate,
            "entitlement": dict(self.chosen.entitlement),
            "methods": {m.key: dict(m.entitlement) for m in self.methods},
            "warnings": [text_dict(t) for t in self.warnings], "notes": [text_dict(t) for t in self.notes],
        }

    def explain(self) -> Explanation:
        return Explanation(title="財産分与 / property division", steps=self.steps,
                           notes=tuple(f"{ja} / {en}" for ja, en in self.warnings + self.notes))


@dataclass(frozen=True, slots=True)
class SpouseOutcome:
    """What one spouse ends with in a scenario, and what the lenders can still claim."""

    entitlement: Yen
    """The economic result of the division under the chosen method."""
    settlement: Yen
    """Paid between the spouses: + receives, − pays."""
    lender_can_claim: Yen
    """Legal exposure to the home's lenders: a debtor or guarantor can be billed the whole
    remaining debt of the loan, whatever the couple agreed (§8)."""
    keeps_home: bool
    holds: Yen = 0
    """What the spouse holds after the exit, before the settlement."""
    excluded_debt: Yen = 0
    """Home debt left with this spouse outside the division (除外説), ≤ 0."""
    notes: tuple[Text, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"entitlement": self.entitlement, "settlement": self.settlement,
                "lender_can_claim": self.lender_can_claim, "keeps_home": self.keeps_home,
                "holds": self.holds, "excluded_debt": self.excluded_debt,
                "notes": [text_dict(t) for t in self.notes]}


@dataclass(frozen=True, slots=True)
class Scenario:
    """The division under one way the home ends: sold, sold short, or kept by one spouse."""

    key: str
    label_ja: str
    label_en: str
    outcomes: dict[str, SpouseOutcome]
    warnings: tuple[Text, ...]
    property_division: PropertyDivision
    notes: tuple[Text, ...] = ()
    exit: str | None = None
    """The plan's exit key (sell, short_sale); None when a spouse keeps the home."""

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label_ja": self.label_ja, "label_en": self.label_en,
                "exit": self.exit,
                "outcomes": {k: v.to_dict() for k, v in self.outcomes.items()},
                "warnings": [text_dict(t) for t in self.warnings],
                "notes": [text_dict(t) for t in self.notes], "division": self.property_division.summary()}


# ------------------------------------------------------------------------------ helpers


def _fy(x: Fraction | int) -> str:
    """Yen for a step: exact amounts with a fraction keep two decimals."""
    if isinstance(x, int) or x.denominator == 1:
        return format_yen(int(x))
    return f"{fraction_to_decimal(x, 2):,f}円"


def _pair(spouses: tuple[str, str], values: Sequence[Fraction | int]) -> str:
    return ", ".join(f"{n}: {_fy(v)}" for n, v in zip(spouses, values, strict=True))


def _split_exact(total: Yen, first: Fraction) -> tuple[Yen, Yen]:
    """Round the first amount, the second takes the rest: the two always add up to ``total``."""
    a = round_yen(first, ROUNDING)
    return a, total - a


@dataclass(frozen=True, slots=True)
class _Estate:
    spouses: tuple[str, str]
    shares: tuple[Fraction, Fraction]
    contributions: tuple[Yen, Yen]
    value: Yen
    purchase_price: Yen
    equity: Yen
    counted: Yen
    other: Yen
    excluded: bool

    @property
    def net(self) -> Yen:
        return self.counted + self.other

    @property
    def credited(self) -> bool:
        """Whether contributions enter the estate (a home, a price, and not left out)."""
        return any(self.contributions) and self.purchase_price > 0 and not self.excluded


def _counted(m: _Method, est: _Estate, c: Yen) -> Fraction:
    if not est.credited:
        return Fraction(0)
    if m.basis == _FACE:
        return Fraction(c)
    base = est.value if m.basis == _VALUE else est.equity
    return Fraction(c * base, est.purchase_price)


def _method_result(m: _Method, est: _Estate, chosen: bool) -> MethodResult:
    (a, b), (sa, sb) = est.spouses, est.shares
    ca, cb = est.contributions
    n, p = est.net, est.purchase_price
    s_a, s_b = _counted(m, est, ca), _counted(m, est, cb)
    basis_text = {
        _VALUE: "c × 時価 ÷ 購入価格", _EQUITY: "c × (時価 − ローン残高) ÷ 購入価格", _FACE: "c (額面)",
    }[m.basis]
    note = None
    if est.excluded and any(est.contributions):
        note = ("除外説: 住宅は特有部分ごと分与の外に置かれます（出資者は共有持分を持ちうる、東京地判平成24年"
                "12月27日） / exclusion: the home is left out with its separate part")
    elif not est.credited and any(est.contributions):
        note = "no home or purchase price: the contributions cannot be counted"
    sep_step = Step(
        name=f"{m.key}.separate_value", label_ja="特有財産として数える額",
        formula=basis_text if est.credited else "0 (no separate money counted)",
        inputs={"contributions": _pair(est.spouses, (ca, cb)), "value": format_yen(est.value),
                "home_equity": format_yen(est.equity), "purchase_price": format_yen(p)},
        result=_pair(est.spouses, (s_a, s_b)),
        rounding="表示のみ1円未満切捨て / floored for display only" if
        (s_a.denominator != 1 or s_b.denominator != 1) else None,
        note=note,
    )
    if m.key == "purchase_share" and est.credited:
        rest = p - ca - cb
        k_a, k_b = Fraction(ca, p) + sa * Fraction(rest, p), Fraction(cb, p) + sb * Fraction(rest, p)
        exact_a = k_a * est.counted + sa * est.other
        formula = "k_i = (c_i + share_i × (P − Σc)) ÷ P;  entitlement_i = k_i × E' + share_i × O"
        inputs = {"k": f"{a}: {k_a}, {b}: {k_b}", "E'": format_yen(est.counted),
                  "O": format_yen(est.other), "shares": f"{a}: {sa}, {b}: {sb}"}
    elif m.credit:
        exact_a = sa * n + s_a - s_b
        formula = "entitlement_i = share_i × N + s_i − s_j (the other spouse makes good s_i)"
        inputs = {"N": format_yen(n), "s": _pair(est.spouses, (s_a, s_b)),
                  "shares": f"{a}: {sa}, {b}: {sb}"}
    else:
        exact_a = s_a + sa * (n - s_a - s_b)
        formula = "entitlement_i = s_i + share_i × (N − Σs) (set aside, the rest split)"
        inputs = {"N": format_yen(n), "s": _pair(est.spouses, (s_a, s_b)),
                  "shares": f"{a}: {sa}, {b}: {sb}"}
    ent_a, ent_b = _split_exact(n, exact_a)
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


def _even(spouses: tuple[str, str]) -> dict[str, Fraction]:
    return {n: Fraction(1, len(spouses)) for n in spouses}


def _by_title(home: HomeStake | None, spouses: tuple[str, str]) -> dict[str, Fraction]:
    """The spouses' 持分 (normalized); equal when the title names neither."""
    if home is None:
        return _even(spouses)
    raw = {n: home.title.get(n, Fraction(0)) for n in spouses}
    total = sum(raw.values(), Fraction(0))
    return {n: v / total for n, v in raw.items()} if total > 0 else _even(spouses)


def _by_debtors(home: HomeStake | None, spouses: tuple[str, str]) -> dict[str, Fraction]:
    """Who bears the home debt between the spouses: loans by balance, joint debtors equally."""
    loans = [ln for ln in (home.loans if home else ()) if any(d in spouses for d in ln.debtors)]
    if not loans:
        return _by_title(home, spouses)
    total = sum(ln.balance for ln in loans)
    out = dict.fromkeys(spouses, Fraction(0))
    for ln in loans:
        weight = Fraction(ln.balance, total) if total > 0 else Fraction(1, len(loans))
        ours = [d for d in ln.debtors if d in spouses]
        for d in ours:
            out[d] += weight / len(ours)
    return out


def _holds(spouses: tuple[str, str], counted: Yen, home_split: dict[str, Fraction],
           assets: Sequence[Asset], debts: Sequence[Debt]) -> dict[str, Yen]:
    """What each spouse holds now: the home as counted, assets and debts by owner (None: half each).

    The two add up to the net estate (E' + O)."""
    a, b = spouses
    even = _even(spouses)
    exact_a = home_split.get(a, Fraction(0)) * counted
    total = counted
    for asset in assets:
        if not asset.separate:
            total += asset.amount
            exact_a += asset.amount if asset.owner == a else (
                0 if asset.owner == b else even[a] * asset.amount)
    for debt in debts:
        if debt.marital:
            total -= debt.amount
            exact_a -= debt.amount if debt.owner == a else (
                0 if debt.owner == b else even[a] * debt.amount)
    ha, hb = _split_exact(total, exact_a)
    return {a: ha, b: hb}


def _roles(name: str, home: HomeStake | None) -> list[tuple[LoanRole, str]]:
    """The home loans ``name`` is bound by, with the role ("debtor" or "guarantor")."""
    out: list[tuple[LoanRole, str]] = []
    for ln in home.loans if home else ():
        if name in ln.debtors:
            out.append((ln, "debtor"))
        elif name in ln.guarantors:
            out.append((ln, "guarantor"))
    return out


_ROLE_JA = {"debtor": "債務者（連帯債務者を含む）", "guarantor": "連帯保証人"}


def _bank_not_bound(name: str, home: HomeStake | None, keeper: str | None) -> list[Text]:
    """§8: the couple's agreement binds only the spouses, never the lender."""
    out = []
    for ln, role in _roles(name, home):
        who = f"{keeper}が返済すると決めても" if keeper else "夫婦で負担を決めても"
        who_en = f"even if {keeper} takes over the payments" if keeper else "whatever the couple agree"
        out.append(
            (f"{name}は{ln.holder}の住宅ローン「{ln.name}」の{_ROLE_JA[role]}です。{who}、その取り決めは"
            f"銀行を拘束しません。借換えや保証人の差替えなどに銀行が同意しない限り、{name}は残高"
            f"（別居時 {format_yen(ln.balance)}）の全額を請求されうる立場のままです（law-debt-divorce §8）",
            f"{name} is a {role} of the loan '{ln.name}' from {ln.holder}; {who_en}, the agreement "
            f"does not bind the bank: unless the loan is refinanced or the lender releases {name}, "
            f"{name} stays liable for the whole balance ({format_yen(ln.balance)} at separation)"))
    return out


def _exposure(name: str, home: HomeStake | None, remaining: Yen | None) -> tuple[Yen, Text | None]:
    """What the home's lenders can claim from ``name``; ``remaining`` None: the loans run on."""
    mine = _roles(name, home)
    if not mine or home is None:
        return 0, None
    own = sum(ln.balance for ln, _ in mine)
    if remaining is None:
        return own, None
    if len(mine) == len(home.loans):
        return remaining, None
    return min(remaining, own), (
        ("どのローンに残債が残るかで変わるため、上限として示しています", "shown as an upper bound: it "
        "depends on which loan keeps the remaining debt"))


# ------------------------------------------------------------------------------ divide


def divide(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset], debts: Sequence[Debt],
           *, book: RuleBook, on: date, home_equity: Yen | None = None, method: str | None = None,
           overloan: OverloanView | None = None) -> PropertyDivision:
    """財産分与 of ``home`` and the marital ``assets``/``debts`` between ``divorce.spouses``.

    Rules are taken on the divorce date when known, else on ``on``. ``home_equity`` replaces
    value − loan balance (the exit's result); ``method`` and ``overloan`` override the divorce's
    choices. A settlement (代償金) is computed when ``divorce.keeper`` is set.
    """
    return _divide(divorce, home, assets, debts, book=book, on=on, home_equity=home_equity,
                   method=method, overloan=overloan, keeper=divorce.keeper, other=True)


def _divide(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset],
            debts: Sequence[Debt], *, book: RuleBook, on: date, home_equity: Yen | None,
            method: str | None, overloan: OverloanView | None, keeper: str | None,
            other: bool) -> PropertyDivision:
    spouses = divorce.spouses
    a, b = spouses
    rule_on = divorce.divorce_date or on
    steps: list[Step] = []
    warnings: list[Text] = []
    notes: list[Text] = []
    uses: list[RuleUse] = []

    # the chosen method
    method_rule = book.at("divorce.separate_property_method", rule_on)
    key = method or divorce.method or str(method_rule.value)
    if key not in _BY_KEY:
        raise DomainError.invalid("divorce.method", key, "次のどれかを指定してください: "
                                  + ", ".join(METHOD_KEYS), "one of " + ", ".join(METHOD_KEYS))

    # E and O
    value = home.value if home else 0
    balance = home.loan_balance if home else 0
    price = home.purchase_price if home else 0
    e = home_equity if home_equity is not None else value - balance
    steps.append(Step(
        name="home_equity", label_ja="住宅の純資産（時価 − 別居時ローン残高）",
        formula="E = 時価 − ローン残高" if home_equity is None else "E = the exit's result (given)",
        inputs={"value": format_yen(value), "loan_balance": format_yen(balance),
                "separation_date": divorce.separation_date.isoformat()},
        result=format_yen(e),
        note="不動産は現在の時価、ローン残高と預貯金は別居時で評価（§7.2） / the home at today's "
             "value, the loan and savings at the separation date",
    ))
    marital_assets = [x for x in assets if not x.separate]
    marital_debts = [d for d in debts if d.marital]
    o = sum(x.amount for x in marital_assets) - sum(d.amount for d in marital_debts)
    steps.append(Step(
        name="other_net", label_ja="住宅以外の共有財産（資産 − 婚姻生活のための債務）",
        formula="O = Σ marital assets − Σ marital debts",
        inputs={"assets": format_yen(sum(x.amount for x in marital_assets)),
                "debts": format_yen(sum(d.amount for d in marital_debts)),
                "left_out": f"特有財産 {len(assets) - len(marital_assets)}件, 個人の債務 "
                            f"{len(debts) - len(marital_debts)}件"},
        result=format_yen(o),
    ))
    if len(marital_assets) < len(assets):
        notes.append(("特有財産（婚姻前の財産・相続・贈与）は分与の対象外です。特有であることは主張する側が"
                     "証明し、はっきりしなければ共有と推定されます（民法762条2項、§7.2）", "separate "
                     "property is left out; whoever claims it must prove it, else it is presumed shared"))

    # the overloan view
    view, view_step, view_warning = _overloan_view(e, o, overloan or divorce.overloan, book, on)
    if view_step is not None:
        steps.append(view_step)
    if view_warning:
        warnings.append(view_warning)
    excluded = view is OverloanView.EXCLUSION
    counted = 0 if excluded else e
    if excluded:
        notes.append(("除外説: 住宅とローンは分与の外に置かれ、ローンは契約どおり債務者に残ります（§7.4）",
                     "exclusion: the home and its loan are left out; the loan stays with its "
                     "debtors by contract"))
    n = counted + o
    steps.append(Step(
        name="net_estate", label_ja="分与対象の純財産", formula="N = E' + O",
        inputs={"E'": format_yen(counted), "O": format_yen(o)}, result=format_yen(n),
    ))
    if n <= 0:
        notes.append(
            ("分けるべきプラスの財産がないため、法的には財産分与の請求は認められません（§7.4）。表示の数字は"
            "夫婦が合意で決める負担の分け方の目安です（記事2の考え方）", "legally there is nothing "
            "positive to divide and no claim can be ordered; the figures are the burden split the "
            "couple may agree on (the seed article's view)"))

    # the shares
    if divorce.share is not None:
        sa = divorce.share
        share_uses: tuple[RuleUse, ...] = ()
    else:
        share_rule = book.at("divorce.contribution_share", rule_on)
        sa = Fraction(share_rule.value)
        share_uses = (RuleUse.of(share_rule),)
        uses.extend(share_uses)
    sb = 1 - sa
    steps.append(Step(
        name="shares", label_ja="分与割合（2分の1ルール）", formula="second = 1 − first",
        inputs={"given": "yes" if divorce.share is not None else "no (rule)"},
        result=f"{a}: {sa}, {b}: {sb}", rules=share_uses,
    ))

    # contributions
    contrib = {a: 0, b: 0}
    if home is not None:
        for c in divorce.contributions:
            contrib[c.spouse] += c.amount
    elif divorce.contributions:
        notes.append(("住宅がないため、住宅に入れた特有財産は数えていません", "no home: the "
                     "contributions are not counted"))
    if any(c.kind is ContributionKind.PREPAYMENT for c in divorce.contributions):
        notes.append(("特有財産による繰上返済は頭金と同じく額面で数えています。資料は1件のみで（支払総額"
                     "（頭金＋返済元金）の割合で按分する案、coconala bbs 2853）、確度は低いです（§7.3）",
                     "a prepayment from separate money is counted like a down payment; the only "
                     "source (one Q&A answer) allocates by shares of the total paid: low confidence"))
    if any(contrib.values()):
        steps.append(Step(
            name="contributions", label_ja="住宅に入れた特有財産（額面）", formula="c_i = Σ contributions",
            inputs={"purchase_price": format_yen(price)},
            result=_pair(spouses, (contrib[a], contrib[b])), rules=(RuleUse.of(method_rule),),
            note=f"method: {key}" + ("" if method or divorce.method else " (the rule's default)"),
        ))
        notes.append(("住宅に入れた特有財産の扱いには確定した方式がないため、全方式を並べています（§7.3）",
                     "there is no settled method for separate money in the home: every method is shown"))
        if excluded:
            notes.append(("オーバーローンで住宅が除外されても、特有財産から頭金を出した配偶者は住宅の共有持分を"
                         "持ちうるとされています（東京地判平成24年12月27日、§7.3）", "even with the home "
                         "left out, a spouse who paid the down payment from separate money may hold a "
                         "co-ownership share"))
        if e < 0 and not excluded:
            warnings.append(("net_ratio（純資産按分方式）はオーバーローンでは特有部分がマイナスになり、出資した"
                            "配偶者に損失の一部を多く負担させます", "on an overloan home net_ratio makes "
                            "the separate part negative and charges the contributor part of the loss"))

    est = _Estate(spouses=spouses, shares=(sa, sb), contributions=(contrib[a], contrib[b]),
                  value=value, purchase_price=price, equity=e, counted=counted, other=o,
                  excluded=excluded)
    order = (_BY_KEY[key], *(m for m in _METHODS if m.key != key))
    results = tuple(_method_result(m, est, m.key == key) for m in order)
    spread = {s: max(r.entitlement[s] for r in results) - min(r.entitlement[s] for r in results)
              for s in spouses}

    # the claim deadline
    years, deadline, claim_use, claim_step = _claim(divorce, book, rule_on, on)
    uses.append(claim_use)
    steps.append(claim_step)
    if deadline is None:
        notes.append((f"離婚日が未定のため請求期限は示せません。{on.isoformat()}に離婚すれば{years}年です。"
                     "期間は離婚日で決まります（§7.1）", "the divorce date is not known: a divorce on "
                     f"{on.isoformat()} would give {years} years; the period depends on the divorce date"))

    # the settlement when one spouse keeps the home
    settlement = None
    if keeper is not None:
        settlement = _settlement(keeper, est, results[0].entitlement, home, assets, debts)
        steps.append(settlement.step)
        warnings.extend(settlement.warnings)
    steps.extend(results[0].steps)

    other_view = None
    if other and e < 0:
        flip = OverloanView.EXCLUSION if view is OverloanView.NETTING else OverloanView.NETTING
        other_view = _divide(divorce, home, assets, debts, book=book, on=on, home_equity=home_equity,
                             method=key, overloan=flip, keeper=keeper, other=False)
    return PropertyDivision(
        spouses=spouses, method=key, overloan=view, methods=results, home_equity=e,
        counted_home_equity=counted, other_net=o, net_estate=n, shares={a: sa, b: sb},
        claim_years=years, claim_deadline=deadline, claim_rule=claim_use, settlement=settlement,
        spread=spread, warnings=tuple(warnings), notes=tuple(notes), steps=tuple(steps),
        rules_used=unique_uses([*uses, *(u for s in steps for u in s.rules)]), other_view=other_view,
    )


def _overloan_view(e: Yen, o: Yen, given: OverloanView | None, book: RuleBook, on: date
                   ) -> tuple[OverloanView | None, Step | None, Text | None]:
    """The view of an overloan home (§7.4): the given one, else the rule's when the other assets
    are net positive, else exclusion (nothing positive to divide). None when E ≥ 0."""
    if e >= 0:
        return None, None, None
    uses: tuple[RuleUse, ...] = ()
    warning = None
    if given is not None:
        view, basis = given, "chosen"
    else:
        if o > 0:
            rule = book.at("divorce.overloan_default_view", on)
            view, uses = OverloanView(str(rule.value)), (RuleUse.of(rule),)
            basis = f"default: other assets net positive → {rule.display()}"
        else:
            view = OverloanView.EXCLUSION
            basis = ("default: no other net-positive assets → nothing positive to divide, the "
                     "home is left out (§7.4)")
        warning = (("オーバーローンの住宅の扱いは裁判例・資料で分かれています（通算説: 東京高判令和6年"
                   "8月21日、除外説: 東京高決平成10年3月13日）。既定の見方で計算し、"
                   "もう一方の見方の結果も示します（§7.4）", "how an overloan home is divided is "
                   "not settled (netting vs exclusion); the default view is used and the other "
                   "view is shown too"))
    step = Step(
        name="overloan_view", label_ja="オーバーローンの扱い（通算説・除外説）",
        formula="netting: E' = E; exclusion: E' = 0 (home and loan left out)",
        inputs={"home_equity": format_yen(e), "other_net": format_yen(o), "basis": basis},
        result=view.value, rules=uses,
    )
    return view, step, warning


def _claim(divorce: Divorce, book: RuleBook, rule_on: date, on: date
           ) -> tuple[int, date | None, RuleUse, Step]:
    """民法768条2項: the family court can be asked within the years after the divorce (§7.1)."""
    claim = book.at("divorce.property_division_claim_years", rule_on)
    use = RuleUse.of(claim)
    years = int(claim.value)
    done = divorce.divorce_date
    deadline = add_years(done, years) if done else None
    step = Step(
        name="claim_deadline", label_ja="家庭裁判所に財産分与を請求できる期限（離婚の時から）",
        formula="divorce date + years (除斥期間: not suspended or renewed)",
        inputs={"divorce_date": done.isoformat() if done
                else f"不明 / unknown (rule taken on {on.isoformat()})", "years": str(years)},
        result=deadline.isoformat() if deadline else "離婚日による / depends on the divorce date",
        rules=(use,),
        note="the last day is shown as the same date years later; confirm an exact day with a lawyer",
    )
    return years, deadline, use, step


def _settlement(keeper: str, est: _Estate, entitlement: dict[str, Yen], home: HomeStake | None,
                assets: Sequence[Asset], debts: Sequence[Debt]) -> Settlement:
    """代償金 = what the other spouse is entitled to less what they already hold (§7.2)."""
    other = est.spouses[1] if keeper == est.spouses[0] else est.spouses[0]
    holds = _holds(est.spouses, est.counted, {keeper: Fraction(1)}, assets, debts)
    due = entitlement[other] - holds[other]
    payer, payee = (keeper, other) if due >= 0 else (other, keeper)
    step = Step(
        name="settlement", label_ja=f"代償金（{keeper}が住宅を取得）",
        formula="amount = entitlement(other) − holds(other); the keeper holds the home as counted",
        inputs={"entitlement": _pair(est.spouses, [entitlement[s] for s in est.spouses]),
                "holds": _pair(est.spouses, [holds[s] for s in est.spouses])},
        result=f"{payer} → {payee}: {format_yen(abs(due))}",
    )
    return Settlement(keeper=keeper, payer=payer, payee=payee, amount=abs(due), holds=holds,
                      warnings=tuple(_bank_not_bound(other, home, keeper)), step=step)


# ------------------------------------------------------------------------------ scenarios


def division_scenarios(divorce: Divorce, home: HomeStake, assets: Sequence[Asset],
                       debts: Sequence[Debt], *, book: RuleBook, on: date,
                       sale: SaleOutcome | None, short_sale: SaleOutcome | None
                       ) -> tuple[Scenario, ...]:
    """The division under each way the home ends: "sell", "short_sale", "keep:<name>".

    A sale's result replaces the home's equity; a keeper takes the home at value − balance and
    the settlement balances the entitlements. Per spouse: the economic result, the payment, and
    what the lenders can still claim whatever the couple agreed (§8).
    """
    out: list[Scenario] = []
    for key, outcome in (("sell", sale), ("short_sale", short_sale)):
        if outcome is not None:
            out.append(_exit_scenario(key, outcome, divorce, home, assets, debts, book=book, on=on))
    for keeper in (divorce.keeper,) if divorce.keeper else divorce.spouses:
        out.append(_keep_scenario(keeper, divorce, home, assets, debts, book=book, on=on))
    return tuple(out)


def _excluded_debt(div: PropertyDivision, split: dict[str, Fraction]) -> dict[str, Yen]:
    a, b = div.spouses
    left = div.home_equity - div.counted_home_equity
    if left >= 0:
        return {a: 0, b: 0}
    ea, eb = _split_exact(left, split.get(a, Fraction(0)) * left)
    return {a: ea, b: eb}


def _outcomes(div: PropertyDivision, home: HomeStake, assets: Sequence[Asset],
              debts: Sequence[Debt], *, home_split: dict[str, Fraction],
              debt_split: dict[str, Fraction], remaining: Yen | None,
              keeper: str | None) -> dict[str, SpouseOutcome]:
    holds = _holds(div.spouses, div.counted_home_equity, home_split, assets, debts)
    left = _excluded_debt(div, debt_split)
    out = {}
    for s in div.spouses:
        ent = div.chosen.entitlement[s]
        exposure, caveat = _exposure(s, home, remaining)
        notes: list[Text] = []
        if exposure > 0:
            roles_ja = "、".join(f"{ln.name}: {_ROLE_JA[role]}" for ln, role in _roles(s, home))
            roles_en = ", ".join(f"{ln.name}: {role}" for ln, role in _roles(s, home))
            notes.append((f"夫婦の取り決めにかかわらず、銀行は{s}に{format_yen(exposure)}まで請求できます"
                         f"（{roles_ja}、§8）", f"the lenders can claim up to {format_yen(exposure)} from "
                         f"{s} whatever the couple agreed ({roles_en})"))
        if caveat:
            notes.append(caveat)
        if left[s] < 0:
            notes.append((f"除外説では住宅の不足分 {format_yen(-left[s])} が分与の外で{s}に残ります",
                         f"under exclusion {format_yen(-left[s])} of home debt stays with {s} outside "
                         "the division"))
        out[s] = SpouseOutcome(entitlement=ent, settlement=ent - holds[s], lender_can_claim=exposure,
                               keeps_home=s == keeper, holds=holds[s], excluded_debt=left[s],
                               notes=tuple(notes))
    return out


def _exit_scenario(key: str, outcome: SaleOutcome, divorce: Divorce, home: HomeStake,
                   assets: Sequence[Asset], debts: Sequence[Debt], *, book: RuleBook,
                   on: date) -> Scenario:
    div = _divide(divorce, home, assets, debts, book=book, on=on, home_equity=outcome.equity,
                  method=None, overloan=None, keeper=None, other=False)
    spouses = div.spouses
    debtors = _by_debtors(home, spouses)
    home_split = _by_title(home, spouses) if div.counted_home_equity >= 0 else debtors
    outcomes = _outcomes(div, home, assets, debts, home_split=home_split,
                         debt_split=debtors, remaining=outcome.remaining_debt, keeper=None)
    warnings = list(div.warnings)
    notes = list(div.notes)
    if outcome.remaining_debt > 0 and any(_roles(s, home) for s in spouses):
        liable = ", ".join(f"{s}: {format_yen(o.lender_can_claim)}" for s, o in outcomes.items()
                           if o.lender_can_claim > 0)
        warnings.append((f"売却後も{format_yen(outcome.remaining_debt)}の残債が残ります。夫婦の負担の取り決めは"
                        f"銀行を拘束せず、債務者・連帯保証人は全額を請求されえます（{liable}、§8）",
                        f"{format_yen(outcome.remaining_debt)} stays owed after the sale; the couple's "
                        f"split does not bind the lenders: each debtor or guarantor can be billed the "
                        f"whole ({liable})"))
    if div.counted_home_equity < 0 or div.home_equity < 0:
        notes.append(("残債の夫婦間の負担は、ローンごとに残高の割合、連帯債務者の間では等分と仮定しました"
                     "", "the remaining debt is assumed borne by the loans' debtors, by balance, "
                     "joint debtors equally"))
    elif div.counted_home_equity > 0:
        notes.append(("売却の余剰は登記の持分で受け取ると仮定しました", "the surplus is assumed received by "
                     "title shares"))
    if key == "short_sale" and sum(1 for s in spouses if home.title.get(s, Fraction(0)) > 0) > 1:
        notes.append(("任意売却には共有者全員と抵当権者全員の同意が要ります。共有者の一人が拒めば任意売却は"
                     "できません（§8）", "a short sale needs every co-owner and every lienholder to agree"))
    if div.claim_deadline is not None and outcome.completion > div.claim_deadline:
        warnings.append((f"売却の完了予定 {outcome.completion.isoformat()} は財産分与の請求期限 "
                        f"{div.claim_deadline.isoformat()} より後です", "the exit completes after the "
                        "deadline to ask the family court for division"))
    return Scenario(
        key=key, label_ja=f"{outcome.label_ja}のあと分与", label_en=f"Divide after {outcome.label_en}",
        outcomes=outcomes, warnings=tuple(warnings), property_division=div, notes=tuple(notes),
        exit=outcome.key,
    )


def _keep_scenario(keeper: str, divorce: Divorce, home: HomeStake, assets: Sequence[Asset],
                   debts: Sequence[Debt], *, book: RuleBook, on: date) -> Scenario:
    div = _divide(divorce, home, assets, debts, book=book, on=on, home_equity=None, method=None,
                  overloan=None, keeper=keeper, other=False)
    other = div.spouses[1] if keeper == div.spouses[0] else div.spouses[0]
    outcomes = _outcomes(div, home, assets, debts, home_split={keeper: Fraction(1)},
                         debt_split={keeper: Fraction(1)}, remaining=None, keeper=keeper)
    notes = list(div.notes)
    notes.append((f"{keeper}が住宅とともにローンの返済も引き受けると仮定しました", f"assumed {keeper} takes "
                 "over the loan payments with the home"))
    if not any(role == "debtor" for _, role in _roles(keeper, home)) and home.loans:
        notes.append((f"{keeper}はローンの債務者ではありません。ローンは契約どおり債務者に残り、返済が止まれば"
                     f"住宅は担保として処分されえます（§8）", f"{keeper} is not a debtor: the loan stays "
                     "with its debtors by contract, and if payments stop the home can be taken as "
                     "collateral"))
    if home.title.get(other, Fraction(0)) > 0:
        notes.append((f"{other}の持分を{keeper}に移す登記が要ります。譲渡所得（分与した側）・登録免許税"
                     f"（受けた側）などの税を確認してください（§7.5）", f"{other}'s share of the title must "
                     f"be transferred to {keeper}: check the taxes (capital gains for the giver, "
                     "registration tax for the recipient)"))
    return Scenario(
        key=f"keep:{keeper}", label_ja=f"{keeper}が住み続ける（代償金で精算）",
        label_en=f"{keeper} keeps the home (equalization payment)", outcomes=outcomes,
        warnings=div.warnings, property_division=div, notes=tuple(notes), exit=None,
    )



# ------------------------------------------------------------------------------ inventory

def inventory(divorce: Divorce, home: HomeStake | None, assets: Sequence[Asset],
              debts: Sequence[Debt]) -> dict[str, Any]:
    """What the division counted, per spouse: title share, role on each loan, assets and debts
    in their name (marital or separate), and the separate money they put into the home."""
    people: dict[str, Any] = {}
    for name in divorce.spouses:
        loans = []
        for loan in (home.loans if home else ()):
            role = ("debtor" if name in loan.debtors and len(loan.debtors) == 1 else
                    "joint_debtor" if name in loan.debtors else
                    "guarantor" if name in loan.guarantors else None)
            if role is not None:
                loans.append({"loan": loan.name, "holder": loan.holder, "balance": loan.balance,
                              "role": role})
        people[name] = {
            "title_share": str(home.title.get(name, Fraction(0))) if home else "0",
            "loans": loans,
            "assets": [{"name": x.name or x.kind.value, "kind": x.kind.value, "amount": x.amount,
                        "separate": x.separate} for x in assets if x.owner == name],
            "debts": [{"name": d.name, "kind": d.kind.value, "amount": d.amount, "marital": d.marital}
                      for d in debts if d.owner == name],
            "contributions": [{"amount": c.amount, "kind": c.kind.value, "source": c.source,
                               "paid_on": c.paid_on.isoformat() if c.paid_on else None}
                              for c in divorce.contributions if c.spouse == name],
        }
    return {
        "separation_date": divorce.separation_date.isoformat(),
        "divorce_date": divorce.divorce_date.isoformat() if divorce.divorce_date else None,
        "home": None if home is None else {
            "value": home.value, "loan_balance": home.loan_balance,
            "purchase_price": home.purchase_price, "pair_loan": _pair_loan(home)},
        "spouses": people,
        "joint_assets": [{"name": x.name or x.kind.value, "kind": x.kind.value, "amount": x.amount,
                          "separate": x.separate} for x in assets if x.owner is None],
        "joint_debts": [{"name": d.name, "kind": d.kind.value, "amount": d.amount, "marital": d.marital}
                        for d in debts if d.owner is None],
    }


def _pair_loan(home: HomeStake) -> bool:
    """ペアローン: two or more loans, each with its own single debtor, and not all the same one."""
    sole = [loan.debtors[0] for loan in home.loans if len(loan.debtors) == 1]
    return len(sole) >= 2 and len(set(sole)) >= 2
