"""The adviser's tools with 50 saved cases, and the printed report (PDF) from the app and the CLI.

The aims: the what-if grid (10 prices × 6 months) recomputed within 300 ms (issue 18); the PDF in
at most 1 s from the app and 1.3 s from the CLI (issue 19). Issue 18 asks that the case list and
the compare view work with 50 saved cases and names no time; they are shown against the
results page's 1 s aim (issue 5), for information.

``zansai serve`` (one worker, as ``zansai serve`` starts by default) runs on an empty database;
the example case (``examples/seed1-short-sale.toml``) is saved, copied 7 times (the compare view
shows the original and up to seven copies) and 42 variants of it are saved: 50 cases. Requests
are sequential over loopback (``urllib``), one at a time, as one adviser clicks. Rows:

- ``POST /api/v1/whatif``: the default grid (ten prices 50万 apart around the case's price,
  6 settlement months), a different body each time (the first appraisal and the sale date
  moved), so nothing is cached; next to it, ``POST /api/v1/plan`` on such bodies (one plan);
- ``GET /cases`` (the list page) and ``GET /api/v1/cases`` (its JSON), 50 cases;
- ``GET /cases/{id}/compare`` (the page) and its JSON, the original beside its 7 copies, the
  chooser listing the 50; the first request plans the 8 cases, the rest find the plans cached;
- ``GET /cases/{id}/report.pdf`` through the app (a different adviser's name each time, so each
  is a new report; then the same report again, which the app keeps), and ``zansai report CASE
  --pdf OUT`` as a process; the floor is Chromium alone printing the same report HTML
  that the CLI prints (``html_to_pdf``, in this process: the browser's start and the print, no
  Python start-up and no plan; before issue 19 §4 this row printed the larger ``--html`` file, with
  its "why?" panels), next to ``chromium --print-to-pdf`` (the fallback, the CLI's way before) and
  the same HTML printed in a warm browser's tab (the app's floor).

Run: ``.venv/bin/python bench/adviser.py [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from quick import start_server
from record import emit

from web import CASE, case_json, dump, variants

ROOT = Path(__file__).resolve().parents[1]
WHATIF_AIM_MS = 300.0
PAGE_AIM_MS = 1000.0
PDF_APP_AIM_S = 1.0
PDF_CLI_AIM_S = 1.3
CASES = 50
COPIES = 7

FULL = {"requests": 30, "pdfs": 5}
QUICK = {"requests": 8, "pdfs": 3}


def request(url: str, body: str | None = None) -> bytes:
    data = body.encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET",
                                 headers={"Content-Type": "application/json"} if data is not None else {})
    with urllib.request.urlopen(req, timeout=120) as resp:
        if resp.status >= 300:
            raise RuntimeError(f"{url}: HTTP {resp.status}")
        return resp.read()


def times_ms(fn: Callable[[int], object], n: int) -> list[float]:
    out = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def save_cases(base: str) -> str:
    """The example case, 7 copies of it and 42 variants: 50 saved cases; the example's id."""
    data = case_json()
    first = json.loads(request(base + "api/v1/cases", dump({"title": "example", "case": data})))["id"]
    for _ in range(COPIES):
        request(base + f"api/v1/cases/{first}/duplicate", "{}")
    for i, v in enumerate(variants(data, 5_000, CASES - 1 - COPIES)):
        request(base + "api/v1/cases", dump({"title": f"variant {i + 1}", "case": v}))
    return str(first)


def web_rows(base: str, n: int, pdfs: int) -> list[dict[str, object]]:
    data = case_json()
    case_id = save_cases(base)
    bodies = [dump(v) for v in variants(data, 0, 2 * n + 4)]
    rows: list[dict[str, object]] = []

    def add(key: str, what: str, ms: list[float], aim: float | None, note: str, stat: str = "p95") -> None:
        value = p95(ms) if stat == "p95" else statistics.median(ms)
        rows.append({"key": key, "what": what, "n": len(ms), "median": statistics.median(ms), "p95": p95(ms),
                     "aim": aim, "stat": stat, "value": value, "note": note})

    request(base + "api/v1/whatif", bodies[-1])  # warm: imports, templates, the rule book
    request(base + "api/v1/plan", bodies[-2])
    whatif = times_ms(lambda i: request(base + "api/v1/whatif", bodies[i]), n)
    one = times_ms(lambda i: request(base + "api/v1/plan", bodies[n + i]), n)
    add("whatif_ms", "POST /api/v1/whatif, 10 prices × 6 months, distinct bodies", whatif, WHATIF_AIM_MS,
        "default grid; nothing cached")
    add("whatif_peer_plan_ms", "POST /api/v1/plan, distinct bodies (one plan, the what-if's peer)", one, None,
        "same server, same bodies' kind")

    for key, what, path in (
            ("case_list_ms", f"GET /cases, {CASES} saved cases (page)", "cases"),
            ("case_list_api_ms", f"GET /api/v1/cases, {CASES} saved cases (JSON, the page's peer)",
             "api/v1/cases"),
            ("compare_ms", f"GET /cases/{{id}}/compare, 1 + {COPIES} copies, chooser of {CASES} (page)",
             f"cases/{case_id}/compare"),
            ("compare_api_ms", "GET /api/v1/cases/{id}/compare (JSON, the page's peer)",
             f"api/v1/cases/{case_id}/compare")):
        first = times_ms(lambda _i, p=path: request(base + p), 1)[0]
        warm = times_ms(lambda _i, p=path: request(base + p), n)
        add(key, what, warm, PAGE_AIM_MS if not key.endswith("api_ms") else None,
            f"first request {first:,.0f} ms (summaries or plans computed), then {n} warm")

    def pdf(i: int) -> None:  # a different adviser each time: a different report, nothing cached
        request(base + f"cases/{case_id}/report.pdf?adviser_name=bench-{i}")

    first = times_ms(lambda _i: pdf(-1), 1)[0]
    pdf_ms = times_ms(pdf, pdfs)
    add("pdf_app_ms", "GET /cases/{id}/report.pdf through the app", pdf_ms, PDF_APP_AIM_S * 1000,
        f"a different report each time (the adviser's name), nothing cached; the first, which starts "
        f"the browser, {first:,.0f} ms", stat="median")
    repeat = times_ms(lambda _i: pdf(0), pdfs)
    add("pdf_app_repeat_ms", "GET /cases/{id}/report.pdf again, the same report", repeat, None,
        "the app keeps its last PDFs by their HTML", stat="median")
    return rows


