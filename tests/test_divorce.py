"""財産分与 of a mortgaged home: the overloan views, separate money in the home, 代償金, scenarios.

Sources: 記事2, docs/sources/seed2-divorce.md (離婚と住宅ローン, its
figures reproduced exactly) and docs/sources/law-debt-divorce.md §7.1–§7.4 and §8. Amounts are yen;
``M`` is 1万円.
"""

import json
import re
from collections.abc import Iterable
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zansai.engine.divorce import (
    HomeStake,
    LoanRole,
    PropertyDivision,
    SaleOutcome,
    Scenario,
    divide,
    property_division_scenarios,
)
from zansai.errors import InputError
from zansai.model import (
    Asset,
    AssetKind,
    Contribution,
    ContributionKind,
    Debt,
    Divorce,
    OverloanView,
    PropertyDivisionMethod,
)
from zansai.money import Yen
from zansai.rules import RuleBook

B = RuleBook.default()
M = 10_000
ON = date(2026, 6, 1)
H, W = "夫", "妻"
NETTING, EXCLUSION = OverloanView.NETTING, OverloanView.EXCLUSION



def said(needle: str, messages: Iterable[tuple[str, str]]) -> bool:
    """Whether any (ja, en) message mentions ``needle`` in either language."""
    return any(needle in ja or needle in en for ja, en in messages)

def couple(*contributions: Contribution, divorce_date: date | None = date(2026, 5, 1),
           keeper: str | None = None, share: Fraction | None = None,
           method: str | None = None) -> Divorce:
    return Divorce(spouses=(H, W), separation_date=date(2025, 10, 1), divorce_date=divorce_date,
                   contributions=contributions, keeper=keeper, share=share, method=method)


def house(value: Yen, balance: Yen, price: Yen = 3000 * M, *, guarantor: bool = True,
          joint: bool = False, title: dict[str, Fraction] | None = None) -> HomeStake:
    """The husband's loan; the wife its guarantor (or a joint debtor, or neither)."""
    debtors = (H, W) if joint else (H,)
    guarantors = (W,) if guarantor and not joint else ()
    return HomeStake(value=value, loan_balance=balance, purchase_price=price,
                     title=title if title is not None else {H: Fraction(1)},
                     loans=(LoanRole("住宅ローン", "A銀行", balance, debtors, guarantors),))


def wife_down(amount: Yen = 200 * M, kind: ContributionKind = ContributionKind.DOWN_PAYMENT
              ) -> Contribution:
    return Contribution(spouse=W, amount=amount, kind=kind)


def savings(amount: Yen, owner: str | None = None) -> Asset:
    return Asset(kind=AssetKind.DEPOSIT, amount=amount, owner=owner)


def ent(div: PropertyDivision, key: str) -> dict[str, Yen]:
    return next(m for m in div.methods if m.key == key).entitlement


def sep(div: PropertyDivision, key: str) -> dict[str, Yen]:
    return next(m for m in div.methods if m.key == key).separate_value


# ------------------------------------------------------------------ rule files added here


def test_separate_property_method_rule() -> None:
    """docs/sources/law-debt-divorce.md §7.3: 'implement F1 (家事6部) as default … show the spread'; court
    practice, unsettled."""
    for on in (date(2014, 4, 1), date(2026, 3, 31), date(2026, 4, 1), date(2040, 1, 1)):
        r = B.at("divorce.separate_property_method", on)
        assert r.value == "tokyo_ratio"
        assert r.caveat is not None  # no settled rule: every result carries the caveat
    assert B.get("divorce.separate_property_method").overridable


def test_overloan_default_view_rule_switches_at_the_2024_judgment() -> None:
    """docs/sources/law-debt-divorce.md §7.4: 除外説 older mainstream (東京高決平成10年3月13日); 通算説 after
    東京高判令和6年8月21日."""
    assert B.at("divorce.overloan_default_view", date(2024, 8, 20)).value == "exclusion"
    assert B.at("divorce.overloan_default_view", date(2024, 8, 21)).value == "netting"
    assert B.at("divorce.overloan_default_view", ON).caveat is not None
    assert B.get("divorce.overloan_default_view").overridable


def test_default_method_follows_the_rule_and_an_override() -> None:
    """docs/sources/law-debt-divorce.md §7.3: F1 by default; the court-practice default can be set per
    case."""
    div = divide(couple(), house(1500 * M, 1000 * M), [], [], book=B, on=ON)
    assert div.method == "tokyo_ratio"
    assert div.methods[0].key == "tokyo_ratio"
    assert div.methods[0].chosen
    other = B.with_overrides({"divorce.separate_property_method": "face_value_credit"})
    div = divide(couple(), house(1500 * M, 1000 * M), [], [], book=other, on=ON)
    assert div.method == "face_value_credit" == div.chosen.key
    assert [m.key for m in div.methods][1:] == [k for k in PropertyDivisionMethod if k != "face_value_credit"]


def test_unknown_method_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"divorce\.method"):
        divide(couple(method="guess"), house(1500 * M, 1000 * M), [], [], book=B, on=ON)


