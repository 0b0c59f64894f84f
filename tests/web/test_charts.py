"""The server-drawn SVG charts: well-formed, self-contained, escaped, deterministic, and showing
the plan's own figures.

Seed 1 = docs/sources/seed1-short-sale.md (任意売却後の住宅ローン残債), computed
from examples/seed1-short-sale.toml. Seed 2 = docs/sources/seed2-divorce.md
(離婚と住宅ローン), examples/seed2-divorce-*.toml.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zansai.case import build_case, load_case, parse_case_data
from zansai.engine.plan import Plan, plan
from zansai.errors import InputError
from zansai.report.charts import (
    balance_chart,
    property_division_chart,
    timeline_chart,
    waterfall_chart,
    yen_label,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = ("seed1-short-sale", "seed2-divorce-underloan", "seed2-divorce-overloan",
         "seed2-divorce-separate-property", "trade-up", "condo-jhf-arrears")
GEOMETRY = ("x", "y", "width", "height", "cx", "cy", "r", "x1", "y1", "x2", "y2")


@cache
def _plan(name: str) -> Plan:
    case, book = load_case(str(EXAMPLES / f"{name}.toml"))
    return plan(case, book)


def _plan_from(raw: dict[str, Any]) -> Plan:
    case, book = build_case(parse_case_data(raw))
    return plan(case, book)


def _raw(name: str) -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"))


def _all_charts(p: Plan, lang: str) -> list[str]:
    out = [str(balance_chart(p, lang)), str(timeline_chart(p, lang))]
    out += [str(waterfall_chart(e, lang)) for e in p.exits]
    property_division = property_division_chart(p, lang)
    if property_division is not None:
        out.append(str(property_division))
    return out


def _svg(markup: object) -> ET.Element:
    return ET.fromstring(str(markup))


def _desc(root: ET.Element) -> str:
    desc = root.find("desc")
    assert desc is not None
    return desc.text or ""


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("text")]


def _classes(e: ET.Element) -> set[str]:
    return set(e.get("class", "").split())


def _find(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(tag) if cls in _classes(e)]


def _plot(root: ET.Element) -> ET.Element:
    plot = root.find("g[@class='zc-plot']")
    assert plot is not None
    return plot


# ------------------------------------------------------------------------------ yen_label


@pytest.mark.parametrize(("amount", "ja", "en"), [
    (18_500_000, "1,850万円", "¥18.50M"),
    (7_395_521, "740万円", "¥7.40M"),       # seed 1 short sale's remaining debt
    (6_645_021, "665万円", "¥6.65M"),       # 664.5021万 → 四捨五入 → 665万
    (216_500, "22万円", "¥216,500"),
    (5_000, "5,000円", "¥5,000"),
    (15_000, "2万円", "¥15,000"),           # a half rounds away from zero
    (14_999, "1万円", "¥14,999"),
    (0, "0円", "¥0"),
    (-4_500_000, "−450万円", "−¥4.50M"),    # seed 2: the husband's 負担
    (-15_000, "−2万円", "−¥15,000"),
    (123_456_789, "12,346万円", "¥123.46M"),
])
def test_yen_label(amount: int, ja: str, en: str) -> None:
    assert yen_label(amount, "ja") == ja
    assert yen_label(amount, "en") == en


@given(st.integers(min_value=-10**11, max_value=10**11))
def test_yen_label_within_half_a_man(amount: int) -> None:
    """The 万円 label is the amount to the nearest 万円 (ties away from zero), never a float."""
    label = yen_label(amount, "ja")
    digits = int(re.sub(r"[^0-9]", "", label))
    value = -digits if label.startswith("−") else digits
    if label.endswith("万円"):
        assert abs(value * 10_000 - amount) <= 5_000
    else:
        assert value == amount


# ------------------------------------------------------------------------------ every chart


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_chart_is_self_contained_svg(name: str, lang: str) -> None:
    page = _all_charts(_plan(name), lang)
    ids: list[str] = []
    for chart in page:
        root = _svg(chart)  # well-formed
        assert root.tag == "svg"
        assert root.get("width") == "100%"
        assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))
        assert root.get("role") == "img"
        own = [e.get("id") for e in root.iter() if e.get("id")]
        for ref in root.get("aria-labelledby", "").split():
            assert ref in own
        title = root.find("title")
        assert title is not None
        assert title.text
        assert _desc(root)
        labelled = root.get("aria-labelledby", "").split()
        assert [title.get("id"), root.find("desc").get("id")] == labelled  # type: ignore[union-attr]
        for ref in re.findall(r"url\(#([^)]+)\)", chart):
            assert ref in own
        ids += [i for i in own if i]
        low = chart.lower()
        assert "http" not in low
        for banned in ("<script", "<image", "href", "@import", "@font-face", "<foreignobject"):
            assert banned not in low
        assert "Noto Sans CJK JP" in chart
        for e in list(root.iter())[1:]:  # coordinates carry one decimal at most (small, stable output)
            for attr in GEOMETRY:
                if attr in e.attrib:
                    assert re.fullmatch(r"-?\d+(\.\d)?", e.attrib[attr]), (attr, e.attrib[attr])
            for pair in e.get("points", "").split():
                assert re.fullmatch(r"-?\d+(\.\d)?,-?\d+(\.\d)?", pair)
    assert len(ids) == len(set(ids)), "ids must be unique on a page with every chart"


def test_ids_take_a_prefix() -> None:
    p = _plan(NAMES[0])
    a, b = str(balance_chart(p, "ja")), str(balance_chart(p, "ja", id_prefix="case2"))
    assert 'id="zc-balance"' in a
    assert 'id="case2-balance"' in b
    assert 'id="zc-balance' not in b
    wf = _svg(waterfall_chart(p.exit("short_sale"), "ja", id_prefix="r"))
    assert wf.get("id") == "r-waterfall-short_sale"


def test_deterministic() -> None:
    """Same input, same bytes: a fresh plan of the same case draws identical charts."""
    case, book = load_case(str(EXAMPLES / "trade-up.toml"))
    again = plan(case, book)
    assert _all_charts(again, "ja") == _all_charts(_plan("trade-up"), "ja")
    assert _all_charts(again, "en") == _all_charts(_plan("trade-up"), "en")


def test_unknown_language_is_an_input_error() -> None:
    with pytest.raises(InputError):
        balance_chart(_plan(NAMES[0]), "fr")


# ------------------------------------------------------------------------------ balance


def test_balance_seed1_figures_and_sale_marker() -> None:
    """Seed 1: 時価 2,000万円 (the median of the appraisals 1,900/2,100/2,000万円 in the example),
    the engine's 償還表 balance on 2027-03-31 of 23,728,370円 → 2,373万円, so 373万円 overloan."""
    p = _plan("seed1-short-sale")
    root = _svg(balance_chart(p, "ja"))
    desc = _desc(root)
    assert p.position.loan_balance == 23_728_370
    assert p.position.market_value == 20_000_000
    for figure in ("2,373万円", "2,000万円", "373万円", "オーバーローン", "2027-03-31", "さくら銀行"):
        assert figure in desc
    assert yen_label(p.position.loan_balance, "ja") in desc
    texts = _texts(root)
    assert any(t.startswith("売却予定日 2027-03-31") for t in texts)
    assert "時価 2,000万円" in texts
    assert "オーバーローン 373万円" in texts

    loan = _find(root, "polyline", "zc-loan-1")
    assert len(loan) == 1
    points = [tuple(map(float, pt.split(","))) for pt in loan[0].get("points", "").split()]
    assert len(points) == 1 + len(p.schedules[0][1].rows)
    (marker,) = _find(root, "line", "zc-sale")
    x_sale = float(marker.get("x1", "nan"))
    assert points[0][0] < x_sale < points[-1][0]
    # The balance dot sits on the loan's line: its height is one of the line's points.
    (dot,) = _find(root, "circle", "zc-sale-balance")
    assert float(dot.get("cy", "nan")) in {y for _, y in points}
    # The market value line is dashed and above the zero line, below the balance (overloan).
    (market,) = _find(_plot(root), "line", "zc-market")
    assert float(market.get("y1", "nan")) > float(dot.get("cy", "nan"))
    (gap,) = _find(_plot(root), "line", "zc-gap")
    assert "zc-neg" in _classes(gap)


