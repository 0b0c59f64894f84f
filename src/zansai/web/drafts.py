"""The drafts (下書き) and the checklist of a saved case, for the results page's links.

``/cases/<id>/drafts/<kind>.<fmt>`` (html, docx, pdf; ``?lang=en`` for the reading aid) and
``/cases/<id>/checklist.html`` / ``.ics``; in the JSON API (``api``, in the OpenAPI document)
``/api/v1/cases/<id>/drafts/<kind>`` and ``/api/v1/cases/<id>/checklist``. Read-only: nothing is
stored.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from zansai.web.api import router as api_router
from zansai.web.pages import lang_of
from zansai.web.service import plans_of
from zansai.web.store import store_of

router = APIRouter(include_in_schema=False)
api = api_router
"""The JSON API's router (``/api/v1``): the two endpoints below are added to it on import."""

Kind = Literal["short-sale-request", "budget", "instalment-proposal", "asset-list"]
Lang = Annotated[Literal["ja", "en"], Query(description="ja: the one to sign; en: a reading aid.")]
_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"description": "No saved case with this id."},
    422: {"description": "The case cannot have this draft (bilingual message)."}}

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(name: str, title: str, ext: str) -> dict[str, str]:
    return {"content-disposition": f"attachment; filename={name}.{ext}; "
                                   f"filename*=UTF-8''{quote(title)}.{ext}"}


@router.get("/cases/{case_id}/drafts/{kind}.{fmt}")
def draft(request: Request, case_id: str, kind: str, fmt: str) -> Response:
    from zansai.report.drafts import FORMATS, KINDS, build
    from zansai.report.drafts.render import to_docx, to_html

    if kind not in KINDS or fmt not in FORMATS:
        return Response(status_code=404)
    record = store_of(request).get(case_id)
    doc = build(plans_of(request).plan(record.data), kind, lang_of(request))
    name = f"zansai-{record.id[:8]}-{doc.filename}"
    if fmt == "docx":
        return Response(to_docx(doc), media_type=DOCX, headers=_attachment(name, doc.title, "docx"))
    if fmt == "pdf":
        from zansai.web.printer import print_pdf

        pdf = print_pdf(request, to_html(doc), f"{name}.pdf")
        return Response(pdf, media_type="application/pdf", headers=_attachment(name, doc.title, "pdf"))
    return Response(to_html(doc), media_type="text/html; charset=utf-8")


def _chosen(request: Request) -> tuple[Any, Any] | JSONResponse:
    """The ``exit`` and ``route`` query parameters as keys, or a 422 naming the parameter."""
    from zansai.errors import InputError
    from zansai.report.checklist import choose

    try:
        return choose(request.query_params.get("exit"), request.query_params.get("route"),
                      ("exit", "route"))
    except InputError as e:
        return JSONResponse({"detail": str(e), "field": e.field}, status_code=422)


@router.get("/cases/{case_id}/checklist.{fmt}")
def checklist(request: Request, case_id: str, fmt: str) -> Response:
    """The checklist page or calendar file; ``?exit=KEY&route=KEY`` choose the exit and route."""
    from zansai.report.checklist import checklist_html, checklist_ics

    if fmt not in ("html", "ics"):
        return Response(status_code=404)
    chosen = _chosen(request)
    if isinstance(chosen, JSONResponse):
        return chosen
    record = store_of(request).get(case_id)
    result = plans_of(request).plan(record.data)
    if fmt == "ics":
        return Response(checklist_ics(result, record.id, lang_of(request), *chosen),
                        media_type="text/calendar; charset=utf-8",
                        headers={"content-disposition": f"attachment; filename=zansai-{record.id[:8]}.ics"})
    return Response(checklist_html(result, lang_of(request), *chosen),
                    media_type="text/html; charset=utf-8")


@api.get("/cases/{case_id}/drafts/{kind}", responses=_ERRORS,
         summary="A pre-filled draft (下書き) of a saved case, as a document")
def draft_json(request: Request, case_id: str, kind: Kind, lang: Lang = "ja") -> JSONResponse:
    """The draft's title, its mark (draft, not legal advice), its blocks (headings, paragraphs,
    fields whose ``value`` null is a blank to fill by hand, tables) and its key ``figures`` in yen.
    The same draft as a page, Word or PDF: ``/cases/{case_id}/drafts/{kind}.html|docx|pdf``."""
    from zansai.report.drafts import build

    record = store_of(request).get(case_id)
    return JSONResponse(build(plans_of(request).plan(record.data), kind, lang).to_dict())


ExitParam = Annotated[str | None, Query(
    description="The way out to list (an exit key such as short_sale, keep_home_rehabilitation, "
                "reschedule); default: the plan's best exit. One the case cannot use is still "
                "listed, with `available` false and the reasons in `notes`.")]
RouteParam = Annotated[str | None, Query(
    description="The remaining-debt route to list (negotiated, small_rehabilitation, bankruptcy …); "
                "default: every feasible route.")]


@api.get("/cases/{case_id}/checklist", responses=_ERRORS | {
             422: {"description": "Unknown exit or route key (bilingual message naming the parameter)."}},
         summary="The dated checklist of documents and to-dos of a saved case")
def checklist_json(request: Request, case_id: str, exit: ExitParam = None,
                   route: RouteParam = None) -> JSONResponse:
    """Each item with its ``due`` date (null: see ``when``, else as soon as possible), ``group`` and
    ``text`` ({id, ja, en}), for the chosen ``exit`` and ``route``. As a calendar:
    ``/cases/{case_id}/checklist.ics`` (the same query parameters)."""
    from zansai.report.checklist import checklist as make_checklist

    chosen = _chosen(request)
    if isinstance(chosen, JSONResponse):
        return chosen
    record = store_of(request).get(case_id)
    return JSONResponse(make_checklist(plans_of(request).plan(record.data), *chosen).to_dict())
