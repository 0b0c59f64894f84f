"""``zansai batch``: options in, the runner, then the portfolio summary on the terminal."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from zansai.batch.output import EXITS, Totals, exit_names
from zansai.errors import InputError
from zansai.outfile import Outputs, output_path

FAILED_ROWS_EXIT = 3
"""Exit status when some rows failed (they are in the errors file; the rest was valued)."""
LABELS = {"normal_sale": "通常売却", "short_sale": "任意売却", "dealer_purchase": "業者買取",
          "auction_court": "競売"}
MILLION = 1_000_000


@dataclass(frozen=True, slots=True)
class Options:
    tape: str | None
    out: str
    at: str | None
    sale_date: str | None
    discount_rate: str
    scenarios: int
    seed: int
    volatility: str
    sale_delay_months: int
    workers: int | None
    dask: str | None
    chunk_rows: int
    errors: str | None
    synthetic: int | None
    bad_share: str
    as_json: bool
    progress: bool | None
    """``--progress`` / ``--no-progress``; None: a bar only when stderr is a terminal."""
    out_format: str | None = None
    """``--format``: csv or parquet; without it, the suffix of ``--out`` decides."""
    columns: str = "full"
    """``--columns``: the full results schema or the lean one."""
    compression: str = "zstd"
    """``--compression``: the results' Parquet codec."""
    legacy_exit_names: bool = False
    """``--legacy-exit-names``: the auction as ``auction`` (before the engine's ``auction_court``)."""


def _percent(option: str, raw: str, *, maximum: int, scale: int) -> int:
    """A percent (at most ``maximum``, parsed as everywhere else) × ``scale`` as an exact integer."""
    from zansai.inputs import parse_percent

    value = parse_percent(option, raw, below=maximum + 1) * scale
    digits = len(str(scale)) - 3
    if value > maximum * scale // 100 or value.denominator != 1:
        raise InputError.invalid(option, raw, f"0〜{maximum} の百分率（小数{digits}桁まで）にしてください",
                                 f"give a percent from 0 to {maximum} with at most {digits} decimals")
    return int(value)


def _count(option: str, value: int | None, minimum: int, maximum: int) -> None:
    if value is not None and not minimum <= value <= maximum:
        raise InputError.invalid(option, value, f"{minimum}〜{maximum:,} の整数にしてください",
                                 f"give a whole number from {minimum} to {maximum:,}")


FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
"""The table formats written, by suffix."""


def table_format(option: str, path: Path, explicit: str | None = None) -> str:
    """``csv`` or ``parquet``: said by ``--format`` or by a known suffix; an unknown suffix
    without ``--format``, or a ``--format`` that contradicts the suffix, is refused."""
    by_suffix = FORMATS.get(path.suffix.lower())
    if explicit is not None and by_suffix not in (None, explicit):
        raise InputError.invalid(option, path, f"拡張子 {path.suffix} と --format {explicit} が食い違います",
                                 f"its suffix {path.suffix} contradicts --format {explicit}")
    if explicit is None and by_suffix is None:
        raise InputError.invalid(option, path,
                                 "拡張子を .csv か .parquet にするか --format csv|parquet を指定してください",
                                 "end the name in .csv or .parquet, or give --format csv|parquet")
    return explicit or by_suffix or "csv"


def bounded_day(option: str, raw: str) -> date:
    """A date option, held to the bounds of every date on a tape or in a case file (1900–2200)."""
    from zansai.batch.tape.columns import EARLIEST, LATEST
    from zansai.inputs import parse_date

    value = parse_date(option, raw)
    if not EARLIEST <= value <= LATEST:
        raise InputError.invalid(option, raw, f"{EARLIEST} から {LATEST} までの日付を指定してください",
                                 f"give a date from {EARLIEST} to {LATEST}")
    return value


def errors_path(out: Path) -> Path:
    """``out.parquet`` → ``out.errors.csv`` beside it."""
    return out.with_name(out.name.rsplit(".", 1)[0] + ".errors.csv")


