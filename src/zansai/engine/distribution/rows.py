"""配分表 lines under construction: mutable while the price is allocated, then frozen."""

from __future__ import annotations

from zansai.arith.waterfall import pay
from zansai.engine.distribution.table import Distribution, LienClaim, Line, Party
from zansai.messages import msg
from zansai.model import DistributionMode, Item
from zansai.money import Yen, format_yen
from zansai.trace import RuleUse, Step, Text, explaining, unique_uses


class Row:
    """A line under construction (mutable while the price is allocated)."""

    def __init__(self, party: Party, name: str, label: Text, claim: Yen, *,
                 rank: int | None = None, allowed: Yen | None = None, formula: str = "",
                 rules: tuple[RuleUse, ...] = (), rounding: str | None = None, note: Text | None = None,
                 inputs: dict[str, str] | None = None) -> None:
        self.party, self.name, self.label = party, name, label
        self.claim, self.rank = claim, rank
        self.allowed = claim if allowed is None else allowed
        self.paid = 0
        self.deduction = 0
        self.formula, self.rules, self.rounding, self.note = formula, rules, rounding, note
        self.inputs = dict(inputs) if inputs else {}
        if "claim" not in self.inputs and explaining():
            self.inputs["claim"] = format_yen(claim)

    def pay(self, amount: Yen, remaining: Yen) -> Yen:
        """Pay ``min(amount, remaining)`` (the waterfall's ``arith.pay``); return what remains."""
        got, left = pay(amount, remaining)
        self.paid += got
        return left

    def freeze(self) -> Line:
        """The finished line; the row is done with (its inputs become its step's, uncopied)."""
        if not explaining():  # the formula stays: the 配分表 shows a deduction's (table.py)
            step = Step("distribution", self.formula or "paid = min(claim, remaining)", {}, "",
                        rules=self.rules)
            return Line(self.party, self.name, self.label, self.claim, self.paid, step,
                        self.rank, self.deduction)
        inputs = self.inputs
        if self.deduction:
            inputs["deduction"] = format_yen(self.deduction)
        # Party is a StrEnum: formatted, it is its value
        step = Step(f"distribution.{self.party}.{self.name}",
                    self.formula or "paid = min(claim, remaining)", inputs, format_yen(self.paid), "",
                    self.rounding, self.rules, self.note, self.label)
        return Line(self.party, self.name, self.label, self.claim, self.paid, step,
                    self.rank, self.deduction)

    def step(self) -> Step:
        """The step of an amount this row caps (its claim), before anything is paid."""
        if not explaining():
            return Step.bare("distribution", self.rules)
        return Step(name=f"distribution.{self.name}", label=self.label, formula=self.formula,
                    inputs=dict(self.inputs), result=format_yen(self.claim), rules=self.rules,
                    note=self.note)


def lien_row(lien: LienClaim, party: Party) -> Row:
    kind = msg("distribution.lines.kind_seizure" if lien.is_tax_seizure else "distribution.lines.kind_lien")
    label = msg("distribution.lines.lien", rank=lien.rank, kind=kind, holder=lien.holder)
    return Row(party, lien.holder, label, lien.claim, rank=lien.rank,
               inputs={"principal": format_yen(lien.principal)} if explaining() else None)


def freeze(price: Yen, mode: DistributionMode, rows: list[Row], seller: Row, remaining: Yen,
           warnings: list[Text], out_of_pocket: list[Item]) -> Distribution:
    """The seller takes what remains; the lines are frozen and must add up to the price."""
    seller.paid = seller.claim = remaining
    if explaining():
        seller.inputs = {"price": format_yen(price), "remaining": format_yen(remaining)}
    lines = tuple(r.freeze() for r in [*rows, seller])
    steps = [ln.step for ln in lines] + [it.step for it in out_of_pocket]
    uses = unique_uses(use for step in steps if step for use in step.rules)
    dist = Distribution(price, mode, lines, tuple(warnings), uses, tuple(out_of_pocket))
    assert dist.paid_total == price, "allocation must add up to the price"
    return dist
