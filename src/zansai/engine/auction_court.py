"""The auction exit by court (執行裁判所): the court of the home's location, a price range, its statistics.

When the case gives the location, ``court_view`` picks the court (``rules.courts.court_for``) and
shows, beside the auction price the national model gives (unchanged):

- a range: low / high = central value × the low / high of ``auction.realized_to_market_ratio``
  (national figures: no court's distribution of winning bids is published), never below the
  minimum bid (買受可能価額), with the national model's price as the central figure;
- a court-based alternative where the court has a cited median of winning bid ÷ 売却基準価額:
  central value × ``auction.market_adjustment`` (its national low … value) × that median;
- the consumer articles' 60–70% view (``auction_seed``, docs/sources/seed1-short-sale.md §2), labelled;
- the court's cited figures (period, source, confidence), the share not sold in the first
  round, the national withdrawal share, and every measure 不明 for that court.
Sources: docs/sources/auction-statistics.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from zansai.engine.exact import fraction
from zansai.engine.valuation import ExitPrice, Valuation
from zansai.messages import Msg, msg
from zansai.model import ExitKey, Property, PropertyKind
from zansai.money import Rounding, Yen, format_percent, format_yen, round_yen
from zansai.rules import RuleBook
from zansai.rules.court_stats import (
    CourtAuctionStats,
    CourtFigure,
    Measure,
    court_auction_stats,
    national_withdrawn_share,
)
from zansai.rules.courts import CourtMatch, court_for
from zansai.trace import RuleUse, Step, text_dict

FLOOR_TEXT = "floor to the yen"


@dataclass(frozen=True, slots=True)
class PricePoint:
    """One labelled price of the view, with how it was found."""

    key: str
    label: Msg
    price: Yen
    step: Step
    flags: tuple[str, ...] = ()
    high: Yen | None = None
    """The top of the alternative's own range (court-based view), when it has one."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "label": text_dict(self.label), "price": self.price}
        if self.high is not None:
            out["high"] = self.high
        out["flags"] = list(self.flags)
        out["why"] = self.step.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class CourtView:
    """The auction exit for one court: the court, the range, the alternatives, the cited figures."""

    court: CourtMatch
    low: Yen
    central: Yen
    high: Yen
    range_steps: tuple[Step, ...]
    alternatives: tuple[PricePoint, ...]
    stats: CourtAuctionStats | None
    withdrawn: CourtFigure | None
    notes: tuple[Msg, ...]
    flags: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        c = self.court
        stats = self.stats
        return {
            "court": {"id": c.court_id, "district_id": c.district_id, "name_ja": c.name_ja,
                      "name_en": c.name_en, "level": c.level.value,
                      "flags": [f.value for f in c.flags],
                      "confidence": c.confidence.value if c.confidence else None,
                      "sources": [s.to_dict() for s in c.sources]},
            "range": {"low": self.low, "central": self.central, "high": self.high,
                      "steps": [s.to_dict() for s in self.range_steps]},
            "alternatives": [a.to_dict() for a in self.alternatives],
            "figures": [] if stats is None else [
                _figure_dict(f, m in stats.district_level) for m, f in stats.figures.items()],
            "unsold_first_round": None if stats is None or stats.unsold_share is None
            else str(stats.unsold_share),
            "national": {"withdrawn_share": None if self.withdrawn is None
                         else _figure_dict(self.withdrawn, False)},
            "unknown": [] if stats is None else list(stats.unknown),
            "flags": list(self.flags),
            "notes": [text_dict(n) for n in self.notes],
            "summary": text_dict(self.summary),
        }

    @property
    def summary(self) -> Msg:
        """One line: the court and the range (the terminal report and the results page)."""
        return msg("auction_court.report.line", court=(self.court.name_ja, self.court.name_en),
                   low=self.low, high=self.high, central=self.central)


def _figure_dict(f: CourtFigure, district_level: bool) -> dict[str, Any]:
    return {"measure": f.measure.value, "court_id": f.court_id, "property": f.property,
            "value": str(f.value), "from": f.start.isoformat(), "to": f.end.isoformat(),
            "confidence": f.confidence.value, "district_level": district_level,
            "sources": [s.to_dict() for s in f.sources], "note": f.note}


def _period(f: CourtFigure) -> str:
    return f.period_text()


def _pct(value: Decimal) -> str:
    return format_percent(Fraction(value))


def court_view(prop: Property, valuation: Valuation, book: RuleBook, on: date,
               filing: date | None = None, payment: date | None = None) -> CourtView | None:
    """The auction by court for a home with a location; None without one (national model only),
    or when the auction price is an offer (the offer is the price: no range to draw)."""
    price = valuation.prices.get(ExitKey.AUCTION_COURT)
    if not prop.has_location or price is None or price.minimum_bid is None:
        return None
    match = court_for(prop.municipality_code, prop.prefecture_code)
    kind = "condominium" if prop.kind is PropertyKind.CONDO else "all"
    stats = court_auction_stats(match.court_id, on, kind) if match.court_id else None
    central = valuation.central
    low, high, steps = _range(central, price, book, on)
    alternatives: list[PricePoint] = []
    court_based = _court_based(central, stats, book, on)
    if court_based is not None:
        alternatives.append(court_based)
    seed = valuation.prices.get(ExitKey.AUCTION_SEED)
    if seed is not None:
        alternatives.append(PricePoint("seed", msg("auction_court.labels.seed"), seed.price, seed.step))
    withdrawn = national_withdrawn_share(on)
    notes = _notes(stats, withdrawn)
    from zansai.rules.municipalities import unlisted_note  # the code checked against 総務省's list

    if (unlisted := unlisted_note(prop.municipality_code)) is not None:
        notes.insert(0, unlisted)
    months = stats.get(Measure.MONTHS_FILING_TO_DISTRIBUTION) if stats else None
    if months is not None and filing is not None and payment is not None:
        notes.append(msg("auction_court.notes.duration", months=str(months.value),
                         period=_period(months), filing=filing.isoformat(), payment=payment.isoformat()))
    flags = [f.value for f in match.flags] + ["range_national", "market_adjustment_national"]
    return CourtView(match, low, price.price, high, steps, tuple(alternatives), stats, withdrawn,
                     tuple(notes), tuple(flags))


