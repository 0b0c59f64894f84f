"""個人再生で家を残す (住宅資金特別条項): keep the home and the housing loan, reduce the other debts.

The housing loan continues as agreed with its arrears paid within the plan (民再199条1項); the other
debts are paid by a 小規模個人再生 plan. It is feasible when the take-home income less the living
costs covers the loan's instalment, the arrears' share and the plan instalment each month. As for
払い続ける, the remaining debt is what is still owed on the home.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from zansai.dates import add_months
from zansai.engine.exits.context import Context, claims_on
from zansai.engine.exits.housing_clause import HousingLoanTerms, clause_bars, housing_loans, housing_terms
from zansai.engine.exits.housing_extension import Extension, extend
from zansai.engine.exits.result import EXIT_LABELS, ExitResult, LenderOutcome
from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.debt import ResidualDebt
from zansai.engine.residual.rehabilitation.home_plan import HomePlan, home_plan
from zansai.engine.residual.rehabilitation.instalments import instalments
from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import DebtKind, ExitKey
from zansai.money import Rounding, Yen, format_yen
from zansai.trace import Text


def _debtor(ctx: Context) -> str:
    main = housing_loans(ctx)[0]
    return main.debtors[0] if main.debtors else msg("plan.debts.debtor").ja


def plan_debts(ctx: Context, debtor: str) -> tuple[ResidualDebt, ...]:
    """The debtor's other debts as 再生債権: each less the part its security covers (別除権)."""
    out = []
    for d in ctx.case.household.other_debts:
        if d.owner not in (None, debtor):
            continue
        out.append(ResidualDebt(name=d.name, creditor=d.creditor or d.name, amount=d.amount - d.secured_value,
                                kind=d.kind, contract_date=d.contract_date, guarantors=d.guarantors,
                                monthly_payment=d.monthly_payment))
    return tuple(out)


def keep_home_rehabilitation(ctx: Context) -> ExitResult:
    """個人再生（住宅資金特別条項）: the home kept, the housing loan as agreed, the rest by a plan."""
    case, hh = ctx.case, ctx.case.household
    filing = case.residual.filing_date or case.at
    work = Workings(ctx.book)
    debtor = _debtor(ctx)
    clause_bars(ctx, work, filing)
    debts = plan_debts(ctx, debtor)
    rctx = RouteContext(debts, hh, case.residual, debtor, filing, filing, ctx.book, 0,
                        tuple(a for a in hh.assets if a.owner in (None, debtor)))
    dur = work.rule("rehabilitation.filing_to_confirmation_months", filing)
    loan = housing_terms(ctx, work, add_months(filing, int(dur.value)))
    equity = max(0, ctx.valuation.central - loan.claim)
    plan = home_plan(rctx, work, equity)
    arrears = instalments(loan.arrears, plan.years * 12, unit=1, rounding=Rounding.CEIL, adjusted="last")
    others = sum(d.monthly_payment for d in hh.other_debts if d.owner not in (None, debtor))
    capacity = hh.monthly_income - hh.monthly_living_costs - others
    needed = loan.monthly + arrears.regular + plan.instalments.regular
    work.step("keep_home.feasibility", msg("keep_home.steps.feasibility"),
              "income − living costs − others' debts ≥ loan instalment + arrears share + plan instalment",
              {"monthly_income": format_yen(hh.monthly_income),
               "living_costs": format_yen(hh.monthly_living_costs), "others_debts": format_yen(others),
               "loan_instalment": format_yen(loan.monthly), "arrears_share": format_yen(arrears.regular),
               "plan_instalment": format_yen(plan.instalments.regular)},
              f"{format_yen(capacity)} vs {format_yen(needed)}")
    extension = None
    if hh.monthly_income <= 0:
        work.reasons.append(msg("residual.rehabilitation.steady_income"))
    elif capacity < needed:
        extension = _try_extension(ctx, work, plan, capacity, filing)
        if extension is None or capacity < extension.monthly + plan.instalments.regular:
            work.reasons.append(msg("keep_home.unaffordable", needed=needed, capacity=capacity))
    extended = extension is not None and capacity >= extension.monthly + plan.instalments.regular
    _notes(work, plan, loan, 0 if extended else arrears.regular, debts)
    result = _result(ctx, work, plan, loan, needed, capacity, arrears.regular)
    if extension is None:
        return replace(result, details={**result.details, "variant": "as_agreed", "extension": None})
    return replace(result, completion=max(extension.last_due, plan.end or extension.last_due), details={
        **result.details, "variant": "extended" if result.feasible else "as_agreed",
        "extension": {"monthly_payment": extension.monthly, "months_added": extension.months,
                      "last_due": extension.last_due.isoformat(), "age_checked": extension.age_checked,
                      "monthly_needed": extension.monthly + plan.instalments.regular}})


