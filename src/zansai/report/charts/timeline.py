"""滞納 → 期限の利益喪失 → … → 開札 → 代金納付, and the windows that close on the way."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from zansai.dates import add_months
from zansai.engine.plan import Plan
from zansai.engine.timeline import Milestone, Timeline, Window
from zansai.model import Case
from zansai.report.charts.svg import Attr, Scale, Svg, chart_id, check_lang, legend_row, text_width, tr

WIDTH = 960
ROW_H = 22
TOP = 70.0

Row = tuple[str, date, date, date]
"""(label, earliest, typical, latest) of one milestone."""

_KEY_MILESTONES = ("acceleration", "subrogation", "auction_filing", "bid_opening", "payment")
"""The milestones the description names."""


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where things go: the label column's edge, the two row blocks and the date scale."""

    left: float
    right: float
    heading_y: float
    win_top: float
    bottom: float
    xs: Scale

    def x(self, d: date) -> float:
        return self.xs(d.toordinal())


def timeline_chart(plan: Plan, lang: str, *, id_prefix: str = "zc") -> Markup:
    """滞納 → 期限の利益喪失 → … → 開札 → 代金納付: earliest–latest as a bar, the typical date as
    a dot, today's and the sale date's markers, and the windows that close on the way."""
    check_lang(lang)
    tl, case = plan.timeline, plan.case
    if tl is None:  # no home loan: no delinquency to chart
        return Markup("")
    rows = _rows(tl, lang)
    windows = tl.windows
    win_labels = [w.label_ja if lang == "ja" else w.label_en for w in windows]
    dates = [case.at, case.sale_date] + [d for _, e, t, la in rows for d in (e, t, la)]
    dates += [w.closes_latest or w.closes for w in windows]
    d0, d1 = add_months(min(dates), -1), add_months(max(dates), 1)
    title = tr(lang, "滞納から競売までの流れ", "From missed payments to auction")

    label_w = max(text_width(s, 12) for s in [r[0] for r in rows] + win_labels)
    left = min(max(label_w + 20, 140.0), 400.0)
    right = WIDTH - 96.0
    heading_y = TOP + ROW_H * len(rows) + 18
    win_top = heading_y + 10
    bottom = win_top + ROW_H * len(windows)
    lay = _Layout(left, right, heading_y, win_top, bottom, Scale(d0.toordinal(), d1.toordinal(), left, right))
    svg = Svg(chart_id(id_prefix, "timeline"), "timeline", WIDTH, int(bottom + 64), title,
              _description(tl, case, lang))
    g = svg.el(svg.root, "g", {"class": "zc-plot"})
    _month_grid(svg, g, lay, d0, d1)
    _milestone_rows(svg, g, lay, rows, case.at)
    hatch = _window_rows(svg, g, lay, windows, win_labels, lang)
    _date_marks(svg, g, lay, case, lang)
    _legend(svg, lay, hatch, lang)
    return svg.markup()


def _label(m: Milestone, lang: str) -> str:
    return m.label_ja if lang == "ja" else m.label_en


def _rows(tl: Timeline, lang: str) -> list[Row]:
    """The first missed payment (assumed when none is missed yet), then each milestone."""
    first_label = tr(lang, "初回の滞納", "first missed payment")
    if tl.hypothetical:
        first_label += tr(lang, "（仮定）", " (assumed)")
    rows: list[Row] = [(first_label, tl.first_missed, tl.first_missed, tl.first_missed)]
    rows += [(_label(m, lang), m.earliest, m.typical, m.latest or m.typical) for m in tl.milestones]
    return rows


