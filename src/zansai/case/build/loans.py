"""[[loans]] and [[liens]]: every registered right, one rank each, in rank order (抵当権).

Each loan's own fields (amount, rate, term, first month, payment day) are checked one by one
before the loan is built, so a form with a bad rate and a bad first month hears of both at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date

from zansai.case.build.context import Context
from zansai.case.errors import fail
from zansai.case.schema import CaseFile, CaseLoan, LienIn
from zansai.errors import InputError
from zansai.inputs import parse_int, parse_month, parse_percent, parse_term, parse_yen
from zansai.loanfile import entry_key
from zansai.loanspec import MAX_YEARS, build_loan
from zansai.model import LenderType, Lien, LienKind

_CHECKS: dict[str, Callable[[str | int], object]] = {
    "principal": lambda raw: parse_yen("principal", raw),
    "rate": lambda raw: parse_percent("rate", str(raw)),
    "years": lambda raw: parse_term("years", raw, maximum=MAX_YEARS * 12),
    "start": lambda raw: parse_month("start", str(raw)),
    "payment_day": lambda raw: parse_int("payment_day", raw, minimum=1, maximum=31),
    "bonus_share": lambda raw: parse_percent("bonus_share", str(raw)),
    "late_rate": lambda raw: parse_percent("late_rate", str(raw)),
}
"""A loan's fields that can be checked alone, each with the parser the loan builder uses."""


def loan_field_problems(raw: Mapping[str, object], where: str, source: str,
                        skip: frozenset[str] = frozenset()) -> list[InputError]:
    """Every loan field of ``raw`` (a [[loans]] table, parsed or not) that its parser refuses,
    each named by its case-file path (``loans[0].rate``); ``skip``: paths already reported."""
    problems = []
    for key, check in _CHECKS.items():
        value = raw.get(key)
        path = f"{where}.{key}"
        if (value is None or path in skip or isinstance(value, bool)
                or not isinstance(value, str | int | float)):
            continue
        try:
            check(repr(value) if isinstance(value, float) else value)
        except InputError as exc:
            problems.append(fail(source, path, *exc.detail()))
    return problems


def liens_of(cf: CaseFile, ctx: Context) -> tuple[Lien, ...]:
    """Every loan and lien of the file; the distribution checks distinct ranks too
    (``liens.rank``), here a clash is named by the file's path and the other's name."""
    ranks: dict[int, tuple[str, str]] = {}
    first_missed = cf.delinquency.first_missed
    liens: list[Lien] = []
    for i, entry in enumerate(cf.loans):
        try:
            lien = _loan_lien(entry, f"loans[{i}]", first_missed, ranks, ctx)
        except InputError as exc:
            ctx.problems.append(exc)
            continue
        if lien is not None:
            liens.append(lien)
    liens += [_other_lien(lien_in, f"liens[{i}]", ranks, ctx) for i, lien_in in enumerate(cf.liens)]
    return tuple(sorted(liens, key=lambda lien: lien.rank))


def _take_rank(ranks: dict[int, tuple[str, str]], rank: int, where: str, names: tuple[str, str],
               ctx: Context) -> None:
    if rank in ranks:
        ctx.report(where, f"順位 {rank} は{ranks[rank][0]}と重なっています",
                   f"rank {rank} is already taken by {ranks[rank][1]}")
    else:
        ranks[rank] = names


