"""Legal terms explained where they stand, the glossary page, and the two-layer "why?" panels
(issue 15 §5; src/zansai/report/terms.py, terms.toml, messages/*/plain.toml).

The definitions were checked against the research notes they cite (each entry's ``source``, e.g.
docs/sources/law-sale-costs.md §7.1 for 買受可能価額 = 売却基準価額 × 0.8, 民事執行法60条3項;
tests/test_sources.py resolves every such citation).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from zansai.messages import catalog
from zansai.model import ExitKey, RouteKey
from zansai.report import terms
from zansai.report.i18n import UI

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED1 = EXAMPLES / "seed1-short-sale.toml"

ASKED_FOR = ("任意売却", "競売", "代位弁済", "期限の利益の喪失", "遅延損害金", "残債", "アンダーローン",
             "オーバーローン", "連帯保証人", "連帯債務者", "保証会社", "抵当権", "配分表", "個人再生",
             "住宅資金特別条項", "自己破産", "任意整理", "財産分与", "特有財産", "信用情報（事故情報）",
             "時効",
             "仲介手数料", "印紙税", "登録免許税", "譲渡所得税", "3,000万円特別控除", "固定資産税の精算",
             "管理費・修繕積立金", "競売申立", "開札", "買受可能価額", "リースバック", "業者買取",
             "住み替えローン", "清算価値", "同時廃止", "管財事件", "免責", "一括請求", "催告書")
"""The terms the issue names; each must be in the catalog (as a name or another spelling)."""

SENTENCE_END = re.compile(r"。|\.(?:\s|$)")


# --- the catalog ----------------------------------------------------------------------------------

def test_every_term_the_issue_names_is_explained() -> None:
    spelled = {s for t in terms.catalog() for s in t.spellings}
    assert [w for w in ASKED_FOR if w not in spelled] == []
    assert len(terms.catalog()) >= 40


def test_each_term_has_one_id_and_each_spelling_one_term() -> None:
    ids = [t.id for t in terms.catalog()]
    assert len(ids) == len(set(ids))
    owners: dict[str, str] = {}
    for t in terms.catalog():
        for s in t.spellings:
            assert owners.setdefault(s.casefold(), t.id) == t.id, s
        assert t.group in terms.GROUPS


@pytest.mark.parametrize("term", terms.catalog(), ids=lambda t: t.id)
def test_a_definition_is_plain_and_in_its_own_language(term: terms.Term) -> None:
    for text in (term.def_ja, term.def_en):
        assert 1 <= len(SENTENCE_END.findall(text)) <= 3, text  # one to three sentences
        assert "×" not in text
        assert "=" not in text
    assert not re.search(r"[A-Za-z]{2,}", term.def_ja.replace("JHF", "")), term.def_ja
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", term.def_en), term.def_en
    assert term.source.startswith("docs/sources/")  # checked where the notes say it (test_sources)


def test_a_stated_law_is_in_the_note_the_term_cites() -> None:
    """民事執行法60条3項 (買受可能価額) is in docs/sources/law-sale-costs.md §7.1, and so on."""
    root = Path(__file__).resolve().parents[1]
    for t in terms.catalog():
        if not t.law:
            continue
        texts = "".join((root / c.split(" §")[0].strip()).read_text("utf-8")
                        for c in t.source.split(";"))
        law = t.law.split("法")[0] + "法"
        assert law in texts or t.law.replace("民事再生法", "民再") in texts, t.id
        for article in re.findall(r"(\d+)条", t.law):
            assert f"{article}条" in texts, (t.id, article)


# --- marking a text -------------------------------------------------------------------------------

def test_plain_text_is_escaped_first_then_marked_once() -> None:
    out = terms.mark("<b>任意売却</b>なら任意売却より競売申立の前に", "ja")
    assert out.startswith("&lt;b&gt;<span class=\"term\"")
    assert out.count('class="term"') == 2  # 任意売却 once, 競売申立 (not 競売) once
    assert 'aria-describedby="term-short_sale"' in out
    assert 'id="term-auction_filing"' in out
    assert 'id="term-auction"' not in out
    assert "ローンを返しきれない家を" in out  # the definition, in Japanese on a Japanese page
    assert 'role="tooltip"' in out
    assert 'tabindex="0"' in out
    assert 'href="/terms#short_sale"' in out


def test_html_is_marked_between_tags_never_in_attributes_or_links() -> None:
    html = Markup('<a href="/x" title="競売">競売</a><code>競売</code> '
                  '<span class="k" data-x="競売">競売</span>')
    out = terms.mark(html, "ja")
    assert out.count('class="term"') == 1
    assert '<a href="/x" title="競売">競売</a><code>競売</code>' in out
    assert 'data-x="競売"><span class="term" tabindex="0" aria-describedby="term-auction">競売' in out
    assert terms.mark(out, "ja") == out  # marking twice changes nothing


def test_english_terms_are_whole_words_in_any_case_and_explained_in_english() -> None:
    seen: terms.Seen = {}
    out = terms.mark("Auctioneers differ; an Auction sells the home.", "en", seen)
    assert out.count('class="term"') == 1
    assert ">Auction<span" in out
    assert "A sale ordered by the court" in out
    assert "auction（競売）" in out
    again = terms.mark("the auction", "en", seen)  # once per page
    assert 'class="term"' not in again
    assert 'id="term-p-auction"' in terms.mark("auction", "en", seen, scope="p")  # its own scope


def test_on_the_web_page_a_panels_repeat_refers_to_the_one_definition() -> None:
    """``refer``: a term defined on the page is not defined again in a panel's scope; the repeat is
    described by the first definition's id, and a term new to the page is defined where it stands."""
    seen: terms.Seen = {}
    first = terms.mark("滞納が続くと競売", "ja", seen, refer=True)
    assert 'id="term-arrears"' in first
    assert 'id="term-auction"' in first
    repeat = terms.mark("滞納と代位弁済", "ja", seen, scope="owed", refer=True)
    assert repeat.count("term-def") == 1  # 代位弁済 only: new to the page
    assert 'id="term-subrogation"' in repeat  # one id per term on the page, whatever the scope
    assert ('<span class="term term-ref" tabindex="0" aria-describedby="term-arrears" '
            'data-def="term-arrears">滞納</span>') in repeat
    assert terms.by_id()["arrears"].def_ja not in repeat
    assert str(terms.mark("滞納", "ja", seen, scope="owed", refer=True)) == "滞納"  # once per scope
    alone = terms.mark("滞納", "ja", {"": {"arrears"}}, scope="owed")  # the report: each panel its own
    assert 'id="term-owed-arrears"' in alone


