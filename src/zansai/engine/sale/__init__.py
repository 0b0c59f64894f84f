"""The seller's costs of a sale on the settlement date, and the creditor's costs of an auction.

Sale (``costs``): 仲介手数料 (the legal cap), 印紙税 on the seller's copy of the contract,
登録免許税 and 司法書士報酬 for releasing each mortgage, and the move. The 固定資産税・都市計画税
proration (``proration``) is money the buyer pays the seller at settlement, so it is reported
beside the costs, not in them. Unpaid management fees and taxes are claims on the price (the
distribution), not costs here.
The low-cost brokerage special (``low_cost``, 告示 第七) may raise the brokerage cap for a cheap
home; the case's other selling expenses (``expenses``: 測量費, 立退料 …) are sale costs too.
Auction (``auction``): 予納金, 申立手数料 and the seizure registration tax that the filing creditor
advances and recovers first out of the auction price (民事執行法).
"""

from zansai.engine.sale.auction import auction_costs
from zansai.engine.sale.costs import (
    Channel,
    SaleCosts,
    brokerage_fee_cap,
    lien_release_tax,
    sale_costs,
    scrivener_fee,
    stamp_duty,
)
from zansai.engine.sale.proration import ProrationResult, property_tax_proration

__all__ = [
    "Channel", "ProrationResult", "SaleCosts", "auction_costs", "brokerage_fee_cap",
    "lien_release_tax", "property_tax_proration", "sale_costs", "scrivener_fee", "stamp_duty",
]
