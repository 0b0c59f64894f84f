"""The drafts (下書き) and the checklist of a saved case, for the results page's links.

``/cases/<id>/drafts/<kind>.<fmt>`` (html, docx, pdf; ``?lang=en`` for the reading aid) and
``/cases/<id>/checklist.html`` / ``.ics``. Read-only: nothing is stored.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from zansai.web.pages import lang_of
from zansai.web.service import plans_of
from zansai.web.store import store_of

router = APIRouter(include_in_schema=False)

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
        import tempfile
        from pathlib import Path

        from zansai.report.pdf import html_to_pdf

        with tempfile.TemporaryDirectory(prefix="zansai-pdf-") as tmp:
            pdf = html_to_pdf(to_html(doc), Path(tmp) / "draft.pdf").read_bytes()
        return Response(pdf, media_type="application/pdf", headers=_attachment(name, doc.title, "pdf"))
    return Response(to_html(doc), media_type="text/html; charset=utf-8")


@router.get("/cases/{case_id}/checklist.{fmt}")
def checklist(request: Request, case_id: str, fmt: str) -> Response:
    from zansai.report.checklist import checklist_html, checklist_ics

    if fmt not in ("html", "ics"):
        return Response(status_code=404)
    record = store_of(request).get(case_id)
    result = plans_of(request).plan(record.data)
    if fmt == "ics":
        return Response(checklist_ics(result, record.id, lang_of(request)),
                        media_type="text/calendar; charset=utf-8",
                        headers={"content-disposition": f"attachment; filename=zansai-{record.id[:8]}.ics"})
    return Response(checklist_html(result, lang_of(request)), media_type="text/html; charset=utf-8")
