"""``zansai serve``: the web app. The options are parsed here; ``zansai.web.serve`` starts it."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than loopback needs an access token.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (0: any free port).")
@click.option("--db", "db_path", default=None, metavar="PATH",
              help="SQLite file of saved cases (default: $ZANSAI_DB or ~/.local/share/zansai/cases.sqlite3).")
@click.option("--token", default=None, envvar="ZANSAI_TOKEN", show_envvar=True,
              help="Access token required on every request (16+ characters).")
@click.option("--load", "load", multiple=True, metavar="CASE",
              help="Add a case file to the database unless a case with its title is already saved.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes.")
def serve(host: str, port: int, db_path: str | None, token: str | None, load: tuple[str, ...],
          workers: int) -> None:
    """Start the web app (pages, saved cases, reports and the JSON API /api/v1)."""
    from zansai.extras import require

    require("web", "ウェブアプリ（zansai serve）", "the web app (zansai serve)")
    from zansai.web.serve import serve as start

    start(host, port, db_path, token, load, workers)


COMMANDS = (serve,)
