"""Run the agreement tests' loans through the batch kernel as plain Python, under branch coverage.

``python -m tests.batch.kernel_coverage OUT.json`` (from the repository root, with
``NUMBA_DISABLE_JIT=1`` set before anything imports Numba) values the loans of ``test_agreement``
(its six random draws of 500, the short sale of docs/sources/seed1-short-sale.md, the statuses,
the late-charge cap) and of ``test_agreement_branches`` with ``batch.value``, measuring
``batch/kernel.py`` and ``zansai/arith`` with coverage.py (branches on) only while the kernel runs,
and writes coverage's JSON report to OUT.json; ``test_kernel_coverage`` reads it. Without the JIT
the kernel's functions are the Python functions themselves, so every line and branch the compiled
kernel would take is seen.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import coverage

SRC = Path(__import__("zansai").__file__).resolve().parent
MEASURED = [str(SRC / "batch" / "kernel.py"), str(SRC / "arith" / "*.py")]


def loan_sets() -> Iterator[tuple[list[dict[str, Any]], date, dict[str, Any]]]:
    """(loans, calculation date, ``Setup.create`` keywords) of every agreement test but the
    hypothesis one (its draws are not replayable here; the random draws cover more)."""
    import numpy as np
    from tests.batch import test_agreement as A
    from tests.batch.test_agreement_branches import CASES

    for seed in range(6):  # as test_thousands_of_random_loans_agree draws them
        rng = np.random.default_rng(seed)
        at = A._month_day(rng, date(2019, 1, 1), date(2028, 12, 31))
        loans = [A.random_loan(rng, at) for _ in range(500)]
        yield loans, at, {"discount": int(rng.choice([0, 50_000, 123_456]))}
    yield [A.SEED1_LOAN], A.AT, {}
    yield A.TURNED_AWAY, A.AT, {}
    for guaranteed in (False, True):
        yield A.late_cap_loans(guaranteed), A.AT, {}
    for case in CASES:
        yield case.loans, case.at, case.options
    # located loans (test_region): the Monte Carlo draws their auction ratio, the rule book's own
    # range or, overridden to one value, an empty one
    from tests.batch.test_region import LOCATED

    from zansai.rules import RuleBook

    located = [{**loan, "sale_date": date(2030, 3, 31)} for loan, _, _ in LOCATED]
    yield located, A.AT, {"scenarios": 20}
    yield located, A.AT, {"scenarios": 5, "book": RuleBook.default().with_overrides(
        {"auction.realized_to_market_ratio": "0.8"})}


def measure(out: Path) -> None:
    """Value every loan set with coverage on around the kernel alone; write the JSON report."""
    if os.environ.get("NUMBA_DISABLE_JIT") != "1" or "numba" in sys.modules:
        raise SystemExit("set NUMBA_DISABLE_JIT=1 before Numba is imported")
    cov = coverage.Coverage(branch=True, data_file=None, include=MEASURED)
    cov.start()  # the modules' own lines (imports, definitions) count as run
    import zansai.batch.kernel  # noqa: F401
    cov.stop()
    from tests.batch.chunks import chunk_of

    from zansai.batch.value import Setup, value

    for loans, at, options in loan_sets():
        chunk = chunk_of(loans, at=at)
        setup = Setup.create(at, **options)
        with warnings.catch_warnings():
            # NumPy scalars warn where the compiled kernel's 64-bit products wrap by design
            # (muldiv_rem's remainder); the wrapped value is the one the kernel relies on
            warnings.simplefilter("ignore", RuntimeWarning)
            cov.start()
            try:
                value(chunk, setup)
            finally:
                cov.stop()
    cov.json_report(outfile=str(out))


if __name__ == "__main__":
    measure(Path(sys.argv[1]))
