"""Issue 17 on the results page and in the printable report: keeping the home through 個人再生, a
co-owned home's tax per owner, the auctions' filing basis and the undivided estate.

The figures are the engine's for the examples (``zansai plan examples/<file>.toml``); the law behind
them: docs/sources/law-debt-divorce.md §1.6 (住宅資金特別条項), §1.7 (a guarantee is not reduced by
the plan), docs/sources/law-updates-2026.md §9 (instalment rounding: Tokyo up to the yen, last
adjusted), docs/sources/law-sale-costs.md §5.2 (the 3,000万円 deduction only for an owner who lived
there) and §7 (the auction's court costs), docs/sources/law-debt-divorce.md §7.4 (a net estate of 0円
or less is not divided).
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pytest

from zansai.case import load_case
from zansai.engine.plan import Plan, plan
from zansai.report.html import report_html, result_fragment

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@cache
def _plan(name: str) -> Plan:
    case, book = load_case(str(EXAMPLES / f"{name}.toml"))
    return plan(case, book)


def _text(fragment: str) -> str:
    """The words a reader sees: tags (and the terms' tooltips) dropped, spaces collapsed."""
    fragment = re.sub(r'<span[^>]*role="tooltip"[^>]*>.*?</span>', "", fragment, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _block(page: str, start: str, end: str) -> str:
    i = page.index(start)
    return page[i:page.index(end, i)]


@cache
def _keep(lang: str) -> str:
    page = result_fragment(_plan("keep-home-rehabilitation"), lang)
    return _block(page, '<div class="keep-home">', '<details class="why"')


def _rows(block: str) -> dict[str, str]:
    """The per-creditor table: {creditor: "label value; label value; …"} (each cell's label is its
    ``data-label``, which a phone shows before the value)."""
    table = _block(block, '<table class="cards keep-creditors">', "</table>")
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", _block(table, "<tbody>", "</tbody>"), flags=re.S):
        head = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        assert head is not None
        cells = re.findall(r'<td(?: class="(\w+)")? data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S)
        out[_text(head.group(1))] = "; ".join(f"{html.unescape(label)} {_text(value)}"
                                             for kind, label, value in cells if kind != "empty")
    return out


# Each creditor's instalment (regular × 35 + the last, which takes the rest) and total under the plan of
# 1,040,000円 (1/5 of the 5,200,000円 of other debts), shared pro rata to the claims.
CREDITORS = {"Aカード": ("10,000円 × 35 + 9,999円", "359,999円", "1,440,001円"),
             "Bカード": ("6,667円 × 35 + 6,666円", "240,011円", "959,989円"),
             "C信販": ("8,333円 × 35 + 8,332円", "299,987円", "1,200,013円"),
             "D自動車販売": ("3,889円 × 35 + 3,888円", "140,003円", "559,997円")}


def test_the_keep_home_exit_shows_each_creditor_instalment_and_total() -> None:
    rows = _rows(_keep("ja"))
    assert list(rows) == list(CREDITORS)
    for name, (each, total, forgiven) in CREDITORS.items():
        assert f"毎回の返済 {each};" in rows[name], rows[name]
        assert f"計画で払う額 {total}" in rows[name]
        assert f"免除される額 {forgiven}" in rows[name]
    # 父 guarantees C信販: the whole claim can be asked of him; after the plan 1,200,013円 is left.
    assert "父: 1,500,000円 (計画どおり払えば 1,200,013円)" in rows["C信販"]
    assert "父" not in rows["Aカード"]


def test_the_keep_home_exit_reads_words_first_then_the_month_and_the_plan() -> None:
    text = _text(_keep("ja"))
    assert text.startswith("家を売らずに残す方法です。")
    # The month: housing loan + arrears + plan = what is needed, against what the household can pay.
    month = ("住宅ローン（これまでどおり） 66,007円 + 滞納分の分割払い (滞納分の合計 1,723,413円) 47,873円 "
             "+ 再生計画の返済 28,889円 = 毎月必要な額 142,769円 世帯が毎月払える額 200,000円")
    assert month in text
    assert "払える額の範囲に収まります。" in text
    assert "計画で払う総額 1,040,000円" in text
    assert "免除される額 4,160,000円" in text
    assert "返済の回数と額 28,889円 × 35 + 28,885円 最終回で端数を調整" in text
    # The rounding convention in words (the engine's sentence), not its key.
    assert "端数の扱い: 弁済額は毎回1円未満を切り上げ、最終回で調整しています（東京地裁の例）" in text
    assert "ceil" not in text
    order = [text.index(words) for words in ("毎月の支払い", "再生計画 計画で減らす借金", "債権者ごとの返済")]
    assert order == sorted(order)


def test_the_keep_home_exit_in_english() -> None:
    text = _text(_keep("en"))
    assert text.startswith("A way to keep the home without selling it")
    assert "= needed each month ¥142,769 what the household can pay each month ¥200,000" in text
    rows = _rows(_keep("en"))
    assert "each instalment ¥10,000 × 35 + ¥9,999" in rows["Aカード"]
    assert "paid under the plan ¥359,999" in rows["Aカード"]
    assert "Each instalment is rounded up to the yen and the last one takes the rest" in text


def test_a_ruled_out_keep_home_exit_says_why_in_plain_words() -> None:
    page = result_fragment(_plan("condo-jhf-arrears"), "ja")
    text = _text(_block(page, '<div class="keep-home">', '<details class="why"'))
    lead = "個人再生（住宅資金特別条項）で家を残す方法は、今の条件では使えません。理由:"
    assert text.replace(" ", "").startswith(lead)
    assert "住宅ローン以外の抵当権（Xファイナンス）" in text
    assert "債権者ごとの返済" not in text  # no plan to split when it is ruled out


def test_what_to_do_now_links_the_keep_home_line_to_its_block() -> None:
    page = result_fragment(_plan("keep-home-rehabilitation"), "ja")
    line = _block(page, '<li class="affected-keep_option">', "</li>")
    assert "1,040,000円" in line
    assert "142,769円" in line
    assert '<a href="#exit-keep_home_rehabilitation">' in line
    assert 'id="exit-keep_home_rehabilitation"' in page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_co_owned_home_shows_the_tax_per_owner_and_who_gets_no_relief(lang: str) -> None:
    page = report_html(_plan("co-owned-gain"), lang)
    text = _text(_block(page, '<div class="tax-exit" id="tax-normal_sale">', "</div>"))
    yen = (lambda n: f"{n:,}円") if lang == "ja" else (lambda n: f"¥{n:,}")
    # 夫 lived there: 3,000万円 off his half of the 81,448,272円 gain; 妻 moved out in 2019: no relief.
    assert yen(9_796_800) in text
    for figure in (40_724_136, 30_000_000, 10_724_000, 1_523_800, 40_724_000, 8_273_000):
        assert yen(figure) in text
    husband = _text(_block(page, '<th scope="row" class="card-title">夫</th>', "</tr>"))
    assert yen(1_523_800) in husband
    assert yen(30_000_000) in husband
    warning = "妻は居住用財産の特例" if lang == "ja" else "妻 gets no residence relief"
    assert warning in text
    assert "⚠" in text
    assert "2022-12-31" in text


def test_the_auction_shows_the_filing_date_and_claim_it_is_costed_on() -> None:
    page = result_fragment(_plan("condo-jhf-arrears"), "ja")
    text = _text(_block(page, '<div class="auction-basis">', "</div>"))
    assert "競売申立の日 2027-02-05 推定" in text
    assert "請求債権額（申立ての日に請求する額） 19,090,311円 推定" in text
    assert "予納金（東京地裁本庁） 800,000円" in text
    assert "差押登記の登録免許税 76,300円" in text


@pytest.mark.parametrize(("lang", "words"), [("ja", "財産分与として支払う人はいません。"),
                                             ("en", "Nobody pays anybody as a property division.")])
def test_an_undivided_estate_says_nobody_pays_before_any_figure(lang: str, words: str) -> None:
    page = result_fragment(_plan("seed2-divorce-separate-property"), lang)
    section = _block(page, '<section id="division">', "</section>")
    text = _text(section.split("</h2>", 1)[1])
    assert text.startswith(words)  # first thing under the heading
    assert ("−5,000,000円" if lang == "ja" else "−¥5,000,000") in text  # the net estate, E = −5,000,000円
    # The method figures (e.g. 夫 −4,500,000円) are only a guide, folded away.
    guide = _block(section, '<details class="burden-guide">', "</details>")
    assert 'data-yen="-4500000"' in guide
    assert 'data-yen="-4500000"' not in section.replace(guide, "")


def test_a_divided_estate_has_no_nobody_pays_line() -> None:
    page = result_fragment(_plan("seed2-divorce-underloan"), "ja")
    assert "財産分与として支払う人はいません" not in page
    assert "burden-guide" not in page


def test_a_sale_at_a_loss_says_no_tax_in_words() -> None:
    """The keep-home family's short sale: a loss of 8,757,308円, no tax, and 528,010円 to offset
    (措法41条の5の2)."""
    page = result_fragment(_plan("keep-home-rehabilitation"), "ja")
    text = _text(_block(page, '<div class="tax-exit" id="tax-short_sale">', "</div>"))
    assert "この売却に税金はかかりません" in text
    assert "−8,757,308円" in text
    assert "ほかの所得と損益通算できる譲渡損失: 528,010円" in text
    gain = _text(_block(_plan_page("co-owned-gain"), '<div class="tax-exit" id="tax-normal_sale">', "</div>"))
    assert "税金はかかりません" not in gain


def _plan_page(name: str) -> str:
    return result_fragment(_plan(name), "ja")


@pytest.mark.parametrize(("name", "term_ids"), [
    ("co-owned-gain", ("ownership_share", "capital_gains_tax", "residence_special_deduction")),
    ("condo-jhf-arrears", ("court_deposit", "claimed_amount")),
    ("keep-home-rehabilitation", ("housing_clause", "guarantor")),
])
def test_the_new_blocks_explain_their_legal_terms(name: str, term_ids: tuple[str, ...]) -> None:
    page = result_fragment(_plan(name), "ja")
    for term_id in term_ids:
        assert f'aria-describedby="term-{term_id}"' in page, term_id