# ------------------------------------------------------------------ 記事2 (docs/sources/seed2-divorce.md)


def test_underloan_250_each_in_every_method() -> None:
    """記事2 (docs/sources/seed2-divorce.md §7): 時価1,500万 − 残1,000万 = 500万 → 夫250万・妻250万
    (諸経費除く)."""
    div = divide(couple(), house(1500 * M, 1000 * M), [], [], book=B, on=ON)
    assert div.home_equity == div.net_estate == 500 * M
    assert div.overloan is None
    assert div.other_view is None
    for key in PropertyDivisionMethod:
        assert ent(div, key) == {H: 250 * M, W: 250 * M}
    assert div.spread == {H: 0, W: 0}


def test_overloan_netting_minus_250_each() -> None:
    """記事2 (docs/sources/seed2-divorce.md §8): 1,500万 − 2,000万 = ▲500万,
    マイナス財産として夫250万・妻250万を負担. docs/sources/law-debt-divorce.md §7.4 通算説
    (東京高判令和6年8月21日)."""
    div = divide(couple(), house(1500 * M, 2000 * M), [], [], book=B, on=ON, overloan=NETTING)
    assert div.overloan is NETTING
    assert div.net_estate == -500 * M
    for key in PropertyDivisionMethod:
        assert ent(div, key) == {H: -250 * M, W: -250 * M}
    # docs/sources/law-debt-divorce.md §7.4: nothing positive
    assert said("no claim can be ordered", div.notes)


def test_overloan_exclusion_zero_each_with_the_note() -> None:
    """docs/sources/law-debt-divorce.md §7.4 除外説 (東京高決平成10年3月13日): the home and its loan are left
    out, value 0."""
    div = divide(couple(), house(1500 * M, 2000 * M), [], [], book=B, on=ON, overloan=EXCLUSION)
    assert div.overloan is EXCLUSION
    assert (div.home_equity, div.counted_home_equity, div.net_estate) == (-500 * M, 0, 0)
    for key in PropertyDivisionMethod:
        assert ent(div, key) == {H: 0, W: 0}
    assert said("stays with its debtors", div.notes)
    assert said("no claim can be ordered", div.notes)


def test_overloan_default_without_other_assets_is_exclusion_and_shows_netting() -> None:
    """docs/sources/law-debt-divorce.md §7.4: only asset an overloan house → no claim possible; both views
    shown, with a warning."""
    div = divide(couple(), house(1500 * M, 2000 * M), [], [], book=B, on=ON)
    assert div.overloan is EXCLUSION
    assert ent(div, "tokyo_ratio") == {H: 0, W: 0}
    assert div.other_view is not None
    assert div.other_view.overloan is NETTING
    assert ent(div.other_view, "tokyo_ratio") == {H: -250 * M, W: -250 * M}
    assert said("not settled", div.warnings)
    # the rule is not cited when it is not what chose the view
    assert "divorce.overloan_default_view" not in {u.key for u in div.rules_used}


def test_overloan_default_with_other_assets_is_netting_by_the_rule() -> None:
    """docs/sources/law-debt-divorce.md §7.4: 'default 通算説 when other net-positive assets exist, with a
    warning'; before the 2024-08-21 judgment the rule gives 除外説."""
    div = divide(couple(), house(1500 * M, 2000 * M), [savings(700 * M)], [], book=B, on=ON)
    assert div.overloan is NETTING
    assert div.net_estate == 200 * M
    assert ent(div, "tokyo_ratio") == {H: 100 * M, W: 100 * M}
    assert div.other_view is not None
    assert div.other_view.overloan is EXCLUSION
    assert ent(div.other_view, "tokyo_ratio") == {H: 350 * M, W: 350 * M}
    assert "divorce.overloan_default_view" in {u.key for u in div.rules_used}
    old = divide(couple(divorce_date=None), house(1500 * M, 2000 * M), [savings(700 * M)], [],
                 book=B, on=date(2024, 1, 10))
    assert old.overloan is EXCLUSION


def test_wife_down_payment_face_value_credit_50_and_450() -> None:
    """記事2 (docs/sources/seed2-divorce.md §9): 妻の独身時代の貯金200万を頭金に → 妻 500÷2 − 200 = 50万, 夫
    500 − 50 = 450万."""
    div = divide(couple(wife_down()), house(1500 * M, 2000 * M), [], [], book=B, on=ON,
                 overloan=NETTING)
    assert ent(div, "face_value_credit") == {H: -450 * M, W: -50 * M}
    assert sep(div, "face_value_credit") == {H: 0, W: 200 * M}


def test_wife_down_payment_with_700_savings_face_value_set_aside() -> None:
    """記事2 (docs/sources/seed2-divorce.md §10): 婚姻中の貯蓄700万 →
    500万を不足分に充当し、残りの200万は妻が受け取る."""
    div = divide(couple(wife_down()), house(1500 * M, 2000 * M), [savings(700 * M)], [],
                 book=B, on=ON, method="face_value_set_aside")
    assert div.overloan is NETTING
    assert div.net_estate == 200 * M
    assert div.chosen.key == "face_value_set_aside"
    assert div.chosen.entitlement == {H: 0, W: 200 * M}


