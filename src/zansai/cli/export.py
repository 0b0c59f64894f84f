"""``zansai export``: the 配分表, the 償還表 or the 婚姻関係財産一覧表 of a case as CSV, Excel or a
printable page, written all or nothing."""

from __future__ import annotations

import sys

import click

from zansai.cli.plan import case_dates

_WHATS = ("distribution", "schedule", "property-list")
_FORMATS = ("csv", "xlsx", "html")


@click.command()
@click.argument("case_file", metavar="CASE")
@click.option("--what", type=click.Choice(_WHATS), default="distribution", show_default=True,
              help="distribution (配分表), schedule (償還表) or property-list (婚姻関係財産一覧表).")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="xlsx", show_default=True,
              help="csv (UTF-8 with BOM, opens in Excel), xlsx (Excel) or html (printable A4 page).")
@click.option("-o", "--out", default=None, metavar="FILE",
              help="Write to FILE (default: stdout for csv/html; xlsx needs a file).")
@click.option("--exit", "exit_key", default=None, metavar="EXIT",
              help="The exit whose 配分表 to export (default: the one the results show).")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--adviser-name", default=None, help="作成者: overrides [adviser] name in the settings file.")
@click.option("--adviser-office", default=None, help="事務所: overrides [adviser] office.")
@click.option("--adviser-contact", default=None, help="連絡先: overrides [adviser] contact.")
@case_dates
def export(case_file: str, what: str, fmt: str, out: str | None, exit_key: str | None, lang: str,
           adviser_name: str | None, adviser_office: str | None, adviser_contact: str | None,
           at: str | None, sale_date: str | None) -> None:
    """Exports lenders and courts recognise: 配分表, 償還表, 婚姻関係財産一覧表 as CSV, Excel or a page."""
    from zansai.cli.plan import _plan_file
    from zansai.errors import InputError
    from zansai.inputs import today_jst
    from zansai.outfile import Outputs
    from zansai.report.exports import build, render
    from zansai.settings import load_adviser

    if out is None and fmt == "xlsx":
        raise InputError("-o: Excel ファイルの出力先を -o FILE で指定してください",
                         "-o: give the Excel file to write with -o FILE", field="-o")
    adviser = load_adviser().override(adviser_name, adviser_office, adviser_contact)
    with Outputs() as outputs:  # the target is checked and reserved before any work
        target = outputs.add("-o", out) if out is not None else None
        plan = _plan_file(case_file, at, sale_date)
        data = render(build(plan, what, adviser, today_jst(), exit_key), fmt, lang, plan.case.title)
        if target is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        target.write(data)
        outputs.commit()
    click.echo(str(target.target))


COMMANDS = (export,)
