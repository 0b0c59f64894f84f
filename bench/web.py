"""The web app under load: ``POST /api/v1/plan``, the results page and its load in a browser.

The aims (issue 5): ``POST /api/v1/plan`` on the example case at least 300 requests/s on 2 cores
with p99 at most 50 ms; the results page fully loaded in at most 1 s.

``zansai serve --workers 2`` (then ``--workers 1``, for comparison) runs with the example case
(``examples/seed1-short-sale.toml``) loaded; ``wrk`` (Debian package) is the load generator, a
separate process on loopback with 1 thread and 8 keep-alive connections. Each row is a warm-up run
(not counted), then a measured run; wrk's Lua ``done()`` hook prints its HDR-histogram figures
(``--latency``), which this script parses. Rows:

- ``POST /api/v1/plan``, the example case, the same body every time: the engine's plan cache
  (an LRU of 256 results per worker, keyed by the canonical JSON of the case) answers.
- ``POST /api/v1/plan``, a different body on every request: the example case with the first
  appraisal and the sale date changed, rotating through 2,000 bodies (more than 2 workers ×
  256 cached plans) so that no request hits the cache: the engine's own cost.
- ``GET /api/v1/health``: the framework floor (uvicorn, FastAPI, the guard).
- The uncached row's floor, timed in this process before the servers start (CPU time): the case
  parsed and built, ``plan()`` and the answer's JSON for 100 other distinct bodies, no HTTP. ``workers``
  cores doing only that serve at most ``workers`` ÷ that cost requests a second, and with wrk's 8
  requests in flight each waits about 8 × that ÷ ``workers`` (Little's law): the p99 cannot be
  lower.
- ``GET /cases/{id}``: the results page of the loaded case (the plan is cached; the page is not).

wrk and the server share the machine's cores: the load generator takes CPU from the server, and
the table says how much: the cores used by the server's processes, by wrk and by everything else on
the machine during each run, the server's run-queue delay (Linux /proc), and which worker holds
wrk's connections (``ss``).

The page load is timed in Playwright driving Debian's Chromium (``find_chromium()``): the
navigation's ``loadEventEnd`` (everything loaded: HTML, CSS, scripts, images), once right after
the server started (nothing cached anywhere), then in fresh browser contexts and as reloads in
one context, against the 2-worker server with no other load.

Run from anywhere (``--quick`` for shorter runs; a missed aim is printed, and the exit status is
0 unless ``--strict``)::

    .venv/bin/python bench/web.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from record import emit
from rich import box
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "seed1-short-sale.toml"

RPS_AIM = 300.0
P99_AIM_MS = 50.0
PAGE_AIM_MS = 1000.0
TARGET_WORKERS = 2
WORKER_COUNTS = (2, 1)

THREADS = 1
CONNECTIONS = 8
VARIANTS = 2000
"""Distinct bodies for the uncached row: each worker sees ~1,000 others between two repeats of a
body, far more than its 256 cached plans."""
WARMUP_VARIANTS = 200
FLOOR_BODIES = 100
"""Distinct bodies timed in process for the uncached row's floor (``uncached_floor``)."""

FULL = {"warmup_s": 3, "seconds": 10, "loads": 10}
QUICK = {"warmup_s": 1, "seconds": 3, "loads": 3}

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# wrk's done() hook: the summary and the latency histogram as one JSON line (times in µs).
DONE_LUA = r"""
done = function(s, lat, req)
  io.write(string.format('ZANSAI_WRK {"requests":%d,"duration_us":%d,"bytes":%d,"status":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    s.requests, s.duration, s.bytes, s.errors.status, s.errors.connect, s.errors.read,
    s.errors.write, s.errors.timeout, lat:percentile(50), lat:percentile(99), lat.max))
end
"""
# One body, sent as is on every request (wrk builds the request once).
STATIC_LUA = r"""
init = function(args)
  if args[1] then
    local f = assert(io.open(args[1], "rb"))
    wrk.body = f:read("*a")
    f:close()
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
  end
end
""" + DONE_LUA
# A file of bodies, one JSON document a line, sent in turn (requests formatted once, in init).
ROTATING_LUA = r"""
local reqs, n, i = {}, 0, 0
init = function(args)
  wrk.headers["Content-Type"] = "application/json"
  for line in io.lines(args[1]) do
    n = n + 1
    reqs[n] = wrk.format("POST", nil, nil, line)
  end
end
request = function()
  i = i % n + 1
  return reqs[i]
end
""" + DONE_LUA


