"""The app is closed by default: the access token, the body limit, CSRF, headers and a quiet log.

Case data is a household's income, debts and perhaps a divorce, so (src/zansai/web/security.py):
loopback only unless a token is set, every request carries the token when one is set, no body
above the limit, every form echoes the CSRF token of its page, the pages load nothing from another
host, and the access log carries no case data, query string or case id.
"""

from __future__ import annotations

import gc
import json
import logging
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.errors import InputError
from zansai.web import forms
from zansai.web.app import guarded
from zansai.web.security import CSRF_COOKIE, TOKEN_COOKIE
from zansai.web.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES = sorted(p.name for p in EXAMPLES.glob("*.toml") if "property" in tomllib.loads(p.read_text("utf-8")))
SEED1 = "seed1-short-sale.toml"
TOKEN = "tok-3f9A7c2e-Q81z"
JSON = {"content-type": "application/json"}
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrf_token" value="([0-9a-f]{64})">')


def example(name: str) -> dict[str, Any]:
    with (EXAMPLES / name).open("rb") as f:
        data: dict[str, Any] = json.loads(json.dumps(tomllib.load(f), default=str))
    return data


def csrf_of(client: TestClient, path: str = "/cases/new") -> str:
    """The token a page hands its forms (the client keeps the page's CSRF cookie)."""
    page = client.get(path)
    assert page.status_code == 200
    tokens = set(CSRF_INPUT.findall(page.text))
    assert len(tokens) == 1, tokens
    token: str = tokens.pop()
    return token


def case_ids(client: TestClient) -> list[str]:
    return [c["id"] for c in client.get("/api/v1/cases").json()]


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("security")


@pytest.fixture(scope="module")
def open_app(tmp: Path) -> Any:
    return guarded(Settings(db_path=tmp / "open.sqlite3"))


@pytest.fixture
def client(open_app: Any) -> Iterator[TestClient]:
    """A browser of its own (fresh cookie jar) on the shared loopback app without a token."""
    with TestClient(open_app, base_url="http://127.0.0.1", follow_redirects=False) as c:
        yield c


@pytest.fixture(scope="module")
def token_app(tmp: Path) -> Any:
    return guarded(Settings(db_path=tmp / "token.sqlite3", token=TOKEN))


@pytest.fixture(scope="module")
def saved(open_app: Any) -> dict[str, str]:
    """Every example case saved once: name → id."""
    with TestClient(open_app, base_url="http://127.0.0.1") as c:
        ids: dict[str, str] = {
            name: c.post("/api/v1/cases", json={"title": name, "case": example(name)}).json()["id"]
            for name in CASES}
    return ids


# --- Settings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.com"])
def test_other_hosts_need_a_token(tmp: Path, host: str) -> None:
    with pytest.raises(InputError) as err:
        Settings(db_path=tmp / "x.sqlite3", host=host)
    assert err.value.field == "--host"
    assert "ZANSAI_TOKEN" in err.value.message_ja
    assert "ZANSAI_TOKEN" in err.value.message_en
    assert Settings(db_path=tmp / "x.sqlite3", host=host, token=TOKEN).token == TOKEN


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_needs_no_token(tmp: Path, host: str) -> None:
    assert Settings(db_path=tmp / "x.sqlite3", host=host).token is None


def test_short_token_is_refused(tmp: Path) -> None:
    secret = "s" * 15
    with pytest.raises(InputError) as err:
        Settings(db_path=tmp / "x.sqlite3", token=secret)
    assert err.value.field == "--token"
    assert secret not in err.value.message_ja + err.value.message_en
    assert "16" in err.value.message_ja
    assert "16" in err.value.message_en
    assert Settings(db_path=tmp / "x.sqlite3", token="s3cret-Token-016").token == "s3cret-Token-016"


# --- the access token ----------------------------------------------------------------------------

