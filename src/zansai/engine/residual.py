"""残債の整理: the ways to deal with the debt left after the home is sold.

After a 任意売却 or 競売 the housing loan is no longer secured but still owed (recourse,
law-debt-divorce §3.1). The seed article (000) names three ways on: negotiate the monthly amount
(任意整理), 個人再生, 自己破産. Each route here answers the same questions on the same debts and
dates: is it allowed, can the household pay it, how much in all, per month and until when, what
it costs, what is forgiven and what survives, the 官報, the guarantors, the credit records and
daily life. 消滅時効 is shown per debt as information only (``LimitationInfo``), never as a route.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from zansai.dates import add_months, add_years
from zansai.errors import DomainError
from zansai.model import Asset, AssetKind, DebtKind, Household, Item, LenderType, ResidualOptions
from zansai.model.checks import require_yen
from zansai.money import Rounding, Yen, format_percent, format_yen, round_div
from zansai.rules import RuleBook, bracket
from zansai.rules.book import Resolved
from zansai.trace import Explanation, RuleUse, Step, Text, text_dict, unique_uses

__all__ = [
    "ROUTE_KEYS", "CreditRecord", "LimitationInfo", "LiquidationValue", "MinimumRepayment",
    "ResidualDebt", "ResidualRoutes", "Route", "liquidation_value", "minimum_repayment",
    "residual_routes", "split_instalments",
]

FLOOR = "1円未満切捨て"
CEIL = "1円未満切上げ"

ROUTE_LABELS: dict[str, Text] = {
    "negotiated": ("任意整理（分割払いの交渉）", "negotiated instalments"),
    "negotiated_without_late_charges": ("任意整理（遅延損害金の免除を受けた場合）",
                                        "negotiated instalments, late charges waived"),
    "settlement": ("一括和解（入力したシナリオ）", "lump-sum settlement (scenario entered)"),
    "small_rehabilitation": ("小規模個人再生", "small-scale individual rehabilitation"),
    "salaried_rehabilitation": ("給与所得者等再生", "salaried-person rehabilitation"),
    "bankruptcy": ("自己破産", "bankruptcy"),
}
ROUTE_KEYS = tuple(ROUTE_LABELS)

_HORIZON_MONTHS = 1200
"""How far an interest-bearing schedule is followed (100 years): a computation limit, not a rule."""

_CREDIT_UNION_WORDS = ("信用金庫", "信用組合", "農業協同組合", "労働金庫")
"""Creditors that are not 商人: their pre-2020 loans had the civil 10 years (law-debt-divorce §5)."""

_BUREAU_WHAT: dict[str, Text] = {
    "KSC": ("銀行・保証会社の取引情報（延滞・代位弁済・完済）", "bank and guarantee-company loan records "
            "(arrears, subrogation, repayment)"),
    "CIC": ("クレジット情報（異動）", "credit records (adverse 異動 entries)"),
    "JICC": ("JICC の登録情報（延滞・債務整理）", "JICC records (arrears, debt relief)"),
}
_TRANSACTION_KEYS = {"KSC": "credit_record.ksc_transaction_years", "CIC": "credit_record.cic_years",
                     "JICC": "credit_record.jicc_years"}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ------------------------------------------------------------------------------ results


@dataclass(frozen=True, slots=True)
class ResidualDebt:
    """One debt to settle after the sale."""

    name: str
    creditor: str
    amount: Yen
    """Total claimed on the start date, late charges included."""
    late_charges: Yen = 0
    """The part of ``amount`` that is 遅延損害金."""
    kind: DebtKind = DebtKind.ORDINARY
    from_home: bool = False
    """The housing-loan residual after the sale (no security left)."""
    lender: LenderType | None = None
    """bank / jhf for home loans; None for other debts."""
    guarantor_company: bool = False
    """The claim is a 保証会社's 求償権 after 代位弁済."""
    contract_date: date | None = None
    """Loan (or 保証委託) contract date: which limitation law applies."""
    default_date: date | None = None
    """期限の利益喪失 or 代位弁済 date: the limitation clock starts here."""
    joint_debtors: tuple[str, ...] = ()
    """Other 連帯債務者 besides the debtor whose routes these are."""
    guarantors: tuple[str, ...] = ()
    """連帯保証人."""
    monthly_payment: Yen = 0
    """What is being paid on it now (other debts)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "creditor": self.creditor, "amount": self.amount,
            "late_charges": self.late_charges, "kind": self.kind.value, "from_home": self.from_home,
            "lender": self.lender.value if self.lender else None,
            "guarantee_company": self.guarantor_company, "contract_date": _iso(self.contract_date),
            "default_date": _iso(self.default_date), "co_debtors": list(self.joint_debtors),
            "guarantors": list(self.guarantors), "monthly_payment": self.monthly_payment,
        }


@dataclass(frozen=True, slots=True)
class CreditRecord:
    """What one credit bureau may show, and the latest date it may still show it."""

    bureau: str
    """"KSC", "CIC" or "JICC"."""
    what: Text
    until: date | None
    """The latest date the record may still be shown; None: open-ended or not known (see note)."""
    note: Text = ("", "")

    def to_dict(self) -> dict[str, Any]:
        return {"bureau": self.bureau, "what": text_dict(self.what), "until": _iso(self.until),
                "note": text_dict(self.note)}


@dataclass(frozen=True, slots=True)
class Route:
    """One way to deal with the remaining debt, costed on the household's figures."""

    key: str
    label_ja: str
    label_en: str
    eligible: bool
    """The law (or the creditor's practice, for a settlement) allows it."""
    feasible: bool
    """Eligible, and the household can pay the monthly amount."""
    reasons: tuple[Text, ...]
    """Why it is not eligible or not feasible."""
    total_to_pay: Yen
    """Everything the debtor pays: instalments, costs, and debts paid in full outside the route."""
    instalments_total: Yen
    monthly: Yen
    """The regular instalment."""
    last_instalment: Yen
    months: int | None
    """Number of instalments; None when it never ends or is not known."""
    end_date: date | None
    costs: tuple[Item, ...]
    costs_total: Yen
    forgiven: Yen
    """Debt no longer owed at the end of the route."""
    surviving: Yen
    """Debts the route does not reduce, paid in full (taxes, child support)."""
    official_gazette: int
    """Number of 官報 publications (0: none)."""
    guarantors: Text
    credit: tuple[CreditRecord, ...]
    life: tuple[Text, ...]
    warnings: tuple[Text, ...]
    steps: tuple[Step, ...]
    rules_used: tuple[RuleUse, ...]
    first_instalment: date | None = None
    lump_at_end: Yen = 0
    """Support arrears left after a 再生計画, due in one sum at its end (民再232条4項)."""
    assets_at_risk: Yen = 0
    """破産管財: the debtor's assets above the free property that a trustee may realise (estimate)."""

    @property
    def credit_until(self) -> date | None:
        """The latest known date on which some bureau may still show a record."""
        dates = [c.until for c in self.credit if c.until is not None]
        return max(dates) if dates else None

    @property
    def credit_open(self) -> bool:
        """Some record has no known end (unpaid debt, or a date the research does not give)."""
        return any(c.until is None for c in self.credit)

    def row(self) -> dict[str, Any]:
        """The comparison row of this route."""
        return {
            "key": self.key, "label_ja": self.label_ja, "label_en": self.label_en,
            "eligible": self.eligible, "feasible": self.feasible, "total_to_pay": self.total_to_pay,
            "monthly": self.monthly, "months": self.months, "costs": self.costs_total,
            "forgiven": self.forgiven, "gazette": self.official_gazette,
            "guarantors": text_dict(self.guarantors),
            "credit_until": _iso(self.credit_until), "credit_open": self.credit_open,
            "reasons": [text_dict(r) for r in self.reasons],
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label_ja": self.label_ja, "label_en": self.label_en,
            "eligible": self.eligible, "feasible": self.feasible,
            "reasons": [text_dict(r) for r in self.reasons], "total_to_pay": self.total_to_pay,
            "instalments_total": self.instalments_total, "monthly": self.monthly,
            "last_instalment": self.last_instalment, "months": self.months,
            "first_instalment": _iso(self.first_instalment), "end_date": _iso(self.end_date),
            "costs": [c.to_dict() for c in self.costs], "costs_total": self.costs_total,
            "forgiven": self.forgiven, "surviving": self.surviving, "lump_at_end": self.lump_at_end,
            "assets_at_risk": self.assets_at_risk, "gazette": self.official_gazette,
            "guarantors": text_dict(self.guarantors), "credit": [c.to_dict() for c in self.credit],
            "credit_until": _iso(self.credit_until), "credit_open": self.credit_open,
            "life": [text_dict(t) for t in self.life], "warnings": [text_dict(t) for t in self.warnings],
            "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
        }


