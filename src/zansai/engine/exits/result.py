"""What every way out answers, and its labels: ``ExitResult`` and each lender's ``LenderOutcome``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zansai.engine.distribution import ConsentCheck, Distribution
from zansai.engine.sale import SaleCosts
from zansai.messages import msg
from zansai.model import ExitKey
from zansai.model.offers import Offer, PriceBasis
from zansai.money import Yen
from zansai.trace import Step, Text, text_dict

EXIT_LABELS: dict[ExitKey, Text] = {
    ExitKey.NORMAL_SALE: msg("exits.labels.normal_sale"),
    ExitKey.SALE_WITH_SAVINGS: msg("exits.labels.sale_with_savings"),
    ExitKey.TRADE_UP: msg("exits.labels.trade_up"),
    ExitKey.SHORT_SALE: msg("exits.labels.short_sale"),
    ExitKey.DEALER_PURCHASE: msg("exits.labels.dealer_purchase"),
    ExitKey.LEASEBACK: msg("exits.labels.leaseback"),
    ExitKey.AUCTION_COURT: msg("exits.labels.auction_court"),
    ExitKey.AUCTION_SEED: msg("exits.labels.auction_seed"),
    ExitKey.KEEP_PAYING: msg("exits.labels.keep_paying"),
    ExitKey.KEEP_HOME_REHABILITATION: msg("keep_home.label"),
    ExitKey.RESCHEDULE: msg("exits.labels.reschedule"),
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
    price_basis: PriceBasis | None = None
    """Where the price comes from (an offer, the central value, a ratio, the court model); None:
    nothing is sold."""
    offer: Offer | None = None
    """The offer that is the price, when ``price_basis`` is ``offer``."""

    @property
    def costs_from_price(self) -> Yen:
        """The costs taken from the price (price − net proceeds); the rest of ``costs_total`` is paid
        in cash at closing."""
        return self.price - self.net_proceeds

    @property
    def repaid_to_lenders(self) -> Yen:
        """What the net proceeds pay to the lenders and the other claimants (net proceeds − surplus)."""
        return self.net_proceeds - self.surplus

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
            "price_basis": self.price_basis,
            "offer": self.offer.to_dict() if self.offer is not None else None,
        }
        if self.costs is not None:
            out["costs"] = self.costs.to_dict()
        if self.distribution is not None:
            out["distribution"] = self.distribution.to_dict()
        return out

