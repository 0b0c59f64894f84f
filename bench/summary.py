"""Every benchmark in one run, then one summary table: each figure with its aim and its peer or floor.

``./dev bench`` runs this. It writes a 1,000,000-loan synthetic tape once (for the ``zansai batch``
row), runs ``schedule.py``, ``plan.py``, ``web.py``, ``portfolio.py``, ``quick.py`` and
``adviser.py`` one after another (each prints its own detailed table), collects the key figures
each script emits (``record.py``: JSON lines in a temporary file) and prints the summary: what,
the measured value, its unit, the aim, the verdict and its peer or floor from the same run, under
the machine's name (CPU model, cores, ISA flags, memory, Python and library versions).

    .venv/bin/python bench/summary.py [--quick] [--record] [--only plan.py,web.py]

``--quick`` goes to every script (shorter runs; ``portfolio.py`` values 100,000 loans in memory,
the batch row still reads and writes the 1M-loan tape). ``--record`` writes the summary, with
the date and the machine, into bench/README.md between the ``bench-summary`` markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
SCRIPTS = ("schedule.py", "plan.py", "asfiled.py", "web.py", "portfolio.py", "quick.py", "adviser.py",
           "comps.py")
NO_OPTIONS = {"schedule.py"}  # schedule.py has one length of run
TAPE_LOANS = 1_000_000
TAPE_AT = date(2026, 12, 1)  # portfolio.py's AT: the tape's loans are dated against it
START, END = "<!-- bench-summary:start -->", "<!-- bench-summary:end -->"
ISA_FLAGS = ("avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512ifma", "avx2", "avx", "fma", "bmi2",
             "sse4_2")

Record = dict[str, Any]


@dataclass(frozen=True)
class Peer:
    key: str
    label: str
    field: str = "value"
    scale: float = 1.0
    unit: str | None = None


@dataclass(frozen=True)
class Spec:
    """One summary row: the record it shows and how."""

    key: str
    what: str
    unit: str
    aim: tuple[str, float] | None  # ("≥" or "≤", in ``unit``)
    peers: tuple[Peer, ...] = ()
    field: str = "value"
    scale: float = 1.0  # the record's value × scale is in ``unit``
    informative: bool = False  # the aim is borrowed, for information: verdict in parentheses
    detail: str = ""  # a field of the record named after ``what``, in parentheses (``loans``, ``case``)


FLOOR_CLI = (Peer("cli_help_ms", "floor: zansai --help"), Peer("python_start_ms", "floor: python -c pass"))
FLOOR_PDF = (Peer("pdf_floor_ms", "floor: Chromium alone printing the same HTML", scale=1e-3, unit="s"),)
FLOOR_PLAN = (Peer("schedule_us", "floor: one 35-year schedule, amortize()"),)
AS_FILED = (Peer("", "as filed", field="base_ms", unit="ms"), Peer("", "today", field="today_ms", unit="ms"))
"""The as-filed rows' peers are fields of the row's own record (an empty key)."""

SPECS: tuple[Spec, ...] = (
    Spec("kernel_lps", "Full exact valuation kernel, in memory", "loans/s", ("≥", 5_000_000), (
        Peer("npf_lps", "peer: numpy-financial, float balance only"),
        Peer("floor_scalar_lps", "floor: exact floored balance, scalar loop"),
        Peer("floor_lockstep_lps", "floor: the same, lockstep × 64")), detail="loans"),
    Spec("npf_lps", "numpy-financial, float balance only", "loans/s", None,
         (Peer("pyxirr_lps", "peer: pyxirr, float balance only"),), detail="loans"),
    Spec("floor_scalar_lps", "Exact floored balance alone: scalar loop", "loans/s", None, detail="loans"),
    Spec("floor_lockstep_lps", "Exact floored balance alone: lockstep over 64 loans", "loans/s", None,
         detail="loans"),
    Spec("batch_s", "`zansai batch`, Parquet in and out", "s", ("≤", 2.5), (
        Peer("batch_io_floor_s", "floor: Parquet alone, read the tape + write the results"),
        Peer("batch_floor_s", "floor: start-up + every stage's CPU ÷ cores (the Parquet write: one thread)"),
        Peer("tape_gen_s", "the tape written once in")), detail="loans"),
    Spec("batch_s", "`zansai batch` on a long tape, rate", "loans/s", ("≥", 600_000),
         (Peer("kernel_lps", "the kernel alone"),), field="rate", detail="loans"),
    Spec("plan_tradeup_ms", "`plan()` in process (trade-up)", "ms", ("≤", 4), FLOOR_PLAN),
    Spec("plan_slowest_ms", "`plan()` in process, slowest example", "ms", ("≤", 4), FLOOR_PLAN,
         detail="case"),
    Spec("plan_tradeup_lean_ms", "`plan()` in process, figures only (terminal, what-if; trade-up)", "ms",
         ("≤", 4), FLOOR_PLAN),
    Spec("cli_json_ms", "`zansai plan --json` (trade-up)", "ms", ("≤", 150), FLOOR_CLI),
    Spec("cli_report_ms", "`zansai plan`, terminal report (trade-up)", "ms", ("≤", 200), FLOOR_CLI),
    Spec("asfiled_plan_ratio", "`plan()` (trade-up), today ÷ as issue 19 was filed, same run", "×",
         ("≤", 4 / 6.2), AS_FILED),
    Spec("asfiled_plan_lean_ratio", "`plan()` figures only, today ÷ as filed, same run", "×", ("≤", 4 / 6.2),
         AS_FILED),
    Spec("asfiled_json_ratio", "`zansai plan --json`, today ÷ as filed, same run (CPU)", "×",
         ("≤", 150 / 250), AS_FILED),
    Spec("asfiled_terminal_ratio", "`zansai plan` terminal report, today ÷ as filed, same run (CPU)", "×",
         ("≤", 200 / 310), AS_FILED),
    Spec("api_uncached_rps", "Uncached `POST /api/v1/plan`, throughput", "req/s", ("≥", 400), (
        Peer("api_cached_rps", "peer: cached, same body"),
        Peer("api_health_rps", "floor: GET /api/v1/health"),
        Peer("api_uncached_floor_rps", "floor: 2 cores ÷ CPU of case + plan() + JSON in process"))),
    Spec("api_uncached_p99_ms", "Uncached `POST /api/v1/plan`, p99", "ms", ("≤", 50), (
        Peer("api_cached_rps", "peer: cached, same body, p99", field="p99", unit="ms"),
        Peer("api_health_rps", "floor: GET /api/v1/health, p99", field="p99", unit="ms"),
        Peer("api_uncached_floor_rps", "floor: 8 in flight × that CPU ÷ 2 cores",
             field="p99", unit="ms"))),
    Spec("pdf_app_ms", "PDF from the app (`GET /cases/{id}/report.pdf`)", "s", ("≤", 1.0), FLOOR_PDF,
         scale=1e-3),
    Spec("pdf_cli_ms", "PDF from the CLI (`zansai report --pdf`)", "s", ("≤", 1.3), FLOOR_PDF, scale=1e-3),
    Spec("whatif_ms", "What-if grid 10 × 6 recomputed (`POST /api/v1/whatif`, p95)", "ms", ("≤", 300),
         (Peer("whatif_peer_plan_ms", "peer: one uncached plan through the API, p95"),)),
    Spec("case_list_ms", "Case list, 50 saved cases (`GET /cases`, p95)", "ms", ("≤", 1000),
         (Peer("case_list_api_ms", "peer: the same list as JSON, p95"),), informative=True),
    Spec("compare_ms", "Compare page, 8 cases among 50 (`GET /cases/{id}/compare`, p95)", "ms", ("≤", 1000),
         (Peer("compare_api_ms", "peer: the comparison as JSON, p95"),), informative=True),
    Spec("quick_answer_p95_ms", "Quick check while typing (`POST /quick/answer`, p95)", "ms", ("≤", 100)),
    Spec("quick_range_p95_ms", "Quick check, 「わからない」 price range (p95)", "ms", ("≤", 100),
         (Peer("quick_answer_p95_ms", "peer: a known price, p95"),)),
    Spec("quick_page_ms", "Results page on a slow phone (Chromium CPU ÷4, worst load)", "ms", ("≤", 1000)),
    Spec("comps_import_rows_s", "`zansai comps import`, a synthetic prefecture download (cp932)", "rows/s",
         ("≥", 100_000), (Peer("comps_import_rows_s", "this process's CPU alone", field="cpu"),
                          Peer("comps_import_rows_s", "floor: SQLite alone writing the parsed rows (CPU)",
                               field="sqlite_floor"),
                          Peer("comps_import_rows_s", "floor: read + parse + SQLite, each alone (CPU)",
                               field="parts_floor"))),
    Spec("comps_query_ms", "Comparables query, typical (p95)", "ms", ("≤", 50), field="p95"),
)

NOTES = (
    "Peers and floors come from the same run. A floor is the cost of a part of the work alone "
    "(Python's start-up, Chromium printing, Parquet I/O, the schedule's arithmetic alone); a peer "
    "does comparable work another way (numpy-financial: floats, balance only). "
    "Aims: issue 19's table; the what-if grid: issue 18 (300 ms); the quick check: issue 15; "
    "comparable sales: issue 20. "
    "Verdicts in parentheses borrow the results page's 1 s aim (issue 5) for pages issue 18 "
    "asks to work with 50 saved cases without naming a time."
)


def fmt(value: float | None) -> str:
    """A figure as the table prints it: millions as ``1.02 M``, else a few significant digits."""
    if value is None:
        return "—"
    a = abs(value)
    if a >= 1e6:
        return f"{value / 1e6:,.2f} M"
    if a >= 1000:
        return f"{value:,.0f}"
    if a >= 100:
        return f"{value:.0f}"
    if a >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_aim(value: float) -> str:
    """An aim as written in the issues: ``5 M``, ``600,000``, ``2.5``, ``4``."""
    if value >= 1e6 and value % 1e6 == 0:
        return f"{value / 1e6:,.0f} M"
    if value < 1:
        return f"{value:.3f}"
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def read_records(lines: Iterable[str]) -> dict[str, Record]:
    """Records by key (a later record replaces an earlier one); blank and broken lines skipped."""
    out: dict[str, Record] = {}
    for line in lines:
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("key"), str):
            out[rec["key"]] = rec
    return out


def measured(rec: Record | None, field: str, scale: float) -> float | None:
    if rec is None or not isinstance(rec.get(field), int | float):
        return None
    return float(rec[field]) * scale


def verdict(value: float | None, aim: tuple[str, float] | None, informative: bool) -> str:
    if aim is None:
        return "—"
    if value is None:
        return "not measured"
    sign, target = aim
    ok = value >= target if sign == "≥" else value <= target
    word = "PASS" if ok else "FAIL"
    return f"({word})" if informative else word


def peer_text(peers: tuple[Peer, ...], records: dict[str, Record], own: Record | None = None) -> str:
    parts = []
    for p in peers:
        rec = records.get(p.key) if p.key else own
        value = measured(rec, p.field, p.scale)
        unit = p.unit or (rec or {}).get("unit", "")
        parts.append(f"{p.label} {fmt(value)} {unit}".rstrip() if value is not None
                     else f"{p.label}: not measured")
    return "; ".join(parts) or "—"


def detail(rec: Record | None, field: str) -> str:
    """`` (1,000,000 loans)``, `` (trade-up.toml)``, or nothing when the record lacks the field."""
    value = (rec or {}).get(field) if field else None
    if isinstance(value, int) and not isinstance(value, bool):
        return f" ({value:,} {field})"
    return f" ({value})" if isinstance(value, str) else ""


def rows(records: dict[str, Record]) -> list[tuple[str, str, str, str, str, str]]:
    """The summary's rows: (what, measured, unit, aim, verdict, peer or floor)."""
    out = []
    for s in SPECS:
        rec = records.get(s.key)
        value = measured(rec, s.field, s.scale)
        what = s.what + detail(rec, s.detail)
        aim = "—" if s.aim is None else f"{s.aim[0]} {fmt_aim(s.aim[1])} {s.unit}"
        out.append((what, fmt(value), s.unit, aim, verdict(value, s.aim, s.informative),
                    peer_text(s.peers, records, rec)))
    return out


