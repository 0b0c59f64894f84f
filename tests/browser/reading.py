"""Reading a page as its reader does (helpers for the browser tests)."""

from __future__ import annotations

import json
import tomllib
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator

PHONE = {"width": 390, "height": 844}
"""The phone the pages are checked on (CSS pixels)."""


def said(locator: Locator) -> str:
    """A sentence as the reader reads it: its text without the definitions of the legal terms
    inside it (each term carries its definition in a hidden tooltip, shown on tap or focus)."""
    text: str = locator.evaluate(
        "e => { const c = e.cloneNode(true); c.querySelectorAll('[role=tooltip]')"
        ".forEach(x => x.remove()); return c.textContent.replace(/\\s+/g, ' ').trim() }")
    return text


WHOLE_PAGE = "main > section { content-visibility: visible !important; }"
"""The ``style`` for a full-page screenshot of the results: its sections below the first screen
are laid out only when scrolled near (style.css), so a capture of the whole page draws them all."""


def saved_case_url(base: str, case_file: Path, title: str) -> str:
    """Save ``case_file`` through the API of the app at ``base`` and give its results page's URL."""
    data = jsonable(tomllib.loads(case_file.read_text(encoding="utf-8")))
    body = json.dumps({"title": title, "case": data}, ensure_ascii=False).encode()
    request = urllib.request.Request(base + "api/v1/cases", data=body, method="POST",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        case_id = json.loads(answer.read())["id"]
    return f"{base}cases/{case_id}"


def jsonable(value: Any) -> Any:
    """A parsed TOML value as JSON can carry it (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value
