"""A household's situation as one value: everything a plan is computed from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from zansai.model.checks import require_yen
from zansai.model.comparables import FoundComparables
from zansai.model.divorce import Divorce
from zansai.model.home import Appraisal, Lien, Property
from zansai.model.household import Household, Person, ResidualOptions
from zansai.model.offers import Offer
from zansai.model.rescheduling import Rescheduling
from zansai.model.sale_terms import BrokerageTerms, SellingExpense
from zansai.money import Yen


@dataclass(frozen=True, slots=True)
class TradeUp:
    """住み替えローン: the next home and the loan that would finance it and the shortfall."""

    new_home_price: Yen
    annual_rate: Fraction
    years: int
    purchase_costs: Yen = 0


@dataclass(frozen=True, slots=True)
class AuctionFiling:
    """競売申立 as the case file gives it: the filing date and the claimed amount (請求債権額).

    Either may be None: the engine then estimates it from the delinquency timeline (the filing
    date) and from what is owed on that date (the claim), and says so.
    """

    filed_on: date | None = None
    claim: Yen | None = None

    def __post_init__(self) -> None:
        if self.claim is not None:
            require_yen("auction.claim", self.claim, minimum=1)


@dataclass(frozen=True, slots=True)
class Case:
    """A household's situation: everything the plan is computed from."""

    property: Property
    appraisals: tuple[Appraisal, ...]
    market_value: Yen | None
    liens: tuple[Lien, ...]
    household: Household
    people: tuple[Person, ...]
    sale_date: date
    at: date
    """The calculation date (today, or the date asked for)."""
    first_missed: date | None = None
    road_price_per_m2: Yen | None = None
    land_area_m2: Decimal | None = None
    building_replacement_cost: Yen | None = None
    trade_up: TradeUp | None = None
    moving_cost: Yen | None = None
    leaseback_years: int = 10
    overrides: dict[str, object] = field(default_factory=dict)
    title: str = ""
    monthly_management_fee: Yen | None = None
    """管理費＋修繕積立金 per month (caps the arrears a short sale may deduct)."""
    tax_office: str = "税務署・市区町村"
    residual: ResidualOptions = field(default_factory=ResidualOptions)
    divorce: Divorce | None = None
    brokerage: BrokerageTerms = field(default_factory=BrokerageTerms)
    """媒介契約: its date and the low-cost special (告示 第七) agreed in it."""
    selling_expenses: tuple[SellingExpense, ...] = ()
    """譲渡費用 besides brokerage and stamp duty (測量費, 取壊し費用, 立退料 …), paid by the seller."""
    contract_amount_stated: bool = True
    """The sale contract states its amount (False: 記載金額のないもの, flat stamp duty)."""
    sale_contract_date: date | None = None
    """売買契約日 (stamp duty, 措法41条の5の2's balance on the day before it); None: the sale
    (settlement) date stands in, and the result says so."""
    auction: AuctionFiling = field(default_factory=AuctionFiling)
    """The auction filing, where it is known (競売申立日・請求債権額)."""
    rescheduling: Rescheduling | None = None
    """返済方法の変更: entered terms and the facts JHF's criteria read; None: none entered."""
    offers: tuple[Offer, ...] = ()
    """買付申込・申出価格: offered prices per way out (the latest dated one per way out is used)."""
    comparables: FoundComparables | None = None
    """取引事例: the comparable sales a shell found (never from the case file); None: not looked up."""
