"""The short-sale 配分表 (任意売却): the deductions the JHF criteria allow, then the first lender.

The deductions come off the price first, each capped by the rule book's JHF criteria (the de-facto
industry standard, docs/sources/law-sale-costs.md §8.1, docs/sources/law-debt-divorce.md §3.6): the allowed
costs, the junior liens' release fees, the association's recent arrears, the release of a tax seizure and,
when the lender allows it, the move. The first lender takes the rest up to its claim; any surplus runs down
the ranks, then to the seller. Costs the criteria do not allow are paid by the seller from other money
(``Distribution.out_of_pocket``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from zansai.engine.distribution.fees import labelled, release_fee, tax_seizure_release
from zansai.engine.distribution.rows import Row, freeze
from zansai.engine.distribution.table import FLOOR, Distribution, LienClaim, LineName, Party
from zansai.engine.exact import fraction
from zansai.messages import msg
from zansai.model import DistributionMode, Item
from zansai.model.keys import CostKey
from zansai.money import Rounding, Yen, format_percent, format_yen, round_div
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step, Text, explaining

_ALWAYS_DEDUCTIBLE = frozenset({CostKey.BROKERAGE_FEE, CostKey.LIEN_RELEASE_TAX})
"""Deductible in full under the JHF criteria: 仲介手数料 (legal cap) and 登録免許税."""

Warnings = list[Text]


def allocate_short_sale(price: Yen, costs: Sequence[Item], ordered: list[LienClaim], lien_rows: list[Row],
                        assoc: Row | None, taxes: Row | None, seller: Row, annual_property_tax: Yen,
                        on: date, book: RuleBook, moving_allowance: Yen,
                        monthly_management_fee: Yen | None) -> Distribution:
    """Deduct what the criteria allow, in order, then repay the first lender and the ranks below."""
    warnings: Warnings = []
    out: list[Item] = []
    mortgages = sum(1 for c in ordered if not c.is_tax_seizure)
    cost_rows = _CostDeductions(price, mortgages, on, book, warnings, out).rows(costs)
    first_row = next(r for r in lien_rows if r.party is Party.LENDER)
    junior = [r for r in lien_rows if r.party is Party.JUNIOR_LIENHOLDER]
    seizures = [r for r in lien_rows if r.party is Party.TAX_OFFICE]
    _allow_release_fees(junior, ordered, on, book)
    _allow_seizure_releases(seizures, first_row.rank or 0, annual_property_tax, on, book, warnings)
    if assoc is not None:
        _cap_association(assoc, on, book, monthly_management_fee, warnings)
    moving = _moving_row(moving_allowance, on, book, warnings) if moving_allowance > 0 else None

    deductions = [*cost_rows, *junior, *([assoc] if assoc else []), *seizures,
                  *([moving] if moving else [])]
    remaining = _deduct(deductions, price, warnings)
    remaining = _repay(first_row, [*lien_rows, *([assoc] if assoc else []), *([taxes] if taxes else [])],
                       remaining, warnings)
    if taxes is not None and taxes.paid < taxes.claim:
        warnings.append(msg("distribution.warnings.taxes_stay"))
    rows = [*cost_rows, *lien_rows, *([assoc] if assoc else []), *([taxes] if taxes else []),
            *([moving] if moving else [])]
    return freeze(price, DistributionMode.SHORT_SALE, rows, seller, remaining, warnings, out)


def _deduct(deductions: list[Row], price: Yen, warnings: Warnings) -> Yen:
    """Pay each deduction up to what is allowed, in order; return what is left of the price."""
    remaining = price
    short = False
    for r in deductions:
        if explaining():
            r.inputs["remaining"] = format_yen(remaining)
        before = remaining
        remaining = r.pay(r.allowed, remaining)
        r.deduction = before - remaining
        short = short or r.deduction < r.allowed
    if short:
        warnings.append(msg("distribution.warnings.deductions_short"))
    return remaining


def _repay(first_row: Row, claims: list[Row], remaining: Yen, warnings: Warnings) -> Yen:
    """The first lender takes the rest up to its claim; a surplus runs down the other claims."""
    if explaining():
        first_row.inputs["remaining"] = format_yen(remaining)
    first_row.formula = "paid = min(claim, price − deductions)"
    remaining = first_row.pay(first_row.claim, remaining)
    for r in claims:
        if r is not first_row and remaining > 0:
            remaining = r.pay(r.claim - r.paid, remaining)
    if first_row.paid == first_row.claim:
        warnings.append(msg("distribution.warnings.first_repaid_in_full"))
    return remaining


def _allow_release_fees(junior: list[Row], ordered: list[LienClaim], on: date, book: RuleBook) -> None:
    """A junior lien is allowed its release fee (ハンコ代), at most its claim."""
    by_rank = {lien.rank: lien for lien in ordered}
    for r in junior:
        fee = release_fee(r.rank or 0, by_rank[r.rank or 0].principal, book=book, on=on)
        r.allowed = min(fee.amount, r.claim)
        r.rules, r.rounding = fee.step.rules if fee.step else (), FLOOR
        r.formula = (f"deduction = min(release fee {format_yen(fee.amount)}, claim)"
                     f" [{fee.step.formula if fee.step else ''}]; then surplus after the first lender")


def _allow_seizure_releases(seizures: list[Row], first_rank: int, annual_property_tax: Yen, on: date,
                            book: RuleBook, warnings: Warnings) -> None:
    """A seizure above the first lender is a tax with priority (in full); below it, the capped release."""
    for r in seizures:
        if (r.rank or 0) < first_rank:
            r.formula = "優先税: deducted in full (senior to the first lender)"
            r.note = msg("distribution.notes.priority_tax")
            continue
        rel = tax_seizure_release(annual_property_tax, book=book, on=on)
        r.allowed = min(rel.amount, r.claim)
        r.rules = rel.step.rules if rel.step else ()
        r.inputs["annual_property_tax"] = format_yen(annual_property_tax)
        r.formula = (f"deduction = min({rel.step.formula if rel.step else ''}, claim); "
                     "then surplus after the first lender")
        if annual_property_tax == 0:
            warnings.append(msg("distribution.warnings.no_property_tax"))


def _cap_association(assoc: Row, on: date, book: RuleBook, monthly_fee: Yen | None,
                     warnings: Warnings) -> None:
    res = book.at("short_sale.jhf_management_arrears_years", on)
    years = int(res.value)
    assoc.rules = (RuleUse.of(res),)
    if monthly_fee is None:
        assoc.formula = "deduction = claim (monthly fee unknown: the years cap was not checked)"
        assoc.note = msg("distribution.notes.association_cap", years=years)
        warnings.append(msg("distribution.warnings.association_unknown_fee", years=years))
        return
    cap = years * 12 * monthly_fee
    assoc.allowed = min(assoc.claim, cap)
    assoc.inputs["monthly_fee"] = format_yen(monthly_fee)
    assoc.formula = f"deduction = min(claim, {years} years × 12 × monthly fee = {format_yen(cap)})"
    if assoc.claim > cap:
        warnings.append(msg("distribution.warnings.association_over_cap", years=years,
                            amount=assoc.claim - cap))


def _moving_row(allowance: Yen, on: date, book: RuleBook, warnings: Warnings) -> Row:
    res = book.at("short_sale.jhf_moving_cost_allowed", on)
    row = Row(Party.SELLER, LineName.MOVING_ALLOWANCE, msg("distribution.lines.moving_allowance"), allowance,
              formula="deduction = min(allowance, remaining)", rules=(RuleUse.of(res),))
    if not res.value:
        # 記事1 (docs/sources/seed1-short-sale.md §3):
        # 「金融機関の同意が得られれば、引っ越し費用なども売却金額から捻出できます」.
        warnings.append(msg("distribution.warnings.moving_not_allowed"))
    return row


class _CostDeductions:
    """The sale costs a short sale may take from the price; the rest goes to ``out`` (the seller pays)."""

    def __init__(self, price: Yen, lien_count: int, on: date, book: RuleBook, warnings: Warnings,
                 out: list[Item]) -> None:
        self.price, self.lien_count, self.on, self.book = price, lien_count, on, book
        self.warnings, self.out = warnings, out
        self.scrivener_left: Yen | None = None
        """What is left of the scrivener's fee cap (shared by every scrivener item)."""

    def rows(self, costs: Sequence[Item]) -> list[Row]:
        rows: list[Row] = []
        for it in costs:
            row = Row(Party.SALE_COSTS, it.key, (it.label_ja, it.label_en), it.amount,
                      formula="deduction = min(amount, remaining) (deductible in full)")
            if it.key == CostKey.SCRIVENER_FEE:
                self._scrivener_fee(row, it)
            elif it.key == CostKey.STAMP_DUTY:
                if not self._stamp_duty(row, it):
                    continue
            elif it.key == CostKey.BANKRUPTCY_ESTATE:
                self._bankruptcy_estate(row, it)
            elif it.key not in _ALWAYS_DEDUCTIBLE:
                self.out.append(it)
                self.warnings.append(msg("distribution.warnings.not_deductible",
                                         label=(it.label_ja, it.label_en)))
                continue
            rows.append(row)
        if self.out:
            self._warn_out_of_pocket()
        return rows

    def _scrivener_fee(self, row: Row, it: Item) -> None:
        res = self.book.at("short_sale.jhf_scrivener_fee_cap", self.on)
        liens = max(self.lien_count, 1)
        if self.scrivener_left is None:
            self.scrivener_left = int(res.value) * liens
            self.warnings.append(msg("distribution.warnings.scrivener_per_lien"))
        row.claim = row.allowed = min(it.amount, self.scrivener_left)
        self.scrivener_left -= row.claim
        row.rules = (RuleUse.of(res),)
        row.formula = f"min(amount, {format_yen(res.value)} × {liens} liens)"
        row.note = msg("distribution.notes.scrivener_cap", conflicts=res.period.conflicts or "")
        row.inputs["amount"] = format_yen(it.amount)
        if it.amount > row.claim:
            self.out.append(labelled(CostKey.SCRIVENER_FEE_EXCESS,
                                     msg("distribution.lines.scrivener_fee_excess"),
                                     it.amount - row.claim, row.step()))

    def _stamp_duty(self, row: Row, it: Item) -> bool:
        """Whether the stamp duty is deducted; when it is not, the seller pays it."""
        res = self.book.at("short_sale.jhf_stamp_duty_deductible", self.on)
        if not res.value:
            self.out.append(Item(it.key, it.label_ja, it.label_en, it.amount, Step(
                name=CostKey.STAMP_DUTY, label=(it.label_ja, it.label_en),
                formula="not deductible: paid by the seller",
                inputs={"amount": format_yen(it.amount)}, result=format_yen(it.amount),
                rules=(RuleUse.of(res),))))
            return False
        row.rules = (RuleUse.of(res),)
        return True

    def _bankruptcy_estate(self, row: Row, it: Item) -> None:
        res = self.book.at("short_sale.jhf_bankruptcy_estate_ratio", self.on)
        ratio = fraction(res.value)
        cap = round_div(self.price * ratio.numerator, ratio.denominator, Rounding.FLOOR)
        row.claim = row.allowed = min(it.amount, cap)
        row.rules, row.rounding = (RuleUse.of(res),), FLOOR
        row.formula = f"min(amount, price × {format_percent(ratio)})"
        row.inputs["amount"] = format_yen(it.amount)
        if it.amount > row.claim:
            self.out.append(labelled(CostKey.BANKRUPTCY_ESTATE_EXCESS,
                                     msg("distribution.lines.bankruptcy_estate_excess"),
                                     it.amount - row.claim))

    def _warn_out_of_pocket(self) -> None:
        total = sum(it.amount for it in self.out)
        names = ("・".join(it.label_ja for it in self.out), ", ".join(it.label_en for it in self.out))
        self.warnings.append(msg("distribution.warnings.out_of_pocket", names=names, total=total))
