"""`POST /api/v1/plan` gzipped for a client on another machine that asks (web/compress.py): the
decoded answer is byte for byte the plain one, which is `zansai plan --json`'s; a client on this
machine (a script, a local proxy) gets the plain bytes."""

from __future__ import annotations

import gzip
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from zansai.web.app import guarded
from zansai.web.compress import accepts_gzip
from zansai.web.service import PlanCache
from zansai.web.settings import Settings

SEED1 = Path(__file__).resolve().parents[2] / "examples" / "seed1-short-sale.toml"


def seed1() -> dict[str, Any]:
    with SEED1.open("rb") as f:
        data: dict[str, Any] = json.loads(json.dumps(tomllib.load(f), default=str))
    return data


def raw_post(client: TestClient, encoding: str | None, **kw: Any) -> tuple[dict[str, str], bytes]:
    """The answer's headers and its bytes as sent (not decoded)."""
    headers = {"accept-encoding": encoding} if encoding is not None else {"accept-encoding": ""}
    with client.stream("POST", "/api/v1/plan", json=seed1(), headers=headers, **kw) as r:
        assert r.status_code == 200
        return dict(r.headers), b"".join(r.iter_raw())


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return guarded(Settings(db_path=tmp_path_factory.mktemp("gz") / "cases.sqlite3"))


def test_a_phone_that_asks_gets_gzip_and_the_same_json(app: Any) -> None:
    phone = TestClient(app, base_url="http://127.0.0.1", client=("192.168.1.20", 50000))
    plain_headers, plain = raw_post(phone, None)
    gz_headers, packed = raw_post(phone, "gzip, deflate, br")
    _, again = raw_post(phone, "gzip")  # answered from the cache: the same bytes
    assert "content-encoding" not in plain_headers
    assert gz_headers["content-encoding"] == "gzip"
    assert gz_headers["content-type"] == "application/json"
    assert plain_headers["vary"] == gz_headers["vary"] == "Accept-Encoding"  # caches keep both apart
    assert int(gz_headers["content-length"]) == len(packed) < len(plain) // 3
    assert gzip.decompress(packed) == plain  # byte for byte
    assert again == packed
    assert plain == PlanCache().plan_json(seed1())  # what `zansai plan --json` prints
    # seed 1 (docs/sources/seed1-short-sale.md): the short sale leaves 7,395,521 yen owing
    short_sale = next(e for e in json.loads(plain)["exits"] if e["key"] == "short_sale")
    assert short_sale["remaining_debt"] == 7_395_521


def test_a_client_on_this_machine_gets_the_plain_bytes(app: Any) -> None:
    local = TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
    headers, body = raw_post(local, "gzip")
    assert "content-encoding" not in headers
    assert headers["vary"] == "Accept-Encoding"
    assert body == PlanCache().plan_json(seed1())


def test_gzip_refused_or_not_offered_gives_the_plain_bytes(app: Any) -> None:
    phone = TestClient(app, base_url="http://127.0.0.1", client=("10.0.0.5", 50000))
    for encoding in ("identity", "gzip;q=0", "br", "*;q=0", "deflate, gzip;q=0.0"):
        headers, _ = raw_post(phone, encoding)
        assert "content-encoding" not in headers, encoding


@pytest.mark.parametrize(("header", "ok"), [
    ("gzip", True), ("GZIP", True), ("x-gzip", True), ("*", True), ("br;q=1.0, gzip;q=0.8", True),
    ("gzip;q=0", False), ("gzip; q=0.000", False), ("*;q=0", False), ("identity", False), ("", False),
    ("gzip;q=bad", False), ("br, *;q=0.1", True), ("gzip;q=0, *", False),
])
def test_accept_encoding(header: str, ok: bool) -> None:
    assert accepts_gzip(header) is ok
