"""The home's value (査定) as low / central / high, and the price of each way out.

The central value is the market value when the case gives one, else the median appraisal, else
an estimate from the road price (路線価) and the building's depreciated replacement cost. Each way
out (通常売却, 任意売却, 業者買取, リースバック, 競売) is priced from the central value with a
market- or court-practice ratio from the rule book, which a case may override, or — where the
case gives an offer for it (申出価格) — at the latest dated offer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from zansai.engine.exact import fraction
from zansai.engine.offers import offer_step
from zansai.errors import DomainError
from zansai.messages import Labelled, Msg, msg
from zansai.model import PRICED_EXITS, Appraisal, ExitKey, Structure
from zansai.model.checks import require_yen
from zansai.model.keys import ValuationBasis
from zansai.model.offers import Offer, PriceBasis, latest_offers
from zansai.money import Rounding, Yen, format_percent, format_yen, round_yen
from zansai.rules import Resolved, RuleBook
from zansai.trace import Explanation, RuleUse, Step, Text, explaining, text_dict

if TYPE_CHECKING:
    from zansai.engine.valuation_comps import ValuationComparables

__all__ = ["EXIT_KEYS", "ExitPrice", "Valuation", "value_home"]

FLOOR_TEXT = Rounding.FLOOR.label()

EXIT_KEYS = PRICED_EXITS

_WOODEN = frozenset({Structure.WOOD, Structure.WOOD_MORTAR})


@dataclass(frozen=True, slots=True)
class ExitPrice(Labelled):
    """The expected price of one way out; the court model also gives its reference prices."""

    key: ExitKey
    label: Text
    price: Yen
    step: Step
    base_price: Yen | None = None
    """売却基準価額 (auction_court only)."""
    minimum_bid: Yen | None = None
    """買受可能価額 (auction_court only)."""
    basis: PriceBasis = PriceBasis.RATIO
    """Where the price comes from: an offer, the central value, a ratio, the court model."""
    offer: Offer | None = None
    """The offer used (the latest dated one for this way out), when the price is an offer."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "label_ja": self.label_ja,
                               "label_en": self.label_en, "price": self.price}
        if isinstance(self.label, Msg):
            out["label_id"] = self.label.id
        if self.base_price is not None:
            out["base_price"] = self.base_price
        if self.minimum_bid is not None:
            out["minimum_bid"] = self.minimum_bid
        out["basis"] = self.basis
        if self.offer is not None:
            out["offer"] = self.offer.to_dict()
        out["why"] = self.step.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Valuation:
    """The home's value and the price of each way out."""

    low: Yen
    central: Yen
    high: Yen
    basis: ValuationBasis
    prices: dict[ExitKey, ExitPrice]
    steps: tuple[Step, ...]
    """How low / central / high were found (the exit prices carry their own steps)."""
    rules_used: tuple[RuleUse, ...]
    notes: tuple[Text, ...]
    comparables: ValuationComparables | None = None
    """取引事例による価格帯, beside the values entered (None: no comparables looked up)."""

    def price(self, key: ExitKey) -> Yen:
        """The expected price of one way out (a key of ``EXIT_KEYS``)."""
        exit_price = self.prices.get(key)
        if exit_price is None:
            raise DomainError.invalid("valuation.exit", key,
                                      msg("valuation.errors.exit", keys=", ".join(EXIT_KEYS)))
        return exit_price.price

    def to_dict(self) -> dict[str, Any]:
        out = {
            "low": self.low,
            "central": self.central,
            "high": self.high,
            "basis": self.basis,
            "prices": {k.value: p.to_dict() for k, p in self.prices.items()},
            "steps": [s.to_dict() for s in self.steps],
            "rules_used": [r.ref() for r in self.rules_used],
            "notes": [text_dict(n) for n in self.notes],
        }
        if self.comparables is not None:
            out["comparables"] = self.comparables.to_dict()
        return out

    def explain(self) -> Explanation:
        steps = self.steps + tuple(p.step for p in self.prices.values())
        if self.comparables is not None and self.basis is not ValuationBasis.COMPARABLES:
            steps += self.comparables.basis.explain().steps
        ja, en = msg("valuation.notes.title")
        return Explanation(title=f"{ja} / {en}", steps=steps,
                           notes=tuple(f"{n[0]} / {n[1]}" for n in self.notes))


