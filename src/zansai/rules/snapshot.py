"""The rule book on one date (ある日に適用されるルール): every rule in force, and those not covered.

``zansai rules``, ``GET /api/v1/rules``, the web app's ``/rules.json`` and its rules page all
show this one view, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zansai.rules.book import RuleBook
from zansai.rules.model import Resolved, Rule


@dataclass(frozen=True, slots=True)
class RulesSnapshot:
    """The rules resolved on ``on`` (sorted by key) and the rules whose coverage misses it."""

    on: date
    resolved: tuple[Resolved, ...]
    not_covered: tuple[Rule, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``zansai rules --json`` and ``GET /api/v1/rules``."""
        return {
            "at": self.on.isoformat(),
            "rules": [r.to_dict() for r in self.resolved],
            "not_covered": [{"key": r.key, "covers": r.coverage_text()} for r in self.not_covered],
        }


def rules_snapshot(book: RuleBook, on: date, key: str | None = None) -> RulesSnapshot:
    """Every rule of ``book`` on ``on``; with ``key``, that rule alone (an unknown key, or a
    date it does not cover, is then an error that names it)."""
    if key is not None:
        return RulesSnapshot(on, (book.at(key, on),), ())
    resolved: list[Resolved] = []
    not_covered: list[Rule] = []
    for rule in book.rules():
        if rule.matching(on):
            resolved.append(rule.at(on))
        else:
            not_covered.append(rule)
    return RulesSnapshot(on, tuple(resolved), tuple(not_covered))
