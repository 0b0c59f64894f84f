"""``zansai comps``: import MLIT's download CSV of comparable sales (or fetch them from its API) and
query them, offline."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import click

from zansai.cli.app import echo_json

if TYPE_CHECKING:
    from zansai.comps.record import Period


def _input_error(field: str, value: str, expected: str) -> Exception:
    from zansai.errors import InputError
    from zansai.messages import msg

    return InputError.invalid(field, value, msg(f"comps.query.{expected}"))


def _range(field: str, raw: str | None, whole: bool = False) -> tuple[Decimal | None, Decimal | None]:
    """ "50-80", "50-", "-80" → inclusive bounds (refused when reversed or not numbers)."""
    if raw is None:
        return None, None
    m = re.fullmatch(r"\s*([0-9.]*)\s*-\s*([0-9.]*)\s*", raw) or re.fullmatch(r"\s*([0-9.]+)()\s*", raw)
    try:
        if m is None or not (m.group(1) or m.group(2)):
            raise InvalidOperation
        low = Decimal(m.group(1)) if m.group(1) else None
        high = Decimal(m.group(2)) if m.group(2) else (low if "-" not in raw else None)
    except InvalidOperation:
        raise _input_error(field, raw, "bad_range") from None
    if (low is not None and high is not None and low > high) or (
        whole and any(b is not None and b != b.to_integral_value() for b in (low, high))
    ):
        raise _input_error(field, raw, "bad_range")
    return low, high


def _quarter(field: str, raw: str | None) -> Period | None:
    from zansai.comps.record import Period

    if raw is None:
        return None
    m = re.fullmatch(r"\s*([0-9]{4})\s*-?\s*[Qq]([1-4])\s*", raw)
    if m is None:
        raise _input_error(field, raw, "bad_quarter")
    return Period(int(m.group(1)), int(m.group(2)))


@click.group()
def comps() -> None:
    """取引事例: comparable sales from MLIT's 不動産情報ライブラリ (import the download CSV or fetch