class _Uses:
    """Collects rule uses in order, once each."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.all: dict[RuleUse, None] = {}

    def at(self, key: str, on: date) -> tuple[Resolved, RuleUse]:
        resolved = self.book.at(key, on)
        use = RuleUse.of(resolved)
        self.all[use] = None
        return resolved, use


def _full_years(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (満年数)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _median(amounts: Sequence[Yen], notes: list[Text]) -> tuple[Yen, str]:
    ordered = sorted(amounts)
    n = len(ordered)
    mid = n // 2
    if n % 2:
        return ordered[mid], f"median of {n} appraisals (the middle one)"
    lo, hi = ordered[mid - 1], ordered[mid]
    value = round_yen(Fraction(lo + hi, 2), Rounding.FLOOR)
    if (lo + hi) % 2:
        notes.append(msg("valuation.notes.even_appraisals_rounded", lo=lo, hi=hi, rounding=FLOOR_TEXT))
    else:
        notes.append(msg("valuation.notes.even_appraisals", lo=lo, hi=hi))
    return value, f"mean of the two middle appraisals of {n} ({FLOOR_TEXT})"


def _building(cost: Yen, built_on: date, structure: Structure, on: date, uses: _Uses,
              notes: list[Text]) -> tuple[Yen, Yen, Yen, Step]:
    """建物 ≈ 再調達価格 × 残存年数 / 耐用年数 (central, low, high) and its step."""
    if built_on > on:
        raise DomainError.invalid("property.built_on", built_on.isoformat(),
                                  msg("valuation.errors.built_after_valuation", on=on))
    age = _full_years(built_on, on)
    if structure in _WOODEN:
        life_rule, use = uses.at("valuation.wooden_house_market_life_years", on)
        life = int(life_rule.value)
        period = life_rule.period
        lives = (life, int(period.low) if period.low is not None else life,
                 int(period.high) if period.high is not None else life)
        note = msg("valuation.notes.wooden_life")
    else:
        life_rule, use = uses.at("valuation.statutory_building_life_years", on)
        row = next((r for r in life_rule.value if r["structure"] == structure.value), None)
        if row is None:
            raise DomainError.invalid("property.structure", structure.value,
                                      msg("valuation.errors.structure"))
        life = int(row["life_years"])
        lives = (life, life, life)
        note = msg("valuation.notes.statutory_life")
        notes.append(msg("valuation.notes.statutory_life_case", structure=structure.value, life=life))

    def value(life_years: int) -> Yen:
        remaining = max(0, life_years - age)
        return round_yen(Fraction(cost * remaining, life_years), Rounding.FLOOR)

    central, low, high = (value(x) for x in lives)
    step = Step(
        name="building_value", label=msg("valuation.steps.building_value"),
        formula="replacement cost × max(0, life − age) / life",
        inputs={"replacement_cost": format_yen(cost), "built_on": built_on.isoformat(),
                "valuation_date": on.isoformat(), "age_years": f"{age}年 (満)",
                "structure": structure.value, "life_years": f"{life}年"},
        result=format_yen(central), rounding=FLOOR_TEXT, rules=(use,), note=note,
    )
    return central, low, high, step


def _estimate(on: date, uses: _Uses, notes: list[Text], road_price_per_m2: Yen | None,
              land_area_m2: Decimal | None, building_replacement_cost: Yen | None,
              built_on: date | None, structure: Structure | None) -> tuple[Yen, Yen, Yen, list[Step]]:
    """No appraisal and no market value: the land from the road price plus the building's cost."""
    land, land_step = _land(on, uses, road_price_per_m2, land_area_m2)
    steps = [land_step]
    b_central = b_low = b_high = 0
    if building_replacement_cost is None:
        notes.append(msg("valuation.notes.land_only"))
    else:
        if building_replacement_cost < 0:
            raise DomainError.invalid("valuation.building_replacement_cost", building_replacement_cost,
                                      msg("valuation.errors.replacement_cost"))
        if built_on is None:
            raise DomainError.invalid("property.built_on", None, msg("valuation.errors.built_on_needed"))
        if structure is None:
            raise DomainError.invalid("property.structure", None, msg("valuation.errors.structure_needed"))
        b_central, b_low, b_high, b_step = _building(building_replacement_cost, built_on, structure,
                                                     on, uses, notes)
        steps.append(b_step)
    central, low, high = land + b_central, land + b_low, land + b_high
    steps.append(Step(
        name="central_value", label=msg("valuation.steps.estimate"),
        formula="land + building; low/high use the low/high end of the building-life range",
        inputs={"land": format_yen(land), "building": format_yen(b_central),
                "building_low": format_yen(b_low), "building_high": format_yen(b_high)},
        result=format_yen(central),
    ))
    notes.append(msg("valuation.notes.rough_estimate"))
    return low, central, high, steps


