"""The two letters: the request to allow a 任意売却 and the proposal to pay the rest in instalments.

Both are written from the plan alone (its short-sale exit, 配分, remaining-debt routes); what
the plan cannot know (the reason for the arrears, the address, the date of signing) is a blank.
"""

from __future__ import annotations

from typing import Any

from zansai.engine.plan import Plan
from zansai.errors import InputError
from zansai.money import format_percent
from zansai.report.drafts.common import Words, debtor, exit_dict, label, main_lien
from zansai.report.drafts.model import Block, Draft, Field, Fields, Heading, Paragraph, Table

SHORT_SALE_KEYS = ("short_sale", "leaseback", "dealer_purchase")
"""The exits that close below the debt with the lender's consent: the request is about them."""


def _head(w: Words, addressees: list[str], signer: str) -> list[Block]:
    return [Fields((Field(w("common.written_on"), None),)),
            *[Paragraph(w("common.addressee", name=name)) for name in addressees],
            Fields((Field(w("common.address"), None), Field(w("common.name"), signer),
                    Field(w("common.phone"), None)))]


def _signature(w: Words, names: list[str]) -> list[Block]:
    return [Heading(w("common.signature_heading")),
            Fields(tuple(f for n in names for f in (Field(w("common.signed_name", name=n), None),))),
            Paragraph(w("common.sign_note"))]


def _sale_exit(data: dict[str, Any]) -> dict[str, Any]:
    """The short sale the request is about: the best exit when it is one, else the first that
    leaves a debt (a sale that repays everyone needs no consent to a shortfall)."""
    for key in (data["best_exit"], *SHORT_SALE_KEYS):
        e = exit_dict(data, key) if key else None
        if e and e["key"] in SHORT_SALE_KEYS and e.get("distribution") and e["remaining_debt"] > 0:
            return e
    raise InputError("--kind: このケースでは売却代金で借入れを返し切れる見込みのため、"
                     "任意売却の同意のお願いは不要です",
                     "--kind: in this case the sale is expected to repay the loans in full, so no request "
                     "for the lender's consent to a short sale is needed", field="--kind")


def short_sale_request(plan: Plan, lang: str) -> Draft:
    """任意売却のお願い: the debtor asks the lender to consent to a sale below the debt."""
    w, data, lien = Words(lang), plan.to_dict(), main_lien(plan)
    e = _sale_exit(data)
    lender = next(iter(e["lenders"]), None)
    names = [lien.holder] if lien else []
    if lender and lender["claimant"] and lender["claimant"] not in names:
        names.append(lender["claimant"])
    signer = debtor(plan)
    loan = lien.loan if lien else None
    dist = e["distribution"]
    rows = tuple((label(ln, lang), w.yen(ln["claim"]), w.yen(ln["paid"]), w.yen(ln["shortfall"]))
                 for ln in dist["lines"])
    paid = sum(ln["paid"] for ln in dist["lines"])
    blocks: list[Block] = [
        *_head(w, names, signer), Heading(w("short_sale.title")),
        Paragraph(w("short_sale.intro")),
        Heading(w("short_sale.loan_heading")),
        Fields((Field(w("short_sale.loan_name"), loan.name if loan else None),
                Field(w("short_sale.lender"), lien.holder if lien else None),
                Field(w("short_sale.guarantor_company"), (lien.guarantor_company or "") if lien else None),
                Field(w("short_sale.principal"), w.yen(loan.principal) if loan else None),
                Field(w("short_sale.first_payment"), w.date(loan.first_payment) if loan else None),
                Field(w("short_sale.debtors"), "・".join(lien.debtors) if lien else None),
                Field(w("short_sale.guarantors"), "・".join(lien.guarantors) if lien else None),
                Field(w("short_sale.contract_number"), None))),
        Heading(w("short_sale.property_heading")),
        Fields((Field(w("short_sale.property_kind"), w(f"common.property.{plan.case.property.kind.value}")),
                Field(w("short_sale.location"), None),
                Field(w("short_sale.acquired_on"), w.date(plan.case.property.acquired_on) or None))),
        Heading(w("short_sale.situation_heading")),
        Fields((Field(w("short_sale.first_missed"), w.date(plan.case.first_missed) or None),
                Field(w("short_sale.claim", date=w.date(plan.case.sale_date)),
                      w.yen(lender["claim"]) if lender else None),
                Field(w("short_sale.late_charges"), w.yen(lender["late_charges"]) if lender else None),
                Field(w("short_sale.reason"), None, lines=4))),
        Paragraph(w("short_sale.budget_attached")),
        Heading(w("short_sale.sale_heading")),
        Fields((*[Field(w("short_sale.appraisal", source=a.source), w.yen(a.amount))
                  for a in plan.case.appraisals],
                Field(w("short_sale.price"), w.yen(e["price"])),
                Field(w("short_sale.settlement"), w.date(plan.case.sale_date)),
                Field(w("short_sale.buyer"), None))),
        Heading(w("short_sale.distribution_heading")),
        Table((w("short_sale.col_item"), w("short_sale.col_claim"), w("short_sale.col_paid"),
               w("short_sale.col_short")), rows,
              total=(w("short_sale.total_paid"), "", w.yen(paid), ""), numeric=(1, 2, 3)),
        Paragraph(w("short_sale.remaining", amount=e["remaining_debt"])),
        Heading(w("short_sale.request_heading")),
        Paragraph(w("short_sale.request")),
        Paragraph(w("short_sale.remaining_promise")),
        *_signature(w, [signer, *(lien.guarantors if lien else ())]),
    ]
    return Draft("short-sale-request", lang, w("short_sale.title"), w.mark(), tuple(blocks),
                 figures={"price": e["price"], "distribution_sum": paid,
                          "remaining_debt": e["remaining_debt"]}, filename="short-sale-request")


