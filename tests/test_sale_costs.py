"""The seller's costs of a sale and the creditor's costs of an auction, to the yen.

Sources: docs/sources/law-sale-costs.md §0, §1 (仲介手数料: 告示1552号 第二・第七),
§2 (印紙税, 措法91条), §3 (抵当権抹消の登録免許税, 司法書士報酬), §4.2 (日割り精算), §7.3 (競売費用);
docs/sources/law-updates-2026.md §3 (印紙税の軽減は 2027-03-31 作成分まで、以後は不明);
docs/sources/law-debt-divorce.md §4.5 (東京地裁の予納金, 3,000万円の請求債権で差押登記 12万円).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zansai.engine.sale import (
    Channel,
    auction_costs,
    brokerage_fee_cap,
    lien_release_tax,
    property_tax_proration,
    sale_costs,
    scrivener_fee,
    stamp_duty,
)
from zansai.errors import InputError
from zansai.model import Property, PropertyKind, ProrationStart, Structure
from zansai.rules import RuleBook

BOOK = RuleBook.default()
ON = date(2026, 11, 22)
DAY = timedelta(days=1)


def _fee(price: int, on: date = ON) -> int:
    return brokerage_fee_cap(price, on=on, book=BOOK).amount


def _house(annual_tax: int = 150_000, start: ProrationStart | None = None, parcels: int = 1,
           kind: PropertyKind = PropertyKind.HOUSE) -> Property:
    return Property(kind=kind, land_parcels=parcels, buildings=1, acquired_on=date(2010, 4, 1),
                    acquisition_price=40_000_000, land_price=None, building_price=None,
                    structure=Structure.WOOD, annual_property_tax=annual_tax,
                    proration_start=start)


# ------------------------------------------------------------------ brokerage (§1)


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (1_999_999, 109_999),   # §1.2: 109,999.945 → 109,999 (rounding up would exceed the cap)
        (2_000_000, 110_000),   # 2,000,000 × 5% × 1.1
        (4_000_000, 198_000),   # (4,000,000 × 4% + 20,000) × 1.1
        (4_000_001, 198_000),   # 180,000.03 × 1.1 = 198,000.033
        (30_000_000, 1_056_000),  # §0.1: (30,000,000 × 3% + 60,000) × 1.1
        (8_000_000, 330_000),   # §0.1: 300,000 × 1.1
        (1, 0),                 # 0.055 → 0
    ],
)
def test_brokerage_cap_at_10_percent(price: int, expected: int) -> None:
    assert _fee(price) == expected


def test_brokerage_cap_follows_the_consumption_tax_rate() -> None:
    """Tax-exclusive 960,000 on 30,000,000: ×1.05 (to 2014-03-31), ×1.08, ×1.10 (from 2019-10-01)."""
    assert _fee(30_000_000, date(2014, 3, 31)) == 1_008_000
    assert _fee(30_000_000, date(2014, 4, 1)) == 1_036_800
    assert _fee(30_000_000, date(2019, 9, 30)) == 1_036_800
    assert _fee(30_000_000, date(2019, 10, 1)) == 1_056_000


@given(st.integers(1, 2_000_000_000))
def test_brokerage_cap_matches_the_quick_formula(price: int) -> None:
    """速算式 (§1.2): price×5% / price×4%+20,000 / price×3%+60,000, × 1.1, floored."""
    if price <= 2_000_000:
        ex_tax_x100 = price * 5
    elif price <= 4_000_000:
        ex_tax_x100 = price * 4 + 2_000_000
    else:
        ex_tax_x100 = price * 3 + 6_000_000
    assert _fee(price) == ex_tax_x100 * 11 // 1000
    assert _fee(price) <= _fee(price + 1)


# The low-cost special (告示 第七) is tested in tests/test_low_cost_special.py.


# --------------------------------------------------------------------- stamp duty (§2)


@pytest.mark.parametrize(
    ("price", "on", "duty"),
    [
        (30_000_000, ON, 10_000),                 # §0.2: 軽減 10,000 (本則 20,000)
        (30_000_000, date(2027, 3, 31), 10_000),  # last day of the reduction
        (30_000_000, date(2027, 4, 1), 20_000),   # 本則 after it (unconfirmed)
        (10_000_000, ON, 5_000),
        (10_000_001, ON, 10_000),
        (50_000_000, ON, 10_000),
        (50_000_001, ON, 30_000),
        (30_000_000, date(2014, 3, 31), 15_000),  # 旧軽減
    ],
)
def test_stamp_duty(price: int, on: date, duty: int) -> None:
    assert stamp_duty(price, on=on, book=BOOK).amount == duty


def test_stamp_duty_after_2027_03_31_carries_its_caveat() -> None:
    """docs/sources/law-updates-2026.md §3: the extension beyond 2027-03-31 is 不明 — results must say so."""
    item = stamp_duty(30_000_000, on=date(2027, 4, 1), book=BOOK)
    assert item.step is not None
    assert item.step.note is not None
    assert "2027-03-31" in item.step.note[1]
    assert item.step.rules[0].caveat_ja
    assert stamp_duty(30_000_000, on=ON, book=BOOK).step.rules[0].caveat_ja is None  # type: ignore[union-attr]
    costs = sale_costs(30_000_000, settlement=date(2027, 5, 1), prop=_house(), liens_to_release=1,
                       channel=Channel.BROKERED, book=BOOK)
    assert any(n[1].startswith("stamp_duty.sale_contract:") for n in costs.notes)
    assert any("印紙税" in ja for ja, _ in costs.explain().caveats)
    assert costs.to_dict()["rules_used"][2]["caveat"]["en"]


def test_stamp_duty_uses_the_contract_date_when_given() -> None:
    costs = sale_costs(30_000_000, settlement=date(2027, 5, 1), prop=_house(), liens_to_release=1,
                       channel=Channel.BROKERED, book=BOOK, contract_date=date(2027, 3, 20))
    stamp = costs.item("stamp_duty")
    assert stamp is not None
    assert stamp.amount == 10_000
    assert not any("印紙税" in ja for ja, _ in costs.explain().caveats)
    with pytest.raises(InputError):
        sale_costs(30_000_000, settlement=ON, prop=_house(), liens_to_release=1,
                   channel=Channel.BROKERED, book=BOOK, contract_date=ON + DAY)


# ----------------------------------------------------- lien release and scrivener (§3)


@pytest.mark.parametrize(
    ("count", "liens", "tax"),
    [(2, 1, 2_000), (2, 2, 4_000), (3, 1, 3_000), (2, 0, 0), (20, 1, 20_000), (21, 1, 20_000),
     (25, 2, 40_000)],
)
def test_lien_release_tax(count: int, liens: int, tax: int) -> None:
    """§0.3/§3.1: 1,000円 per property; more than 20 in one application → 20,000円."""
    assert lien_release_tax(count, liens, on=ON, book=BOOK).amount == tax


def test_lien_release_tax_rejects_bad_counts() -> None:
    with pytest.raises(InputError):
        lien_release_tax(0, 1, on=ON, book=BOOK)
    with pytest.raises(InputError):
        lien_release_tax(2, -1, on=ON, book=BOOK)


def test_scrivener_fee_is_tax_exclusive_plus_consumption_tax() -> None:
    """The rule is 税抜 15,000円 per release (market practice, §3.3); the seller pays 消費税 on top."""
    assert BOOK.value("scrivener.lien_release_fee", ON) == 15_000
    assert scrivener_fee(1, on=ON, book=BOOK).amount == 16_500
    assert scrivener_fee(2, on=ON, book=BOOK).amount == 33_000
    assert scrivener_fee(1, on=date(2019, 9, 30), book=BOOK).amount == 16_200
    assert scrivener_fee(0, on=ON, book=BOOK).amount == 0
    book = BOOK.with_overrides({"scrivener.lien_release_fee": 10_001})
    assert scrivener_fee(1, on=ON, book=book).amount == 11_001  # 11,001.1 → 11,001


# -------------------------------------------------------------------- proration (§4.2)


def test_proration_january_1() -> None:
    """1/1 起算, settlement 2026-06-15: seller 1/1–6/14 = 165 days; 150,000 × 165 / 365 =
    67,808.2 → 67,808; the buyer pays 82,192 for 200 days."""
    p = property_tax_proration(150_000, date(2026, 6, 15), start=ProrationStart.JANUARY_1,
                               book=BOOK)
    assert (p.start, p.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert (p.seller_days, p.buyer_days, p.days_in_year) == (165, 200, 365)
    assert (p.seller_share, p.buyer_share) == (67_808, 82_192)


def test_proration_april_1() -> None:
    """4/1 起算: 2026-06-15 → 75 seller days (30,821 / 119,179); 2026-02-10 falls in the year
    from 2025-04-01 → 315 seller days (150,000 × 315 / 365 = 129,452.05 → 129,452 / 20,548)."""
    p = property_tax_proration(150_000, date(2026, 6, 15), start=ProrationStart.APRIL_1, book=BOOK)
    assert (p.start, p.end, p.seller_days) == (date(2026, 4, 1), date(2027, 3, 31), 75)
    assert (p.seller_share, p.buyer_share) == (30_821, 119_179)
    p = property_tax_proration(150_000, date(2026, 2, 10), start=ProrationStart.APRIL_1, book=BOOK)
    assert (p.start, p.end, p.seller_days, p.buyer_days) == (date(2025, 4, 1), date(2026, 3, 31),
                                                             315, 50)
    assert (p.seller_share, p.buyer_share) == (129_452, 20_548)


def test_proration_default_start_is_the_rule_books() -> None:
    p = property_tax_proration(150_000, date(2026, 6, 15), start=None, book=BOOK)
    assert p.start == date(2026, 1, 1)
    assert p.step.rules[0].key == "property_tax.proration_start"
    kansai = BOOK.with_overrides({"property_tax.proration_start": "april_1"})
    assert property_tax_proration(150_000, date(2026, 6, 15), start=None,
                                  book=kansai).seller_share == 30_821


def test_proration_on_the_start_day_the_buyer_pays_the_year() -> None:
    p = property_tax_proration(150_000, date(2026, 1, 1), start=ProrationStart.JANUARY_1, book=BOOK)
    assert (p.seller_days, p.seller_share, p.buyer_share) == (0, 0, 150_000)


def test_proration_leap_year() -> None:
    """2028 is a leap year. On the 365-day basis 2028-03-01 gives 60 seller days (with 2/29):
    150,000 × 60 / 365 = 24,657.5 → 24,657; on a 366-day contract 24,590.2 → 24,590."""
    p = property_tax_proration(150_000, date(2028, 3, 1), start=ProrationStart.JANUARY_1, book=BOOK)
    assert (p.seller_days, p.buyer_days, p.days_in_year) == (60, 306, 365)
    assert (p.seller_share, p.buyer_share) == (24_657, 125_343)
    assert p.step.note is not None
    assert "366 calendar days" in p.step.note[1]
    book = BOOK.with_overrides({"property_tax.proration_days_in_year": 366})
    p = property_tax_proration(150_000, date(2028, 3, 1), start=ProrationStart.JANUARY_1, book=book)
    assert (p.seller_share, p.buyer_share) == (24_590, 125_410)
    # Last day of a leap year on the 365 basis: the seller's 365 days are the whole year.
    p = property_tax_proration(150_000, date(2028, 12, 31), start=ProrationStart.JANUARY_1, book=BOOK)
    assert (p.seller_days, p.buyer_days, p.seller_share, p.buyer_share) == (365, 1, 150_000, 0)


def test_proration_rounding_rule() -> None:
    """100,000 × 2 / 365 = 547.9: 切捨て 547 (default), 四捨五入 548."""
    p = property_tax_proration(100_000, date(2026, 1, 3), start=ProrationStart.JANUARY_1, book=BOOK)
    assert (p.seller_share, p.buyer_share) == (547, 99_453)
    book = BOOK.with_overrides({"property_tax.proration_rounding": "half_up"})
    p = property_tax_proration(100_000, date(2026, 1, 3), start=ProrationStart.JANUARY_1, book=book)
    assert (p.seller_share, p.buyer_share) == (548, 99_452)
    bad = BOOK.with_overrides({"property_tax.proration_rounding": "ceil"})
    with pytest.raises(InputError):
        property_tax_proration(100_000, date(2026, 1, 3), start=ProrationStart.JANUARY_1, book=bad)


@given(st.integers(0, 5_000_000), st.dates(date(2014, 4, 1), date(2035, 12, 31)),
       st.sampled_from(ProrationStart), st.sampled_from(["floor", "half_up"]))
def test_proration_shares_add_up_and_grow_with_the_date(annual: int, settlement: date,
                                                        start: ProrationStart,
                                                        rounding: str) -> None:
    book = BOOK.with_overrides({"property_tax.proration_rounding": rounding})
    p = property_tax_proration(annual, settlement, start=start, book=book)
    assert p.seller_share + p.buyer_share == annual
    assert 0 <= p.seller_share <= annual
    assert p.start <= settlement <= p.end
    assert p.seller_days + p.buyer_days == (p.end - p.start).days + 1
    later = settlement + DAY
    if later <= p.end:
        q = property_tax_proration(annual, later, start=start, book=book)
        assert q.start == p.start
        assert q.seller_share >= p.seller_share


# ----------------------------------------------------------------- the sale's costs


def test_brokered_sale_costs() -> None:
    """30,000,000 settled 2026-06-15, house (1 parcel + 1 building), one mortgage:
    1,056,000 + 10,000 + 2,000 + 16,500 + 200,000 (moving placeholder) = 1,284,500."""
    costs = sale_costs(30_000_000, settlement=date(2026, 6, 15), prop=_house(),
                       liens_to_release=1, channel=Channel.BROKERED, book=BOOK)
    assert [(i.key, i.amount) for i in costs.items] == [
        ("brokerage_fee", 1_056_000), ("stamp_duty", 10_000), ("lien_release_tax", 2_000),
        ("scrivener_fee", 16_500), ("moving_cost", 200_000)]
    assert costs.total == 1_284_500
    assert costs.proration is not None
    assert costs.proration.buyer_share == 82_192
    assert costs.item("brokerage_fee") is not None
    assert costs.item("nothing") is None
    assert costs.channel is Channel.BROKERED


def test_direct_sale_has_no_brokerage_fee() -> None:
    """Dealer purchase / leaseback (§8.2): no agent. A leaseback passes moving_cost=0."""
    costs = sale_costs(21_000_000, settlement=date(2026, 6, 15), prop=_house(),
                       liens_to_release=1, channel=Channel.DIRECT, book=BOOK)
    assert costs.item("brokerage_fee") is None
    assert costs.total == 10_000 + 2_000 + 16_500 + 200_000
    leaseback = sale_costs(22_500_000, settlement=date(2026, 6, 15), prop=_house(),
                           liens_to_release=1, channel=Channel.DIRECT, book=BOOK, moving_cost=0)
    assert leaseback.total == 28_500


def test_condo_on_two_parcels_and_two_liens() -> None:
    """Unit + 2 site parcels = 3 properties → 3,000 per lien; two liens → 6,000 and 33,000."""
    costs = sale_costs(30_000_000, settlement=ON, prop=_house(parcels=2, kind=PropertyKind.CONDO),
                       liens_to_release=2, channel=Channel.BROKERED, book=BOOK, moving_cost=150_000)
    assert costs.item("lien_release_tax").amount == 6_000  # type: ignore[union-attr]
    assert costs.item("scrivener_fee").amount == 33_000  # type: ignore[union-attr]
    assert costs.total == 1_056_000 + 10_000 + 6_000 + 33_000 + 150_000


def test_moving_cost_default_is_overridable() -> None:
    book = BOOK.with_overrides({"market.moving_cost": 120_000})
    costs = sale_costs(30_000_000, settlement=ON, prop=_house(), liens_to_release=1,
                       channel=Channel.BROKERED, book=book)
    assert costs.item("moving_cost").amount == 120_000  # type: ignore[union-attr]


def test_no_proration_without_a_tax_amount() -> None:
    costs = sale_costs(30_000_000, settlement=ON, prop=_house(annual_tax=0), liens_to_release=1,
                       channel=Channel.BROKERED, book=BOOK)
    assert costs.proration is None


def test_sale_costs_rejects_auction_and_bad_input() -> None:
    with pytest.raises(InputError) as err:
        sale_costs(30_000_000, settlement=ON, prop=_house(), liens_to_release=1,
                   channel=Channel.AUCTION, book=BOOK)
    assert err.value.field == "sale.channel"
    with pytest.raises(InputError):
        sale_costs(0, settlement=ON, prop=_house(), liens_to_release=1, channel=Channel.DIRECT,
                   book=BOOK)
    with pytest.raises(InputError):
        sale_costs(1_000_000, settlement=ON, prop=_house(), liens_to_release=1,
                   channel=Channel.DIRECT, book=BOOK, moving_cost=-1)


def _json_only(obj: Any) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            assert isinstance(k, str)
            _json_only(v)
    elif isinstance(obj, list):
        for v in obj:
            _json_only(v)
    else:
        assert obj is None or (isinstance(obj, str | int | bool) and not isinstance(obj, Decimal))


def test_to_dict_and_explain() -> None:
    costs = sale_costs(30_000_000, settlement=date(2026, 6, 15), prop=_house(),
                       liens_to_release=1, channel=Channel.BROKERED, book=BOOK)
    data = costs.to_dict()
    _json_only(data)
    assert json.loads(json.dumps(data))["total"] == 1_284_500
    assert data["proration"]["buyer_share"] == 82_192
    assert data["items"][0]["why"]["inputs"]["brokerage_service_date"] == "2026-06-15"
    assert data["items"][1]["why"]["inputs"]["document_date"] == "2026-06-15"
    assert data["items"][2]["why"]["inputs"]["registration_date"] == "2026-06-15"
    explanation = costs.explain()
    assert [s.name for s in explanation.steps] == [
        "brokerage_fee", "stamp_duty", "lien_release_tax", "scrivener_fee", "moving_cost",
        "property_tax_proration"]
    keys = [r.key for r in costs.rules_used]
    assert len(keys) == len(set(keys))  # each rule once (one date per sale)


# ---------------------------------------------------------------- auction costs (§7.3)


def test_auction_costs_30_million() -> None:
    """docs/sources/law-debt-divorce.md §4.5: 予納金 1,000,000 (2,000万〜5,000万円未満), 申立手数料 4,000,
    差押登記 30,000,000 × 4/1000 = 120,000 (ichitori.co.jp example)."""
    costs = auction_costs(30_000_000, filing=ON, liens=1, book=BOOK)
    assert [(i.key, i.amount) for i in costs.items] == [
        ("auction_deposit", 1_000_000), ("filing_fee", 4_000),
        ("seizure_registration_tax", 120_000)]
    assert costs.total == 1_124_000
    assert costs.channel is Channel.AUCTION
    assert costs.proration is None
    assert costs.price == 30_000_000
    assert costs.settlement == ON
    _json_only(costs.to_dict())


@pytest.mark.parametrize(
    ("claim", "filing", "deposit"),
    [
        (19_999_999, date(2020, 4, 1), 800_000),
        (19_999_999, date(2020, 3, 31), 600_000),
        (20_000_000, date(2020, 4, 1), 1_000_000),
        (49_999_999, ON, 1_000_000),
        (50_000_000, ON, 1_500_000),
        (99_999_999, ON, 1_500_000),
        (100_000_000, ON, 2_000_000),
    ],
)
def test_auction_deposit_tokyo(claim: int, filing: date, deposit: int) -> None:
    """東京地裁: < 2,000万 80万 (60万 for filings to 2020-03-31), < 5,000万 100万, < 1億 150万, else 200万."""
    assert auction_costs(claim, filing=filing, liens=1, book=BOOK).item(
        "auction_deposit").amount == deposit  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("claim", "tax"),
    [
        (12_345_678, 49_300),  # base 12,345,000 × 0.004 = 49,380 → 49,300
        (100_000, 1_000),      # 400 → minimum 1,000 (登録免許税法19条)
        (250_999, 1_000),      # base 250,000 → 1,000
        (300_999, 1_200),      # base 300,000 → 1,200
        (25_999, 1_000),       # base 25,000 → 100 → 1,000
    ],
)
def test_seizure_registration_tax_rounding(claim: int, tax: int) -> None:
    """§7.3: 請求債権額（1,000円未満切捨て）× 4/1000（100円未満切捨て）, at least 1,000円."""
    assert auction_costs(claim, filing=ON, liens=1, book=BOOK).item(
        "seizure_registration_tax").amount == tax  # type: ignore[union-attr]


def test_auction_filing_fee_per_lien_and_bad_input() -> None:
    assert auction_costs(30_000_000, filing=ON, liens=2, book=BOOK).item(
        "filing_fee").amount == 8_000  # type: ignore[union-attr]
    with pytest.raises(InputError):
        auction_costs(30_000_000, filing=ON, liens=0, book=BOOK)
    with pytest.raises(InputError):
        auction_costs(0, filing=ON, liens=1, book=BOOK)
