"""The quick check (かんたん診断): at most seven plain questions → the data of a case file.

A frightened homeowner answers what is owed (the loan as borrowed, or the balance on a
statement), who lent it, what the home could sell for (or 「わからない」), since when payments
are missed, who else signed, and when they would like to sell. ``read_answers`` parses the raw
form (every problem at once, by question; the parsing is ``zansai.inputs``'), and ``to_case``
translates complete answers into the case data the case builder takes, with the assumptions it
had to make (``assumptions``). The translation is pure: no engine, no web.

A loan known from a statement becomes a loan whose schedule continues from that balance with
the statement's payment (the case file's ``anchor``), at the rate printed on it or, left blank,
the market-practice rate ``loan.typical_rate``, flagged as an assumption.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from zansai.dates import add_months
from zansai.errors import InputError, ZansaiError
from zansai.inputs import MAX_YEN, parse_month, parse_percent, parse_term, parse_yen
from zansai.loanspec import MAX_YEARS
from zansai.messages import Msg, msg
from zansai.money import format_percent, fraction_to_decimal
from zansai.rules import RuleBook

MAN = 10_000
"""万円: the unit of the money questions (2800 means 2,800万円)."""
MAX_TERM_YEARS = MAX_YEARS
"""The longest term the loan builder takes."""
SELF = "本人"
"""The homeowner's name in the case (the borrower and owner); the quick check asks no name. They
agree to the sale they ask about, so their consent is not listed as still needed."""
GUARANTOR_COMPANY = "保証会社"
"""A bank loan's guarantee company, by its generic name (the quick check asks no name)."""
PERSON_MAX_CHARS = 20

OWED = ("loan", "statement")
LENDERS = ("bank", "jhf")
ROLES = ("guarantor", "co_debtor")

FIELDS = ("owed", "loan_amount", "rate", "years", "first_month", "balance", "monthly_payment",
          "statement_month", "lender", "value", "value_unknown", "missed", "missed_since",
          "person", "person_role", "sell_month", "municipality", "floor_area", "home_kind")
"""Every input of the quick form (the last three: the optional location, issue 20)."""
HOME_KINDS = ("house", "condo")

Month = tuple[int, int]


@dataclass(frozen=True, slots=True)
class LoanAnswer:
    """The loan as borrowed: 借入額, 金利, 返済期間, 返済開始月."""

    principal: int
    rate: Fraction
    years: int
    first_month: Month


@dataclass(frozen=True, slots=True)
class StatementAnswer:
    """The loan as a statement shows it: the balance after the payment of ``month``, the monthly
    payment and, if given, the rate (返済予定表・残高証明書)."""

    balance: int
    monthly_payment: int
    month: Month
    rate: Fraction | None


@dataclass(frozen=True, slots=True)
class QuickAnswers:
    """The answers, parsed. ``value`` None is 「わからない」; ``missed_since`` None: nothing missed;
    ``person`` None: nobody else signed."""

    owed: LoanAnswer | StatementAnswer
    lender: Literal["bank", "jhf"]
    value: int | None
    missed_since: Month | None
    person: str | None
    person_role: Literal["guarantor", "co_debtor"]
    sell_month: Month
    municipality: str | None = None
    """市区町村コード (optional): with ``floor_area``, a 「わからない」 value is priced from the
    comparable sales imported for it."""
    floor_area: Decimal | None = None
    home_kind: Literal["house", "condo"] = "house"


@dataclass(frozen=True, slots=True)
class Problem:
    """One question's problem: ``missing`` (not answered yet) or a wrong value."""

    field: str
    error: ZansaiError
    missing: bool = False


@dataclass
class Reading:
    """What ``read_answers`` made of a form: the answers when complete, every problem, and the
    values that parsed (for carrying into the full form)."""

    answers: QuickAnswers | None
    problems: list[Problem]
    parsed: dict[str, Any] = field(default_factory=dict)

    def problem(self, name: str) -> Problem | None:
        return next((p for p in self.problems if p.field == name), None)


def _error(name: str, m: Msg) -> InputError:
    return InputError.about(name, m.ja, m.en)


def _month_text(m: Month) -> str:
    return f"{m[0]:04d}-{m[1]:02d}"


def default_sell_month(today: date, book: RuleBook) -> Month:
    """A few months ahead (``market.sale_lead_months``), not today."""
    lead = int(book.at("market.sale_lead_months", today).value)
    d = add_months(today.replace(day=1), lead)
    return d.year, d.month


