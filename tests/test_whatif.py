"""What-ifs: the price × settlement-month grid and the exact break-evens (issue 18 §2).

The household of docs/sources/seed1-short-sale.md (examples/seed1-short-sale.toml): one bank loan,
さくら銀行, first missed payment 2026-08-27, sale planned for 2027-03-31.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zansai.case import load_case
from zansai.engine.plan import plan
from zansai.engine.whatif import WhatIf, default_prices, price_steps, what_if
from zansai.engine.whatif.breakeven import consents
from zansai.engine.whatif.search import threshold
from zansai.errors import DomainError
from zansai.model import Case, ExitKey
from zansai.rules import RuleBook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED1 = date(2027, 3, 31)


@pytest.fixture(scope="module")
def seed1() -> tuple[Case, RuleBook]:
    return load_case(str(EXAMPLES / "seed1-short-sale.toml"))


@pytest.fixture(scope="module")
def grid(seed1: tuple[Case, RuleBook]) -> WhatIf:
    return what_if(*seed1)


def _at_price(case: Case, book: RuleBook, price: int, on: date) -> tuple[Case, RuleBook]:
    """The case as a full plan sees a sale at ``price`` on ``on``: the market value is the price,
    and the short sale sells at it too (ratio 1)."""
    return (replace(case, market_value=price, sale_date=on),
            book.with_overrides({"market.short_sale_price_ratio": "1"}))


def test_default_grid_is_ten_prices_by_six_months(grid: WhatIf) -> None:
    # Central value: the median of the three appraisals, 2,000万 (seed 1's A/B/C 不動産).
    assert grid.case_price == 20_000_000
    assert grid.prices == tuple(17_500_000 + 500_000 * k for k in range(10))
    assert grid.dates == (date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31), date(2027, 6, 30),
                          date(2027, 7, 31), date(2027, 8, 31))
    assert grid.nearest() == (5, 0)


def test_case_cell_equals_the_plan(seed1: tuple[Case, RuleBook], grid: WhatIf) -> None:
    """At the case's own price and date the cell is the plan's normal sale, to the yen; the
    short sale at the plan's own short-sale price (1,900万 = 2,000万 × 95%) likewise."""
    p = plan(*seed1)
    normal = p.exit(ExitKey.NORMAL_SALE)
    cell = grid.cell(20_000_000, SEED1)
    assert (cell.normal.remaining_debt, cell.normal.cash_needed, cell.normal.first_lender) == \
        (normal.remaining_debt, normal.cash_needed, normal.lenders[0].paid) == \
        (6_645_021, 6_645_021, 19_045_500)
    short = p.exit(ExitKey.SHORT_SALE)
    cell = grid.cell(19_000_000, SEED1)
    assert short.price == 19_000_000
    assert (cell.short.remaining_debt, cell.short.cash_needed, cell.short.first_lender) == \
        (short.remaining_debt, short.cash_needed, short.lenders[0].paid) == (7_395_521, 216_500, 18_295_000)
    auction = p.exit(ExitKey.AUCTION_COURT)
    assert grid.auction is not None
    assert grid.auction.recovery == auction.lenders[0].paid == 17_253_400


@settings(max_examples=6, deadline=None)
@given(row=st.integers(0, 9), col=st.integers(0, 5))
def test_cells_equal_a_full_plan(seed1: tuple[Case, RuleBook], grid: WhatIf, row: int, col: int) -> None:
    price, on = grid.prices[row], grid.dates[col]
    p = plan(*_at_price(*seed1, price, on))
    cell = grid.cells[row][col]
    for sale, key in ((cell.normal, ExitKey.NORMAL_SALE), (cell.short, ExitKey.SHORT_SALE)):
        assert sale is not None
        e = p.exit(key)
        assert e.price == price
        assert (sale.remaining_debt, sale.cash_needed, sale.first_lender) == \
            (e.remaining_debt, e.cash_needed, e.lenders[0].paid)


def test_later_months_owe_more(grid: WhatIf) -> None:
    """Late charges at 14% run on the accelerated claim: each month later leaves more debt."""
    row = grid.cells[5]
    debts = [c.normal.remaining_debt for c in row]
    assert debts == sorted(debts)
    assert len(set(debts)) == len(debts)


