"""Charts for the results page and the printed report, drawn on the server as inline SVG.

No JavaScript, no web fonts, no external references: each chart is one ``<svg>`` element that
prints the same in a PDF made by Chromium. Patterns and labels (not colour alone) tell the
parts apart in black and white. Money stays integer yen; only coordinates are floats.
The ``<svg>`` carries no ``xmlns``: it is meant to be inlined in HTML, where the parser puts it
in the SVG namespace (a standalone ``.svg`` file would need the attribute added).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from zansai.dates import add_months
from zansai.engine.divorce import PropertyDivision
from zansai.engine.exits import ExitResult, lien_name
from zansai.engine.plan import Plan
from zansai.engine.timeline import Milestone, Window
from zansai.errors import InputError
from zansai.model import OverloanView
from zansai.money import Rounding, Yen, round_div

MAN = 10_000
"""1万円: the unit Japanese charts count money in."""
MILLION = 1_000_000

FONT = '"Noto Sans CJK JP", "IPAGothic", sans-serif'

_STYLE = (
    f".zc-chart{{font-family:{FONT};font-size:12px}}"
    ".zc-chart text{fill:#222}"
    ".zc-chart .zc-heading{font-size:15px;font-weight:bold}"
    ".zc-chart .zc-sub{font-weight:bold}"
    ".zc-chart .zc-tick{font-size:11px;fill:#555}"
    ".zc-chart .zc-note{font-size:11px;fill:#444}"
    ".zc-chart .zc-halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
    ".zc-chart .zc-axis{stroke:#444;stroke-width:1}"
    ".zc-chart .zc-grid{stroke:#ddd;stroke-width:1}"
    ".zc-chart .zc-line{fill:none;stroke:#1f5fa8;stroke-width:2}"
    ".zc-chart .zc-total{stroke:#111;stroke-width:2.5}"
    ".zc-chart .zc-market{stroke:#2a7a2a;stroke-width:1.5;stroke-dasharray:8 4}"
    ".zc-chart .zc-marker{stroke:#555;stroke-width:1.2;stroke-dasharray:4 3}"
    ".zc-chart .zc-today{stroke:#1f3f8a;stroke-width:1.5}"
    ".zc-chart .zc-gap{stroke-width:5}"
    ".zc-chart .zc-other{stroke:#111;stroke-width:2;stroke-dasharray:2 2}"
    ".zc-chart .zc-gap.zc-neg{stroke:#c62828}"
    ".zc-chart .zc-gap.zc-pos{stroke:#2e7d32}"
    ".zc-chart .zc-dot{fill:#111;stroke:#fff;stroke-width:1.5}"
    ".zc-chart .zc-bar{stroke:#222;stroke-width:1}"
    ".zc-chart .zc-bar.zc-pos{fill:#4a7fc1}"
    ".zc-chart .zc-bar.zc-keep{fill:#2e7d32}"
    ".zc-chart .zc-bar.zc-neg{fill:#c62828}"
    ".zc-chart .zc-connector{stroke:#777;stroke-width:1;stroke-dasharray:2 2}"
    ".zc-chart text.zc-neg{fill:#b71c1c;font-weight:bold}"
    ".zc-chart .zc-range{fill:#9db7dc;stroke:#1f5fa8;stroke-width:1}"
    ".zc-chart .zc-past .zc-range{fill:#ddd;stroke:#888}"
    ".zc-chart .zc-past .zc-dot{fill:#888}"
    ".zc-chart .zc-past text{fill:#777}"
    ".zc-chart .zc-window{fill:#7cb87e;stroke:#2e7d32;stroke-width:1}"
    ".zc-chart .zc-late{fill:#d5ead6;stroke:#2e7d32;stroke-width:1;stroke-dasharray:3 2}"
    ".zc-chart .zc-closed text{fill:#777}"
    ".zc-chart .zc-closed .zc-window{stroke:#888}"
    ".zc-chart .zc-closed .zc-late{fill:#eee;stroke:#888}"
    ".zc-chart .zc-end{stroke:#222;stroke-width:2}"
)

_DASHES = ("", "7 3", "2 3", "10 3 2 3")
"""Dash patterns of the loan lines, so they differ in black and white too."""


def _t(lang: str, ja: str, en: str) -> str:
    return ja if lang == "ja" else en


def _check_lang(lang: str) -> None:
    if lang not in ("ja", "en"):
        raise InputError.invalid("lang", lang, "ja か en を指定してください", "use ja or en")


def _yen_label(amount: Yen, lang: str) -> str:
    """A short money label from integer yen: 1,850万円 (ja) or ¥18.50M (en).

    Amounts of 1万円 and more are rounded to 万円 (万円未満四捨五入, ``Rounding.HALF_UP``, away
    from zero); smaller ones (under ¥1M in English) are shown to the yen.
    """
    sign = "−" if amount < 0 else ""
    a = abs(amount)
    if lang == "ja":
        if a < MAN:
            return f"{sign}{a:,}円"
        return f"{sign}{round_div(a, MAN, Rounding.HALF_UP):,}万円"
    if a < MILLION:
        return f"{sign}¥{a:,}"
    man = round_div(a, MAN, Rounding.HALF_UP)
    return f"{sign}¥{man // 100:,}.{man % 100:02d}M"


def _tick_label(amount: Yen, lang: str) -> str:
    """An axis tick (ticks fall on round numbers): 2,000万円 / ¥20M."""
    if lang == "en" and amount != 0 and amount % MILLION == 0:
        sign = "−" if amount < 0 else ""
        return f"{sign}¥{abs(amount) // MILLION:,}M"
    return _yen_label(amount, lang)


def _n(x: float) -> str:
    """A coordinate with one decimal at most (keeps the output small and stable)."""
    s = f"{x:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def _text_width(s: str, size: float) -> float:
    """Estimated width of a label: full-width characters 1em, others about 0.6em."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in s) * size


