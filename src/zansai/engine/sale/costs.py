"""The seller's costs of a sale on the settlement date.

仲介手数料 (the legal cap), 印紙税 on the seller's copy of the contract, 登録免許税 and 司法書士報酬
for releasing each mortgage, and the move. The 固定資産税・都市計画税 proration is money the buyer
pays the seller at settlement, so it is reported beside the costs, not in them (``proration``).
Unpaid management fees and taxes are claims on the price (the distribution), not costs here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from math import lcm
from typing import Any

from zansai.arith.brackets import tiered_sum, with_tax
from zansai.engine.exact import fraction
from zansai.engine.sale.expenses import selling_expense_items
from zansai.engine.sale.low_cost import SpecialOutcome, keying_note, low_cost_special
from zansai.engine.sale.proration import ProrationResult, property_tax_proration
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import Item, Property
from zansai.model.checks import require_yen
from zansai.model.keys import CostKey
from zansai.model.sale_terms import BrokerageTerms, ClientSide, LowCostSpecial, SellingExpense
from zansai.money import Rounding, Yen, format_percent, format_yen, fraction_to_decimal
from zansai.rules import RuleBook, bracket
from zansai.trace import Explanation, RuleUse, Step, Text, explaining, text_dict, unique_uses

FLOOR_TEXT = Rounding.FLOOR.label()


class Channel(StrEnum):
    """How the home is sold."""

    BROKERED = "brokered"
    """Through a licensed agent (通常売却・任意売却): the brokerage fee applies."""
    DIRECT = "direct"
    """Directly to a dealer or a leaseback buyer (業者買取・リースバック): no agent, no fee."""
    AUCTION = "auction"
    """Court auction (競売): see ``auction_costs``."""


@dataclass(frozen=True, slots=True)
class SaleCosts:
    """The costs of one sale (or, from ``auction_costs``, of one auction)."""

    price: Yen
    """The sale price; for ``auction_costs`` the claimed amount (請求債権額) the costs depend on."""
    settlement: date
    """The settlement date; for ``auction_costs`` the filing date."""
    channel: Channel
    items: tuple[Item, ...]
    proration: ProrationResult | None
    rules_used: tuple[RuleUse, ...]
    notes: tuple[Text, ...]
    low_cost_special: SpecialOutcome | None = None
    """What the low-cost brokerage special did, when the client agreed it (告示 第七)."""

    @property
    def total(self) -> Yen:
        """Sum of the items. The proration is not a cost: it is money the seller receives."""
        return sum(i.amount for i in self.items)

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "price": self.price,
            "settlement": self.settlement.isoformat(),
            "channel": self.channel.value,
            "items": [i.to_dict() for i in self.items],
            "total": self.total,
            "proration": self.proration.to_dict() if self.proration else None,
            "rules_used": [r.ref() for r in self.rules_used],
            "notes": [text_dict(n) for n in self.notes],
        } | ({"low_cost_special": self.low_cost_special.to_dict()}
             if self.low_cost_special is not None else {})

    def explain(self) -> Explanation:
        steps = [i.step for i in self.items if i.step is not None]
        if self.proration is not None:
            steps.append(self.proration.step)
        ja, en = msg("sale.costs.title_auction" if self.channel is Channel.AUCTION
                     else "sale.costs.title_sale")
        return Explanation(title=f"{ja} / {en}", steps=tuple(steps),
                           notes=tuple(f"{n[0]} / {n[1]}" for n in self.notes))


def require_count(field: str, value: int, minimum: int) -> None:
    """``value`` must be a whole number (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise DomainError.invalid(field, value, msg("sale.errors.whole_number", minimum=minimum))


def labelled(key: str, label: Text, amount: Yen, step: Step | None = None) -> Item:
    """An ``Item`` named by a catalog message (the model keeps the name as two strings)."""
    return Item(key, label[0], label[1], amount, step)


def caveat_notes(uses: tuple[RuleUse, ...]) -> list[Text]:
    """The caveats of the rules used, one note each."""
    return [msg("sale.costs.caveat", key=u.key, caveat=(u.caveat_ja, u.caveat_en or ""))
            for u in uses if u.caveat_ja]


# ------------------------------------------------------------------------------ the items


def _tiered(price: Yen, rows: tuple[dict[str, Any], ...]) -> tuple[Fraction, list[str]]:
    """告示 第二: each tier's rate on the part of the price inside the tier (tax-exclusive):
    ``arith.tiered_sum`` over the rates' common denominator, and the parts as text."""
    rates = [fraction(row["rate"]) for row in rows]
    scale = lcm(*(r.denominator for r in rates))
    table: list[int] = []
    for row, rate in zip(rows, rates, strict=True):
        upper = row.get("upto")
        table += (-1 if upper is None else upper, rate.numerator * (scale // rate.denominator))
    total = Fraction(tiered_sum(table, 0, len(rows), price), scale)
    parts: list[str] = []
    lower = 0
    for j, rate in enumerate(rates):
        upper = table[2 * j]
        top = price if upper < 0 else min(price, upper)
        if top > lower:
            parts.append(f"{format_yen(top - lower)} × {format_percent(rate)}")
        if upper < 0 or price <= upper:
            break
        lower = upper
    return total, parts


def brokerage_fee_cap(price: Yen, *, on: date, book: RuleBook,
                      special: LowCostSpecial | None = None,
                      brokerage_contract: date | None = None) -> Item:
    """仲介手数料の上限 (宅建業法46条, 昭和45年建設省告示第1552号), tax included, from one client.

    ``on`` is the brokerage service date (決済・引渡し), which selects the tiers and the
    consumption-tax rate. The low-cost special (告示 第七, ``low_cost``) is considered only when
    the client consented to it (``special.consent``); its version is chosen on the brokerage
    contract date (``brokerage_contract``) when given, else on ``on``. It never lowers the cap.
    """
    return brokerage_fee(price, on=on, book=book, special=special,
                         brokerage_contract=brokerage_contract)[0]


def brokerage_fee(price: Yen, *, on: date, book: RuleBook, special: LowCostSpecial | None = None,
                  brokerage_contract: date | None = None) -> tuple[Item, SpecialOutcome | None]:
    """``brokerage_fee_cap`` with what the low-cost special did (None when not agreed)."""
    require_yen("sale.price", price, minimum=1)
    tiers = book.at("brokerage.fee_tiers", on)
    tax_rule = book.at("tax.consumption_tax_rate", on)
    uses = [RuleUse.of(tiers), RuleUse.of(tax_rule)]
    tax = fraction(tax_rule.value)
    ex_tax, parts = _tiered(price, tiers.value)
    normal = with_tax(ex_tax.numerator, ex_tax.denominator, tax.numerator, tax.denominator)
    amount = normal
    inputs = {
        "price": format_yen(price), "tiers": " + ".join(parts),
        "cap_ex_tax": f"{fraction_to_decimal(ex_tax, 3):,f}円", "consumption_tax": format_percent(tax),
        "brokerage_service_date": on.isoformat(), "normal_cap": format_yen(normal),
    }
    note: Text = msg("sale.notes.brokerage_ceiling")
    formula = "Σ (part of the price in each tier × tier rate) × (1 + consumption tax)"
    outcome = None
    if special is not None and special.consent:
        outcome = low_cost_special(price, ex_tax, normal, tax=tax, special=special, on=on,
                                   brokerage_contract=brokerage_contract, book=book)
        if outcome.use is not None:
            uses.append(outcome.use)
        inputs |= outcome.inputs
        amount, formula = outcome.cap, outcome.formula
        note = msg("sale.notes.with_caveat", base=note, caveat=outcome.note)
    step = Step.bare(CostKey.BROKERAGE_FEE, tuple(uses)) if not explaining() else Step(
        name=CostKey.BROKERAGE_FEE, label=msg("sale.steps.brokerage_fee"), formula=formula,
        inputs=inputs, result=format_yen(amount), rounding=FLOOR_TEXT, rules=tuple(uses), note=note)
    return labelled(CostKey.BROKERAGE_FEE, msg("sale.items.brokerage_fee"), amount, step), outcome


def stamp_duty(price: Yen, *, on: date, book: RuleBook, amount_stated: bool = True) -> Item:
    """印紙税 on the seller's original of the sale contract (第1号の1文書), on the document date.

    A contract that does not state its amount (``amount_stated=False``, 記載金額のないもの) pays
    the flat duty of 印紙税法 別表第一 第1号, whatever the price.
    """
    require_yen("sale.price", price, minimum=1)
    if not amount_stated:
        return _stamp_duty_no_amount(on, book)
    rule = book.at("stamp_duty.sale_contract", on)
    duty: Yen = bracket(rule.value, price)["duty"]
    note: Text = msg("sale.notes.stamp_duty")
    if rule.caveat:
        note = msg("sale.notes.with_caveat", base=note, caveat=rule.caveat)
    step = Step.bare(CostKey.STAMP_DUTY, (RuleUse.of(rule),)) if not explaining() else Step(
        name=CostKey.STAMP_DUTY, label=msg("sale.steps.stamp_duty"),
        formula="duty of the bracket that holds the contract amount",
        inputs={"contract_amount": format_yen(price), "document_date": on.isoformat()},
        result=format_yen(duty), rules=(RuleUse.of(rule),), note=note)
    return labelled(CostKey.STAMP_DUTY, msg("sale.items.stamp_duty"), duty, step)


def _stamp_duty_no_amount(on: date, book: RuleBook) -> Item:
    """印紙税 on a sale contract with no amount written: one flat duty (no 措法91条 reduction)."""
    rule = book.at("stamp_duty.sale_contract_no_amount", on)
    duty: Yen = rule.value
    step = Step(name=CostKey.STAMP_DUTY, label=msg("sale.steps.stamp_duty"),
                formula="flat duty of a contract that states no amount",
                inputs={"contract_amount": "not stated", "document_date": on.isoformat()},
                result=format_yen(duty), rules=(RuleUse.of(rule),),
                note=msg("sale_terms.notes.stamp_no_amount", base=msg("sale.notes.stamp_duty")))
    return labelled(CostKey.STAMP_DUTY, msg("sale.items.stamp_duty"), duty, step)


def lien_release_tax(property_count: int, liens: int, *, on: date, book: RuleBook) -> Item:
    """登録免許税 for releasing ``liens`` mortgages (抵当権抹消), one application per lien."""
    require_count("property_count", property_count, 1)
    require_count("liens_to_release", liens, 0)
    rule = book.at("registration_tax.lien_release", on)
    per_property: Yen = rule.value["per_property"]
    cap: Yen = rule.value["application_cap"]
    cap_over: int = rule.value["cap_over_count"]
    per_application = cap if property_count > cap_over else property_count * per_property
    amount = per_application * liens
    step = Step.bare(CostKey.LIEN_RELEASE_TAX, (RuleUse.of(rule),)) if not explaining() else Step(
        name=CostKey.LIEN_RELEASE_TAX, label=msg("sale.steps.lien_release_tax"),
        formula=f"per lien: property_count × per_property ({format_yen(cap)} per application "
                f"when more than {cap_over} properties); × liens",
        inputs={"property_count": str(property_count), "liens": str(liens),
                "per_application": format_yen(per_application), "registration_date": on.isoformat()},
        result=format_yen(amount), rules=(RuleUse.of(rule),),
        note=msg("sale.notes.lien_release_tax"))
    return labelled(CostKey.LIEN_RELEASE_TAX, msg("sale.items.lien_release_tax"), amount, step)


def scrivener_fee(liens: int, *, on: date, book: RuleBook) -> Item:
    """司法書士報酬 for the mortgage releases: the tax-exclusive market fee per lien, plus 消費税."""
    require_count("liens_to_release", liens, 0)
    fee_rule = book.at("scrivener.lien_release_fee", on)
    tax_rule = book.at("tax.consumption_tax_rate", on)
    fee: Yen = fee_rule.value
    tax = fraction(tax_rule.value)
    amount = with_tax(fee * liens, 1, tax.numerator, tax.denominator)
    step = Step.bare(CostKey.SCRIVENER_FEE, (RuleUse.of(fee_rule), RuleUse.of(tax_rule))) \
        if not explaining() else Step(
        name=CostKey.SCRIVENER_FEE, label=msg("sale.steps.scrivener_fee"),
        formula="fee per lien (tax-exclusive) × liens × (1 + consumption tax)",
        inputs={"fee_per_lien_ex_tax": format_yen(fee), "liens": str(liens),
                "consumption_tax": format_percent(tax), "settlement_date": on.isoformat()},
        result=format_yen(amount), rounding=FLOOR_TEXT,
        rules=(RuleUse.of(fee_rule), RuleUse.of(tax_rule)),
        note=msg("sale.notes.scrivener_fee"))
    return labelled(CostKey.SCRIVENER_FEE, msg("sale.items.scrivener_fee"), amount, step)


def _moving_cost(moving_cost: Yen | None, on: date, book: RuleBook) -> Item:
    if moving_cost is not None:
        require_yen("sale.moving_cost", moving_cost, minimum=0)
        step = Step.bare(CostKey.MOVING_COST) if not explaining() else Step(
            name=CostKey.MOVING_COST, label=msg("sale.steps.moving_cost"), formula="given by the case",
            inputs={"moving_cost": format_yen(moving_cost)}, result=format_yen(moving_cost))
        return labelled(CostKey.MOVING_COST, msg("sale.items.moving_cost"), moving_cost, step)
    rule = book.at("market.moving_cost", on)
    amount: Yen = rule.value
    step = Step.bare(CostKey.MOVING_COST, (RuleUse.of(rule),)) if not explaining() else Step(
        name=CostKey.MOVING_COST, label=msg("sale.steps.moving_cost"),
        formula="market.moving_cost (placeholder)",
        inputs={"calculation_date": on.isoformat()}, result=format_yen(amount),
        rules=(RuleUse.of(rule),), note=msg("sale.notes.moving_placeholder"))
    return labelled(CostKey.MOVING_COST, msg("sale.items.moving_cost"), amount, step)


def _seller_brokerage_fee(price: Yen, on: date, terms: BrokerageTerms | None, book: RuleBook
                          ) -> tuple[Item, SpecialOutcome | None, list[Text]]:
    """The seller's brokerage fee. A special agreed by the buyer is the buyer's (its outcome is
    reported, the seller keeps the normal cap)."""
    terms = terms or BrokerageTerms()
    special = terms.low_cost_special
    fee, outcome = brokerage_fee(price, on=on, book=book, special=special,
                                 brokerage_contract=terms.contract_date)
    if outcome is None:
        return fee, None, []
    notes = [keying_note(outcome)]
    if special.client_side is ClientSide.BUYER:
        fee = brokerage_fee(price, on=on, book=book)[0]
        notes.insert(0, msg("sale_terms.special.buyer_fee", cap=outcome.cap, note=outcome.note))
    return fee, outcome, notes


def sale_costs(price: Yen, *, settlement: date, prop: Property, liens_to_release: int,
               channel: Channel, book: RuleBook, moving_cost: Yen | None = None,
               contract_date: date | None = None, brokerage: BrokerageTerms | None = None,
               selling_expenses: Sequence[SellingExpense] = (),
               contract_amount_stated: bool = True) -> SaleCosts:
    """The seller's costs of selling at ``price`` with settlement on ``settlement``.

    BROKERED: brokerage fee, stamp duty, lien-release tax, scrivener's fee, moving cost.
    DIRECT (dealer purchase, leaseback): the same without the brokerage fee (for a leaseback the
    caller passes ``moving_cost=0``). The stamp duty is keyed on the contract date
    (``contract_date``, default the settlement date). ``brokerage`` carries the brokerage
    contract (its date and the low-cost special agreed in it); ``selling_expenses`` the other
    譲渡費用 the seller pays (測量費, 立退料 …), added after the stamp duty.
    """
    if channel is Channel.AUCTION:
        raise DomainError.invalid("sale.channel", channel.value, msg("sale.errors.auction_channel"))
    require_yen("sale.price", price, minimum=1)
    notes: list[Text] = []
    items: list[Item] = []
    special: SpecialOutcome | None = None
    if channel is Channel.BROKERED:
        fee, special, special_notes = _seller_brokerage_fee(price, settlement, brokerage, book)
        items.append(fee)
        notes += special_notes
    else:
        notes.append(msg("sale.costs.direct_sale"))
    if contract_date is None:
        notes.append(msg("sale.costs.stamp_on_settlement"))
    elif contract_date > settlement:
        raise DomainError.invalid("sale.contract_date", contract_date.isoformat(),
                                  msg("sale.errors.contract_after_settlement"))
    stamp = stamp_duty(price, on=contract_date or settlement, book=book,
                       amount_stated=contract_amount_stated)
    items.append(stamp)
    items += selling_expense_items(selling_expenses)
    items.append(lien_release_tax(prop.property_count, liens_to_release, on=settlement, book=book))
    items.append(scrivener_fee(liens_to_release, on=settlement, book=book))
    items.append(_moving_cost(moving_cost, settlement, book))

    proration: ProrationResult | None = None
    if prop.annual_property_tax > 0:
        proration = property_tax_proration(prop.annual_property_tax, settlement,
                                           start=prop.proration_start, book=book)
    else:
        notes.append(msg("sale.costs.no_property_tax"))
    notes.append(msg("sale.costs.claims_not_costs"))
    uses = [u for i in items if i.step for u in i.step.rules]
    if proration is not None:
        uses += proration.step.rules
    notes += caveat_notes(unique_uses(uses))
    return SaleCosts(price=price, settlement=settlement, channel=channel, items=tuple(items),
                     proration=proration, rules_used=unique_uses(uses), notes=tuple(notes),
                     low_cost_special=special)
