"""Distribution of the sale price (配分表): who receives what at settlement.

Two modes:

* ``full_repayment`` (通常売却): a strict priority waterfall — sale costs, liens by rank, the
  condominium association, unpaid taxes, then the seller. A claim left unpaid means the sale
  cannot close without extra cash (overloan).
* ``short_sale`` (任意売却): the first lender releases its lien for less. The deductions its
  criteria allow come off the price first, each capped by the rule book's JHF criteria (the
  de-facto industry standard, law-sale-costs §8.1, law-debt-divorce §3.6); the first lender
  takes the rest up to its claim, any surplus runs down the ranks, then to the seller.

Costs the criteria do not allow (the stamp duty, a scrivener fee above the cap, unlisted items)
are not taken from the price: they appear in ``Distribution.out_of_pocket`` and in a warning,
because the seller pays them from other money. The allocation always adds up to the price.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any

from zansai.errors import DomainError
from zansai.model import DistributionMode, Item
from zansai.model.checks import require_yen
from zansai.money import Rounding, Yen, format_percent, format_yen, round_div
from zansai.rules import RuleBook
from zansai.trace import Explanation, RuleUse, Step, unique_uses

__all__ = [
    "ConsentCheck", "Distribution", "LienClaim", "Line", "Party", "allocate", "lender_refusal_risk",
    "release_fee", "required_consents", "tax_seizure_release",
]

FULL_REPAYMENT = DistributionMode.FULL_REPAYMENT
SHORT_SALE = DistributionMode.SHORT_SALE
AUCTION = DistributionMode.AUCTION

BROKERAGE_FEE = "brokerage_fee"
REGISTRATION_TAX = "lien_release_tax"
SCRIVENER_FEE = "scrivener_fee"
STAMP_DUTY = "stamp_duty"
BANKRUPTCY_ESTATE = "bankruptcy_estate"
"""破産財団組入金 (a trustee's sale): capped at a share of the price."""
_ALWAYS_DEDUCTIBLE = frozenset({BROKERAGE_FEE, REGISTRATION_TAX})
"""Deductible in full under the JHF criteria: 仲介手数料 (legal cap) and 登録免許税."""

FLOOR = "1円未満切捨て"


class Party(StrEnum):
    SALE_COSTS = "sale_costs"
    LENDER = "lender"
    """The first (senior-most) mortgage lender."""
    JUNIOR_LIENHOLDER = "junior_lienholder"
    TAX_OFFICE = "tax_office"
    """A tax seizure (差押) lien, or unpaid taxes without a seizure."""
    ASSOCIATION = "association"
    """管理組合: unpaid management fees and repair reserve."""
    SELLER = "seller"


_CLAIM_PARTIES = frozenset({Party.LENDER, Party.JUNIOR_LIENHOLDER, Party.TAX_OFFICE, Party.ASSOCIATION})


@dataclass(frozen=True, slots=True)
class LienClaim:
    """A lien on the home and what its holder is owed on the settlement date."""

    rank: int
    holder: str
    claim: Yen
    principal: Yen
    """Remaining principal (残元金), for the 1割 test of the release fee."""
    is_tax_seizure: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """One row of the 配分表."""

    party: Party
    name: str
    label_ja: str
    label_en: str
    claim: Yen
    paid: Yen
    step: Step | None
    rank: int | None = None
    deduction: Yen = 0
    """Part of ``paid`` deducted before the first lender in a short sale (控除額)."""

    @property
    def shortfall(self) -> Yen:
        """What stays owed (claim − paid); 0 for cost and seller rows."""
        return self.claim - self.paid if self.party in _CLAIM_PARTIES else 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "party": self.party.value, "name": self.name, "label_ja": self.label_ja,
            "label_en": self.label_en, "claim": self.claim, "paid": self.paid,
            "shortfall": self.shortfall, "deduction": self.deduction, "rank": self.rank,
        }
        if self.step is not None:
            out["why"] = self.step.to_dict()
        return out


def _row(label_ja: str, label_en: str, amount: Yen, note: str = "") -> dict[str, Any]:
    return {"label_ja": label_ja, "label_en": label_en, "amount": amount, "note": note}


