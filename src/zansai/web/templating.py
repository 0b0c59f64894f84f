"""The Jinja2 environment shared by the pages and the printable report."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from zansai.engine.plan import Plan
from zansai.web import i18n

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

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
    return i18n.pick(obj, ctx.get("lang", "ja"))


@pass_context
def _lbl(ctx: Context, obj: Any) -> str:
    return i18n.label(obj, ctx.get("lang", "ja"))


@pass_context
def _yen(ctx: Context, amount: int | None) -> str:
    return i18n.yen(amount, ctx.get("lang", "ja"))


@pass_context
def _man(ctx: Context, amount: int) -> str:
    return i18n.man(amount, ctx.get("lang", "ja"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(t=_t, tx=_tx, lbl=_lbl, yen=_yen, man=_man, cite=cite)
    return env


def result_fragment(plan: Plan, lang: str) -> str:
    """The body of the results page and the report (``_result.html``), rendered once."""
    from zansai.web.view import result_context

    return environment().get_template("_result.html").render(lang=lang, **result_context(plan, lang))


def report_html(plan: Plan, lang: str = "ja") -> str:
    """The printable report as one self-contained HTML document (styles inlined)."""
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    template = environment().get_template("report.html")
    d = plan.to_dict()
    return template.render(lang=lang, standalone=True, inline_css=Markup(css), record=None,
                           plan=d, fragment=Markup(result_fragment(plan, lang)))
