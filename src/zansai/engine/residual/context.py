"""What every route reads: the debts, the household, the user's options and the dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.surplus import SaleSurplus
from zansai.model import Asset, DebtKind, Household, ResidualOptions
from zansai.money import Yen
from zansai.rules import RuleBook


@dataclass(frozen=True, slots=True)
class RouteContext:
    """The same debts, household and dates for every route, so they answer the same questions."""

    debts: tuple[ResidualDebt, ...]
    household: Household
    options: ResidualOptions
    debtor: str
    start: date
    """The day the remaining debt is fixed (the exit's completion)."""
    filing: date
    """When a court route is filed."""
    book: RuleBook
    capacity: Yen
    """Monthly: take-home income − living costs − rent after the sale (may be negative)."""
    assets: tuple[Asset, ...]
    """The debtor's assets (owned by the debtor or not attributed)."""
    surplus: SaleSurplus | None = None
    """What the exit's sale left over (売却の余剰金), by owner."""
    surplus_cash: Yen = 0
    """The debtor's part of ``surplus``, counted as the debtor's cash (0 when nothing was left)."""
    kept: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Figures two routes share (the 最低弁済額 and 清算価値 of both kinds of 個人再生), worked
    out once for this set of routes."""

    def total(self, *kinds: DebtKind) -> Yen:
        """The debts of these kinds (all debts when none is named)."""
        return sum(d.amount for d in self.debts if not kinds or d.kind in kinds)

    @property
    def means(self) -> Yen:
        """What could be paid at once: savings, relatives' help and the debtor's part of the surplus."""
        return self.household.savings + self.household.relatives_help + self.surplus_cash