def test_revalued_down_payment_200_counts_100() -> None:
    """記事2 (docs/sources/seed2-divorce.md §11): 3,000万の家が1,500万 → 頭金200万も時価は2分の1で100万.
    revalued_credit: 妻 −250 + 100 = −150万, 夫 −250 − 100 = −350万. F1
    (docs/sources/law-debt-divorce.md §7.3) counts 100万 too, set aside: 妻 100 + (−500 − 100)/2 = −200万, 夫
    −300万."""
    div = divide(couple(wife_down()), house(1500 * M, 2000 * M, 3000 * M), [], [], book=B, on=ON,
                 overloan=NETTING)
    assert sep(div, "tokyo_ratio") == {H: 0, W: 100 * M}
    assert sep(div, "revalued_credit") == {H: 0, W: 100 * M}
    assert ent(div, "revalued_credit") == {H: -350 * M, W: -150 * M}
    assert ent(div, "tokyo_ratio") == {H: -300 * M, W: -200 * M}


def test_net_ratio_on_an_overloan_home_charges_the_contributor() -> None:
    """docs/sources/law-debt-divorce.md §7.3 F3: 特有現在価値 = 200万 × (1,500万 − 2,000万) ÷ 3,000万 =
    −33万3,333.33…円; the wife ends with −33.33万 + (−500万 + 33.33万)/2 = −266万6,666.67円 → 夫 floored:
    −233万3,334円."""
    div = divide(couple(wife_down()), house(1500 * M, 2000 * M), [], [], book=B, on=ON,
                 overloan=NETTING)
    assert sep(div, "net_ratio") == {H: 0, W: -333_334}
    assert ent(div, "net_ratio") == {H: -2_333_334, W: -2_666_666}
    assert said("純資産按分方式", div.warnings)
    under = divide(couple(wife_down()), house(2500 * M, 2000 * M), [], [], book=B, on=ON)
    assert not said("純資産按分方式", under.warnings)


def test_exclusion_leaves_the_down_payment_in_the_home_with_the_co_ownership_note() -> None:
    """docs/sources/law-debt-divorce.md §7.3: overloan + 特有 頭金 → house valued 0 and excluded, but the
    payer may hold a 共有持分 (東京地判平成24年12月27日)."""
    div = divide(couple(wife_down()), house(1500 * M, 2000 * M), [savings(100 * M)], [], book=B,
                 on=ON, overloan=EXCLUSION)
    for key in PropertyDivisionMethod:
        assert sep(div, key) == {H: 0, W: 0}
        assert ent(div, key) == {H: 50 * M, W: 50 * M}
    assert said("東京地判平成24年12月27日", div.notes)


# ------------------------------------------------------------------ docs/sources/law-debt-divorce.md §7.3
# formulas by hand


def test_three_formulas_by_hand() -> None:
    """docs/sources/law-debt-divorce.md §7.3 on one case: 時価 V=3,000万, 残 L=1,800万, 購入価格 P=4,000万,
    妻の特有頭金 c=400万, 共有の預金 600万. E = 1,200万, O = 600万, N = 1,800万.
    F1 tokyo_ratio: s = 400 × 3,000/4,000 = 300; 妻 300 + (1,800 − 300)/2 = 1,050万, 夫 750万.
    F3 net_ratio:   s = 400 × 1,200/4,000 = 120; 妻 120 + (1,800 − 120)/2 = 960万, 夫 840万.
    F4 (purchase share): k妻 = (400 + 3,600/2)/4,000 = 0.55; 妻 0.55 × 1,200 + 300 = 960万,
                       夫 0.45 × 1,200 + 300 = 840万 (= F3: the two formulas are algebraically equal,
                       so they are one method, net_ratio).
    F5 face_value_set_aside: 妻 400 + 1,400/2 = 1,100万, 夫 700万.
    face_value_credit: 妻 900 + 400 = 1,300万, 夫 500万; revalued_credit: 妻 1,200万, 夫 600万."""
    div = divide(couple(Contribution(W, 400 * M)), house(3000 * M, 1800 * M, 4000 * M),
                 [savings(600 * M)], [], book=B, on=ON)
    assert (div.home_equity, div.other_net, div.net_estate) == (1200 * M, 600 * M, 1800 * M)
    expected = {
        "tokyo_ratio": (750, 1050), "net_ratio": (840, 960),
        "face_value_set_aside": (700, 1100), "face_value_credit": (500, 1300),
        "revalued_credit": (600, 1200),
    }
    for key, (h, w) in expected.items():
        assert ent(div, key) == {H: h * M, W: w * M}, key
    assert sep(div, "tokyo_ratio")[W] == 300 * M
    assert sep(div, "net_ratio")[W] == 120 * M
    assert div.spread == {H: 340 * M, W: 340 * M}
    assert div.chosen.key == "tokyo_ratio"


