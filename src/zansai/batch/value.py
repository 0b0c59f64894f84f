"""Value one chunk of a tape: the loan matrix, the rule tables, then the compiled kernel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import numba
import numpy as np
import numpy.typing as npt

from zansai.batch import kernel as K
from zansai.batch import layout as F
from zansai.batch import loanmatrix, manifest
from zansai.batch.chunk import TapeChunk
from zansai.batch.params import (
    RATE_SCALE,
    Table,
    Valuation,
    day,
    late_row,
    sale_row,
    valuation_rules,
)
from zansai.batch.region import (
    CourtTable,
    CourtTimings,
    auction_draws,
    court_table,
    court_timings,
    timing_classes,
)
from zansai.batch.ruletables import DayMemo, PeriodTable
from zansai.batch.timelines import TimelineMemo
from zansai.engine.loan import annuity_payment
from zansai.money import Rounding
from zansai.rules import RuleBook

DISCOUNT_SCALE = 10**6
BLOCK = 256
SHARE = 4
"""Blocks a kernel thread takes at a time (Numba's dynamic schedule): loans differ in cost (the
months of their schedules) and a thread may share its core with the results' writer, so the
threads take small shares as they go rather than half of the chunk each and then wait for the
slower one. Which thread values a block changes nothing in its results."""

STATUS_TEXT: dict[int, tuple[str, str]] = {
    K.ST_REPAID: ("計算基準日までに完済されています（延滞もありません）",
                  "the loan is repaid by the calculation date (and nothing was missed)"),
    K.ST_PAST_TERM: ("最初の延滞日より後に返済予定がありません（残高の入力で早く完済する計算です）",
                     "no payment falls due on or after the first missed payment (the balance given "
                     "repays the loan early)"),
    K.ST_ACCEL: ("残高の基準日が最初の延滞より後のため、期限の利益喪失の前に返済期日がありません"
                 "（延滞前の残高を入力してください）",
                 "the balance is dated after the first missed payment, so no payment falls due before the "
                 "acceleration (give the balance as of before the first missed payment)"),
    K.ST_PRICE: ("価格が1円未満になり、費用を計算できません",
                 "a price falls below 1 yen, so no costs can be computed"),
}


@dataclass
class Setup:
    """What every chunk of one run shares: the rule book, the dates, the rule tables."""

    book: RuleBook
    at: date
    discount: int
    """Annual discount rate × 10**6 / 100 (percent with four decimals)."""
    valuation: Valuation
    scenarios: int = 0
    seed: int = 0
    volatility: int = 0
    """Price volatility × 10**6 for loans without an appraisal range (Monte Carlo)."""
    delay_months: int = 0
    """Largest extra delay of a sale's settlement in the Monte Carlo."""
    sales: PeriodTable = field(init=False)
    timelines: TimelineMemo = field(init=False)
    keys: Table = field(init=False)
    key_days: DayMemo = field(init=False)
    lates: PeriodTable = field(init=False)
    _courts: CourtTable | None = field(init=False, default=None)
    _timings: CourtTimings | None = field(init=False, default=None)
    _court_days: dict[int, DayMemo] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        book, at = self.book, self.at
        self.sales = PeriodTable.create(book, manifest.Table.SALE, F.SP_WIDTH, lambda d: sale_row(book, d))
        self.timelines = TimelineMemo(book, at)
        self.keys = Table(F.KT_WIDTH, self.timelines.row)
        self.key_days = DayMemo(self.keys)
        self.lates = PeriodTable.create(book, manifest.Table.LATE, F.LT_WIDTH, lambda d: late_row(book, d))

    def court_table(self) -> CourtTable:
        """The courts' auction figures on the calculation date (read once per run, when a tape
        has a coded region)."""
        if self._courts is None:
            self._courts = court_table(self.at, self.book)
        return self._courts

    def court_timings(self) -> CourtTimings:
        """The courts' months from filing to distribution on the calculation date (read once per
        run, when a tape has a coded region); the timelines of their classes are computed once."""
        if self._timings is None:
            self._timings = court_timings(self.at)
            self.timelines.courts = self._timings.timings
        return self._timings

    def court_days(self, timing: int) -> DayMemo:
        """The timeline-key rows of a timing class (same table as the national rows)."""
        memo = self._court_days.get(timing)
        if memo is None:
            memo = self._court_days[timing] = DayMemo(self.keys, timing)
        return memo

    @classmethod
    def create(cls, at: date, *, discount: int = 0, book: RuleBook | None = None, scenarios: int = 0,
               seed: int = 0, volatility: int = 0, delay_months: int = 0) -> Setup:
        book = book or RuleBook.default()
        return cls(book=book, at=at, discount=discount, valuation=valuation_rules(book, at),
                   scenarios=scenarios, seed=seed, volatility=volatility, delay_months=delay_months)

    def globals(self) -> npt.NDArray[np.int64]:
        g = np.zeros(F.G_WIDTH, np.int64)
        g[F.G_AT] = day(self.at)
        g[F.G_BASIS_AT] = self.valuation.basis_at
        g[F.G_ADJ] = self.valuation.adjustment
        g[F.G_BID] = self.valuation.minimum_bid
        g[F.G_DISCOUNT] = self.discount
        g[F.G_SCENARIOS] = self.scenarios
        g[F.G_SEED] = self.seed
        g[F.G_DELAY_MONTHS] = self.delay_months
        g[F.G_PV_BASIS] = self.valuation.pv_basis
        return g


