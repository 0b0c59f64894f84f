"""The case file's sale terms: the brokerage contract with the low-cost special (告示 第七) and
the other selling expenses (譲渡費用), each mistake named by its case-file path."""

from __future__ import annotations

from zansai.case.build.context import Context
from zansai.case.schema import BrokerageIn, SellingExpenseIn
from zansai.model.sale_terms import (
    BrokerageTerms,
    LowCostSpecial,
    SellingExpense,
    SellingExpenseKind,
)


def brokerage_terms(raw: BrokerageIn, ctx: Context) -> BrokerageTerms:
    """The brokerage contract; a contract date after the settlement, or survey costs without
    the client's consent to the special (they could not be charged), is refused."""
    special = raw.low_cost_special
    if raw.contract_date is not None and raw.contract_date > ctx.sale_date:
        ctx.report("brokerage.contract_date", f"決済日 {ctx.sale_date} 以前の日付にしてください",
                   f"it must be on or before the settlement date {ctx.sale_date}")
    if special.survey_costs > 0 and not special.consent:
        ctx.report("brokerage.low_cost_special.survey_costs",
                   "現地調査等の費用を報酬に加えられるのは、特例に事前に合意した場合だけです"
                   "（consent を true にするか、0 にしてください）",
                   "survey costs can be added to the fee only when the client agreed the special in "
                   "advance (set consent to true, or give 0)")
    return BrokerageTerms(
        contract_date=raw.contract_date,
        low_cost_special=LowCostSpecial(consent=special.consent, client_side=special.client_side,
                                        survey_costs=special.survey_costs))


def selling_expenses(raw: list[SellingExpenseIn], ctx: Context) -> tuple[SellingExpense, ...]:
    """The other selling expenses; each must be at least 1円, and "other" must say what it is."""
    out: list[SellingExpense] = []
    for i, e in enumerate(raw):
        where = f"selling_expenses[{i}]"
        if e.amount < 1:
            ctx.report(f"{where}.amount", "1円以上にしてください", "it must be at least 1 yen")
            continue
        if e.kind is SellingExpenseKind.OTHER and not e.note.strip():
            ctx.report(f"{where}.note", "「その他」の譲渡費用には内容を書いてください",
                       "an \"other\" selling expense needs a note saying what it is")
            continue
        out.append(SellingExpense(e.kind, e.amount, e.note.strip()))
    return tuple(out)
