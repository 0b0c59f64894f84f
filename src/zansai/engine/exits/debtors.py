"""What a way out leaves on the people bound by the loans: the credit record (信用情報) and the
bills that can reach joint guarantors (連帯保証人) and joint debtors (連帯債務者)."""

from __future__ import annotations

from collections.abc import Sequence

from zansai.engine.exits.context import Context
from zansai.engine.exits.result import LenderOutcome
from zansai.messages import msg
from zansai.money import Yen
from zansai.trace import Text

_CLEAN = msg("exits.credit.clean")
_ALREADY_RECORDED = msg("exits.credit.already_recorded")
_WILL_BE_RECORDED = msg("exits.credit.will_be_recorded")
"""Parameterless messages, made once (every exit asks)."""


def credit_record(ctx: Context, *, default_needed: bool, remaining: Yen) -> Text:
    """What goes on the credit record, and for how long (``credit_record.cic_years``)."""
    years = ctx.use("credit_record.cic_years", ctx.case.at)
    if not ctx.delinquent and not default_needed:
        return _CLEAN
    base = _ALREADY_RECORDED if ctx.delinquent else _WILL_BE_RECORDED
    if remaining > 0:
        return msg("exits.credit.until_repaid", base=base, years=years)
    return msg("exits.credit.after_repaid", base=base, years=years)


def joint_debtors(ctx: Context, outcomes: Sequence[LenderOutcome]) -> tuple[Text, ...]:
    """Who else can be billed for what each lien still claims after the exit (names as typed)."""
    msgs: list[Text] = []
    remaining_by_rank = {o.rank: o.remaining for o in outcomes}
    for lien in ctx.case.liens:
        rem = remaining_by_rank.get(lien.rank, 0)
        if rem <= 0:
            continue
        for g in lien.guarantors:
            msgs.append(msg("exits.debtors.guarantor_billed", name=g, holder=lien.holder, amount=rem))
        for d in lien.debtors[1:]:
            msgs.append(msg("exits.debtors.joint_debtor_owes", name=d, amount=rem))
        if lien.guarantor_company and ctx.delinquent:
            msgs.append(msg("exits.debtors.guarantee_company_collects", company=lien.guarantor_company))
    return tuple(msgs)
