"""The web app's PDF printer: one warm Chromium (report/warm_pdf.py), shut down with the app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from zansai.report.warm_pdf import WarmPrinter


def printer_of(request: Any) -> WarmPrinter:
    """The app's printer (its browser starts on the first PDF)."""
    printer: WarmPrinter = request.app.state.printer
    return printer


def print_pdf(request: Any, html: str, name: str) -> bytes:
    """The PDF of ``html``; ``name`` is the file the user downloads (named in an error)."""
    return printer_of(request).print_pdf(html, Path(name))


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Close the browser when the app stops: no Chromium outlives ``zansai serve``."""
    try:
        yield
    finally:
        app.state.printer.close()
