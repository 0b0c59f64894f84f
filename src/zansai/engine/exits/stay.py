"""The ways out that keep the household in the home: リースバック (as a tenant) and 払い続ける
(as the owner, keeping the loans)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from zansai.engine.exact import fraction
from zansai.engine.exits.closing import close, sell, seller_paid
from zansai.engine.exits.consents import blocked, short_sale_consents
from zansai.engine.exits.context import Context, claims_on
from zansai.engine.exits.debtors import credit_record
from zansai.engine.exits.result import EXIT_LABELS, ExitResult, LenderOutcome
from zansai.engine.sale import Channel
from zansai.messages import msg
from zansai.model import DistributionMode, ExitKey
from zansai.model.keys import CostKey
from zansai.money import Rounding, Yen, format_percent, format_yen, round_div
from zansai.trace import RuleUse, Step, Text


def leaseback(ctx: Context, alternative: ExitResult) -> ExitResult:
    """リースバック: sell to an investor and rent the home back; compare with selling and moving."""
    case = ctx.case
    on = case.sale_date
    costs, dist, claims = sell(ctx, ExitKey.LEASEBACK, Channel.DIRECT, short=None, moving_cost=0)
    price = dist.price
    yield_rate = fraction(ctx.use("market.leaseback_yield", on))
    rent = round_div(price * yield_rate.numerator, yield_rate.denominator * 12, Rounding.FLOOR)
    moving_alt = alternative.costs.item(CostKey.MOVING_COST) if alternative.costs else None
    moving_saved = moving_alt.amount if moving_alt else 0
    rent_elsewhere = case.household.monthly_rent_after_sale
    # What selling normally (or by short sale) leaves the household better off by, at closing.
    given_up = (alternative.surplus - seller_paid(dist)) + \
        (dist.remaining_debt - alternative.remaining_debt)
    crossover = _crossover(given_up - moving_saved, rent - (rent_elsewhere or 0))
    crossover_year = None if crossover is None else (crossover + 11) // 12
    step = Step(
        name="leaseback_rent", label=msg("exits.steps.leaseback_rent"),
        formula="rent = floor(price × yield ÷ 12); leaseback costs more from the first month m where "
                "(proceeds given up − moving cost saved) + (rent − rent elsewhere) × m > 0",
        inputs={"price": format_yen(price), "yield": format_percent(yield_rate),
                "proceeds_given_up": format_yen(given_up), "moving_cost_saved": format_yen(moving_saved),
                "rent_elsewhere": format_yen(rent_elsewhere) if rent_elsewhere is not None
                else msg("exits.stay.rent_elsewhere_unknown").ja},
        result=f"{format_yen(rent)}/月; crossover month {crossover}", rounding=Rounding.FLOOR.label(None),
        rules=(RuleUse.of(ctx.book.at("market.leaseback_yield", on)),),
        note=msg("exits.stay.compared_with", exit=EXIT_LABELS[alternative.key]),
    )
    below_debt = dist.mode is DistributionMode.SHORT_SALE
    consents = short_sale_consents(ctx) if below_debt else ()
    return close(ctx, ExitKey.LEASEBACK, costs, dist, claims,
                 cash_needed=sum(it.amount for it in dist.out_of_pocket), can_stay=True,
                 completion=on, feasible=True,
                 warnings=_leaseback_warnings(rent_elsewhere is None, below_debt),
                 reasons=blocked(consents), default_needed=below_debt, consents=consents,
                 details={"monthly_rent": rent, "yield": format_percent(yield_rate),
                          "crossover_month": crossover, "crossover_year": crossover_year,
                          "compared_with": alternative.key,
                          "rent_over_horizon": rent * case.leaseback_years * 12,
                          "horizon_years": case.leaseback_years, "buyback_price": None},
                 steps=[step])


def _crossover(head_start: Yen, monthly_gap: Yen) -> int | None:
    """The first month in which the leaseback costs more than selling and renting elsewhere.

    ``head_start``: what selling and moving leaves the household ahead by at closing (proceeds
    given up less the moving cost saved); ``monthly_gap``: leaseback rent − rent elsewhere.
    0 when selling is already ahead; None when the leaseback never costs more.
    """
    if head_start > 0:
        return 0
    if monthly_gap <= 0:
        return None
    return (-head_start) // monthly_gap + 1


def _leaseback_warnings(no_rent_elsewhere: bool, below_debt: bool) -> list[Text]:
    warnings: list[Text] = [msg("exits.stay.fixed_term"), msg("exits.stay.no_buyback_price")]
    if no_rent_elsewhere:
        warnings.append(msg("exits.stay.no_rent_elsewhere"))
    if below_debt:
        warnings.append(msg("exits.stay.needs_consent"))
    return warnings


def _monthly_payment(ctx: Context, at: date) -> tuple[Yen, date]:
    """The next instalment of every scheduled loan, summed, and the last due date among them."""
    monthly = 0
    end = at
    for lien in ctx.case.liens:
        sched = ctx.schedules.get(lien.rank)
        if sched is None:
            continue
        upcoming = sched.next_due(at)
        if upcoming is not None:
            monthly += sched.columns.payment[upcoming]
        end = max(end, sched.due_dates[-1])
    return monthly, end


def arrears_to_cure(ctx: Context, at: date, accelerated: bool) -> Yen:
    """What must be paid to go on: the whole claim once accelerated, else the arrears and charges."""
    cure = 0
    for lien in ctx.case.liens:
        owed = ctx.owed(lien, at)
        sched = ctx.schedules.get(lien.rank)
        if owed is None or sched is None:
            continue
        cure += owed.total if accelerated else owed.total - sched.balance_at(at)
    return cure


def keep_paying(ctx: Context) -> ExitResult:
    """払い続ける: keep the home and the loans; the monthly burden against income."""
    case = ctx.case
    at = case.at
    hh = case.household
    claims = claims_on(ctx, at)
    monthly, end = _monthly_payment(ctx, at)
    other = sum(d.monthly_payment for d in hh.other_debts)
    capacity = hh.monthly_income - hh.monthly_living_costs - other
    reasons: list[Text] = []
    warnings: list[Text] = []
    accelerated = ctx.dates.acceleration is not None and ctx.dates.acceleration <= at
    if ctx.delinquent and accelerated:
        reasons.append(msg("exits.stay.accelerated"))
    cure = arrears_to_cure(ctx, at, accelerated) if ctx.delinquent else 0
    if hh.monthly_income == 0:
        warnings.append(msg("exits.stay.no_income"))
    elif capacity < monthly:
        reasons.append(msg("exits.stay.unaffordable", monthly=monthly, capacity=capacity))
    total = sum(c.claim for c in claims.liens) + claims.association + claims.tax
    ratio = Fraction(monthly, hh.monthly_income) if hh.monthly_income else None
    outcomes = tuple(LenderOutcome(rank=c.rank, holder=c.holder, claimant=claims.outcomes[c.holder][1],
                                   claim=c.claim, late_charges=claims.outcomes[c.holder][2], paid=0)
                     for c in claims.liens)
    ja, en = EXIT_LABELS[ExitKey.KEEP_PAYING]
    if cure and not accelerated:
        warnings.append(msg("exits.stay.cure_first", cure=cure))
    return ExitResult(
        key=ExitKey.KEEP_PAYING, label_ja=ja, label_en=en, feasible=not reasons, price=0, costs_total=0,
        net_proceeds=0, lenders=outcomes, remaining_debt=total, cash_needed=cure, surplus=0,
        completion=end, can_stay=True,
        credit_record=credit_record(ctx, default_needed=False, remaining=total),
        joint_debtors=(), consents=(), warnings=tuple(warnings), reasons=tuple(reasons),
        distribution=None, costs=None,
        details={"monthly_payment": monthly, "monthly_capacity": capacity,
                 "other_debt_payments": other, "arrears_to_cure": cure,
                 "payment_to_income": format_percent(ratio) if ratio is not None else None},
        steps=claims.steps,
    )
