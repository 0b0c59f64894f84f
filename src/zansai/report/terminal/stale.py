"""The rules due for review in the terminal (``zansai rules --stale``): plain lines, no rich."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from zansai.rules import Staleness


def print_stale(on: date, found: Sequence[Staleness]) -> None:
    """``zansai rules --stale``: each rule due for review, with its reasons in both languages
    (plain lines, no table: the reasons are sentences)."""
    click.echo(f"{on.isoformat()} に見直しが必要なルール {len(found)} 件 / "
               f"{len(found)} rules due for review on {on.isoformat()}")
    for s in found:
        click.echo(f"{s.rule.key}  {s.rule.label_ja} / {s.rule.label_en} "
                   f"(last_reviewed {s.rule.last_reviewed.isoformat()})")
        for reason in s.reasons:
            click.echo(f"  - {reason.ja}\n    {reason.en}")
