"""Headless Chromium driven over the DevTools protocol (CDP): the web app's warm browser and the CLI's
one-shot print.

Starting Chromium costs most of a one-shot ``--print-to-pdf`` (about a second), and so does the first
page a new renderer lays out (it loads the CJK fonts). So the web app keeps one browser and one tab
running and prints every report in that tab: the report's HTML goes in with
``Page.setDocumentContent`` (no temporary file, no navigation: the report is self-contained, so
there is nothing to fetch or wait for), then ``document.fonts.ready``, then ``Page.printToPDF`` with
the options ``--print-to-pdf`` uses (the report's own CSS ``@page`` sets A4 and the margins;
backgrounds printed; no browser header or footer; a tagged PDF for screen readers). The CLI starts
its browser and tab in a thread while it plans and renders the report (OneShotPrinter), prints once
and ends it.

The protocol runs over ``--remote-debugging-pipe`` (file descriptors 3 and 4, messages ending in a
NUL byte): no port another local user could reach, no websocket library, and the browser quits by
itself when its parent dies and the pipe closes. One lock serializes the app's reports (a 2-core
machine). A browser that dies is restarted once, then the one-shot subprocess (``report/chromium.py``) takes
over; a browser that hangs is killed (the next report gets a new one) and the report fails with the
same time-out message as the subprocess.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import fcntl
import hashlib
import json
import os
import select
import signal
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from zansai.report.chromium import FLAGS, find_chromium, print_subprocess, profile_dir, timed_out

# The options ``chromium --headless --print-to-pdf --no-pdf-header-footer`` prints with.
PRINT_OPTIONS = {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False}
_CLOSE_GRACE = 2.0  # seconds Chromium gets to quit on Browser.close before its group is killed
_TAB_PRINTS = 50  # reports one tab prints before a fresh one replaces it (bounds a renderer's memory)
_CACHED_PDFS = 8  # the app's last PDFs, by their HTML: a second download of a report is free
# A first print in a new tab loads the CJK fonts and starts Chromium's print pipeline: about half a
# CPU-second. The CLI's browser prints this line (the fonts of report/static/style.css: regular,
# bold, monospace, and SVG text) while Python plans, so the report's own print does not pay for it.
WARM_UP = ('<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>@page { size: A4 }'
           ' body { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif }'
           ' code { font-family: "Noto Sans Mono CJK JP", monospace }</style></head>'
           '<body><p>残債 1,234円 <b>残債 1,234円</b> <code>1,234</code></p>'
           '<svg width="40" height="12"><text x="0" y="10" font-size="10">残債</text></svg></body></html>')


class BrowserGoneError(Exception):
    """The browser died, closed its pipe or answered with a protocol error."""


class _HangError(Exception):
    """The browser did not answer in time."""


class Browser:
    """One headless Chromium process and its DevTools pipe."""

    def __init__(self, exe: str) -> None:
        self.profile = profile_dir()
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
        self._next_id = 0
        self._tab: tuple[str, str, str] | None = None  # target, session and frame ids
        self._tab_prints = 0
        self.prints = 0  # documents printed, the warm-up included
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

    def open_tab(self, deadline: float) -> None:
        """Open the tab the reports print in (its renderer, fonts loaded, stays warm between them)."""
        if self._tab is not None and self._tab_prints < _TAB_PRINTS:
            return
        self.close_tab(deadline)
        target = self.call("Target.createTarget", {"url": "about:blank"}, deadline=deadline)["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                            deadline=deadline)["sessionId"]
        tree = self.call("Page.getFrameTree", session=session, deadline=deadline)
        self._tab, self._tab_prints = (target, session, tree["frameTree"]["frame"]["id"]), 0

    @property
    def tab(self) -> str | None:
        """The DevTools target id of the warm tab, if one is open."""
        return self._tab[0] if self._tab is not None else None

    def close_tab(self, deadline: float) -> None:
        tab, self._tab = self._tab, None
        if tab is not None:
            self.call("Target.closeTarget", {"targetId": tab[0]}, deadline=deadline)

    def print_html(self, html: str, deadline: float) -> bytes:
        """The PDF of the self-contained document ``html``, printed in the warm tab."""
        self.open_tab(deadline)
        assert self._tab is not None
        _, session, frame = self._tab
        self._tab_prints += 1
        self.prints += 1
        self.call("Page.setDocumentContent", {"frameId": frame, "html": html}, session=session,
                  deadline=deadline)
        self.call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)",
                                       "awaitPromise": True}, session=session, deadline=deadline)
        data = self.call("Page.printToPDF", PRINT_OPTIONS, session=session, deadline=deadline)["data"]
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
        self._cache: OrderedDict[bytes, bytes] = OrderedDict()
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        """The running browser's process id (None before the first report and after close)."""
        browser = self._browser
        return browser.pid if browser and browser.alive() else None

    @property
    def tab(self) -> str | None:
        """The DevTools id of the tab the reports print in (None when there is none)."""
        browser = self._browser
        return browser.tab if browser is not None else None

    def print_pdf(self, html: str, target: Path) -> bytes:
        """The PDF bytes of ``html`` (``target`` names the file in an error message); the same HTML
        again (a second download of the same report) is answered from memory."""
        key = hashlib.sha256(html.encode()).digest()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            data = self._print(html, target)
            self._cache[key] = data
            if len(self._cache) > _CACHED_PDFS:
                self._cache.popitem(last=False)
            return data

    def _print(self, html: str, target: Path) -> bytes:
        deadline = time.monotonic() + self.timeout
        for attempt in range(2):
            try:
                data = self._ready().print_html(html, deadline)
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
        left = max(deadline - time.monotonic(), 1.0)  # the one-shot subprocess
        return print_subprocess(html, target, chromium=self.chromium, timeout=left)

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


