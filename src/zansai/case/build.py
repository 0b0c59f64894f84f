"""From a validated case file to the engine's ``Case`` (ケースの組み立て), one section at a time.

Each section's builder checks what only the whole file can tell (a sale date before a loan
starts, two liens of one rank, a name missing from [[people]], co-owner shares over 100%) and
names the exact case-file path (``loans[1].rank``), before the engine runs. The engine and the
models check their own invariants too (``DomainError``, named by ``engine_error``); where both
would say the same thing, the builder speaks first because it knows the file's path.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from zansai.case.errors import fail
from zansai.case.schema import (
    AssetIn,
    CaseFile,
    CaseLoan,
    DebtIn,
    DivorceIn,
    HouseholdIn,
    LienIn,
    PersonIn,
    PropertyIn,
    ResidualIn,
    TradeUpIn,
    ValuationIn,
)
from zansai.errors import InputError, RuleDataError
from zansai.inputs import parse_percent, today_jst
from zansai.loanfile import entry_key
from zansai.loanspec import build_loan
from zansai.model import (
    Appraisal,
    Asset,
    Case,
    Contribution,
    Debt,
    Divorce,
    ExitKey,
    Household,
    LenderType,
    Lien,
    LienKind,
    Person,
    Property,
    PropertyDivisionMethod,
    PropertyKind,
    ResidualOptions,
    TradeUp,
)
from zansai.money import format_percent, format_yen
from zansai.rules import RuleBook


def build_case(cf: CaseFile, *, source: str = "case", today: date | None = None,
               book: RuleBook | None = None) -> tuple[Case, RuleBook]:
    """Turn a validated file into the engine's ``Case`` and the rule book with its overrides.

    The sections are built in a fixed order and the first mistake is the error, so a file with
    several gives the same one every time; nothing is half-built.
    """
    book = book or RuleBook.default()
    at = cf.at or today or today_jst()
    sale_date = cf.sale_date or at
    if sale_date < at:
        raise fail(source, "sale_date", f"計算基準日 {at} 以降の日付にしてください",
                   f"it must be on or after the calculation date {at}")
    book = _overrides(cf.overrides, source, book)
    people = _people(cf.people, source)
    ctx = _Context(source, tuple(p.name for p in people), at, sale_date, book)
    prop = _property(cf.property, ctx)
    appraisals = _valuation(cf.valuation, ctx)
    liens = _liens(cf, ctx)
    first_missed = _delinquency(cf, ctx)
    household = _household(cf.household, ctx)
    residual = _residual_options(cf.residual, ctx)
    divorce = _divorce(cf.divorce, prop, ctx) if cf.divorce else None
    trade = _trade_up(cf.trade_up, ctx)
    val = cf.valuation
    case = Case(
        title=cf.title, property=prop, appraisals=appraisals, market_value=val.market_value,
        liens=liens, household=household, people=people,
        sale_date=sale_date, at=at, first_missed=first_missed,
        road_price_per_m2=val.road_price_per_m2, land_area_m2=val.land_area_m2,
        building_replacement_cost=val.building_replacement_cost, trade_up=trade,
        moving_cost=cf.moving_cost, leaseback_years=cf.leaseback_years,
        overrides=dict(cf.overrides), monthly_management_fee=cf.property.monthly_management_fee,
        tax_office=cf.property.tax_office, residual=residual, divorce=divorce,
    )
    return case, book


@dataclass(frozen=True, slots=True)
class _Context:
    """What every section's builder needs: the file's name (for messages), the names in
    [[people]], the two dates, and the rule book with the file's overrides."""

    source: str
    names: tuple[str, ...]
    at: date
    sale_date: date
    book: RuleBook

    def fail(self, where: str, ja: str, en: str) -> InputError:
        return fail(self.source, where, ja, en)

    def check_name(self, name: str | None, where: str) -> None:
        """``name`` (if given) must be one of [[people]]."""
        if name is not None and name not in self.names:
            raise self.fail(where, f"{name} は [[people]] にいません", f"{name} is not listed in [[people]]")

    def check_names(self, items: list[str], where: str) -> tuple[str, ...]:
        """Every name of ``items`` must be one of [[people]]; the first one that is not is the error."""
        for i, n in enumerate(items):
            self.check_name(n, f"{where}[{i}]")
        return tuple(items)

    def percent(self, where: str, field: str, raw: str) -> Fraction:
        """A rate in percent, a mistake named once, by its case-file path."""
        try:
            return parse_percent(field, raw)
        except InputError as exc:
            raise self.fail(where, *exc.detail()) from None


