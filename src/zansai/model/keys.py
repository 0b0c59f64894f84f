"""The names results are keyed by: ways out, remaining-debt routes, division methods, tax classes.

Each is a ``StrEnum`` whose values are the keys of the JSON, the case file and the tape; code
compares members, never string literals.
"""

from __future__ import annotations

from enum import StrEnum


class ExitKey(StrEnum):
    """A way out for the home (出口)."""

    NORMAL_SALE = "normal_sale"
    """通常売却: sold through an agent, every lien repaid."""
    SALE_WITH_SAVINGS = "sale_with_savings"
    """売却＋自己資金: the same sale, savings and relatives' help pay the shortfall."""
    TRADE_UP = "trade_up"
    """住み替えローン: a new loan covers the next home and the old loan's shortfall."""
    SHORT_SALE = "short_sale"
    """任意売却: the lender consents to release its lien for less than it is owed."""
    DEALER_PURCHASE = "dealer_purchase"
    """業者買取: sold directly to a buyer-reseller."""
    LEASEBACK = "leaseback"
    """リースバック: sold to an investor and rented back."""
    AUCTION_COURT = "auction_court"
    """競売, priced by the court statistics model."""
    AUCTION_SEED = "auction_seed"
    """競売, priced by the source article's "60–70% of market"."""
    KEEP_PAYING = "keep_paying"
    """払い続ける: keep the home and the loan."""
    KEEP_HOME_REHABILITATION = "keep_home_rehabilitation"
    """個人再生（住宅資金特別条項）: keep the home and the housing loan, the other debts reduced by a plan."""
    RESCHEDULE = "reschedule"
    """返済方法の変更: keep the home on new terms (a longer term, interest only for a while)."""

    @property
    def is_auction(self) -> bool:
        """A court sale (競売), under either price model."""
        return self in AUCTION_EXITS


AUCTION_EXITS = frozenset({ExitKey.AUCTION_COURT, ExitKey.AUCTION_SEED})
KEEP_HOME_EXITS = frozenset({ExitKey.KEEP_PAYING, ExitKey.KEEP_HOME_REHABILITATION,
                             ExitKey.RESCHEDULE})
"""Ways of staying that sell nothing: never the best exit, whose remaining debt a route settles."""
PRICED_EXITS = (ExitKey.NORMAL_SALE, ExitKey.SHORT_SALE, ExitKey.DEALER_PURCHASE, ExitKey.LEASEBACK,
                ExitKey.AUCTION_SEED, ExitKey.AUCTION_COURT)
"""The ways out the valuation prices (the others reuse one of these prices or sell nothing)."""


class RouteKey(StrEnum):
    """A route for the debt a sale leaves (残債の整理)."""

    NEGOTIATED_SETTLEMENT = "negotiated"
    """任意整理: instalments agreed with the creditor."""
    NEGOTIATED_SETTLEMENT_WAIVED = "negotiated_without_late_charges"
    """任意整理 with the late charges waived (common, not guaranteed)."""
    LUMP_SUM = "settlement"
    """一括和解: a lump sum the user enters as a scenario (never assumed)."""
    SMALL_REHABILITATION = "small_rehabilitation"
    """小規模個人再生."""
    SALARIED_REHABILITATION = "salaried_rehabilitation"
    """給与所得者等再生."""
    BANKRUPTCY = "bankruptcy"
    """自己破産."""


class PropertyDivisionMethod(StrEnum):
    """How separate money (特有財産) put into the home is credited in 財産分与."""

    TOKYO_RATIO = "tokyo_ratio"
    """時価按分方式 (東京家裁家事6部)."""
    NET_RATIO = "net_ratio"
    """純資産按分方式 (F3), which is also 購入価格持分方式 (F4): the two formulas are algebraically
    equal, so one key names both; ``"purchase_share"`` is accepted on input as its alias."""
    FACE_VALUE_SET_ASIDE = "face_value_set_aside"
    """額面控除方式."""
    FACE_VALUE_CREDIT = "face_value_credit"
    """額面精算方式."""
    REVALUED_CREDIT = "revalued_credit"
    """時価換算精算方式."""
    PAID_SHARE = "paid_share"
    """支払額按分方式: the home's equity split by shares of what was actually paid (頭金 + 元金返済
    by the separation); low confidence."""

    @classmethod
    def _missing_(cls, value: object) -> PropertyDivisionMethod | None:
        """The old key ``"purchase_share"`` (F4, identical to F3) is read as ``net_ratio``."""
        return cls.NET_RATIO if value == "purchase_share" else None