def _nice_step(span: int, target: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ that cuts ``span`` into at most ``target`` steps."""
    raw = max(1, -(-span // target))
    unit = 1
    while True:
        for m in (1, 2, 5):
            if m * unit >= raw:
                return m * unit
        unit *= 10


def _nice_range(lo: int, hi: int, target: int) -> tuple[int, int, int]:
    """(low, high, step) on tick boundaries covering ``lo``..``hi``."""
    step = _nice_step(max(hi - lo, 1), target)
    return (lo // step) * step, -(-hi // step) * step, step


@dataclass(frozen=True, slots=True)
class _Scale:
    """Linear map from integers (yen or day ordinals) to coordinates."""

    d0: int
    d1: int
    r0: float
    r1: float

    def __call__(self, v: int) -> float:
        if self.d1 == self.d0:
            return self.r0
        return self.r0 + (v - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


Attr = str | int | float


class _Svg:
    """One chart: the root ``<svg>`` with its title, description, style and pattern defs."""

    def __init__(self, chart_id: str, kind: str, width: int, height: int, title: str,
                 desc: str) -> None:
        self.id = chart_id
        self.root = ET.Element("svg", {
            "id": chart_id, "class": f"zc-chart zc-{kind}", "viewBox": f"0 0 {width} {height}",
            "width": "100%", "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        })
        ET.SubElement(self.root, "title", {"id": f"{chart_id}-title"}).text = title
        ET.SubElement(self.root, "desc", {"id": f"{chart_id}-desc"}).text = desc
        ET.SubElement(self.root, "style").text = _STYLE
        self.defs = ET.SubElement(self.root, "defs")
        self.text(self.root, 12, 22, title, cls="zc-heading")

    def pattern(self, name: str, background: str, stroke: str) -> str:
        """A diagonal hatch; returns the ``fill`` value referring to it."""
        pid = f"{self.id}-{name}"
        p = ET.SubElement(self.defs, "pattern", {
            "id": pid, "width": "6", "height": "6", "patternUnits": "userSpaceOnUse",
            "patternTransform": "rotate(45)"})
        ET.SubElement(p, "rect", {"width": "6", "height": "6", "fill": background})
        ET.SubElement(p, "line", {"x1": "0", "y1": "0", "x2": "0", "y2": "6", "stroke": stroke,
                                  "stroke-width": "2"})
        return f"url(#{pid})"

    @staticmethod
    def el(parent: ET.Element, tag: str, attrs: dict[str, Attr], text: str | None = None) -> ET.Element:
        e = ET.SubElement(parent, tag, {k: _n(v) if isinstance(v, float) else str(v)
                                        for k, v in attrs.items()})
        if text is not None:
            e.text = text
        return e

    def text(self, parent: ET.Element, x: float, y: float, s: str, *, cls: str = "",
             anchor: str = "start", halo: bool = False) -> ET.Element:
        attrs: dict[str, Attr] = {"x": x, "y": y}
        classes = " ".join(c for c in (cls, "zc-halo" if halo else "") if c)
        if classes:
            attrs["class"] = classes
        if anchor != "start":
            attrs["text-anchor"] = anchor
        return self.el(parent, "text", attrs, s)

    def line(self, parent: ET.Element, x1: float, y1: float, x2: float, y2: float, cls: str,
             **extra: Attr) -> ET.Element:
        attrs: dict[str, Attr] = {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "class": cls}
        attrs.update({k.replace("_", "-"): v for k, v in extra.items()})
        return self.el(parent, "line", attrs)

    def markup(self) -> Markup:
        # ElementTree escapes every text and attribute (titles and names come from user data).
        return Markup(ET.tostring(self.root, encoding="unicode"))


def _chart_id(prefix: str, kind: str, key: str = "") -> str:
    raw = "-".join(p for p in (prefix, kind, key) if p)
    return re.sub(r"[^A-Za-z0-9_-]", "-", raw)


def _y_axis(svg: _Svg, g: ET.Element, ys: _Scale, lo: int, hi: int, step: int, x0: float,
            x1: float, lang: str) -> None:
    for v in range(lo, hi + 1, step):
        y = ys(v)
        svg.line(g, x0, y, x1, y, "zc-axis" if v == 0 else "zc-grid")
        svg.text(g, x0 - 6, y + 4, _tick_label(v, lang), cls="zc-tick", anchor="end")


# ------------------------------------------------------------------------------ balance


def balance_chart(plan: Plan, lang: str, *, id_prefix: str = "zc") -> Markup:
    """残高の推移: each loan's balance by its 償還表 (and the total when there are several), the
    market value as a dashed line, and the sale date with the balance and the gap on that day."""
    _check_lang(lang)
    case, pos = plan.case, plan.position
    liens = [lien for lien, _ in plan.schedules]
    series: list[tuple[str, list[tuple[date, Yen]]]] = []
    for lien, sched in plan.schedules:
        if not sched.rows:
            continue
        start = add_months(sched.rows[0].due_date, -1)
        points = [(start, sched.opening_balance), *((r.due_date, r.balance) for r in sched.rows)]
        series.append((lien_name(lien, liens), points))
    total: list[tuple[date, Yen]] = []
    if len(series) > 1:
        begin = max(pts[0][0] for _, pts in series)
        days = sorted({d for _, pts in series for d, _ in pts if d >= begin})
        scheds = [s for _, s in plan.schedules if s.rows]
        total = [(d, sum(s.balance_at(d) for s in scheds)) for d in days]

    sale = case.sale_date
    at_sale = pos.loan_balance
    debt = pos.loan_balance + pos.other_liens
    gap = pos.equity
    all_dates = [d for _, pts in series for d, _ in pts] + [sale]
    d0, d1 = min(all_dates), max(all_dates)
    if d1 <= d0:
        d1 = add_months(d0, 12)
    margin = timedelta(days=(d1 - d0).days // 40)  # keeps the marks off the axes
    d0, d1 = d0 - margin, d1 + margin
    top = max([b for _, pts in series for _, b in pts] + [b for _, b in total]
              + [pos.market_value, debt, 1])
    lo, hi, step = _nice_range(0, top + top // 20, 5)

    names = "、".join(n for n, _ in series) if lang == "ja" else ", ".join(n for n, _ in series)
    title = _t(lang, "ローン残高の推移", "Loan balance over time")
    y = _yen_label
    if gap < 0:
        gap_ja = f"時価{y(pos.market_value, 'ja')}を{y(-gap, 'ja')}上回ります（オーバーローン）"
        gap_en = (f"{y(-gap, 'en')} more than the market value of {y(pos.market_value, 'en')} "
                  "(overloan)")
    else:
        gap_ja = f"時価{y(pos.market_value, 'ja')}より{y(gap, 'ja')}少なくなります（アンダーローン）"
        gap_en = (f"{y(gap, 'en')} less than the market value of {y(pos.market_value, 'en')} "
                  "(underloan)")
    other_ja = other_en = ""
    if pos.other_liens:
        other_ja = f"ほかの担保{y(pos.other_liens, 'ja')}を含めると{y(debt, 'ja')}で、"
        other_en = f"; with the other liens of {y(pos.other_liens, 'en')} it is {y(debt, 'en')},"
    end = max((pts[-1][0] for _, pts in series), default=d1)
    desc = _t(
        lang,
        f"{names}の残高の推移。売却予定日（{sale.isoformat()}）の残高は{y(at_sale, 'ja')}で、"
        f"{other_ja}{gap_ja}。返済が続けば{end.isoformat()}に完済します。",
        f"Balance of {names} over time. On the planned sale date ({sale.isoformat()}) the balance "
        f"is {y(at_sale, 'en')}{other_en} {gap_en}. Kept up, the loan is repaid on {end.isoformat()}.")

    width, height = 960, 440
    left, right, plot_top, plot_bottom = 90.0, 936.0, 50.0, 370.0
    svg = _Svg(_chart_id(id_prefix, "balance"), "balance", width, height, title, desc)
    xs = _Scale(d0.toordinal(), d1.toordinal(), left, right)
    ys = _Scale(lo, hi, plot_bottom, plot_top)
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    _y_axis(svg, g, ys, lo, hi, step, left, right, lang)
    span = d1.year - d0.year + 1
    every = next((s for s in (1, 2, 5, 10, 20) if span // s <= 10), 50)
    for yr in range(d0.year + 1, d1.year + 1):
        if yr % every:
            continue
        x = xs(date(yr, 1, 1).toordinal())
        svg.line(g, x, plot_bottom, x, plot_bottom + 5, "zc-axis")
        svg.text(g, x, plot_bottom + 18, _t(lang, f"{yr}年", str(yr)), cls="zc-tick", anchor="middle")
    svg.line(g, left, plot_bottom, left, plot_top, "zc-axis")

    def path(points: Sequence[tuple[date, Yen]]) -> str:
        return " ".join(f"{_n(xs(d.toordinal()))},{_n(ys(b))}" for d, b in points)

    legend: list[tuple[str, str, dict[str, Attr]]] = []
    for i, (name, pts) in enumerate(series):
        extra: dict[str, Attr] = {}
        dash = _DASHES[i % len(_DASHES)]
        if dash:
            extra["stroke-dasharray"] = dash
        svg.el(g, "polyline", {"class": f"zc-line zc-loan-{i + 1}", "points": path(pts), **extra})
        legend.append((name, "zc-line", extra))
    if total:
        svg.el(g, "polyline", {"class": "zc-line zc-total", "points": path(total)})
        legend.append((_t(lang, "合計", "total"), "zc-line zc-total", {}))

    ym = ys(pos.market_value)
    svg.line(g, left, ym, right, ym, "zc-market")
    svg.text(g, right - 4, ym - 6, f"{_t(lang, '時価', 'market value')} {y(pos.market_value, lang)}",
             anchor="end", halo=True)
    legend.append((_t(lang, "時価", "market value"), "zc-market", {}))

    xsale = xs(sale.toordinal())
    svg.line(g, xsale, plot_top, xsale, plot_bottom, "zc-marker zc-sale")
    near_right = xsale > right - 260
    side, tx = ("end", xsale - 8) if near_right else ("start", xsale + 8)
    svg.text(g, tx, plot_top + 12, f"{_t(lang, '売却予定日', 'planned sale')} {sale.isoformat()}",
             anchor=side, halo=True)
    yd, yb = ys(debt), ys(at_sale)
    sign = "zc-neg" if gap < 0 else "zc-pos"
    if pos.other_liens:
        svg.line(g, xsale, yb, xsale, yd, "zc-other")
    svg.line(g, xsale, ym, xsale, yd, f"zc-gap {sign}")
    svg.el(g, "circle", {"class": "zc-dot zc-sale-balance", "cx": xsale, "cy": yb, "r": 5})
    if pos.other_liens:
        svg.el(g, "circle", {"class": "zc-dot", "cx": xsale, "cy": yd, "r": 3.5})
    lines = 3 if pos.other_liens else 2
    ty = min(yb, yd, ym) - 10 - 16 * (lines - 1)
    if ty < plot_top + 32:  # no room under the sale label: write below the points instead
        ty = min(max(yb, yd, ym) + 22, plot_bottom - 8 - 16 * (lines - 1))
    svg.text(g, tx, ty, f"{_t(lang, '売却時の残高', 'balance at sale')} {y(at_sale, lang)}",
             anchor=side, halo=True)
    if pos.other_liens:
        ty += 16
        svg.text(g, tx, ty, f"{_t(lang, '＋ほかの担保', '+ other liens')} {y(pos.other_liens, lang)}",
                 anchor=side, halo=True)
    gap_label = (_t(lang, f"オーバーローン {y(-gap, lang)}", f"overloan {y(-gap, lang)}") if gap < 0
                 else _t(lang, f"アンダーローン {y(gap, lang)}", f"underloan {y(gap, lang)}"))
    svg.text(g, tx, ty + 16, gap_label, cls=sign if gap < 0 else "", anchor=side, halo=True)

    lx = left
    ly = plot_bottom + 48
    lg = svg.el(svg.root, "g", {"class": "zc-legend"})
    for name, cls, extra in legend:
        svg.line(lg, lx, ly - 4, lx + 28, ly - 4, cls, **{k.replace("-", "_"): v for k, v in extra.items()})
        svg.text(lg, lx + 34, ly, name)
        lx += 34 + _text_width(name, 12) + 24
    if gap < 0:
        svg.line(lg, lx, ly - 4, lx + 28, ly - 4, "zc-gap zc-neg")
        svg.text(lg, lx + 34, ly, _t(lang, "売っても足りない額", "shortfall on sale"))
    return svg.markup()


# ------------------------------------------------------------------------------ waterfall


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


def waterfall_chart(exit: ExitResult, lang: str, *, id_prefix: str = "zc") -> Markup:
    """価格 → −費用 → 手取り → −ローン等への返済 → 残る借金 (below zero) or 手元に残るお金."""
    _check_lang(lang)
    price, net, surplus, remaining = exit.price, exit.net_proceeds, exit.surplus, exit.remaining_debt
    taken = price - net  # the costs taken from the price; the rest of costs_total is paid in cash
    paid = net - surplus
    y = _yen_label
    bars = [
        _Bar("price", _t(lang, "価格", "price"), 0, price, "pos", price, price),
        _Bar("costs", _t(lang, "費用", "costs"), min(net, price), max(net, price), "step", -taken, net),
        _Bar("net", _t(lang, "手取り", "net proceeds"), 0, net, "pos", net, net),
        _Bar("repaid", _t(lang, "ローン等への返済", "repaid to lenders"), min(surplus, net),
             max(surplus, net), "step", -paid, surplus),
    ]
    if surplus > 0 or remaining == 0:
        bars.append(_Bar("surplus", _t(lang, "手元に残るお金", "money kept"), 0, surplus, "keep",
                         surplus, surplus))
    if remaining > 0:
        bars.append(_Bar("remaining", _t(lang, "残る借金", "debt remaining"), -remaining, 0, "neg",
                         -remaining, 0))

    label = exit.label_ja if lang == "ja" else exit.label_en
    title = _t(lang, f"{label}: 価格から残る借金まで", f"{label}: from price to remaining debt")
    outcome_ja = (f"借金が{y(remaining, 'ja')}残ります（不足）。" if remaining > 0
                  else f"借金は残らず、手元に{y(surplus, 'ja')}残ります。")
    outcome_en = (f"{y(remaining, 'en')} of debt remains (shortfall)." if remaining > 0
                  else f"no debt remains and {y(surplus, 'en')} is kept.")
    cash_ja = f"決済時に現金{y(exit.cash_needed, 'ja')}が必要です。" if exit.cash_needed else ""
    cash_en = f" Cash needed at closing: {y(exit.cash_needed, 'en')}." if exit.cash_needed else ""
    infeasible_ja = "" if exit.feasible else "この条件では実行できません。"
    infeasible_en = "" if exit.feasible else " Not feasible on these inputs."
    desc = _t(
        lang,
        f"{label}: 価格{y(price, 'ja')}から費用{y(taken, 'ja')}を差し引いた手取り{y(net, 'ja')}のうち"
        f"{y(paid, 'ja')}をローン等の返済に充て、{outcome_ja}{cash_ja}{infeasible_ja}",
        f"{label}: the price of {y(price, 'en')} less {y(taken, 'en')} of costs leaves net proceeds "
        f"of {y(net, 'en')}; {y(paid, 'en')} goes to the lenders and {outcome_en}{cash_en}"
        f"{infeasible_en}")

    width, height = 720, 380
    left, right, plot_top, plot_bottom = 90.0, 704.0, 44.0, 320.0
    svg = _Svg(_chart_id(id_prefix, "waterfall", exit.key), "waterfall", width, height, title, desc)
    low, high = min([0] + [b.low for b in bars]), max([1] + [b.high for b in bars])
    pad = (high - low) // 14  # room for the value labels above and below the bars
    lo, hi, step = _nice_range(low - pad if low < 0 else low, high + pad, 6)
    ys = _Scale(lo, hi, plot_bottom, plot_top)
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    _y_axis(svg, g, ys, lo, hi, step, left, right, lang)
    slot = (right - left) / len(bars)
    bw = slot * 0.56
    fills = {"step": svg.pattern("hatch", "#eeeeee", "#555555"),
             "neg": svg.pattern("neg", "#c62828", "#ffffff")}
    for i, b in enumerate(bars):
        x = left + slot * i + (slot - bw) / 2
        top_y, bottom_y = ys(b.high), ys(b.low)
        attrs: dict[str, Attr] = {"class": f"zc-bar zc-{b.kind} zc-bar-{b.key}", "x": x, "y": top_y,
                                  "width": bw, "height": bottom_y - top_y}
        if b.kind in fills:
            attrs["style"] = f"fill:{fills[b.kind]}"
        svg.el(g, "rect", attrs)
        if b.kind == "neg":
            text = _t(lang, f"不足 {y(-b.shown, lang)}", f"shortfall {y(-b.shown, lang)}")
            svg.text(g, x + bw / 2, bottom_y + 16, text, cls="zc-neg", anchor="middle", halo=True)
        else:
            svg.text(g, x + bw / 2, top_y - 6, y(b.shown, lang), anchor="middle", halo=True)
        svg.text(g, x + bw / 2, plot_bottom + 18, b.label, anchor="middle")
        if i + 1 < len(bars) and bars[i + 1].kind != "neg":
            ye = ys(b.end)
            svg.line(g, x + bw, ye, x + slot, ye, "zc-connector")
    notes = []
    if exit.cash_needed:
        notes.append(_t(lang, f"決済時に必要な現金: {y(exit.cash_needed, lang)}",
                        f"cash needed at closing: {y(exit.cash_needed, lang)}"))
    notes.append(_t(lang, f"完了の目安: {exit.completion.isoformat()}",
                    f"completes: {exit.completion.isoformat()}"))
    if not exit.feasible:
        notes.append(_t(lang, "この条件では実行できません", "not feasible on these inputs"))
    svg.text(svg.root, left, plot_bottom + 44, "　".join(notes) if lang == "ja" else " · ".join(notes),
             cls="zc-note")
    return svg.markup()


# ------------------------------------------------------------------------------ timeline


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def timeline_chart(plan: Plan, lang: str, *, id_prefix: str = "zc") -> Markup:
    """滞納 → 期限の利益喪失 → … → 開札 → 代金納付: earliest–latest as a bar, the typical date as
    a dot, today's and the sale date's markers, and the windows that close on the way."""
    _check_lang(lang)
    tl, case = plan.timeline, plan.case
    first_label = _t(lang, "初回の滞納", "first missed payment")
    if tl.hypothetical:
        first_label += _t(lang, "（仮定）", " (assumed)")
    rows: list[tuple[str, date, date, date]] = [(first_label, tl.first_missed, tl.first_missed,
                                                 tl.first_missed)]
    rows += [(_label(m, lang), m.earliest, m.typical, m.latest or m.typical) for m in tl.milestones]
    windows = tl.windows
    win_labels = [w.label_ja if lang == "ja" else w.label_en for w in windows]

    dates = [case.at, case.sale_date] + [d for _, e, t, la in rows for d in (e, t, la)]
    dates += [w.closes_latest or w.closes for w in windows]
    d0, d1 = add_months(min(dates), -1), add_months(max(dates), 1)

    key_ms = [m for m in tl.milestones
              if m.key in ("acceleration", "subrogation", "auction_filing", "bid_opening", "payment")]
    ms_ja = "、".join(f"{m.label_ja}は{m.typical.isoformat()}ごろ" for m in key_ms)
    ms_en = "; ".join(f"{m.label_en}: about {m.typical.isoformat()}" for m in key_ms)

    def win_text(w: Window, lang: str) -> str:
        if lang == "ja":
            if not w.is_open:
                return f"{w.label_ja}は{w.closes.isoformat()}で終了"
            late = f"（遅くとも{w.closes_latest.isoformat()}）" if w.closes_latest else ""
            return f"{w.label_ja}は{w.closes.isoformat()}まで{late}"
        if not w.is_open:
            return f"{w.label_en} closed on {w.closes.isoformat()}"
        late = f" (at the latest {w.closes_latest.isoformat()})" if w.closes_latest else ""
        return f"{w.label_en} open until {w.closes.isoformat()}{late}"

    assumed_ja = "（まだ滞納はなく、次の返済から払えなくなった場合の仮定）" if tl.hypothetical else ""
    assumed_en = (" (no payment missed yet: assumes the next one is missed)" if tl.hypothetical else "")
    desc = _t(
        lang,
        f"基準日{case.at.isoformat()}。初回の滞納{tl.first_missed.isoformat()}{assumed_ja}。{ms_ja}。"
        + "。".join(win_text(w, "ja") for w in windows) + "。",
        f"As of {case.at.isoformat()}. First missed payment {tl.first_missed.isoformat()}{assumed_en}. "
        f"{ms_en}. " + ". ".join(win_text(w, "en") for w in windows) + ".")
    title = _t(lang, "滞納から競売までの流れ", "From missed payments to auction")

    label_w = max(_text_width(s, 12) for s in [r[0] for r in rows] + win_labels)
    left = min(max(label_w + 20, 140.0), 400.0)
    right = 960 - 96.0
    row_h = 22
    top = 70.0
    heading_y = top + row_h * len(rows) + 18
    win_top = heading_y + 10
    bottom = win_top + row_h * len(windows)
    height = int(bottom + 64)
    svg = _Svg(_chart_id(id_prefix, "timeline"), "timeline", 960, height, title, desc)
    xs = _Scale(d0.toordinal(), d1.toordinal(), left, right)

    def x(d: date) -> float:
        return xs(d.toordinal())

    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    months = _months_between(d0, d1)
    every = next((s for s in (1, 2, 3, 6, 12) if months // s <= 12), 12 * -(-months // 144))
    tick = date(d0.year, d0.month, 1)
    while tick <= d1:
        if (tick.month - 1) % every == 0 and tick >= d0:
            tx = x(tick)
            svg.line(g, tx, top - 6, tx, bottom, "zc-grid")
            svg.text(g, tx, bottom + 16, f"{tick.year}-{tick.month:02d}", cls="zc-tick", anchor="middle")
        tick = add_months(tick, 1)
    svg.line(g, left, bottom, right, bottom, "zc-axis")

    for i, (label, early, typical, late) in enumerate(rows):
        cy = top + row_h * i + row_h / 2
        past = typical < case.at
        rg = svg.el(g, "g", {"class": "zc-row zc-past" if past else "zc-row"})
        svg.text(rg, left - 10, cy + 4, label, anchor="end")
        if late > early:
            svg.el(rg, "rect", {"class": "zc-range", "x": x(early), "y": cy - 4, "width": x(late) - x(early),
                                "height": 8, "rx": 2})
        svg.el(rg, "circle", {"class": "zc-dot", "cx": x(typical), "cy": cy, "r": 4.5})
        svg.text(rg, x(late) + 8, cy + 4, typical.isoformat(), cls="zc-tick")

    svg.text(g, 12, heading_y, _t(lang, "期限のある選択肢（この日まで）", "Options and their last day"),
             cls="zc-sub")
    hatch = svg.pattern("closed", "#f2f2f2", "#999999")
    for i, (w, label) in enumerate(zip(windows, win_labels, strict=True)):
        cy = win_top + row_h * i + row_h / 2
        wg = svg.el(g, "g", {"class": "zc-row zc-open" if w.is_open else "zc-row zc-closed"})
        svg.text(wg, left - 10, cy + 4, label, anchor="end")
        attrs: dict[str, Attr] = {"class": "zc-window", "x": left, "y": cy - 6, "width": x(w.closes) - left,
                                  "height": 12}
        if not w.is_open:
            attrs["style"] = f"fill:{hatch}"
        svg.el(wg, "rect", attrs)
        end_x = x(w.closes)
        if w.closes_latest and w.closes_latest > w.closes:
            end_x = x(w.closes_latest)
            svg.el(wg, "rect", {"class": "zc-late", "x": x(w.closes), "y": cy - 6,
                                "width": end_x - x(w.closes), "height": 12})
        svg.line(wg, x(w.closes), cy - 9, x(w.closes), cy + 9, "zc-end")
        state = (_t(lang, f"〜{w.closes.isoformat()}", f"until {w.closes.isoformat()}") if w.is_open
                 else _t(lang, f"終了 {w.closes.isoformat()}", f"closed {w.closes.isoformat()}"))
        svg.text(wg, end_x + 8, cy + 4, state, cls="zc-tick")

    marks = [(case.at, _t(lang, "今日（基準日）", "today"), "zc-today", 40.0),
             (case.sale_date, _t(lang, "売却予定日", "planned sale"), "zc-marker zc-sale", 56.0)]
    for d, label, cls, ty in marks:
        mx = x(d)
        svg.line(g, mx, ty + 4, mx, bottom, cls)
        anchor = "end" if mx > right - 200 else "start"
        svg.text(g, mx + (-4 if anchor == "end" else 4), ty, f"{label} {d.isoformat()}", anchor=anchor,
                 halo=True)

    ly = bottom + 44
    lg = svg.el(svg.root, "g", {"class": "zc-legend"})
    svg.el(lg, "circle", {"class": "zc-dot", "cx": left + 5, "cy": ly - 4, "r": 4.5})
    svg.text(lg, left + 14, ly, _t(lang, "目安の日", "typical date"))
    lx = left + 14 + _text_width(_t(lang, "目安の日", "typical date"), 12) + 24
    svg.el(lg, "rect", {"class": "zc-range", "x": lx, "y": ly - 8, "width": 28, "height": 8, "rx": 2})
    span_label = _t(lang, "早ければ〜遅ければ", "earliest to latest")
    svg.text(lg, lx + 34, ly, span_label)
    lx += 34 + _text_width(span_label, 12) + 24
    svg.el(lg, "rect", {"class": "zc-window", "x": lx, "y": ly - 10, "width": 28, "height": 12})
    open_label = _t(lang, "間に合う期間", "still open")
    svg.text(lg, lx + 34, ly, open_label)
    lx += 34 + _text_width(open_label, 12) + 24
    svg.el(lg, "rect", {"class": "zc-window", "x": lx, "y": ly - 10, "width": 28, "height": 12,
                        "style": f"fill:{hatch}"})
    svg.text(lg, lx + 34, ly, _t(lang, "期限切れ", "closed"))
    return svg.markup()


def _label(m: Milestone, lang: str) -> str:
    return m.label_ja if lang == "ja" else m.label_en


# ------------------------------------------------------------------------------ division


def _view_label(view: OverloanView | None, lang: str) -> str:
    if view is OverloanView.NETTING:
        return _t(lang, "通算説", "netting view")
    if view is OverloanView.EXCLUSION:
        return _t(lang, "除外説", "exclusion view")
    return ""


def _share_text(name: str, amount: Yen, lang: str) -> str:
    if lang == "ja":
        return (f"{name}は{_yen_label(-amount, 'ja')}を負担" if amount < 0
                else f"{name}は{_yen_label(amount, 'ja')}を受け取り")
    return (f"{name} bears {_yen_label(-amount, 'en')}" if amount < 0
            else f"{name} receives {_yen_label(amount, 'en')}")


def property_division_chart(plan: Plan, lang: str, *, id_prefix: str = "zc") -> Markup | None:
    """財産分与 per spouse: the chosen method large, every other method below it, as bars either
    side of zero (negative = 負担, the spouse's share of an overloan)."""
    _check_lang(lang)
    div = plan.property_division
    if div is None:
        return None
    a, b = div.spouses
    chosen = div.chosen
    clabel = chosen.label_ja if lang == "ja" else chosen.label_en
    sep = "。" if lang == "ja" else ". "
    parts = [_t(lang, f"{clabel}では、", f"Under {clabel}, ")
             + _t(lang, "、", ", ").join(_share_text(n, chosen.entitlement[n], lang) for n in (a, b))
             + _t(lang, f"ます（分ける純資産 {_yen_label(div.net_estate, 'ja')}）",
                  f" (net estate {_yen_label(div.net_estate, 'en')})")]
    others = [m for m in div.methods if not m.chosen]
    if others:
        parts.append(_t(lang, "ほかの方式: ", "Other methods: ") + _t(lang, "、", "; ").join(
            f"{m.label_ja if lang == 'ja' else m.label_en} {a} {_yen_label(m.entitlement[a], lang)}"
            f" / {b} {_yen_label(m.entitlement[b], lang)}" for m in others))
    if div.other_view is not None:
        ov = div.other_view
        parts.append(_t(lang, f"{_view_label(ov.overloan, lang)}では ", f"Under the "
                        f"{_view_label(ov.overloan, lang)}: ")
                     + f"{a} {_yen_label(ov.chosen.entitlement[a], lang)} / "
                       f"{b} {_yen_label(ov.chosen.entitlement[b], lang)}")
    desc = sep.join(parts) + sep.strip()
    view = _view_label(div.overloan, lang)
    title = _t(lang, f"財産分与（{clabel}{'・' + view if view else ''}）",
               f"Property division ({clabel}{', ' + view if view else ''})")

    return _property_division_svg(div, lang, _chart_id(id_prefix, "division"), title, desc)


def _property_division_svg(div: PropertyDivision, lang: str, chart_id: str, title: str, desc: str) -> Markup:
    a, b = div.spouses
    methods = list(div.methods)
    labels = [m.label_ja if lang == "ja" else m.label_en for m in methods]
    values = [v for m in methods for v in (m.entitlement[a], m.entitlement[b])]
    lo, hi, step = _nice_range(min([0, *values]), max([0, *values]), 6)
    if lo == hi:
        hi = step
    label_w = max(_text_width(s, 12) for s in labels) + 20
    left = min(max(label_w, 140.0), 340.0)
    # Labels sit outside the bar ends: leave room on the side(s) the bars grow towards.
    plot_l = left + (150.0 if lo < 0 else 20.0)
    plot_r = 960 - (150.0 if hi > 0 else 30.0)
    big, small = 20, 12
    top = 66.0
    heights = [(big if m.chosen else small) for m in methods]
    group_h = [2 * h + 16 for h in heights]
    bottom = top + sum(group_h) + (16 if len(methods) > 1 else 0)
    height = int(bottom + 60)
    svg = _Svg(chart_id, "division", 960, height, title, desc)
    xs = _Scale(lo, hi, plot_l, plot_r)
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    for v in range(lo, hi + 1, step):
        vx = xs(v)
        svg.line(g, vx, top - 4, vx, bottom, "zc-axis" if v == 0 else "zc-grid")
        svg.text(g, vx, bottom + 16, _tick_label(v, lang), cls="zc-tick", anchor="middle")
    hatch = svg.pattern("spouse2", "#ffffff", "#1f5fa8")
    neg_hatch = svg.pattern("spouse2-neg", "#ffffff", "#c62828")
    y0 = top
    x0 = xs(0)
    for i, (m, label, h) in enumerate(zip(methods, labels, heights, strict=True)):
        if i == 1:
            svg.text(g, 12, y0 + 12, _t(lang, "ほかの方式", "Other methods"), cls="zc-sub")
            y0 += 16
        mg = svg.el(g, "g", {"class": "zc-method zc-chosen" if m.chosen else "zc-method"})
        chosen_mark = _t(lang, "（選んだ方式）", " (chosen)") if m.chosen else ""
        svg.text(mg, left - 10, y0 + h + 4, label + chosen_mark if m.chosen else label,
                 cls="zc-sub" if m.chosen else "", anchor="end")
        for j, name in enumerate((a, b)):
            v = m.entitlement[name]
            by = y0 + j * (h + 4)
            vx = xs(v)
            attrs: dict[str, Attr] = {"class": f"zc-bar zc-spouse-{j + 1} {'zc-neg' if v < 0 else 'zc-pos'}",
                                      "x": min(x0, vx), "y": by, "width": abs(vx - x0), "height": h}
            if j == 1:
                attrs["style"] = f"fill:{neg_hatch if v < 0 else hatch}"
            svg.el(mg, "rect", attrs)
            burden = _t(lang, "（負担）", " (to bear)") if v < 0 else ""
            text = f"{name} {_yen_label(v, lang)}{burden}"
            if v < 0:
                svg.text(mg, vx - 6, by + h / 2 + 4, text, cls="zc-neg", anchor="end", halo=True)
            else:
                svg.text(mg, vx + 6, by + h / 2 + 4, text, halo=True)
        y0 += 2 * h + 16
    ly = bottom + 44
    lg = svg.el(svg.root, "g", {"class": "zc-legend"})
    lx = plot_l
    for j, name in enumerate((a, b)):
        attrs = {"class": f"zc-bar zc-pos zc-spouse-{j + 1}", "x": lx, "y": ly - 10, "width": 28,
                 "height": 12}
        if j == 1:
            attrs["style"] = f"fill:{hatch}"
        svg.el(lg, "rect", attrs)
        svg.text(lg, lx + 34, ly, name)
        lx += 34 + _text_width(name, 12) + 24
    svg.el(lg, "rect", {"class": "zc-bar zc-neg", "x": lx, "y": ly - 10, "width": 28, "height": 12})
    svg.text(lg, lx + 34, ly, _t(lang, "マイナス＝負担（赤）", "below zero = to bear (red)"))
    return svg.markup()

