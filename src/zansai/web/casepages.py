"""The adviser's pages: the case list (search, filter, sort, status, CSV), the revision history
with restore, and the comparison of a case with its copies.

Included before ``pages.router`` so that ``/cases/export.csv`` is not read as a case id.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zansai.errors import ZansaiError
from zansai.inputs import today_jst
from zansai.report.i18n import ui
from zansai.web import casecompare, caselist, casesummary
from zansai.web.casestatus import STATUSES, check_status
from zansai.web.pages import checked_form, csrf_failed, lang_of, render
from zansai.web.security import CsrfError
from zansai.web.service import plans_of
from zansai.web.store import store_of

router = APIRouter(include_in_schema=False)


def listed(request: Request, query: caselist.Query, lang: str) -> tuple[list[dict[str, Any]], int, list[Any]]:
    """The views of the cases ``query`` selects (grouped, all pages), the total count, and every
    row (for the filter's choices)."""
    store, plans = store_of(request), plans_of(request)
    rows = casesummary.ensure(store, plans, store.list_rows())
    today = today_jst()
    chosen = caselist.select(rows, query, today)
    views = []
    for row, depth in caselist.grouped(chosen) if query.sort == "updated" else ((r, 0) for r in chosen):
        views.append({**caselist.view(row, lang, today), "depth": depth})
    return views, len(rows), rows


def _query(request: Request) -> caselist.Query:
    p = request.query_params
    return caselist.check_query(p.get("q"), p.get("status"), p.get("best"), p.get("sort"), p.get("page"))


def _best_choices(rows: list[Any], lang: str) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for r in rows:
        s = r.summary or {}
        if s.get("best") and s.get("best_label"):
            seen.setdefault(s["best"], s["best_label"][1 if lang == "en" else 0])
    return sorted(seen.items(), key=lambda kv: kv[1])


@router.get("/cases", response_class=HTMLResponse)
def case_list(request: Request) -> HTMLResponse:
    """The saved cases (the home page is the quick check, ``web/quick.py``)."""
    lang = lang_of(request)
    query = _query(request)
    views, total, rows = listed(request, query, lang)
    shown, pages = caselist.page_of(views, query.page)
    copies = {v["parent_id"] for v in views if v["parent_id"]}
    return render(request, "index.html", {
        "cases": shown, "total": total, "matched": len(views), "query": query, "pages": pages,
        "statuses": STATUSES, "sorts": caselist.SORTS, "bests": _best_choices(rows, lang),
        "has_copies": copies, "filtered": bool(query.q or query.status or query.best)})


@router.get("/cases/export.csv")
def case_list_csv(request: Request) -> Response:
    lang = lang_of(request)
    views, _, _ = listed(request, _query(request), lang)
    name = f"zansai-cases-{today_jst().isoformat()}.csv"
    return Response(caselist.to_csv(views, lang), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f"attachment; filename={name}"})


def _back(form_value: object, fallback: str) -> str:
    """Where a status change returns: the list as it was (a path on this site only)."""
    text = form_value if isinstance(form_value, str) else ""
    return text if text.startswith("/cases") and "//" not in text and "\\" not in text else fallback


@router.post("/cases/{case_id}/status")
async def set_status(request: Request, case_id: str) -> Response:
    try:
        form = await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    store_of(request).set_status(case_id, check_status(form.get("status")))
    return RedirectResponse(_back(form.get("next"), "/cases"), status_code=303)


@router.get("/cases/{case_id}/history", response_class=HTMLResponse)
def history(request: Request, case_id: str) -> HTMLResponse:
    """Every kept version, newest first, each with what the save after it changed."""
    store, lang = store_of(request), lang_of(request)
    record = store.get(case_id)
    versions = store.revisions(case_id)
    newer = [record, *versions]
    rows = [{"revision": old.revision, "title": old.title, "saved": old.updated_at,
             "saved_local": caselist.local_time(old.updated_at),
             "changes": casecompare.change_summary(old.data, new.data, new.title, old.title, lang)}
            for old, new in zip(versions, newer, strict=False)]
    return render(request, "history.html", {"record": record, "versions": rows,
                                            "current_local": caselist.local_time(record.updated_at)})


@router.post("/cases/{case_id}/revisions/{revision}/restore")
async def restore(request: Request, case_id: str, revision: int) -> Response:
    try:
        await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    store_of(request).restore(case_id, revision)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases/{case_id}/compare", response_class=HTMLResponse)
def compare(request: Request, case_id: str) -> HTMLResponse:
    """The case, its original and its copies side by side: the inputs that differ (or all of
    them with ``?all=1``) and each case's key results."""
    lang = lang_of(request)
    store = store_of(request)
    others = [i for i in request.query_params.getlist("with") if i]
    members, hidden = casecompare.chosen(store, case_id, others)
    everything = request.query_params.get("all") == "1"
    columns = []
    for m in members:
        try:
            result: dict[str, Any] | None = casecompare.results(plans_of(request).figures(m.data))
            problem = None
        except ZansaiError as exc:
            result, problem = None, exc.message_en if lang == "en" else exc.message_ja
        columns.append({"record": m, "result": result, "problem": problem,
                        "status_label": ui(f"status_{m.status}", lang)})
    inputs = casecompare.input_rows([m.data for m in members], everything)
    shown_ids = {m.id for m in members}
    choices = [r for r in store.list_rows() if r.id != case_id]
    return render(request, "compare.html", {"case_id": case_id, "columns": columns, "inputs": inputs,
                                            "everything": everything, "hidden": hidden, "others": others,
                                            "choices": choices, "shown_ids": shown_ids,
                                            "max_columns": casecompare.MAX_COLUMNS})