@dataclass(frozen=True, slots=True)
class Distribution:
    """The 配分表 of one sale price."""

    price: Yen
    mode: DistributionMode
    lines: tuple[Line, ...]
    warnings: tuple[tuple[str, str], ...]
    rules_used: tuple[RuleUse, ...]
    out_of_pocket: tuple[Item, ...] = field(default=())
    """Costs the seller pays from other money, outside the price (short sale)."""

    @property
    def paid_total(self) -> Yen:
        return sum(line.paid for line in self.lines)

    @property
    def remaining_debt(self) -> Yen:
        """Σ claim − paid over the claim rows (残債 after settlement)."""
        return sum(line.shortfall for line in self.lines)

    def paid_to(self, party: Party, name: str | None = None) -> Yen:
        return sum(ln.paid for ln in self.lines if ln.party is party and name in (None, ln.name))

    def _first_lender(self) -> Line | None:
        return next((ln for ln in self.lines if ln.party is Party.LENDER), None)

    def table(self) -> list[dict[str, Any]]:
        """The 配分表 rows in the order lenders lay them out."""
        rows = [_row("売買代金", "Sale price", self.price)]
        liens = [ln for ln in self.lines if ln.rank is not None]
        if self.mode == SHORT_SALE:
            rows += self._deduction_rows()
            first = self._first_lender()
            if first is not None:
                rows.append(_row(f"第{first.rank}順位 返済額（{first.name}）",
                                 f"Repaid to the first lender ({first.name})", first.paid,
                                 "控除後の残額 / price less deductions, up to the claim"))
            for ln in self.lines:
                extra = ln.paid - ln.deduction
                if ln.party is not Party.SELLER and ln is not first and extra > 0:
                    rows.append(_row(f"{ln.label_ja} 返済額", f"{ln.label_en}: repaid", extra,
                                     "第1順位の完済後の残余 / surplus after the first lender"))
        else:
            rows += [_row(ln.label_ja, ln.label_en, ln.paid, "優先順位どおり / by priority")
                     for ln in self.lines if ln.party is not Party.SELLER]
        for ln in liens:
            rows.append(_row(f"{ln.label_ja} 残債", f"{ln.label_en}: remaining debt", ln.shortfall,
                             "請求額 − 配分額 / claim − paid"))
        rows += [_row(f"{ln.label_ja} 残", f"{ln.label_en}: still unpaid", ln.shortfall,
                      "請求額 − 配分額 / claim − paid")
                 for ln in self.lines if ln.rank is None and ln.shortfall > 0]
        rows.append(_row("売主手取り", "Seller's proceeds", self.paid_to(Party.SELLER, "proceeds")))
        rows += [_row(f"別途 売主負担: {it.label_ja}", f"Paid by the seller separately: {it.label_en}",
                      it.amount, "売買代金からは控除されない / not taken from the price")
                 for it in self.out_of_pocket]
        return rows

    def _deduction_rows(self) -> list[dict[str, Any]]:
        costs = [ln for ln in self.lines if ln.party is Party.SALE_COSTS]
        junior = [ln for ln in self.lines if ln.party is Party.JUNIOR_LIENHOLDER]
        assoc = [ln for ln in self.lines if ln.party is Party.ASSOCIATION]
        seizures = [ln for ln in self.lines if ln.party is Party.TAX_OFFICE and ln.rank is not None]
        moving = [ln for ln in self.lines if ln.party is Party.SELLER and ln.name == "moving_allowance"]
        rows = [_row(ln.label_ja, ln.label_en, ln.deduction,
                     ln.step.formula if ln.step and ln.step.rules else "全額控除 / deducted in full")
                for ln in costs]
        rows += [_row(f"第{ln.rank}順位 抹消承諾料（{ln.name}）",
                      f"Release fee to the rank-{ln.rank} lienholder ({ln.name})", ln.deduction,
                      "min(上限, 残元金×割合) / min(cap, principal × ratio)") for ln in junior]
        rows += [_row("滞納管理費等", "Unpaid condominium fees", ln.deduction,
                      "直近の年数分まで / up to the allowed years") for ln in assoc]
        first_rank = next((ln.rank or 0 for ln in self.lines if ln.party is Party.LENDER), 0)
        rows += [_row(f"差押解除費用（{ln.name}）", f"Release of the tax seizure ({ln.name})", ln.deduction,
                      "優先税: 全額 / tax with priority: in full" if (ln.rank or 0) < first_rank
                      else "min(上限, 固都税1年分) / min(cap, one year of property tax)")
                 for ln in seizures]
        rows += [_row("引越費用", "Moving allowance", ln.deduction,
                      "金融機関の同意が必要 / lender must agree") for ln in moving]
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "price": self.price,
            "mode": self.mode,
            "paid_total": self.paid_total,
            "remaining_debt": self.remaining_debt,
            "lines": [ln.to_dict() for ln in self.lines],
            "table": self.table(),
            "out_of_pocket": [it.to_dict() for it in self.out_of_pocket],
            "warnings": [{"ja": ja, "en": en} for ja, en in self.warnings],
            "rules_used": [r.ref() for r in self.rules_used],
        }

    def explain(self) -> Explanation:
        title = {SHORT_SALE: "配分表（任意売却） / distribution of a short sale",
                 AUCTION: "配当（競売） / distribution of an auction"}.get(
                     self.mode, "配分表（通常売却） / distribution of a normal sale")
        steps = tuple(s for s in [*(ln.step for ln in self.lines), *(it.step for it in self.out_of_pocket)]
                      if s is not None)
        return Explanation(title=title, steps=steps,
                           notes=tuple(f"{ja} / {en}" for ja, en in self.warnings))


