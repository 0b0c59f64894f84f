"""The two sheets: the household budget (収支表) and the asset list (財産目録).

Figures come from the case's household and the plan; a category the case does not break down
is a blank line the debtor fills in, never an invented amount.
"""

from __future__ import annotations

from zansai.engine.plan import Plan
from zansai.model.household import AssetKind
from zansai.report.drafts.common import Words, debtor, exit_dict, label
from zansai.report.drafts.model import Block, Draft, Field, Fields, Heading, Paragraph, Table

COST_CATEGORIES = ("food", "utilities", "phone", "insurance", "education", "medical", "transport",
                   "other")
"""The usual lines of a 家計収支表, left blank for the debtor (the case keeps one total)."""


def _who(w: Words, plan: Plan) -> Fields:
    return Fields((Field(w("common.name"), debtor(plan)), Field(w("common.written_on"), None),
                   Field(w("common.as_of"), w.date(plan.case.at))))


def capacity(plan: Plan) -> int:
    """What is left each month after the sale: income − living costs − rent (the routes' figure)."""
    if plan.residual is not None:
        return plan.residual.capacity
    h = plan.case.household
    return h.monthly_income - h.monthly_living_costs - (h.monthly_rent_after_sale or 0)


def budget(plan: Plan, lang: str) -> Draft:
    """収支表: monthly income, living costs, rent after the sale and other debts' payments."""
    w, h = Words(lang), plan.case.household
    rent = h.monthly_rent_after_sale
    left = capacity(plan)
    debt_rows = tuple((d.name, d.creditor or "", w.yen(d.monthly_payment)) for d in h.other_debts)
    debt_total = sum(d.monthly_payment for d in h.other_debts)
    blocks: list[Block] = [
        _who(w, plan), Heading(w("budget.title")), Paragraph(w("budget.intro")),
        Heading(w("budget.income_heading")),
        Table((w("budget.col_item"), w("budget.col_amount")),
              ((w("budget.income"), w.yen(h.monthly_income)), (w("budget.other_income"), "")),
              numeric=(1,)),
        Heading(w("budget.costs_heading")),
        Table((w("budget.col_item"), w("budget.col_amount")),
              ((w("budget.living_costs"), w.yen(h.monthly_living_costs)),
               (w("budget.rent_after_sale"), w.yen(rent) if rent is not None else "")),
              numeric=(1,)),
        Paragraph(w("budget.breakdown")),
        Fields(tuple(Field(w(f"budget.category.{c}"), None) for c in COST_CATEGORIES)),
        Heading(w("budget.balance_heading")),
        Table((w("budget.col_item"), w("budget.col_amount")),
              ((w("budget.capacity"), w.yen(left)),), numeric=(1,)),
    ]
    if debt_rows:
        blocks += [Heading(w("budget.debts_heading")),
                   Table((w("budget.col_debt"), w("budget.col_creditor"), w("budget.col_monthly")),
                         debt_rows, total=(w("budget.debts_total"), "", w.yen(debt_total)), numeric=(2,)),
                   Table((w("budget.col_item"), w("budget.col_amount")),
                         ((w("budget.after_debts"), w.yen(left - debt_total)),), numeric=(1,))]
    blocks += [Heading(w("budget.reserves_heading")),
               Fields((Field(w("budget.savings"), w.yen(h.savings)),
                       Field(w("budget.relatives_help"), w.yen(h.relatives_help)))),
               Paragraph(w("budget.deficit") if left < 0 else w("budget.surplus_note")),
               Heading(w("common.signature_heading")),
               Fields((Field(w("common.signed_name", name=debtor(plan)), None),))]
    return Draft("budget", lang, w("budget.title"), w.mark(), tuple(blocks),
                 figures={"income": h.monthly_income, "living_costs": h.monthly_living_costs,
                          "surplus": left, "other_payments": debt_total,
                          "after_debts": left - debt_total}, filename="budget")


def asset_list(plan: Plan, lang: str) -> Draft:
    """財産目録: what the household owns and owes, for a 個人再生 or bankruptcy consultation."""
    w, h, data = Words(lang), plan.case.household, plan.to_dict()
    rows: list[tuple[str, str, str, str]] = []
    if h.savings:
        rows.append((w("assets.kind.deposit"), w("assets.savings"), "", w.yen(h.savings)))
    for a in h.assets:
        rows.append((w(f"assets.kind.{a.kind.value}"), a.name, a.owner or "", w.yen(a.amount)))
    home = plan.position.market_value
    rows.append((w("assets.kind.home"), w(f"common.property.{plan.case.property.kind.value}"),
                 "・".join(p.name for p in plan.case.people if p.ownership_share) or "", w.yen(home)))
    total = h.savings + sum(a.amount for a in h.assets) + home
    kinds = {a.kind for a in h.assets} | ({AssetKind.DEPOSIT} if h.savings else set())
    missing = [k for k in AssetKind if k not in kinds and k is not AssetKind.OTHER]
    debts: list[tuple[str, str, str, str]] = []
    sale = exit_dict(data, data["best_exit"]) if data["best_exit"] else None
    for lien in plan.case.liens:
        owed = next((lo["claim"] for lo in (sale or {}).get("lenders", []) if lo["rank"] == lien.rank), None)
        debts.append((lien.holder, lien.loan.name if lien.loan else w("assets.lien"),
                      w.yen(owed) if owed is not None else "", ""))
    for d in h.other_debts:
        debts.append((d.creditor or d.name, d.name, w.yen(d.amount), w.yen(d.monthly_payment)))
    blocks: list[Block] = [
        _who(w, plan), Heading(w("assets.title")), Paragraph(w("assets.intro")),
        Heading(w("assets.assets_heading")),
        Table((w("assets.col_kind"), w("assets.col_what"), w("assets.col_owner"), w("assets.col_amount")),
              tuple(rows), total=(w("assets.total"), "", "", w.yen(total)), numeric=(3,)),
        Paragraph(w("assets.home_value" if plan.valuation.basis == "appraisals" else "assets.home_estimate")),
    ]
    if missing:
        blocks += [Paragraph(w("assets.fill_missing")),
                   Fields(tuple(Field(w(f"assets.kind.{k.value}"), None) for k in missing))]
    blocks += [Heading(w("assets.debts_heading")),
               Table((w("assets.col_creditor"), w("assets.col_debt"), w("assets.col_owed"),
                      w("assets.col_monthly")), tuple(debts), numeric=(2, 3)),
               Paragraph(w("assets.owed_on", date=w.date(plan.case.sale_date)))]
    figures = {"total_assets": total}
    residual = data["residual_routes"]
    if residual:
        e = exit_dict(data, residual["exit"]) if residual["exit"] else None
        after = tuple((d["creditor"] or d["name"], d["name"], w.yen(d["amount"])) for d in residual["debts"])
        blocks += [Heading(w("assets.after_heading", exit=label(e, lang) if e else "")),
                   Table((w("assets.col_creditor"), w("assets.col_debt"), w("assets.col_amount")), after,
                         total=(w("assets.total_after"), "", w.yen(residual["total_debt"])), numeric=(2,))]
        figures |= {"remaining_debt": e["remaining_debt"] if e else 0, "total_debt": residual["total_debt"]}
    blocks += [Heading(w("common.signature_heading")),
               Paragraph(w("assets.declaration")),
               Fields((Field(w("common.signed_name", name=debtor(plan)), None),))]
    return Draft("asset-list", lang, w("assets.title"), w.mark(), tuple(blocks), figures=figures,
                 filename="asset-list")