from the API, then query offline)."""


@comps.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--db", default=None, help="SQLite database (default: the app's, as `zansai serve` uses).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def import_(file: str, db: str | None, as_json: bool) -> None:
    """Import a 不動産取引価格情報 / 成約価格情報 download CSV (Shift_JIS or UTF-8), all or nothing."""
    from zansai.comps.app_db import open_comps
    from zansai.messages import msg

    with open_comps(db) as store:
        result = store.import_file(file)
    if as_json:
        echo_json(
            {
                "file": result.file_name,
                "sha256": result.sha256,
                "rows": result.rows,
                "imported_at": result.imported_at,
                "already_imported": result.already,
            }
        )
        return
    m = (
        msg("comps.import.again", name=result.file_name, when=result.imported_at, rows=result.rows)
        if result.already
        else msg(
            "comps.import.done",
            rows=f"{result.rows:,}",
            name=result.file_name,
            seconds=f"{result.seconds:.2f}",
        )
    )
    click.echo(f"{m.text('ja')} / {m.text('en')}")


@comps.command("query")
@click.option("--city", required=True, help="5-digit municipality code (市区町村コード), e.g. 13102.")
@click.option("--district", default=None, help="District (地区名) exactly as MLIT writes it.")
@click.option(
    "--kind", default=None, help="condo, land_and_building, land, farmland, forest or other (種類)."
)
@click.option("--area", default=None, help="面積 in m² (land, or a condo's floor area): 50-80, 50-, -80.")
@click.option("--floor-area", default=None, help="延床面積 in m² (a house's floor area): 80-120.")
@click.option("--age", default=None, help="Building age in years on --on: 0-20.")
@click.option("--on", "on", default=None, help="Valuation date for --age (default today).")
@click.option("--structure", default=None, help="wood, steel, rc, src or other.")
@click.option("--from", "since", default=None, help="First quarter, e.g. 2023Q1.")
@click.option("--to", "until", default=None, help="Last quarter, e.g. 2024Q4.")
@click.option("--limit", default="200", show_default=True, help="Most comparables shown (newest first).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (docs/comps.md).")
@click.option("--db", default=None, help="SQLite database (default: the app's, as `zansai serve` uses).")
def query(
    city: str,
    district: str | None,
    kind: str | None,
    area: str | None,
    floor_area: str | None,
    age: str | None,
    on: str | None,
    structure: str | None,
    since: str | None,
    until: str | None,
    limit: str,
    as_json: bool,
    db: str | None,
) -> None:
    """The comparable sales that match, newest first, with MLIT's credit line."""
    from zansai.comps.app_db import open_comps
    from zansai.comps.credit import credit_lines
    from zansai.comps.query import Criteria, select
    from zansai.comps.record import Kind, Structure
    from zansai.errors import InputError
    from zansai.inputs import parse_date, today_jst
    from zansai.messages import msg

    if not re.fullmatch(r"[0-9]{5}", city):
        raise _input_error("--city", city, "bad_city")
    kinds = {k.name.lower(): k for k in Kind}
    if kind is not None and kind not in kinds:
        raise InputError.invalid("--kind", kind, msg("comps.query.bad_kind", kinds=", ".join(kinds)))
    structures = {s.value: s for s in Structure}
    if structure is not None and structure not in structures:
        raise InputError.invalid(
            "--structure", structure, msg("comps.query.bad_kind", kinds=", ".join(structures))
        )
    if not limit.isdigit() or int(limit) < 1:
        raise _input_error("--limit", limit, "bad_limit")
    young, old = _range("--age", age, whole=True)
    first, last = _quarter("--from", since), _quarter("--to", until)
    if first is not None and last is not None and first.code > last.code:
        raise _input_error("--from", since or "", "from_after_to")
    criteria = Criteria(
        city=city,
        district=district,
        kind=None if kind is None else kinds[kind],
        area=_range("--area", area),
        floor_area=_range("--floor-area", floor_area),
        age=(None if young is None else int(young), None if old is None else int(old)),
        on=parse_date("--on", on) if on else today_jst(),
        structure=None if structure is None else structures[structure],
        since=first,
        until=last,
        limit=int(limit),
    )
    with open_comps(db) as store:
        selection = select(store, criteria)
        credits = credit_lines(store.sources())
    if as_json:
        from zansai.report.comps_json import selection_to_dict

        echo_json(selection_to_dict(selection, credits))
        return
    from zansai.report.terminal.comps import print_selection

    print_selection(selection, credits)


@comps.command("fetch")
@click.option("--city", required=True, help="5-digit municipality code (市区町村コード), e.g. 13102.")
@click.option("--from", "from_q", required=True, help="First quarter, e.g. 2023Q1.")
@click.option("--to", "to_q", required=True, help="Last quarter, e.g. 2024Q4.")
@click.option("--price-class", default="both", show_default=True,
              help="transaction (取引価格), contract (成約価格) or both.")