# ------------------------------------------------------------------------------ allocation


class _Row:
    """A line under construction (mutable while the price is allocated)."""

    def __init__(self, party: Party, name: str, label_ja: str, label_en: str, claim: Yen, *,
                 rank: int | None = None, allowed: Yen | None = None, formula: str = "",
                 rules: tuple[RuleUse, ...] = (), rounding: str | None = None, note: str | None = None,
                 inputs: dict[str, str] | None = None) -> None:
        self.party, self.name, self.label_ja, self.label_en = party, name, label_ja, label_en
        self.claim, self.rank = claim, rank
        self.allowed = claim if allowed is None else allowed
        self.paid = 0
        self.deduction = 0
        self.formula, self.rules, self.rounding, self.note = formula, rules, rounding, note
        self.inputs = dict(inputs or {})
        self.inputs.setdefault("claim", format_yen(claim))

    def pay(self, amount: Yen, remaining: Yen) -> Yen:
        """Pay ``min(amount, remaining)``; return what remains."""
        got = min(amount, remaining)
        self.paid += got
        return remaining - got

    def freeze(self) -> Line:
        formula = self.formula or "paid = min(claim, remaining)"
        inputs = dict(self.inputs)
        if self.deduction:
            inputs["deduction"] = format_yen(self.deduction)
        step = Step(name=f"distribution.{self.party.value}.{self.name}", label_ja=self.label_ja,
                    formula=formula, inputs=inputs, result=format_yen(self.paid),
                    rounding=self.rounding, rules=self.rules, note=self.note)
        return Line(self.party, self.name, self.label_ja, self.label_en, self.claim, self.paid, step,
                    self.rank, self.deduction)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _lien_row(lien: LienClaim, party: Party) -> _Row:
    kind_ja, kind_en = ("差押", "tax seizure") if lien.is_tax_seizure else ("抵当権", "lien")
    return _Row(party, lien.holder, f"第{lien.rank}順位 {kind_ja}（{lien.holder}）",
                f"{_ordinal(lien.rank)} {kind_en} ({lien.holder})", lien.claim, rank=lien.rank,
                inputs={"principal": format_yen(lien.principal)})


def release_fee(rank: int, principal: Yen, *, book: RuleBook, on: date) -> Item:
    """ハンコ代 allowed for a junior lien: min(cap for its rank, principal × ratio), JHF criteria.

    The row with the largest rank not above ``rank`` applies (rank 4 covers 5th and later).
    """
    resolved = book.at("short_sale.jhf_release_fees", on)
    use = RuleUse.of(resolved)
    rows = [r for r in sorted(resolved.value, key=lambda r: r["rank"]) if r["rank"] <= rank]
    if not rows:
        step = Step(name="release_fee", label_ja="抹消承諾料", formula="no row for this rank",
                    inputs={"rank": str(rank)}, result=format_yen(0), rules=(use,))
        return Item("release_fee", "抹消承諾料", "Release fee", 0, step)
    row = rows[-1]
    ratio = Fraction(row["principal_ratio"])
    by_ratio = round_div(principal * ratio.numerator, ratio.denominator, Rounding.FLOOR)
    amount = min(row["cap"], by_ratio)
    step = Step(
        name="release_fee", label_ja=f"第{rank}順位 抹消承諾料（ハンコ代）",
        formula=f"min({format_yen(row['cap'])}, principal × {format_percent(ratio)})",
        inputs={"rank": str(rank), "row_rank": str(row["rank"]), "principal": format_yen(principal)},
        result=format_yen(amount), rounding=FLOOR, rules=(use,),
    )
    return Item("release_fee", "抹消承諾料", "Release fee", amount, step)


