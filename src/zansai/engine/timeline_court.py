"""The court's typical duration on the timeline (裁判所ごとの競売の所要期間).

Where the court that would sell the home publishes its months from filing to distribution
(申立てから配当まで, docs/sources/auction-statistics.md §5), the timeline's auction runs on it
instead of the national practice rules. That figure covers the whole case: 申立 → 開始決定 →
現況調査 → 入札 → 開札 → 売却決定 → 確定 → 代金納付 → 配当. The source does not say which stages
make a court faster or slower, so the split keeps what the law fixes and scales what it does not:

- the steps from the bidding period on are legal limits (民事執行規則46条, 民事執行法10条2項,
  民事執行規則56条1項 and, for the 配当期日, 59条2項): they stay as the national rules give them;
- the practice stages before the bidding (申立 → 開始決定 → 現況調査 → 入札開始) take what is left
  of the court's months, each in the proportion of its national default
  (ratio = court's practice days ÷ national practice days), so the 配当 falls about the court's
  months after the filing (to within a day or two: months differ in length).

A court with no published duration keeps the national rules and the result says so (不明).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from zansai.dates import add_months
from zansai.messages import Msg, msg
from zansai.model import Property, PropertyKind
from zansai.rules.court_stats import CourtFigure, Measure, court_auction_stats
from zansai.rules.courts import court_for
from zansai.trace import Step, Text, explaining

if TYPE_CHECKING:
    from zansai.engine.timeline import _Builder, _Span

DISTRIBUTION_RULE = "timeline.distribution_after_payment_months"
MEASURE = Measure.MONTHS_FILING_TO_DISTRIBUTION


@dataclass(frozen=True, slots=True)
class CourtTiming:
    """The court of the home's location and its published duration, if any (an input)."""

    court_id: str | None
    name: tuple[str, str]
    figure: CourtFigure | None
    district_level: bool = False


@dataclass(frozen=True, slots=True)
class CourtTimeline:
    """What the timeline did with the court's duration (the JSON ``timeline.court``)."""

    timing: CourtTiming
    applied: bool
    national_distribution: date | None = None
    target_distribution: date | None = None
    distribution: date | None = None
    ratio: Fraction | None = None
    notes: tuple[Msg, ...] = field(default_factory=tuple)

    def with_distribution(self, b: _Builder, payment: date) -> CourtTimeline:
        """The same, with the 配当期日 at the latest the law allows after the payment
        (民事執行規則59条2項), for comparison with the court's target."""
        months = int(b.rule(DISTRIBUTION_RULE, payment).value)
        return replace(self, distribution=add_months(payment, months))

    def to_dict(self) -> dict[str, Any]:
        t, fig = self.timing, self.timing.figure
        return {
            "court_id": t.court_id, "name_ja": t.name[0], "name_en": t.name[1],
            "applied": self.applied,
            "figure": None if fig is None else {
                "months": str(fig.value), "property": fig.property, "court_id": fig.court_id,
                "from": fig.start.isoformat(), "to": fig.end.isoformat(),
                "confidence": fig.confidence.value, "district_level": t.district_level,
                "sources": [s.to_dict() for s in fig.sources]},
            "unknown": [] if self.applied else [MEASURE.value],
            "national_distribution": _iso(self.national_distribution),
            "target_distribution": _iso(self.target_distribution),
            "distribution": _iso(self.distribution),
            "ratio": None if self.ratio is None else f"{self.ratio.numerator}/{self.ratio.denominator}",
        }


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def court_timing(prop: Property, on: date) -> CourtTiming | None:
    """The court of a located home and its months from filing to distribution published by
    ``on`` (a condominium: the court's figure for condominiums first); None without a location."""
    if not prop.has_location:
        return None
    match = court_for(prop.municipality_code, prop.prefecture_code)
    if match.court_id is None:
        return CourtTiming(None, (match.name_ja, match.name_en), None)
    kind = "condominium" if prop.kind is PropertyKind.CONDO else "all"
    stats = court_auction_stats(match.court_id, on, kind)
    fig = stats.get(MEASURE) if stats else None
    district = stats is not None and MEASURE in stats.district_level
    return CourtTiming(match.court_id, (match.name_ja, match.name_en), fig, district)


def months_after(start: date, months: Decimal) -> date:
    """``start`` + a decimal number of months: whole months by the calendar, the fraction as
    that share of the next month's days, rounded half up (8.5 months from 2027-01-10 =
    2027-09-10 + 15 of September's 30 days)."""
    whole = int(months)
    base = add_months(start, whole)
    frac = months - whole
    if not frac:
        return base
    days = (add_months(start, whole + 1) - base).days
    return base + timedelta(days=int((frac * days).quantize(Decimal(1), ROUND_HALF_UP)))


def scale(days: int, ratio: Fraction) -> int:
    """``days`` × ``ratio`` to whole days, rounded half up."""
    q = days * ratio
    return int(q.numerator * 2 + q.denominator) // (2 * q.denominator)


@dataclass(frozen=True, slots=True)
class CourtStages:
    """The court-scaled practice stages: the bidding period's start, and the result to report."""

    bid_start: _Span
    formula: str
    note: Text
    result: CourtTimeline