def test_f1_prime_example_4000_times_90_percent_minus_3000() -> None:
    """docs/sources/law-debt-divorce.md §7.3 F1' (owls-law.com): 分与対象 = 4,000 × 90% − 3,000 = 600万 (特有
    10% of the price). V=4,000万, P=5,000万, 妻 c=500万, L=3,000万: s = 400万; 妻 400 + 300 = 700万, 夫
    300万."""
    div = divide(couple(Contribution(W, 500 * M)), house(4000 * M, 3000 * M, 5000 * M), [], [],
                 book=B, on=ON)
    assert div.net_estate - sep(div, "tokyo_ratio")[W] == 600 * M
    assert ent(div, "tokyo_ratio") == {H: 300 * M, W: 700 * M}


def test_prepayment_counts_at_face_value_with_the_low_confidence_note() -> None:
    """docs/sources/law-debt-divorce.md §7.3 last row: 特有 used for 繰上返済 — one source only (coconala bbs
    2853), conf. L."""
    div = divide(couple(wife_down(kind=ContributionKind.PREPAYMENT)), house(3000 * M, 1800 * M),
                 [], [], book=B, on=ON, method="face_value_set_aside")
    assert div.chosen.separate_value[W] == 200 * M
    assert said("low confidence", div.notes)
    plain = divide(couple(wife_down()), house(3000 * M, 1800 * M), [], [], book=B, on=ON)
    assert not said("low confidence", plain.notes)


def test_separate_assets_and_non_marital_debts_stay_out() -> None:
    """docs/sources/law-debt-divorce.md §7.2: 特有財産 excluded; 婚姻生活のための債務 netted as a minus."""
    assets = [savings(400 * M), Asset(AssetKind.DEPOSIT, 900 * M, owner=W, separate=True)]
    debts = [Debt("車のローン", 100 * M), Debt("個人の借入", 50 * M, owner=H, marital=False)]
    div = divide(couple(), None, assets, debts, book=B, on=ON)
    assert (div.home_equity, div.other_net, div.net_estate) == (0, 300 * M, 300 * M)
    assert ent(div, "tokyo_ratio") == {H: 150 * M, W: 150 * M}
    assert said("民法762条2項", div.notes)


def test_an_odd_yen_estate_adds_up() -> None:
    """Rounding: the first spouse is floored (1円未満切捨て), the second gets the rest."""
    div = divide(couple(), house(10_000_001, 0), [], [], book=B, on=ON)
    assert ent(div, "tokyo_ratio") == {H: 5_000_000, W: 5_000_001}
    div = divide(couple(), house(1500 * M, 2000 * M - 1), [], [], book=B, on=ON, overloan=NETTING)
    assert ent(div, "tokyo_ratio") == {H: -2_500_000, W: -2_499_999}


def test_another_share_from_the_case() -> None:
    """docs/sources/law-debt-divorce.md §7.1: the equal presumption is rebuttable (民法768条3項); a case may
    set another share."""
    div = divide(couple(share=Fraction(3, 5)), house(1500 * M, 1000 * M), [], [], book=B, on=ON)
    assert ent(div, "tokyo_ratio") == {H: 300 * M, W: 200 * M}
    assert "divorce.contribution_share" not in {u.key for u in div.rules_used}


# ------------------------------------------------------------------ claim deadline
# (docs/sources/law-debt-divorce.md §7.1)


def test_claim_deadline_two_years_before_2026_04_01_five_after() -> None:
    """docs/sources/law-debt-divorce.md §7.1: 民法768条2項 2年 → 5年 for divorces from 2026-04-01
    (附則4条)."""
    old = divide(couple(divorce_date=date(2026, 3, 31)), house(1500 * M, 1000 * M), [], [],
                 book=B, on=ON)
    assert (old.claim_years, old.claim_deadline) == (2, date(2028, 3, 31))
    new = divide(couple(divorce_date=date(2026, 4, 1)), house(1500 * M, 1000 * M), [], [],
                 book=B, on=ON)
    assert (new.claim_years, new.claim_deadline) == (5, date(2031, 4, 1))
    assert new.claim_rule.key == "divorce.property_division_claim_years"


def test_claim_deadline_unknown_divorce_date_depends_on_it() -> None:
    """docs/sources/law-debt-divorce.md §7.1: keyed on the divorce date; without one the rule is shown for a
    divorce on ``on``."""
    div = divide(couple(divorce_date=None), house(1500 * M, 1000 * M), [], [], book=B,
                 on=date(2026, 2, 1))
    assert div.claim_deadline is None
    assert div.claim_years == 2
    assert said("depends on the divorce date", div.notes)


# ------------------------------------------------------------------ 代償金 and §8


def test_husband_keeps_an_underloan_home_pays_250_to_the_wife() -> None:
    """docs/sources/law-debt-divorce.md §7.2: 代償金 = (時価 − 別居時ローン残高) × 1/2 = (1,500万 − 1,000万)/2
    = 250万 (記事2 (docs/sources/seed2-divorce.md §1) figures)."""
    div = divide(couple(keeper=H), house(1500 * M, 1000 * M, guarantor=False), [], [], book=B,
                 on=ON)
    s = div.equalization_payment
    assert s is not None
    assert (s.keeper, s.payer, s.payee, s.amount) == (H, H, W, 250 * M)
    assert s.warnings == ()  # the wife is not bound by the loan
    assert divide(couple(), house(1500 * M, 1000 * M), [], [], book=B, on=ON).equalization_payment is None