class OneShotPrinter:
    """The CLI's printer: the browser and its tab start in a thread as soon as it is made, while the
    caller plans and renders the report, then print one PDF; the browser is ended after it (or when
    the ``with`` block is left without a print). A browser that fails over the pipe falls back to
    the ``--print-to-pdf`` subprocess."""

    def __init__(self, chromium: str, timeout: float = 60) -> None:
        self.chromium, self.timeout = chromium, timeout
        self._deadline = time.monotonic() + timeout
        self._browser: Browser | None = None
        self._failure: Exception | None = None
        self._thread = threading.Thread(target=self._start, name="zansai-chromium", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            self._browser = Browser(self.chromium)
            self._browser.print_html(WARM_UP, self._deadline)
        except (BrowserGoneError, _HangError, OSError, KeyError, ValueError) as exc:
            self._failure = exc

    def print_pdf(self, html: str, target: Path) -> bytes:
        """The PDF bytes of ``html`` (``target`` names the file in an error message)."""
        self._thread.join()
        try:
            data = b""
            if isinstance(self._failure, _HangError):
                raise timed_out(target, self.timeout)
            if self._browser is not None and self._failure is None:
                with contextlib.suppress(BrowserGoneError, OSError, KeyError, ValueError):
                    data = self._browser.print_html(html, self._deadline)
            if data.startswith(b"%PDF-"):
                return data
        except _HangError:
            raise timed_out(target, self.timeout) from None
        finally:
            self.close()
        left = max(self._deadline - time.monotonic(), 1.0)
        return print_subprocess(html, target, chromium=self.chromium, timeout=left)

    def close(self) -> None:
        """End the browser and its helpers at once (nothing of a one-shot profile is worth keeping);
        a browser still starting is killed first, which ends the thread waiting on its pipe."""
        browser = self._browser
        if browser is not None and self._thread.is_alive():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(browser.pid, signal.SIGKILL)
        self._thread.join()
        if self._browser is not None:
            self._browser.kill()

    def __enter__(self) -> OneShotPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _pipe() -> tuple[int, int]:
    """A pipe whose ends sit above the descriptors the child needs (3 and 4), close-on-exec."""
    ends = []
    for fd in os.pipe():
        ends.append(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10))
        os.close(fd)
    return ends[0], ends[1]

