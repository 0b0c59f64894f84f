"""The ways out (出口): every exit computed on the same inputs and the same dates.

Each exit answers the same questions: the price, the costs, what each lender receives and is
still owed on the closing date (late charges included), the cash the household must bring, when
it is over, whether the household can stay, what happens to its credit record and to its
co-debtors and guarantors, whose consent is needed, and what to watch out for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.engine.distribution import (
    ConsentCheck,
    Distribution,
    LienClaim,
    Party,
    allocate,
    lender_refusal_risk,
    required_consents,
)
from zansai.engine.loan import Schedule, annuity_payment
from zansai.engine.owed import Owed, amount_owed
from zansai.engine.sale import Channel, SaleCosts, auction_costs, sale_costs
from zansai.engine.timeline import Timeline
from zansai.engine.valuation import Valuation
from zansai.model import Case, DistributionMode, ExitKey, LenderType, Lien, LienKind
from zansai.money import Rounding, Yen, format_percent, format_yen, round_div
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Step, Text, text_dict

EXIT_LABELS: dict[ExitKey, Text] = {
    ExitKey.NORMAL_SALE: ("通常売却", "normal sale"),
    ExitKey.SALE_WITH_SAVINGS: ("売却＋自己資金で不足を補う", "sale, savings cover the shortfall"),
    ExitKey.TRADE_UP: ("住み替えローン", "trade-up loan"),
    ExitKey.SHORT_SALE: ("任意売却", "short sale (任意売却)"),
    ExitKey.DEALER_PURCHASE: ("業者買取", "sale to a buyer-reseller"),
    ExitKey.LEASEBACK: ("リースバック", "sale and leaseback"),
    ExitKey.AUCTION_COURT: ("競売（裁判所の統計モデル）", "auction (court statistics model)"),
    ExitKey.AUCTION_SEED: ("競売（記事の「市場価格の6〜7割」）", "auction (seed article: 60–70% of market)"),
    ExitKey.KEEP_PAYING: ("払い続ける", "keep paying"),
}


@dataclass(frozen=True, slots=True)
class LenderOutcome:
    """One lienholder after an exit: what it was owed on the closing date, got, and still claims."""

    rank: int
    holder: str
    claimant: str
    """Who holds the claim then: the lender, or the guarantee company after 代位弁済."""
    claim: Yen
    late_charges: Yen
    paid: Yen

    @property
    def remaining(self) -> Yen:
        return self.claim - self.paid

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "holder": self.holder, "claimant": self.claimant,
                "claim": self.claim, "late_charges": self.late_charges, "paid": self.paid,
                "remaining": self.remaining}


@dataclass(frozen=True, slots=True)
class ExitResult:
    """One way out, fully costed."""

    key: ExitKey
    label_ja: str
    label_en: str
    feasible: bool
    price: Yen
    costs_total: Yen
    net_proceeds: Yen
    """Price minus the costs taken from it: what is available for the debts."""
    lenders: tuple[LenderOutcome, ...]
    remaining_debt: Yen
    """What is still owed after the exit (to lenders, the tax office, the association)."""
    cash_needed: Yen
    """Cash the household must bring at closing (shortfall, costs paid outside the price)."""
    surplus: Yen
    """What the seller keeps from the price."""
    completion: date
    can_stay: bool
    credit_record: Text
    joint_debtors: tuple[Text, ...]
    consents: tuple[ConsentCheck, ...]
    warnings: tuple[Text, ...]
    reasons: tuple[Text, ...] = ()
    """Why the exit is not feasible, when it is not."""
    distribution: Distribution | None = None
    costs: SaleCosts | None = None
    proration_received: Yen = 0
    """固定資産税等の精算金 the buyer pays the seller at settlement."""
    details: dict[str, Any] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key, "label_ja": self.label_ja, "label_en": self.label_en,
            "feasible": self.feasible, "price": self.price, "costs_total": self.costs_total,
            "net_proceeds": self.net_proceeds, "remaining_debt": self.remaining_debt,
            "cash_needed": self.cash_needed, "surplus": self.surplus,
            "proration_received": self.proration_received,
            "completion_date": self.completion.isoformat(), "can_stay": self.can_stay,
            "lenders": [lo.to_dict() for lo in self.lenders],
            "credit_record": text_dict(self.credit_record),
            "co_debtors": [text_dict(t) for t in self.joint_debtors],
            "consents": [c.to_dict() for c in self.consents],
            "warnings": [text_dict(t) for t in self.warnings],
            "reasons": [text_dict(t) for t in self.reasons],
            "details": self.details,
            "steps": [s.to_dict() for s in self.steps],
        }
        if self.costs is not None:
            out["costs"] = self.costs.to_dict()
        if self.distribution is not None:
            out["distribution"] = self.distribution.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Dates:
    """The dates every exit shares: the delinquency milestones that fix what is owed when."""

    acceleration: date | None
    subrogation: date | None
    auction_filing: date
    auction_payment: date
    last_short_sale_day: date


@dataclass
class Context:
    """What the exits share: the case, the rules, the valuation, the timeline, the schedules."""

    case: Case
    book: RuleBook
    valuation: Valuation
    timeline: Timeline
    schedules: dict[int, Schedule]
    """Schedules by lien rank."""
    dates: Dates
    default_first_missed: date | None = None
    """The first missed payment the auction assumes when none has been missed yet."""
    rules_used: list[RuleUse] = field(default_factory=list)

    def use(self, key: str, on: date) -> Any:
        resolved = self.book.at(key, on)
        self.rules_used.append(RuleUse.of(resolved))
        return resolved.value

    @property
    def delinquent(self) -> bool:
        return self.case.first_missed is not None

    def owed(self, lien: Lien, on: date, *, assume_default: bool = False) -> Owed | None:
        """What the lien's loan claims on ``on``; ``assume_default``: as if payments stop."""
        sched = self.schedules.get(lien.rank)
        if sched is None:
            return None
        d = self.dates
        first = self.case.first_missed or (self.default_first_missed if assume_default else None)
        acc = d.acceleration if first and d.acceleration and d.acceleration <= on else None
        sub = d.subrogation if (acc and lien.guarantor_company and d.subrogation
                                and d.subrogation <= on) else None
        return amount_owed(sched, on, book=self.book, first_missed=first, lender=lien.lender,
                           late_rate=lien.late_rate, acceleration=acc, subrogation=sub)