def test_equalization_payment_counts_what_each_already_holds() -> None:
    """docs/sources/law-debt-divorce.md §7.2: the keeper pays the other's entitlement less what the other
    holds (wife's 300万 deposit in her name): N = 500 + 300 = 800万, 400万 each; the wife holds 300 → 100万 to
    her."""
    div = divide(couple(keeper=H), house(1500 * M, 1000 * M), [savings(300 * M, owner=W)], [],
                 book=B, on=ON)
    assert div.equalization_payment is not None
    assert div.equalization_payment.holds == {H: 500 * M, W: 300 * M}
    assert (div.equalization_payment.payer, div.equalization_payment.amount) == (H, 100 * M)


@pytest.mark.parametrize(("guarantor", "joint", "warned"),
                         [(True, False, True), (False, True, True), (False, False, False)])
def test_bank_is_not_bound_when_the_other_spouse_is_on_the_loan(guarantor: bool, joint: bool,
                                                                warned: bool) -> None:
    """docs/sources/law-debt-divorce.md §8: the 財産分与 agreement binds only the spouses; a 連帯保証人 or
    連帯債務者 stays liable unless the lender consents (借換え etc.)."""
    div = divide(couple(keeper=H), house(1500 * M, 1000 * M, guarantor=guarantor, joint=joint),
                 [], [], book=B, on=ON)
    assert div.equalization_payment is not None
    found = [w for w in div.equalization_payment.warnings if said("does not bind the bank", [w])]
    assert bool(found) is warned
    assert said("does not bind the bank", div.warnings) is warned


# ------------------------------------------------------------------ scenarios


def short(remaining: Yen) -> SaleOutcome:
    return SaleOutcome("short_sale", "任意売却", "a short sale", -remaining, remaining,
                       date(2027, 3, 1))


def test_short_sale_guarantor_wife_can_be_billed_the_whole_remaining_debt() -> None:
    """docs/sources/law-debt-divorce.md §8: 連帯保証人 liable for the full residual, whatever the couple
    agreed; 記事2 (docs/sources/seed2-divorce.md §8): an overloan home sold short with a 500万 shortfall."""
    div = couple()
    out = property_division_scenarios(div, house(1500 * M, 2000 * M), [], [], book=B, on=ON, sale=None,
                             short_sale=short(500 * M))
    assert [s.key for s in out] == ["short_sale", f"keep:{H}", f"keep:{W}"]
    sc = out[0]
    assert sc.outcomes[W].lender_can_claim == 500 * M
    assert sc.outcomes[H].lender_can_claim == 500 * M
    # default view: no other assets → exclusion; the shortfall stays with the debtor husband
    assert sc.property_division.overloan is EXCLUSION
    assert (sc.outcomes[H].entitlement, sc.outcomes[W].entitlement) == (0, 0)
    assert (sc.outcomes[H].excluded_debt, sc.outcomes[W].excluded_debt) == (-500 * M, 0)
    assert said("does not bind the lenders", sc.warnings)


def test_short_sale_netting_nobody_is_ordered_to_pay() -> None:
    """記事2 (docs/sources/seed2-divorce.md §8): 夫250万・妻250万を負担 is the burden split the couple may
    agree on; the net estate is ▲500万, nothing positive to divide, so no claim can be ordered
    (docs/sources/law-debt-divorce.md §7.4): the wife is not told to pay the debtor husband."""
    dv = Divorce(spouses=(H, W), separation_date=date(2025, 10, 1), divorce_date=date(2026, 5, 1),
                 overloan=NETTING)
    sc = property_division_scenarios(dv, house(1500 * M, 2000 * M), [], [], book=B, on=ON, sale=None,
                            short_sale=short(500 * M))[0]
    assert not sc.property_division.divided
    assert sc.outcomes[H].holds == -500 * M
    assert sc.outcomes[W].holds == 0
    assert (sc.outcomes[H].entitlement, sc.outcomes[W].entitlement) == (-250 * M, -250 * M)
    assert sc.outcomes[W].equalization_payment == 0
    assert sc.outcomes[H].equalization_payment == 0
    assert said("no claim can be ordered", sc.notes)


@pytest.mark.parametrize(("extra", "divided", "wife_pays"),
                         [(-1, False, 0), (0, False, 0), (1, True, 300 * M)])
