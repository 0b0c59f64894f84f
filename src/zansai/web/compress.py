"""Gzip for the API's large JSON answers, when the client asks and the bytes cross a network.

A plan's JSON is about 440 kB; gzip (level 1) makes it about 113 kB in about 4 ms of the server's
CPU. On a phone's connection (10 Mbit/s) that is some 260 ms less to wait; on this machine's
loopback the 440 kB take a fraction of a millisecond, so a client on the same machine (a script,
a reverse proxy that compresses for itself) gets the plain bytes and the server keeps its 4 ms.
Level 1: higher levels save a few kB more for two to three times the CPU (level 6: 89 kB, 10 ms).
"""

from __future__ import annotations

import gzip
from functools import lru_cache

from starlette.requests import Request
from starlette.responses import Response

GZIP_LEVEL = 1
MIN_BYTES = 1400
"""About one TCP segment: a smaller answer arrives in one packet either way."""
VARY = {"vary": "Accept-Encoding"}


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip``, ``x-gzip`` or ``*``, q > 0)."""
    quality: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding:
            quality[coding] = q
    gz = quality.get("gzip", quality.get("x-gzip", quality.get("*", 0.0)))
    return gz > 0


def _loopback(host: str | None) -> bool:
    return host is not None and (host.startswith("127.") or host in ("::1", "localhost"))


def wants_gzip(request: Request) -> bool:
    """A client on another machine that accepts gzip."""
    client = request.client
    return not _loopback(client.host if client else None) \
        and accepts_gzip(request.headers.get("accept-encoding", ""))


@lru_cache(maxsize=32)
def gzipped(body: bytes) -> bytes:
    """``body`` compressed (kept for the same answer asked again: a cached plan's bytes are the
    same object each time, so finding them costs no second hash of 440 kB)."""
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def json_answer(body: bytes, request: Request) -> Response:
    """``body`` (JSON) as the answer, gzipped when the client on another machine accepts it; the
    decoded bytes are the same either way."""
    if len(body) >= MIN_BYTES and wants_gzip(request):
        return Response(gzipped(body), media_type="application/json",
                        headers={**VARY, "content-encoding": "gzip"})
    return Response(body, media_type="application/json", headers=VARY)
