"""An offered price (申出価格) as the price of its way out, and the step that says so.

The valuation prices each way out from the central value with a practice ratio; where the case
gives an offer for that way out, the offer is the price instead, and the "why" says whose offer,
of what date, and — when several were given — that the latest dated one was used.
"""

from __future__ import annotations

from fractions import Fraction

from zansai.messages import msg
from zansai.model.keys import ExitKey
from zansai.model.offers import Offer
from zansai.money import Yen, format_percent, format_yen
from zansai.trace import Step, Text


def offer_step(key: ExitKey, label: Text, offer: Offer, count: int, central: Yen) -> Step:
    """The step of a way out priced by ``offer`` (the latest of ``count`` offers for it)."""
    buyer = offer.buyer or msg("offers.notes.unnamed")
    note = msg("offers.notes.from_offer", buyer=buyer, on=offer.offered_on.isoformat())
    if count > 1:
        note = msg("offers.notes.latest_of", count=count, offer=note)
    inputs = {"offer": format_yen(offer.price), "buyer": offer.buyer or "—",
              "offer_date": offer.offered_on.isoformat(), "central": format_yen(central),
              "offer_to_central": format_percent(Fraction(offer.price, central)) if central else "—"}
    if offer.note:
        inputs["offer_note"] = offer.note
    return Step(name=key, label=msg("valuation.steps.price_of", exit=label),
                formula="the offered price (申出価格), in place of the practice ratio",
                inputs=inputs, result=format_yen(offer.price), note=note)