def test_the_standalone_report_links_nowhere() -> None:
    assert "href" not in terms.mark("任意売却", "ja", link=False)


def test_found_lists_the_terms_of_a_text() -> None:
    assert [t.id for t in terms.found("代位弁済の後、競売申立と開札")] == ["subrogation", "auction_filing",
                                                                          "bid_opening"]


# --- the two-layer "why?" panel ------------------------------------------------------------------

def test_every_panel_has_a_plain_first_layer_in_both_languages() -> None:
    panels = ["market-value", "loan-balance", "owed", "distribution", "timeline", "division"]
    panels += [f"exit-{k.value}" for k in ExitKey] + [f"route-{k.value}" for k in RouteKey]
    for lang in ("ja", "en"):
        missing = [p for p in panels if f"plain.why.{p}" not in catalog(lang)]
        assert missing == [], lang
    for p in panels:
        ja, en = catalog("ja")[f"plain.why.{p}"], catalog("en")[f"plain.why.{p}"]
        assert 1 <= len(SENTENCE_END.findall(ja)) <= 3, p
        assert 1 <= len(SENTENCE_END.findall(en)) <= 3, p
        assert not re.search(r"[A-Za-z]{2,}", ja), p
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", en), p


@pytest.fixture(scope="module")
def seed1() -> Any:
    from zansai.case import load_case
    from zansai.engine.plan import plan

    case, book = load_case(str(SEED1))
    return plan(case, book)


