"""What every section's builder shares: the file's name, the names in [[people]], the two dates,
the rule book, and the problems found so far (every one, not only the first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TypeVar

from zansai.case.errors import fail
from zansai.errors import DomainError, InputError
from zansai.inputs import parse_percent
from zansai.rules import RuleBook

T = TypeVar("T")


@dataclass(slots=True)
class Context:
    """A case being built: each check records its problem and the build goes on, so a form can
    show every mistake at once (``problems``); nothing is returned half-built."""

    source: str
    at: date
    sale_date: date
    book: RuleBook
    names: tuple[str, ...] = ()
    problems: list[InputError] = field(default_factory=list)

    def fail(self, where: str, ja: str, en: str) -> InputError:
        return fail(self.source, where, ja, en)

    def report(self, where: str, ja: str, en: str) -> None:
        """Record a problem of the field ``where`` (a case-file path) and go on."""
        self.problems.append(self.fail(where, ja, en))

    def section(self, build: Callable[[], T]) -> T | None:
        """``build()``, or None when it stops on a mistake (recorded). The engine's and the models'
        own errors (``DomainError``) go on up, unless a problem recorded here already explains them."""
        before = len(self.problems)
        try:
            result = build()
        except DomainError:
            if len(self.problems) > before:
                return None
            raise
        except InputError as exc:
            self.problems.append(exc)
            return None
        return result

    def check_name(self, name: str | None, where: str) -> None:
        """``name`` (if given) must be one of [[people]]."""
        if name is not None and name not in self.names:
            self.report(where, f"{name} は人の一覧にいません（先に名前を入力してください）",
                        f"{name} is not among the people entered (add them first)")

    def check_names(self, items: list[str], where: str) -> tuple[str, ...]:
        """Every name of ``items`` must be one of [[people]]; each one that is not is a problem."""
        for i, n in enumerate(items):
            self.check_name(n, f"{where}[{i}]")
        return tuple(items)

    def percent(self, where: str, field: str, raw: str) -> Fraction:
        """A rate in percent; a mistake is named once, by its case-file path (and 0 stands in)."""
        try:
            return parse_percent(field, raw)
        except InputError as exc:
            self.problems.append(self.fail(where, *exc.detail()))
            return Fraction(0)