def lien_name(lien: Lien, liens: Sequence[Lien]) -> str:
    """The holder's name, with the loan's name when one holder has several liens."""
    same = [x for x in liens if x.holder == lien.holder]
    if len(same) > 1:
        return f"{lien.holder}（{lien.loan.name if lien.loan else lien.rank}）"
    return lien.holder


@dataclass(frozen=True, slots=True)
class Claims:
    liens: tuple[LienClaim, ...]
    outcomes: dict[str, tuple[int, str, Yen, str]]
    """name → (rank, claimant, late charges, holder)."""
    association: Yen
    tax: Yen
    steps: tuple[Step, ...]


def claims_on(ctx: Context, on: date, *, assume_default: bool = False) -> Claims:
    """Every claim on the home on ``on``: liens by rank, the association, unpaid taxes."""
    case = ctx.case
    liens: list[LienClaim] = []
    outcomes: dict[str, tuple[int, str, Yen, str]] = {}
    steps: list[Step] = []
    has_seizure_lien = any(lien.kind is LienKind.TAX_SEIZURE for lien in case.liens)
    for lien in case.liens:
        name = lien_name(lien, case.liens)
        owed = ctx.owed(lien, on, assume_default=assume_default)
        if owed is not None:
            claim, principal, late = owed.total, owed.principal, owed.late_charges
            claimant = lien.guarantor_company if owed.subrogated and lien.guarantor_company else name
            steps.append(owed.step)
            ctx.rules_used.extend(owed.rules_used)
        else:
            claim = lien.balance or 0
            principal = lien.principal if lien.principal is not None else claim
            late, claimant = 0, name
        liens.append(LienClaim(rank=lien.rank, holder=name, claim=claim, principal=principal,
                               is_tax_seizure=lien.kind is LienKind.TAX_SEIZURE))
        outcomes[name] = (lien.rank, claimant, late, lien.holder)
    seized = sum(lien.balance or 0 for lien in case.liens if lien.kind is LienKind.TAX_SEIZURE)
    tax = max(0, case.property.unpaid_taxes - seized)
    if case.property.tax_seized and not has_seizure_lien and tax > 0:
        rank = max((lien.rank for lien in case.liens), default=0) + 1
        liens.append(LienClaim(rank=rank, holder=case.tax_office, claim=tax, principal=tax,
                               is_tax_seizure=True))
        outcomes[case.tax_office] = (rank, case.tax_office, 0, case.tax_office)
        tax = 0
    association = case.property.unpaid_management_fees + case.property.unpaid_repair_reserve
    return Claims(tuple(liens), outcomes, association, tax, tuple(steps))


def _outcomes(claims: Claims, dist: Distribution) -> tuple[LenderOutcome, ...]:
    out = []
    for line in dist.lines:
        if line.party in (Party.LENDER, Party.JUNIOR_LIENHOLDER, Party.TAX_OFFICE) and \
                line.name in claims.outcomes:
            rank, claimant, late, _holder = claims.outcomes[line.name]
            out.append(LenderOutcome(rank=rank, holder=line.name, claimant=claimant,
                                     claim=line.claim, late_charges=late, paid=line.paid))
    return tuple(out)