def _overrides(overrides: dict[str, str | int | bool], source: str, book: RuleBook) -> RuleBook:
    """[overrides]: market-practice defaults replaced one key at a time, so a bad key is named."""
    for key, value in overrides.items():
        try:
            book = book.with_overrides({key: value})
        except RuleDataError as exc:
            raise fail(source, f"overrides.{key}", *exc.problem) from None
        except InputError as exc:
            raise fail(source, f"overrides.{key}", exc.message_ja, exc.message_en) from None
    return book


def _people(people: list[PersonIn], source: str) -> tuple[Person, ...]:
    """[[people]]: distinct names, ownership shares adding up to at most 100%."""
    names = [p.name for p in people]
    if len(set(names)) != len(names):
        raise fail(source, "people", "同じ名前の人が2人います", "two people have the same name")
    total_share = sum((p.share for p in people), Fraction(0))
    if total_share > 1:
        raise fail(source, "people", f"持分の合計が {format_percent(total_share)} で、100% を超えています",
                   f"the ownership shares add up to {format_percent(total_share)}, over 100%")
    return tuple(Person(p.name, p.share, p.consents) for p in people)


def _property(prop_in: PropertyIn, ctx: _Context) -> Property:
    """[property]: land and building prices that add up, acquired before the sale."""
    if (prop_in.land_price is None) != (prop_in.building_price is None):
        raise ctx.fail("property.land_price", "土地と建物の価格は両方指定するか、両方省略してください",
                       "give both land_price and building_price, or neither")
    if prop_in.land_price is not None and prop_in.building_price is not None and \
            prop_in.land_price + prop_in.building_price != prop_in.acquisition_price:
        raise ctx.fail("property.building_price",
                       "土地＋建物の価格が購入価格と一致しません",
                       "land_price + building_price must equal acquisition_price")
    if prop_in.acquired_on > ctx.sale_date:
        raise ctx.fail("property.acquired_on", f"売却日 {ctx.sale_date} より前の日付にしてください",
                       f"it must be before the sale date {ctx.sale_date}")
    if prop_in.kind == "condo" and prop_in.buildings != 1:
        raise ctx.fail("property.buildings", "マンションの専有部分は 1 です",
                       "a condominium unit counts as 1 building")
    return Property(
        kind=PropertyKind(prop_in.kind), land_parcels=prop_in.land_parcels,
        buildings=prop_in.buildings, acquired_on=prop_in.acquired_on,
        acquisition_price=prop_in.acquisition_price, land_price=prop_in.land_price,
        building_price=prop_in.building_price, structure=prop_in.structure,
        acquisition_costs=prop_in.acquisition_costs, annual_property_tax=prop_in.annual_property_tax,
        proration_start=prop_in.proration_start,
        unpaid_management_fees=prop_in.unpaid_management_fees,
        unpaid_repair_reserve=prop_in.unpaid_repair_reserve, unpaid_taxes=prop_in.unpaid_taxes,
        tax_seized=prop_in.tax_seized, lived_in=prop_in.lived_in, moved_out_on=prop_in.moved_out_on,
        built_on=prop_in.built_on,
    )