class HoldingClass(StrEnum):
    """The capital-gains class of a sale by its holding period (措法31条・32条・31条の3)."""

    SHORT = "short"
    """短期譲渡所得: held 5 years or less on 1 January of the sale year."""
    LONG = "long"
    """長期譲渡所得."""
    LONG_REDUCED = "long_reduced"
    """長期 with the reduced rates for a home held over 10 years (軽減税率の特例)."""


class DistributionMode(StrEnum):
    """Whose rules divide the price among the lienholders (配分表)."""

    FULL_REPAYMENT = "full_repayment"
    """A normal sale: every claim is paid in full, the seller keeps the rest."""
    SHORT_SALE = "short_sale"
    """任意売却: the lender's deduction standard, the first lender takes what is left."""
    AUCTION = "auction"
    """競売: the court's costs first, then the liens by rank."""


class CostKey(StrEnum):
    """The items of a sale's costs, an auction's costs and the 配分表's deductions (JSON item keys)."""

    BROKERAGE_FEE = "brokerage_fee"
    """仲介手数料 (the legal cap)."""
    STAMP_DUTY = "stamp_duty"
    """印紙税 on the seller's copy of the sale contract."""
    LIEN_RELEASE_TAX = "lien_release_tax"
    """登録免許税 for releasing the mortgages (抵当権抹消)."""
    SCRIVENER_FEE = "scrivener_fee"
    """司法書士報酬 for the releases."""
    MOVING_COST = "moving_cost"
    """引越費用."""
    BANKRUPTCY_ESTATE = "bankruptcy_estate"
    """破産財団組入金 (a trustee's sale): capped at a share of the price in a short sale."""
    AUCTION_DEPOSIT = "auction_deposit"
    """予納金 of an auction."""
    FILING_FEE = "filing_fee"
    """申立手数料 of an auction."""
    SEIZURE_REGISTRATION_TAX = "seizure_registration_tax"
    """登録免許税 on the auction's seizure (差押登記)."""
    RELEASE_FEE = "release_fee"
    """抹消承諾料 (ハンコ代) a junior lienholder is allowed in a short sale."""
    TAX_SEIZURE_RELEASE = "tax_seizure_release"
    """差押解除費用 allowed to lift a tax seizure in a short sale."""
    SCRIVENER_FEE_EXCESS = "scrivener_fee_excess"
    """The scrivener's fee above the short-sale cap (paid by the seller)."""
    BANKRUPTCY_ESTATE_EXCESS = "bankruptcy_estate_excess"
    """The payment into the bankruptcy estate above the short-sale cap."""
    # Selling expenses given by the case (譲渡費用, 所得税基本通達33-7・33-8), issue 17 §1.11.
    SURVEY_COST = "survey_cost"
    """測量費."""
    DEMOLITION_COST = "demolition_cost"
    """取壊し費用 (to sell the land)."""
    EVICTION_FEE = "eviction_fee"
    """立退料 paid to a tenant."""
    CONTRACT_PENALTY = "contract_penalty"
    """違約金 to cancel an earlier contract and sell on better terms."""
    LEASEHOLD_TRANSFER_FEE = "leasehold_transfer_fee"
    """借地権の名義書換料."""
    OTHER_SELLING_EXPENSE = "other_selling_expense"
    """Another cost directly of the sale (広告料 …)."""


class ConsentRole(StrEnum):
    """Whose consent a short sale needs (任意売却の同意)."""

    OWNER = "owner"
    """所有者・共有者."""
    LIENHOLDER = "lienholder"
    """抵当権者."""
    GUARANTOR = "guarantor"
    """連帯保証人."""
    TAX_SEIZURE_HOLDER = "tax_seizure_holder"
    """差押権者."""


class ConsentStatus(StrEnum):
    """Whether one person has given the consent a short sale needs."""

    GIVEN = "given"
    REFUSED = "refused"
    UNKNOWN = "unknown"


class ValuationBasis(StrEnum):
    """What the home's central value comes from (査定の根拠)."""

    MARKET_VALUE = "market_value"
    """The market value the case gives."""
    APPRAISALS = "appraisals"
    """The median of the appraisals (査定額)."""
    ROAD_PRICE_AND_COST = "road_price_and_cost"
    """路線価 for the land and the building's depreciated replacement cost."""
    COMPARABLES = "comparables"
    """The median of comparable sales (取引事例), when the case gives no value at all."""
