"""``zansai schedule``: a repayment schedule (償還表) from options or a loan file."""

from __future__ import annotations

import sys

import click

from zansai.cli.app import echo_json, loan_options, loan_spec


@click.command()
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

    if loan_file:
        from zansai.loanfile import load_loans

        loans = load_loans(loan_file)
    else:
        loans = [build_loan(loan_spec(
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
        if as_json:
            from zansai.report.loan_json import loan_set_to_dict
            from zansai.report.provenance import stamped

            echo_json(stamped(loan_set_to_dict(results, at_date, explain), _rules_fingerprint()))
            return
        from zansai.report.terminal.schedule import print_loan_set

        print_loan_set(results, at_date)
        return
    result = results[0]
    if as_json:
        from zansai.report.loan_json import schedule_to_dict
        from zansai.report.provenance import stamped

        echo_json(stamped(schedule_to_dict(result, at_date, explain, rules_used), _rules_fingerprint()))
        return
    if as_csv:
        from zansai.report.schedule_csv import schedule_csv

        sys.stdout.write(schedule_csv(result))
        return
    from zansai.report.loan_json import schedule_explanation
    from zansai.report.terminal.explain import print_explanation
    from zansai.report.terminal.schedule import print_schedule

    print_schedule(result, at_date, show_rows=not summary)
    if explain:
        print_explanation(schedule_explanation(result, rules_used))



def _rules_fingerprint() -> str:
    """The loans are built with the shipped rule book (its bonus cap, 5年/125% terms)."""
    from zansai.rules import RuleBook

    return RuleBook.default().fingerprint()


COMMANDS = (schedule,)