def test_balance_several_loans_adds_a_total() -> None:
    """trade-up.toml has two loans (夫・妻) with the same lender: one line each plus the total."""
    p = _plan("trade-up")
    root = _svg(balance_chart(p, "en"))
    assert len(_find(root, "polyline", "zc-line")) == 3
    assert len(_find(root, "polyline", "zc-total")) == 1
    texts = _texts(root)
    assert "total" in texts
    assert "あおぞら銀行（夫）" in texts
    assert "あおぞら銀行（妻）" in texts
    assert any(t.startswith("planned sale 2027-06-30") for t in texts)
    assert "market value" in texts
    assert yen_label(p.position.loan_balance, "en") in _desc(_svg(balance_chart(p, "en")))


def test_balance_other_liens_in_the_gap() -> None:
    """condo-jhf-arrears.toml: 2,600,000円 of junior lien on top of the JHF balance."""
    p = _plan("condo-jhf-arrears")
    desc = _desc(_svg(balance_chart(p, "ja")))
    assert p.position.other_liens == 2_600_000
    assert "ほかの担保260万円" in desc
    assert yen_label(-p.position.equity, "ja") in desc


def test_balance_underloan() -> None:
    p = _plan("seed2-divorce-underloan")
    root = _svg(balance_chart(p, "ja"))
    assert "アンダーローン 500万円" in _texts(root)  # 1,500万円 − 1,000万円 (seed 2)
    (gap,) = _find(_plot(root), "line", "zc-gap")
    assert "zc-pos" in _classes(gap)


