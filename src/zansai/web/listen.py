"""One listening socket per worker (``zansai serve --workers N``), so the kernel shares out connections.

uvicorn's supervisor binds one socket and every worker accepts from it. Whichever worker wakes
first takes every pending connection at once, and a client that opens its keep-alive connections
together (a proxy, a load generator, a browser's six) lands them all on one worker: measured, wrk's
8 connections went 8/0 in about a third of the runs, leaving the other core idle for the whole run.
Here each worker binds its own socket on the same address with ``SO_REUSEPORT`` (Linux), and the
kernel hands every new connection to one of them by its address hash.

The supervisor passes its sockets to the workers by pickling them; ``WorkerSocket`` pickles as
"bind a socket like me", so a worker (a restarted one too) gets its own. Where ``SO_REUSEPORT`` is
missing, ``listener()`` gives the shared socket uvicorn would have bound.
"""

from __future__ import annotations

import socket
from typing import Any

REUSE_PORT = getattr(socket, "SO_REUSEPORT", None)


def _bound(host: str, port: int, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto set: an accepted socket then reports TCP, and asyncio turns Nagle off on it.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port and REUSE_PORT is not None:
            sock.setsockopt(socket.SOL_SOCKET, REUSE_PORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class WorkerSocket(socket.socket):
    """The parent's placeholder (bound, never listening, so it is given no connection); unpickled
    in a worker it is a new socket bound to the same address, the worker's own listener."""

    def __reduce__(self) -> tuple[Any, ...]:
        host, port = self.getsockname()[:2]
        return worker_listener, (host, port)


def worker_listener(host: str, port: int) -> socket.socket:
    """A worker's own socket on ``host:port``, in the ``SO_REUSEPORT`` group."""
    return _bound(host, port, reuse_port=True)


def listener(host: str, port: int) -> socket.socket:
    """The socket to give uvicorn's supervisor: a ``WorkerSocket`` where the kernel balances
    ``SO_REUSEPORT`` groups (Linux), else one socket that every worker shares."""
    if REUSE_PORT is None or not _balances():
        return _bound(host, port, reuse_port=False)
    plain = _bound(host, port, reuse_port=True)
    try:
        return WorkerSocket(plain.family, plain.type, plain.proto, fileno=plain.detach())
    finally:
        plain.close()


def _balances() -> bool:
    """Whether this system spreads a ``SO_REUSEPORT`` group's connections (Linux does; BSDs and
    macOS give them all to one socket, so sharing one is better there)."""
    import sys

    return sys.platform.startswith("linux")
