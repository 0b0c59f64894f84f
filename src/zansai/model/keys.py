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

    @property
    def is_auction(self) -> bool:
        """A court sale (競売), under either price model."""
        return self in AUCTION_EXITS


AUCTION_EXITS = frozenset({ExitKey.AUCTION_COURT, ExitKey.AUCTION_SEED})
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


class DivisionMethod(StrEnum):
    """How separate money (特有財産) put into the home is credited in 財産分与."""

    TOKYO_RATIO = "tokyo_ratio"
    """時価按分方式 (東京家裁家事6部)."""
    NET_RATIO = "net_ratio"
    """純資産按分方式."""
    PURCHASE_SHARE = "purchase_share"
    """購入価格持分方式."""
    FACE_VALUE_SET_ASIDE = "face_value_set_aside"
    """額面控除方式."""
    FACE_VALUE_CREDIT = "face_value_credit"
    """額面精算方式."""
    REVALUED_CREDIT = "revalued_credit"
    """時価換算精算方式."""


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
