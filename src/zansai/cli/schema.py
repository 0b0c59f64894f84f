"""``zansai schema``: the JSON Schema of the case file."""

from __future__ import annotations

import click

from zansai.cli.app import echo_json


@click.command()
def schema() -> None:
    """Print the JSON Schema of the case file (ケースファイル)."""
    from zansai.case import case_json_schema
    from zansai.report.provenance import stamped

    echo_json(stamped(case_json_schema(), None))  # the schema depends on no rule


COMMANDS = (schema,)
