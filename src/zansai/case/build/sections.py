"""The case file's sections other than the loans, each checked in full: every problem is
recorded (``Context.report``) and named by its case-file path, in words a homeowner reads."""

from __future__ import annotations

from fractions import Fraction

from zansai.case.build.context import Context
from zansai.case.schema import (
    AssetIn,
    CaseFile,
    DebtIn,
    DivorceIn,
    HouseholdIn,
    PersonIn,
    PropertyIn,
    ResidualIn,
    TradeUpIn,
    ValuationIn,
)
from zansai.errors import InputError, RuleDataError
from zansai.messages import msg
from zansai.model import (
    Appraisal,
    Asset,
    AuctionFiling,
    Contribution,
    Debt,
    Divorce,
    ExitKey,
    Household,
    Person,
    Property,
    PropertyDivisionMethod,
    PropertyKind,
    ResidualOptions,
    TradeUp,
)
from zansai.money import format_percent, format_yen
from zansai.rules import RuleBook


def overrides(values: dict[str, str | int | bool], ctx: Context) -> RuleBook:
    """[overrides]: market-practice defaults replaced one key at a time, so each bad key is named."""
    book = ctx.book
    for key, value in values.items():
        try:
            book = book.with_overrides({key: value})
        except RuleDataError as exc:
            ctx.report(f"overrides.{key}", *exc.problem)
        except InputError as exc:
            ctx.report(f"overrides.{key}", exc.message_ja, exc.message_en)
    return book


def people(people_in: list[PersonIn], ctx: Context) -> tuple[Person, ...]:
    """[[people]]: distinct names, ownership shares adding up to at most 100%."""
    names = [p.name for p in people_in]
    if len(set(names)) != len(names):
        ctx.report("people", "同じ名前の人が2人います", "two people have the same name")
    total_share = sum((p.share for p in people_in), Fraction(0))
    if total_share > 1:
        ctx.report("people", f"持分の合計が {format_percent(total_share)} で、100% を超えています",
                   f"the ownership shares add up to {format_percent(total_share)}, over 100%")
    elif 0 < total_share < 1 and sum(1 for p in people_in if p.share) > 1:
        ctx.report("people", f"共有者の持分の合計が {format_percent(total_share)} で、100% になりません",
                   f"the co-owners' shares add up to {format_percent(total_share)}, not 100%")
    for i, p in enumerate(people_in):
        if p.moved_out_on is not None and p.moved_out_on > ctx.sale_date:
            ctx.report(f"people[{i}].moved_out_on", f"売却日 {ctx.sale_date} 以前の日付にしてください",
                       f"it must be on or before the sale date {ctx.sale_date}")
    return tuple(Person(p.name, p.share, p.consents, lived_in=p.lived_in, moved_out_on=p.moved_out_on)
                 for p in people_in)


def home(prop_in: PropertyIn, ctx: Context) -> Property:
    """[property]: land and building prices that add up, acquired before the sale.

    The purchase date and price may be left out (a homeowner may not know them): the capital
    gains tax then says it was not computed. A land and building price without a total give it.
    """
    price = prop_in.acquisition_price
    if price is None and prop_in.land_price is not None and prop_in.building_price is not None:
        price = prop_in.land_price + prop_in.building_price
    if (prop_in.land_price is None) != (prop_in.building_price is None):
        ctx.report("property.land_price", "土地と建物の価格は両方入れるか、両方空欄にしてください",
                   "give both the land and the building price, or neither")
    elif prop_in.land_price is not None and prop_in.building_price is not None and \
            prop_in.land_price + prop_in.building_price != price:
        ctx.report("property.building_price", "土地と建物の価格の合計が買った値段と一致しません",
                   "the land and building prices must add up to the purchase price")
    if prop_in.acquired_on is not None and prop_in.acquired_on > ctx.sale_date:
        ctx.report("property.acquired_on", f"売却日 {ctx.sale_date} より前の日付にしてください",
                   f"it must be before the sale date {ctx.sale_date}")
    if prop_in.municipality_code and prop_in.prefecture_code and \
            prop_in.municipality_code[:2] != prop_in.prefecture_code:
        ctx.report("property.prefecture_code", "市区町村コードの都道府県と合いません",
                   "it does not match the municipality code's prefecture")
    if prop_in.district is not None and prop_in.municipality_code is None:
        ctx.report("property.district", "地区名には市区町村コードも入れてください",
                   "a district needs the municipality code")
    if prop_in.kind == "condo" and prop_in.buildings != 1:
        ctx.report("property.buildings", "マンションの専有部分は 1 です",
                   "a condominium unit counts as 1 building")
    return Property(
        kind=PropertyKind(prop_in.kind), land_parcels=prop_in.land_parcels,
        buildings=prop_in.buildings, acquired_on=prop_in.acquired_on,
        acquisition_price=price, land_price=prop_in.land_price,
        building_price=prop_in.building_price, structure=prop_in.structure,
        acquisition_costs=prop_in.acquisition_costs, annual_property_tax=prop_in.annual_property_tax,
        proration_start=prop_in.proration_start,
        unpaid_management_fees=prop_in.unpaid_management_fees,
        unpaid_repair_reserve=prop_in.unpaid_repair_reserve, unpaid_taxes=prop_in.unpaid_taxes,
        tax_seized=prop_in.tax_seized, lived_in=prop_in.lived_in, moved_out_on=prop_in.moved_out_on,
        built_on=prop_in.built_on, municipality_code=prop_in.municipality_code,
        prefecture_code=prop_in.prefecture_code or (prop_in.municipality_code or "")[:2] or None,
        district=prop_in.district, floor_area_m2=prop_in.floor_area_m2,
    )


