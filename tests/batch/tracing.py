"""A rule book that records every (rule key, date) it is asked: the manifest test's witness."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from zansai.rules import RuleBook
from zansai.rules.book import Resolved
from zansai.rules.model import Rule
from zansai.rules.units import RuleValue


class TracingBook(RuleBook):
    """``RuleBook.default()``'s rules; ``reads`` collects (key, date) of each ``at``/``value``, and
    (key, None) of each ``get`` made from outside (the engine reading a rule's periods or unit).
    Books made by ``with_overrides`` share the same ``reads``."""

    def __init__(self, preset: Mapping[str, Rule] | None = None, *, reads: list[tuple[str, date | None]]
                 | None = None) -> None:
        super().__init__(preset)
        base = RuleBook.default()
        self._documents = base._documents
        self._parsed = base._parsed
        self.reads: list[tuple[str, date | None]] = reads if reads is not None else []
        self._inside = False

    def at(self, key: str, on: date) -> Resolved:
        self.reads.append((key, on))
        self._inside = True
        try:
            return super().at(key, on)
        finally:
            self._inside = False

    def value(self, key: str, on: date) -> RuleValue:
        return self.at(key, on).value

    def get(self, key: str) -> Rule:
        if not self._inside:
            self.reads.append((key, None))
        return super().get(key)

    def with_overrides(self, overrides: Mapping[str, RuleValue], note: str = "per-case override") -> RuleBook:
        self._inside = True
        try:
            book = super().with_overrides(overrides, note)
        finally:
            self._inside = False
        return TracingBook(book._preset, reads=self.reads)

    def taken(self) -> list[tuple[str, date | None]]:
        """The reads so far, and forget them."""
        out = list(self.reads)
        self.reads.clear()
        return out