@click.option("--db", default=None, help="SQLite database (default: the app's, as `zansai serve` uses).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (docs/comps.md).")
@click.pass_context
def fetch(ctx: click.Context, city: str, from_q: str, to_q: str, price_class: str, db: str | None,
          as_json: bool) -> None:
    """Fetch comparable sales from MLIT's API (key: $ZANSAI_REINFOLIB_KEY or the settings file)
    into the database, all or nothing; a quarter fetched again with the same rows changes nothing."""
    from zansai.comps.api_import import PRICE_CLASSES, fetch_into
    from zansai.comps.app_db import open_comps
    from zansai.comps.client import ReinfolibClient, api_key_from_env_or_settings
    from zansai.comps.credit import credit_lines
    from zansai.comps.fetch import quarters_between
    from zansai.errors import InputError
    from zansai.messages import msg

    if not re.fullmatch(r"[0-9]{5}", city):
        raise _input_error("--city", city, "bad_city")
    if price_class not in PRICE_CLASSES:
        raise InputError.invalid("--price-class", price_class,
                                 msg("comps.query.bad_kind", kinds=", ".join(PRICE_CLASSES)))
    quarters_between(from_q, to_q)  # a bad span is refused before the key is looked for
    key = api_key_from_env_or_settings()
    if key is None:
        m = msg("comps.fetch.no_key")
        raise InputError(m.text("ja"), m.text("en"), field="ZANSAI_REINFOLIB_KEY")
    hooks = ctx.obj if isinstance(ctx.obj, dict) else {}  # tests pass a transport and a sleep
    with ReinfolibClient(key, transport=hooks.get("reinfolib_transport")) as client, \
            open_comps(db) as store:
        result = fetch_into(store, client, city, from_q, to_q, price_class,
                            **({"sleep": hooks["sleep"]} if "sleep" in hooks else {}))
    credits = credit_lines({"api"})
    if as_json:
        echo_json({
            "city": result.city, "from": from_q, "to": to_q, "price_class": result.price_class,
            "requests": result.requests, "rows": result.rows, "added": result.added,
            "replaced": result.replaced, "unchanged": result.unchanged, "removed": result.removed,
            "credit": [{"ja": m.text("ja"), "en": m.text("en")} for m in credits],
        })
        return
    done = msg("comps.fetch.done", rows=f"{result.rows:,}", city=city, first=from_q, last=to_q,
               requests=result.requests, added=result.added, replaced=result.replaced,
               unchanged=result.unchanged, removed=result.removed)
    click.echo(f"{done.text('ja')} / {done.text('en')}")
    for line in credits:
        click.echo(line.text("ja"))


COMMANDS = (comps,)


@comps.group("index")
def index() -> None:
    """不動産価格指数: import MLIT's residential property price index, used before the shipped table
to time-adjust comparable sales."""


@index.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--region", default=None,
              help="For a CSV (one sheet saved as CSV): its area, e.g. national, tokyo, minami_kanto.")
@click.option("--basis", default=None,
              help="For a CSV: sa (季節調整値, seasonally adjusted) or original (原系列).")
@click.option("--db", default=None, help="SQLite database (default: the app's, as `zansai serve` uses).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (docs/comps.md).")
def index_import(file: str, region: str | None, basis: str | None, db: str | None,
                 as_json: bool) -> None:
    """Import MLIT's 不動産価格指数（住宅） workbook (.xlsx as downloaded) or one of its sheets saved
    as CSV, all or nothing; a file already imported changes nothing."""
    from zansai.comps.index_import import import_index
    from zansai.messages import msg

    result = import_index(file, db, region=region, basis=basis)
    if as_json:
        echo_json(result.to_dict())
        return
    m = (msg("price_index.import.again", name=result.file_name, when=result.imported_at,
             rows=result.rows)
         if result.already
         else msg("price_index.import.done", rows=f"{result.rows:,}", name=result.file_name,
                  first=result.months[0], last=result.months[1],
                  series=", ".join(result.series)))
    click.echo(f"{m.text('ja')} / {m.text('en')}")


@index.command("list")
@click.option("--db", default=None, help="SQLite database (default: the app's, as `zansai serve` uses).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (docs/comps.md).")
def index_list(db: str | None, as_json: bool) -> None:
    """The price index files imported, newest first (the valuation tries them in this order)."""
    from zansai.comps.index_import import imported_files
    from zansai.messages import msg

    if db is None:
        from zansai.web.store import default_db_path

        db = str(default_db_path())
    files = imported_files(db)
    if as_json:
        echo_json({"imports": files})
        return
    if not files:
        m = msg("price_index.list.none")
        click.echo(f"{m.text('ja')} / {m.text('en')}")
    for f in files:
        click.echo(f"{f['imported_at']}  {f['file']}  sha256 {f['sha256'][:12]}  {f['rows']:,}  "
                   f"{f['first_month']}..{f['last_month']}  {', '.join(f['series'])}")