def tax_seizure_release(annual_property_tax: Yen, *, book: RuleBook, on: date) -> Item:
    """Taxes allowed to lift a (non-priority) tax seizure: min(cap, one year of 固都税)."""
    resolved = book.at("short_sale.jhf_tax_seizure_release_cap", on)
    amount = min(int(resolved.value), annual_property_tax)
    step = Step(name="tax_seizure_release", label_ja="差押解除費用",
                formula=f"min({format_yen(resolved.value)}, annual property tax)",
                inputs={"annual_property_tax": format_yen(annual_property_tax)},
                result=format_yen(amount), rules=(RuleUse.of(resolved),))
    return Item("tax_seizure_release", "差押解除費用", "Release of the tax seizure", amount, step)


def _validate(price: Yen, costs: Sequence[Item], liens: Sequence[LienClaim], amounts: dict[str, Yen],
              monthly_management_fee: Yen | None, short_sale: bool) -> None:
    require_yen("distribution.price", price)
    for item in costs:
        require_yen(f"distribution.costs.{item.key}", item.amount)
    for name, value in amounts.items():
        require_yen(name, value)
    if monthly_management_fee is not None:
        require_yen("property.monthly_management_fee", monthly_management_fee)
    ranks = [lien.rank for lien in liens]
    for lien in liens:
        if isinstance(lien.rank, bool) or not isinstance(lien.rank, int) or lien.rank < 1:
            raise DomainError.invalid("liens.rank", lien.rank, "1以上の順位を指定してください",
                                      "ranks start at 1")
        require_yen(f"liens[{lien.rank}].claim", lien.claim)
        require_yen(f"liens[{lien.rank}].principal", lien.principal)
    if len(set(ranks)) != len(ranks):
        raise DomainError.invalid("liens.rank", ranks, "順位は重複できません", "ranks must be distinct")
    if short_sale and all(lien.is_tax_seizure for lien in liens):
        raise DomainError.invalid("liens", len(liens), "任意売却には抵当権者（金融機関）が必要です",
                                  "a short sale needs a mortgage lender among the liens")


def allocate(price: Yen, *, costs: Sequence[Item], liens: Sequence[LienClaim], association_claim: Yen,
             tax_claim: Yen, annual_property_tax: Yen, settlement: date, book: RuleBook,
             short_sale: bool, moving_allowance: Yen = 0,
             monthly_management_fee: Yen | None = None, auction: bool = False) -> Distribution:
    """Allocate ``price`` among costs, lienholders, the association, taxes and the seller.

    ``auction``: the court's 配当 — the same priority waterfall, but a claim left unpaid simply
    remains owed (there is no sale to call off for want of cash)."""
    _validate(price, costs, liens, {"association_claim": association_claim, "tax_claim": tax_claim,
                                    "annual_property_tax": annual_property_tax,
                                    "moving_allowance": moving_allowance},
              monthly_management_fee, short_sale)
    ordered = sorted(liens, key=lambda lien: lien.rank)
    first = next((lien for lien in ordered if not lien.is_tax_seizure), None)
    lien_rows: list[_Row] = []
    for lien in ordered:
        party = (Party.TAX_OFFICE if lien.is_tax_seizure
                 else Party.LENDER if lien is first else Party.JUNIOR_LIENHOLDER)
        lien_rows.append(_lien_row(lien, party))
    assoc = (_Row(Party.ASSOCIATION, "association", "滞納管理費・修繕積立金", "Unpaid condominium fees",
                  association_claim) if association_claim > 0 else None)
    taxes = (_Row(Party.TAX_OFFICE, "unpaid_taxes", "滞納税（差押なし）", "Unpaid taxes (no seizure)",
                  tax_claim) if tax_claim > 0 else None)
    seller = _Row(Party.SELLER, "proceeds", "売主手取り", "Seller's proceeds", 0,
                  formula="price − everything paid before")
    if short_sale:
        return _short_sale(price, costs, ordered, lien_rows, assoc, taxes, seller, annual_property_tax,
                           settlement, book, moving_allowance, monthly_management_fee)
    return _full_repayment(price, costs, lien_rows, assoc, taxes, seller, moving_allowance, auction)


