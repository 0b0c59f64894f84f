"""The plan for one home: valuation, the timeline, every exit, the 配分表 and the taxes.

``plan(case, book)`` is the one call every shell makes; its ``to_dict()`` is the JSON the CLI
and the API print. The verdict is one plain sentence, in Japanese and English.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from zansai.dates import add_months
from zansai.engine.distribution import Party
from zansai.engine.exits import (
    EXIT_LABELS,
    Context,
    Dates,
    ExitResult,
    claims_on,
    evaluate_exits,
    lien_name,
)
from zansai.engine.late_cap import lien_notes
from zansai.engine.loan import LoanSet, Schedule, amortize
from zansai.engine.owed import OwedFn, OwedMemo
from zansai.engine.position import Position, TermKey, reconcile
from zansai.engine.residual import ResidualDebt, ResidualRoutes, residual_routes
from zansai.engine.residual.surplus import sale_surplus
from zansai.engine.sale.expenses import SELLING_EXPENSE_COST_KEYS
from zansai.engine.tax import CapitalGainsResult, TaxNotComputed, TaxResult, Transfer, capital_gains_or_reason
from zansai.engine.tax.housing_loans import as_lived_in, co_owners, household_balance
from zansai.engine.tax.rates import RateTable
from zansai.engine.timeline import Timeline, delinquency_timeline
from zansai.engine.valuation import Valuation, value_home
from zansai.errors import DomainError
from zansai.messages import Msg, msg
from zansai.model import (
    KEEP_HOME_EXITS,
    Asset,
    AssetKind,
    Case,
    DebtKind,
    ExitKey,
    Lien,
    LienKind,
    Loan,
)
from zansai.model.keys import CostKey
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import (
    Explanation,
    NotExplainedError,
    RuleUse,
    Step,
    Text,
    explaining,
    figures_only,
    text_dict,
    unique_uses,
    without_steps,
)

if TYPE_CHECKING:
    from zansai.engine.divorce import CasePropertyDivision, PropertyDivision, Scenario


def divide_case(case: Case, schedules: dict[int, Schedule], exits: Sequence[ExitResult], value: Yen,
                assets: Sequence[Asset], book: RuleBook) -> CasePropertyDivision | None:
    """財産分与 (``zansai.engine.divorce.divide_case``): imported only for a case with a [divorce]
    section, so a plan without one does not load the division's modules."""
    if case.divorce is None:
        return None
    from zansai.engine.divorce import divide_case as divide

    return divide(case, schedules, exits, value, assets, book)


SELLING_EXPENSE_KEYS = (CostKey.BROKERAGE_FEE, CostKey.STAMP_DUTY, *SELLING_EXPENSE_COST_KEYS)
"""譲渡費用 (所得税基本通達33-7・33-8): the brokerage fee, the seller's stamp duty and the other
selling expenses the case gives (測量費, 取壊し費用, 立退料 …). Lien-release costs and the move are
not selling expenses (docs/sources/law-sale-costs.md §5.4, medium)."""