class _Reader:
    """Parses one form field at a time and keeps every problem."""

    def __init__(self, form: Mapping[str, str]) -> None:
        self.form = form
        self.problems: list[Problem] = []
        self.parsed: dict[str, Any] = {}

    def raw(self, name: str) -> str:
        return str(self.form.get(name) or "").strip()

    def choice(self, name: str, choices: tuple[str, ...]) -> str:
        value = self.raw(name)
        return value if value in choices else choices[0]

    def get(self, name: str, parse: Any, *, required: bool = True) -> Any:
        text = self.raw(name)
        if not text:
            if required:
                self.fail(name, msg(f"quick.missing.{name}"), missing=True)
            return None
        try:
            value = parse(name, text)
        except InputError as exc:
            self.problems.append(Problem(name, exc))
            return None
        self.parsed[name] = value
        return value

    def fail(self, name: str, m: Msg, *, missing: bool = False) -> None:
        if not any(p.field == name for p in self.problems):
            self.problems.append(Problem(name, _error(name, m), missing))
        self.parsed.pop(name, None)


def _man(name: str, raw: str) -> int:
    return parse_yen(name, raw, unit=MAN)


def _yen(name: str, raw: str) -> int:
    return parse_yen(name, raw)


def _years(name: str, raw: str) -> int:
    return parse_term(name, raw, whole_years=True, minimum=12, maximum=MAX_TERM_YEARS * 12) // 12


def _rate(name: str, raw: str) -> Fraction:
    return parse_percent(name, raw, below=20)


def _owed(r: _Reader, this_month: Month) -> LoanAnswer | StatementAnswer | None:
    if r.choice("owed", OWED) == "loan":
        principal = r.get("loan_amount", _man)
        rate = r.get("rate", _rate)
        years = r.get("years", _years)
        first = r.get("first_month", parse_month)
        if first is not None and first > this_month:
            r.fail("first_month", msg("quick.check.start_future", month=_month_text(this_month)))
            first = None
        if None in (principal, rate, years, first):
            return None
        end = add_months(_first_day(first), years * 12 - 1)
        if (end.year, end.month) < this_month:
            r.fail("years", msg("quick.check.loan_over", month=_month_text((end.year, end.month))))
            return None
        return LoanAnswer(principal, rate, years, first)
    balance = r.get("balance", _man)
    payment = r.get("monthly_payment", _yen)
    month = r.get("statement_month", parse_month)
    rate = r.get("rate", _rate, required=False)
    if month is not None and month > this_month:
        r.fail("statement_month", msg("quick.check.statement_future", month=_month_text(this_month)))
        month = None
    if None in (balance, payment, month):
        return None
    return StatementAnswer(balance, payment, month, rate)


def _checks(r: _Reader, missed: Month | None, sell: Month | None, this_month: Month) -> None:
    """What only two answers together can tell (each names the later question)."""
    if missed is not None and missed > this_month:
        r.fail("missed_since", msg("quick.check.missed_future", month=_month_text(this_month)))
    if sell is not None and sell < this_month:
        r.fail("sell_month", msg("quick.check.sell_past", month=_month_text(this_month)))
    if r.choice("owed", OWED) == "loan":
        first = r.parsed.get("first_month")
        if first is None:
            return
        if missed is not None and missed < first:
            r.fail("missed_since", msg("quick.check.missed_before_start", start=_month_text(first)))
        if sell is not None and sell < first:
            r.fail("sell_month", msg("quick.check.sell_before_start", start=_month_text(first)))
        return
    month = r.parsed.get("statement_month")
    if month is not None and missed is not None and missed <= month:
        r.fail("missed_since", msg("quick.check.missed_not_after_statement", month=_month_text(month)))


def read_answers(form: Mapping[str, str], *, today: date, book: RuleBook) -> Reading:
    """The quick form's raw strings → the answers, or every problem, by question."""
    r = _Reader(form)
    this_month = (today.year, today.month)
    owed = _owed(r, this_month)
    lender = r.choice("lender", LENDERS)
    unknown = r.raw("value_unknown") in ("1", "on", "true")
    value = None if unknown else r.get("value", _man)
    missed = r.get("missed_since", parse_month) if r.choice("missed", ("no", "yes")) == "yes" else None
    person = r.raw("person") or None
    if person is not None and len(person) > PERSON_MAX_CHARS:
        r.fail("person", msg("quick.check.person_name"))
    elif person == SELF:
        r.fail("person", msg("quick.check.person_self"))
    sell = r.get("sell_month", parse_month, required=False) if r.raw("sell_month") \
        else default_sell_month(today, book)
    _checks(r, missed, sell, this_month)
    municipality, floor_area = _location(r)
    if isinstance(owed, StatementAnswer):
        owed = _check_statement(r, owed, book, today)
    if r.problems or owed is None or sell is None:
        return Reading(None, r.problems, r.parsed)
    answers = QuickAnswers(owed=owed, lender="jhf" if lender == "jhf" else "bank", value=value,
                           missed_since=missed, person=person,
                           person_role="co_debtor" if r.raw("person_role") == "co_debtor" else "guarantor",
                           sell_month=sell, municipality=municipality, floor_area=floor_area,
                           home_kind="condo" if r.raw("home_kind") == "condo" else "house")
    return Reading(answers, [], r.parsed)