PROTECTED = [("GET", "/"), ("GET", "/cases/new"), ("GET", "/rules"), ("GET", "/api/v1/cases"),
             ("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/health"), ("GET", "/api/docs"),
             ("GET", "/static/style.css"), ("GET", "/static/app.js"), ("GET", "/no/such/page"),
             ("POST", "/api/v1/validate"), ("POST", "/cases")]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_path_needs_the_token(token_app: Any, method: str, path: str) -> None:
    with TestClient(token_app, base_url="http://127.0.0.1", follow_redirects=False) as c:
        denied = c.request(method, path)
        assert denied.status_code == 401
        assert denied.json() == {"error": {
            "field": "token",
            "message_ja": "アクセストークンが必要です（Authorization: Bearer … または ?token=…）",
            "message_en": "an access token is required (Authorization: Bearer … or ?token=…)"}}
        assert denied.headers["x-content-type-options"] == "nosniff"
        assert "set-cookie" not in denied.headers
        for wrong in ("y" * 20, TOKEN[:-1], TOKEN + "x", ""):
            assert c.request(method, path, headers={"Authorization": f"Bearer {wrong}"}).status_code == 401
            assert c.request(method, path, params={"token": wrong}).status_code == 401
            assert c.request(method, path, headers={"Cookie": f"{TOKEN_COOKIE}={wrong}"}).status_code == 401
        allowed = c.request(method, path, headers={"Authorization": f"Bearer {TOKEN}"})
        assert allowed.status_code != 401
        assert "set-cookie" not in allowed.headers or TOKEN not in allowed.headers["set-cookie"]


@pytest.mark.parametrize("path", ["/", "/static/style.css", "/api/v1/cases", "/api/v1/health"])
def test_bearer_token_opens_every_kind_of_path(token_app: Any, path: str) -> None:
    with TestClient(token_app, base_url="http://127.0.0.1") as c:
        assert c.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get(path, headers={"Authorization": f"bearer {TOKEN}"}).status_code == 200


def test_query_token_sets_a_strict_cookie_that_works_alone(token_app: Any) -> None:
    with TestClient(token_app, base_url="http://127.0.0.1") as first:
        response = first.get("/", params={"token": TOKEN})
        assert response.status_code == 200
        cookies = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{TOKEN_COOKIE}=")]
        assert cookies == [f"{TOKEN_COOKIE}={TOKEN}; HttpOnly; SameSite=Strict; Path=/"]
        # The browser then needs neither the header nor the query string.
        assert first.get("/cases/new").status_code == 200
        assert first.get("/api/v1/cases").status_code == 200
        assert "set-cookie" not in first.get("/api/v1/cases").headers
    with TestClient(token_app, base_url="http://127.0.0.1") as second:
        assert second.get("/").status_code == 401
        second.cookies.set(TOKEN_COOKIE, TOKEN)
        assert second.get("/").status_code == 200
        assert second.get("/static/app.js").status_code == 200
        assert second.post("/api/v1/plan", json=example(SEED1)).status_code == 200


def test_token_app_plans_with_the_token(token_app: Any) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(token_app, base_url="http://127.0.0.1", headers=auth) as c:
        plan = c.post("/api/v1/plan", json=example(SEED1)).json()
        # seed 1 (examples/seed1-short-sale.toml): a short sale leaves 7,395,521円.
        assert next(e for e in plan["exits"] if e["key"] == "short_sale")["remaining_debt"] == 7_395_521


# --- the body limit ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_app(tmp: Path) -> Any:
    return guarded(Settings(db_path=tmp / "small.sqlite3", max_body_bytes=10_000))


def _chunks(total: int, size: int = 1000) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * min(size, total - sent)
        sent += size


def _assert_413(response: Any, limit_kb: str) -> None:
    assert response.status_code == 413
    error = response.json()["error"]
    assert error == {"field": "body", "message_ja": f"送信データが大きすぎます（上限 {limit_kb} KB）",
                     "message_en": f"the request body is too large (limit {limit_kb} kB)"}
    assert response.headers["x-content-type-options"] == "nosniff"


def test_content_length_above_the_limit_is_413(small_app: Any) -> None:
    with TestClient(small_app, base_url="http://127.0.0.1") as c:
        body = json.dumps(example(SEED1), ensure_ascii=False).encode()
        assert len(body) < 10_000
        assert c.post("/api/v1/plan", content=body, headers=JSON).status_code == 200
        padded = body + b" " * (10_001 - len(body))
        _assert_413(c.post("/api/v1/plan", content=padded, headers=JSON), "10")
        just = body + b" " * (10_000 - len(body))
        assert c.post("/api/v1/plan", content=just, headers=JSON).status_code == 200


def test_default_limit_is_one_megabyte(open_app: Any) -> None:
    with TestClient(open_app, base_url="http://127.0.0.1") as c:
        _assert_413(c.post("/api/v1/validate", content=b"{" + b" " * 1_000_000,
                           headers=JSON), "1,000")


