"""Charts for the results page and the printed report, drawn on the server as inline SVG.

No JavaScript, no web fonts, no external references: each chart is one ``<svg>`` element that
prints the same in a PDF made by Chromium. Patterns and labels (not colour alone) tell the
parts apart in black and white. Money stays integer yen and every figure comes from the plan;
only coordinates are floats. The ``<svg>`` carries no ``xmlns``: it is meant to be inlined in
HTML, where the parser puts it in the SVG namespace (a standalone ``.svg`` file would need the
attribute added).

``svg`` holds what every chart is drawn with; one module per chart. Each chart also has a narrow
variant for phones (320 wide, 13-px text, so it stays readable when the page is 360 px wide).
``page_charts`` gives a page each chart once, as that variant, which scales with its ``viewBox``:
it is what a phone and the printed A4 report show, and a wide screen shows it at a reading width
(so a page does not carry each chart twice). The charts' stylesheet comes once per page too.
"""

import re
from typing import Any

from markupsafe import Markup

from zansai.engine.plan import Plan
from zansai.report.charts.balance import balance_chart
from zansai.report.charts.property_division import property_division_chart
from zansai.report.charts.svg import STYLE_ELEMENT, yen_label
from zansai.report.charts.timeline import timeline_chart
from zansai.report.charts.timeline_list import timeline_list
from zansai.report.charts.waterfall import waterfall_chart

__all__ = ["balance_chart", "page_charts", "property_division_chart", "timeline_chart", "timeline_list",
           "waterfall_chart", "yen_label"]


def page_charts(plan: Plan, lang: str) -> dict[str, Any]:
    """The charts of a results page or report, each drawn once: the balance, the timeline as a
    vertical list with dates, the waterfalls and the division as narrow charts; ``style`` is the
    charts' stylesheet, which the page writes once (the charts here leave their own copy out)."""
    split = property_division_chart(plan, lang, narrow=True)
    waterfalls = {e.key: waterfall_chart(e, lang, narrow=True) for e in plan.exits if e.price > 0}
    return {
        "balance": _shared_style(balance_chart(plan, lang, narrow=True)),
        "timeline": timeline_list(plan, lang) if plan.timeline is not None else None,
        "division": _shared_style(split) if split else None,
        "waterfalls": dict(zip(waterfalls, map(_shared_style, _shared_patterns(list(waterfalls.values()))),
                               strict=True)),
        "style": Markup(STYLE_ELEMENT),
    }


_PATTERN = re.compile(r'<pattern id="([^"]+)"(.*?)</pattern>', re.S)


def _shared_patterns(charts: list[Markup]) -> list[Markup]:
    """``charts`` (drawn on one page, in this order) with each hatch defined once: a later chart
    fills with the first chart's identical pattern instead of carrying its own copy."""
    first: dict[str, str] = {}  # a pattern's markup without its id -> the id that defines it
    out = []
    for chart in charts:
        text = str(chart)
        for m in list(_PATTERN.finditer(text)):
            shared = first.setdefault(m.group(2), m.group(1))
            if shared != m.group(1):
                text = text.replace(m.group(0), "", 1).replace(f"url(#{m.group(1)})", f"url(#{shared})")
        out.append(Markup(text.replace("<defs></defs>", "")))
    return out


def _shared_style(chart: Markup) -> Markup:
    """``chart`` without its own ``<style>`` (the page has the one copy)."""
    return Markup(str(chart).replace(STYLE_ELEMENT, "", 1))