def test_worked_consent_price(grid: WhatIf) -> None:
    """Seed 1 by hand. The auction pays さくら銀行 17,253,400円 on 2027-11-18, 232 days after
    2027-03-31 (30+31+30+31+31+30+31+18). Discounted at 3% (民法404条2項, the stand-in):
    17,253,400 ÷ (1 + 0.03 × 232/365) = 6,297,491,000 ÷ 371.96 = 16,930,559.2…円.
    A short sale at p pays the lender p − brokerage − 12,000円 (the lien release: 登録免許税
    2,000 + 司法書士 10,000, docs/sources/law-sale-costs.md §3.1), brokerage = ⌊(3% × p + 6万) × 1.1⌋
    (docs/sources/law-sale-costs.md §1.2).
    p = 17,588,996: brokerage ⌊646,436.86…⌋ = 646,436 → 16,930,560 ≥ 16,930,559.2… (holds);
    p = 17,588,995: brokerage ⌊646,436.83…⌋ = 646,436 → 16,930,559 < 16,930,559.2… (fails)."""
    b = {x.key: x for x in grid.break_evens}["consent_price"]
    assert b.price == 17_588_996
    assert grid.auction is not None
    # 1 + 0.03 × 232/365 = (36,500 + 696) / 36,500
    assert grid.auction.discounted(SEED1) == Fraction(17_253_400 * 36_500, 37_196)
    assert 16_930_559 < grid.auction.discounted(SEED1) < 16_930_560
    g = _grid_of(grid)
    assert g.short(17_588_996, SEED1).lenders[0].paid == 16_930_560
    assert g.short(17_588_995, SEED1).lenders[0].paid == 16_930_559
    assert b.assumption  # the discount rate is a flagged stand-in
    assert b.step.inputs["days"] == "232"
    assert b.step.rules[0].key == "market.lender_discount_rate"


def test_worked_clears_liens(seed1: tuple[Case, RuleBook], grid: WhatIf) -> None:
    """The normal sale clears さくら銀行's claim on 2027-03-31 (25,690,521円, the plan's) from
    26,871,790円: one yen less leaves a shortfall of one yen."""
    b = {x.key: x for x in grid.break_evens}["clears_liens"]
    assert b.price == 26_871_790
    g = _grid_of(grid)
    at, below = g.normal(26_871_790, SEED1), g.normal(26_871_789, SEED1)
    assert at.lenders[0].claim == 25_690_521
    assert (at.remaining_debt, below.remaining_debt) == (0, 1)
    full = plan(*_at_price(*seed1, 26_871_790, SEED1)).exit(ExitKey.NORMAL_SALE)
    assert full.feasible
    assert full.remaining_debt == 0


def test_last_short_sale_day(grid: WhatIf) -> None:
    """The bank loan's last day: the day before the auction's 開札 (民執76条,
    docs/sources/law-debt-divorce.md §4.4)."""
    b = {x.key: x for x in grid.break_evens}["last_short_sale_day"]
    assert b.last_day == date(2027, 9, 19)
    assert all(c.short is not None and c.short.possible for r in grid.cells for c in r)
    later = what_if(replace(grid.case, sale_date=date(2027, 7, 31)), _book(grid), months=3,
                    break_evens=False)
    assert [c.short.possible for c in later.cells[0] if c.short] == [True, True, False]


@settings(max_examples=5, deadline=None)
@given(rate=st.integers(0, 12), shift=st.integers(0, 4), value=st.integers(1_400, 3_200))
def test_break_evens_hold_above_and_fail_below(seed1: tuple[Case, RuleBook], rate: int, shift: int,
                                               value: int) -> None:
    """Issue 18 §8: each break-even p holds at p and every higher price tried, fails at p − 1円."""
    case, book = seed1
    on = date(2027, 3 + shift, 28)
    w = what_if(replace(case, sale_date=on, market_value=value * 10_000), book, months=1,
                discount_rate=Fraction(rate, 100))
    g = _grid_of(w)
    target = g.auction_reference(Fraction(rate, 100))
    assert target is not None
    found = {b.key: b for b in w.break_evens}
    checks = {"clears_liens": lambda p: g.normal(p, on).remaining_debt == 0,
              "consent_price": lambda p: consents(g, p, on, target.discounted(on))}
    for key, holds in checks.items():
        b = found[key]
        assert b.price is not None
        assert b.search is not None
        p = b.price
        assert holds(p)
        assert not holds(p - 1)
        for q in [*w.prices, p + 1, p + 9_999, p + 500_000, b.search.high]:
            if q > p:
                assert holds(q), (key, p, q)