def test_chunked_body_above_the_limit_is_413(small_app: Any) -> None:
    with TestClient(small_app, base_url="http://127.0.0.1") as c:
        before = case_ids(c)
        _assert_413(c.post("/api/v1/plan", content=_chunks(20_000), headers=JSON), "10")
        _assert_413(c.post("/api/v1/cases", content=_chunks(10_001), headers=JSON), "10")
        csrf = csrf_of(c)
        form = b"csrf_token=" + csrf.encode() + b"&title=" + b"a" * 20_000

        def form_chunks() -> Iterator[bytes]:
            for i in range(0, len(form), 1000):
                yield form[i:i + 1000]

        _assert_413(c.post("/cases", content=form_chunks(),
                           headers={"content-type": "application/x-www-form-urlencoded"}), "10")
        assert case_ids(c) == before


def test_chunked_body_under_the_limit_works(small_app: Any) -> None:
    body = json.dumps(example(SEED1), ensure_ascii=False).encode()

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(body), 100):
            yield body[i:i + 100]

    with TestClient(small_app, base_url="http://127.0.0.1") as c:
        response = c.post("/api/v1/plan", content=chunks(), headers=JSON)
        assert response.status_code == 200
        assert response.json()["best_exit"] == "short_sale"


# --- CSRF ----------------------------------------------------------------------------------------

def seed1_form(csrf: str | None) -> dict[str, str]:
    data = forms.form_values(example(SEED1))
    if csrf is not None:
        data["csrf_token"] = csrf
    return data


