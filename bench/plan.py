"""``plan`` on every bundled example case, in process and as the ``zansai plan`` CLI.

The aims (issue 3): ``plan`` on the largest example case in at most 20 ms in process, and
``zansai plan`` end to end (process start to exit) in at most 400 ms.

In process, each case file in ``examples/`` (except the loan-only ``single-loan.toml`` and
``pair-loan.toml``) is loaded once with ``load_case``, ``plan(case, book)`` is warmed up,
then timed call by call with ``time.perf_counter_ns``; the JSON serialisation
``json.dumps(result.to_dict(), ensure_ascii=False)`` is timed the same way, separately, and so is
the uncached API's whole work per request: ``plan`` → ``result_to_dict`` → ``orjson.dumps``.
"Largest" is the case with the most liens (loans and other liens), ties broken by the
number of loans, then by the size of its JSON result.

The CLI is timed as a fresh process per run (``subprocess.Popen`` + ``os.wait4``), stdout
and stderr to /dev/null, after one untimed run whose output is checked. ``os.wait4`` also
gives each run's CPU time; peak RSS comes from one more run, forked by a bare ``python -S``.
``zansai --help``, ``python -c pass`` and ``python -c 'import click, pydantic.main'`` (what any
command that validates a case file imports before its own code) are timed the same way: the
start-up floors.

No peer library computes a home-sale plan, so nothing is compared here; ``schedule.py``
compares the loan engine with its peers.

Run from anywhere (``--quick`` for fewer repetitions, ``--strict`` to exit 1 on a missed aim)::

    .venv/bin/python bench/plan.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson
from record import emit
from rich import box
from rich.console import Console
from rich.table import Table

from zansai.case import load_case
from zansai.engine.plan import plan
from zansai.report.result_json import result_to_dict

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SKIPPED = {"single-loan.toml", "pair-loan.toml"}  # loan files, not cases: no property

PLAN_AIM_MS = 20.0
CLI_AIM_MS = 400.0
WARMUP = 5

FULL = {"repeat": 60, "runs": 15}
QUICK = {"repeat": 15, "runs": 5}


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    n: int


@dataclass(frozen=True)
class Row:
    what: str
    timing: Timing | None
    aim_ms: float | None
    governs: bool
    """Whether this row decides PASS/FAIL; other rows are compared with the aim for information."""
    notes: str

    def verdict(self) -> str:
        if self.timing is None:
            return "ERROR"
        if self.aim_ms is None:
            return "—"
        within = self.timing.median_ms <= self.aim_ms
        if self.governs:
            return "PASS" if within else "FAIL"
        return "(within)" if within else "(over)"


def summarise(ns: list[int]) -> Timing:
    ms = sorted(x / 1e6 for x in ns)
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[18] if len(ms) > 1 else ms[0]
    return Timing(statistics.median(ms), p95, len(ms))


def time_ns(fn: Callable[[], object], repeat: int) -> Timing:
    for _ in range(WARMUP):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - start)
    return summarise(samples)


# --- in process -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRun:
    name: str
    liens: int
    loans: int
    json_bytes: int
    plan: Timing
    dumps: Timing
    api: Timing
    """plan → result_to_dict → orjson.dumps: what an uncached POST /api/v1/plan computes."""
    lean: Timing
    """plan(case, book, explain=False): the figures without their steps (the terminal report,
    the what-ifs, the summaries)."""

    @property
    def size_key(self) -> tuple[int, int, int]:
        return (self.liens, self.loans, self.json_bytes)


def bench_case(path: Path, repeat: int) -> CaseRun:
    case, book = load_case(str(path))
    result = plan(case, book)
    text = json.dumps(result.to_dict(), ensure_ascii=False)
    t_plan = time_ns(lambda: plan(case, book), repeat)
    t_dumps = time_ns(lambda: json.dumps(result.to_dict(), ensure_ascii=False), repeat)

    def api() -> bytes:
        fresh = plan(case, book)
        return orjson.dumps(result_to_dict(fresh, rules_fingerprint=fresh.rules_fingerprint))

    t_api = time_ns(api, repeat)
    t_lean = time_ns(lambda: plan(case, book, explain=False), repeat)
    loans = sum(1 for lien in case.liens if lien.loan is not None)
    return CaseRun(path.name, len(case.liens), loans, len(text.encode()), t_plan, t_dumps, t_api, t_lean)


def case_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*.toml") if p.name not in SKIPPED)


def in_process_rows(runs: list[CaseRun], largest: CaseRun) -> list[Row]:
    rows = []
    for r in runs:
        mark = " ← largest" if r is largest else ""
        shape = f"{r.liens} liens ({r.loans} loans)"
        rows.append(Row(f"plan(case, book): {r.name}{mark}", r.plan, PLAN_AIM_MS, r is largest, shape))
        rows.append(Row(f"plan(case, book, explain=False): {r.name}", r.lean, PLAN_AIM_MS, False,
                        "figures only: no explanation steps"))
        rows.append(Row(f"json.dumps(result.to_dict()): {r.name}", r.dumps, None, False,
                        f"{r.json_bytes:,} bytes of JSON (compact, ensure_ascii=False)"))
        rows.append(Row(f"plan → result_to_dict → orjson.dumps: {r.name}", r.api, None, False,
                        "the uncached API's work per request (no HTTP)"))
    return rows


# --- the CLI as a process -------------------------------------------------------------------


def zansai_executable() -> str | None:
    here = str(Path(sys.executable).parent)
    return (shutil.which("zansai", path=here) or shutil.which("zansai", path=str(ROOT / ".venv/bin"))
            or shutil.which("zansai"))


# Linux carries the pre-exec memory's high-water mark into the exec'd process's ru_maxrss, so a
# child forked from this (large) process would report at least our own RSS. A bare ``python -S``
# forks the command instead; its own few MiB are below any zansai run's peak.
RSS_PROBE = """\
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def peak_rss_mib(cmd: list[str]) -> float | None:
    """Peak RSS of one run of ``cmd`` (ru_maxrss of its own process, KiB on Linux), or None."""
    probe = subprocess.run([sys.executable, "-S", "-c", RSS_PROBE, *cmd], cwd=ROOT,
                           capture_output=True, text=True, check=False)
    try:
        kib, code = map(int, probe.stdout.split())
    except ValueError:
        return None
    return kib / 1024 if code == 0 else None


