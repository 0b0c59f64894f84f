"""The ways out that keep the household in the home: リースバック (as a tenant) and 払い続ける
(as the owner, keeping the loans)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from zansai.engine.exits.closing import close, sell, seller_paid
from zansai.engine.exits.consents import blocked, short_sale_consents
from zansai.engine.exits.context import Context, claims_on
from zansai.engine.exits.debtors import credit_record
from zansai.engine.exits.result import EXIT_LABELS, ExitResult, LenderOutcome
from zansai.engine.sale import Channel
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
    yield_rate = Fraction(ctx.use("market.leaseback_yield", on))
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
        name="leaseback_rent", label_ja="リースバックの家賃と損益分岐",
        formula="rent = floor(price × yield ÷ 12); leaseback costs more from the first month m where "
                "(proceeds given up − moving cost saved) + (rent − rent elsewhere) × m > 0",
        inputs={"price": format_yen(price), "yield": format_percent(yield_rate),
                "proceeds_given_up": format_yen(given_up), "moving_cost_saved": format_yen(moving_saved),
                "rent_elsewhere": format_yen(rent_elsewhere) if rent_elsewhere is not None else "不明 (0)"},
        result=f"{format_yen(rent)}/月; crossover month {crossover}", rounding=Rounding.FLOOR.label(None),
        rules=(RuleUse.of(ctx.book.at("market.leaseback_yield", on)),),
        note="compared with " + alternative.key,
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
    warnings: list[Text] = [
        ("定期借家（2〜3年）が多く、再契約の保証はありません", "leases are usually fixed-term (2–3 years) "
         "with no promise of renewal"),
        ("買戻し価格の相場は資料にないため計算していません（契約で確認してください）",
         "the buy-back price is not in the sources, so it is not computed (check the contract)"),
    ]
    if no_rent_elsewhere:
        warnings.append(("転居先の家賃が未入力なので、家賃の比較は 0円 として計算しています",
                         "no rent for the next home was given; the comparison assumes 0"))
    if below_debt:
        warnings.append(("価格がローンに届かないので、抵当権者の同意が必要です",
                         "the price does not cover the loans: the lienholders must agree"))
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


def _arrears_to_cure(ctx: Context, at: date, accelerated: bool) -> Yen:
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
        reasons.append(("期限の利益を失っているので、全額の一括返済を求められています（分割に戻すには"
                        "債権者の同意が必要）",
                        "the loan has been accelerated: the whole balance is due, and going back "
                        "to instalments needs the creditor's agreement"))
    cure = _arrears_to_cure(ctx, at, accelerated) if ctx.delinquent else 0
    if hh.monthly_income == 0:
        warnings.append(("収入が入力されていないので、払い続けられるかは判定していません",
                         "no income was given, so whether the payments are affordable is not judged"))
    elif capacity < monthly:
        reasons.append((f"毎月の返済 {format_yen(monthly)} が、収入から生活費と他の返済を引いた "
                        f"{format_yen(capacity)} を上回ります",
                        f"the monthly payment {format_yen(monthly)} exceeds what income leaves after "
                        f"living costs and other debts ({format_yen(capacity)})"))
    total = sum(c.claim for c in claims.liens) + claims.association + claims.tax
    ratio = Fraction(monthly, hh.monthly_income) if hh.monthly_income else None
    outcomes = tuple(LenderOutcome(rank=c.rank, holder=c.holder, claimant=claims.outcomes[c.holder][1],
                                   claim=c.claim, late_charges=claims.outcomes[c.holder][2], paid=0)
                     for c in claims.liens)
    ja, en = EXIT_LABELS[ExitKey.KEEP_PAYING]
    if cure and not accelerated:
        warnings.append((f"続けるには、まず延滞分と遅延損害金 {format_yen(cure)} を払う必要があります",
                         f"to keep going, the arrears and late charges of {format_yen(cure)} must be "
                         "paid first"))
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
