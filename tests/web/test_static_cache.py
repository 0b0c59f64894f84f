"""The app's CSS and scripts are kept by the browser and revalidated (issue 19: pages on a phone);
pages and API answers, which carry case data, are never stored."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from zansai.web.app import guarded
from zansai.web.settings import Settings


def test_static_files_are_revalidated_and_pages_never_stored(tmp_path: Path) -> None:
    app = guarded(Settings(db_path=tmp_path / "c.sqlite3"))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        css = client.get("/static/style.css")
        assert css.status_code == 200
        assert css.headers["cache-control"] == "no-cache"
        again = client.get("/static/style.css", headers={"if-none-match": css.headers["etag"]})
        assert again.status_code == 304
        assert again.content == b""
        assert client.get("/static/app.js").headers["cache-control"] == "no-cache"
        assert client.get("/").headers["cache-control"] == "no-store"
        assert client.get("/api/v1/health").headers["cache-control"] == "no-store"
