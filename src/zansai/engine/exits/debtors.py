"""What a way out leaves on the people bound by the loans: the credit record (信用情報) and the
bills that can reach joint guarantors (連帯保証人) and joint debtors (連帯債務者)."""

from __future__ import annotations

from collections.abc import Sequence

from zansai.engine.exits.context import Context
from zansai.engine.exits.result import LenderOutcome
from zansai.money import Yen, format_yen
from zansai.trace import Text


def credit_record(ctx: Context, *, default_needed: bool, remaining: Yen) -> Text:
    """What goes on the credit record, and for how long (``credit_record.cic_years``)."""
    years = ctx.use("credit_record.cic_years", ctx.case.at)
    if not ctx.delinquent and not default_needed:
        return ("延滞がなければ信用情報に傷はつきません（完済として記録されます）",
                "no missed payment, so no negative record (the loan is recorded as repaid)")
    base_ja = ("延滞の事実が信用情報機関に登録されています" if ctx.delinquent
               else "この方法は滞納が前提なので、延滞が信用情報機関に登録されます")
    base_en = ("the missed payments are already on the credit record" if ctx.delinquent
               else "this way out presumes missed payments, which go on the credit record")
    if remaining > 0:
        return (f"{base_ja}。残債を払い終える（または契約が終了する）まで記録は残り、その後も最長"
                f"{years}年残ります（記事1: 5〜7年程度はローンが組めない）",
                f"{base_en}. It stays until the remaining debt is repaid (or the contract ends) and "
                f"up to {years} years after that (seed 1: about 5–7 years without new loans)")
    return (f"{base_ja}。完済から最長{years}年で消えます", f"{base_en}. It is removed at most {years} "
            "years after the debt is repaid")


def joint_debtors(ctx: Context, outcomes: Sequence[LenderOutcome]) -> tuple[Text, ...]:
    """Who else can be billed for what each lien still claims after the exit."""
    msgs: list[Text] = []
    remaining_by_rank = {o.rank: o.remaining for o in outcomes}
    for lien in ctx.case.liens:
        rem = remaining_by_rank.get(lien.rank, 0)
        if rem <= 0:
            continue
        for g in lien.guarantors:
            msgs.append((f"{g} さんは連帯保証人として、{lien.holder} の残債 {format_yen(rem)} を"
                         "一括で請求される可能性があります（記事1: 連帯保証人にも請求がいく）",
                         f"{g}, as joint guarantor (連帯保証人), can be billed the whole {format_yen(rem)} "
                         f"left on {lien.holder} (seed 1: the guarantor is billed)"))
        for d in lien.debtors[1:]:
            msgs.append((f"{d} さんは連帯債務者として残債 {format_yen(rem)} の全額を負います",
                         f"{d}, as joint debtor, owes the whole {format_yen(rem)}"))
        if lien.guarantor_company and ctx.delinquent:
            msgs.append((f"{lien.guarantor_company}（保証会社）が銀行に代位弁済すると、以後の請求は保証会社"
                         "（またはサービサー）から来ます",
                         f"once {lien.guarantor_company} (the guarantee company) pays the bank, it (or a "
                         "servicer) collects the debt"))
    return tuple(msgs)
