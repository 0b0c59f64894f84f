"""``zansai cases``: the saved cases (保存したケース) of the web app, from the terminal.

The same SQLite file as ``zansai serve`` (``--db``, default ``$ZANSAI_DB`` or
``~/.local/share/zansai/cases.sqlite3``) and the same code as the pages and the API: the list's
search, sort and CSV (``web.caselist``), the stored summaries (``web.casesummary``), the status
keys (``web.casestatus``) and the comparison (``web.casecompare``). A case is named by its id or
by the first characters of it (at least 4) when they name one case only.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from zansai.cli.app import echo_json

if TYPE_CHECKING:
    from zansai.engine.plan import Plan
    from zansai.web.service import PlanCache
    from zansai.web.store import CaseRecord, CaseStore

_PREFIX = re.compile(r"[0-9a-f]{4,32}")
_LANG = click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON (as the API answers).")


class _Plans:
    """The web app's plan cache, made on first use: listing cases whose summaries are stored
    loads neither the engine nor the rule book."""

    def __init__(self) -> None:
        self._cache: PlanCache | None = None

    def plan(self, data: object) -> Plan:
        return self.cache().plan(data)

    def figures(self, data: object) -> Plan:
        """The plan's figures alone (a summary, a comparison: no step is shown)."""
        return self.cache().figures(data)

    def cache(self) -> PlanCache:
        if self._cache is None:
            from zansai.web.service import PlanCache

            self._cache = PlanCache()
        return self._cache


@click.group()
@click.option("--db", "db_path", default=None, metavar="PATH",
              help="SQLite file of saved cases (default: $ZANSAI_DB or ~/.local/share/zansai/cases.sqlite3).")
@click.pass_context
def cases(ctx: click.Context, db_path: str | None) -> None:
    """Saved cases (the web app's database): list, show, import, update, export, duplicate, status,
    history, restore, compare."""
    ctx.obj = {"db": db_path, "plans": _Plans()}


def _store(ctx: click.Context, *, summarize: bool = False, create: bool = False) -> CaseStore:
    """The store at ``--db``; ``summarize``: new versions get the list's summary as they are saved.
    Only ``create`` (an import) makes a new database: a mistyped ``--db`` is refused, not an empty list."""
    from zansai.errors import InputError
    from zansai.web.store import CaseStore, default_db_path

    path = Path(ctx.obj["db"] or default_db_path()).expanduser()
    if not create and not path.exists():
        raise InputError.invalid("--db", path,
                                 "データベースがありません（zansai cases import か serve で作られます）",
                                 "no database there (zansai cases import or zansai serve makes one)")
    store = CaseStore(path)
    if summarize:
        from zansai.web.casesummary import summarizer

        store.summarize = summarizer(ctx.obj["plans"])
    return store


def _resolve(store: CaseStore, text: str, field: str = "ID") -> str:
    """The id ``text`` names: a whole id, or the start of exactly one."""
    from zansai.errors import InputError
    from zansai.web.store import CaseNotFound

    wanted = text.strip().lower()
    if not _PREFIX.fullmatch(wanted):
        raise CaseNotFound(text)
    if len(wanted) == 32:
        return wanted
    found = [r.id for r in store.list_rows() if r.id.startswith(wanted)]
    if len(found) > 1:
        raise InputError.invalid(field, wanted,
                                 f"{len(found)} 件のケースがこの文字で始まります。もっと長く指定してください",
                                 f"{len(found)} cases start with it; give more of the id")
    if not found:
        raise CaseNotFound(wanted)
    return found[0]


@contextmanager
def _as_option(**names: str) -> Iterator[None]:
    """A value refused under the API's name (``status``) is reported under the option's (``--status``)."""
    from zansai.errors import InputError

    try:
        yield
    except InputError as exc:
        option = names.get(exc.field or "")
        if option is None or exc.problem is None:
            raise
        raise InputError.invalid(option, getattr(exc, "value", ""), *exc.problem) from None


def _views(store: CaseStore, plans: _Plans, query: Any, lang: str) -> tuple[list[Any], list[dict[str, Any]]]:
    """The rows the query selects (every stale summary computed first) and the page's views of them,
    copies under their original when sorted by update, as on the page."""
    from zansai.inputs import today_jst
    from zansai.web import caselist, casesummary

    rows = store.list_rows()
    rows = casesummary.ensure(store, plans, rows, budget=len(rows))
    today = today_jst()
    chosen = caselist.select(rows, query, today)
    placed = caselist.grouped(chosen) if query.sort == "updated" else [(r, 0) for r in chosen]
    return [r for r, _ in placed], [{**caselist.view(r, lang, today), "depth": d} for r, d in placed]