def _location(r: _Reader) -> tuple[str | None, Decimal | None]:
    """The optional 市区町村コード and 床面積 (the area is needed once the code is given)."""
    from zansai.case import location

    def parsed(parse: Any) -> Any:
        def run(name: str, raw: str) -> Any:
            try:
                return parse(raw)
            except ValueError as exc:  # pydantic_core's PydanticCustomError, with ja / en
                context = getattr(exc, "context", None) or {}
                raise InputError.about(name, str(context.get("ja", exc)), str(context.get("en", exc))) \
                    from None
        return run

    code = r.get("municipality", parsed(location.municipality_code), required=False)
    area = r.get("floor_area", parsed(location.floor_area), required=code is not None)
    return code, area


def statement_rate(s: StatementAnswer, book: RuleBook, today: date) -> Fraction:
    """The statement's rate, or the typical one (``loan.typical_rate``) when left blank."""
    if s.rate is not None:
        return s.rate
    return Fraction(str(book.at("loan.typical_rate", today).value))


def remaining_payments(balance: int, payment: int, rate: Fraction) -> int | None:
    """How many monthly payments of ``payment`` repay ``balance`` at ``rate`` a year (each month's
    interest floored to the yen, as the 償還表 does); None when it takes over the longest term."""
    monthly = rate / 12
    for n in range(1, MAX_TERM_YEARS * 12 + 1):
        interest = (balance * monthly.numerator) // monthly.denominator
        balance = balance + interest - payment
        if balance <= 0:
            return n
    return None


def _check_statement(r: _Reader, s: StatementAnswer, book: RuleBook, today: date) -> StatementAnswer | None:
    rate = statement_rate(s, book, today)
    monthly = rate / 12
    interest = (s.balance * monthly.numerator) // monthly.denominator
    if s.monthly_payment <= interest:
        r.fail("monthly_payment", msg("quick.check.payment_below_interest", rate=format_percent(rate),
                                      interest=interest))
        return None
    if remaining_payments(s.balance, s.monthly_payment, rate) is None:
        r.fail("monthly_payment", msg("quick.check.payment_too_small", years=MAX_TERM_YEARS))
        return None
    return s


def _percent_text(rate: Fraction) -> str:
    return f"{fraction_to_decimal(rate * 100, 6):f}"


def _first_day(m: Month) -> date:
    return date(m[0], m[1], 1)


def _last_day(m: Month) -> date:
    return date.fromordinal(add_months(_first_day(m), 1).toordinal() - 1)


