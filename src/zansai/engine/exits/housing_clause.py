"""住宅資金特別条項 (民再196–206条): whether the housing loan can be kept out of the plan, and what
it costs each month when it is.

The clause needs a 住宅資金貸付債権 secured on the home the debtor lives in (196条), no other
security on the home for other debts (198条1項ただし書), and, after a guarantee company's 代位弁済,
a filing within six months of it (198条2項; the payment is then undone, 巻戻し, 204条1項). The loan
then continues as agreed, with the arrears paid within the plan period (期限の利益回復型, 199条1項).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zansai.dates import add_months
from zansai.engine.exits.context import Context, lien_name
from zansai.engine.owed import amount_owed
from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import Lien, LienKind
from zansai.money import Yen, format_yen

DAY = timedelta(days=1)


def housing_loans(ctx: Context) -> tuple[Lien, ...]:
    """The liens whose loan has a schedule: the 住宅資金貸付債権 the clause keeps."""
    return tuple(lien for lien in ctx.case.liens if lien.rank in ctx.schedules)


def clause_bars(ctx: Context, work: Workings, filing: date) -> None:
    """Adds to ``work.reasons`` each condition of 196条・198条 the case fails."""
    case = ctx.case
    if not case.property.lived_in:
        work.reasons.append(msg("keep_home.bars.not_lived_in"))
    for lien in case.liens:
        if lien.kind is LienKind.MORTGAGE and lien.rank not in ctx.schedules:
            work.reasons.append(msg("keep_home.bars.other_lien", holder=lien_name(lien, case.liens)))
    if ctx.delinquent and filing >= ctx.dates.auction_payment:
        work.reasons.append(msg("keep_home.bars.sold_at_auction", on=ctx.dates.auction_payment))
    sub = ctx.dates.subrogation
    if ctx.delinquent and sub is not None and sub <= filing and any(
            lien.guarantor_company for lien in housing_loans(ctx)):
        res = work.rule("rehabilitation.housing_clause_window_months", sub)
        # 民法140条・143条: the day of 代位弁済 is not counted; the period ends the day before the
        # corresponding day.
        last = add_months(sub + DAY, int(res.value)) - DAY
        work.step("keep_home.subrogation_window", msg("keep_home.steps.window"),
                  "last filing day = (subrogation + 1 day) + months − 1 day",
                  {"subrogation": sub.isoformat(), "months": str(res.value), "filing": filing.isoformat()},
                  last.isoformat(), rules=(res,))
        if filing > last:
            work.reasons.append(msg("keep_home.bars.subrogation_too_old", subrogation=sub,
                                    months=res.value, last=last))
        else:
            work.warnings.append(msg("keep_home.rewind", subrogation=sub, last=last))
    debtor = next((d for lien in housing_loans(ctx) for d in lien.debtors), None)
    others = [lien.holder for lien in housing_loans(ctx) if lien.debtors and debtor not in lien.debtors]
    if others:
        work.warnings.append(msg("keep_home.other_borrower", holder=", ".join(others)))
    if ctx.delinquent and ctx.dates.auction_filing <= filing < ctx.dates.auction_payment:
        work.warnings.append(msg("keep_home.stay_auction"))


@dataclass(frozen=True, slots=True)
class HousingLoanTerms:
    """The housing loans as the plan keeps them: the claim, the regular payment, the arrears."""

    claim: Yen
    """What the lenders claim on the approval date (after 巻戻し: the lender's claim)."""
    monthly: Yen
    """The regular instalments as agreed, summed over the loans."""
    arrears: Yen
    """Missed instalments, interest and late charges on the approval date, paid within the plan."""
    last_due: date
    claims: dict[int, Yen]
    """Each loan's claim by lien rank."""
    late_charges: dict[int, Yen]


def housing_terms(ctx: Context, work: Workings, approval: date) -> HousingLoanTerms:
    """Each housing loan on the approval date, as if unpaid since the first missed payment and
    with any 代位弁済 undone (204条1項): the arrears are what is owed beyond the scheduled balance."""
    claim = monthly = arrears = 0
    last_due = approval
    inputs: dict[str, str] = {}
    by_rank: dict[int, Yen] = {}
    late: dict[int, Yen] = {}
    acc = ctx.dates.acceleration if ctx.delinquent else None
    for lien in housing_loans(ctx):
        sched = ctx.schedules[lien.rank]
        owed = amount_owed(sched, approval, book=ctx.book, first_missed=ctx.case.first_missed,
                           lender=lien.lender, late_rate=lien.late_rate,
                           acceleration=acc if acc and acc <= approval else None,
                           memo=ctx.owed_memo)
        work.uses.extend(owed.rules_used)
        nxt = sched.next_due(approval)
        payment = sched.columns.payment[nxt] if nxt is not None else 0
        behind = owed.total - sched.balance_at(approval) if ctx.delinquent else 0
        claim, monthly, arrears = claim + owed.total, monthly + payment, arrears + behind
        last_due = max(last_due, sched.due_dates[-1])
        by_rank[lien.rank], late[lien.rank] = owed.total, owed.late_charges
        inputs[lien_name(lien, ctx.case.liens)] = (
            f"claim {format_yen(owed.total)}, scheduled balance {format_yen(sched.balance_at(approval))}, "
            f"instalment {format_yen(payment)}")
    work.step("keep_home.housing_loan", msg("keep_home.steps.housing_loan"),
              "arrears = claim on the approval date − scheduled balance; instalments as agreed",
              inputs, f"instalment {format_yen(monthly)}, arrears {format_yen(arrears)}",
              note=msg("keep_home.steps.housing_loan_note"))
    return HousingLoanTerms(claim, monthly, arrears, last_due, by_rank, late)