def test_netting_net_estate_at_zero_is_not_divided(extra: int, divided: bool, wife_pays: Yen) -> None:
    """docs/sources/law-debt-divorce.md §7.4 (通算説; only a positive total can be divided, 分けるべき
    プラスの財産がない → no claim): the husband keeps a home worth 300万 less than its loan; the wife holds
    savings of 300万 + ``extra``. N = ▲1円 and 0円: nothing is divided and she is not told to pay him.
    N = +1円: divided (夫 0円, 妻 1円), so she makes good his 300万 of negative equity."""
    div = divide(couple(keeper=H), house(1500 * M, 1800 * M), [savings(300 * M + extra, owner=W)], [],
                 book=B, on=ON, overloan=NETTING)
    assert div.net_estate == extra
    assert div.divided is divided
    pay = div.equalization_payment
    assert pay is not None
    assert pay.ordered is divided
    assert pay.amount == wife_pays
    assert (pay.payer, pay.payee) == ((W, H) if divided else (None, None))
    out = div.to_dict()
    assert (out["net_estate"], out["divided"], out["settlement"]["amount"]) == (extra, divided, wife_pays)
    assert said("no claim can be ordered", div.notes) is not divided
    keep = property_division_scenarios(couple(keeper=H), house(1500 * M, 1800 * M),
                                       [savings(300 * M + extra, owner=W)], [], book=B, on=ON, sale=None,
                                       short_sale=None)
    assert [sc.outcomes[W].equalization_payment for sc in keep] == [-wife_pays]


def test_normal_sale_surplus_by_title_and_keep_scenarios() -> None:
    """記事2 (docs/sources/seed2-divorce.md §7) underloan 500万 → 250万 each. Sold with the title all the
    husband's: he pays the wife 250万. Kept by the husband: 代償金 250万 and the guarantor wife stays exposed
    to the whole balance (docs/sources/law-debt-divorce.md §8); kept by the wife: she pays the husband 250万
    for his half, and the debtor husband stays liable."""
    sale = SaleOutcome("normal_sale", "通常売却", "a normal sale", 500 * M, 0, date(2027, 1, 31))
    out = {s.key: s for s in property_division_scenarios(couple(), house(1500 * M, 1000 * M), [], [],
                                                book=B, on=ON, sale=sale, short_sale=None)}
    assert set(out) == {"sell", f"keep:{H}", f"keep:{W}"}
    sell = out["sell"]
    assert sell.exit == "normal_sale"
    assert {s: o.equalization_payment for s, o in sell.outcomes.items()} == {H: -250 * M, W: 250 * M}
    assert {s: o.lender_can_claim for s, o in sell.outcomes.items()} == {H: 0, W: 0}
    keep_h = out[f"keep:{H}"]
    assert keep_h.outcomes[H].keeps_home
    assert not keep_h.outcomes[W].keeps_home
    assert keep_h.outcomes[W].equalization_payment == 250 * M
    assert keep_h.outcomes[W].lender_can_claim == 1000 * M
    assert said("does not bind the bank", keep_h.warnings)
    keep_w = out[f"keep:{W}"]
    assert keep_w.outcomes[W].equalization_payment == -250 * M  # pays the husband for his half
    assert said("is not a debtor", keep_w.notes)
    assert said("title must be transferred", keep_w.notes)


def test_only_the_named_keeper_and_a_late_exit_is_flagged() -> None:
    """docs/sources/law-debt-divorce.md §7.1: a divorce on 2026-03-31 keeps 2 years (deadline 2028-03-31); a
    sale completing later is flagged."""
    late = SaleOutcome("normal_sale", "通常売却", "a normal sale", 500 * M, 0, date(2028, 6, 1))
    out = property_division_scenarios(couple(divorce_date=date(2026, 3, 31), keeper=W),
                             house(1500 * M, 1000 * M), [], [], book=B, on=ON, sale=late,
                             short_sale=None)
    assert [s.key for s in out] == ["sell", f"keep:{W}"]
    assert said("after the deadline", out[0].warnings)


def test_pair_loan_exposure_is_an_upper_bound_per_loan() -> None:
    """docs/sources/law-debt-divorce.md §8 ペアローン: each spouse owes the own loan (and guarantees the
    other's when so signed). Without cross-guarantees the wife is exposed only to her own loan: at most its
    balance."""
    home = HomeStake(value=2000 * M, loan_balance=2600 * M, purchase_price=3000 * M,
                     title={H: Fraction(1, 2), W: Fraction(1, 2)},
                     loans=(LoanRole("夫ローン", "A銀行", 2000 * M, (H,), ()),
                            LoanRole("妻ローン", "A銀行", 600 * M, (W,), ())))
    sc = property_division_scenarios(couple(), home, [], [], book=B, on=ON, sale=None,
                            short_sale=short(800 * M))[0]
    assert sc.outcomes[W].lender_can_claim == 600 * M
    assert sc.outcomes[H].lender_can_claim == 800 * M
    assert said("upper bound", sc.outcomes[W].notes)
    # docs/sources/law-debt-divorce.md §8: 任意売却 needs all co-owners
    assert said("every co-owner", sc.notes)


