"""The commands that read a case file: ``plan``, ``divorce`` and ``report``."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from zansai.cli.app import F, echo_json
from zansai.errors import InputError

if TYPE_CHECKING:
    from zansai.case.schema import CaseFile
    from zansai.engine.plan import Plan
    from zansai.model import Case
    from zansai.rules import RuleBook


def case_dates(f: F) -> F:
    """``--at`` and ``--sale-date``: the dates a command line may set over the case file's."""
    f = click.option("--sale-date", default=None, help="Planned sale (settlement) date YYYY-MM-DD.")(f)
    return click.option("--at", default=None,
                        help="Calculation date YYYY-MM-DD (default: the file's, or today).")(f)


def offer_option(f: F) -> F:
    """``--offer EXIT=PRICE[@DATE]`` (repeatable): try an offered price without editing the file."""
    return click.option("--offer", "offers", multiple=True, metavar="EXIT=PRICE[@DATE]",
                        help="An offered price for one way out, e.g. short_sale=1750万 (date: the "
                             "calculation date unless @YYYY-MM-DD); repeatable; added to the file's "
                             "[[offers]].")(f)


def _case_for(case_file: str, at: str | None, sale_date: str | None, residual_exit: str | None = None,
              offers: tuple[str, ...] = ()) -> tuple[Case, RuleBook, CaseFile]:
    """Read a case file and apply the command-line dates and offers: (Case, RuleBook, the file)."""
    from zansai.case import build_case, read_case_file, with_options
    from zansai.case.build.offers import option_error, with_offers

    cf = with_options(read_case_file(case_file), at=at, sale_date=sale_date, residual_exit=residual_exit)
    full = with_offers(cf, offers)
    try:
        case, book = build_case(full, source=os.path.basename(case_file))
    except InputError as exc:
        raise option_error(exc, cf, offers) from None
    return case, book, full


def _plan_file(case_file: str, at: str | None, sale_date: str | None,
               residual_exit: str | None = None, offers: tuple[str, ...] = (), *,
               explain: bool = True, comps_db: str | None = None) -> Plan:
    """The plan of a case file; the engine's errors named by the file's fields. ``explain=False``:
    figures only (for a report that shows no step)."""
    return _plan_with_inputs(case_file, at, sale_date, residual_exit, offers, explain=explain,
                             comps_db=comps_db)[0]


def _plan_with_inputs(case_file: str, at: str | None, sale_date: str | None,
                      residual_exit: str | None = None,
                      offers: tuple[str, ...] = (), *, explain: bool = True,
                      comps_db: str | None = None) -> tuple[Plan, CaseFile]:
    """The plan of a case file and the case file it read (with the command-line dates and offers),
    valued also from the comparable sales in ``comps_db`` (default: the app's database) when the
    home's location is given."""
    from zansai.case import case_errors
    from zansai.engine.plan import plan as make_plan

    case, book, cf = _case_for(case_file, at, sale_date, residual_exit, offers)
    if case.property.municipality_code is not None:  # no location: comps are never imported
        from zansai.comps.for_case import with_comparables

        case = with_comparables(case, book, comps_db)
    with case_errors(os.path.basename(case_file)):
        return make_plan(case, book, explain=explain), cf


@click.command()
@click.argument("case_file", metavar="CASE")
@case_dates
@click.option("--routes-for", "routes_for", default=None, metavar="EXIT",
              help="Whose remaining debt the routes settle (an exit key; default: the best exit).")
@offer_option
@click.option("--json", "as_json", is_flag=True, help="Print the complete result as one JSON object.")
@click.option("--explain", is_flag=True, help="Show how each figure was computed.")
@click.option("--comps-db", "comps_db", default=None, metavar="PATH",
              help="The database of imported comparable sales (default: the app's database; "
                   "ZANSAI_NO_COMPS=1 turns the default off). Used when the case gives "
                   "[property] municipality_code and floor_area_m2.")
