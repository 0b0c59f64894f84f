"""The low-cost brokerage special (低廉な空家等の特例, 報酬告示 第七), to the yen.

Sources: docs/sources/law-sale-costs.md §1.2 (the normal cap and its quick formula), §1.3 (the two
versions: 2018-01-01 to 2024-06-30 ≤ 400万円, seller only, normal fee + 現地調査等の費用 within
18万円 税抜; from 2024-07-01 ≤ 800万円, seller or buyer, 30万円 税抜), §0.1 (at 800万円 the normal
cap equals the special cap); docs/sources/law-updates-2026.md §9 (the 2018 version is the normal fee
plus the actual survey costs, not a flat 18万円; the date that picks the version is unconfirmed).
"""

from __future__ import annotations

from datetime import date

import pytest

from zansai.engine.sale import Channel, brokerage_fee_cap, sale_costs
from zansai.engine.sale.costs import brokerage_fee
from zansai.errors import InputError
from zansai.model import Property, PropertyKind, Structure
from zansai.model.sale_terms import BrokerageTerms, ClientSide, LowCostSpecial
from zansai.rules import RuleBook

BOOK = RuleBook.default()
OLD = date(2024, 6, 30)
"""The last day of the 2018 version (10% consumption tax)."""
NEW = date(2024, 7, 1)
"""The first day of the 2024 version."""


def _fee(price: int, on: date, survey: int = 0, *, side: ClientSide = ClientSide.SELLER,
         contract: date | None = None, consent: bool = True) -> int:
    special = LowCostSpecial(consent=consent, client_side=side, survey_costs=survey)
    return brokerage_fee_cap(price, on=on, book=BOOK, special=special,
                             brokerage_contract=contract).amount


def _house() -> Property:
    return Property(kind=PropertyKind.HOUSE, land_parcels=1, buildings=1,
                    acquired_on=date(2010, 4, 1), acquisition_price=10_000_000, land_price=None,
                    building_price=None, structure=Structure.WOOD, annual_property_tax=0)


# ------------------------------------------------------------------ 2018 version (§1.3)


@pytest.mark.parametrize(
    ("price", "survey", "expected"),
    [
        # 3,000,000: normal (3,000,000 × 4% + 20,000) = 140,000 税抜 → 154,000 税込
        (3_000_000, 0, 154_000),        # no survey costs: the special adds nothing
        (3_000_000, 30_000, 187_000),   # (140,000 + 30,000) × 1.1
        (3_000_000, 40_000, 198_000),   # 180,000 exactly at the cap → 198,000
        (3_000_000, 40_001, 198_000),   # survey costs pushing over the cap: capped at 180,000
        (3_000_000, 500_000, 198_000),
        # 2,000,000: normal 100,000 → 110,000; + 50,000 survey → 150,000 × 1.1
        (2_000_000, 50_000, 165_000),
        # 4,000,000 (the ceiling): normal 180,000 税抜 is already at the cap
        (4_000_000, 50_000, 198_000),
        # 4,000,001 is above the ceiling: normal (180,000.03 × 1.1 = 198,000.033) only
        (4_000_001, 50_000, 198_000),
        # 1,000,000: normal 50,000 → 55,000; + 100,000 survey → 150,000 → 165,000
        (1_000_000, 100_000, 165_000),
    ],
)
def test_2018_version_is_the_normal_fee_plus_survey_costs_within_18man(
        price: int, survey: int, expected: int) -> None:
    assert _fee(price, OLD, survey) == expected


def test_2018_version_ceiling_is_400man() -> None:
    """At 4,000,000 the special is in play; at 4,000,001 the note says the price is above it."""
    _, at = brokerage_fee(4_000_000, on=OLD, book=BOOK,
                          special=LowCostSpecial(consent=True, survey_costs=10_000))
    _, above = brokerage_fee(4_000_001, on=OLD, book=BOOK,
                             special=LowCostSpecial(consent=True, survey_costs=10_000))
    assert at is not None
    assert above is not None
    assert at.cap == 198_000
    assert at.applied is False
    assert above.cap == 198_000
    assert above.applied is False
    assert "above ¥4,000,000" in above.note[1]
    assert at.to_dict()["version_from"] == "2018-01-01"


def test_2018_version_seller_only_the_buyer_field_is_read() -> None:
    """告示「空家等の売主又は交換を行う者である依頼者に限る」: a buyer pays the normal cap."""
    assert _fee(3_000_000, OLD, 40_000, side=ClientSide.BUYER) == 154_000
    _, outcome = brokerage_fee(3_000_000, on=OLD, book=BOOK,
                               special=LowCostSpecial(consent=True, client_side=ClientSide.BUYER))
    assert outcome is not None
    assert "seller only" in outcome.note[1]


