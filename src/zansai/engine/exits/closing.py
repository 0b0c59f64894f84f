"""A sale on its closing date: its costs and 配分表 (``sell``), and the ``ExitResult`` built from
them (``close``), with the checks every sale shares (the short-sale deadline, the auction buyer
paying first, the owners' signatures)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from zansai.engine.distribution import ConsentCheck, Distribution, Line, LineName, Party, allocate
from zansai.engine.exits.consents import blocked, owner_consents
from zansai.engine.exits.context import Claims, Context, claims_on
from zansai.engine.exits.debtors import credit_record, joint_debtors
from zansai.engine.exits.result import EXIT_LABELS, ExitResult, LenderOutcome
from zansai.engine.sale import Channel, SaleCosts, sale_costs
from zansai.messages import msg
from zansai.model import Case, DistributionMode, ExitKey
from zansai.model.home import Item
from zansai.model.keys import CostKey
from zansai.model.offers import PriceBasis
from zansai.money import Yen
from zansai.trace import Step, Text


def sell(ctx: Context, price_key: ExitKey, channel: Channel, *, short: bool | None,
         moving_cost: Yen | None = None) -> tuple[SaleCosts, Distribution, Claims]:
    """Costs and distribution of a sale at the valuation's ``price_key`` on the sale date.

    ``short``: True forces the short-sale (lender consent) distribution, False the full
    repayment waterfall, None picks the short sale only when the price cannot repay everyone.
    The same sale asked for again in one context (通常売却, 売却＋自己資金 and 住み替え sell alike)
    is computed once and handed out with steps of its own, as a fresh computation gives them.
    """
    claims = claims_on(ctx, ctx.case.sale_date)
    key = (price_key, channel, short, moving_cost)
    kept = ctx.sales.get(key)
    if kept is None:
        costs, dist = ctx.sales[key] = _sell(ctx, price_key, channel, short, moving_cost, claims)
    else:
        costs, dist = afresh(*kept)
        ctx.rules_used.extend(costs.rules_used)
        ctx.rules_used.extend(dist.rules_used)
    return costs, dist, claims


def _sell(ctx: Context, price_key: ExitKey, channel: Channel, short: bool | None,
          moving_cost: Yen | None, claims: Claims) -> tuple[SaleCosts, Distribution]:
    case = ctx.case
    on = case.sale_date
    price = ctx.valuation.price(price_key)
    liens_to_release = sum(1 for c in claims.liens if not c.is_tax_seizure)
    costs = sale_costs(price, settlement=on, prop=case.property, liens_to_release=liens_to_release,
                       channel=channel, book=ctx.book,
                       moving_cost=case.moving_cost if moving_cost is None else moving_cost,
                       contract_date=case.sale_contract_date, **sale_terms(case))
    ctx.rules_used.extend(costs.rules_used)
    moving = costs.item(CostKey.MOVING_COST)

    def run(short_sale: bool) -> Distribution:
        items = [it for it in costs.items if it.key != CostKey.MOVING_COST] if short_sale \
            else list(costs.items)
        allowance = 0
        if short_sale and moving is not None and ctx.use("short_sale.jhf_moving_cost_allowed", on):
            allowance = moving.amount
        return allocate(price, costs=items, liens=claims.liens, association_claim=claims.association,
                        tax_claim=claims.tax, annual_property_tax=case.property.annual_property_tax,
                        settlement=on, book=ctx.book, short_sale=short_sale,
                        moving_allowance=allowance,
                        monthly_management_fee=case.monthly_management_fee)

    if short is None:
        # Only one table is built: whether the full repayment would leave debt is known from
        # the totals alone (the waterfall pays costs first, then every claim in full or not).
        repaid = repays_everyone(price, costs.items, claims)
        dist = run(False) if repaid or not claims.liens else run(True)
    else:
        dist = run(short) if (short is False or claims.liens) else run(False)
    ctx.rules_used.extend(dist.rules_used)
    return costs, dist


def repays_everyone(price: Yen, costs: Sequence[Item], claims: Claims) -> bool:
    """Whether the full repayment waterfall at ``price`` (``allocate(short_sale=False)``) leaves
    no debt: after the costs, what remains covers every claim (liens, the association, taxes)."""
    owed = sum(lien.claim for lien in claims.liens) + max(claims.association, 0) \
        + max(claims.tax, 0)
    return owed == 0 or price - sum(it.amount for it in costs) >= owed


def afresh(costs: SaleCosts, dist: Distribution) -> tuple[SaleCosts, Distribution]:
    """``costs`` and ``dist`` with a new object for each of their steps (a step the two shared
    stays shared): the plan's explanation shows each step object once, so a sale handed out
    again must not look like one already shown."""
    new: dict[int, Step] = {}

    def again(step: Step) -> Step:
        copy = new.get(id(step))
        if copy is None:
            copy = new[id(step)] = step.again()
        return copy

    def items(its: tuple[Item, ...]) -> tuple[Item, ...]:
        return tuple(Item(it.key, it.label_ja, it.label_en, it.amount, again(it.step), it.label)
                     if it.step is not None else it for it in its)

    proration = costs.proration
    if proration is not None:
        proration = replace(proration, step=again(proration.step))
    costs = replace(costs, items=items(costs.items), proration=proration)
    lines = tuple(Line(ln.party, ln.name, ln.label, ln.claim, ln.paid, again(ln.step), ln.rank,
                       ln.deduction) if ln.step is not None else ln for ln in dist.lines)
    return costs, replace(dist, lines=lines, out_of_pocket=items(dist.out_of_pocket))


def sale_terms(case: Case) -> dict[str, Any]:
    """The case's brokerage contract, other selling expenses and stamp-duty basis for ``sale_costs``."""
    return {"brokerage": case.brokerage, "selling_expenses": case.selling_expenses,
            "contract_amount_stated": case.contract_amount_stated}


