"""``zansai batch``: a loan tape valued row by row (portfolio mode, the ``zansai[batch]`` extra)."""

from __future__ import annotations

import os
import re

import click

_DASK_ADDRESS = re.compile(r"^(?:local|(?:(?:tcp|tls|ws|wss|ucx)://)?[A-Za-z0-9.\-]+:[0-9]{1,5}"
                           r"|(?:(?:tcp|tls|ws|wss|ucx)://)?\[[0-9A-Fa-f:.]+\]:[0-9]{1,5})$")
"""``--dask``: ``local``, or a scheduler's address with its port (``tcp://host:8786``)."""


def _dask_address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse a ``--dask`` value that is not ``local`` or an address with a port, before any work."""
    if value is not None and not _DASK_ADDRESS.match(value):
        from zansai.errors import InputError

        shown = value if len(value) <= 40 else value[:40] + "…"
        raise InputError.invalid("--dask", shown, "local か、ポート番号つきのスケジューラのアドレス"
                                 "（例: tcp://host:8786）を指定してください",
                                 "give local or a scheduler's address with its port, such as "
                                 "tcp://host:8786")
    return value


@click.command()
@click.argument("tape", required=False, metavar="TAPE")
@click.option("-o", "--out", required=True, metavar="OUT",
              help="Results (.parquet or .csv); with --synthetic, the tape to write.")
@click.option("--at", default=None, help="Calculation date YYYY-MM-DD (default today).")
@click.option("--sale-date", default=None,
              help="Settlement date of the sale exits for rows without sale_date (default: --at).")
@click.option("--discount-rate", default="0", show_default=True, metavar="PERCENT",
              help="Annual rate for the present value of recoveries (simple interest, act/365).")
@click.option("--scenarios", type=int, default=0, show_default=True,
              help="Monte Carlo scenarios per loan (0: deterministic only).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the scenarios (and of --synthetic).")
@click.option("--volatility", default="0", show_default=True, metavar="PERCENT",
              help="Price volatility for rows without appraisal_low/appraisal_high.")
@click.option("--sale-delay-months", type=int, default=0, show_default=True,
              help="Monte Carlo: a sale settles up to this many months late.")
@click.option("--workers", type=int, default=None, help="Threads here, or workers of --dask local.")
@click.option("--dask", default=None, metavar="ADDRESS", callback=_dask_address,
              help="Run on a Dask scheduler (tcp://host:8786), or 'local' for a LocalCluster.")
@click.option("--chunk-rows", type=int, default=200_000, show_default=True, help="Rows per chunk.")
@click.option("--errors", "errors_out", default=None, metavar="CSV",
              help="Failed rows (default: OUT with .errors.csv).")
@click.option("--synthetic", type=int, default=None, metavar="N", help="Write a synthetic tape of N loans.")
@click.option("--bad-share", default="0", hidden=True, help="--synthetic: share of deliberately bad rows.")
@click.option("--format", "out_format", type=click.Choice(["csv", "parquet"]), default=None,
              help="Format of OUT (default: by its suffix, .csv or .parquet).")
@click.option("--columns", "columns", type=click.Choice(["full", "lean"]), default="full", show_default=True,
              help="Results schema: every column (full), or the set servicers need (lean).")
@click.option("--compression", type=click.Choice(["zstd", "lz4", "snappy", "none"]), default="zstd",
              show_default=True,
              help="Parquet codec of OUT (zstd: smallest; lz4/snappy/none: faster, larger).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with rows/s on stderr (default: only when stderr is a terminal).")
@click.option("--legacy-exit-names", is_flag=True,
              help="Deprecated: name the auction 'auction' (its columns auction_*) as before; "
                   "the default is the engine's key auction_court. Removed in the next release.")
def batch(tape: str | None, out: str, at: str | None, sale_date: str | None, discount_rate: str,
          scenarios: int, seed: int, volatility: str, sale_delay_months: int, workers: int | None,
          dask: str | None, chunk_rows: int, errors_out: str | None, synthetic: int | None, bad_share: str,
          as_json: bool, progress: bool | None, out_format: str | None = None, columns: str = "full",
          compression: str = "zstd", legacy_exit_names: bool = False) -> None:
    """Value a loan tape (CSV/Parquet): every exit per loan, exact yen (ポートフォリオ).

    Exit status 3 when some rows failed (they are listed in the errors file)."""
    from zansai.extras import require

    require("batch", "ポートフォリオ計算（zansai batch）", "portfolio mode (zansai batch)")
    if tape is not None and synthetic is None and os.path.exists(tape):
        from zansai.infile import check_regular

        check_regular("TAPE", tape)  # a FIFO or a device would block or never end
    from zansai.batch.command import Options, main

    code = main(Options(tape=tape, out=out, at=at, sale_date=sale_date, discount_rate=discount_rate,
                        scenarios=scenarios, seed=seed, volatility=volatility,
                        sale_delay_months=sale_delay_months, workers=workers, dask=dask,
                        chunk_rows=chunk_rows, errors=errors_out, synthetic=synthetic, bad_share=bad_share,
                        as_json=as_json, progress=progress, out_format=out_format, columns=columns,
                        compression=compression, legacy_exit_names=legacy_exit_names))
    if code:
        raise SystemExit(code)


COMMANDS = (batch,)