def _seller_paid(dist: Distribution) -> Yen:
    return sum(ln.paid for ln in dist.lines if ln.party is Party.SELLER and ln.name != "moving_allowance")


def _costs_taken(dist: Distribution) -> Yen:
    return sum(ln.paid for ln in dist.lines if ln.party is Party.SALE_COSTS)


def _credit_record(ctx: Context, *, default_needed: bool, remaining: Yen) -> Text:
    years = ctx.use("credit_record.cic_years", ctx.case.at)
    if not ctx.delinquent and not default_needed:
        return ("延滞がなければ信用情報に傷はつきません（完済として記録されます）",
                "no missed payment, so no negative record (the loan is recorded as repaid)")
    base_ja = ("延滞の事実が信用情報機関に登録されています" if ctx.delinquent
               else "この方法は滞納が前提なので、延滞が信用情報機関に登録されます")
    base_en = ("the missed payments are already on the credit record" if ctx.delinquent
               else "this way out presumes missed payments, which go on the credit record")
    if remaining > 0:
        return (f"{base_ja}。残債を払い終える（または契約が終了する）まで記録は残り、その後も最長"
                f"{years}年残ります（記事1: 5〜7年程度はローンが組めない）",
                f"{base_en}. It stays until the remaining debt is repaid (or the contract ends) and "
                f"up to {years} years after that (seed 1: about 5–7 years without new loans)")
    return (f"{base_ja}。完済から最長{years}年で消えます", f"{base_en}. It is removed at most {years} "
            "years after the debt is repaid")


def _joint_debtors(ctx: Context, outcomes: Sequence[LenderOutcome]) -> tuple[Text, ...]:
    msgs: list[Text] = []
    remaining_by_rank = {o.rank: o.remaining for o in outcomes}
    for lien in ctx.case.liens:
        rem = remaining_by_rank.get(lien.rank, 0)
        if rem <= 0:
            continue
        for g in lien.guarantors:
            msgs.append((f"{g} さんは連帯保証人として、{lien.holder} の残債 {format_yen(rem)} を"
                         "一括で請求される可能性があります（記事1: 連帯保証人にも請求がいく）",
                         f"{g}, as joint guarantor (連帯保証人), can be billed the whole {format_yen(rem)} "
                         f"left on {lien.holder} (seed 1: the guarantor is billed)"))
        for d in lien.debtors[1:]:
            msgs.append((f"{d} さんは連帯債務者として残債 {format_yen(rem)} の全額を負います",
                         f"{d}, as joint debtor, owes the whole {format_yen(rem)}"))
        if lien.guarantor_company and ctx.delinquent:
            msgs.append((f"{lien.guarantor_company}（保証会社）が銀行に代位弁済すると、以後の請求は保証会社"
                         "（またはサービサー）から来ます",
                         f"once {lien.guarantor_company} (the guarantee company) pays the bank, it (or a "
                         "servicer) collects the debt"))
    return tuple(msgs)


def _consents(ctx: Context, claims: Claims) -> tuple[ConsentCheck, ...]:
    case = ctx.case
    owners = [(p.name, p.consents) for p in case.people if p.ownership_share > 0]
    lienholders = [(lien_name(lien, case.liens), lien.consents) for lien in case.liens
                   if lien.kind is LienKind.MORTGAGE]
    seizures = [(lien_name(lien, case.liens), lien.consents) for lien in case.liens
                if lien.kind is LienKind.TAX_SEIZURE]
    if case.property.tax_seized and not seizures:
        seizures = [(case.tax_office, None)]
    people = {p.name: p.consents for p in case.people}
    guarantor_names = sorted({g for lien in case.liens for g in lien.guarantors})
    guarantors = [(g, people.get(g)) for g in guarantor_names]
    return required_consents(owners=owners, lienholders=lienholders, guarantors=guarantors,
                             tax_seizure_holders=seizures)


def _owner_consents(ctx: Context) -> tuple[ConsentCheck, ...]:
    """Any sale needs every owner's signature (共有者全員); lienholders are repaid in full."""
    owners = [(p.name, p.consents) for p in ctx.case.people if p.ownership_share > 0]
    return required_consents(owners=owners, lienholders=[], guarantors=[])


def _blocked(consents: Sequence[ConsentCheck]) -> list[Text]:
    return [(c.message_ja, c.message_en) for c in consents if c.status == "refused"]


# --- the exits -------------------------------------------------------------------------------


