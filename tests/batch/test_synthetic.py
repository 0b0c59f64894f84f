"""The synthetic loan tape: deterministic, streamed in fixed blocks, valid but for its deliberate errors.

Its assumptions are demo data (module docstring of zansai.batch.synthetic), but every row must pass
the tape's checks (docs/batch-tape.md), and the bonus share must respect rule loan.bonus_share_cap
(0.40 from 2003-10-01, rules/data/loan/bonus_share_cap.toml).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from zansai.batch import synthetic
from zansai.batch.chunk import MISSING, NO_DATE, RATE_SCALE
from zansai.batch.synthetic import BAD_KINDS, PREFECTURES, bad_rows, write_synthetic
from zansai.batch.tape import read_tape
from zansai.errors import InputError

AT = date(2026, 12, 1)
EPOCH = date(1970, 1, 1)


def table(path: Path) -> object:
    return pq.read_table(path) if path.suffix == ".parquet" else pacsv.read_csv(path)


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_same_seed_same_tape_and_chunk_rows_do_not_matter(tmp_path: Path, suffix: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 1,000 rows (patched down from 100,000) so 2,500 rows cross two block boundaries."""
    monkeypatch.setattr(synthetic, "BLOCK", 1_000)
    paths = []
    for k, chunk_rows in enumerate([300, 2_500, 97]):
        path = tmp_path / f"t{k}{suffix}"
        assert write_synthetic(path, 2_500, seed=7, at=AT, bad_share=0.1, chunk_rows=chunk_rows) == 2_500
        paths.append(path)
    first = table(paths[0])
    assert first.num_rows == 2_500  # type: ignore[attr-defined]
    for path in paths[1:]:
        assert table(path).equals(first)  # type: ignore[attr-defined]
    if suffix == ".csv":
        assert paths[0].read_bytes() == paths[1].read_bytes()
    write_synthetic(tmp_path / f"other{suffix}", 2_500, seed=8, at=AT, bad_share=0.1)
    assert not table(tmp_path / f"other{suffix}").equals(first)  # type: ignore[attr-defined]


