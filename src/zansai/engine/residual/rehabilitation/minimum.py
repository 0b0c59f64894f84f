"""最低弁済額: the smallest plan total 民事再生法231条2項3号・4号 allows for a claim total T."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zansai.engine.exact import fraction
from zansai.engine.residual.workings import CEIL
from zansai.messages import msg
from zansai.model.checks import require_yen
from zansai.money import Rounding, Yen, format_yen, round_div
from zansai.rules import RuleBook, bracket
from zansai.trace import RuleUse, Step


@dataclass(frozen=True, slots=True)
class MinimumRepayment:
    """最低弁済額 of 民再231条2項3号・4号 for a claim total T."""

    total: Yen
    eligible: bool
    """False: T is above the table (個人再生 not available)."""
    amount: Yen | None
    step: Step
    rules_used: tuple[RuleUse, ...]


def minimum_repayment(total: Yen, *, on: date, book: RuleBook) -> MinimumRepayment:
    """The statutory minimum plan total for the claim total ``total`` filed on ``on``.

    ``fixed`` if the row has one, else ceil(T × ratio): the statute refuses a plan below T/5 (T/10),
    so the smallest whole-yen total that passes is the ceiling (recorded in the rule file).
    """
    require_yen("total", total)
    res = book.at("rehabilitation.minimum_repayment", on)
    row = bracket(res.value, total)
    use = RuleUse.of(res)
    inputs = {"T": format_yen(total), "row_upto": format_yen(row["upto"]) if "upto" in row else "—"}
    if not row["eligible"]:
        step = Step(name="rehabilitation.minimum", label=msg("residual.rehabilitation.minimum"),
                    formula="T above the table: not available", inputs=inputs, result="—",
                    rules=(use,))
        return MinimumRepayment(total, False, None, step, (use,))
    if row["fixed"] > 0:
        amount, formula, rounding = int(row["fixed"]), f"fixed {format_yen(row['fixed'])}", None
    else:
        ratio = fraction(row["ratio"])
        amount = round_div(total * ratio.numerator, ratio.denominator, Rounding.CEIL)
        formula, rounding = f"ceil(T × {ratio})", CEIL
    step = Step(name="rehabilitation.minimum", label=msg("residual.rehabilitation.minimum_fraction"),
                formula=formula, inputs=inputs, result=format_yen(amount), rounding=rounding,
                rules=(use,), note=msg("residual.rehabilitation.minimum_note"))
    return MinimumRepayment(total, True, amount, step, (use,))