def _loan_lien(entry: CaseLoan, where: str, first_missed: date | None,
               ranks: dict[int, tuple[str, str]], ctx: Context) -> Lien | None:
    """One of [[loans]]: the loan (as ``zansai schedule --file`` builds it) and its mortgage."""
    _take_rank(ranks, entry.rank, f"{where}.rank", loan_names(entry), ctx)
    own = loan_field_problems(entry.model_dump(exclude_none=True), where, ctx.source)
    ctx.problems.extend(own)
    late = ctx.percent(f"{where}.late_rate", "late_rate", entry.late_rate) \
        if entry.late_rate is not None and not any(p.field == f"{where}.late_rate" for p in own) else None
    if entry.lender == "jhf" and entry.guarantor_company:
        ctx.report(f"{where}.guarantee_company", "住宅金融支援機構のローンに保証会社はありません",
                   "a 住宅金融支援機構 (JHF) loan has no guarantee company")
    debtors = ctx.check_names(entry.debtors, f"{where}.debtors")
    guarantors = ctx.check_names(entry.guarantors, f"{where}.guarantors")
    if own:
        return None
    try:
        loan = build_loan(entry.options(today=ctx.at), ctx.book).loan
    except InputError as exc:
        raise ctx.fail(f"{where}.{entry_key(exc.field or '')}", *exc.detail()) from None
    _check_loan_dates(entry, loan.first_payment, where, first_missed, ctx)
    return Lien(
        rank=entry.rank, holder=entry.holder or entry.name, kind=LienKind.MORTGAGE,
        lender=LenderType(entry.lender), loan=replace(loan, name=entry.name), late_rate=late,
        guarantor_company=entry.guarantor_company if entry.lender == "bank" else None,
        debtors=debtors, guarantors=guarantors,
        loan_term_years=loan.months // 12, contract_date=entry.contract_date, consents=entry.consents,
    )


def _check_loan_dates(entry: CaseLoan, first_payment: date, where: str, first_missed: date | None,
                      ctx: Context) -> None:
    """The sale, the first missed payment and the contract against the loan's first payment.

    The engine refuses a first missed payment after the last one (``loan.first_missed``); one
    before the first payment is the builder's to refuse.
    """
    name, name_en = loan_names(entry)
    if ctx.sale_date < first_payment.replace(day=1):
        ctx.report("sale_date", f"{name}の返済開始 {first_payment} より前です",
                   f"it is before {name_en} starts ({first_payment})")
    if first_missed is not None and first_missed < first_payment:
        ctx.report("delinquency.first_missed", f"{name}の初回返済日 {first_payment} より前です",
                   f"it is before the first payment of {name_en} ({first_payment})")
    if entry.contract_date is not None and entry.contract_date > first_payment:
        ctx.report(f"{where}.contract_date", f"初回返済日 {first_payment} より後です",
                   f"it is after the first payment ({first_payment})")


def loan_names(entry: CaseLoan) -> tuple[str, str]:
    """A loan as a message names it: by its lender, else its own name, else "the loan"."""
    if entry.holder:
        return f"{entry.holder}のローン", f"the {entry.holder} loan"
    if entry.name != "loan":
        return f"ローン「{entry.name}」", f"the loan {entry.name}"
    return "ローン", "the loan"


def _other_lien(lien_in: LienIn, where: str, ranks: dict[int, tuple[str, str]], ctx: Context) -> Lien:
    """One of [[liens]]: a second mortgage or a tax seizure, known by its balance."""
    _take_rank(ranks, lien_in.rank, f"{where}.rank",
               (f"{lien_in.holder}の抵当権", f"the {lien_in.holder} lien"),
               ctx)
    if lien_in.principal is not None and lien_in.principal > lien_in.balance:
        ctx.report(f"{where}.principal", "残元金は請求額以下です", "the principal cannot exceed the balance")
    if lien_in.housing_loan and lien_in.kind == "tax_seizure":
        ctx.report(f"{where}.housing_loan", "税の差押えは住宅ローンではありません",
                   "a tax seizure is not a housing loan")
    debtors = ctx.check_names(lien_in.debtors, f"{where}.debtors")
    return Lien(rank=lien_in.rank, holder=lien_in.holder, kind=LienKind(lien_in.kind),
                lender=LenderType.BANK, balance=lien_in.balance,
                principal=lien_in.principal, consents=lien_in.consents,
                debtors=debtors, loan_term_years=lien_in.term_years,
                housing_loan=lien_in.housing_loan)