@dataclass(frozen=True, slots=True)
class LimitationInfo:
    """消滅時効 of one debt: when it could complete at the earliest, and why that rarely happens."""

    debt: str
    creditor: str
    regime: str
    """"commercial" (旧商法522条), "civil" (旧民法167条), "new_law" (民法166条), "unknown" or
    "not_covered" (support and taxes: outside the research)."""
    regime_text: Text
    years: int | None
    objective_years: int | None
    clock_start: date | None
    earliest: date | None
    """clock_start + years, if nothing resets or suspends it; None when not known."""
    resets: tuple[Text, ...]
    warnings: tuple[Text, ...]
    steps: tuple[Step, ...]
    rules_used: tuple[RuleUse, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "debt": self.debt, "creditor": self.creditor, "regime": self.regime,
            "regime_text": text_dict(self.regime_text), "years": self.years,
            "objective_years": self.objective_years, "clock_start": _iso(self.clock_start),
            "earliest": _iso(self.earliest), "resets": [text_dict(t) for t in self.resets],
            "warnings": [text_dict(t) for t in self.warnings], "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
        }


@dataclass(frozen=True, slots=True)
class ResidualRoutes:
    """Every route for one debtor's remaining debt, side by side."""

    debtor: str
    start: date
    debts: tuple[ResidualDebt, ...]
    capacity: Yen
    """Monthly: take-home income − living costs − rent after the sale (may be negative)."""
    routes: tuple[Route, ...]
    limitation: tuple[LimitationInfo, ...]
    warnings: tuple[Text, ...]
    rules_used: tuple[RuleUse, ...]
    filing_date: date | None = None
    steps: tuple[Step, ...] = field(default=())

    @property
    def total_debt(self) -> Yen:
        return sum(d.amount for d in self.debts)

    def route(self, key: str) -> Route:
        for r in self.routes:
            if r.key == key:
                return r
        raise DomainError.invalid("route", key, f"次のどれかです: {', '.join(r.key for r in self.routes)}",
                                  f"one of {', '.join(r.key for r in self.routes)}")

    def table(self) -> list[dict[str, Any]]:
        return [r.row() for r in self.routes]

    def to_dict(self) -> dict[str, Any]:
        return {
            "debtor": self.debtor, "start": self.start.isoformat(),
            "filing_date": _iso(self.filing_date), "capacity": self.capacity,
            "total_debt": self.total_debt, "debts": [d.to_dict() for d in self.debts],
            "routes": [r.to_dict() for r in self.routes], "table": self.table(),
            "limitation": [li.to_dict() for li in self.limitation],
            "warnings": [text_dict(t) for t in self.warnings],
            "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
        }

    def explain(self) -> Explanation:
        steps = [*self.steps]
        notes = [f"{ja} / {en}" for ja, en in self.warnings]
        for r in self.routes:
            steps += r.steps
            notes += [f"{r.label_ja}: {ja} / {r.label_en}: {en}" for ja, en in r.warnings]
        for li in self.limitation:
            steps += li.steps
        return Explanation(title="残債の整理 / routes for the remaining debt", steps=tuple(steps),
                           notes=tuple(notes))


# ------------------------------------------------------------------------------ building blocks


class _Acc:
    """What one route collects while it is computed: rules, steps, reasons, warnings, life."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.uses: list[RuleUse] = []
        self.steps: list[Step] = []
        self.reasons: list[Text] = []
        self.warnings: list[Text] = []
        self.life: list[Text] = []

    def rule(self, key: str, on: date) -> Resolved:
        res = self.book.at(key, on)
        self.uses.append(RuleUse.of(res))
        return res

    def step(self, name: str, label_ja: str, formula: str, inputs: dict[str, str], result: str, *,
             rounding: str | None = None, rules: Sequence[Resolved] = (), note: str | None = None) -> Step:
        s = Step(name=name, label_ja=label_ja, formula=formula, inputs=inputs, result=result,
                 rounding=rounding, rules=tuple(RuleUse.of(r) for r in rules), note=note)
        self.steps.append(s)
        return s


@dataclass(frozen=True, slots=True)
class MinimumRepayment:
    """最低弁済額 of 民再231条2項3号・4号 for a claim total T."""

    total: Yen
    eligible: bool
    """False: T is above the table (個人再生 not available)."""
    amount: Yen | None
    step: Step
    rules_used: tuple[RuleUse, ...]


def minimum_repayment(total: Yen, *, on: date, book: RuleBook) -> MinimumRepayment:
    """The statutory minimum plan total for the claim total ``total`` filed on ``on``.

    ``fixed`` if the row has one, else ceil(T × ratio): the statute refuses a plan below T/5 (T/10),
    so the smallest whole-yen total that passes is the ceiling (recorded in the rule file).
    """
    require_yen("total", total)
    res = book.at("rehabilitation.minimum_repayment", on)
    row = bracket(res.value, total)
    use = RuleUse.of(res)
    inputs = {"T": format_yen(total), "row_upto": format_yen(row["upto"]) if "upto" in row else "—"}
    if not row["eligible"]:
        step = Step(name="rehabilitation.minimum", label_ja="最低弁済額（民再231条2項）",
                    formula="T above the table: 個人再生 not available", inputs=inputs, result="—",
                    rules=(use,))
        return MinimumRepayment(total, False, None, step, (use,))
    if row["fixed"] > 0:
        amount, formula, rounding = int(row["fixed"]), f"fixed {format_yen(row['fixed'])}", None
    else:
        ratio = Fraction(row["ratio"])
        amount = round_div(total * ratio.numerator, ratio.denominator, Rounding.CEIL)
        formula, rounding = f"ceil(T × {ratio})", CEIL
    step = Step(name="rehabilitation.minimum", label_ja="最低弁済額（民再231条2項3号・4号）",
                formula=formula, inputs=inputs, result=format_yen(amount), rounding=rounding,
                rules=(use,), note="The statute refuses a plan below the fraction of T, so a "
                "fractional yen is rounded up (the smallest plan total that passes).")
    return MinimumRepayment(total, True, amount, step, (use,))


@dataclass(frozen=True, slots=True)
class LiquidationValue:
    """清算価値 (東京地裁の清算価値算出シート): what creditors would get in a bankruptcy."""

    amount: Yen
    counted: tuple[Item, ...]
    """Each asset category's counted value (retirement at its fraction), counted or not."""
    step: Step
    rules_used: tuple[RuleUse, ...]


def _owned(assets: Sequence[Asset], debtor: str) -> list[Asset]:
    return [a for a in assets if a.owner is None or a.owner == debtor]


def _categories(assets: Sequence[Asset], fraction: Fraction) -> list[tuple[AssetKind, Yen, Yen]]:
    """(category, face value, counted value) per asset category present; retirement at ``fraction``."""
    out = []
    for kind in AssetKind:
        face = sum(a.amount for a in assets if a.kind is kind)
        if not any(a.kind is kind for a in assets):
            continue
        counted = (round_div(face * fraction.numerator, fraction.denominator, Rounding.FLOOR)
                   if kind is AssetKind.RETIREMENT else face)
        out.append((kind, face, counted))
    return out


_KIND_JA = {AssetKind.CASH: "現金", AssetKind.DEPOSIT: "預貯金", AssetKind.INSURANCE: "保険解約返戻金",
            AssetKind.SECURITIES: "有価証券", AssetKind.CAR: "自動車", AssetKind.RETIREMENT: "退職金見込額",
            AssetKind.OTHER: "その他の財産"}


def liquidation_value(assets: Sequence[Asset], *, debtor: str, on: date, book: RuleBook) -> LiquidationValue:
    """Σ of the debtor's asset categories whose counted value exceeds the per-item threshold.

    Only assets owned by ``debtor`` or by no one in particular count. The expected retirement
    allowance counts at a fraction (Tokyo 1/8); categories are tested one by one, never added up
    to reach the threshold (law-debt-divorce §1.3). After the sale the home counts nothing.
    """
    threshold_res = book.at("rehabilitation.liquidation_item_threshold", on)
    fraction_res = book.at("rehabilitation.retirement_allowance_fraction", on)
    threshold, fraction = int(threshold_res.value), Fraction(fraction_res.value)
    items: list[Item] = []
    inputs: dict[str, str] = {"threshold": format_yen(threshold), "retirement_fraction": str(fraction)}
    total = 0
    cats = _categories(_owned(assets, debtor), fraction)
    for kind, face, counted in cats:
        included = counted > threshold
        total += counted if included else 0
        shown = f" × {fraction} = {format_yen(counted)}" if kind is AssetKind.RETIREMENT else ""
        inputs[kind.value] = (f"{format_yen(face)}{shown}"
                              + (" > threshold: counted" if included else " ≤ threshold: not counted"))
        items.append(Item(kind.value, _KIND_JA[kind], kind.value, counted if included else 0))
    uses = (RuleUse.of(threshold_res), RuleUse.of(fraction_res))
    step = Step(name="rehabilitation.liquidation_value", label_ja="清算価値（東京地裁 清算価値算出シート）",
                formula="Σ category value if value > threshold (retirement × fraction)", inputs=inputs,
                result=format_yen(total),
                rounding=FLOOR if any(k is AssetKind.RETIREMENT for k, _, _ in cats) else None, rules=uses,
                note="Only the debtor's assets (owner = debtor or not attributed). The sold home counts "
                     "nothing. Other courts may count retirement at 1/4.")
    return LiquidationValue(total, tuple(items), step, uses)


