"""From raw loan options (CLI flags, form fields) to a validated ``Loan``.

Shared by every shell, so the CLI, the web form and the API reject the same mistakes with
the same bilingual messages.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from zansai.errors import InputError
from zansai.inputs import (
    parse_choice,
    parse_date,
    parse_int,
    parse_month,
    parse_months_list,
    parse_percent,
    parse_term,
    parse_yen,
    today_jst,
)
from zansai.model import CONVENTIONS, Anchor, Loan, Method, Prepayment, PrepaymentMode, RateChange
from zansai.notation import normalize
from zansai.rules import RuleBook
from zansai.trace import RuleUse

METHODS = {
    "annuity": "annuity", "元利均等": "annuity", "level": "annuity",
    "equal-principal": "equal_principal", "equal_principal": "equal_principal",
    "元金均等": "equal_principal",
}
PREPAY_MODES = {
    "shorten": "shorten_term", "shorten_term": "shorten_term", "shorten-term": "shorten_term",
    "期間短縮": "shorten_term",
    "reduce": "reduce_payment", "reduce_payment": "reduce_payment",
    "reduce-payment": "reduce_payment", "返済額軽減": "reduce_payment",
}
MAX_YEARS = 50


@dataclass(frozen=True, slots=True)
class LoanOptions:
    """Loan options as the user typed them (strings), before validation."""

    principal: str | None
    rate: str | None
    years: str | None
    method: str = "annuity"
    bonus_share: str | None = None
    bonus_months: str = "6,12"
    start: str | None = None
    payment_day: str | None = None
    rounding: str = "jp_floor"
    rate_changes: tuple[str, ...] = ()
    five_year_rule: bool = False
    payment_cap_125: bool = False
    prepayments: tuple[str, ...] = ()
    anchor: str | None = None
    today: date = field(default_factory=today_jst)


@dataclass(frozen=True, slots=True)
class BuiltLoan:
    loan: Loan
    rules_used: tuple[RuleUse, ...] = ()


def _split(field_name: str, raw: str, parts: int, example: str, minimum: int | None = None) -> list[str]:
    """``raw`` split on ':' into ``minimum`` (default: all but the last, optional one) to ``parts`` items."""
    items = normalize(raw).split(":")  # a full-width colon too
    if len(items) < (parts - 1 if minimum is None else minimum) or len(items) > parts:
        raise InputError.invalid(field_name, raw, f"{example} の形で指定してください",
                                 f"use the form {example}")
    return items


def _required(name: str, value: str | None) -> str:
    if value is None:
        raise InputError(f"{name} を指定してください（または --file）",
                         f"{name} is required (or give --file)", field=name)
    return value


def build_loan(opts: LoanOptions, book: RuleBook | None = None) -> BuiltLoan:
    """Validate every option and build the ``Loan``; raises ``InputError`` on a mistake."""
    book = book or RuleBook.default()
    principal = parse_yen("--principal", _required("--principal", opts.principal))
    rate = parse_percent("--rate", _required("--rate", opts.rate))
    months = parse_term("--years", _required("--years", opts.years), maximum=MAX_YEARS * 12)
    method = Method(parse_choice("--method", opts.method, METHODS))
    rounding_name = parse_choice("--rounding", opts.rounding, {k: k for k in CONVENTIONS})
    first, day = _first_payment(opts)
    used: list[RuleUse] = []
    bonus_months = parse_months_list("--bonus-months", opts.bonus_months)
    bonus_principal = _bonus_principal(opts, principal, first, book, used)
    rate_changes = _rate_changes(opts)
    prepayments = _prepayments(opts, first)
    anchor = _anchor(opts, first, principal)
    review_months, cap_ratio = _payment_protections(opts, first, book, used)
    loan = Loan(
        review_months=review_months, payment_cap=cap_ratio,
        principal=principal, annual_rate=rate, months=months, first_payment=first,
        method=method, payment_day=day, bonus_principal=bonus_principal,
        bonus_months=bonus_months, rate_changes=rate_changes,
        five_year_rule=opts.five_year_rule, payment_cap_125=opts.payment_cap_125,
        prepayments=prepayments, anchor=anchor, rounding=CONVENTIONS[rounding_name],
    )
    _anchor_before_the_end(opts, loan)
    return BuiltLoan(loan=loan, rules_used=tuple(used))


def _anchor_before_the_end(opts: LoanOptions, loan: Loan) -> None:
    """A balance left on a statement dated on or after the last due date would never be repaid
    (no payment is left to make): refuse it rather than print an empty schedule. A zero balance
    there is a loan repaid, and stands."""
    if loan.anchor is None or loan.anchor.balance == 0:
        return
    last = loan.due_date(loan.months)
    if loan.anchor.on >= last:
        raise InputError.invalid("--anchor", opts.anchor,
                                 f"残高が残るなら最終返済日 {last} より前の日付にしてください",
                                 f"with a balance left, the date must be before the last due date {last}")


def _first_payment(opts: LoanOptions) -> tuple[date, int]:
    """The first due date (--start, default next month) and the due day (--payment-day, default 1)."""
    if opts.start:
        y, m = parse_month("--start", opts.start)
    else:
        nxt = opts.today.month % 12 + 1
        y, m = opts.today.year + (opts.today.month == 12), nxt
    day = parse_int("--payment-day", opts.payment_day, minimum=1, maximum=31) \
        if opts.payment_day else 1
    return date(y, m, min(day, calendar.monthrange(y, m)[1])), day


def _bonus_principal(opts: LoanOptions, principal: int, first: date, book: RuleBook,
                     used: list[RuleUse]) -> int:
    """The part of the loan repaid by bonus payments (ボーナス併用), within ``loan.bonus_share_cap``."""
    if opts.bonus_share is None:
        return 0
    share = parse_percent("--bonus-share", opts.bonus_share)
    cap = book.at("loan.bonus_share_cap", first)
    used.append(RuleUse.of(cap))
    if share > Fraction(cap.value):
        raise InputError.invalid(
            "--bonus-share", opts.bonus_share,
            f"ボーナス返済分は借入額の {cap.display()} 以内です（{cap.rule.key}）",
            f"the bonus part may be at most {cap.display()} of the loan ({cap.rule.key})",
        )
    return (principal * share.numerator) // share.denominator


def _rate_changes(opts: LoanOptions) -> tuple[RateChange, ...]:
    changes = []
    for raw in opts.rate_changes:
        when, pct = _split("--rate-change", raw, 2, "YYYY-MM-DD:PERCENT", minimum=2)
        changes.append(RateChange(parse_date("--rate-change", when),
                                  parse_percent("--rate-change", pct)))
    return tuple(changes)


def _prepayments(opts: LoanOptions, first: date) -> tuple[Prepayment, ...]:
    prepayments = []
    for raw in opts.prepayments:
        items = _split("--prepay", raw, 3, "YYYY-MM-DD:YEN[:shorten|reduce]")
        on = parse_date("--prepay", items[0])
        amount = parse_yen("--prepay", items[1])
        mode = PrepaymentMode(parse_choice("--prepay", items[2], PREPAY_MODES)) \
            if len(items) == 3 else PrepaymentMode.SHORTEN_TERM
        if on < first:
            raise InputError.invalid("--prepay", raw, f"返済開始 {first} 以降の日付にしてください",
                                     f"the date must be on or after the first payment {first}")
        prepayments.append(Prepayment(on, amount, mode))
    return tuple(prepayments)


def _anchor(opts: LoanOptions, first: date, principal: int) -> Anchor | None:
    """A balance known from a statement (--anchor DATE:BALANCE[:PAYMENT])."""
    if not opts.anchor:
        return None
    items = _split("--anchor", opts.anchor, 3, "YYYY-MM-DD:YEN[:PAYMENT]")
    on = parse_date("--anchor", items[0])
    bal = parse_yen("--anchor", items[1], allow_zero=True)
    pay = parse_yen("--anchor", items[2]) if len(items) == 3 else None
    if on < first:
        raise InputError.invalid("--anchor", opts.anchor,
                                 f"返済開始 {first} 以降の日付にしてください",
                                 f"the date must be on or after the first payment {first}")
    if bal > principal:
        raise InputError.invalid("--anchor", opts.anchor, "残高は借入額以下にしてください",
                                 "the balance cannot exceed the principal")
    return Anchor(on=on, balance=bal, payment=pay)


def _payment_protections(opts: LoanOptions, first: date, book: RuleBook,
                         used: list[RuleUse]) -> tuple[int | None, Fraction | None]:
    """The 5年ルール interval and the 125%ルール ratio, from the rule book, when asked for."""
    review_months: int | None = None
    cap_ratio: Fraction | None = None
    if opts.five_year_rule:
        review = book.at("loan.payment_review_months", first)
        used.append(RuleUse.of(review))
        review_months = int(review.value)
    if opts.payment_cap_125:
        cap_rule = book.at("loan.payment_cap_ratio", first)
        used.append(RuleUse.of(cap_rule))
        cap_ratio = Fraction(cap_rule.value)
    return review_months, cap_ratio


def check_date_in_loan(field_name: str, on: date, loan: Loan) -> None:
    """A date asked about must not be before the loan starts."""
    if on < loan.first_payment.replace(day=1):
        raise InputError.invalid(
            field_name, on.isoformat(),
            f"ローンの開始（{loan.first_payment.isoformat()}）以降の日付を指定してください",
            f"the date must not be before the loan starts ({loan.first_payment.isoformat()})",
        )
