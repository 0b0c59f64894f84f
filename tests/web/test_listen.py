"""`zansai serve --workers N`: each worker listens on its own socket (web/listen.py), so a client's
connections opened together are shared out by the kernel instead of all landing on one worker."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

import pytest

from zansai.web import listen

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="SO_REUSEPORT balancing is Linux's")


def _reuse_port(sock: socket.socket) -> int:
    assert listen.REUSE_PORT is not None
    return sock.getsockopt(socket.SOL_SOCKET, listen.REUSE_PORT)


def _accepting(sock: socket.socket) -> int:
    return sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)


@linux_only
def test_the_parent_socket_holds_the_port_and_takes_no_connection() -> None:
    with listen.listener("127.0.0.1", 0) as parent:
        assert isinstance(parent, listen.WorkerSocket)
        assert _reuse_port(parent)
        assert not _accepting(parent)
        port = parent.getsockname()[1]
        with socket.socket() as other, pytest.raises(OSError, match="in use"):  # the port is held
            other.bind(("127.0.0.1", port))


@linux_only
def test_each_worker_unpickles_its_own_listener_on_the_same_port() -> None:
    """What uvicorn's supervisor does with the socket: pickle it into each worker it starts."""
    with listen.listener("127.0.0.1", 0) as parent:
        port = parent.getsockname()[1]
        data = bytes(ForkingPickler.dumps([parent]))
        workers = [ForkingPickler.loads(data)[0] for _ in range(2)]
        try:
            assert [w.getsockname() for w in workers] == [("127.0.0.1", port)] * 2
            assert len({w.fileno() for w in workers} | {parent.fileno()}) == 3  # three sockets
            assert all(_reuse_port(w) and not isinstance(w, listen.WorkerSocket) for w in workers)
            for w in workers:
                w.listen()
                w.setblocking(False)
            # Connections are shared out between the two (by address hash): each one is
            # accepted by exactly one of them, and none waits on the parent's socket.
            clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(32)]
            time.sleep(0.05)
            taken = []
            for w in workers:
                n = 0
                while True:
                    try:
                        conn, _ = w.accept()
                    except BlockingIOError:
                        break
                    conn.close()
                    n += 1
                taken.append(n)
            for c in clients:
                c.close()
            assert sum(taken) == 32
            assert min(taken) > 0  # 32 connections all to one socket: odds 2 in 4 billion
        finally:
            for w in workers:
                w.close()


def test_without_reuse_port_the_workers_share_one_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listen, "REUSE_PORT", None)
    with listen.listener("127.0.0.1", 0) as sock:
        assert type(sock) is socket.socket  # pickled as the very socket, as uvicorn does


@pytest.mark.slow
@linux_only
def test_two_workers_serve_the_api(tmp_path: Path) -> None:
    """`--workers 2` starts, answers the API from both workers' sockets and stops on SIGTERM."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "zansai", "serve", "--port", "0", "--workers", "2",
                             "--db", str(tmp_path / "c.db")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split()[1]
        answers = []
        deadline = time.monotonic() + 60
        while len(answers) < 20 and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "api/v1/health", timeout=5) as r:
                    answers.append(json.loads(r.read())["status"])
            except OSError:
                time.sleep(0.2)
        assert answers == ["ok"] * 20
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
    assert proc.returncode is not None
