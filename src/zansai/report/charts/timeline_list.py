"""The timeline as a vertical list with dates: what a phone shows instead of the wide chart.

The same facts as ``timeline_chart`` (滞納 → 期限の利益喪失 → … → 開札 → 代金納付, today's and the
sale date's marks, the windows that close on the way), written as HTML so long labels wrap and
the text keeps the page's size. Styled by the page's stylesheet (``ol.zc-vtimeline``).
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from zansai.engine.plan import Plan
from zansai.engine.timeline import Window
from zansai.report.charts.svg import check_lang, tr
from zansai.report.charts.timeline import _rows

Entry = tuple[date, int, Markup]
"""(date, order on the same day, the ``<li>``) of one line of the list."""


def timeline_list(plan: Plan, lang: str, *, id_prefix: str = "zc") -> Markup:
    """The milestones in date order with their typical date (and earliest–latest when they differ),
    today's and the sale date's marks among them, then each window and its last day."""
    check_lang(lang)
    tl, case = plan.timeline, plan.case
    if tl is None:  # no home loan: no delinquency to list
        return Markup("")
    entries: list[Entry] = []
    for label, early, typical, late in _rows(tl, lang):
        cls = ' class="zc-past"' if typical < case.at else ""
        span = ""
        if late > early:
            span = tr(lang, f"早ければ {early.isoformat()} 〜 遅ければ {late.isoformat()}",
                      f"earliest {early.isoformat()}, latest {late.isoformat()}")
        entries.append((typical, 1, Markup(
            f'<li{cls}><span class="zc-date">{typical.isoformat()}{_about(early, late, lang)}</span>'
            f'{escape(label)}{_range(span)}</li>')))
    for d, label in ((case.at, tr(lang, "今日（基準日）", "today")),
                     (case.sale_date, tr(lang, "売却予定日", "planned sale"))):
        entries.append((d, 0, Markup(
            f'<li class="zc-mark"><span class="zc-date">{d.isoformat()}</span>{escape(label)}</li>')))
    entries.sort(key=lambda e: (e[0], e[1]))
    title = tr(lang, "滞納から競売までの流れ", "From missed payments to auction")
    windows = "".join(str(_window(w, lang)) for w in tl.windows)
    options = tr(lang, "期限のある選択肢（この日まで）", "Options and their last day")
    return Markup(
        f'<div class="zc-vtimeline-wrap" id="{escape(id_prefix)}-timeline-list">'
        f'<p class="zc-vchart-title">{escape(title)}</p>'
        f'<ol class="zc-vtimeline">{"".join(str(m) for _, _, m in entries)}</ol>'
        f'<p class="zc-vtimeline-h">{escape(options)}</p>'
        f'<ul class="zc-vwindows">{windows}</ul></div>')


def _about(early: date, late: date, lang: str) -> str:
    """ごろ / "about" after a typical date that is only a guess between two others."""
    return tr(lang, " ごろ", " (about)") if late > early else ""


def _range(span: str) -> Markup:
    return Markup(f'<span class="zc-range">{escape(span)}</span>') if span else Markup("")


def _window(w: Window, lang: str) -> Markup:
    """One window: its name, and open until when (at the latest when) or closed on which day."""
    label = w.label_ja if lang == "ja" else w.label_en
    if w.is_open:
        state = tr(lang, f"{w.closes.isoformat()} まで", f"open until {w.closes.isoformat()}")
        if w.closes_latest and w.closes_latest > w.closes:
            state += tr(lang, f"（遅くとも {w.closes_latest.isoformat()}）",
                        f" (at the latest {w.closes_latest.isoformat()})")
    else:
        state = tr(lang, f"終了（{w.closes.isoformat()}）", f"closed on {w.closes.isoformat()}")
    cls = "zc-open" if w.is_open else "zc-closed"
    return Markup(f'<li class="{cls}"><strong>{escape(label)}</strong>'
                  f'<span class="zc-state">{escape(state)}</span></li>')
