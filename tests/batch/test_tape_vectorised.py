"""The tape's checks without Python per row (issue 19 §3): the bonus-share cap of every loan is found
by one search over the rule's period boundaries, and gives what asking the rule book day by day
gives, on either side of every boundary (rule loan.bonus_share_cap: 0.40 from 2003-10-01,
src/zansai/rules/data/loan/bonus_share_cap.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zansai.batch.synthetic import write_synthetic
from zansai.batch.tape.assemble import Checker
from zansai.batch.tape.bonus import RULE, BonusCaps
from zansai.batch.tape.days import day_number
from zansai.batch.tape.frame import Frame, dictionary_columns
from zansai.batch.tape.read import _parquet_batches, rebatch, tape_columns
from zansai.errors import RuleCoverageError
from zansai.rules import RuleBook

AT = date(2026, 12, 1)


def test_the_default_cap_per_day_equals_the_rule_books_day_by_day() -> None:
    caps = BonusCaps(RuleBook.default())
    start = day_number(date(2003, 10, 1))
    days = np.array([start - 400, start - 1, start, start + 1, day_number(date(2026, 12, 1))], np.int64)
    assert caps.scaled_many(days).tolist() == [-1, -1, 40_000_000, 40_000_000, 40_000_000]


@dataclass
class Period:
    start: date
    end: date | None
    value: Decimal


class TwoPeriods:
    """A book whose cap is 0.35 through 2010-03-31 (inclusive), then 0.50, with no cap before 2005."""

    periods: ClassVar[list[Period]] = [Period(date(2005, 1, 1), date(2010, 3, 31), Decimal("0.35")),
                                       Period(date(2010, 4, 1), None, Decimal("0.50"))]

    def get(self, key: str) -> Any:
        assert key == RULE
        return self

    def at(self, key: str, on: date) -> Any:
        for p in self.periods:
            if p.start <= on and (p.end is None or on <= p.end):
                return p
        raise RuleCoverageError("期間外", "not covered")


def test_the_vectorised_cap_follows_every_period_boundary() -> None:
    caps = BonusCaps(TwoPeriods())  # type: ignore[arg-type]
    around = [date(2005, 1, 1), date(2010, 3, 31), date(2010, 4, 1)]
    near = {day_number(d + timedelta(days=k)) for d in around for k in range(-2, 3)}
    days = np.array(sorted(near), np.int64)
    want = [BonusCaps(TwoPeriods()).scaled(int(d)) for d in days]  # type: ignore[arg-type]
    assert caps.scaled_many(days).tolist() == want
    assert set(want) == {-1, 35_000_000, 50_000_000}


def _same_chunks(a: Any, b: Any) -> None:
    for name in a.__slots__:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            assert np.array_equal(x, y), name
        elif hasattr(x, "equals"):
            assert x.equals(y), name
        else:
            assert x == y, name


@pytest.mark.batch
def test_dictionary_encoded_text_is_checked_as_plain_text(tmp_path: Path) -> None:
    """A Parquet tape's text cells are read dictionary-encoded and only their distinct values parsed
    (several dictionaries per chunk when row groups are small): every value, row error and message
    equals what the row-by-row casts of the same text give."""
    tape, split = tmp_path / "t.parquet", tmp_path / "split.parquet"
    write_synthetic(tape, 600, seed=3, at=AT, bad_share=0.25)
    pq.write_table(pq.read_table(tape), split, row_group_size=37)
    checker = Checker(at=AT, sale_date=AT, book=RuleBook.default())
    known, _ = tape_columns(split)
    tables = list(rebatch(_parquet_batches(split, known, 250), 250))
    assert [len(dictionary_columns(t)) > 0 and t.column("rate").num_chunks > 1 for t in tables] == [True] * 3
    errors = 0
    for i, table in enumerate(tables):
        types = [f.type.value_type if pa.types.is_dictionary(f.type) else f.type for f in table.schema]
        plain = pl.from_arrow(table.cast(pa.schema(list(zip(table.column_names, types, strict=True)))))
        assert isinstance(plain, pl.DataFrame)
        coded = checker.check(table, 1 + 250 * i)
        _same_chunks(coded, checker.check(plain, 1 + 250 * i))
        errors += len(coded.errors)
    assert errors == 150  # a quarter of the rows are broken by write_synthetic(bad_share=0.25)


@pytest.mark.batch
def test_text_columns_kept_as_given_only_when_nothing_is_stripped(tmp_path: Path) -> None:
    """loan_id and region are the tape's own Arrow arrays when no value is null or padded; a value
    padded with any blank (an ideographic space too) or a null region is stripped / read as ""."""
    tape = tmp_path / "t.parquet"
    write_synthetic(tape, 4, seed=1, at=AT)
    table = pq.read_table(tape)
    assert Frame(table).text("loan_id").equals(table.column("loan_id").combine_chunks())
    ids = pa.array(["L1", " L2", "L3\u3000", "L4\u200b"])  # U+200B is not a blank: kept
    regions = pa.array(["東京都", None, "\t大阪府", "x"])
    padded = table.set_column(0, "loan_id", ids)
    padded = padded.set_column(padded.column_names.index("region"), "region", regions)
    assert Frame(padded).text("loan_id").to_pylist() == ["L1", "L2", "L3", "L4\u200b"]
    assert Frame(padded).text("region").to_pylist() == ["東京都", "", "大阪府", "x"]
    chunk = Checker(at=AT, sale_date=AT, book=RuleBook.default()).check(padded, 1)
    assert chunk.loan_id.to_pylist() == ["L1", "L2", "L3", "L4\u200b"]
