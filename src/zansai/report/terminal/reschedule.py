"""The rescheduling exit's new terms under the exits table (返済方法の変更): the extension, the
new payment, the last payment and the extra interest, and what the result could not know."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zansai.model import ExitKey
from zansai.report.i18n import ui, yen
from zansai.report.terminal.common import Out

if TYPE_CHECKING:
    from zansai.engine.plan import Plan


def print_rescheduling(plan: Plan, console: Out) -> None:
    """One block for the ``reschedule`` exit, when the plan has one."""
    e = next((x for x in plan.exits if x.key == ExitKey.RESCHEDULE), None)
    if e is None:
        return
    d = e.details
    for lang in ("ja", "en"):
        months = ui("reschedule_months", lang)
        parts = [f"{ui('reschedule_extension', lang)} {d['extension_months']}{months}",
                 f"{ui('reschedule_new_payment', lang)} {yen(d['new_payment'], lang)}",
                 f"{ui('reschedule_end', lang)} {d['new_end_date']}",
                 f"{ui('reschedule_extra_interest', lang)} {yen(d['extra_interest'], lang)}"]
        if d["deferment_months"]:
            parts.insert(1, f"{ui('reschedule_deferment', lang)} {d['deferment_months']}{months} "
                            f"{yen(d['deferment_payment'], lang)}")
        head = f"{e.label_ja}: " if lang == "ja" else "  "
        console.print(head + ("、" if lang == "ja" else ", ").join(parts), highlight=False)
    for ja, en in e.warnings:
        console.print(f"  ⚠ {ja}\n    {en}", highlight=False)
