"""Named roundings: how each one rounds and how a result names it (never typed into prose)."""

import pytest

from zansai.money import Rounding, round_div


@pytest.mark.parametrize(("mode", "unit", "label"), [
    (Rounding.FLOOR, 1, "1円未満切捨て"),
    (Rounding.FLOOR, 1_000, "1,000円未満切捨て"),  # 国税通則法118条1項 (the rule tax.national_tax_rounding)
    (Rounding.FLOOR, None, "円未満切捨て"),
    (Rounding.CEIL, 1, "1円未満切上げ"),
    (Rounding.HALF_UP, 1, "1円未満四捨五入"),
])
def test_each_rounding_names_itself(mode: Rounding, unit: int | None, label: str) -> None:
    assert mode.label(unit) == label


@pytest.mark.parametrize(("num", "den", "floor", "ceil", "half_up"), [
    (7, 2, 3, 4, 4), (-7, 2, -4, -3, -4), (5, 3, 1, 2, 2), (4, 3, 1, 2, 1), (6, 3, 2, 2, 2),
])
def test_each_rounding_rounds_as_named(num: int, den: int, floor: int, ceil: int, half_up: int) -> None:
    assert round_div(num, den, Rounding.FLOOR) == floor
    assert round_div(num, den, Rounding.CEIL) == ceil
    assert round_div(num, den, Rounding.HALF_UP) == half_up