def _negotiated(data: dict[str, Any]) -> dict[str, Any] | None:
    routes: list[dict[str, Any]] = (data["residual_routes"] or {}).get("routes", [])
    for key in ("negotiated", "negotiated_without_late_charges"):
        route = next((r for r in routes if r["key"] == key), None)
        if route is not None and route["feasible"]:
            return route
    return next((r for r in routes if r["key"] == "negotiated"), None)


def instalment_proposal(plan: Plan, lang: str) -> Draft:
    """残債の分割弁済のご提案: after the sale, the debt left paid monthly (the negotiated route)."""
    w, data = Words(lang), plan.to_dict()
    residual = data["residual_routes"]
    if not residual:
        raise InputError("--kind: このケースでは売却後に残る借金がありません（分割弁済の提案は不要です）",
                         "--kind: nothing is left owing after the sale in this case (no instalment "
                         "proposal is needed)", field="--kind")
    home = next((d for d in residual["debts"] if d["from_home"]), residual["debts"][0])
    route = _negotiated(data)
    feasible = route is not None and route["feasible"] and route["monthly"] > 0
    e = exit_dict(data, residual["exit"]) if residual["exit"] else None
    exit_name = label(e, lang) if e else ""
    debts = tuple((d["creditor"] or d["name"], d["name"], w.yen(d["amount"])) for d in residual["debts"])
    r = route if feasible and route is not None else None  # None: the debtor fills the terms in
    terms: list[Field] = [
        Field(w("instalment.monthly"), w.yen(r["monthly"]) if r else None),
        Field(w("instalment.months"), w("instalment.months_value", n=r["months"]) if r else None),
        Field(w("instalment.first"), w.date(_date(r["first_instalment"])) if r else None),
        Field(w("instalment.last"), w.yen(r["last_instalment"]) if r else None),
        Field(w("instalment.total"), w.yen(r["instalments_total"]) if r else None),
    ]
    blocks: list[Block] = [
        *_head(w, [home["creditor"] or home["name"]], debtor(plan)), Heading(w("instalment.title")),
        Paragraph(w("instalment.intro", exit=exit_name, date=w.date(_date(residual["start"])))),
        Heading(w("instalment.debt_heading")),
        Fields((Field(w("instalment.remaining"), w.yen(home["amount"])),
                Field(w("instalment.late_included"), w.yen(home["late_charges"])))),
        Table((w("instalment.col_creditor"), w("instalment.col_debt"), w("instalment.col_amount")), debts,
              total=(w("instalment.total_debt"), "", w.yen(residual["total_debt"])), numeric=(2,)),
        Heading(w("instalment.terms_heading")),
        Fields(tuple(terms)),
        *[Paragraph(text) for text in _terms_notes(w, plan, r, residual["capacity"])],
        Paragraph(w("instalment.budget_attached")),
        Paragraph(w("instalment.request")),
        *_signature(w, [debtor(plan)]),
    ]
    figures = {"remaining_debt": home["amount"], "total_debt": residual["total_debt"]}
    if r:
        figures |= {"monthly": r["monthly"], "months": r["months"]}
    return Draft("instalment-proposal", lang, w("instalment.title"), w.mark(), tuple(blocks),
                 figures=figures, filename="instalment-proposal")


def _terms_notes(w: Words, plan: Plan, route: dict[str, Any] | None, capacity: int) -> list[str]:
    """What the proposed terms assume: shared among the creditors, the interest, the late charges."""
    if route is None:
        return [w("instalment.no_capacity", capacity=capacity)]
    rate = plan.case.residual.negotiated_rate
    interest = (w("instalment.with_interest", rate=format_percent(rate)) if rate
                else w("instalment.no_interest"))
    notes = [w("instalment.terms_all"), interest]
    if route["key"] == "negotiated_without_late_charges":
        notes.append(w("instalment.waived"))
    return notes


def _date(text: str | None) -> Any:
    from datetime import date

    return date.fromisoformat(text) if text else None