def _freeze(price: Yen, mode: DistributionMode, rows: list[_Row], seller: _Row, remaining: Yen,
            warnings: list[tuple[str, str]], out_of_pocket: list[Item]) -> Distribution:
    seller.paid = seller.claim = remaining
    seller.inputs = {"price": format_yen(price), "remaining": format_yen(remaining)}
    lines = tuple(r.freeze() for r in [*rows, seller])
    steps = [ln.step for ln in lines] + [it.step for it in out_of_pocket]
    uses = unique_uses(use for step in steps if step for use in step.rules)
    dist = Distribution(price, mode, lines, tuple(warnings), uses, tuple(out_of_pocket))
    assert dist.paid_total == price, "allocation must add up to the price"
    return dist


def _full_repayment(price: Yen, costs: Sequence[Item], lien_rows: list[_Row], assoc: _Row | None,
                    taxes: _Row | None, seller: _Row, moving_allowance: Yen,
                    auction: bool = False) -> Distribution:
    rows = [_Row(Party.SALE_COSTS, it.key, it.label_ja, it.label_en, it.amount) for it in costs]
    rows += lien_rows + [r for r in (assoc, taxes) if r is not None]
    remaining = price
    for r in rows:
        r.inputs["remaining"] = format_yen(remaining)
        remaining = r.pay(r.claim, remaining)
    warnings: list[tuple[str, str]] = []
    missing = sum(r.claim - r.paid for r in rows)
    if missing > 0 and not auction:
        warnings.append((
            f"売却代金では債務と費用を払いきれません（不足 {format_yen(missing)}）。"
            "自己資金を足さなければ通常売却として決済できません（オーバーローン）",
            f"The price does not cover the debts and costs (short by {format_yen(missing)}); the sale "
            "cannot close as a normal sale without extra cash (overloan)",
        ))
    if moving_allowance > 0 and not auction:
        warnings.append(("通常売却では引越費用は売主手取りから支払います（配分表の控除ではありません）",
                         "In a normal sale moving costs come out of the seller's proceeds, "
                         "not as a deduction"))
    return _freeze(price, AUCTION if auction else FULL_REPAYMENT, rows, seller, remaining, warnings, [])