def print_html() -> str:
    """The HTML ``zansai report CASE --pdf`` prints (no "why?" panels; no adviser)."""
    from zansai.cli.plan import _plan_with_inputs
    from zansai.report.html import report_html
    from zansai.web.forms import FIELDS

    result, inputs = _plan_with_inputs(str(CASE), None, None)
    return report_html(result, "ja", inputs=inputs, fields=FIELDS, for_print=True)


def cli_rows(tmp: Path, pdfs: int) -> list[dict[str, object]]:
    from zansai.report.pdf import html_to_pdf, print_subprocess
    from zansai.report.warm_pdf import WarmPrinter

    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    cmd = [sys.executable, "-m", "zansai", "report", str(CASE)]

    def cli(i: int) -> None:
        subprocess.run([*cmd, "--pdf", str(tmp / f"cli-{i}.pdf")], check=True, env=env, capture_output=True,
                       cwd=ROOT)

    cli(-1)  # warm-up (disk caches, fonts)
    ms = times_ms(cli, pdfs)
    text = print_html()
    floor = times_ms(lambda i: html_to_pdf(text, tmp / f"floor-{i}.pdf"), pdfs)
    old_way = times_ms(lambda i: print_subprocess(text, tmp / "old.pdf"), pdfs)
    printer = WarmPrinter()
    printer.print_pdf(text, tmp / "warm.pdf")  # the browser's start and its first print
    warm = times_ms(lambda i: printer.print_pdf(text.replace("</body>", f"<!-- {i} --></body>"),
                                                tmp / "warm.pdf"), pdfs)
    printer.close()
    size = (tmp / "cli-0.pdf").stat().st_size
    return [
        {"key": "pdf_cli_ms", "what": f"zansai report {CASE.name} --pdf OUT (process)", "n": pdfs,
         "median": statistics.median(ms), "p95": p95(ms), "aim": PDF_CLI_AIM_S * 1000, "stat": "median",
         "value": statistics.median(ms), "note": f"start → exit; {size:,} bytes of PDF"},
        {"key": "pdf_floor_ms", "what": "html_to_pdf(the same HTML): Chromium alone (floor)", "n": pdfs,
         "median": statistics.median(floor), "p95": p95(floor), "aim": None, "stat": "median",
         "value": statistics.median(floor),
         "note": f"{len(text.encode()):,} bytes of HTML; a new browser over the DevTools pipe; "
                 f"no Python start-up"},
        {"key": "pdf_print_to_pdf_ms", "what": "chromium --print-to-pdf of the same HTML (the fallback)",
         "n": pdfs, "median": statistics.median(old_way), "p95": p95(old_way), "aim": None, "stat": "median",
         "value": statistics.median(old_way), "note": "a new browser per PDF, as the CLI printed before"},
        {"key": "pdf_floor_warm_ms", "what": "the same HTML in a warm browser's tab (the app's floor)",
         "n": pdfs, "median": statistics.median(warm), "p95": p95(warm), "aim": None, "stat": "median",
         "value": statistics.median(warm), "note": "WarmPrinter, in this process; no plan, no HTTP"},
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    ap.add_argument("--quick", action="store_true", help=f"{QUICK['requests']} requests and {QUICK['pdfs']} "
                    f"PDFs per row instead of {FULL['requests']} and {FULL['pdfs']}")
    args = ap.parse_args()
    counts = QUICK if args.quick else FULL
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="zansai-bench-adviser-") as tmp_name:
        tmp = Path(tmp_name)
        proc, base = start_server(tmp / "cases.sqlite3")
        try:
            rows = web_rows(base, counts["requests"], counts["pdfs"])
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        rows += cli_rows(tmp, counts["pdfs"])
    print(f"adviser tools with {CASES} saved cases, and the PDF ({os.cpu_count()} CPUs, one worker)\n")
    print("| what | n | median ms | p95 ms | aim | verdict | notes |")
    print("|---|--:|--:|--:|---|---|---|")
    for r in rows:
        aim = r["aim"]
        verdict = "—" if aim is None else ("PASS" if float(r["value"]) <= float(aim) else "FAIL")  # type: ignore[arg-type]
        aim_text = "—" if aim is None else f"{r['stat']} ≤ {aim:,.0f} ms"
        print(f"| {r['what']} | {r['n']} | {r['median']:,.1f} | {r['p95']:,.1f} | {aim_text} | {verdict} "
              f"| {r['note']} |")
        emit(str(r["key"]), float(r["value"]), "ms", f"{r['stat']} of {r['n']}; {r['note']}",  # type: ignore[arg-type]
             median=r["median"], p95=r["p95"])
    print(f"\n(benchmark ran in {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
