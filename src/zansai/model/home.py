"""The home being sold and what is registered on it: the property, appraisals, liens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from zansai.messages import Msg
from zansai.model.loan import LenderType, Loan
from zansai.money import Yen
from zansai.trace import Step


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
    """One named amount in a breakdown (a cost, a deduction, a payment) and why it is so.

    ``Item.of(key, msg(...), amount, step)`` names it with a catalog message (``label``), whose
    id joins the JSON; ``label_ja`` / ``label_en`` are its two sentences."""

    key: str
    label_ja: str
    label_en: str
    amount: Yen
    step: Step | None = None
    label: Msg | None = None

    @classmethod
    def of(cls, key: str, label: Msg, amount: Yen, step: Step | None = None) -> Item:
        """An item named by a catalog message."""
        return cls(key, label.ja, label.en, amount, step, label)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"key": self.key, "label_ja": self.label_ja,
                                  "label_en": self.label_en, "amount": self.amount}
        if self.label is not None:
            out["label_id"] = self.label.id
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
    acquired_on: date | None
    """取得日; None: not known (the capital gains tax is then not computed)."""
    acquisition_price: Yen | None
    """購入価格; None: not known (likewise)."""
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
    municipality_code: str | None = None
    """所在地の全国地方公共団体コード (5 digits); None: location not given (national rules only)."""
    prefecture_code: str | None = None
    district: str | None = None
    """地区名."""
    floor_area_m2: Decimal | None = None
    """専有面積 / 延床面積 ㎡."""

    @property
    def has_location(self) -> bool:
        """Whether the case says where the home is (a municipality or a prefecture)."""
        return self.municipality_code is not None or self.prefecture_code is not None

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
    guarantor_company: str | None = None
    """保証会社 that pays the bank on default (代位弁済) and takes over the claim."""
    debtors: tuple[str, ...] = ()
    guarantors: tuple[str, ...] = ()
    loan_term_years: int | None = None
    consents: bool | None = None
    """The holder agrees to release the lien for less (任意売却): True, False or None (unknown)."""
    contract_date: date | None = None
    """金銭消費貸借契約の日 (which limitation law applies); None: not given."""
    housing_loan: bool = False
    """A lien without a schedule that secures a housing loan (住宅借入金等, 措法41条の5の2); a loan
    with a schedule always counts as one."""