@dataclass(frozen=True, slots=True)
class Plan:
    case: Case
    valuation: Valuation
    position: Position
    timeline: Timeline | None
    """The delinquency timeline; None without a home loan (nothing to fall behind on)."""
    exits: tuple[ExitResult, ...]
    taxes: dict[str, TaxResult]
    verdict: Text
    best: str | None
    rules_used: tuple[RuleUse, ...]
    notes: tuple[Text, ...]
    residual: ResidualRoutes | None = None
    """The routes for the debt the chosen exit leaves (残債の整理)."""
    residual_exit: str | None = None
    property_division: PropertyDivision | None = None
    """財産分与, when the case has a [divorce] section."""
    inventory: dict[str, Any] | None = None
    """What the division counted, per spouse."""
    scenarios: tuple[Scenario, ...] = ()
    """The exits per spouse (sell now, one spouse keeps the home, short sale)."""
    schedules: tuple[tuple[Lien, Schedule], ...] = ()
    """The 償還表 of each home loan, with its lien (for the balance chart)."""
    rules_fingerprint: str = ""
    """The rule book the plan was computed with (``RuleBook.fingerprint()``)."""
    explained: bool = True
    """False for ``plan(..., explain=False)``: the figures, notes and rules without the steps
    that explain them; ``explain()`` and ``to_dict()`` then refuse (``figures_dict()`` works)."""

    @property
    def loans(self) -> LoanSet:
        """The home loans whose 償還表 has payments, held together: their balance summed on any date
        (the balance chart's total line)."""
        return LoanSet(tuple(s for _, s in self.schedules if s.rows))

    def balance_step(self) -> Step:
        """Why the loan balance on the sale date is what it is: each 償還表 and its convention."""
        on = self.case.sale_date
        liens = [lien for lien, _ in self.schedules]
        inputs = {}
        for lien, schedule in self.schedules:
            loan = schedule.loan
            # one input per loan, even when one lender holds two (a pair loan at one bank)
            inputs[lien_name(lien, liens) or loan.name] = msg(
                "plan.steps.loan_input", principal=loan.principal, months=loan.months,
                method=loan.method.value, rounding=loan.rounding.name,
                balance=schedule.balance_at(on)).ja
        return Step(name="loan_balance", label=msg("plan.steps.loan_balance"),
                    formula="Σ 償還表の残高 after the last payment due on or before the sale date",
                    inputs=inputs, result=format_yen(self.position.loan_balance),
                    rounding=", ".join(sorted({s.loan.rounding.description for _, s in self.schedules})))

    def exit(self, key: str) -> ExitResult:
        for e in self.exits:
            if e.key == key:
                return e
        raise KeyError(key)

    def _require_explained(self) -> None:
        if not self.explained:
            raise NotExplainedError("this plan was computed with explain=False: it has no steps; "
                               "compute it with explain=True to show how its figures were computed")

    def figures_dict(self) -> dict[str, Any]:
        """``to_dict()`` without the explanation (every ``steps`` list and ``why`` step): the
        figures, notes and rules, the same whether the plan was computed with explain or not."""
        figures: dict[str, Any] = without_steps(self._dict())
        return figures

    def to_dict(self) -> dict[str, Any]:
        self._require_explained()
        return self._dict()

    def _dict(self) -> dict[str, Any]:
        exits = []
        for e in self.exits:
            d = e.to_dict()
            tax = self.taxes.get(e.key)
            if tax is not None:
                d["capital_gains_tax"] = tax.to_dict()
            exits.append(d)
        shown = self.distribution_exit()
        return {
            "schema": "zansai.plan/1",
            "title": self.case.title,
            "at": self.case.at.isoformat(),
            "sale_date": self.case.sale_date.isoformat(),
            "sale_contract_date": self.case.sale_contract_date.isoformat()
            if self.case.sale_contract_date else None,
            "verdict": text_dict(self.verdict),
            "best_exit": self.best,
            "position": self.position.to_dict(),
            "valuation": self.valuation.to_dict(),
            "exits": exits,
            "distribution": {"exit": shown.key, "table": shown.distribution.table()}
            if shown and shown.distribution else None,
            "timeline": self.timeline.to_dict() if self.timeline else None,
            "residual_routes": {"exit": self.residual_exit, **self.residual.to_dict()}
            if self.residual else None,
            "division": self.property_division_dict(),
            "rules_used": [r.to_dict() for r in self.rules_used],
            "notes": [text_dict(n) for n in self.notes],
            "offers": self.offers_list(),
        }

    def offers_list(self) -> list[dict[str, Any]]:
        """Every offer the case gives, in the file's order, each saying whether it is the price
        of its way out (the latest dated one per way out is)."""
        prices = self.valuation.prices.values()
        return [{**o.to_dict(), "used": any(p.offer is o for p in prices)} for o in self.case.offers]

    def property_division_dict(self) -> dict[str, Any] | None:
        """財産分与 with the exits per spouse (``division`` in the plan JSON)."""
        if self.property_division is None:
            return None
        out = self.property_division.to_dict()
        out["inventory"] = self.inventory
        out["scenarios"] = [s.to_dict() for s in self.scenarios]
        return out

    def distribution_exit(self) -> ExitResult | None:
        """The 配分表 worth showing: the normal sale's when it repays everyone, else the short sale's."""
        normal = next((e for e in self.exits if e.key == ExitKey.NORMAL_SALE), None)
        if normal is not None and normal.feasible:
            return normal
        return next((e for e in self.exits if e.key == ExitKey.SHORT_SALE), None)

    def explain(self) -> Explanation:
        """Every figure's derivation: valuation, then per exit its costs, 配分表, claims and tax,
        then the timeline."""
        self._require_explained()
        steps: list[Step] = list(self.valuation.explain().steps)
        seen: set[int] = set()

        def add(more: tuple[Step, ...] | list[Step]) -> None:
            for st in more:
                if id(st) not in seen:
                    seen.add(id(st))
                    steps.append(st)

        for e in self.exits:
            add([Step(name=f"exit.{e.key}", label=EXIT_LABELS.get(e.key, (e.label_ja, e.label_en)),
                      formula="price − costs taken from it → lenders in priority; remaining = claims − paid",
                      inputs={"price": format_yen(e.price), "costs": format_yen(e.costs_total),
                              "cash_needed": format_yen(e.cash_needed)},
                      result=f"remaining {format_yen(e.remaining_debt)}")])
            if e.costs is not None:
                add(list(e.costs.explain().steps))
            if e.distribution is not None and e.distribution.lines:
                add(list(e.distribution.explain().steps))
            add(list(e.steps))
            tax = self.taxes.get(e.key)
            if tax is not None:
                add(list(tax.steps))
        if self.timeline is not None:
            add(list(self.timeline.explain().steps))
        if self.residual is not None:
            add(list(self.residual.explain().steps))
        if self.property_division is not None:
            add(list(self.property_division.explain().steps))
        ja, en = msg("plan.notes.title")
        return Explanation(title=f"{ja} / {en}", steps=tuple(steps),
                           notes=tuple(f"{ja} / {en}" for ja, en in self.notes))