def loans_matrix(chunk: TapeChunk, setup: Setup) -> npt.NDArray[np.int64]:
    """The chunk as the kernel's loan matrix (``layout``), payments computed, defaults filled
    (one pass over the chunk's columns: ``loanmatrix``)."""
    v = setup.valuation
    L = loanmatrix.fill(chunk, (v.short_sale, v.dealer_purchase, v.realized), setup.volatility)
    if chunk.located:
        auction_draws(L, chunk, setup.court_table())
    ambiguous = np.zeros(len(L), np.bool_)
    K.initial_payments(L, ambiguous)
    for i in np.flatnonzero(ambiguous):
        _exact_payments(L[i])
    return L


def _exact_payments(li: npt.NDArray[np.int64]) -> None:
    """The engine's exact annuity, for the rare loans whose float payment is too close to call."""
    rate = Fraction(int(li[F.RATE]), RATE_SCALE)
    li[F.PAY_M0] = annuity_payment(int(li[F.PRINCIPAL] - li[F.BONUS]), rate / 12, int(li[F.TERM]),
                                   Rounding.FLOOR)
    if li[F.BONUS] and li[F.NB]:
        li[F.PAY_B0] = annuity_payment(int(li[F.BONUS]), rate / 2, int(li[F.NB]), Rounding.FLOOR)


@dataclass
class Valued:
    """A chunk and its results: ``out`` (``layout`` columns) and a status per loan."""

    chunk: TapeChunk
    out: npt.NDArray[np.int64]
    status: npt.NDArray[np.int8]
    keys: npt.NDArray[np.int64]
    """Per loan: acceleration, subrogation, filing and last short-sale day (days, NO_DATE)."""
    reasons: dict[int, tuple[str, str]]
    """Loan index → why it was not valued."""
    mc: npt.NDArray[np.int64] | None = None
    """Per loan P10, P50, P90 and mean recovery over the scenarios (``layout`` M_ columns)."""
    portfolio: npt.NDArray[np.int64] | None = None
    """Recovery per scenario, summed over the chunk's loans."""
    courts: tuple[CourtTable, int, int] | None = None
    """A located tape's court figures, market adjustment and minimum-bid ratio (the results'
    region columns: ``region.auction_columns``)."""
    timing: npt.NDArray[np.int64] | None = None
    """A located tape's timing class per loan (``region.CourtTimings``: 0, the national timeline)."""
    _valued: tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]] | None = field(default=None, repr=False)

    def valued_columns(self) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
        """The valued loans' indices and their results one column per row (``layout`` O_ numbers),
        each contiguous: what the results table and the totals read."""
        if self._valued is None:
            idx = np.flatnonzero(self.status == K.ST_OK)
            columns = self.out.T  # C-contiguous: ``out`` is written in Fortran order
            # one gather along the rows (no copy when every loan was valued)
            every = len(idx) == len(self.out)
            self._valued = (idx, np.ascontiguousarray(columns if every else columns[:, idx]))
        return self._valued


