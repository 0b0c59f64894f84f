"""The FastAPI application: pages, the JSON API, static files, errors and the guard."""

from __future__ import annotations

import logging
import os
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from zansai import __version__
from zansai.errors import ZansaiError
from zansai.report.warm_pdf import WarmPrinter
from zansai.web import (
    api,
    casepages,
    casesummary,
    comps_api,  # noqa: F401  (its route goes on api.router before it is mounted)
    comps_page,
    drafts,
    glossary,
    pages,
    printer,
    quick,
    whatif_api,  # noqa: F401  (its route goes on api.router before it is mounted)
    whatif_page,
)
from zansai.web import exports as export_routes
from zansai.web.failures import failure_response, unreadable_body
from zansai.web.security import Guard, loopback_hosts
from zansai.web.service import PlanCache
from zansai.web.settings import Settings
from zansai.web.store import CaseNotFound, CaseStore, StoreError
from zansai.web.templating import STATIC, environment


def create_app(settings: Settings, *, store: CaseStore | None = None,
               plans: PlanCache | None = None) -> FastAPI:
    app = FastAPI(
        title="zansai", version=__version__,
        summary="残債: what happens when a mortgaged Japanese home is sold",
        description="Every figure of `zansai plan` as JSON. Amounts are integer yen; rates are percent "
                    "strings. Errors carry a Japanese and an English message and the field they concern.",
        docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json", lifespan=printer.lifespan)
    app.state.settings = settings
    app.state.printer = WarmPrinter()  # the reports' Chromium, started on the first PDF
    app.state.store = store or CaseStore(settings.db_path)
    app.state.plans = plans or PlanCache(comps_db=settings.db_path)  # comparables: the same file
    app.state.store.summarize = casesummary.summarizer(app.state.plans)  # the case list's columns
    app.state.templates = Jinja2Templates(env=environment())
    app.include_router(api.router)  # with the drafts' endpoints (web/drafts.py adds them)
    app.include_router(export_routes.router)
    app.include_router(quick.router)
    app.include_router(casepages.router)  # before pages: /cases/export.csv is not a case id
    app.include_router(whatif_page.router)
    app.include_router(comps_page.router)  # issue 20 §1: the comparable sales page
    app.include_router(pages.router)
    app.include_router(drafts.router)
    app.include_router(glossary.router)
    # app.js is the web's; style.css is shared with the printable report (zansai.report).
    app.mount("/static", _Static(directory=STATIC, packages=[("zansai.report", "static")]), name="static")

    @app.exception_handler(ZansaiError)
    async def user_error(request: Request, exc: ZansaiError) -> Response:
        status = 404 if isinstance(exc, CaseNotFound) else 503 if isinstance(exc, StoreError) else 422
        if request.url.path.startswith("/api/") or request.url.path.endswith(".json"):
            return JSONResponse({"error": exc.to_dict()}, status_code=status)
        return pages.render(request, "error.html", {"error": exc}, status=status)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        err = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid"}
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path"))
        if err.get("type") == "json_invalid":
            where = "body"
        body = {"field": where or None,
                "message_ja": f"{where or 'リクエスト'}: 正しくありません（{err['msg']}）",
                "message_en": f"{where or 'request'}: {err['msg']}"}
        return JSONResponse({"error": body}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # FastAPI answers a body it cannot read (too deep, not UTF-8, a number past Python's digit
        # limit) with a bare 400: give it the app's bilingual shape, as for malformed JSON (422).
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            return await user_error(request, unreadable_body())
        error = ZansaiError(*_STATUS_WORDS.get(exc.status_code, _STATUS_OTHER))
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": error.to_dict()}, status_code=exc.status_code, headers=exc.headers)
        return pages.render(request, "error.html", {"error": error}, status=exc.status_code)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        return failure_response(
            request, exc, lambda fault: pages.render(request, "error.html", {"error": fault}, status=500))

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"field": None, "message_ja": "見つかりません",
                                           "message_en": "not found"}}, status_code=404)
        return pages.render(request, "error.html", {"error": None}, status=404)

    @app.get("/api/v1/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    # Compile the result templates now, not on the first visitor's request.
    for name in ("result.html", "report.html", "form.html", "index.html", "quick.html", "_quick_answer.html"):
        environment().get_template(name)
    return app


class _Static(StaticFiles):
    """The app's CSS and scripts (no case data): a browser keeps them and asks again with their
    ETag, answered by a bodiless 304, where the pages' own ``no-store`` (the guard's default) would
    have a phone fetch them whole on every page."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = "no-cache"
        return response


_STATUS_WORDS = {405: ("この方法では使えません", "method not allowed"),
                 404: ("見つかりません", "not found"),
                 400: ("送信された内容を読めません", "the request cannot be read")}
_STATUS_OTHER = ("リクエストを処理できません", "the request cannot be served")


def guarded(settings: Settings, **kw: Any) -> Guard:
    """The ASGI app as served: the guard (token, body limit, headers) around the application."""
    return Guard(create_app(settings, **kw), max_body_bytes=settings.max_body_bytes, token=settings.token,
                 allowed_hosts=loopback_hosts(settings.host))


def app_from_env() -> Guard:
    """Factory for uvicorn workers: ``zansai serve`` passes its settings in the environment."""
    from pathlib import Path

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    env = os.environ
    settings = Settings(db_path=Path(env["ZANSAI_DB"]), host=env.get("ZANSAI_HOST", "127.0.0.1"),
                        port=int(env.get("ZANSAI_PORT", "8000")), token=env.get("ZANSAI_TOKEN") or None,
                        csrf_secret=bytes.fromhex(env["ZANSAI_CSRF_SECRET"]))
    from zansai.web.heap import settle_heap

    app = guarded(settings)
    settle_heap()
    return app


