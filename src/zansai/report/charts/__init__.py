"""Charts for the results page and the printed report, drawn on the server as inline SVG.

No JavaScript, no web fonts, no external references: each chart is one ``<svg>`` element that
prints the same in a PDF made by Chromium. Patterns and labels (not colour alone) tell the
parts apart in black and white. Money stays integer yen and every figure comes from the plan;
only coordinates are floats. The ``<svg>`` carries no ``xmlns``: it is meant to be inlined in
HTML, where the parser puts it in the SVG namespace (a standalone ``.svg`` file would need the
attribute added).

``svg`` holds what every chart is drawn with; one module per chart. Each chart also has a narrow
variant for phones (320 wide, 13-px text, so it stays readable when the page is 360 px wide);
``page_charts`` gives a page both, and the stylesheet shows one.
"""

from typing import Any

from zansai.engine.plan import Plan
from zansai.report.charts.balance import balance_chart
from zansai.report.charts.property_division import property_division_chart
from zansai.report.charts.svg import responsive, yen_label
from zansai.report.charts.timeline import timeline_chart
from zansai.report.charts.timeline_list import timeline_list
from zansai.report.charts.waterfall import waterfall_chart

__all__ = ["balance_chart", "page_charts", "property_division_chart", "timeline_chart", "timeline_list",
           "waterfall_chart", "yen_label"]


def page_charts(plan: Plan, lang: str) -> dict[str, Any]:
    """The charts of a results page or report: the balance, the timeline (a vertical list on narrow
    screens) and the division as wide and narrow variants; the waterfalls only narrow (they sit
    side by side on a wide screen and in print)."""
    wide = property_division_chart(plan, lang)
    narrow = property_division_chart(plan, lang, narrow=True)
    return {
        "balance": responsive(balance_chart(plan, lang), balance_chart(plan, lang, narrow=True)),
        "timeline": responsive(timeline_chart(plan, lang), timeline_list(plan, lang))
        if plan.timeline is not None else None,
        "division": responsive(wide, narrow) if wide and narrow else None,
        "waterfalls": {e.key: waterfall_chart(e, lang, narrow=True) for e in plan.exits if e.price > 0},
    }