def table(records: dict[str, Record]) -> str:
    """The summary as a Markdown table."""
    lines = ["| what | measured | unit | aim | verdict | peer or floor (same run) |",
             "|---|--:|---|---|---|---|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows(records)]
    return "\n".join(lines)


def tally(records: dict[str, Record]) -> str:
    verdicts = [r[4] for r in rows(records)]
    passed, failed = verdicts.count("PASS"), verdicts.count("FAIL")
    missing = verdicts.count("not measured")
    return f"aims: {passed} met, {failed} missed" + (f", {missing} not measured" if missing else "")


# --- the machine -------------------------------------------------------------------------------


def _proc(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def pkg(name: str) -> str:
    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        return f"{name} (not installed)"


def machine(cpuinfo: str | None = None, meminfo: str | None = None) -> list[str]:
    """The machine's name: CPU model, cores, ISA flags, memory, OS, Python and library versions."""
    cpuinfo = _proc("/proc/cpuinfo") if cpuinfo is None else cpuinfo
    meminfo = _proc("/proc/meminfo") if meminfo is None else meminfo
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    flags_line = re.search(r"^flags\s*:\s*(.+)$", cpuinfo, re.M)
    flags = set(flags_line.group(1).split()) if flags_line else set()
    isa = ", ".join(f for f in ISA_FLAGS if f in flags) or "unknown"
    if flags and "avx512f" not in flags:
        isa += " (no AVX-512)"
    family = re.search(r"^cpu family\s*:\s*(\d+)$", cpuinfo, re.M)
    number = re.search(r"^model\s*:\s*(\d+)$", cpuinfo, re.M)
    ident = f", family {family.group(1)} model {number.group(1)}" if family and number else ""
    mem = re.search(r"^MemTotal:\s*(\d+)\s*kB", meminfo, re.M)
    ram = f"{int(mem.group(1)) / 2**20:.1f} GiB" if mem else "unknown"
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return [
        f"CPU:     {model.group(1).strip() if model else platform.processor() or 'unknown'} "
        f"({platform.machine()}{ident}), {cores} cores ({usable} usable)",
        f"ISA:     {isa}",
        f"memory:  {ram}",
        f"system:  {platform.system()} {platform.release()}",
        f"python:  {platform.python_implementation()} {platform.python_version()}; "
        + ", ".join(pkg(n) for n in ("numpy", "numba", "pyarrow", "numpy-financial")),
    ]


# --- running -----------------------------------------------------------------------------------


def write_tape(path: Path, records: Path) -> None:
    """The 1M-loan tape of the batch row, written once per run; its writing time is a record too."""
    from record import emit

    from zansai.batch.synthetic import write_synthetic

    t = time.perf_counter()
    write_synthetic(path, TAPE_LOANS, seed=0, at=TAPE_AT)
    seconds = time.perf_counter() - t
    os.environ["ZANSAI_BENCH_RECORDS"] = str(records)
    emit("tape_gen_s", seconds, "s", f"write_synthetic: {TAPE_LOANS:,} loans, Parquet")
    print(f"(the {TAPE_LOANS:,}-loan tape written in {seconds:.1f} s)", flush=True)


def run_scripts(names: list[str], quick: bool, tape: Path, records: Path) -> dict[str, int]:
    env = {**os.environ, "ZANSAI_BENCH_RECORDS": str(records)}
    codes = {}
    for name in names:
        args = [] if name in NO_OPTIONS else (["--quick"] if quick else [])
        if name == "portfolio.py":
            args += ["--batch-tape", str(tape)]
        print(f"\n=== bench/{name} {' '.join(args)}".rstrip(), flush=True)
        t = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / name), *args], env=env, check=False)
        codes[name] = done.returncode
        print(f"=== bench/{name}: {time.perf_counter() - t:.1f} s, exit status {codes[name]}", flush=True)
    return codes