def _loan(owed: LoanAnswer | StatementAnswer, book: RuleBook, today: date) -> dict[str, Any]:
    if isinstance(owed, LoanAnswer):
        return {"principal": owed.principal, "rate": _percent_text(owed.rate), "years": owed.years,
                "start": _month_text(owed.first_month)}
    rate = statement_rate(owed, book, today)
    n = remaining_payments(owed.balance, owed.monthly_payment, rate) or MAX_TERM_YEARS * 12
    # The statement's month is the loan's first month here; its payment is the statement's own,
    # and the schedule continues from the balance after it (one more month than the payments left).
    years = min(MAX_TERM_YEARS, -(-(n + 1) // 12))
    on = _first_day(owed.month)
    return {"principal": owed.balance, "rate": _percent_text(rate), "years": years,
            "start": _month_text(owed.month),
            "anchor": f"{on.isoformat()}:{owed.balance}:{owed.monthly_payment}"}


def purchase_needed() -> bool:
    """Whether the case file still asks for the purchase date and price (a newer schema makes them
    optional, and the tax result then says it was not computed)."""
    from zansai.case.schema import PropertyIn

    return PropertyIn.model_fields["acquisition_price"].is_required()


def to_case(a: QuickAnswers, *, today: date, book: RuleBook, title: str = "") -> dict[str, Any]:
    """The case data of complete answers (``at`` is left out: the case is judged on the day it is
    planned). A 「わからない」 value leaves ``valuation`` out; see ``with_value``."""
    loan: dict[str, Any] = {"name": "住宅ローン", "lender": a.lender,
                            "holder": "住宅金融支援機構" if a.lender == "jhf" else "銀行",
                            **_loan(a.owed, book, today), "debtors": [SELF]}
    if a.lender == "bank":
        loan["guarantee_company"] = GUARANTOR_COMPANY
    people: list[dict[str, Any]] = [{"name": SELF, "share": "1/1", "consents": True}]
    if a.person is not None:
        people.append({"name": a.person})
        if a.person_role == "guarantor":
            loan["guarantors"] = [a.person]  # 連帯保証人
        else:
            loan["debtors"] = [SELF, a.person]  # 連帯債務者
    data: dict[str, Any] = {"title": title, "sale_date": _last_day(a.sell_month).isoformat(),
                            "property": {"kind": a.home_kind, "lived_in": True}, "loans": [loan],
                            "people": people}
    if a.municipality is not None and a.floor_area is not None:
        data["property"] |= {"municipality_code": a.municipality, "floor_area_m2": str(a.floor_area)}
    if purchase_needed():
        start = _first_day(a.owed.first_month if isinstance(a.owed, LoanAnswer) else a.owed.month)
        data["property"]["acquired_on"] = add_months(start, -1).isoformat()
        data["property"]["acquisition_price"] = (a.owed.principal if isinstance(a.owed, LoanAnswer)
                                                 else a.owed.balance)
    if a.value is not None:
        data["valuation"] = {"market_value": a.value}
    elif "municipality_code" in data["property"]:
        data["valuation"] = {}  # valued from comparable sales, where the app has them
    if a.missed_since is not None:
        data["delinquency"] = {"first_missed": _first_day(a.missed_since).isoformat()}
    if not title:
        data.pop("title")
    return data


def with_value(data: Mapping[str, Any], value: int) -> dict[str, Any]:
    """The case at a price of ``value`` (for a range of prices when the value is 「わからない」)."""
    return {**data, "valuation": {"market_value": min(value, MAX_YEN)}}


def assumptions(a: QuickAnswers, *, today: date, book: RuleBook) -> list[Msg]:
    """What the translation had to assume, said to the homeowner beside the answer."""
    out: list[Msg] = []
    if isinstance(a.owed, StatementAnswer):
        rate = statement_rate(a.owed, book, today)
        n = remaining_payments(a.owed.balance, a.owed.monthly_payment, rate) or 0
        out.append(msg("quick.assume.statement", balance=a.owed.balance, payment=a.owed.monthly_payment,
                       months=n))
        if a.owed.rate is None:
            out.append(msg("quick.assume.rate", rate=format_percent(rate)))
    out.append(msg("quick.assume.payment_day"))
    if a.home_kind == "house":
        out.append(msg("quick.assume.house"))
    if purchase_needed():
        out.append(msg("quick.assume.purchase"))
    return out


def partial_case(reading: Reading, form: Mapping[str, str], *, today: date, book: RuleBook) -> dict[str, Any]:
    """Case data from incomplete answers, for the full form: every answer that parsed, converted
    (万円 → 円), and the text of the others that are not money (the full form then says what is
    wrong with them), so nothing is typed twice."""
    got = reading.parsed

    def text(name: str) -> Any:
        return str(form.get(name) or "").strip() or None

    loan: dict[str, Any] = {"lender": "jhf" if form.get("lender") == "jhf" else "bank"}
    if form.get("owed") == "statement":
        loan["principal"] = got.get("balance")
        if "balance" in got and "monthly_payment" in got and "statement_month" in got:
            loan["anchor"] = (f"{_first_day(got['statement_month']).isoformat()}:{got['balance']}:"
                              f"{got['monthly_payment']}")
            loan["start"] = _month_text(got["statement_month"])
    else:
        loan["principal"] = got.get("loan_amount")
        loan["years"] = got.get("years", text("years"))
        loan["start"] = _month_text(got["first_month"]) if "first_month" in got else text("first_month")
    loan["rate"] = _percent_text(got["rate"]) if "rate" in got else text("rate")
    loan["debtors"] = [SELF]
    people: list[dict[str, Any]] = [{"name": SELF, "share": "1/1", "consents": True}]
    person = text("person")
    if person is not None and len(person) <= PERSON_MAX_CHARS and person != SELF:
        people.append({"name": person})
        if form.get("person_role") == "co_debtor":
            loan["debtors"] = [SELF, person]
        else:
            loan["guarantors"] = [person]
    data: dict[str, Any] = {"loans": [{k: v for k, v in loan.items() if v is not None}],
                            "property": {"kind": "house"}, "people": people}
    if "value" in got and form.get("value_unknown") not in ("1", "on", "true"):
        data["valuation"] = {"market_value": got["value"]}
    if form.get("missed") == "yes":
        missed = got.get("missed_since")
        data["delinquency"] = {"first_missed": _first_day(missed).isoformat() if missed
                               else text("missed_since")}
    sell = got.get("sell_month") or (default_sell_month(today, book) if not text("sell_month") else None)
    data["sale_date"] = _last_day(sell).isoformat() if sell else text("sell_month")
    out: dict[str, Any] = _drop_none(data)
    return out


def _drop_none(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _drop_none(v) for k, v in node.items() if v is not None}
    return node
