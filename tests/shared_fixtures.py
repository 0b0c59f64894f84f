"""Fixtures that tests/web and tests/browser share: system tools, tests/artifacts and a live server.

Nothing here imports Playwright, so the web, PDF and CLI-web tests run without it; the browser fixtures
are in tests/browser/conftest.py. Each conftest imports the fixtures it uses by name.

The tools come from Debian packages that ``./dev`` installs (chromium, fonts-noto-cjk, poppler-utils).
Under CI a missing tool is a failure; locally the test is skipped with the package to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pytest

from zansai.errors import ZansaiError
from zansai.report.pdf import find_chromium

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def require_tool(name: str, package: str) -> str:
    """The path of command ``name``; when it is missing, fail under CI (skip locally) naming ``package``."""
    if name == "chromium":  # honour $ZANSAI_CHROMIUM and the other names, as the PDF code does
        try:
            found: str | None = find_chromium()
        except ZansaiError:
            found = None
    else:
        found = shutil.which(name)
    if not found:
        _missing(f"{name} is missing", package)
    return found


def require_cjk_font() -> None:
    """A Japanese font that fontconfig (and so Chromium) can find: Noto Sans CJK or IPA."""
    fc_list = require_tool("fc-list", "fontconfig")
    families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=True).stdout
    if "Noto Sans CJK" not in families and "IPA" not in families:
        _missing("no Japanese font (Noto Sans CJK or IPA) is installed", "fonts-noto-cjk")


def _missing(what: str, package: str) -> NoReturn:
    message = f"{what}: install the Debian package {package} (./dev does; or: sudo apt-get install {package})"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium for html_to_pdf, with the CJK font it needs to print Japanese."""
    require_cjk_font()
    return require_tool("chromium", "chromium")


@pytest.fixture(scope="session")
def poppler() -> None:
    """pdffonts, pdfinfo, pdftotext and pdftoppm, to read a PDF back."""
    for tool in ("pdffonts", "pdfinfo", "pdftotext", "pdftoppm"):
        require_tool(tool, "poppler-utils")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts: screenshots and rasterized pages to look at by eye (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m zansai serve --port 0`` on a fresh database, as a subprocess; yields its URL.
    Terminated at session end."""
    where = tmp_path_factory.mktemp("live-server")
    with serving(where / "cases.sqlite3", where) as url:
        yield url


@contextmanager
def serving(db: Path, where: Path) -> Iterator[str]:
    """``python -m zansai serve --port 0 --db DB`` as a subprocess; yields its URL.

    The server prints ``zansai: http://127.0.0.1:PORT/ ...`` on its first line of stdout before uvicorn
    binds the port, so we read that line, then poll /api/v1/health until it answers. Output goes to a
    log file in ``where`` (a pipe nobody drains could fill up and stall the server).
    """
    log_path = where / "serve.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("ZANSAI_TOKEN", None)
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "zansai", "serve", "--port", "0", "--db", str(db)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 30
        url = ""
        while True:
            text = log_path.read_text(encoding="utf-8", errors="replace")
            first = text.partition("\n")[0]
            if not url and first.startswith("zansai: http://"):
                url = first.split()[1]
            if url:
                try:
                    with urllib.request.urlopen(url + "api/v1/health", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"zansai serve did not start:\n{text}", pytrace=False)
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
