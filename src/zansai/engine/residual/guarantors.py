"""連帯保証人・連帯債務者: the other people liable for the debts, and what a route means for them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from zansai.engine.residual.debt import ResidualDebt
from zansai.trace import Text

NO_GUARANTORS: Text = ("連帯保証人・連帯債務者の入力はありません",
                       "no joint guarantors or joint debtors entered")


def others_liable(debts: Sequence[ResidualDebt], say: Callable[[str, str], Text]) -> Text:
    """``say(names_ja, names_en)`` about the guarantors and joint debtors of ``debts`` (each once,
    in order), or ``NO_GUARANTORS`` when there are none."""
    guarantors: list[str] = []
    joint_debtors: list[str] = []
    for d in debts:
        guarantors += [g for g in d.guarantors if g not in guarantors]
        joint_debtors += [c for c in d.joint_debtors if c not in joint_debtors]
    if not guarantors and not joint_debtors:
        return NO_GUARANTORS
    ja = "・".join([*(f"{g}さん（連帯保証人）" for g in guarantors),
                   *(f"{c}さん（連帯債務者）" for c in joint_debtors)])
    en = ", ".join([*(f"{g} (joint guarantor)" for g in guarantors),
                    *(f"{c} (joint debtor)" for c in joint_debtors)])
    return say(ja, en)