def _next_due(schedule: Schedule, after: date) -> date:
    i = schedule.next_due(after)
    if i is None:
        raise DomainError.invalid("case.at", after.isoformat(), msg("plan.errors.loan_repaid"))
    return schedule.due_dates[i]


def _owed_fn(case: Case, schedules: dict[int, Schedule], first_missed: date,
             book: RuleBook, memo: OwedMemo) -> OwedFn:
    loans = [lien for lien in case.liens if lien.rank in schedules]

    def owed(on: date, acceleration: date | None, subrogation: date | None) -> tuple[Yen, Yen]:
        total = late = 0
        for lien in loans:
            sub = subrogation if lien.guarantor_company else None
            o = memo.get(schedules[lien.rank], on, book=book, first_missed=first_missed,
                         lender=lien.lender, late_rate=lien.late_rate, acceleration=acceleration,
                         subrogation=sub, contract_date=lien.contract_date)
            total += o.total
            late += o.late_charges
        return total, late
    return owed


def _main_loan(case: Case) -> Lien | None:
    """The first home loan with a schedule; None for a home with no loan (paid off, or bought outright)."""
    return next((lien for lien in case.liens if lien.loan is not None), None)


def schedule_of(loan: Loan) -> Schedule:
    """``amortize(loan)``, kept for the next plan of the same loan (the what-ifs, a case edited
    on the page, the API asked again with another price or sale date): the 償還表 depends on the
    loan alone, and a ``Schedule`` is immutable (its due dates are worked out once, on first use)."""
    try:
        hash(loan)
    except TypeError:  # a loan record that cannot be a key is simply amortised again
        return amortize(loan)
    return _kept_schedule(loan)


@lru_cache(maxsize=256)
def _kept_schedule(loan: Loan) -> Schedule:
    return amortize(loan)


