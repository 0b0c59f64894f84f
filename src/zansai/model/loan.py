"""The loan contract (住宅ローン) as the engine reads it: terms, rate changes, prepayments.

Plain frozen data with its invariants checked on construction; the schedule arithmetic is in
``zansai.engine.loan``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from zansai.errors import DomainError
from zansai.messages import Msg, msg
from zansai.money import Rounding, Yen


class Method(StrEnum):
    """How each payment splits into interest and principal."""

    ANNUITY = "annuity"
    """元利均等: level total payment."""
    EQUAL_PRINCIPAL = "equal_principal"
    """元金均等: level principal part."""


class PrepaymentMode(StrEnum):
    SHORTEN_TERM = "shorten_term"
    """期間短縮型: the payment stays, the term shortens."""
    REDUCE_PAYMENT = "reduce_payment"
    """返済額軽減型: the term stays, the payment is recomputed."""


@dataclass(frozen=True, slots=True)
class RoundingConvention:
    """Named yen rounding of a schedule (every result records the one it used)."""

    name: str
    payment: Rounding
    interest: Rounding
    bonus_payment: Rounding
    principal_part: Rounding
    about: Msg
    """What the convention does, in both languages (``description`` says both at once)."""
    last_payment_absorbs_remainder: bool = True

    @property
    def description(self) -> str:
        """"ja (en)": the convention in one line, as the loan JSON and the notes give it."""
        return f"{self.about.ja} ({self.about.en})"


JP_FLOOR = RoundingConvention(
    name="jp_floor",
    payment=Rounding.FLOOR,
    interest=Rounding.FLOOR,
    bonus_payment=Rounding.FLOOR,
    principal_part=Rounding.FLOOR,
    about=msg("model.rounding.jp_floor"),
)
HALF_UP = RoundingConvention(
    name="half_up",
    payment=Rounding.HALF_UP,
    interest=Rounding.HALF_UP,
    bonus_payment=Rounding.HALF_UP,
    principal_part=Rounding.HALF_UP,
    about=msg("model.rounding.half_up"),
)
PAYMENT_CEIL = RoundingConvention(
    name="payment_ceil",
    payment=Rounding.CEIL,
    interest=Rounding.FLOOR,
    bonus_payment=Rounding.CEIL,
    principal_part=Rounding.CEIL,
    about=msg("model.rounding.payment_ceil"),
)
CONVENTIONS = {c.name: c for c in (JP_FLOOR, HALF_UP, PAYMENT_CEIL)}


@dataclass(frozen=True, slots=True)
class RateChange:
    """A new annual rate for payments due on or after ``effective``."""

    effective: date
    annual_rate: Fraction


@dataclass(frozen=True, slots=True)
class Prepayment:
    """繰上返済: ``amount`` paid right after the regular payment due on or after ``on``."""

    on: date
    amount: Yen
    mode: PrepaymentMode = PrepaymentMode.SHORTEN_TERM


@dataclass(frozen=True, slots=True)
class Anchor:
    """A balance the borrower knows from a statement: "balance X after the payment of D"."""

    on: date
    balance: Yen
    payment: Yen | None = None
    """The regular monthly payment from then on; None keeps the scheduled one."""
    bonus_balance: Yen | None = None
    """The bonus part of ``balance`` when known; otherwise split as scheduled."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Loan:
    """One home loan contract."""

    principal: Yen
    annual_rate: Fraction
    months: int
    first_payment: date
    """The first due date; later ones fall on ``payment_day`` of each following month."""
    method: Method = Method.ANNUITY
    payment_day: int | None = None
    """Day of the month payments fall due (default: the day of ``first_payment``); a short
    month uses its last day."""
    bonus_principal: Yen = 0
    bonus_months: tuple[int, int] = (6, 12)
    rate_changes: tuple[RateChange, ...] = ()
    five_year_rule: bool = False
    """5年ルール: the annuity payment is reviewed only every ``review_months`` payments."""
    payment_cap_125: bool = False
    """125%ルール: a reviewed payment is at most ``payment_cap`` × the previous one."""
    review_months: int | None = None
    """Months between reviews (rule ``loan.payment_review_months``, read by the loan's builder);
    required with ``five_year_rule``."""
    payment_cap: Fraction | None = None
    """Largest reviewed payment ÷ previous one (rule ``loan.payment_cap_ratio``); required with
    ``payment_cap_125``."""
    prepayments: tuple[Prepayment, ...] = ()
    anchor: Anchor | None = None
    rounding: RoundingConvention = JP_FLOOR
    name: str = "loan"

    @property
    def monthly_principal(self) -> Yen:
        return self.principal - self.bonus_principal

    @property
    def due_day(self) -> int:
        return self.payment_day or self.first_payment.day

    def due_date(self, number: int) -> date:
        """The due date of payment ``number`` (1-based)."""
        m0 = self.first_payment.year * 12 + self.first_payment.month - 1 + number - 1
        y, m = divmod(m0, 12)
        m += 1
        return date(y, m, min(self.due_day, calendar.monthrange(y, m)[1]))

    def rate_on(self, due: date) -> Fraction:
        rate = self.annual_rate
        for change in self.rate_changes:
            if change.effective <= due:
                rate = change.annual_rate
        return rate

    def __post_init__(self) -> None:
        if self.five_year_rule and self.review_months is None:
            raise DomainError.about("loan.review_months", msg("model.checks.review_months"))
        if self.payment_cap_125 and self.payment_cap is None:
            raise DomainError.about("loan.payment_cap", msg("model.checks.payment_cap"))


class LateChargeBase(StrEnum):
    """What an overdue instalment's late charge is computed on (it depends on the contract)."""

    PRINCIPAL = "principal"
    """The overdue principal part only (e.g. auじぶん銀行's published terms)."""
    INSTALMENT = "instalment"
    """The whole overdue instalment."""


class LenderType(StrEnum):
    BANK = "bank"
    JHF = "jhf"
    """住宅金融支援機構 (フラット35)."""
    GUARANTOR_COMPANY = "guarantor_company"
    """保証会社 after 代位弁済."""
