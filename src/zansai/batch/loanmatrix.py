"""The kernel's loan matrix (``layout``: one row of ``int64`` per loan), filled in one pass.

Every row is written once, in order, straight from the chunk's columns: the calendar split of the
first due date, the bonus payment count, the defaults of the overrides and the masks of the
optional amounts are folded into that one loop (compiled, on both cores). Filling column by
column and transposing read and wrote the whole matrix twice more; this gives the very same
integers (tests/batch/test_loanmatrix.py compares them with the column-wise construction).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit, prange

from zansai.batch import layout as F
from zansai.batch.chunk import NO_DATE, TapeChunk
from zansai.batch.compiled import civil_from_days

Z90 = 1.2815515655446004
"""The standard normal's 90th percentile: an appraisal range is read as its P10–P90."""


def sigma(chunk: TapeChunk, volatility: int) -> npt.NDArray[np.int64]:
    """Log-price volatility × 10**6: ln(high / low) / (2·z90) from the appraisal range when the
    row has one, else the run's ``volatility`` (NumPy's log, as the engine's reference uses)."""
    low, high = chunk.appraisal_low, chunk.appraisal_high
    has = (low > 0) & (high > 0)
    if not has.any():
        return np.full(len(low), volatility, np.int64)
    ratio = np.where(has, high, 1) / np.where(has, low, 1)
    return np.where(has, np.rint(np.log(ratio) / (2 * Z90) * 1e6), volatility).astype(np.int64)


@njit(cache=True, inline="always")
def _bonus_count(fm, n, bm1):  # type: ignore[no-untyped-def]
    """Bonus payments among payments 2..n: months j = fm+k−2 (k = 2..n) falling in either bonus
    month (``bm1`` and six months later)."""
    lo = fm
    hi = fm + n - 2
    if hi < lo:
        return 0
    total = 0
    for month in (bm1, bm1 + 6):
        r = month - 1
        total += (hi - r) // 12 - (lo - 1 - r) // 12
    return total


@njit(cache=True, parallel=True)
def _fill(loans, row, principal, bonus, rate, term, first_payment, pday, method, bonus_month,  # type: ignore[no-untyped-def]
          balance, balance_date, first_missed, collateral, rank, senior, lender, gc, late_rate, moving,
          assoc, monthly_fee, sale_day, r_short, r_dealer, r_realized, parcels, buildings, sig,
          d_short, d_dealer, d_realized):
    for i in prange(loans.shape[0]):
        li = loans[i]
        y, m, _d = civil_from_days(first_payment[i])
        li[F.PRINCIPAL] = principal[i]
        li[F.BONUS] = bonus[i]
        li[F.RATE] = rate[i]
        li[F.TERM] = term[i]
        li[F.FY] = y
        li[F.FM] = m
        li[F.PDAY] = pday[i]
        li[F.METHOD] = method[i]
        li[F.PAY_M0] = 0
        li[F.PAY_B0] = 0
        li[F.BM1] = bonus_month[i]
        li[F.BM2] = bonus_month[i] + 6
        li[F.NB] = _bonus_count(m, np.int64(term[i]), np.int64(bonus_month[i])) if bonus[i] > 0 else 0
        has_balance = balance[i] >= 0
        li[F.ANCHOR_DAY] = balance_date[i] if has_balance else NO_DATE
        li[F.ANCHOR_BAL] = balance[i] if has_balance else 0
        li[F.FIRST_MISSED] = first_missed[i]
        li[F.COLLATERAL] = collateral[i]
        li[F.RANK] = rank[i]
        li[F.SENIOR] = senior[i] if rank[i] > 1 else 0
        li[F.LENDER] = lender[i]
        li[F.GC] = 1 if gc[i] and lender[i] == 0 else 0
        li[F.LATE_RATE] = late_rate[i]
        li[F.MOVING] = moving[i]
        li[F.ASSOC] = assoc[i]
        li[F.MONTHLY_FEE] = monthly_fee[i]
        li[F.SALE_DAY] = sale_day[i]
        li[F.R_SHORT] = r_short[i] if r_short[i] >= 0 else d_short
        li[F.R_DEALER] = r_dealer[i] if r_dealer[i] >= 0 else d_dealer
        li[F.R_REALIZED] = r_realized[i] if r_realized[i] >= 0 else d_realized
        li[F.SIGMA] = sig[i]
        li[F.ROW] = row[i]
        li[F.PARCELS] = np.int64(parcels[i]) + np.int64(buildings[i])
        # no draw of the auction ratio unless ``region.auction_draws`` sets one (a located tape)
        li[F.AUC_DRAW] = 0
        li[F.R_AUC_LO] = 0
        li[F.R_AUC_MODE] = 0
        li[F.R_AUC_HI] = 0


def fill(chunk: TapeChunk, defaults: tuple[int, int, int], volatility: int) -> npt.NDArray[np.int64]:
    """The chunk's loan matrix without the payments (``PAY_M0``/``PAY_B0`` are 0); ``defaults``: the
    short-sale, dealer-purchase and realised-price ratios where a row gives none."""
    c = chunk
    L = np.empty((len(c), F.LOAN_WIDTH), np.int64)
    _fill(L, c.row, c.principal, c.bonus_principal, c.rate, c.term_months, c.first_payment, c.payment_day,
          c.method, c.bonus_month, c.current_balance, c.balance_date, c.first_missed, c.collateral_value,
          c.lien_rank, c.senior_claim, c.lender_type, c.guarantor_company, c.late_rate, c.moving_cost,
          c.unpaid_management_fees, c.monthly_management_fee, c.sale_date, c.short_sale_price_ratio,
          c.dealer_purchase_ratio, c.auction_realized_ratio, c.land_parcels, c.buildings,
          sigma(chunk, volatility), *(np.int64(d) for d in defaults))
    return L
