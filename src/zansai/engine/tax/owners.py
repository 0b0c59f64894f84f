"""共有: a co-owned home's 譲渡所得税, computed per owner by ownership share (持分).

Each co-owner sells their own share, so each has their own gain, their own 3,000万円 special
deduction if they lived there (措法35条), the reduced rates on their own taxable gain up to
6,000万円 (措法31条の3) and their own overloan loss relief with their own housing loan
(措法41条の5の2). The proceeds, the 取得費 and the selling expenses are split by share; each
split follows the largest-remainder convention (最大剰余法: each part floored to the yen, the yen
left over go one each to the largest remainders, a tie to the owner listed first), so the parts
always add up to the whole.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from math import lcm
from typing import Any

from zansai.engine.tax.acquisition import AcquisitionCost
from zansai.engine.tax.common import joined
from zansai.engine.tax.rates import RateTable, tax_due
from zansai.engine.tax.reliefs import (
    LossRelief,
    loss_relief,
    loss_relief_notes,
    rate_class,
    residence_reasons,
    special_deduction,
)
from zansai.engine.tax.transfer import Transfer
from zansai.messages import Msg, msg
from zansai.model import HoldingClass, Property
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import Step, Text, explaining, text_dict

__all__ = ["CoOwner", "OwnerTax", "combined_relief", "owner_taxes", "split_by_share"]

SPLIT_CONVENTION = "largest_remainder"
"""How a yen amount is split by share: floor each part, the leftover yen to the largest remainders."""


@dataclass(frozen=True, slots=True)
class CoOwner:
    """One co-owner as the tax sees them: share, residence and their own housing loans."""

    name: str
    share: Fraction
    lived_in: bool
    moved_out_on: date | None
    loan_balance_before_contract: Yen | None
    """Their own 住宅借入金等 on the day before the sale contract (None: not known)."""
    loan_term_years: int | None
    has_housing_loan: bool = True
    """False: no housing loan of theirs is on the home (no 措法41条の5の2 for them)."""


# treated as immutable but not frozen: it holds steps, so it was never hashable, and a frozen
# record's __init__ costs several times as much (see trace.Step)
@dataclass(slots=True)
class OwnerTax:
    """One co-owner's 譲渡所得税 on their share."""

    name: str
    share: Fraction
    proceeds: Yen
    acquisition_cost: Yen
    selling_expenses: Yen
    gain: Yen
    special_deduction: Yen
    taxable: Yen
    holding: HoldingClass
    income_tax: Yen
    reconstruction_surtax: Yen
    defense_surtax: Yen
    national_tax: Yen
    resident_tax: Yen
    total_tax: Yen
    residence_relief: bool
    """Lived there as the reliefs ask (35条, 31条の3, 41条の5の2)."""
    reasons: tuple[Msg, ...]
    """Why not (empty when ``residence_relief``)."""
    loan_balance_before_contract: Yen | None
    loss_relief: LossRelief | None
    steps: tuple[Step, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "share": f"{self.share.numerator}/{self.share.denominator}",
            "proceeds": self.proceeds, "acquisition_cost": self.acquisition_cost,
            "selling_expenses": self.selling_expenses, "gain": self.gain,
            "special_deduction": self.special_deduction, "taxable": self.taxable,
            "holding": self.holding, "income_tax": self.income_tax,
            "reconstruction_surtax": self.reconstruction_surtax, "defense_surtax": self.defense_surtax,
            "national_tax": self.national_tax, "resident_tax": self.resident_tax,
            "total_tax": self.total_tax, "residence_relief": self.residence_relief,
            "reasons": [text_dict(r) for r in self.reasons],
            "loan_balance_before_contract": self.loan_balance_before_contract,
            "loss_relief": self.loss_relief.to_dict() if self.loss_relief else None,
        }