def unclosed_files(call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run ``call``; return its result and the ResourceWarnings of files it left open."""
    seen: list[str] = []
    old = sys.unraisablehook
    sys.unraisablehook = lambda u: seen.append(repr(u.exc_value))
    try:
        result = call()
        gc.collect()
    finally:
        sys.unraisablehook = old
    return result, seen


def import_file(client: TestClient, data: dict[str, str], **headers: str) -> Any:
    """POST /cases/import with seed 1's file. Unclosed uploads are tolerated here and pinned by
    test_import_closes_the_upload (an xfail until pages.py closes the form)."""
    toml = (EXAMPLES / SEED1).read_bytes()
    files = {"file": ("seed1.toml", toml, "application/toml")}
    response, _ = unclosed_files(
        lambda: client.post("/cases/import", data=data, files=files, headers=headers))
    return response


def _posts(client: TestClient, case_id: str, csrf: str | None, **headers: str) -> list[Any]:
    extra = {} if csrf is None else {"csrf_token": csrf}
    toml = (EXAMPLES / SEED1).read_bytes()
    return [
        client.post("/cases", data=seed1_form(csrf), headers=headers),
        client.post(f"/cases/{case_id}", data=seed1_form(csrf), headers=headers),
        client.post(f"/cases/{case_id}/duplicate", data=extra, headers=headers),
        import_file(client, extra, **headers),
        client.post(f"/cases/{case_id}/source", data={**extra, "text": toml.decode()}, headers=headers),
        client.post(f"/cases/{case_id}/delete", data=extra, headers=headers),
    ]


def _snapshot(client: TestClient) -> list[dict[str, Any]]:
    return [client.get(f"/api/v1/cases/{i}").json() for i in case_ids(client)]


def _assert_refused(client: TestClient, responses: list[Any]) -> None:
    for r in responses:
        assert r.status_code == 403, (r.request.url, r.status_code)
        assert 'data-field="csrf_token"' in r.text
        assert "ページの有効期限が切れました" in r.text
        assert "the page expired" in r.text


@pytest.mark.slow
def test_forms_without_the_token_change_nothing(client: TestClient) -> None:
    case_id = client.post("/api/v1/cases", json={"title": "csrf", "case": example(SEED1)}).json()["id"]
    before = _snapshot(client)
    _assert_refused(client, _posts(client, case_id, None))  # no cookie, no token
    client.get("/")  # now the browser has a CSRF cookie, but the forms still carry no token
    assert client.cookies.get(CSRF_COOKIE)
    _assert_refused(client, _posts(client, case_id, None))
    _assert_refused(client, _posts(client, case_id, "0" * 64))
    assert _snapshot(client) == before


def test_forms_with_the_page_token_work(client: TestClient) -> None:
    case_id = client.post("/api/v1/cases", json={"title": "csrf", "case": example(SEED1)}).json()["id"]
    before = set(case_ids(client))
    csrf = csrf_of(client, "/")
    created, updated, duplicated, imported, edited, deleted = _posts(client, case_id, csrf)
    for r in (created, updated, duplicated, imported, edited, deleted):
        assert r.status_code == 303, (r.request.url, r.status_code, r.text[:500])
    new_ids = {created.headers["location"].removeprefix("/cases/"),
               duplicated.headers["location"].removeprefix("/cases/").removesuffix("/edit"),
               imported.headers["location"].removeprefix("/cases/")}
    assert updated.headers["location"] == edited.headers["location"] == f"/cases/{case_id}"
    assert deleted.headers["location"] == "/cases"
    assert set(case_ids(client)) == before - {case_id} | new_ids
    assert len(new_ids) == 3
    # The same-origin Origin a browser sends is fine.
    same = client.post(f"/cases/{new_ids.pop()}/delete", data={"csrf_token": csrf},
                       headers={"Origin": "http://127.0.0.1"})
    assert same.status_code == 303


@pytest.mark.slow
def test_token_of_another_browser_is_refused(open_app: Any) -> None:
    with TestClient(open_app, base_url="http://127.0.0.1", follow_redirects=False) as alice, \
            TestClient(open_app, base_url="http://127.0.0.1", follow_redirects=False) as mallory:
        case_id = alice.post("/api/v1/cases", json={"title": "alice", "case": example(SEED1)}).json()["id"]
        alices = csrf_of(alice)
        mallorys = csrf_of(mallory)
        assert alices != mallorys
        before = _snapshot(alice)
        _assert_refused(mallory, _posts(mallory, case_id, alices))  # Mallory's cookie, Alice's token
        _assert_refused(alice, _posts(alice, case_id, mallorys))  # and the other way round
        assert _snapshot(alice) == before
        # Alice's cookie under Mallory's name is still checked against the server's secret.
        mallory.cookies.set(CSRF_COOKIE, "forged")
        _assert_refused(mallory, _posts(mallory, case_id, alices))
        assert _snapshot(alice) == before


def test_tokens_do_not_survive_a_new_server_secret(tmp: Path, open_app: Any) -> None:
    other = guarded(Settings(db_path=tmp / "open.sqlite3"))  # same database, a new csrf_secret
    with TestClient(open_app, base_url="http://127.0.0.1", follow_redirects=False) as c:
        csrf = csrf_of(c)
        cookie = c.cookies.get(CSRF_COOKIE)
    assert cookie
    with TestClient(other, base_url="http://127.0.0.1", follow_redirects=False) as c:
        c.cookies.set(CSRF_COOKIE, cookie)
        assert c.post("/cases", data=seed1_form(csrf)).status_code == 403


@pytest.mark.slow
@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:8080", "http://localhost",
                                    "http://127.0.0.1.evil.example"])
def test_foreign_origin_is_refused(client: TestClient, origin: str) -> None:
    case_id = client.post("/api/v1/cases", json={"title": "origin", "case": example(SEED1)}).json()["id"]
    csrf = csrf_of(client)
    before = _snapshot(client)
    _assert_refused(client, _posts(client, case_id, csrf, Origin=origin))
    assert _snapshot(client) == before


def test_import_closes_the_upload(client: TestClient) -> None:
    toml = (EXAMPLES / SEED1).read_bytes()
    csrf = csrf_of(client)
    for data in ({"csrf_token": csrf}, {}):
        response, unclosed = unclosed_files(lambda d=data: client.post(
            "/cases/import", data=d, files={"file": ("seed1.toml", toml, "application/toml")}))
        assert response.status_code in (303, 403)
        assert unclosed == []


# --- response headers ----------------------------------------------------------------------------

def _assert_headers(response: Any) -> None:
    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert not re.search(r"https?:|\*|//", csp)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


def test_security_headers_everywhere(client: TestClient, saved: dict[str, str], small_app: Any) -> None:
    case_id = saved[SEED1]
    responses = [client.get(p) for p in ("/", "/cases/new", "/rules", f"/cases/{case_id}",
                                         f"/cases/{case_id}/edit", f"/cases/{case_id}/report",
                                         f"/cases/{case_id}.json", "/static/style.css", "/no/such/page",
                                         "/api/v1/cases", "/api/v1/openapi.json", "/api/v1/nothing")]
    responses.append(client.post("/api/v1/plan", json=example(SEED1)))
    responses.append(client.post("/api/v1/plan", json={}))
    responses.append(client.post("/cases", data={}))
    with TestClient(small_app, base_url="http://127.0.0.1") as small:
        responses.append(small.post("/api/v1/validate", content=b" " * 10_001))
    assert [r.status_code for r in responses] == [200] * 8 + [404, 200, 200, 404, 200, 422, 403, 413]
    for r in responses:
        _assert_headers(r)


class _Links(HTMLParser):
    """Every URL attribute of a page, with its tag and rel."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name in ("src", "href", "action", "formaction", "srcset", "poster", "data", "xlink:href",
                     "background", "ping"):
            if name in a:
                self.urls.append((tag, name, a[name], a.get("rel", "")))
        if "style" in a:
            self.styles.append(a["style"])
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def _external(url: str) -> bool:
    return bool(re.match(r"\s*(https?:)?//", url, re.IGNORECASE))