def appraisals(val: ValuationIn, ctx: Context, located: bool = False) -> tuple[Appraisal, ...]:
    """[valuation]: something to value the home from; a road price needs the land area.
    ``located`` (a municipality code and floor area): comparable sales may value it instead.

    The engine's valuation asks the same of its arguments (``valuation.land_area_m2``); this
    check comes first and names the file's field.
    """
    if val.market_value is None and not val.appraisals and val.road_price_per_m2 is None \
            and not located:
        ctx.report("valuation", "査定額・時価・路線価のどれかを入れてください",
                   "give an appraisal, the market value or a road price")
    if val.road_price_per_m2 is not None and val.land_area_m2 is None:
        ctx.report("valuation.land_area_m2", "路線価を使うには土地面積が必要です",
                   "a road price needs the land area")
    return tuple(Appraisal(a.source, a.amount) for a in val.appraisals)


def first_missed_of(cf: CaseFile, ctx: Context) -> None:
    """[delinquency]: a first missed payment on or before the calculation date, of a loan."""
    first_missed = cf.delinquency.first_missed
    if first_missed is not None and first_missed > ctx.at:
        ctx.report("delinquency.first_missed",
                   f"計算基準日 {ctx.at} より後の日付です（まだ延滞していなければ空欄にしてください）",
                   f"it is after the calculation date {ctx.at} "
                   "(leave it blank if no payment has been missed)")
    # A home with no loan (paid off, bought outright) has nothing to fall behind on.
    if first_missed is not None and not cf.loans:
        ctx.report("delinquency.first_missed", "延滞を計算するローンがありません",
                   "there is no loan to be behind on")


def auction_filing(cf: CaseFile, ctx: Context) -> AuctionFiling:
    """[auction]: a filing needs a missed payment, and comes after it.

    The engine refuses a filing date before the (estimated) acceleration as well
    (``auction.filing_date``): only the timeline knows that date.
    """
    given, first_missed = cf.auction, cf.delinquency.first_missed
    for name in ("filing_date", "claim"):
        if getattr(given, name) is not None and first_missed is None:
            ctx.report(f"auction.{name}",
                       "延滞がないのに競売申立の内容が入力されています（最初に払えなかった返済日を入れてください）",
                       "an auction filing is given but no payment has been missed "
                       "(enter the first missed payment)")
    if (given.filing_date is not None and first_missed is not None
            and given.filing_date <= first_missed):
        ctx.report("auction.filing_date",
                   f"最初に払えなかった返済日 {first_missed} より後の日付にしてください",
                   f"it must be after the first missed payment {first_missed}")
    return AuctionFiling(filed_on=given.filing_date, claim=given.claim)


def household(hh: HouseholdIn, ctx: Context) -> Household:
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


def _debt(d: DebtIn, where: str, ctx: Context) -> Debt:
    ctx.check_name(d.owner, f"{where}.owner")
    if d.secured_value > d.amount:
        ctx.report(f"{where}.secured_value", *msg("keep_home.errors.secured_within_amount"))
    return Debt(d.name, d.amount, d.monthly_payment, kind=d.kind, owner=d.owner,
                creditor=d.creditor, contract_date=d.contract_date,
                guarantors=ctx.check_names(d.guarantors, f"{where}.guarantors"),
                marital=d.marital, secured_value=d.secured_value, evidence=d.evidence,
                claims=tuple(d.claims.items()))


def _asset(a: AssetIn, where: str, ctx: Context) -> Asset:
    ctx.check_name(a.owner, f"{where}.owner")
    return Asset(kind=a.kind, amount=a.amount, owner=a.owner, name=a.name, separate=a.separate,
                 evidence=a.evidence, claims=tuple(a.claims.items()))


