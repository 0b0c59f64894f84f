"""住宅資金特別条項のリスケジュール型 (民再199条2項): when the arrears cannot be paid within the plan,
the whole claim is repaid over a longer term, at most 10 years beyond the agreed end and ending by
the debtor's age limit, with the agreed interest; the schedule comes from the loan engine."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from zansai.dates import add_months, add_years
from zansai.engine.exits.context import Context, lien_name
from zansai.engine.exits.housing_clause import housing_loans
from zansai.engine.loan import amortize
from zansai.engine.owed import amount_owed
from zansai.engine.residual.workings import Workings
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.money import Yen, format_yen


@dataclass(frozen=True, slots=True)
class Extension:
    """The housing loans rescheduled under 199条2項: the new monthly payment and the last due date."""

    monthly: Yen
    months: int
    """Months added to each loan's agreed term."""
    last_due: date
    age_checked: bool
    """False: no birth date was given, so the age limit is assumed met (a warning says so)."""


def _months_allowed(work: Workings, ctx: Context, first: date, remaining: int,
                    filing: date) -> tuple[int, bool]:
    """Months the term may grow: the rule's years, less what the age limit forbids."""
    res = work.rule("rehabilitation.housing_clause_extension", filing)
    most = 12 * int(res.value["max_extension_years"])
    born = ctx.case.residual.debtor_birth_date
    if born is None:
        return most, False
    if born >= filing:
        raise DomainError.invalid("residual.debtor_birth_date", born.isoformat(),
                                  msg("keep_home.errors.birth_before_filing"))
    # 年齢計算ニ関スル法律: one is still max_age on the day before the (max_age + 1)th birthday.
    last_day = add_years(born, int(res.value["max_age"]) + 1) - timedelta(days=1)
    months = 0
    while months < remaining + most and add_months(first, months) <= last_day:
        months += 1
    return min(most, max(0, months - remaining)), True


def extend(ctx: Context, work: Workings, approval: date, filing: date) -> Extension | None:
    """Each housing loan's claim on ``approval`` amortised over its remaining months plus the
    extension allowed; None when no extension is allowed."""
    monthly, added, last_due, checked = 0, 0, approval, True
    inputs: dict[str, str] = {}
    acc = ctx.dates.acceleration if ctx.delinquent else None
    for lien in housing_loans(ctx):
        sched = ctx.schedules[lien.rank]
        nxt = sched.next_due(approval)
        if nxt is None:
            return None
        owed = amount_owed(sched, approval, book=ctx.book, first_missed=ctx.case.first_missed,
                           lender=lien.lender, late_rate=lien.late_rate,
                           acceleration=acc if acc and acc <= approval else None,
                           memo=ctx.owed_memo)
        first, remaining = sched.due_dates[nxt], len(sched.due_dates) - nxt
        extra, known = _months_allowed(work, ctx, first, remaining, filing)
        if extra <= 0:
            return None
        loan = sched.loan
        new = amortize(replace(loan, principal=owed.total, annual_rate=loan.rate_on(first),
                               months=remaining + extra, first_payment=first, rate_changes=(),
                               bonus_principal=0, prepayments=(), anchor=None, five_year_rule=False,
                               payment_cap_125=False))
        monthly += new.columns.payment[0]
        added, checked = max(added, extra), checked and known
        last_due = max(last_due, new.due_dates[-1])
        inputs[lien_name(lien, ctx.case.liens)] = (
            f"claim {format_yen(owed.total)} over {remaining} + {extra} months from {first.isoformat()}")
    work.step("keep_home.extension", msg("keep_home.steps.extension"),
              "the claim on the approval date amortised over the remaining months + the extension",
              inputs, f"{format_yen(monthly)}/month until {last_due.isoformat()}")
    return Extension(monthly, added, last_due, checked)
