"""``zansai arrears``: what is overdue on a loan, with 遅延損害金, on a date."""

from __future__ import annotations

import click

from zansai.cli.app import echo_json, loan_options, loan_spec
from zansai.errors import DomainError

ARREARS_FLAGS = {"loan.first_missed": "--first-missed", "arrears.on": "--on",
                 "loan.acceleration": "--acceleration", "loan.contract_date": "--contract-date"}
"""The engine's domain paths as the arrears command's flags."""


@click.command()
@loan_options
@click.option("--first-missed", required=True,
              help="Due date of the first missed payment (YYYY-MM-DD).")
@click.option("--on", "on", default=None, help="Date to compute the amount owed (default today).")
@click.option("--acceleration", default=None, help="Date of 期限の利益喪失, if it happened.")
@click.option("--late-rate", default=None,
              help="Contract late-charge rate in percent (default: practice rate for the lender).")
@click.option("--contract-date", default=None,
              help="Loan contract date, YYYY-MM-DD (decides whether the 20% cap of 利息制限法7条 "
                   "applies; default: the first day of the month before the first payment).")
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
    contract_date: str | None, lender: str, base: str, as_json: bool, explain: bool,
) -> None:
    """滞納: overdue amount and 遅延損害金 from the first missed payment, and after acceleration."""
    from zansai.engine.arrears import arrears as compute
    from zansai.engine.loan import amortize
    from zansai.inputs import parse_choice, parse_date, parse_percent, today_jst
    from zansai.loanspec import build_loan, check_date_in_loan
    from zansai.messages import msg
    from zansai.model import LateChargeBase, LenderType
    from zansai.rules import RuleBook

    built = build_loan(loan_spec(
        principal=principal, rate=rate, years=years, method=method, bonus_share=bonus_share,
        bonus_months=bonus_months, start=start, payment_day=payment_day, rounding=rounding))
    fm = parse_date("--first-missed", first_missed)
    check_date_in_loan("--first-missed", fm, built.loan)
    on_date = parse_date("--on", on) if on else today_jst()
    acc = parse_date("--acceleration", acceleration) if acceleration else None
    lr = parse_percent("--late-rate", late_rate) if late_rate else None
    contract = parse_date("--contract-date", contract_date) if contract_date else None
    if contract is not None and contract > built.loan.first_payment:
        raise DomainError.invalid("--contract-date", contract.isoformat(),
                                  msg("late_cap.errors.contract_after_first_payment",
                                      first_payment=built.loan.first_payment))
    lender_type = LenderType(parse_choice("--lender", lender, {e.value: e.value for e in LenderType}))
    base_kind = LateChargeBase(parse_choice("--late-charge-base", base,
                                            {e.value: e.value for e in LateChargeBase}))
    book = RuleBook.default()
    try:
        result = compute(amortize(built.loan), fm, on_date, late_rate=lr, lender=lender_type,
                         acceleration=acc, base=base_kind, book=book, contract_date=contract)
    except DomainError as exc:
        raise exc.for_shell(ARREARS_FLAGS) from None
    if as_json:
        from zansai.report.result_json import result_to_dict

        echo_json(result_to_dict(result, explain=explain, rules_fingerprint=book.fingerprint()))
        return
    from zansai.report.terminal.arrears import print_arrears
    from zansai.report.terminal.explain import print_explanation

    print_arrears(result)
    if explain:
        print_explanation(result.explain())


COMMANDS = (arrears,)
