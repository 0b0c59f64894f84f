"""The PDF report: the web app's warm Chromium against the one-shot print, and the CLI.

The aims (issue 19 §4): a report PDF in at most 1 s from the app and 1.3 s from the CLI.

Rows, on examples/seed1-short-sale.toml, each the median (and best) of ``--rounds`` after one
warm-up, the two sides of each pair interleaved round by round so that load from other work on the
machine falls on both:

- app, warm: ``GET /cases/{id}/report.pdf`` through a TestClient (its lifespan running), the page
  printed on the app's warm Chromium (report/warm_pdf.py) from the paper HTML (no "why?" panels);
- app, one-shot (before): the same plan and case, the full report HTML printed by a new Chromium
  (report/pdf.py), as the route did before the warm browser;
- CLI: ``python -m zansai report CASE --pdf OUT`` in a new process, this checkout's ``src`` against
  ``--before SRC`` (another checkout's ``src``, e.g. ``/work/main/src``) when given.

Run from the repository root::

    .venv/bin/python bench/pdf.py [--rounds 10] [--before /path/to/other/src]
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
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "examples" / "seed1-short-sale.toml"


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _row(name: str, times: list[float]) -> str:
    return f"{name:34s} median {statistics.median(times):6.2f} s   best {min(times):6.2f} s"


def app_rows(rounds: int) -> list[str]:
    from fastapi.testclient import TestClient

    from zansai.report.html import report_html
    from zansai.report.pdf import html_to_pdf
    from zansai.web.app import create_app
    from zansai.web.forms import FIELDS
    from zansai.web.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(db_path=Path(tmp) / "cases.sqlite3"))
        data = json.loads(json.dumps(tomllib.loads(CASE.read_text("utf-8")), default=str))
        case_id = app.state.store.create("bench", data).id
        with TestClient(app, base_url="http://127.0.0.1") as client:
            def warm() -> None:
                assert client.get(f"/cases/{case_id}/report.pdf").content.startswith(b"%PDF-")

            def one_shot() -> None:  # the route before: full HTML, a new Chromium
                result = app.state.plans.plan(data)
                html = report_html(result, "ja", inputs=data, fields=FIELDS)
                html_to_pdf(html, Path(tmp) / "old.pdf")

            warm()
            one_shot()
            pid = app.state.printer.pid
            pairs = [(_timed(warm), _timed(one_shot)) for _ in range(rounds)]
            assert app.state.printer.pid == pid  # one browser for every report
    return [_row("app, warm Chromium", [w for w, _ in pairs]),
            _row("app, one-shot Chromium (before)", [o for _, o in pairs])]


def cli_rows(rounds: int, before: str | None) -> list[str]:
    sides = {"CLI report --pdf": str(ROOT / "src")}
    if before:
        sides["CLI report --pdf (before)"] = before
    times: dict[str, list[float]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(rounds + 1):
            for name, src in sides.items():
                env = {**os.environ, "PYTHONPATH": src}
                command = [sys.executable, "-m", "zansai", "report", str(CASE), "--pdf", f"{tmp}/r{i}.pdf"]
                started = time.perf_counter()
                subprocess.run(command, env=env, check=True, capture_output=True)
                took = time.perf_counter() - started
                if i:  # the first round warms the page cache
                    times[name].append(took)
    return [_row(name, t) for name, t in times.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--before", default=None, metavar="SRC", help="another checkout's src to compare")
    args = parser.parse_args()
    print(f"{os.uname().nodename}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    for line in app_rows(args.rounds) + cli_rows(args.rounds, args.before):
        print(line)


if __name__ == "__main__":
    main()
