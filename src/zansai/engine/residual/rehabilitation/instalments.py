"""The 再生計画's instalments: the plan total in whole-yen monthly payments under a named rounding
convention (courts differ), and the support arrears (養育費等) that are paid at the plan's rate with
the rest due at its end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import RouteKey
from zansai.money import Rounding, Yen, format_yen, round_div
from zansai.trace import explaining

INSTALMENT_CONVENTIONS = ("ceil", "floor", "ceil_100_first")
"""The conventions of the rule ``rehabilitation.instalment_rounding`` a case may name."""


@dataclass(frozen=True, slots=True)
class Instalments:
    """A plan total as instalments: ``count`` payments of ``regular``, one of them (the first or
    the last, ``adjusted``) being ``odd`` instead, adding up to the total exactly."""

    regular: Yen
    odd: Yen
    count: int
    adjusted: str
    """"first" or "last": the instalment that takes the rest."""

    @property
    def amounts(self) -> tuple[Yen, ...]:
        """Every instalment in order."""
        if self.count == 0:
            return ()
        rest = (self.regular,) * (self.count - 1)
        return (self.odd, *rest) if self.adjusted == "first" else (*rest, self.odd)

    @property
    def last(self) -> Yen:
        return self.amounts[-1] if self.count else 0


def split_instalments(total: Yen, months: int, rounding: Rounding) -> tuple[Yen, Yen, int]:
    """(regular instalment, last instalment, number of instalments) that add up to ``total`` exactly.

    The regular instalment is total / months rounded as named; the last one takes the rest.
    """
    found = instalments(total, months, unit=1, rounding=rounding, adjusted="last")
    return found.regular, found.odd, found.count


def instalments(total: Yen, months: int, *, unit: Yen, rounding: Rounding, adjusted: str) -> Instalments:
    """``total`` over at most ``months`` instalments, each rounded to ``unit`` as named, the
    ``adjusted`` one (first or last) taking the rest; fewer instalments when rounding up pays the
    total early."""
    if months < 1 or unit < 1:
        raise ValueError("months and unit must be positive")
    if total <= 0:
        return Instalments(0, 0, 0, adjusted)
    regular = round_div(total, months * unit, rounding) * unit
    if regular == 0:
        return Instalments(0, total, months, adjusted)
    count = min(months, -(-total // regular))
    return Instalments(regular, total - regular * (count - 1), count, adjusted)


def convention_instalments(work: Workings, name: str, total: Yen, months: int, convention: str,
                           on: date) -> Instalments:
    """``total`` over ``months`` by the named convention of ``rehabilitation.instalment_rounding``,
    recorded as the step ``name``."""
    res = work.rule("rehabilitation.instalment_rounding", on)
    row = next(r for r in res.value if r["convention"] == convention)
    rounding = Rounding.CEIL if row["direction"] == "up" else Rounding.FLOOR
    unit = int(row["unit"])
    found = instalments(total, months, unit=unit, rounding=rounding, adjusted=str(row["adjusted"]))
    formula = (f"plan total / {months} months, each rounded to {format_yen(unit)}; "
               f"the {found.adjusted} takes the rest")
    if explaining():
        work.step(name, msg("residual.rehabilitation.instalments"), formula,
                  {"plan_total": format_yen(total), "months": str(months), "convention": convention},
                  f"{format_yen(found.regular)} × {max(found.count - 1, 0)} + {format_yen(found.odd)}"
                  f" ({found.adjusted})", rounding=rounding.label(unit), rules=(res,),
                  note=msg(f"keep_home.convention.{convention}"))
    return found


def plan_instalments(work: Workings, key: RouteKey, required: Yen, years: int,
                     instalment_rounding: str, on: date) -> tuple[Yen, Yen, int]:
    """The plan total over ``years`` by the user's convention: (regular, last, count). When the first
    instalment takes the rest, the last is a regular one and a warning names the first."""
    found = convention_instalments(work, f"{key}.instalments", required, years * 12, instalment_rounding, on)
    if found.adjusted == "first" and found.count > 1 and found.odd != found.regular:
        work.warnings.append(msg("keep_home.first_instalment", amount=found.odd))
    return found.regular, found.last, found.count


def support_lump_at_end(work: Workings, key: RouteKey, support: Yen, required: Yen, total: Yen) -> Yen:
    """The support arrears left for one sum at the plan's end (民再229条3項, 232条4項)."""
    in_plan = round_div(support * required, total, Rounding.FLOOR)
    lump = support - in_plan
    if support and explaining():
        work.step(f"{key}.support", msg("residual.rehabilitation.support"),
                  "in plan = support × plan total / T; lump = rest",
                  {"support": format_yen(support), "plan_total": format_yen(required),
                   "T": format_yen(total)},
                  f"in plan {format_yen(in_plan)}, lump at the end {format_yen(lump)}",
                  rounding=Rounding.FLOOR.label(),
                  note=msg("residual.rehabilitation.support_note"))
    return lump
