"""JHF's published criteria for 返済方法の変更: the income tests and the limits (extension, age at
the last payment, principal deferment), each test with its figures.

A test whose inputs the case does not give is ``None`` (not known), never guessed; "any of" and
"all of" are three-valued (``any_of``, ``all_of``). The numbers are the rule book's
``rescheduling.*`` rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from zansai.engine.exact import fraction
from zansai.engine.exits.context import Context
from zansai.engine.loan import Schedule
from zansai.model.rescheduling import Rescheduling
from zansai.money import Yen, format_percent
from zansai.rules.model import bracket

__all__ = ["AgeLimit", "IncomeTests", "age_limit", "all_of", "annual_repayment", "any_of",
           "income_tests"]


def any_of(*tests: bool | None) -> bool | None:
    """True if one test is met, False if none is and every one is known, else None."""
    if any(t is True for t in tests):
        return True
    return None if any(t is None for t in tests) else False


def all_of(*tests: bool | None) -> bool | None:
    """False if one test fails, True if every one is met, else None."""
    if any(t is False for t in tests):
        return False
    return None if any(t is None for t in tests) else True


def annual_repayment(schedule: Schedule, change: date) -> Yen:
    """年間総返済額: the payments the current schedule has due in the 12 months after ``change``."""
    i = schedule.next_due(change)
    return 0 if i is None else sum(schedule.columns.payment[i:i + 12])


@dataclass(frozen=True)
class IncomeTests:
    """②: any one of (i) the 4× test, (ii) the 64,000円 × 世帯人員 test, (iii) the burden ratio with
    a 20% fall; ① hardship; and whether the income fell enough for a deferment."""

    hardship: bool | None
    annual_income: Yen | None
    previous_annual_income: Yen | None
    household_size: int | None
    annual_jhf_repayment: Yen
    annual_housing_repayment: Yen
    income_multiple_limit: Yen
    income_multiple_met: bool | None
    monthly_income_limit: Yen | None
    monthly_income_met: bool | None
    burden_ratio: Fraction | None
    burden_ratio_threshold: Fraction | None
    income_fall: Fraction | None
    income_fell: bool | None
    burden_ratio_met: bool | None
    rule: tuple[int, Yen, Fraction]
    """The rule's figures: the income multiple, the 月収 per member, the income fall."""

    @property
    def any_income_test_met(self) -> bool | None:
        return any_of(self.income_multiple_met, self.monthly_income_met, self.burden_ratio_met)

    def to_dict(self, can_keep_paying: bool | None, unemployed: bool) -> dict[str, Any]:
        def pct(x: Fraction | None) -> str | None:
            return None if x is None else format_percent(x)
        return {
            "hardship": self.hardship, "annual_income": self.annual_income,
            "previous_annual_income": self.previous_annual_income,
            "household_size": self.household_size, "annual_jhf_repayment": self.annual_jhf_repayment,
            "annual_housing_repayment": self.annual_housing_repayment,
            "income_multiple_limit": self.income_multiple_limit,
            "income_multiple_met": self.income_multiple_met,
            "monthly_income_limit": self.monthly_income_limit,
            "monthly_income_met": self.monthly_income_met,
            "burden_ratio": pct(self.burden_ratio),
            "burden_ratio_threshold": pct(self.burden_ratio_threshold),
            "income_fall": pct(self.income_fall), "income_fell": self.income_fell,
            "burden_ratio_met": self.burden_ratio_met,
            "any_income_test_met": self.any_income_test_met,
            "can_keep_paying": can_keep_paying,
            "eligible": all_of(self.hardship, self.any_income_test_met, can_keep_paying),
            "deferment_allowed": self.deferment_allowed(unemployed),
        }

    def deferment_allowed(self, unemployed: bool) -> bool | None:
        """元金据置 is open to a borrower out of work now or whose income fell by the rule's share."""
        return True if unemployed else self.income_fell


