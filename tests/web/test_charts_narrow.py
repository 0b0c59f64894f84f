"""The phone variants of the charts (issue 15 §6): 320 wide, 13-px text, every label inside the chart.

At 360 px a page's column is about 318 CSS px, so a 320-wide chart is drawn at about 1:1 and its 13-px text
stays over 12 px (tests/browser/test_phone.py measures it in Chromium). Here: every narrow chart of every
example case is well-formed, 320 wide, and no label (by its estimated width) runs past either edge.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from zansai.case import load_case
from zansai.engine.plan import plan
from zansai.report.charts import (
    balance_chart,
    page_charts,
    property_division_chart,
    timeline_list,
    waterfall_chart,
)
from zansai.report.charts.svg import NARROW_FONT, NARROW_WIDTH, text_width

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES = ("seed1-short-sale", "seed2-divorce-overloan", "seed2-divorce-separate-property", "trade-up",
         "condo-jhf-arrears", "leaseback-retiree")


def _labels_inside(markup: object) -> list[str]:
    """The labels that run past the chart's edges (heading 15 px, others 13 px)."""
    root = ET.fromstring(str(markup))
    assert root.get("viewBox", "").split()[2] == str(NARROW_WIDTH)
    assert "zc-n" in root.get("class", "").split()
    out = []
    for t in root.iter("text"):
        s, x = "".join(t.itertext()), float(t.get("x", "0"))
        w = text_width(s, 15 if "zc-heading" in t.get("class", "") else NARROW_FONT)
        anchor = t.get("text-anchor", "start")
        left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        if left < 0 or left + w > NARROW_WIDTH:
            out.append(s)
    return out


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_narrow_charts_keep_their_labels_inside(name: str, lang: str) -> None:
    case, book = load_case(str(EXAMPLES / f"{name}.toml"))
    p = plan(case, book)
    charts = [balance_chart(p, lang, narrow=True)]
    charts += [waterfall_chart(e, lang, narrow=True) for e in p.exits if e.price > 0]
    division = property_division_chart(p, lang, narrow=True)
    if division is not None:
        charts.append(division)
    assert len(charts) > 1
    for chart in charts:
        assert _labels_inside(chart) == []


def test_page_charts_give_each_chart_once_with_one_stylesheet() -> None:
    """Seed 1 (docs/sources/seed1-short-sale.md): the page gets each chart once (the narrow balance chart,
    the timeline as its vertical list with every milestone's date, narrow waterfalls), and the charts'
    stylesheet once for the page, not in every chart."""
    case, book = load_case(str(EXAMPLES / "seed1-short-sale.toml"))
    p = plan(case, book)
    charts = page_charts(p, "ja")
    assert str(charts["balance"]).count("<svg") == 1
    assert 'class="zc-chart zc-balance zc-n"' in str(charts["balance"])
    assert 'aria-labelledby="zc-balance-narrow-title zc-balance-narrow-desc"' in str(charts["balance"])
    assert "<svg" not in str(charts["timeline"])
    listing = str(timeline_list(p, "ja"))
    assert str(charts["timeline"]) == listing
    assert listing.count("<li") == len(p.timeline.milestones) + 1 + 2 + len(p.timeline.windows)
    for m in p.timeline.milestones:
        assert m.typical.isoformat() in listing
    assert all("zc-n" in str(w) for w in charts["waterfalls"].values())
    drawn = [str(charts["balance"]), *map(str, charts["waterfalls"].values())]
    assert len(drawn) == 1 + 7  # seven exits with a price (docs/sources/seed1-short-sale.md)
    assert all("<style>" not in chart for chart in drawn)
    assert str(charts["style"]).count("<style>") == 1
    assert ".zc-chart .zc-bar.zc-neg{fill:#c62828}" in str(charts["style"])
    page = "".join(drawn)
    assert page.count("<pattern ") == 2  # the waterfalls' two hatches, defined once for all seven
    defined = set(re.findall(r'<pattern id="([^"]+)"', page))
    used = re.findall(r"url\(#([^)]+)\)", page)
    assert len(used) == 7 * 3  # costs and repayment hatched, the shortfall red-hatched, in each
    assert set(used) == defined
    assert charts["division"] is None
