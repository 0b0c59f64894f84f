"""What a 個人再生 costs (Tokyo practice): filing fee, 官報 fee, the commissioner, the lawyer."""

from __future__ import annotations

from zansai.engine.residual.context import RouteContext
from zansai.engine.residual.fees import NO_POSTAGE, lawyer_fee
from zansai.engine.residual.workings import Workings
from zansai.model import Item
from zansai.money import format_yen


def rehabilitation_costs(ctx: RouteContext, work: Workings) -> list[Item]:
    """The court's costs at the Tokyo District Court, and the lawyer's fee when one is instructed."""
    res = work.rule("rehabilitation.costs_tokyo", ctx.filing)
    v = res.value
    lawyer = ctx.options.lawyer
    commissioner = int(v["commissioner_fee_with_lawyer"] if lawyer else v["commissioner_fee_self"])
    items = []
    for k, ja, en, amount in (
        ("filing_fee", "申立手数料（収入印紙）", "Filing fee (revenue stamps)", int(v["filing_fee"])),
        ("gazette_fee", "官報公告費（予納金）", "Official-gazette fee", int(v["gazette_fee"])),
        ("commissioner_fee", "個人再生委員の報酬（東京地裁）", "Rehabilitation commissioner's fee (Tokyo)",
         commissioner),
    ):
        step = work.step(f"rehabilitation.costs.{k}", ja, "court practice (Tokyo)",
                         {"lawyer": "yes" if lawyer else "no"}, format_yen(amount), rules=(res,))
        items.append(Item(k, ja, en, amount, step))
    if lawyer:
        items.append(lawyer_fee(work, "rehabilitation.lawyer_fee", ctx.filing, "弁護士費用（税込）"))
    work.warnings.append(NO_POSTAGE)
    return items
