"""The web app's warm Chromium (report/warm_pdf.py): one browser for many PDFs, replaced when it dies,
a fallback to the one-shot subprocess, a time-out, and nothing left running when the app stops.

The case is examples/seed1-short-sale.toml (docs/sources/seed1-short-sale.md §1); its report prints
the 19,000,000円 market value and the 7,395,521円 left after the short sale, as
tests/web/test_drafts_web.py and tests/test_pdf_report.py read them.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.errors import ZansaiError
from zansai.report.warm_pdf import OneShotPrinter, WarmPrinter
from zansai.web.app import create_app
from zansai.web.settings import Settings

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"
HTML = ("<!doctype html><html lang='ja'><head><meta charset='utf-8'><style>@page { size: A4 }</style>"
        "</head><body><h1>売却の見通し</h1><p>残債 18,295,000円</p></body></html>")


def _group(pgid: int) -> list[str]:
    """The processes of process group ``pgid`` with their state (a zombie shows as ``Z``), leaving
    out zombies that are not this process's children: the browser's helpers, killed with its group,
    are reparented to init, which alone can reap them (and does so in its own time)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and not (fields[0] == "Z" and int(fields[1]) != os.getpid()):
            found.append(f"{entry.name}:{fields[0]}")
    return found


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    for row in fonts.splitlines()[2:]:
        assert row.split()[-5:-2:2] == ["yes", "yes"], row  # embedded, with a Unicode map
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", "", out)


@pytest.fixture
def app_with_case(tmp_path: Path) -> Iterator[tuple[Any, str]]:
    app: Any = create_app(Settings(db_path=tmp_path / "cases.sqlite3"))
    data = json.loads(json.dumps(tomllib.loads(SEED1.read_text("utf-8")), default=str))
    yield app, app.state.store.create("seed", data).id
    app.state.printer.close()


@pytest.mark.slow
def test_two_reports_share_one_browser_and_the_app_stops_it(
        app_with_case: tuple[Any, str], chromium: str, poppler: None, tmp_path: Path) -> None:
    app, case_id = app_with_case
    assert app.state.printer.pid is None  # started on the first PDF, not with the app
    with TestClient(app, base_url="http://127.0.0.1") as client:
        first = client.get(f"/cases/{case_id}/report.pdf")
        pid = app.state.printer.pid
        second = client.get(f"/cases/{case_id}/report.pdf")
        assert app.state.printer.pid == pid is not None
        assert _group(pid)  # the browser runs between reports
    assert first.status_code == second.status_code == 200
    assert first.headers["content-type"] == "application/pdf"
    text = _text(second.content, tmp_path)
    for figure in ("相談用レポート", "19,000,000円", "7,395,521円"):
        assert figure in text
    assert app.state.printer.pid is None
    assert _group(pid) == []  # the lifespan ended the browser, its helpers, and reaped them


@pytest.mark.slow
def test_a_killed_browser_is_replaced(app_with_case: tuple[Any, str], chromium: str, poppler: None,
                                      tmp_path: Path) -> None:
    app, case_id = app_with_case
    client = TestClient(app, base_url="http://127.0.0.1")
    assert client.get(f"/cases/{case_id}/drafts/short-sale-request.pdf").status_code == 200
    old = app.state.printer.pid
    os.killpg(old, signal.SIGKILL)
    r = client.get(f"/cases/{case_id}/report.pdf")
    assert r.status_code == 200
    assert "7,395,521円" in _text(r.content, tmp_path)
    assert app.state.printer.pid not in (None, old)
    assert _group(old) == []  # no zombie of the killed one


def _fake(tmp_path: Path, pipe_mode: str) -> str:
    """A Chromium that misbehaves when driven over the pipe and prints normally otherwise."""
    script = tmp_path / "fake-chromium"
    script.write_text(f'#!/bin/sh\ncase "$*" in *--remote-debugging-pipe*) {pipe_mode};; esac\n'
                      f'exec /usr/bin/chromium "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.slow
def test_a_browser_that_keeps_dying_falls_back_to_the_subprocess(tmp_path: Path, chromium: str,
                                                                  poppler: None) -> None:
    printer = WarmPrinter(chromium=_fake(tmp_path, "exit 1"))
    pdf = printer.print_pdf(HTML, Path("r.pdf"))
    assert printer.restarts == 1  # restarted once, then the one-shot print
    assert "残債18,295,000円" in _text(pdf, tmp_path)
    assert printer.pid is None


@pytest.mark.slow
def test_a_hanging_browser_times_out_and_is_killed(tmp_path: Path) -> None:
    marker = tmp_path / "still-alive"
    printer = WarmPrinter(chromium=_fake(tmp_path, f"(sleep 2; touch {marker}) & sleep 30"), timeout=0.5)
    started = time.monotonic()
    with pytest.raises(ZansaiError) as caught:
        printer.print_pdf(HTML, Path("zansai-1234.pdf"))
    assert time.monotonic() - started < 10
    assert caught.value.message_en == "could not make the PDF zansai-1234.pdf: it did not finish within 0.5 s"
    assert caught.value.message_ja == "PDF zansai-1234.pdf を作れませんでした: 0.5 秒以内に終わりませんでした"
    assert printer.pid is None
    time.sleep(2.5)
    assert not marker.exists()  # its whole process group was killed


def test_no_chromium_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZANSAI_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ZansaiError) as caught:
        WarmPrinter().print_pdf(HTML, Path("r.pdf"))
    assert caught.value.message_en == (
        "making a PDF needs Chromium (sudo apt-get install chromium fonts-noto-cjk)")