def moving_paid_by_household(costs: SaleCosts, dist: Distribution) -> Yen:
    """Moving cost the household pays itself (not carried by the price)."""
    item = costs.item(CostKey.MOVING_COST)
    if item is None:
        return 0
    if dist.mode is DistributionMode.SHORT_SALE:
        return item.amount - dist.paid_to(Party.SELLER, LineName.MOVING_ALLOWANCE)
    return 0


def seller_paid(dist: Distribution) -> Yen:
    """What the seller keeps from the price (the moving allowance is not the seller's to keep)."""
    return sum(ln.paid for ln in dist.lines
               if ln.party is Party.SELLER and ln.name != LineName.MOVING_ALLOWANCE)


def _outcomes(claims: Claims, dist: Distribution) -> tuple[LenderOutcome, ...]:
    out = []
    for line in dist.lines:
        if line.party in (Party.LENDER, Party.JUNIOR_LIENHOLDER, Party.TAX_OFFICE) and \
                line.name in claims.outcomes:
            rank, claimant, late, _holder = claims.outcomes[line.name]
            out.append(LenderOutcome(rank=rank, holder=line.name, claimant=claimant,
                                     claim=line.claim, late_charges=late, paid=line.paid))
    return tuple(out)


def _costs_taken(dist: Distribution) -> Yen:
    return sum(ln.paid for ln in dist.lines if ln.party is Party.SALE_COSTS)


def _timing_reasons(ctx: Context, key: ExitKey, dist: Distribution, owners_sign: bool) -> list[Text]:
    """A sale that closes too late: past the short-sale deadline, or after the auction buyer pays."""
    reasons: list[Text] = []
    on = ctx.case.sale_date
    if dist.mode is DistributionMode.SHORT_SALE and key is not ExitKey.SHORT_SALE \
            and on > ctx.dates.last_short_sale_day:
        reasons.append(msg("exits.closing.after_short_sale_deadline", on=on,
                           last=ctx.dates.last_short_sale_day))
    if ctx.delinquent and owners_sign and on >= ctx.dates.auction_payment:
        reasons.append(msg("exits.closing.after_auction_payment", on=on,
                           payment=ctx.dates.auction_payment))
    return reasons


PRICED_AS = {ExitKey.SALE_WITH_SAVINGS: ExitKey.NORMAL_SALE, ExitKey.TRADE_UP: ExitKey.NORMAL_SALE}
"""The ways out that sell at another way out's price (売却＋自己資金, 住み替え: the normal sale's)."""


def close(ctx: Context, key: ExitKey, costs: SaleCosts, dist: Distribution, claims: Claims, *,
          cash_needed: Yen, can_stay: bool, completion: date, feasible: bool,
          warnings: list[Text], reasons: list[Text], default_needed: bool,
          consents: tuple[ConsentCheck, ...] = (), details: dict[str, Any] | None = None,
          remaining: Yen | None = None, steps: Sequence[Step] = (),
          owners_sign: bool = True) -> ExitResult:
    """The ``ExitResult`` of a sale (or an auction: ``owners_sign=False``)."""
    outcomes = _outcomes(claims, dist)
    reasons = [*reasons, *_timing_reasons(ctx, key, dist, owners_sign)]
    if not consents and owners_sign:
        consents = owner_consents(ctx)
        reasons = reasons + [r for r in blocked(consents) if r not in reasons]
    remaining_debt = dist.remaining_debt if remaining is None else remaining
    taken = _costs_taken(dist)
    ja, en = EXIT_LABELS[key]
    warnings = warnings + [w for w in dist.warnings if w not in warnings]
    priced = ctx.valuation.prices.get(PRICED_AS.get(key, key))
    if priced is not None and priced.basis is PriceBasis.OFFER and key in PRICED_AS:
        steps = (priced.step, *steps)  # the offer is this way out's price too: say so in its why
    return ExitResult(
        key=key, label_ja=ja, label_en=en, feasible=feasible and not reasons, price=dist.price,
        costs_total=costs.total, net_proceeds=dist.price - taken, lenders=outcomes,
        remaining_debt=remaining_debt, cash_needed=cash_needed, surplus=seller_paid(dist),
        completion=completion, can_stay=can_stay,
        credit_record=credit_record(ctx, default_needed=default_needed, remaining=remaining_debt),
        joint_debtors=joint_debtors(ctx, outcomes), consents=consents, warnings=tuple(warnings),
        reasons=tuple(reasons), distribution=dist, costs=costs,
        proration_received=costs.proration.buyer_share if costs.proration else 0,
        details=details or {}, steps=tuple(claims.steps) + tuple(steps),
        price_basis=priced.basis if priced is not None else None,
        offer=priced.offer if priced is not None else None,
    )
