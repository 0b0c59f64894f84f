"""Core models shared by the engine: the home, its liens, the people, and breakdown items.

Frozen dataclasses with integer yen and exact rates. The case file (``case.py``) validates raw
input with pydantic and builds these; the engine never sees unvalidated data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from zansai.engine.arrears import LenderType
from zansai.engine.loan import Loan
from zansai.money import Yen
from zansai.trace import Step

__all__ = [
    "Appraisal",
    "Asset",
    "AssetKind",
    "Case",
    "Contribution",
    "ContributionKind",
    "Debt",
    "DebtKind",
    "Divorce",
    "Household",
    "Item",
    "LenderType",
    "Lien",
    "LienKind",
    "OverloanView",
    "Person",
    "Property",
    "PropertyKind",
    "ProrationStart",
    "ResidualOptions",
    "Structure",
    "TradeUp",
]


class PropertyKind(StrEnum):
    HOUSE = "house"
    """戸建て: land parcels plus a building."""
    CONDO = "condo"
    """マンション (区分所有): a unit plus its share of the land (敷地権)."""


class Structure(StrEnum):
    """Building structure, as named in ``depreciation.non_business_building``."""

    WOOD = "wood"
    WOOD_MORTAR = "wood_mortar"
    LIGHT_STEEL_3MM = "light_steel_3mm"
    STEEL_4MM = "steel_4mm"
    HEAVY_STEEL = "heavy_steel"
    BRICK_STONE_BLOCK = "brick_stone_block"
    RC_SRC = "rc_src"


class ProrationStart(StrEnum):
    """起算日 of the 固定資産税・都市計画税 proration (a contract convention, not law)."""

    JANUARY_1 = "january_1"
    """1月1日 (暦年, mostly 関東)."""
    APRIL_1 = "april_1"
    """4月1日 (年度, mostly 関西)."""


class LienKind(StrEnum):
    MORTGAGE = "mortgage"
    """抵当権 (or 根抵当権) securing a loan."""
    TAX_SEIZURE = "tax_seizure"
    """差押 by a tax office or municipality for unpaid taxes."""


@dataclass(frozen=True, slots=True)
class Item:
    """One named amount in a breakdown (a cost, a deduction, a payment) and why it is so."""

    key: str
    label_ja: str
    label_en: str
    amount: Yen
    step: Step | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"key": self.key, "label_ja": self.label_ja,
                                  "label_en": self.label_en, "amount": self.amount}
        if self.step is not None:
            out["why"] = self.step.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Property:
    """The home being sold (売却物件)."""

    kind: PropertyKind
    land_parcels: int
    """土地の筆数 (for a condo: the 敷地権 parcels)."""
    buildings: int
    """建物の個数 (for a condo: 1 専有部分)."""
    acquired_on: date
    acquisition_price: Yen
    land_price: Yen | None
    building_price: Yen | None
    structure: Structure
    acquisition_costs: Yen = 0
    """購入時の諸費用 (仲介手数料, 登記費用 …) that count toward the 取得費."""
    annual_property_tax: Yen = 0
    """固定資産税＋都市計画税 for the year (from the tax notice)."""
    proration_start: ProrationStart | None = None
    """None: the market-practice default in ``property_tax.proration_start``."""
    unpaid_management_fees: Yen = 0
    unpaid_repair_reserve: Yen = 0
    unpaid_taxes: Yen = 0
    tax_seized: bool = False
    lived_in: bool = True
    moved_out_on: date | None = None
    built_on: date | None = None

    @property
    def property_count(self) -> int:
        """不動産の個数 for the lien-release registration tax (土地の筆 + 建物)."""
        return self.land_parcels + self.buildings


@dataclass(frozen=True, slots=True)
class Appraisal:
    """A price opinion (査定) from an agent or an appraiser."""

    source: str
    amount: Yen


@dataclass(frozen=True, slots=True)
class Lien:
    """A registered right over the home, in rank order (抵当権・差押)."""

    rank: int
    holder: str
    kind: LienKind = LienKind.MORTGAGE
    lender: LenderType = LenderType.BANK
    loan: Loan | None = None
    """The loan it secures; None when only the amount owed is known (``balance``)."""
    balance: Yen | None = None
    """Amount owed when there is no schedule (a second mortgage, a tax seizure)."""
    principal: Yen | None = None
    """Remaining principal of a lien without a schedule (the JHF 1割 release-fee test)."""
    late_rate: Fraction | None = None
    """The contract's 遅延損害金 rate; None: the market-practice default for the lender."""
    guarantee_company: str | None = None
    """保証会社 that pays the bank on default (代位弁済) and takes over the claim."""
    debtors: tuple[str, ...] = ()
    guarantors: tuple[str, ...] = ()
    loan_term_years: int | None = None
    consents: bool | None = None
    """The holder agrees to release the lien for less (任意売却): True, False or None (unknown)."""
    contract_date: date | None = None
    """金銭消費貸借契約の日 (which limitation law applies); None: not given."""


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the sale concerns: an owner, a debtor, a guarantor."""

    name: str
    ownership_share: Fraction = Fraction(0)
    consents: bool | None = None
    """Agrees to the sale: True, False, or None when not yet asked."""


class DebtKind(StrEnum):
    """How the law treats a debt in 個人再生 and 自己破産."""

    ORDINARY = "ordinary"
    """Cards, car loans, consumer loans, a housing-loan residual: reduced by 個人再生, discharged by 破産."""
    SUPPORT = "support"
    """Unpaid 養育費・婚姻費用: not reduced (民再229条3項) and not discharged (破産法253条1項)."""
    TAX = "tax"
    """租税・社会保険料: 一般優先債権 outside a 再生計画, not discharged (破産法253条1項1号)."""


@dataclass(frozen=True, slots=True)
class Debt:
    """Another debt of the household (cards, car loan, unpaid child support …)."""

    name: str
    amount: Yen
    monthly_payment: Yen = 0
    kind: DebtKind = DebtKind.ORDINARY
    owner: str | None = None
    """Whose debt it is (a name in people); None: the household's - the main debtor's in the
    remaining-debt routes, shared half each in a divorce division."""
    creditor: str = ""
    contract_date: date | None = None
    """When the debt was contracted (which limitation law applies)."""
    guarantors: tuple[str, ...] = ()
    marital: bool = True
    """Incurred for the marriage's household (netted in 財産分与); False: a spouse's own debt."""


class AssetKind(StrEnum):
    """Asset categories of the 清算価値 sheet and the 破産 振り分け (Tokyo practice)."""

    CASH = "cash"
    """現金."""
    DEPOSIT = "deposit"
    """預貯金."""
    INSURANCE = "insurance"
    """保険の解約返戻金."""
    SECURITIES = "securities"
    """有価証券."""
    CAR = "car"
    """自動車."""
    RETIREMENT = "retirement"
    """退職金見込額 (the full projected amount; the rules take the counted fraction)."""
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Asset:
    """Something the household owns besides the home."""

    kind: AssetKind
    amount: Yen
    owner: str | None = None
    """A name in people; None: held jointly or not attributed."""
    name: str = ""
    separate: bool = False
    """特有財産 (owned before the marriage, inherited, a gift): left out of 財産分与."""


@dataclass(frozen=True, slots=True)
class Household:
    savings: Yen = 0
    relatives_help: Yen = 0
    monthly_income: Yen = 0
    """Take-home income per month (手取り)."""
    monthly_living_costs: Yen = 0
    """Living costs per month, housing excluded."""
    monthly_rent_after_sale: Yen | None = None
    """Rent of the next home after moving out; None: not known."""
    other_debts: tuple[Debt, ...] = ()
    assets: tuple[Asset, ...] = ()
    annual_minimum_living_cost: Yen | None = None
    """最低限度の生活を維持するために必要な1年分の費用 (民再241条3項の政令): entered by the user,
    because the 政令's tables are not transcribed in the rule book."""
    salaried: bool = True
    """Earns a salary or a similarly regular income (給与所得者等再生 is open)."""


