"""譲渡所得税 on one transfer of the home: the gain, the reliefs, the tax, explained step by step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.engine.tax.acquisition import AcquisitionCost, acquisition_cost
from zansai.engine.tax.holding import holding_class
from zansai.engine.tax.owners import CoOwner, OwnerTax, combined_relief, owner_taxes
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
from zansai.messages import msg
from zansai.model import HoldingClass, Property
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import Explanation, RuleUse, Step, Text, explaining, text_dict, unique_uses

__all__ = ["CapitalGainsResult", "capital_gains_tax"]


# treated as immutable but not frozen: it holds steps, so it was never hashable, and a frozen
# record's __init__ costs several times as much (see trace.Step)
@dataclass(slots=True)
class CapitalGainsResult:
    """譲渡所得税 on one transfer of the home."""

    transfer_date: date
    proceeds: Yen
    selling_expenses: Yen
    acquisition: AcquisitionCost
    gain: Yen
    """譲渡所得 (negative: a loss)."""
    special_deduction: Yen
    taxable: Yen
    """課税譲渡所得金額 (1,000円未満切捨て)."""
    holding: HoldingClass
    """"short" | "long" | "long_reduced" (10年超 居住用, 措法31条の3)."""
    income_tax: Yen
    reconstruction_surtax: Yen
    defense_surtax: Yen
    national_tax: Yen
    """income tax + surtaxes, 100円未満切捨て."""
    resident_tax: Yen
    total_tax: Yen
    """national_tax + resident_tax."""
    loss_relief: LossRelief | None
    steps: tuple[Step, ...]
    rules_used: tuple[RuleUse, ...]
    notes: tuple[Text, ...]
    owners: tuple[OwnerTax, ...] = ()
    """共有: each co-owner's tax on their share; the figures above are then the household's totals."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "transfer_date": self.transfer_date.isoformat(),
            "proceeds": self.proceeds, "selling_expenses": self.selling_expenses,
            "acquisition": self.acquisition.to_dict(), "gain": self.gain,
            "special_deduction": self.special_deduction, "taxable": self.taxable,
            "holding": self.holding, "income_tax": self.income_tax,
            "reconstruction_surtax": self.reconstruction_surtax,
            "defense_surtax": self.defense_surtax, "national_tax": self.national_tax,
            "resident_tax": self.resident_tax, "total_tax": self.total_tax,
            "loss_relief": self.loss_relief.to_dict() if self.loss_relief else None,
            "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
            "notes": [text_dict(n) for n in self.notes],
            "owners": [o.to_dict() for o in self.owners],
        }

    def explain(self) -> Explanation:
        title = msg("tax.common.title")
        return Explanation(title=f"{title.ja} / {title.en}", steps=self.steps,
                           notes=tuple(f"{ja} / {en}" for ja, en in self.notes))


