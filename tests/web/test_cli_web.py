"""`zansai report` and `zansai serve` from the command line (issue 5 §1, §4, §6)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from zansai.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED1 = str(ROOT / "examples" / "seed1-short-sale.toml")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_report_html_holds_the_seed1_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Seed 1 (examples/seed1-short-sale.toml): the short sale leaves 7,395,521円, the report says so."""
    out = tmp_path / "r.html"
    code, _, err = run(["report", SEED1, "--html", str(out)], capsys)
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "相談用レポート" in html
    assert 'id="exit-short_sale"' in html
    assert "7,395,521円" in html
    assert "<svg" in html
    assert 'href="/static' not in html
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file, not mkstemp's 0600


def test_report_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert run(["report", SEED1, "--html", str(out), "--lang", "en"], capsys)[0] == 0
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Consultation report" in html
    assert "¥7,395,521" in html


def test_report_to_a_missing_folder_writes_nothing(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["report", SEED1, "--html", str(tmp_path / "no" / "r.html")], capsys)
    assert code == 2
    assert "--html" in err
    assert "error:" in err
    assert "Traceback" not in err
    assert not (tmp_path / "no").exists()


def test_report_bad_case_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n[property]\nkind = "castle"\n', encoding="utf-8")
    out = tmp_path / "r.pdf"
    code, _, err = run(["report", str(bad), "--pdf", str(out)], capsys)
    assert code == 2
    assert "property.kind" in err
    assert list(tmp_path.iterdir()) == [bad]


@pytest.mark.slow
def test_report_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str], chromium: str, poppler: None) -> None:
    """The PDF reads back with the Japanese text intact (pdftotext) — issue 5 §4."""
    out = tmp_path / "r.pdf"
    code, _, err = run(["report", SEED1, "--pdf", str(out)], capsys)
    assert code == 0, err
    assert out.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "相談用レポート" in text
    assert "任意売却" in text
    assert "7,395,521円" in text
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]  # no temp files left


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_refuses_other_addresses_without_a_token(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZANSAI_TOKEN", raising=False)
    code, _, err = run(["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "c.db")], capsys)
    assert code == 2
    assert "--host 0.0.0.0" in err
    assert "ZANSAI_TOKEN" in err
    assert not (tmp_path / "c.db").exists()  # nothing created before the refusal


def test_serve_refuses_a_busy_port(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code, _, err = run(["serve", "--port", str(port), "--db", str(tmp_path / "c.db")], capsys)
    assert code == 2
    assert "--port" in err


@pytest.mark.slow
def test_serve_starts_prints_the_url_and_loads_the_sample_once(tmp_path: Path) -> None:
    """The README's main command: the URL and database path first, the sample case saved once."""
    db = tmp_path / "cases.sqlite3"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _ in range(2):
        proc = subprocess.Popen([sys.executable, "-m", "zansai", "serve", "--port", "0", "--db", str(db),
                                 "--load", SEED1], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith("zansai: http://127.0.0.1:"), line
            assert str(db) in line
            url = line.split()[1]
            import urllib.request

            for _attempt in range(50):
                try:
                    with urllib.request.urlopen(url + "api/v1/cases", timeout=2) as r:
                        cases = json.loads(r.read())
                    break
                except OSError:
                    import time

                    time.sleep(0.1)
            titles = [c["title"] for c in cases]
            assert titles == ["任意売却を考える世帯 / short-sale household"]
        finally:
            proc.terminate()
            proc.communicate(timeout=10)
