"""One exit as a waterfall: 価格 → −費用 → 手取り → −ローン等への返済 → 残る借金 or 手元に残るお金."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markupsafe import Markup

from zansai.engine.exits import ExitResult
from zansai.money import Yen
from zansai.report.charts.svg import (
    NARROW_WIDTH,
    Attr,
    Scale,
    Svg,
    chart_id,
    check_lang,
    nice_range,
    tr,
    y_axis,
    yen_label,
)

WIDTH, HEIGHT = 720, 380
LEFT, RIGHT, PLOT_TOP, PLOT_BOTTOM = 90.0, 704.0, 44.0, 320.0


@dataclass(frozen=True, slots=True)
class _Bar:
    key: str
    label: str
    low: Yen
    high: Yen
    kind: str
    """pos (an amount), step (a deduction), keep (money kept), neg (debt left)."""
    shown: Yen
    end: Yen
    """The running level after this bar (where the next connector starts)."""


def waterfall_chart(exit: ExitResult, lang: str, *, id_prefix: str = "zc", narrow: bool = False) -> Markup:
    """価格 → −費用 → 手取り → −ローン等への返済 → 残る借金 (below zero) or 手元に残るお金.

    ``narrow``: 320 wide with the bars lying down, one per line under its label and amount (id
    ``…-waterfall-KEY-narrow``); it reads on a phone and fits three to a row on a wide screen."""
    check_lang(lang)
    bars = _bars(exit, lang)
    label = exit.label_ja if lang == "ja" else exit.label_en
    title = tr(lang, f"{label}: 価格から残る借金まで", f"{label}: from price to remaining debt")
    if narrow:
        return _narrow_chart(exit, bars, title, _description(exit, label, lang), id_prefix, lang)
    svg = Svg(chart_id(id_prefix, "waterfall", exit.key), "waterfall", WIDTH, HEIGHT, title,
              _description(exit, label, lang))
    low, high = min([0] + [b.low for b in bars]), max([1] + [b.high for b in bars])
    pad = (high - low) // 14  # room for the value labels above and below the bars
    lo, hi, step = nice_range(low - pad if low < 0 else low, high + pad, 6)
    ys = Scale(lo, hi, PLOT_BOTTOM, PLOT_TOP)
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    y_axis(svg, g, ys, lo, hi, step, LEFT, RIGHT, lang)
    _draw_bars(svg, g, ys, bars, lang)
    svg.text(svg.root, LEFT, PLOT_BOTTOM + 44, _notes(exit, lang), cls="zc-note")
    return svg.markup()


def _bars(exit: ExitResult, lang: str) -> list[_Bar]:
    """The price, the costs taken from it, the net proceeds, what the lenders get, then what is kept
    and/or the debt left."""
    price, net, surplus, remaining = exit.price, exit.net_proceeds, exit.surplus, exit.remaining_debt
    bars = [
        _Bar("price", tr(lang, "価格", "price"), 0, price, "pos", price, price),
        _Bar("costs", tr(lang, "費用", "costs"), min(net, price), max(net, price), "step",
             -exit.costs_from_price, net),
        _Bar("net", tr(lang, "手取り", "net proceeds"), 0, net, "pos", net, net),
        _Bar("repaid", tr(lang, "ローン等への返済", "repaid to lenders"), min(surplus, net),
             max(surplus, net), "step", -exit.repaid_to_lenders, surplus),
    ]
    if surplus > 0 or remaining == 0:
        bars.append(_Bar("surplus", tr(lang, "手元に残るお金", "money kept"), 0, surplus, "keep",
                         surplus, surplus))
    if remaining > 0:
        bars.append(_Bar("remaining", tr(lang, "残る借金", "debt remaining"), -remaining, 0, "neg",
                         -remaining, 0))
    return bars


def _description(exit: ExitResult, label: str, lang: str) -> str:
    """The waterfall in one sentence, with the cash needed and feasibility when they matter."""
    y = yen_label
    price, net, surplus, remaining = exit.price, exit.net_proceeds, exit.surplus, exit.remaining_debt
    taken, paid = exit.costs_from_price, exit.repaid_to_lenders
    outcome_ja = (f"借金が{y(remaining, 'ja')}残ります（不足）。" if remaining > 0
                  else f"借金は残らず、手元に{y(surplus, 'ja')}残ります。")
    outcome_en = (f"{y(remaining, 'en')} of debt remains (shortfall)." if remaining > 0
                  else f"no debt remains and {y(surplus, 'en')} is kept.")
    cash_ja = f"決済時に現金{y(exit.cash_needed, 'ja')}が必要です。" if exit.cash_needed else ""
    cash_en = f" Cash needed at closing: {y(exit.cash_needed, 'en')}." if exit.cash_needed else ""
    infeasible_ja = "" if exit.feasible else "この条件では実行できません。"
    infeasible_en = "" if exit.feasible else " Not feasible on these inputs."
    return tr(
        lang,
        f"{label}: 価格{y(price, 'ja')}から費用{y(taken, 'ja')}を差し引いた手取り{y(net, 'ja')}のうち"
        f"{y(paid, 'ja')}をローン等の返済に充て、{outcome_ja}{cash_ja}{infeasible_ja}",
        f"{label}: the price of {y(price, 'en')} less {y(taken, 'en')} of costs leaves net proceeds "
        f"of {y(net, 'en')}; {y(paid, 'en')} goes to the lenders and {outcome_en}{cash_en}"
        f"{infeasible_en}")


def _draw_bars(svg: Svg, g: ET.Element, ys: Scale, bars: list[_Bar], lang: str) -> None:
    """Each bar with its value (a shortfall in red below it), its label, and a connector on to the
    next bar's start."""
    y = yen_label
    slot = (RIGHT - LEFT) / len(bars)
    bw = slot * 0.56
    fills = {"step": svg.pattern("hatch", "#eeeeee", "#555555"),
             "neg": svg.pattern("neg", "#c62828", "#ffffff")}
    for i, b in enumerate(bars):
        x = LEFT + slot * i + (slot - bw) / 2
        top_y, bottom_y = ys(b.high), ys(b.low)
        attrs: dict[str, Attr] = {"class": f"zc-bar zc-{b.kind} zc-bar-{b.key}", "x": x, "y": top_y,
                                  "width": bw, "height": bottom_y - top_y}
        if b.kind in fills:
            attrs["style"] = f"fill:{fills[b.kind]}"
        svg.el(g, "rect", attrs)
        if b.kind == "neg":
            text = tr(lang, f"不足 {y(-b.shown, lang)}", f"shortfall {y(-b.shown, lang)}")
            svg.text(g, x + bw / 2, bottom_y + 16, text, cls="zc-neg", anchor="middle", halo=True)
        else:
            svg.text(g, x + bw / 2, top_y - 6, y(b.shown, lang), anchor="middle", halo=True)
        svg.text(g, x + bw / 2, PLOT_BOTTOM + 18, b.label, anchor="middle")
        if i + 1 < len(bars) and bars[i + 1].kind != "neg":
            ye = ys(b.end)
            svg.line(g, x + bw, ye, x + slot, ye, "zc-connector")