def court_stages(b: _Builder, filing: _Span, timing: CourtTiming, ns: Mapping[str, _Span],
                 labels: Mapping[str, Text]) -> tuple[CourtStages | None, CourtTimeline]:
    """Record 開始決定 and 現況調査 scaled to the court's months and return the bidding period's
    start, with the ``CourtTimeline`` to report; no stages where the court publishes no duration
    (or one the legal steps alone exceed): the national rules then apply unchanged, and the
    ``CourtTimeline`` says so. ``ns``: the national spans from the same filing."""
    fig = timing.figure
    if fig is None:
        return None, CourtTimeline(timing, False, notes=(msg("timeline_court.notes.unknown",
                                                             court=timing.name),))
    n_comm, n_site, n_start = ns["commencement"], ns["site_inspection"], ns["bid_period"]
    dist_months = int(b.rule(DISTRIBUTION_RULE, ns["payment"].typical).value)
    n_dist = add_months(ns["payment"].typical, dist_months)
    target = months_after(filing.typical, fig.value)
    tail = (n_dist - n_start.typical).days
    n_practice = (n_start.typical - filing.typical).days
    practice = (target - filing.typical).days - tail
    if practice < 2:
        return None, CourtTimeline(
            timing, False, national_distribution=n_dist, target_distribution=target,
            notes=(msg("timeline_court.notes.too_short", court=timing.name, months=str(fig.value)),))
    ratio = Fraction(practice, n_practice)
    comm = _scaled_span(filing, n_comm, filing, ratio)
    comm = replace(comm, typical=min(comm.typical, filing.typical + timedelta(days=practice - 1)))
    site = _scaled_span(comm, n_site, n_comm, ratio)
    start = _scaled_span(comm, n_start, n_comm, ratio)
    typical = filing.typical + timedelta(days=practice)
    start = replace(start, earliest=min(start.earliest, typical), typical=typical,
                    latest=max(start.latest, typical))
    figure_text = _figure_text(timing, fig)
    for key, span, prev_key, prev, n_span, n_prev in (
            ("commencement", comm, "auction_filing", filing, n_comm, filing),
            ("site_inspection", site, "commencement", comm, n_site, n_comm)):
        b.record(key, span, "court_practice",
                 _step(key, labels[key], prev_key, prev, span,
                       (n_span.typical - n_prev.typical).days, ratio, figure_text, timing))
    result = CourtTimeline(timing, True, national_distribution=n_dist, target_distribution=target,
                           ratio=ratio, notes=(_applied_note(timing, fig, target),))
    formula = (f"auction_filing + ({fig.value}か月 to {target.isoformat()} − {tail}日 of legal steps"
               f" = {practice}日) [court: {figure_text}]")
    note = msg("timeline_court.steps.bid_start", base=msg("timeline.notes.bid_period"),
               court=timing.name, practice=practice, national=n_practice, tail=tail)
    return CourtStages(start, formula, note, result), result


def _scaled_span(prev: _Span, n_span: _Span, n_prev: _Span, ratio: Fraction) -> _Span:
    """``prev`` + the national gap (n_prev → n_span) at each end, scaled by ``ratio``."""
    def gap(a: date, z: date) -> timedelta:
        return timedelta(days=scale((z - a).days, ratio))

    return replace(prev, earliest=prev.earliest + gap(n_prev.earliest, n_span.earliest),
                   typical=prev.typical + gap(n_prev.typical, n_span.typical),
                   latest=prev.latest + gap(n_prev.latest, n_span.latest))


def _figure_text(timing: CourtTiming, fig: CourtFigure) -> str:
    src = "; ".join(f"{s.publisher or s.law or ''} 「{s.title or ''}」 {s.url or ''}".strip()
                    for s in fig.sources)
    level = " (district court as a whole)" if timing.district_level else ""
    return (f"{timing.name[0]}{level} {fig.value}か月 申立→配当, {fig.property}, "
            f"{fig.period_text()}, confidence {fig.confidence.value}; {src}")


def _step(key: str, label: Text, prev_key: str, prev: _Span, span: _Span, national_days: int,
          ratio: Fraction, figure_text: str, timing: CourtTiming) -> Step:
    if not explaining():
        return Step.bare(key, ())
    scaled = (span.typical - prev.typical).days
    return Step(
        name=key, label=label,
        formula=f"{prev_key} + round({national_days}日 × {ratio.numerator}/{ratio.denominator})",
        inputs={prev_key: prev.typical.isoformat(), "national_gap": f"{national_days}日",
                "court_gap": f"{scaled}日", "court_figure": figure_text,
                "earliest": span.earliest.isoformat(), "latest": span.latest.isoformat()},
        result=span.typical.isoformat(),
        note=msg("timeline_court.steps.scaled", court=timing.name))


def _applied_note(timing: CourtTiming, fig: CourtFigure, target: date) -> Msg:
    key = "applied_district" if timing.district_level else "applied"
    return msg(f"timeline_court.notes.{key}", court=timing.name, months=str(fig.value),
               period=fig.period_text(),
               confidence=msg(f"timeline_court.confidence.{fig.confidence.value}"),
               source="; ".join(s.publisher or s.law or "" for s in fig.sources), target=target)