def _range(central: Yen, price: ExitPrice, book: RuleBook, on: date) -> tuple[Yen, Yen, tuple[Step, ...]]:
    """low / high = max(minimum bid, central × the realized ratio's low / high)."""
    resolved = book.at("auction.realized_to_market_ratio", on)
    use = RuleUse.of(resolved)
    minimum = price.minimum_bid or 0
    out: list[Yen] = []
    steps: list[Step] = []
    for end, ratio_raw in (("low", resolved.period.low), ("high", resolved.period.high)):
        ratio = fraction(ratio_raw if ratio_raw is not None else resolved.value)
        value = max(minimum, round_yen(central * ratio, Rounding.FLOOR))
        out.append(value)
        steps.append(Step(
            name=f"auction_{end}", label=msg(f"auction_court.steps.{end}"),
            formula=f"max(minimum_bid, central × auction.realized_to_market_ratio ({end}))",
            inputs={"central": format_yen(central), "ratio": format_percent(ratio),
                    "minimum_bid": format_yen(minimum), "calculation_date": on.isoformat()},
            result=format_yen(value), rounding=FLOOR_TEXT, rules=(use,),
            note=msg("auction_court.notes.range")))
    return out[0], out[1], tuple(steps)


def _court_based(central: Yen, stats: CourtAuctionStats | None, book: RuleBook,
                 on: date) -> PricePoint | None:
    """central × 競売市場修正 (national low … value) × the court's median winning bid ÷ 売却基準価額."""
    fig = stats.get(Measure.BID_TO_STANDARD_MEDIAN) if stats else None
    if fig is None or stats is None:
        return None
    resolved = book.at("auction.market_adjustment", on)
    adj_high = fraction(resolved.value)
    adj_low = fraction(resolved.period.low) if resolved.period.low is not None else adj_high
    median = Fraction(fig.value)
    low = round_yen(central * adj_low * median, Rounding.FLOOR)
    high = round_yen(central * adj_high * median, Rounding.FLOOR)
    district = Measure.BID_TO_STANDARD_MEDIAN in stats.district_level
    note = msg("auction_court.notes.court_based", period=_period(fig))
    flags = ("market_adjustment_national", "bid_ratio_distribution_unknown",
             *(("district_level",) if district else ()))
    step = Step(
        name="auction_court_based", label=msg("auction_court.steps.court_based"),
        formula="central × auction.market_adjustment (low … value) × court median "
                "(winning bid ÷ 売却基準価額)",
        inputs={"central": format_yen(central),
                "market_adjustment": f"{format_percent(adj_low)}〜{format_percent(adj_high)}",
                "court_median": _pct(fig.value), "court_figure": f"{fig.court_id} {fig.property} "
                f"{_period(fig)} ({fig.confidence.value})",
                "source": "; ".join(s.title or s.law or "" for s in fig.sources),
                "calculation_date": on.isoformat()},
        result=f"{format_yen(low)}〜{format_yen(high)}", rounding=FLOOR_TEXT,
        rules=(RuleUse.of(resolved),),
        note=msg("auction_court.notes.court_based_district") if district else note)
    return PricePoint("court_based", msg("auction_court.labels.court_based"), low, step, flags, high)


def _notes(stats: CourtAuctionStats | None, withdrawn: CourtFigure | None) -> list[Msg]:
    notes: list[Msg] = []
    if stats is not None:
        sale = stats.get(Measure.SALE_RATE)
        floor = stats.get(Measure.SALE_RATE_FLOOR)
        if sale is not None:
            notes.append(msg("auction_court.notes.unsold", share=_pct(1 - sale.value), period=_period(sale)))
        if floor is not None and (sale is None or floor.end > sale.end):
            notes.append(msg("auction_court.notes.unsold_floor", share=_pct(floor.value),
                             period=_period(floor)))
        if stats.unknown:
            notes.append(msg("auction_court.notes.unknown", what=msg_join(stats.unknown)))
    if withdrawn is not None:
        notes.append(msg("auction_court.notes.withdrawn", share=_pct(withdrawn.value),
                         period=_period(withdrawn)))
    return notes


def msg_join(measures: tuple[str, ...]) -> tuple[str, str]:
    """The 不明 measures named in both languages (a (ja, en) pair the catalog renders)."""
    names = [msg(f"auction_court.measures.{m}") for m in measures]
    return "、".join(n.ja for n in names), ", ".join(n.en for n in names)
