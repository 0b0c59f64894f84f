"""A warm headless Chromium for the web app's PDFs, driven over the DevTools protocol (CDP).

Starting Chromium costs most of a one-shot ``--print-to-pdf`` (about a second), so the web app keeps
one browser running and prints each report in a fresh tab: open a target, load the report from a
temporary file, wait for its fonts, ``Page.printToPDF`` with the options ``--print-to-pdf`` uses
(the report's own CSS ``@page`` sets A4 and the margins; backgrounds printed; no browser header or
footer), close the target.

The protocol runs over ``--remote-debugging-pipe`` (file descriptors 3 and 4, messages ending in a
NUL byte): no port another local user could reach, no websocket library, and the browser quits by
itself when the app dies and the pipe closes. One lock serializes the reports (a 2-core machine).
A browser that dies is restarted once, then the one-shot subprocess (``report.pdf``) takes over; a
browser that hangs is killed (the next report gets a new one) and the report fails with the same
time-out message as the subprocess.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import fcntl
import json
import os
import select
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from zansai.report.pdf import FLAGS, find_chromium, print_pdf, timed_out

# The options ``chromium --headless --print-to-pdf --no-pdf-header-footer`` prints with.
PRINT_OPTIONS = {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False}
_CLOSE_GRACE = 2.0  # seconds Chromium gets to quit on Browser.close before its group is killed


class BrowserGoneError(Exception):
    """The browser died, closed its pipe or answered with a protocol error."""


class _HangError(Exception):
    """The browser did not answer in time."""


class Browser:
    """One headless Chromium process and its DevTools pipe."""

    def __init__(self, exe: str) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="zansai-chromium-", ignore_cleanup_errors=True)
        to_browser_r, self._to_browser = _pipe()
        self._from_browser, from_browser_w = _pipe()
        null = os.devnull
        actions = [(os.POSIX_SPAWN_OPEN, 0, null, os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 1, null, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 2, null, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_DUP2, to_browser_r, 3),
                   (os.POSIX_SPAWN_DUP2, from_browser_w, 4)]
        # --no-startup-window: with a first tab (about:blank) the new tabs' renderers died at once
        argv = [exe, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self.profile.name}",
                "--no-startup-window"]
        try:  # its own session: the group ends with it (zygote, renderers, GPU process)
            self.pid = os.posix_spawn(exe, argv, dict(os.environ), file_actions=actions, setsid=True,
                                        setsigdef=(signal.SIGPIPE, signal.SIGXFSZ))
        except OSError:
            for fd in (self._to_browser, self._from_browser):
                os.close(fd)
            self.profile.cleanup()
            raise
        finally:
            os.close(to_browser_r)
            os.close(from_browser_w)
        self._buffer = b""
        self._events: list[dict[str, Any]] = []  # events that came while a command waited
        self._next_id = 0
        self.closed = False

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None,
             deadline: float) -> dict[str, Any]:
        """Send one command and return its result (events that arrive meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserGoneError(f"{method}: {reply['error'].get('message', reply['error'])}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self._events.append(reply)

    def wait_event(self, method: str, session: str, deadline: float) -> None:
        """Wait for the event ``method`` of ``session`` (it may have come already)."""
        def wanted(event: dict[str, Any]) -> bool:
            return event.get("method") == method and event.get("sessionId") == session

        if any(wanted(event) for event in self._events):
            self._events.clear()
            return
        self._events.clear()
        while not wanted(self._receive(deadline)):
            pass

    def print_pdf(self, page: Path, deadline: float) -> bytes:
        """The PDF of the HTML file ``page``, printed in a new tab that is closed afterwards."""
        target = self.call("Target.createTarget", {"url": "about:blank"}, deadline=deadline)["targetId"]
        try:
            session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                deadline=deadline)["sessionId"]
            self.call("Page.enable", session=session, deadline=deadline)
            self.call("Page.navigate", {"url": page.as_uri()}, session=session, deadline=deadline)
            self.wait_event("Page.loadEventFired", session, deadline)
            self.call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)",
                                           "awaitPromise": True}, session=session, deadline=deadline)
            data = self.call("Page.printToPDF", PRINT_OPTIONS, session=session, deadline=deadline)["data"]
        finally:
            with contextlib.suppress(BrowserGoneError, _HangError, OSError):  # then the browser is dropped
                self.call("Target.closeTarget", {"targetId": target}, deadline=deadline)
        return base64.b64decode(data)

    def alive(self) -> bool:
        if self.closed:
            return False
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            done = self.pid
        if done:
            self._reap()
        return not done

    def close(self) -> None:
        """Ask the browser to quit, then end its whole process group and reap it (no zombies)."""
        if self.closed:
            return
        try:
            if self.alive():
                self.call("Browser.close", deadline=time.monotonic() + _CLOSE_GRACE)
        except (BrowserGoneError, _HangError, OSError):
            pass
        end = time.monotonic() + _CLOSE_GRACE
        while self.alive() and time.monotonic() < end:
            time.sleep(0.02)
        self._reap()

    def kill(self) -> None:
        """End a dead or hung browser at once, with its process group."""
        self._reap()

    def _reap(self) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)  # helpers that outlive the browser process
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)
        self.profile.cleanup()

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._to_browser, data):]
        except OSError as exc:  # EPIPE: the browser is gone
            raise BrowserGoneError(str(exc)) from exc

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise _HangError
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserGoneError("the DevTools pipe closed")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed


class WarmPrinter:
    """The web app's PDF printer: one browser, started on the first report, shut down with the app."""

    def __init__(self, chromium: str | None = None, timeout: float = 60) -> None:
        self.chromium, self.timeout = chromium, timeout
        self._browser: Browser | None = None
        self._lock = threading.Lock()
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        """The running browser's process id (None before the first report and after close)."""
        browser = self._browser
        return browser.pid if browser and browser.alive() else None

    def print_pdf(self, html: str, target: Path) -> bytes:
        """The PDF bytes of ``html`` (``target`` names the file in an error message)."""
        with self._lock, tempfile.TemporaryDirectory(prefix="zansai-pdf-", ignore_cleanup_errors=True) as tmp:
            page = Path(tmp) / "report.html"
            page.write_text(html, encoding="utf-8")
            deadline = time.monotonic() + self.timeout
            for attempt in range(2):
                try:
                    data = self._ready().print_pdf(page, deadline)
                except _HangError:
                    self._drop()  # the next report starts a new browser
                    raise timed_out(target, self.timeout) from None
                except (BrowserGoneError, OSError, KeyError, ValueError):
                    self._drop()
                    if attempt == 0:
                        self.restarts += 1
                        continue
                    break
                if data.startswith(b"%PDF-"):
                    return data
                self._drop()
                break
        left = max(deadline - time.monotonic(), 1.0)  # the one-shot subprocess, as the CLI prints
        return print_pdf(html, target, chromium=self.chromium, timeout=left)

    def close(self) -> None:
        """Stop the browser (the app's shutdown); the next report would start a new one."""
        with self._lock:
            self._drop(graceful=True)

    def _ready(self) -> Browser:
        if self._browser is None or not self._browser.alive():
            self._drop()
            self.chromium = self.chromium or find_chromium()
            try:
                self._browser = Browser(self.chromium)
            except OSError as exc:
                raise BrowserGoneError(str(exc)) from exc
            atexit.register(self.close)  # an app stopped without its lifespan (a bare TestClient)
        return self._browser

    def _drop(self, *, graceful: bool = False) -> None:
        browser, self._browser = self._browser, None
        if browser is not None:
            browser.close() if graceful else browser.kill()
            atexit.unregister(self.close)


def _pipe() -> tuple[int, int]:
    """A pipe whose ends sit above the descriptors the child needs (3 and 4), close-on-exec."""
    ends = []
    for fd in os.pipe():
        ends.append(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10))
        os.close(fd)
    return ends[0], ends[1]

