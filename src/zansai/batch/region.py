"""The tape's coded region (所在地): each loan's court (執行裁判所) and the court's auction figures.

A tape may code a loan's location as ``prefecture_code`` (JIS X 0401, 01–47),
``municipality_code`` (全国地方公共団体コード, 5 digits or 6 with its check digit) and/or ``court``
(a court id such as ``chiba:matsudo`` or a court's Japanese name). The court is the one given,
else the one ``rules.courts.court_for`` finds for the municipality, else the prefecture's district
court, exactly as the single-case engine picks it. Each code is resolved once per distinct value,
so a tape of a million loans costs a few hundred lookups.

``CourtTable`` then gives per court (and property type) what the kernel and the results read:
whether the court has a cited median of winning bid ÷ 売却基準価額 (else the national rule, 不明
for that court), the court-based price ratios the engine shows (``engine.auction_court``), and
the Monte Carlo's low / central / high realized ratio. Sources: docs/sources/auction-statistics.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zansai.batch import layout as F
from zansai.batch.chunk import I64, RATE_SCALE, TapeChunk
from zansai.rules import RuleBook

if TYPE_CHECKING:
    from zansai.engine.timeline_court import CourtTiming

NO_COURT = -1
"""A loan whose tape gives no location."""
BASIS_NONE, BASIS_NATIONAL, BASIS_COURT = 0, 1, 2
"""A located loan's auction basis: the court's cited median, or the national rule (不明 for the court)."""
BASIS_NAMES = ("", "national", "court")


@cache
def court_ids() -> tuple[str, ...]:
    """Every court and office the jurisdiction tables know, in their order (a loan's court index)."""
    from zansai.rules.courts import jurisdiction

    return tuple(jurisdiction().courts)


@cache
def court_spellings() -> dict[str, int]:
    """What the ``court`` column accepts (lower case): a court id or its Japanese name → its index."""
    from zansai.rules.courts import jurisdiction

    courts = jurisdiction().courts
    index = {c: k for k, c in enumerate(court_ids())}
    out: dict[str, int] = {}
    for cid, court in courts.items():
        out[cid.lower()] = out[court.name_ja] = index[cid]
    return out


def district_of(k: npt.NDArray[np.int64]) -> I64:
    """Each court index's district court index (-1 stays -1)."""
    ids = court_ids()
    table = np.array([ids.index(c.partition(":")[0]) for c in ids] + [NO_COURT], np.int64)
    return table[np.where(k >= 0, k, len(ids))]


@cache
def _court_of(municipality: int, prefecture: int) -> int:
    from zansai.rules.courts import court_for

    match = court_for(f"{municipality:05d}" if municipality >= 0 else None,
                      f"{prefecture:02d}" if prefecture >= 0 else None)
    return court_ids().index(match.court_id) if match.court_id else NO_COURT


def courts_of(municipality: I64, prefecture: I64, court: I64) -> I64:
    """Each row's court index: the court given, else the municipality's, else the prefecture's
    (-1 where none is given). Codes are the parsed values (-1: not given); each distinct pair is
    looked up once."""
    out = np.where(court >= 0, court, NO_COURT).astype(np.int64)
    ask = (court < 0) & ((municipality >= 0) | (prefecture >= 0))
    if ask.any():
        # one key per row: the municipality code, else 100000 + the prefecture code
        key = np.where(municipality >= 0, municipality, 100_000 + prefecture)[ask]
        unique, back = np.unique(key, return_inverse=True)
        found = np.array([_court_of(int(k), -1) if k < 100_000 else _court_of(-1, int(k) - 100_000)
                          for k in unique], np.int64)
        out[ask] = found[back.reshape(-1)]
    return out


@dataclass(frozen=True, slots=True)
class CourtTable:
    """Per court index × property type (0 house, 1 condo): the basis, and the ratios × 10**8 the
    results and the Monte Carlo use. ``based_low``/``based_high`` are the engine's court-based
    alternative (market adjustment low … value × the median) as a (numerator, denominator) pair."""

    basis: npt.NDArray[np.int64]
    based_num_low: npt.NDArray[np.int64]
    based_num_high: npt.NDArray[np.int64]
    based_den: npt.NDArray[np.int64]
    mc_mode: npt.NDArray[np.int64]
    """The Monte Carlo's central realized ratio × 10**8: national value, or the midpoint of the
    court-based range where the court has a median."""
    national: tuple[int, int, int]
    """The national realized ratio's low, value, high × 10**8 (the engine's auction range)."""


def _scaled(x: Fraction) -> int:
    return x.numerator * RATE_SCALE // x.denominator


def court_table(on: date, book: RuleBook) -> CourtTable:
    """The figures in force on the calculation date ``on`` (the engine reads them on the same date)."""
    from zansai.rules.court_stats import Measure, court_auction_stats

    realized = book.at("auction.realized_to_market_ratio", on)
    adj = book.at("auction.market_adjustment", on)
    value = Fraction(str(realized.value))
    low = Fraction(str(realized.period.low)) if realized.period.low is not None else value
    high = Fraction(str(realized.period.high)) if realized.period.high is not None else value
    adj_high = Fraction(str(adj.value))
    adj_low = Fraction(str(adj.period.low)) if adj.period.low is not None else adj_high
    n = len(court_ids())
    shape = (n, 2)
    basis = np.full(shape, BASIS_NATIONAL, np.int64)
    num_low, num_high = np.zeros(shape, np.int64), np.zeros(shape, np.int64)
    den = np.ones(shape, np.int64)
    mode = np.full(shape, _scaled(value), np.int64)
    for k, cid in enumerate(court_ids()):
        for p, kind in enumerate(("all", "condominium")):
            stats = court_auction_stats(cid, on, kind)
            fig = stats.get(Measure.BID_TO_STANDARD_MEDIAN) if stats else None
            if fig is None:
                continue
            median = Fraction(fig.value)
            lo, hi = adj_low * median, adj_high * median
            d = math.lcm(lo.denominator, hi.denominator)
            basis[k, p] = BASIS_COURT
            num_low[k, p] = lo.numerator * (d // lo.denominator)
            num_high[k, p] = hi.numerator * (d // hi.denominator)
            den[k, p] = d
            mode[k, p] = _scaled((lo + hi) / 2)
    return CourtTable(basis, num_low, num_high, den, mode, (_scaled(low), _scaled(value), _scaled(high)))


def floor_times(central: I64, num: I64, den: I64) -> I64:
    """floor(central × num ÷ den) exactly in 64 bits (central ≤ 10**10, num and den ≤ 10**8)."""
    q, r = np.divmod(central, den)
    return q * num + (r * num) // den


def auction_draws(loans: npt.NDArray[np.int64], chunk: TapeChunk, table: CourtTable) -> None:
    """Set the Monte Carlo's auction-ratio draw of each located loan in the loan matrix ``loans``:
    central = the loan's own realized ratio where the tape overrides it, else the court's
    (``CourtTable.mc_mode``); low / high = central × the national low / high ÷ the national value
    (no source gives a court's spread: 不明, the national range's shape is used)."""
    located = chunk.court >= 0
    if not located.any():
        return
    k = np.where(located, chunk.court, 0)
    mode = table.mc_mode[k, chunk.property_type.astype(np.int64)]
    mode = np.where(chunk.auction_realized_ratio >= 0, chunk.auction_realized_ratio, mode)
    low, value, high = table.national
    loans[:, F.AUC_DRAW] = located
    loans[:, F.R_AUC_MODE] = np.where(located, mode, 0)
    loans[:, F.R_AUC_LO] = np.where(located, mode * low // value, 0)
    loans[:, F.R_AUC_HI] = np.where(located, mode * high // value, 0)


def auction_columns(chunk: TapeChunk, idx: npt.NDArray[np.intp], table: CourtTable, adjustment: int,
                    minimum_bid: int, timing: I64 | None = None) -> dict[str, pa.Array]:
    """The results' region columns for the valued loans ``idx`` of a located tape: the court, the
    auction basis, the engine's auction range (``engine.auction_court``: max(minimum bid, central ×
    the national realized ratio's low / high)) and, where the court has a cited median, the
    court-based alternative (central × market adjustment low … value × the median). A row that
    overrides ``auction.realized_to_market_ratio`` has that ratio as both ends, as the engine gives.
    ``timing``: each loan's timing class (``timing_classes``), for ``auction_timeline``: ``court``
    where the court's published months to distribution dated the auction, else ``national``."""
    court = chunk.court[idx].astype(np.int64)
    located = court >= 0
    k = np.where(located, court, 0)
    kind = chunk.property_type[idx].astype(np.int64)
    central = chunk.collateral_value[idx]
    base = central * adjustment // RATE_SCALE
    floor_bid = base * minimum_bid // RATE_SCALE
    national_low, _value, national_high = table.national
    own = chunk.auction_realized_ratio[idx]  # a row's override has no range of its own, as in the engine
    low, high = np.where(own >= 0, own, national_low), np.where(own >= 0, own, national_high)
    basis = np.where(located, table.basis[k, kind], BASIS_NONE)
    is_court = basis == BASIS_COURT
    den = table.based_den[k, kind]
    return {
        "court": pa.array((*court_ids(), ""), pa.string()).take(
            pa.array(np.where(located, court, len(court_ids())))),
        "auction_basis": pa.array(BASIS_NAMES, pa.string()).take(pa.array(basis)),
        "auction_range_low": pa.array(np.maximum(floor_bid, central * low // RATE_SCALE), mask=~located),
        "auction_range_high": pa.array(np.maximum(floor_bid, central * high // RATE_SCALE), mask=~located),
        "auction_court_low": pa.array(floor_times(central, table.based_num_low[k, kind], den),
                                      mask=~is_court),
        "auction_court_high": pa.array(floor_times(central, table.based_num_high[k, kind], den),
                                       mask=~is_court),
    } | ({} if timing is None else {"auction_timeline": pa.array(BASIS_NAMES, pa.string()).take(
        pa.array(np.where(located, np.where(timing[idx] > 0, BASIS_COURT, BASIS_NATIONAL), BASIS_NONE)))})


@dataclass(frozen=True, slots=True)
class CourtTimings:
    """Per court index × property type (0 house, 1 condo): the loan's timing class, 0 for the
    national timeline, else 1 + the index in ``timings`` of the court's published months from
    filing to distribution (申立てから配当まで, ``engine.timeline_court``). Courts publishing the
    same months share a class: the engine's dates depend on the months alone, so each class's
    timelines are computed once whatever the number of courts and loans."""

    classes: npt.NDArray[np.int64]
    timings: tuple[CourtTiming, ...]


def court_timings(on: date) -> CourtTimings:
    """The courts' months from filing to distribution published by the calculation date ``on``
    (a condominium: the court's condominium figure first), as the engine reads them
    (``engine.timeline_court.court_timing``) for a located case on the same date."""
    from zansai.engine.timeline_court import MEASURE, CourtTiming
    from zansai.rules.court_stats import court_auction_stats
    from zansai.rules.courts import jurisdiction

    courts = jurisdiction().courts
    classes = np.zeros((len(court_ids()), 2), np.int64)
    by_months: dict[object, int] = {}
    timings: list[CourtTiming] = []
    for k, cid in enumerate(court_ids()):
        for p, kind in enumerate(("all", "condominium")):
            stats = court_auction_stats(cid, on, kind)
            fig = stats.get(MEASURE) if stats else None
            if fig is None:
                continue
            if fig.value not in by_months:
                court = courts[cid]
                timings.append(CourtTiming(cid, (court.name_ja, court.name_en), fig,
                                           MEASURE in stats.district_level if stats else False))
                by_months[fig.value] = len(timings)
            classes[k, p] = by_months[fig.value]
    return CourtTimings(classes, tuple(timings))


def timing_classes(chunk: TapeChunk, timings: CourtTimings) -> I64:
    """Each loan's timing class (``CourtTimings``): 0 without a location or a published duration."""
    located = chunk.court >= 0
    k = np.where(located, chunk.court, 0).astype(np.int64)
    return np.where(located, timings.classes[k, chunk.property_type.astype(np.int64)], 0)
