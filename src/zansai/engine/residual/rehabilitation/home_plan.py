"""The 再生計画 beside a 住宅資金特別条項: the other debts reduced by a 小規模個人再生 plan.

The housing loan is not a 再生債権 the plan reduces (it is left out of the 231条 base and the 221条
cap), nor is the part of a claim its security covers (別除権, e.g. a car under 所有権留保); the
home's value above the housing loan counts in the liquidation value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.dates import add_months
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.rehabilitation.costs import rehabilitation_costs
from zansai.engine.residual.rehabilitation.creditor_split import (
    CreditorShare,
    GuarantorExposure,
    guarantor_exposure,
    split_by_creditor,
)
from zansai.engine.residual.rehabilitation.eligibility import claims, plan_years
from zansai.engine.residual.rehabilitation.instalments import (
    Instalments,
    convention_instalments,
    support_lump_at_end,
)
from zansai.engine.residual.rehabilitation.liquidation_value import liquidation_value
from zansai.engine.residual.rehabilitation.minimum import minimum_repayment
from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import Item, RouteKey
from zansai.money import Yen, format_yen
from zansai.trace import explaining


@dataclass(frozen=True, slots=True)
class HomePlan:
    """The plan on the other debts, per creditor, with its costs and dates."""

    eligible: bool
    claims_total: Yen
    """基準債権 T: the unsecured 再生債権 (housing loan and secured parts left out)."""
    required: Yen
    """The plan total (計画弁済総額)."""
    years: int
    instalments: Instalments
    convention: str
    lump: Yen
    taxes: Yen
    costs: tuple[Item, ...]
    by_creditor: tuple[CreditorShare, ...]
    guarantors: tuple[GuarantorExposure, ...]
    approval: date
    first: date | None
    end: date | None

    @property
    def forgiven(self) -> Yen:
        return self.claims_total - self.required - self.lump

    def to_dict(self) -> dict[str, Any]:
        return {
            "claims_total": self.claims_total, "plan_total": self.required, "years": self.years,
            "instalment": self.instalments.regular, "adjusted_instalment": self.instalments.odd,
            "adjusted": self.instalments.adjusted, "instalments": self.instalments.count,
            "rounding": self.convention, "support_lump_at_end": self.lump, "forgiven": self.forgiven,
            "taxes_outside": self.taxes, "approval": self.approval.isoformat(),
            "first_instalment": self.first.isoformat() if self.first else None,
            "end": self.end.isoformat() if self.end else None,
            "by_creditor": [c.to_dict() for c in self.by_creditor],
            "guarantors": [g.to_dict() for g in self.guarantors],
        }


def home_plan(ctx: RouteContext, work: Workings, home_equity: Yen) -> HomePlan:
    """The 小規模個人再生 plan on ``ctx.debts``: max(231条 minimum, liquidation value with
    ``home_equity``), capped at T, in instalments by the case's rounding convention."""
    key = RouteKey.SMALL_REHABILITATION
    found, eligible = claims(ctx, work, key, msg("keep_home.steps.claims_note"))
    minimum = minimum_repayment(found.total, on=ctx.filing, book=ctx.book)
    work.add(minimum.step, minimum.rules_used)
    liq = liquidation_value(ctx.assets, debtor=ctx.debtor, on=ctx.filing, book=ctx.book)
    work.add(liq.step, liq.rules_used)
    liquidation = liq.amount + home_equity
    if explaining():
        work.step("keep_home.liquidation", msg("keep_home.steps.liquidation"),
                  "liquidation value of the other assets + max(0, home value − housing-loan claims)",
                  {"assets": format_yen(liq.amount), "home_equity": format_yen(home_equity)},
                  format_yen(liquidation))
    years, allowed = plan_years(ctx, work)
    eligible = eligible and allowed and minimum.amount is not None
    required = min(max(minimum.amount or 0, liquidation), found.total)
    if explaining():
        work.step("keep_home.plan_total", msg("residual.rehabilitation.plan_total"),
                  "min(max(minimum, liquidation value), T)",
                  {"minimum": format_yen(minimum.amount or 0), "liquidation": format_yen(liquidation),
                   "T": format_yen(found.total)}, format_yen(required))
    months = years * 12
    plan = convention_instalments(work, "keep_home.instalments", required, months,
                                  ctx.options.instalment_rounding, ctx.filing)
    lump = support_lump_at_end(work, key, found.support, required, found.total) if found.total else 0
    dur = work.rule("rehabilitation.filing_to_confirmation_months", ctx.filing)
    approval = add_months(ctx.filing, int(dur.value))
    first = add_months(approval, 1) if plan.count else None
    end = add_months(approval, plan.count) if plan.count else None
    costs = tuple(rehabilitation_costs(ctx, work))
    shares = split_by_creditor(found.plan_debts, plan)
    if explaining():
        work.step("keep_home.by_creditor", msg("keep_home.steps.by_creditor"),
                  "each instalment × claim / T, floored; the yen left go to the largest remainders",
                  {s.creditor: format_yen(s.claim) for s in shares},
                  ", ".join(f"{s.creditor} {format_yen(s.regular)} × {plan.count - 1} + {format_yen(s.odd)}"
                            f" = {format_yen(s.total)}" for s in shares))
    return HomePlan(eligible, found.total, required, years, plan, ctx.options.instalment_rounding, lump,
                    found.taxes, costs, shares, guarantor_exposure(found.plan_debts, shares),
                    approval, first, end)