def split_by_share(amount: Yen, shares: list[Fraction]) -> list[Yen]:
    """``amount`` split by ``shares`` (adding up to 1) in whole yen, the parts adding up to it.

    Largest remainder (最大剰余法): each part is floored, then the yen left over go one each to the
    parts with the largest remainders, a tie to the owner listed first.
    """
    # in integers: part_i = ⌊amount × n_i / d_i⌋ and its remainder over the shares' common
    # denominator (the same order as the exact fractions, without Fraction arithmetic)
    common = lcm(*(s.denominator for s in shares))
    parts: list[Yen] = []
    remainders: list[int] = []
    for s in shares:
        part, rem = divmod(amount * s.numerator, s.denominator)
        parts.append(part)
        remainders.append(rem * (common // s.denominator))
    left = amount - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def owner_taxes(prop: Property, sale: Transfer, acq: AcquisitionCost, owners: tuple[CoOwner, ...], *,
                by_time: HoldingClass, book: RuleBook, rates: RateTable | None = None
                ) -> tuple[list[OwnerTax], list[Step], list[Text]]:
    """Each co-owner's tax, the split step and the notes, in the owners' order."""
    table = rates if rates is not None else RateTable(book, sale.on)
    shares = [o.share for o in owners]
    proceeds = split_by_share(sale.proceeds, shares)
    costs = split_by_share(acq.used, shares)
    expenses = split_by_share(sale.selling_expenses, shares)
    split = Step.bare("co_owner_split") if not explaining() else Step(
        name="co_owner_split", label=msg("cotax.steps.split"),
        formula="amount × share; each part floored to the yen, the yen left over to the largest "
                "remainders (a tie to the owner listed first)",
        inputs={o.name: msg("cotax.steps.split_input", share=_share_text(o.share), proceeds=p,
                            cost=c, expenses=e).ja
                for o, p, c, e in zip(owners, proceeds, costs, expenses, strict=True)},
        result=format_yen(sale.proceeds), rounding=msg("cotax.steps.split_rounding").ja,
        note=msg("cotax.steps.split_note"),
    )
    results: list[OwnerTax] = []
    notes: list[Text] = []
    for o, p, c, e in zip(owners, proceeds, costs, expenses, strict=True):
        own_sale = replace(sale, proceeds=p, selling_expenses=e, residence=True,
                           loan_balance_before_contract=o.loan_balance_before_contract,
                           loan_term_years=o.loan_term_years)
        own_prop = prop if (prop.lived_in, prop.moved_out_on) == (o.lived_in, o.moved_out_on) \
            else replace(prop, lived_in=o.lived_in, moved_out_on=o.moved_out_on)
        result, own_notes = _one_owner(o, own_prop, own_sale, c, by_time, book, table)
        results.append(result)
        if notes:
            said = {tuple(m) for m in notes}  # what earlier owners' notes already say
            notes += [n for n in own_notes if tuple(n) not in said]
        else:
            notes += own_notes
    return results, [split], notes


def _one_owner(owner: CoOwner, prop: Property, sale: Transfer, cost: Yen, by_time: HoldingClass,
               book: RuleBook, rates: RateTable) -> tuple[OwnerTax, list[Text]]:
    """One owner's gain, deduction, rates and loss relief on their share."""
    gain = sale.proceeds - cost - sale.selling_expenses
    steps = [Step.bare("gain") if not explaining() else Step(
        name="gain", label=msg("tax.gains.gain"), formula="proceeds − acquisition cost − selling expenses",
        inputs={"proceeds": format_yen(sale.proceeds), "acquisition_cost": format_yen(cost),
                "selling_expenses": format_yen(sale.selling_expenses)},
        result=format_yen(gain),
    )]
    reasons, move_rule = residence_reasons(prop, sale, book=book)
    deduction, deduction_step = special_deduction(gain, reasons, move_rule, sale.on, book)
    steps.append(deduction_step)
    inner: list[Text] = []
    holding = rate_class(by_time, reasons, gain, deduction, inner)
    tax = tax_due(gain, deduction, holding, sale.on, book, rates)
    steps += tax.steps
    inner += tax.notes
    relief: LossRelief | None = None
    if gain < 0:
        relief = loss_relief(prop, sale, gain=gain, residence_reasons=reasons, move_rule=move_rule,
                             book=book)
        if not owner.has_housing_loan:
            relief = replace(relief, available=False, offsettable=0,
                             reasons=(*reasons, msg("cotax.notes.no_housing_loan")))
        steps.append(relief.step)
        inner += loss_relief_notes(relief, sale)
    # the reduced-rates note is said by the owner's no-residence-relief note below
    notes = [n for n in inner if not (isinstance(n, Msg) and n.id == "tax.reliefs.no_reduced_rates")]
    if reasons:
        notes.append(msg("cotax.notes.no_residence_relief", owner=owner.name,
                         reasons=joined(reasons)))
    return OwnerTax(
        name=owner.name, share=owner.share, proceeds=sale.proceeds, acquisition_cost=cost,
        selling_expenses=sale.selling_expenses, gain=gain, special_deduction=deduction,
        taxable=tax.taxable, holding=holding, income_tax=tax.income_tax,
        reconstruction_surtax=tax.reconstruction_surtax, defense_surtax=tax.defense_surtax,
        national_tax=tax.national_tax, resident_tax=tax.resident_tax, total_tax=tax.total_tax,
        residence_relief=not reasons, reasons=tuple(reasons),
        loan_balance_before_contract=sale.loan_balance_before_contract, loss_relief=relief,
        steps=tuple(_owned(s, owner.name) for s in steps) if explaining() else tuple(steps),
    ), notes


def _owned(step: Step, owner: str) -> Step:
    """A step of one owner's computation, named and labelled with the owner."""
    label = step.label
    if not isinstance(label, Msg):
        ja, en = label if label is not None else (step.label_ja, step.label_ja)
        named: Text = (f"{owner}: {ja}", f"{owner}: {en}")
    else:
        named = msg("cotax.steps.owner", owner=owner, label=label)
    return Step(f"{step.name}[{owner}]", step.formula, step.inputs, step.result, step.label_ja,
                step.rounding, step.rules, step.note, named)


def _share_text(share: Fraction) -> str:
    return f"{share.numerator}/{share.denominator}"


def combined_relief(each: list[OwnerTax], gain: Yen) -> LossRelief | None:
    """The household's 措法41条の5の2 figures: each owner's set-off added up (None without a loss).

    Available when any owner's is; the reasons name the owner they belong to.
    """
    reliefs = [(o.name, o.loss_relief) for o in each if o.loss_relief is not None]
    if not reliefs:
        return None
    first = reliefs[0][1]
    offsettable = sum(r.offsettable for _, r in reliefs)
    reasons = tuple(msg("cotax.notes.owner", owner=name, note=reason)
                    for name, r in reliefs for reason in r.reasons)
    step = Step.bare("overloan_loss_relief", first.step.rules) if not explaining() else Step(
        name="overloan_loss_relief", label=msg("tax.reliefs.loss_relief"),
        formula="Σ each owner's amount", inputs={name: format_yen(r.offsettable) for name, r in reliefs},
        result=format_yen(offsettable), rules=first.step.rules,
    )
    return LossRelief(
        available=any(r.available for _, r in reliefs), reasons=reasons, loss=-gain,
        overloan=sum(r.overloan for _, r in reliefs), offsettable=offsettable,
        carry_forward_years=first.carry_forward_years, income_limit=first.income_limit,
        status=first.status, caveat=first.caveat, step=step, in_force=first.in_force,
    )