def _short_sale(price: Yen, costs: Sequence[Item], ordered: list[LienClaim], lien_rows: list[_Row],
                assoc: _Row | None, taxes: _Row | None, seller: _Row, annual_property_tax: Yen,
                on: date, book: RuleBook, moving_allowance: Yen,
                monthly_management_fee: Yen | None) -> Distribution:
    warnings: list[tuple[str, str]] = []
    out: list[Item] = []
    mortgages = sum(1 for c in ordered if not c.is_tax_seizure)
    cost_rows = _short_sale_costs(price, costs, mortgages, on, book, warnings, out)
    first_row = next(r for r in lien_rows if r.party is Party.LENDER)
    first_rank = first_row.rank or 0
    junior = [r for r in lien_rows if r.party is Party.JUNIOR_LIENHOLDER]
    seizures = [r for r in lien_rows if r.party is Party.TAX_OFFICE]
    by_rank = {lien.rank: lien for lien in ordered}
    for r in junior:
        fee = release_fee(r.rank or 0, by_rank[r.rank or 0].principal, book=book, on=on)
        r.allowed = min(fee.amount, r.claim)
        r.rules, r.rounding = fee.step.rules if fee.step else (), FLOOR
        r.formula = (f"deduction = min(release fee {format_yen(fee.amount)}, claim)"
                     f" [{fee.step.formula if fee.step else ''}]; then surplus after the first lender")
    for r in seizures:
        if (r.rank or 0) < first_rank:
            r.formula = "優先税: deducted in full (senior to the first lender)"
            r.note = "ranked above the first lender: treated as a tax with priority (優先税)"
            continue
        rel = tax_seizure_release(annual_property_tax, book=book, on=on)
        r.allowed = min(rel.amount, r.claim)
        r.rules = rel.step.rules if rel.step else ()
        r.inputs["annual_property_tax"] = format_yen(annual_property_tax)
        r.formula = (f"deduction = min({rel.step.formula if rel.step else ''}, claim); "
                     "then surplus after the first lender")
        if annual_property_tax == 0:
            warnings.append(("差押がありますが固都税1年分が0円と入力されたため、差押解除費用の控除は0円です",
                             "A tax seizure is registered but the annual property tax was given as 0, "
                             "so nothing is deducted to lift it"))
    if assoc is not None:
        _cap_association(assoc, on, book, monthly_management_fee, warnings)
    moving = None
    if moving_allowance > 0:
        moving = _moving_row(moving_allowance, on, book, warnings)

    remaining = price
    deductions = [*cost_rows, *junior, *([assoc] if assoc else []), *seizures,
                  *([moving] if moving else [])]
    short = False
    for r in deductions:
        r.inputs["remaining"] = format_yen(remaining)
        before = remaining
        remaining = r.pay(r.allowed, remaining)
        r.deduction = before - remaining
        short = short or r.deduction < r.allowed
    if short:
        warnings.append(("売却代金では認められる控除額すら賄えません（控除を順に充当しました）",
                         "The price does not even cover the allowed deductions; they were paid in order"))
    first_row.inputs["remaining"] = format_yen(remaining)
    first_row.formula = "paid = min(claim, price − deductions)"
    remaining = first_row.pay(first_row.claim, remaining)
    for r in [*lien_rows, *([assoc] if assoc else []), *([taxes] if taxes else [])]:
        if r is not first_row and remaining > 0:
            remaining = r.pay(r.claim - r.paid, remaining)
    if first_row.paid == first_row.claim:
        warnings.append(("第1順位の債権を全額返済できる価格です。任意売却ではなく通常売却が可能か確認してください",
                         "The price repays the first lender in full: check whether a normal sale is "
                         "possible instead of a short sale"))
    if taxes is not None and taxes.paid < taxes.claim:
        warnings.append(("差押のない滞納税は任意売却の控除対象ではなく、売却後も残ります",
                         "Unpaid taxes without a seizure are not deducted in a short sale and stay owed"))
    rows = [*cost_rows, *lien_rows, *([assoc] if assoc else []), *([taxes] if taxes else []),
            *([moving] if moving else [])]
    return _freeze(price, SHORT_SALE, rows, seller, remaining, warnings, out)