def _sale(ctx: Context, key: ExitKey, price_key: ExitKey, channel: Channel, *, short: bool | None,
          moving_cost: Yen | None = None) -> tuple[SaleCosts, Distribution, Claims]:
    """Costs and distribution of a sale at the valuation's ``price_key`` on the sale date.

    ``short``: True forces the short-sale (lender consent) distribution, False the full
    repayment waterfall, None picks the short sale only when the price cannot repay everyone.
    """
    case = ctx.case
    on = case.sale_date
    price = ctx.valuation.price(price_key)
    claims = claims_on(ctx, on)
    liens_to_release = sum(1 for c in claims.liens if not c.is_tax_seizure)
    costs = sale_costs(price, settlement=on, prop=case.property, liens_to_release=liens_to_release,
                       channel=channel, book=ctx.book,
                       moving_cost=case.moving_cost if moving_cost is None else moving_cost)
    ctx.rules_used.extend(costs.rules_used)

    def run(short_sale: bool) -> Distribution:
        items = [it for it in costs.items if it.key != "moving_cost"] if short_sale else list(costs.items)
        allowance = 0
        if short_sale and costs.item("moving_cost") is not None and \
                ctx.use("short_sale.jhf_moving_cost_allowed", on):
            allowance = costs.item("moving_cost").amount  # type: ignore[union-attr]
        return allocate(price, costs=items, liens=claims.liens, association_claim=claims.association,
                        tax_claim=claims.tax, annual_property_tax=case.property.annual_property_tax,
                        settlement=on, book=ctx.book, short_sale=short_sale,
                        moving_allowance=allowance,
                        monthly_management_fee=case.monthly_management_fee)

    if short is None:
        full = run(False)
        dist = full if full.remaining_debt == 0 or not claims.liens else run(True)
    else:
        dist = run(short) if (short is False or claims.liens) else run(False)
    ctx.rules_used.extend(dist.rules_used)
    return costs, dist, claims


def _moving(costs: SaleCosts, dist: Distribution) -> Yen:
    """Moving cost the household pays itself (not carried by the price)."""
    item = costs.item("moving_cost")
    if item is None:
        return 0
    if dist.mode is DistributionMode.SHORT_SALE:
        return item.amount - dist.paid_to(Party.SELLER, "moving_allowance")
    return 0


def _base(ctx: Context, key: ExitKey, costs: SaleCosts, dist: Distribution, claims: Claims, *,
          cash_needed: Yen, can_stay: bool, completion: date, feasible: bool,
          warnings: list[Text], reasons: list[Text], default_needed: bool,
          consents: tuple[ConsentCheck, ...] = (), details: dict[str, Any] | None = None,
          remaining: Yen | None = None, steps: Sequence[Step] = (),
          owners_sign: bool = True) -> ExitResult:
    outcomes = _outcomes(claims, dist)
    on = ctx.case.sale_date
    if dist.mode is DistributionMode.SHORT_SALE and key is not ExitKey.SHORT_SALE \
            and on > ctx.dates.last_short_sale_day:
        reasons = [*reasons, (f"決済予定日 {on} は抵当権者が任意売却に応じる期限 "
                              f"{ctx.dates.last_short_sale_day} を過ぎています",
                              f"the sale date {on} is after the last day the lienholders would agree "
                              f"to release for less ({ctx.dates.last_short_sale_day})")]
    if ctx.delinquent and owners_sign and on >= ctx.dates.auction_payment:
        reasons = [*reasons, (f"決済予定日 {on} には、競売で買受人が代金を納付している見込みです（"
                              f"{ctx.dates.auction_payment}）",
                              f"by the sale date {on} the auction buyer is expected to have paid "
                              f"({ctx.dates.auction_payment})")]
    if not consents and owners_sign:
        consents = _owner_consents(ctx)
        reasons = reasons + [r for r in _blocked(consents) if r not in reasons]
    remaining_debt = dist.remaining_debt if remaining is None else remaining
    taken = _costs_taken(dist)
    ja, en = EXIT_LABELS[key]
    warnings = warnings + [w for w in dist.warnings if w not in warnings]
    return ExitResult(
        key=key, label_ja=ja, label_en=en, feasible=feasible and not reasons, price=dist.price,
        costs_total=costs.total, net_proceeds=dist.price - taken, lenders=outcomes,
        remaining_debt=remaining_debt, cash_needed=cash_needed, surplus=_seller_paid(dist),
        completion=completion, can_stay=can_stay,
        credit_record=_credit_record(ctx, default_needed=default_needed, remaining=remaining_debt),
        joint_debtors=_joint_debtors(ctx, outcomes), consents=consents, warnings=tuple(warnings),
        reasons=tuple(reasons), distribution=dist, costs=costs,
        proration_received=costs.proration.buyer_share if costs.proration else 0,
        details=details or {}, steps=tuple(claims.steps) + tuple(steps),
    )


