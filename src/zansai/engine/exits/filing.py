"""競売申立: the filing date and the claimed amount (請求債権額) the court costs are computed on.

The deposit (予納金) bracket and the seizure's registration tax are fixed when the creditor files,
on what it claims then, not on the day the buyer pays. The case file may give both; what it does
not give is estimated: the date by the delinquency timeline, the claim as what the first lien's
holder (the lender, or the guarantee company after 代位弁済) is owed on that date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.engine.exits.context import Context
from zansai.messages import msg
from zansai.model import LienKind
from zansai.money import Yen, format_yen
from zansai.trace import Step, Text, text_dict


@dataclass(frozen=True, slots=True)
class FiledClaim:
    """The filing the court costs depend on, and whether each part was given or estimated."""

    filed_on: date
    claim: Yen
    date_estimated: bool
    claim_estimated: bool
    step: Step
    notes: tuple[Text, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"filing_date": self.filed_on.isoformat(), "claim": self.claim,
                "filing_date_estimated": self.date_estimated,
                "claim_estimated": self.claim_estimated, "why": self.step.to_dict(),
                "notes": [text_dict(n) for n in self.notes]}


def filed_claim(ctx: Context) -> FiledClaim:
    """The filing date (given, or the timeline's typical date) and the claim (given, or owed then)."""
    given = ctx.case.auction
    on = ctx.dates.auction_filing
    date_estimated = given.filed_on is None
    notes: list[Text] = []
    if date_estimated:
        notes.append(msg("auction.notes.date_estimated", filing=on))
    elif ctx.dates.subrogation is not None and on < ctx.dates.subrogation:
        notes.append(msg("auction.notes.before_subrogation", filing=on,
                         subrogation=ctx.dates.subrogation))
    if given.claim is not None:
        claim, inputs = given.claim, {"claim": format_yen(given.claim)}
        formula = "the claimed amount given"
    else:
        claim, inputs = _owed_on_filing(ctx, on)
        formula = "principal + interest + late charges the first lien's holder is owed on the filing date"
        notes += [msg("auction.notes.claim_estimated", filing=on, amount=claim),
                  msg("auction.notes.claim_scope")]
    registered = _registered_amount(ctx)
    if registered is not None and claim > registered:
        notes.append(msg("auction.notes.claim_over_registered", amount=claim, registered=registered))
    step = Step(name="auction_filing_claim", label=msg("auction.steps.filed_claim"), formula=formula,
                inputs={"filing_date": on.isoformat(),
                        "filing_date_source": "estimated" if date_estimated else "given", **inputs},
                result=format_yen(claim), note=msg("auction.notes.why_filing_date"))
    return FiledClaim(on, claim, date_estimated, given.claim is None, step, tuple(notes))


def _registered_amount(ctx: Context) -> Yen | None:
    """The first mortgage's loan amount, which is what its registration usually states (債権額)."""
    lien = next((x for x in ctx.case.liens if x.kind is not LienKind.TAX_SEIZURE), None)
    return lien.loan.principal if lien is not None and lien.loan is not None else None


def _owed_on_filing(ctx: Context, on: date) -> tuple[Yen, dict[str, str]]:
    """What the first mortgage's holder is owed on ``on``, as if payments stopped (its 請求債権)."""
    lien = next((x for x in ctx.case.liens if x.kind is not LienKind.TAX_SEIZURE), None)
    if lien is None:
        return 0, {"claim": format_yen(0)}
    owed = ctx.owed(lien, on, assume_default=True)
    if owed is None:
        claim = lien.balance or 0
        return claim, {"holder": lien.holder, "balance": format_yen(claim)}
    ctx.rules_used.extend(owed.rules_used)
    holder = lien.guarantor_company if owed.subrogated and lien.guarantor_company else lien.holder
    return owed.total, {"holder": holder, "principal": format_yen(owed.principal),
                        "interest": format_yen(owed.interest),
                        "late_charges": format_yen(owed.late_charges),
                        "claim": format_yen(owed.total)}