def test_blocks_do_not_depend_on_the_length(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first 1,000 rows are the same in a tape of 1,000 and one of 2,500 (block 0 is block 0)."""
    monkeypatch.setattr(synthetic, "BLOCK", 1_000)
    write_synthetic(tmp_path / "a.parquet", 1_000, seed=3, at=AT)
    write_synthetic(tmp_path / "b.parquet", 2_500, seed=3, at=AT)
    assert pq.read_table(tmp_path / "b.parquet").slice(0, 1_000).equals(pq.read_table(tmp_path / "a.parquet"))


@pytest.mark.parametrize(("suffix", "at"), [(".parquet", AT), (".csv", AT), (".parquet", date(2008, 3, 31)),
                                            (".csv", date(2021, 2, 28))])
def test_every_row_passes_the_tape_checks(tmp_path: Path, suffix: str, at: date) -> None:
    """Including calculation dates whose 20 years back reach before the bonus cap rule (2003-10-01)."""
    path = tmp_path / f"t{suffix}"
    assert write_synthetic(path, 3_000, seed=11, at=at) == 3_000
    chunks = list(read_tape(path, at=at, chunk_rows=1_000))
    assert [c.rows_read for c in chunks] == [1_000, 1_000, 1_000]
    assert [e for c in chunks for e in c.errors] == []
    assert sum(len(c) for c in chunks) == 3_000


def test_bad_share_breaks_exactly_the_listed_rows(tmp_path: Path) -> None:
    """5% of 2,000 rows = 100 rows, each with one error, in the column bad_rows names."""
    expected = bad_rows(2_000, seed=4, bad_share=0.05)
    assert len(expected) == 100
    assert len({row for row, _ in expected}) == 100
    for suffix in (".parquet", ".csv"):
        path = tmp_path / f"t{suffix}"
        write_synthetic(path, 2_000, seed=4, at=AT, bad_share=0.05)
        chunks = list(read_tape(path, at=AT, chunk_rows=512))
        errors = [e for c in chunks for e in c.errors]
        assert sorted((e.row, e.column) for e in errors) == expected
        valid = np.concatenate([c.row for c in chunks])
        assert len(valid) == 1_900
        assert set(valid.tolist()).isdisjoint(row for row, _ in expected)


def test_every_kind_of_deliberate_error_is_caught(tmp_path: Path) -> None:
    expected = bad_rows(1_500, seed=2, bad_share=1.0)
    assert len(expected) == 1_500
    assert {column for _, column in expected} == {("rate" if k == "rate_digits" else k) for k in BAD_KINDS}
    path = tmp_path / "t.parquet"
    write_synthetic(path, 1_500, seed=2, at=AT, bad_share=1.0)
    chunks = list(read_tape(path, at=AT))
    assert sorted((e.row, e.column) for c in chunks for e in c.errors) == expected
    assert sum(len(c) for c in chunks) == 0


def test_looks_like_japanese_home_loans(tmp_path: Path) -> None:
    """The module docstring's assumptions, as read back through the tape reader."""
    path = tmp_path / "t.parquet"
    n = 6_000
    write_synthetic(path, n, seed=1, at=AT)
    (chunk,) = list(read_tape(path, at=AT, chunk_rows=n))
    raw = pq.read_table(path)
    assert raw.column("loan_id")[0].as_py() == "L0000000001"
    assert raw.column("loan_id")[n - 1].as_py() == "L0000006000"
    assert chunk.principal.min() >= 15_000_000
    assert chunk.principal.max() <= 70_000_000
    assert (chunk.principal % 100_000 == 0).all()
    assert (chunk.rate % 5_000 == 0).all()  # 0.005% steps
    assert chunk.rate.min() >= 300_000
    assert chunk.rate.max() <= 2_500_000
    jhf = chunk.lender_type == 1
    assert 0.12 < jhf.mean() < 0.18
    assert chunk.rate[jhf].min() >= 1_300_000
    assert chunk.rate[jhf].max() <= 2_200_000
    assert not chunk.guarantor_company[jhf].any()
    assert 0.92 < chunk.guarantor_company[~jhf].mean() < 0.98
    assert 0.7 < (chunk.term_months == 420).mean() < 0.8
    assert set(np.unique(chunk.term_months).tolist()) <= {*range(240, 361, 12), 420}
    assert set(np.unique(chunk.payment_day).tolist()) == {1, 5, 6, 10, 26, 27}
    assert 0.87 < (chunk.method == 0).mean() < 0.93
    bonus = chunk.bonus_principal > 0
    assert 0.17 < bonus.mean() < 0.23
    share = chunk.bonus_principal[bonus] / chunk.principal[bonus]
    assert share.min() >= 0.1
    assert share.max() <= 0.4
    first = [EPOCH.toordinal() + int(d) for d in chunk.first_payment]
    years_back = [(AT.toordinal() - d) / 365.25 for d in first]
    assert min(years_back) > 0.9
    assert max(years_back) < 20.1
    delinquent = chunk.first_missed != NO_DATE
    assert 0.27 < delinquent.mean() < 0.33
    missed = [date.fromordinal(EPOCH.toordinal() + int(d)) for d in chunk.first_missed[delinquent]]
    months_back = Counter(AT.year * 12 + AT.month - (d.year * 12 + d.month) for d in missed)
    assert set(months_back) == set(range(1, 19))  # a due date 1 to 18 months before AT
    with_balance = chunk.current_balance != MISSING
    assert 0.27 < with_balance.mean() < 0.33
    assert (chunk.current_balance[with_balance] <= chunk.principal[with_balance]).all()
    assert (chunk.current_balance[with_balance] > 0).all()
    ratio = chunk.collateral_value / chunk.principal
    assert ratio.min() >= 0.49
    assert ratio.max() <= 1.31
    appraised = chunk.appraisal_low != MISSING
    assert 0.55 < appraised.mean() < 0.65
    low = chunk.appraisal_low[appraised] / chunk.collateral_value[appraised]
    high = chunk.appraisal_high[appraised] / chunk.collateral_value[appraised]
    assert 0.84 < low.min() <= low.max() < 0.96
    assert 1.04 < high.min() <= high.max() < 1.16
    condo = chunk.property_type == 1
    assert 0.37 < condo.mean() < 0.43
    fee = chunk.monthly_management_fee[condo]
    assert fee.min() >= 15_000
    assert fee.max() <= 40_000
    assert (chunk.monthly_management_fee[~condo] == MISSING).all()
    owing = chunk.unpaid_management_fees > 0
    assert owing.any()
    assert (condo & delinquent)[owing].all()
    second = chunk.lien_rank == 2
    assert 0.02 < second.mean() < 0.04
    assert (chunk.senior_claim[second] >= 1_000_000).all()
    regions = Counter(chunk.region.to_pylist())
    assert set(regions) <= {p for p, _ in PREFECTURES}
    assert len(PREFECTURES) == 47
    assert regions.most_common(1)[0][0] == "東京都"
    assert (chunk.sale_date == (AT.toordinal() - EPOCH.toordinal())).all()
    assert RATE_SCALE == 10**8


def test_a_200k_row_tape_streams(tmp_path: Path) -> None:
    """Two full 100,000-row blocks written in chunks of 64,000 and read back in chunks of 50,000."""
    path = tmp_path / "big.parquet"
    assert write_synthetic(path, 200_000, seed=9, at=AT, chunk_rows=64_000) == 200_000
    assert pq.ParquetFile(path).metadata.num_rows == 200_000
    rows = errors = 0
    for chunk in read_tape(path, at=AT, chunk_rows=50_000):
        assert chunk.rows_read == 50_000
        rows += len(chunk)
        errors += len(chunk.errors)
    assert (rows, errors) == (200_000, 0)


def test_empty_and_bad_arguments(tmp_path: Path) -> None:
    assert write_synthetic(tmp_path / "e.csv", 0, at=AT) == 0
    assert list(read_tape(tmp_path / "e.csv", at=AT)) == []
    assert write_synthetic(tmp_path / "e.parquet", 0, at=AT) == 0
    assert list(read_tape(tmp_path / "e.parquet", at=AT)) == []
    for kwargs in ({"n": -1}, {"n": 1, "seed": -1}, {"n": 1, "bad_share": 1.5}, {"n": 1, "chunk_rows": 0}):
        with pytest.raises(InputError):
            write_synthetic(tmp_path / "x.csv", at=AT, **kwargs)  # type: ignore[arg-type]
    assert not list(tmp_path.glob(".x.csv*"))


def test_region_codes_add_the_prefecture_and_change_nothing_else(tmp_path: Path) -> None:
    """The prefecture's JIS code (北海道 01 … 東京都 13 … 沖縄県 47) beside its name; every loan
    then has its prefecture's district court (docs/sources/auction-statistics.md §6.1)."""
    from zansai.batch.region import court_ids

    plain, coded = tmp_path / "plain.parquet", tmp_path / "coded.parquet"
    write_synthetic(plain, 3_000, seed=4, at=AT)
    write_synthetic(coded, 3_000, seed=4, at=AT, region_codes=True)
    a, b = pq.read_table(plain), pq.read_table(coded)
    assert b.drop_columns(["prefecture_code"]).equals(a)
    pairs = set(zip(b.column("region").to_pylist(), b.column("prefecture_code").to_pylist(), strict=True))
    assert {("北海道", "01"), ("東京都", "13")} <= pairs
    assert all(f"{[p for p, _ in PREFECTURES].index(name) + 1:02d}" == code for name, code in pairs)
    chunk = next(read_tape(coded, at=AT, chunk_rows=3_000))
    assert chunk.located
    assert chunk.errors == []
    tokyo = np.array(b.column("prefecture_code").to_pylist()) == "13"
    assert (chunk.court[tokyo] == court_ids().index("tokyo")).all()
