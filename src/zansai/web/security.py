"""Access token, CSRF, body size limit and response headers.

Case data is sensitive (income, debts, a divorce), so the app is closed by default: loopback
only unless a token is configured, no request body above the limit, forms carry a CSRF token,
and the pages may load nothing from another host (Content-Security-Policy).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import FormData, Headers
from starlette.requests import Request

from zansai.web.failures import ERROR_ID, new_error_id, server_fault

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("zansai.web")
errors_log = logging.getLogger("zansai.web.errors")

TOKEN_COOKIE = "zansai_token"
CSRF_COOKIE = "zansai_csrf"
CSRF_FIELD = "csrf_token"

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'")
"""Nothing from another host. Inline styles are allowed for the SVG charts' own <style>."""

BODY_TIMEOUT = 30.0
"""Seconds a request may take to send its whole body (a case file is a few kilobytes)."""

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UPLOAD_MAX_BYTES = 50_000_000
"""The largest data file a form uploads (a prefecture's MLIT CSV of a few years is about this
size; larger files are imported with ``zansai comps import``)."""
UPLOAD_PATHS = frozenset({"/comps/import"})
"""Forms that upload a data file (a downloaded MLIT CSV): their body may reach ``upload_bytes``."""
"""The methods that change something (RFC 9110 §9.2.1: the others are safe)."""

SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


def _hostname(host: str) -> str:
    """The name in a Host header, without the port ("[::1]:8000" → "::1")."""
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def loopback_hosts(extra: str | None = None) -> frozenset[str]:
    names = {"127.0.0.1", "localhost", "::1"}
    if extra:
        names.add(extra)
    return frozenset(names)


class CsrfError(Exception):
    """A form arrived without the token its page was given."""


