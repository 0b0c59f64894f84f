"""What the routes answer: one ``Route`` per way to deal with the debt, and ``ResidualRoutes`` with
all of them side by side, the 消滅時効 notes and the household's monthly capacity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zansai.engine.residual.credit_record import CreditRecord
from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.limitation import LimitationInfo
from zansai.engine.residual.surplus import SaleSurplus
from zansai.engine.residual.workings import Workings, iso
from zansai.errors import DomainError
from zansai.messages import Labelled, Msg, msg
from zansai.model import Item, RouteKey
from zansai.money import Yen
from zansai.trace import Explanation, RuleUse, Step, Text, text_dict, unique_uses

ROUTE_LABELS: dict[RouteKey, Msg] = {
    RouteKey.NEGOTIATED_SETTLEMENT: msg("residual.routes.negotiated"),
    RouteKey.NEGOTIATED_SETTLEMENT_WAIVED: msg("residual.routes.negotiated_without_late_charges"),
    RouteKey.LUMP_SUM: msg("residual.routes.settlement"),
    RouteKey.SMALL_REHABILITATION: msg("residual.routes.small_rehabilitation"),
    RouteKey.SALARIED_REHABILITATION: msg("residual.routes.salaried_rehabilitation"),
    RouteKey.BANKRUPTCY: msg("residual.routes.bankruptcy"),
}
ROUTE_KEYS = tuple(ROUTE_LABELS)
"""The routes in the order they are compared (the lump sum only when the user enters one)."""


@dataclass(frozen=True, slots=True)
class Route(Labelled):
    """One way to deal with the remaining debt, costed on the household's figures."""

    key: RouteKey
    label: Msg
    """The route's name (``label_ja`` / ``label_en``)."""
    eligible: bool
    """The law (or the creditor's practice, for 任意整理 and 一括和解) allows it."""
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
    figures: dict[str, Any] = field(default_factory=dict)
    """The route's figures as numbers, by name (see docs/plan-json.md): what its steps and messages
    state in words (the liquidation value by category, the support paid in the plan, the cash kept)."""

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
            "key": self.key.value, "label_ja": self.label_ja, "label_en": self.label_en,
            "label_id": self.label.id,
            "eligible": self.eligible, "feasible": self.feasible, "total_to_pay": self.total_to_pay,
            "monthly": self.monthly, "months": self.months, "costs": self.costs_total,
            "forgiven": self.forgiven, "gazette": self.official_gazette,
            "guarantors": text_dict(self.guarantors),
            "credit_until": iso(self.credit_until), "credit_open": self.credit_open,
            "reasons": [text_dict(r) for r in self.reasons],
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key.value, "label_ja": self.label_ja, "label_en": self.label_en,
            "label_id": self.label.id, "eligible": self.eligible, "feasible": self.feasible,
            "reasons": [text_dict(r) for r in self.reasons], "total_to_pay": self.total_to_pay,
            "instalments_total": self.instalments_total, "monthly": self.monthly,
            "last_instalment": self.last_instalment, "months": self.months,
            "first_instalment": iso(self.first_instalment), "end_date": iso(self.end_date),
            "costs": [c.to_dict() for c in self.costs], "costs_total": self.costs_total,
            "forgiven": self.forgiven, "surviving": self.surviving, "lump_at_end": self.lump_at_end,
            "assets_at_risk": self.assets_at_risk, "figures": self.figures,
            "gazette": self.official_gazette,
            "guarantors": text_dict(self.guarantors), "credit": [c.to_dict() for c in self.credit],
            "credit_until": iso(self.credit_until), "credit_open": self.credit_open,
            "life": [text_dict(t) for t in self.life], "warnings": [text_dict(t) for t in self.warnings],
            "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
        }


def make_route(work: Workings, key: RouteKey, *, eligible: bool, feasible: bool, total_to_pay: Yen,
               instalments_total: Yen, monthly: Yen, last: Yen, months: int | None, end: date | None,
               costs: Sequence[Item], forgiven: Yen, surviving: Yen, official_gazette: int,
               guarantors: Text, credit: Sequence[CreditRecord], first: date | None = None,
               lump_at_end: Yen = 0, assets_at_risk: Yen = 0) -> Route:
    """The route ``key`` with the workings collected for it (feasible only if eligible)."""
    return Route(
        key=key, label=ROUTE_LABELS[key], eligible=eligible, feasible=feasible and eligible,
        reasons=tuple(work.reasons), total_to_pay=total_to_pay, instalments_total=instalments_total,
        monthly=monthly, last_instalment=last, months=months, end_date=end, costs=tuple(costs),
        costs_total=sum(c.amount for c in costs), forgiven=forgiven, surviving=surviving,
        official_gazette=official_gazette, guarantors=guarantors, credit=tuple(credit),
        life=tuple(work.life), warnings=tuple(work.warnings), steps=tuple(work.steps),
        rules_used=unique_uses(work.uses), first_instalment=first, lump_at_end=lump_at_end,
        assets_at_risk=assets_at_risk, figures=dict(work.figures),
    )


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
    surplus: SaleSurplus | None = None
    """What the exit's sale left over (売却の余剰金), counted in the routes as the debtor's cash."""
    surplus_cash: Yen = 0
    """The debtor's part of ``surplus`` (ownership share, rounded up)."""
    means: Yen = 0
    """What could be paid at once: savings, relatives' help and ``surplus_cash``."""

    @property
    def total_debt(self) -> Yen:
        return sum(d.amount for d in self.debts)

    def route(self, key: str) -> Route:
        """The route ``key`` (a ``RouteKey`` or its value)."""
        for r in self.routes:
            if r.key == key:
                return r
        raise DomainError.invalid("route", key, msg("residual.routes.one_of",
                                                    keys=", ".join(r.key for r in self.routes)))

    def table(self) -> list[dict[str, Any]]:
        return [r.row() for r in self.routes]

    def to_dict(self) -> dict[str, Any]:
        return {
            "debtor": self.debtor, "start": self.start.isoformat(),
            "filing_date": iso(self.filing_date), "capacity": self.capacity, "means": self.means,
            "sale_surplus": self._surplus_dict(),
            "total_debt": self.total_debt, "debts": [d.to_dict() for d in self.debts],
            "routes": [r.to_dict() for r in self.routes], "table": self.table(),
            "limitation": [li.to_dict() for li in self.limitation],
            "warnings": [text_dict(t) for t in self.warnings],
            "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
        }

    def _surplus_dict(self) -> dict[str, Any] | None:
        if self.surplus is None:
            return None
        return {"exit": self.surplus.exit, "exit_label": text_dict(self.surplus.exit_label),
                "total": self.surplus.total, "share": self.surplus.share_text,
                "shares_known": self.surplus.shares_known, "amount": self.surplus_cash}

    def explain(self) -> Explanation:
        steps = [*self.steps]
        notes = [f"{ja} / {en}" for ja, en in self.warnings]
        for r in self.routes:
            steps += r.steps
            notes += [f"{r.label_ja}: {ja} / {r.label_en}: {en}" for ja, en in r.warnings]
        for li in self.limitation:
            steps += li.steps
        title = msg("residual.routes.explain_title")
        return Explanation(title=f"{title.ja} / {title.en}", steps=tuple(steps),
                           notes=tuple(notes))
