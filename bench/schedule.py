"""One 35-year schedule: zansai's engine next to its peers, and the ``zansai`` CLI as a process.

The case: 30,000,000 yen at 1.5% a year over 35 years (420 level monthly payments).
zansai's published answer is a monthly payment of 91,855 yen (the exact annuity, floored)
and 8,579,007 yen of total interest (interest floored each month, the last payment
settling the balance).

Each in-process figure is the best of 5 ``timeit`` repeats (auto-ranged loop count),
divided by the loop count. Each CLI figure is the wall time of ``subprocess.run`` from
process start to exit, over 10 runs after one unrecorded warm-up run.

Run from the repository root (peers come from the ``bench`` extra)::

    .venv/bin/python bench/schedule.py
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from record import emit
from rich import box
from rich.console import Console
from rich.table import Table

from zansai.engine.loan import Schedule, amortize
from zansai.model import Loan

PRINCIPAL = 30_000_000
RATE_PERCENT = "1.5"
YEARS = 35
MONTHS = YEARS * 12
PUBLISHED_PAYMENT = 91_855
PUBLISHED_INTEREST = 8_579_007

IN_PROCESS_AIM_US = 100.0
CLI_AIM_MS = 300.0
CLI_RUNS = 10
REPEATS = 5

CLI_LOAN_ARGS = ("schedule", "--principal", str(PRINCIPAL), "--rate", RATE_PERCENT,
                 "--years", str(YEARS), "--start", "2025-01")


@dataclass(frozen=True)
class Row:
    implementation: str
    timed: str
    time: str
    payment: str
    interest: str
    exact: str
    notes: str


@dataclass(frozen=True)
class Reference:
    """zansai's own schedule, the yardstick for "exact to the yen"."""

    payment: int
    interest: int
    payments: list[int]
    interests: list[int]
    balances: list[int]


def pkg(name: str) -> str:
    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        return f"{name} (version unknown)"


