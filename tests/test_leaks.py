"""No internal reference leaks into what a user reads (issue 15 §5, §7).

Internal references are the source articles' seed ids and their working names, section numbers
of our own research notes (a note's bare name followed by a section, or a bare section), and file
or field paths
("loans[].contract_date", "case: loans[0].rate", "docs/…", "….md", "….toml"). Checked: every
rule's label and caveat (and the rule notes the engine shows), the app's own words (report/i18n.py),
the plain-language and terms catalogs, the plan JSON's sentences, and the rendered pages: home,
form, rules, glossary, and every example's results page and report in Japanese and English.

Source citations are the one place a path may stand: the rules page's and the results page's
source columns cite the research notes as docs/sources/<note>.md §N (tests/test_sources.py
resolves them). The examples' titles count too: they are what a newcomer sees first.
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from zansai.messages import catalog
from zansai.report import terms
from zansai.report.i18n import UI
from zansai.rules import RuleBook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.toml")
                  if "property" in tomllib.loads(p.read_text("utf-8")))

LEAKS = [
    re.compile(r"\bseed\s?\d|\bseed\b|シード"),  # the source articles' ids
    re.compile(r"記事\s?[0-9０-９]"),  # the articles' working names
    re.compile(r"§"),  # a section of an internal note
    re.compile(r"\blaw-(?:sale|debt|updates)|\bLDD\b|\bLSC\b"),  # the research notes by name
    re.compile(r"[A-Za-z_]\[\d*\]|\]\.[a-z]"),  # field paths: loans[0], loans[].contract_date
    re.compile(r"\bcase:\s*[a-z_]+[\[.]"),  # "case: loans[0].rate"
    re.compile(r"\.md\b|\.toml\b|\bdocs/"),  # file paths
]


_URL = re.compile(r"https?://\S+")


def leaks(text: str) -> list[str]:
    """The internal references in ``text`` (web addresses are external, so left out)."""
    text = _URL.sub(" ", text)
    return [m.group(0) for p in LEAKS for m in p.finditer(text)]


def test_the_patterns_catch_what_the_issue_saw() -> None:
    for bad in ("（seed 004）", "seed1", "記事1", "(law-sale-costs §6)", "§7.4", "loans[].contract_date",
                "case: loans[0].rate", "docs/case-file.md", "examples/x.toml"):
        assert leaks(bad), bad
    for fine in ("一般向けの記事", "a law-firm column", "trustee case: deposit", "民事執行法60条3項",
                 "¥1,234 (JHF criteria)"):
        assert not leaks(fine), fine


# --- the rule book ------------------------------------------------------------------------------

SHOWN_CONFLICTS = ("timeline.", "short_sale.jhf_scrivener_fee_cap")
"""Rules whose ``conflicts`` note the engine copies into a step's note (engine/timeline.py,
engine/distribution/deductions.py)."""


def _rule_texts() -> Iterator[tuple[str, str]]:
    for rule in RuleBook.default().rules():
        yield f"{rule.key} label", rule.label_ja + " " + rule.label_en
        for p in rule.periods:
            for text in (p.caveat_ja, p.caveat_en):
                if text:
                    yield f"{rule.key} {p.start} caveat", text
            if p.conflicts and rule.key.startswith(SHOWN_CONFLICTS):
                yield f"{rule.key} {p.start} conflicts", p.conflicts


def test_rule_labels_and_caveats_cite_no_internal_note() -> None:
    bad = {where: leaks(text) for where, text in _rule_texts() if leaks(text)}
    assert bad == {}


def test_rule_sources_cite_the_notes_only_as_docs_sources() -> None:
    """In a source citation a note is docs/sources/<note>.md §N, never a bare name or seed id."""
    bare = re.compile(r"(?<!docs/sources/)\blaw-(?:sale-costs|debt-divorce|updates-2026)\b(?!\.md)"
                      r"|\bseed\s?\d|シード|\bLDD\b|\bLSC\b")
    cited = re.compile(r"docs/sources/[\w.-]+\.md")
    bad = [(rule.key, s.cite()) for rule in RuleBook.default().rules() for p in rule.periods
           for s in p.sources if bare.search(cited.sub(" ", s.cite()))]
    assert bad == []


# --- the app's words and the catalogs ------------------------------------------------------------

def test_the_ui_words_plain_layers_and_terms_cite_nothing_internal() -> None:
    texts = {f"UI {k}": " ".join(v) for k, v in UI.items()}
    texts |= {f"plain {k}": v for lang in ("ja", "en") for k, v in catalog(lang).items()
              if k.startswith("plain.")}
    texts |= {f"term {t.id}": " ".join((t.ja, t.en, t.def_ja, t.def_en, t.law or ""))
              for t in terms.catalog()}
    assert {k: leaks(v) for k, v in texts.items() if leaks(v)} == {}


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_ui_words_are_in_their_own_language() -> None:
    """Japanese words carry no English (apart from names like PDF); English words carry Japanese
    only as a legal term in parentheses ("Distribution table (配分表)")."""
    allowed = {"PDF", "JSON", "TOML", "English", "JHF", "Excel", "CSV"}
    words = {k: set(re.findall(r"[A-Za-z]{2,}", re.sub(r"\{\w+\}", "", ja))) for k, (ja, _) in UI.items()}
    ja_bad = [k for k in UI if k != "switch_lang" and words[k] - allowed]
    en_bad = [k for k, (_, en) in UI.items()
              if k != "switch_lang" and JAPANESE.search(re.sub(r"\([^)]*\)", "", en))]
    assert (ja_bad, en_bad) == ([], [])


def test_no_honorific_is_added_to_a_name() -> None:
    """Names are used as typed: the app's words and templates never add さん/様 to one."""
    templates = [*(ROOT / "src/zansai/report/templates").glob("*.html"),
                 *(ROOT / "src/zansai/web/templates").glob("*.html")]
    added = re.compile(r"\}\}\s*(?:さん|様)")
    assert [p.name for p in templates if added.search(p.read_text("utf-8"))] == []
    assert [k for k, (ja, _) in UI.items() if re.search(r"\{[a-z_]*\}(?:さん|様)", ja)] == []