def main(opts: Options) -> int:
    from zansai.inputs import today_jst

    at = bounded_day("--at", opts.at) if opts.at else today_jst()
    out = output_path("--out", opts.out)
    out_format = table_format("--out", out, opts.out_format)
    if opts.synthetic is not None and opts.tape is not None:
        raise InputError("ローンテープと --synthetic は同時に指定できません（--synthetic はテープを書く）",
                         "give a loan tape or --synthetic N, not both (--synthetic writes a tape)",
                         field="--synthetic")
    if opts.synthetic is not None:
        return _synthetic(opts, out, at, out_format)
    if opts.tape is None:
        raise InputError("ローンテープ（CSV または Parquet）を指定してください（または --synthetic N）",
                         "give a loan tape (CSV or Parquet), or --synthetic N", field="TAPE")
    _count("--scenarios", opts.scenarios, 0, 10_000)
    _count("--workers", opts.workers, 1, 1024)
    _count("--chunk-rows", opts.chunk_rows, 1, 10_000_000)
    _count("--sale-delay-months", opts.sale_delay_months, 0, 120)
    if opts.seed < 0:
        raise InputError.invalid("--seed", opts.seed, "0以上の整数にしてください", "give a whole number ≥ 0")
    sale_date = bounded_day("--sale-date", opts.sale_date) if opts.sale_date else None
    if sale_date is not None and sale_date < at:
        raise InputError.invalid("--sale-date", opts.sale_date, f"計算基準日 {at} 以降の日付にしてください",
                                 f"it must be on or after the calculation date {at}")
    errors_out = output_path("--errors", opts.errors) if opts.errors else errors_path(out)
    errors_format = table_format("--errors", errors_out)
    targets = (out.resolve(), errors_out.resolve())
    if targets[0] == targets[1] or Path(opts.tape).resolve() in targets:
        raise InputError.invalid("--out", opts.out, "入力・結果・エラーのファイルは別々にしてください",
                                 "the tape, the results and the errors file must be different files")
    from zansai.batch.runner import Job, run
    from zansai.batch.tablefile import steady_memory_pool
    from zansai.batch.tape import read_tape

    job = Job(at=at, sale_date=sale_date,
              discount=_percent("--discount-rate", opts.discount_rate, maximum=50, scale=10**6),
              scenarios=opts.scenarios, seed=opts.seed,
              volatility=_percent("--volatility", opts.volatility, maximum=200, scale=10**6),
              delay_months=opts.sale_delay_months, columns=opts.columns,
              legacy_exit_names=opts.legacy_exit_names)
    steady_memory_pool()
    import gc

    gc.freeze()  # the modules imported so far (Numba, LLVM, Arrow …) are not rescanned by every collection
    with Outputs() as outputs:  # both reserved before the tape is read, renamed together at the end
        out_file, errors_file = outputs.add("--out", out), outputs.add("--errors", errors_out)
        chunks = read_tape(opts.tape, at=at, sale_date=sale_date, chunk_rows=opts.chunk_rows)
        _compile_notice()
        with _progress(opts) as advance:
            totals, seconds = run(chunks, out_file, errors_file, job, workers=opts.workers, dask=opts.dask,
                                  on_chunk=advance, formats=(out_format, errors_format),
                                  compression=opts.compression)
        outputs.commit()
    summary = _summary(totals, seconds, job, out, errors_out, opts)
    if opts.as_json:
        from zansai.report.provenance import stamped
        from zansai.rules import RuleBook

        out_json = stamped(summary, RuleBook.default().fingerprint())  # the book the kernel's tables read
        sys.stdout.write(json.dumps(out_json, ensure_ascii=False, indent=2) + "\n")
    else:
        _print(summary, totals)
    return FAILED_ROWS_EXIT if totals.failed else 0


def _compile_notice() -> None:
    if not _kernel_cached():
        sys.stderr.write("初回は評価カーネルをコンパイルします（30秒ほど。次回からはすぐ始まります） / "
                         "first run: compiling the valuation kernel (about 30 s; later runs start at once)\n")


def _kernel_cached() -> bool:
    """Whether Numba's on-disk cache already holds the compiled kernel (in the folder Numba's own
    cache locator picks for it: ``zansai.batch.numba_cache_dir`` when zansai set one)."""
    from zansai.batch import kernel

    try:
        folder = Path(kernel.value_chunk._cache._cache_path)  # type: ignore[attr-defined]
    except AttributeError:  # not a cached dispatcher (NUMBA_DISABLE_JIT): nothing to compile
        return True
    return any(folder.glob("kernel.value_chunk-*.nbi"))


def _synthetic(opts: Options, out: Path, at: date, out_format: str) -> int:
    from zansai.batch.synthetic import write_synthetic

    _count("--synthetic", opts.synthetic, 1, 100_000_000)
    try:
        share = float(Decimal(opts.bad_share))
    except InvalidOperation:
        share = -1.0
    if not 0 <= share <= 1:
        raise InputError.invalid("--bad-share", opts.bad_share, "0〜1 の割合にしてください",
                                 "give a share from 0 to 1")
    assert opts.synthetic is not None
    with Outputs() as outputs:
        n = write_synthetic(outputs.add("--out", out), opts.synthetic, seed=opts.seed, at=at, bad_share=share,
                            out_format=out_format)
        outputs.commit()
    sys.stdout.write(f"{n:,} 件の合成ローンテープを {out} に書きました（基準日 {at}） / "
                     "wrote a synthetic tape "
                     f"of {n:,} loans to {out} (as of {at})\n")
    return 0


