"""The creditor's costs of a mortgage auction (担保不動産競売).

予納金, 申立手数料 and the seizure registration tax that the filing creditor advances and recovers
first out of the auction price (民事執行法).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from zansai.engine.exact import fraction
from zansai.engine.sale.costs import Channel, SaleCosts, caveat_notes, labelled, require_count
from zansai.messages import msg
from zansai.model import Item
from zansai.model.checks import require_yen
from zansai.model.keys import CostKey
from zansai.money import Rounding, Yen, floor_to_unit, format_percent, format_yen, round_yen
from zansai.rules import RuleBook, bracket
from zansai.trace import RuleUse, Step, Text, unique_uses


def auction_costs(claim: Yen, *, filing: date, liens: int, book: RuleBook,
                  claim_source: str = "given", notes: Sequence[Text] = ()) -> SaleCosts:
    """Procedure costs of a mortgage auction (担保不動産競売) on a ``claim`` filed on ``filing``.

    The filing creditor advances them and recovers them first out of the auction price:
    予納金 (Tokyo District Court schedule), 申立手数料 per lien, and the registration tax on the
    seizure (claim floored to 1,000円 × rate, floored to 100円, at least the minimum). Both are
    fixed on the claimed amount (請求債権額) when the creditor files, not when the buyer pays.
    ``claim_source`` (``"given"`` or ``"estimated"``) and ``notes`` say where the claim came from.
    """
    require_yen("auction.claim", claim, minimum=1)
    require_count("liens", liens, 1)
    filed = {"claim": format_yen(claim), "claim_source": claim_source,
             "filing_date": filing.isoformat()}
    items = (_deposit(claim, filed, filing, book), _filing_fee(liens, filing, book),
             _seizure_registration_tax(claim, filed, filing, book))
    all_notes: list[Text] = [msg("sale.costs.auction_advanced"), msg("sale.costs.auction_basis"),
                             msg("sale.costs.auction_postage"), *notes]
    uses = unique_uses([u for i in items if i.step for u in i.step.rules])
    all_notes += caveat_notes(uses)
    return SaleCosts(price=claim, settlement=filing, channel=Channel.AUCTION, items=items,
                     proration=None, rules_used=uses, notes=tuple(all_notes))


def _deposit(claim: Yen, filed: dict[str, str], filing: date, book: RuleBook) -> Item:
    """予納金: the Tokyo District Court's deposit for the bracket of the claim."""
    deposit_rule = book.at("auction.deposit_tokyo", filing)
    deposit: Yen = bracket(deposit_rule.value, claim)["deposit"]
    return labelled(CostKey.AUCTION_DEPOSIT, msg("sale.items.auction_deposit"), deposit,
                Step(name=CostKey.AUCTION_DEPOSIT, label=msg("sale.steps.auction_deposit"),
                     formula="deposit of the bracket that holds the claim",
                     inputs=dict(filed),
                     result=format_yen(deposit), rules=(RuleUse.of(deposit_rule),),
                     note=msg("sale.notes.auction_deposit")))


def _filing_fee(liens: int, filing: date, book: RuleBook) -> Item:
    """申立手数料: the court fee per lien, in revenue stamps."""
    fee_rule = book.at("auction.filing_fee_per_lien", filing)
    fee: Yen = fee_rule.value * liens
    return labelled(CostKey.FILING_FEE, msg("sale.items.filing_fee"), fee,
                Step(name=CostKey.FILING_FEE, label=msg("sale.steps.filing_fee"),
                     formula="fee per lien × liens",
                     inputs={"fee_per_lien": format_yen(fee_rule.value), "liens": str(liens),
                             "filing_date": filing.isoformat()},
                     result=format_yen(fee), rules=(RuleUse.of(fee_rule),)))


def _seizure_registration_tax(claim: Yen, filed: dict[str, str], filing: date,
                              book: RuleBook) -> Item:
    """登録免許税 on the seizure: the claim floored to the base unit × rate, floored, at least the minimum."""
    rate_rule = book.at("registration_tax.seizure", filing)
    rounding_rule = book.at("tax.national_tax_rounding", filing)
    minimum_rule = book.at("registration_tax.minimum", filing)
    rate = fraction(rate_rule.value)
    base_unit: Yen = rounding_rule.value["base_unit"]
    tax_unit: Yen = rounding_rule.value["tax_unit"]
    base = floor_to_unit(claim, base_unit)
    tax = max(floor_to_unit(round_yen(base * rate, Rounding.FLOOR), tax_unit), minimum_rule.value)
    return labelled(CostKey.SEIZURE_REGISTRATION_TAX, msg("sale.items.seizure_registration_tax"), tax,
                Step(name=CostKey.SEIZURE_REGISTRATION_TAX, label=msg("sale.steps.seizure_registration_tax"),
                     formula="max(floor(floor(claim to base_unit) × rate to tax_unit), minimum)",
                     inputs={**filed, "base": format_yen(base), "rate": format_percent(rate),
                             "minimum": format_yen(minimum_rule.value)},
                     result=format_yen(tax),
                     rounding=(f"課税標準 {Rounding.FLOOR.label(base_unit)}, "
                               f"税額 {Rounding.FLOOR.label(tax_unit)}"),
                     rules=(RuleUse.of(rate_rule), RuleUse.of(rounding_rule),
                            RuleUse.of(minimum_rule))))
