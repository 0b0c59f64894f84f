"""The seller's costs of a sale on the settlement date, and the creditor's costs of an auction.

Sale: 仲介手数料 (the legal cap), 印紙税 on the seller's copy of the contract, 登録免許税 and
司法書士報酬 for releasing each mortgage, and the move. The 固定資産税・都市計画税 proration is
money the buyer pays the seller at settlement, so it is reported beside the costs, not in them.
Unpaid management fees and taxes are claims on the price (the distribution), not costs here.
Auction: 予納金, 申立手数料 and the seizure registration tax that the filing creditor advances and
recovers first out of the auction price (民事執行法).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any

from zansai.errors import DomainError
from zansai.model import Item, Property, ProrationStart
from zansai.model.checks import require_yen
from zansai.money import (
    Rounding,
    Yen,
    floor_to_unit,
    format_percent,
    format_yen,
    fraction_to_decimal,
    round_div,
    round_yen,
)
from zansai.rules import Resolved, RuleBook, bracket
from zansai.trace import Explanation, RuleUse, Step, unique_uses

__all__ = [
    "Channel", "ProrationResult", "SaleCosts", "auction_costs", "brokerage_fee_cap",
    "lien_release_tax", "property_tax_proration", "sale_costs", "scrivener_fee", "stamp_duty",
]

FLOOR_TEXT = "1円未満切捨て"

_ROUNDING = {"floor": (Rounding.FLOOR, "1円未満切捨て"), "half_up": (Rounding.HALF_UP, "1円未満四捨五入")}


class Channel(StrEnum):
    """How the home is sold."""

    BROKERED = "brokered"
    """Through a licensed agent (通常売却・任意売却): the brokerage fee applies."""
    DIRECT = "direct"
    """Directly to a dealer or a leaseback buyer (業者買取・リースバック): no agent, no fee."""
    AUCTION = "auction"
    """Court auction (競売): see ``auction_costs``."""


@dataclass(frozen=True, slots=True)
class ProrationResult:
    """固定資産税・都市計画税の日割り精算 between seller and buyer (a contract convention)."""

    annual_tax: Yen
    start: date
    """起算日: first day of the tax year used for the proration."""
    end: date
    """Last day (inclusive) of that year."""
    seller_days: int
    """Calendar days from ``start`` to the day before settlement."""
    buyer_days: int
    """Calendar days from settlement to ``end`` (inclusive)."""
    days_in_year: int
    """The denominator (contract practice; may differ from seller_days + buyer_days in a leap year)."""
    seller_share: Yen
    buyer_share: Yen
    """Paid by the buyer to the seller at settlement (part of the seller's transfer proceeds)."""
    step: Step

    def to_dict(self) -> dict[str, Any]:
        return {
            "annual_tax": self.annual_tax, "start": self.start.isoformat(),
            "end": self.end.isoformat(), "seller_days": self.seller_days,
            "buyer_days": self.buyer_days, "days_in_year": self.days_in_year,
            "seller_share": self.seller_share, "buyer_share": self.buyer_share,
            "why": self.step.to_dict(),
        }


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
    notes: tuple[str, ...]

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
            "notes": list(self.notes),
        }

    def explain(self) -> Explanation:
        steps = [i.step for i in self.items if i.step is not None]
        if self.proration is not None:
            steps.append(self.proration.step)
        title = ("競売の手続費用 / auction costs" if self.channel is Channel.AUCTION
                 else "売却費用 / costs of the sale")
        return Explanation(title=title, steps=tuple(steps), notes=self.notes)


# ----------------------------------------------------------------------------- validation