def _valuation(val: ValuationIn, ctx: _Context) -> tuple[Appraisal, ...]:
    """[valuation]: something to value the home from; a road price needs the land area.

    The engine's valuation asks the same of its arguments (``valuation.land_area_m2``); this
    check comes first and names the file's field.
    """
    if val.market_value is None and not val.appraisals and val.road_price_per_m2 is None:
        raise ctx.fail("valuation", "時価 (market_value)、査定 (appraisals)、路線価のどれかが必要です",
                       "give a market_value, at least one appraisal, or a road price")
    if val.road_price_per_m2 is not None and val.land_area_m2 is None:
        raise ctx.fail("valuation.land_area_m2", "路線価を使うには土地面積が必要です",
                       "a road price needs the land area")
    return tuple(Appraisal(a.source, a.amount) for a in val.appraisals)


def _liens(cf: CaseFile, ctx: _Context) -> tuple[Lien, ...]:
    """[[loans]] and [[liens]]: every registered right, one rank each, in rank order.

    The distribution checks distinct ranks too (``liens.rank``); here the clash is named by both
    case-file paths.
    """
    ranks: dict[int, str] = {}
    first_missed = cf.delinquency.first_missed
    liens = [_loan_lien(entry, f"loans[{i}]", first_missed, ranks, ctx) for i, entry in enumerate(cf.loans)]
    liens += [_other_lien(lien_in, f"liens[{i}]", ranks, ctx) for i, lien_in in enumerate(cf.liens)]
    liens.sort(key=lambda lien: lien.rank)
    return tuple(liens)


def _take_rank(ranks: dict[int, str], rank: int, where: str, ctx: _Context) -> None:
    if rank in ranks:
        raise ctx.fail(where, f"順位 {rank} は {ranks[rank]} と重なっています",
                       f"rank {rank} is already taken by {ranks[rank]}")
    ranks[rank] = where


def _loan_lien(entry: CaseLoan, where: str, first_missed: date | None, ranks: dict[int, str],
               ctx: _Context) -> Lien:
    """One of [[loans]]: the loan (as ``zansai schedule --file`` builds it) and its mortgage."""
    _take_rank(ranks, entry.rank, f"{where}.rank", ctx)
    try:
        loan = build_loan(entry.options(today=ctx.at), ctx.book).loan
    except InputError as exc:
        raise ctx.fail(f"{where}.{entry_key(exc.field or '')}", *exc.detail()) from None
    late = None
    if entry.late_rate is not None:
        late = ctx.percent(f"{where}.late_rate", "late_rate", entry.late_rate)
    _check_loan_dates(entry, loan.first_payment, where, first_missed, ctx)
    if entry.lender == "jhf" and entry.guarantor_company:
        raise ctx.fail(f"{where}.guarantee_company",
                       "住宅金融支援機構のローンに保証会社はありません",
                       "a 住宅金融支援機構 (JHF) loan has no guarantee company")
    return Lien(
        rank=entry.rank, holder=entry.holder or entry.name, kind=LienKind.MORTGAGE,
        lender=LenderType(entry.lender), loan=replace(loan, name=entry.name), late_rate=late,
        guarantor_company=entry.guarantor_company if entry.lender == "bank" else None,
        debtors=ctx.check_names(entry.debtors, f"{where}.debtors"),
        guarantors=ctx.check_names(entry.guarantors, f"{where}.guarantors"),
        loan_term_years=loan.months // 12, contract_date=entry.contract_date, consents=entry.consents,
    )


def _check_loan_dates(entry: CaseLoan, first_payment: date, where: str, first_missed: date | None,
                      ctx: _Context) -> None:
    """The sale, the first missed payment and the contract against the loan's first payment.

    The engine refuses a first missed payment after the last one (``loan.first_missed``); one
    before the first payment is the builder's to refuse.
    """
    if ctx.sale_date < first_payment.replace(day=1):
        raise ctx.fail("sale_date",
                       f"{where} の返済開始 {first_payment} より前です",
                       f"it is before {where} starts ({first_payment})")
    if first_missed is not None and first_missed < first_payment:
        raise ctx.fail("delinquency.first_missed",
                       f"{where} の初回返済日 {first_payment} より前です",
                       f"it is before the first payment of {where} ({first_payment})")
    if entry.contract_date is not None and entry.contract_date > first_payment:
        raise ctx.fail(f"{where}.contract_date",
                       f"初回返済日 {first_payment} より後です", f"it is after the first payment "
                       f"({first_payment})")