def income_tests(ctx: Context, r: Rescheduling, *, on: date, annual_jhf: Yen,
                 annual_housing: Yen) -> IncomeTests:
    """The published income tests on the date of the change (``rescheduling.jhf_income_tests`` and
    ``rescheduling.jhf_burden_ratio``); 月収 is read as 年収 ÷ 12, compared without rounding."""
    rule = ctx.use("rescheduling.jhf_income_tests", on)
    bands = ctx.use("rescheduling.jhf_burden_ratio", on)
    multiple, per_member = int(rule["income_multiple"]), int(rule["monthly_income_per_member"])
    fall_needed = fraction(rule["income_fall"])
    income, previous, size = r.annual_income, r.previous_annual_income, r.household_size
    multiple_limit = multiple * annual_jhf
    monthly_limit = per_member * size if size is not None else None
    fall: Fraction | None = None
    ratio: Fraction | None = None
    threshold: Fraction | None = None
    fell: bool | None = None
    above: bool | None = None
    if income is not None and previous:
        fall = Fraction(previous - income, previous)
        fell = fall >= fall_needed
    if income is not None:
        threshold = fraction(bracket(bands, income)["ratio"])
        above = annual_housing > threshold * income  # income 0: any repayment is above
        ratio = Fraction(annual_housing, income) if income else None
    burden_met = all_of(above, fell) if income is not None else None
    return IncomeTests(
        hardship=r.hardship if r.hardship is not None else (True if r.unemployed else None),
        annual_income=income, previous_annual_income=previous, household_size=size,
        annual_jhf_repayment=annual_jhf, annual_housing_repayment=annual_housing,
        income_multiple_limit=multiple_limit,
        income_multiple_met=None if income is None else income <= multiple_limit,
        monthly_income_limit=monthly_limit,
        monthly_income_met=None if income is None or monthly_limit is None
        else income <= 12 * monthly_limit,
        burden_ratio=ratio, burden_ratio_threshold=threshold, income_fall=fall, income_fell=fell,
        burden_ratio_met=burden_met, rule=(multiple, per_member, fall_needed))


def anniversary(birth: date, years: int) -> date:
    """The ``years``-th birthday; one born on 29 February turns a year older at the end of
    28 February in a common year (年齢計算ニ関スル法律), so the anniversary is 1 March."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


@dataclass(frozen=True)
class AgeLimit:
    """The extension the caps allow: at most ``cap_months``, and the last payment by the final age,
    counted both ways (``under``: before that birthday; ``inclusive``: before the next one)."""

    cap_months: int
    final_age: int
    birth_date: date | None
    last_due_under: date | None
    last_due_inclusive: date | None
    max_extension_under: int
    max_extension_inclusive: int
    max_deferment_months: int

    def to_dict(self) -> dict[str, Any]:
        def iso(d: date | None) -> str | None:
            return None if d is None else d.isoformat()
        return {"max_extension_months": self.cap_months, "final_age": self.final_age,
                "birth_date": iso(self.birth_date), "last_due_under_final_age": iso(self.last_due_under),
                "last_due_final_age_inclusive": iso(self.last_due_inclusive),
                "max_extension_months_under_final_age": self.max_extension_under,
                "max_extension_months_final_age_inclusive": self.max_extension_inclusive,
                "max_deferment_months": self.max_deferment_months}


def age_limit(ctx: Context, current: Schedule, birth: date | None, on: date) -> AgeLimit:
    """The longest extension of ``current`` the limits allow (``rescheduling.jhf_limits``)."""
    rule = ctx.use("rescheduling.jhf_limits", on)
    cap, age = int(rule["max_extension_years"]) * 12, int(rule["final_age"])
    deferment = int(rule["max_deferment_years"]) * 12
    if birth is None:
        return AgeLimit(cap, age, None, None, None, cap, cap, deferment)
    under = anniversary(birth, age) - timedelta(days=1)
    inclusive = anniversary(birth, age + 1) - timedelta(days=1)
    last = current.columns.numbers[-1]
    return AgeLimit(cap, age, birth, under, inclusive, _longest(current, last, cap, under),
                    _longest(current, last, cap, inclusive), deferment)


def _longest(current: Schedule, last: int, cap: int, by: date) -> int:
    """The most months (≤ ``cap``) the last payment can move while falling on or before ``by``."""
    for extension in range(cap, 0, -1):
        if current.loan.due_date(last + extension) <= by:
            return extension
    return 0