# --- inputs -------------------------------------------------------------------------------------


def case_json() -> dict[str, Any]:
    """The example case file as the JSON an API client sends (dates as ISO strings)."""
    with CASE.open("rb") as f:
        data: dict[str, Any] = json.loads(json.dumps(tomllib.load(f), default=str))
    return data


def variants(base: dict[str, Any], start: int, count: int) -> Iterator[dict[str, Any]]:
    """The example case with the first appraisal (yen) and the sale date moved: distinct bodies."""
    first_sale = date.fromisoformat(str(base["sale_date"])) - timedelta(days=60)
    for i in range(start, start + count):
        data = json.loads(json.dumps(base))
        data["valuation"]["appraisals"][0]["amount"] = 18_000_000 + 1_000 * i
        data["sale_date"] = (first_sale + timedelta(days=i % 180)).isoformat()
        yield data


def dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# --- the server ---------------------------------------------------------------------------------


def zansai_executable() -> str | None:
    here = str(Path(sys.executable).parent)
    return (shutil.which("zansai", path=here) or shutil.which("zansai", path=str(ROOT / ".venv/bin"))
            or shutil.which("zansai"))


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc), for CPU accounting."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with suppress(OSError):
            todo.extend(int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split())
    return out


@dataclass(frozen=True)
class Usage:
    """CPU seconds so far: the whole machine (busy), the server's processes, this script's children
    (wrk, once reaped); and per server thread the time spent runnable but waiting for a CPU."""

    machine: float
    server: float
    children: float
    waits_ns: dict[str, int]
    rss_mib: float


def usage(pids: list[int]) -> Usage | None:
    """A snapshot from Linux /proc (None elsewhere): /proc/stat, /proc/PID/stat, schedstat."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        cpu = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        machine = (sum(cpu) - cpu[3] - cpu[4]) / ticks  # all but idle and iowait
        server = 0
        waits: dict[str, int] = {}
        for p in pids:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            server += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
            for task in Path(f"/proc/{p}/task").iterdir():
                with suppress(OSError):
                    waits[f"{p}/{task.name}"] = int((task / "schedstat").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    times = os.times()
    return Usage(machine, server / ticks, times.children_user + times.children_system, waits,
                 rss_mib(pids))


def rss_mib(pids: list[int]) -> float:
    """Resident memory of the given processes (VmRSS), summed."""
    kib = 0
    for p in pids:
        with suppress(OSError):
            kib += sum(int(line.split()[1]) for line in Path(f"/proc/{p}/status").read_text().splitlines()
                       if line.startswith("VmRSS:"))
    return kib / 1024


@dataclass(frozen=True)
class CpuShare:
    """Cores used during a run (CPU seconds per second) and the server's wait for a CPU."""

    server: float
    wrk: float
    others: float
    server_wait: float
    """Seconds per second that the server's threads were runnable but not running (summed)."""
    rss_mib: float
    """The server's resident memory at the end of the run."""

    @staticmethod
    def between(a: Usage | None, b: Usage | None, seconds: float) -> CpuShare | None:
        if a is None or b is None:
            return None
        server, wrk = b.server - a.server, b.children - a.children
        wait = sum(ns - a.waits_ns.get(k, 0) for k, ns in b.waits_ns.items()) / 1e9
        return CpuShare(server / seconds, wrk / seconds,
                        max(b.machine - a.machine - server - wrk, 0.0) / seconds, wait / seconds, b.rss_mib)

    def text(self) -> str:
        return (f"CPU cores: server {self.server:.2f}, wrk {self.wrk:.2f}, other processes "
                f"{self.others:.2f}; server waited for a CPU {self.server_wait:.2f} s/s; server RSS after "
                f"{self.rss_mib:,.0f} MiB")


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    workers: int
    case_id: str
    log: Path
    pids: list[int] = field(default_factory=list)

    def usage(self) -> Usage | None:
        return usage(self.pids)


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.status, resp.read()


def post_json(url: str, body: str) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body.encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status, resp.read()