def normal_sale(ctx: Context) -> ExitResult:
    """通常売却: sold through an agent; the price must repay every lien (アンダーローン)."""
    costs, dist, claims = _sale(ctx, ExitKey.NORMAL_SALE, ExitKey.NORMAL_SALE, Channel.BROKERED, short=False)
    shortfall = dist.remaining_debt
    reasons: list[Text] = []
    if shortfall > 0:
        reasons.append((f"売却代金では {format_yen(shortfall)} 足りず、抵当権を外せません（オーバーローン）",
                        f"the price falls {format_yen(shortfall)} short, so the liens cannot be "
                        "released (overloan)"))
    return _base(ctx, ExitKey.NORMAL_SALE, costs, dist, claims, cash_needed=shortfall, can_stay=False,
                 completion=ctx.case.sale_date, feasible=shortfall == 0, warnings=[],
                 reasons=reasons, default_needed=False)


def sale_with_savings(ctx: Context) -> ExitResult:
    """売却＋自己資金: the household's savings and relatives' help cover the shortfall."""
    costs, dist, claims = _sale(ctx, ExitKey.SALE_WITH_SAVINGS, ExitKey.NORMAL_SALE, Channel.BROKERED,
                                short=False)
    hh = ctx.case.household
    shortfall = dist.remaining_debt
    available = hh.savings + hh.relatives_help
    used = min(shortfall, available)
    reasons: list[Text] = []
    warnings: list[Text] = []
    if shortfall == 0:
        warnings.append(("売却代金で完済できるので自己資金は要りません",
                         "the price repays everything; no savings are needed"))
    elif available < shortfall:
        reasons.append((f"不足 {format_yen(shortfall)} に対し、預貯金と援助は {format_yen(available)} です",
                        f"the shortfall is {format_yen(shortfall)} but savings and help are "
                        f"{format_yen(available)}"))
    if hh.relatives_help and shortfall:
        warnings.append(("親族からの援助は借入か贈与かを書面にしておきましょう（贈与税に注意）",
                         "put relatives' help in writing as a loan or a gift (gift tax may apply)"))
    step = Step(name="savings_used", label_ja="自己資金の充当",
                formula="min(shortfall, savings + relatives' help)",
                inputs={"shortfall": format_yen(shortfall), "savings": format_yen(hh.savings),
                        "relatives_help": format_yen(hh.relatives_help)},
                result=format_yen(used))
    return _base(ctx, ExitKey.SALE_WITH_SAVINGS, costs, dist, claims, cash_needed=shortfall,
                 can_stay=False, completion=ctx.case.sale_date, feasible=available >= shortfall,
                 warnings=warnings, reasons=reasons, default_needed=False,
                 details={"shortfall": shortfall, "savings_used": used}, remaining=shortfall - used,
                 steps=[step])


def trade_up(ctx: Context) -> ExitResult | None:
    """住み替えローン: one new loan for the next home and the old loan's shortfall (同日決済)."""
    case = ctx.case
    t = case.trade_up
    if t is None:
        return None
    costs, dist, claims = _sale(ctx, ExitKey.TRADE_UP, ExitKey.NORMAL_SALE, Channel.BROKERED, short=False)
    shortfall = dist.remaining_debt
    new_loan = t.new_home_price + t.purchase_costs + shortfall
    months = t.years * 12
    monthly = annuity_payment(new_loan, t.annual_rate / 12, months, Rounding.FLOOR)
    warnings: list[Text] = [("旧居の売却と新居の購入は同じ日に決済する必要があり、"
                             "審査は通常より厳しくなります",
                             "the sale and the purchase must settle on the same day, and the loan "
                             "is screened more strictly than an ordinary one")]
    reasons: list[Text] = []
    if shortfall == 0:
        warnings.append(("売却代金で完済できるので、住み替えローンではなく通常の住宅ローンで足ります",
                         "the sale repays the loan, so an ordinary home loan is enough"))
    if ctx.delinquent:
        reasons.append(("延滞が信用情報に載っているので、住み替えローンは実際には使えません",
                        "with missed payments on the credit record a trade-up loan is not "
                        "available in practice"))
    income = case.household.monthly_income
    ratio = Fraction(monthly, income) if income else None
    step = Step(name="trade_up_loan", label_ja="住み替えローンの借入額と毎月返済額",
                formula="new home + purchase costs + shortfall; payment = annuity(rate/12, years×12)",
                inputs={"new_home_price": format_yen(t.new_home_price),
                        "purchase_costs": format_yen(t.purchase_costs),
                        "shortfall": format_yen(shortfall), "rate": format_percent(t.annual_rate),
                        "years": str(t.years)},
                result=f"{format_yen(new_loan)}, {format_yen(monthly)}/月", rounding="円未満切捨て")
    return _base(ctx, ExitKey.TRADE_UP, costs, dist, claims, cash_needed=0, can_stay=False,
                 completion=case.sale_date, feasible=True, warnings=warnings, reasons=reasons,
                 default_needed=False, remaining=shortfall,
                 details={"new_loan": new_loan, "monthly_payment": monthly, "years": t.years,
                          "shortfall_carried": shortfall,
                          "payment_to_income": format_percent(ratio) if ratio is not None else None},
                 steps=[step])


