"""Issue 19's single-case aims on this machine: today's code against the code as the issue was filed.

Issue 19 measured its "now" column and set its aims on a faster machine (a 2-core AMD EPYC with
AVX-512). An absolute aim does not carry over to another machine; a ratio does. This script checks
out the commit the issue was measured on (``BASE``, by ``git archive`` into a temporary folder) and
times it against the working tree, in alternating rounds on the same machine, so that load and
clock affect both alike:

* ``plan()`` in process on trade-up.toml (the issue's 6.2 ms; aim 4 ms, so ≤ 0.645 of the base),
  median CPU time of 200 calls after a warm-up, per round; today's figures-only plan beside it;
* ``zansai plan --json`` and the terminal report as processes (the issue's 0.25 s and 0.31 s; aims
  150 and 200 ms, so ≤ 0.600 and ≤ 0.645 of the base), CPU time (user + system) of each process,
  after one warm-up run; each tree keeps its own cache folder.

Each ratio is today's median ÷ the base's median. Run alone it prints its table; under
``summary.py`` it also emits the records the summary shows.

    .venv/bin/python bench/asfiled.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from record import emit
from rich import box
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
BASE = "89792f4"
"""The last commit before issue 19's work: the code its "now" column measured."""
CASE = "examples/trade-up.toml"
ISSUE = {"plan": (6.2, 4.0), "json": (250.0, 150.0), "terminal": (310.0, 200.0)}
"""Issue 19's "now" and aim (ms) for each row; the aim as a ratio is aim ÷ now."""

TIMER = r'''
import inspect, json, sys, time
from zansai.case import load_case
from zansai.engine.plan import plan
case, book = load_case(sys.argv[1])
lean = "explain" in inspect.signature(plan).parameters
for _ in range(30):
    plan(case, book)
out = {}
for mode in ("full", "lean") if lean else ("full",):
    times = []
    for _ in range(int(sys.argv[2])):
        t = time.process_time_ns()
        if mode == "lean":
            plan(case, book, explain=False)
        else:
            plan(case, book)
        times.append(time.process_time_ns() - t)
    times.sort()
    out[mode] = times[len(times) // 2] / 1e6
print(json.dumps(out))
'''


def checkout(into: Path) -> Path | None:
    """``BASE``'s src and examples under ``into``; None when this clone lacks the commit."""
    try:
        tar = subprocess.run(["git", "-C", str(ROOT), "archive", BASE, "src", "examples"],
                             capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")
    return into


def env_for(root: Path, cache: Path) -> dict[str, str]:
    dropped = ("PYTHONDONTWRITEBYTECODE", "ZANSAI_BENCH_RECORDS")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return dict(env, PYTHONPATH=str(root / "src"), ZANSAI_CACHE_DIR=str(cache), COLUMNS="100")


def cpu_ms(args: list[str], root: Path, env: dict[str, str]) -> float:
    """The CPU time (user + system) of one process, in ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(done.stderr.decode(errors="replace")[-600:])
    return 1000 * ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds")
    opts = ap.parse_args(argv)
    rounds, calls = (3, 100) if opts.quick else (8, 200)
    console = Console(width=150)
    with tempfile.TemporaryDirectory(prefix="zansai-asfiled-") as tmp:
        base = checkout(Path(tmp) / "base")
        if base is None:
            note = f"commit {BASE} is not in this clone"
            console.print(f"asfiled.py: {note}; nothing measured")
            for key in ("asfiled_plan_ratio", "asfiled_json_ratio", "asfiled_terminal_ratio"):
                emit(key, None, "×", note)
            return 0
        trees = {"as filed": base, "today": ROOT}
        envs = {name: env_for(root, Path(tmp) / f"cache-{i}") for i, (name, root) in enumerate(trees.items())}
        samples: dict[tuple[str, str], list[float]] = {}
        started = time.perf_counter()
        for r in range(rounds + 1):  # round 0 warms the caches and the bytecode
            for name, root in trees.items():
                case = str(root / CASE)
                out = subprocess.run([sys.executable, "-c", TIMER, case, str(calls)], cwd=root,
                                     env=envs[name], capture_output=True, text=True, check=True).stdout
                times = {f"plan {mode}": ms for mode, ms in json.loads(out).items()}
                times["json"] = cpu_ms(["-m", "zansai", "plan", "--json", CASE], root, envs[name])
                times["terminal"] = cpu_ms(["-m", "zansai", "plan", CASE], root, envs[name])
                if r:
                    for what, ms in times.items():
                        samples.setdefault((name, what), []).append(ms)
        med = {k: statistics.median(v) for k, v in samples.items()}

    table = Table(title=f"Today against the code as issue 19 was filed ({BASE}), {rounds} alternating "
                        f"rounds, {time.perf_counter() - started:.0f} s", box=box.SIMPLE_HEAVY)
    for col in ("what", "as filed, ms", "today, ms", "today ÷ as filed", "issue's aim as a ratio", "verdict"):
        table.add_column(col, justify="left" if col == "what" else "right")
    rows = (("plan", "`plan()` in process (trade-up), CPU", "plan full", "plan full"),
            ("plan", "`plan()` figures only (trade-up), CPU", "plan full", "plan lean"),
            ("json", "`zansai plan --json` (trade-up), process CPU", "json", "json"),
            ("terminal", "`zansai plan`, terminal report (trade-up), process CPU", "terminal", "terminal"))
    for issue_key, what, base_key, now_key in rows:
        before, after = med[("as filed", base_key)], med[("today", now_key)]
        ratio, aim = after / before, ISSUE[issue_key][1] / ISSUE[issue_key][0]
        table.add_row(what, f"{before:.1f}", f"{after:.1f}", f"{ratio:.3f}", f"≤ {aim:.3f}",
                      "PASS" if ratio <= aim else "FAIL")
        key = {"plan full": "asfiled_plan_ratio", "plan lean": "asfiled_plan_lean_ratio",
               "json": "asfiled_json_ratio", "terminal": "asfiled_terminal_ratio"}[now_key]
        emit(key, ratio, "×", what, base_ms=before, today_ms=after, aim=aim, commit=BASE)
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
