"""The kernel's former assumptions, now tape columns with the case file's defaults (issue 19 §1).

``land_parcels`` and ``buildings`` (default 1 + 1, as the case file) count the properties whose
lien release is registered: 登録免許税 is 1,000円 per property, and 20,000円 per application above
20 properties (登録免許税法 別表第一 第一号(十五), docs/sources/law-sale-costs.md §3). The kernel
must agree with the engine to the yen for any count, and a tape cell outside the case file's bounds
is reported naming the column.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.batch.chunks import chunk_of
from tests.batch.test_agreement import AT, assert_agrees
from tests.batch.test_tape import accepted, rejected

from zansai.batch import layout as F
from zansai.batch.value import Setup, value

SEED1 = {"principal": 38_000_000, "rate": 1_200_000, "term_months": 420, "first_payment": date(2012, 5, 27),
         "payment_day": 27, "first_missed": date(2026, 8, 27), "collateral_value": 20_000_000,
         "late_rate": 14_000_000, "sale_date": date(2027, 3, 31)}
"""記事1's household (docs/sources/seed1-short-sale.md), as in the agreement test."""


def test_the_lien_release_tax_counts_the_tapes_parcels_and_buildings() -> None:
    """1 + 1 properties: 2,000円 per lien; 3 + 1: 4,000円; 30 + 1 (above 20): the 20,000円 cap. The
    normal sale's costs differ by exactly that tax, and every figure agrees with the engine."""
    loans = [SEED1, {**SEED1, "land_parcels": 3}, {**SEED1, "land_parcels": 30},
             {**SEED1, "land_parcels": 0, "buildings": 1, "property_type": 1},
             {**SEED1, "land_parcels": 3, "lien_rank": 2, "senior_claim": 5_000_000}]
    assert assert_agrees(loans) == 5
    got = value(chunk_of(loans, at=AT), Setup.create(AT))
    costs = got.out[:, F.O_EXIT + F.E_COSTS]  # the normal sale
    assert costs[1] - costs[0] == 2_000
    assert costs[2] - costs[0] == 20_000 - 2_000
    assert costs[0] - costs[3] == 1_000


def test_the_columns_default_to_one_parcel_and_one_building(tmp_path: Path) -> None:
    chunk, i = accepted(tmp_path)
    assert (int(chunk.land_parcels[i]), int(chunk.buildings[i])) == (1, 1)
    chunk, i = accepted(tmp_path, land_parcels="100", buildings="20")
    assert (int(chunk.land_parcels[i]), int(chunk.buildings[i])) == (100, 20)


@pytest.mark.parametrize(("column", "text"), [("land_parcels", "101"), ("land_parcels", "-1"),
                                              ("buildings", "0"), ("buildings", "21"), ("buildings", "1.5")])
def test_the_columns_reject_counts_outside_the_case_files_bounds(tmp_path: Path, column: str,
                                                                 text: str) -> None:
    err = rejected(tmp_path, column, **{column: text})
    assert err.message_ja
    assert err.message_en


def test_bonus_months_from_the_tape_agree_with_the_engine() -> None:
    """A bonus part paid in January and July (not the default June and December): the schedule,
    and every figure after it, agree with the engine's schedule for the same months. A one-year
    loan first paid in January has two bonus payments in June and December but one in July (the
    first payment is never a bonus payment), so its balance on 2026-12-01 differs."""
    base = {**SEED1, "bonus_principal": 10_000_000}
    year = {"principal": 12_000_000, "rate": 1_000_000, "term_months": 12, "first_payment": date(2026, 1, 27),
            "payment_day": 27, "collateral_value": 20_000_000, "bonus_principal": 4_000_000}
    loans = [base, {**base, "bonus_month": 1}, {**base, "bonus_month": 3, "first_missed": None},
             year, {**year, "bonus_month": 1}]
    assert assert_agrees(loans) == 5
    got = value(chunk_of(loans, at=AT), Setup.create(AT))
    assert got.out[3, F.O_BALANCE] != got.out[4, F.O_BALANCE]  # the months matter


@pytest.mark.parametrize(("text", "first"), [("", 6), ("6,12", 6), ("12,6", 6), ("1,7", 1), ("6月・12月", 6),
                                             ("3/9", 3), ("7月と1月", 1)])
def test_bonus_months_read_as_the_case_file_writes_them(tmp_path: Path, text: str, first: int) -> None:
    cells = {"bonus_share": "20", "bonus_months": text} if text else {"bonus_share": "20"}
    chunk, i = accepted(tmp_path, **cells)
    assert int(chunk.bonus_month[i]) == first


@pytest.mark.parametrize("text", ["6,11", "6", "13,7", "June"])
def test_bonus_months_reject_months_not_six_apart(tmp_path: Path, text: str) -> None:
    err = rejected(tmp_path, "bonus_months", bonus_share="20", bonus_months=text)
    assert "6,12" in err.message_en