def _try_extension(ctx: Context, work: Workings, plan: HomePlan, capacity: Yen,
                   filing: date) -> Extension | None:
    """199条2項 when paying as agreed is too much: the extended schedule, and what it tells."""
    extension = extend(ctx, work, plan.approval, filing)
    if extension is None:
        work.warnings.append(msg("keep_home.no_extension"))
        return None
    if capacity >= extension.monthly + plan.instalments.regular:
        work.warnings.append(msg("keep_home.extended", monthly=extension.monthly, months=extension.months,
                                 last=extension.last_due))
        if not extension.age_checked:
            work.warnings.append(msg("keep_home.age_unknown"))
    return extension


def _notes(work: Workings, plan: HomePlan, loan: HousingLoanTerms, arrears_monthly: Yen,
           debts: tuple[ResidualDebt, ...]) -> None:
    """What the household should know: the rounding used, taxes, secured debts, the guarantors."""
    work.warnings.append(msg(f"keep_home.convention.{plan.convention}"))
    if loan.arrears and arrears_monthly:
        work.warnings.append(msg("keep_home.arrears_in_plan", arrears=loan.arrears, monthly=arrears_monthly))
    if plan.taxes:
        work.warnings.append(msg("residual.rehabilitation.taxes_outside", amount=plan.taxes))
    if any(d.kind is DebtKind.SUPPORT for d in debts):
        work.warnings.append(msg("keep_home.support_not_reduced"))
    work.warnings.append(msg("keep_home.not_guaranteed"))


def _result(ctx: Context, work: Workings, plan: HomePlan, loan: HousingLoanTerms, needed: Yen,
            capacity: Yen, arrears_monthly: Yen) -> ExitResult:
    case = ctx.case
    claims = claims_on(ctx, case.at)
    outcomes = tuple(LenderOutcome(rank=c.rank, holder=c.holder, claimant=c.holder,
                                   claim=loan.claims[c.rank], late_charges=loan.late_charges[c.rank], paid=0)
                     for c in claims.liens if c.rank in loan.claims)
    remaining = loan.claim + claims.association + claims.tax
    costs = sum(c.amount for c in plan.costs)
    ja, en = EXIT_LABELS[ExitKey.KEEP_HOME_REHABILITATION]
    guarantors: tuple[Text, ...] = tuple(
        msg("keep_home.guarantor", name=g.guarantor, creditor=g.creditor, claim=g.claim, after=g.after_plan)
        for g in plan.guarantors)
    notices = work.rule("rehabilitation.gazette_publications", plan.approval)
    ctx.rules_used.extend(work.uses)
    return ExitResult(
        key=ExitKey.KEEP_HOME_REHABILITATION, label_ja=ja, label_en=en,
        feasible=not work.reasons and plan.eligible, price=0, costs_total=costs, net_proceeds=0,
        lenders=outcomes, remaining_debt=remaining, cash_needed=costs, surplus=0,
        completion=max(loan.last_due, plan.end or loan.last_due), can_stay=True,
        credit_record=msg("keep_home.credit", notices=notices.value), joint_debtors=guarantors,
        consents=(), warnings=tuple(work.warnings), reasons=tuple(work.reasons),
        details={"monthly_payment": loan.monthly, "arrears": loan.arrears, "arrears_monthly": arrears_monthly,
                 "plan_instalment": plan.instalments.regular, "monthly_needed": needed,
                 "monthly_capacity": capacity, "housing_loan_claim": loan.claim,
                 "housing_loan_end": loan.last_due.isoformat(), "plan": plan.to_dict(),
                 "costs": [{"key": c.key, "label_ja": c.label_ja, "label_en": c.label_en, "amount": c.amount}
                           for c in plan.costs]},
        steps=tuple(work.steps),
    )