def short_sale(ctx: Context, auction_first_lender: Yen | None,
               normal: ExitResult | None = None) -> ExitResult:
    """任意売却: the lender agrees to release its lien for less; the rest stays owed."""
    case = ctx.case
    costs, dist, claims = _sale(ctx, ExitKey.SHORT_SALE, ExitKey.SHORT_SALE, Channel.BROKERED, short=True)
    consents = _consents(ctx, claims)
    warnings: list[Text] = []
    reasons = _blocked(consents)
    jhf = any(lien.lender is LenderType.JHF for lien in case.liens)
    last = ctx.dates.last_short_sale_day
    if case.sale_date > last:
        reasons.append((f"決済予定日 {case.sale_date} は任意売却の期限 {last} を過ぎています",
                        f"the sale date {case.sale_date} is after the last day for a short sale ({last})"))
    if jhf:
        warnings.append(("住宅金融支援機構のローンは、競売の申立て前に「任意売却に関する申出書」を出す必要があります",
                         "a 住宅金融支援機構 (JHF) loan must be put up for short sale before the auction "
                         "is filed"))
    if not ctx.delinquent:
        warnings.append(("返済を続けている間は、金融機関はふつう任意売却に応じません"
                         "（記事2: 任意売却は基本的に滞納していることが条件）",
                         "lenders rarely agree to a short sale while payments are current (seed 2)"))
    if auction_first_lender is not None:
        risk = lender_refusal_risk(dist, first_lender_auction_recovery=auction_first_lender)
        if risk:
            warnings.append(risk)
    if dist.mode is DistributionMode.FULL_REPAYMENT or (normal is not None and normal.feasible):
        warnings.append(("通常売却で全額返済できるので、任意売却は必要ありません",
                         "a normal sale repays every lien: no short sale is needed"))
    moving = _moving(costs, dist)
    out_of_pocket = sum(it.amount for it in dist.out_of_pocket)
    if moving:
        warnings.append((f"引越費用 {format_yen(moving)} は原則として売却代金から出せません（機構基準）。"
                         "交渉で認められることがあります（記事1）",
                         f"the moving cost {format_yen(moving)} is not normally paid from the price "
                         "(JHF standard); it is sometimes granted on request (seed 1)"))
    return _base(ctx, ExitKey.SHORT_SALE, costs, dist, claims, cash_needed=moving + out_of_pocket,
                 can_stay=False, completion=case.sale_date, feasible=True, warnings=warnings,
                 reasons=reasons, default_needed=True, consents=consents,
                 details={"last_short_sale_day": last.isoformat(), "out_of_pocket": out_of_pocket,
                          "moving_paid_by_household": moving})


def dealer_purchase(ctx: Context) -> ExitResult:
    """業者買取: a buyer-reseller buys directly; faster, cheaper, no brokerage fee."""
    costs, dist, claims = _sale(ctx, ExitKey.DEALER_PURCHASE, ExitKey.DEALER_PURCHASE, Channel.DIRECT,
                                short=None)
    consents = _consents(ctx, claims) if dist.mode is DistributionMode.SHORT_SALE else ()
    warnings: list[Text] = [("仲介より安くなりやすい一方、短期間で現金化できます（記事1）",
                             "usually cheaper than a brokered sale, but quick (seed 1)")]
    reasons = _blocked(consents)
    moving = _moving(costs, dist) if dist.mode is DistributionMode.SHORT_SALE else 0
    out_of_pocket = sum(it.amount for it in dist.out_of_pocket)
    if dist.mode is DistributionMode.SHORT_SALE:
        warnings.append(("価格がローンに届かないので、抵当権者の同意（任意売却）が必要です",
                         "the price does not cover the loans: the lienholders must agree (short sale)"))
    return _base(ctx, ExitKey.DEALER_PURCHASE, costs, dist, claims, cash_needed=moving + out_of_pocket,
                 can_stay=False, completion=ctx.case.sale_date, feasible=True, warnings=warnings,
                 reasons=reasons, default_needed=dist.mode is DistributionMode.SHORT_SALE, consents=consents)


