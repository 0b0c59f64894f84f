"""The HTML pages: saved cases, the guided form, the results and the printable report.

Every page is rendered on the server (Jinja2); the little JavaScript there is (advanced mode,
checking a field as it is typed) is optional. Each results page has a ``.json`` twin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData

from zansai.errors import InputError, ZansaiError
from zansai.report.html import result_fragment, source_title, why_detail
from zansai.report.i18n import LANGS
from zansai.report.inputs import input_groups
from zansai.rules import rules_snapshot
from zansai.web import feedback, forms
from zansai.web.intake import TITLE_MAX, check_title
from zansai.web.security import CSRF_COOKIE, CsrfError, check_csrf, csrf_digest, new_csrf_token
from zansai.web.service import Options, plans_of
from zansai.web.store import store_of

router = APIRouter(include_in_schema=False)

LANG_COOKIE = "zansai_lang"


def lang_of(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in LANGS:
        return q
    c = request.cookies.get(LANG_COOKIE)
    return c if c in LANGS else "ja"


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    lang = lang_of(request)
    token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    secret = request.app.state.settings.csrf_secret
    ctx = {"request": request, "lang": lang, "csrf": csrf_digest(token, secret), "path": request.url.path,
           **context}
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, name, ctx, status_code=status)
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    if request.query_params.get("lang") in LANGS and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", max_age=365 * 86400)
    return response


async def checked_form(request: Request) -> FormData:
    form = await request.form()
    try:
        check_csrf(request, form, request.app.state.settings.csrf_secret)
    except CsrfError:
        await form.close()  # an uploaded file's temporary file goes with it
        raise
    return form




def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# The case list (/cases) is web/casepages.py (issue 18).


@router.get("/cases/new", response_class=HTMLResponse)
def new_case(request: Request) -> HTMLResponse:
    return render(request, "form.html", form_context(request, None, {}, [], advanced=False))


def form_context(request: Request, record_id: str | None, data: dict[str, Any], errors: list[ZansaiError],
                  advanced: bool | None = None) -> dict[str, Any]:
    """The form with ``data``, every problem next to its field and in the summary, and the
    questions about amounts. ``advanced``: the mode the user chose (None: a saved case opens in
    the detailed mode only if it has a detailed value)."""
    from zansai.case.build import default_sale_date
    from zansai.inputs import today_jst
    from zansai.web import location_form as where

    found = feedback.problems(errors)
    values = forms.form_values(data)
    db = where.db_of(request)
    values[where.MUNICIPALITY_FIELD] = where.shown(values.get(where.MUNICIPALITY_FIELD), db)
    today = today_jst()
    return {"sections": forms.SECTIONS, "values": values, "problems": found,
            "field_errors": feedback.by_field(found), "questions": feedback.questions(data),
            "case_id": record_id,
            "advanced": feedback.wants_advanced(data) if advanced is None else advanced,
            "people": [values.get(f"people[{i}].name", "") for i in range(forms.PEOPLE_SLOTS)],
            "picked": forms.picked, "fid": feedback.dom_id,
            "sale_default": default_sale_date(today, plans_of(request).book),
            "place_names": where.known_names(
                db, where.checked_prefecture(values.get(where.PREFECTURE_FIELD)))}


def _form_data(request: Request, form: Any, base: dict[str, Any]) -> tuple[dict[str, Any], list[ZansaiError]]:
    """The submitted form as case data (the municipality's name resolved to its code), and the
    problems: the name's, then the case's (not the code's own when its name did not resolve)."""
    from zansai.web import location_form as where

    items, problem = where.resolve_form([(k, v) for k, v in form.multi_items() if isinstance(v, str)],
                                        where.db_of(request))
    data = forms.form_to_data(items, base)
    errors: list[ZansaiError] = list(plans_of(request).errors(data))
    if problem is not None:
        errors = [problem, *(e for e in errors if e.field != where.MUNICIPALITY_FIELD)]
    return data, errors


async def _save_form(request: Request, record_id: str | None) -> Response:
    try:
        form = await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    store = store_of(request)
    base = store.get(record_id).data if record_id else {}
    data, errors = _form_data(request, form, base)
    # The mode is the user's choice (the box, ticked or not, with or without JavaScript): a refused
    # save keeps it, whatever the form holds.
    advanced = form.get("_advanced_box") == "1"
    title = str(data.get("title") or "") or "ケース"
    if not errors:
        try:
            plans_of(request).plan(data)
            check_title(title)
        except ZansaiError as exc:
            errors = [exc]
    if errors:
        context = form_context(request, record_id, data, errors, advanced)
        return render(request, "form.html", {**_record(request, record_id), **context}, status=422)
    record = store.update(record_id, title=title, data=data) if record_id else store.create(title, data)
    return _redirect(f"/cases/{record.id}")


def _record(request: Request, record_id: str | None) -> dict[str, Any]:
    return {"record": store_of(request).get(record_id)} if record_id else {}


@router.post("/cases", response_class=HTMLResponse)
async def create_case(request: Request) -> Response:
    return await _save_form(request, None)


@router.post("/cases/validate")
async def validate_form(request: Request) -> Response:
    """The form as it is now → every problem by field, and the questions about amounts (for the
    messages shown while typing). ``field`` is the case-file path, ``place`` the form field."""
    try:
        form = await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    record_id = form.get("_case_id")
    base = store_of(request).get(record_id).data if isinstance(record_id, str) and record_id else {}
    data, errors = _form_data(request, form, base)
    found = feedback.problems(errors)
    return JSONResponse({
        "errors": [{**e.to_dict(), "place": p.field, "detail_ja": p.message[0], "detail_en": p.message[1],
                    "label_ja": p.label[0] if p.label else None, "label_en": p.label[1] if p.label else None}
                   for e, p in zip(errors, found, strict=True)],
        "questions": [{"field": name, "ja": text[0], "en": text[1]}
                      for name, text in feedback.questions(data).items()]})


@router.post("/cases/import")
async def import_case(request: Request) -> Response:
    try:
        form = await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return _error_page(request, InputError("file: ケースファイルを選んでください",
                                               "file: choose a case file", field="file"))
    try:
        raw = await upload.read()
    finally:
        await form.close()
    name = upload.filename or "case.toml"
    try:
        data = _parse_upload(name, raw)
        cf = plans_of(request).case_file(data)
        plans_of(request).plan(data)  # saved only if its page can be shown
        title = check_title(cf.title, "title") if cf.title else check_title(name[:TITLE_MAX], "file")
    except ZansaiError as exc:
        return _error_page(request, exc)
    record = store_of(request).create(title, cf.model_dump(mode="json", exclude_unset=True))
    return _redirect(f"/cases/{record.id}")


def _parse_upload(name: str, raw: bytes) -> Any:
    from zansai.case import parse_case_text

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError.invalid("file", name, "UTF-8 のテキストファイルを選んでください",
                                 "the file must be UTF-8 text") from None
    return parse_case_text(text, name, field="file")


@router.get("/cases/{case_id}.json")
def show_case_json(request: Request, case_id: str) -> Response:
    data = store_of(request).get(case_id).data
    return Response(plans_of(request).plan_json(data, Options()), media_type="application/json")


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def show_case(request: Request, case_id: str) -> Response:
    record = store_of(request).get(case_id)
    lang = lang_of(request)
    plans = plans_of(request)
    try:
        result = plans.plan(record.data)
    except ZansaiError as exc:
        context = {"record": record, **form_context(request, record.id, record.data, [exc])}
        return render(request, "form.html", context, status=422)
    base = f"/cases/{record.id}"
    fragment = Markup(plans.page(record.data, lang, lambda p: result_fragment(
        p, lang, detail_url=f"{base}/why", detail_fallback=f"{base}/report?lang={lang}",
        export_url=f"/api/v1{base}/export"), variant=f"page-{record.id}"))
    return render(request, "result.html", {"record": record, "plan": result.to_dict(), "fragment": fragment})


@router.get("/cases/{case_id}/why/{panel}", response_class=HTMLResponse)
def why_panel(request: Request, case_id: str, panel: str) -> Response:
    """The expert layer of one "why?" panel, fetched when the reader opens it."""
    record = store_of(request).get(case_id)
    html = why_detail(plans_of(request).plan(record.data), lang_of(request), panel)
    if html is None:
        return Response(status_code=404)
    return HTMLResponse(html)


@router.get("/cases/{case_id}/edit", response_class=HTMLResponse)
def edit_case(request: Request, case_id: str) -> HTMLResponse:
    record = store_of(request).get(case_id)
    context = form_context(request, record.id, record.data, [])
    return render(request, "form.html", {"record": record, **context})


@router.post("/cases/{case_id}", response_class=HTMLResponse)
async def update_case(request: Request, case_id: str) -> Response:
    store_of(request).get(case_id)
    return await _save_form(request, case_id)


OFFER_EXITS = ("short_sale", "normal_sale", "dealer_purchase", "leaseback")
"""The ways out the results page's one-field offer form may price (issue 18: the adviser's day)."""


@router.post("/cases/{case_id}/offer")
async def set_offer(request: Request, case_id: str) -> Response:
    """The results page's one-field edit: the offered price (申出価格) for one way out, dated the
    calculation date; it replaces that way out's earlier offers (the case's history keeps them), and a
    blank price removes them. Back to the results, at the what-if grid drawn around the offer."""
    try:
        form = await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    store = store_of(request)
    record = store.get(case_id)
    exit_key, price = str(form.get("exit") or ""), str(form.get("price") or "").strip()
    if exit_key not in OFFER_EXITS:
        return _error_page(request, InputError.invalid("offers.exit", exit_key, "出口を選んでください",
                                                       "choose a way out"))
    data = dict(record.data)
    offers = [o for o in data.get("offers", []) if o.get("exit") != exit_key]
    data["offers"] = offers + ([{"exit": exit_key, "price": price}] if price else [])
    try:
        errors = list(plans_of(request).errors(data))
        if errors:
            raise errors[0]
        plans_of(request).plan(data)
    except ZansaiError as exc:
        return _error_page(request, exc)
    store.update(record.id, title=record.title, data=data)
    return _redirect(f"/cases/{record.id}#whatif-section")


@router.post("/cases/{case_id}/duplicate")
async def duplicate_case(request: Request, case_id: str) -> Response:
    try:
        await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    record = store_of(request).duplicate(case_id)
    return _redirect(f"/cases/{record.id}/edit")


@router.post("/cases/{case_id}/delete")
async def delete_case(request: Request, case_id: str) -> Response:
    try:
        await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    store_of(request).delete(case_id)
    return _redirect("/cases")


@router.get("/cases/{case_id}/export.toml")
def export_case(request: Request, case_id: str) -> Response:
    from zansai.case import case_to_toml

    record = store_of(request).get(case_id)
    filename = f"zansai-{record.id[:8]}.toml"
    return Response(case_to_toml(record.data), media_type="application/toml; charset=utf-8",
                    headers={"content-disposition": f"attachment; filename={filename}"})


@router.get("/cases/{case_id}/source", response_class=HTMLResponse)
def source_case(request: Request, case_id: str) -> HTMLResponse:
    from zansai.case import case_to_toml

    record = store_of(request).get(case_id)
    context = {"record": record, "text": case_to_toml(record.data), "error": None}
    return render(request, "source.html", context)


@router.post("/cases/{case_id}/source", response_class=HTMLResponse)
async def save_source(request: Request, case_id: str) -> Response:
    try:
        form = await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    record = store_of(request).get(case_id)
    text = str(form.get("text") or "")
    try:
        data = _parse_upload("case.toml", text.encode())
        cf = plans_of(request).case_file(data)
        plans_of(request).plan(data)
        title = check_title(cf.title, "title") if cf.title else record.title
    except ZansaiError as exc:
        return render(request, "source.html", {"record": record, "text": text, "error": exc}, status=422)
    store_of(request).update(case_id, title=title,
                           data=cf.model_dump(mode="json", exclude_unset=True))
    return _redirect(f"/cases/{case_id}")


@router.get("/cases/{case_id}/report", response_class=HTMLResponse)
def report(request: Request, case_id: str) -> Response:
    record = store_of(request).get(case_id)
    plans, lang = plans_of(request), lang_of(request)
    result = plans.plan(record.data)
    fragment = Markup(plans.page(record.data, lang, lambda p: result_fragment(p, lang)))
    return render(request, "report.html", {
        "record": record, "plan": result.to_dict(), "fragment": fragment, "source_title": source_title,
        "input_groups": input_groups(record.data, lang, forms.FIELDS)})


@router.get("/cases/{case_id}/report.pdf")
def report_pdf(request: Request, case_id: str) -> Response:
    from zansai.report.adviser import adviser_from
    from zansai.report.html import report_html
    from zansai.settings import load_adviser
    from zansai.web.printer import print_pdf

    record = store_of(request).get(case_id)
    result = plans_of(request).plan(record.data)
    query = request.query_params  # ?adviser_name=…, else the settings file's [adviser]
    adviser = adviser_from({k: query.get(f"adviser_{k}") for k in ("name", "office", "contact")}) \
        or load_adviser() or None
    html = report_html(result, lang_of(request), inputs=record.data, fields=forms.FIELDS, adviser=adviser,
                       for_print=True)
    pdf = print_pdf(request, html, f"zansai-{record.id[:8]}.pdf")
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f"attachment; filename=zansai-{record.id[:8]}.pdf; "
                               f"filename*=UTF-8''{quote(record.title)}.pdf"})


@router.get("/rules.json")
def rules_json(request: Request) -> Response:
    from zansai.web.api import rules

    return rules(request, request.query_params.get("at"))


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request) -> HTMLResponse:
    from zansai.inputs import parse_date, today_jst

    at = request.query_params.get("at")
    on = parse_date("at", at) if at else today_jst()
    snapshot = rules_snapshot(plans_of(request).book, on)
    rows = [{"rule": r.rule, "value": r.display(), "period": r.period} for r in snapshot.resolved]
    return render(request, "rules.html", {"rows": rows, "on": on})


def csrf_failed(request: Request) -> HTMLResponse:
    return _error_page(request, InputError("ページの有効期限が切れました。もう一度送信してください",
                                           "the page expired; please submit again", field="csrf_token"),
                       status=403)


def _error_page(request: Request, exc: ZansaiError, status: int = 422) -> HTMLResponse:
    return render(request, "error.html", {"error": exc}, status=status)