def build_context(case: Case, book: RuleBook) -> Context:
    """The valuation, schedules, timeline and dates every exit of ``case`` shares."""
    comparables = None
    if case.comparables is not None:  # found by the shell; the engine reads no database
        from zansai.engine.valuation_comps import case_comparables

        comparables = case_comparables(case, book)
    valuation = value_home(
        case.appraisals, case.market_value, on=case.at, book=book,
        road_price_per_m2=case.road_price_per_m2, land_area_m2=case.land_area_m2,
        building_replacement_cost=case.building_replacement_cost, built_on=case.property.built_on,
        structure=case.property.structure, offers=case.offers, comparables=comparables)
    schedules = {lien.rank: schedule_of(lien.loan) for lien in case.liens if lien.loan is not None}
    main = _main_loan(case)
    if main is None:
        return _no_loan_context(case, book, valuation)
    hypothetical = case.first_missed is None
    first = case.first_missed or _next_due(schedules[main.rank], case.at)
    memo = OwedMemo(book)
    court = None
    if case.property.has_location:  # the court's published durations date the auction
        from zansai.engine.timeline_court import court_timing

        court = court_timing(case.property, case.at)
    timeline = delinquency_timeline(
        first, on=case.at, book=book, lender=main.lender,
        guarantor_company=main.guarantor_company is not None, hypothetical=hypothetical,
        owed=_owed_fn(case, schedules, first, book, memo), filed_on=case.auction.filed_on,
        court=court)
    keys = {m.key for m in timeline.milestones}
    dates = Dates(
        acceleration=timeline.milestone("acceleration").typical,
        subrogation=timeline.milestone("subrogation").typical if "subrogation" in keys else None,
        auction_filing=timeline.milestone("auction_filing").typical,
        auction_payment=timeline.milestone("payment").typical,
        last_short_sale_day=timeline.last_short_sale_day(),
    )
    return Context(case=case, book=book, valuation=valuation, timeline=timeline, schedules=schedules,
                   dates=dates, default_first_missed=first, owed_memo=memo)


def _no_loan_context(case: Case, book: RuleBook, valuation: Valuation) -> Context:
    """A home with no loan: nothing to fall behind on, so no delinquency timeline; the short sale
    and the auctions are not computed, and their dates (the sale date) are never read."""
    if case.first_missed is not None:
        raise DomainError.about("case.first_missed", msg("plan.errors.missed_without_loan"))
    on = case.sale_date
    dates = Dates(acceleration=None, subrogation=None, auction_filing=on, auction_payment=on,
                  last_short_sale_day=on)
    return Context(case=case, book=book, valuation=valuation, timeline=None, schedules={}, dates=dates)


def plan(case: Case, book: RuleBook, *, explain: bool = True) -> Plan:
    """Everything about selling this home on ``case.sale_date``, as of ``case.at``.

    ``explain=False``: the same figures, notes and rules without the steps that explain them
    (cheaper; for the terminal report, the what-ifs and the summaries, which show no steps)."""
    if explain:
        return _plan(case, book)
    with figures_only():
        return replace(_plan(case, book), explained=False)


def _plan(case: Case, book: RuleBook) -> Plan:
    ctx = build_context(case, book)
    valuation, timeline, schedules = ctx.valuation, ctx.timeline, ctx.schedules
    used: list[RuleUse] = [*valuation.rules_used, *(timeline.rules_used if timeline else ())]
    exits = evaluate_exits(ctx)
    used.extend(ctx.rules_used)
    position = _position(ctx, exits)
    taxes = _taxes(case, exits, schedules, book)
    for tax in taxes.values():
        used.extend(tax.rules_used)

    feasible = [e for e in exits if e.feasible and e.key not in KEEP_HOME_EXITS]
    best = feasible[0] if feasible else None
    notes: list[Text] = []
    routes = _residual(case, ctx, exits, best, book)
    if routes is not None:
        used.extend(routes[1].rules_used)
        notes.extend(_residual_notes(case, routes[1]))
    divided = divide_case(case, schedules, exits, valuation.central, _assets(case), book)
    if divided is not None:
        used.extend(divided.property_division.rules_used)
    not_computed = next((t for t in taxes.values() if isinstance(t, TaxNotComputed)), None)
    if not_computed is not None:
        notes.append(not_computed.reason)
    if timeline is None:
        notes.append(msg("plan.notes.no_loan"))
    elif case.first_missed is None:
        notes.append(msg("plan.notes.no_missed_payment"))
    notes.extend(lien_notes(case.liens, case.first_missed, book))
    return Plan(case=case, valuation=valuation, position=position, timeline=timeline,
                exits=tuple(exits), taxes=taxes, verdict=_verdict(position, exits, best),
                best=best.key if best else None,
                rules_used=tuple(sorted(unique_uses(used), key=lambda u: (u.key, u.period))),
                notes=tuple(notes), residual=routes[1] if routes else None,
                residual_exit=routes[0] if routes else None,
                property_division=divided.property_division if divided else None,
                scenarios=divided.scenarios if divided else (),
                inventory=divided.inventory if divided else None,
                schedules=tuple((lien, schedules[lien.rank]) for lien in case.liens
                                if lien.rank in schedules),
                rules_fingerprint=book.fingerprint())


