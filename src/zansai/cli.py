"""The ``zansai`` command line: parse, call the engine, render. No arithmetic here.

Built on click; heavy modules (rich) are imported only when a table is printed, so
``--json`` and ``--csv`` start fast. Options arrive as text and are parsed by
``zansai.inputs`` so that every mistake gets the same bilingual one-line message.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from zansai.errors import DomainError, InputError, ZansaiError

if TYPE_CHECKING:
    from zansai.engine.loan import Schedule
    from zansai.engine.plan import Plan
    from zansai.model import Case
    from zansai.rules import RuleBook
    from zansai.trace import Explanation

F = Callable[..., Any]

ARREARS_FLAGS = {"loan.first_missed": "--first-missed", "arrears.on": "--on",
                 "loan.acceleration": "--acceleration"}
"""The engine's domain paths as the arrears command's flags."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zansai")
def app() -> None:
    """zansai (残債): loan schedules, dated legal rules, and what a home sale leaves owing."""


def loan_options(f: F) -> F:
    """The options that describe one loan, shared by the commands that need a schedule."""
    options = [
        click.option("--principal", default=None, help="Loan amount in yen (30000000 or 3000万)."),
        click.option("--rate", default=None, help="Annual interest rate in percent, e.g. 1.5."),
        click.option("--years", default=None, help="Term in years (1–50)."),
        click.option("--method", default="annuity", show_default=True,
                     help="annuity (元利均等) or equal-principal (元金均等)."),
        click.option("--bonus-share", default=None,
                     help="Share of the loan repaid by bonus payments, in percent (ボーナス併用)."),
        click.option("--bonus-months", default="6,12", show_default=True,
                     help="The two bonus months."),
        click.option("--start", default=None,
                     help="Month of the first payment, YYYY-MM (default: next month)."),
        click.option("--payment-day", default=None,
                     help="Day of the month payments fall due (default 1)."),
        click.option("--rounding", default="jp_floor", show_default=True,
                     help="Rounding convention: jp_floor, half_up or payment_ceil."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _loan_options(**kw: Any) -> Any:
    from zansai.loanspec import LoanOptions

    kw["rate_changes"] = tuple(kw.get("rate_changes") or ())
    kw["prepayments"] = tuple(kw.get("prepayments") or ())
    return LoanOptions(**kw)


def _echo_json(obj: object, *, compact: bool = False) -> None:
    """Pretty JSON; ``compact`` when piped (a large result is then written much faster)."""
    if compact and not sys.stdout.isatty():
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _print_explanation(explanation: Explanation) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"なぜこの数字？ / why these numbers — {explanation.title}",
                  show_lines=True, title_justify="left")
    table.add_column("figure")
    table.add_column("formula")
    table.add_column("inputs")
    table.add_column("result", justify="right")
    table.add_column("rounding / rules")
    for step in explanation.steps:
        rules = "\n".join(f"{r.key} = {r.value} [{r.kind}, {r.confidence}] — "
                          f"{'; '.join(r.sources)}" for r in step.rules)
        extra = "\n".join(x for x in (step.rounding, rules, step.note) if x)
        table.add_row(f"{step.label_ja}\n{step.name}", step.formula,
                      "\n".join(f"{k} = {v}" for k, v in step.inputs.items()),
                      step.result, extra)
    console.print(table)
    for note in explanation.notes:
        console.print(f"• {note}")
    for ja, en in explanation.caveats:
        console.print(f"[yellow]⚠ {ja}\n  {en}[/yellow]")


@app.command()
@loan_options
@click.option("--rate-change", "rate_change", multiple=True,
              help="YYYY-MM-DD:PERCENT — new rate for payments due from that date (repeatable).")
@click.option("--five-year-rule", is_flag=True, help="5年ルール: review the payment every 5 years.")
@click.option("--cap-125", is_flag=True,
              help="125%ルール: a reviewed payment is at most 1.25× the previous one.")
@click.option("--prepay", multiple=True,
              help="YYYY-MM-DD:YEN[:shorten|reduce] — 繰上返済 (repeatable).")
@click.option("--anchor", default=None,
              help="YYYY-MM-DD:BALANCE[:PAYMENT] — continue from a known statement balance.")
@click.option("--at", default=None, help="Also report the balance on this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the schedule as CSV.")
@click.option("--explain", is_flag=True,
              help="Show how each figure was computed and which rules were used.")
@click.option("--summary", is_flag=True, help="Print the summary without the table.")
@click.option("--file", "loan_file", default=None,
              help="A TOML/JSON loan file with one or more [[loans]] (see examples/).")
def schedule(
    principal: str | None, rate: str | None, years: str | None, method: str,
    bonus_share: str | None,
    bonus_months: str, start: str | None, payment_day: str | None, rounding: str,
    rate_change: tuple[str, ...], five_year_rule: bool, cap_125: bool,
    prepay: tuple[str, ...], anchor: str | None, at: str | None, as_json: bool,
    as_csv: bool, explain: bool, summary: bool, loan_file: str | None,
) -> None:
    """償還表: a repayment schedule exact to the yen, with the balance on any date."""
    from zansai.engine.loan import amortize
    from zansai.inputs import parse_date
    from zansai.loanspec import build_loan, check_date_in_loan
    from zansai.report.loan_json import schedule_explanation, schedule_to_dict

    if loan_file:
        from zansai.loanfile import load_loans

        loans = load_loans(loan_file)
    else:
        loans = [build_loan(_loan_options(
            principal=principal, rate=rate, years=years, method=method,
            bonus_share=bonus_share, bonus_months=bonus_months, start=start,
            payment_day=payment_day, rounding=rounding, rate_changes=rate_change,
            five_year_rule=five_year_rule, payment_cap_125=cap_125, prepayments=prepay,
            anchor=anchor))]
    at_date = parse_date("--at", at) if at else None
    if at_date is not None:
        for built in loans:
            check_date_in_loan("--at", at_date, built.loan)
    results = [amortize(b.loan) for b in loans]
    rules_used = tuple(u for b in loans for u in b.rules_used)
    if len(results) > 1:
        _print_loan_set(results, at_date, as_json=as_json, explain=explain)
        return
    result = results[0]
    if as_json:
        _echo_json(schedule_to_dict(result, at_date, explain, rules_used))
        return
    if as_csv:
        _write_csv(result)
        return
    _print_schedule(result, at_date, show_rows=not summary)
    if explain:
        _print_explanation(schedule_explanation(result, rules_used))


def _print_loan_set(results: list[Schedule], at: date | None, *, as_json: bool,
                    explain: bool) -> None:
    """Several loans on one home: each schedule, and what they add up to."""
    from zansai.engine.loan import LoanSet
    from zansai.report.loan_json import schedule_to_dict

    both = LoanSet(tuple(results))
    combined: dict[str, Any] = {
        "monthly_payment": both.monthly_payment,
        "total_interest": both.total_interest,
        "total_paid": both.total_paid,
    }
    if at is not None:
        combined["at"] = at.isoformat()
        combined["balance_at"] = both.balance_at(at)
    if as_json:
        combined["payments_by_date"] = [{"due_date": d.isoformat(), "payment": y}
                                        for d, y in both.payments_by_date()]
        _echo_json({"loans": [{"name": r.loan.name, **schedule_to_dict(r, at, explain)}
                              for r in results], "combined": combined})
        return
    from rich.console import Console

    from zansai.money import format_yen

    console = Console()
    for r in results:
        console.rule(r.loan.name)
        _print_schedule(r, at, show_rows=False)
    console.rule("合計 combined")
    for key, value in combined.items():
        console.print(f"{key}: {format_yen(value) if isinstance(value, int) else value}")


def _write_csv(result: Schedule) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    cols = ["number", "due_date", "payment", "interest", "principal", "balance",
            "bonus_payment", "prepayment", "unpaid_interest", "annual_rate"]
    writer.writerow(cols)
    for r in result.rows:
        d = r.to_dict()
        writer.writerow([d[c] for c in cols])
    sys.stdout.write(buf.getvalue())


def _print_schedule(result: Schedule, at: date | None, *, show_rows: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from zansai.money import format_percent, format_yen

    console = Console()
    loan = result.loan
    lines = [
        f"借入額 principal {format_yen(loan.principal)} · 年利 rate "
        f"{format_percent(loan.annual_rate)} · {loan.months}回 · {loan.method.value} · "
        f"rounding {loan.rounding.name}",
        f"毎月返済額 monthly payment [bold]{format_yen(result.monthly_payment)}[/bold]",
    ]
    if result.initial_bonus_payment:
        lines.append(f"ボーナス返済額 bonus payment {format_yen(result.initial_bonus_payment)} "
                     f"× {result.bonus_periods}")
    lines += [
        f"総利息 total interest {format_yen(result.total_interest)}",
        f"総返済額 total paid {format_yen(result.total_paid)}",
    ]
    if at is not None:
        lines.append(f"{at.isoformat()} 時点の残高 balance [bold]"
                     f"{format_yen(result.balance_at(at))}[/bold]")
    if show_rows:
        table = Table(title="償還表 / repayment schedule", title_justify="left")
        for name in ("回 no.", "期日 due", "返済額 payment", "利息 interest", "元金 principal",
                     "残高 balance"):
            table.add_column(name, justify="right")
        has_bonus = bool(result.initial_bonus_payment)
        has_pre = any(r.prepayment for r in result.rows)
        if has_bonus:
            table.add_column("うちボーナス bonus", justify="right")
        if has_pre:
            table.add_column("繰上返済 prepaid", justify="right")
        for r in result.rows:
            cells = [str(r.number), r.due_date.isoformat(), f"{r.payment:,}", f"{r.interest:,}",
                     f"{r.principal:,}", f"{r.balance:,}"]
            if has_bonus:
                cells.append(f"{r.bonus_payment:,}" if r.bonus_payment else "")
            if has_pre:
                cells.append(f"{r.prepayment:,}" if r.prepayment else "")
            table.add_row(*cells)
        console.print(table)
    for line in lines:
        console.print(line)


@app.command()
@loan_options
@click.option("--first-missed", required=True,
              help="Due date of the first missed payment (YYYY-MM-DD).")
@click.option("--on", "on", default=None, help="Date to compute the amount owed (default today).")
@click.option("--acceleration", default=None, help="Date of 期限の利益喪失, if it happened.")
@click.option("--late-rate", default=None,
              help="Contract late-charge rate in percent (default: practice rate for the lender).")
@click.option("--lender", default="bank", show_default=True,
              help="bank, jhf or guarantor_company.")
@click.option("--late-charge-base", "base", default="principal", show_default=True,
              help="principal (overdue principal part) or instalment.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--explain", is_flag=True, help="Show how each figure was computed.")
def arrears(
    principal: str | None, rate: str | None, years: str | None, method: str,
    bonus_share: str | None,
    bonus_months: str, start: str | None, payment_day: str | None, rounding: str,
    first_missed: str, on: str | None, acceleration: str | None, late_rate: str | None,
    lender: str, base: str, as_json: bool, explain: bool,
) -> None:
    """滞納: overdue amount and 遅延損害金 from the first missed payment, and after acceleration."""
    from zansai.engine.arrears import arrears as compute
    from zansai.engine.loan import amortize
    from zansai.inputs import parse_choice, parse_date, parse_percent, today_jst
    from zansai.loanspec import build_loan, check_date_in_loan
    from zansai.model import LateChargeBase, LenderType
    from zansai.rules import RuleBook

    built = build_loan(_loan_options(
        principal=principal, rate=rate, years=years, method=method, bonus_share=bonus_share,
        bonus_months=bonus_months, start=start, payment_day=payment_day, rounding=rounding))
    fm = parse_date("--first-missed", first_missed)
    check_date_in_loan("--first-missed", fm, built.loan)
    on_date = parse_date("--on", on) if on else today_jst()
    acc = parse_date("--acceleration", acceleration) if acceleration else None
    lr = parse_percent("--late-rate", late_rate) if late_rate else None
    lender_type = LenderType(parse_choice("--lender", lender, {e.value: e.value for e in LenderType}))
    base_kind = LateChargeBase(parse_choice("--late-charge-base", base,
                                            {e.value: e.value for e in LateChargeBase}))
    try:
        result = compute(amortize(built.loan), fm, on_date, late_rate=lr, lender=lender_type,
                         acceleration=acc, base=base_kind, book=RuleBook.default())
    except DomainError as exc:
        raise exc.for_shell(ARREARS_FLAGS) from None
    if as_json:
        out = result.to_dict()
        if explain:
            out["explanation"] = result.explain().to_dict()
        _echo_json(out)
        return
    from rich.console import Console

    from zansai.money import format_percent, format_yen

    console = Console()
    console.print(f"{result.on.isoformat()} 時点 / as of {result.on.isoformat()} — "
                  f"延滞 {len(result.missed)} 回 missed, 遅延損害金率 {format_percent(result.late_rate)}")
    console.print(f"延滞額 overdue instalments {format_yen(result.overdue_amount)}")
    console.print(f"遅延損害金 late charges {format_yen(result.late_charges)} "
                  f"(1日あたり per day {format_yen(result.daily_late_charge)})")
    if result.accelerated:
        console.print(f"期限の利益喪失 acceleration {result.acceleration_date}: 残元金 principal "
                      f"{format_yen(result.principal_outstanding)}, 未払利息 unpaid interest "
                      f"{format_yen(result.interest_due)}")
    console.print(f"請求額合計 total due [bold]{format_yen(result.total_due)}[/bold]")
    if explain:
        _print_explanation(result.explain())


@app.command()
@click.argument("key", required=False)
@click.option("--at", default=None, help="Date the rules are taken on (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--stale", is_flag=True,
              help="List the rules due for review on the date: last reviewed more than a year "
                   "before, or past their end date.")
def rules(key: str | None, at: str | None, as_json: bool, stale: bool) -> None:
    """法令・実務パラメータ: the rules in force on a date, with value, unit, kind and source."""
    from zansai.inputs import parse_date, today_jst
    from zansai.rules import RuleBook

    on = parse_date("--at", at) if at else today_jst()
    book = RuleBook.default()
    if stale:
        _print_stale(book, key, on, as_json)
        return
    if key is not None:
        resolved = [book.at(key, on)]
        uncovered: list[Any] = []
    else:
        resolved, uncovered = [], []
        for rule in book.rules():
            if rule.matching(on):
                resolved.append(rule.at(on))
            else:
                uncovered.append(rule)
    if as_json:
        _echo_json({
            "at": on.isoformat(),
            "rules": [r.to_dict() for r in resolved],
            "not_covered": [{"key": r.key, "covers": r.coverage_text()} for r in uncovered],
        })
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"{on.isoformat()} に適用されるルール / rules in force on {on.isoformat()}",
                  show_lines=True, title_justify="left")
    for col in ("key", "名称 / label", "value", "unit", "kind", "period", "source"):
        table.add_column(col)
    for r in resolved:
        p = r.period
        flag = " ⚠ unconfirmed" if r.caveat else ""
        table.add_row(
            r.rule.key, f"{r.rule.label_ja}\n{r.rule.label_en}", r.display() + flag, r.rule.unit,
            f"{r.rule.kind.value}\n{p.confidence.value}",
            f"{p.start.isoformat()} – {p.end.isoformat() if p.end else ''}",
            "\n".join(s.cite() for s in p.sources),
        )
    console.print(table)
    for r in resolved:
        if r.caveat:
            console.print(f"[yellow]⚠ {r.rule.key}: {r.caveat[0]}\n  {r.caveat[1]}[/yellow]")
    for rule in uncovered:
        console.print(f"{rule.key}: not covered on {on.isoformat()} (covers {rule.coverage_text()})")


def _print_stale(book: RuleBook, key: str | None, on: date, as_json: bool) -> None:
    """``zansai rules --stale``: each rule due for review, with its reasons in both languages."""
    from zansai.rules import stale_rules

    if key is not None:
        book.get(key)  # an unknown key is an error, not an empty list
    found = [s for s in stale_rules(book, on) if key in (None, s.rule.key)]
    if as_json:
        _echo_json({"at": on.isoformat(), "stale": [s.to_dict() for s in found]})
        return
    click.echo(f"{on.isoformat()} に見直しが必要なルール {len(found)} 件 / "
               f"{len(found)} rules due for review on {on.isoformat()}")
    for s in found:
        click.echo(f"{s.rule.key}  {s.rule.label_ja} / {s.rule.label_en} "
                   f"(last_reviewed {s.rule.last_reviewed.isoformat()})")
        for reason in s.reasons:
            click.echo(f"  - {reason.ja}\n    {reason.en}")


def _case_for(case_file: str, at: str | None, sale_date: str | None,
              residual_exit: str | None = None) -> tuple[Case, RuleBook]:
    """Read a case file and apply the command-line dates; returns (Case, RuleBook)."""
    from zansai.case import build_case, read_case_file, with_options

    cf = with_options(read_case_file(case_file), at=at, sale_date=sale_date, residual_exit=residual_exit)
    return build_case(cf, source=os.path.basename(case_file))


def _plan_file(case_file: str, at: str | None, sale_date: str | None,
               residual_exit: str | None = None) -> Plan:
    """The plan of a case file; the engine's errors named by the file's fields."""
    from zansai.case import case_errors
    from zansai.engine.plan import plan as make_plan

    case, book = _case_for(case_file, at, sale_date, residual_exit)
    with case_errors(os.path.basename(case_file)):
        return make_plan(case, book)


@app.command()
@click.argument("case_file", metavar="CASE")
@click.option("--at", default=None, help="Calculation date YYYY-MM-DD (default: the file's, or today).")
@click.option("--sale-date", default=None, help="Planned sale (settlement) date YYYY-MM-DD.")
@click.option("--routes-for", "routes_for", default=None, metavar="EXIT",
              help="Whose remaining debt the routes settle (an exit key; default: the best exit).")
@click.option("--json", "as_json", is_flag=True, help="Print the complete result as one JSON object.")
@click.option("--explain", is_flag=True, help="Show how each figure was computed.")
def plan(case_file: str, at: str | None, sale_date: str | None, routes_for: str | None,
         as_json: bool, explain: bool) -> None:
    """Every way out for one home: valuation, costs, 配分表, remaining debt and its routes,
    timeline, and 財産分与 when the case has a [divorce] section."""
    result = _plan_file(case_file, at, sale_date, routes_for)
    if as_json:
        data = result.to_dict()
        if explain:
            data["explanation"] = result.explain().to_dict()
        _echo_json(data, compact=True)
        return
    from zansai.report.terminal import print_plan

    print_plan(result)
    if explain:
        _print_explanation(result.explain())


@app.command()
@click.argument("case_file", metavar="CASE")
@click.option("--at", default=None, help="Calculation date YYYY-MM-DD (default: the file's, or today).")
@click.option("--sale-date", default=None, help="Planned sale (settlement) date YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print the division as one JSON object.")
@click.option("--explain", is_flag=True, help="Show how each figure was computed.")
def divorce(case_file: str, at: str | None, sale_date: str | None, as_json: bool, explain: bool) -> None:
    """財産分与 alone: the home and the other assets split by each method, and the exits per spouse."""
    result = _plan_file(case_file, at, sale_date)
    if result.property_division is None:
        raise InputError("divorce: このケースファイルには [divorce]（別居日と2人の配偶者）がありません",
                         "divorce: this case file has no [divorce] section (the separation date and "
                         "the two spouses)", field="divorce")
    if as_json:
        from zansai.report.divorce_json import divorce_to_dict

        _echo_json(divorce_to_dict(result, explain=explain), compact=True)
        return
    from zansai.report.terminal import print_property_division

    print_property_division(result)
    if explain:
        _print_explanation(result.property_division.explain())


@app.command()
@click.argument("case_file", metavar="CASE")
@click.option("--pdf", "pdf_out", default=None, metavar="OUT",
              help="Write the report as a PDF (needs Chromium).")
@click.option("--html", "html_out", default=None, metavar="OUT", help="Write the report as one HTML file.")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--at", default=None, help="Calculation date YYYY-MM-DD (default: the file's, or today).")
@click.option("--sale-date", default=None, help="Planned sale (settlement) date YYYY-MM-DD.")
def report(case_file: str, pdf_out: str | None, html_out: str | None, lang: str, at: str | None,
           sale_date: str | None) -> None:
    """The printable report (相談用レポート) of a case: HTML and/or PDF; without either, HTML on stdout."""
    from zansai.outfile import output_path, write_atomically
    from zansai.report.html import report_html

    html_target = output_path("--html", html_out) if html_out else None  # before any work
    pdf_target = output_path("--pdf", pdf_out) if pdf_out else None
    html = report_html(_plan_file(case_file, at, sale_date), lang)
    if html_target is not None:
        write_atomically(html_target, html.encode())
        click.echo(str(html_target))
    if pdf_target is not None:
        from zansai.report.pdf import html_to_pdf

        html_to_pdf(html, pdf_target)
        click.echo(str(pdf_target))
    if not html_out and not pdf_out:
        sys.stdout.write(html)


@app.command()
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
    import logging
    import secrets
    import socket
    from pathlib import Path

    from zansai.case import read_case_file
    from zansai.web.settings import Settings
    from zansai.web.store import CaseStore, default_db_path

    path = Path(db_path) if db_path else default_db_path()
    csrf_secret = secrets.token_bytes(32)
    settings = Settings(db_path=path, host=host, port=port, token=token, csrf_secret=csrf_secret)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
            port = probe.getsockname()[1]
    except OSError as exc:
        raise InputError.invalid("--port", port, f"使われていないポートを指定してください（{exc.strerror}）",
                                 f"choose a port that is free ({exc.strerror})") from None
    from dataclasses import replace

    settings = replace(settings, port=port)
    store = CaseStore(path)
    titles = {r.title for r in store.list()}
    for case_file in load:
        cf = read_case_file(case_file)
        title = cf.title or os.path.basename(case_file)
        if title not in titles:
            store.create(title, cf.model_dump(mode="json", exclude_unset=True))
            titles.add(title)
    count = len(store.list())
    click.echo(f"zansai: {settings.url}  (データベース / database: {path}, {count} 件 / cases)")
    click.echo("停止するには Ctrl+C / press Ctrl+C to stop")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    import uvicorn

    if workers == 1:
        from zansai.web.app import guarded

        uvicorn.run(guarded(settings, store=store), host=host, port=port, access_log=False,
                    log_level="warning", server_header=False)
        return
    os.environ.update(ZANSAI_DB=str(path), ZANSAI_HOST=host, ZANSAI_PORT=str(port),
                      ZANSAI_CSRF_SECRET=csrf_secret.hex())
    if token:
        os.environ["ZANSAI_TOKEN"] = token
    uvicorn.run("zansai.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                access_log=False, log_level="warning", server_header=False)


@app.command()
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
@click.option("--dask", default=None, metavar="ADDRESS",
              help="Run on a Dask scheduler (tcp://host:8786), or 'local' for a LocalCluster.")
@click.option("--chunk-rows", type=int, default=200_000, show_default=True, help="Rows per chunk.")
@click.option("--errors", "errors_out", default=None, metavar="CSV",
              help="Failed rows (default: OUT with .errors.csv).")
@click.option("--synthetic", type=int, default=None, metavar="N", help="Write a synthetic tape of N loans.")
@click.option("--bad-share", default="0", hidden=True, help="--synthetic: share of deliberately bad rows.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
def batch(tape: str | None, out: str, at: str | None, sale_date: str | None, discount_rate: str,
          scenarios: int, seed: int, volatility: str, sale_delay_months: int, workers: int | None,
          dask: str | None, chunk_rows: int, errors_out: str | None, synthetic: int | None, bad_share: str,
          as_json: bool, no_progress: bool) -> None:
    """Value a loan tape (CSV/Parquet): every exit per loan, exact yen (ポートフォリオ).

    Exit status 3 when some rows failed (they are listed in the errors file)."""
    from zansai.batch.command import Options, main

    code = main(Options(tape=tape, out=out, at=at, sale_date=sale_date, discount_rate=discount_rate,
                        scenarios=scenarios, seed=seed, volatility=volatility,
                        sale_delay_months=sale_delay_months, workers=workers, dask=dask,
                        chunk_rows=chunk_rows, errors=errors_out, synthetic=synthetic, bad_share=bad_share,
                        as_json=as_json, progress=not no_progress))
    if code:
        raise SystemExit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the case file (ケースファイル)."""
    from zansai.case import case_json_schema

    _echo_json(case_json_schema())


def _fail(message: str) -> None:
    sys.stderr.write(message.rstrip() + "\n")
    raise SystemExit(2)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: user mistakes become one bilingual line and exit status 2."""
    # pydantic scans every installed package's entry points for plugins on first use; the
    # command line uses none, and skipping the scan keeps start-up light.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        code = app.main(args=argv, prog_name="zansai", standalone_mode=False)
    except InputError as exc:
        _fail(f"エラー: {exc.message_ja} / error: {exc.message_en}")
    except ZansaiError as exc:
        sys.stderr.write(f"エラー: {exc.message_ja} / error: {exc.message_en}\n")
        raise SystemExit(1) from None
    except click.exceptions.Abort:
        raise SystemExit(130) from None
    except click.ClickException as exc:
        msg = exc.format_message()
        _fail(f"エラー: コマンドの指定が正しくありません: {msg} / error: {msg} "
              "(see `zansai --help`)")
    if isinstance(code, int) and code:
        raise SystemExit(code)