# ------------------------------------------------------------------------------ waterfall


def _bar(root: ET.Element, key: str) -> ET.Element:
    (bar,) = _find(root, "rect", f"zc-bar-{key}")
    return bar


def _height(bar: ET.Element) -> float:
    return float(bar.get("height", "nan"))


def test_waterfall_seed1_short_sale() -> None:
    """Seed 1 短期: price 1,900万円 (95% of 時価 2,000万円), 7,395,521円 of debt remains → 740万円."""
    e = _plan("seed1-short-sale").exit("short_sale")
    root = _svg(waterfall_chart(e, "ja"))
    desc = _desc(root)
    assert e.remaining_debt == 7_395_521
    assert yen_label(e.remaining_debt, "ja") in desc
    assert "740万円" in desc
    assert "1,900万円" in desc
    assert "不足" in desc
    assert yen_label(e.net_proceeds, "ja") in desc
    assert f"決済時に現金{yen_label(e.cash_needed, 'ja')}が必要" in desc
    # Bars are proportional to the amounts.
    ratio = _height(_bar(root, "price")) / _height(_bar(root, "net"))
    assert ratio == pytest.approx(e.price / e.net_proceeds, rel=2e-3)
    ratio = _height(_bar(root, "remaining")) / _height(_bar(root, "price"))
    assert ratio == pytest.approx(e.remaining_debt / e.price, rel=5e-3)
    # The debt goes below zero: it starts where the price bar ends (the zero line).
    price, rem = _bar(root, "price"), _bar(root, "remaining")
    zero = float(price.get("y", "nan")) + _height(price)
    assert float(rem.get("y", "nan")) == pytest.approx(zero, abs=0.11)
    assert "zc-neg" in _classes(rem)
    assert "不足 740万円" in _texts(root)
    assert "1,900万円" in _texts(root)