def _short_sale_costs(price: Yen, costs: Sequence[Item], lien_count: int, on: date, book: RuleBook,
                      warnings: list[tuple[str, str]], out: list[Item]) -> list[_Row]:
    """The cost rows allowed from the price; the rest goes to ``out`` (paid by the seller)."""
    rows: list[_Row] = []
    scrivener_left: Yen | None = None
    for it in costs:
        row = _Row(Party.SALE_COSTS, it.key, it.label_ja, it.label_en, it.amount,
                   formula="deduction = min(amount, remaining) (deductible in full)")
        if it.key == SCRIVENER_FEE:
            res = book.at("short_sale.jhf_scrivener_fee_cap", on)
            if scrivener_left is None:
                scrivener_left = int(res.value) * max(lien_count, 1)
                warnings.append((
                    "司法書士報酬の控除上限は抵当権等1件（1債権）あたりで計算しました。"
                    "資料により「1筆あたり」とするものもあり、住宅金融支援機構の原文は未確認です",
                    "The scrivener's fee cap was applied per lien (per claim); some sources say per "
                    "parcel, and JHF's own text has not been read"))
            row.claim = row.allowed = min(it.amount, scrivener_left)
            scrivener_left -= row.claim
            row.rules = (RuleUse.of(res),)
            row.formula = f"min(amount, {format_yen(res.value)} × {max(lien_count, 1)} liens)"
            row.note = ("cap applied per lien (1債権); sources disagree: " + (res.period.conflicts or "")
                        + " Per parcel (1筆) would multiply by the parcel count instead.")
            row.inputs["amount"] = format_yen(it.amount)
            if it.amount > row.claim:
                out.append(Item("scrivener_fee_excess", "司法書士報酬（控除上限超過分）",
                                "Scrivener's fee above the allowed cap", it.amount - row.claim,
                                _row_step(row)))
        elif it.key == STAMP_DUTY:
            res = book.at("short_sale.jhf_stamp_duty_deductible", on)
            if not res.value:
                out.append(Item(it.key, it.label_ja, it.label_en, it.amount, Step(
                    name="stamp_duty", label_ja=it.label_ja, formula="not deductible: paid by the seller",
                    inputs={"amount": format_yen(it.amount)}, result=format_yen(it.amount),
                    rules=(RuleUse.of(res),))))
                continue
            row.rules = (RuleUse.of(res),)
        elif it.key == BANKRUPTCY_ESTATE:
            res = book.at("short_sale.jhf_bankruptcy_estate_ratio", on)
            ratio = Fraction(res.value)
            cap = round_div(price * ratio.numerator, ratio.denominator, Rounding.FLOOR)
            row.claim = row.allowed = min(it.amount, cap)
            row.rules, row.rounding = (RuleUse.of(res),), FLOOR
            row.formula = f"min(amount, price × {format_percent(ratio)})"
            row.inputs["amount"] = format_yen(it.amount)
            if it.amount > row.claim:
                out.append(Item("bankruptcy_estate_excess", "破産財団組入金（上限超過分）",
                                "Payment into the bankruptcy estate above the cap", it.amount - row.claim))
        elif it.key not in _ALWAYS_DEDUCTIBLE:
            out.append(it)
            warnings.append((f"「{it.label_ja}」は住宅金融支援機構の控除項目にないため売主が別途負担します"
                             "（金融機関が認めれば控除できます）",
                             f"'{it.label_en}' is not a deduction the JHF criteria allow; the seller pays "
                             "it separately unless the lender agrees"))
            continue
        rows.append(row)
    if out:
        total = sum(it.amount for it in out)
        names_ja = "・".join(it.label_ja for it in out)
        names_en = ", ".join(it.label_en for it in out)
        warnings.append((f"売却代金から控除されない費用（{names_ja}、計 {format_yen(total)}）は"
                         "売主が自己資金で支払います",
                         f"Costs not deducted from the price ({names_en}; {format_yen(total)} in all) are "
                         "paid by the seller from other money"))
    return rows


def _row_step(row: _Row) -> Step:
    return Step(name=f"distribution.{row.name}", label_ja=row.label_ja, formula=row.formula,
                inputs=dict(row.inputs), result=format_yen(row.claim), rules=row.rules, note=row.note)


def _cap_association(assoc: _Row, on: date, book: RuleBook, monthly_fee: Yen | None,
                     warnings: list[tuple[str, str]]) -> None:
    res = book.at("short_sale.jhf_management_arrears_years", on)
    years = int(res.value)
    assoc.rules = (RuleUse.of(res),)
    if monthly_fee is None:
        assoc.formula = "deduction = claim (monthly fee unknown: the years cap was not checked)"
        assoc.note = f"JHF allows only the most recent {years} years; late charges and parking excluded"
        warnings.append((f"月額管理費等が不明のため滞納管理費等を全額控除しました。控除は直近{years}年分まで"
                         "（延滞金・駐車場代は不可）です",
                         "The monthly fee is unknown, so all unpaid condominium fees were deducted; "
                         f"only the most recent {years} years are allowed (no late charges or parking)"))
        return
    cap = years * 12 * monthly_fee
    assoc.allowed = min(assoc.claim, cap)
    assoc.inputs["monthly_fee"] = format_yen(monthly_fee)
    assoc.formula = f"deduction = min(claim, {years} years × 12 × monthly fee = {format_yen(cap)})"
    if assoc.claim > cap:
        warnings.append((f"滞納管理費等のうち直近{years}年分を超える {format_yen(assoc.claim - cap)} は"
                         "控除されません",
                         f"{format_yen(assoc.claim - cap)} of the unpaid condominium fees exceeds the "
                         f"{years} years allowed and is not deducted"))


def _moving_row(allowance: Yen, on: date, book: RuleBook, warnings: list[tuple[str, str]]) -> _Row:
    res = book.at("short_sale.jhf_moving_cost_allowed", on)
    row = _Row(Party.SELLER, "moving_allowance", "引越費用", "Moving allowance", allowance,
               formula="deduction = min(allowance, remaining)", rules=(RuleUse.of(res),))
    if not res.value:
        # Seed article 000: 「金融機関の同意が得られれば、引っ越し費用なども売却金額から捻出できます」.
        warnings.append(("引越費用の控除は住宅金融支援機構の基準では原則不可です。金融機関の同意が必要です",
                         "The JHF criteria do not allow moving costs by default; the lender must agree"))
    return row


