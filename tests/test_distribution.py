"""The 配分表 (distribution of the sale price) in a normal sale and in a short sale.

Sources: the JHF deduction criteria in docs/sources/law-sale-costs.md §8.1 and
docs/sources/law-debt-divorce.md §3.6 (confirmed as a mechanism in docs/sources/law-updates-2026.md §7,
amounts medium); consents in docs/sources/law-debt-divorce.md §8 and 記事1, docs/sources/seed1-short-sale.md
(「連帯保証人の同意が必要」, 「金融機関の同意が得られれば、引っ越し費用なども売却金額から捻出できます」).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zansai.engine.distribution import (
    Distribution,
    LienClaim,
    Party,
    allocate,
    lender_refusal_risk,
    release_fee,
    required_consents,
    tax_seizure_release,
)
from zansai.errors import InputError
from zansai.model import Item
from zansai.rules import RuleBook

ON = date(2026, 6, 30)
BOOK = RuleBook.default()


def _item(key: str, amount: int) -> Item:
    return Item(key, key, key, amount)


def _allocate(price: int, **kw: object) -> Distribution:
    args: dict[str, object] = {"costs": (), "liens": (), "association_claim": 0, "tax_claim": 0,
                               "annual_property_tax": 0, "settlement": ON, "book": BOOK,
                               "short_sale": False}
    args.update(kw)
    return allocate(price, **args)  # type: ignore[arg-type]


# ----------------------------------------------------------------- JHF caps (§8.1, §3.6)


@pytest.mark.parametrize(("rank", "principal", "fee"), [
    (2, 2_000_000, 200_000),   # 1割 is lower than the 30万円 cap
    (2, 3_000_000, 300_000),   # exactly at the cap
    (2, 5_000_000, 300_000),   # capped at 30万円
    (2, 1_234_567, 123_456),   # 123,456.7 → 1円未満切捨て
    (3, 5_000_000, 200_000),   # 第3順位: 20万円
    (3, 1_500_000, 150_000),
    (4, 5_000_000, 100_000),   # 第4順位以下: 10万円
    (5, 5_000_000, 100_000),   # rank 5 uses the rank-4 row
    (5, 999_999, 99_999),
    (1, 5_000_000, 0),         # the first lien gets no release fee
])
def test_release_fee(rank: int, principal: int, fee: int) -> None:
    """ハンコ代 = min(30万/20万/10万円, 残元金の1割) (docs/sources/law-sale-costs.md §8.1;
    docs/sources/law-debt-divorce.md §3.6)."""
    assert release_fee(rank, principal, book=BOOK, on=ON).amount == fee


@pytest.mark.parametrize(("annual", "allowed"), [(80_000, 80_000), (100_000, 100_000),
                                                 (150_000, 100_000), (0, 0)])
def test_tax_seizure_release(annual: int, allowed: int) -> None:
    """差押解除: min(10万円, 固都税1年分) (docs/sources/law-sale-costs.md §8.1)."""
    assert tax_seizure_release(annual, book=BOOK, on=ON).amount == allowed


# ----------------------------------------------------------------- worked 配分表


def _worked() -> Distribution:
    """A 20,000,000円 short sale of a condo, built and checked by hand.

    仲介手数料 (20,000,000×3%+60,000)×1.1 = 726,000 (docs/sources/law-sale-costs.md §1.2, 全額控除 §8.1);
    抹消の登録免許税 2 liens × 2 properties × 1,000 = 4,000 (§3.1, 全額);
    司法書士報酬 44,000 charged, cap 10,000 × 2 mortgages = 20,000 (1債権 reading; the seizure is
    released at the tax office's request), 24,000 by the seller;
    印紙税 10,000 (軽減, §2.1) not deductible → seller;
    第2順位 B銀行 principal 2,800,000 → min(300,000, 280,000) = 280,000;
    管理費滞納 900,000, monthly 12,000 → cap 5 × 12 × 12,000 = 720,000;
    第3順位 差押 A市, 固都税 120,000 → min(100,000, 120,000) = 100,000;
    引越費用 150,000 (lender agreed);
    控除計 2,000,000 → 第1順位 20,000,000 − 2,000,000 = 18,000,000 of 24,000,000.
    """
    return _allocate(
        20_000_000, short_sale=True, moving_allowance=150_000, monthly_management_fee=12_000,
        costs=[Item("brokerage_fee", "仲介手数料", "Brokerage fee", 726_000),
               Item("lien_release_tax", "抵当権抹消登記費用", "Lien release registration tax", 4_000),
               Item("scrivener_fee", "司法書士報酬", "Scrivener's fee", 44_000),
               Item("stamp_duty", "印紙税", "Stamp duty", 10_000)],
        liens=[LienClaim(1, "住宅金融支援機構", 24_000_000, 23_500_000),
               LienClaim(2, "B銀行", 3_000_000, 2_800_000),
               LienClaim(3, "A市", 450_000, 450_000, is_tax_seizure=True)],
        association_claim=900_000, tax_claim=60_000, annual_property_tax=120_000,
    )


def test_worked_short_sale_table() -> None:
    d = _worked()
    assert [(r["label_ja"], r["amount"]) for r in d.table()] == [
        ("売買代金", 20_000_000),
        ("仲介手数料", 726_000),
        ("抵当権抹消登記費用", 4_000),
        ("司法書士報酬", 20_000),
        ("第2順位 抹消承諾料（B銀行）", 280_000),
        ("滞納管理費等", 720_000),
        ("差押解除費用（A市）", 100_000),
        ("引越費用", 150_000),
        ("第1順位 返済額（住宅金融支援機構）", 18_000_000),
        ("第1順位 抵当権（住宅金融支援機構） 残債", 6_000_000),
        ("第2順位 抵当権（B銀行） 残債", 2_720_000),
        ("第3順位 差押（A市） 残債", 350_000),
        ("滞納管理費・修繕積立金 残", 180_000),
        ("滞納税（差押なし） 残", 60_000),
        ("売主手取り", 0),
        ("別途 売主負担: 司法書士報酬（控除上限超過分）", 24_000),
        ("別途 売主負担: 印紙税", 10_000),
    ]
    assert all(set(r) - {"label_id"} == {"label_ja", "label_en", "amount", "note"} for r in d.table())


def test_worked_short_sale_lines_and_warnings() -> None:
    d = _worked()
    assert d.mode == "short_sale"
    assert d.paid_total == 20_000_000
    assert d.paid_to(Party.LENDER) == 18_000_000
    assert d.paid_to(Party.JUNIOR_LIENHOLDER, "B銀行") == 280_000
    assert d.paid_to(Party.TAX_OFFICE) == 100_000
    assert d.paid_to(Party.SELLER) == 150_000            # the moving allowance only
    assert d.paid_to(Party.SELLER, "proceeds") == 0
    assert d.remaining_debt == 6_000_000 + 2_720_000 + 350_000 + 180_000 + 60_000
    assert sum(it.amount for it in d.out_of_pocket) == 34_000
    en = " ".join(w[1] for w in d.warnings)
    assert "per lien" in en
    assert "per parcel" in en
    # moving costs (記事1 (docs/sources/seed1-short-sale.md §3))
    assert "the lender must agree" in en
    assert "¥34,000" in en                               # paid by the seller separately
    assert "¥180,000" in en                             # fees beyond 5 years
    assert "stay owed" in en                             # unpaid taxes without a seizure
    keys = {r.key for r in d.rules_used}
    assert keys == {"short_sale.jhf_release_fees", "short_sale.jhf_tax_seizure_release_cap",
                    "short_sale.jhf_management_arrears_years", "short_sale.jhf_moving_cost_allowed",
                    "short_sale.jhf_scrivener_fee_cap", "short_sale.jhf_stamp_duty_deductible"}
    out = json.loads(json.dumps(d.to_dict()))
    assert out["paid_total"] == 20_000_000
    assert len(out["table"]) == 17
    assert len(d.explain().steps) == len(d.lines) + len(d.out_of_pocket)


# ----------------------------------------------------------------- normal sale


def test_full_repayment_waterfall() -> None:
    """Strict priority: costs, liens by rank, association, taxes, then the seller."""
    d = _allocate(
        30_000_000,
        costs=[_item("brokerage_fee", 1_056_000), _item("lien_release_tax", 4_000),
               _item("scrivener_fee", 22_000), _item("stamp_duty", 10_000)],
        liens=[LienClaim(2, "B", 3_000_000, 2_900_000), LienClaim(1, "A", 20_000_000, 19_800_000)],
        association_claim=200_000, tax_claim=100_000,
    )
    assert d.mode == "full_repayment"
    assert [(ln.name, ln.paid) for ln in d.lines] == [
        ("brokerage_fee", 1_056_000), ("lien_release_tax", 4_000), ("scrivener_fee", 22_000),
        ("stamp_duty", 10_000), ("A", 20_000_000), ("B", 3_000_000), ("association", 200_000),
        ("unpaid_taxes", 100_000), ("proceeds", 5_608_000)]
    assert d.lines[4].party is Party.LENDER
    assert d.lines[5].party is Party.JUNIOR_LIENHOLDER
    assert d.warnings == ()
    assert d.remaining_debt == 0
    assert d.out_of_pocket == ()
    assert d.table()[-1] == {"label_ja": "売主手取り", "label_en": "Seller's proceeds",
                             "amount": 5_608_000, "note": "", "label_id": "distribution.lines.proceeds"}


def test_full_repayment_overloan_warns() -> None:
    d = _allocate(15_000_000, costs=[_item("brokerage_fee", 561_000)],
                  liens=[LienClaim(1, "A", 20_000_000, 19_000_000), LienClaim(2, "B", 1_000_000, 900_000)])
    assert d.paid_to(Party.LENDER) == 14_439_000
    assert d.paid_to(Party.JUNIOR_LIENHOLDER) == 0
    assert d.remaining_debt == 20_000_000 - 14_439_000 + 1_000_000
    assert "¥6,561,000" in d.warnings[0][1]
    assert "overloan" in d.warnings[0][1]


def test_tax_seizure_takes_its_rank_in_full_repayment() -> None:
    d = _allocate(10_000_000, liens=[LienClaim(1, "A", 8_000_000, 8_000_000),
                                     LienClaim(2, "市", 3_000_000, 3_000_000, is_tax_seizure=True),
                                     LienClaim(3, "B", 1_000_000, 1_000_000)])
    assert [(ln.party, ln.paid) for ln in d.lines] == [
        (Party.LENDER, 8_000_000), (Party.TAX_OFFICE, 2_000_000), (Party.JUNIOR_LIENHOLDER, 0),
        (Party.SELLER, 0)]


# ----------------------------------------------------------------- short-sale details


def test_short_sale_price_below_deductions_pays_in_order() -> None:
    d = _allocate(500_000, short_sale=True, costs=[_item("brokerage_fee", 400_000)],
                  liens=[LienClaim(1, "A", 9_000_000, 9_000_000), LienClaim(2, "B", 5_000_000, 5_000_000)])
    assert [ln.paid for ln in d.lines] == [400_000, 0, 100_000, 0]   # fee 300,000 only partly
    assert any("does not even cover" in w[1] for w in d.warnings)


def test_short_sale_surplus_runs_down_the_ranks() -> None:
    """First lender paid in full: the junior lien gets its fee plus the surplus, up to its claim."""
    d = _allocate(10_000_000, short_sale=True,
                  liens=[LienClaim(1, "A", 6_000_000, 6_000_000), LienClaim(2, "B", 5_000_000, 5_000_000)])
    assert d.paid_to(Party.LENDER) == 6_000_000
    b = d.lines[1]
    assert (b.deduction, b.paid) == (300_000, 4_000_000)
    assert d.paid_to(Party.SELLER) == 0
    assert any("normal sale" in w[1] for w in d.warnings)
    assert ("第2順位 抵当権（B） 返済額", 3_700_000) in [(r["label_ja"], r["amount"]) for r in d.table()]
    d = _allocate(12_000_000, short_sale=True,
                  liens=[LienClaim(1, "A", 6_000_000, 6_000_000), LienClaim(2, "B", 5_000_000, 5_000_000)])
    assert [ln.paid for ln in d.lines] == [6_000_000, 5_000_000, 1_000_000]


def test_release_fee_never_exceeds_the_junior_claim() -> None:
    d = _allocate(5_000_000, short_sale=True,
                  liens=[LienClaim(1, "A", 9_000_000, 9_000_000), LienClaim(2, "B", 150_000, 2_000_000)])
    assert d.lines[1].paid == 150_000
    assert d.lines[0].paid == 4_850_000


def test_senior_tax_seizure_is_deducted_in_full() -> None:
    """A seizure ranked above the first lender is treated as 優先税: 全額
    (docs/sources/law-sale-costs.md §8.1)."""
    d = _allocate(10_000_000, short_sale=True, annual_property_tax=50_000,
                  liens=[LienClaim(1, "市", 400_000, 400_000, is_tax_seizure=True),
                         LienClaim(2, "A", 20_000_000, 20_000_000)])
    assert d.paid_to(Party.TAX_OFFICE) == 400_000
    assert d.paid_to(Party.LENDER) == 9_600_000
    assert d.lines[1].party is Party.LENDER


def test_association_without_monthly_fee_is_deducted_in_full_with_a_warning() -> None:
    d = _allocate(10_000_000, short_sale=True, association_claim=2_000_000,
                  liens=[LienClaim(1, "A", 20_000_000, 20_000_000)])
    assert d.paid_to(Party.ASSOCIATION) == 2_000_000
    assert any("monthly fee is unknown" in w[1] for w in d.warnings)


def test_moving_allowance_override_and_normal_sale() -> None:
    book = BOOK.with_overrides({"short_sale.jhf_moving_cost_allowed": True})
    d = _allocate(10_000_000, short_sale=True, moving_allowance=300_000, book=book,
                  liens=[LienClaim(1, "A", 20_000_000, 20_000_000)])
    assert d.paid_to(Party.SELLER, "moving_allowance") == 300_000
    assert not any("must agree" in w[1] for w in d.warnings)
    d = _allocate(10_000_000, moving_allowance=300_000, liens=[LienClaim(1, "A", 5_000_000, 5_000_000)])
    assert d.paid_to(Party.SELLER) == 5_000_000
    assert "moving" in d.warnings[0][1]


def test_bankruptcy_estate_and_unlisted_costs() -> None:
    """破産財団組入金 ≤ 3% of the price (§8.1); an unlisted cost is paid by the seller."""
    d = _allocate(20_000_000, short_sale=True,
                  costs=[_item("bankruptcy_estate", 800_000), _item("cleaning", 50_000)],
                  liens=[LienClaim(1, "A", 30_000_000, 30_000_000)])
    assert d.paid_to(Party.SALE_COSTS, "bankruptcy_estate") == 600_000
    assert [(it.key, it.amount) for it in d.out_of_pocket] == [("bankruptcy_estate_excess", 200_000),
                                                               ("cleaning", 50_000)]
    assert d.paid_to(Party.LENDER) == 19_400_000


def test_stamp_duty_deductible_when_overridden() -> None:
    book = BOOK.with_overrides({"short_sale.jhf_stamp_duty_deductible": True})
    d = _allocate(10_000_000, short_sale=True, book=book, costs=[_item("stamp_duty", 5_000)],
                  liens=[LienClaim(1, "A", 20_000_000, 20_000_000)])
    assert d.paid_to(Party.SALE_COSTS) == 5_000
    assert d.out_of_pocket == ()


@pytest.mark.parametrize("kw", [
    {"price": -1},
    {"liens": [LienClaim(1, "A", 1, 1), LienClaim(1, "B", 1, 1)]},
    {"liens": [LienClaim(0, "A", 1, 1)]},
    {"liens": [LienClaim(1, "市", 1, 1, is_tax_seizure=True)], "short_sale": True},
    {"costs": [_item("brokerage_fee", -5)]},
    {"monthly_management_fee": -1},
])
def test_bad_input(kw: dict[str, object]) -> None:
    price = kw.pop("price", 1_000_000)
    with pytest.raises(InputError):
        _allocate(price, **kw)  # type: ignore[arg-type]


# ----------------------------------------------------------------- consents and refusal


def test_required_consents() -> None:
    """All owners, lienholders, seizure holders (docs/sources/law-debt-divorce.md §8) and guarantors
    (記事1 (docs/sources/seed1-short-sale.md §5))."""
    checks = required_consents(owners=[("夫", True), ("妻", None)], lienholders=[("機構", True)],
                               guarantors=[("父", False)], tax_seizure_holders=[("市", True)])
    assert [(c.party, c.role, c.status) for c in checks] == [
        ("夫", "owner", "given"), ("妻", "owner", "unknown"), ("機構", "lienholder", "given"),
        ("父", "guarantor", "refused"), ("市", "tax_seizure_holder", "given")]
    assert "連帯保証人" in checks[3].message_ja
    assert "競売" in checks[3].message_ja
    assert "impossible" in checks[3].message_en
    assert "auction" in checks[3].message_en
    assert "must be asked" in checks[1].message_en
    owner_refuses = required_consents(owners=[("妻", False)], lienholders=[], guarantors=[])
    assert "共有物分割" in owner_refuses[0].message_ja
    with pytest.raises(InputError):
        required_consents(owners=[(" ", True)], lienholders=[], guarantors=[])


def test_lender_refusal_risk() -> None:
    """控除後の回収額 < 競売回収見込額 → JHF may refuse (docs/sources/law-sale-costs.md §8.1)."""
    d = _worked()
    risk = lender_refusal_risk(d, first_lender_auction_recovery=18_000_001)
    assert risk is not None
    assert "¥1 less" in risk[1]
    assert "18,000,000円" in risk[0]
    assert lender_refusal_risk(d, first_lender_auction_recovery=18_000_000) is None
    normal = _allocate(30_000_000, liens=[LienClaim(1, "A", 1, 1)])
    assert lender_refusal_risk(normal, first_lender_auction_recovery=10**9) is None


# ----------------------------------------------------------------- properties

_KEYS = ["brokerage_fee", "lien_release_tax", "scrivener_fee", "stamp_duty", "bankruptcy_estate", "other"]


@st.composite
def _cases(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(0, 4))
    ranks = draw(st.lists(st.integers(1, 6), min_size=n, max_size=n, unique=True))
    liens = []
    for r in ranks:
        claim = draw(st.integers(0, 40_000_000))
        liens.append(LienClaim(r, f"L{r}", claim, draw(st.integers(0, claim)), draw(st.booleans())))
    short = draw(st.booleans())
    if short:
        assume(any(not lien.is_tax_seizure for lien in liens))
    costs = [_item(k, draw(st.integers(0, 2_000_000)))
             for k in draw(st.lists(st.sampled_from(_KEYS), max_size=5))]
    return {"costs": costs, "liens": liens, "short_sale": short,
            "association_claim": draw(st.integers(0, 2_000_000)),
            "tax_claim": draw(st.integers(0, 1_000_000)),
            "annual_property_tax": draw(st.integers(0, 300_000)),
            "moving_allowance": draw(st.integers(0, 500_000)),
            "monthly_management_fee": draw(st.none() | st.integers(0, 50_000))}


@given(case=_cases(), price=st.integers(0, 60_000_000))
def test_allocation_always_adds_up_to_the_price(case: dict[str, object], price: int) -> None:
    """Acceptance: the allocation always adds up exactly to the price; paid ≤ claim on every row."""
    d = _allocate(price, **case)
    assert d.paid_total == price == sum(ln.paid for ln in d.lines)
    for ln in d.lines:
        assert ln.paid >= 0
        assert 0 <= ln.deduction <= ln.paid
        if ln.party is not Party.SELLER or ln.name != "proceeds":
            assert ln.paid <= ln.claim
        assert ln.shortfall >= 0
    assert json.loads(json.dumps(d.to_dict()))["paid_total"] == price


@given(case=_cases(), price=st.integers(0, 60_000_000), more=st.integers(1, 20_000_000))
def test_higher_price_never_pays_less(case: dict[str, object], price: int, more: int) -> None:
    low, high = _allocate(price, **case), _allocate(price + more, **case)
    if case["short_sale"]:
        assert high.paid_to(Party.LENDER) >= low.paid_to(Party.LENDER)
    else:
        assert [ln.name for ln in low.lines] == [ln.name for ln in high.lines]
        assert all(h.paid >= lo.paid for lo, h in zip(low.lines, high.lines, strict=True))
