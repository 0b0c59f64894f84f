"""The quick check while typing, and the results page on a slow phone.

The aims (issue 15 §8): the quick check's answer fragment (``POST /quick/answer``) within 100 ms p95
on a 2-core machine while the homeowner types (warm: the server has answered before, but every
request differs, as each keystroke does); the results page loaded (``loadEventEnd``) in at most 1 s
with Chromium's CPU slowed 4× (``Emulation.setCPUThrottlingRate``, a phone profile).

- Fragment: ``zansai serve`` as a subprocess (one worker), driven over loopback by ``urllib`` with
  the page's CSRF cookie and token. The answers are issue 15's homeowner (2800万, 0.9%, 35 years
  from April 2015, 2050万, three months behind, 父 as guarantor); each request changes the value by
  1万円 and the rate by 0.01%, as typing would, so no two share a plan (``--quick``: 60 requests,
  else 300), after 20 warm-up requests. One more row: the same with 「わからない」 (the range of prices).
- Results page: a case saved from the same answers (``/quick/save``), opened in fresh browser
  contexts at 390×844 with the throttle on; median and worst of 5 loads (``--quick``: 3).

Run: ``.venv/bin/python bench/quick.py [--quick] [--strict]`` (``--strict``: exit status 1 when an aim
is missed).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from record import emit

ROOT = Path(__file__).resolve().parents[1]
FRAGMENT_AIM_MS = 100
PAGE_AIM_MS = 1000
THROTTLE = 4


def months_ago(n: int) -> str:
    t = time.localtime()
    y, m = divmod(t.tm_year * 12 + t.tm_mon - 1 - n, 12)
    return f"{y:04d}-{m + 1:02d}"


def answers(i: int, unknown: bool = False) -> dict[str, str]:
    return {"owed": "loan", "loan_amount": "2800", "rate": f"{0.9 + (i % 50) / 100:.2f}", "years": "35",
            "first_month": "2015-04", "lender": "bank", "value": "" if unknown else str(2050 + i),
            "value_unknown": "1" if unknown else "", "missed": "yes", "missed_since": months_ago(3),
            "person": "父", "person_role": "guarantor", "sell_month": ""}


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    env.pop("ZANSAI_TOKEN", None)
    log = db.with_suffix(".log")
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "zansai", "serve", "--port", "0", "--db", str(db)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        first = log.read_text(encoding="utf-8", errors="replace").partition("\n")[0]
        if first.startswith("zansai: http://"):
            url = first.split()[1]
            try:
                urllib.request.urlopen(url + "api/v1/health", timeout=2).close()
                return proc, url
            except OSError:
                pass
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit(f"zansai serve did not start: {log.read_text()}")


class Client:
    """A browser's view of the server: its cookies and the page's CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies)
        home = self.opener.open(base).read().decode()
        match = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', home)
        assert match, "no CSRF token on the home page"
        self.csrf = match.group(1)

    def post(self, path: str, form: dict[str, str]) -> tuple[int, bytes, str]:
        data = urllib.parse.urlencode({**form, "csrf_token": self.csrf}).encode()
        with self.opener.open(urllib.request.Request(self.base + path.lstrip("/"), data=data)) as r:
            return r.status, r.read(), r.geturl()


def time_fragments(client: Client, n: int, unknown: bool) -> list[float]:
    for i in range(20):
        client.post("/quick/answer", answers(10_000 + i, unknown))
    times = []
    for i in range(n):
        form = answers(i, unknown) if not unknown else {**answers(i, True), "loan_amount": str(2800 + i)}
        t = time.perf_counter()
        status, body, _ = client.post("/quick/answer", form)
        times.append((time.perf_counter() - t) * 1000)
        assert status == 200, status
        assert b'id="quick-result"' in body, body[:500]
    return times


def time_page(base: str, case_url: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
            page.goto(case_url, wait_until="load")
            out.append(page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                                     " return n.loadEventEnd - n.startTime; })()"))
            context.close()
        browser.close()
    return out


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    n, runs = (60, 3) if args.quick else (300, 5)
    rows: list[tuple[str, int, float, float, str, bool]] = []
    with tempfile.TemporaryDirectory(prefix="zansai-bench-quick-") as tmp:
        proc, base = start_server(Path(tmp) / "cases.sqlite3")
        try:
            client = Client(base)
            for unknown in (False, True):
                t = time_fragments(client, n, unknown)
                what = "POST /quick/answer, distinct answers" + (
                    " (「わからない」: range)" if unknown else "")
                rows.append((what, n, statistics.median(t), p95(t), f"p95 ≤ {FRAGMENT_AIM_MS} ms",
                             p95(t) <= FRAGMENT_AIM_MS))
            _, _, case_url = client.post("/quick/save", answers(0))
            t = time_page(base, case_url, runs)
            rows.append((f"GET /cases/{{id}} in Chromium, CPU ÷{THROTTLE}, 390×844 (loadEventEnd)", runs,
                         statistics.median(t), max(t), f"≤ {PAGE_AIM_MS} ms (worst)", max(t) <= PAGE_AIM_MS))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    for key, (_, count, med, worst, _, _) in zip(("quick_answer_p95_ms", "quick_range_p95_ms",
                                                  "quick_page_ms"), rows, strict=True):
        emit(key, worst, "ms", f"{'worst' if key == 'quick_page_ms' else 'p95'} of {count}; "
             f"median {med:.1f} ms")
    print(f"quick check and results page, {os.cpu_count()} CPUs, {sys.version.split()[0]}\n")
    print("| what | n | median ms | p95/worst ms | aim | verdict |")
    print("|---|--:|--:|--:|---|---|")
    for what, count, med, worst, aim, ok in rows:
        print(f"| {what} | {count} | {med:.1f} | {worst:.1f} | {aim} | {'PASS' if ok else 'FAIL'} |")
    return 1 if args.strict and not all(r[-1] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