def leaseback(ctx: Context, alternative: ExitResult) -> ExitResult:
    """リースバック: sell to an investor and rent the home back; compare with selling and moving."""
    case = ctx.case
    on = case.sale_date
    costs, dist, claims = _sale(ctx, ExitKey.LEASEBACK, ExitKey.LEASEBACK, Channel.DIRECT, short=None,
                                moving_cost=0)
    price = dist.price
    yield_rate = Fraction(ctx.use("market.leaseback_yield", on))
    rent = round_div(price * yield_rate.numerator, yield_rate.denominator * 12, Rounding.FLOOR)
    moving_alt = alternative.costs.item("moving_cost") if alternative.costs else None
    moving_saved = moving_alt.amount if moving_alt else 0
    rent_elsewhere = case.household.monthly_rent_after_sale
    # What selling normally (or by short sale) leaves the household better off by, at closing.
    given_up = (alternative.surplus - _seller_paid(dist)) + \
        (dist.remaining_debt - alternative.remaining_debt)
    head_start = given_up - moving_saved
    monthly_gap = rent - (rent_elsewhere or 0)
    crossover: int | None
    if head_start > 0:
        crossover = 0
    elif monthly_gap <= 0:
        crossover = None
    else:
        crossover = (-head_start) // monthly_gap + 1  # first month in which leaseback costs more
    crossover_year = None if crossover is None else (crossover + 11) // 12
    horizon = case.leaseback_years * 12
    step = Step(
        name="leaseback_rent", label_ja="リースバックの家賃と損益分岐",
        formula="rent = floor(price × yield ÷ 12); leaseback costs more from the first month m where "
                "(proceeds given up − moving cost saved) + (rent − rent elsewhere) × m > 0",
        inputs={"price": format_yen(price), "yield": format_percent(yield_rate),
                "proceeds_given_up": format_yen(given_up), "moving_cost_saved": format_yen(moving_saved),
                "rent_elsewhere": format_yen(rent_elsewhere) if rent_elsewhere is not None else "不明 (0)"},
        result=f"{format_yen(rent)}/月; crossover month {crossover}", rounding="円未満切捨て",
        rules=(RuleUse.of(ctx.book.at("market.leaseback_yield", on)),),
        note="compared with " + alternative.key,
    )
    consents = _consents(ctx, claims) if dist.mode is DistributionMode.SHORT_SALE else ()
    warnings: list[Text] = [
        ("定期借家（2〜3年）が多く、再契約の保証はありません", "leases are usually fixed-term (2–3 years) "
         "with no promise of renewal"),
        ("買戻し価格の相場は資料にないため計算していません（契約で確認してください）",
         "the buy-back price is not in the sources, so it is not computed (check the contract)"),
    ]
    if rent_elsewhere is None:
        warnings.append(("転居先の家賃が未入力なので、家賃の比較は 0円 として計算しています",
                         "no rent for the next home was given; the comparison assumes 0"))
    if dist.mode is DistributionMode.SHORT_SALE:
        warnings.append(("価格がローンに届かないので、抵当権者の同意が必要です",
                         "the price does not cover the loans: the lienholders must agree"))
    return _base(ctx, ExitKey.LEASEBACK, costs, dist, claims,
                 cash_needed=sum(it.amount for it in dist.out_of_pocket), can_stay=True,
                 completion=on, feasible=True, warnings=warnings, reasons=_blocked(consents),
                 default_needed=dist.mode is DistributionMode.SHORT_SALE, consents=consents,
                 details={"monthly_rent": rent, "yield": format_percent(yield_rate),
                          "crossover_month": crossover, "crossover_year": crossover_year,
                          "compared_with": alternative.key, "rent_over_horizon": rent * horizon,
                          "horizon_years": case.leaseback_years, "buyback_price": None},
                 steps=[step])