def test_waterfall_seed1_normal_sale_and_english() -> None:
    """Seed 1 通常売却: price 2,000万円, 6,645,021円 short → 665万円 (¥6.65M), not feasible."""
    e = _plan("seed1-short-sale").exit("normal_sale")
    ja = _svg(waterfall_chart(e, "ja"))
    assert "2,000万円" in _desc(ja)
    assert "665万円" in _desc(ja)
    assert "この条件では実行できません" in _desc(ja)
    en = _svg(waterfall_chart(e, "en"))
    assert "¥20.00M" in _desc(en)
    assert "¥6.65M" in _desc(en)
    assert "Not feasible" in _desc(en)
    texts = _texts(en)
    for label in ("price", "costs", "net proceeds", "repaid to lenders", "debt remaining",
                  "shortfall ¥6.65M"):
        assert label in texts
    assert not any(re.search(r"[ぁ-んァ-ン]", t) for t in texts if t != e.label_en)


def test_waterfall_underloan_keeps_money() -> None:
    """Seed 2 (underloan) 通常売却: 4,210,500円 is kept, no debt bar."""
    e = _plan("seed2-divorce-underloan").exit("normal_sale")
    root = _svg(waterfall_chart(e, "ja"))
    assert e.surplus == 4_210_500
    assert "手元に421万円残ります" in _desc(root)
    assert not _find(root, "rect", "zc-bar-remaining")
    keep = _bar(root, "surplus")
    ratio = _height(keep) / _height(_bar(root, "price"))
    assert ratio == pytest.approx(e.surplus / e.price, rel=5e-3)


# ------------------------------------------------------------------------------ timeline


def test_timeline_seed1() -> None:
    """Seed 1: 2026-08-27 first missed; the engine's typical dates; リスケ closed on 2026-11-26."""
    p = _plan("seed1-short-sale")
    root = _svg(timeline_chart(p, "ja"))
    desc = _desc(root)
    assert "初回の滞納2026-08-27" in desc
    assert f"開札期日は{p.timeline.milestone('bid_opening').typical.isoformat()}ごろ" in desc
    assert "任意売却の最終日は2027-09-19まで" in desc
    assert "リスケ（返済条件の変更）は2026-11-26で終了" in desc
    closed = _find(root, "g", "zc-closed")
    assert len(closed) == 1
    assert "リスケ（返済条件の変更）" in ["".join(t.itertext()) for t in closed[0].iter("text")]
    assert "fill:url(#" in (closed[0].find("rect").get("style") or "")  # type: ignore[union-attr]
    assert len(_find(root, "g", "zc-open")) == len(p.timeline.windows) - 1
    (today,) = _find(root, "line", "zc-today")
    assert any(t.startswith("今日（基準日） 2026-12-01") for t in _texts(root))
    # Every typical date lies on its earliest–latest bar.
    rows = [g for g in _find(root, "g", "zc-row") if g.find("circle") is not None]
    assert len(rows) == 1 + len(p.timeline.milestones)
    for row in rows:
        rect = row.find("rect")
        cx = float(row.find("circle").get("cx", "nan"))  # type: ignore[union-attr]
        if rect is not None:
            x, w = float(rect.get("x", "nan")), float(rect.get("width", "nan"))
            assert x - 0.11 <= cx <= x + w + 0.11
    # Events before today are greyed.
    past = _find(root, "g", "zc-past")
    assert len(past) == 1 + sum(m.typical < p.case.at for m in p.timeline.milestones)
    assert float(today.get("x1", "nan")) > 0


def test_timeline_english() -> None:
    root = _svg(timeline_chart(_plan("seed2-divorce-overloan"), "en"))
    texts = _texts(root)
    assert "Bid opening" in texts
    assert "first missed payment (assumed)" in texts  # no payment missed: the timeline is assumed
    assert "assumes the next one is missed" in _desc(root)
    assert "滞納" not in "".join(texts)