def _notes(exit: ExitResult, lang: str) -> str:
    """The line under the chart: cash needed at closing, completion date, feasibility."""
    y = yen_label
    notes = []
    if exit.cash_needed:
        notes.append(tr(lang, f"決済時に必要な現金: {y(exit.cash_needed, lang)}",
                        f"cash needed at closing: {y(exit.cash_needed, lang)}"))
    notes.append(tr(lang, f"完了の目安: {exit.completion.isoformat()}",
                    f"completes: {exit.completion.isoformat()}"))
    if not exit.feasible:
        notes.append(tr(lang, "この条件では実行できません", "not feasible on these inputs"))
    return "　".join(notes) if lang == "ja" else " · ".join(notes)


ROW = 44.0
"""A narrow waterfall's row: the label and amount on one line, the bar under it."""


def _narrow_chart(exit: ExitResult, bars: list[_Bar], title: str, desc: str, id_prefix: str,
                  lang: str) -> Markup:
    """The bars lying down: per row its label left, its amount right, the bar below from its low to
    its high on one money scale (zero marked), a connector down to the next bar's start."""
    svg = Svg(chart_id(id_prefix, "waterfall", f"{exit.key}-narrow"), "waterfall", NARROW_WIDTH, 400,
              title, desc, narrow=True)
    low, high = min([0] + [b.low for b in bars]), max([1] + [b.high for b in bars])
    xs = Scale(low, high, 8.0, NARROW_WIDTH - 8.0)
    top = svg.top + 30
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    fills = {"step": svg.pattern("hatch", "#eeeeee", "#555555"),
             "neg": svg.pattern("neg", "#c62828", "#ffffff")}
    for i, b in enumerate(bars):
        y = top + ROW * i
        svg.text(g, 8, y, b.label)
        value = (tr(lang, f"不足 {yen_label(-b.shown, lang)}", f"shortfall {yen_label(-b.shown, lang)}")
                 if b.kind == "neg" else yen_label(b.shown, lang))
        svg.text(g, NARROW_WIDTH - 8, y, value, cls="zc-neg" if b.kind == "neg" else "", anchor="end")
        attrs: dict[str, Attr] = {"class": f"zc-bar zc-{b.kind} zc-bar-{b.key}", "x": xs(b.low), "y": y + 6,
                                  "width": max(xs(b.high) - xs(b.low), 1.0), "height": 14}
        if b.kind in fills:
            attrs["style"] = f"fill:{fills[b.kind]}"
        svg.el(g, "rect", attrs)
        if i + 1 < len(bars) and bars[i + 1].kind != "neg":
            xe = xs(b.end)
            svg.line(g, xe, y + 20, xe, y + ROW + 6, "zc-connector")
    zero = xs(0)
    for i in range(len(bars)):  # zero, under each bar only (a line through the labels would cross them)
        svg.line(g, zero, top + ROW * i + 3, zero, top + ROW * i + 23, "zc-axis")
    bottom = top + ROW * (len(bars) - 1) + 24
    y = svg.lines(svg.root, 8, bottom + 22, _notes(exit, lang), cls="zc-note")
    svg.resize(y + 10)
    return svg.markup()
