"""``GET /comps``: the comparable sales page (取引事例) — a short GET form, the table, the scatter
of price per m² against the quarter and MLIT's credit line, in Japanese or English (``?lang=``).

It shows exactly what ``GET /api/v1/comps`` answers (``comps_api.comps_answer``); a bad field is
shown beside the form, and without data the page says how to import it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from zansai.errors import ZansaiError
from zansai.web.comps_api import PARAMETERS, comps_answer, criteria_of, db_path_of
from zansai.web.pages import lang_of, render

router = APIRouter(include_in_schema=False)

PAGE_LIMIT = 200
KINDS = ("condo", "land_and_building", "land", "farmland", "forest", "other")


def _answer(request: Request, form: dict[str, str]) -> tuple[dict[str, Any] | None, ZansaiError | None]:
    if not form["city"]:
        return None, None  # the empty form: nothing asked yet
    try:
        criteria = criteria_of(form, default_limit=PAGE_LIMIT)
    except ZansaiError as exc:
        return None, exc
    return comps_answer(db_path_of(request), criteria), None


@router.get("/comps", response_class=HTMLResponse)
async def comps_page(request: Request) -> HTMLResponse:
    from zansai.messages import msg
    from zansai.web.comps_chart import scatter, summary

    form = {k: request.query_params.get(k, "")[:100] for k in PARAMETERS}
    body, error = await run_in_threadpool(_answer, request, form)
    lang = lang_of(request)
    rows = body["comparables"] if body else []
    kinds = [(k, msg(f"comps.kinds.{k}").text(lang)) for k in KINDS]
    context = {"form": form, "body": body, "error": error, "kinds": kinds, "kind_names": dict(kinds),
               "chart": scatter(rows, lang), "summary": summary(rows)}
    return render(request, "comps.html", context, status=422 if error else 200)
