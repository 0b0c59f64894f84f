"""HTML report → PDF through headless Chromium (no Playwright: the CLI needs only the browser).

The report sets its own paper with CSS (``@page { size: A4; margin: … }``) and must be self-contained
(inline CSS and SVG): it is loaded into a blank tab over the DevTools pipe (report/warm_pdf.py), or,
in the fallback, printed by ``chromium --print-to-pdf`` from a temporary folder (report/chromium.py).
Japanese text needs a CJK font that Chromium can find (Debian: ``fonts-noto-cjk``).
"""

from __future__ import annotations

import os
from pathlib import Path

from zansai.outfile import Outputs
from zansai.report.chromium import FLAGS, find_chromium, print_subprocess, timed_out
from zansai.report.warm_pdf import OneShotPrinter

__all__ = ["FLAGS", "find_chromium", "html_to_pdf", "print_pdf", "print_subprocess", "start_printer",
           "timed_out"]


def html_to_pdf(
    html: str, out: str | os.PathLike[str], *, chromium: str | None = None, timeout: float = 60
) -> Path:
    """Print ``html`` to the PDF file ``out``; all or nothing (an existing ``out`` is kept on failure)."""
    with Outputs() as outputs:
        file = outputs.add("--pdf", out)
        file.write(print_pdf(html, file.target, chromium=chromium, timeout=timeout))
        outputs.commit()
    return file.target


def start_printer(chromium: str | None = None, timeout: float = 60) -> OneShotPrinter:
    """A browser for one PDF, starting now in the background (the caller plans and renders the report
    meanwhile); use it in a ``with`` block so it ends even when no PDF is printed. Raises the
    bilingual "needs Chromium" error at once when there is none."""
    return OneShotPrinter(chromium or find_chromium(), timeout)


def print_pdf(html: str, target: Path, *, chromium: str | None = None, timeout: float = 60) -> bytes:
    """The PDF bytes of ``html`` (``target`` only names the file in an error message): printed over
    the DevTools pipe (report/warm_pdf.py), else by the ``--print-to-pdf`` subprocess."""
    with start_printer(chromium, timeout) as printer:
        return printer.print_pdf(html, target)