def test_paper_leaves_out_the_why_panels_and_keeps_every_figure() -> None:
    """The PDF's HTML has no "why?" panel and no rules list (print hid them); the ``--html`` file keeps
    them. Outside those, the two are the same document."""
    from zansai.cli.plan import _plan_with_inputs
    from zansai.report.html import report_html
    from zansai.web.forms import FIELDS

    result, inputs = _plan_with_inputs(str(SEED1), None, None)
    kw: dict[str, Any] = {"inputs": inputs, "fields": FIELDS}
    screen, paper = report_html(result, "ja", **kw), report_html(result, "ja", for_print=True, **kw)
    assert screen.count('<details class="why"') == 19
    assert '<section id="rules-used">' in screen
    assert '<details class="why"' not in paper
    assert "why-body" not in paper.split("</style>", 1)[1]
    assert 'id="rules-used"' not in paper
    assert len(paper) < len(screen) // 2
    panels = re.compile(r'<details class="why".*?\n</details>|<section id="rules-used">.*?</section>', re.S)
    assert re.sub(r"\s+", "", panels.sub("", screen)) == re.sub(r"\s+", "", paper)
    assert "7,395,521円" in paper


@pytest.mark.slow
def test_reports_print_in_one_warm_tab_and_a_repeat_is_answered_from_memory(
        chromium: str, poppler: None, tmp_path: Path) -> None:
    printer = WarmPrinter(chromium=chromium)
    try:
        first = printer.print_pdf(HTML, Path("r.pdf"))
        pid, tab = printer.pid, printer.tab
        assert pid is not None
        assert tab is not None
        assert printer.print_pdf(HTML, Path("r.pdf")) is first  # the same report again: not printed again
        other = printer.print_pdf(HTML.replace("18,295,000", "17,000,000"), Path("r.pdf"))
        assert (printer.pid, printer.tab) == (pid, tab)  # the same browser and tab
        assert "残債18,295,000円" in _text(first, tmp_path)
        assert "残債17,000,000円" in _text(other, tmp_path)  # nothing of the previous report is left
        assert "18,295,000" not in _text(other, tmp_path)
    finally:
        printer.close()
    assert _group(pid) == []


@pytest.mark.slow
def test_one_shot_printer_falls_back_to_the_subprocess(tmp_path: Path, chromium: str, poppler: None) -> None:
    """The CLI's browser dies on the pipe: ``--print-to-pdf`` prints the same report."""
    with OneShotPrinter(_fake(tmp_path, "exit 1")) as printer:
        pdf = printer.print_pdf(HTML, Path("r.pdf"))
    assert "残債18,295,000円" in _text(pdf, tmp_path)


@pytest.mark.slow
def test_one_shot_printer_that_hangs_times_out_and_is_killed(tmp_path: Path) -> None:
    marker = tmp_path / "still-alive"
    started = time.monotonic()
    with pytest.raises(ZansaiError) as caught, \
            OneShotPrinter(_fake(tmp_path, f"(sleep 2; touch {marker}) & sleep 30"), timeout=0.5) as printer:
        printer.print_pdf(HTML, Path("out.pdf"))
    assert time.monotonic() - started < 10
    assert caught.value.message_en == "could not make the PDF out.pdf: it did not finish within 0.5 s"
    time.sleep(2.5)
    assert not marker.exists()


@pytest.mark.slow
def test_cli_report_that_fails_to_plan_ends_its_browser(tmp_path: Path, chromium: str) -> None:
    """``zansai report --pdf`` starts Chromium before it plans; a case file it refuses (exit 2) leaves
    no browser running and no file."""
    bad = tmp_path / "bad.toml"
    bad.write_text(SEED1.read_text("utf-8").replace('acquisition_price = "3800万"',
                                                    'acquisition_price = "たくさん"'), encoding="utf-8")
    mark = f"zansai-test-{os.getpid()}-{time.monotonic_ns()}"  # in the environment Chromium inherits
    env = {**os.environ, "ZANSAI_TEST_MARK": mark, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = tmp_path / "r.pdf"
    proc = subprocess.run([sys.executable, "-m", "zansai", "report", str(bad), "--pdf", str(out)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2, proc.stderr
    assert "acquisition_price" in proc.stderr
    assert not out.exists()
    assert _marked(mark) == []


def _marked(mark: str) -> list[str]:
    """Live (not zombie) processes whose environment holds ``ZANSAI_TEST_MARK=mark``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if state != "Z" and f"ZANSAI_TEST_MARK={mark}".encode() in environ.split(b"\0"):
            found.append(entry.name)
    return found


@pytest.mark.slow
def test_a_worn_tab_is_replaced_by_a_fresh_one_in_the_same_browser(
        chromium: str, poppler: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After so many reports a tab is closed and a new one opened (a renderer's memory stays bounded)."""
    monkeypatch.setattr("zansai.report.warm_pdf._TAB_PRINTS", 1)
    printer = WarmPrinter(chromium=chromium)
    try:
        printer.print_pdf(HTML, Path("r.pdf"))
        pid, tab = printer.pid, printer.tab
        second = printer.print_pdf(HTML.replace("18,295,000", "17,000,000"), Path("r.pdf"))
        assert printer.pid == pid
        assert printer.tab not in (None, tab)
        assert "残債17,000,000円" in _text(second, tmp_path)
    finally:
        printer.close()
