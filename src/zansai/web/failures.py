"""Answers for what went wrong on the server's side, and for a body that cannot be read.

A defect (HTTP 500) is logged once, with its traceback, under an error id on the
``zansai.web.errors`` logger; the client gets the same id in the app's bilingual error shape, so
a report can be matched to the log line. The access log (``zansai.web``) carries only the id.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from zansai.errors import InputError, ZansaiError

log = logging.getLogger("zansai.web.errors")

ERROR_ID = "zansai.error_id"
"""Where the error id is kept in the request's scope, for the access log line."""


def new_error_id() -> str:
    return secrets.token_hex(6)


def server_fault(error_id: str) -> ZansaiError:
    return ZansaiError(f"サーバー内部のエラーです。お手数ですが、エラー番号 {error_id} を添えて"
                       "お知らせください",
                       f"internal server error; please report it with the error id {error_id}")


def failure_response(request: Request, exc: BaseException,
                     page: Callable[[ZansaiError], Response]) -> Response:
    """Log ``exc`` with its traceback under a new error id and answer 500 with that id (JSON for
    the API, else ``page``: the app's error page)."""
    error_id = new_error_id()
    request.scope[ERROR_ID] = error_id
    route = getattr(request.scope.get("route"), "path", "-")
    log.error("error %s: %s %s", error_id, request.method, route, exc_info=exc)
    fault = server_fault(error_id)
    if request.url.path.startswith("/api/") or request.url.path.endswith(".json"):
        return JSONResponse({"error": {**fault.to_dict(), "error_id": error_id}}, status_code=500)
    try:
        return page(fault)
    except Exception:  # the page itself may be what fails: fall back to plain words
        return HTMLResponse(f"<p>{fault.message_ja}</p><p>{fault.message_en}</p>", status_code=500)


def unreadable_body() -> InputError:
    return InputError("body: 本文を読めません（UTF-8 の JSON で、入れ子が深すぎず、"
                      "桁数の多すぎる数がないこと）",
                      "body: the request body cannot be read (it must be UTF-8 JSON, without very deep "
                      "nesting or numbers with thousands of digits)", field="body")