# ------------------------------------------------------------------------------ consents


@dataclass(frozen=True, slots=True)
class ConsentCheck:
    """Whether one person whose consent a short sale needs has given it."""

    party: str
    role: str
    status: str
    """"given", "refused" or "unknown"."""
    message_ja: str
    message_en: str

    def to_dict(self) -> dict[str, str]:
        return {"party": self.party, "role": self.role, "status": self.status,
                "message_ja": self.message_ja, "message_en": self.message_en}


_ROLES = {
    "owner": ("所有者・共有者", "owner"),
    "lienholder": ("抵当権者", "lienholder"),
    "guarantor": ("連帯保証人", "joint guarantor"),
    "tax_seizure_holder": ("差押権者", "tax seizure holder"),
}


def _consent(name: str, role: str, consents: bool | None) -> ConsentCheck:
    ja_role, en_role = _ROLES[role]
    if consents is True:
        return ConsentCheck(name, role, "given", f"{name}（{ja_role}）は任意売却に同意しています",
                            f"{name} ({en_role}) consents to the short sale")
    if consents is False:
        outcome_ja = "競売（共有なら共有物分割）" if role == "owner" else "競売"
        outcome_en = "an auction (or a partition of the co-owned home)" if role == "owner" else "an auction"
        return ConsentCheck(
            name, role, "refused",
            f"{name}（{ja_role}）が同意しないため任意売却はできません。{outcome_ja}になる見込みです",
            f"{name} ({en_role}) refuses, so a short sale is impossible; the likely outcome is {outcome_en}",
        )
    return ConsentCheck(name, role, "unknown",
                        f"{name}（{ja_role}）の同意がまだ確認できていません。任意売却には同意が必要です",
                        f"{name} ({en_role}) must be asked: a short sale needs their consent")


def required_consents(*, owners: Sequence[tuple[str, bool | None]],
                      lienholders: Sequence[tuple[str, bool | None]],
                      guarantors: Sequence[tuple[str, bool | None]],
                      tax_seizure_holders: Sequence[tuple[str, bool | None]] = (),
                      ) -> tuple[ConsentCheck, ...]:
    """Everyone who must agree to a short sale, and whether they have.

    Every owner and co-owner, every lienholder and seizure holder (law-debt-divorce §8), and every
    joint guarantor (seed article 000: 「連帯保証人の同意が必要」… 同意してもらえなかったり、連絡が
    つかなかったりする場合、任意売却できずに競売にかけられてしまう可能性があります).
    """
    groups = (("owner", owners), ("lienholder", lienholders), ("guarantor", guarantors),
              ("tax_seizure_holder", tax_seizure_holders))
    checks = []
    for role, people in groups:
        for name, consents in people:
            if not name.strip():
                raise DomainError.invalid(f"{role}.name", repr(name), "名前を入力してください",
                                          "a name is required")
            checks.append(_consent(name, role, consents))
    return tuple(checks)


def lender_refusal_risk(distribution: Distribution, *,
                        first_lender_auction_recovery: Yen) -> tuple[str, str] | None:
    """A warning when the first lender recovers less than it would at auction (it may refuse).

    JHF's condition (law-sale-costs §8.1, medium): 控除後の回収額が競売による回収見込額を下回る場合は
    応諾しないことがある.
    """
    require_yen("first_lender_auction_recovery", first_lender_auction_recovery)
    if distribution.mode != SHORT_SALE:
        return None
    recovery = distribution.paid_to(Party.LENDER)
    if recovery >= first_lender_auction_recovery:
        return None
    gap = first_lender_auction_recovery - recovery
    return (
        f"第1順位の回収額 {format_yen(recovery)} は競売での回収見込額 "
        f"{format_yen(first_lender_auction_recovery)} を {format_yen(gap)} 下回ります。"
        "金融機関は任意売却に応じないおそれがあります",
        f"The first lender would recover {format_yen(recovery)}, {format_yen(gap)} less than the "
        f"{format_yen(first_lender_auction_recovery)} it expects at auction; it may refuse the short sale",
    )