def rule_rows(chunk: TapeChunk, setup: Setup, key_first: npt.NDArray[np.int64],
              late_first: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int32], ...]:
    """Each loan's row of the timeline-key, late-charge and sale tables (vectorised lookups, on
    the chunk's contiguous columns rather than the loan matrix's strided ones)."""
    lender = chunk.lender_type.astype(np.int64)
    gc = chunk.guarantor_company & (lender == 0)  # as the loan matrix's GC column
    # timeline key: (first missed date, lender, guarantee company) packed as date × 4 + lender × 2 + gc
    packed = key_first * 4 + lender * 2 + gc
    if not chunk.located:
        key_idx = setup.key_days.lookup(packed, key_first)
    else:  # a court with published months dates the auction: its own rows, once per class
        timing = timing_classes(chunk, setup.court_timings())
        key_idx = np.empty(len(packed), np.int32)
        for t in np.unique(timing):
            on = np.flatnonzero(timing == t)
            memo = setup.court_days(int(t)) if t else setup.key_days
            key_idx[on] = memo.lookup(packed[on], key_first[on])
    return (key_idx, setup.lates.lookup(late_first),
            setup.sales.lookup(chunk.sale_date.astype(np.int64)))


def value(chunk: TapeChunk, setup: Setup) -> Valued:
    """Value every loan of ``chunk`` (deterministic: the exits on their typical dates)."""
    L = loans_matrix(chunk, setup)
    n = len(chunk)
    key_first = np.empty(n, np.int64)
    late_first = np.empty(n, np.int64)
    K.first_dates(L, day(setup.at), key_first, late_first)
    key_idx, late_idx, sale_idx = rule_rows(chunk, setup, key_first, late_first)
    sale_tab, bad_sale = setup.sales.arrays()
    key_tab, bad_key = setup.keys.arrays()
    late_tab, bad_late = setup.lates.arrays()
    out = np.zeros((n, F.OUT_WIDTH), np.int64, order="F")  # its columns are what is read next
    status = np.zeros(n, np.int8)
    scenarios = setup.scenarios
    nblocks = max((n + BLOCK - 1) // BLOCK, 1)
    mc = np.zeros((n if scenarios else 1, F.M_WIDTH), np.int64)  # written only with scenarios
    portfolio = np.zeros((nblocks, max(scenarios, 1)), np.int64)
    with numba.parallel_chunksize(SHARE):
        K.value_chunk(L, key_idx, late_idx, sale_idx, sale_tab, key_tab, late_tab, bad_sale, bad_key,
                      bad_late, setup.globals(), out, status, mc, portfolio, BLOCK)
    # the four date columns of the (small) table first, then one gather of 4 (not 30) per loan
    keys = key_tab[:, [F.KT_ACC, F.KT_SUB, F.KT_FILING, F.KT_LAST]][key_idx]
    reasons: dict[int, tuple[str, str]] = {}
    for i in np.flatnonzero(status):
        s = int(status[i])
        if s == K.ST_RULES:
            reasons[int(i)] = (setup.sales.reason(int(sale_idx[i]), int(L[i, F.SALE_DAY]))
                               or setup.keys.reasons[int(key_idx[i])]
                               or setup.lates.reason(int(late_idx[i]), int(late_first[i]))
                               or ("ルールの値が見つかりません", "a rule value is missing"))
        else:
            reasons[int(i)] = STATUS_TEXT[s]
    return Valued(chunk=chunk, out=out, status=status, keys=keys, reasons=reasons,
                  mc=mc if scenarios else None,
                  portfolio=portfolio.sum(axis=0)[:scenarios],
                  courts=(setup.court_table(), setup.valuation.adjustment, setup.valuation.minimum_bid)
                  if chunk.located else None,
                  timing=timing_classes(chunk, setup.court_timings()) if chunk.located else None)
