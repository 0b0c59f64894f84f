"""Legal terms explained where they stand, on a phone (390×844) and by keyboard (issue 15 §5).

A dotted term shows its definition on tap, hover or keyboard focus, without JavaScript doing the
work (the CSS does), inside the screen and never widening the page; Escape closes it. The glossary
page lists the same definitions. The first example's results (examples/seed1-short-sale.toml,
docs/sources/seed1-short-sale.md) say オーバーローン and 任意売却 in their first lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect
from tests.browser.reading import PHONE, saved_case_url

from zansai.report import terms

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"


@pytest.fixture(scope="module")
def seed1_url(live_server: str) -> str:
    return saved_case_url(live_server, SEED1, "terms")




def _inside_the_screen(page: Page, selector: str, width_before: int) -> None:
    """The definition is wholly on screen, and opening it did not make the page any wider."""
    box = page.locator(selector).bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] + box["height"] <= PHONE["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width_before


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_tap_shows_the_definition_inside_a_phone_screen(phone: Page, seed1_url: str, lang: str,
                                                         artifacts: Path) -> None:
    phone.goto(f"{seed1_url}?lang={lang}")
    term = phone.locator("#verdict .term").first
    tooltip = term.locator("[role=tooltip]")
    assert not tooltip.is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    term.tap()
    assert tooltip.is_visible()
    term_id = (tooltip.get_attribute("id") or "").removeprefix("term-")
    assert terms.by_id()[term_id].definition(lang) in tooltip.inner_text()
    _inside_the_screen(phone, f"#term-{term_id}", width)
    phone.screenshot(path=str(artifacts / f"terms-tap-{lang}.png"))
    phone.locator("h1").tap()  # tapping elsewhere closes it
    assert not tooltip.is_visible()


def test_the_keyboard_reaches_a_term_and_escape_closes_it(phone: Page, seed1_url: str) -> None:
    phone.goto(seed1_url)
    first = phone.locator(".term").first
    first.focus()
    tooltip = first.locator("[role=tooltip]")
    assert tooltip.is_visible()
    described = first.get_attribute("aria-describedby")
    assert described == tooltip.get_attribute("id")
    phone.keyboard.press("Escape")
    assert not tooltip.is_visible()
    phone.keyboard.press("Tab")  # focus moves on (to the glossary link inside, or the next control)
    first.focus()
    phone.keyboard.press("Shift+Tab")
    first.focus()
    assert tooltip.is_visible()  # leaving and coming back opens it again


def test_hover_shows_the_definition_on_a_laptop(page: Page, seed1_url: str) -> None:
    page.goto(seed1_url)
    term = page.locator("#verdict .term").first
    term.hover()
    assert term.locator("[role=tooltip]").is_visible()
    page.mouse.move(0, 0)
    assert not term.locator("[role=tooltip]").is_visible()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_repeat_in_a_why_panel_shows_the_pages_one_definition(phone: Page, seed1_url: str,
                                                                lang: str) -> None:
    """Seed 1: 滞納 (arrears) is defined once, where it first stands; its repeat in the "why?" panel of
    what is owed carries no copy but is described by that one definition, and a tap shows it on screen."""
    phone.goto(f"{seed1_url}?lang={lang}")
    assert phone.locator("#term-arrears").count() == 1
    panel = phone.locator("#why-owed")
    panel.locator("summary").first.tap()
    repeat = panel.locator("p.plain .term-ref[data-def='term-arrears']")
    assert repeat.get_attribute("aria-describedby") == "term-arrears"
    assert repeat.locator(".term-def").count() == 0
    width = phone.evaluate("document.documentElement.scrollWidth")
    repeat.tap()
    shown = repeat.locator(".term-def")
    assert shown.is_visible()
    assert terms.by_id()["arrears"].definition(lang) in shown.inner_text()
    assert shown.get_attribute("aria-hidden") == "true"  # read once, through aria-describedby
    box = shown.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    phone.locator("h1").tap()
    assert not shown.is_visible()


def test_the_why_panel_opens_on_a_plain_sentence(phone: Page, seed1_url: str) -> None:
    phone.goto(seed1_url)
    panel = phone.locator("#why-owed")
    panel.locator("summary").first.tap()
    assert panel.locator("p.plain").is_visible()
    assert not panel.locator(".step").first.is_visible()  # the formulas wait one click below
    panel.locator(".why-detail > summary").tap()
    expect(panel.locator(".step").first).to_be_visible()  # fetched when first opened


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_glossary_page_on_a_phone(phone: Page, live_server: str, lang: str, artifacts: Path) -> None:
    phone.goto(f"{live_server}terms?lang={lang}")
    assert phone.locator("dl.glossary dt").count() == len(terms.catalog())
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.locator("header.top a[href='/terms']").wait_for()
    phone.screenshot(path=str(artifacts / f"terms-glossary-{lang}.png"), full_page=True)