def best_us(fn: Callable[[], object]) -> float:
    """Best-of-5 per-call time in µs, the loop count chosen by ``Timer.autorange``."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=REPEATS, number=number)) / number * 1e6


def fmt_us(us: float) -> str:
    return f"{us:,.1f} µs"


def money(x: float | Decimal | int | None) -> str:
    if x is None:
        return "—"
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        return f"{x:,.2f}"
    return f"{x:,}"


def compare(payment: float | Decimal | int, interest: float | Decimal | int | None,
            ref: Reference) -> str:
    """Say whether a peer's headline figures equal zansai's to the yen."""
    diffs = []
    if payment != ref.payment:
        diffs.append(f"payment {money(payment)} ≠ {money(ref.payment)}")
    if interest is not None and interest != ref.interest:
        diffs.append(f"interest {money(interest)} ≠ {money(ref.interest)}")
    if diffs:
        return "no: " + "; ".join(diffs)
    return "payment and interest equal zansai's"


# --- zansai, in process ---------------------------------------------------------------------


def zansai_loan() -> Loan:
    return Loan(principal=PRINCIPAL, annual_rate=Fraction(3, 200), months=MONTHS,
                first_payment=date(2025, 1, 1))


def reference(schedule: Schedule) -> Reference:
    cols = schedule.columns
    return Reference(payment=schedule.monthly_payment, interest=schedule.total_interest,
                     payments=list(cols.payment), interests=list(cols.interest),
                     balances=list(cols.balance))


def bench_zansai(ref: Reference) -> tuple[list[Row], float]:
    loan = zansai_loan()
    published = (ref.payment == PUBLISHED_PAYMENT and ref.interest == PUBLISHED_INTEREST
                 and ref.balances[-1] == 0)
    verdict = ("yes: int yen, jp_floor; matches the published 91,855 / 8,579,007"
               if published else "MISMATCH with the published 91,855 / 8,579,007")
    t_schedule = best_us(lambda: amortize(loan))
    t_totals = best_us(lambda: amortize(loan).total_interest)
    rows = [
        Row(pkg("zansai") + " engine", "amortize(loan): the 420-payment schedule",
            fmt_us(t_schedule), money(ref.payment), money(ref.interest), verdict,
            "rate Fraction(3, 200); integer annuity computed exactly, floored once; interest "
            f"floored monthly; last payment {ref.payments[-1]:,} settles to balance 0. "
            "Stores payments + balances; interest/principal columns are derived on access"),
        Row(pkg("zansai") + " engine", "amortize(loan).total_interest (interest and "
            "principal columns materialised, summed)", fmt_us(t_totals), money(ref.payment),
            money(ref.interest), verdict, "same schedule, plus the work the peers' totals do"),
    ]
    return rows, t_schedule


# --- peers, in process ----------------------------------------------------------------------


def bench_numpy_financial(ref: Reference) -> list[Row]:
    import numpy as np
    import numpy_financial as npf

    name = pkg("numpy-financial")
    rate = float(Decimal(RATE_PERCENT) / 100 / 12)
    per = np.arange(1, MONTHS + 1)

    def pmt_only() -> float:
        return float(npf.pmt(rate, MONTHS, -PRINCIPAL))

    def full_schedule() -> tuple[Any, Any, Any, Any]:
        payment = npf.pmt(rate, MONTHS, -PRINCIPAL)
        interest = npf.ipmt(rate, per, MONTHS, -PRINCIPAL)
        principal = npf.ppmt(rate, per, MONTHS, -PRINCIPAL)
        balance = PRINCIPAL - np.cumsum(principal)
        return payment, interest, principal, balance

    payment = pmt_only()
    _, interest, _, balance = full_schedule()
    total_interest = float(interest.sum())
    return [
        Row(name, "npf.pmt(0.015/12, 420, -P) alone", fmt_us(best_us(pmt_only)),
            money(payment), "—",
            f"no: unrounded float; payment {payment:,.4f} ≠ {ref.payment:,}",
            "the payment only, no schedule; no rounding or currency-unit option"),
        Row(name, "pmt + ipmt + ppmt vectorised over per = 1..420, balance = P − cumsum(ppmt)",
            fmt_us(best_us(full_schedule)), money(payment), money(total_interest),
            compare(payment, total_interest, ref),
            "unrounded float columns; every payment equal, no last-payment settlement; "
            f"final balance {float(balance[-1]):.1e} (float residue)"),
    ]


def bench_amortization(ref: Reference) -> list[Row]:
    from amortization import (
        PaymentFrequency,
        amortization_schedule,
        calculate_amortization_amount,
    )

    def full_schedule() -> list[Any]:
        return list(amortization_schedule(PRINCIPAL, 0.015, MONTHS, PaymentFrequency.MONTHLY))

    payment = calculate_amortization_amount(PRINCIPAL, 0.015, MONTHS, PaymentFrequency.MONTHLY)
    rows = full_schedule()
    total_interest = sum(r.interest for r in rows)
    return [
        Row(pkg("amortization"), "list(amortization_schedule(P, 0.015, 420, MONTHLY))",
            fmt_us(best_us(full_schedule)), money(payment), money(total_interest),
            compare(payment, total_interest, ref),
            "float rounded to 0.01 with round(x, 2), hard-coded: no rounding-mode or "
            f"currency-unit option; interest rounded monthly; last payment "
            f"{rows[-1].amount:,.2f} settles the balance"),
    ]


def bench_mortgagemath(ref: Reference) -> list[Row]:
    import mortgagemath as mm

    params = mm.LoanParams(
        principal=Decimal(PRINCIPAL), annual_rate=Decimal(RATE_PERCENT), term_months=MONTHS,
        currency_unit=Decimal(1), payment_rounding=mm.PaymentRounding.ROUND_DOWN,
        interest_rounding=mm.PaymentRounding.ROUND_DOWN,
    )
    default_payment = mm.periodic_payment(mm.LoanParams(
        principal=Decimal(PRINCIPAL), annual_rate=Decimal(RATE_PERCENT), term_months=MONTHS))
    sched = mm.amortization_schedule(params)
    inst = sched[1:]  # row 0 is the opening balance
    payment = inst[0].payment
    total_interest = sched[-1].total_interest
    same_rows = ([i.payment for i in inst] == ref.payments
                 and [i.interest for i in inst] == ref.interests
                 and [i.balance for i in inst] == ref.balances)
    exact = ("yes: Decimal at currency_unit=1; all 420 payments, interests and balances "
             "equal zansai's" if same_rows else compare(payment, total_interest, ref)
             + " (rows differ)")
    return [
        Row(pkg("mortgagemath"),
            "amortization_schedule(params): 421 Installments (row 0 = opening balance)",
            fmt_us(best_us(lambda: mm.amortization_schedule(params))), money(payment),
            money(total_interest), exact,
            "configured currency_unit=1, payment_rounding=ROUND_DOWN, "
            "interest_rounding=ROUND_DOWN (30/360, monthly compounding, round-each balance); "
            f"its defaults (cents, payment ROUND_UP) give {default_payment:,}. "
            "Decimal arithmetic at 50 digits"),
    ]


def bench_peer(label: str, fn: Callable[[Reference], list[Row]], ref: Reference) -> list[Row]:
    try:
        return fn(ref)
    except ImportError as exc:
        return [Row(label, "—", "—", "—", "—", "—",
                    f"not installed ({exc.name}); pip install -e '.[bench]'")]


# --- the CLI as a process -------------------------------------------------------------------


def zansai_executable() -> str | None:
    here = str(Path(sys.executable).parent)
    return shutil.which("zansai", path=here) or shutil.which("zansai")


def run_timed(cmd: list[str]) -> tuple[list[float], subprocess.CompletedProcess[str]]:
    subprocess.run(cmd, capture_output=True, text=True, check=False)  # warm-up, not recorded
    times = []
    proc: subprocess.CompletedProcess[str] | None = None
    for _ in range(CLI_RUNS):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        times.append((time.perf_counter() - start) * 1e3)
    assert proc is not None
    return times, proc


def first_int(pattern: str, text: str) -> int | None:
    m = re.search(pattern, text)
    return int(m.group(1).replace(",", "")) if m else None


def bench_cli(ref: Reference) -> tuple[list[Row], list[tuple[str, float, float]]]:
    exe = zansai_executable()
    if exe is None:
        row = Row("zansai CLI", "—", "—", "—", "—", "—", "zansai console script not found")
        return [row], []
    cases = [
        ("schedule … --json", [*CLI_LOAN_ARGS, "--json"]),
        ("schedule … --summary", [*CLI_LOAN_ARGS, "--summary"]),
        ("--help", ["--help"]),
    ]
    rows: list[Row] = []
    medians: list[tuple[str, float, float]] = []
    for label, args in cases:
        times, proc = run_timed([exe, *args])
        med, low = statistics.median(times), min(times)
        medians.append((label, med, low))
        when = f"median {med:,.0f} ms (min {low:,.0f} ms)"
        what = f"`zansai {label}`, start → exit, {CLI_RUNS} runs"
        if proc.returncode != 0:
            rows.append(Row("zansai CLI (process)", what, when, "—", "—", "—",
                            f"exit status {proc.returncode}: {proc.stderr.strip()[:120]}"))
            continue
        if label.endswith("--json"):
            data = json.loads(proc.stdout)
            pay, interest = data["monthly_payment"], data["total_interest"]
            same = [(p["payment"], p["interest"], p["balance"]) for p in data["payments"]] == list(
                zip(ref.payments, ref.interests, ref.balances, strict=True))
            exact = ("yes: all 420 JSON rows equal the in-process engine's" if same
                     else compare(pay, interest, ref) + " (rows differ)")
            rows.append(Row("zansai CLI (process)", what, when, money(pay), money(interest),
                            exact, f"full schedule as JSON ({len(proc.stdout):,} bytes); "
                            "rich not imported"))
        elif label.endswith("--summary"):
            pay = first_int(r"monthly payment ([\d,]+)", proc.stdout)
            interest = first_int(r"total interest ([\d,]+)", proc.stdout)
            exact = ("yes (as printed)" if (pay, interest) == (ref.payment, ref.interest)
                     else f"no / unparsed: {pay} / {interest}")
            rows.append(Row("zansai CLI (process)", what, when, money(pay), money(interest),
                            exact, "computes the full schedule, renders the summary with rich"))
        else:
            rows.append(Row("zansai CLI (process)", what, when, "—", "—", "—",
                            "startup floor: interpreter + click, no engine work"))
    return rows, medians


# --- report ---------------------------------------------------------------------------------


def render(rows: list[Row]) -> Table:
    table = Table(title=f"One 35-year schedule: {PRINCIPAL:,} yen, {RATE_PERCENT}% a year, "
                  f"{MONTHS} level monthly payments", box=box.ASCII, show_lines=True,
                  title_justify="left")
    for header, width, justify in (
        ("implementation", 21, "left"),
        ("what is timed", 30, "left"),
        ("time", 26, "right"),
        ("monthly payment", 9, "right"),
        ("total interest", 12, "right"),
        ("exact to the yen?", 30, "left"),
        ("notes", 42, "left"),
    ):
        table.add_column(header, width=width, justify=justify, overflow="fold")
    for r in rows:
        table.add_row(r.implementation, r.timed, r.time, r.payment, r.interest, r.exact, r.notes)
    return table


def machine() -> list[str]:
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    return [
        f"platform: {platform.platform()} ({platform.machine()})",
        f"python:   {platform.python_implementation()} {platform.python_version()} "
        f"({sys.executable})",
        f"cpus:     {cpus} (usable by this process: {usable})",
    ]


def main() -> int:
    started = time.perf_counter()
    ref = reference(amortize(zansai_loan()))
    rows, t_engine = bench_zansai(ref)
    rows += bench_peer("numpy-financial", bench_numpy_financial, ref)
    rows += bench_peer("amortization", bench_amortization, ref)
    rows += bench_peer("mortgagemath", bench_mortgagemath, ref)
    cli_rows, cli_times = bench_cli(ref)
    rows += cli_rows
    emit("schedule_us", t_engine, "µs", "amortize(loan): one 35-year schedule, 420 payments, in process")

    console = Console(width=200, highlight=False)
    console.print(render(rows))
    console.print(
        f"In-process: best of {REPEATS} timeit repeats, loop count from Timer.autorange(), "
        f"per call. CLI: subprocess wall time over {CLI_RUNS} runs after one warm-up.")
    console.print()
    for line in machine():
        console.print(line)
    console.print()
    met = "MET" if t_engine <= IN_PROCESS_AIM_US else "NOT MET"
    console.print(f"aim, in-process ≤ {IN_PROCESS_AIM_US:.0f} µs per 35-year schedule: "
                  f"amortize(loan) {fmt_us(t_engine)} → {met}")
    if cli_times:
        slowest = max(med for _, med, _ in cli_times)
        met = "MET" if slowest <= CLI_AIM_MS else "NOT MET"
        detail = ", ".join(f"{label} {med:,.0f} ms" for label, med, _ in cli_times)
        console.print(f"aim, CLI ≤ {CLI_AIM_MS:.0f} ms process start → exit (median of each): "
                      f"{detail} → {met}")
    else:
        console.print(f"aim, CLI ≤ {CLI_AIM_MS:.0f} ms: not measured (no zansai executable)")
    console.print(f"(benchmark ran in {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
