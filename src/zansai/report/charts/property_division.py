"""財産分与 per spouse: the chosen method large, every other method below it, as bars either side
of zero (negative = 負担, the spouse's share of an overloan)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markupsafe import Markup

from zansai.engine.divorce import MethodResult, PropertyDivision
from zansai.engine.plan import Plan
from zansai.model import OverloanView
from zansai.money import Yen
from zansai.report.charts.svg import (
    NARROW_WIDTH,
    Attr,
    Scale,
    Svg,
    chart_id,
    check_lang,
    legend_row,
    nice_range,
    text_width,
    tick_label,
    tr,
    yen_label,
)

WIDTH = 960
TOP = 66.0
BIG, SMALL = 20, 12
"""Bar heights: the chosen method's, the others'."""


def property_division_chart(plan: Plan, lang: str, *, id_prefix: str = "zc",
                            narrow: bool = False) -> Markup | None:
    """財産分与 per spouse: the chosen method large, every other method below it, as bars either
    side of zero (negative = 負担, the spouse's share of an overloan).

    ``narrow``: 320 wide, each amount written on its own line above its bar (id ``…-division-narrow``)."""
    check_lang(lang)
    div = plan.property_division
    if div is None:
        return None
    clabel = div.chosen.label_ja if lang == "ja" else div.chosen.label_en
    view = _view_label(div.overloan, lang)
    title = tr(lang, f"財産分与（{clabel}{'・' + view if view else ''}）",
               f"Property division ({clabel}{', ' + view if view else ''})")
    if narrow:
        return _narrow_svg(div, lang, chart_id(id_prefix, "division", "narrow"), title,
                           _description(div, clabel, lang))
    return _property_division_svg(div, lang, chart_id(id_prefix, "division"), title,
                                  _description(div, clabel, lang))


def _view_label(view: OverloanView | None, lang: str) -> str:
    if view is OverloanView.NETTING:
        return tr(lang, "通算説", "netting view")
    if view is OverloanView.EXCLUSION:
        return tr(lang, "除外説", "exclusion view")
    return ""


def _share_text(name: str, amount: Yen, lang: str) -> str:
    if lang == "ja":
        return (f"{name}は{yen_label(-amount, 'ja')}を負担" if amount < 0
                else f"{name}は{yen_label(amount, 'ja')}を受け取り")
    return (f"{name} bears {yen_label(-amount, 'en')}" if amount < 0
            else f"{name} receives {yen_label(amount, 'en')}")


def _description(div: PropertyDivision, clabel: str, lang: str) -> str:
    """The chosen method's shares, the other methods' and the other overloan view's, in words."""
    a, b = div.spouses
    chosen = div.chosen
    sep = "。" if lang == "ja" else ". "
    parts = [tr(lang, f"{clabel}では、", f"Under {clabel}, ")
             + tr(lang, "、", ", ").join(_share_text(n, chosen.entitlement[n], lang) for n in (a, b))
             + tr(lang, f"ます（分ける純資産 {yen_label(div.net_estate, 'ja')}）",
                  f" (net estate {yen_label(div.net_estate, 'en')})")]
    others = [m for m in div.methods if not m.chosen]
    if others:
        parts.append(tr(lang, "ほかの方式: ", "Other methods: ") + tr(lang, "、", "; ").join(
            f"{m.label_ja if lang == 'ja' else m.label_en} {a} {yen_label(m.entitlement[a], lang)}"
            f" / {b} {yen_label(m.entitlement[b], lang)}" for m in others))
    if div.other_view is not None:
        ov = div.other_view
        parts.append(tr(lang, f"{_view_label(ov.overloan, lang)}では ", f"Under the "
                        f"{_view_label(ov.overloan, lang)}: ")
                     + f"{a} {yen_label(ov.chosen.entitlement[a], lang)} / "
                       f"{b} {yen_label(ov.chosen.entitlement[b], lang)}")
    return sep.join(parts) + sep.strip()


def _property_division_svg(div: PropertyDivision, lang: str, chart_id: str, title: str, desc: str) -> Markup:
    """The bars on a money axis wide enough for the labels at their ends, then the legend."""
    methods = list(div.methods)
    labels = [m.label_ja if lang == "ja" else m.label_en for m in methods]
    values = [v for m in methods for v in (m.entitlement[div.spouses[0]], m.entitlement[div.spouses[1]])]
    lo, hi, step = nice_range(min([0, *values]), max([0, *values]), 6)
    if lo == hi:
        hi = step
    label_w = max(text_width(s, 12) for s in labels) + 20
    left = min(max(label_w, 140.0), 340.0)
    # Labels sit outside the bar ends: leave room on the side(s) the bars grow towards.
    plot_l = left + (150.0 if lo < 0 else 20.0)
    plot_r = WIDTH - (150.0 if hi > 0 else 30.0)
    heights = [(BIG if m.chosen else SMALL) for m in methods]
    bottom = TOP + sum(2 * h + 16 for h in heights) + (16 if len(methods) > 1 else 0)
    svg = Svg(chart_id, "division", WIDTH, int(bottom + 60), title, desc)
    xs = Scale(lo, hi, plot_l, plot_r)
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    for v in range(lo, hi + 1, step):
        vx = xs(v)
        svg.line(g, vx, TOP - 4, vx, bottom, "zc-axis" if v == 0 else "zc-grid")
        svg.text(g, vx, bottom + 16, tick_label(v, lang), cls="zc-tick", anchor="middle")
    hatch = svg.pattern("spouse2", "#ffffff", "#1f5fa8")
    neg_hatch = svg.pattern("spouse2-neg", "#ffffff", "#c62828")
    y0 = TOP
    for i, (m, label, h) in enumerate(zip(methods, labels, heights, strict=True)):
        if i == 1:
            svg.text(g, 12, y0 + 12, tr(lang, "ほかの方式", "Other methods"), cls="zc-sub")
            y0 += 16
        _method_bars(svg, g, div.spouses, m, label, h, y0, left, xs, (hatch, neg_hatch), lang)
        y0 += 2 * h + 16
    _legend(svg, div.spouses, plot_l, bottom + 44, hatch, lang)
    return svg.markup()


def _method_bars(svg: Svg, g: ET.Element, spouses: tuple[str, str], m: MethodResult, label: str,
                 h: int, y0: float, left: float, xs: Scale, hatches: tuple[str, str], lang: str) -> None:
    """One method: its label, and a bar per spouse from zero with the amount at the bar's end (the
    second spouse's bar hatched, red below zero)."""
    hatch, neg_hatch = hatches
    x0 = xs(0)
    mg = svg.el(g, "g", {"class": "zc-method zc-chosen" if m.chosen else "zc-method"})
    chosen_mark = tr(lang, "（選んだ方式）", " (chosen)") if m.chosen else ""
    svg.text(mg, left - 10, y0 + h + 4, label + chosen_mark if m.chosen else label,
             cls="zc-sub" if m.chosen else "", anchor="end")
    for j, name in enumerate(spouses):
        v = m.entitlement[name]
        by = y0 + j * (h + 4)
        vx = xs(v)
        attrs: dict[str, Attr] = {"class": f"zc-bar zc-spouse-{j + 1} {'zc-neg' if v < 0 else 'zc-pos'}",
                                  "x": min(x0, vx), "y": by, "width": abs(vx - x0), "height": h}
        if j == 1:
            attrs["style"] = f"fill:{neg_hatch if v < 0 else hatch}"
        svg.el(mg, "rect", attrs)
        burden = tr(lang, "（負担）", " (to bear)") if v < 0 else ""
        text = f"{name} {yen_label(v, lang)}{burden}"
        if v < 0:
            svg.text(mg, vx - 6, by + h / 2 + 4, text, cls="zc-neg", anchor="end", halo=True)
        else:
            svg.text(mg, vx + 6, by + h / 2 + 4, text, halo=True)


def _legend(svg: Svg, spouses: tuple[str, str], lx: float, ly: float, hatch: str, lang: str) -> None:
    """A swatch per spouse and the red one for a burden."""
    lg = svg.el(svg.root, "g", {"class": "zc-legend"})
    for j, name in enumerate(spouses):
        attrs: dict[str, Attr] = {"class": f"zc-bar zc-pos zc-spouse-{j + 1}", "x": lx, "y": ly - 10,
                                  "width": 28, "height": 12}
        if j == 1:
            attrs["style"] = f"fill:{hatch}"
        svg.el(lg, "rect", attrs)
        lx = legend_row(svg, lg, lx, ly, name)
    svg.el(lg, "rect", {"class": "zc-bar zc-neg", "x": lx, "y": ly - 10, "width": 28, "height": 12})
    svg.text(lg, lx + 34, ly, tr(lang, "マイナス＝負担（赤）", "below zero = to bear (red)"))


def _narrow_svg(div: PropertyDivision, lang: str, chart_id: str, title: str, desc: str) -> Markup:
    """Per method its name, then per spouse "name amount" and a bar from zero (hatched for the
    second spouse, red below zero); zero is a vertical line through all the bars."""
    values = [v for m in div.methods for v in (m.entitlement[div.spouses[0]], m.entitlement[div.spouses[1]])]
    lo, hi = min([0, *values]), max([0, *values, 1])
    xs = Scale(lo, hi, 8.0, NARROW_WIDTH - 8.0)
    svg = Svg(chart_id, "division", NARROW_WIDTH, 400, title, desc, narrow=True)
    hatch = svg.pattern("spouse2", "#ffffff", "#1f5fa8")
    neg_hatch = svg.pattern("spouse2-neg", "#ffffff", "#c62828")
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    y = svg.top + 8
    for m in div.methods:
        label = m.label_ja if lang == "ja" else m.label_en
        mg = svg.el(g, "g", {"class": "zc-method zc-chosen" if m.chosen else "zc-method"})
        chosen = tr(lang, "（選んだ方式）", " (chosen)") if m.chosen else ""
        y = svg.lines(mg, 8, y + 24, label + chosen, cls="zc-sub")
        for j, name in enumerate(div.spouses):
            v = m.entitlement[name]
            burden = tr(lang, "（負担）", " (to bear)") if v < 0 else ""
            svg.text(mg, 8, y + 20, f"{name} {yen_label(v, lang)}{burden}", cls="zc-neg" if v < 0 else "")
            attrs: dict[str, Attr] = {
                "class": f"zc-bar zc-spouse-{j + 1} {'zc-neg' if v < 0 else 'zc-pos'}",
                "x": min(xs(0), xs(v)), "y": y + 26, "width": abs(xs(v) - xs(0)), "height": 12}
            if j == 1:
                attrs["style"] = f"fill:{neg_hatch if v < 0 else hatch}"
            svg.el(mg, "rect", attrs)
            y += 38
    svg.line(g, xs(0), svg.top + 14, xs(0), y + 6, "zc-axis")
    svg.resize(y + 16)
    return svg.markup()
