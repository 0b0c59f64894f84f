"""The seller's terms of a sale beyond its price: the brokerage contract (媒介契約) with the
low-cost special agreed in it, the other selling expenses (譲渡費用), and whether the sale
contract states its amount (印紙税)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model.checks import require_yen
from zansai.money import Yen


class ClientSide(StrEnum):
    """Which party to the sale is the broker's client (依頼者) whose fee is computed."""

    SELLER = "seller"
    """売主: the household selling the home (the fee is one of the sale's costs)."""
    BUYER = "buyer"
    """買主: the fee is the buyer's, so it is not a cost of the seller's sale."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LowCostSpecial:
    """低廉な空家等の特例 (報酬告示 第七) as the client agreed it at the brokerage contract.

    The special is a ceiling the broker may charge only after explaining it and agreeing it with
    the client in advance (事前の説明と合意); ``consent`` says that happened.
    """

    consent: bool = False
    """事前の説明と合意: the client agreed the special fee at the brokerage contract."""
    client_side: ClientSide = ClientSide.SELLER
    """Whose fee: the 2018 version lets only the seller be charged under it."""
    survey_costs: Yen = 0
    """現地調査等の費用 (tax-exclusive, actual): the 2018 version allows the normal fee plus
    these, together within its cap; the 2024 version caps the fee without adding them."""

    def __post_init__(self) -> None:
        require_yen("brokerage.survey_costs", self.survey_costs, minimum=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class BrokerageTerms:
    """The brokerage contract (媒介契約): its date and the low-cost special agreed in it."""

    contract_date: date | None = None
    """媒介契約日: which version of the special applies is keyed on it when given (the settlement
    date stands in otherwise; the transitional rule of 告示第949号 is unconfirmed)."""
    low_cost_special: LowCostSpecial = LowCostSpecial()


class SellingExpenseKind(StrEnum):
    """A selling expense other than brokerage and stamp duty that the NTA counts as 譲渡費用
    (所得税基本通達33-7・33-8, 国税庁タックスアンサー No.1440)."""

    SURVEY = "survey"
    """測量費: surveying the land to sell it (a cost directly of the sale)."""
    DEMOLITION = "demolition"
    """取壊し費用: demolishing the building to sell the land."""
    EVICTION = "eviction"
    """立退料: paid to a tenant to vacate the home to sell it."""
    CONTRACT_PENALTY = "contract_penalty"
    """違約金: paid to cancel an earlier sale contract to sell on better terms (net of the
    deposit received from that buyer)."""
    LEASEHOLD_TRANSFER_FEE = "leasehold_transfer_fee"
    """借地権の名義書換料: paid to the landowner for consent to sell a leasehold."""
    OTHER = "other"
    """その他 譲渡のために直接要した費用 (広告料 …): a note saying what it is is required."""


@dataclass(frozen=True, slots=True)
class SellingExpense:
    """One selling expense (譲渡費用) the seller pays for the sale."""

    kind: SellingExpenseKind
    amount: Yen
    note: str = ""

    def __post_init__(self) -> None:
        require_yen("selling_expenses.amount", self.amount, minimum=1)
        if self.kind is SellingExpenseKind.OTHER and not self.note.strip():
            raise DomainError.invalid("selling_expenses.note", self.note,
                                      msg("sale_terms.errors.other_needs_note"))
