"""Offers (買付申込・申出価格): a price a named buyer offered for one way out, on a date.

An offer replaces the practice ratio (``market.short_sale_price_ratio`` …) as the price of its
way out; the ratio overrides remain for the unusual case. Plain frozen data: which offer counts
(the latest dated one per way out) is decided here, the pricing in the engine's valuation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from zansai.model.checks import require_yen
from zansai.model.keys import ExitKey
from zansai.money import Yen

OFFER_EXITS = (ExitKey.NORMAL_SALE, ExitKey.SHORT_SALE, ExitKey.DEALER_PURCHASE, ExitKey.LEASEBACK)
"""The ways out a buyer can offer a price for (an auction's price is the court's; 売却＋自己資金 and
住み替え sell at the normal sale's price)."""


class PriceBasis(StrEnum):
    """Where a way out's price comes from (価格の根拠)."""

    OFFER = "offer"
    """An offer the case gives (申出価格)."""
    CENTRAL_VALUE = "central_value"
    """The home's central value itself (the valuation's basis says where that came from)."""
    RATIO = "ratio"
    """The central value × a practice ratio from the rule book (overridable)."""
    COURT_MODEL = "court_model"
    """The auction model: 売却基準価額, 買受可能価額 and the realized-price ratio."""


@dataclass(frozen=True, slots=True)
class Offer:
    """One offer: the way out, the price, the offer date, and the buyer if named."""

    exit: ExitKey
    price: Yen
    offered_on: date
    buyer: str = ""
    """買主・買取業者・投資家 (empty: not named)."""
    note: str = ""

    def __post_init__(self) -> None:
        require_yen("offers.price", self.price, minimum=1)

    def to_dict(self) -> dict[str, Any]:
        return {"exit": self.exit, "price": self.price, "date": self.offered_on.isoformat(),
                "buyer": self.buyer or None, "note": self.note or None}


def latest_offers(offers: Iterable[Offer]) -> dict[ExitKey, tuple[Offer, int]]:
    """Per way out, the latest dated offer and how many offers were given for it."""
    out: dict[ExitKey, tuple[Offer, int]] = {}
    for offer in offers:
        best, count = out.get(offer.exit, (offer, 0))
        out[offer.exit] = (offer if offer.offered_on >= best.offered_on else best, count + 1)
    return out
