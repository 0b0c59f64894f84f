"""What a 個人再生 costs (Tokyo practice): filing fee, 官報 fee, the commissioner, the lawyer."""

from __future__ import annotations

from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.fees import NO_POSTAGE, lawyer_fee
from zansai.engine.residual.workings import Workings
from zansai.messages import msg
from zansai.model import Item
from zansai.money import format_yen
from zansai.trace import explaining


def rehabilitation_costs(ctx: RouteContext, work: Workings) -> list[Item]:
    """The court's costs at the Tokyo District Court, and the lawyer's fee when one is instructed."""
    res = work.rule("rehabilitation.costs_tokyo", ctx.filing)
    v = res.value
    lawyer = ctx.options.lawyer
    commissioner = int(v["commissioner_fee_with_lawyer"] if lawyer else v["commissioner_fee_self"])
    items = []
    for k, label, amount in (
        ("filing_fee", msg("residual.fees.filing_fee"), int(v["filing_fee"])),
        ("gazette_fee", msg("residual.fees.gazette_fee"), int(v["gazette_fee"])),
        ("commissioner_fee", msg("residual.fees.commissioner_fee"), commissioner),
    ):
        step = work.step(f"rehabilitation.costs.{k}", label, "court practice (Tokyo)",
                         {"lawyer": "yes" if lawyer else "no"}, format_yen(amount),
                         rules=(res,)) if explaining() else None
        items.append(Item.of(k, label, amount, step))
    if lawyer:
        items.append(lawyer_fee(work, "rehabilitation.lawyer_fee", ctx.filing))
    work.warnings.append(NO_POSTAGE)
    return items