# --- the plan JSON's sentences --------------------------------------------------------------------

def _sentences(obj: Any) -> Iterator[str]:
    """Every sentence of a plan's JSON: the {ja, en} pairs (and step notes given as strings)."""
    if isinstance(obj, dict):
        if set(obj) >= {"ja", "en"} and isinstance(obj["ja"], str):
            yield obj["ja"]
            yield obj["en"]
            return
        for key, value in obj.items():
            if key in ("note", "note_ja", "note_en") and isinstance(value, str):
                yield value
            elif key not in ("sources", "rules_used"):
                yield from _sentences(value)
    elif isinstance(obj, list):
        for v in obj:
            yield from _sentences(v)


def _plan(path: Path) -> Any:
    from zansai.case import load_case
    from zansai.engine.plan import plan

    case, book = load_case(str(path))
    return plan(case, book)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_plan_json_sentences_cite_nothing_internal(path: Path) -> None:
    found = {s[:80]: leaks(s) for s in _sentences(_plan(path).to_dict()) if leaks(s)}
    assert found == {}


# --- the rendered pages ----------------------------------------------------------------------------

_VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"}


class _Visible(HTMLParser):
    """The text a user reads, without scripts, styles and the source citations."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not data.strip() or any(t in ("script", "style") for t, _ in self.stack):
            return
        tags = [t for t, _ in self.stack]
        citation = any("cite" in c.split() for _, c in self.stack) or any(
            a == "td" and b == "div" for a, b in itertools.pairwise(tags))
        if not citation:  # a source column: one <div> per source inside its <td>
            self.text.append(data.strip())


def visible(html: str) -> str:
    p = _Visible()
    p.feed(html)
    return "\n".join(p.text)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from zansai.web.app import create_app
    from zansai.web.settings import Settings
    from zansai.web.store import CaseStore

    db = tmp_path_factory.mktemp("leaks") / "cases.sqlite3"
    store = CaseStore(db)
    ids = {}
    for path in EXAMPLES:
        data = json.loads(json.dumps(tomllib.loads(path.read_text("utf-8")), default=str))
        data.pop("title", None)  # a case's title is the user's own words
        ids[path.stem] = store.create("case", data).id
    client = TestClient(create_app(Settings(db_path=db), store=store), base_url="http://127.0.0.1")
    return client, ids


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("url", ["/", "/cases/new", "/rules", "/terms"])
def test_the_fixed_pages_cite_nothing_internal(site: Any, url: str, lang: str) -> None:
    client, _ = site
    page = client.get(url, params={"lang": lang})
    assert page.status_code == 200
    assert leaks(visible(page.text)) == []


def _results_cases() -> Iterator[Any]:
    for path in EXAMPLES:
        for lang in ("ja", "en"):
            for page in ("", "/report"):
                yield pytest.param(path.stem, lang, page, id=f"{path.stem}-{lang}{page}")


@pytest.mark.parametrize(("name", "lang", "page"), list(_results_cases()))
def test_the_results_pages_and_reports_cite_nothing_internal(site: Any, name: str, lang: str,
                                                             page: str) -> None:
    client, ids = site
    response = client.get(f"/cases/{ids[name]}{page}", params={"lang": lang})
    assert response.status_code == 200
    assert leaks(visible(response.text)) == []


def test_the_examples_titles_cite_nothing_internal() -> None:
    titles = {p.stem: str(tomllib.loads(p.read_text("utf-8")).get("title", "")) for p in EXAMPLES}
    assert {k: v for k, v in titles.items() if leaks(v)} == {}


def test_no_word_of_the_pages_is_defined_twice() -> None:
    """A key written twice in report/i18n.py's UI table silently keeps the last wording."""
    import ast
    import collections

    from zansai.report import i18n

    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    counts = [collections.Counter(k.value for k in node.keys if isinstance(k, ast.Constant))
              for node in ast.walk(tree) if isinstance(node, ast.Dict)]
    twice = [key for count in counts for key, n in count.items() if n > 1]
    assert twice == []