# ------------------------------------------------------------------------------ division


def test_division_none_without_divorce() -> None:
    assert property_division_chart(_plan("seed1-short-sale"), "ja") is None


@pytest.mark.parametrize(("name", "husband", "wife"), [
    # 記事2 (docs/sources/seed2-divorce.md §7): 夫250万円、妻250万円の財産分与
    ("seed2-divorce-underloan", "250万円", "250万円"),
    # 記事2 (docs/sources/seed2-divorce.md §8): 夫250万円、妻250万円を負担
    ("seed2-divorce-overloan", "−250万円", "−250万円"),
    # 記事2 (docs/sources/seed2-divorce.md §9): 500万−50万＝450万、250万−200万＝50万
    ("seed2-divorce-separate-property", "−450万円", "−50万円"),
])
def test_division_seed2(name: str, husband: str, wife: str) -> None:
    p = _plan(name)
    root = _svg(property_division_chart(p, "ja"))
    desc = _desc(root)
    assert "夫" in desc
    assert "妻" in desc
    chosen = [e for e in root.iter("g") if "zc-chosen" in _classes(e)]
    assert len(chosen) == 1
    texts = ["".join(t.itertext()) for t in chosen[0].iter("text")]
    assert any(t.startswith(f"夫 {husband}") for t in texts)
    assert any(t.startswith(f"妻 {wife}") for t in texts)
    assert p.property_division is not None
    for n in p.property_division.spouses:
        amount = p.property_division.chosen.entitlement[n]
        assert yen_label(-amount if amount < 0 else amount, "ja") in desc
    assert len(_find(root, "g", "zc-method")) == len(p.property_division.methods)


def test_division_separate_property_bars_and_english() -> None:
    p = _plan("seed2-divorce-separate-property")
    root = _svg(property_division_chart(p, "en"))
    chosen = next(e for e in root.iter("g") if "zc-chosen" in _classes(e))
    bars = chosen.findall("rect")
    assert next(float(b.get("width", "nan")) for b in bars) / float(bars[1].get("width", "nan")) \
        == pytest.approx(4_500_000 / 500_000, rel=5e-3)
    assert all("zc-neg" in _classes(b) for b in bars)
    desc = _desc(root)
    assert "Face value made good by the other spouse" in desc
    assert "夫 bears ¥4.50M" in desc
    assert "妻 bears ¥500,000" in desc
    assert "exclusion view" in desc  # the other overloan view is summarised too
    assert any("(to bear)" in t for t in _texts(root))


# ------------------------------------------------------------------------------ escaping


def _rename(obj: Any, old: str, new: str) -> Any:
    if isinstance(obj, dict):
        return {k: _rename(v, old, new) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rename(v, old, new) for v in obj]
    return new if obj == old else obj


EVIL = '<script>alert("x")</script>&'


def test_user_text_is_escaped() -> None:
    raw = _raw("seed1-short-sale")
    raw["title"] = EVIL
    raw["loans"][0]["holder"] = EVIL
    p = _plan_from(raw)
    for chart in _all_charts(p, "ja"):
        assert "<script" not in chart
        _svg(chart)
    root = _svg(balance_chart(p, "ja"))
    assert EVIL in _texts(root)  # round-trips as text, not markup
    assert "&lt;script&gt;" in str(balance_chart(p, "ja"))


def test_spouse_names_are_escaped() -> None:
    raw = _rename(_raw("seed2-divorce-separate-property"), "妻", "<b>妻</b>")
    p = _plan_from(raw)
    chart = str(property_division_chart(p, "ja"))
    assert "<b>" not in chart
    root = _svg(chart)
    assert "<b>妻</b>" in _desc(root)
    assert any(t.startswith("<b>妻</b> −50万円") for t in _texts(root))
