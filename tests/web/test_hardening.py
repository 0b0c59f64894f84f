"""Issue 16, the web app: no 500 from a user's input, one error shape, and the guard's new checks.

Each test pins one fault found by the hostile-input run: a lone surrogate, a 5,000-digit amount,
an unreadable body, an unknown key on save, an unbounded title, a cross-site API call, a blank
token, a traceback in the access log, a stalled body, and the blank /api/docs page.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.test_security import EXAMPLES, SEED1, csrf_of, example

from zansai.errors import InputError
from zansai.web import forms
from zansai.web.app import create_app, guarded
from zansai.web.intake import TITLE_MAX
from zansai.web.security import Guard
from zansai.web.service import PlanCache
from zansai.web.settings import Settings

JSON = {"content-type": "application/json"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = guarded(Settings(db_path=tmp_path / "h.sqlite3"))
    with TestClient(app, base_url="http://127.0.0.1", follow_redirects=False,
                    raise_server_exceptions=False) as c:
        yield c


def bilingual(response: Any, status: int, field: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    # A prefix: the case parser may name the part of the value (loans[0].principal.int).
    assert error["field"] == field if field is None else str(error["field"]).startswith(field)
    assert error["message_ja"]
    assert error["message_en"]
    return error


def seed1(**change: Any) -> dict[str, Any]:
    data = example(SEED1)
    for path, value in change.items():
        *where, key = path.split("__")
        target: Any = data
        for part in where:
            target = target[int(part)] if part.isdigit() else target[part]
        target[key] = value
    return data


def raw(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=True).encode()  # keeps "\ud800" as an escape


BAD = {
    "surrogate title": ({"title": "a\ud800b"}, "title"),
    "surrogate appraisal": ({"valuation__appraisals__0__source": "\udfff"}, "valuation.appraisals[0].source"),
    "1e300 principal": ({"loans__0__principal": 1e300}, "loans[0].principal"),
    "years 0": ({"loans__0__years": 0}, "loans[0].years"),
    "years 9999": ({"loans__0__years": 9999}, "loans[0].years"),
    "5000 digits": ({"loans__0__principal": "9" * 5000}, "loans[0].principal"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_values_are_a_422_and_nothing_is_saved(client: TestClient, name: str) -> None:
    change, field = BAD[name]
    case = seed1(**change)
    bilingual(client.post("/api/v1/plan", content=raw(case), headers=JSON), 422, field)
    saved = client.post("/api/v1/cases", content=raw({"case": case}), headers=JSON)
    bilingual(saved, 422, field)
    assert client.post("/api/v1/validate", content=raw(case), headers=JSON).json()["ok"] is False
    # The import reads a JSON file the same way.
    files = {"file": ("case.json", raw(case), "application/json")}
    imported = client.post("/cases/import", data={"csrf_token": csrf_of(client)}, files=files)
    assert imported.status_code == 422
    assert client.get("/api/v1/cases").json() == []


@pytest.mark.parametrize(("field", "value"), [
    ("loans[0].principal", "9" * 5000), ("loans[0].principal", "1e300"),
    ("loans[0].years", "9" * 5000),
    ("loans[0].years", "1e300"), ("loans[0].years", "0"), ("loans[0].years", "9999")])
def test_the_form_refuses_what_the_api_refuses(client: TestClient, field: str, value: str) -> None:
    form = {**forms.form_values(example(SEED1)), field: value, "csrf_token": csrf_of(client)}
    response = client.post("/cases", data=form)
    assert response.status_code == 422
    assert client.get("/api/v1/cases").json() == []


def test_a_surrogate_in_a_saved_title_is_refused(client: TestClient) -> None:
    body = raw({"title": "\ud83d", "case": example(SEED1)})
    bilingual(client.post("/api/v1/cases", content=body, headers=JSON), 422, "title")


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b'{"title": "\xff\xfe"}',
                                  b'{"loans": [{"principal": ' + b"9" * 5000 + b"}]}"])
def test_an_unreadable_body_gets_the_bilingual_shape(client: TestClient, body: bytes) -> None:
    for path in ("/api/v1/plan", "/api/v1/cases"):
        error = bilingual(client.post(path, content=body, headers=JSON), 422, "body")
        assert "parsing" not in error["message_en"]


def test_saving_refuses_unknown_keys_like_plan(client: TestClient) -> None:
    body = {"title": "x", "case": example(SEED1), "casee": {}}
    bilingual(client.post("/api/v1/cases", json=body), 422, "casee")


def test_titles_are_bounded(client: TestClient) -> None:
    long = "長" * (TITLE_MAX + 1)
    bilingual(client.post("/api/v1/cases", json={"title": long, "case": example(SEED1)}), 422, "title")
    inner = client.post("/api/v1/cases", json={"case": {**example(SEED1), "title": long}})
    assert inner.status_code == 422
    longest = {"title": long[:TITLE_MAX], "case": example(SEED1)}
    assert client.post("/api/v1/cases", json=longest).status_code == 201


@pytest.mark.parametrize("headers", [{"origin": "https://evil.example"}, {"origin": "null"},
                                     {"origin": "http://127.0.0.1:9999"}, {"sec-fetch-site": "cross-site"}])
def test_a_foreign_page_cannot_change_cases(client: TestClient, headers: dict[str, str]) -> None:
    case_id = client.post("/api/v1/cases", json={"title": "mine", "case": example(SEED1)}).json()["id"]
    one = f"/api/v1/cases/{case_id}"
    changes = [("POST", f"{one}/duplicate"), ("DELETE", one), ("PUT", one), ("POST", "/api/v1/cases")]
    for method, path in changes:
        bilingual(client.request(method, path, headers=headers), 403, "origin")
    assert [c["title"] for c in client.get("/api/v1/cases").json()] == ["mine"]


def test_the_same_origin_and_plain_clients_may_change_cases(client: TestClient) -> None:
    case_id = client.post("/api/v1/cases", json={"title": "mine", "case": example(SEED1)}).json()["id"]
    same = client.post(f"/api/v1/cases/{case_id}/duplicate", headers={"origin": "http://127.0.0.1"})
    assert same.status_code == 201
    assert client.post(f"/api/v1/cases/{case_id}/duplicate").status_code == 201


@pytest.mark.parametrize("token", [" " * 16, "\t" * 20, "x" * 20, "abcdabcdabcdabcd", "short-Tok3n",
                                   "has a space in-it-0123", "semi;colon-Token-0123"])
def test_a_token_must_be_a_real_secret(tmp_path: Path, token: str) -> None:
    with pytest.raises(InputError) as err:
        Settings(db_path=tmp_path / "x.sqlite3", token=token)
    assert err.value.field == "--token"
    assert token not in err.value.message_ja + err.value.message_en


class Broken(PlanCache):
    def plan_json(self, *args: Any, **kw: Any) -> bytes:
        raise RuntimeError("secret detail of the defect")


def test_a_defect_is_logged_under_an_id_the_client_gets(tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(db_path=tmp_path / "b.sqlite3")
    app = Guard(create_app(settings, plans=Broken()), max_body_bytes=settings.max_body_bytes, token=None)
    with caplog.at_level(logging.INFO), TestClient(app, base_url="http://127.0.0.1") as c:
        response = c.post("/api/v1/plan", json=example(SEED1))
        assert c.get("/api/v1/health").status_code == 200  # the same client goes on
    error = bilingual(response, 500, None)
    error_id = error["error_id"]
    assert error_id in error["message_ja"]
    assert error_id in error["message_en"]
    assert "secret detail" not in response.text
    (fault,) = [r for r in caplog.records if r.name == "zansai.web.errors"]
    assert error_id in fault.getMessage()
    assert fault.exc_info is not None
    access = [r for r in caplog.records if r.name == "zansai.web" and "/api/v1/plan" in r.getMessage()]
    assert len(access) == 1
    assert error_id in access[0].getMessage()
    assert access[0].exc_info is None
    assert "secret detail" not in access[0].getMessage()


def test_a_stalled_body_is_answered_408() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not see a stalled request")

    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(60)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    guard = Guard(app, max_body_bytes=1000, token=None, body_timeout=0.05)
    scope = {"type": "http", "method": "POST", "path": "/api/v1/plan", "query_string": b"",
             "headers": [(b"host", b"127.0.0.1"), (b"content-length", b"500")]}
    # A loop of its own, in a thread: the browser tests may leave this thread's loop running.
    worker = threading.Thread(target=lambda: asyncio.run(asyncio.wait_for(guard(scope, receive, send), 5)))
    worker.start()
    worker.join(10)
    assert sent[0]["status"] == 408
    assert (b"connection", b"close") in sent[0]["headers"]
    assert json.loads(sent[1]["body"])["error"]["field"] == "body"


def test_no_blank_docs_page_but_the_openapi_document_stays(client: TestClient) -> None:
    assert client.get("/api/docs").status_code == 404
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "zansai"


def test_import_never_saves_a_case_it_cannot_plan(client: TestClient) -> None:
    data = example(SEED1)
    data["sale_date"] = "2026-11-30"  # before the calculation date 2026-12-01: builds, but cannot plan
    files = {"file": ("case.json", json.dumps(data).encode(), "application/json")}
    response = client.post("/cases/import", data={"csrf_token": csrf_of(client)}, files=files)
    assert response.status_code == 422
    assert client.get("/api/v1/cases").json() == []
    assert (EXAMPLES / SEED1).exists()


@pytest.fixture
def live_broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A real uvicorn server (the protocol ``zansai serve`` runs) whose plan always fails."""
    import threading

    import uvicorn

    from zansai.web import protocol

    monkeypatch.setattr(protocol, "HEADER_TIMEOUT", 0.5)
    settings = Settings(db_path=tmp_path / "live.sqlite3")
    app = Guard(create_app(settings, plans=Broken()), max_body_bytes=settings.max_body_bytes, token=None)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical", http=protocol.TimedProtocol,
                            lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.02)
    yield int(server.servers[0].sockets[0].getsockname()[1])
    server.should_exit = True
    thread.join(5)