def _other_lien(lien_in: LienIn, where: str, ranks: dict[int, str], ctx: _Context) -> Lien:
    """One of [[liens]]: a second mortgage or a tax seizure, known by its balance."""
    _take_rank(ranks, lien_in.rank, f"{where}.rank", ctx)
    if lien_in.principal is not None and lien_in.principal > lien_in.balance:
        raise ctx.fail(f"{where}.principal", "残元金は請求額以下です",
                       "the principal cannot exceed the balance")
    return Lien(rank=lien_in.rank, holder=lien_in.holder, kind=LienKind(lien_in.kind),
                lender=LenderType.BANK, balance=lien_in.balance,
                principal=lien_in.principal, consents=lien_in.consents)


def _delinquency(cf: CaseFile, ctx: _Context) -> date | None:
    """[delinquency]: a first missed payment on or before the calculation date, of a loan."""
    first_missed = cf.delinquency.first_missed
    if first_missed is not None and first_missed > ctx.at:
        raise ctx.fail("delinquency.first_missed",
                       f"計算基準日 {ctx.at} より後の日付です（まだ延滞していなければ省略してください）",
                       f"it is after the calculation date {ctx.at} "
                       "(leave it out if no payment has been missed)")
    # The schema already asks for at least one loan; this keeps the builder's promise for a
    # CaseFile made without validation.
    if first_missed is not None and not cf.loans:
        raise ctx.fail("delinquency.first_missed", "延滞を計算するローンがありません",
                       "there is no loan in [[loans]] to be behind on")
    return first_missed


def _household(hh: HouseholdIn, ctx: _Context) -> Household:
    """[household]: income and costs, its other debts and its assets, owned by people listed."""
    debts = tuple(_debt(d, f"household.other_debts[{i}]", ctx) for i, d in enumerate(hh.other_debts))
    assets = tuple(_asset(a, f"household.assets[{i}]", ctx) for i, a in enumerate(hh.assets))
    return Household(
        savings=hh.savings, relatives_help=hh.relatives_help, monthly_income=hh.monthly_income,
        monthly_living_costs=hh.monthly_living_costs,
        monthly_rent_after_sale=hh.monthly_rent_after_sale, other_debts=debts,
        assets=assets, annual_minimum_living_cost=hh.annual_minimum_living_cost,
        salaried=hh.salaried,
    )


def _debt(d: DebtIn, where: str, ctx: _Context) -> Debt:
    ctx.check_name(d.owner, f"{where}.owner")
    return Debt(d.name, d.amount, d.monthly_payment, kind=d.kind, owner=d.owner,
                creditor=d.creditor, contract_date=d.contract_date,
                guarantors=ctx.check_names(d.guarantors, f"{where}.guarantors"),
                marital=d.marital)


def _asset(a: AssetIn, where: str, ctx: _Context) -> Asset:
    ctx.check_name(a.owner, f"{where}.owner")
    return Asset(kind=a.kind, amount=a.amount, owner=a.owner, name=a.name, separate=a.separate)


def _residual_options(r: ResidualIn, ctx: _Context) -> ResidualOptions:
    """[residual]: the exit whose remaining debt is settled, whose debt, and the user's choices.

    The plan refuses an exit it did not compute for this case (``residual.exit``); an exit key
    that does not exist at all is refused here.
    """
    if r.exit is not None and r.exit not in set(ExitKey):
        allowed = ", ".join(ExitKey)
        raise ctx.fail("residual.exit", f"次のどれかを指定してください: {allowed}",
                       f"choose one of: {allowed}")
    ctx.check_name(r.debtor, "residual.debtor")
    rate = ctx.percent("residual.negotiated_rate", "negotiated_rate", r.negotiated_rate)
    return ResidualOptions(
        exit=ExitKey(r.exit) if r.exit is not None else None, debtor=r.debtor,
        monthly_payment=r.monthly_payment, lump_sum=r.settlement,
        negotiated_rate=rate, plan_years=r.plan_years, instalment_rounding=r.instalment_rounding,
        filing_date=r.filing_date, lawyer=r.lawyer, discharge_concerns=r.discharge_concerns,
        previous_discharge=r.previous_discharge)