def _land(on: date, uses: _Uses, road_price_per_m2: Yen | None,
          land_area_m2: Decimal | None) -> tuple[Yen, Step]:
    """土地 ≈ 路線価 × 面積 ÷ the road-price ratio (路線価 is about 80% of the official price)."""
    if road_price_per_m2 is None and land_area_m2 is None:
        raise DomainError(*msg("valuation.errors.nothing_to_value"), field="valuation")
    if road_price_per_m2 is None:
        raise DomainError.invalid("valuation.road_price_per_m2", None,
                                  msg("valuation.errors.road_price_needed"))
    if land_area_m2 is None:
        raise DomainError.invalid("valuation.land_area_m2", None, msg("valuation.errors.land_area_needed"))
    require_yen("valuation.road_price_per_m2", road_price_per_m2, minimum=1)
    if not land_area_m2.is_finite() or land_area_m2 <= 0:
        raise DomainError.invalid("valuation.land_area_m2", land_area_m2, msg("valuation.errors.land_area"))
    ratio_rule, ratio_use = uses.at("valuation.road_price_ratio", on)
    ratio = fraction(ratio_rule.value)
    land = round_yen(Fraction(road_price_per_m2) * Fraction(land_area_m2) / ratio, Rounding.FLOOR)
    return land, Step(
        name="land_value", label=msg("valuation.steps.land_value"),
        formula="road price per m² × land area ÷ road-price ratio",
        inputs={"road_price_per_m2": format_yen(road_price_per_m2),
                "land_area_m2": f"{land_area_m2}㎡", "road_price_ratio": format_percent(ratio),
                "valuation_date": on.isoformat()},
        result=format_yen(land), rounding=FLOOR_TEXT, rules=(ratio_use,),
        note=msg("valuation.notes.road_price"),
    )


def _offered(prices: dict[ExitKey, ExitPrice], central: Yen, offers: Sequence[Offer]) -> None:
    """Replace the price of each way out the case has an offer for by its latest dated offer."""
    for key, (offer, count) in latest_offers(offers).items():
        label = msg(f"valuation.prices.{key.value}")
        prices[key] = ExitPrice(key, label, offer.price, offer_step(key, label, offer, count, central),
                                basis=PriceBasis.OFFER, offer=offer)


