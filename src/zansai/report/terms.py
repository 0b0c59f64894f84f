"""Legal terms explained where they stand (用語の説明): the terms catalog and the marker.

The catalog (``terms.toml`` beside this module) gives each term a plain definition in Japanese
and English. ``mark`` finds the terms in a piece of page text and wraps the first occurrence of
each in a focusable ``<span class="term">`` whose ``role="tooltip"`` child holds the definition:
hover, tap (focus) or the keyboard shows it, with no JavaScript (``terms.css`` styles it). The
glossary page (``/terms``) lists the whole catalog.

A "why?" panel explains its terms again (it is read on its own, folded away from the text). On
the web page (``refer``) such a repeat carries no copy of the definition: its
``aria-describedby`` points at the page's one definition (the term's first mention), and
``terms.js`` copies that definition into it when it is first hovered or focused, so a page
carries each definition once. The standalone report (no script) keeps a copy in each panel.

Plain text is escaped first and then marked; text that is already HTML is marked only between
tags, never inside a tag or an attribute, and never inside links, buttons, summaries, labels,
code or an earlier mark.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

CATALOG = Path(__file__).with_name("terms.toml")
GROUPS = ("sale", "debt", "court", "family", "tax", "credit")
"""The glossary page's sections, in order."""

Seen = MutableMapping[str, set[str]]
"""The terms already marked in one rendering, per scope ("" is the page)."""

DEFINED = "\x00defined"
"""The key of ``Seen`` holding the terms whose definition the page carries already (``refer``)."""


@dataclass(frozen=True, slots=True)
class Term:
    """One term: its names, its plain definition in each language, and where it was checked."""

    id: str
    group: str
    ja: str
    en: str
    def_ja: str
    def_en: str
    source: str
    also: tuple[str, ...] = ()
    law: str | None = None

    def name(self, lang: str) -> str:
        """The term as the page's language calls it; English keeps the Japanese in parentheses."""
        return f"{self.en}（{self.ja}）" if lang == "en" else self.ja

    def definition(self, lang: str) -> str:
        return self.def_en if lang == "en" else self.def_ja

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.ja, self.en, *self.also)


@cache
def catalog() -> tuple[Term, ...]:
    """Every term, in the catalog's order (read once per process)."""
    with CATALOG.open("rb") as f:
        rows = tomllib.load(f)["term"]
    return tuple(Term(**{**row, "also": tuple(row.get("also", ()))}) for row in rows)


@cache
def by_id() -> dict[str, Term]:
    return {t.id: t for t in catalog()}


def _trie(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, as a trie: fast to fail, and greedy, so the longest
    spelling wins (競売申立 over 競売)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in node.items() if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


@cache
def _index() -> tuple[re.Pattern[str], dict[str, Term]]:
    """One pattern for every spelling and the term each spelling belongs to."""
    owner: dict[str, Term] = {}
    for term in catalog():
        for spelling in term.spellings:
            owner.setdefault(spelling.casefold(), term)
    japanese = _trie(s for s in owner if not s.isascii())
    english = _trie(s for s in owner if s.isascii())  # whole words only, in any case
    return re.compile(rf"{japanese}|(?<![A-Za-z0-9])(?i:{english})(?![A-Za-z0-9])"), owner


_TAG = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9]*)")
_SKIPPED = frozenset({"a", "button", "summary", "label", "option", "select", "textarea", "code",
                      "script", "style", "title", "svg"})
"""Elements whose text is never marked (interactive, code, or not prose)."""


def _tooltip(term: Term, matched: str, lang: str, dom_id: str, link: bool) -> str:
    more = ""
    if link:
        more = ' <a class="term-more" href="/terms#{}">{}</a>'.format(
            term.id, "Glossary" if lang == "en" else "用語集で見る")
    name, definition = escape(term.name(lang)), escape(term.definition(lang))
    return (f'<span class="term" tabindex="0" aria-describedby="{dom_id}">{matched}'
            f'<span class="term-def" role="tooltip" id="{dom_id}"><b>{name}</b> {definition}{more}</span>'
            '</span>')


def _reference(matched: str, dom_id: str) -> str:
    """A repeat of a term the page defines already: described by that one definition."""
    return (f'<span class="term term-ref" tabindex="0" aria-describedby="{dom_id}" data-def="{dom_id}">'
            f'{matched}</span>')


