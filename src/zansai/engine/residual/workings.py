"""The workings of one route: the rules it used, its steps, and what it tells the user.

Every route (and each 消滅時効 note) fills one ``Workings`` while it is computed, in the order the
figures are worked out; that order is the order of the steps, warnings and rules in the output.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from zansai.money import Rounding
from zansai.rules import RuleBook
from zansai.rules.book import Resolved
from zansai.trace import RuleUse, Step, Text

FLOOR = Rounding.FLOOR.label()
CEIL = Rounding.CEIL.label()


def iso(d: date | None) -> str | None:
    """A date as the JSON writes it; None stays None."""
    return d.isoformat() if d else None


class Workings:
    """What one route collects while it is computed: rules, steps, reasons, warnings, life."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.uses: list[RuleUse] = []
        self.steps: list[Step] = []
        self.reasons: list[Text] = []
        """Why the route is not eligible or not feasible."""
        self.warnings: list[Text] = []
        self.life: list[Text] = []
        """What the route means for daily life (官報, payments, records)."""
        self.figures: dict[str, Any] = {}
        """The route's own figures as numbers (each figure a message or step states in words)."""

    def rule(self, key: str, on: date) -> Resolved:
        """The rule ``key`` in force on ``on``, recorded as used."""
        res = self.book.at(key, on)
        self.uses.append(RuleUse.of(res))
        return res

    def step(self, name: str, label: Text, formula: str, inputs: dict[str, str], result: str, *,
             rounding: str | None = None, rules: Sequence[Resolved] = (), note: Text | None = None) -> Step:
        """Record one computed figure (``label``: its name, a catalog message) and return it."""
        s = Step(name=name, label=label, formula=formula, inputs=inputs, result=result,
                 rounding=rounding, rules=tuple(map(RuleUse.of, rules)), note=note)
        self.steps.append(s)
        return s

    def figure(self, name: str, value: Any) -> None:
        """Record one of the route's figures (yen, or a breakdown of yen) for the JSON."""
        self.figures[name] = value

    def add(self, step: Step, uses: Sequence[RuleUse]) -> None:
        """Record a step computed elsewhere (the 231条 minimum, the liquidation value) and its rules."""
        self.steps.append(step)
        self.uses += uses
