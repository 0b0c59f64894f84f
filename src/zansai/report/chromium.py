"""Headless Chromium itself: finding it, its flags, its throwaway folders, its errors, and the
one-shot ``chromium --print-to-pdf`` subprocess (the fallback when the DevTools pipe fails).

report/warm_pdf.py drives the same browser over the DevTools pipe; report/pdf.py is the entry point.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from zansai.errors import ZansaiError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = "sudo apt-get install chromium fonts-noto-cjk"

# Headless printing flags. The background-networking group keeps Chromium from calling Google hosts
# (update checks, sync, QUIC probes): offline it would otherwise stall or log errors. The web app's
# warm browser and the CLI's (report/warm_pdf.py) start with the same flags.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-pdf-header-footer",
    # Nothing a report needs: extensions (Debian's launcher loads its folder), crash reporting,
    # default apps and the browser check. (--no-zygote was measured: more CPU per print, not less;
    # --single-process is unsafe.)
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-default-apps",
    "--disable-breakpad",
    "--no-default-browser-check",
)


def find_chromium() -> str:
    """The Chromium executable: ``$ZANSAI_CHROMIUM``, else the first of CHROMIUM_NAMES on PATH."""
    override = os.environ.get("ZANSAI_CHROMIUM")
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override
        raise ZansaiError(
            f"ZANSAI_CHROMIUM が指す {override} は実行できるファイルではありません",
            f"ZANSAI_CHROMIUM points to {override}, which is not an executable file",
            field="ZANSAI_CHROMIUM",
        )
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ZansaiError(
        f"PDF を作るには Chromium が必要です（{INSTALL_HINT}）",
        f"making a PDF needs Chromium ({INSTALL_HINT})",
    )


def print_subprocess(html: str, target: Path, *, chromium: str | None = None, timeout: float = 60) -> bytes:
    """The PDF bytes of ``html`` from ``chromium --print-to-pdf`` (the fallback when the pipe fails)."""
    exe = chromium or find_chromium()
    with profile_dir() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(tmp) / "report.pdf"
        command = [
            exe,
            *FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        _run(command, target, timeout)
        data = printed.read_bytes() if printed.is_file() else b""
    if not data.startswith(b"%PDF-"):
        reason_ja, reason_en = ("出力が空です", "it wrote nothing") if not data else (
            "出力が PDF ではありません", "its output is not a PDF")
        raise _failed(target, reason_ja, reason_en)
    return data


def profile_dir() -> tempfile.TemporaryDirectory[str]:
    """A throwaway folder for a browser profile (and the fallback's HTML), in memory (``/dev/shm``)
    where there is one: Chromium writes some 170 small files into its profile at start, and removing
    them from a disk took about 0.3 s."""
    shm = "/dev/shm"
    where = shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None
    return tempfile.TemporaryDirectory(prefix="zansai-pdf-", dir=where, ignore_cleanup_errors=True)


def _run(command: list[str], target: Path, timeout: float) -> None:
    """Run Chromium in its own process group, so a timeout also ends its helper processes."""
    try:
        proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        reason_ja, reason_en = f"Chromium を起動できません（{exc}）", f"Chromium did not start ({exc})"
        raise _failed(target, reason_ja, reason_en) from exc
    with proc:
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise timed_out(target, timeout) from None
        finally:
            _kill_group(proc)  # on a timeout, and any helper that outlives a finished browser
    if proc.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        last = f": {lines[-1][:200]}" if lines else ""
        raise _failed(
            target,
            f"Chromium が終了コード {proc.returncode} で失敗しました{last}",
            f"Chromium exited with status {proc.returncode}{last}",
        )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return
    proc.wait()


def timed_out(target: Path, timeout: float) -> ZansaiError:
    """The error of a browser that did not finish a PDF within ``timeout`` seconds."""
    return _failed(target, f"{timeout:g} 秒以内に終わりませんでした",
                   f"it did not finish within {timeout:g} s")


def _failed(target: Path, reason_ja: str, reason_en: str) -> ZansaiError:
    return ZansaiError(
        f"PDF {target} を作れませんでした: {reason_ja}",
        f"could not make the PDF {target}: {reason_en}",
    )