def _mark_text(text: str, lang: str, seen: set[str], scope: str, link: bool,
               defined: set[str] | None = None) -> str:
    """Mark the first unseen occurrence of each term in a run of already-escaped text; with
    ``defined`` (the page's defined terms), a term defined before is marked as a reference."""
    pattern, owner = _index()

    def one(m: re.Match[str]) -> str:
        term = owner[m.group(0).casefold()]
        if term.id in seen:
            return m.group(0)
        seen.add(term.id)
        if defined is None:
            return _tooltip(term, m.group(0), lang, f"term-{scope}-{term.id}" if scope else f"term-{term.id}",
                            link)
        if term.id in defined:
            return _reference(m.group(0), f"term-{term.id}")
        defined.add(term.id)
        return _tooltip(term, m.group(0), lang, f"term-{term.id}", link)

    return pattern.sub(one, text)


def _mark_html(html: str, lang: str, seen: set[str], scope: str, link: bool,
               defined: set[str] | None = None) -> str:
    """Mark the text between the tags of ``html``, skipping the elements in ``_SKIPPED``."""
    out: list[str] = []
    skip: str | None = None  # the element we are inside whose text is left alone
    depth = 0
    pos = 0
    for m in _TAG.finditer(html):
        text = html[pos:m.start()]
        out.append(text if skip else _mark_text(text, lang, seen, scope, link, defined))
        tag = m.group(0)
        out.append(tag)
        pos = m.end()
        name_m = _TAG_NAME.match(tag)
        if not name_m or tag.endswith("/>"):
            continue
        name, closing = name_m.group(1).lower(), tag.startswith("</")
        if skip is None:
            if not closing and (name in _SKIPPED or (name == "span" and 'class="term' in tag)):
                skip, depth = name, 1
        elif name == skip:
            depth += -1 if closing else 1
            if depth == 0:
                skip = None
    rest = html[pos:]
    out.append(rest if skip else _mark_text(rest, lang, seen, scope, link, defined))
    return "".join(out)


def mark(text: str | None, lang: str, seen: Seen | None = None, *, scope: str = "",
         link: bool = True, refer: bool = False) -> Markup:
    """``text`` as HTML with the first occurrence of each known term explained in place.

    A plain ``str`` is escaped first; a ``Markup`` is taken as HTML. ``seen`` remembers what one
    page has marked already (a term is explained once per page, or once per ``scope``, whose name
    also keeps the tooltips' ids unique); ``link`` adds a link to the glossary page (not in the
    standalone report, which has none); ``refer``: a term the page has defined in another scope
    refers to that definition instead of repeating it (the web page, whose ``terms.js`` shows it).
    """
    if not text:
        return Markup("")
    seen = {} if seen is None else seen
    marked = seen.setdefault(scope, set())
    defined = seen.setdefault(DEFINED, set()) if refer else None
    if isinstance(text, Markup):
        return Markup(_mark_html(str(text), lang, marked, scope, link, defined))
    return Markup(_mark_text(str(escape(text)), lang, marked, scope, link, defined))


def found(text: str) -> list[Term]:
    """The terms ``text`` mentions, in order of first mention (for tests and the glossary)."""
    pattern, owner = _index()
    out: dict[str, Term] = {}
    for m in pattern.finditer(text):
        term = owner[m.group(0).casefold()]
        out.setdefault(term.id, term)
    return list(out.values())


def grouped(lang: str) -> Iterable[tuple[str, list[Term]]]:
    """The catalog by glossary section (English pages alphabetically)."""
    for group in GROUPS:
        rows = [t for t in catalog() if t.group == group]
        if lang == "en":  # Japanese keeps the catalog's order (kanji have no useful code order)
            rows.sort(key=lambda t: t.en.casefold())
        yield group, rows


@pass_context
def in_template(ctx: Context, text: str | None, scope: str = "") -> Markup:
    """The ``terms(text)`` global of the templates: ``mark`` in the page's language.

    A renderer passes ``terms_seen={}`` so that a term is explained once per page across the
    page's templates and macros; without it one template's calls share their own memory.
    """
    seen = ctx.get("terms_seen")
    if seen is None:
        seen = ctx.parent.setdefault("terms_seen", {})
    web = not ctx.get("standalone")
    return mark(text, ctx.get("lang", "ja"), seen, scope=scope, link=web, refer=web)


@pass_context
def _plain(ctx: Context, panel: str) -> str:
    from zansai.report.i18n import plain

    return plain(panel, ctx.get("lang", "ja"))


@pass_context
def _text_of(ctx: Context, obj: object) -> str:
    """An engine sentence in the page's language, never marked (the expert layer)."""
    from zansai.report.i18n import pick

    return pick(obj, ctx.get("lang", "ja"))


def install(env: Environment) -> None:
    """Give a Jinja environment the ``terms(text)`` global and filter, ``plain(panel_id)`` and
    ``text_of(sentence)`` (``tx`` without the marking, for the expert layer)."""
    env.globals.update(terms=in_template, plain=_plain, text_of=_text_of)
    env.filters["terms"] = in_template