def _check_count(field: str, value: int, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise DomainError.invalid(field, value, f"{minimum}以上の整数にしてください",
                                  f"it must be a whole number of at least {minimum}")


def _caveat_note(resolved: Resolved) -> str | None:
    caveat = resolved.caveat
    return f"{caveat[0]} / {caveat[1]}" if caveat else None


# ------------------------------------------------------------------------------ the items


def _tiered(price: Yen, rows: tuple[dict[str, Any], ...]) -> tuple[Fraction, list[str]]:
    """告示 第二: each tier's rate on the part of the price inside the tier (tax-exclusive)."""
    total = Fraction(0)
    parts: list[str] = []
    lower = 0
    for row in rows:
        upper = row.get("upto")
        rate = Fraction(row["rate"])
        top = price if upper is None else min(price, upper)
        if top > lower:
            total += (top - lower) * rate
            parts.append(f"{format_yen(top - lower)} × {format_percent(rate)}")
        if upper is None or price <= upper:
            break
        lower = upper
    return total, parts


def brokerage_fee_cap(price: Yen, *, on: date, book: RuleBook, low_cost_vacant_home: bool = False,
                      brokerage_contract: date | None = None) -> Item:
    """仲介手数料の上限 (宅建業法46条, 昭和45年建設省告示第1552号), tax included, from one client.

    ``on`` is the brokerage service date (決済・引渡し), which selects the tiers and the
    consumption-tax rate. The low-cost special (告示 第七) applies only when the client agreed to
    it (``low_cost_vacant_home``) and the price is within its ceiling on the brokerage contract
    date (``brokerage_contract``, default ``on``); it never lowers the normal cap.
    """
    require_yen("sale.price", price, minimum=1)
    tiers = book.at("brokerage.fee_tiers", on)
    tax_rule = book.at("tax.consumption_tax_rate", on)
    uses = [RuleUse.of(tiers), RuleUse.of(tax_rule)]
    tax = Fraction(tax_rule.value)
    ex_tax, parts = _tiered(price, tiers.value)
    normal = round_yen(ex_tax * (1 + tax), Rounding.FLOOR)
    amount = normal
    inputs = {
        "price": format_yen(price), "tiers": " + ".join(parts),
        "cap_ex_tax": f"{fraction_to_decimal(ex_tax, 3):,f}円", "consumption_tax": format_percent(tax),
        "brokerage_service_date": on.isoformat(), "normal_cap": format_yen(normal),
    }
    note = ("a ceiling (「以内」), not the fee actually charged; rounded down because rounding up "
            "would exceed the legal cap")
    formula = "Σ (part of the price in each tier × tier rate) × (1 + consumption tax)"
    if low_cost_vacant_home:
        contract_on = brokerage_contract or on
        special = book.at("brokerage.low_cost_vacant_home", contract_on)
        uses.append(RuleUse.of(special))
        inputs["brokerage_contract_date"] = (
            contract_on.isoformat() + ("" if brokerage_contract else " (settlement date used; the "
                                       "brokerage contract date was not given)"))
        if not special.in_force:
            note += "; the low-cost special (告示 第七) was not in force on the brokerage contract date"
        elif price > special.value["price_ceiling"]:
            note += (f"; the low-cost special does not apply: the price is above its ceiling "
                     f"{format_yen(special.value['price_ceiling'])}")
        else:
            special_cap = round_yen(special.value["fee_cap"] * (1 + tax), Rounding.FLOOR)
            amount = max(normal, special_cap)
            formula = "max(normal cap, low-cost special fee_cap × (1 + consumption tax))"
            inputs["special_cap"] = format_yen(special_cap)
            note += ("; low-cost special (告示 第七) applied as agreed in advance with the client: "
                     "it may raise but never lowers the normal cap")
    step = Step(name="brokerage_fee", label_ja="仲介手数料（上限・税込）", formula=formula,
                inputs=inputs, result=format_yen(amount), rounding=FLOOR_TEXT, rules=tuple(uses),
                note=note)
    return Item("brokerage_fee", "仲介手数料（上限・税込）", "brokerage fee (legal cap, tax included)",
                amount, step)


def stamp_duty(price: Yen, *, on: date, book: RuleBook) -> Item:
    """印紙税 on the seller's original of the sale contract (第1号の1文書), on the document date."""
    require_yen("sale.price", price, minimum=1)
    rule = book.at("stamp_duty.sale_contract", on)
    duty: Yen = bracket(rule.value, price)["duty"]
    caveat = _caveat_note(rule)
    note = "each party pays for the original it keeps; an electronic contract needs no stamp"
    step = Step(name="stamp_duty", label_ja="印紙税（売買契約書・売主保有分）",
                formula="duty of the bracket that holds the contract amount",
                inputs={"contract_amount": format_yen(price), "document_date": on.isoformat()},
                result=format_yen(duty), rules=(RuleUse.of(rule),),
                note=f"{note}. {caveat}" if caveat else note)
    return Item("stamp_duty", "印紙税（売買契約書）", "stamp duty (sale contract)", duty, step)


def lien_release_tax(property_count: int, liens: int, *, on: date, book: RuleBook) -> Item:
    """登録免許税 for releasing ``liens`` mortgages (抵当権抹消), one application per lien."""
    _check_count("property_count", property_count, 1)
    _check_count("liens_to_release", liens, 0)
    rule = book.at("registration_tax.lien_release", on)
    per_property: Yen = rule.value["per_property"]
    cap: Yen = rule.value["application_cap"]
    cap_over: int = rule.value["cap_over_count"]
    per_application = cap if property_count > cap_over else property_count * per_property
    amount = per_application * liens
    step = Step(
        name="lien_release_tax", label_ja="抵当権抹消の登録免許税",
        formula=f"per lien: property_count × per_property ({format_yen(cap)} per application "
                f"when more than {cap_over} properties); × liens",
        inputs={"property_count": str(property_count), "liens": str(liens),
                "per_application": format_yen(per_application), "registration_date": on.isoformat()},
        result=format_yen(amount), rules=(RuleUse.of(rule),),
        note="paid by the seller, who must deliver the home free of its mortgages")
    return Item("lien_release_tax", "登録免許税（抵当権抹消）", "registration tax (lien release)",
                amount, step)


def scrivener_fee(liens: int, *, on: date, book: RuleBook) -> Item:
    """司法書士報酬 for the mortgage releases: the tax-exclusive market fee per lien, plus 消費税."""
    _check_count("liens_to_release", liens, 0)
    fee_rule = book.at("scrivener.lien_release_fee", on)
    tax_rule = book.at("tax.consumption_tax_rate", on)
    fee: Yen = fee_rule.value
    tax = Fraction(tax_rule.value)
    amount = round_yen(fee * liens * (1 + tax), Rounding.FLOOR)
    step = Step(
        name="scrivener_fee", label_ja="司法書士報酬（抵当権抹消, 税込, 実費別）",
        formula="fee per lien (tax-exclusive) × liens × (1 + consumption tax)",
        inputs={"fee_per_lien_ex_tax": format_yen(fee), "liens": str(liens),
                "consumption_tax": format_percent(tax), "settlement_date": on.isoformat()},
        result=format_yen(amount), rounding=FLOOR_TEXT,
        rules=(RuleUse.of(fee_rule), RuleUse.of(tax_rule)),
        note="market practice (no legal tariff), for a release of 1 land parcel + 1 building; "
             "out-of-pocket costs (certificates) are extra; override with the actual quote. A lender's "
             "short-sale rules may cap what is deducted from the price (JHF: 1万円 per parcel or per "
             "claim, sources differ); that cap belongs to the distribution")
    return Item("scrivener_fee", "司法書士報酬（抵当権抹消）", "judicial scrivener's fee (lien release)",
                amount, step)


def _tax_year(start: ProrationStart, settlement: date) -> tuple[date, date]:
    if start is ProrationStart.JANUARY_1:
        return date(settlement.year, 1, 1), date(settlement.year, 12, 31)
    year = settlement.year if (settlement.month, settlement.day) >= (4, 1) else settlement.year - 1
    return date(year, 4, 1), date(year + 1, 3, 31)


def property_tax_proration(annual_tax: Yen, settlement: date, *, start: ProrationStart | None,
                           book: RuleBook) -> ProrationResult:
    """Split the year's 固定資産税・都市計画税 at settlement (contract practice, not law).

    The seller bears the days from the 起算日 to the day before settlement, the buyer the rest:
    seller_share = annual × seller_days / days_in_year (rounded as the rule says) and
    buyer_share = annual − seller_share, which the buyer pays the seller at settlement.
    """
    require_yen("property.annual_property_tax", annual_tax, minimum=0)
    uses: list[RuleUse] = []
    if start is None:
        start_rule = book.at("property_tax.proration_start", settlement)
        uses.append(RuleUse.of(start_rule))
        try:
            start = ProrationStart(start_rule.value)
        except ValueError:
            raise DomainError.invalid("property_tax.proration_start", start_rule.value,
                                      "january_1 か april_1 です", "use january_1 or april_1") from None
        start_source = f"{start.value} (market-practice default)"
    else:
        start_source = f"{start.value} (contract)"
    days_rule = book.at("property_tax.proration_days_in_year", settlement)
    rounding_rule = book.at("property_tax.proration_rounding", settlement)
    uses += [RuleUse.of(days_rule), RuleUse.of(rounding_rule)]
    mode_text = _ROUNDING.get(rounding_rule.value)
    if mode_text is None:
        raise DomainError.invalid("property_tax.proration_rounding", rounding_rule.value,
                                  "floor か half_up です", "use floor or half_up")
    mode, rounding_ja = mode_text
    days_in_year = int(days_rule.value)
    first, last = _tax_year(start, settlement)
    seller_days = (settlement - first).days
    calendar_days = (last - first).days + 1
    buyer_days = calendar_days - seller_days
    # An override below the calendar length must not give the seller more than the whole year.
    seller_share = round_div(annual_tax * min(seller_days, days_in_year), days_in_year, mode)
    buyer_share = annual_tax - seller_share
    note = ("contract practice, not law; the buyer's payment counts toward the seller's transfer "
            "proceeds for income tax (国税庁 質疑応答, law-sale-costs §4.2)")
    if calendar_days != days_in_year:
        note += (f"; this tax year has {calendar_days} calendar days but the contract basis is "
                 f"{days_in_year}: the seller's calendar days are divided by {days_in_year} (a leap "
                 f"year on a 365-day basis gives the seller 1/{days_in_year} more per day than the "
                 "calendar share) and the buyer pays the rest; override "
                 "property_tax.proration_days_in_year with 366 if the contract says so")
    step = Step(
        name="property_tax_proration", label_ja="固定資産税・都市計画税の日割り精算",
        formula=f"seller_share = annual × seller_days / {days_in_year}; "
                "buyer_share = annual − seller_share",
        inputs={"annual_tax": format_yen(annual_tax), "start": start_source,
                "tax_year": f"{first.isoformat()} – {last.isoformat()}",
                "settlement_date": settlement.isoformat(), "seller_days": str(seller_days),
                "buyer_days": str(buyer_days), "days_in_year": str(days_in_year)},
        result=f"seller {format_yen(seller_share)} / buyer {format_yen(buyer_share)} (paid by the "
               "buyer to the seller at settlement)",
        rounding=f"seller_share {rounding_ja}; buyer_share = annual − seller_share",
        rules=tuple(uses), note=note)
    return ProrationResult(annual_tax=annual_tax, start=first, end=last, seller_days=seller_days,
                           buyer_days=buyer_days, days_in_year=days_in_year,
                           seller_share=seller_share, buyer_share=buyer_share, step=step)


def _moving_cost(moving_cost: Yen | None, on: date, book: RuleBook) -> Item:
    if moving_cost is not None:
        require_yen("sale.moving_cost", moving_cost, minimum=0)
        step = Step(name="moving_cost", label_ja="引越費用", formula="given by the case",
                    inputs={"moving_cost": format_yen(moving_cost)}, result=format_yen(moving_cost))
        return Item("moving_cost", "引越費用", "moving cost", moving_cost, step)
    rule = book.at("market.moving_cost", on)
    amount: Yen = rule.value
    step = Step(name="moving_cost", label_ja="引越費用", formula="market.moving_cost (placeholder)",
                inputs={"calculation_date": on.isoformat()}, result=format_yen(amount),
                rules=(RuleUse.of(rule),),
                note="a placeholder (market practice); give a real quote. A lender may refuse to "
                     "pay it out of a short-sale price (JHF: in principle not allowed)")
    return Item("moving_cost", "引越費用", "moving cost", amount, step)


def sale_costs(price: Yen, *, settlement: date, prop: Property, liens_to_release: int,
               channel: Channel, book: RuleBook, moving_cost: Yen | None = None,
               low_cost_vacant_home: bool = False, contract_date: date | None = None,
               brokerage_contract: date | None = None) -> SaleCosts:
    """The seller's costs of selling at ``price`` with settlement on ``settlement``.

    BROKERED: brokerage fee, stamp duty, lien-release tax, scrivener's fee, moving cost.
    DIRECT (dealer purchase, leaseback): the same without the brokerage fee (for a leaseback the
    caller passes ``moving_cost=0``). The stamp duty is keyed on the contract date
    (``contract_date``, default the settlement date).
    """
    if channel is Channel.AUCTION:
        raise DomainError.invalid("sale.channel", channel.value,
                                  "競売の費用は auction_costs で計算します",
                                  "the costs of an auction come from auction_costs")
    require_yen("sale.price", price, minimum=1)
    notes: list[str] = []
    items: list[Item] = []
    if channel is Channel.BROKERED:
        items.append(brokerage_fee_cap(price, on=settlement, book=book,
                                       low_cost_vacant_home=low_cost_vacant_home,
                                       brokerage_contract=brokerage_contract))
    else:
        notes.append("direct sale to a dealer or leaseback buyer: no agent, so no brokerage fee")
    if contract_date is None:
        notes.append("stamp duty keyed on the settlement date (the contract date was not given)")
    elif contract_date > settlement:
        raise DomainError.invalid("sale.contract_date", contract_date.isoformat(),
                                  "決済日以前の日付にしてください",
                                  "the contract date must be on or before the settlement date")
    stamp = stamp_duty(price, on=contract_date or settlement, book=book)
    items.append(stamp)
    items.append(lien_release_tax(prop.property_count, liens_to_release, on=settlement, book=book))
    items.append(scrivener_fee(liens_to_release, on=settlement, book=book))
    items.append(_moving_cost(moving_cost, settlement, book))

    proration: ProrationResult | None = None
    if prop.annual_property_tax > 0:
        proration = property_tax_proration(prop.annual_property_tax, settlement,
                                           start=prop.proration_start, book=book)
    else:
        notes.append("annual property tax not given: no proration")
    notes.append("unpaid management fees and unpaid taxes are claims paid from the price "
                 "(distribution), not sale costs")
    uses = [u for i in items if i.step for u in i.step.rules]
    if proration is not None:
        uses += proration.step.rules
    notes += [f"{u.key}: {u.caveat_ja} / {u.caveat_en}" for u in unique_uses(uses) if u.caveat_ja]
    return SaleCosts(price=price, settlement=settlement, channel=channel, items=tuple(items),
                     proration=proration, rules_used=unique_uses(uses), notes=tuple(notes))


def auction_costs(claim: Yen, *, filing: date, liens: int, book: RuleBook) -> SaleCosts:
    """Procedure costs of a mortgage auction (担保不動産競売) on a ``claim`` filed on ``filing``.

    The filing creditor advances them and recovers them first out of the auction price:
    予納金 (Tokyo District Court schedule), 申立手数料 per lien, and the registration tax on the
    seizure (claim floored to 1,000円 × rate, floored to 100円, at least the minimum).
    """
    require_yen("auction.claim", claim, minimum=1)
    _check_count("liens", liens, 1)
    deposit_rule = book.at("auction.deposit_tokyo", filing)
    deposit: Yen = bracket(deposit_rule.value, claim)["deposit"]
    deposit_item = Item("auction_deposit", "予納金（東京地裁本庁）", "auction deposit (Tokyo)", deposit,
                        Step(name="auction_deposit", label_ja="競売の予納金",
                             formula="deposit of the bracket that holds the claim",
                             inputs={"claim": format_yen(claim), "filing_date": filing.isoformat()},
                             result=format_yen(deposit), rules=(RuleUse.of(deposit_rule),),
                             note="an advance: what the court does not spend is refunded; the "
                                  "whole deposit is taken as the cost. Other courts differ"))

    fee_rule = book.at("auction.filing_fee_per_lien", filing)
    fee: Yen = fee_rule.value * liens
    fee_item = Item("filing_fee", "申立手数料（収入印紙）", "court filing fee", fee,
                    Step(name="filing_fee", label_ja="競売の申立手数料",
                         formula="fee per lien × liens",
                         inputs={"fee_per_lien": format_yen(fee_rule.value), "liens": str(liens),
                                 "filing_date": filing.isoformat()},
                         result=format_yen(fee), rules=(RuleUse.of(fee_rule),)))

    rate_rule = book.at("registration_tax.seizure", filing)
    rounding_rule = book.at("tax.national_tax_rounding", filing)
    minimum_rule = book.at("registration_tax.minimum", filing)
    rate = Fraction(rate_rule.value)
    base_unit: Yen = rounding_rule.value["base_unit"]
    tax_unit: Yen = rounding_rule.value["tax_unit"]
    base = floor_to_unit(claim, base_unit)
    tax = max(floor_to_unit(round_yen(base * rate, Rounding.FLOOR), tax_unit), minimum_rule.value)
    tax_item = Item("seizure_registration_tax", "差押登記の登録免許税",
                    "registration tax on the seizure", tax,
                    Step(name="seizure_registration_tax", label_ja="差押登記の登録免許税",
                         formula="max(floor(floor(claim to base_unit) × rate to tax_unit), minimum)",
                         inputs={"claim": format_yen(claim), "base": format_yen(base),
                                 "rate": format_percent(rate), "minimum": format_yen(minimum_rule.value),
                                 "filing_date": filing.isoformat()},
                         result=format_yen(tax),
                         rounding=f"課税標準 {base_unit:,}円未満切捨て, 税額 {tax_unit:,}円未満切捨て",
                         rules=(RuleUse.of(rate_rule), RuleUse.of(rounding_rule),
                                RuleUse.of(minimum_rule))))
    items = (deposit_item, fee_item, tax_item)
    notes = ["procedure costs advanced by the filing creditor and recovered first out of the "
             "auction price (執行費用, 民事執行法42条ほか; law-sale-costs §7.3)",
             "price = the claimed amount (請求債権額) and settlement = the filing date for these costs",
             "postage and other small court costs are not modelled"]
    uses = unique_uses([u for i in items if i.step for u in i.step.rules])
    notes += [f"{u.key}: {u.caveat_ja} / {u.caveat_en}" for u in uses if u.caveat_ja]
    return SaleCosts(price=claim, settlement=filing, channel=Channel.AUCTION, items=items,
                     proration=None, rules_used=uses, notes=tuple(notes))