def test_threshold_finds_the_last_step_of_a_non_monotone_condition() -> None:
    """A stamp-duty-like step: holds from 100, fails again on [500, 520), holds from 520."""
    found = threshold(lambda p: p >= 520 or 100 <= p < 500, 1, 10_000, checkpoints=[510])
    assert found.price == 520
    assert found.exceptions == ((510, 520),)
    assert threshold(lambda p: True, 1, 50).holds_everywhere
    assert threshold(lambda p: False, 1, 50).price is None


def test_prices_and_errors(seed1: tuple[Case, RuleBook]) -> None:
    assert price_steps(15_000_000, 16_000_000, 500_000) == (15_000_000, 15_500_000, 16_000_000)
    assert default_prices(300_000) == tuple(500_000 * k for k in range(1, 11))
    with pytest.raises(DomainError) as err:
        price_steps(2, 1, 1)
    assert err.value.field == "whatif.prices"
    with pytest.raises(DomainError) as err:
        what_if(*seed1, months=0)
    assert err.value.field == "whatif.months"
    with pytest.raises(DomainError):
        price_steps(1, 10_000_000, 1)


def _grid_of(w: WhatIf, book: RuleBook | None = None):  # type: ignore[no-untyped-def]
    from zansai.engine.plan import build_context
    from zansai.engine.whatif.grid import Grid

    return Grid(build_context(w.case, book or _book(w)))


def _book(w: WhatIf) -> RuleBook:
    return load_case(str(EXAMPLES / "seed1-short-sale.toml"))[1]


def test_every_json_key_is_documented(grid: WhatIf) -> None:
    """docs/whatif-json.md names every key of the object (the `why` steps are the plan's)."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "whatif-json.md").read_text("utf-8")
    keys: set[str] = set()

    def walk(node: object, parent: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if parent in ("discounted", "why", "summary"):
                    continue
                keys.add(k)
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, parent)

    data = grid.to_dict()
    data.update({"zansai_version": "", "rules_fingerprint": ""})
    walk({k: v for k, v in data.items() if k not in ("rules_used", "notes")})
    keys -= set(data["break_evens"])  # the break-evens' own names are documented as `key` values
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing
    assert all(f"`{k}`" in doc for k in data["break_evens"])


def test_consent_when_the_short_sale_repays_the_lender_in_full() -> None:
    """examples/co-owned-gain.toml: the auction's later date adds late charges, so its discounted
    recovery (9,762,001円) exceeds the lender's whole claim on the sale date; from the price that
    repays that claim the lender gives nothing up, and that is the break-even."""
    case, book = load_case(str(EXAMPLES / "co-owned-gain.toml"))
    w = what_if(case, book, months=1)
    b = {x.key: x for x in w.break_evens}["consent_price"]
    assert b.price == 9_217_557
    assert b.summary.id == "whatif.summary.consent_repaid"
    g = _grid_of(w, book)
    on = case.sale_date
    at, below = g.short(9_217_557, on).lenders[0], g.short(9_217_556, on).lenders[0]
    assert at.paid == at.claim
    assert below.paid == below.claim - 1
    assert w.auction is not None
    assert below.paid < w.auction.discounted(on)


@pytest.mark.parametrize(("args", "field"), [
    (["--prices", "2200万:1500万"], "--prices"), (["--prices", "abc"], "--prices"),
    (["--months", "25"], "--months"), (["--discount-rate", "-1"], "--discount-rate")])
def test_cli_mistakes_are_one_bilingual_line(capsys: pytest.CaptureFixture[str], args: list[str],
                                             field: str) -> None:
    from zansai.cli import main

    with pytest.raises(SystemExit) as done:
        main(["whatif", str(EXAMPLES / "seed1-short-sale.toml"), *args])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("エラー: ")
    assert f"error: {field}" in err


def test_cli_table_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    from zansai.cli import main

    main(["whatif", str(EXAMPLES / "seed1-short-sale.toml"), "--prices", "1750万:2000万", "--months", "2",
          "--explain"])
    out = capsys.readouterr().out
    assert "6,645,021円" in out
    assert "17,588,996円 未満" in out
    assert "2027-09-19" in out
    assert "なぜこの数字" in out
