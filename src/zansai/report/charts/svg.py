"""What every chart is drawn with: the ``<svg>`` root, linear scales, money labels and nice ranges.

Money stays integer yen; only coordinates are floats, written with one decimal at most so the
output is small and stable. Counting and pixel arithmetic here is layout, not a figure.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markupsafe import Markup

from zansai.errors import InputError
from zansai.money import Rounding, Yen, round_div

MAN = 10_000
"""1万円: the unit Japanese charts count money in."""
MILLION = 1_000_000

FONT = '"Noto Sans CJK JP", "IPAGothic", sans-serif'

NARROW_WIDTH = 320
"""The narrow variants' width: drawn for a phone's column (about 320 CSS px at 360 px wide), so
their 13-px text stays at least 12 px as rendered."""
NARROW_FONT = 13

STYLE = (
    f".zc-chart{{font-family:{FONT};font-size:12px}}"
    ".zc-chart text{fill:#222}"
    ".zc-chart .zc-heading{font-size:15px;font-weight:bold}"
    ".zc-chart .zc-sub{font-weight:bold}"
    ".zc-chart .zc-tick{font-size:12px;fill:#555}"
    ".zc-chart .zc-note{font-size:12px;fill:#444}"
    f".zc-chart.zc-n,.zc-chart.zc-n .zc-tick,.zc-chart.zc-n .zc-note{{font-size:{NARROW_FONT}px}}"
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
"""The charts' one stylesheet, inlined in every ``<svg>`` (so a chart prints on its own)."""



def _style_element() -> str:
    e = ET.Element("style")
    e.text = STYLE
    return ET.tostring(e, encoding="unicode")


STYLE_ELEMENT = _style_element()
"""``STYLE`` as a chart writes it: what a page holding several charts writes once."""

DASHES = ("", "7 3", "2 3", "10 3 2 3")
"""Dash patterns of the loan lines, so they differ in black and white too."""

Attr = str | int | float


def tr(lang: str, ja: str, en: str) -> str:
    """The Japanese or the English words, by ``lang``."""
    return ja if lang == "ja" else en


def check_lang(lang: str) -> None:
    if lang not in ("ja", "en"):
        raise InputError.invalid("lang", lang, "ja か en を指定してください", "use ja or en")


def yen_label(amount: Yen, lang: str) -> str:
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


def tick_label(amount: Yen, lang: str) -> str:
    """An axis tick (ticks fall on round numbers): 2,000万円 / ¥20M."""
    if lang == "en" and amount != 0 and amount % MILLION == 0:
        sign = "−" if amount < 0 else ""
        return f"{sign}¥{abs(amount) // MILLION:,}M"
    return yen_label(amount, lang)


def coord(x: float) -> str:
    """A coordinate with one decimal at most (keeps the output small and stable)."""
    s = f"{x:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def text_width(s: str, size: float) -> float:
    """Estimated width of a label: full-width characters 1em, others about 0.6em."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in s) * size


def wrap(s: str, size: float, width: float) -> list[str]:
    """``s`` cut into lines no wider than ``width`` (by ``text_width``): at spaces where there are
    any, else between any two characters (Japanese has no spaces)."""
    words = s.split(" ") if " " in s else list(s)
    sep = " " if " " in s else ""
    lines: list[str] = []
    line = ""
    for w in words:
        candidate = f"{line}{sep}{w}" if line else w
        if line and text_width(candidate, size) > width:
            lines.append(line)
            line = w
        else:
            line = candidate
    return [*lines, line] if line or not lines else lines


def nice_step(span: int, target: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ that cuts ``span`` into at most ``target`` steps."""
    raw = max(1, -(-span // target))
    unit = 1
    while True:
        for m in (1, 2, 5):
            if m * unit >= raw:
                return m * unit
        unit *= 10


def nice_range(lo: int, hi: int, target: int) -> tuple[int, int, int]:
    """(low, high, step) on tick boundaries covering ``lo``..``hi``."""
    step = nice_step(max(hi - lo, 1), target)
    return (lo // step) * step, -(-hi // step) * step, step


@dataclass(frozen=True, slots=True)
class Scale:
    """Linear map from integers (yen or day ordinals) to coordinates."""

    d0: int
    d1: int
    r0: float
    r1: float

    def __call__(self, v: int) -> float:
        if self.d1 == self.d0:
            return self.r0
        return self.r0 + (v - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


class Svg:
    """One chart: the root ``<svg>`` with its title, description, style and pattern defs."""

    def __init__(self, chart_id: str, kind: str, width: int, height: int, title: str,
                 desc: str, *, narrow: bool = False) -> None:
        self.id = chart_id
        self.width = width
        self.root = ET.Element("svg", {
            "id": chart_id, "class": f"zc-chart zc-{kind}{' zc-n' if narrow else ''}",
            "viewBox": f"0 0 {width} {height}",
            "width": "100%", "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        })
        ET.SubElement(self.root, "title", {"id": f"{chart_id}-title"}).text = title
        ET.SubElement(self.root, "desc", {"id": f"{chart_id}-desc"}).text = desc
        ET.SubElement(self.root, "style").text = STYLE
        self.defs = ET.SubElement(self.root, "defs")
        self.top = 22.0
        """The baseline of the heading's last line (a narrow chart wraps it)."""
        lines = wrap(title, 15, width - 16) if narrow else [title]
        for i, line in enumerate(lines):
            self.top = 22.0 + 19 * i
            self.text(self.root, 8 if narrow else 12, self.top, line, cls="zc-heading")

    def resize(self, height: float) -> None:
        """Set the height once the content is drawn (a narrow chart grows with its text)."""
        self.root.set("viewBox", f"0 0 {self.width} {int(height)}")

    def lines(self, parent: ET.Element, x: float, y: float, s: str, *, size: float = NARROW_FONT,
              cls: str = "", step: float = 17) -> float:
        """``s`` wrapped to the chart's width from ``x``, a line every ``step``; returns the last baseline."""
        last = y
        for i, line in enumerate(wrap(s, size, self.width - x - 6)):
            self.text(parent, x, y + step * i, line, cls=cls)
            last = y + step * i
        return last

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
        e = ET.SubElement(parent, tag, {k: coord(v) if isinstance(v, float) else str(v)
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


def chart_id(prefix: str, kind: str, key: str = "") -> str:
    """The ``id`` of a chart: its parts joined by ``-``, anything but [A-Za-z0-9_-] replaced."""
    raw = "-".join(p for p in (prefix, kind, key) if p)
    return re.sub(r"[^A-Za-z0-9_-]", "-", raw)


def y_axis(svg: Svg, g: ET.Element, ys: Scale, lo: int, hi: int, step: int, x0: float,
           x1: float, lang: str) -> None:
    """The money axis: a grid line and a label at every step (the zero line drawn as an axis)."""
    for v in range(lo, hi + 1, step):
        y = ys(v)
        svg.line(g, x0, y, x1, y, "zc-axis" if v == 0 else "zc-grid")
        svg.text(g, x0 - 6, y + 4, tick_label(v, lang), cls="zc-tick", anchor="end")


def legend_row(svg: Svg, g: ET.Element, x: float, y: float, label: str) -> float:
    """Write a legend label after its 28-wide swatch at ``x``; returns where the next swatch goes."""
    svg.text(g, x + 34, y, label)
    return x + (34 + text_width(label, 12) + 24)