def test_results_are_json_ready_and_explain_themselves() -> None:
    div = divide(couple(wife_down(), keeper=H), house(1500 * M, 2000 * M), [savings(700 * M)], [],
                 book=B, on=ON)
    text = json.dumps(div.to_dict(), ensure_ascii=False)
    assert "tokyo_ratio" in text
    assert "divorce.separate_property_method" in text
    ex = div.explain()
    assert any(s.name == "net_estate" for s in ex.steps)
    assert any("裁判所の考え方が確定していません" in ja for ja, _ in ex.caveats)
    scs = property_division_scenarios(couple(), house(1500 * M, 2000 * M), [], [], book=B, on=ON,
                             sale=None, short_sale=short(500 * M))
    assert all(isinstance(s, Scenario) for s in scs)
    json.dumps([s.to_dict() for s in scs], ensure_ascii=False)


# ------------------------------------------------------------------ properties

yen = st.integers(min_value=0, max_value=10**10)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Divorce, HomeStake, list[Asset], list[Debt], OverloanView]:
    price = draw(st.integers(min_value=1, max_value=10**10))
    ch = draw(st.integers(min_value=0, max_value=price))
    cw = draw(st.integers(min_value=0, max_value=price - ch))
    contributions = tuple(Contribution(s, c) for s, c in ((H, ch), (W, cw)) if c)
    share = draw(st.none() | st.fractions(min_value=0, max_value=1, max_denominator=12))
    dv = Divorce(spouses=(H, W), separation_date=date(2025, 1, 1),
                 divorce_date=draw(st.none() | st.dates(date(2020, 1, 1), date(2035, 1, 1))),
                 contributions=contributions, share=share)
    value, balance = draw(yen), draw(yen)
    home = HomeStake(value=value, loan_balance=balance, purchase_price=price,
                     title={H: Fraction(1)}, loans=(LoanRole("l", "b", balance, (H,), (W,)),))
    assets = [Asset(AssetKind.DEPOSIT, draw(yen), owner=draw(st.sampled_from([None, H, W])),
                    separate=draw(st.booleans())) for _ in range(draw(st.integers(0, 2)))]
    debts = [Debt("d", draw(yen), owner=draw(st.sampled_from([None, H, W])),
                  marital=draw(st.booleans())) for _ in range(draw(st.integers(0, 2)))]
    return dv, home, assets, debts, draw(st.sampled_from(list(OverloanView)))


@given(cases())
def test_every_method_adds_up_to_the_net_estate(case: tuple[Divorce, HomeStake, list[Asset],
                                                             list[Debt], OverloanView]) -> None:
    """Rounding convention: shares ALWAYS add up to N, under both overloan views."""
    dv, home, assets, debts, view = case
    div = divide(dv, home, assets, debts, book=B, on=ON, overloan=view)
    for d in (div, div.other_view):
        if d is None:
            continue
        assert d.net_estate == d.counted_home_equity + d.other_net
        for m in d.methods:
            assert sum(m.entitlement.values()) == d.net_estate, m.key
        # docs/sources/law-debt-divorce.md §7.3: F3 and F4 coincide, so they are one method, keyed once
        assert [m.key for m in d.methods].count("net_ratio") == 1
        assert "purchase_share" not in {m.key for m in d.methods}


@given(cases())
def test_no_contributions_all_methods_agree(case: tuple[Divorce, HomeStake, list[Asset],
                                                         list[Debt], OverloanView]) -> None:
    dv, home, assets, debts, view = case
    plain = Divorce(spouses=dv.spouses, separation_date=dv.separation_date,
                    divorce_date=dv.divorce_date, share=dv.share)
    div = divide(plain, home, assets, debts, book=B, on=ON, overloan=view)
    first = div.methods[0].entitlement
    assert all(m.entitlement == first for m in div.methods)
    assert div.spread == {H: 0, W: 0}


@given(cases(), st.integers(min_value=-10**9, max_value=10**9))
def test_scenarios_balance(case: tuple[Divorce, HomeStake, list[Asset], list[Debt], OverloanView],
                           equity: int) -> None:
    """In every scenario the payments cancel out, and each spouse's holdings plus the payment equal the
    entitlement when the estate is divided (N > 0); otherwise nobody pays."""
    dv, home, assets, debts, _ = case
    sale = SaleOutcome("x", "売却", "a sale", equity, max(-equity, 0), date(2027, 1, 1))
    for sc in property_division_scenarios(dv, home, assets, debts, book=B, on=ON, sale=sale,
                                 short_sale=None):
        assert sum(o.equalization_payment for o in sc.outcomes.values()) == 0
        for o in sc.outcomes.values():
            if sc.property_division.divided:
                assert o.holds + o.equalization_payment == o.entitlement
            else:  # nothing positive to divide: nobody pays (docs/sources/law-debt-divorce.md §7.4)
                assert o.equalization_payment == 0
            assert o.lender_can_claim >= 0
            assert o.excluded_debt <= 0


