"""Published auction statistics per court (競売統計), for the calibrated auction model.

``court_auction_stats(court_id, on)`` gives, for each measure, the most recent figure whose
period had ended by ``on``: the court's own office first, else the district court as a whole
(flagged ``district_level``), with its period, source, confidence and the section of
docs/sources/auction-statistics.md it was read in. A measure with no cited figure is listed in
``unknown`` (不明): the national rule (auction.realized_to_market_ratio) then applies.
No source read gives a distribution (P10/P90) of the winning bid ÷ 売却基準価額, so
``bid_ratio_distribution`` is always among the unknowns until one is transcribed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from typing import Any

from zansai.errors import RuleDataError
from zansai.rules.courts import _read, jurisdiction, sources_of
from zansai.rules.model import Confidence, Source


class Measure(StrEnum):
    SALE_RATE = "sale_rate"
    """落札率: sold ÷ put to the period bid, less withdrawals (1 − 不売率)."""
    SALE_RATE_FLOOR = "sale_rate_floor"
    """A published lower bound of the 落札率 ("above 90%")."""
    BID_TO_STANDARD_MEDIAN = "bid_to_standard_median"
    """Median of winning bid ÷ 売却基準価額."""
    BID_TO_STANDARD_MEAN = "bid_to_standard_mean"
    """Mean of winning bid ÷ 売却基準価額."""
    BID_TO_MINIMUM_TOTAL = "bid_to_minimum_total"
    BID_TO_MARKET_TOTAL = "bid_to_market_total"
    WITHDRAWN_SHARE = "withdrawn_share"
    """取下げ ÷ cases closed."""
    MONTHS_FILING_TO_DISTRIBUTION = "months_filing_to_distribution"
    MARKET_ADJUSTMENT = "market_adjustment"
    """競売市場修正: 売却基準価額 ÷ market value in the court's valuation."""


BID_RATIO_DISTRIBUTION = "bid_ratio_distribution"
"""The name listed in ``unknown`` for the missing P10/P50/P90 of the bid ratio."""
PROPERTIES = ("all", "condominium")


@dataclass(frozen=True, slots=True)
class CourtFigure:
    """One published figure: its value (exact decimal), the openings it covers, and its source."""

    court_id: str
    measure: Measure
    property: str
    start: dt.date
    end: dt.date
    """Exclusive."""
    value: Decimal
    confidence: Confidence
    sources: tuple[Source, ...]
    section: str
    note: str = ""

    def period_text(self) -> str:
        """The openings covered, both ends inclusive (``end`` is stored exclusive)."""
        return f"{self.start.isoformat()}〜{(self.end - dt.timedelta(days=1)).isoformat()}"


@dataclass(frozen=True, slots=True)
class CourtAuctionStats:
    """The figures in force for one court on one date, and what is 不明."""

    court_id: str
    on: dt.date
    figures: dict[Measure, CourtFigure]
    district_level: frozenset[Measure] = field(default_factory=frozenset)
    """Measures taken from the district court as a whole, not this office."""
    unknown: tuple[str, ...] = ()

    def get(self, measure: Measure) -> CourtFigure | None:
        return self.figures.get(measure)

    @property
    def unsold_share(self) -> Decimal | None:
        """不売率 = 1 − 落札率, where a 落札率 is cited."""
        fig = self.figures.get(Measure.SALE_RATE)
        return None if fig is None else 1 - fig.value


def _decimal(raw: Any, where: str) -> Decimal:
    if not isinstance(raw, str):
        raise RuleDataError(where, "値は文字列の10進数で書いてください", "values are decimal strings")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise RuleDataError(where, f"値 {raw} が数ではありません", f"value {raw} is not a number") from None
    if not value.is_finite() or value < 0:
        raise RuleDataError(where, f"値 {raw} が不正です", f"value {raw} is not allowed")
    return value


def _figure(raw: dict[str, Any], where: str, known: set[str]) -> CourtFigure:
    court = raw["court"]
    if court not in known:
        raise RuleDataError(where, f"裁判所 {court} がありません", f"unknown court {court}")
    start, end = raw["from"], raw["to"]
    if not (isinstance(start, dt.date) and isinstance(end, dt.date) and start < end):
        raise RuleDataError(where, "期間が不正です", "bad period")
    if raw["property"] not in PROPERTIES:
        raise RuleDataError(where, "property が不正です", f"property must be one of {PROPERTIES}")
    return CourtFigure(court, Measure(raw["measure"]), raw["property"], start, end,
                       _decimal(raw["value"], where), Confidence(raw["confidence"]),
                       sources_of(raw, where), str(raw["section"]), raw.get("note", ""))


@cache
def all_figures() -> tuple[CourtFigure, ...]:
    """Every figure of statistics.toml, checked (known court, period, decimal string, source)."""
    known = set(jurisdiction().courts) | {"national"}
    return tuple(_figure(raw, f"_courts/statistics.toml figures[{i}]", known)
                 for i, raw in enumerate(_read("statistics.toml")["figures"]))


def _latest(figures: list[CourtFigure], court_id: str, measure: Measure, prop: str,
            on: dt.date) -> CourtFigure | None:
    found = [f for f in figures if f.court_id == court_id and f.measure == measure
             and f.property == prop and f.end <= on]
    return max(found, key=lambda f: f.end, default=None)


def _pick(figures: list[CourtFigure], court_id: str, measure: Measure, prop: str,
          on: dt.date) -> CourtFigure | None:
    """The court's own figure for the property type asked, else its figure for all properties."""
    for p in dict.fromkeys((prop, "all")):
        fig = _latest(figures, court_id, measure, p, on)
        if fig is not None:
            return fig
    return None


def court_auction_stats(court_id: str, on: dt.date, property: str = "all") -> CourtAuctionStats | None:
    """The figures published for ``court_id`` whose period had ended by ``on``; None for a court
    the tables do not know. ``property``: "all" or "condominium"; the office's own figures
    (the type asked, else all types) come before the district court's."""
    courts = jurisdiction().courts
    if court_id not in courts:
        return None
    district = courts[court_id].district
    figures = list(all_figures())
    chosen: dict[Measure, CourtFigure] = {}
    from_district: set[Measure] = set()
    for measure in Measure:
        if measure is Measure.WITHDRAWN_SHARE:
            continue  # national only: national_withdrawn_share
        fig = _pick(figures, court_id, measure, property, on)
        if fig is None and district != court_id:
            fig = _pick(figures, district, measure, property, on)
            if fig is not None:
                from_district.add(measure)
        if fig is not None:
            chosen[measure] = fig
    unknown = tuple(m.value for m in Measure if m not in chosen and m is not Measure.WITHDRAWN_SHARE)
    return CourtAuctionStats(court_id, on, chosen, frozenset(from_district),
                             (*unknown, BID_RATIO_DISTRIBUTION))


def national_withdrawn_share(on: dt.date) -> CourtFigure | None:
    """The latest national share of mortgage auctions withdrawn (取下げ), from 司法統計."""
    return _latest(list(all_figures()), "national", Measure.WITHDRAWN_SHARE, "all", on)
