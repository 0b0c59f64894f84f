"""Selling expenses the case gives (譲渡費用 other than brokerage and stamp duty).

所得税基本通達33-7・33-8 and 国税庁タックスアンサー No.1440 count as 譲渡費用 the costs directly
of the sale: 測量費, 取壊し費用 (to sell the land), 立退料, the 違約金 paid to cancel an earlier
contract to sell on better terms, the 借地権 名義書換料, and other direct costs (広告料 …). Costs of
keeping the home (修繕費, 固定資産税), the 抵当権抹消 (a cost of repaying the loan) and the move are
not. The seller pays them for the sale, so they are sale costs: a normal sale pays them out of
the price; a short sale's lender does not allow them, so the seller pays them from other money.
"""

from __future__ import annotations

from collections.abc import Sequence

from zansai.messages import msg
from zansai.model import Item
from zansai.model.keys import CostKey
from zansai.model.sale_terms import SellingExpense, SellingExpenseKind
from zansai.money import format_yen
from zansai.trace import Step

KEY_OF = {
    SellingExpenseKind.SURVEY: CostKey.SURVEY_COST,
    SellingExpenseKind.DEMOLITION: CostKey.DEMOLITION_COST,
    SellingExpenseKind.EVICTION: CostKey.EVICTION_FEE,
    SellingExpenseKind.CONTRACT_PENALTY: CostKey.CONTRACT_PENALTY,
    SellingExpenseKind.LEASEHOLD_TRANSFER_FEE: CostKey.LEASEHOLD_TRANSFER_FEE,
    SellingExpenseKind.OTHER: CostKey.OTHER_SELLING_EXPENSE,
}
"""The cost item each kind becomes (one item per kind, the amounts added)."""

SELLING_EXPENSE_COST_KEYS = tuple(KEY_OF.values())
"""The cost items that are 譲渡費用 besides the brokerage fee and the stamp duty."""


def selling_expense_items(expenses: Sequence[SellingExpense]) -> list[Item]:
    """One cost item per kind, in the order of ``SellingExpenseKind``, with each entry listed."""
    items: list[Item] = []
    for kind, key in KEY_OF.items():
        entries = [e for e in expenses if e.kind is kind]
        if not entries:
            continue
        total = sum(e.amount for e in entries)
        inputs = {f"{i + 1}": format_yen(e.amount) + (f" ({e.note})" if e.note else "")
                  for i, e in enumerate(entries)}
        label = msg(f"sale_terms.items.{kind.value}")
        step = Step(name=key, label=label, formula="sum of the amounts given by the case",
                    inputs=inputs, result=format_yen(total),
                    note=msg(f"sale_terms.expense_notes.{kind.value}"))
        items.append(Item(key, label[0], label[1], total, step))
    return items
