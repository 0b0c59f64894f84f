"""Every route for one debtor's remaining debt, on the same debts and dates: the entry point."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from zansai.engine.residual.assets import floor_rounding, owned
from zansai.engine.residual.bankruptcy import bankruptcy
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.limitation import limitation
from zansai.engine.residual.lump_sum import lump_sum
from zansai.engine.residual.negotiated import negotiated_settlement
from zansai.engine.residual.rehabilitation import rehabilitation
from zansai.engine.residual.results import ResidualRoutes
from zansai.engine.residual.surplus import SaleSurplus
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import Household, ResidualOptions
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step, Text, unique_uses


def residual_routes(debts: Sequence[ResidualDebt], household: Household, options: ResidualOptions, *,
                    debtor: str, start: date, book: RuleBook,
                    surplus: SaleSurplus | None = None) -> ResidualRoutes:
    """Every route for ``debtor``'s remaining debt from ``start`` (the day it is fixed).

    Court routes are filed on ``options.filing_date`` or ``start``. Only assets owned by the debtor
    (or not attributed) count; so does the debtor's part of ``surplus``, what the exit's sale left
    over, as cash. Each debt, the household and the options check their own values;
    what involves several of them (the debtor's name, the lump sum against the total) is checked here.
    """
    debts = tuple(debts)
    _check(debts, options, debtor)
    filing = options.filing_date or start
    capacity, cap_step = _capacity(household)
    warnings: list[Text] = []
    if household.monthly_rent_after_sale is None:
        warnings.append(msg("residual.capacity.no_rent"))
    if filing < start:
        warnings.append(msg("residual.capacity.filing_before_start"))
    assets = tuple(owned(household.assets, debtor))
    surplus_cash, surplus_step, surplus_uses = _surplus(surplus, filing, book, warnings)
    steps = [cap_step, *surplus_step]
    ctx = RouteContext(debts, household, options, debtor, start, filing, book, capacity, assets,
                       surplus, surplus_cash)
    routes = [negotiated_settlement(ctx, waive=False), negotiated_settlement(ctx, waive=True)]
    if options.lump_sum is not None:
        routes.append(lump_sum(ctx, options.lump_sum))
    routes += [rehabilitation(ctx, salaried=False), rehabilitation(ctx, salaried=True), bankruptcy(ctx)]
    limitations = tuple(limitation(d, start, book) for d in debts)
    uses = unique_uses([*surplus_uses, *(u for r in routes for u in r.rules_used),
                        *(u for li in limitations for u in li.rules_used)])
    return ResidualRoutes(debtor=debtor, start=start, debts=debts, capacity=capacity, routes=tuple(routes),
                          limitation=limitations, warnings=tuple(warnings), rules_used=uses,
                          filing_date=filing, steps=tuple(steps), surplus=surplus,
                          surplus_cash=surplus_cash, means=ctx.means)


def _check(debts: Sequence[ResidualDebt], options: ResidualOptions, debtor: str) -> None:
    """The checks that involve more than one value: a debtor named, a lump sum within the debts."""
    if not isinstance(debtor, str) or not debtor.strip():
        raise DomainError.invalid("residual.debtor", repr(debtor), msg("residual.capacity.name_required"))
    if options.lump_sum is not None and options.lump_sum > sum(d.amount for d in debts):
        raise DomainError.invalid("residual.lump_sum", options.lump_sum,
                                  msg("residual.capacity.lump_sum_at_most_debt"))


def _surplus(surplus: SaleSurplus | None, filing: date, book: RuleBook,
             warnings: list[Text]) -> tuple[Yen, list[Step], list[RuleUse]]:
    """The debtor's part of the sale's surplus, rounded as a legal floor's part (up), and its step."""
    if surplus is None:
        return 0, [], []
    rounding_res = book.at("rehabilitation.legal_floor_rounding", filing)
    rounding = floor_rounding(rounding_res)
    uses = [RuleUse.of(rounding_res)]
    if not surplus.shares_known:
        warnings.append(msg("residual_surplus.surplus.no_shares"))
    warnings.append(msg("residual_surplus.surplus.counted_as_cash", amount=surplus.part(rounding)))
    return surplus.part(rounding), [surplus.step(rounding, tuple(uses))], uses


def _capacity(household: Household) -> tuple[Yen, Step]:
    """What the household can pay each month: take-home income − living costs − rent after the sale."""
    rent = household.monthly_rent_after_sale or 0
    capacity = household.monthly_income - household.monthly_living_costs - rent
    step = Step(name="residual.capacity", label=msg("residual.capacity.label"),
                formula="take-home income − living costs − rent after the sale",
                inputs={"monthly_income": format_yen(household.monthly_income),
                        "monthly_living_costs": format_yen(household.monthly_living_costs),
                        "rent": format_yen(rent) if household.monthly_rent_after_sale is not None
                        else msg("residual.capacity.not_entered").ja},
                result=format_yen(capacity), note=msg("residual.capacity.note"))
    return capacity, step
