"""The plan as HTML: the results fragment the web page and the report share, and the printable
report as one self-contained document (styles and charts inlined, no external reference).

Jinja2 is imported here, so the CLI imports this module only inside the command that needs it.
The words (``zansai.report.i18n``) and the stylesheet (``report/static/style.css``) are shared
with the web app's pages, which serve them: the report renders the same page, printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import BaseLoader, Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from zansai.engine.plan import Plan
from zansai.report import i18n, terms
from zansai.report.adviser import Adviser
from zansai.report.template_cache import bytecode_cache

if TYPE_CHECKING:
    from pydantic import BaseModel

    from zansai.report.inputs import Fields

TEMPLATES = Path(__file__).parent / "templates"
"""The page frame (``base.html``), the report page and the results fragment with its macros."""
STYLESHEET = Path(__file__).parent / "static" / "style.css"
"""The stylesheet of the pages and the report (served as ``/static/style.css``), inlined in the
standalone report."""
TERMS_STYLESHEET = STYLESHEET.with_name("terms.css")
"""The explained terms' styles (``zansai.report.terms``), served and inlined the same way."""

_URL = re.compile(r"<(https?://[^>\s]+)>")


def cite(source: str) -> Markup:
    """A citation with its URL as a link (opened only when the user clicks it)."""
    out = []
    pos = 0
    for m in _URL.finditer(source):
        out.append(escape(source[pos:m.start()]))
        url = m.group(1)
        out.append(Markup('<a href="{0}" rel="noopener noreferrer" target="_blank">{0}</a>').format(url))
        pos = m.end()
    out.append(escape(source[pos:]))
    return Markup("").join(out)


@pass_context
def _t(ctx: Context, key: str) -> str:
    return i18n.ui(key, ctx.get("lang", "ja"))


@pass_context
def _tx(ctx: Context, obj: Any) -> str:
    """An engine sentence in the page's language; in the results fragment (``mark_terms``) its
    legal terms are explained in place (so ``tx`` there belongs in text, never in an attribute)."""
    text = i18n.pick(obj, ctx.get("lang", "ja"))
    if ctx.get("mark_terms"):
        return terms.in_template(ctx, text)
    return text


@pass_context
def _lbl(ctx: Context, obj: Any) -> str:
    return i18n.label(obj, ctx.get("lang", "ja"))


@pass_context
def _yen(ctx: Context, amount: int | None) -> str:
    return i18n.yen(amount, ctx.get("lang", "ja"))


@pass_context
def _man(ctx: Context, amount: int) -> str:
    return i18n.man(amount, ctx.get("lang", "ja"))


def make_environment(loader: BaseLoader) -> Environment:
    """A Jinja2 environment with the settings and helpers (``t``, ``yen``, ``cite`` …) every page
    uses; the web app's adds its own template folder to the loader."""
    env = Environment(loader=loader, autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, bytecode_cache=bytecode_cache())
    env.globals.update(t=_t, tx=_tx, lbl=_lbl, yen=_yen, man=_man, cite=cite)
    terms.install(env)
    return env


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The environment of the result templates (this package's ``templates``)."""
    return make_environment(FileSystemLoader(TEMPLATES))


def result_fragment(plan: Plan, lang: str, *, standalone: bool = False,
                    detail_url: str | None = None, detail_fallback: str | None = None,
                    export_url: str | None = None, for_print: bool = False) -> str:
    """The body of the results page and the report (``_result.html``), rendered once; each legal
    term is explained where it first stands (``standalone``: no links to the glossary page).

    ``detail_url``: the expert layer of each "why?" panel is left out and fetched from
    ``<detail_url>/<panel>`` when opened (the web page: two thirds of its weight), with a link to
    ``detail_fallback`` (a page that has them inline) for a browser without JavaScript.
    ``export_url``: the saved case's exports (``<export_url>/<what>.<fmt>``), linked beside the
    配分表, the balance chart and the 財産分与 (the web page only; the report has no links).
    ``for_print``: for paper (the PDF): the "why?" panels and the rules list, which print hides, are
    not rendered at all."""
    from zansai.report.view import result_context

    return environment().get_template("_result.html").render(
        lang=lang, mark_terms=True, terms_seen={}, standalone=standalone, detail_url=detail_url,
        detail_fallback=detail_fallback, export_url=export_url, for_print=for_print,
        **result_context(plan, lang))


def why_detail(plan: Plan, lang: str, panel: str) -> str | None:
    """The expert layer of one "why?" panel (its steps with formulas, rules and sources), or the
    table of every rule used (``rules-used``); None when the plan has no such panel."""
    from zansai.report.view import panel_steps, result_context

    context = result_context(plan, lang)
    module = environment().get_template("_macros.html").make_module(
        {"lang": lang, "rules_index": context["rules_index"], "plan": context["plan"]})
    if panel == "rules-used":
        return str(vars(module)["rules_table"](context["plan"]["rules_used"]))
    steps = panel_steps(context, panel)
    if not steps:
        return None
    return str(vars(module)["why_steps"](steps))


def report_html(plan: Plan, lang: str = "ja", *, inputs: Mapping[str, Any] | BaseModel | None = None,
                fields: Fields | None = None, adviser: Adviser | None = None,
                generated: date | None = None, for_print: bool = False) -> str:
    """The printable report as one self-contained HTML document (styles inlined).

    ``inputs``: the case file (as read, or its saved mapping), listed on the inputs-and-assumptions
    page in the words of the guided form's ``fields``; ``adviser``: who prepared it; ``generated``:
    the date printed on it (default: today in Japan). Printed, every page carries the case, the
    adviser, the date and "page / pages". ``for_print``: the HTML given to the PDF printer, without
    the "why?" panels and the rules list that print hides (the ``--html`` file keeps them)."""
    from zansai import __version__
    from zansai.inputs import today_jst
    from zansai.report.inputs import input_groups

    css = STYLESHEET.read_text(encoding="utf-8") + TERMS_STYLESHEET.read_text(encoding="utf-8")
    template = environment().get_template("report.html")
    d = plan.to_dict()
    return template.render(
        lang=lang, standalone=True, inline_css=Markup(css), record=None, plan=d,
        fragment=Markup(result_fragment(plan, lang, standalone=True, for_print=for_print)),
        input_groups=input_groups(inputs, lang, fields) if inputs is not None else [],
        adviser=adviser, adviser_line=_adviser_line(adviser), css_string=css_string,
        source_title=source_title,
        generated=(generated or today_jst()).isoformat(), version=__version__,
        fingerprint=plan.rules_fingerprint)


def source_title(source: str) -> str:
    """A citation without its URL (the printed inputs page names the source; the URL is on the
    rules page and in the JSON)."""
    return _URL.sub("", source).strip()


def _adviser_line(adviser: Adviser | None) -> str:
    if not adviser:
        return ""
    return " · ".join(part for part in (adviser.office, adviser.name, adviser.contact) if part)


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, safe inside a <style> element (no quote, backslash, line
    break or ``<`` left raw)."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')