def _position(ctx: Context, exits: list[ExitResult]) -> Position:
    """Where the household stands on the sale date: the claims, the loan balance, the equity, and
    what the normal sale leaves once the arrears and the costs are paid (the reconciliation)."""
    case = ctx.case
    claims = claims_on(ctx, case.sale_date)
    owed_total = sum(c.claim for c in claims.liens) + claims.association + claims.tax
    balance = sum(s.balance_at(case.sale_date) for s in ctx.schedules.values())
    other = sum(lien.balance or 0 for lien in case.liens if lien.loan is None)
    position = Position(market_value=ctx.valuation.central, owed=owed_total, loan_balance=balance,
                        other_liens=other, equity=ctx.valuation.central - balance - other)
    normal = next(e for e in exits if e.key == ExitKey.NORMAL_SALE)
    return replace(position, reconciliation=reconcile(
        position, normal, set(ctx.schedules), delinquent=ctx.delinquent,
        association=claims.association))


def _taxes(case: Case, exits: list[ExitResult], schedules: dict[int, Schedule], book: RuleBook
           ) -> dict[str, TaxResult]:
    """譲渡所得税 of each sale that has a price (the auctions are left out), per co-owner when
    the home has several; 措法41条の5の2 takes the housing loans on the day before the contract."""
    main = _main_loan(case)
    owners = co_owners(case, schedules, book)
    balance = household_balance(case, schedules, book)
    home = as_lived_in(case)
    taxes: dict[str, TaxResult] = {}
    computed: dict[Transfer, TaxResult] = {}  # exits at the same price share one (immutable) result
    rates: dict[date, RateTable] = {}  # the tax rules of the sale date, read once in this plan
    for e in exits:
        if e.price <= 0 or e.costs is None or e.key.is_auction:
            continue
        expenses = sum(it.amount for it in e.costs.items if it.key in SELLING_EXPENSE_KEYS)
        sale = Transfer(on=case.sale_date, proceeds=e.price + e.proration_received,
                        selling_expenses=expenses, residence=home.lived_in,
                        loan_balance_before_contract=balance,
                        loan_term_years=main.loan_term_years if main else None,
                        contract_date=case.sale_contract_date)
        tax = computed.get(sale)
        if tax is None:
            tax = computed[sale] = capital_gains_or_reason(home, sale, book=book, owners=owners,
                                                           rates=rates)
        elif isinstance(tax, CapitalGainsResult) and explaining():
            # Steps of its own, as a fresh computation gives: the explanation lists each exit's
            # tax and leaves out only a step object it has already shown.
            tax = replace(tax, steps=tuple(st.again() for st in tax.steps))
        taxes[e.key] = tax
    return taxes


def _residual_notes(case: Case, routes: ResidualRoutes) -> list[Text]:
    """Where the routes had to assume a figure the case does not give."""
    estimated = [lien.holder for lien in case.liens
                 if lien.loan is not None and lien.contract_date is None
                 and any(d.from_home and d.contract_date for d in routes.debts)]
    if not estimated:
        return []
    return [msg("plan.notes.contract_date_estimated")]