def _exit_prices(central: Yen, on: date, uses: _Uses, notes: list[Text],
                 offers: Sequence[Offer] = ()) -> dict[ExitKey, ExitPrice]:
    offered = {o.exit for o in offers}
    prices: dict[ExitKey, ExitPrice] = {}
    prices[ExitKey.NORMAL_SALE] = ExitPrice(
        ExitKey.NORMAL_SALE, msg("valuation.prices.normal_sale"), central,
        Step.bare(ExitKey.NORMAL_SALE) if not explaining() else
        Step(name=ExitKey.NORMAL_SALE, label=msg("valuation.steps.normal_sale"), formula="central value",
             inputs={"central": format_yen(central)}, result=format_yen(central)),
        basis=PriceBasis.CENTRAL_VALUE)

    simple = (
        (ExitKey.SHORT_SALE, msg("valuation.prices.short_sale"), "market.short_sale_price_ratio"),
        (ExitKey.DEALER_PURCHASE, msg("valuation.prices.dealer_purchase"), "market.dealer_purchase_ratio"),
        (ExitKey.LEASEBACK, msg("valuation.prices.leaseback"), "market.leaseback_price_ratio"),
        (ExitKey.AUCTION_SEED, msg("valuation.prices.auction_seed"), "auction.seed_ratio"),
    )
    for key, label, rule_key in simple:
        if key in offered:  # priced by the offer below: the ratio is not used, even if overridden
            if uses.book.at(rule_key, on).period.overridden:
                notes.append(msg("offers.notes.override_unused", rule=rule_key, exit=label))
            continue
        rule, use = uses.at(rule_key, on)
        rate = fraction(rule.value)
        price = round_yen(central * rate, Rounding.FLOOR)
        prices[key] = ExitPrice(key, label, price, Step.bare(key, (use,)) if not explaining() else Step(
            name=key, label=msg("valuation.steps.price_of", exit=label), formula=f"central × {rule_key}",
            inputs={"central": format_yen(central), "ratio": format_percent(rate),
                    "calculation_date": on.isoformat()},
            result=format_yen(price), rounding=FLOOR_TEXT, rules=(use,),
            note=msg("valuation.notes.overridable", kind=rule.rule.kind.value, rule=rule_key)))

    adj_rule, adj_use = uses.at("auction.market_adjustment", on)
    bid_rule, bid_use = uses.at("auction.minimum_bid_ratio", on)
    real_rule, real_use = uses.at("auction.realized_to_market_ratio", on)
    adjustment, bid_ratio, realized = (fraction(r.value) for r in (adj_rule, bid_rule, real_rule))
    base_price = round_yen(central * adjustment, Rounding.FLOOR)
    minimum_bid = round_yen(base_price * bid_ratio, Rounding.FLOOR)
    expected = max(minimum_bid, round_yen(central * realized, Rounding.FLOOR))
    prices[ExitKey.AUCTION_COURT] = ExitPrice(
        ExitKey.AUCTION_COURT, msg("valuation.prices.auction_court"), expected,
        Step.bare(ExitKey.AUCTION_COURT, (adj_use, bid_use, real_use)) if not explaining() else Step(
            name=ExitKey.AUCTION_COURT, label=msg("valuation.steps.auction_court"),
            formula="base_price = central × auction.market_adjustment; minimum_bid = base_price × "
                    "auction.minimum_bid_ratio; price = max(minimum_bid, central × "
                    "auction.realized_to_market_ratio)",
            inputs={"central": format_yen(central), "market_adjustment": format_percent(adjustment),
                    "minimum_bid_ratio": format_percent(bid_ratio),
                    "realized_to_market_ratio": format_percent(realized),
                    "base_price": format_yen(base_price), "minimum_bid": format_yen(minimum_bid),
                    "date_used": f"{on.isoformat()} (calculation date; the minimum-bid rule is keyed "
                                 "on the filing date, which is not known here)"},
            result=format_yen(expected), rounding=f"{FLOOR_TEXT} (each figure)",
            rules=(adj_use, bid_use, real_use),
            note=msg("valuation.notes.auction_court")),
        base_price=base_price, minimum_bid=minimum_bid, basis=PriceBasis.COURT_MODEL)
    _offered(prices, central, offers)
    return {key: prices[key] for key in EXIT_KEYS}