def test_2018_version_at_8_percent_and_before_it_existed() -> None:
    """2018-01-01 to 2019-09-30 at 8%: 180,000 × 1.08 = 194,400; on 2017-12-31 no special:
    (140,000) × 1.08 = 151,200."""
    assert _fee(3_000_000, date(2018, 1, 1), 40_000) == 194_400
    assert _fee(3_000_000, date(2019, 9, 30), 40_000) == 194_400
    assert _fee(3_000_000, date(2017, 12, 31), 40_000) == 151_200
    _, outcome = brokerage_fee(3_000_000, on=date(2017, 12, 31), book=BOOK,
                               special=LowCostSpecial(consent=True, survey_costs=40_000))
    assert outcome is not None
    assert outcome.version_from is None
    assert "did not exist yet" in outcome.note[1]


def test_no_consent_no_special() -> None:
    """The special needs the client's consent in advance (§1.3 手続)."""
    assert _fee(3_000_000, OLD, 40_000, consent=False) == 154_000
    assert _fee(5_000_000, NEW, consent=False) == 231_000


# ------------------------------------------------------------------ 2024 version (§1.3)


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (3_000_000, 330_000),   # 300,000 × 1.1 (normal 154,000)
        (5_000_000, 330_000),   # normal (5,000,000 × 3% + 60,000) × 1.1 = 231,000
        (7_999_999, 330_000),   # normal 329,999.967 → 329,999
        (8_000_000, 330_000),   # §0.1: normal = special = 330,000
        (8_000_001, 330_000),   # above the ceiling: normal 330,000.033 → 330,000
        (10_000_000, 396_000),  # normal only (360,000 × 1.1)
    ],
)
def test_2024_version_30man_up_to_800man(price: int, expected: int) -> None:
    assert _fee(price, NEW) == expected


def test_2024_version_ceiling_is_800man_and_survey_costs_are_not_added() -> None:
    _, at = brokerage_fee(7_999_999, on=NEW, book=BOOK, special=LowCostSpecial(consent=True))
    _, above = brokerage_fee(8_000_001, on=NEW, book=BOOK, special=LowCostSpecial(consent=True))
    assert at is not None
    assert at.applied is True
    assert at.cap == 330_000
    assert above is not None
    assert above.applied is False
    assert _fee(3_000_000, NEW, 100_000) == 330_000  # "費用を勘案して", not normal + costs


def test_2024_version_the_buyer_may_be_charged() -> None:
    assert _fee(3_000_000, NEW, side=ClientSide.BUYER) == 330_000


# ------------------------------------------------- which version: contract or settlement date


def test_version_keyed_on_the_brokerage_contract_date_when_given() -> None:
    """A brokerage contract of 2024-06-30 settled 2024-07-10 stays under the 2018 version."""
    settled = date(2024, 7, 10)
    assert _fee(5_000_000, settled, contract=OLD) == 231_000      # above 400万: normal
    assert _fee(3_000_000, settled, 20_000, contract=OLD) == 176_000  # (140,000 + 20,000) × 1.1
    assert _fee(3_000_000, settled, 20_000, contract=NEW) == 330_000
    assert _fee(3_000_000, date(2018, 1, 15), 40_000, contract=date(2017, 12, 31)) == 151_200
    assert _fee(3_000_000, date(2018, 1, 15), 40_000, contract=date(2018, 1, 1)) == 194_400


def test_version_keyed_on_the_settlement_without_a_contract_date_and_flagged() -> None:
    assert _fee(3_000_000, OLD, 20_000) == 176_000
    assert _fee(3_000_000, NEW, 20_000) == 330_000
    for contract in (None, OLD):
        costs = sale_costs(3_000_000, settlement=NEW, prop=_house(), liens_to_release=1,
                           channel=Channel.BROKERED, book=BOOK, moving_cost=0,
                           brokerage=BrokerageTerms(contract_date=contract,
                                                    low_cost_special=LowCostSpecial(consent=True)))
        record = costs.to_dict()["low_cost_special"]
        assert record["version_keying_unconfirmed"] is True
        assert record["keyed_on_date"] == ("settlement" if contract is None else "brokerage_contract")
        assert any("unconfirmed" in n[1] for n in costs.notes)
        expected = 330_000 if contract is None else 154_000
        assert costs.item("brokerage_fee").amount == expected  # type: ignore[union-attr]


def test_sale_costs_a_buyer_special_leaves_the_seller_at_the_normal_cap() -> None:
    costs = sale_costs(3_000_000, settlement=NEW, prop=_house(), liens_to_release=1,
                       channel=Channel.BROKERED, book=BOOK, moving_cost=0,
                       brokerage=BrokerageTerms(low_cost_special=LowCostSpecial(
                           consent=True, client_side=ClientSide.BUYER)))
    assert costs.item("brokerage_fee").amount == 154_000  # type: ignore[union-attr]
    assert costs.to_dict()["low_cost_special"]["cap"] == 330_000  # the buyer's cap
    assert costs.to_dict()["low_cost_special"]["client_side"] == "buyer"


def test_no_record_without_consent() -> None:
    costs = sale_costs(3_000_000, settlement=NEW, prop=_house(), liens_to_release=1,
                       channel=Channel.BROKERED, book=BOOK, moving_cost=0)
    assert "low_cost_special" not in costs.to_dict()


def test_negative_survey_costs_are_refused() -> None:
    with pytest.raises(InputError):
        LowCostSpecial(consent=True, survey_costs=-1)