def _verdict(position: Position, exits: list[ExitResult], best: ExitResult | None) -> Text:
    """The headline, worded after the reconciliation's 不足/余り; it names アンダーローン or
    オーバーローン only as the equity card does (price against the loan balance, before costs)."""
    normal = next(e for e in exits if e.key == ExitKey.NORMAL_SALE)
    rec = position.reconciliation
    assert rec is not None
    arrears = rec.term(TermKey.ARREARS) is not None
    when = normal.completion
    if rec.result >= 0 and normal.feasible and position.owed == 0:  # no loan, nothing owed on the home
        return msg("plan.verdict.surplus_nothing_owed", date=when, amount=rec.surplus)
    if rec.result >= 0:
        kind = "surplus_arrears" if arrears else "surplus"
        if normal.feasible:
            return msg(f"story.verdict.{kind}", date=when, amount=rec.surplus)
        return msg(f"story.verdict.{kind}_blocked", date=when, amount=rec.surplus,
                   then=_then(best))
    kind = ("shortfall_overloan" if position.underwater else "shortfall_underloan") + \
        ("_arrears" if arrears else "")
    debt = msg("story.debt.loans_and_liens" if position.other_liens else "story.debt.loans")
    return msg(f"story.verdict.{kind}", date=when, debt=debt, gap=abs(position.equity),
               amount=rec.shortfall, then=_then(best))


def _then(best: ExitResult | None) -> Msg:
    """The headline's second sentence: the exit that leaves the least debt, if any is feasible."""
    if best is None:
        return msg("story.then.none")
    label = (best.label_ja, best.label_en)
    if best.remaining_debt == 0:
        if best.cash_needed:
            return msg("story.then.no_debt_with_cash", label=label, cash=best.cash_needed)
        return msg("story.then.no_debt", label=label)
    return msg("story.then.least", label=label, amount=best.remaining_debt)


def _residual(case: Case, ctx: Context, exits: list[ExitResult], best: ExitResult | None,
              book: RuleBook) -> tuple[str, ResidualRoutes] | None:
    """The routes for the debt the chosen exit leaves, with the debtor's other debts."""
    opts = case.residual
    chosen = _residual_exit(case, exits, best)
    if chosen is None:
        return None
    main = _main_loan(case)
    debtor = opts.debtor or (main.debtors[0] if main and main.debtors else msg("plan.debts.debtor").ja)
    debts = [*_home_debts(case, ctx, chosen, debtor), *_distribution_debts(case, chosen)]
    for d in case.household.other_debts:
        if d.owner not in (None, debtor):
            continue
        debts.append(ResidualDebt(name=d.name, creditor=d.creditor or d.name, amount=d.amount,
                                  kind=d.kind, contract_date=d.contract_date, guarantors=d.guarantors,
                                  monthly_payment=d.monthly_payment))
    if not any(d.amount > 0 for d in debts):
        return None
    household = replace(case.household, assets=_assets(case))
    surplus = sale_surplus(chosen.key, (chosen.label_ja, chosen.label_en), chosen.surplus, case.people,
                           debtor)
    return chosen.key, residual_routes(debts, household, opts, debtor=debtor,
                                       start=chosen.completion, book=book, surplus=surplus)


def _residual_exit(case: Case, exits: list[ExitResult], best: ExitResult | None) -> ExitResult | None:
    """The exit whose remaining debt the routes settle: ``residual.exit``, else the best feasible
    exit, else the short sale; None when none was computed."""
    opts = case.residual
    if opts.exit == ExitKey.KEEP_PAYING:
        raise DomainError.about("residual.exit", msg("plan.errors.keep_paying_residual"))
    if opts.exit == ExitKey.KEEP_HOME_REHABILITATION:
        raise DomainError.about("residual.exit", msg("keep_home.errors.residual_exit"))
    if opts.exit == ExitKey.RESCHEDULE:
        raise DomainError.about("residual.exit", msg("reschedule.errors.no_residual"))
    if opts.exit and not any(e.key == opts.exit for e in exits):
        why = "exit_needs_loan" if _main_loan(case) is None and opts.exit != ExitKey.TRADE_UP \
            else "exit_not_computed"
        raise DomainError.about("residual.exit", msg(f"plan.errors.{why}", exit=opts.exit))
    chosen = next((e for e in exits if e.key == opts.exit), None) if opts.exit else best
    if chosen is None:
        chosen = next((e for e in exits if e.key == ExitKey.SHORT_SALE), None)
    return chosen


