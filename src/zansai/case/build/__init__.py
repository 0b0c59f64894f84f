"""From a validated case file to the engine's ``Case`` (ケースの組み立て), one section at a time.

Each section's builder checks what only the whole file can tell (a sale date before a loan
starts, two liens of one rank, a name missing from [[people]], co-owner shares over 100%) and
names the exact case-file path (``loans[1].rank``), before the engine runs. Every section is
checked even after a mistake, so ``case_problems`` lists them all (the form shows each next to
its field); ``build_case`` raises the first. The engine and the models check their own
invariants too (``DomainError``, named by ``engine_error``); where both would say the same
thing, the builder speaks first because it knows the file's path.

- ``context``: what the builders share, and the problems found;
- ``loans``: [[loans]] and [[liens]], each loan's fields checked one by one;
- ``offers``: [[offers]], the offered prices per way out;
- ``sections``: the other sections;
- ``defaults``: the sale date when the file gives none.
"""

from __future__ import annotations

from datetime import date

from zansai.case.build import sections as s
from zansai.case.build.claims import check_claims
from zansai.case.build.context import Context
from zansai.case.build.defaults import default_sale_date
from zansai.case.build.loans import liens_of, loan_field_problems
from zansai.case.build.offers import offers_of
from zansai.case.build.rescheduling import rescheduling_of
from zansai.case.build.sale_terms import brokerage_terms, selling_expenses
from zansai.case.schema import CaseFile
from zansai.errors import InputError
from zansai.inputs import today_jst
from zansai.model import Case
from zansai.rules import RuleBook

__all__ = ["build_case", "case_problems", "default_sale_date", "loan_field_problems"]


def build_case(cf: CaseFile, *, source: str = "case", today: date | None = None,
               book: RuleBook | None = None) -> tuple[Case, RuleBook]:
    """Turn a validated file into the engine's ``Case`` and the rule book with its overrides.

    Every section is checked; the first problem, in the file's order, is the error, so a file
    with several gives the same one every time; nothing is half-built.
    """
    case, ctx = _assemble(cf, source, today, book)
    if ctx.problems or case is None:
        raise ctx.problems[0]
    return case, ctx.book


def case_problems(cf: CaseFile, *, source: str = "case", today: date | None = None,
                  book: RuleBook | None = None) -> list[InputError]:
    """Every problem ``build_case`` finds in a schema-valid file, in the file's order."""
    return _assemble(cf, source, today, book)[1].problems


def _assemble(cf: CaseFile, source: str, today: date | None,
              book: RuleBook | None) -> tuple[Case | None, Context]:
    at = cf.at or today or today_jst()
    ctx = Context(source, at, at, book or RuleBook.default())
    ctx.book = s.overrides(cf.overrides, ctx)
    ctx.sale_date = cf.sale_date or default_sale_date(at, ctx.book)
    if ctx.sale_date < at:
        ctx.report("sale_date", f"計算基準日 {at} 以降の日付にしてください",
                   f"it must be on or after the calculation date {at}")
    contract = cf.sale_contract_date
    if contract is not None and contract > ctx.sale_date:
        ctx.report("sale_contract_date", f"売買契約日は決済日 {ctx.sale_date} 以前の日付にしてください",
                   f"the sale contract date must be on or before the settlement date {ctx.sale_date}")
    people = s.people(cf.people, ctx)
    ctx.names = tuple(p.name for p in people)
    prop = ctx.section(lambda: s.home(cf.property, ctx))
    appraisals = s.appraisals(cf.valuation, ctx, located=cf.property.municipality_code is not None
                              and cf.property.floor_area_m2 is not None)
    liens = liens_of(cf, ctx)
    s.first_missed_of(cf, ctx)
    auction = s.auction_filing(cf, ctx)
    household = ctx.section(lambda: s.household(cf.household, ctx))
    residual = ctx.section(lambda: s.residual_options(cf.residual, ctx))
    split = cf.divorce
    divorce = ctx.section(lambda: s.divorce(split, prop, ctx)) if split else None
    check_claims(cf, liens, ctx)
    trade = ctx.section(lambda: s.trade_up(cf.trade_up, ctx))
    brokerage = brokerage_terms(cf.brokerage, ctx)
    expenses = selling_expenses(cf.selling_expenses, ctx)
    change = ctx.section(lambda: rescheduling_of(cf.rescheduling, liens, ctx))
    offers = offers_of(cf.offers, ctx)
    if ctx.problems or prop is None or household is None or residual is None:
        return None, ctx
    val = cf.valuation
    case = Case(
        title=cf.title, property=prop, appraisals=appraisals, market_value=val.market_value,
        liens=liens, household=household, people=people,
        sale_date=ctx.sale_date, at=at, first_missed=cf.delinquency.first_missed,
        road_price_per_m2=val.road_price_per_m2, land_area_m2=val.land_area_m2,
        building_replacement_cost=val.building_replacement_cost, trade_up=trade,
        moving_cost=cf.moving_cost, leaseback_years=cf.leaseback_years,
        overrides=dict(cf.overrides), monthly_management_fee=cf.property.monthly_management_fee,
        tax_office=cf.property.tax_office, residual=residual, divorce=divorce,
        brokerage=brokerage, selling_expenses=expenses,
        contract_amount_stated=cf.contract_amount_stated,
        sale_contract_date=contract,
        auction=auction,
        rescheduling=change,
        offers=offers,
    )
    return case, ctx
