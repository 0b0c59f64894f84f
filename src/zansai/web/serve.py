"""Starting the web app (``zansai serve``): settings, a free port, the sample cases, uvicorn.

The command line only parses its options and calls ``serve``. Everything here runs before the
first request, so a mistake (a busy port, a public address without a token) is one bilingual
line and nothing has been created yet.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import sys
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

from zansai.errors import InputError
from zansai.web.settings import Settings
from zansai.web.store import CaseStore, default_db_path


def serve(host: str, port: int, db_path: str | None, token: str | None, load: Sequence[str],
          workers: int) -> None:
    """Serve until Ctrl+C: in this process with one worker, else in ``workers`` processes that
    rebuild the app from the environment (``app_from_env``)."""
    path = Path(db_path) if db_path else default_db_path()
    csrf_secret = secrets.token_bytes(32)
    settings = Settings(db_path=path, host=host, port=port, token=token, csrf_secret=csrf_secret)
    settings = replace(settings, port=free_port(host, port))
    store = CaseStore(path)
    load_cases(store, load)
    _say(f"zansai: {settings.url}  (データベース / database: {path}, {len(store.list())} 件 / cases)")
    _say("停止するには Ctrl+C / press Ctrl+C to stop")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    import uvicorn

    from zansai.web.protocol import TimedProtocol  # headers within a deadline

    if workers == 1:
        from zansai.web.app import guarded
        from zansai.web.heap import settle_heap

        app = guarded(settings, store=store)
        settle_heap()
        uvicorn.run(app, host=host, port=settings.port, access_log=False,
                    log_level="warning", server_header=False, http=TimedProtocol)
        return
    os.environ.update(ZANSAI_DB=str(path), ZANSAI_HOST=host, ZANSAI_PORT=str(settings.port),
                      ZANSAI_CSRF_SECRET=csrf_secret.hex())
    if token:
        os.environ["ZANSAI_TOKEN"] = token
    from uvicorn.supervisors import Multiprocess

    from zansai.web.listen import listener  # each worker its own socket: connections shared out

    config = uvicorn.Config("zansai.web.app:app_from_env", factory=True, host=host, port=settings.port,
                            workers=workers, access_log=False, log_level="warning", server_header=False,
                            http=TimedProtocol)
    with suppress(KeyboardInterrupt):  # as uvicorn.run: Ctrl+C stops the workers, then returns
        Multiprocess(config, sockets=[listener(host, settings.port)]).run()


def free_port(host: str, port: int) -> int:
    """``port`` if it can be bound on ``host`` (any free port for 0), else an error naming --port."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
            return int(probe.getsockname()[1])
    except OSError as exc:
        raise InputError.invalid("--port", port, f"使われていないポートを指定してください（{exc.strerror}）",
                                 f"choose a port that is free ({exc.strerror})") from None


def load_cases(store: CaseStore, case_files: Sequence[str]) -> None:
    """Save each case file under its title (or file name) unless a case with that title is saved."""
    from zansai.case import read_case_file

    titles = {r.title for r in store.list()}
    for case_file in case_files:
        cf = read_case_file(case_file)
        title = cf.title or os.path.basename(case_file)
        if title not in titles:
            store.create(title, cf.model_dump(mode="json", exclude_unset=True))
            titles.add(title)


def _say(line: str) -> None:
    """One line on standard output, flushed at once (a caller may be waiting to read the URL)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