def _exchange(sock: Any, request: bytes) -> bytes:
    sock.sendall(request)
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(4096)
    length = int(head.split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0])
    body = head.split(b"\r\n\r\n", 1)[1]
    while len(body) < length:
        body += sock.recv(4096)
    return head.split(b"\r\n", 1)[0]


def test_after_a_500_the_connection_stays_open(live_broken: int) -> None:
    import socket

    body = json.dumps(example(SEED1)).encode()
    plan = (b"POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    with socket.create_connection(("127.0.0.1", live_broken), timeout=10) as sock:
        assert _exchange(sock, plan) == b"HTTP/1.1 500 Internal Server Error"
        health = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        assert _exchange(sock, health) == b"HTTP/1.1 200 OK"


def test_headers_that_stall_are_cut_off(live_broken: int) -> None:
    import socket
    import time

    with socket.create_connection(("127.0.0.1", live_broken), timeout=10) as sock:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and no blank line
        start = time.monotonic()
        assert sock.recv(100) == b""  # closed by the server
        assert time.monotonic() - start < 5


def test_other_refusals_of_the_framework_are_bilingual(client: TestClient) -> None:
    bilingual(client.get("/api/v1/plan"), 405, None)  # POST only
    files = {"file": ("a" * 5000 + ".toml", (EXAMPLES / SEED1).read_bytes(), "text/plain")}
    page = client.post("/cases/import", data={"csrf_token": csrf_of(client)}, files=files)
    assert page.status_code == 400
    assert "送信された内容を読めません" in page.text
    assert "JSON" not in page.text
