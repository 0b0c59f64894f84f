"""HTML → PDF through headless Chromium: Japanese text survives as real, embedded-font text.

The PDF is read back with poppler (pdffonts, pdfinfo, pdftotext, pdftoppm); the rasterized first page
is kept in tests/artifacts/ to look at by eye. Figures in the sample are illustrative (a 1,850万円
loan balance), not engine output.
"""

from __future__ import annotations

import re
import stat
import subprocess
import time
from pathlib import Path

import pytest

from zansai.errors import InputError, ZansaiError
from zansai.report.pdf import find_chromium, html_to_pdf

# 残債 appears only as the SVG <text> label: finding it in the PDF text proves the chart's text is text.
SAMPLE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>売却の見通し</title>
<style>
  @page { size: A4; margin: 15mm 12mm; }
  body { font-family: sans-serif; font-size: 11pt; }
  table { border-collapse: collapse; }
  td, th { border: 1px solid #333; padding: 4px 10px; }
  td.yen { text-align: right; }
</style></head>
<body>
  <h1>売却の見通し</h1>
  <h2>出口の比較</h2>
  <table>
    <tr><th>出口</th><th>売却価格</th><th>手元に残る額</th></tr>
    <tr><td>任意売却</td><td class="yen">1,850万円</td><td class="yen">-120万円</td></tr>
    <tr><td>競売</td><td class="yen">1,300万円</td><td class="yen">-610万円</td></tr>
  </table>
  <svg width="420" height="180" viewBox="0 0 420 180" xmlns="http://www.w3.org/2000/svg">
    <rect x="40" y="30" width="120" height="130" fill="#1f5fa8"/>
    <rect x="220" y="70" width="120" height="90" fill="#c0392b"/>
    <text x="40" y="20" font-size="16">残債</text>
  </svg>
</body></html>
"""

A4_POINTS = (595, 842)  # ISO 216 A4, 210 × 297 mm, in PostScript points (Chromium writes 594.96 × 841.92)


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory, chromium: str) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "見通し.pdf"
    assert html_to_pdf(SAMPLE, out, chromium=chromium) == out
    return out


@pytest.mark.slow
def test_pdf_is_one_a4_page(sample_pdf: Path, poppler: None) -> None:
    """The report's own ``@page { size: A4 }`` wins over Chromium's default US Letter."""
    data = sample_pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    info = _run("pdfinfo", str(sample_pdf))
    assert re.search(r"^Pages:\s+1$", info, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size is not None
    assert (round(float(size[1])), round(float(size[2]))) == A4_POINTS


@pytest.mark.slow
def test_pdf_embeds_a_japanese_font(sample_pdf: Path, poppler: None) -> None:
    """Every font is embedded with a Unicode map, and the CJK one is Noto Sans CJK (or IPA).

    Chromium 156 (Skia) writes the glyphs of Debian's NotoSansCJK-*.ttc as Type 3 fonts (vector
    outlines), which pdffonts names [none]; their /FontDescriptor keeps the real name (e.g.
    ``/FontName /AAAAAA+NotoSansCJKjp-Bold``), so the names are read from there as well.
    """
    rows = _run("pdffonts", str(sample_pdf)).splitlines()[2:]
    assert rows
    for row in rows:
        emb, _sub, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row
    names = [row.split()[0] for row in rows]
    names += [m.decode() for m in re.findall(rb"/FontName\s*/([^\s/<>\[\]]+)", sample_pdf.read_bytes())]
    assert any(re.search(r"NotoSans(Mono)?CJK|IPA", name, re.I) for name in names), names


@pytest.mark.slow
def test_pdf_text_reads_back_in_japanese(sample_pdf: Path, poppler: None) -> None:
    text = _run("pdftotext", "-layout", "-enc", "UTF-8", str(sample_pdf), "-")
    for expected in ("売却の見通し", "任意売却", "1,850万円", "-610万円", "競売", "残債"):
        assert expected in text, (expected, text)
    row = next(line for line in text.splitlines() if "任意売却" in line)
    assert re.search(r"任意売却\s+1,850万円\s+-120万円", row), row


@pytest.mark.slow
def test_pdf_page_renders_ink(sample_pdf: Path, poppler: None, artifacts: Path, tmp_path: Path) -> None:
    """The first page at 60 dpi is an A4-sized PNG with text and chart ink (kept for eyes)."""
    _run("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(sample_pdf),
         str(artifacts / "pdf-sample-page1"))
    png = (artifacts / "pdf-sample-page1.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (496, 702)  # 210 × 297 mm at 60 dpi

    _run("pdftoppm", "-r", "60", "-gray", "-f", "1", "-l", "1", "-singlefile", str(sample_pdf),
         str(tmp_path / "page"))
    header, pixels = _read_pgm(tmp_path / "page.pgm")
    assert header == (496, 702)
    dark = sum(1 for value in pixels if value < 128)
    # The two bars alone are 120×130 and 120×90 CSS px = about 11,000 pixels at 60 dpi; text adds more.
    assert 8_000 < dark < len(pixels) // 4, dark
    top_band = pixels[: width * 120]  # heading and table sit in the top 120 rows (about 5 cm)
    assert sum(1 for value in top_band if value < 128) > 500


def _read_pgm(path: Path) -> tuple[tuple[int, int], bytes]:
    """A binary (P5, 8-bit) PGM as written by pdftoppm: its size and its gray bytes."""
    data = path.read_bytes()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert match is not None, data[:20]
    width, height = int(match[1]), int(match[2])
    pixels = data[match.end():]
    assert len(pixels) == width * height
    return (width, height), pixels


# --- failure paths: never a partial or stale-looking file ------------------------------------------

def _fake_chromium(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-chromium"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_missing_output_folder_is_an_input_error(tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "report.pdf"
    with pytest.raises(InputError) as caught:
        html_to_pdf(SAMPLE, out, chromium="/nonexistent/chromium")
    assert caught.value.field == "--pdf"
    assert "no-such-folder" in caught.value.message_ja
    assert "does not exist" in caught.value.message_en
    assert not out.parent.exists()


def test_output_that_is_a_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        html_to_pdf(SAMPLE, tmp_path, chromium="/nonexistent/chromium")
    assert caught.value.field == "--pdf"


@pytest.mark.parametrize(
    ("body", "reason_en"),
    [
        ("echo 'boom: no display' >&2; exit 1", "exited with status 1: boom: no display"),
        ("exit 0", "it wrote nothing"),
        ('for a; do case $a in --print-to-pdf=*) echo "<html>" > "${a#--print-to-pdf=}";; esac; done',
         "its output is not a PDF"),
    ],
)
def test_failing_chromium_leaves_no_file(tmp_path: Path, body: str, reason_en: str) -> None:
    fake = _fake_chromium(tmp_path, body)
    out = tmp_path / "report.pdf"
    with pytest.raises(ZansaiError) as caught:
        html_to_pdf(SAMPLE, out, chromium=fake)
    assert reason_en in caught.value.message_en
    assert str(out) in caught.value.message_ja
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-chromium"]


def test_failure_keeps_an_existing_pdf_untouched(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"%PDF-1.4 previous report")
    with pytest.raises(ZansaiError):
        html_to_pdf(SAMPLE, out, chromium=_fake_chromium(tmp_path, "exit 3"))
    assert out.read_bytes() == b"%PDF-1.4 previous report"


@pytest.mark.slow
def test_hanging_chromium_times_out_and_is_killed(tmp_path: Path) -> None:
    """The browser and its helpers (here a child sleep) die with the timeout."""
    marker = tmp_path / "still-alive"
    fake = _fake_chromium(tmp_path, f"(sleep 1; touch {marker}) & sleep 30")
    started = time.monotonic()
    with pytest.raises(ZansaiError) as caught:
        html_to_pdf(SAMPLE, tmp_path / "report.pdf", chromium=fake, timeout=0.5)
    assert time.monotonic() - started < 10
    assert "did not finish within 0.5 s" in caught.value.message_en
    time.sleep(1.5)
    assert not marker.exists()
    assert not (tmp_path / "report.pdf").exists()


def test_chromium_that_cannot_start(tmp_path: Path) -> None:
    with pytest.raises(ZansaiError) as caught:
        html_to_pdf(SAMPLE, tmp_path / "report.pdf", chromium=str(tmp_path / "missing-chromium"))
    assert "did not start" in caught.value.message_en
    assert not (tmp_path / "report.pdf").exists()


def test_find_chromium_env_pointing_nowhere_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZANSAI_CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(ZansaiError) as caught:
        find_chromium()
    assert caught.value.field == "ZANSAI_CHROMIUM"


def test_find_chromium_env_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _fake_chromium(tmp_path, "exit 0")
    monkeypatch.setenv("ZANSAI_CHROMIUM", fake)
    assert find_chromium() == fake


def test_find_chromium_absent_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZANSAI_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ZansaiError) as caught:
        find_chromium()
    assert caught.value.message_ja == (
        "PDF を作るには Chromium が必要です（sudo apt-get install chromium fonts-noto-cjk）")
    assert caught.value.message_en == (
        "making a PDF needs Chromium (sudo apt-get install chromium fonts-noto-cjk)")