def auction(ctx: Context, price_key: ExitKey) -> ExitResult:
    """競売: the court sells; late charges run until the buyer pays, and nobody helps with moving."""
    case = ctx.case
    d = ctx.dates
    on = d.auction_payment
    price = ctx.valuation.price(price_key)
    claims = claims_on(ctx, on, assume_default=True)
    first = next((c for c in claims.liens if not c.is_tax_seizure), None)
    filing_claim = first.claim if first else 0
    costs = auction_costs(filing_claim, filing=d.auction_filing, liens=1, book=ctx.book)
    ctx.rules_used.extend(costs.rules_used)
    dist = allocate(price, costs=list(costs.items), liens=claims.liens,
                    association_claim=claims.association, tax_claim=claims.tax,
                    annual_property_tax=case.property.annual_property_tax, settlement=on,
                    book=ctx.book, short_sale=False, auction=True)
    ctx.rules_used.extend(dist.rules_used)
    moving = case.moving_cost if case.moving_cost is not None else \
        int(ctx.use("market.moving_cost", case.sale_date))
    warnings: list[Text] = [
        ("競売では引越費用は出ず、買受人の代金納付後は引渡命令で退去を求められます",
         "an auction pays nothing towards moving, and after the buyer pays a delivery order "
         "can evict the household"),
        ("代金納付まで遅延損害金が増え続けるため、残債は任意売却より大きくなります",
         "late charges keep running until the buyer pays, so more debt remains than after a "
         "short sale"),
        ("予納金は東京地裁本庁の基準で計算しています（裁判所ごとに異なります）",
         "the court deposit follows the Tokyo District Court's table (each court has its own)"),
    ]
    if price_key == ExitKey.AUCTION_SEED:
        warnings.append(("記事1の「競売は市場価格の6〜7割」による試算です。裁判所の統計では落札額は時価の"
                         "9割前後とされ、資料どうしで食い違っています",
                         "estimate from seed 1's '60–70% of market'; court statistics put realized "
                         "prices near 90% of market — the sources conflict"))
    auction_price = ctx.valuation.prices[price_key]
    details: dict[str, Any] = {"filing_date": d.auction_filing.isoformat(),
                               "payment_date": on.isoformat()}
    if auction_price.base_price is not None:
        details["base_price"] = auction_price.base_price
        details["minimum_bid"] = auction_price.minimum_bid
    if not ctx.delinquent:
        warnings.append(("滞納していないので、競売の日付は「次の返済から払えなくなったら」という仮定です",
                         "no payment has been missed: the dates assume the next payment is missed"))
    return _base(ctx, price_key, costs, dist, claims, cash_needed=moving, can_stay=False,
                 completion=on, feasible=True, warnings=warnings, reasons=[], default_needed=True,
                 details=details, owners_sign=False)


def keep_paying(ctx: Context) -> ExitResult:
    """払い続ける: keep the home and the loans; the monthly burden against income."""
    case = ctx.case
    at = case.at
    hh = case.household
    claims = claims_on(ctx, at)
    monthly = 0
    end = at
    for lien in case.liens:
        sched = ctx.schedules.get(lien.rank)
        if sched is None:
            continue
        upcoming = sched.next_due(at)
        if upcoming is not None:
            monthly += sched.columns.payment[upcoming]
        end = max(end, sched.due_dates[-1])
    other = sum(d.monthly_payment for d in hh.other_debts)
    capacity = hh.monthly_income - hh.monthly_living_costs - other
    reasons: list[Text] = []
    warnings: list[Text] = []
    cure = 0
    accelerated = ctx.dates.acceleration is not None and ctx.dates.acceleration <= at
    if ctx.delinquent:
        if accelerated:
            reasons.append(("期限の利益を失っているので、全額の一括返済を求められています（分割に戻すには"
                            "債権者の同意が必要）",
                            "the loan has been accelerated: the whole balance is due, and going back "
                            "to instalments needs the creditor's agreement"))
        for lien in case.liens:
            owed = ctx.owed(lien, at)
            sched = ctx.schedules.get(lien.rank)
            if owed is None or sched is None:
                continue
            cure += owed.total if accelerated else owed.total - sched.balance_at(at)
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
        credit_record=_credit_record(ctx, default_needed=False, remaining=total),
        joint_debtors=(), consents=(), warnings=tuple(warnings), reasons=tuple(reasons),
        distribution=None, costs=None,
        details={"monthly_payment": monthly, "monthly_capacity": capacity,
                 "other_debt_payments": other, "arrears_to_cure": cure,
                 "payment_to_income": format_percent(ratio) if ratio is not None else None},
        steps=claims.steps,
    )


def evaluate_exits(ctx: Context) -> list[ExitResult]:
    """Every exit on the same inputs and dates, sorted by remaining debt (then cash needed)."""
    court = auction(ctx, ExitKey.AUCTION_COURT)
    seed = auction(ctx, ExitKey.AUCTION_SEED)
    first_lender_at_auction = court.lenders[0].paid if court.lenders else None
    normal = normal_sale(ctx)
    short = short_sale(ctx, first_lender_at_auction, normal)
    alternative = normal if normal.feasible else short
    exits = [normal, sale_with_savings(ctx)]
    up = trade_up(ctx)
    if up is not None:
        exits.append(up)
    exits += [short, dealer_purchase(ctx), leaseback(ctx, alternative), court, seed, keep_paying(ctx)]
    return sorted(exits, key=lambda e: (not e.feasible, e.remaining_debt, e.cash_needed))


__all__ = ["EXIT_LABELS", "Context", "Dates", "ExitResult", "LenderOutcome", "claims_on",
           "evaluate_exits", "lien_name"]