def split_instalments(total: Yen, months: int, rounding: Rounding) -> tuple[Yen, Yen, int]:
    """(regular instalment, last instalment, number of instalments) that add up to ``total`` exactly.

    The regular instalment is total / months rounded as named; the last one takes the rest.
    """
    if months < 1:
        raise ValueError("months must be positive")
    if total <= 0:
        return 0, 0, 0
    monthly = round_div(total, months, rounding)
    if monthly == 0:
        return 0, total, months
    count = min(months, -(-total // monthly))
    return monthly, total - monthly * (count - 1), count


def _people(debts: Sequence[ResidualDebt]) -> tuple[list[str], list[str]]:
    guarantors: list[str] = []
    co: list[str] = []
    for d in debts:
        guarantors += [g for g in d.guarantors if g not in guarantors]
        co += [c for c in d.joint_debtors if c not in co]
    return guarantors, co


def _names(guarantors: list[str], co: list[str]) -> Text:
    ja = "・".join([*(f"{g}さん（連帯保証人）" for g in guarantors), *(f"{c}さん（連帯債務者）" for c in co)])
    en = ", ".join([*(f"{g} (joint guarantor)" for g in guarantors), *(f"{c} (joint debtor)" for c in co)])
    return ja, en


_NO_POSTAGE: Text = ("予納郵券は裁判所ごとに違うため含めていません",
                     "court postage differs by court and is not included")
_NO_GUARANTORS: Text = ("連帯保証人・連帯債務者の入力はありません",
                        "no joint guarantors or joint debtors entered")


def _lawyer_fee(acc: _Acc, key: str, on: date, label_ja: str) -> Item:
    fee = acc.rule(key, on)
    tax = acc.rule("tax.consumption_tax_rate", on)
    base = int(fee.value["retainer"]) + int(fee.value["success"])
    rate = Fraction(tax.value)
    with_tax = base + round_div(base * rate.numerator, rate.denominator, Rounding.FLOOR)
    step = acc.step(f"{key}", label_ja, f"(retainer + success) × (1 + {format_percent(rate)})",
                    {"retainer": format_yen(fee.value["retainer"]),
                     "success": format_yen(fee.value["success"])},
                    format_yen(with_tax), rounding=FLOOR, rules=(fee, tax),
                    note="Market-practice default (日弁連 2008 survey, tax-exclusive): override it with a "
                         "quote.")
    return Item("lawyer_fee", label_ja, "Lawyer's fee (tax included)", with_tax, step)


def _transaction_records(acc: _Acc, end: date | None, on: date, *,
                         bankrupt: bool = False) -> list[CreditRecord]:
    out = []
    for bureau, key in _TRANSACTION_KEYS.items():
        res = acc.rule(key, end or on)
        years = int(res.value)
        if end is not None:
            note: Text = (f"完済（計画の終了）から{years}年を超えない期間",
                          f"up to {years} years after the debt is repaid (the end of the payments)")
            until: date | None = add_years(end, years)
        elif bankrupt:
            note = (f"免責・契約終了の登録から{years}年以内。"
                    "免責までの期間は調査資料にないため日付は不明です",
                    f"up to {years} years after the discharge (or the end of the contract) is registered; "
                    "the time to discharge is not in the research, so the date is unknown")
            until = None
        else:
            note = (f"完済するまで残り、完済後も最長{years}年残ります",
                    f"stays until the debt is repaid, and up to {years} years after")
            until = None
        if bankrupt and bureau == "JICC":
            note = (note[0] + "。JICC は会員が免責を知った場合だけ免責確定日で完済として登録します"
                              "（債権者に知らせる）",
                    note[1] + "; JICC records the discharge as 完済 only if the member learns of it (tell "
                    "the lender)")
        out.append(CreditRecord(bureau, _BUREAU_WHAT[bureau], until, note))
    return out


def _official_gazette_record(acc: _Acc, filing: date) -> CreditRecord:
    res = acc.rule("credit_record.ksc_official_gazette_years", filing)
    years = int(res.value)
    high = int(res.period.high) if res.period.high is not None else years
    note: Text = (f"開始決定日から{years}年を超えない期間。"
                  "開始決定日の代わりに申立日を使っています（決定は申立ての後なので実際の日付は遅くなります"
                  f"）。変更前の登録には{high}年が残っている可能性があります",
                  f"up to {years} years from the decision to open the case; the filing date stands in for "
                  "the decision date (the decision comes later, so the real date is later). Records made "
                  f"before KSC's change may still be kept {high} years")
    what: Text = ("官報情報（破産・再生の手続開始決定）",
                  "official-gazette record (opening of the bankruptcy or rehabilitation case)")
    return CreditRecord("KSC", what, add_years(filing, years), note)


# ------------------------------------------------------------------------------ context


@dataclass(frozen=True, slots=True)
class _Ctx:
    debts: tuple[ResidualDebt, ...]
    household: Household
    options: ResidualOptions
    debtor: str
    start: date
    filing: date
    book: RuleBook
    capacity: Yen
    assets: tuple[Asset, ...]

    def total(self, *kinds: DebtKind) -> Yen:
        return sum(d.amount for d in self.debts if not kinds or d.kind in kinds)


def _route(ctx: _Ctx, acc: _Acc, key: str, *, eligible: bool, feasible: bool, total_to_pay: Yen,
           instalments_total: Yen, monthly: Yen, last: Yen, months: int | None, end: date | None,
           costs: Sequence[Item], forgiven: Yen, surviving: Yen, official_gazette: int, guarantors: Text,
           credit: Sequence[CreditRecord], first: date | None = None, lump_at_end: Yen = 0,
           assets_at_risk: Yen = 0) -> Route:
    ja, en = ROUTE_LABELS[key]
    return Route(
        key=key, label_ja=ja, label_en=en, eligible=eligible, feasible=feasible and eligible,
        reasons=tuple(acc.reasons), total_to_pay=total_to_pay, instalments_total=instalments_total,
        monthly=monthly, last_instalment=last, months=months, end_date=end, costs=tuple(costs),
        costs_total=sum(c.amount for c in costs), forgiven=forgiven, surviving=surviving,
        official_gazette=official_gazette, guarantors=guarantors, credit=tuple(credit), life=tuple(acc.life),
        warnings=tuple(acc.warnings), steps=tuple(acc.steps), rules_used=unique_uses(acc.uses),
        first_instalment=first, lump_at_end=lump_at_end, assets_at_risk=assets_at_risk,
    )


# ------------------------------------------------------------------------------ negotiated


@dataclass(frozen=True, slots=True)
class _Schedule:
    months: int | None
    last: Yen
    interest: Yen
    never: bool
    """The instalment does not cover the monthly interest: the balance never falls."""


def _amortize(balance: Yen, monthly: Yen, rate: Fraction) -> _Schedule:
    """Level monthly payments on ``balance``; interest rate/12 a month, 1円未満切捨て."""
    if rate == 0:
        months = -(-balance // monthly)
        if months > _HORIZON_MONTHS:
            return _Schedule(None, 0, 0, False)
        return _Schedule(months, balance - monthly * (months - 1), 0, False)
    months = interest_total = pay = 0
    while balance > 0:
        interest = round_div(balance * rate.numerator, rate.denominator * 12, Rounding.FLOOR)
        if interest >= monthly:
            return _Schedule(None, 0, interest_total, True)
        if months >= _HORIZON_MONTHS:
            return _Schedule(None, 0, interest_total, False)
        months += 1
        pay = min(monthly, balance + interest)
        interest_total += interest
        balance = balance + interest - pay
    return _Schedule(months, pay, interest_total, False)


def _negotiated(ctx: _Ctx, *, waive: bool) -> Route:
    key = "negotiated_without_late_charges" if waive else "negotiated"
    acc = _Acc(ctx.book)
    opts, start = ctx.options, ctx.start
    claimed = ctx.total()
    waived = sum(d.late_charges for d in ctx.debts) if waive else 0
    balance = claimed - waived
    acc.step(f"{key}.balance", "交渉する残高",
             "Σ (amount − late charges)" if waive else "Σ amount (late charges included)",
             {d.name: format_yen(d.amount) + (f" − {format_yen(d.late_charges)}" if waive else "")
              for d in ctx.debts}, format_yen(balance))
    entered = bool(opts.monthly_payment)  # 0 or None: fall back to the household's capacity
    monthly = opts.monthly_payment if opts.monthly_payment else ctx.capacity
    acc.step(f"{key}.monthly", "月々の返済額",
             "entered monthly amount" if entered else "capacity = income − living costs − rent",
             {"entered": format_yen(opts.monthly_payment) if opts.monthly_payment else "—",
              "capacity": format_yen(ctx.capacity)}, format_yen(monthly))
    rate = opts.negotiated_rate
    feasible = True
    months: int | None = 0
    last = interest = 0
    end: date | None = start
    first: date | None = None
    if balance > 0 and monthly <= 0:
        feasible, months, end = False, None, None
        acc.reasons.append(("月々の返済に充てられる額がありません（収入−生活費−家賃 = "
                            f"{format_yen(ctx.capacity)}）。返済額を入力してください",
                            "nothing is left each month to pay with (income − living costs − rent = "
                            f"{format_yen(ctx.capacity)}); enter a monthly amount"))
    elif balance > 0:
        sched = _amortize(balance, monthly, rate)
        interest = sched.interest
        if sched.months is None:
            feasible, months, end = False, None, None
            if sched.never:
                acc.reasons.append((f"月 {format_yen(monthly)} では利息（年{format_percent(rate)}）も払えず、"
                                    "残高が減りません",
                                    f"{format_yen(monthly)} a month does not cover the interest at "
                                    f"{format_percent(rate)} a year: the balance never falls"))
            else:
                acc.reasons.append((f"月 {format_yen(monthly)} では{_HORIZON_MONTHS // 12}年以内に"
                                    "払い終わりません",
                                    f"{format_yen(monthly)} a month does not repay it within "
                                    f"{_HORIZON_MONTHS // 12} years"))
        else:
            months, last = sched.months, sched.last
            first, end = add_months(start, 1), add_months(start, months)
        acc.step(f"{key}.schedule", "返済回数・最終回",
                 "months = ceil(balance / monthly)" if rate == 0 else
                 "each month: interest = balance × rate / 12; balance += interest − monthly",
                 {"balance": format_yen(balance), "monthly": format_yen(monthly),
                  "rate": format_percent(rate)},
                 f"{months} instalments, last {format_yen(last)}, interest {format_yen(interest)}"
                 if months is not None else "not repaid",
                 rounding=FLOOR if rate else None,
                 note="Interest (将来利息) at the negotiated rate, computed monthly on the balance." if rate
                 else "No future interest, as under the 弁護士会 統一基準.")
    if entered and monthly > ctx.capacity and balance > 0:
        feasible = False
        acc.reasons.append((f"入力した月 {format_yen(monthly)} は"
                            f"家計の余力 {format_yen(ctx.capacity)} を超えます",
                            f"the {format_yen(monthly)} entered exceeds the household's capacity of "
                            f"{format_yen(ctx.capacity)} a month"))
    instalments = balance + interest if months is not None else 0
    total_to_pay = instalments if months is not None else balance
    _negotiated_notes(ctx, acc, key=key, waive=waive, waived=waived, monthly=monthly, months=months)
    guarantors, co = _people(ctx.debts)
    names = _names(guarantors, co)
    who: Text = (
        (f"{names[0]}は残債の全額について責任が残ります。分割の支払いが止まれば、"
         "保証人にも請求が行きます（記事: 連帯保証人にも支払いの通知が行く）",
         f"each of {names[1]} stays liable for the whole remaining debt; if the instalments stop, the "
         "guarantors are billed (seed article)") if guarantors or co else _NO_GUARANTORS)
    credit = _transaction_records(acc, end if months is not None else None, start)
    acc.life.append(("官報には載りません", "nothing is published in the official gazette"))
    if months is not None and months > 0:
        acc.life.append((f"{months}回（約{-(-months // 12)}年）払い続けます。"
                         "払い終わるまで信用情報の記録は消えません",
                         f"{months} monthly payments (about {-(-months // 12)} years); the credit records "
                         "stay until the last one"))
    return _route(ctx, acc, key, eligible=True, feasible=feasible, total_to_pay=total_to_pay,
                  instalments_total=instalments, monthly=max(monthly, 0) if balance > 0 else 0,
                  last=last, months=months, end=end, costs=(), forgiven=waived, surviving=0,
                  official_gazette=0, guarantors=who, credit=credit, first=first)


def _negotiated_notes(ctx: _Ctx, acc: _Acc, *, key: str, waive: bool, waived: Yen, monthly: Yen,
                      months: int | None) -> None:
    """Market practice as notes, never limits (law-debt-divorce §3.2-§3.5)."""
    term = acc.rule("negotiated_settlement.term_payments", ctx.start)
    standard, accepted = int(term.value["standard"]), int(term.value["commonly_accepted"])
    acc.step(f"{key}.term_practice", "任意整理の分割回数の目安", "note only: not a limit",
             {"months": str(months) if months is not None else "—"},
             f"standard {standard}, commonly up to {accepted}", rules=(term,))
    if months is not None and months > accepted:
        acc.warnings.append((
            f"{months}回の分割は、カード等の任意整理で通常認められる回数（{standard}回、長くて{accepted}回）"
            "を超えます。住宅ローンの残債は少額の分割で長期間払う例もありますが、応じるかは債権者次第です",
            f"{months} instalments is longer than creditors usually accept for card debts ({standard}, at "
            f"most about {accepted}); a housing-loan residual is sometimes paid in small amounts for far "
            "longer, but the creditor decides"))
    if any(d.from_home for d in ctx.debts):
        band = acc.rule("negotiated_settlement.residual_monthly_band", ctx.start)
        low, high = int(band.value["low"]), int(band.value["high"])
        inside = low <= monthly <= high
        acc.step(f"{key}.band_practice", "任意売却後の残債の月額の目安", "note only: not a limit",
                 {"monthly": format_yen(monthly)}, f"{format_yen(low)}–{format_yen(high)}", rules=(band,))
        shown = format_yen(max(monthly, 0))
        where: Text = ("その範囲内です", "inside") if inside else ("その範囲外です", "outside")
        tail_ja = f"。月 {shown} は{where[0]}" if monthly > 0 else ""
        tail_en = f"; {shown} is {where[1]} that band" if monthly > 0 else ""
        acc.warnings.append((
            f"任意売却後の残債は月 {format_yen(low)}〜{format_yen(high)} 程度で合意する例が多いとされます"
            f"（実務の目安、法的根拠なし）{tail_ja}",
            f"residuals after a short sale are said to be settled at about {format_yen(low)}–"
            f"{format_yen(high)} a month (practice, no legal basis){tail_en}"))
    if ctx.options.negotiated_rate == 0:
        acc.warnings.append((
            "将来利息0は弁護士会の統一基準（拘束力なし）による想定です。"
            "最近は経過利息・将来利息を求める債権者が増えています",
            "no future interest follows the bar associations' (non-binding) standard; lenders increasingly "
            "ask for accrued and future interest"))
    acc.warnings.append((
        "合意ができるまで、遅延損害金は残高全体に日々かかり続けます。この計算は債権者が分割に応じた前提です",
        "until an agreement is reached, late charges keep accruing on the whole balance; these figures "
        "assume the creditor agrees to the instalments"))
    if waive:
        acc.warnings.append((
            f"遅延損害金 {format_yen(waived)} の免除は和解でよく見られますが、保証はありません。"
            "元金を先に払い終えてから損害金を交渉する例もあります",
            f"waiving the {format_yen(waived)} of late charges is common in settlements but not guaranteed; "
            "some servicers apply payments to principal first and negotiate the late charges afterwards"))


def _settlement(ctx: _Ctx, amount: Yen) -> Route:
    acc = _Acc(ctx.book)
    total = ctx.total()
    forgiven = total - amount
    acc.step("settlement.forgiven", "一括和解で免除される額", "forgiven = total claimed − settlement",
             {"total": format_yen(total), "settlement": format_yen(amount)}, format_yen(forgiven))
    means = ctx.household.savings + ctx.household.relatives_help
    feasible = amount <= means
    if not feasible:
        acc.reasons.append((f"一括 {format_yen(amount)} は"
                            f"貯蓄と親族の援助の合計 {format_yen(means)} を超えます",
                            f"the lump sum of {format_yen(amount)} exceeds savings plus family help of "
                            f"{format_yen(means)}"))
    acc.warnings.append((
        "入力された一括和解のシナリオです。サービサーが減額に応じるかは実務の見解が分かれます（大幅減額の例が"
        "ある一方、減額・免除はされないとする見解もある）",
        "a scenario you entered: practice disagrees on whether servicers reduce the debt (some report large "
        "reductions, others say no reduction or forgiveness is granted)"))
    if any(d.lender is LenderType.JHF for d in ctx.debts):
        acc.warnings.append(("住宅金融支援機構は債権の免除をしないとされます（実務上の指摘、信頼度低）",
                             "住宅金融支援機構 (JHF) is said never to forgive debt (practice claim, low "
                             "confidence)"))
    guarantors, co = _people(ctx.debts)
    names = _names(guarantors, co)
    who: Text = ((f"和解で{names[0]}の責任も消えるかは和解の条項次第です。"
                  "書面で確認してください（調査資料にない点です）",
                  f"whether the settlement also releases {names[1]} depends on its terms; get it in writing "
                  "(not covered by the research)") if guarantors or co else _NO_GUARANTORS)
    credit = _transaction_records(acc, ctx.start, ctx.start)
    acc.life.append(("官報には載りません", "nothing is published in the official gazette"))
    return _route(ctx, acc, "settlement", eligible=True, feasible=feasible, total_to_pay=amount,
                  instalments_total=amount, monthly=amount, last=amount, months=1 if amount else 0,
                  end=ctx.start, costs=(), forgiven=forgiven, surviving=0, official_gazette=0, guarantors=who,
                  credit=credit, first=ctx.start)


# ------------------------------------------------------------------------------ rehabilitation


def _rehabilitation(ctx: _Ctx, *, salaried: bool) -> Route:
    key = "salaried_rehabilitation" if salaried else "small_rehabilitation"
    acc = _Acc(ctx.book)
    filing, hh, opts = ctx.filing, ctx.household, ctx.options
    plan_debts = [d for d in ctx.debts if d.kind in (DebtKind.ORDINARY, DebtKind.SUPPORT)]
    total = sum(d.amount for d in plan_debts)
    support = ctx.total(DebtKind.SUPPORT)
    taxes = ctx.total(DebtKind.TAX)
    cap_res = acc.rule("rehabilitation.debt_cap", filing)
    cap = int(cap_res.value)
    acc.step(f"{key}.claims", "再生債権の総額 T", "T = Σ ordinary + support debts (taxes excluded)",
             {d.name: format_yen(d.amount) for d in plan_debts} | {"cap": format_yen(cap)},
             format_yen(total), rules=(cap_res,),
             note="After the sale there is no security and no 住宅資金貸付債権: the whole residual counts "
                  "(民再221条1項, 196条). Taxes are 一般優先債権, outside the plan.")
    eligible = True
    if total == 0:
        eligible = False
        acc.reasons.append(("再生計画で減らす債務がありません", "there is no debt for a plan to reduce"))
    if total > cap:
        eligible = False
        acc.reasons.append((
            f"再生債権の総額 {format_yen(total)} が上限 {format_yen(cap)} を超えます。"
            "売却後の住宅ローンの残債は担保がなくなるため全額この総額に数えられます（民再221条1項）",
            f"the claims total {format_yen(total)}, above the {format_yen(cap)} cap; after the sale the "
            "housing loan's remaining debt is unsecured and counts in full (Civil Rehabilitation Act "
            "221(1))"))
    minimum = minimum_repayment(total, on=filing, book=ctx.book)
    acc.steps.append(minimum.step)
    acc.uses += minimum.rules_used
    liq = liquidation_value(ctx.assets, debtor=ctx.debtor, on=filing, book=ctx.book)
    acc.steps.append(liq.step)
    acc.uses += liq.rules_used
    disposable = _disposable(ctx, acc, key) if salaried else 0
    if salaried and _salaried_barred(ctx, acc):
        eligible = False
    years_res = acc.rule("rehabilitation.plan_years", filing)
    standard, maximum = int(years_res.value["standard"]), int(years_res.value["maximum"])
    years = opts.plan_years if opts.plan_years is not None else standard
    if years > maximum:
        eligible = False
        acc.reasons.append((f"弁済期間 {years}年 は上限の{maximum}年を超えます（民再229条2項）",
                            f"a {years}-year plan exceeds the {maximum}-year maximum (art. 229(2))"))
    elif years < standard:
        eligible = False
        acc.reasons.append((f"弁済期間は原則{standard}年で、"
                            "それより短い計画は認められません（繰上返済は可能）",
                            f"the plan runs {standard} years; a shorter plan is not allowed (prepaying is)"))
    elif years > standard:
        acc.warnings.append((f"{standard}年を超える計画には特別の事情が必要です（民再229条2項）",
                             f"a plan longer than {standard} years needs special circumstances "
                             "(art. 229(2))"))
    _rehab_common_notes(ctx, acc, salaried=salaried, plan_debts=plan_debts, total=total, taxes=taxes)
    guarantors, co = _people(ctx.debts)
    names = _names(guarantors, co)
    who: Text = ((f"再生計画で減るのは{ctx.debtor}さんの債務だけです。{names[0]}は全額について責任が残り、"
                  "申立て後に一括で請求されるのが通常です（民再177条2項）",
                  f"the plan reduces only {ctx.debtor}'s debt: each of {names[1]} stays liable for the whole "
                  "amount and is usually asked to pay it at once after the filing (art. 177(2))")
                 if guarantors or co else _NO_GUARANTORS)
    if minimum.amount is None or not (standard <= years <= maximum) or total == 0:
        return _route(ctx, acc, key, eligible=False, feasible=False, total_to_pay=0, instalments_total=0,
                      monthly=0, last=0, months=None, end=None, costs=(), forgiven=0, surviving=0,
                      official_gazette=0, guarantors=who, credit=())
    required = min(max(minimum.amount, liq.amount, disposable), total)
    acc.step(f"{key}.plan_total", "計画弁済総額",
             "min(max(minimum, liquidation value" + (", disposable income" if salaried else "") + "), T)",
             {"minimum": format_yen(minimum.amount), "liquidation": format_yen(liq.amount),
              **({"disposable": format_yen(disposable)} if salaried else {}), "T": format_yen(total)},
             format_yen(required))
    rounding = Rounding.CEIL if opts.instalment_rounding == "ceil" else Rounding.FLOOR
    monthly, last, count = split_instalments(required, years * 12, rounding)
    acc.step(f"{key}.instalments", "毎月の弁済額",
             f"plan total / {years * 12} months; the last takes the rest",
             {"plan_total": format_yen(required), "months": str(years * 12)},
             f"{format_yen(monthly)} × {max(count - 1, 0)} + {format_yen(last)}",
             rounding=CEIL if rounding is Rounding.CEIL else FLOOR,
             note="The law does not fix the rounding (sources round up and down): instalment_rounding.")
    in_plan = round_div(support * required, total, Rounding.FLOOR)
    lump = support - in_plan
    if support:
        acc.step(f"{key}.support", "養育費等の非減免債権", "in plan = support × plan total / T; lump = rest",
                 {"support": format_yen(support), "plan_total": format_yen(required), "T": format_yen(total)},
                 f"in plan {format_yen(in_plan)}, lump at the end {format_yen(lump)}", rounding=FLOOR,
                 note="Not reduced: paid at the plan's rate during the plan, the remainder in one sum at its "
                      "end (民再229条3項, 232条4項).")
    dur = acc.rule("rehabilitation.filing_to_confirmation_months", filing)
    approval = add_months(filing, int(dur.value))
    first, end = add_months(approval, 1), add_months(approval, max(count, 1))
    acc.step(f"{key}.dates", "認可・弁済の時期",
             "approval ≈ filing + duration; first instalment the month after",
             {"filing": filing.isoformat(), "duration_months": str(dur.value)},
             f"approval ≈ {approval.isoformat()}, {first.isoformat()} – {end.isoformat()}", rules=(dur,))
    costs = _rehab_costs(ctx, acc)
    costs_total = sum(c.amount for c in costs)
    forgiven = total - required - lump
    total_to_pay = required + lump + taxes + costs_total
    feasible = eligible
    if hh.monthly_income <= 0:
        feasible = False
        acc.reasons.append(("継続的な収入が必要です（記事: 安定した収入があると認められる必要）",
                            "a steady income is required (seed article)"))
    if monthly > ctx.capacity:
        feasible = False
        acc.reasons.append((f"毎月 {format_yen(monthly)} は家計の余力 {format_yen(ctx.capacity)} を超えます",
                            f"{format_yen(monthly)} a month exceeds the household's capacity of "
                            f"{format_yen(ctx.capacity)}"))
    gaz = acc.rule("rehabilitation.gazette_publications", filing)
    credit = [_official_gazette_record(acc, filing), *_transaction_records(acc, end, filing)]
    acc.life += [
        (f"官報に氏名が{gaz.value}回載ります（開始決定・書面決議または意見聴取・認可決定）",
         f"the debtor's name appears in the official gazette {gaz.value} times (opening, vote or hearing, "
         "approval)"),
        (f"{years}年間（{count}回）、毎月 {format_yen(monthly)} を払い続けます（最終回 {format_yen(last)}）",
         f"{count} monthly payments of {format_yen(monthly)} over {years} years (last {format_yen(last)})"),
    ]
    if lump:
        acc.life.append((f"計画の終わり（{end.isoformat()}）に養育費等の残り {format_yen(lump)} "
                         "を一括で払います",
                         f"at the end of the plan ({end.isoformat()}) the rest of the support arrears, "
                         f"{format_yen(lump)}, is due in one sum"))
    return _route(ctx, acc, key, eligible=eligible, feasible=feasible, total_to_pay=total_to_pay,
                  instalments_total=required, monthly=monthly, last=last, months=count, end=end,
                  costs=costs, forgiven=forgiven, surviving=support + taxes, official_gazette=int(gaz.value),
                  guarantors=who, credit=credit, first=first, lump_at_end=lump)


def _disposable(ctx: _Ctx, acc: _Acc, key: str) -> Yen:
    """2 years of disposable income (民再241条2項7号, 3項); 0 when the living cost is not entered."""
    res = acc.rule("rehabilitation.salaried_disposable_income_years", ctx.filing)
    years = int(res.value)
    annual = 12 * ctx.household.monthly_income
    cost = ctx.household.annual_minimum_living_cost
    note = ("monthly_income is take-home pay: income less income tax, resident tax and social insurance "
            "(241条2項7号ハ). The statute averages a base period before the filing, shorter after a job "
            "change or a large change of income (イ・ロ): enter the income on that basis.")
    if cost is None:
        acc.step(f"{key}.disposable", "可処分所得要件", f"{years} × (annual income − minimum living cost)",
                 {"annual_income": format_yen(annual), "minimum_living_cost": "未入力 / not entered"},
                 "not computed", rules=(res,), note=note)
        acc.warnings.append((
            "最低限度の生活費（平成13年政令第50号の別表）は未収録のため、可処分所得要件を計算できません。"
            "金額を入力してください。表示の弁済額は下限です",
            "the minimum living cost (tables of Cabinet Order No. 50 of 2001) is not transcribed, so the "
            "disposable-income test cannot be computed; enter the amount. The plan figures shown are a lower "
            "bound"))
        return 0
    amount = max(0, years * (annual - cost))
    acc.step(f"{key}.disposable", "可処分所得要件",
             f"max(0, {years} × (12 × monthly income − minimum living cost))",
             {"monthly_income": format_yen(ctx.household.monthly_income), "annual_income": format_yen(annual),
              "minimum_living_cost": format_yen(cost)}, format_yen(amount), rules=(res,), note=note)
    return amount


def _salaried_barred(ctx: _Ctx, acc: _Acc) -> bool:
    """Adds the reasons 給与所得者等再生 is closed (no regular income, the 7-year bar); True if any."""
    before = len(acc.reasons)
    if not ctx.household.salaried:
        acc.reasons.append(("給与など定期的な収入がないため給与所得者等再生は使えません",
                            "without a salary or similarly regular income, salaried-person rehabilitation is "
                            "not available"))
    prev = ctx.options.previous_discharge
    res = acc.rule("rehabilitation.salaried_repeat_bar_years", ctx.filing)
    if prev is not None and ctx.filing < add_years(prev, int(res.value)):
        acc.reasons.append((
            f"前回の免責・給与所得者等再生（{prev.isoformat()}）から{res.value}年たっていません"
            "（民再239条5項2号）",
            f"less than {res.value} years since the earlier discharge or salaried plan ({prev.isoformat()}), "
            "art. 239(5)(ii)"))
    return len(acc.reasons) > before


def _rehab_common_notes(ctx: _Ctx, acc: _Acc, *, salaried: bool, plan_debts: Sequence[ResidualDebt],
                        total: Yen, taxes: Yen) -> None:
    acc.warnings.append(("売却後は住宅も抵当権もないため、住宅資金特別条項（住宅ローン特則）"
                         "は使えません（民再196条）",
                         "after the sale there is no home and no mortgage, so the housing-loan clause cannot "
                         "be used (art. 196)"))
    if taxes:
        acc.warnings.append((f"税金・社会保険料 {format_yen(taxes)} は計画の外で全額払います（一般優先債権）",
                             f"taxes and social insurance of {format_yen(taxes)} are paid in full outside "
                             "the plan (general priority claims)"))
    if not salaried and total > 0:
        veto = acc.rule("rehabilitation.resolution_veto_share", ctx.filing)
        head, share = Fraction(veto.value["headcount"]), Fraction(veto.value["amount"])
        by_creditor: dict[str, Yen] = {}
        for d in plan_debts:
            by_creditor[d.creditor or d.name] = by_creditor.get(d.creditor or d.name, 0) + d.amount
        n = len(by_creditor)
        blockers = [c for c, amt in by_creditor.items()
                    if Fraction(amt, total) > share or Fraction(1, n) >= head]
        acc.step("small_rehabilitation.vote", "書面決議（消極的同意）",
                 f"a creditor alone defeats the plan if its claims > {format_percent(share)} of T or 1/n ≥ "
                 f"{format_percent(head)}",
                 {c: f"{format_yen(a)} ({format_percent(Fraction(a, total))})"
                  for c, a in by_creditor.items()},
                 ", ".join(blockers) or "none", rules=(veto,))
        for c in blockers:
            acc.warnings.append((
                f"{c} は単独で再生計画を否決できます（不同意が債権額の過半または頭数の半数以上で否決、"
                "民再230条6項）。給与所得者等再生には決議がありません",
                f"{c} can defeat the plan alone (objections by more than half the claims or at least half "
                "the creditors defeat it, art. 230(6)); salaried-person rehabilitation has no vote"))


def _rehab_costs(ctx: _Ctx, acc: _Acc) -> list[Item]:
    res = acc.rule("rehabilitation.costs_tokyo", ctx.filing)
    v = res.value
    lawyer = ctx.options.lawyer
    commissioner = int(v["commissioner_fee_with_lawyer"] if lawyer else v["commissioner_fee_self"])
    items = []
    for k, ja, en, amount in (
        ("filing_fee", "申立手数料（収入印紙）", "Filing fee (revenue stamps)", int(v["filing_fee"])),
        ("gazette_fee", "官報公告費（予納金）", "Official-gazette fee", int(v["gazette_fee"])),
        ("commissioner_fee", "個人再生委員の報酬（東京地裁）", "Rehabilitation commissioner's fee (Tokyo)",
         commissioner),
    ):
        step = acc.step(f"rehabilitation.costs.{k}", ja, "court practice (Tokyo)",
                        {"lawyer": "yes" if lawyer else "no"}, format_yen(amount), rules=(res,))
        items.append(Item(k, ja, en, amount, step))
    if lawyer:
        items.append(_lawyer_fee(acc, "rehabilitation.lawyer_fee", ctx.filing, "弁護士費用（税込）"))
    acc.warnings.append(_NO_POSTAGE)
    return items


# ------------------------------------------------------------------------------ bankruptcy


def _bankruptcy(ctx: _Ctx) -> Route:
    acc = _Acc(ctx.book)
    filing, opts = ctx.filing, ctx.options
    ordinary, support, taxes = (ctx.total(DebtKind.ORDINARY), ctx.total(DebtKind.SUPPORT),
                                ctx.total(DebtKind.TAX))
    cash_res = acc.rule("bankruptcy.tokyo_cash_threshold", filing)
    item_res = acc.rule("bankruptcy.asset_item_threshold", filing)
    frac_res = acc.rule("rehabilitation.retirement_allowance_fraction", filing)
    free_res = acc.rule("bankruptcy.free_cash", filing)
    cash_th, item_th, free = int(cash_res.value), int(item_res.value), int(free_res.value)
    cats = _categories(_owned(ctx.assets, ctx.debtor), Fraction(frac_res.value))
    cash = sum(counted for kind, _, counted in cats if kind is AssetKind.CASH)
    triggers: list[str] = []
    if cash >= cash_th:
        triggers.append(f"cash {format_yen(cash)} ≥ {format_yen(cash_th)}")
    at_risk = max(0, cash - free)
    for kind, _, counted in cats:
        if kind is not AssetKind.CASH and counted >= item_th:
            triggers.append(f"{kind.value} {format_yen(counted)} ≥ {format_yen(item_th)}")
            at_risk += counted
    if opts.discharge_concerns:
        triggers.append("免責不許可事由の調査 / grounds for refusing discharge to investigate")
    trustee = bool(triggers)
    acc.step("bankruptcy.track", "同時廃止か管財か（東京地裁の振り分け）",
             "管財 if cash ≥ cash threshold, any other category ≥ item threshold (retirement × fraction), or "
             "discharge concerns",
             {kind.value: format_yen(counted) for kind, _, counted in cats} | {
                 "discharge_concerns": "yes" if opts.discharge_concerns else "no"},
             ("管財 / trustee case: " + "; ".join(triggers)) if trustee else "同時廃止 / no trustee",
             rules=(cash_res, item_res, frac_res))
    if not trustee:
        at_risk = 0
    acc.step("bankruptcy.free_cash", "自由財産（現金）", "kept = min(cash, free cash)",
             {"cash": format_yen(cash)}, format_yen(min(cash, free)), rules=(free_res,),
             note="破産法34条3項1号: cash only; deposits are kept only by 自由財産の拡張 (34条4項)."
                  + (f" Estimated value a trustee may realise: {format_yen(at_risk)} (upper bound)."
                     if trustee else ""))
    costs = _bankruptcy_costs(ctx, acc, trustee=trustee)
    costs_total = sum(c.amount for c in costs)
    eligible = True
    if ordinary == 0:
        eligible = False
        acc.reasons.append(("免責で消える債務がありません（養育費・税金は免責されません）",
                            "there is no debt a discharge would remove (support and taxes are not "
                            "discharged)"))
    acc.step("bankruptcy.discharge", "免責される債務と残る債務",
             "forgiven = ordinary; surviving = support + taxes",
             {"ordinary": format_yen(ordinary), "support": format_yen(support), "taxes": format_yen(taxes)},
             f"forgiven {format_yen(ordinary)}, surviving {format_yen(support + taxes)}",
             note="破産法253条1項: 租税等 and 婚姻費用・養育費 are not discharged; 財産分与 claims are.")
    _bankruptcy_notes(ctx, acc, trustee=trustee, costs_total=costs_total, support=support, taxes=taxes)
    gaz = acc.rule("bankruptcy.gazette_publications", filing)
    guarantors, co = _people(ctx.debts)
    names = _names(guarantors, co)
    who: Text = ((f"免責は{names[0]}の責任に影響しません。残債の全額がそのまま請求されます"
                  "（破産法253条2項、記事）",
                  f"the discharge does not touch {names[1]}: each can be billed the whole remaining debt "
                  "(Bankruptcy Act 253(2), seed article)") if guarantors or co else _NO_GUARANTORS)
    credit = [_official_gazette_record(acc, filing), *_transaction_records(acc, None, filing, bankrupt=True)]
    acc.life += [
        (f"官報に氏名が{gaz.value}回載ります（破産手続開始決定・免責許可決定）",
         f"the debtor's name appears in the official gazette {gaz.value} times (opening, discharge)"),
        (f"現金 {format_yen(free)} までは手元に残せます（自由財産、破産法34条3項）",
         f"cash up to {format_yen(free)} is kept (free property, Bankruptcy Act 34(3))"),
        ("信用情報に記録がある間は、新しいローンやクレジットカードは作れません（記事: "
         "一定期間クレジットカードが作れなくなる）",
         "while the records last, new loans and credit cards are out of reach (seed article)"),
        ("免責許可決定の確定（復権）まで、一部の資格・職業に就けません（破産法255条・各資格法。調査資料外）",
         "some licences and occupations are barred until the discharge becomes final (復権; Bankruptcy Act "
         "255 and the licensing laws; outside the research documents)"),
    ]
    if trustee:
        acc.life += [
            ("管財事件の間は、転居や長期の旅行に裁判所の許可が必要です（破産法37条。調査資料外）",
             "during a trustee case, moving house or a long trip needs the court's permission (Bankruptcy "
             "Act 37; outside the research documents)"),
            ("管財事件の間は、郵便物が破産管財人に転送されます（破産法81条。調査資料外）",
             "during a trustee case, mail is redirected to the trustee (Bankruptcy Act 81; outside the "
             "research documents)"),
        ]
    if support or taxes:
        acc.life.append((f"養育費・婚姻費用・税金 {format_yen(support + taxes)} は免責されず、"
                         "払い続けます（破産法253条1項）",
                         f"support and taxes of {format_yen(support + taxes)} are not discharged and must "
                         "still be paid (Bankruptcy Act 253(1))"))
    return _route(ctx, acc, "bankruptcy", eligible=eligible, feasible=eligible,
                  total_to_pay=costs_total + support + taxes, instalments_total=0, monthly=0, last=0,
                  months=None, end=None, costs=costs, forgiven=ordinary, surviving=support + taxes,
                  official_gazette=int(gaz.value), guarantors=who, credit=credit, assets_at_risk=at_risk)


def _bankruptcy_costs(ctx: _Ctx, acc: _Acc, *, trustee: bool) -> list[Item]:
    filing = ctx.filing
    items = []
    parts = [("filing_fee", "bankruptcy.filing_fee", "申立手数料（収入印紙）", "Filing fee (revenue stamps)"),
             ("gazette_fee", "bankruptcy.gazette_fee", "官報公告費（予納金）", "Official-gazette fee")]
    if trustee:
        parts.append(("trustee_deposit", "bankruptcy.tokyo_small_trustee_deposit",
                      "少額管財の引継予納金（東京地裁）", "Small trustee-case deposit (Tokyo)"))
    for k, rule_key, ja, en in parts:
        res = acc.rule(rule_key, filing)
        step = acc.step(f"bankruptcy.costs.{k}", ja, "rule value", {}, format_yen(res.value), rules=(res,))
        items.append(Item(k, ja, en, int(res.value), step))
    if ctx.options.lawyer:
        items.append(_lawyer_fee(acc, "bankruptcy.lawyer_fee", filing, "弁護士費用（税込）"))
    return items


def _bankruptcy_notes(ctx: _Ctx, acc: _Acc, *, trustee: bool, costs_total: Yen, support: Yen,
                      taxes: Yen) -> None:
    prev = ctx.options.previous_discharge
    bar = acc.rule("bankruptcy.discharge_repeat_bar_years", ctx.filing)
    if prev is not None and ctx.filing < add_years(prev, int(bar.value)):
        acc.warnings.append((
            f"前回の免責等（{prev.isoformat()}）から{bar.value}年以内の申立ては免責不許可事由です"
            "（破産法252条1項10号）。裁量免責の可能性はあります（252条2項）",
            f"a discharge within {bar.value} years of an earlier one ({prev.isoformat()}) is a ground for "
            "refusal (Bankruptcy Act 252(1)(x)); a discretionary discharge is still possible (252(2))"))
    acc.warnings.append(("申立てから免責までの期間は調査資料にないため不明です（回数・終了日は表示しません）",
                         "the time from filing to discharge is not in the research (不明): no end date is "
                         "shown"))
    if trustee and not ctx.options.lawyer:
        acc.warnings.append(("本人申立ての管財事件は少額管財にならず予納金が高くなります（金額は未確認）。"
                             "表示の費用は下限です",
                             "a trustee case filed without a lawyer is not a small trustee case and the "
                             "deposit is higher (amount unconfirmed): the costs shown are a lower bound"))
    acc.warnings.append(_NO_POSTAGE)
    means = ctx.household.savings + ctx.household.relatives_help
    if costs_total > means:
        acc.warnings.append((f"費用 {format_yen(costs_total)} は"
                             f"貯蓄と援助の合計 {format_yen(means)} を超えます",
                             f"the costs of {format_yen(costs_total)} exceed savings plus family help of "
                             f"{format_yen(means)}"))
    if support or taxes:
        acc.warnings.append(("養育費・婚姻費用と税金は免責されません。"
                             "財産分与の請求権は免責の対象です（破産法253条1項）",
                             "child support, marital costs and taxes survive the discharge; "
                             "property-division claims are discharged (Bankruptcy Act 253(1))"))


# ------------------------------------------------------------------------------ limitation


def _limitation(debt: ResidualDebt, on: date, book: RuleBook) -> LimitationInfo:
    acc = _Acc(book)
    years: int | None = None
    objective: int | None = None
    regime = "unknown"
    regime_text: Text = ("契約日が未入力のため、適用される時効の規定は不明です",
                         "no contract date: which limitation law applies is unknown (不明)")
    cd = debt.contract_date
    if debt.kind is not DebtKind.ORDINARY:
        regime = "not_covered"
        regime_text = ("養育費・税金の時効は調査の対象外です（不明）",
                       "limitation of support and tax claims is outside the research (不明)")
    elif cd is not None:
        new = acc.rule("limitation.new_law", cd)
        civil_lender = debt.lender is LenderType.JHF or any(w in debt.creditor for w in _CREDIT_UNION_WORDS)
        if new.in_force:
            regime = "new_law"
            years, objective = int(new.value["subjective_years"]), int(new.value["objective_years"])
            regime_text = (f"2020年4月1日以後の契約: 知った時から{years}年・権利を行使できる時から{objective}"
                           "年（民法166条1項）",
                           f"contract from 2020-04-01: {years} years from when the creditor knew, "
                           f"{objective} years from when it could claim (Civil Code 166(1))")
            used = new
        elif civil_lender and not debt.guarantor_company:
            used = acc.rule("limitation.civil_claim_years", cd)
            regime, years = "civil", int(used.value)
            regime_text = ("2020年3月31日以前の契約・商人でない貸主（住宅金融支援機構・信用金庫等）: "
                           f"{years}年（旧民法167条1項）",
                           "contract before 2020-04-01 with a non-merchant lender (JHF, 信用金庫 …): "
                           f"{years} years (former Civil Code 167(1))")
        else:
            used = acc.rule("limitation.commercial_claim_years", cd)
            regime, years = "commercial", int(used.value)
            regime_text = ("2020年3月31日以前の契約・商人の債権者（銀行・保証会社・貸金業者）: "
                           f"{years}年（旧商法522条）",
                           "contract before 2020-04-01 with a merchant creditor (bank, guarantee company, "
                           f"consumer lender): {years} years (former Commercial Code 522)")
        acc.step(f"limitation.{debt.name}.regime", "適用される時効", "by contract date and creditor",
                 {"contract_date": cd.isoformat(), "lender": debt.lender.value if debt.lender else "—",
                  "creditor": debt.creditor, "guarantee_company": "yes" if debt.guarantor_company else "no"},
                 f"{regime}: {years} years", rules=(used,),
                 note="附則10条4項: the law at the contract (保証委託契約 for a 求償権) decides. Lender type "
                      "by LenderType; a 信用金庫 etc. is recognised by its name.")
    clock: date | None = None
    if debt.default_date is not None:
        clock = debt.default_date + timedelta(days=1) if debt.guarantor_company else debt.default_date
    earliest = add_years(clock, years) if clock is not None and years is not None else None
    warnings: list[Text] = [
        ("時効は、支払督促・訴訟や一部の支払いで止まるため、成立することはまずありません。"
         "勧める方法ではありません（記事: 時効が成立することは、まずありえない）",
         "servicers sue or obtain a payment before it runs out, so a time-barred residual is rare; it is "
         "never a recommended route (seed article)"),
        ("時効は援用しなければ効力がありません（民法145条）",
         "it only takes effect if invoked (援用, Civil Code 145)"),
    ]
    if clock is None and regime not in ("not_covered",):
        warnings.append(("期限の利益喪失日・代位弁済日が未入力のため起算日は不明です",
                         "no default or subrogation date: the clock start is unknown (不明)"))
    judgment = acc.rule("limitation.judgment_years", on)
    agreement = acc.rule("limitation.agreement_suspension", on)
    resets: list[Text] = [
        ("一部でも支払う・分割を申し出る（承認）と、時効はそこからやり直しになります（民法152条）",
         "any payment or request to pay in instalments is an acknowledgement: the period starts again (Civil "
         "Code 152)"),
        (f"判決・支払督促などで確定すると、そこから{judgment.value}年になります（民法169条）",
         f"a judgment or a final payment order starts a new {judgment.value}-year period (Civil Code 169)"),
        ("催告（請求書・内容証明）で完成が一時猶予されます（民法150条）",
         "a demand suspends completion for a while (Civil Code 150)"),
    ]
    if agreement.in_force:
        resets.append((f"協議を行う旨の書面合意で最長{agreement.value['per_agreement_years']}年ずつ、"
                       f"通算{agreement.value['max_total_years']}年まで完成が猶予されます（民法151条）",
                       "a written agreement to negotiate suspends it up to "
                       f"{agreement.value['per_agreement_years']} year at a time, "
                       f"{agreement.value['max_total_years']} years in all (Civil Code 151)"))
    acc.step(f"limitation.{debt.name}.earliest", "時効完成の最も早い時期", "clock start + years",
             {"default_date": _iso(debt.default_date) or "—",
              "clock_start": _iso(clock) or "—", "years": str(years) if years is not None else "—"},
             _iso(earliest) or "不明 / unknown", rules=(judgment, agreement),
             note="A guarantee company's 求償権 runs from the day after 代位弁済. Information only, never a "
                  "route.")
    return LimitationInfo(debt=debt.name, creditor=debt.creditor, regime=regime, regime_text=regime_text,
                          years=years, objective_years=objective, clock_start=clock, earliest=earliest,
                          resets=tuple(resets), warnings=tuple(warnings), steps=tuple(acc.steps),
                          rules_used=unique_uses(acc.uses))


# ------------------------------------------------------------------------------ entry point


def _validate(debts: Sequence[ResidualDebt], household: Household, options: ResidualOptions,
              debtor: str) -> None:
    if not isinstance(debtor, str) or not debtor.strip():
        raise DomainError.invalid("residual.debtor", repr(debtor), "名前を指定してください",
                                  "a name is required")
    for i, d in enumerate(debts):
        require_yen(f"debts[{i}].amount", d.amount)
        require_yen(f"debts[{i}].late_charges", d.late_charges)
        require_yen(f"debts[{i}].monthly_payment", d.monthly_payment)
        if d.late_charges > d.amount:
            raise DomainError.invalid(f"debts[{i}].late_charges", d.late_charges,
                                      "遅延損害金は請求額の内数です（請求額以下）",
                                      "late charges are part of the amount (at most the amount)")
        if not isinstance(d.kind, DebtKind):
            raise DomainError.invalid(f"debts[{i}].kind", d.kind, "ordinary / support / tax",
                                      "ordinary, support or tax")
    for name in ("savings", "relatives_help", "monthly_income", "monthly_living_costs"):
        require_yen(f"household.{name}", getattr(household, name))
    for name in ("monthly_rent_after_sale", "annual_minimum_living_cost"):
        if getattr(household, name) is not None:
            require_yen(f"household.{name}", getattr(household, name))
    for i, a in enumerate(household.assets):
        require_yen(f"household.assets[{i}].amount", a.amount)
    if options.instalment_rounding not in ("ceil", "floor"):
        raise DomainError.invalid("residual.instalment_rounding", options.instalment_rounding,
                                  "ceil（切上げ）か floor（切捨て）です", "use ceil or floor")
    for name in ("monthly_payment", "settlement"):
        if getattr(options, name) is not None:
            require_yen(f"residual.{name}", getattr(options, name))
    if not isinstance(options.negotiated_rate, Fraction | int) or options.negotiated_rate < 0:
        raise DomainError.invalid("residual.negotiated_rate", options.negotiated_rate,
                                  "0以上の利率です", "a rate of zero or more")
    years = options.plan_years
    if years is not None and (isinstance(years, bool) or not isinstance(years, int) or years < 1):
        raise DomainError.invalid("residual.plan_years", options.plan_years, "1以上の年数です",
                                  "a whole number of years, at least 1")
    if options.settlement is not None and options.settlement > sum(d.amount for d in debts):
        raise DomainError.invalid("residual.settlement", options.settlement, "債務の合計以下の額です",
                                  "at most the total debt")


def residual_routes(debts: Sequence[ResidualDebt], household: Household, options: ResidualOptions, *,
                    debtor: str, start: date, book: RuleBook) -> ResidualRoutes:
    """Every route for ``debtor``'s remaining debt from ``start`` (the day it is fixed).

    Court routes are filed on ``options.filing_date`` or ``start``. Only assets owned by the debtor
    (or not attributed) count.
    """
    debts = tuple(debts)
    _validate(debts, household, options, debtor)
    filing = options.filing_date or start
    rent = household.monthly_rent_after_sale or 0
    capacity = household.monthly_income - household.monthly_living_costs - rent
    cap_step = Step(name="residual.capacity", label_ja="毎月の返済余力",
                    formula="take-home income − living costs − rent after the sale",
                    inputs={"monthly_income": format_yen(household.monthly_income),
                            "monthly_living_costs": format_yen(household.monthly_living_costs),
                            "rent": format_yen(rent) if household.monthly_rent_after_sale is not None
                            else "未入力"},
                    result=format_yen(capacity),
                    note="Current payments on other debts are replaced by the route's own payments.")
    warnings: list[Text] = []
    if household.monthly_rent_after_sale is None:
        warnings.append(("売却後の家賃が未入力のため、住居費0円で余力を計算しました",
                         "the rent after the sale is not entered: capacity assumes no housing cost"))
    if filing < start:
        warnings.append(("申立日が残債の確定日より前です。裁判所の手続は売却の後で計算してください",
                         "the filing date is before the remaining debt is fixed; court routes assume a "
                         "filing after the sale"))
    assets = tuple(_owned(household.assets, debtor))
    ctx = _Ctx(debts, household, options, debtor, start, filing, book, capacity, assets)
    routes = [_negotiated(ctx, waive=False), _negotiated(ctx, waive=True)]
    if options.settlement is not None:
        routes.append(_settlement(ctx, options.settlement))
    routes += [_rehabilitation(ctx, salaried=False), _rehabilitation(ctx, salaried=True), _bankruptcy(ctx)]
    limitation = tuple(_limitation(d, start, book) for d in debts)
    uses = unique_uses([u for r in routes for u in r.rules_used]
                       + [u for li in limitation for u in li.rules_used])
    return ResidualRoutes(debtor=debtor, start=start, debts=debts, capacity=capacity, routes=tuple(routes),
                          limitation=limitation, warnings=tuple(warnings), rules_used=uses,
                          filing_date=filing, steps=(cap_step,))