@dataclass(frozen=True)
class CliRun:
    wall: Timing
    cpu: Timing


def run_cli(cmd: list[str], runs: int) -> CliRun:
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter_ns()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter_ns() - start)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}")
        cpus.append(round((usage.ru_utime + usage.ru_stime) * 1e9))
    return CliRun(summarise(walls), summarise(cpus))


def check_cli(cmd: list[str], expected: object | None) -> str:
    """One untimed run (also the warm-up): exit status, and the JSON equals the in-process result."""
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}: {proc.stderr.strip()[:200]}")
    if expected is None:
        return f"{len(proc.stdout.encode()):,} bytes out"
    same = json.loads(proc.stdout) == expected
    return f"{len(proc.stdout.encode()):,} bytes out; " + (
        "JSON equals the in-process result" if same else "JSON DIFFERS from the in-process result")


def cli_rows(largest: Path, runs: int) -> list[Row]:
    exe = zansai_executable()
    if exe is None:
        return [Row("zansai CLI", None, CLI_AIM_MS, True, "zansai console script not found")]
    case, book = load_case(str(largest))
    result = plan(case, book)  # what `plan --json` prints: the plan stamped with what made it
    expected = json.loads(json.dumps(result_to_dict(result, rules_fingerprint=result.rules_fingerprint),
                                     ensure_ascii=False))
    rel = str(largest.relative_to(ROOT))
    commands: list[tuple[str, list[str], float | None, object | None]] = [
        (f"zansai plan {rel} --json > /dev/null", ["plan", rel, "--json"], CLI_AIM_MS, expected),
        (f"zansai plan {rel} > /dev/null (terminal report)", ["plan", rel], CLI_AIM_MS, None),
        ("zansai --help > /dev/null (startup floor, reference)", ["--help"], None, None),
        ("python -c pass (the interpreter's own start-up, reference)", ["-c", "pass"], None, None),
        ("python -c 'import click, pydantic.main' (the import floor of a validated command, reference)",
         ["-c", "import click, pydantic.main"], None, None),
    ]
    rows = []
    for label, args, aim, exp in commands:
        cmd = [sys.executable, *args] if args[0] == "-c" else [exe, *args]
        try:
            checked = check_cli(cmd, exp)
            measured = run_cli(cmd, runs)
        except RuntimeError as exc:
            rows.append(Row(label, None, aim, aim is not None, str(exc)))
            continue
        rss = peak_rss_mib(cmd)
        notes = ("peak RSS " + (f"{rss:,.1f} MiB" if rss is not None else "not measured")
                 + f"; CPU user+sys median {measured.cpu.median_ms:,.0f} ms; {checked}")
        rows.append(Row(label, measured.wall, aim, aim is not None, notes))
    return rows


