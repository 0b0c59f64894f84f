"""What every part of the tax computation shares: rule values as fractions, cited rules."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from zansai.rules.book import Resolved
from zansai.trace import RuleUse

__all__ = ["rate", "uses"]


def rate(value: Any) -> Fraction:
    """A rule's rate (a decimal string or number) as an exact fraction."""
    return Fraction(value)


def uses(*resolved: Resolved) -> tuple[RuleUse, ...]:
    """The rules a step cites."""
    return tuple(RuleUse.of(r) for r in resolved)
