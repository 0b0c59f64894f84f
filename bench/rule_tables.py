"""Rule-table lookups of a tape: per-chunk ``np.unique`` (before) against date-indexed tables (after).

Issue 19 §3. For a synthetic tape (default 1,000,000 loans, chunks of 200,000), the time spent
finding each loan's rows of the sale, late-charge and timeline-key tables, the tables' own building
included (one run = every chunk with fresh tables, as ``zansai batch`` does), A/B interleaved in one
process, best of ``--repeat``. The loan matrices and first dates are computed once, outside the
timing. Both sides must give every loan the same rows (checked). Last, the timeline rows alone of
a long-history portfolio (first missed dates over three decades), where ``TimelineMemo`` moves a
timeline computed four years earlier instead of asking the engine again.

    .venv/bin/python bench/rule_tables.py [--loans N] [--chunk-rows R] [--repeat K]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from zansai.batch import kernel, layout
from zansai.batch.chunk import NO_DATE, TapeChunk
from zansai.batch.params import Table, day, from_day, key_row, late_row, sale_row
from zansai.batch.synthetic import write_synthetic
from zansai.batch.tape import read_tape
from zansai.batch.timelines import TimelineMemo
from zansai.batch.value import Setup, loans_matrix, rule_rows
from zansai.rules import RuleBook

AT = date(2026, 12, 1)
Arrays = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], TapeChunk]


def _lookup_by(table: Table, keys: npt.NDArray[np.int64],
               convert: Callable[[int], tuple[Any, ...]]) -> npt.NDArray[np.int32]:
    """Before: each distinct key of the chunk (``np.unique``) converted and looked up in a dict."""
    uniq, inverse = np.unique(keys, return_inverse=True)
    rows = table.lookup([convert(int(u)) for u in uniq])
    return rows[inverse.reshape(-1)]


def old_tables(book: RuleBook) -> tuple[Table, Table, Table]:
    return (Table(layout.SP_WIDTH, lambda d: sale_row(book, from_day(d))),
            Table(layout.KT_WIDTH, lambda d, lender, gc: key_row(book, from_day(d), lender, bool(gc), AT)),
            Table(layout.LT_WIDTH, lambda d: late_row(book, from_day(d))))


def before(chunks: list[Arrays], book: RuleBook, warm: Any = None) -> list[tuple[Any, ...]]:
    sales, keys, lates = warm or old_tables(book)
    out = []
    for loans, key_first, late_first, _chunk in chunks:
        packed = key_first * 4 + loans[:, layout.LENDER] * 2 + loans[:, layout.GC]
        k = _lookup_by(keys, packed,
                       lambda x: (x // 4, (x // 2) % 2, x % 2) if x // 4 != NO_DATE else (None,))
        la = _lookup_by(lates, late_first, lambda d: (d,) if d != NO_DATE else (None,))
        s = _lookup_by(sales, loans[:, layout.SALE_DAY], lambda d: (d,))
        out.append((k, la, s, sales.arrays()[0], keys.arrays()[0], lates.arrays()[0]))
    return out


def after(chunks: list[Arrays], book: RuleBook, warm: Any = None) -> list[tuple[Any, ...]]:
    setup = warm or Setup.create(AT, book=book)
    out = []
    for _loans, key_first, late_first, chunk in chunks:
        k, la, s = rule_rows(chunk, setup, key_first, late_first)
        out.append((k, la, s, setup.sales.arrays()[0], setup.keys.arrays()[0], setup.lates.arrays()[0]))
    return out


def _same(a: list[tuple[Any, ...]], b: list[tuple[Any, ...]]) -> None:
    """Every loan gets the same row contents both ways."""
    for (k1, l1, s1, st1, kt1, lt1), (k2, l2, s2, st2, kt2, lt2) in zip(a, b, strict=True):
        assert (kt1[k1] == kt2[k2]).all()
        assert (lt1[l1] == lt2[l2]).all()
        assert (st1[s1] == st2[s2]).all()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--loans", type=int, default=1_000_000)
    ap.add_argument("--chunk-rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    book = RuleBook.default()
    setup = Setup.create(AT, book=book)
    with tempfile.TemporaryDirectory() as tmp:
        tape = Path(tmp) / "tape.parquet"
        write_synthetic(tape, args.loans, seed=1, at=AT, bad_share=0.0)
        chunks: list[Arrays] = []
        for chunk in read_tape(str(tape), at=AT, sale_date=None, chunk_rows=args.chunk_rows):
            loans = loans_matrix(chunk, setup)
            key_first = np.empty(len(chunk), np.int64)
            late_first = np.empty(len(chunk), np.int64)
            kernel.first_dates(loans, day(AT), key_first, late_first)
            chunks.append((loans, key_first, late_first, chunk))
    _same(before(chunks, book), after(chunks, book))
    warm_old, warm_new = old_tables(book), Setup.create(AT, book=book)
    before(chunks, book, warm_old)
    after(chunks, book, warm_new)
    print(f"rows built per run: before {len(warm_old[0].rows)} sale + {len(warm_old[2].rows)} late, "
          f"after {len(warm_new.sales.rows)} sale + {len(warm_new.lates.rows)} late; "
          f"timeline keys {len(warm_new.keys.rows)} (both), computed by the engine: before "
          f"{len(warm_old[1].rows)}, after {warm_new.timelines.computed} (the rest moved by calendar cycles)")
    times: dict[str, list[float]] = {k: [] for k in ("before", "after", "before, warm", "after, warm")}
    for _ in range(args.repeat):
        for name, fn, warm in (("before", before, None), ("after", after, None),
                               ("before, warm", before, warm_old), ("after, warm", after, warm_new)):
            t0 = time.perf_counter()
            fn(chunks, book, warm)
            times[name].append(time.perf_counter() - t0)
    n = sum(len(c[0]) for c in chunks)
    print(f"rule-table lookups, {n:,} loans in {len(chunks)} chunks, best / median of {args.repeat} "
          "(A/B interleaved in one process; shared machine: noisy). A run builds its tables; "
          "'warm': the lookups alone, every row already built")
    for name, ts in times.items():
        ts.sort()
        print(f"  {name:13}  best {ts[0] * 1000:8.1f} ms   median {ts[len(ts) // 2] * 1000:8.1f} ms")
    long_history(book, args.repeat)


def long_history(book: RuleBook, repeat: int) -> None:
    """The timeline rows alone for a long-history portfolio: first missed on the 27th of every month
    2014-04 … 2045-12, three lender kinds; ``key_row`` per key against ``TimelineMemo``."""
    firsts = [day(date(y, m, 27)) for y in range(2014, 2046) for m in range(1, 13) if (y, m) >= (2014, 4)]
    keys = [(d, lender, gc) for d in firsts for lender, gc in ((0, 1), (0, 0), (1, 0))]
    times: dict[str, list[float]] = {"before": [], "after": []}
    computed = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        old = [key_row(book, from_day(d), lender, bool(gc), AT) for d, lender, gc in keys]
        times["before"].append(time.perf_counter() - t0)
        memo = TimelineMemo(book, AT)
        t0 = time.perf_counter()
        new = [memo.row(d, lender, gc) for d, lender, gc in keys]
        times["after"].append(time.perf_counter() - t0)
        computed = memo.computed
        assert all((a == b).all() for a, b in zip(old, new, strict=True))
    print(f"timeline rows of a long-history portfolio ({len(keys)} keys, first missed 2014-04 … 2045-12), "
          f"computed by the engine: before {len(keys)}, after {computed}")
    for name, ts in times.items():
        ts.sort()
        print(f"  {name:13}  best {ts[0] * 1000:8.1f} ms   median {ts[len(ts) // 2] * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
