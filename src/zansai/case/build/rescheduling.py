"""[rescheduling] (返済方法の変更): the loan it changes, the change date, the terms and the
household facts, each checked against the rest of the file and named by its case-file path."""

from __future__ import annotations

from zansai.case.build.context import Context
from zansai.case.schema import ReschedulingIn
from zansai.model import Lien
from zansai.model.rescheduling import Rescheduling


def rescheduling_of(r: ReschedulingIn | None, liens: tuple[Lien, ...], ctx: Context) -> Rescheduling | None:
    """The section, or None when the file has none. Contradictions are refused with a reason."""
    if r is None:
        return None
    loans = [lien for lien in liens if lien.loan is not None]
    if r.rank is not None and not any(lien.rank == r.rank for lien in loans):
        ctx.report("rescheduling.rank",
                   f"順位 {r.rank} のローンがありません（[[loans]] の rank を指定してください）",
                   f"no loan has rank {r.rank} (give the rank of one of [[loans]])")
    if not loans:
        ctx.report("rescheduling", "返済方法を変更するローンが入力されていません",
                   "there is no loan to reschedule")
    if r.change_date is not None and r.change_date < ctx.at:
        ctx.report("rescheduling.change_date",
                   f"計算基準日 {ctx.at} 以降の日付にしてください"
                   "（済んだ変更は、新しい条件をローンとして入力します）",
                   f"it must be on or after the calculation date {ctx.at} (enter a change already made as "
                   "the loan's own terms)")
    _check_people(r, ctx)
    rate = ctx.percent("rescheduling.rate", "rescheduling.rate", r.rate) if r.rate is not None else None
    if rate is not None and rate < 0:
        ctx.report("rescheduling.rate", "金利は0%以上です", "the rate cannot be negative")
    return Rescheduling(
        rank=r.rank, change_date=r.change_date, extension_months=r.extension_months,
        deferment_months=r.deferment_months, annual_rate=rate, annual_income=r.annual_income,
        previous_annual_income=r.previous_annual_income, household_size=r.household_size,
        birth_date=r.birth_date, unemployed=r.unemployed, hardship=r.hardship)


def _check_people(r: ReschedulingIn, ctx: Context) -> None:
    """The household facts must not contradict one another."""
    if r.previous_annual_income is not None and r.annual_income is None:
        ctx.report("rescheduling.annual_income",
                   "前の年の年収と比べる今の年収を入れてください（減少割合が出せません）",
                   "give the current annual income to compare with the previous one (the fall "
                   "cannot be computed)")
    if r.unemployed and r.hardship is False:
        ctx.report("rescheduling.hardship",
                   "失業中（unemployed = true）なら、離職で返済が困難な場合に当たります",
                   "being out of work (unemployed = true) is a hardship by job loss")
    on = r.change_date or ctx.at
    if r.birth_date is not None and r.birth_date >= on:
        ctx.report("rescheduling.birth_date", f"変更日 {on} より前の日付にしてください",
                   f"it must be before the change date {on}")
