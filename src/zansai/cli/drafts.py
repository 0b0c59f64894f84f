"""``draft`` and ``checklist``: the pre-filled drafts (下書き) and the dated checklist of a case."""

from __future__ import annotations

import os
import sys

import click

from zansai.cli.app import F
from zansai.cli.plan import case_dates
from zansai.errors import InputError

KINDS = ("short-sale-request", "budget", "instalment-proposal", "asset-list")
"""Kept here as text so that ``--help`` needs no engine (``report.drafts.KINDS`` says the same)."""


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InputError(f"{option}: {value!r} は使えません。次のどれかです: {', '.join(allowed)}",
                         f"{option}: {value!r} is not one of {', '.join(allowed)}", field=option)
    return value


def _options(f: F) -> F:
    f = case_dates(f)
    f = click.option("-o", "--output", "out", default=None, metavar="FILE",
                     help="Write to FILE (default: HTML and ics to stdout; docx and pdf need -o).")(f)
    return click.option("--lang", default="ja", show_default=True,
                        help="ja (the one to sign) or en (a reading aid).")(f)


@click.command()
@click.argument("case_file", metavar="CASE")
@click.option("--kind", required=True, metavar="KIND", help=f"One of: {', '.join(KINDS)}.")
@click.option("--format", "fmt", default="html", show_default=True, help="html, docx or pdf.")
@_options
def draft(case_file: str, kind: str, fmt: str, out: str | None, lang: str, at: str | None,
          sale_date: str | None) -> None:
    """A pre-filled draft (下書き) for the debtor to check and sign: the request to allow a short sale,
    the household budget, the instalment proposal or the asset list."""
    _choice("--kind", kind, KINDS)
    _choice("--format", fmt, ("html", "docx", "pdf"))
    _choice("--lang", lang, ("ja", "en"))
    if out is None and fmt != "html":
        raise InputError(f"--format {fmt}: 出力先を -o で指定してください",
                         f"--format {fmt}: give the output file with -o", field="--output")
    from zansai.outfile import Outputs

    with Outputs() as outputs:  # reserved before any work, renamed at the end: all or nothing
        target = outputs.add("--output", out) if out is not None else None
        chromium = None
        if fmt == "pdf":
            from zansai.report.pdf import find_chromium

            chromium = find_chromium()
        from zansai.cli.plan import _plan_file
        from zansai.report.drafts import build
        from zansai.report.drafts.render import to_docx, to_html

        doc = build(_plan_file(case_file, at, sale_date), kind, lang)
        if fmt == "docx":
            data = to_docx(doc)
        elif fmt == "pdf":
            from zansai.report.pdf import print_pdf

            assert target is not None
            data = print_pdf(to_html(doc), target.target, chromium=chromium)
        else:
            data = to_html(doc).encode()
        if target is None:
            sys.stdout.write(data.decode())
            return
        target.write(data)
        outputs.commit()
    click.echo(str(target.target))


@click.command()
@click.argument("case_file", metavar="CASE")
@click.option("--format", "fmt", default="html", show_default=True, help="html or ics (iCalendar).")
@click.option("--exit", "exit_key", default=None, metavar="KEY",
              help="The way out to list (default: the plan's best), e.g. short_sale, "
                   "keep_home_rehabilitation, reschedule, auction_court.")
@click.option("--route", "route_key", default=None, metavar="KEY",
              help="The remaining-debt route to list (default: every feasible one), e.g. "
                   "negotiated, small_rehabilitation, bankruptcy.")
@_options
def checklist(case_file: str, fmt: str, exit_key: str | None, route_key: str | None, out: str | None,
              lang: str, at: str | None, sale_date: str | None) -> None:
    """The dated checklist of documents and to-dos for the chosen exit and remaining-debt route
    (default: the plan's best exit and its feasible routes): a printable page, or an iCalendar
    file to import into a calendar. An exit the case cannot use is still listed, and says why."""
    _choice("--format", fmt, ("html", "ics"))
    _choice("--lang", lang, ("ja", "en"))
    from zansai.report.checklist import choose

    chosen_exit, chosen_route = choose(exit_key, route_key)
    from zansai.outfile import Outputs

    with Outputs() as outputs:
        target = outputs.add("--output", out) if out is not None else None
        from zansai.cli.plan import _plan_file
        from zansai.report.checklist import checklist_html, checklist_ics

        plan = _plan_file(case_file, at, sale_date)
        if fmt == "ics":
            case_id = os.path.splitext(os.path.basename(case_file))[0]
            data = checklist_ics(plan, case_id, lang, chosen_exit, chosen_route)
        else:
            data = checklist_html(plan, lang, chosen_exit, chosen_route).encode()
        if target is None:
            sys.stdout.write(data.decode())
            return
        target.write(data)
        outputs.commit()
    click.echo(str(target.target))


COMMANDS = (draft, checklist)
