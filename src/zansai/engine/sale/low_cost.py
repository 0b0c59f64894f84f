"""低廉な空家等の特例 (報酬告示 第七): how far the brokerage-fee cap rises for a cheap home.

2018 version (平成29年告示第1155号, 2018-01-01 to 2024-06-30): price ≤ 400万円, the SELLER only,
and the fee is the normal fee plus the actual 現地調査等の費用, the sum within 18万円 (tax-exclusive).
2024 version (令和6年告示第949号, from 2024-07-01): price ≤ 800万円, seller or buyer, up to 30万円
(tax-exclusive) set "considering the costs" (no formula tied to them). The special needs the
client's consent in advance and never lowers the normal cap. Which version a sale falls under —
the brokerage contract date or the settlement date — is unconfirmed, and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from zansai.messages import msg
from zansai.model.sale_terms import ClientSide, LowCostSpecial
from zansai.money import Rounding, Yen, format_yen, round_yen
from zansai.rules import RuleBook
from zansai.trace import RuleUse, Text

RULE_KEY = "brokerage.low_cost_vacant_home"


@dataclass(frozen=True, slots=True, kw_only=True)
class SpecialOutcome:
    """What the low-cost special did to one client's fee cap, and on which date it was judged."""

    applied: bool
    """The special raised the cap above the normal cap."""
    cap: Yen
    """The fee cap (tax included) after the special: at least the normal cap."""
    client_side: ClientSide
    survey_costs: Yen
    keyed_on: date
    """The date the version was chosen on: the brokerage contract date, else the settlement."""
    keyed_on_contract: bool
    """True when ``keyed_on`` is the brokerage contract date given by the case."""
    version_from: date | None
    """The start of the version applied (2018-01-01 or 2024-07-01); None when not in force."""
    note: Text
    formula: str
    inputs: dict[str, str] = field(default_factory=dict)
    use: RuleUse | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied, "cap": self.cap, "client_side": self.client_side.value,
            "survey_costs": self.survey_costs, "keyed_on": self.keyed_on.isoformat(),
            "keyed_on_date": "brokerage_contract" if self.keyed_on_contract else "settlement",
            "version_from": self.version_from.isoformat() if self.version_from else None,
            "version_keying_unconfirmed": True,
        }


def low_cost_special(price: Yen, normal_ex_tax: Fraction, normal: Yen, *, tax: Fraction,
                     special: LowCostSpecial, on: date, brokerage_contract: date | None,
                     book: RuleBook) -> SpecialOutcome:
    """The cap under 告示 第七 for a client who consented (the seller, or the buyer where the
    version allows it: ``buyer_side``); ``normal`` is the normal cap (tax included).

    ``on`` is the settlement (service) date; ``brokerage_contract`` the 媒介契約日 if known.
    """
    keyed = brokerage_contract or on
    rule = book.at(RULE_KEY, keyed)
    base: dict[str, Any] = {
        "cap": normal, "client_side": special.client_side, "survey_costs": special.survey_costs,
        "keyed_on": keyed, "keyed_on_contract": brokerage_contract is not None,
        "use": RuleUse.of(rule),
        "inputs": {"brokerage_contract_date": _keyed_text(keyed, brokerage_contract),
                   "client_side": special.client_side.value}}
    if not rule.in_force:
        return SpecialOutcome(applied=False, version_from=None, formula="normal cap",
                              note=msg("sale_terms.special.not_in_force"), **base)
    value: dict[str, Any] = rule.value
    version = rule.period.start
    ceiling: Yen = value["price_ceiling"]
    if price > ceiling:
        return SpecialOutcome(applied=False, version_from=version, formula="normal cap",
                              note=msg("sale_terms.special.over_ceiling", ceiling=ceiling), **base)
    if special.client_side is ClientSide.BUYER and not value["buyer_side"]:
        return SpecialOutcome(applied=False, version_from=version, formula="normal cap",
                              note=msg("sale_terms.special.buyer_not_allowed", since=version),
                              **base)
    fee_cap: Yen = value["fee_cap"]
    if value["adds_survey_costs"]:
        ex_tax = min(normal_ex_tax + special.survey_costs, Fraction(fee_cap))
        formula = ("max(normal cap, min(normal fee (tax-exclusive) + survey costs, fee_cap) "
                   "× (1 + consumption tax))")
        note = msg("sale_terms.special.applied_with_costs", since=version, cap=fee_cap,
                   survey=special.survey_costs)
    else:
        ex_tax = Fraction(fee_cap)
        formula = "max(normal cap, fee_cap × (1 + consumption tax))"
        note = msg("sale_terms.special.applied_flat", since=version, cap=fee_cap)
    special_cap = round_yen(ex_tax * (1 + tax), Rounding.FLOOR)
    base["cap"] = max(normal, special_cap)
    base["inputs"] |= {"survey_costs_ex_tax": format_yen(special.survey_costs),
                       "special_cap": format_yen(special_cap)}
    return SpecialOutcome(applied=special_cap > normal, version_from=version, formula=formula,
                          note=note, **base)


def _keyed_text(keyed: date, contract: date | None) -> str:
    if contract is not None:
        return keyed.isoformat()
    return keyed.isoformat() + " (settlement date used; the brokerage contract date was not given)"


def keying_note(outcome: SpecialOutcome) -> Text:
    """The unconfirmed choice of the date that picks the version, worded for the result."""
    key = "keyed_on_contract" if outcome.keyed_on_contract else "keyed_on_settlement"
    return msg(f"sale_terms.special.{key}", on=outcome.keyed_on)