def _divorce(d: DivorceIn, prop: Property, ctx: _Context) -> Divorce:
    """[divorce]: two different spouses, dates in order, separate money that fits in the price."""
    spouses = ctx.check_names(d.spouses, "divorce.spouses")
    if spouses[0] == spouses[1]:
        raise ctx.fail("divorce.spouses", "2人の別の人を指定してください",
                       "name two different people")
    if d.divorce_date is not None and d.separation_date > d.divorce_date:
        raise ctx.fail("divorce.separation_date",
                       f"離婚日 {d.divorce_date} より後です（別居は離婚の前か同じ日です）",
                       f"it is after the divorce date {d.divorce_date} (separation comes first)")
    if d.married_on is not None and d.married_on > d.separation_date:
        raise ctx.fail("divorce.married_on", f"別居日 {d.separation_date} より後です",
                       f"it is after the separation date {d.separation_date}")
    if d.separation_date < prop.acquired_on:
        raise ctx.fail("divorce.separation_date",
                       f"家の取得日 {prop.acquired_on} より前です"
                       "（別居後に買った家は夫婦の共有財産として扱えません）",
                       f"it is before the home was acquired ({prop.acquired_on}); a home bought after "
                       "separating is not marital property")
    contributions = _contributions(d, spouses, prop, ctx)
    if d.keeper is not None and d.keeper not in spouses:
        raise ctx.fail("divorce.keeper", f"{d.keeper} は divorce.spouses にいません",
                       f"{d.keeper} is not one of divorce.spouses")
    return Divorce(spouses=(spouses[0], spouses[1]), separation_date=d.separation_date,
                   divorce_date=d.divorce_date, married_on=d.married_on,
                   contributions=tuple(contributions), overloan=d.overloan, keeper=d.keeper,
                   method=PropertyDivisionMethod(d.method) if d.method else None, share=d.share)


def _contributions(d: DivorceIn, spouses: tuple[str, ...], prop: Property,
                   ctx: _Context) -> list[Contribution]:
    """divorce.contributions: each from a spouse, at least 1 yen, together within the price."""
    contributions: list[Contribution] = []
    for i, c in enumerate(d.contributions):
        where = f"divorce.contributions[{i}]"
        if c.spouse not in spouses:
            raise ctx.fail(f"{where}.spouse", f"{c.spouse} は divorce.spouses にいません",
                           f"{c.spouse} is not one of divorce.spouses")
        if c.amount <= 0:
            raise ctx.fail(f"{where}.amount", "1円以上にしてください", "it must be at least 1 yen")
        contributions.append(Contribution(spouse=c.spouse, amount=c.amount, kind=c.kind, source=c.source,
                                          paid_on=c.paid_on))
    total = sum(c.amount for c in contributions)
    if total > prop.acquisition_price:
        raise ctx.fail("divorce.contributions",
                       f"特有財産の合計 {format_yen(total)} が購入価格 {format_yen(prop.acquisition_price)} "
                       "を超えています",
                       f"the separate contributions ({format_yen(total)}) exceed the purchase price "
                       f"({format_yen(prop.acquisition_price)})")
    return contributions


def _trade_up(t: TradeUpIn | None, ctx: _Context) -> TradeUp | None:
    """[trade_up]: the next home and the loan for it (住み替えローン), if the file has one."""
    if t is None:
        return None
    rate = ctx.percent("trade_up.rate", "trade_up.rate", t.rate)
    return TradeUp(new_home_price=t.new_home_price, annual_rate=rate,
                   years=t.years, purchase_costs=t.purchase_costs)
