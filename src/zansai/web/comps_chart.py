"""The comparables page's scatter: price per m² (㎡単価) against the quarter of the sale, drawn on
the server as SVG in the charts' narrow style (``report/charts/svg``), and its text summary
(count, median, 25th–75th percentile) for screen readers and for anyone who prefers words.

Percentiles interpolate linearly between the sorted prices (the usual "type 7" definition) and are
rounded down to the yen; they describe the comparables shown, not a valuation.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from markupsafe import Markup

from zansai.report.charts.svg import NARROW_WIDTH, Scale, Svg, chart_id, nice_range, y_axis
from zansai.report.i18n import ui, yen

HEIGHT = 260
LEFT, RIGHT, TOP_GAP, BOTTOM = 70, 12, 14, 34


@dataclass(frozen=True, slots=True)
class Summary:
    """How the prices per m² of the comparables shown spread (integer yen)."""

    count: int
    median: int
    p25: int
    p75: int

    def sentence(self, lang: str) -> str:
        return (ui("cw_summary", lang).replace("{count}", f"{self.count:,}")
                .replace("{median}", yen(self.median, lang)).replace("{p25}", yen(self.p25, lang))
                .replace("{p75}", yen(self.p75, lang)))


def percentile(sorted_values: list[int], p: Fraction) -> int:
    """The ``p`` quantile (0–1) of sorted integers, linearly interpolated, rounded down."""
    pos = p * (len(sorted_values) - 1)
    i = int(pos)
    if i + 1 >= len(sorted_values):
        return sorted_values[-1]
    exact = sorted_values[i] + (pos - i) * (sorted_values[i + 1] - sorted_values[i])
    return int(exact // 1)


def points(comparables: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(quarter index, price per m²) of every comparable that has a price per m² (JSON shape)."""
    out = []
    for c in comparables:
        if c["price_per_m2"] is None:
            continue
        year, quarter = c["period"].split("Q")
        out.append((int(year) * 4 + int(quarter) - 1, int(c["price_per_m2"])))
    return out


def summary(comparables: list[dict[str, Any]]) -> Summary | None:
    values = sorted(v for _, v in points(comparables))
    if not values:
        return None
    return Summary(len(values), percentile(values, Fraction(1, 2)), percentile(values, Fraction(1, 4)),
                   percentile(values, Fraction(3, 4)))


def _quarter_label(index: int) -> str:
    return f"{index // 4}Q{index % 4 + 1}"


def scatter(comparables: list[dict[str, Any]], lang: str) -> Markup | None:
    """The scatter (None when no comparable shown has a price per m²)."""
    pts = points(comparables)
    found = summary(comparables)
    if not pts or found is None:
        return None
    svg = Svg(chart_id("comps", "scatter"), "scatter", NARROW_WIDTH, HEIGHT, ui("cw_chart_title", lang),
              f"{ui('cw_chart_desc', lang)} {found.sentence(lang)}", narrow=True)
    top = svg.top + TOP_GAP
    bottom = HEIGHT - BOTTOM
    lo, hi, step = nice_range(min(v for _, v in pts), max(v for _, v in pts), 4)
    if lo == hi:
        hi = lo + step
    ys = Scale(lo, hi, bottom, top)
    q0, q1 = min(q for q, _ in pts), max(q for q, _ in pts)
    pad = 1 if q0 == q1 else 0
    xs = Scale(q0 - pad, q1 + pad, LEFT + 8, NARROW_WIDTH - RIGHT - 8)
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    y_axis(svg, g, ys, lo, hi, step, LEFT, NARROW_WIDTH - RIGHT, lang)
    svg.line(g, LEFT, bottom, NARROW_WIDTH - RIGHT, bottom, "zc-axis")
    ticks = [q0, q1] if q0 != q1 else [q0]
    for q in ticks:
        svg.line(g, xs(q), bottom, xs(q), bottom + 4, "zc-axis")
        svg.text(g, xs(q), bottom + 18, _quarter_label(q), cls="zc-tick",
                 anchor="middle" if len(ticks) == 1 else ("start" if q == q0 else "end"))
    for q, v in pts:
        svg.el(g, "circle", {"cx": xs(q), "cy": ys(v), "r": 4.5, "class": "zc-dot"})
    for label, value, dy in (("P25", found.p25, 14), ("P75", found.p75, -4)):  # P25 below its line
        svg.line(g, LEFT, ys(value), NARROW_WIDTH - RIGHT, ys(value), "zc-marker")
        svg.text(g, NARROW_WIDTH - RIGHT - 2, ys(value) + dy, label, cls="zc-note", anchor="end", halo=True)
    return svg.markup()
