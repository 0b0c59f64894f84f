"""``zansai rules``: the rule book on a date, one rule, or the rules due for review (--stale)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from zansai.cli.app import echo_json

if TYPE_CHECKING:
    from zansai.rules import RuleBook


@click.command()
@click.argument("key", required=False)
@click.option("--at", default=None, help="Date the rules are taken on (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--stale", is_flag=True,
              help="List the rules due for review on the date: last reviewed more than a year "
                   "before, or past their end date.")
def rules(key: str | None, at: str | None, as_json: bool, stale: bool) -> None:
    """法令・実務パラメータ: the rules in force on a date, with value, unit, kind and source."""
    from zansai.inputs import parse_date, today_jst
    from zansai.rules import RuleBook, rules_snapshot

    on = parse_date("--at", at) if at else today_jst()
    book = RuleBook.default()
    if stale:
        _stale(book, key, on, as_json)
        return
    snapshot = rules_snapshot(book, on, key)
    if as_json:
        from zansai.report.provenance import stamped

        echo_json(stamped(snapshot.to_dict(), book.fingerprint()))
        return
    from zansai.report.terminal.rules import print_rules

    print_rules(snapshot)


def _stale(book: RuleBook, key: str | None, on: date, as_json: bool) -> None:
    """``zansai rules --stale``: each rule due for review (only ``key``'s, when given)."""
    from zansai.rules import stale_rules

    if key is not None:
        book.get(key)  # an unknown key is an error, not an empty list
    found = [s for s in stale_rules(book, on) if key in (None, s.rule.key)]
    if as_json:
        from zansai.report.provenance import stamped
        from zansai.report.rules_json import stale_to_dict

        echo_json(stamped(stale_to_dict(on, found), book.fingerprint()))
        return
    from zansai.report.terminal.stale import print_stale

    print_stale(on, found)


COMMANDS = (rules,)
