"""What every part of the tax computation shares: rule values as fractions, cited rules."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from zansai.engine.exact import fraction
from zansai.messages import Msg, msg
from zansai.rules.book import Resolved
from zansai.trace import RuleUse, Text

__all__ = ["both", "joined", "rate", "uses"]


def rate(value: Any) -> Fraction:
    """A rule's rate (a decimal string or number) as an exact fraction."""
    return fraction(value)


def uses(*resolved: Resolved) -> tuple[RuleUse, ...]:
    """The rules a step cites."""
    return tuple(RuleUse.of(r) for r in resolved)


def both(m: Text) -> str:
    """"ja / en" in one string, for a step's inputs or result (a figure's own notation)."""
    return f"{m[0]} / {m[1]}"


def joined(parts: list[Msg]) -> Msg:
    """Several sentences as one, separated by "; " (the reasons a relief is not available)."""
    out = parts[-1]
    for part in reversed(parts[:-1]):
        out = msg("tax.common.and", head=part, tail=out)
    return out
