"""Defaults a case file and the form share, so a blank means the same in both."""

from __future__ import annotations

from datetime import date

from zansai.dates import add_months
from zansai.rules import RuleBook


def default_sale_date(at: date, book: RuleBook) -> date:
    """売却（決済）予定日 when none is given: ``market.sale_lead_months`` after the calculation date
    (a sale takes months to settle; today would understate the arrears that keep growing)."""
    return add_months(at, int(book.value("market.sale_lead_months", at)))
