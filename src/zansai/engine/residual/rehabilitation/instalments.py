"""The 再生計画's instalments: the plan total in whole-yen monthly payments, and the support
arrears (養育費等) that are paid at the plan's rate with the rest due at its end."""

from __future__ import annotations

from zansai.engine.residual.workings import CEIL, FLOOR, Workings
from zansai.messages import msg
from zansai.model import RouteKey
from zansai.money import Rounding, Yen, format_yen, round_div


def split_instalments(total: Yen, months: int, rounding: Rounding) -> tuple[Yen, Yen, int]:
    """(regular instalment, last instalment, number of instalments) that add up to ``total`` exactly.

    The regular instalment is total / months rounded as named; the last one takes the rest.
    """
    if months < 1:
        raise ValueError("months must be positive")
    if total <= 0:
        return 0, 0, 0
    monthly = round_div(total, months, rounding)
    if monthly == 0:
        return 0, total, months
    count = min(months, -(-total // monthly))
    return monthly, total - monthly * (count - 1), count


def plan_instalments(work: Workings, key: RouteKey, required: Yen, years: int,
                     instalment_rounding: str) -> tuple[Yen, Yen, int]:
    """``split_instalments`` of the plan total over ``years``, rounded as the user chose."""
    rounding = Rounding.CEIL if instalment_rounding == "ceil" else Rounding.FLOOR
    monthly, last, count = split_instalments(required, years * 12, rounding)
    work.step(f"{key}.instalments", msg("residual.rehabilitation.instalments"),
              f"plan total / {years * 12} months; the last takes the rest",
              {"plan_total": format_yen(required), "months": str(years * 12)},
              f"{format_yen(monthly)} × {max(count - 1, 0)} + {format_yen(last)}",
              rounding=CEIL if rounding is Rounding.CEIL else FLOOR,
              note=msg("residual.rehabilitation.instalments_note"))
    return monthly, last, count


def support_lump_at_end(work: Workings, key: RouteKey, support: Yen, required: Yen, total: Yen) -> Yen:
    """The support arrears left for one sum at the plan's end (民再229条3項, 232条4項)."""
    in_plan = round_div(support * required, total, Rounding.FLOOR)
    lump = support - in_plan
    if support:
        work.step(f"{key}.support", msg("residual.rehabilitation.support"),
                  "in plan = support × plan total / T; lump = rest",
                  {"support": format_yen(support), "plan_total": format_yen(required),
                   "T": format_yen(total)},
                  f"in plan {format_yen(in_plan)}, lump at the end {format_yen(lump)}", rounding=FLOOR,
                  note=msg("residual.rehabilitation.support_note"))
    return lump
