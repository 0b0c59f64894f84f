"""Core models: the home, its loans and liens, the household, a divorce, and the keys results use.

Frozen dataclasses with integer yen and exact rates, below the engine: they import nothing from
``zansai.engine``. The case file (``zansai.case``) validates raw input with pydantic and builds
these; each model checks its own invariants, so the engine never sees a broken value.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_WHERE = {
    "AUCTION_EXITS": "zansai.model.keys",
    "KEEP_HOME_EXITS": "zansai.model.keys",
    "Anchor": "zansai.model.loan",
    "Appraisal": "zansai.model.home",
    "Asset": "zansai.model.household",
    "AuctionFiling": "zansai.model.case",
    "AssetKind": "zansai.model.household",
    "CONVENTIONS": "zansai.model.loan",
    "Case": "zansai.model.case",
    "Contribution": "zansai.model.divorce",
    "ContributionKind": "zansai.model.divorce",
    "Debt": "zansai.model.household",
    "DebtKind": "zansai.model.household",
    "DistributionMode": "zansai.model.keys",
    "Divorce": "zansai.model.divorce",
    "ExitKey": "zansai.model.keys",
    "HALF_UP": "zansai.model.loan",
    "HoldingClass": "zansai.model.keys",
    "Household": "zansai.model.household",
    "Item": "zansai.model.home",
    "JP_FLOOR": "zansai.model.loan",
    "LateChargeBase": "zansai.model.loan",
    "LenderType": "zansai.model.loan",
    "Lien": "zansai.model.home",
    "LienKind": "zansai.model.home",
    "Loan": "zansai.model.loan",
    "Method": "zansai.model.loan",
    "OverloanView": "zansai.model.divorce",
    "PAYMENT_CEIL": "zansai.model.loan",
    "PRICED_EXITS": "zansai.model.keys",
    "Person": "zansai.model.household",
    "Prepayment": "zansai.model.loan",
    "PrepaymentMode": "zansai.model.loan",
    "Property": "zansai.model.home",
    "PropertyDivisionMethod": "zansai.model.keys",
    "PropertyKind": "zansai.model.home",
    "ProrationStart": "zansai.model.home",
    "RateChange": "zansai.model.loan",
    "ResidualOptions": "zansai.model.household",
    "RoundingConvention": "zansai.model.loan",
    "RouteKey": "zansai.model.keys",
    "Structure": "zansai.model.home",
    "TradeUp": "zansai.model.case",
}
"""Each public name and its module: a name loads its module on first use, so importing
``zansai.model.loan`` (what a loan schedule needs) does not build every model."""


__all__ = [
    "AUCTION_EXITS", "CONVENTIONS", "HALF_UP", "JP_FLOOR", "KEEP_HOME_EXITS", "PAYMENT_CEIL",
    "PRICED_EXITS", "Anchor",
    "Appraisal", "Asset", "AssetKind", "AuctionFiling", "Case", "Contribution", "ContributionKind",
    "Debt", "DebtKind",
    "DistributionMode", "Divorce", "ExitKey", "HoldingClass", "Household", "Item",
    "LateChargeBase", "LenderType", "Lien", "LienKind", "Loan", "Method", "OverloanView", "Person",
    "Prepayment", "PrepaymentMode", "Property", "PropertyDivisionMethod", "PropertyKind",
    "ProrationStart", "RateChange", "ResidualOptions", "RoundingConvention", "RouteKey", "Structure",
    "TradeUp",
]

if TYPE_CHECKING:
    from zansai.model.case import AuctionFiling, Case, TradeUp
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
        KEEP_HOME_EXITS,
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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'zansai.model' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
