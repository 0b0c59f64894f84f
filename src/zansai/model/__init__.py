"""Core models: the home, its loans and liens, the household, a divorce, and the keys results use.

Frozen dataclasses with integer yen and exact rates, below the engine: they import nothing from
``zansai.engine``. The case file (``zansai.case``) validates raw input with pydantic and builds
these; each model checks its own invariants, so the engine never sees a broken value.
"""

from zansai.model.case import Case, TradeUp
from zansai.model.divorce import Contribution, ContributionKind, Divorce, OverloanView
from zansai.model.home import (
    Appraisal,
    Item,
    Lien,
    LienKind,
    Property,
    PropertyKind,
    ProrationStart,
    Structure,
)
from zansai.model.household import (
    Asset,
    AssetKind,
    Debt,
    DebtKind,
    Household,
    Person,
    ResidualOptions,
)
from zansai.model.keys import (
    AUCTION_EXITS,
    PRICED_EXITS,
    DistributionMode,
    ExitKey,
    HoldingClass,
    PropertyDivisionMethod,
    RouteKey,
)
from zansai.model.loan import (
    CONVENTIONS,
    HALF_UP,
    JP_FLOOR,
    PAYMENT_CEIL,
    Anchor,
    LateChargeBase,
    LenderType,
    Loan,
    Method,
    Prepayment,
    PrepaymentMode,
    RateChange,
    RoundingConvention,
)

__all__ = [
    "AUCTION_EXITS", "CONVENTIONS", "HALF_UP", "JP_FLOOR", "PAYMENT_CEIL", "PRICED_EXITS", "Anchor",
    "Appraisal", "Asset", "AssetKind", "Case", "Contribution", "ContributionKind", "Debt", "DebtKind",
    "DistributionMode", "Divorce", "ExitKey", "HoldingClass", "Household", "Item",
    "LateChargeBase", "LenderType", "Lien", "LienKind", "Loan", "Method", "OverloanView", "Person",
    "Prepayment", "PrepaymentMode", "Property", "PropertyDivisionMethod", "PropertyKind",
    "ProrationStart", "RateChange", "ResidualOptions", "RoundingConvention", "RouteKey", "Structure",
    "TradeUp",
]
