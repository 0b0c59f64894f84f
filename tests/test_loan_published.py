"""Published Japanese loan figures, reproduced to the yen.

Sources: docs/sources/law-sale-costs.md §9.2, which lists the published monthly payments
(before flooring) of several articles; the loan terms were recovered by solving the annuity
formula for round principals, rates and terms, and each matches to 1/100 yen.
"""

from datetime import date
from fractions import Fraction

import pytest

from zansai.engine.loan import amortize, annuity_payment
from zansai.model import Loan, Method
from zansai.money import Rounding


def loan(principal: int, rate: str, years: int, **kw: object) -> Loan:
    return Loan(principal=principal, annual_rate=Fraction(rate) / 100, months=years * 12,
                first_payment=date(2025, 1, 1), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "principal", "rate", "years", "published", "expected"),
    [
        # diamond-fudosan.jp/articles/-/1112425: 129,792.69 → 129,792
        ("diamond", 50_000_000, "0.5", 35, "129792.69", 129_792),
        # news.livedoor.com/article/detail/30734979: 84,685.71 → 84,685
        ("livedoor", 30_000_000, "1.0", 35, "84685.71", 84_685),
        # same article: 99,378.83 → 99,378
        ("livedoor", 30_000_000, "2.0", 35, "99378.83", 99_378),
        # pomygada (docs/sources/law-sale-costs.md §9.3): 103,768.76 → 103,768
        ("pomygada", 35_000_000, "1.3", 35, "103768.76", 103_768),
        # flat35.cocolog-nifty.com/flat35/2015/08/post-b393.html: 62,023.66 → 62,023
        ("cocolog", 20_000_000, "1.58", 35, "62023.66", 62_023),
        # jfmbk.org/money/homeloan_shinki: 38,485.02 → 38,485
        ("jfmbk", 10_000_000, "3.0", 35, "38485.02", 38_485),
    ],
)
def test_published_monthly_payment_is_floored_formula(
    source: str, principal: int, rate: str, years: int, published: str, expected: int
) -> None:
    s = amortize(loan(principal, rate, years))
    assert s.monthly_payment == expected, source
    # The exact formula value rounds to the published two decimals.
    r = Fraction(rate) / 1200
    n = years * 12
    exact = principal * r * (1 + r) ** n / ((1 + r) ** n - 1)
    assert round(exact * 100) == round(Fraction(published) * 100)


def test_issue_done_when_figure() -> None:
    """Issue #2: 30,000,000 yen at 1.5% over 35 years pays 91,855 yen a month."""
    s = amortize(loan(30_000_000, "1.5", 35))
    assert s.monthly_payment == 91_855
    assert s.payments_count == 420
    assert s.total_paid == sum(r.payment for r in s.rows)
    assert s.total_interest == sum(r.interest for r in s.rows) == s.total_paid - 30_000_000
    assert s.total_interest == 8_579_007
    first = s.rows[0]
    assert (first.interest, first.principal, first.balance) == (37_500, 54_355, 29_945_645)
    assert s.rows[-1].balance == 0


def test_equal_principal_first_payment_pomygada() -> None:
    """pomygada (docs/sources/law-sale-costs.md §9.2): 元金均等 35,000,000 yen, 1.3%, 35 years → 121,249."""
    s = amortize(loan(35_000_000, "1.3", 35, method=Method.EQUAL_PRINCIPAL))
    first = s.rows[0]
    assert first.principal == 83_333  # floor(35,000,000 / 420)
    assert first.interest == 37_916  # floor(35,000,000 × 1.3% / 12)
    assert first.payment == 121_249
    assert s.rows[-1].balance == 0
    assert sum(r.principal for r in s.rows) == 35_000_000


def test_simulator_total_is_payment_times_count() -> None:
    """§9.2: simulators print 総返済額 as 毎月返済額 × 回数 (diamond, livedoor, cocolog)."""
    s = amortize(loan(30_000_000, "1.0", 35))
    assert s.nominal_total_paid == 84_685 * 420 == 35_567_700
    # The real total differs by the last payment's adjustment, and is printed separately.
    assert s.total_paid == sum(r.payment for r in s.rows)


@pytest.mark.parametrize("share", [10, 20, 30, 40])
def test_bonus_part_is_semiannual_annuity_cocolog(share: int) -> None:
    """cocolog (§9.2): the bonus part is an annuity at rate/2 over years×2 half-years."""
    principal = 20_000_000
    bonus_part = principal * share // 100
    s = amortize(loan(principal, "1.58", 35, bonus_principal=bonus_part))
    r = Fraction("1.58") / 100
    assert s.bonus_periods == 70
    assert s.initial_bonus_payment == annuity_payment(bonus_part, r / 2, 70, Rounding.FLOOR)
    assert s.monthly_payment == annuity_payment(principal - bonus_part, r / 12, 420,
                                                Rounding.FLOOR)
    bonus_rows = [x for x in s.rows if x.bonus_payment]
    assert len(bonus_rows) == 70
    assert {x.due_date.month for x in bonus_rows} == {6, 12}
    assert sum(x.principal for x in s.rows) == principal
    assert s.rows[-1].balance == 0


def test_bonus_payment_known_value() -> None:
    """20,000,000 yen at 1.58%, 35 years, 40% bonus: exact-formula values floored.

    Monthly part 12,000,000 → 37,214.19… → 37,214; bonus part 8,000,000 at 0.79% per
    half-year over 70 → 149,212.53… → 149,212 (computed with Fraction in this test).
    """
    s = amortize(loan(20_000_000, "1.58", 35, bonus_principal=8_000_000))
    for part, periods, per_year, got in ((12_000_000, 420, 12, s.monthly_payment),
                                         (8_000_000, 70, 2, s.initial_bonus_payment)):
        r = Fraction("1.58") / 100 / per_year
        exact = part * r * (1 + r) ** periods / ((1 + r) ** periods - 1)
        assert got == exact.numerator // exact.denominator
