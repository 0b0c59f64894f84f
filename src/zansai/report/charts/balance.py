"""残高の推移: each loan's balance by its 償還表, the market value, and the sale date's gap."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, timedelta

from markupsafe import Markup

from zansai.dates import add_months
from zansai.engine.exits import lien_name
from zansai.engine.plan import Plan
from zansai.money import Yen
from zansai.report.charts.svg import (
    DASHES,
    NARROW_FONT,
    NARROW_WIDTH,
    Attr,
    Scale,
    Svg,
    chart_id,
    check_lang,
    coord,
    legend_row,
    nice_range,
    text_width,
    tick_label,
    tr,
    y_axis,
    yen_label,
)

WIDTH, HEIGHT = 960, 440
LEFT, RIGHT, PLOT_TOP, PLOT_BOTTOM = 90.0, 936.0, 50.0, 370.0

Points = list[tuple[date, Yen]]
Legend = list[tuple[str, str, dict[str, Attr]]]
"""(label, line class, extra line attributes) of each legend entry."""


def balance_chart(plan: Plan, lang: str, *, id_prefix: str = "zc", narrow: bool = False) -> Markup:
    """残高の推移: each loan's balance by its 償還表 (and the total when there are several), the
    market value as a dashed line, and the sale date with the balance and the gap on that day.

    ``narrow``: the phone variant, 320 wide, with the sale date's figures and the legend as lines
    of text under the plot (id ``…-balance-narrow``)."""
    check_lang(lang)
    if narrow:
        return _narrow_chart(plan, lang, id_prefix)
    pos = plan.position
    series = _loan_lines(plan)
    total = _total_line(plan, series)
    d0, d1 = _date_range(series, plan.case.sale_date)
    top = max([b for _, pts in series for _, b in pts] + [b for _, b in total]
              + [pos.market_value, pos.debt, 1])
    lo, hi, step = nice_range(0, top + top // 20, 5)
    end = max((pts[-1][0] for _, pts in series), default=d1)
    title = tr(lang, "ローン残高の推移", "Loan balance over time")
    svg = Svg(chart_id(id_prefix, "balance"), "balance", WIDTH, HEIGHT, title,
              _description(plan, [n for n, _ in series], end, lang))
    xs = Scale(d0.toordinal(), d1.toordinal(), LEFT, RIGHT)
    ys = Scale(lo, hi, PLOT_BOTTOM, PLOT_TOP)
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    y_axis(svg, g, ys, lo, hi, step, LEFT, RIGHT, lang)
    _year_axis(svg, g, xs, d0, d1, lang)
    svg.line(g, LEFT, PLOT_BOTTOM, LEFT, PLOT_TOP, "zc-axis")
    legend = _draw_lines(svg, g, xs, ys, series, total, lang)
    ym = ys(pos.market_value)
    svg.line(g, LEFT, ym, RIGHT, ym, "zc-market")
    svg.text(g, RIGHT - 4, ym - 6, f"{tr(lang, '時価', 'market value')} {yen_label(pos.market_value, lang)}",
             anchor="end", halo=True)
    legend.append((tr(lang, "時価", "market value"), "zc-market", {}))
    _sale_marker(svg, g, plan, xs(plan.case.sale_date.toordinal()), ys, lang)
    _legend(svg, legend, pos.equity < 0, lang)
    return svg.markup()


def _loan_lines(plan: Plan) -> list[tuple[str, Points]]:
    """Each loan's name and its balance from the month before its first payment to the last."""
    liens = [lien for lien, _ in plan.schedules]
    series: list[tuple[str, Points]] = []
    for lien, sched in plan.schedules:
        if not sched.rows:
            continue
        start = add_months(sched.rows[0].due_date, -1)
        points = [(start, sched.opening_balance), *((r.due_date, r.balance) for r in sched.rows)]
        series.append((lien_name(lien, liens), points))
    return series


def _total_line(plan: Plan, series: list[tuple[str, Points]]) -> Points:
    """The loans' total on every date any of them moves, from when they all run (several loans only)."""
    if len(series) <= 1:
        return []
    begin = max(pts[0][0] for _, pts in series)
    days = sorted({d for _, pts in series for d, _ in pts if d >= begin})
    loans = plan.loans
    return [(d, loans.balance_at(d)) for d in days]


