"""The Jinja2 environment of the web pages: their own templates, then the report's.

The pages (``index.html``, ``form.html``, ``result.html`` …) live in ``templates`` here; the page
frame, the report page and the results fragment are rendering and live in ``zansai.report``
(``report/templates``), found through the same loader.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from zansai.report import html

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return html.make_environment(FileSystemLoader([TEMPLATES, html.TEMPLATES]))