def test_every_message_has_both_languages() -> None:
    """Every message carries both languages, ``(ja, en)``, like every other result."""
    home = HomeStake(value=15_000_000, loan_balance=20_000_000, purchase_price=30_000_000,
                     title={"夫": Fraction(1, 2), "妻": Fraction(1, 2)},
                     loans=(LoanRole("住宅ローン", "銀行", 20_000_000, ("夫",), ("妻",)),))
    div = Divorce(spouses=("夫", "妻"), separation_date=date(2027, 2, 27), divorce_date=date(2027, 4, 30),
                  contributions=(Contribution("妻", 2_000_000),), keeper="夫")
    d = divide(div, home, (), (), book=RuleBook.default(), on=date(2026, 12, 1))
    messages = [*d.warnings, *d.notes, *(d.equalization_payment.warnings if d.equalization_payment else ())]
    assert messages
    for m in messages:
        ja, en = m
        assert ja != en, m
        # English apart from the names as typed, the yen sign and legal terms in parentheses
        rest = re.sub(r"（[^）]*）|\([^)]*\)", "", en.replace("¥", ""))
        for name in ("夫", "妻", "銀行", "住宅ローン"):
            rest = rest.replace(name, "")
        assert rest.isascii(), m


# ------------------------------------------------------------------ one net method; shares of what was paid


def test_purchase_share_is_read_as_net_ratio() -> None:
    """docs/sources/law-debt-divorce.md §7.3: F4 (purchase-price share) equals F3 (net-value ratio), so the
    old key ``purchase_share`` chooses ``net_ratio`` and the result lists the method once."""
    div = divide(couple(Contribution(W, 400 * M), method="purchase_share"),
                 house(3000 * M, 1800 * M, 4000 * M), [savings(600 * M)], [], book=B, on=ON)
    assert div.method is PropertyDivisionMethod.NET_RATIO
    assert div.chosen.key == "net_ratio"
    assert ent(div, "net_ratio") == {H: 840 * M, W: 960 * M}
    assert [m.key for m in div.methods].count("net_ratio") == 1


def paid_house(value: Yen, balance: Yen, price: Yen, down: Yen, repaid: Yen) -> HomeStake:
    """``house`` with what was paid: the down payment and the principal repaid by the separation."""
    h = house(value, balance, price)
    return HomeStake(value=h.value, loan_balance=h.loan_balance, purchase_price=h.purchase_price,
                     title=h.title, loans=h.loans, down_payment=down, principal_repaid=repaid)


def test_paid_share_by_hand() -> None:
    """docs/sources/law-debt-divorce.md §7.3 (paid-down principal: allocate by shares of the total paid,
    頭金 + 返済元金; low confidence): V = 3,000万, P = 4,000万 of which the wife's separate 頭金 400万
    and a loan of 3,600万 with 1,800万 left at the separation (1,800万 repaid), so T = 2,200万;
    shared deposit 600万.
    E = 1,200万, N = 1,800万. s妻 = 400 × 1,200 ÷ 2,200 = 218万1,818.18…円; 夫 = (1,800万 − s)/2 =
    790万9,090.90…円 → floored 7,909,090円; 妻 gets the rest, 10,090,910円."""
    home = paid_house(3000 * M, 1800 * M, 4000 * M, 400 * M, 1800 * M)
    div = divide(couple(Contribution(W, 400 * M)), home, [savings(600 * M)], [], book=B, on=ON)
    paid = next(m for m in div.methods if m.key == "paid_share")
    assert paid.low_confidence
    assert paid.to_dict()["confidence"] == "low"
    assert paid.separate_value == {H: 0, W: 2_181_818}
    assert paid.entitlement == {H: 7_909_090, W: 10_090_910}
    assert said("low confidence", div.notes)
    # the medium-confidence methods keep their figures, and the spread leaves the low one out
    assert ent(div, "net_ratio") == {H: 840 * M, W: 960 * M}
    assert div.spread == {H: 340 * M, W: 340 * M}


def test_paid_share_needs_what_was_paid() -> None:
    """docs/sources/law-debt-divorce.md §7.3: without the down payment and the principal repaid the paid
    shares cannot be computed: the method is left out, and chosen it is flagged."""
    home = house(3000 * M, 1800 * M, 4000 * M)
    plain = divide(couple(Contribution(W, 400 * M)), home, [], [], book=B, on=ON)
    assert "paid_share" not in {m.key for m in plain.methods}
    chosen = divide(couple(Contribution(W, 400 * M), method="paid_share"), home, [], [], book=B, on=ON)
    assert chosen.chosen.key == "paid_share"
    assert said("cannot be computed", chosen.warnings)


def test_paid_share_equals_the_others_on_a_home_bought_outright() -> None:
    """docs/sources/law-debt-divorce.md §7.3: with no loan F1 = F2 = F3 = F4
    (分与対象 = 時価 × (1 − 特有/購入価格)); what was paid is then the price, so the paid shares agree:
    V = 2,000万, P = 4,000万, 妻 c = 400万:
    s = 200万; 妻 200 + 1,800/2 = 1,100万, 夫 900万."""
    div = divide(couple(Contribution(W, 400 * M)), paid_house(2000 * M, 0, 4000 * M, 4000 * M, 0), [], [],
                 book=B, on=ON)
    for key in ("tokyo_ratio", "net_ratio", "paid_share"):
        assert ent(div, key) == {H: 900 * M, W: 1100 * M}, key
