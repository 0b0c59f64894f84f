"""Charts for the results page and the printed report, drawn on the server as inline SVG.

No JavaScript, no web fonts, no external references: each chart is one ``<svg>`` element that
prints the same in a PDF made by Chromium. Patterns and labels (not colour alone) tell the
parts apart in black and white. Money stays integer yen and every figure comes from the plan;
only coordinates are floats. The ``<svg>`` carries no ``xmlns``: it is meant to be inlined in
HTML, where the parser puts it in the SVG namespace (a standalone ``.svg`` file would need the
attribute added).

``svg`` holds what every chart is drawn with; one module per chart.
"""

from zansai.report.charts.balance import balance_chart
from zansai.report.charts.property_division import property_division_chart
from zansai.report.charts.svg import yen_label
from zansai.report.charts.timeline import timeline_chart
from zansai.report.charts.waterfall import waterfall_chart

__all__ = ["balance_chart", "property_division_chart", "timeline_chart", "waterfall_chart", "yen_label"]