@dataclass(frozen=True, slots=True)
class ResidualOptions:
    """What the user chose for the remaining-debt routes (残債の整理)."""

    exit: str | None = None
    """Whose remaining debt: an exit key; None: the best exit of the plan."""
    debtor: str | None = None
    """Whose routes: a name in people; None: the main loan's first debtor."""
    monthly_payment: Yen | None = None
    """A negotiated monthly amount; None: the household's capacity (income − costs)."""
    settlement: Yen | None = None
    """A lump-sum settlement the user wants to try (一括和解); never assumed."""
    negotiated_rate: Fraction = Fraction(0)
    """Interest on the negotiated instalments (将来利息); 0 under the 弁護士会 統一基準."""
    plan_years: int | None = None
    """個人再生 plan length; None: the 3 years of 民再229条2項."""
    instalment_rounding: str = "ceil"
    """How a plan instalment becomes whole yen: "ceil" or "floor" (the last one takes the rest)."""
    filing_date: date | None = None
    """When a court route would be filed; None: the exit's completion date."""
    lawyer: bool = True
    discharge_concerns: bool = False
    """免責不許可事由 to investigate (浪費・偏頗弁済 …): a bankruptcy goes to 管財."""
    previous_discharge: date | None = None
    """Date of an earlier 免責許可決定確定 or 給与所得者等再生 認可 (the 7-year bars)."""


class ContributionKind(StrEnum):
    DOWN_PAYMENT = "down_payment"
    """頭金 paid from separate money."""
    PREPAYMENT = "prepayment"
    """A lump repayment (繰上返済) from separate money, e.g. an inheritance."""


@dataclass(frozen=True, slots=True)
class Contribution:
    """Separate property (特有財産) put into the home."""

    spouse: str
    amount: Yen
    kind: ContributionKind = ContributionKind.DOWN_PAYMENT
    source: str = "pre_marriage_savings"
    """pre_marriage_savings (婚姻前の貯金), gift (親からの贈与) or inheritance (相続)."""
    paid_on: date | None = None


class OverloanView(StrEnum):
    """How an overloan home enters 財産分与."""

    NETTING = "netting"
    """通算説: the negative equity is netted against the other assets (東京高判令和6年8月21日)."""
    EXCLUSION = "exclusion"
    """除外説: the home and its loan are left out (東京高決平成10年3月13日)."""


@dataclass(frozen=True, slots=True)
class Divorce:
    """A divorcing couple's inputs for 財産分与 (民法768条)."""

    spouses: tuple[str, str]
    separation_date: date
    """別居日: the loan balance and the savings are taken on this date."""
    divorce_date: date | None = None
    """離婚日 (done or planned): sets the claim deadline; None: not yet known."""
    married_on: date | None = None
    contributions: tuple[Contribution, ...] = ()
    method: str | None = None
    """How separate money in the home is credited; None: the default (``tokyo_ratio``)."""
    overloan: OverloanView | None = None
    """None: netting when other positive assets exist, else exclusion."""
    keeper: str | None = None
    """The spouse who would keep the home (代償金 scenario); None: each spouse in turn."""
    share: Fraction | None = None
    """The first spouse's share of the marital estate; None: ``divorce.contribution_share``."""


@dataclass(frozen=True, slots=True)
class TradeUp:
    """住み替えローン: the next home and the loan that would finance it and the shortfall."""

    new_home_price: Yen
    annual_rate: Fraction
    years: int
    purchase_costs: Yen = 0


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