@cases.command("list")
@click.option("-q", "--query", "q", default=None, help="Words to find in the title, client or lender.")
@click.option("--status", default=None, help="Only this status (consulting, applied, marketing, …).")
@click.option("--best", default=None, metavar="EXIT", help="Only cases whose best exit is this key.")
@click.option("--sort", default=None, help="updated (newest first, the default), title, debt or deadline.")
@_LANG
@_JSON
@click.option("--csv", "as_csv", is_flag=True, help="The list as CSV, as the page exports it.")
@click.option("-o", "--out", default=None, metavar="FILE", help="Write the CSV to FILE (default: stdout).")
@click.pass_context
def list_cases(ctx: click.Context, q: str | None, status: str | None, best: str | None,
               sort: str | None, lang: str, as_json: bool, as_csv: bool, out: str | None) -> None:
    """The case list: client, lender, remaining debt after the best exit, next deadline, status."""
    from zansai.errors import InputError
    from zansai.inputs import today_jst
    from zansai.web import caselist

    if out is not None and not as_csv:
        raise InputError("-o: -o は --csv と一緒に指定してください", "-o: -o goes with --csv", field="-o")
    with _as_option(status="--status", sort="--sort"):
        query = caselist.check_query(q, status, best, sort, 1)
    store = _store(ctx)
    rows, views = _views(store, ctx.obj["plans"], query, lang)
    if as_json:
        today = today_jst()
        echo_json([caselist.item(r, today) for r in rows])
    elif as_csv:
        _write(out, caselist.to_csv(views, lang).encode("utf-8"))
    else:
        from zansai.report.terminal.cases import print_case_list

        print_case_list(views, len(store.list_rows()), lang)


def _write(out: str | None, data: bytes, option: str = "-o") -> None:
    """``data`` to ``out`` all or nothing (``outfile``), or to stdout."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from zansai.outfile import Outputs

    with Outputs() as outputs:
        outputs.add(option, out).write(data)
        outputs.commit()


@cases.command("show")
@click.argument("case_id", metavar="ID")
@_LANG
@click.option("--json", "as_json", is_flag=True,
              help="The stored case with its data (the case file as JSON).")
@click.pass_context
def show(ctx: click.Context, case_id: str, lang: str, as_json: bool) -> None:
    """One case: its status, client, lender, best exit, remaining debt and next deadlines."""
    store = _store(ctx)
    record = store.get(_resolve(store, case_id))
    if as_json:
        echo_json(record.to_dict())
        return
    from zansai.inputs import today_jst
    from zansai.report.terminal.cases import print_case
    from zansai.web import casesummary
    from zansai.web.caselist import local_time

    row = next(r for r in store.list_rows() if r.id == record.id)
    (row,) = casesummary.ensure(store, ctx.obj["plans"], [row])
    print_case(record, row.summary or {}, local_time(record.updated_at), lang, today_jst())


@cases.command("import")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.pass_context
def import_cases(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Save case files as new cases and print their ids; one bad file and nothing is saved."""
    from zansai.cli.plan import _plan_with_inputs
    from zansai.web.intake import TITLE_MAX, check_title

    store = _store(ctx, summarize=True, create=True)
    batch = []
    for name in files:
        # Saved only if it can be planned (as the web app's import); errors name the file.
        _, cf = _plan_with_inputs(name, None, None)
        base = os.path.basename(name)
        title = check_title(cf.title, f"{base}: title") if cf.title else base[:TITLE_MAX]
        batch.append((title, cf.model_dump(mode="json", exclude_unset=True)))
    for record in store.create_many(batch):
        click.echo(f"{record.id}\t{record.title}")


@cases.command("update")
@click.argument("case_id", metavar="ID")
@click.argument("case_file", metavar="FILE")
@click.option("--title", default=None, help="The new title (default: the file's own, else the current one).")
@click.pass_context
def update(ctx: click.Context, case_id: str, case_file: str, title: str | None) -> None:
    """Replace a saved case with a case file (say, one that export wrote and you edited); the
    version it replaces is kept in the history."""
    from zansai.cli.plan import _plan_with_inputs
    from zansai.web.intake import check_title

    store = _store(ctx, summarize=True)
    record = store.get(_resolve(store, case_id))
    _, cf = _plan_with_inputs(case_file, None, None)  # saved only if it can be planned
    name = check_title(title, "--title") if title is not None else (cf.title or record.title)
    saved = store.update(record.id, title=name, data=cf.model_dump(mode="json", exclude_unset=True))
    click.echo(f"{saved.id}\t{saved.title}")


@cases.command("export")
@click.argument("case_id", metavar="ID")
@click.option("-o", "--out", default=None, metavar="FILE",
              help="The TOML case file to write (default: stdout).")
@click.pass_context
def export_case(ctx: click.Context, case_id: str, out: str | None) -> None:
    """Write a saved case as a TOML case file (for zansai plan), all or nothing."""
    from zansai.case import case_to_toml

    store = _store(ctx)
    record = store.get(_resolve(store, case_id))
    _write(out, case_to_toml(record.data, title=record.title).encode("utf-8"))
    if out is not None:
        click.echo(out)


