"""The loan matrix filled in one pass (``batch.loanmatrix``) holds exactly the integers of the
column-wise construction it replaced (kept here as the reference), on a synthetic tape and on
hand-built loans reaching every branch (bonus parts, balances, junior liens, JHF, overrides,
appraisal ranges), and every column of ``layout`` is written."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pytest
from tests.batch.chunks import chunk_of

from zansai.batch import kernel as K
from zansai.batch import layout as F
from zansai.batch import loanmatrix
from zansai.batch.chunk import NO_DATE, TapeChunk
from zansai.batch.synthetic import write_synthetic
from zansai.batch.tape import read_tape
from zansai.batch.value import Setup, loans_matrix

AT = date(2026, 12, 1)


def _bonus_count(fm: npt.NDArray[np.int64], n: npt.NDArray[np.int64],
                 months: tuple[npt.NDArray[np.int64], ...]) -> npt.NDArray[np.int64]:
    lo = fm
    hi = fm + n - 2
    total = np.zeros_like(fm)
    for month in months:
        r = month - 1
        total += np.where(hi >= lo, (hi - r) // 12 - (lo - 1 - r) // 12, 0)
    return total


def reference(chunk: TapeChunk, setup: Setup) -> npt.NDArray[np.int64]:
    """The column-wise construction of the loan matrix before issue 19 (payments left at 0)."""
    n = len(chunk)
    C = np.zeros((F.LOAN_WIDTH, n), np.int64)
    K.year_month(chunk.first_payment, C[F.FY], C[F.FM])
    v = setup.valuation
    C[F.PRINCIPAL] = chunk.principal
    C[F.BONUS] = chunk.bonus_principal
    C[F.RATE] = chunk.rate
    C[F.TERM] = chunk.term_months
    C[F.PDAY] = chunk.payment_day
    C[F.METHOD] = chunk.method
    C[F.BM1] = chunk.bonus_month
    C[F.BM2] = C[F.BM1] + 6
    C[F.NB] = np.where(chunk.bonus_principal > 0, _bonus_count(C[F.FM], C[F.TERM], (C[F.BM1], C[F.BM2])), 0)
    has_balance = chunk.current_balance >= 0
    C[F.ANCHOR_DAY] = np.where(has_balance, chunk.balance_date, NO_DATE)
    C[F.ANCHOR_BAL] = np.where(has_balance, chunk.current_balance, 0)
    C[F.FIRST_MISSED] = chunk.first_missed
    C[F.COLLATERAL] = chunk.collateral_value
    C[F.RANK] = chunk.lien_rank
    C[F.SENIOR] = np.where(chunk.lien_rank > 1, chunk.senior_claim, 0)
    C[F.LENDER] = chunk.lender_type
    C[F.GC] = chunk.guarantor_company & (chunk.lender_type == 0)
    C[F.LATE_RATE] = chunk.late_rate
    C[F.MOVING] = chunk.moving_cost
    C[F.ASSOC] = chunk.unpaid_management_fees
    C[F.MONTHLY_FEE] = chunk.monthly_management_fee
    C[F.SALE_DAY] = chunk.sale_date
    C[F.R_SHORT] = np.where(chunk.short_sale_price_ratio >= 0, chunk.short_sale_price_ratio, v.short_sale)
    C[F.R_DEALER] = np.where(chunk.dealer_purchase_ratio >= 0, chunk.dealer_purchase_ratio, v.dealer_purchase)
    C[F.R_REALIZED] = np.where(chunk.auction_realized_ratio >= 0, chunk.auction_realized_ratio, v.realized)
    C[F.ROW] = chunk.row
    C[F.PARCELS] = chunk.land_parcels.astype(np.int64) + chunk.buildings
    low, high = chunk.appraisal_low, chunk.appraisal_high
    has = (low > 0) & (high > 0)
    ratio = np.where(has, high, 1) / np.where(has, low, 1)
    C[F.SIGMA] = np.where(has, np.rint(np.log(ratio) / (2 * loanmatrix.Z90) * 1e6),
                          setup.volatility).astype(np.int64)
    return np.ascontiguousarray(C.T)


def without_payments(matrix: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    out = matrix.copy()
    out[:, [F.PAY_M0, F.PAY_B0]] = 0
    return out


@pytest.fixture(scope="module")
def setup() -> Setup:
    return Setup.create(AT, volatility=120_000)


def edge_loans() -> TapeChunk:
    base = {"principal": 30_000_000, "rate": 1_250_000, "term_months": 420,
            "first_payment": date(2015, 1, 27), "payment_day": 27, "collateral_value": 25_000_000,
            "first_missed": date(2026, 6, 27)}
    variants = [
        {},
        {"bonus_principal": 6_000_000, "bonus_month": 1},  # January and July
        {"bonus_principal": 9_000_000, "bonus_month": 6, "term_months": 1},  # one payment: no bonus one
        {"bonus_principal": 3_000_000, "bonus_month": 3, "first_payment": date(2015, 12, 31),
         "payment_day": 31},
        {"current_balance": 20_000_000, "balance_date": date(2026, 1, 5)},
        {"current_balance": 0, "balance_date": date(2026, 1, 5)},
        {"lien_rank": 2, "senior_claim": 8_000_000},
        {"lien_rank": 1, "senior_claim": 0, "lender_type": 1, "guarantor_company": True},
        {"lender_type": 0, "guarantor_company": False},
        {"short_sale_price_ratio": 91_000_000, "dealer_purchase_ratio": 70_000_000,
         "auction_realized_ratio": 0},
        {"appraisal_low": 22_000_000, "appraisal_high": 28_000_000},
        {"appraisal_low": 22_000_000},
        {"land_parcels": 0, "buildings": 3, "late_rate": 14_000_000, "moving_cost": 300_000,
         "unpaid_management_fees": 120_000, "monthly_management_fee": 25_000, "method": 1},
        {"first_payment": date(1969, 12, 1), "term_months": 600, "first_missed": None},
    ]
    return chunk_of([{**base, **v} for v in variants], at=AT)


def test_the_one_pass_matrix_equals_the_column_wise_one_on_every_branch(setup: Setup) -> None:
    chunk = edge_loans()
    got = loans_matrix(chunk, setup)
    assert np.array_equal(without_payments(got), reference(chunk, setup))
    assert got[1, F.NB] > 0  # the bonus count's both branches were reached
    assert got[2, F.NB] == 0
    assert got[10, F.SIGMA] != 120_000
    assert got[11, F.SIGMA] == 120_000


def test_the_one_pass_matrix_equals_the_column_wise_one_on_a_tape(setup: Setup, tmp_path: object) -> None:
    from pathlib import Path

    tape = Path(str(tmp_path)) / "tape.parquet"
    write_synthetic(tape, 3_000, seed=7, at=AT, bad_share=0.02)
    for chunk in read_tape(tape, at=AT, chunk_rows=1_000):
        got = loans_matrix(chunk, setup)
        assert np.array_equal(without_payments(got), reference(chunk, setup))
        assert (got[:, F.PAY_M0][chunk.method == 0] > 0).all()


def test_every_column_of_the_matrix_is_written(setup: Setup) -> None:
    chunk = edge_loans()
    L = loanmatrix.fill(chunk, (1, 2, 3), 0)
    sentinel = np.full_like(L, -777)
    loanmatrix._fill(sentinel, *_args(chunk, (1, 2, 3)))
    assert not (sentinel == -777).any()
    assert np.array_equal(sentinel, L)


def _args(c: TapeChunk, defaults: tuple[int, int, int]) -> list[object]:
    return [c.row, c.principal, c.bonus_principal, c.rate, c.term_months, c.first_payment, c.payment_day,
            c.method, c.bonus_month, c.current_balance, c.balance_date, c.first_missed, c.collateral_value,
            c.lien_rank, c.senior_claim, c.lender_type, c.guarantor_company, c.late_rate, c.moving_cost,
            c.unpaid_management_fees, c.monthly_management_fee, c.sale_date, c.short_sale_price_ratio,
            c.dealer_purchase_ratio, c.auction_realized_ratio, c.land_parcels, c.buildings,
            loanmatrix.sigma(c, 0), *(np.int64(d) for d in defaults)]


def test_an_empty_chunk_gives_an_empty_matrix(setup: Setup) -> None:
    assert loans_matrix(TapeChunk.empty(), setup).shape == (0, F.LOAN_WIDTH)
