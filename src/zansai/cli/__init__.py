"""The ``zansai`` command line: parse options, call the engine, hand the result to ``report``.

One module per command (``schedule``, ``arrears``, ``plan`` with ``divorce`` and ``report``,
``whatif``, ``rules``, ``schema``, ``serve``, ``batch``, ``export``, ``drafts`` with ``draft`` and
``checklist``, ``cases`` for the saved cases) on the group and ``main()`` of ``app``. Options
arrive as text and are parsed by ``zansai.inputs``, so every mistake gets the same bilingual
one-line message. Heavy modules (rich, pydantic, the engine, the web and batch extras) are
imported inside the command that needs them, and a command's module only when that command is
named (``COMMAND_MODULES``): ``--help``, ``--json`` and ``--csv`` start fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

import click

from zansai.cli.app import app, main

COMMAND_MODULES = {
    "schedule": "schedule", "arrears": "arrears", "rules": "rules", "plan": "plan",
    "divorce": "plan", "report": "plan", "whatif": "whatif", "export": "export",
    "draft": "drafts", "checklist": "drafts", "cases": "cases", "serve": "serve",
    "batch": "batch", "schema": "schema", "comps": "comps",
}
"""Each command's module under ``zansai.cli`` (its ``COMMANDS``): imported when it is named."""


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands, each module imported on first use: ``zansai plan`` does not import
    the modules (and what they import) of the other commands; ``--help`` lists them all."""

    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = dict(modules)
        self._loaded: dict[str, click.Command] = {}

    def _load(self, name: str) -> None:
        module = importlib.import_module(f"zansai.cli.{self._modules[name]}")
        for command in module.COMMANDS:
            self._loaded.setdefault(command.name, command)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded and name in self._modules:
            self._load(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if self._modules.pop(name, None) is None and name not in self._loaded:
            raise KeyError(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._modules, *self._loaded]))

    def __len__(self) -> int:
        return len(set(self._modules) | set(self._loaded))


app.commands = LazyCommands(COMMAND_MODULES)

__all__ = ["COMMAND_MODULES", "app", "main"]