def value_home(appraisals: Sequence[Appraisal], market_value: Yen | None, *, on: date,
               book: RuleBook, road_price_per_m2: Yen | None = None,
               land_area_m2: Decimal | None = None, building_replacement_cost: Yen | None = None,
               built_on: date | None = None, structure: Structure | None = None,
               offers: Sequence[Offer] = (),
               comparables: ValuationComparables | None = None) -> Valuation:
    """Value the home on ``on`` and price every way out (by its latest offer, where one is given).

    central: the market value if given, else the median appraisal, else the road-price estimate.
    low / high: the lowest / highest appraisal, never excluding the market value.
    ``comparables`` (取引事例) sit beside these; only a case with none of them (no road price
    either) takes its central value and range from them.
    """
    uses = _Uses(book)
    notes: list[Text] = []
    for a in appraisals:
        require_yen(f"valuation.appraisals[{a.source}]", a.amount, minimum=1)
    if market_value is not None:
        require_yen("valuation.market_value", market_value, minimum=1)
    from_comps = None
    if market_value is None and not appraisals and road_price_per_m2 is None and comparables:
        from zansai.engine.valuation_comps import central_from_comparables

        from_comps = central_from_comparables(comparables, notes)
    if market_value is not None or appraisals:
        basis, low, central, high, steps = _from_opinions(appraisals, market_value, notes)
    elif from_comps is not None:
        basis, low, central, high, steps = from_comps
    elif comparables is not None and road_price_per_m2 is None:
        raise DomainError(*msg("valuation_comps.errors.nothing_to_value"), field="valuation")
    else:
        basis = ValuationBasis.ROAD_PRICE_AND_COST
        low, central, high, steps = _estimate(on, uses, notes, road_price_per_m2, land_area_m2,
                                              building_replacement_cost, built_on, structure)
    if comparables is not None:
        uses.all.update(dict.fromkeys(comparables.basis.rules))
    prices = _exit_prices(central, on, uses, notes, offers)
    notes.append(msg("valuation.notes.practice_defaults"))
    notes.append(msg("valuation.notes.auction_models_disagree"))
    return Valuation(low=low, central=central, high=high, basis=basis, prices=prices,
                     steps=tuple(steps), rules_used=tuple(uses.all), notes=tuple(notes),
                     comparables=comparables)


def _from_opinions(appraisals: Sequence[Appraisal], market_value: Yen | None,
                   notes: list[Text]) -> tuple[ValuationBasis, Yen, Yen, Yen, list[Step]]:
    """Low, central and high from the market value or the appraisals, and the range they span."""
    amounts = [a.amount for a in appraisals]
    listed = ", ".join(f"{a.source}: {format_yen(a.amount)}" for a in appraisals) or "—"
    steps: list[Step] = []
    if market_value is not None:
        basis = ValuationBasis.MARKET_VALUE
        central = market_value
        low, high = min([*amounts, market_value]), max([*amounts, market_value])
        steps.append(Step(
            name="central_value", label=msg("valuation.steps.central_market"),
            formula="the market value given",
            inputs={"market_value": format_yen(market_value), "appraisals": listed},
            result=format_yen(central)))
        if not amounts:
            notes.append(msg("valuation.notes.no_appraisals"))
    else:
        basis = ValuationBasis.APPRAISALS
        low, high = min(amounts), max(amounts)
        central, how = _median(amounts, notes)
        steps.append(Step(
            name="central_value", label=msg("valuation.steps.central_appraisals"), formula=how,
            inputs={"appraisals": listed}, result=format_yen(central),
            rounding=FLOOR_TEXT if len(amounts) % 2 == 0 else None))
    steps.append(Step(
        name="range", label=msg("valuation.steps.range"),
        formula="low = min(appraisals, market value); high = max(appraisals, market value)",
        inputs={"appraisals": listed,
                "market_value": format_yen(market_value) if market_value is not None else "—"},
        result=f"{format_yen(low)} – {format_yen(high)}"))
    return basis, low, central, high, steps