def _home_debts(case: Case, ctx: Context, chosen: ExitResult, debtor: str) -> list[ResidualDebt]:
    """The debts ``chosen`` leaves on the home that ``debtor`` answers for: the home loans (as
    debtor or guarantor) and a tax seizure's arrears."""
    debts: list[ResidualDebt] = []
    by_rank = {lien.rank: lien for lien in case.liens}
    dates = ctx.dates
    for lo in chosen.lenders:
        if lo.remaining <= 0:
            continue
        lien = by_rank.get(lo.rank)
        if lien is None:
            continue
        if lien.kind is LienKind.TAX_SEIZURE:
            debts.append(ResidualDebt(name=msg("plan.debts.tax", holder=lien.holder).ja, creditor=lien.holder,
                                      amount=lo.remaining, kind=DebtKind.TAX))
            continue
        if lien.debtors and debtor not in lien.debtors and debtor not in lien.guarantors:
            continue
        guaranteed = lo.claimant != lien.holder
        contract = lien.contract_date
        if contract is None and lien.loan is not None:
            contract = add_months(lien.loan.first_payment.replace(day=1), -1)
        default = (dates.subrogation if guaranteed and dates.subrogation else
                   dates.acceleration if ctx.delinquent else chosen.completion)
        as_debtor = not lien.debtors or debtor in lien.debtors
        name = msg("plan.debts.home_loan" if as_debtor else "plan.debts.home_loan_guaranteed",
                   claimant=lo.claimant)
        debts.append(ResidualDebt(
            name=name.ja, creditor=lo.claimant, amount=lo.remaining,
            # Practice (docs/sources/law-debt-divorce.md §3.3, low): the price pays principal first, so the
            # late charges stay in the residual and are what a servicer may waive.
            late_charges=min(lo.late_charges, lo.remaining), kind=DebtKind.ORDINARY, from_home=True,
            lender=lien.lender, guarantor_company=guaranteed, contract_date=contract,
            default_date=default, contract_date_estimated=lien.contract_date is None and contract is not None,
            joint_debtors=tuple(n for n in lien.debtors if n != debtor),
            guarantors=tuple(n for n in lien.guarantors if n != debtor)))
    return debts


def _distribution_debts(case: Case, chosen: ExitResult) -> list[ResidualDebt]:
    """The shortfalls the 配分表 of ``chosen`` leaves unpaid: the association's arrears and the
    tax office's claim without a lien."""
    debts: list[ResidualDebt] = []
    if chosen.distribution is None:
        return debts
    for line in chosen.distribution.lines:
        if line.party is Party.ASSOCIATION and line.shortfall > 0:
            debts.append(ResidualDebt(name=msg("plan.debts.association").ja,
                                      creditor=msg("plan.debts.association_creditor").ja,
                                      amount=line.shortfall))
        elif line.party is Party.TAX_OFFICE and line.shortfall > 0 and line.rank is None:
            debts.append(ResidualDebt(name=msg("plan.debts.unpaid_taxes").ja, creditor=case.tax_office,
                                      amount=line.shortfall,
                                      kind=DebtKind.TAX))
    return debts


def _assets(case: Case) -> tuple[Asset, ...]:
    """The household's assets; ``savings`` counts as a joint deposit when none is listed."""
    hh = case.household
    if hh.savings > 0 and not any(a.kind in (AssetKind.CASH, AssetKind.DEPOSIT) for a in hh.assets):
        joint = Asset(kind=AssetKind.DEPOSIT, amount=hh.savings, name=msg("plan.debts.savings").ja)
        return (*hh.assets, joint)
    return hh.assets