def _date_range(series: list[tuple[str, Points]], sale: date) -> tuple[date, date]:
    """The first and last day drawn: every point and the sale date, with a margin off the axes."""
    all_dates = [d for _, pts in series for d, _ in pts] + [sale]
    d0, d1 = min(all_dates), max(all_dates)
    if d1 <= d0:
        d1 = add_months(d0, 12)
    margin = timedelta(days=(d1 - d0).days // 40)  # keeps the marks off the axes
    return d0 - margin, d1 + margin


def _description(plan: Plan, loan_names: list[str], end: date, lang: str) -> str:
    """The chart in one paragraph: the balance on the sale date against the market value."""
    pos, sale, y = plan.position, plan.case.sale_date, yen_label
    gap, market = pos.equity, pos.market_value
    if gap < 0:
        gap_ja = f"時価{y(market, 'ja')}を{y(-gap, 'ja')}上回ります（オーバーローン）"
        gap_en = f"{y(-gap, 'en')} more than the market value of {y(market, 'en')} (overloan)"
    else:
        gap_ja = f"時価{y(market, 'ja')}より{y(gap, 'ja')}少なくなります（アンダーローン）"
        gap_en = f"{y(gap, 'en')} less than the market value of {y(market, 'en')} (underloan)"
    other_ja = other_en = ""
    if pos.other_liens:
        other_ja = f"ほかの担保{y(pos.other_liens, 'ja')}を含めると{y(pos.debt, 'ja')}で、"
        other_en = f"; with the other liens of {y(pos.other_liens, 'en')} it is {y(pos.debt, 'en')},"
    names = "、".join(loan_names) if lang == "ja" else ", ".join(loan_names)
    return tr(
        lang,
        f"{names}の残高の推移。売却予定日（{sale.isoformat()}）の残高は{y(pos.loan_balance, 'ja')}で、"
        f"{other_ja}{gap_ja}。返済が続けば{end.isoformat()}に完済します。",
        f"Balance of {names} over time. On the planned sale date ({sale.isoformat()}) the balance "
        f"is {y(pos.loan_balance, 'en')}{other_en} {gap_en}. Kept up, the loan is repaid on "
        f"{end.isoformat()}.")


def _year_axis(svg: Svg, g: ET.Element, xs: Scale, d0: date, d1: date, lang: str, *,
               bottom: float = PLOT_BOTTOM, most: int = 10) -> None:
    """A tick at each 1 January, thinned to at most about ``most`` labels."""
    span = d1.year - d0.year + 1
    every = next((s for s in (1, 2, 5, 10, 20) if span // s <= most), 50)
    for yr in range(d0.year + 1, d1.year + 1):
        if yr % every:
            continue
        x = xs(date(yr, 1, 1).toordinal())
        label = tr(lang, f"{yr}年", str(yr))
        svg.line(g, x, bottom, x, bottom + 5, "zc-axis")
        if x + text_width(label, NARROW_FONT) / 2 <= svg.width:  # a label would run off the right edge
            svg.text(g, x, bottom + 18, label, cls="zc-tick", anchor="middle")


def _draw_lines(svg: Svg, g: ET.Element, xs: Scale, ys: Scale, series: list[tuple[str, Points]],
                total: Points, lang: str) -> Legend:
    """One polyline per loan (dashed differently) and the total; returns their legend entries."""

    def path(points: Sequence[tuple[date, Yen]]) -> str:
        return " ".join(f"{coord(xs(d.toordinal()))},{coord(ys(b))}" for d, b in points)

    legend: Legend = []
    for i, (name, pts) in enumerate(series):
        extra: dict[str, Attr] = {}
        dash = DASHES[i % len(DASHES)]
        if dash:
            extra["stroke-dasharray"] = dash
        svg.el(g, "polyline", {"class": f"zc-line zc-loan-{i + 1}", "points": path(pts), **extra})
        legend.append((name, "zc-line", extra))
    if total:
        svg.el(g, "polyline", {"class": "zc-line zc-total", "points": path(total)})
        legend.append((tr(lang, "合計", "total"), "zc-line zc-total", {}))
    return legend


def _sale_marker(svg: Svg, g: ET.Element, plan: Plan, xsale: float, ys: Scale, lang: str) -> None:
    """The sale date: a marker line, the balance (and other liens) as dots, the gap to the market
    value as a thick line, and their labels on the side with room."""
    pos, sale, y = plan.position, plan.case.sale_date, yen_label
    svg.line(g, xsale, PLOT_TOP, xsale, PLOT_BOTTOM, "zc-marker zc-sale")
    near_right = xsale > RIGHT - 260
    side, tx = ("end", xsale - 8) if near_right else ("start", xsale + 8)
    svg.text(g, tx, PLOT_TOP + 12, f"{tr(lang, '売却予定日', 'planned sale')} {sale.isoformat()}",
             anchor=side, halo=True)
    ym, yd, yb = ys(pos.market_value), ys(pos.debt), ys(pos.loan_balance)
    gap = pos.equity
    sign = "zc-neg" if gap < 0 else "zc-pos"
    if pos.other_liens:
        svg.line(g, xsale, yb, xsale, yd, "zc-other")
    svg.line(g, xsale, ym, xsale, yd, f"zc-gap {sign}")
    svg.el(g, "circle", {"class": "zc-dot zc-sale-balance", "cx": xsale, "cy": yb, "r": 5})
    if pos.other_liens:
        svg.el(g, "circle", {"class": "zc-dot", "cx": xsale, "cy": yd, "r": 3.5})
    lines = 3 if pos.other_liens else 2
    ty = min(yb, yd, ym) - 10 - 16 * (lines - 1)
    if ty < PLOT_TOP + 32:  # no room under the sale label: write below the points instead
        ty = min(max(yb, yd, ym) + 22, PLOT_BOTTOM - 8 - 16 * (lines - 1))
    svg.text(g, tx, ty, f"{tr(lang, '売却時の残高', 'balance at sale')} {y(pos.loan_balance, lang)}",
             anchor=side, halo=True)
    if pos.other_liens:
        ty += 16
        svg.text(g, tx, ty, f"{tr(lang, '＋ほかの担保', '+ other liens')} {y(pos.other_liens, lang)}",
                 anchor=side, halo=True)
    gap_label = (tr(lang, f"オーバーローン {y(-gap, lang)}", f"overloan {y(-gap, lang)}") if gap < 0
                 else tr(lang, f"アンダーローン {y(gap, lang)}", f"underloan {y(gap, lang)}"))
    svg.text(g, tx, ty + 16, gap_label, cls=sign if gap < 0 else "", anchor=side, halo=True)


def _legend(svg: Svg, legend: Legend, underwater: bool, lang: str) -> None:
    """A line swatch and label per entry, and the shortfall's when the home is under water."""
    lx = LEFT
    ly = PLOT_BOTTOM + 48
    lg = svg.el(svg.root, "g", {"class": "zc-legend"})
    for name, cls, extra in legend:
        svg.line(lg, lx, ly - 4, lx + 28, ly - 4, cls, **{k.replace("-", "_"): v for k, v in extra.items()})
        lx = legend_row(svg, lg, lx, ly, name)
    if underwater:
        svg.line(lg, lx, ly - 4, lx + 28, ly - 4, "zc-gap zc-neg")
        svg.text(lg, lx + 34, ly, tr(lang, "売っても足りない額", "shortfall on sale"))


def _narrow_chart(plan: Plan, lang: str, id_prefix: str) -> Markup:
    """The phone variant: the same lines on a 320-wide plot, then the sale date's figures and the
    legend written out below it, one per line."""
    pos = plan.position
    series = _loan_lines(plan)
    total = _total_line(plan, series)
    d0, d1 = _date_range(series, plan.case.sale_date)
    top = max([b for _, pts in series for _, b in pts] + [b for _, b in total]
              + [pos.market_value, pos.debt, 1])
    lo, hi, step = nice_range(0, top + top // 20, 4)
    end = max((pts[-1][0] for _, pts in series), default=d1)
    svg = Svg(chart_id(id_prefix, "balance", "narrow"), "balance", NARROW_WIDTH, 400,
              tr(lang, "ローン残高の推移", "Loan balance over time"),
              _description(plan, [n for n, _ in series], end, lang), narrow=True)
    left = max(text_width(tick_label(v, lang), NARROW_FONT) for v in range(lo, hi + 1, step)) + 12
    right, plot_top = NARROW_WIDTH - 10.0, svg.top + 24
    bottom = plot_top + 190
    xs = Scale(d0.toordinal(), d1.toordinal(), left, right)
    ys = Scale(lo, hi, bottom, plot_top)
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    y_axis(svg, g, ys, lo, hi, step, left, right, lang)
    _year_axis(svg, g, xs, d0, d1, lang, bottom=bottom, most=4)
    svg.line(g, left, bottom, left, plot_top, "zc-axis")
    legend = _draw_lines(svg, g, xs, ys, series, total, lang)
    ym = ys(pos.market_value)
    svg.line(g, left, ym, right, ym, "zc-market")
    svg.text(g, right - 2, ym - 6, f"{tr(lang, '時価', 'market value')} {yen_label(pos.market_value, lang)}",
             anchor="end", halo=True)
    legend.append((tr(lang, "時価", "market value"), "zc-market", {}))
    xsale = xs(plan.case.sale_date.toordinal())
    svg.line(g, xsale, plot_top, xsale, bottom, "zc-marker zc-sale")
    gap = pos.equity
    sign = "zc-neg" if gap < 0 else "zc-pos"
    if pos.other_liens:
        svg.line(g, xsale, ys(pos.loan_balance), xsale, ys(pos.debt), "zc-other")
    svg.line(g, xsale, ym, xsale, ys(pos.debt), f"zc-gap {sign}")
    svg.el(g, "circle", {"class": "zc-dot zc-sale-balance", "cx": xsale, "cy": ys(pos.loan_balance), "r": 5})
    y = _narrow_facts(svg, plan, bottom + 44, lang)
    y = _narrow_legend(svg, legend, gap < 0, y + 26, lang)
    svg.resize(y + 12)
    return svg.markup()


def _narrow_facts(svg: Svg, plan: Plan, y: float, lang: str) -> float:
    """The sale date, the balance then (and other liens) and the gap, one per line; returns the last
    line's y."""
    pos, gap = plan.position, plan.position.equity
    facts = [(f"{tr(lang, '売却予定日', 'planned sale')} {plan.case.sale_date.isoformat()}", ""),
             (f"{tr(lang, '売却時の残高', 'balance at sale')} {yen_label(pos.loan_balance, lang)}", "")]
    if pos.other_liens:
        facts.append((f"{tr(lang, '＋ほかの担保', '+ other liens')} {yen_label(pos.other_liens, lang)}", ""))
    facts.append((tr(lang, f"オーバーローン {yen_label(-gap, lang)}", f"overloan {yen_label(-gap, lang)}")
                  if gap < 0 else tr(lang, f"アンダーローン {yen_label(gap, lang)}",
                                     f"underloan {yen_label(gap, lang)}"), "zc-neg" if gap < 0 else ""))
    for text, cls in facts:
        y = svg.lines(svg.root, 8, y, text, cls=cls) + 20
    return y - 20


def _narrow_legend(svg: Svg, legend: Legend, underwater: bool, y: float, lang: str) -> float:
    """One swatch and label per line; returns the last line's y."""
    lg = svg.el(svg.root, "g", {"class": "zc-legend"})
    entries = [(name, cls, extra) for name, cls, extra in legend]
    if underwater:
        entries.append((tr(lang, "売っても足りない額", "shortfall on sale"), "zc-gap zc-neg", {}))
    for i, (name, cls, extra) in enumerate(entries):
        ly = y + 20 * i
        svg.line(lg, 8, ly - 4, 36, ly - 4, cls, **{k.replace("-", "_"): v for k, v in extra.items()})
        svg.text(lg, 44, ly, name)
    return y + 20 * (len(entries) - 1)
