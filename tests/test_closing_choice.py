"""A sale that may be short (任意売却) builds one 配分表: whether the full repayment would leave
debt is decided from the totals (``repays_everyone``), and must agree with the full repayment
waterfall itself (docs/sources/law-sale-costs.md §8.1: costs first, then the liens by rank).
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from zansai.engine.distribution import LienClaim, allocate
from zansai.engine.exits.closing import repays_everyone
from zansai.engine.exits.context import Claims
from zansai.model import Item
from zansai.rules import RuleBook

ON = date(2026, 6, 30)
BOOK = RuleBook.default()
YEN = st.integers(min_value=0, max_value=60_000_000)


def _claims(liens: list[LienClaim], association: int, tax: int) -> Claims:
    return Claims(tuple(liens), {}, association, tax, ())


def _full_leaves_no_debt(price: int, costs: list[Item], claims: Claims) -> bool:
    return allocate(price, costs=costs, liens=claims.liens, association_claim=claims.association,
                    tax_claim=claims.tax, annual_property_tax=0, settlement=ON, book=BOOK,
                    short_sale=False).remaining_debt == 0


@given(price=YEN, costs=st.lists(YEN, max_size=4),
       liens=st.lists(st.tuples(YEN, st.booleans()), max_size=3),
       association=st.integers(0, 2_000_000), tax=st.integers(0, 2_000_000))
def test_same_answer_as_the_full_waterfall(price: int, costs: list[int],
                                           liens: list[tuple[int, bool]], association: int,
                                           tax: int) -> None:
    items = [Item(f"c{i}", "費用", "cost", a) for i, a in enumerate(costs)]
    claims = _claims([LienClaim(i + 1, f"L{i}", c, c, is_tax_seizure=seized)
                      for i, (c, seized) in enumerate(liens)], association, tax)
    assert repays_everyone(price, items, claims) == _full_leaves_no_debt(price, items, claims)


def test_the_edges() -> None:
    """Price 30,000,000 − costs 1,000,000 against a 29,000,000 loan: repaid to the yen; one yen
    less owed to the association on top leaves debt; costs above the price with nothing owed
    leave none."""
    lien = [LienClaim(1, "A銀行", 29_000_000, 28_000_000)]
    cost = [Item("brokerage_fee", "仲介手数料", "Brokerage fee", 1_000_000)]
    assert repays_everyone(30_000_000, cost, _claims(lien, 0, 0))
    assert not repays_everyone(30_000_000, cost, _claims(lien, 1, 0))
    assert not repays_everyone(29_999_999, cost, _claims(lien, 0, 0))
    assert repays_everyone(500_000, cost, _claims([], 0, 0))
    for price, claims in [(30_000_000, _claims(lien, 0, 0)), (30_000_000, _claims(lien, 1, 0))]:
        assert repays_everyone(price, cost, claims) == _full_leaves_no_debt(price, cost, claims)
