"""The residence reliefs: 3,000万円 special deduction (措法35条), the reduced rates' residence
condition (措法31条の3) and the overloan loss relief (措法41条の5の2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.dates import add_years
from zansai.engine.tax.common import both, joined, uses
from zansai.engine.tax.holding import held_more_than, january_1
from zansai.engine.tax.transfer import Transfer
from zansai.messages import Msg, msg
from zansai.model import HoldingClass, Property
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.rules.book import Resolved
from zansai.trace import Step, Text, explaining, text_dict

__all__ = ["LossRelief", "loss_relief", "loss_relief_notes", "rate_class", "residence_reasons",
           "special_deduction"]


# treated as immutable but not frozen: it holds steps, so it was never hashable, and a frozen
# record's __init__ costs several times as much (see trace.Step)
@dataclass(slots=True)
class LossRelief:
    """措法41条の5の2: a loss on selling the home below its housing loan, set off against other income.

    Only the amount that may be set off is computed: the refund depends on the seller's other
    income (給与所得 …) and marginal rates, which the case may not know.
    """

    available: bool
    reasons: tuple[Msg, ...]
    """Why it is not available; empty when available."""
    loss: Yen
    overloan: Yen
    """契約締結日前日の住宅借入金等残高 − 譲渡対価 (0 when not known or not positive)."""
    offsettable: Yen
    """min(loss, overloan) when available, else 0."""
    carry_forward_years: int | None
    income_limit: Yen | None
    status: str
    """The rule period's status: "confirmed" or "unconfirmed"."""
    caveat: tuple[str, str] | None
    step: Step
    in_force: bool
    """Whether the measure covers the transfer date at all."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "available": self.available, "in_force": self.in_force,
            "reasons": [text_dict(r) for r in self.reasons], "loss": self.loss, "overloan": self.overloan,
            "offsettable": self.offsettable, "carry_forward_years": self.carry_forward_years,
            "income_limit": self.income_limit, "status": self.status,
            "caveat": {"ja": self.caveat[0], "en": self.caveat[1]} if self.caveat else None,
            "why": self.step.to_dict(),
        }


# ------------------------------------------------------------------------------ residence


def residence_reasons(prop: Property, sale: Transfer, *,
                      book: RuleBook) -> tuple[list[Msg], Resolved]:
    """Why the home does not count as the seller's residence for the reliefs ([] if it does),
    and the move-out rule consulted (措法35条2項: sold by 12月31日 of the 3rd year)."""
    transfer = sale.on
    move_rule = book.at("capital_gains.residence_move_out_years", transfer)
    reasons: list[Msg] = []
    if not sale.residence:
        reasons.append(msg("tax.reliefs.not_residence"))
    elif prop.moved_out_on is not None and prop.moved_out_on <= transfer:
        anniversary = add_years(prop.moved_out_on, int(move_rule.value))
        deadline = date(anniversary.year, 12, 31)
        if transfer > deadline:
            reasons.append(msg("tax.reliefs.moved_out_too_long", moved_out=prop.moved_out_on,
                               years=move_rule.value, deadline=deadline))
    elif not prop.lived_in:
        reasons.append(msg("tax.reliefs.not_lived_in"))
    if sale.related_party:
        reasons.append(msg("tax.reliefs.related_party"))
    if sale.used_residence_relief_recently:
        reasons.append(msg("tax.reliefs.used_recently"))
    return reasons, move_rule


# ------------------------------------------------------------------------------ 35条, 31条の3


def special_deduction(gain: Yen, reasons: list[Msg], move_rule: Resolved, transfer: date,
                      book: RuleBook) -> tuple[Yen, Step]:
    """居住用財産の3,000万円特別控除 (措法35条): up to the limit, never below 0, only for a
    qualifying residence (no ``reasons`` against it)."""
    deduction_rule = book.at("capital_gains.residence_special_deduction", transfer)
    limit = int(deduction_rule.value)
    deduction = min(max(gain, 0), limit) if not reasons else 0
    if not explaining():
        return deduction, Step.bare("special_deduction", uses(deduction_rule, move_rule))
    return deduction, Step(
        name="special_deduction", label=msg("tax.reliefs.special_deduction"),
        formula=f"min(gain, {format_yen(limit)}) for a qualifying residence; never below 0",
        inputs={"gain": format_yen(gain), "qualifies": "yes" if not reasons else "no"},
        result=format_yen(deduction), rules=uses(deduction_rule, move_rule),
        note=joined(reasons) if reasons and gain > 0 else None,
    )


def rate_class(by_time: HoldingClass, reasons: list[Msg], gain: Yen, deduction: Yen,
               notes: list[Text]) -> HoldingClass:
    """The class the rates use: the 10年超 reduced rates (措法31条の3) need a qualifying
    residence too, else "long"; a note says so when it costs tax."""
    if by_time is not HoldingClass.LONG_REDUCED or not reasons:
        return by_time
    if gain > deduction:
        notes.append(msg("tax.reliefs.no_reduced_rates", reasons=joined(reasons)))
    return HoldingClass.LONG


# ------------------------------------------------------------------------------ 41条の5の2


def loss_relief(prop: Property, sale: Transfer, *, gain: Yen, residence_reasons: list[Msg],
                move_rule: Resolved, book: RuleBook) -> LossRelief:
    """The overloan loss relief (措法41条の5の2) on a loss: what may be set off, or why not."""
    transfer, proceeds = sale.on, sale.proceeds
    balance, term = sale.loan_balance_before_contract, sale.loan_term_years
    rule = book.at("capital_gains.overloan_loss_relief", transfer)
    loss = -gain
    overloan = max(balance - proceeds, 0) if balance is not None else 0
    reasons = list(residence_reasons)
    carry: int | None = None
    limit: Yen | None = None
    if not rule.in_force:
        reasons.insert(0, msg("tax.reliefs.out_of_period", transfer=transfer))
    else:
        v = rule.value
        carry, limit = int(v["carry_forward_years"]), int(v["income_limit"])
        reasons += _loss_requirements(prop, transfer, term, v)
    if balance is None:
        reasons.append(msg("tax.reliefs.balance_unknown"))
    elif proceeds >= balance:
        reasons.append(msg("tax.reliefs.not_below_balance", proceeds=proceeds, balance=balance))
    available = rule.in_force and not reasons
    offsettable = min(loss, overloan) if available else 0
    step = Step.bare("overloan_loss_relief", uses(rule, move_rule)) if not explaining() else Step(
        name="overloan_loss_relief",
        label=msg("tax.reliefs.loss_relief"),
        formula=msg("tax.reliefs.loss_relief_formula").ja,
        inputs={"loss": format_yen(loss),
                "loan_balance_before_contract": format_yen(balance) if balance is not None
                else both(msg("tax.common.unknown")),
                "proceeds": format_yen(proceeds),
                "loan_term_years": msg("tax.common.years", years=term).ja if term is not None
                else both(msg("tax.common.unknown"))},
        result=format_yen(offsettable),
        rules=uses(rule, move_rule),
        note=msg("tax.reliefs.refund_not_computed") if available
        else msg("tax.reliefs.refund_not_computed_unavailable", reasons=joined(reasons)),
    )
    return LossRelief(
        available=available, reasons=tuple(reasons), loss=loss, overloan=overloan,
        offsettable=offsettable, carry_forward_years=carry, income_limit=limit,
        status=rule.period.status.value, caveat=rule.caveat, step=step, in_force=rule.in_force,
    )


def _loss_requirements(prop: Property, transfer: date, term: int | None,
                       v: Any) -> list[Msg]:
    """The holding-period and loan-term requirements of the rule in force, unmet ones."""
    assert prop.acquired_on is not None  # the callers check first (not_computed.py)
    reasons: list[Msg] = []
    min_years, min_term = int(v["min_holding_years"]), int(v["min_loan_term_years"])
    if not held_more_than(prop.acquired_on, january_1(transfer), min_years):
        reasons.append(msg("tax.reliefs.held_too_short", years=min_years))
    if term is None:
        reasons.append(msg("tax.reliefs.term_unknown"))
    elif term < min_term:
        reasons.append(msg("tax.reliefs.term_too_short", term=term, minimum=min_term))
    return reasons


def loss_relief_notes(relief: LossRelief, sale: Transfer | None = None) -> list[Text]:
    """What the result's notes say about the loss: the refund is not computed, any caveat, and
    that the settlement date stood in for the contract date when none was given."""
    notes: list[Text] = [msg("tax.reliefs.refund_note")]
    if relief.caveat:
        notes.append(relief.caveat)
    if sale is not None and sale.contract_date is None:
        notes.append(msg("cotax.notes.balance_on_settlement"))
    return notes