def settle(pid: int, deadline: float) -> None:
    """Wait until every worker has started: one answer comes from the first worker up, so wait for
    the server's processes to go idle (under 5% of a core for a second)."""
    quiet = 0
    while quiet < 2 and time.monotonic() < deadline:
        a = usage(process_tree(pid))
        time.sleep(0.5)
        b = usage(process_tree(pid))
        if a is None or b is None:
            return
        quiet = quiet + 1 if (b.server - a.server) / 0.5 < 0.05 else 0


@contextmanager
def serve(exe: str, workers: int, tmp: Path) -> Iterator[Server]:
    """``zansai serve`` on a free loopback port with the example case loaded; stopped with SIGTERM."""
    db = tmp / f"web-{workers}.sqlite3"
    log = tmp / f"serve-{workers}.log"
    cmd = [exe, "serve", "--port", "0", "--db", str(db), "--workers", str(workers), "--load", str(CASE)]
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=err)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().decode()
        found = re.search(r"(http://\S+?)/?\s", first)
        if not found:
            raise RuntimeError(f"zansai serve printed {first!r}; see {log}")
        url = found.group(1)
        deadline = time.monotonic() + 60
        while True:  # the workers start after the address is printed
            try:
                if get(url + "/api/v1/health", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"zansai serve did not answer; see {log}")
            time.sleep(0.2)
        settle(proc.pid, deadline)
        cases = json.loads(get(url + "/api/v1/cases")[1])
        server = Server(proc, url, workers, cases[0]["id"], log)
        server.pids = process_tree(proc.pid)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # uvicorn stops its workers and exits
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


# --- wrk ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    seconds: float
    status_errors: int
    socket_errors: dict[str, int]
    kb_per_response: float
    cpu: CpuShare | None
    spread: list[int] | None
    """wrk's connections held by each server process (uvicorn's workers share one listening socket)."""

    @property
    def errors(self) -> int:
        return self.status_errors + sum(self.socket_errors.values())


def wrk_version(wrk: str) -> str:
    proc = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
    return (proc.stdout + proc.stderr).splitlines()[0].split(" [")[0] if proc.stdout + proc.stderr else wrk


def connections_per_worker(server: Server) -> list[int] | None:
    """Established connections on the server's port per server process, from ``ss -tnp``."""
    ss = shutil.which("ss")
    port = server.url.rsplit(":", 1)[1]
    if ss is None:
        return None
    proc = subprocess.run([ss, "-Htnp", "state", "established", f"( sport = :{port} )"],
                          capture_output=True, text=True, check=False)
    pids = re.findall(r"pid=(\d+)", proc.stdout)
    if proc.returncode != 0 or not pids:
        return None
    counts = sorted((pids.count(p) for p in set(pids)), reverse=True)
    return counts + [0] * (server.workers - len(counts))


