"""The glossary page (用語集, ``/terms``): every legal term the pages explain, in plain words.

The same catalog (``zansai.report.terms``) gives the definitions that open beside a term on the
other pages; each entry here has an anchor (``/terms#short_sale``) that those definitions link to.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from zansai.report import terms
from zansai.web.pages import lang_of, render

router = APIRouter(include_in_schema=False)


@router.get("/terms", response_class=HTMLResponse)
def glossary(request: Request) -> HTMLResponse:
    groups = [(group, rows) for group, rows in terms.grouped(lang_of(request)) if rows]
    return render(request, "terms.html", {"groups": groups})