def residual_options(r: ResidualIn, ctx: Context) -> ResidualOptions:
    """[residual]: the exit whose remaining debt is settled, whose debt, and the user's choices.

    The plan refuses an exit it did not compute for this case (``residual.exit``); an exit key
    that does not exist at all is refused here.
    """
    known = r.exit is None or r.exit in set(ExitKey)
    if not known:
        allowed = ", ".join(ExitKey)
        ctx.report("residual.exit", f"次のどれかを指定してください: {allowed}", f"choose one of: {allowed}")
    ctx.check_name(r.debtor, "residual.debtor")
    rate = ctx.percent("residual.negotiated_rate", "negotiated_rate", r.negotiated_rate)
    return ResidualOptions(
        exit=ExitKey(r.exit) if r.exit is not None and known else None, debtor=r.debtor,
        monthly_payment=r.monthly_payment, lump_sum=r.settlement,
        negotiated_rate=rate, plan_years=r.plan_years, instalment_rounding=r.instalment_rounding,
        filing_date=r.filing_date, lawyer=r.lawyer, discharge_concerns=r.discharge_concerns,
        previous_discharge=r.previous_discharge, debtor_birth_date=r.debtor_birth_date)


def divorce(d: DivorceIn, prop: Property | None, ctx: Context) -> Divorce:
    """[divorce]: two different spouses, dates in order, separate money that fits in the price."""
    spouses = ctx.check_names(d.spouses, "divorce.spouses")
    if spouses[0] == spouses[1]:
        ctx.report("divorce.spouses", "2人の別の人を選んでください", "choose two different people")
    if d.divorce_date is not None and d.separation_date > d.divorce_date:
        ctx.report("divorce.separation_date", f"離婚日 {d.divorce_date} より後です"
                   "（別居は離婚の前か同じ日です）",
                   f"it is after the divorce date {d.divorce_date} (separation comes first)")
    if d.married_on is not None and d.married_on > d.separation_date:
        ctx.report("divorce.married_on", f"別居日 {d.separation_date} より後です",
                   f"it is after the separation date {d.separation_date}")
    if prop is not None and prop.acquired_on is not None and d.separation_date < prop.acquired_on:
        ctx.report("divorce.separation_date",
                   f"家を買った日 {prop.acquired_on} より前です"
                   "（別居後に買った家は夫婦の共有財産として扱えません）",
                   f"it is before the home was bought ({prop.acquired_on}); a home bought after "
                   "separating is not marital property")
    contributions = _contributions(d, spouses, prop, ctx)
    if d.keeper is not None and d.keeper not in spouses:
        ctx.report("divorce.keeper", f"{d.keeper} は夫婦の2人のどちらでもありません",
                   f"{d.keeper} is not one of the two spouses")
    return Divorce(spouses=(spouses[0], spouses[1]), separation_date=d.separation_date,
                   divorce_date=d.divorce_date, married_on=d.married_on,
                   contributions=tuple(contributions), overloan=d.overloan, keeper=d.keeper,
                   method=PropertyDivisionMethod(d.method) if d.method else None, share=d.share,
                   home_evidence=d.home_evidence, home_claims=tuple(d.home_claims.items()),
                   loan_evidence=tuple(d.loan_evidence.items()))


def _contributions(d: DivorceIn, spouses: tuple[str, ...], prop: Property | None,
                   ctx: Context) -> list[Contribution]:
    """divorce.contributions: each from a spouse, at least 1 yen, together within the price."""
    contributions: list[Contribution] = []
    for i, c in enumerate(d.contributions):
        where = f"divorce.contributions[{i}]"
        if c.spouse not in spouses:
            ctx.report(f"{where}.spouse", f"{c.spouse} は夫婦の2人のどちらでもありません",
                       f"{c.spouse} is not one of the two spouses")
        if c.amount <= 0:
            ctx.report(f"{where}.amount", "1円以上にしてください", "it must be at least 1 yen")
        contributions.append(Contribution(spouse=c.spouse, amount=c.amount, kind=c.kind, source=c.source,
                                          paid_on=c.paid_on))
    total = sum(c.amount for c in contributions)
    if prop is not None and contributions and prop.acquisition_price is None:
        ctx.report("property.acquisition_price", "結婚前のお金などを頭金に出した分の計算には、"
                   "家を買った値段が必要です",
                   "the separate money put into the home is counted against the purchase price: enter it")
    elif prop is not None and prop.acquisition_price is not None and total > prop.acquisition_price:
        ctx.report("divorce.contributions",
                   f"特有財産の合計 {format_yen(total)} が買った値段 {format_yen(prop.acquisition_price)} "
                   "を超えています",
                   f"the separate contributions ({format_yen(total)}) exceed the purchase price "
                   f"({format_yen(prop.acquisition_price)})")
    return contributions


def trade_up(t: TradeUpIn | None, ctx: Context) -> TradeUp | None:
    """[trade_up]: the next home and the loan for it (住み替えローン), if the file has one."""
    if t is None:
        return None
    rate = ctx.percent("trade_up.rate", "trade_up.rate", t.rate)
    return TradeUp(new_home_price=t.new_home_price, annual_rate=rate,
                   years=t.years, purchase_costs=t.purchase_costs)