def capital_gains_tax(prop: Property, sale: Transfer, *, book: RuleBook,
                      owners: tuple[CoOwner, ...] = (),
                      rates: dict[date, RateTable] | None = None) -> CapitalGainsResult:
    """譲渡所得税 on selling ``prop`` as ``sale`` says.

    gain = proceeds − 取得費 − 譲渡費用; a qualifying residence takes the 3,000万円 special
    deduction (措法35条) and, held more than 10 years, the reduced rates (措法31条の3); a loss
    is checked against the overloan loss relief (措法41条の5の2). Rates and thresholds come from
    the rule book at the transfer date. With two or more ``owners`` (共有) each owner's share is
    taxed on its own (``owners.py``) and the result's figures are the household's totals.
    ``rates``: one plan's memo of the rules read per transfer date, shared by its sales.
    """
    assert prop.acquired_on is not None  # the callers check first (not_computed.py)
    acq = acquisition_cost(prop, transfer=sale.on, proceeds=sale.proceeds, book=book)
    table = rates.get(sale.on) if rates is not None else None
    if table is None:
        table = RateTable(book, sale.on)
        if rates is not None:
            rates[sale.on] = table
    if len(owners) > 1:
        return _co_owned(prop, sale, acq, owners, book, table)
    steps: list[Step] = list(acq.steps)
    notes: list[Text] = list(acq.notes)
    gain = sale.proceeds - acq.used - sale.selling_expenses
    steps.append(Step.bare("gain") if not explaining() else Step(
        name="gain", label=msg("tax.gains.gain"),
        formula="proceeds − acquisition cost − selling expenses",
        inputs={"proceeds": format_yen(sale.proceeds), "acquisition_cost": format_yen(acq.used),
                "selling_expenses": format_yen(sale.selling_expenses)},
        result=format_yen(gain),
    ))
    by_time, holding_step = holding_class(prop.acquired_on, sale.on, book)
    steps.append(holding_step)
    reasons, move_rule = residence_reasons(prop, sale, book=book)
    deduction, deduction_step = special_deduction(gain, reasons, move_rule, sale.on, book)
    steps.append(deduction_step)
    holding = rate_class(by_time, reasons, gain, deduction, notes)
    tax = tax_due(gain, deduction, holding, sale.on, book, table)
    steps += tax.steps
    notes += tax.notes
    relief: LossRelief | None = None
    if gain < 0:
        relief = loss_relief(prop, sale, gain=gain, residence_reasons=reasons,
                             move_rule=move_rule, book=book)
        steps.append(relief.step)
        notes += loss_relief_notes(relief, sale)
    return CapitalGainsResult(
        transfer_date=sale.on, proceeds=sale.proceeds, selling_expenses=sale.selling_expenses,
        acquisition=acq, gain=gain, special_deduction=deduction, taxable=tax.taxable,
        holding=holding, income_tax=tax.income_tax,
        reconstruction_surtax=tax.reconstruction_surtax, defense_surtax=tax.defense_surtax,
        national_tax=tax.national_tax, resident_tax=tax.resident_tax, total_tax=tax.total_tax,
        loss_relief=relief, steps=tuple(steps),
        rules_used=unique_uses(use for step in steps for use in step.rules),
        notes=tuple(notes),
    )


def _co_owned(prop: Property, sale: Transfer, acq: AcquisitionCost, owners: tuple[CoOwner, ...],
              book: RuleBook, rates: RateTable) -> CapitalGainsResult:
    """共有: each owner's tax on their share, and the household's totals."""
    assert prop.acquired_on is not None
    steps: list[Step] = list(acq.steps)
    notes: list[Text] = list(acq.notes)
    gain = sale.proceeds - acq.used - sale.selling_expenses
    steps.append(Step.bare("gain") if not explaining() else Step(
        name="gain", label=msg("tax.gains.gain"), formula="proceeds − acquisition cost − selling expenses",
        inputs={"proceeds": format_yen(sale.proceeds), "acquisition_cost": format_yen(acq.used),
                "selling_expenses": format_yen(sale.selling_expenses)},
        result=format_yen(gain),
    ))
    by_time, holding_step = holding_class(prop.acquired_on, sale.on, book)
    steps.append(holding_step)
    each, split_steps, owner_notes = owner_taxes(prop, sale, acq, owners, by_time=by_time, book=book,
                                                rates=rates)
    steps += split_steps
    for o in each:
        steps += o.steps
    notes += owner_notes
    total = sum(o.total_tax for o in each)
    steps.append(Step.bare("household_tax") if not explaining() else Step(
        name="household_tax", label=msg("cotax.steps.total"), formula="Σ each owner's tax",
        inputs={o.name: format_yen(o.total_tax) for o in each}, result=format_yen(total),
    ))
    relief = combined_relief(each, gain)
    return CapitalGainsResult(
        transfer_date=sale.on, proceeds=sale.proceeds, selling_expenses=sale.selling_expenses,
        acquisition=acq, gain=gain, special_deduction=sum(o.special_deduction for o in each),
        taxable=sum(o.taxable for o in each),
        holding=by_time if any(o.holding is by_time for o in each) else each[0].holding,
        income_tax=sum(o.income_tax for o in each),
        reconstruction_surtax=sum(o.reconstruction_surtax for o in each),
        defense_surtax=sum(o.defense_surtax for o in each),
        national_tax=sum(o.national_tax for o in each), resident_tax=sum(o.resident_tax for o in each),
        total_tax=total, loss_relief=relief, steps=tuple(steps),
        rules_used=unique_uses(use for step in steps for use in step.rules),
        notes=tuple(notes), owners=tuple(each),
    )
