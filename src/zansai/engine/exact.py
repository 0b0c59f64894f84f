"""A rule's rate as an exact fraction, parsed once.

Rule values are Decimals (``0.10``, ``0.146``) and a plan turns the same few dozen of them into
``Fraction``s again and again (the consumption tax for every cost, the tax rates for every exit
and co-owner). A ``Fraction`` is immutable, so one parse per value serves every plan.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any

__all__ = ["fraction"]


@lru_cache(maxsize=1024, typed=True)
def _parsed(value: Any) -> Fraction:
    return Fraction(value)


def fraction(value: Any) -> Fraction:
    """``Fraction(value)`` for a rule's number (Decimal, int, or decimal string), cached."""
    try:
        return _parsed(value)
    except TypeError:  # an unhashable value: parsed as Fraction would (and fails as it would)
        return Fraction(value)