def run_wrk(wrk: str, server: Server, path: str, script: Path, args: list[str], seconds: float,
            show: bool) -> Load:
    cmd = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout", "10s", "--latency",
           "-s", str(script), server.url + path]
    if args:
        cmd += ["--", *args]
    before = server.usage()
    wall = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:  # wrk's connections are kept alive for the whole run: see which worker holds each one
        out, err = proc.communicate(timeout=min(1.0, seconds / 2))
        spread = None
    except subprocess.TimeoutExpired:
        spread = connections_per_worker(server)
        out, err = proc.communicate()
    after, wall = server.usage(), time.perf_counter() - wall
    if proc.returncode != 0:
        raise RuntimeError(f"wrk exited with {proc.returncode}: {err.strip()[:300]}")
    if show:
        sys.stdout.write(out)
    line = next((ln for ln in out.splitlines() if ln.startswith("ZANSAI_WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary: {out.strip()[:300]}")
    s = json.loads(line.removeprefix("ZANSAI_WRK "))
    secs = s["duration_us"] / 1e6
    return Load(
        rps=s["requests"] / secs, p50_ms=s["p50_us"] / 1000, p99_ms=s["p99_us"] / 1000,
        max_ms=s["max_us"] / 1000, requests=s["requests"], seconds=secs, status_errors=s["status"],
        socket_errors={k: s[k] for k in ("connect", "read", "write", "timeout") if s[k]},
        kb_per_response=s["bytes"] / max(s["requests"], 1) / 1000,
        cpu=CpuShare.between(before, after, wall), spread=spread)


def measure(wrk: str, server: Server, path: str, script: Path, warm_args: list[str], args: list[str],
            counts: dict[str, int], show: bool) -> Load:
    run_wrk(wrk, server, path, script, warm_args, counts["warmup_s"], False)
    return run_wrk(wrk, server, path, script, args, counts["seconds"], show)


# --- the page in a browser ----------------------------------------------------------------------


@dataclass(frozen=True)
class PageLoads:
    first_ms: float
    fresh_ms: list[float]
    reload_ms: list[float]
    html_kb: float
    resources: int
    resources_kb: float
    first_parts: dict[str, float]
    parts: dict[str, float]
    """Milestones (responseStart, responseEnd, DOMContentLoaded) of the first load and of the first
    fresh-context load after it."""


NAV_JS = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  const r = performance.getEntriesByType('resource');
  return {load: n.loadEventEnd, ttfb: n.responseStart, html_done: n.responseEnd,
          dcl: n.domContentLoadedEventEnd, html_bytes: n.decodedBodySize, resources: r.length,
          resource_bytes: r.reduce((a, e) => a + e.decodedBodySize, 0)};
}"""


def page_loads(server: Server, loads: int) -> PageLoads:
    from playwright.sync_api import sync_playwright

    from zansai.report.pdf import find_chromium

    url = f"{server.url}/cases/{server.case_id}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=BROWSER_ARGS)
        try:
            def fresh() -> dict[str, Any]:
                context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
                try:
                    page = context.new_page()
                    response = page.goto(url, wait_until="load")
                    if response is None or response.status != 200:
                        raise RuntimeError(f"GET {url}: {response.status if response else 'no response'}")
                    nav: dict[str, Any] = page.evaluate(NAV_JS)
                    return nav
                finally:
                    context.close()

            first = fresh()
            fresh_runs = [fresh() for _ in range(loads)]
            context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
            try:
                page = context.new_page()
                page.goto(url, wait_until="load")
                reloads = []
                for _ in range(loads):
                    page.goto(url, wait_until="load")
                    reloads.append(page.evaluate(NAV_JS))
            finally:
                context.close()
        finally:
            browser.close()
    ref = fresh_runs[0]

    def milestones(nav: dict[str, Any]) -> dict[str, float]:
        return {"TTFB": nav["ttfb"], "HTML received": nav["html_done"], "DOMContentLoaded": nav["dcl"]}

    return PageLoads(
        first_ms=first["load"], fresh_ms=[r["load"] for r in fresh_runs],
        reload_ms=[r["load"] for r in reloads], html_kb=ref["html_bytes"] / 1000,
        resources=ref["resources"], resources_kb=ref["resource_bytes"] / 1000,
        first_parts=milestones(first), parts=milestones(ref))


# --- report -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    what: str
    workers: int | None
    rps: float | None
    p50_ms: float | None
    p99_ms: float | None
    errors: str
    aim: str
    verdict: str
    notes: str


def rps_verdict(load: Load, governs: bool) -> str:
    missed = []
    if load.rps < RPS_AIM:
        missed.append("req/s")
    if load.p99_ms > P99_AIM_MS:
        missed.append("p99")
    if load.errors:
        missed.append("errors")
    mark = "✓" if not missed else "✗ " + ", ".join(missed)
    return mark if governs else f"({mark})"


def load_row(what: str, workers: int, load: Load, aimed: bool, governs: bool, extra: str = "") -> Row:
    errors = str(load.status_errors)
    if load.socket_errors:
        errors += " + " + ", ".join(f"{k} {v}" for k, v in load.socket_errors.items())
    notes = (f"{load.requests:,} requests in {load.seconds:.1f} s; {load.kb_per_response:,.1f} kB each; "
             f"max {load.max_ms:,.0f} ms; " + (load.cpu.text() if load.cpu else "CPU not measured"))
    if load.spread and len(load.spread) > 1:
        notes += f"; wrk's {sum(load.spread)} connections per worker: {'/'.join(map(str, load.spread))}"
    if load.cpu and load.rps:
        notes += f"; server CPU per request {load.cpu.server / load.rps * 1000:,.1f} ms"
    if extra:
        notes += f"; {extra}"
    aim = f"≥ {RPS_AIM:.0f}/s, p99 ≤ {P99_AIM_MS:.0f} ms" if aimed else "—"
    return Row(what, workers, load.rps, load.p50_ms, load.p99_ms, errors, aim,
               rps_verdict(load, governs) if aimed else "—", notes)


def page_rows(pl: PageLoads, loads: int) -> list[Row]:
    aim = f"≤ {PAGE_AIM_MS:,.0f} ms"

    def verdict(ms: float, governs: bool = True) -> str:
        mark = "✓" if ms <= PAGE_AIM_MS else "✗"
        return mark if governs else f"({mark})"

    def parts(milestones: dict[str, float]) -> str:
        return ", ".join(f"{k} {v:,.0f} ms" for k, v in milestones.items())

    size = f"HTML {pl.html_kb:,.0f} kB + {pl.resources} files {pl.resources_kb:,.0f} kB"
    fresh, reload = statistics.median(pl.fresh_ms), statistics.median(pl.reload_ms)
    return [
        Row("results page in Chromium, cold: first load after the server started", TARGET_WORKERS,
            None, pl.first_ms, None, "0", aim, verdict(pl.first_ms),
            f"n=1: the plan is computed, nothing is cached in the browser; {parts(pl.first_parts)}; "
            f"{size}"),
        Row("results page in Chromium, fresh browser context each load", TARGET_WORKERS, None, fresh,
            max(pl.fresh_ms), "0", aim, verdict(fresh, governs=False),
            f"median and max of {loads}; the plan is cached on the server; each load also starts a new "
            f"renderer (its fonts, its caches); the first of them: {parts(pl.parts)}"),
        Row("results page in Chromium, warm: reloads in one context", TARGET_WORKERS, None, reload,
            max(pl.reload_ms), "0", aim, verdict(reload), f"median and max of {loads}"),
    ]


def render(rows: list[Row], title: str) -> Table:
    table = Table(title=title, box=box.ASCII, title_justify="left")
    table.add_column("what", overflow="fold", max_width=46)
    table.add_column("workers", justify="right")
    table.add_column("req/s", justify="right")
    table.add_column("p50 ms", justify="right")
    table.add_column("p99 ms", justify="right")
    table.add_column("errors", justify="right")
    table.add_column("aim", justify="right")
    table.add_column("verdict")
    table.add_column("notes", overflow="fold", max_width=64)

    def num(x: float | None, fmt: str) -> str:
        return "—" if x is None else format(x, fmt)

    for r in rows:
        table.add_row(r.what, "—" if r.workers is None else str(r.workers), num(r.rps, ",.0f"),
                      num(r.p50_ms, ",.1f"), num(r.p99_ms, ",.1f"), r.errors, r.aim, r.verdict, r.notes)
    return table


def machine() -> list[str]:
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"platform: {platform.platform()} ({platform.machine()})",
        f"python:   {platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        f"cpus:     {cpus} (usable by this process: {usable}); load average before the run {load} "
        "(1/5/15 min)",
    ]


def server_checks(server: Server, body: str) -> str:
    """One untimed request per endpoint; the plan's JSON must equal the engine's in process."""
    from zansai.web.service import PlanCache

    status, got = post_json(server.url + "/api/v1/plan", body)
    if status != 200:
        raise RuntimeError(f"POST /api/v1/plan: {status}")
    same = json.loads(got) == json.loads(PlanCache().plan_json(json.loads(body)))
    return "JSON equals the in-process engine's" if same else "JSON DIFFERS from the in-process engine's"


@dataclass(frozen=True)
class Floor:
    """What an uncached request costs in this process, without HTTP: the case parsed and built,
    ``plan()``, and the answer's JSON (``to_dict()`` and orjson), each a mean in ms of CPU time
    (the thread's: time spent waiting for a core on a busy machine is not the work's) over distinct
    bodies (as the uncached row sends); and what that allows on the server's cores."""

    case_ms: float
    plan_ms: float
    json_ms: float
    cores: int

    @property
    def request_ms(self) -> float:
        return self.case_ms + self.plan_ms + self.json_ms

    @property
    def rps(self) -> float:
        """Every core the server's, and nothing but this work on it (no HTTP, no wrk)."""
        return self.cores * 1000 / self.request_ms

    @property
    def p99_ms(self) -> float:
        """wrk keeps CONNECTIONS requests in flight: at the floor's rate each one waits, on
        average, for the others (Little's law); the 99th percentile is at least that."""
        return CONNECTIONS * self.request_ms / self.cores

    def text(self) -> str:
        return (f"{self.request_ms:.1f} ms of CPU a request in process: case {self.case_ms:.1f} + plan() "
                f"{self.plan_ms:.1f} + JSON {self.json_ms:.1f} (to_dict and orjson); on {self.cores} "
                f"cores with nothing else: ≤ {self.rps:,.0f} req/s, p99 ≥ {self.p99_ms:,.0f} ms with "
                f"{CONNECTIONS} requests in flight")


def uncached_floor(base: dict[str, Any], count: int, cores: int = TARGET_WORKERS) -> Floor:
    """The uncached row's work alone, in this process: ``count`` distinct bodies (not the ones wrk
    sends), after a warm-up, the garbage collector set as a serving worker sets it."""
    import orjson

    from zansai.engine.plan import plan as make_plan
    from zansai.report.result_json import result_to_dict
    from zansai.web.heap import settle_heap
    from zansai.web.service import PlanCache

    plans = PlanCache()
    bodies = [json.loads(dump(d)) for d in variants(base, 3 * VARIANTS, count + 20)]
    settle_heap()
    parts = [0.0, 0.0, 0.0]
    for i, data in enumerate(bodies):
        t0 = time.thread_time()
        case, book = plans.case(data)
        t1 = time.thread_time()
        result = make_plan(case, book)
        t2 = time.thread_time()
        orjson.dumps(result_to_dict(result, rules_fingerprint=result.rules_fingerprint))
        t3 = time.thread_time()
        if i >= 20:  # the first few fill the engine's memos and caches
            parts = [parts[0] + t1 - t0, parts[1] + t2 - t1, parts[2] + t3 - t2]
    return Floor(*(1000 * p / count for p in parts), cores=cores)


def emit_records(workers: int, cached: Load, uncached: Load, health: Load, floor: Floor) -> None:
    """The summary's figures: uncached POST /api/v1/plan (req/s, p99) and its peers, cached and health."""
    where = f"{workers} workers, wrk {THREADS} thread × {CONNECTIONS} connections, {uncached.seconds:.0f} s"
    emit("api_uncached_rps", uncached.rps, "req/s", where, p50=uncached.p50_ms, errors=uncached.errors)
    emit("api_uncached_p99_ms", uncached.p99_ms, "ms", where)
    emit("api_cached_rps", cached.rps, "req/s", where, p99=cached.p99_ms)
    emit("api_health_rps", health.rps, "req/s", where, p99=health.p99_ms)
    emit("api_uncached_floor_rps", floor.rps, "req/s", floor.text(), p99=floor.p99_ms,
         request_ms=floor.request_ms, case_ms=floor.case_ms, plan_ms=floor.plan_ms, json_ms=floor.json_ms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK['warmup_s']} s warm-up + {QUICK['seconds']} s runs and "
                        f"{QUICK['loads']} page loads instead of {FULL['warmup_s']} + {FULL['seconds']} s "
                        f"and {FULL['loads']}")
    parser.add_argument("--show-wrk", action="store_true", help="print wrk's own report of each measured run")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when an aim is missed")
    args = parser.parse_args(argv)
    counts = QUICK if args.quick else FULL
    started = time.perf_counter()
    console = Console(width=220, highlight=False, markup=False)
    for line in machine():
        console.print(line)

    wrk, exe = shutil.which("wrk"), zansai_executable()
    if wrk is None or exe is None:
        console.print("error: " + ("wrk is missing (sudo apt-get install wrk; ./dev bench installs it)"
                                   if wrk is None else "the zansai console script is missing"))
        return 1
    console.print(f"load:     {wrk_version(wrk)}, {THREADS} thread, {CONNECTIONS} keep-alive connections, "
                  f"{counts['warmup_s']} s warm-up then {counts['seconds']} s measured per row, on loopback; "
                  "wrk runs on the same cores as the server")
    console.print()

    base = case_json()
    floor = uncached_floor(base, FLOOR_BODIES)
    console.print(f"floor:    {floor.text()}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="zansai-bench-web-") as tmp_name:
        tmp = Path(tmp_name)
        static_lua, rotating_lua = tmp / "static.lua", tmp / "rotating.lua"
        static_lua.write_text(STATIC_LUA)
        rotating_lua.write_text(ROTATING_LUA)
        one = tmp / "seed1.json"
        one.write_text(dump(base))
        many, warm_many = tmp / "variants.jsonl", tmp / "variants-warmup.jsonl"
        many.write_text("".join(dump(d) + "\n" for d in variants(base, 0, VARIANTS)))
        warm_many.write_text("".join(dump(d) + "\n" for d in variants(base, VARIANTS, WARMUP_VARIANTS)))

        for workers in WORKER_COUNTS:
            governs = workers == TARGET_WORKERS
            with serve(exe, workers, tmp) as server:
                pl = page_loads(server, counts["loads"]) if governs else None
                checked = server_checks(server, dump(base))
                console.print(f"[{workers} worker{'s' if workers > 1 else ''}] {server.url}, "
                              f"case {server.case_id[:8]}…; POST /api/v1/plan: {checked}")

                def run(path: str, script: Path, warm: list[str], meas: list[str],
                        _server: Server = server) -> Load:
                    return measure(wrk, _server, path, script, warm, meas, counts, args.show_wrk)

                health = run("/api/v1/health", static_lua, [], [])
                cached = run("/api/v1/plan", static_lua, [str(one)], [str(one)])
                uncached = run("/api/v1/plan", rotating_lua, [str(warm_many)], [str(many)])
                page = run(f"/cases/{server.case_id}", static_lua, [], [])
                if governs:
                    emit_records(workers, cached, uncached, health, floor)
                rows += [
                    load_row("POST /api/v1/plan, the example case (same body: cached plan)", workers,
                             cached, True, governs),
                    load_row(f"POST /api/v1/plan, {VARIANTS:,} distinct bodies in turn (no cache hit)",
                             workers, uncached, True, False,
                             "the example case with the 1st appraisal and the sale date varied"),
                    Row("floor: the uncached row's work in process (case, plan(), JSON), no HTTP",
                        workers, workers * 1000 / floor.request_ms,
                        None, CONNECTIONS * floor.request_ms / workers, "—", "—", "—",
                        floor.text().split(";")[0] + f"; req/s column: {workers} cores ÷ that; p99 "
                        f"column: {CONNECTIONS} in flight × that ÷ {workers} cores (a lower bound)"),
                    load_row("GET /api/v1/health (framework floor)", workers, health, False, False),
                    load_row("GET /cases/{id} (results page HTML, plan cached)", workers, page, False, False),
                ]
                if pl is not None:
                    rows += page_rows(pl, counts["loads"])

    console.print()
    console.print(render(rows, "zansai serve under wrk on loopback, and the results page in Chromium"))
    console.print(
        f"wrk: {THREADS} thread × {CONNECTIONS} connections, closed loop (a connection sends its next "
        "request when the previous answer is in); p50/p99 from wrk's latency histogram; errors = non-2xx/3xx "
        "answers + socket errors. wrk and the server share the same cores; the notes give the cores used "
        "during each measured run by the server's processes, by wrk and by every other process on the "
        "machine, and how long the server's threads waited for a CPU (run-queue delay, summed over "
        "threads). Page rows: loadEventEnd of the navigation (ms from navigation start) in the p50 column "
        "(the median) and the p99 column (the max). Verdicts in parentheses apply an aim to other rows, for "
        f"information; the aims govern the cached example-case row at {TARGET_WORKERS} workers and the "
        "cold and warm page rows.")
    governing = [r for r in rows if r.aim != "—" and not r.verdict.startswith("(")]
    failed = [r for r in governing if not r.verdict.startswith("✓")]
    console.print(f"aims: POST /api/v1/plan on the example case ≥ {RPS_AIM:.0f} req/s with p99 ≤ "
                  f"{P99_AIM_MS:.0f} ms on {TARGET_WORKERS} workers; the results page loaded in ≤ "
                  f"{PAGE_AIM_MS:,.0f} ms → " + ("all ✓" if not failed else
                                                 f"MISSED {len(failed)} of {len(governing)}: "
                                                 + "; ".join(f"{r.what} ({r.verdict})" for r in failed)))
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    console.print(f"(benchmark ran in {time.perf_counter() - started:.1f} s; load average after {load})")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
