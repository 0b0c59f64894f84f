"""A/B of the valuation kernel: this tree's ``value_chunk`` against another revision's, in one process.

The kernel (``batch/kernel.py``) and its compiled core (``batch/compiled.py``) of ``--base`` (a git
revision, default ``HEAD``) are copied to a temporary directory and imported under other names, so
both kernels run on the same loan matrix and rule tables, interleaved (A, B, A, B, …), and the best
of ``--rounds`` is kept for each: on a shared machine the noise then hits both alike. Only the
kernel call is timed (not the loan matrix, the rule look-ups or the tape). The two kernels' outputs
and statuses must be identical, or the script stops.

Caveat: Numba's cache does not notice a change in a module a kernel calls into, so after editing
``zansai/arith`` or ``batch/compiled.py`` alone, touch ``batch/kernel.py`` (or clear its cache).

Run from the repository root::

    PYTHONPATH=$PWD/src .venv/bin/python bench/kernel_ab.py [--base REV] [--loans N] [--rounds R]

Set ``NUMBA_NUM_THREADS=1`` for steadier figures on a busy machine, and ``--clock cpu`` to time the
process's CPU time instead of the wall clock (on an oversubscribed machine the wall clock mostly
measures the other processes; CPU time sums the threads' work, so it is the per-core figure).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from zansai.batch import kernel as kernel_b
from zansai.batch import layout
from zansai.batch import value as batch_value
from zansai.batch.params import day
from zansai.batch.synthetic import write_synthetic
from zansai.batch.tape import read_tape

AT = date(2026, 12, 1)


def snapshot(rev: str, into: Path) -> ModuleType:
    """Revision ``rev``'s kernel, importable beside this tree's (its own compiled core)."""
    def show(path: str) -> str:  # "" when the file is not in that revision
        return subprocess.run(["git", "show", f"{rev}:{path}"], capture_output=True,
                              text=True).stdout
    (into / "ab_compiled.py").write_text(show("src/zansai/batch/compiled.py"))  # older: none
    source = show("src/zansai/batch/kernel.py").replace("from zansai.batch.compiled import",
                                                        "from ab_compiled import")
    (into / "ab_kernel.py").write_text(source)
    sys.path.insert(0, str(into))
    spec = importlib.util.spec_from_file_location("ab_kernel", into / "ab_kernel.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ab_kernel"] = module  # Numba's cache pickles references to the module by name
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="HEAD")
    ap.add_argument("--loans", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    args = ap.parse_args()
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    sha = subprocess.run(["git", "rev-parse", args.base], check=True, capture_output=True,
                         text=True).stdout.strip()
    work = Path(tempfile.gettempdir()) / f"zansai-ab-{sha[:12]}"  # kept: its Numba cache too
    work.mkdir(exist_ok=True)
    kernel_a = snapshot(args.base, work)
    tape = work / f"tape-{args.loans}.parquet"
    if not tape.exists():
        write_synthetic(tape, args.loans, seed=0, at=AT)
    chunk = next(iter(read_tape(tape, at=AT, chunk_rows=args.loans)))
    setup = batch_value.Setup.create(AT)
    loans = batch_value.loans_matrix(chunk, setup)
    n = len(chunk)
    key_first = np.empty(n, np.int64)
    late_first = np.empty(n, np.int64)
    kernel_b.first_dates(loans, day(AT), key_first, late_first)
    rows = batch_value.rule_rows(chunk, setup, key_first, late_first)
    tables = (*setup.sales.arrays(), *setup.keys.arrays(), *setup.lates.arrays())
    sale_tab, bad_sale, key_tab, bad_key, late_tab, bad_late = tables
    blocks = (n + batch_value.BLOCK - 1) // batch_value.BLOCK

    def run(kernel: Any) -> tuple[float, np.ndarray, np.ndarray]:
        out = np.zeros((n, layout.OUT_WIDTH), np.int64, order="F")
        status = np.zeros(n, np.int8)
        mc = np.zeros((1, layout.M_WIDTH), np.int64)
        portfolio = np.zeros((blocks, 1), np.int64)
        t = clock()
        kernel.value_chunk(loans, *rows, sale_tab, key_tab, late_tab, bad_sale, bad_key, bad_late,
                           setup.globals(), out, status, mc, portfolio, batch_value.BLOCK)
        return clock() - t, out, status

    _, out_a, status_a = run(kernel_a)  # compiles (or loads) both before timing
    _, out_b, status_b = run(kernel_b)
    if not (np.array_equal(out_a, out_b) and np.array_equal(status_a, status_b)):
        sys.exit("the two kernels' results differ")
    best = {"A": float("inf"), "B": float("inf")}
    for _ in range(args.rounds):
        for name, kernel in (("A", kernel_a), ("B", kernel_b)):
            best[name] = min(best[name], run(kernel)[0])
    print(f"{n:,} loans, best of {args.rounds} ({args.clock} clock), "
          f"statuses {np.bincount(status_a).tolist()}")
    print(f"A ({args.base}): {n / best['A'] / 1e3:8.0f} k loans/s")
    print(f"B (this tree): {n / best['B'] / 1e3:8.0f} k loans/s   B/A {best['A'] / best['B']:.3f}")


if __name__ == "__main__":
    main()