@pytest.fixture(scope="module")
def seed1_pages(seed1: Any) -> dict[str, str]:
    from zansai.report.html import report_html, result_fragment

    return {"ja": result_fragment(seed1, "ja"), "en": result_fragment(seed1, "en"),
            "report": report_html(seed1, "ja")}


def test_the_why_panel_opens_on_a_plain_sentence_with_the_steps_one_click_below(
        seed1_pages: dict[str, str]) -> None:
    ja = seed1_pages["ja"]
    panel = ja[ja.index('id="why-owed"'):]
    plain = panel.index('<p class="plain">')
    detail = panel.index('<details class="why-detail"')
    assert plain < detail < panel.index("<code>")  # formulas only inside the expert layer
    assert "売却の日に返さなければならない合計です" in panel[plain:detail]
    assert "計算の詳細（専門家向け）" in panel[detail:detail + 200]


def test_english_panels_name_the_steps_in_english(seed1: Any, seed1_pages: dict[str, str]) -> None:
    """A step with an English name shows it on the English page (its Japanese one otherwise)."""
    steps = _steps(seed1.to_dict())
    en = seed1_pages["en"]
    shown = [st for st in steps if f'data-step="{st["name"]}"' in en]
    assert shown
    for st in shown:
        assert f"<h4>{Markup.escape(st.get('label_en') or st['label_ja'])}</h4>" in en
    assert "Calculation details (for advisers)" in en


def test_terms_on_the_results_page_and_the_report(seed1_pages: dict[str, str]) -> None:
    ja, en, report = seed1_pages["ja"], seed1_pages["en"], seed1_pages["report"]
    verdict = ja[ja.index('id="verdict"'):ja.index("</section>")]
    assert 'aria-describedby="term-overloan"' in verdict or 'aria-describedby="term-short_sale"' in verdict
    ids = re.findall(r'\sid="([^"]+)"', ja)
    assert len(ids) == len(set(ids))  # one tooltip id per page
    defined = re.findall(r'class="term-def" role="tooltip" id="term-([a-z_]+)"', ja)
    assert len(defined) == len(set(defined)) > 10  # each term's definition once on the web page
    assert 'class="term term-ref"' in ja
    assert 'class="term term-ref"' not in report  # the report (no script) keeps a copy in each panel
    assert 'class="term"' in en
    assert "/terms#" in en
    assert 'class="term"' in report
    assert 'href="/terms#' not in report
    assert ".term-def" in report


def _steps(obj: Any) -> list[dict[str, Any]]:
    if isinstance(obj, dict):
        if "formula" in obj and "name" in obj:
            return [obj]
        return [s for v in obj.values() for s in _steps(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _steps(v)]
    return []


# --- the glossary page ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from zansai.web.app import guarded
    from zansai.web.settings import Settings

    return TestClient(guarded(Settings(db_path=tmp_path_factory.mktemp("terms") / "c.sqlite3")),
                      base_url="http://127.0.0.1")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_glossary_page_lists_every_term_in_the_page_language(client: Any, lang: str) -> None:
    page = client.get("/terms", params={"lang": lang})
    assert page.status_code == 200
    html = page.text
    for t in terms.catalog():
        assert f'<dt id="{t.id}">' in html
        assert str(Markup.escape(t.definition(lang))) in html
    assert 'href="/terms"' in html  # the page frame links to it
    assert UI["glossary"][0 if lang == "ja" else 1] in html
    assert "民事執行法60条3項" in html  # the law a definition states


def test_the_catalog_file_is_valid_toml_with_known_fields() -> None:
    with terms.CATALOG.open("rb") as f:
        rows = tomllib.load(f)["term"]
    allowed = {"id", "group", "ja", "en", "also", "def_ja", "def_en", "law", "source"}
    assert all(set(r) <= allowed for r in rows)