def _window_text(w: Window, lang: str) -> str:
    """One window in the description: open until when, or closed on which day."""
    if lang == "ja":
        if not w.is_open:
            return f"{w.label_ja}は{w.closes.isoformat()}で終了"
        late = f"（遅くとも{w.closes_latest.isoformat()}）" if w.closes_latest else ""
        return f"{w.label_ja}は{w.closes.isoformat()}まで{late}"
    if not w.is_open:
        return f"{w.label_en} closed on {w.closes.isoformat()}"
    late = f" (at the latest {w.closes_latest.isoformat()})" if w.closes_latest else ""
    return f"{w.label_en} open until {w.closes.isoformat()}{late}"


def _description(tl: Timeline, case: Case, lang: str) -> str:
    """The timeline in one paragraph: the key milestones' typical dates and every window."""
    key_ms = [m for m in tl.milestones if m.key in _KEY_MILESTONES]
    ms_ja = "、".join(f"{m.label_ja}は{m.typical.isoformat()}ごろ" for m in key_ms)
    ms_en = "; ".join(f"{m.label_en}: about {m.typical.isoformat()}" for m in key_ms)
    assumed_ja = "（まだ滞納はなく、次の返済から払えなくなった場合の仮定）" if tl.hypothetical else ""
    assumed_en = (" (no payment missed yet: assumes the next one is missed)" if tl.hypothetical else "")
    return tr(
        lang,
        f"基準日{case.at.isoformat()}。初回の滞納{tl.first_missed.isoformat()}{assumed_ja}。{ms_ja}。"
        + "。".join(_window_text(w, "ja") for w in tl.windows) + "。",
        f"As of {case.at.isoformat()}. First missed payment {tl.first_missed.isoformat()}{assumed_en}. "
        f"{ms_en}. " + ". ".join(_window_text(w, "en") for w in tl.windows) + ".")


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _month_grid(svg: Svg, g: ET.Element, lay: _Layout, d0: date, d1: date) -> None:
    """A grid line and a YYYY-MM label every 1, 2, 3, 6 or 12 months (at most twelve, and no more
    than fit side by side)."""
    months = _months_between(d0, d1)
    most = min(12, max(2, int((lay.right - lay.left) // (text_width("2027-01", 12) + 12))))
    every = next((s for s in (1, 2, 3, 6, 12) if months // s <= most), 12 * -(-months // (12 * most)))
    tick = date(d0.year, d0.month, 1)
    while tick <= d1:
        if (tick.month - 1) % every == 0 and tick >= d0:
            tx = lay.x(tick)
            svg.line(g, tx, TOP - 6, tx, lay.bottom, "zc-grid")
            svg.text(g, tx, lay.bottom + 16, f"{tick.year}-{tick.month:02d}", cls="zc-tick", anchor="middle")
        tick = add_months(tick, 1)
    svg.line(g, lay.left, lay.bottom, lay.right, lay.bottom, "zc-axis")


def _milestone_rows(svg: Svg, g: ET.Element, lay: _Layout, rows: list[Row], today: date) -> None:
    """Per milestone: its label, the earliest–latest bar, the typical date's dot and date (greyed
    when already past)."""
    x = lay.x
    for i, (label, early, typical, late) in enumerate(rows):
        cy = TOP + ROW_H * i + ROW_H / 2
        past = typical < today
        rg = svg.el(g, "g", {"class": "zc-row zc-past" if past else "zc-row"})
        svg.text(rg, lay.left - 10, cy + 4, label, anchor="end")
        if late > early:
            svg.el(rg, "rect", {"class": "zc-range", "x": x(early), "y": cy - 4, "width": x(late) - x(early),
                                "height": 8, "rx": 2})
        svg.el(rg, "circle", {"class": "zc-dot", "cx": x(typical), "cy": cy, "r": 4.5})
        svg.text(rg, x(late) + 8, cy + 4, typical.isoformat(), cls="zc-tick")


def _window_rows(svg: Svg, g: ET.Element, lay: _Layout, windows: tuple[Window, ...],
                 labels: list[str], lang: str) -> str:
    """Per window: a bar up to its last day (hatched once closed), a paler one up to the latest
    day, and its state; returns the hatch's fill for the legend."""
    x = lay.x
    svg.text(g, 12, lay.heading_y, tr(lang, "期限のある選択肢（この日まで）", "Options and their last day"),
             cls="zc-sub")
    hatch = svg.pattern("closed", "#f2f2f2", "#999999")
    for i, (w, label) in enumerate(zip(windows, labels, strict=True)):
        cy = lay.win_top + ROW_H * i + ROW_H / 2
        wg = svg.el(g, "g", {"class": "zc-row zc-open" if w.is_open else "zc-row zc-closed"})
        svg.text(wg, lay.left - 10, cy + 4, label, anchor="end")
        attrs: dict[str, Attr] = {"class": "zc-window", "x": lay.left, "y": cy - 6,
                                  "width": x(w.closes) - lay.left, "height": 12}
        if not w.is_open:
            attrs["style"] = f"fill:{hatch}"
        svg.el(wg, "rect", attrs)
        end_x = x(w.closes)
        if w.closes_latest and w.closes_latest > w.closes:
            end_x = x(w.closes_latest)
            svg.el(wg, "rect", {"class": "zc-late", "x": x(w.closes), "y": cy - 6,
                                "width": end_x - x(w.closes), "height": 12})
        svg.line(wg, x(w.closes), cy - 9, x(w.closes), cy + 9, "zc-end")
        state = (tr(lang, f"〜{w.closes.isoformat()}", f"until {w.closes.isoformat()}") if w.is_open
                 else tr(lang, f"終了 {w.closes.isoformat()}", f"closed {w.closes.isoformat()}"))
        svg.text(wg, end_x + 8, cy + 4, state, cls="zc-tick")
    return hatch


def _date_marks(svg: Svg, g: ET.Element, lay: _Layout, case: Case, lang: str) -> None:
    """Today's (the 基準日) and the sale date's vertical markers with their labels."""
    marks = [(case.at, tr(lang, "今日（基準日）", "today"), "zc-today", 40.0),
             (case.sale_date, tr(lang, "売却予定日", "planned sale"), "zc-marker zc-sale", 56.0)]
    for d, label, cls, ty in marks:
        mx = lay.x(d)
        svg.line(g, mx, ty + 4, mx, lay.bottom, cls)
        anchor = "end" if mx > lay.right - 200 else "start"
        svg.text(g, mx + (-4 if anchor == "end" else 4), ty, f"{label} {d.isoformat()}", anchor=anchor,
                 halo=True)


def _legend(svg: Svg, lay: _Layout, hatch: str, lang: str) -> None:
    """The typical date's dot, the earliest–latest bar, an open and a closed window."""
    left = lay.left
    ly = lay.bottom + 44
    lg = svg.el(svg.root, "g", {"class": "zc-legend"})
    svg.el(lg, "circle", {"class": "zc-dot", "cx": left + 5, "cy": ly - 4, "r": 4.5})
    svg.text(lg, left + 14, ly, tr(lang, "目安の日", "typical date"))
    lx = left + 14 + text_width(tr(lang, "目安の日", "typical date"), 12) + 24
    svg.el(lg, "rect", {"class": "zc-range", "x": lx, "y": ly - 8, "width": 28, "height": 8, "rx": 2})
    lx = legend_row(svg, lg, lx, ly, tr(lang, "早ければ〜遅ければ", "earliest to latest"))
    svg.el(lg, "rect", {"class": "zc-window", "x": lx, "y": ly - 10, "width": 28, "height": 12})
    lx = legend_row(svg, lg, lx, ly, tr(lang, "間に合う期間", "still open"))
    svg.el(lg, "rect", {"class": "zc-window", "x": lx, "y": ly - 10, "width": 28, "height": 12,
                        "style": f"fill:{hatch}"})
    svg.text(lg, lx + 34, ly, tr(lang, "期限切れ", "closed"))
