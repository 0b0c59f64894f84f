"""``GET /comps``: the comparable sales page (取引事例) — a short GET form, the table, the scatter
of price per m² against the quarter and MLIT's credit line, in Japanese or English (``?lang=``).

It shows exactly what ``GET /api/v1/comps`` answers (``comps_api.comps_answer``); a bad field is
shown beside the form, and without data the page says how to import it.

``POST /comps/import``: an adviser uploads a downloaded MLIT CSV (multipart, the form's CSRF
token and Origin checked as every form's, at most ``security.UPLOAD_MAX_BYTES``). It is the
import of ``zansai comps import``: one transaction, every row or nothing, the same bilingual
error naming the column. After an import the plan cache forgets its results, so that located
cases are valued with the new sales.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from zansai.errors import InputError, ZansaiError
from zansai.web.comps_api import PARAMETERS, comps_answer, criteria_of, db_path_of
from zansai.web.location_form import known_names
from zansai.web.pages import checked_form, csrf_failed, lang_of, render
from zansai.web.security import UPLOAD_MAX_BYTES, CsrfError
from zansai.web.service import plans_of

router = APIRouter(include_in_schema=False)

PAGE_LIMIT = 200
KINDS = ("condo", "land_and_building", "land", "farmland", "forest", "other")
IMPORTS_SHOWN = 5
"""The latest imported files the page lists."""


def _answer(request: Request, form: dict[str, str]) -> tuple[dict[str, Any] | None, ZansaiError | None]:
    from zansai.web.location_form import resolve

    if not form["city"]:
        return None, None  # the empty form: nothing asked yet
    try:
        place = resolve(form["city"], None, db_path_of(request), field="city")  # a name, as on the forms
        criteria = criteria_of({**form, "city": place.code if place else ""}, default_limit=PAGE_LIMIT)
    except ZansaiError as exc:
        return None, exc
    return comps_answer(db_path_of(request), criteria), None


def _imports(db: Path) -> tuple[list[Any], list[Any]]:
    """The latest files imported (newest first) and the credit lines their data needs."""
    from zansai.comps.app_db import open_comps
    from zansai.comps.credit import credit_lines

    with open_comps(db) as store:
        done = store.imports()
        return done[::-1][:IMPORTS_SHOWN], credit_lines(store.sources()) if done else []


async def _page(request: Request, form: dict[str, str], status: int = 200, **extra: Any) -> HTMLResponse:
    from zansai.messages import msg
    from zansai.web.comps_chart import scatter, summary

    body, error = await run_in_threadpool(_answer, request, form)
    imports, credits = await run_in_threadpool(_imports, db_path_of(request))
    names = await run_in_threadpool(known_names, db_path_of(request))
    lang = lang_of(request)
    rows = body["comparables"] if body else []
    kinds = [(k, msg(f"comps.kinds.{k}").text(lang)) for k in KINDS]
    context = {"form": form, "body": body, "error": error, "kinds": kinds, "kind_names": dict(kinds),
               "chart": scatter(rows, lang), "summary": summary(rows), "imports": imports,
               "import_credit": credits, "upload_mb": str(UPLOAD_MAX_BYTES // 1_000_000),
               "imported": None, "import_error": None, "place_names": names, **extra}
    return render(request, "comps.html", context, status=422 if error else status)


@router.get("/comps", response_class=HTMLResponse)
async def comps_page(request: Request) -> HTMLResponse:
    form = {k: request.query_params.get(k, "")[:100] for k in PARAMETERS}
    return await _page(request, form)


def _import(db: Path, name: str, data: bytes) -> Any:
    from zansai.comps.app_db import open_comps
    from zansai.comps.csvfile import CsvFile

    csv_file = CsvFile.of_bytes(name, data)
    with open_comps(db) as store:
        return store.import_csv(csv_file)


def _no_file() -> InputError:
    return InputError("CSVファイルを選んでください", "choose a CSV file", field="file")


def _too_large(size: int) -> InputError:
    mb = UPLOAD_MAX_BYTES // 1_000_000
    return InputError(f"ファイルが大きすぎます（{size:,} バイト、上限 {mb} MB）。"
                      "「zansai comps import ファイル名」で取り込んでください",
                      f"the file is too large ({size:,} bytes, limit {mb} MB); import it with "
                      "“zansai comps import FILE”", field="file")


@router.post("/comps/import", response_class=HTMLResponse)
async def comps_import(request: Request) -> Response:
    """Import an uploaded download CSV: all rows or nothing; the cache then forgets its plans."""
    empty = dict.fromkeys(PARAMETERS, "")
    try:
        form = await checked_form(request)
    except CsrfError:
        return csrf_failed(request)
    upload = form.get("file")
    try:
        if upload is None or isinstance(upload, str) or not upload.filename:
            return await _page(request, empty, 422, import_error=_no_file())
        data = await upload.read(UPLOAD_MAX_BYTES + 1)
        name = Path(upload.filename).name[:200]
    finally:
        await form.close()
    if len(data) > UPLOAD_MAX_BYTES:
        return await _page(request, empty, 413, import_error=_too_large(len(data)))
    try:
        result = await run_in_threadpool(_import, db_path_of(request), name, data)
    except ZansaiError as exc:
        return await _page(request, empty, 422, import_error=exc)
    if not result.already:
        plans_of(request).forget()  # located plans are valued again, with the new sales
    return await _page(request, empty, imported=result)