class _NoProgress:
    def __enter__(self) -> Any:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(opts: Options) -> Any:
    """A progress bar on stderr (rows read, rows per second): with ``--progress``, or by default
    when stderr is a terminal; never with ``--no-progress`` (a pipe or a test stays quiet)."""
    show = sys.stderr.isatty() if opts.progress is None else opts.progress
    if not show:
        return _NoProgress()
    import contextlib

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RowsPerSecond(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("— rows/s" if speed is None else f"{speed:,.0f} rows/s", style="progress.data.speed")

    total = _row_count(opts.tape)

    @contextlib.contextmanager
    def bar() -> Any:
        with Progress(TextColumn("[bold]zansai batch"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("rows"), RowsPerSecond(), TimeElapsedColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=False) as progress:
            task = progress.add_task("rows", total=total)
            yield lambda n: progress.advance(task, n)

    return bar()


def _row_count(tape: str | None) -> int | None:
    if tape and tape.lower().endswith((".parquet", ".pq")):
        try:
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(tape).metadata.num_rows)
        except Exception:
            return None
    return None


def _summary(t: Totals, seconds: float, job: Any, out: Path, errors_out: Path,
             opts: Options) -> dict[str, Any]:
    d = t.to_dict(exit_names(opts.legacy_exit_names))
    d.update({
        "schema": "zansai.batch/1", "at": job.at.isoformat(),
        "sale_date": job.sale_date.isoformat() if job.sale_date else None,
        "discount_rate_percent": str(Decimal(job.discount) / 10**4),
        "scenarios": job.scenarios, "seed": job.seed,
        "volatility_percent": str(Decimal(job.volatility) / 10**4),
        "sale_delay_months": job.delay_months,
        "out": str(out), "errors": str(errors_out), "seconds": round(seconds, 3),
        "loans_per_second": int(t.rows / seconds) if seconds > 0 else None,
        "runner": f"dask {opts.dask}" if opts.dask else "local",
    })
    return d


def _yen(n: int) -> str:
    return f"{n:,}"


def _million(n: int) -> str:
    """Display only: 百万円, floored (the exact yen are in --json and in the results file)."""
    return f"{n // MILLION:,}"


def _print(s: dict[str, Any], t: Totals) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    if not con.is_terminal:
        con.width = max(con.width, 110)
    con.print(f"[bold]ポートフォリオ / portfolio[/bold]  基準日 {s['at']}  "
              f"{s['rows']:,} rows → {s['valued']:,} valued, {s['failed']:,} failed "
              f"({s['invalid']:,} invalid, {s['unvalued']:,} not valuable)  "
              f"{s['seconds']:.2f} s ({s['loans_per_second'] or 0:,} rows/s, {s['runner']})")
    con.print(f"残高 balance {_yen(s['balance'])}円   請求額 owed {_yen(s['owed'])}円   "
              f"discount rate {s['discount_rate_percent']}%")
    table = Table(title="出口別の回収（全件がその出口の場合）/ recovery if every loan took the exit",
                  caption="百万円未満切捨て / ¥ million, floored; exact yen: --json and the results file")
    for col in ("出口 exit", "claim", "recovery", "loss", "PV", "feasible", "best"):
        table.add_column(col, justify="left" if col.endswith("exit") else "right", no_wrap=True)
    for name, e in zip(EXITS, s["exits"].values(), strict=True):  # in EXITS order, however named
        table.add_row(LABELS[name], _million(e["claim"]), _million(e["recovery"]), _million(e["loss"]),
                      _million(e["pv"]), f"{e['feasible']:,}", f"{e['best']:,}")
    best = s["best"]
    table.add_row("[bold]最善 best[/bold]", "", _million(best["recovery"]), _million(best["loss"]),
                  _million(best["pv"]), "", f"{s['valued']:,}")
    con.print(table)
    mc = s["monte_carlo"]
    if mc:
        con.print(f"モンテカルロ / Monte Carlo ({s['scenarios']} scenarios, seed {s['seed']}): "
                  "portfolio recovery "
                  f"P10 {_yen(mc['p10'])}円  P50 {_yen(mc['p50'])}円  P90 {_yen(mc['p90'])}円")
    if s.get("courts"):
        _print_courts(con, s["courts"])
    con.print(f"結果 results: {s['out']}   エラー errors: {s['errors']}")
    if s["failed"]:
        con.print(f"[yellow]{s['failed']:,} 行は評価できませんでした（理由はエラーファイル） / "
                  f"{s['failed']:,} rows "
                  "failed: see the errors file[/yellow]")


def _print_courts(con: Any, courts: dict[str, Any]) -> None:
    """The per-court table of a tape with a coded region."""
    from rich.table import Table

    table = Table(title="裁判所別 / by court (競売 auction)",
                  caption="競売価格の根拠: court = 裁判所の公表値（中央値）, "
                  "national = 全国の値（その裁判所は不明） / auction basis: the court's cited median, "
                  "or the national rule (不明 for that court)")
    for k, col in enumerate(("裁判所 court", "loans", "court figure", "national", "owed", "auction", "best")):
        table.add_column(col, justify="right" if k else "left", no_wrap=True)
    for r in courts["by_court"]:
        name = f"{r['name_ja']} {r['court']}" if r["court"] else "所在地なし no location"
        table.add_row(name, f"{r['loans']:,}", f"{r['court_figure']:,}", f"{r['national']:,}",
                      _million(r["owed"]), _million(r["auction_recovery"]), _million(r["best_recovery"]))
    con.print(table)
    con.print(f"全国の値を使った貸付 loans on national figures: {courts['national_loans']:,}   "
              "モンテカルロの競売価格の幅は不明のため全国の幅を使用 / Monte Carlo auction spread: "
              "不明 for every court, the national range's shape is used")