async def _reply(send: Send, status: int, body: bytes, content_type: bytes = b"application/json",
                 extra: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS, *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


def _error_json(field: str | None, ja: str, en: str) -> bytes:
    return json.dumps({"error": {"field": field, "message_ja": ja, "message_en": en}},
                      ensure_ascii=False).encode()


class Guard:
    """ASGI middleware: body size limit, the access token, and security headers on every response."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, token: str | None,
                 allowed_hosts: frozenset[str] | None = None, body_timeout: float = BODY_TIMEOUT,
                 upload_bytes: int = UPLOAD_MAX_BYTES) -> None:
        self.app = app
        self.body_timeout = body_timeout
        self.max_body = max_body_bytes
        self.upload_bytes = upload_bytes
        self.token = token
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        how = self._authorized(scope, headers) if self.token is not None else "open"
        refusal = self._refusal(headers, how, self._limit(scope)) or self._cross_site(scope, headers)
        if refusal is not None:
            await _reply(send, *refusal)
            return
        body = await self._read_body(receive, send, self._limit(scope))
        if body is None:
            return
        await self._serve(scope, _replay(body, receive), send, set_cookie=how == "query")

    def _limit(self, scope: Scope) -> int:
        """The largest body this request may send: a data file's upload form takes more."""
        if scope.get("method") == "POST" and scope.get("path") in UPLOAD_PATHS:
            return max(self.max_body, self.upload_bytes)
        return self.max_body

    def _refusal(self, headers: Headers, how: str, limit: int) -> tuple[int, bytes] | None:
        """The status and body that refuse this request before it is read, or None to go on."""
        if self.token is None and self.allowed_hosts is not None \
                and _hostname(headers.get("host", "")) not in self.allowed_hosts:
            # Without a token only this machine's own names are served: a page on another site
            # that re-points its DNS name at 127.0.0.1 (DNS rebinding) cannot read the cases.
            return 421, _error_json("host", "このアドレス名では応答しません（127.0.0.1 で開いてください）",
                                    "this host name is not served (open the app at 127.0.0.1)")
        if not how:
            return 401, _error_json(
                "token", "アクセストークンが必要です（Authorization: Bearer … または ?token=…）",
                "an access token is required (Authorization: Bearer … or ?token=…)")
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return 413, self._too_large(limit)
        return None

    def _cross_site(self, scope: Scope, headers: Headers) -> tuple[int, bytes] | None:
        """403 for a state-changing API call sent by a page of another site.

        Without a token the API trusts the machine, so a page elsewhere must not drive it from
        the user's browser (a plain cross-site POST needs no preflight). The forms have their CSRF
        token; the API has the browser's Origin (and Sec-Fetch-Site): another site, or the opaque
        "null" of a sandboxed frame, is refused. A client that is not a browser sends neither."""
        if self.token is not None or scope.get("method") not in UNSAFE_METHODS \
                or not str(scope.get("path", "")).startswith("/api/"):
            return None
        origin = headers.get("origin")
        foreign = headers.get("sec-fetch-site", "") == "cross-site"
        if origin is not None:
            from urllib.parse import urlsplit

            foreign = foreign or origin == "null" or urlsplit(origin).netloc != headers.get("host", "")
        if not foreign:
            return None
        return 403, _error_json("origin", "別のサイトのページからは変更できません",
                                "a page of another site cannot change anything here")

    async def _read_body(self, receive: Receive, send: Send, limit: int) -> bytes | None:
        """The whole body, or None once a 413 was sent or the client went away.

        Read before the app sees it: a chunked upload has no Content-Length to check, and refusing
        it half-way through the app would surface as a 400 or a 500, not a 413."""
        body = bytearray()
        deadline = time.monotonic() + self.body_timeout
        while True:
            try:
                async with asyncio.timeout(max(deadline - time.monotonic(), 0)):
                    message = await receive()
            except TimeoutError:  # a body promised and not sent: do not hold the worker
                await _reply(send, 408, _error_json(
                    "body", f"送信データが {self.body_timeout:g} 秒以内に届きませんでした",
                    f"the request body did not arrive within {self.body_timeout:g} seconds"),
                    extra=[(b"connection", b"close")])
                return None
            if message["type"] != "http.request":  # the client went away
                return None
            body += message.get("body", b"")
            if len(body) > limit:
                await _reply(send, 413, self._too_large(limit))
                return None
            if not message.get("more_body", False):
                return bytes(body)

    async def _serve(self, scope: Scope, receive: Receive, send: Send, *, set_cookie: bool) -> None:
        """Run the app with the security headers (and the token cookie) added, and log the request."""
        status = 0

        async def with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *[(k, v) for k, v in SECURITY_HEADERS if k not in names]]
                if set_cookie and self.token is not None:
                    message["headers"].append((b"set-cookie", (
                        f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/").encode()))
            await send(message)

        start = time.perf_counter()
        try:
            await self.app(scope, receive, with_headers)
        except Exception as exc:
            # The app's handler answered 500 and logged the traceback (web/failures.py); it is not
            # passed on, so the server keeps the connection alive and logs no traceback of its own.
            if ERROR_ID not in scope:
                scope[ERROR_ID] = new_error_id()
                errors_log.error("error %s", scope[ERROR_ID], exc_info=exc)
            if not status:
                status = 500
                await _reply(send, 500, _error_json(None, *server_fault(scope[ERROR_ID]).detail()))
        finally:
            # Method, route template and status only: no query string, id or body (privacy).
            route = getattr(scope.get("route"), "path", "-")
            error = f" error {scope[ERROR_ID]}" if ERROR_ID in scope else ""
            log.info("%s %s %d %.1fms%s", scope.get("method", "-"), route, status,
                     (time.perf_counter() - start) * 1000, error)

    def _too_large(self, limit: int) -> bytes:
        mb = limit // 1000
        return _error_json("body", f"送信データが大きすぎます（上限 {mb:,} KB）",
                           f"the request body is too large (limit {mb:,} kB)")

    def _authorized(self, scope: Scope, headers: Headers) -> str:
        """How the request proved it has the token ("header", "cookie", "query"), or ""."""
        assert self.token is not None
        offered: list[tuple[str, str]] = []
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            offered.append(("header", auth[7:].strip()))
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == TOKEN_COOKIE:
                offered.append(("cookie", value))
        query = scope.get("query_string", b"").decode("latin-1")
        for pair in query.split("&"):
            name, _, value = pair.partition("=")
            if name == "token":
                from urllib.parse import unquote

                offered.append(("query", unquote(value)))
        expected = self.token.encode()
        for how, value in offered:
            if hmac.compare_digest(value.encode(), expected):
                return how
        return ""


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_digest(token: str, secret: bytes) -> str:
    """The value a form must echo: bound to this server's secret and the browser's cookie."""
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()


def check_csrf(request: Request, form: FormData, secret: bytes) -> None:
    """Double-submit check: the form's token must match the browser's CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = form.get(CSRF_FIELD)
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(sent, csrf_digest(cookie, secret)):
        raise CsrfError
    origin = request.headers.get("origin")
    if origin and origin != "null":
        from urllib.parse import urlsplit

        if urlsplit(origin).netloc != request.headers.get("host", ""):
            raise CsrfError


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read once, then whatever the client sends."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