def plan(case_file: str, at: str | None, sale_date: str | None, routes_for: str | None,
         offers: tuple[str, ...], as_json: bool, explain: bool, comps_db: str | None) -> None:
    """Every way out for one home: valuation, costs, 配分表, remaining debt and its routes,
    timeline, and 財産分与 when the case has a [divorce] section."""
    # the terminal report shows no step: without --explain, the figures alone
    result = _plan_file(case_file, at, sale_date, routes_for, offers, explain=as_json or explain,
                        comps_db=comps_db)
    if as_json:
        from zansai.report.result_json import result_to_dict

        echo_json(result_to_dict(result, explain=explain, rules_fingerprint=result.rules_fingerprint),
                  compact=True)
        return
    from zansai.report.terminal.explain import print_explanation
    from zansai.report.terminal.plan import print_plan

    print_plan(result)
    if explain:
        print_explanation(result.explain())


@click.command()
@click.argument("case_file", metavar="CASE")
@case_dates
@click.option("--json", "as_json", is_flag=True, help="Print the division as one JSON object.")
@click.option("--explain", is_flag=True, help="Show how each figure was computed.")
def divorce(case_file: str, at: str | None, sale_date: str | None, as_json: bool, explain: bool) -> None:
    """財産分与 alone: the home and the other assets split by each method, and the exits per spouse."""
    result = _plan_file(case_file, at, sale_date, explain=as_json or explain)
    if result.property_division is None:
        raise InputError("divorce: このケースファイルには [divorce]（別居日と2人の配偶者）がありません",
                         "divorce: this case file has no [divorce] section (the separation date and "
                         "the two spouses)", field="divorce")
    if as_json:
        from zansai.report.divorce_json import divorce_to_dict

        echo_json(divorce_to_dict(result, explain=explain), compact=True)
        return
    from zansai.report.terminal.divorce import print_property_division
    from zansai.report.terminal.explain import print_explanation

    print_property_division(result)
    if explain:
        print_explanation(result.property_division.explain())


@click.command()
@click.argument("case_file", metavar="CASE")
@click.option("--pdf", "pdf_out", default=None, metavar="OUT",
              help="Write the report as a PDF (needs Chromium).")
@click.option("--html", "html_out", default=None, metavar="OUT", help="Write the report as one HTML file.")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--adviser-name", default=None, metavar="NAME", help="Adviser printed on the report (担当者).")
@click.option("--adviser-office", default=None, metavar="OFFICE", help="The adviser's office (事務所).")
@click.option("--adviser-contact", default=None, metavar="TEXT", help="The adviser's phone or mail (連絡先).")
@case_dates
@offer_option
def report(case_file: str, pdf_out: str | None, html_out: str | None, lang: str, adviser_name: str | None,
           adviser_office: str | None, adviser_contact: str | None, at: str | None,
           sale_date: str | None, offers: tuple[str, ...]) -> None:
    """The printable report (相談用レポート) of a case: HTML and/or PDF; without either, HTML on stdout.
    It ends with a page of every input and assumption; printed, each page is numbered and dated."""
    from contextlib import ExitStack

    from zansai.outfile import Outputs
    from zansai.report.adviser import adviser_from
    from zansai.report.html import report_html

    with Outputs() as outputs, ExitStack() as browser:  # both files checked and reserved first
        html_file = outputs.add("--html", html_out) if html_out is not None else None
        pdf_file = outputs.add("--pdf", pdf_out) if pdf_out is not None else None
        from zansai.report.pdf import start_printer

        # Chromium starts now, in a thread, and is ready when the report's HTML is
        printer = browser.enter_context(start_printer()) if pdf_file is not None else None
        result, inputs = _plan_with_inputs(case_file, at, sale_date, offers=offers)
        from zansai.settings import load_adviser

        settled = load_adviser().override(adviser_name, adviser_office, adviser_contact)
        adviser = adviser_from({"name": settled.name, "office": settled.office, "contact": settled.contact})
        from zansai.web.forms import FIELDS  # the form's words label the inputs page

        html = ""
        if pdf_file is None or html_file is not None:
            html = report_html(result, lang, inputs=inputs, fields=FIELDS, adviser=adviser)
        if html_file is not None:
            html_file.write(html.encode())
        if pdf_file is not None and printer is not None:  # paper leaves out the hidden "why?" panels
            printed = report_html(result, lang, inputs=inputs, fields=FIELDS, adviser=adviser, for_print=True)
            pdf_file.write(printer.print_pdf(printed, pdf_file.target))
        outputs.commit()
    for file in (html_file, pdf_file):
        if file is not None:
            click.echo(str(file.target))
    if html_file is None and pdf_file is None:
        sys.stdout.write(html)


COMMANDS = (plan, divorce, report)
