"""``zansai whatif``: the sale price × settlement month grid and the break-evens of a case."""

from __future__ import annotations

import os

import click

from zansai.cli.app import echo_json
from zansai.cli.plan import case_dates


@click.command()
@click.argument("case_file", metavar="CASE")
@case_dates
@click.option("--prices", default=None, metavar="START:STOP[:STEP]|A,B,…",
              help="Sale prices: 1500万:2200万:50万 (step 50万 when left out) or a list "
                   "(default: ten prices 50万 apart around the case's price).")
@click.option("--months", default="6", show_default=True,
              help="Settlement months from the case's sale date (1–24).")
@click.option("--discount-rate", default=None, metavar="PERCENT",
              help="Yearly rate discounting the auction's later recovery (default: the rule book's "
                   "stand-in, the statutory rate).")
@click.option("--explain", is_flag=True, help="Show how each break-even was found.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the grid and the break-evens as one JSON object.")
def whatif(case_file: str, at: str | None, sale_date: str | None, prices: str | None, months: str,
           discount_rate: str | None, explain: bool, as_json: bool) -> None:
    """What-ifs: remaining debt, cash needed and the first lender's recovery at other prices and
    settlement months, and the break-even prices (clearing every lien; the lender's consent)."""
    from zansai.case import case_errors
    from zansai.cli.plan import _case_for
    from zansai.engine.whatif import what_if
    from zansai.whatif_inputs import named, parse_discount_rate, parse_months, parse_prices

    rows = parse_prices("--prices", prices) if prices is not None else None
    count = parse_months("--months", months)
    rate = parse_discount_rate("--discount-rate", discount_rate) if discount_rate is not None else None
    case, book, _ = _case_for(case_file, at, sale_date)
    with named("--prices"), case_errors(os.path.basename(case_file)):
        result = what_if(case, book, prices=rows, months=count, discount_rate=rate)
    if as_json:
        from zansai.report.provenance import stamped

        echo_json(stamped(result.to_dict(), book.fingerprint()), compact=True)
        return
    from zansai.report.terminal.whatif import print_whatif

    print_whatif(result)
    if explain:
        from zansai.report.terminal.explain import print_explanation

        print_explanation(result.explain())


COMMANDS = (whatif,)