# --- report ---------------------------------------------------------------------------------


def render(rows: list[Row]) -> Table:
    table = Table(title="zansai plan: every bundled example case in process, the largest as a CLI process",
                  box=box.ASCII, title_justify="left")
    table.add_column("what", overflow="fold", max_width=70)
    table.add_column("n", justify="right")
    table.add_column("median ms", justify="right")
    table.add_column("p95 ms", justify="right")
    table.add_column("aim", justify="right")
    table.add_column("verdict")
    table.add_column("notes", overflow="fold", max_width=60)
    for r in rows:
        t = r.timing
        aim = "—" if r.aim_ms is None else f"≤ {r.aim_ms:,.0f} ms"
        table.add_row(r.what, str(t.n) if t else "—", f"{t.median_ms:,.1f}" if t else "—",
                      f"{t.p95_ms:,.1f}" if t else "—", aim, r.verdict(), r.notes)
    return table


def machine() -> list[str]:
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    return [
        f"platform: {platform.platform()} ({platform.machine()})",
        f"python:   {platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        f"cpus:     {cpus} (usable by this process: {usable})",
    ]


def emit_records(runs: list[CaseRun], largest: CaseRun, rows: list[Row]) -> None:
    """The summary's figures: plan() on the largest and the slowest case, the CLI rows (median ms)."""
    slowest = max(runs, key=lambda r: r.plan.median_ms)
    emit("plan_tradeup_ms", largest.plan.median_ms, "ms", f"plan(case, book) on {largest.name}, "
         f"median of {largest.plan.n}", p95=largest.plan.p95_ms)
    emit("plan_slowest_ms", slowest.plan.median_ms, "ms", f"plan(case, book) on {slowest.name}, the slowest "
         f"example, median of {slowest.plan.n}", p95=slowest.plan.p95_ms, case=slowest.name)
    emit("plan_tradeup_lean_ms", largest.lean.median_ms, "ms", f"plan(case, book, explain=False) on "
         f"{largest.name}, median of {largest.lean.n}", p95=largest.lean.p95_ms)
    keys = {"--json": "cli_json_ms", "(terminal report)": "cli_report_ms", "--help": "cli_help_ms",
            "-c pass": "python_start_ms", "import floor": "cli_import_floor_ms"}
    for r in rows:
        key = next((k for marker, k in keys.items() if marker in r.what), None)
        if key is not None:
            emit(key, r.timing.median_ms if r.timing else None, "ms", r.what if r.timing else r.notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK['repeat']} in-process repetitions and {QUICK['runs']} CLI runs "
                        f"instead of {FULL['repeat']} and {FULL['runs']}")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when an aim is missed")
    args = parser.parse_args(argv)
    counts = QUICK if args.quick else FULL
    started = time.perf_counter()

    console = Console(width=200, highlight=False)
    for line in machine():
        console.print(line)
    console.print()

    runs = [bench_case(p, counts["repeat"]) for p in case_files()]
    largest = max(runs, key=lambda r: r.size_key)
    rows = in_process_rows(runs, largest) + cli_rows(EXAMPLES / largest.name, counts["runs"])

    console.print(render(rows))
    emit_records(runs, largest, rows)
    console.print(
        f"In process: {WARMUP} warm-up calls, then {counts['repeat']} timed calls per figure "
        "(perf_counter_ns, gc enabled); the case is loaded once, outside the timing. "
        f"CLI: wall time of a fresh process, start → exit, {counts['runs']} runs after one "
        "untimed, checked run; CPU from os.wait4; peak RSS (ru_maxrss) from one extra run forked by "
        "python -S. Verdicts use the median; '(within)'/'(over)' rows are the 20 ms aim applied to "
        "the smaller cases, for information.")
    governing = [r for r in rows if r.governs]
    failed = [r for r in governing if r.verdict() != "PASS"]
    console.print(f"aims: plan on the largest case ({largest.name}) ≤ {PLAN_AIM_MS:.0f} ms in process; "
                  f"zansai plan ≤ {CLI_AIM_MS:.0f} ms end to end → "
                  + ("all PASS" if not failed else f"{len(failed)} of {len(governing)} FAIL"))
    console.print(f"(benchmark ran in {time.perf_counter() - started:.1f} s)")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