@cases.command("duplicate")
@click.argument("case_id", metavar="ID")
@click.option("--title", default=None, help="The copy's title (default: the original's + （コピー）).")
@click.pass_context
def duplicate(ctx: click.Context, case_id: str, title: str | None) -> None:
    """Copy a case as a what-if (listed under its original); prints the copy's id."""
    from zansai.web.intake import check_title

    store = _store(ctx, summarize=True)
    source = _resolve(store, case_id)
    copy = store.duplicate(source, title=check_title(title, "--title") if title is not None else None)
    click.echo(f"{copy.id}\t{copy.title}")


def _status_key(value: str) -> str:
    """A status key, or its Japanese or English label (相談中, Consulting), as its key."""
    from zansai.report.i18n import ui
    from zansai.web.casestatus import STATUSES, check_status

    for key in STATUSES:
        if value.strip().casefold() in {key, ui(f"status_{key}", "ja"), ui(f"status_{key}", "en").casefold()}:
            return key
    return check_status(value, "STATUS").value


@cases.command("status")
@click.argument("case_id", metavar="ID")
@click.argument("status", metavar="STATUS")
@click.pass_context
def set_status(ctx: click.Context, case_id: str, status: str) -> None:
    """Set a case's status: consulting (相談中), applied (申出済), marketing (販売中), contracted
    (契約済), settled (決済済) or closed (終了)."""
    from zansai.report.i18n import ui

    key = _status_key(status)
    store = _store(ctx)
    record = store.set_status(_resolve(store, case_id), key)
    click.echo(f"{record.id}\t{record.status}\t{ui(f'status_{record.status}', 'ja')}")


@cases.command("history")
@click.argument("case_id", metavar="ID")
@_LANG
@_JSON
@click.pass_context
def history(ctx: click.Context, case_id: str, lang: str, as_json: bool) -> None:
    """The kept earlier versions, newest first, each with what the save after it changed."""
    from zansai.web.casecompare import change_summary

    store = _store(ctx)
    record = store.get(_resolve(store, case_id))
    versions = store.revisions(record.id)
    newer = [record, *versions]
    rows: list[dict[str, Any]] = [
        {"revision": old.revision, "title": old.title, "updated_at": old.updated_at,
         "changes": change_summary(old.data, new.data, new.title, old.title, lang)}
        for old, new in zip(versions, newer, strict=False)]
    if as_json:
        echo_json(rows)
        return
    from zansai.report.terminal.cases import print_history
    from zansai.web.caselist import local_time

    shown = [{**r, "saved_local": local_time(r["updated_at"])} for r in rows]
    print_history(record, local_time(record.updated_at), shown, lang)


@cases.command("restore")
@click.argument("case_id", metavar="ID")
@click.argument("revision", metavar="REV", type=click.IntRange(1))
@click.pass_context
def restore(ctx: click.Context, case_id: str, revision: int) -> None:
    """Make a kept version the current one again (as a new version: the restore can be undone)."""
    store = _store(ctx, summarize=True)
    record = store.restore(_resolve(store, case_id), revision)
    click.echo(f"{record.id}\t{record.title}")


def _members(store: CaseStore, ids: tuple[str, ...]) -> tuple[list[CaseRecord], int]:
    """One id: the case, its original and its copies (as the page), and how many copies are left
    out; several: those cases."""
    from zansai.errors import InputError
    from zansai.web.casecompare import MAX_COLUMNS, chosen

    ids_ = list(dict.fromkeys(_resolve(store, i) for i in ids))
    if len(ids_) > MAX_COLUMNS:
        raise InputError.invalid("ID", len(ids_), f"比べられるのは {MAX_COLUMNS} 件までです",
                                 f"compare at most {MAX_COLUMNS} cases")
    return chosen(store, ids_[0], ids_[1:])


@cases.command("compare")
@click.argument("case_ids", nargs=-1, required=True, metavar="ID [ID...]")
@click.option("--all", "everything", is_flag=True, help="Every input, not only the ones that differ.")
@_LANG
@_JSON
@click.pass_context
def compare(ctx: click.Context, case_ids: tuple[str, ...], everything: bool, lang: str,
            as_json: bool) -> None:
    """A case beside its original and copies (or the cases given): the inputs that differ and each
    one's best exit, remaining debt, cash needed and next deadlines."""
    from zansai.errors import ZansaiError
    from zansai.web import casecompare

    store = _store(ctx)
    members, hidden = _members(store, case_ids)
    results: list[dict[str, Any] | None] = []
    for m in members:
        try:
            results.append(casecompare.results(ctx.obj["plans"].figures(m.data)))
        except ZansaiError as exc:
            results.append({"error": [exc.message_ja, exc.message_en]})
    if as_json:
        echo_json({**casecompare.comparison(members, results, everything), "not_shown": hidden})
        return
    from zansai.report.terminal.cases import print_compare

    print_compare(members, results, casecompare.input_rows([m.data for m in members], everything), lang)
    if hidden:
        from zansai.report.i18n import ui
        from zansai.web.casecompare import MAX_COLUMNS

        click.echo(ui("cmp_hidden_cli", lang).format(n=hidden, max=MAX_COLUMNS))


COMMANDS = (cases,)
