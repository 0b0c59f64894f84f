"""連帯保証人・連帯債務者: the other people liable for the debts, and what a route means for them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from zansai.engine.residual.debt import ResidualDebt
from zansai.messages import Msg, msg

NO_GUARANTORS: Msg = msg("residual.guarantors.none")


def people_liable(debts: Sequence[ResidualDebt]) -> Msg | None:
    """The guarantors and joint debtors of ``debts`` (each once, in order, names as typed) as one
    list, or None when there are none."""
    guarantors: list[str] = []
    joint_debtors: list[str] = []
    for d in debts:
        guarantors += [g for g in d.guarantors if g not in guarantors]
        joint_debtors += [c for c in d.joint_debtors if c not in joint_debtors]
    people = [*(msg("residual.guarantors.guarantor", name=g) for g in guarantors),
              *(msg("residual.guarantors.joint_debtor", name=c) for c in joint_debtors)]
    if not people:
        return None
    out = people[-1]
    for person in reversed(people[:-1]):
        out = msg("residual.guarantors.and", head=person, tail=out)
    return out


def others_liable(debts: Sequence[ResidualDebt], say: Callable[[Msg], Msg]) -> Msg:
    """``say(who)`` about the guarantors and joint debtors of ``debts``, or ``NO_GUARANTORS`` when
    there are none."""
    who = people_liable(debts)
    return NO_GUARANTORS if who is None else say(who)
