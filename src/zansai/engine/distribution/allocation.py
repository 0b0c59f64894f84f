"""Allocating the price (配分): the checks, the choice of mode, and the priority waterfall of a
normal sale and of an auction (配当)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from zansai.engine.distribution.deductions import allocate_short_sale
from zansai.engine.distribution.rows import Row, freeze, lien_row
from zansai.engine.distribution.table import Distribution, LienClaim, LineName, Party
from zansai.errors import DomainError
from zansai.messages import msg
from zansai.model import DistributionMode, Item
from zansai.model.checks import require_yen
from zansai.money import Yen, format_yen
from zansai.rules import RuleBook
from zansai.trace import Text, explaining


def _validate(price: Yen, costs: Sequence[Item], liens: Sequence[LienClaim], amounts: dict[str, Yen],
              monthly_management_fee: Yen | None, short_sale: bool) -> None:
    require_yen("distribution.price", price)
    for item in costs:
        require_yen(f"distribution.costs.{item.key}", item.amount)
    for name, value in amounts.items():
        require_yen(name, value)
    if monthly_management_fee is not None:
        require_yen("property.monthly_management_fee", monthly_management_fee)
    ranks = [lien.rank for lien in liens]
    for lien in liens:
        if isinstance(lien.rank, bool) or not isinstance(lien.rank, int) or lien.rank < 1:
            raise DomainError.invalid("liens.rank", lien.rank, msg("distribution.errors.rank_min"))
    if len(set(ranks)) != len(ranks):
        raise DomainError.invalid("liens.rank", ranks, msg("distribution.errors.rank_distinct"))
    if short_sale and all(lien.is_tax_seizure for lien in liens):
        raise DomainError.invalid("liens", len(liens), msg("distribution.errors.needs_lender"))


def allocate(price: Yen, *, costs: Sequence[Item], liens: Sequence[LienClaim], association_claim: Yen,
             tax_claim: Yen, annual_property_tax: Yen, settlement: date, book: RuleBook,
             short_sale: bool, moving_allowance: Yen = 0,
             monthly_management_fee: Yen | None = None, auction: bool = False) -> Distribution:
    """Allocate ``price`` among costs, lienholders, the association, taxes and the seller.

    ``auction``: the court's 配当 — the same priority waterfall, but a claim left unpaid simply
    remains owed (there is no sale to call off for want of cash)."""
    _validate(price, costs, liens, {"association_claim": association_claim, "tax_claim": tax_claim,
                                    "annual_property_tax": annual_property_tax,
                                    "moving_allowance": moving_allowance},
              monthly_management_fee, short_sale)
    ordered = sorted(liens, key=lambda lien: lien.rank)
    first = next((lien for lien in ordered if not lien.is_tax_seizure), None)
    lien_rows: list[Row] = []
    for lien in ordered:
        party = (Party.TAX_OFFICE if lien.is_tax_seizure
                 else Party.LENDER if lien is first else Party.JUNIOR_LIENHOLDER)
        lien_rows.append(lien_row(lien, party))
    assoc = (Row(Party.ASSOCIATION, LineName.ASSOCIATION, msg("distribution.lines.association"),
                 association_claim) if association_claim > 0 else None)
    taxes = (Row(Party.TAX_OFFICE, LineName.UNPAID_TAXES, msg("distribution.lines.unpaid_taxes"),
                 tax_claim) if tax_claim > 0 else None)
    seller = Row(Party.SELLER, LineName.PROCEEDS, msg("distribution.lines.proceeds"), 0,
                 formula="price − everything paid before")
    if short_sale:
        return allocate_short_sale(price, costs, ordered, lien_rows, assoc, taxes, seller,
                                   annual_property_tax, settlement, book, moving_allowance,
                                   monthly_management_fee)
    return _full_repayment(price, costs, lien_rows, assoc, taxes, seller, moving_allowance, auction)


def _full_repayment(price: Yen, costs: Sequence[Item], lien_rows: list[Row], assoc: Row | None,
                    taxes: Row | None, seller: Row, moving_allowance: Yen,
                    auction: bool = False) -> Distribution:
    """The strict priority waterfall: costs, liens by rank, the association, taxes, the seller."""
    rows = [Row(Party.SALE_COSTS, it.key, (it.label_ja, it.label_en), it.amount,
                inputs=_filing_inputs(it)) for it in costs]
    rows += lien_rows + [r for r in (assoc, taxes) if r is not None]
    remaining = price
    for r in rows:
        if explaining():
            r.inputs["remaining"] = format_yen(remaining)
        remaining = r.pay(r.claim, remaining)
    warnings: list[Text] = []
    missing = sum(r.claim - r.paid for r in rows)
    if missing > 0 and not auction:
        warnings.append(msg("distribution.warnings.overloan", missing=missing))
    if moving_allowance > 0 and not auction:
        warnings.append(msg("distribution.warnings.moving_from_proceeds"))
    mode = DistributionMode.AUCTION if auction else DistributionMode.FULL_REPAYMENT
    return freeze(price, mode, rows, seller, remaining, warnings, [])


def _filing_inputs(item: Item) -> dict[str, str]:
    """An auction cost's filing date and claimed amount (請求債権額), which fixed it, for its line."""
    given = item.step.inputs if item.step is not None else {}
    if "filing_date" not in given:
        return {}
    out = {"filing_date": given["filing_date"]}
    if "claim" in given:
        out["filed_claim"] = given["claim"]
        out["claim_source"] = given.get("claim_source", "given")
    return out