def report(records: dict[str, Record], header: list[str], codes: dict[str, int]) -> str:
    failed = [n for n, c in codes.items() if c != 0]
    return "\n".join([
        *header, "",
        table(records), "",
        NOTES,
        tally(records) + (f"; scripts that failed: {', '.join(failed)}" if failed else ""),
    ])


def record_readme(text: str, readme: Path = README) -> None:
    """Put ``text`` between the markers of bench/README.md (replacing what was recorded before)."""
    body = readme.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in body and END in body:
        head, _, rest = body.partition(START)
        _, _, tail = rest.partition(END)
        body = head + block + tail
    else:
        body = body.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    ap.add_argument("--quick", action="store_true", help="shorter runs in every script")
    ap.add_argument("--record", action="store_true", help="write the summary into bench/README.md")
    ap.add_argument("--only", default="", help="only these scripts (comma-separated: plan.py,web.py)")
    args = ap.parse_args(argv)
    names = [n for n in SCRIPTS if not args.only or n in args.only.split(",")]
    started = time.perf_counter()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="zansai-bench-summary-") as tmp:
        records_path = Path(tmp) / "records.jsonl"
        records_path.touch()
        tape = Path(tmp) / "tape-1m.parquet"
        if "portfolio.py" in names:
            write_tape(tape, records_path)
        codes = run_scripts(names, args.quick, tape, records_path)
        records = read_records(records_path.read_text(encoding="utf-8").splitlines())
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_after = os.getloadavg()
    header = [
        f"zansai benchmarks, {when}: `./dev bench{' --quick' if args.quick else ''}`, "
        f"{time.perf_counter() - started:.0f} s; load average before {load_before[0]:.2f}, "
        f"after {load_after[0]:.2f} (1 min)",
        "",
        "```text",
        *machine(),
        "```",
    ]
    if load_before[0] > 0.5 * (os.cpu_count() or 1):  # before the first script: other jobs' load
        header.append(f"warning: other processes were using the CPUs (load average {load_before[0]:.1f} "
                      "before the run): the timings are noisy; record on a quiet machine")
    text = report(records, header, codes)
    print("\n" + "=" * 100 + "\n" + text)
    if args.record:
        record_readme(text)
        print(f"\n(recorded in {README.relative_to(HERE.parent)})")
    return 0 if all(c == 0 for c in codes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
