"""最低限度の生活を維持するために必要な1年分の費用 (民再241条3項, 平成13年政令第50号) and the
可処分所得 it leaves (241条2項7号).

The 政令's structure is known (1条: five components; 2条: 個人別 by 居住地域 and age), its 別表
amounts are not (rule ``rehabilitation.minimum_living_cost_order``). So the engine takes the yearly
cost from the user; ``minimum_living_cost`` is the 1条 sum that will take the components once the
tables are transcribed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zansai.money import Yen

COMPONENTS = ("individual", "household", "winter", "housing", "work_expenses")
"""The 1条 components in its order: 個人別生活費, 世帯別生活費, 冬季特別生活費, 住居費, 勤労必要経費."""


@dataclass(frozen=True, slots=True)
class LivingCostComponents:
    """The 政令 1条's components for one household, each a yearly amount from its 別表."""

    individual: Sequence[Yen]
    """個人別生活費 (2条): one amount per person, the debtor and each dependant, by 居住地域 and age."""
    household: Yen
    """世帯別生活費, by 居住地域 and the number in the household."""
    winter: Yen
    """冬季特別生活費, by the winter region and the number in the household."""
    housing: Yen
    """住居費, by municipality class and the number in the household."""
    work_expenses: Yen
    """勤労必要経費, by 居住地域 and income class."""


def minimum_living_cost(parts: LivingCostComponents) -> Yen:
    """The yearly minimum living cost of 政令1条: the sum of its five components."""
    amounts = [*parts.individual, parts.household, parts.winter, parts.housing, parts.work_expenses]
    if any(not isinstance(a, int) or isinstance(a, bool) or a < 0 for a in amounts):
        raise ValueError("every component is a non-negative whole yen amount")
    return sum(amounts)


def disposable_income_test(annual_income: Yen, living_cost: Yen, years: int) -> Yen:
    """241条2項7号: ``years`` × (the yearly income after taxes and social insurance − the yearly
    minimum living cost), never below 0."""
    return max(0, years * (annual_income - living_cost))
