"""The results page on a phone lays out only what is on screen, and nothing a reader uses changes.

Each section below the answer is laid out when it scrolls near (``content-visibility: auto`` in
style.css; issue 19: the page on a slow phone within 1 s, bench/quick.py). The first example's
results (examples/seed1-short-sale.toml, docs/sources/seed1-short-sale.md) are long: nine exits,
the 配分表, the timeline and five ways to settle the remaining debt.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect
from tests.browser.reading import PHONE, saved_case_url

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"
DRAWN = "e => e.checkVisibility({contentVisibilityAuto: true})"
"""True when the element is drawn: false inside a section skipped because it is off screen."""


@pytest.fixture(scope="module")
def seed1_url(live_server: str) -> str:
    return saved_case_url(live_server, SEED1, "phone speed")




@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sections_below_the_screen_are_drawn_when_scrolled_near(phone: Page, seed1_url: str,
                                                                 lang: str) -> None:
    phone.goto(f"{seed1_url}?lang={lang}", wait_until="load")
    assert phone.locator("#verdict .sentence").evaluate(DRAWN)
    routes = phone.locator("#routes table").first
    assert not routes.evaluate(DRAWN)  # far below the first screen: not laid out yet
    routes.scroll_into_view_if_needed()
    expect(routes).to_be_visible()
    for _ in range(50):  # drawn on the next frame
        if routes.evaluate(DRAWN):
            break
        phone.wait_for_timeout(100)
    assert routes.evaluate(DRAWN)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_term_far_down_opens_as_the_phone_sheet(phone: Page, seed1_url: str) -> None:
    """The containment of an off-screen section must not hold the definition sheet, which is fixed
    to the bottom of the screen (terms.css), nor clip it at the section's edge."""
    phone.goto(seed1_url, wait_until="load")
    term = phone.locator("#routes span.term").first
    term.scroll_into_view_if_needed()
    term.tap()
    sheet = term.locator("[role=tooltip]")
    expect(sheet).to_be_visible()
    box = sheet.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert abs(box["y"] + box["height"] - (PHONE["height"] - 8)) <= 2  # .5rem above the screen's bottom
    section = phone.locator("#routes")
    assert section.evaluate("e => getComputedStyle(e).contentVisibility") == "visible"


def test_a_link_to_a_panel_far_down_opens_it(phone: Page, seed1_url: str) -> None:
    """An address with a panel's anchor scrolls to it although its section was not laid out."""
    phone.goto(f"{seed1_url}#why-route-bankruptcy", wait_until="load")
    summary = phone.locator("#why-route-bankruptcy > summary")
    expect(summary).to_be_in_viewport()
    summary.click()
    expect(phone.locator("#why-route-bankruptcy .why-body").first).to_be_visible()
