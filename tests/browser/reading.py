"""Reading a page as its reader does (helpers for the browser tests)."""

from __future__ import annotations

from playwright.sync_api import Locator


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