def _check_page(html: str) -> int:
    """Assert nothing on the page is fetched from another host; return how many law links it has."""
    parser = _Links()
    parser.feed(html)
    law_links = 0
    for tag, attr, url, rel in parser.urls:
        if _external(url):
            assert (tag, attr, rel) == ("a", "href", "noopener noreferrer"), (tag, attr, url)
            law_links += 1
    for style in parser.styles:
        assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", style), style
        assert "@import" not in style
    return law_links


@pytest.mark.slow
@pytest.mark.parametrize("name", CASES)
def test_results_page_loads_nothing_from_another_host(client: TestClient, saved: dict[str, str],
                                                      name: str) -> None:
    case_id = saved[name]
    for lang in ("ja", "en"):
        page = client.get(f"/cases/{case_id}", params={"lang": lang})
        assert page.status_code == 200
        _check_page(page.text)
        # The law sources are links (opened only when clicked): the courts' and the NTA's pages,
        # in the table of rules used, which the page fetches when it is opened.
        rules = client.get(f"/cases/{case_id}/why/rules-used", params={"lang": lang})
        assert _check_page(rules.text) > 0
        report = client.get(f"/cases/{case_id}/report", params={"lang": lang})
        assert report.status_code == 200
        assert _check_page(report.text) > 0
    assert 'href="https://www.courts.go.jp/' in client.get(f"/cases/{saved[SEED1]}/why/rules-used").text


def test_other_pages_load_nothing_from_another_host(client: TestClient, saved: dict[str, str]) -> None:
    case_id = saved[SEED1]
    for path in ("/", "/cases/new", "/rules", f"/cases/{case_id}/edit", f"/cases/{case_id}/source",
                 "/no/such/page"):
        page = client.get(path)
        _check_page(page.text)
    css = client.get("/static/style.css").text
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", css)
    assert "@import" not in css
    js = client.get("/static/app.js").text
    assert not re.search(r"https?://", js)


# --- the access log ------------------------------------------------------------------------------

def test_log_carries_no_case_data(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret_title = "極秘ケース山田花子"
    income = "987654"
    form = seed1_form(csrf_of(client))
    form.update({"title": secret_title, "household.monthly_income": income})
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        created = client.post("/cases", params={"lang": "en", "secret": "qs-marker"}, data=form)
        assert created.status_code == 303
        case_id = created.headers["location"].removeprefix("/cases/")
        page = client.get(f"/cases/{case_id}", params={"lang": "en", "q": "qs-marker"})
        assert page.status_code == 200
        assert secret_title in page.text
        client.get(f"/cases/{case_id}.json")
        client.get(f"/cases/{case_id}/edit")
        api = client.post("/api/v1/cases", params={"note": "qs-marker"},
                          json={"title": secret_title, "case": {**example(SEED1), "title": secret_title}})
        client.get(f"/api/v1/cases/{api.json()['id']}/plan", params={"at": "2026-12-01"})
        client.put(f"/api/v1/cases/{api.json()['id']}", json={"title": secret_title, "case": example(SEED1)})
        client.post("/api/v1/plan", json={**example(SEED1), "title": secret_title,
                                         "loans": [{**example(SEED1)["loans"][0], "rate": "abc"}]})
        client.get(f"/api/v1/cases/{'f' * 32}")
    web = [r for r in caplog.records if r.name == "zansai.web"]
    lines = [r.getMessage() for r in web]
    assert len(lines) == 9, lines
    assert re.fullmatch(r"POST /cases 303 \d+\.\dms", lines[0])
    assert re.fullmatch(r"GET /cases/\{case_id\} 200 \d+\.\dms", lines[1])
    # Everything the server side logged (the test client's own "HTTP Request: …" lines aside).
    server = [r for r in caplog.records if not r.name.startswith("httpx")]
    assert server
    everything = "\n".join([r.getMessage() for r in server] + [str(r.args) for r in server])
    for leak in (secret_title, "山田", income, "987,654", "qs-marker", "lang=", "secret", "?",
                 case_id, api.json()["id"], "f" * 32, "7,395,521", "7395521", "さくら", "abc"):
        assert leak not in everything, leak
