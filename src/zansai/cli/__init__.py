"""The ``zansai`` command line: parse options, call the engine, hand the result to ``report``.

One module per command (``schedule``, ``arrears``, ``plan`` with ``divorce`` and ``report``,
``whatif``, ``rules``, ``schema``, ``serve``, ``batch``, ``export``, ``drafts`` with ``draft`` and
``checklist``, ``cases`` for the saved cases) on the group and ``main()`` of ``app``. Options
arrive as text and are parsed by ``zansai.inputs``, so every mistake gets the same bilingual
one-line message. Heavy modules (rich, pydantic, the engine, the web and batch extras) are
imported inside the command that needs them: ``--help``, ``--json`` and ``--csv`` start fast.
"""

from zansai.cli import arrears, batch, cases, drafts, export, plan, rules, schedule, schema, serve, whatif
from zansai.cli.app import app, main

for _module in (schedule, arrears, rules, plan, whatif, export, drafts, cases, serve, batch, schema):
    for _command in _module.COMMANDS:
        app.add_command(_command)

__all__ = ["app", "main"]
