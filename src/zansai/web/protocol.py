"""The HTTP protocol ``zansai serve`` runs: uvicorn's, with a deadline for a request's headers.

uvicorn closes a connection that stays idle between requests (``timeout_keep_alive``), but a
client that sends its headers a byte at a time, or opens a connection and sends nothing, holds
it for ever. Here the headers of each request must be complete within ``HEADER_TIMEOUT``
seconds of the connection opening or the last response; the body has its own deadline in the
guard (security.BODY_TIMEOUT).
"""

from __future__ import annotations

import asyncio
from typing import Any

try:  # what uvicorn's "auto" picks
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Fastest
except ImportError:  # pragma: no cover - without httptools
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Fastest  # type: ignore[assignment]

HEADER_TIMEOUT = 10.0
"""Seconds a client may take to send a request's headers."""


class _HeaderDeadline:
    """Close the connection when no request has arrived ``HEADER_TIMEOUT`` seconds after it
    opened or after the last response (uvicorn's protocols set ``cycle`` once headers are read)."""

    cycle: Any
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arm_header_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._arm_header_deadline()

    def _arm_header_deadline(self) -> None:
        waiting_after = self.cycle

        def expire() -> None:
            if self.cycle is waiting_after and not self.transport.is_closing():
                self.transport.close()

        self.loop.call_later(HEADER_TIMEOUT, expire)


class TimedProtocol(_HeaderDeadline, _Fastest):
    """The protocol uvicorn would pick (httptools when installed, else h11), with the deadline."""
