"""The 配分表's types: the parties, the liens' claims, its lines and the table lenders read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zansai.messages import Labelled, Msg, msg
from zansai.model import DistributionMode, Item
from zansai.model.checks import require_yen
from zansai.money import Rounding, Yen
from zansai.trace import Explanation, RuleUse, Step, Text, text_dict

FLOOR = Rounding.FLOOR.label()


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


class LineName(StrEnum):
    """The fixed names of 配分表 lines (the others are lienholders' names and cost keys)."""

    PROCEEDS = "proceeds"
    """売主手取り: what is left for the seller."""
    MOVING_ALLOWANCE = "moving_allowance"
    """引越費用 paid to the seller out of a short-sale price, when the lender allows it."""
    ASSOCIATION = "association"
    """滞納管理費・修繕積立金."""
    UNPAID_TAXES = "unpaid_taxes"
    """滞納税 without a seizure."""


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

    def __post_init__(self) -> None:
        require_yen(f"liens[{self.rank}].claim", self.claim)
        require_yen(f"liens[{self.rank}].principal", self.principal)


@dataclass(slots=True)
class Line(Labelled):
    """One row of the 配分表.

    Treated as immutable, like ``Step``, but not ``frozen``: a plan builds fifty to eighty lines and a
    frozen record's ``__init__`` costs about four times as much (its ``step`` is unhashable, so
    frozen never bought a hash)."""

    party: Party
    name: str
    label: Text
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
        if isinstance(self.label, Msg):
            out["label_id"] = self.label.id
        if self.step is not None:
            out["why"] = self.step.to_dict()
        return out


def _row(label: Text, amount: Yen, note: Text | str = "") -> dict[str, Any]:
    """One row of the table as it appears in the JSON: a note in words is ``{id, ja, en}``."""
    out: dict[str, Any] = {"label_ja": label[0], "label_en": label[1], "amount": amount,
                           "note": note if isinstance(note, str) else text_dict(note)}
    if isinstance(label, Msg):
        out["label_id"] = label.id
    return out


_NOTES = {
    "first_lender": msg("distribution.table.notes.first_lender"),
    "surplus": msg("distribution.table.notes.surplus"),
    "by_priority": msg("distribution.table.notes.by_priority"),
    "claim_less_paid": msg("distribution.table.notes.claim_less_paid"),
    "not_from_price": msg("distribution.table.notes.not_from_price"),
    "in_full": msg("distribution.table.notes.in_full"),
    "release_fee": msg("distribution.table.notes.release_fee"),
    "association": msg("distribution.table.notes.association"),
    "priority_tax": msg("distribution.table.notes.priority_tax"),
    "seizure_cap": msg("distribution.table.notes.seizure_cap"),
    "moving": msg("distribution.table.notes.moving"),
}
"""The table's notes (said once per process: the same few sentences on every row)."""


def _note(key: str) -> Msg:
    return _NOTES[key]


# treated as immutable but not frozen: it holds steps, so it was never hashable, and a frozen
# record's __init__ costs several times as much (see trace.Step)
@dataclass(slots=True)
class Distribution:
    """The 配分表 of one sale price."""

    price: Yen
    mode: DistributionMode
    lines: tuple[Line, ...]
    warnings: tuple[Text, ...]
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
        """The 配分表 rows in the order lenders lay them out (rendered for the JSON and the reports)."""
        rows = [_row(msg("distribution.table.price"), self.price)]
        liens = [ln for ln in self.lines if ln.rank is not None]
        if self.mode is DistributionMode.SHORT_SALE:
            rows += self._deduction_rows()
            first = self._first_lender()
            if first is not None:
                rows.append(_row(msg("distribution.table.first_lender_repaid", rank=first.rank,
                                     name=first.name), first.paid, _note("first_lender")))
            for ln in self.lines:
                extra = ln.paid - ln.deduction
                if ln.party is not Party.SELLER and ln is not first and extra > 0:
                    rows.append(_row(msg("distribution.table.repaid", label=ln.label), extra,
                                     _note("surplus")))
        else:
            rows += [_row(ln.label, ln.paid, _note("by_priority"))
                     for ln in self.lines if ln.party is not Party.SELLER]
        for ln in liens:
            rows.append(_row(msg("distribution.table.remaining_debt", label=ln.label), ln.shortfall,
                             _note("claim_less_paid")))
        rows += [_row(msg("distribution.table.still_unpaid", label=ln.label), ln.shortfall,
                      _note("claim_less_paid"))
                 for ln in self.lines if ln.rank is None and ln.shortfall > 0]
        rows.append(_row(msg("distribution.lines.proceeds"), self.paid_to(Party.SELLER, LineName.PROCEEDS)))
        rows += [_row(msg("distribution.table.seller_separately", label=(it.label_ja, it.label_en)),
                      it.amount, _note("not_from_price"))
                 for it in self.out_of_pocket]
        return rows

    def _deduction_rows(self) -> list[dict[str, Any]]:
        costs = [ln for ln in self.lines if ln.party is Party.SALE_COSTS]
        junior = [ln for ln in self.lines if ln.party is Party.JUNIOR_LIENHOLDER]
        assoc = [ln for ln in self.lines if ln.party is Party.ASSOCIATION]
        seizures = [ln for ln in self.lines if ln.party is Party.TAX_OFFICE and ln.rank is not None]
        moving = [ln for ln in self.lines
                  if ln.party is Party.SELLER and ln.name == LineName.MOVING_ALLOWANCE]
        rows = [_row(ln.label, ln.deduction,
                     ln.step.formula if ln.step and ln.step.rules else _note("in_full"))
                for ln in costs]
        rows += [_row(msg("distribution.table.release_fee", rank=ln.rank, name=ln.name), ln.deduction,
                      _note("release_fee")) for ln in junior]
        rows += [_row(msg("distribution.table.association"), ln.deduction, _note("association"))
                 for ln in assoc]
        first_rank = next((ln.rank or 0 for ln in self.lines if ln.party is Party.LENDER), 0)
        rows += [_row(msg("distribution.table.seizure_release", name=ln.name), ln.deduction,
                      _note("priority_tax") if (ln.rank or 0) < first_rank else _note("seizure_cap"))
                 for ln in seizures]
        rows += [_row(msg("distribution.table.moving"), ln.deduction, _note("moving")) for ln in moving]
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
            "warnings": [text_dict(w) for w in self.warnings],
            "rules_used": [r.ref() for r in self.rules_used],
        }

    def explain(self) -> Explanation:
        ja, en = msg({DistributionMode.SHORT_SALE: "distribution.titles.short_sale",
                      DistributionMode.AUCTION: "distribution.titles.auction"}.get(
                          self.mode, "distribution.titles.normal"))
        title = f"{ja} / {en}"
        steps = tuple(s for s in [*(ln.step for ln in self.lines), *(it.step for it in self.out_of_pocket)]
                      if s is not None)
        return Explanation(title=title, steps=steps,
                           notes=tuple(f"{ja} / {en}" for ja, en in self.warnings))
